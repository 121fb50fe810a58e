"""What a browser session may ask of the Streamlit server besides running pages.

Streamlit accepts two requests from any session that the dashboard must keep for analysts:
- a file upload (`PUT /_stcore/upload_file/<session>/<file>`), held in memory up to
  server.maxUploadSize (250 MB): anyone could fill the server's memory with them;
- the `clear_cache` message, which empties every user's caches at once.

Both are allowed only to a browser session whose analyst sign-in the store still confirms at that
moment. `install()` also keeps Streamlit's origin check from looking up this machine's addresses
on outside hosts. Streamlit 1.67's upload route asks `Runtime.is_active_session` before it reads the body
(it is its only caller), so answering False there refuses an anonymous upload with 400 before a
byte of it is held. `install()` is idempotent; `tests/test_abuse_server.py` proves both against a
real server, so a Streamlit upgrade that moves either hook fails a test.
"""
from __future__ import annotations

import logging
import threading

_LOG = logging.getLogger(__name__)
_lock = threading.Lock()
# Streamlit session id -> that session's analyst token, or its OIDC sign-in (issuer, e-mail, iat)
_analyst_tokens: dict[str, str | tuple[str, str, int | None]] = {}
_installed = False


def remember(session_id: str, token: str | tuple[str, str, int | None]) -> None:
    with _lock:
        _analyst_tokens[session_id] = token


def forget(session_id: str) -> None:
    with _lock:
        _analyst_tokens.pop(session_id, None)


def is_analyst_session(session_id: str) -> bool:
    """True if the browser session is signed in as an analyst the store confirms now."""
    from workforce import settings
    from workforce.store import engine_for, sessions

    with _lock:
        token = _analyst_tokens.get(session_id)
    if token is None:
        return False
    try:
        engine = engine_for(settings.db_url())
        if isinstance(token, tuple):
            return oidc_sign_in_live(engine, token, _configured_allow_list())
        return sessions.check(engine, token, touch=False) is not None  # on the event loop: read only
    except Exception:  # noqa: BLE001 - a store that cannot answer grants nothing
        _LOG.exception("could not check an analyst session")
        return False


def _configured_allow_list():
    import streamlit as st

    from workforce import oidc_allow_list

    try:
        return oidc_allow_list.parse(st.secrets.get("workforce", {})) if "auth" in st.secrets else None
    except (FileNotFoundError, oidc_allow_list.AllowListError):
        return None


def oidc_sign_in_live(engine, identity: tuple[str, str, int | None], allowed) -> bool:
    """An OIDC sign-in (issuer, e-mail, iat) still on the allow-list `allowed` and live in the store; read only."""
    from workforce.store import oidc_sessions

    issuer, email, _iat = identity
    return (allowed is not None and allowed.issuer == issuer and email in allowed.emails
            and oidc_sessions.check(engine, *identity, touch=False))


def install() -> None:
    """Gate uploads and cache clearing on an analyst session, in this process (once)."""
    global _installed
    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSession

    if _installed or not Runtime.exists():
        return
    with _lock:
        if _installed:
            return
        runtime = Runtime.instance()
        active = runtime.is_active_session

        def upload_allowed(session_id: str) -> bool:
            return active(session_id) and is_analyst_session(session_id)

        runtime.is_active_session = upload_allowed
        clear = AppSession._handle_clear_cache_request

        def clear_for_analysts(session: AppSession) -> None:
            if is_analyst_session(session.id):
                clear(session)
            else:
                _LOG.log(logging.WARNING, "clear_cache from a session without an analyst sign-in ignored")

        AppSession._handle_clear_cache_request = clear_for_analysts
        _no_outside_address_lookups()
        _installed = True


def _no_outside_address_lookups() -> None:
    """Streamlit's origin check for a cross-origin request asks 8.8.8.8 (a UDP connect) and
    checkip.amazonaws.com for this machine's addresses. The dashboard makes no outside connection, so
    both answers are fixed as loopback: such a request is then judged against localhost only."""
    from streamlit import net_util

    net_util._internal_ip = net_util._internal_ip or "127.0.0.1"
    net_util._external_ip = net_util._external_ip or "127.0.0.1"
