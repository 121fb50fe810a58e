"""AppTest drives the update page end to end: sign in, upload, check, preview, commit, roll back."""
from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.pages import open_file
from tests.support.stores import store_with_analyst
from workforce.i18n import Translator
from workforce.store import active_figures, list_releases
from workforce.store.analysts import audit_entries

GOOD = ("period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"
        "2026-06-30,愛知県,VN,residents,total,70001,ISA 2026-06 release,https://www.moj.go.jp/isa/\n"
        "2025-06-30,Osaka,VN,residents,total,67612,ISA revised,https://www.moj.go.jp/isa/\n"
        # a revised prefecture comes with its national figure: the rules check the sum with the stored ones
        "2025-06-30,全国,VN,residents,total,660484,ISA revised,https://www.moj.go.jp/isa/\n").encode("utf-8")


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    return store_with_analyst(os.environ["WORKFORCE_DB_URL"], "alice", monkeypatch, delay="0.2")


def update_page() -> AppTest:
    # The page file itself: AppTest keeps widget interactions across reruns of one script.
    app = open_file("pages/update.py", run=False)
    return app.run()


def sign_in(app: AppTest, password: str) -> None:
    app.text_input[0].input("alice")
    app.text_input[1].input(password)
    app.button[0].click().run()


def test_anonymous_visitor_sees_only_the_sign_in(store):
    app = update_page()
    assert not app.exception
    assert not app.get("file_uploader")
    assert any("need an analyst sign-in" in i.value for i in app.info)


def test_wrong_password_is_refused_slowed_and_audited(store):
    app = update_page()
    sign_in(app, "wrong password")
    assert any("Wrong name or password" in e.value for e in app.error)
    assert not app.get("file_uploader")
    actions = audit_entries(store)["action"].tolist()
    assert actions.count("signin_failed") == 1


def test_upload_check_preview_commit_and_roll_back(store):
    app = update_page()
    sign_in(app, "correct horse battery")
    assert app.get("file_uploader"), "signed-in analyst sees the uploader"
    app.get("file_uploader")[0].set_value(("update.csv", GOOD, "text/csv"))
    next(b for b in app.button if b.label == "Check file").click().run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["New figures"] == "1" and metrics["Revised"] == "2" and metrics["Removed"] == "0"
    next(b for b in app.button if b.label == "Commit as a new release").click().run()
    assert any("Committed release 2" in s.value for s in app.success)
    releases = list_releases(store)
    assert releases["actor"].tolist() == ["bundle", "alice"]
    aichi = active_figures(store, prefecture_code="23", nationality="VN", period_end="2026-06-30")
    assert aichi["value"].tolist() == [70001]

    history_form = [s for s in app.selectbox if s.label == "Prefecture"][0]
    history_form.set_value("27")
    next(b for b in app.button if b.label == "Show history").click().run()
    history = next(df.value for df in app.dataframe if {"release_id", "value"} <= set(df.value.columns))
    assert history["value"].tolist() == [67611, 67612] and history["actor"].tolist() == ["bundle", "alice"]

    app.selectbox(key="release_choice").set_value(2)
    next(b for b in app.button if b.label == "Roll back").click().run()
    assert "Roll back release 2?" in " ".join(w.value for w in app.warning)  # asked first (issue 15)
    assert bool(list_releases(store)["active"].iloc[1]), "nothing changes before it is confirmed"
    next(b for b in app.button if b.label == "Confirm").click().run()
    assert active_figures(store, prefecture_code="23", nationality="VN", period_end="2026-06-30").empty
    assert not bool(list_releases(store)["active"].iloc[1])
    assert any("Release 2 is rolled back" in s.value for s in app.success)


def test_a_roll_back_can_be_cancelled(store):
    app = update_page()
    sign_in(app, "correct horse battery")
    app.selectbox(key="release_choice").set_value(1)
    next(b for b in app.button if b.label == "Roll back").click().run()
    next(b for b in app.button if b.label == "Cancel").click().run()
    assert not app.warning and bool(list_releases(store)["active"].iloc[0])


def test_checking_without_a_file_says_so(store):
    app = update_page()
    sign_in(app, "correct horse battery")
    next(b for b in app.button if b.label == "Check file").click().run()
    assert [w.value for w in app.warning] == [Translator("en")("update.no_file")]
    assert not app.metric and not app.error


def test_a_bad_file_shows_every_problem_and_stores_nothing(store):
    app = update_page()
    sign_in(app, "correct horse battery")
    bad = GOOD.replace(b"Osaka", b"Atlantis").replace(b"70001", b"-5")
    app.get("file_uploader")[0].set_value(("bad.csv", bad, "text/csv"))
    next(b for b in app.button if b.label == "Check file").click().run()
    assert any("2 problems" in e.value for e in app.error)
    problems = next(df.value for df in app.dataframe if "Expected" in df.value.columns)
    assert set(problems["Column"]) == {"prefecture", "value"} and set(problems["Row"]) == {2, 3}
    assert len(list_releases(store)) == 1


@pytest.mark.parametrize("lang", ["ja", "vi"])
def test_problems_and_skipped_rows_are_shown_in_the_chosen_language(store, lang):
    t = Translator(lang)
    app = open_file("pages/update.py", run=False)
    app.query_params["lang"] = lang
    app.run()
    sign_in(app, "correct horse battery")
    bad = GOOD.replace(b"Osaka", b"Atlantis").replace(b"70001", b"\xe2\x80\xa6")  # … : unpublished, skipped
    app.get("file_uploader")[0].set_value(("bad.csv", bad, "text/csv"))
    next(b for b in app.button if b.label == t("update.check")).click().run()
    assert not app.exception
    assert any(t("update.problems", count=1) in e.value for e in app.error)
    problems = next(df.value for df in app.dataframe if t("update.columns.expected") in df.value.columns)
    assert problems[t("update.columns.expected")].tolist() == [t("problems.prefecture")]
    assert problems[t("update.columns.value")].tolist() == ["Atlantis"]  # data stays as written
    skipped = next(df.value for df in app.dataframe if t("update.columns.reason") in df.value.columns)
    assert skipped[t("update.columns.reason")].tolist() == [t("problems.reason_gap_kept")]
    assert skipped[t("update.columns.what")].tolist() == [t("problems.skipped_unpublished")]
