"""Issue 13 on the update page and `workforce import`: municipal figures are previewed one by one, and the
large-change confirmation (issue 14) applies to them: to a changed value and to a new period's value against
the same municipality's nearest earlier stored period.

Before, the preview counted only prefecture figures: ISA's municipal table showed 0 new, 0 revised, 0 unchanged,
and Toyota's Vietnamese residents could be replaced by Gamagori's (2,923 ↔ 406) without a question. The real
file for 2022-06-30 is read in place; the variants are built from it so that every rule across rows still holds.
"""
from __future__ import annotations

import io
import os

import openpyxl
import pytest

from tests.support.pages import open_file
from tests.support.bad_inputs import store_snapshot
from tests.support.cli import workforce
from tests.support.stores import bundled_store, store_with_analyst
from tests.unit.test_municipal import REAL, SHEET
from workforce.ingest.plan import CommitRefused, commit, plan_import
from workforce.store import active_municipal_figures, list_releases

TOYOTA, GAMAGORI = "23211", "23214"  # Aichi: 2,923 and 406 Vietnamese residents at 2022-06-30 (ALL 18,935 and 3,346)
VN_COLUMN = 5  # ベトナム


@pytest.fixture(scope="module")
def real_bytes() -> bytes:
    return REAL.read_bytes()


@pytest.fixture()
def any_store(store_url):
    engine = bundled_store(store_url)  # the bundle holds the 2022-06-30 municipal figures
    yield engine
    engine.dispose()


def variant(data: bytes, *, swap: bool = False, period: str | None = None) -> bytes:
    """The real table with Toyota's and Gamagori's Vietnamese residents swapped (every sum still holds), and/or
    its sheet renamed to another period (`26-06-03-1`: 2026-06-30, for which no prefecture figure is stored)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[SHEET]
    if swap:
        rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
        a, b = sheet.cell(rows[TOYOTA], VN_COLUMN), sheet.cell(rows[GAMAGORI], VN_COLUMN)
        a.value, b.value = b.value, a.value
    if period:
        sheet.title = period
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_real_file_against_the_bundle_is_all_unchanged(any_store, real_bytes):
    plan = plan_import(any_store, real_bytes, REAL.name)
    local = plan.preview.municipal
    assert (len(local.new), len(local.revised), local.unchanged) == (0, 0, 3_828)
    assert plan.preview.to_confirm == 0 and "municipal figures: 0 new, 0 revised, 3,828 unchanged" in plan.preview.summary()


def test_a_changed_municipal_value_is_listed_and_needs_confirmation(any_store, real_bytes):
    engine = any_store
    plan = plan_import(engine, variant(real_bytes, swap=True), "swapped.xlsx")
    assert plan.can_commit, plan.result.problem_table()
    local = plan.preview.municipal
    assert local.unchanged == 3_826 and not len(local.new)
    revised = local.revised.sort_values("municipality_code")
    assert revised[["municipality_code", "name_ja", "nationality", "old", "new"]].values.tolist() == [
        [TOYOTA, "豊田市", "VN", 2_923, 406], [GAMAGORI, "蒲郡市", "VN", 406, 2_923]]
    large = local.large.sort_values("municipality_code")
    assert large[["municipality_code", "compared_period", "old", "new"]].values.tolist() == [
        [TOYOTA, "2022-06-30", 2_923, 406], [GAMAGORI, "2022-06-30", 406, 2_923]]
    before = store_snapshot(engine)
    with pytest.raises(CommitRefused) as refused:
        commit(engine, plan, actor="tester")
    assert refused.value.message.key == "commit_needs_confirmation" and store_snapshot(engine) == before
    commit(engine, plan, actor="tester", confirm_large_changes=True)
    toyota = active_municipal_figures(engine, municipality_code=TOYOTA, nationality="VN")
    assert toyota["value"].tolist() == [406]


def test_a_new_municipal_period_is_compared_with_the_nearest_earlier_one(any_store, real_bytes):
    engine = any_store
    same = plan_import(engine, variant(real_bytes, period="26-06-03-1"), "2026.xlsx")
    assert same.can_commit, same.result.problem_table()
    local = same.preview.municipal
    assert (len(local.new), len(local.revised), local.unchanged) == (3_828, 0, 0)
    assert local.new_periods == ["residents 2026-06-30"] and same.preview.to_confirm == 0
    slipped = plan_import(engine, variant(real_bytes, swap=True, period="26-06-03-1"), "2026.xlsx")
    large = slipped.preview.municipal.large.sort_values("municipality_code")
    assert large[["municipality_code", "name_ja", "period_end", "compared_period", "old", "new"]].values.tolist() == [
        [TOYOTA, "豊田市", "2026-06-30", "2022-06-30", 2_923, 406],
        [GAMAGORI, "蒲郡市", "2026-06-30", "2022-06-30", 406, 2_923]]
    with pytest.raises(CommitRefused):
        commit(engine, slipped, actor="tester")
    assert active_municipal_figures(engine, period_end="2026-06-30").empty


def test_the_commit_rechecks_municipal_values_inside_its_transaction(any_store, real_bytes):
    """A checks the 2026-06 table (as 2022-06: nothing to confirm); B then revises 2022-06 (swapped, confirmed).
    A's Toyota is now far from the period before it: A's commit is refused, nothing is written."""
    engine = any_store
    plan_a = plan_import(engine, variant(real_bytes, period="26-06-03-1"), "a.xlsx")
    assert plan_a.preview.to_confirm == 0
    commit(engine, plan_import(engine, variant(real_bytes, swap=True), "b.xlsx"), actor="bob", confirm_large_changes=True)
    before = store_snapshot(engine)
    with pytest.raises(CommitRefused) as refused:
        commit(engine, plan_a, actor="alice")
    assert refused.value.message.key == "commit_store_changed" and store_snapshot(engine) == before


def test_the_cli_lists_municipal_figures_and_names_what_each_is_compared_with(tmp_path, real_bytes):
    var_dir = str(tmp_path)
    assert workforce("init", var_dir=var_dir).returncode == 0
    swapped = tmp_path / "swapped.xlsx"
    swapped.write_bytes(variant(real_bytes, swap=True))
    done = workforce("import", str(swapped), "--dry-run", var_dir=var_dir)
    assert done.returncode == 0, done.stderr
    assert "municipal figures: 0 new, 2 revised, 3,826 unchanged" in done.stdout
    assert "revised municipal figures (old → new):" in done.stdout and "蒲郡市" in done.stdout
    assert "municipality 23211 豊田市, VN residents, 2022-06-30: 406 against 2,923 stored" in done.stdout
    refused = workforce("import", str(swapped), var_dir=var_dir)
    assert refused.returncode != 0 and "confirm" in refused.stderr


def test_the_update_page_lists_municipal_figures_and_asks_for_confirmation(tmp_path, monkeypatch, real_bytes):
    monkeypatch.setenv("WORKFORCE_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    engine = store_with_analyst(os.environ["WORKFORCE_DB_URL"], "alice", monkeypatch)
    app = open_file("pages/update.py", timeout=90)
    app.text_input[0].input("alice")
    app.text_input[1].input("correct horse battery")
    app.button[0].click().run()
    app.get("file_uploader")[0].set_value(("swapped.xlsx", variant(real_bytes, swap=True),
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    next(b for b in app.button if b.label == "Check file").click().run()
    assert not app.exception
    assert any("Municipal figures" in m.value for m in app.markdown)
    assert [(m.label, m.value) for m in app.metric] == [("New figures", "0"), ("Revised", "2"), ("Unchanged", "3,826"),
                                                        ("Removed", "0")]
    revised = next(df.value for df in app.dataframe if "municipality_code" in df.value.columns
                   and "difference" in df.value.columns)
    assert sorted(revised[["municipality_code", "name_ja", "old", "new"]].values.tolist()) == [
        [TOYOTA, "豊田市", 2_923, 406], [GAMAGORI, "蒲郡市", 406, 2_923]]
    assert any("2 values change by more than the confirmation factor" in w.value for w in app.warning)
    large = next(df.value for df in app.dataframe if "compared_period" in df.value.columns)
    assert sorted(large["municipality_code"]) == [TOYOTA, GAMAGORI]
    assert next(b for b in app.button if b.label == "Commit as a new release").disabled
    next(c for c in app.checkbox if c.label == "I have checked these changes against the source").check().run()
    next(b for b in app.button if b.label == "Commit as a new release").click().run()
    assert any("Committed release 2" in s.value for s in app.success)
    assert list_releases(engine)["actor"].tolist() == ["bundle", "alice"]
    assert active_municipal_figures(engine, municipality_code=TOYOTA, nationality="VN")["value"].tolist() == [406]
