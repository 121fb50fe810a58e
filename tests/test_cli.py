"""The `workforce` command, run as a user would run it (a real subprocess and a real store)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def workforce(*args: str, db_url: str | None = None, var_dir: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if db_url:
        env["WORKFORCE_DB_URL"] = db_url
    if var_dir:
        env["WORKFORCE_VAR_DIR"] = var_dir
    return subprocess.run([sys.executable, "-m", "workforce", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("cli"))
    assert workforce("init", var_dir=folder).returncode == 0
    return folder


def test_init_builds_then_checks_the_store(tmp_path):
    first = workforce("init", var_dir=str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "bundled dataset is release 1" in first.stdout and "active figures: 1402" in first.stdout
    assert (tmp_path / "workforce.sqlite").exists()
    again = workforce("init", var_dir=str(tmp_path))
    assert again.returncode == 0 and "releases: 1 (1 active)" in again.stdout


def test_figures_json_for_aichi(var_dir):
    result = workforce("figures", "--prefecture", "Aichi", "--measure", "residents", "--period", "2025-06-30",
                       "--format", "json", var_dir=var_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"period_end", "prefecture_code", "nationality", "measure", "breakdown", "value", "source_url"} <= set(rows[0])
    assert [r["value"] for r in rows if r["breakdown"] == "total"] == [67842]
    assert all(r["nationality"] == "VN" and r["prefecture_code"] == "23" for r in rows)


@pytest.mark.parametrize("spelling", ["23", "愛知県", "愛知", "Aichi-ken", "２３"])
def test_figures_accepts_every_spelling(var_dir, spelling):
    result = workforce("figures", "--prefecture", spelling, "--period", "2025-06-30", "--format", "csv", var_dir=var_dir)
    assert result.returncode == 0 and "67842" in result.stdout


def test_no_filters_lists_every_stored_figure(var_dir):
    rows = json.loads(workforce("figures", "--format", "json", var_dir=var_dir).stdout)
    assert len(rows) == 1402 and {r["nationality"] for r in rows} == {"VN", "ALL"}


def test_table_format_is_readable(var_dir):
    result = workforce("figures", "--prefecture", "00", "--measure", "workers", var_dir=var_dir)
    assert "2025-10-31" in result.stdout and "605906" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["figures", "--prefecture", "Atlantis"], "unknown prefecture 'Atlantis'"),
    (["figures", "--period", "June 2025"], "expected a date as YYYY-MM-DD"),
    (["figures", "--measure", "tourists"], "invalid choice"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_arguments_exit_non_zero_with_a_clear_message(var_dir, args, message):
    result = workforce(*args, var_dir=var_dir)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_cli_on_postgresql(postgres_url):
    from tests.conftest import _fresh_postgres_database

    url = _fresh_postgres_database(postgres_url, "cli")
    assert workforce("init", db_url=url).returncode == 0
    rows = json.loads(workforce("figures", "--prefecture", "27", "--period", "2025-06-30", "--format", "json", db_url=url).stdout)
    assert [r["value"] for r in rows] == [67611]
