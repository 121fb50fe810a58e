"""Issue 14, access: an analyst's sign-in is a session in the store, re-checked at every write.

Removing an analyst, "sign out everywhere" and the idle timeout act on sessions already open, in
this process and in others (they share only the store).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.support.pages import open_file
from tests.support.stores import store_with_analyst
from workforce.store import list_releases, sessions
from workforce.store.analysts import add_analyst, audit_entries, remove_analyst

GOOD = ("period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"
        "2025-12-31,愛知県,VN,residents,total,70001,ISA 2025-12 release,https://www.moj.go.jp/isa/\n").encode("utf-8")
ENDED = "Your analyst sign-in has ended"


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    return store_with_analyst(os.environ["WORKFORCE_DB_URL"], "carol", monkeypatch)


def signed_in_page() -> AppTest:
    app = open_file("pages/update.py")
    app.text_input[0].input("carol")
    app.text_input[1].input("correct horse battery")
    app.button[0].click().run()
    assert app.get("file_uploader"), "carol is signed in"
    return app


def roll_back_release_1(app: AppTest) -> None:
    app.selectbox(key="release_choice").set_value(1)
    next(b for b in app.button if b.label == "Roll back").click().run()
    confirm = [b for b in app.button if b.label == "Confirm"]
    if confirm:  # asked while the page still shows the analyst's tools
        confirm[0].click().run()


def test_a_removed_analyst_cannot_roll_back_from_an_open_session(store):
    app = signed_in_page()
    remove_analyst(store, "carol", actor="admin")  # what `workforce analyst remove carol` does
    roll_back_release_1(app)
    assert not app.exception
    assert bool(list_releases(store)["active"].iloc[0]), "release 1 is still active"
    assert not app.get("file_uploader"), "the page asks for a sign-in again"


def test_a_removed_analyst_cannot_commit_a_checked_file(store):
    app = signed_in_page()
    app.get("file_uploader")[0].set_value(("update.csv", GOOD, "text/csv"))
    next(b for b in app.button if b.label == "Check file").click().run()
    commit = next(b for b in app.button if b.label == "Commit as a new release")
    remove_analyst(store, "carol", actor="admin")
    commit.click().run()
    assert len(list_releases(store)) == 1


def test_the_write_itself_rechecks_inside_its_transaction(store):
    """Even a page that checked a moment before cannot write once the session is gone."""
    from workforce.store import set_release_active

    token = sessions.open_session(store, "carol")
    guard = lambda conn: sessions.check(store, token, conn) or (_ for _ in ()).throw(sessions.NotSignedIn())  # noqa: E731
    sessions.end_all(store, "carol")
    with pytest.raises(sessions.NotSignedIn):
        set_release_active(store, 1, False, actor="carol", authorise=guard)
    assert bool(list_releases(store)["active"].iloc[0])


def test_re_adding_a_removed_name_does_not_revive_old_sessions(store):
    token = sessions.open_session(store, "carol")
    remove_analyst(store, "carol", actor="admin")
    add_analyst(store, "carol", "another long password", actor="admin")
    assert sessions.check(store, token) is None


def test_sign_out_everywhere_ends_every_session_of_that_analyst(store):
    other_browser = signed_in_page()
    this_browser = signed_in_page()
    next(b for b in this_browser.button if b.label == "Sign out everywhere").click().run()
    assert not this_browser.get("file_uploader")
    roll_back_release_1(other_browser)
    assert bool(list_releases(store)["active"].iloc[0])
    assert any(ENDED in w.value for w in other_browser.warning)
    assert "signout_everywhere" in audit_entries(store)["action"].tolist()


def test_an_idle_session_ends(store, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SESSION_IDLE_MINUTES", "30")
    app = signed_in_page()
    long_ago = (datetime.now(timezone.utc) - timedelta(minutes=31)).isoformat(timespec="seconds")
    with store.begin() as conn:
        conn.execute(sa.update(sessions.analyst_sessions).values(last_seen=long_ago))
    roll_back_release_1(app)
    assert bool(list_releases(store)["active"].iloc[0])
    assert any(ENDED in w.value for w in app.warning)


def test_a_live_session_is_kept_alive_by_use(store, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SESSION_IDLE_MINUTES", "30")
    token = sessions.open_session(store, "carol")
    a_while_ago = (datetime.now(timezone.utc) - timedelta(minutes=29)).isoformat(timespec="seconds")
    with store.begin() as conn:
        conn.execute(sa.update(sessions.analyst_sessions).values(last_seen=a_while_ago))
    assert sessions.check(store, token) == "carol"
    with store.connect() as conn:
        seen = conn.execute(sa.select(sessions.analyst_sessions.c.last_seen)).scalar()
    assert seen > a_while_ago


def test_the_store_keeps_only_a_digest_of_the_token(store):
    token = sessions.open_session(store, "carol")
    with store.connect() as conn:
        stored = conn.execute(sa.select(sessions.analyst_sessions.c.token_sha256)).scalar()
    assert token not in stored and len(stored) == 64


def test_cli_signs_an_analyst_out_everywhere(store):
    from tests.support.cli import workforce

    token = sessions.open_session(store, "carol")
    out = workforce("analyst", "signout", "carol", db_url=str(store.url))
    assert out.returncode == 0 and "ended 1 sessions of carol" in out.stdout
    assert sessions.check(store, token) is None
