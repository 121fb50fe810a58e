"""`workforce figures --municipality` / `--level municipality` and `workforce import` of ISA's municipal table."""
from __future__ import annotations

import json

import pytest

from tests.support.cli import workforce
from tests.unit.test_municipal import REAL


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("cli_municipal"))
    assert workforce("init", var_dir=folder).returncode == 0
    return folder


@pytest.mark.parametrize("spelling", ["豊田市", "Toyota", "23211", "豊田", "toyota city"])
def test_a_municipality_by_code_or_any_name(var_dir, spelling):
    done = workforce("figures", "--municipality", spelling, "--format", "json", var_dir=var_dir)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["municipality_code"], r["name_ja"], r["nationality"], r["value"], r["period_end"]) for r in rows] == [
        ("23211", "豊田市", "VN", 2_923, "2022-06-30")]
    assert rows[0]["source_title"] == "在留外国人統計「市区町村別 国籍・地域別 在留外国人」 第3表"


def test_prefecture_keeps_returning_prefecture_level_figures_unless_the_level_is_given(var_dir):
    prefecture = json.loads(workforce("figures", "--prefecture", "Aichi", "--period", "2022-06-30", "--format",
                                      "json", var_dir=var_dir).stdout)
    assert [(r["prefecture_code"], r["value"]) for r in prefecture] == [("23", 48_608)]
    assert all("municipality_code" not in r for r in prefecture)
    municipal = json.loads(workforce("figures", "--prefecture", "Aichi", "--level", "municipality", "--format", "json",
                                     var_dir=var_dir).stdout)
    codes = {r["municipality_code"]: r["value"] for r in municipal}
    assert codes["23100"] == 11_132 and codes["23211"] == 2_923 and "23101" in codes  # wards listed, marked
    assert sum(r["value"] for r in municipal if r["parent_code"] == "") == 48_608  # cities without their wards


def test_an_unknown_or_shared_name_is_a_clear_error(var_dir):
    unknown = workforce("figures", "--municipality", "Atlantis", var_dir=var_dir)
    assert unknown.returncode == 2 and "no stored municipality matches 'Atlantis'" in unknown.stderr
    shared = workforce("figures", "--municipality", "府中市", var_dir=var_dir)  # Tokyo's and Hiroshima's
    assert shared.returncode == 2 and "13206 府中市" in shared.stderr and "34208 府中市" in shared.stderr


def test_import_of_the_real_file_reads_it_and_a_dry_run_stores_nothing(var_dir):
    done = workforce("import", str(REAL), "--dry-run", var_dir=var_dir)
    assert done.returncode == 0, done.stderr
    assert "format isa-municipal, 0 figures read, 3,828 municipal figures" in done.stdout
    assert "dry run: nothing was stored" in done.stdout
