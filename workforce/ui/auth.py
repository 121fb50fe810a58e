"""Analyst sign-in for the pages that change data. Viewing never needs it.

Two ways in: an analyst account (name + password, argon2, failures slowed down), or, where an
OpenID Connect provider is configured in .streamlit/secrets.toml ([auth]), st.login restricted to
the verified e-mail addresses listed under [workforce] analyst_emails from the configured
analyst_issuer (workforce.oidc_allow_list). st.login proves identity, not permission: the
allow-list grants the permission.

A password sign-in is a session in the store (workforce.store.sessions); the browser session keeps
only its token. An OIDC sign-in lives in Streamlit's cookie, so the store records each one it sees
and when its identity was last signed out everywhere (workforce.store.oidc_sessions). Nothing here
trusts st.session_state or the cookie alone: each page run and each write asks the store, so a
removed analyst, "sign out everywhere" and the idle timeout act at once, for both kinds.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa
import streamlit as st

from workforce import oidc_allow_list, settings
from workforce.store import oidc_sessions, sessions
from workforce.store.analysts import record, sign_out_everywhere, verify
from workforce.ui import runtime_guards
from workforce.ui.data import store_engine
from workforce.ui.translation import translator

TOKEN_KEY = "analyst_token"
ENDED_KEY = "analyst_session_ended"
_LOG = logging.getLogger(__name__)


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def client_key() -> str:
    """Who is signing in, for the per-client throttle: the peer address, or, from the nginx of `workforce
    serve` (loopback, or the addresses in WORKFORCE_TRUSTED_PROXIES), the address nginx saw. Any other
    client cannot set the header to dodge it."""
    address = st.context.ip_address or ""
    if address in settings.trusted_proxies():
        forwarded = st.context.headers.get("X-Workforce-Client", "")
        return forwarded[:64] or address
    return address


def _oidc_allow_list() -> oidc_allow_list.AllowList | None:
    """The OIDC allow-list when [auth] is configured, else None. A malformed list is logged and grants nothing."""
    try:
        if "auth" not in st.secrets:
            return None
        return oidc_allow_list.parse(st.secrets.get("workforce", {}))
    except FileNotFoundError:
        return None
    except oidc_allow_list.AllowListError:
        _LOG.exception("OIDC sign-in is disabled")
        return None


def oidc_configuration_error() -> str | None:
    """What is wrong with [workforce] analyst_emails / analyst_issuer, if anything (for the operator)."""
    try:
        if "auth" in st.secrets:
            oidc_allow_list.parse(st.secrets.get("workforce", {}))
    except FileNotFoundError:
        return None
    except oidc_allow_list.AllowListError as error:
        return str(error)
    return None


def _oidc_identity() -> tuple[str, str, int | None] | None:
    """(issuer, e-mail, iat) of the OIDC identity signed in here if the allow-list admits it now, else None."""
    allowed = _oidc_allow_list()
    if allowed is None or not st.user.is_logged_in:
        return None
    claims = st.user.to_dict()
    email = oidc_allow_list.analyst_email(claims, allowed)
    return (allowed.issuer, email, oidc_sessions.issued_at(claims)) if email else None


def _oidc_analyst(conn: sa.Connection | None = None) -> str | None:
    """The allow-listed e-mail of the OIDC sign-in here, if the store says that sign-in is still live."""
    identity = _oidc_identity()
    if identity is None:
        return None
    session_id = _session_id()
    if not oidc_sessions.check(store_engine(), *identity, conn):
        st.session_state[ENDED_KEY] = True  # signed out everywhere, idle or without iat: sign in again
        if session_id:
            runtime_guards.forget(session_id)
        return None
    if session_id:
        runtime_guards.remember(session_id, identity)  # this browser session may upload while it lasts
    return identity[1]


def _forget_token() -> None:
    st.session_state.pop(TOKEN_KEY, None)
    session_id = _session_id()
    if session_id:
        runtime_guards.forget(session_id)


def signed_in_analyst() -> str | None:
    """The signed-in analyst's name as the store confirms it now, or an allowed OIDC identity's e-mail."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        name = sessions.check(store_engine(), token)
        if name:
            session_id = _session_id()
            if session_id:
                runtime_guards.remember(session_id, token)
            return name
        _forget_token()
        st.session_state[ENDED_KEY] = True
    return _oidc_analyst()


def write_guard() -> Callable[[sa.Connection], str]:
    """A check to run inside a write's own transaction: the actor's name, or NotSignedIn."""
    token = st.session_state.get(TOKEN_KEY)

    def guard(conn: sa.Connection) -> str:
        if token:
            name = sessions.check(store_engine(), token, conn)
        else:
            name = _oidc_analyst(conn)  # the allow-list and the store, at this moment, in this transaction
        if not name:
            raise sessions.NotSignedIn("no analyst is signed in in this session any more")
        return name

    return guard


def _sign_out(analyst: str, everywhere: bool) -> None:
    engine = store_engine()
    identity = None if st.session_state.get(TOKEN_KEY) else _oidc_identity()
    if identity is not None:
        issuer, email, iat = identity
        if everywhere:
            ended = oidc_sessions.sign_out_everywhere(engine, issuer, email)
            record(engine, email, "signout_everywhere", f"{email} ({issuer}): every OIDC sign-in, {ended} seen here")
        else:
            oidc_sessions.end_sign_in(engine, issuer, email, iat)
            record(engine, email, "signout")
    elif everywhere:
        sign_out_everywhere(engine, analyst, actor=analyst)
    else:
        sessions.end_session(engine, st.session_state.get(TOKEN_KEY))
        record(engine, analyst, "signout")
    _forget_token()
    if _oidc_allow_list() is not None and st.user.is_logged_in:
        st.logout()


def require_analyst() -> str:
    """Show the sign-in form and stop the page unless an analyst is signed in; returns the name."""
    t = translator()
    analyst = signed_in_analyst()
    if analyst:
        left, middle, right = st.columns([4, 1, 1])
        left.caption(t("auth.signed_in", name=analyst.replace("*", "\\*").replace("_", "\\_")))
        if middle.button(t("auth.sign_out"), key="sign_out"):
            _sign_out(analyst, everywhere=False)
            st.rerun()
        if right.button(t("access.sign_out_everywhere"), key="sign_out_everywhere",
                                                  help=t("access.sign_out_everywhere_help")):
            _sign_out(analyst, everywhere=True)
            st.rerun()
        return analyst
    if st.session_state.pop(ENDED_KEY, False):
        st.warning(t("access.session_ended"))
    st.info(t("auth.needed"))
    with st.form("sign_in"):
        name = st.text_input(t("auth.name"), max_chars=100)
        password = st.text_input(t("auth.password"), type="password", max_chars=1000)
        submitted = st.form_submit_button(t("auth.sign_in"))
    if submitted:
        engine = store_engine()
        outcome = verify(engine, name, password, client=client_key())
        if outcome:
            st.session_state[TOKEN_KEY] = sessions.open_session(engine, name)
            st.rerun()
        if outcome.busy:
            st.error(t("access.signin_busy"))
        elif not outcome.checked:
            st.error(t("access.signin_wait", seconds=f"{outcome.wait:.0f}" if outcome.wait >= 1 else "1"))
        else:
            st.error(t("access.wrong"))
    if oidc_configuration_error():  # details go to the operator's log, not to visitors
        st.error(t("access.oidc_misconfigured"))
    allowed = _oidc_allow_list()
    if allowed is not None:
        ended_oidc = st.user.is_logged_in and _oidc_identity() is not None  # allow-listed, but its sign-in ended
        if st.user.is_logged_in and not ended_oidc:
            st.error(t("auth.not_allowed"))
        elif st.button(t("auth.oidc_again" if ended_oidc else "auth.oidc")):
            st.login()  # a new sign-in at the provider: a new token, issued after the sign-out
    st.stop()


def not_signed_in_message() -> str:
    return translator()("access.session_ended")
