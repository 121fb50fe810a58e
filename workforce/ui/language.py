"""The reader's language: chosen in the sidebar, kept in the URL (?lang=vi), defaulting to the browser's."""
from __future__ import annotations

import streamlit as st

from workforce.i18n import LANGUAGES, Translator, match_language
from workforce.ui import url_state


def choose_language() -> Translator:
    """Show the language selector (every page, in the sidebar) and return the translator for this run."""
    # Keep the session's language when a link to another page carries no ?lang=.
    default = st.session_state.get("url_lang") or match_language(getattr(st.context, "locale", None))
    lang = st.sidebar.selectbox("Language · 言語 · Ngôn ngữ", list(LANGUAGES), format_func=LANGUAGES.get,
                                key=url_state.seed("lang", list(LANGUAGES), default))
    url_state.publish("lang")
    st.session_state["translator"] = Translator(lang)
    return st.session_state["translator"]

