"""Three languages: every key in every language, no visible string hard-coded in a page, localised formats."""
from __future__ import annotations

import ast
import re
import string

import pytest

from tests.support.stores import ROOT
from workforce.i18n import LANGUAGES, Translator, catalog, match_language, missing_keys

UI_CALLS = {"title", "header", "subheader", "caption", "markdown", "write", "info", "warning", "error", "success",
            "metric", "button", "selectbox", "radio", "multiselect", "text_input", "checkbox", "slider",
            "download_button", "file_uploader", "expander", "page_link", "form_submit_button", "toast"}
SOURCE_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "workforce" / "ui").glob("*.py"), ROOT / "dashboard.py"])


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_every_language():
    assert missing_keys() == {lang: set() for lang in LANGUAGES}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_placeholders_match_english(lang):
    english = catalog("en")
    # Date formats may use other parts of the date ({month} instead of {month_name}); all are always supplied.
    wrong = {key for key, text in catalog(lang).items()
             if not key.startswith("format.") and placeholders(text) != placeholders(english[key])}
    assert not wrong


def _literal_text(node: ast.AST) -> str:
    """The literal words of a string argument (f-string parts included); '' for names and calls."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    return ""


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda p: p.name)
def test_no_visible_string_is_hard_coded(path):
    """Labels and texts given to Streamlit come from the locale files, never from string literals in code."""
    offenders = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in UI_CALLS:
            first = [] if node.func.attr == "page_link" else node.args[:1]  # page_link's first argument is a path
            arguments = first + [k.value for k in node.keywords if k.arg in ("label", "body", "help")]
            for argument in arguments:
                words = re.findall(r"[A-Za-z]{3,}", _literal_text(argument))
                if words and not set(words) <= {"Language", "Ng"}:  # the selector names each language in itself
                    offenders.append(f"line {node.lineno}: {_literal_text(argument)[:60]!r}")
    assert not offenders


@pytest.mark.parametrize(("lang", "count", "percent", "period"), [
    ("en", "660,483", "16.7%", "end of June 2025"),
    ("ja", "660,483", "16.7%", "2025年6月末"),
    ("vi", "660.483", "16,7%", "cuối tháng 6/2025"),
])
def test_numbers_and_dates_follow_the_language(lang, count, percent, period):
    t = Translator(lang)
    assert t.count(660483) == count and t.percent(16.6931) == percent and t.period("2025-06-30") == period
    assert t.count(None) == "—"


@pytest.mark.parametrize(("header", "lang"), [("vi-VN", "vi"), ("ja", "ja"), ("en-GB", "en"), ("fr-FR", "en"), (None, "en")])
def test_browser_language_picks_a_supported_language(header, lang):
    assert match_language(header) == lang


def test_every_key_used_in_code_exists():
    used = set()
    for path in [*SOURCE_FILES, *(ROOT / "workforce").rglob("*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z0-9_-]+)+)["']""", path.read_text(encoding="utf-8")))
    assert used, "the pattern found no keys"
    known = set(catalog("en")) | {key.rsplit(".", 1)[0] for key in catalog("en") if key.endswith(".other")}
    assert used - known == set()  # a key in plural forms is used by its stem


@pytest.mark.parametrize(("lang", "one", "many"), [
    ("en", "1 problem: nothing was stored", "2 problems: nothing was stored"),
    ("ja", "1件の問題", "2件の問題"),
    ("vi", "Có 1 vấn đề", "Có 2 vấn đề"),
])
def test_counts_take_the_languages_plural_form(lang, one, many):
    """'1 problems' no more: Babel's plural rule picks the form ({count} may come formatted, 1,234)."""
    from workforce.i18n import Translator

    t = Translator(lang)
    assert t("update.problems", count=t.count(1)).startswith(one)
    assert t("update.problems", count=t.count(2)).startswith(many)
    assert t("update.problems", count=t.count(1234)).startswith(many.replace("2", t.count(1234)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_keys_prefix_names_its_file(lang):
    """`profile.rank` lives in profile.toml: a reader of a key knows which file to open (issue 17)."""
    import tomllib

    for path in sorted((ROOT / "workforce" / "locales" / lang).glob("*.toml")):
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
        assert list(tables) == [path.stem], f"{path.name} holds {sorted(tables)}"
