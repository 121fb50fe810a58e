"""The README's Layout section names every module of the package and every page, and nothing else."""
from __future__ import annotations

import re

from tests.support.stores import ROOT

ENTRY = re.compile(r"[\w.]+\.py|[\w]+/")


def listed_paths() -> set[str]:
    """Paths in the README's layout block: a line's leading entries (`a.py`, `b/`), nested by indentation."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```\n", 2)[1]
    folders: dict[int, str] = {}
    paths = set()
    for line in block.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        parent = "".join(folders[level] for level in range(depth) if level in folders)
        for token in line.split():
            if not ENTRY.fullmatch(token):
                break
            paths.add(parent + token)
            if token.endswith("/"):
                folders = {level: name for level, name in folders.items() if level < depth}
                folders[depth] = token
    return paths


def test_every_module_and_page_is_in_the_readme_layout():
    modules = {str(path.relative_to(ROOT)) for folder in ("workforce", "pages") for path in (ROOT / folder).rglob("*.py")
               if path.name != "__init__.py"}
    assert modules - listed_paths() == set(), "add these to the README's Layout"


def test_everything_the_readme_layout_names_exists():
    missing = sorted(path for path in listed_paths() if not (ROOT / path).exists())
    assert missing == [], "the README's Layout names paths that do not exist"
