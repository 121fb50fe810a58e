"""docs/SETTINGS.md documents exactly the settings the code declares."""
import re

from tests.support.stores import ROOT
from workforce import settings


def test_every_setting_is_documented_and_nothing_else():
    doc = (ROOT / "docs" / "SETTINGS.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(WORKFORCE_[A-Z_]+)`", doc))
    assert documented == {s.env for s in settings.ALL_SETTINGS}


def test_code_reads_no_undeclared_environment_variable():
    declared = {s.env for s in settings.ALL_SETTINGS}
    used = set()
    for path in (ROOT / "workforce").rglob("*.py"):
        used |= set(re.findall(r"WORKFORCE_[A-Z_]+", path.read_text(encoding="utf-8")))
    assert used <= declared


def test_default_store_is_sqlite_in_the_var_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKFORCE_DB_URL", raising=False)
    monkeypatch.setenv("WORKFORCE_VAR_DIR", str(tmp_path / "state"))
    assert settings.db_url() == f"sqlite:///{tmp_path / 'state' / 'workforce.sqlite'}"
    assert (tmp_path / "state").is_dir()
