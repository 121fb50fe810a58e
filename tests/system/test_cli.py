"""The `workforce` command, run as a user would run it (a real subprocess and a real store)."""
from __future__ import annotations

import json

import pytest

from tests.support.cli import workforce
from workforce.i18n import Translator


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("cli"))
    assert workforce("init", var_dir=folder).returncode == 0
    return folder


def test_init_builds_then_checks_the_store(tmp_path):
    first = workforce("init", var_dir=str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "bundled dataset is release 1" in first.stdout and "active figures: 3389" in first.stdout
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
    assert len(rows) == 3389 and {r["nationality"] for r in rows} == {"VN", "ALL"}


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


GOOD = ("period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"
        "2026-06-30,愛知県,VN,residents,total,70001,ISA 2026-06,https://www.moj.go.jp/isa/\n")


def test_import_dry_run_commit_releases_rollback_reapply(tmp_path):
    var = str(tmp_path)
    path = tmp_path / "update.csv"
    path.write_text(GOOD, encoding="utf-8")
    dry = workforce("import", str(path), "--dry-run", var_dir=var)
    assert dry.returncode == 0 and "1 new figures" in dry.stdout and "nothing was stored" in dry.stdout
    assert len(json.loads(workforce("releases", "--format", "json", var_dir=var).stdout)) == 1
    done = workforce("import", str(path), "--note", "December figures", var_dir=var)
    assert done.returncode == 0 and "committed release 2" in done.stdout
    releases = json.loads(workforce("releases", "--format", "json", var_dir=var).stdout)
    assert [r["id"] for r in releases] == [1, 2]
    assert {"id", "created_at", "actor", "file_name", "sha256", "note", "active"} <= set(releases[1])
    assert releases[1]["note"] == "December figures" and releases[1]["active"] is True
    assert workforce("rollback", "2", var_dir=var).returncode == 0
    gone = workforce("figures", "--prefecture", "23", "--period", "2026-06-30", "--format", "json", var_dir=var)
    assert json.loads(gone.stdout) == []
    assert workforce("rollback", "2", var_dir=var).returncode == 2
    assert workforce("reapply", "2", var_dir=var).returncode == 0
    back = workforce("figures", "--prefecture", "23", "--period", "2026-06-30", "--format", "json", var_dir=var)
    assert [r["value"] for r in json.loads(back.stdout)] == [70001]
    events = workforce("history", var_dir=var).stdout
    assert "deactivated" in events and "reactivated" in events


def test_import_with_problems_prints_them_and_exits_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD.replace("愛知県", "Atlantis").replace("70001", "△5"), encoding="utf-8")
    result = workforce("import", str(path), var_dir=str(tmp_path))
    assert result.returncode == 2
    assert "2 problems: nothing was stored" in result.stderr
    assert "Atlantis" in result.stderr and "△5" in result.stderr
    assert len(json.loads(workforce("releases", "--format", "json", var_dir=str(tmp_path)).stdout)) == 1


def test_import_problems_can_be_printed_in_japanese(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD.replace("愛知県", "Atlantis"), encoding="utf-8")
    result = workforce("import", str(path), "--lang", "ja", var_dir=str(tmp_path))
    assert result.returncode == 2
    assert Translator("ja")("update.problems", count=1) in result.stderr
    assert Translator("ja")("problems.prefecture") in result.stderr


def test_analyst_password_comes_from_stdin_never_the_command_line(tmp_path):
    added = workforce("analyst", "add", "alice", var_dir=str(tmp_path), stdin="correct horse battery\n")
    assert added.returncode == 0 and "added analyst alice" in added.stdout
    assert "alice" in workforce("analyst", "list", var_dir=str(tmp_path)).stdout
    short = workforce("analyst", "add", "bob", var_dir=str(tmp_path), stdin="short\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr


def test_template_prints_the_documented_columns(tmp_path):
    out = workforce("template", var_dir=str(tmp_path)).stdout
    assert out.splitlines()[0] == "period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url,source_kind,read_from_url,note"


def test_cli_csv_neutralises_formulas_already_in_the_store(tmp_path):
    """Figures stored before these checks (or by a bundle) still leave the CLI as inert CSV cells."""
    import pandas as pd

    from tests.support.stores import bundled_store
    from workforce import schema
    from workforce.store import create_release

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    store = bundled_store(url)
    figures = pd.DataFrame([dict(period_end="2011-06-30", prefecture_code="23", nationality="VN", measure="residents",
                                 breakdown="total", value=5, source_kind="official", confidence="high",
                                 publisher="＝x", source_title='=HYPERLINK("https://evil.example","x")',
                                 source_url="https://www.moj.go.jp/isa/", read_from_url="", note="@SUM(1)")])[schema.COLUMNS]
    create_release(store, figures, actor="old", kind="import", file_name="old.csv", sha256="0" * 64, fmt="csv")
    out = workforce("figures", "--period", "2011-06-30", "--prefecture", "23", "--format", "csv", db_url=url)
    assert out.returncode == 0, out.stderr
    assert "'=HYPERLINK" in out.stdout and "'@SUM(1)" in out.stdout and "'＝x" in out.stdout
    assert ',=HYPERLINK' not in out.stdout and '"=HYPERLINK' not in out.stdout
