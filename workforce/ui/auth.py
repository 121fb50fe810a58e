"""Analyst sign-in for the pages that change data. Viewing never needs it.

Two ways in: an analyst account (name + password, argon2, failures slowed down), or, where an
OpenID Connect provider is configured in .streamlit/secrets.toml ([auth]), st.login restricted to
the e-mail addresses listed under [workforce] analyst_emails. st.login proves identity, not
permission: the allow-list grants the permission.
"""
from __future__ import annotations

import streamlit as st

from workforce.store.analysts import record, verify
from workforce.ui.data import store_engine
from workforce.ui.language import translator

SESSION_KEY = "analyst"


def _oidc_allow_list() -> list[str] | None:
    """The allowed e-mails when OIDC is configured, else None."""
    try:
        if "auth" not in st.secrets:
            return None
        return [e.lower() for e in st.secrets.get("workforce", {}).get("analyst_emails", [])]
    except FileNotFoundError:
        return None


def signed_in_analyst() -> str | None:
    """The signed-in analyst's name, from this session's sign-in or an allowed OIDC identity."""
    if st.session_state.get(SESSION_KEY):
        return st.session_state[SESSION_KEY]
    allowed = _oidc_allow_list()
    if allowed is not None and st.user.is_logged_in:
        email = str(st.user.get("email", "")).lower()
        if email in allowed:
            return email
    return None


def require_analyst() -> str:
    """Show the sign-in form and stop the page unless an analyst is signed in; returns the name."""
    t = translator()
    analyst = signed_in_analyst()
    if analyst:
        left, right = st.columns([4, 1])
        left.caption(t("auth.signed_in", name=analyst.replace("*", "\\*").replace("_", "\\_")))
        if right.button(t("auth.sign_out"), key="sign_out"):
            record(store_engine(), analyst, "signout")
            st.session_state.pop(SESSION_KEY, None)
            if _oidc_allow_list() is not None and st.user.is_logged_in:
                st.logout()
            st.rerun()
        return analyst
    st.info(t("auth.needed"))
    with st.form("sign_in"):
        name = st.text_input(t("auth.name"))
        password = st.text_input(t("auth.password"), type="password")
        submitted = st.form_submit_button(t("auth.sign_in"))
    if submitted:
        if verify(store_engine(), name, password):
            st.session_state[SESSION_KEY] = name
            st.rerun()
        st.error(t("auth.wrong"))
    allowed = _oidc_allow_list()
    if allowed is not None:
        if st.user.is_logged_in:
            st.error(t("auth.not_allowed"))
        elif st.button(t("auth.oidc")):
            st.login()
    st.stop()
