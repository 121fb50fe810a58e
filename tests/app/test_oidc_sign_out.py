"""Issue 14, point 1, for OIDC sign-ins: "sign out everywhere" and the idle timeout end them too.

An st.login identity lives in Streamlit's cookie, not in the store. Before, "sign out everywhere" was
offered only to password sign-ins and ended only store sessions: an OIDC analyst's other browsers kept
writing until the provider's session ended. AppTest simulates the identity as Streamlit's `st.user` holds
it after a sign-in (the ID token's claims, among them `iss`, `email_verified` and `iat`); no provider runs here.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.support.pages import open_file
from tests.support.stores import bundled_store
from workforce.store import list_releases, oidc_sessions
from workforce.store.analysts import audit_entries

ISSUER = "https://login.example.org"
ENDED = "Your analyst sign-in has ended"


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    engine = bundled_store(f"sqlite:///{tmp_path / 'app.sqlite'}")
    return engine


def browser(issued_seconds_ago: float, email: str = "kim@example.org", iat: int | None = None) -> AppTest:
    """The update page in a browser whose OIDC sign-in (an allow-listed identity) was issued that long ago
    (or at `iat`: the same cookie as another browser's)."""
    app = open_file("pages/update.py", run=False)
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    app.secrets["workforce"] = {"analyst_emails": ["kim@example.org"], "analyst_issuer": ISSUER}
    app.user = {"is_logged_in": True, "email": email, "email_verified": True, "iss": ISSUER,
                "iat": iat or int(time.time() - issued_seconds_ago)}
    return app.run()


def signed_in(app: AppTest) -> bool:
    return bool(app.get("file_uploader"))


def roll_back_release_1(app: AppTest) -> None:
    app.selectbox(key="release_choice").set_value(1)
    next(b for b in app.button if b.label == "Roll back").click().run()
    confirm = [b for b in app.button if b.label == "Confirm"]
    if confirm:
        confirm[0].click().run()


def release_1_active(store) -> bool:
    return bool(list_releases(store)["active"].iloc[0])


def test_sign_out_everywhere_ends_every_oidc_sign_in_of_that_identity(store):
    laptop, phone = browser(600), browser(60)  # two sign-ins of kim, in two browsers
    assert signed_in(laptop) and signed_in(phone)
    next(b for b in phone.button if b.label == "Sign out everywhere").click().run()
    roll_back_release_1(laptop)  # the laptop's page was open with the analyst's tools
    assert not laptop.exception
    assert release_1_active(store), "the laptop's sign-in could still roll back"
    assert any(ENDED in w.value for w in laptop.warning) and not signed_in(laptop)
    assert [b for b in laptop.button if b.label == "Sign in again with your organisation's account"]
    # a cookie issued before the sign-out that this store never saw (a third browser) is ended too
    assert not signed_in(browser(300))
    # a sign-in at the provider after it (a new token) is an analyst again
    assert signed_in(browser(-5))
    log = audit_entries(store)
    assert "signout_everywhere" in log["action"].tolist()
    assert "kim@example.org" in log.loc[log["action"] == "signout_everywhere", "detail"].iloc[0]


def test_the_write_rechecks_the_oidc_sign_in_inside_its_transaction(store):
    """What the page's write guard asks, inside the rollback's own transaction: a page that checked a moment
    before still cannot write once the identity is signed out everywhere."""
    from workforce.store import set_release_active
    from workforce.store.sessions import NotSignedIn

    iat = int(time.time()) - 60
    assert oidc_sessions.check(store, ISSUER, "kim@example.org", iat)

    def guard(conn):
        if not oidc_sessions.check(store, ISSUER, "kim@example.org", iat, conn):
            raise NotSignedIn()

    oidc_sessions.sign_out_everywhere(store, ISSUER, "kim@example.org")
    with pytest.raises(NotSignedIn):
        set_release_active(store, 1, False, actor="kim@example.org", authorise=guard)
    assert release_1_active(store)


def test_an_idle_oidc_sign_in_ends_and_stays_ended(store, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SESSION_IDLE_MINUTES", "30")
    app = browser(3600)
    assert signed_in(app)
    long_ago = (datetime.now(timezone.utc) - timedelta(minutes=31)).isoformat(timespec="seconds")
    with store.begin() as conn:
        conn.execute(sa.update(oidc_sessions.oidc_sign_ins).values(last_seen=long_ago))
    roll_back_release_1(app)
    assert release_1_active(store)
    assert any(ENDED in w.value for w in app.warning)
    assert not signed_in(browser(0, iat=app.user["iat"])), "the same cookie in a new tab does not revive it"


def test_a_used_oidc_sign_in_stays_live(store, monkeypatch):
    monkeypatch.setenv("WORKFORCE_SESSION_IDLE_MINUTES", "30")
    app = browser(3600)
    a_while_ago = (datetime.now(timezone.utc) - timedelta(minutes=29)).isoformat(timespec="seconds")
    with store.begin() as conn:
        conn.execute(sa.update(oidc_sessions.oidc_sign_ins).values(last_seen=a_while_ago))
    roll_back_release_1(app)
    assert not release_1_active(store)


@pytest.mark.parametrize("iat", [None, "1700000000", True, float("nan"), -1])
def test_a_token_without_a_usable_issue_time_is_not_an_analyst(store, iat):
    """Without `iat` a sign-out could not be compared with the token: it is refused, not trusted."""
    app = open_file("pages/update.py", run=False)
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    app.secrets["workforce"] = {"analyst_emails": ["kim@example.org"], "analyst_issuer": ISSUER}
    app.user = {"is_logged_in": True, "email": "kim@example.org", "email_verified": True, "iss": ISSUER}
    if iat is not None:
        app.user["iat"] = iat
    app.run()
    assert not app.exception and not signed_in(app)


def test_one_sign_out_ends_that_sign_in_even_if_its_cookie_was_copied(store):
    app = browser(60)
    iat = app.user["iat"]
    next(b for b in app.button if b.label == "Sign out").click().run()
    assert not oidc_sessions.check(store, ISSUER, "kim@example.org", iat)
    assert oidc_sessions.check(store, ISSUER, "kim@example.org", iat - 30), "another browser's sign-in is untouched"


def test_an_identity_off_the_allow_list_is_never_recorded(store):
    app = browser(60, email="eve@example.org")
    assert not signed_in(app) and any("allow-list" in e.value for e in app.error)
    with store.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(oidc_sessions.oidc_sign_ins)).scalar() == 0



def test_the_records_work_on_every_backend(store_url):
    engine = bundled_store(store_url)
    before = int(time.time()) - 60
    with engine.begin() as conn:  # inside a write's transaction, then on its own
        assert oidc_sessions.check(engine, ISSUER, "kim@example.org", before, conn)
    assert oidc_sessions.check(engine, ISSUER, "kim@example.org", before)
    assert oidc_sessions.sign_out_everywhere(engine, ISSUER, "kim@example.org") == 1
    assert oidc_sessions.sign_out_everywhere(engine, ISSUER, "kim@example.org") == 0  # again: the time moves on
    assert not oidc_sessions.check(engine, ISSUER, "kim@example.org", before)
    assert oidc_sessions.check(engine, "https://other.example", "kim@example.org", before), "another issuer's kim"
    assert oidc_sessions.check(engine, ISSUER, "kim@example.org", int(time.time()) + 5)
    engine.dispose()


def test_the_upload_gate_follows_the_oidc_sign_in(store):
    """Uploads are answered only for a live analyst sign-in (runtime_guards); for OIDC it asks the same records."""
    from workforce.oidc_allow_list import parse
    from workforce.ui.runtime_guards import oidc_sign_in_live

    allowed = parse({"analyst_emails": ["kim@example.org"], "analyst_issuer": ISSUER})
    kim = (ISSUER, "kim@example.org", int(time.time()) - 60)
    assert oidc_sessions.check(store, *kim)  # the page run that signed kim in
    assert oidc_sign_in_live(store, kim, allowed)
    assert not oidc_sign_in_live(store, kim, parse({"analyst_emails": ["ann@example.org"], "analyst_issuer": ISSUER}))
    assert not oidc_sign_in_live(store, kim, None)
    oidc_sessions.sign_out_everywhere(store, ISSUER, "kim@example.org")
    assert not oidc_sign_in_live(store, kim, allowed)
