"""Issue 14, point 10 (last part): a figure for a new period is compared with the same series' nearest
earlier stored period, so a slipped digit there needs the same confirmation as a large revision.

Before, only revisions of stored values were compared: Aichi's Vietnamese residents for a new period
typed as 678,421 (one digit too many; 70,820 stored for 2025-12-31) were committed without a question.
"""
from __future__ import annotations

import os

import pytest

from tests.support.pages import open_file
from tests.support.bad_inputs import csv_bytes, row, store_snapshot
from tests.support.cli import workforce
from tests.support.stores import bundled_store, store_with_analyst
from workforce.ingest.plan import CommitRefused, commit, plan_import
from workforce.store import active_figures, list_releases

AICHI = dict(prefecture_code="23", nationality="VN", measure="residents", breakdown="total")


@pytest.fixture()
def any_store(store_url):
    engine = bundled_store(store_url)
    yield engine
    engine.dispose()


def aichi(period: str, value: str) -> bytes:
    return csv_bytes([row(period_end=period, value=value)])


def stored_aichi(engine, period: str) -> list[int]:
    return active_figures(engine, period_end=period, **AICHI)["value"].tolist()


def test_the_store_holds_what_the_reproduction_compares_with(any_store):
    assert stored_aichi(any_store, "2025-06-30") == [67_842] and stored_aichi(any_store, "2025-12-31") == [70_820]
    assert stored_aichi(any_store, "2026-06-30") == []


def test_a_new_period_far_from_the_nearest_earlier_one_needs_confirmation(any_store):
    engine = any_store
    plan = plan_import(engine, aichi("2026-06-30", "678421"), "slip.csv")
    assert plan.can_commit and len(plan.preview.new) == 1 and not len(plan.preview.revised)
    large = plan.preview.large
    assert large[["period_end", "prefecture_code", "compared_period", "old", "new"]].values.tolist() == [
        ["2026-06-30", "23", "2025-12-31", 70_820, 678_421]]
    assert "1 changes need confirming" in plan.preview.summary()
    before = store_snapshot(engine)
    with pytest.raises(CommitRefused) as refused:
        commit(engine, plan, actor="tester")
    assert refused.value.message.key == "commit_needs_confirmation"
    assert store_snapshot(engine) == before
    commit(engine, plan, actor="tester", confirm_large_changes=True)
    assert stored_aichi(engine, "2026-06-30") == [678_421]


@pytest.mark.parametrize(("period", "value", "compared", "old"), [
    ("2026-06-30", "35000", "2025-12-31", 70_820),   # below half of it: a slip too
    ("2022-12-31", "4861", "2022-06-30", 48_608),    # a gap between stored periods (a digit dropped): its nearest earlier one
])
def test_other_periods_compare_with_their_nearest_earlier_one(any_store, period, value, compared, old):
    plan = plan_import(any_store, aichi(period, value), "x.csv")
    assert plan.can_commit, plan.result.problem_table()
    assert plan.preview.large[["compared_period", "old"]].values.tolist() == [[compared, old]]


def test_a_new_period_near_the_earlier_one_commits_without_a_question(any_store):
    plan = plan_import(any_store, aichi("2026-06-30", "71500"), "fine.csv")
    assert not len(plan.preview.large) and plan.preview.to_confirm == 0
    commit(any_store, plan, actor="tester")
    assert stored_aichi(any_store, "2026-06-30") == [71_500]


def test_a_series_with_no_earlier_period_has_nothing_to_compare_with(any_store):
    """Periods before every stored one (an older publication) are new series starts: nothing is invented."""
    plan = plan_import(any_store, aichi("1990-12-31", "5"), "old.csv")
    assert plan.can_commit and not len(plan.preview.large)


def test_the_commit_asks_again_when_a_release_in_between_made_the_new_period_a_large_change(any_store):
    """A checks 2023-06-30, a gap in the store (near 2022-06-30's 48,608); B then commits 2022-12-31 with a slip,
    confirmed. A's value is now compared with B's: the commit re-checks inside its transaction and refuses
    (issue 14, point 12)."""
    engine = any_store
    plan_a = plan_import(engine, aichi("2023-06-30", "50000"), "a.csv")
    assert plan_a.can_commit and plan_a.preview.to_confirm == 0, plan_a.result.problem_table()
    commit(engine, plan_import(engine, aichi("2022-12-31", "5000"), "b.csv"), actor="bob", confirm_large_changes=True)
    before = store_snapshot(engine)
    with pytest.raises(CommitRefused) as refused:
        commit(engine, plan_a, actor="alice")
    assert refused.value.message.key == "commit_store_changed"
    assert store_snapshot(engine) == before
    again = plan_import(engine, aichi("2023-06-30", "50000"), "a.csv")
    assert again.preview.large[["compared_period", "old", "new"]].values.tolist() == [["2022-12-31", 5_000, 50_000]]


def test_a_confirmation_covers_only_the_comparison_the_analyst_saw(any_store):
    """A confirms 678,421 against 2025-12-31's 70,820; B then revises 2025-12-31 a little. What A confirmed is no
    longer what the value is compared with, so A is asked again."""
    engine = any_store
    plan_a = plan_import(engine, aichi("2026-06-30", "678421"), "a.csv")
    revision = csv_bytes([row(period_end="2025-12-31", value="70830"), row(period_end="2025-12-31", prefecture="00",
                                                                          value=str(_national(engine) + 10))])
    revised = plan_import(engine, revision, "b.csv")
    assert revised.can_commit, revised.result.problem_table()
    commit(engine, revised, actor="bob")
    with pytest.raises(CommitRefused) as refused:
        commit(engine, plan_a, actor="alice", confirm_large_changes=True)
    assert refused.value.message.key == "commit_store_changed"


def _national(engine) -> int:
    return int(active_figures(engine, period_end="2025-12-31", prefecture_code="00", nationality="VN",
                              measure="residents", breakdown="total")["value"].iloc[0])


def test_the_cli_names_the_previous_period_and_its_value(tmp_path):
    var_dir = str(tmp_path)
    assert workforce("init", var_dir=var_dir).returncode == 0
    slip = tmp_path / "slip.csv"
    slip.write_bytes(aichi("2026-06-30", "678421"))
    refused = workforce("import", str(slip), var_dir=var_dir)
    assert refused.returncode != 0
    assert "prefecture 23, VN residents total, 2026-06-30: 678,421 against 70,820 stored for 2025-12-31" in refused.stdout
    assert "--confirm-large-changes" in refused.stdout and "confirm" in refused.stderr
    done = workforce("import", str(slip), "--confirm-large-changes", var_dir=var_dir)
    assert done.returncode == 0 and "committed release 2" in done.stdout


def test_the_update_page_asks_and_names_the_previous_period_and_its_value(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    engine = store_with_analyst(os.environ["WORKFORCE_DB_URL"], "alice", monkeypatch)
    app = open_file("pages/update.py")
    app.text_input[0].input("alice")
    app.text_input[1].input("correct horse battery")
    app.button[0].click().run()
    app.get("file_uploader")[0].set_value(("slip.csv", aichi("2026-06-30", "678421"), "text/csv"))
    next(b for b in app.button if b.label == "Check file").click().run()
    assert not app.exception
    assert any("1 value changes by more than the confirmation factor (2.0×)" in w.value for w in app.warning)
    large = next(df.value for df in app.dataframe if "compared_period" in df.value.columns)
    assert large[["period_end", "compared_period", "old", "new"]].values.tolist() == [
        ["2026-06-30", "2025-12-31", 70_820, 678_421]]
    commit_button = next(b for b in app.button if b.label == "Commit as a new release")
    assert commit_button.disabled and len(list_releases(engine)) == 1
    next(c for c in app.checkbox if c.label == "I have checked these changes against the source").check().run()
    next(b for b in app.button if b.label == "Commit as a new release").click().run()
    assert any("Committed release 2" in s.value for s in app.success)
    assert stored_aichi(engine, "2026-06-30") == [678_421]
