"""The translator of this page run: the language dashboard.py chose (ui/language.py) for every part to use."""
from __future__ import annotations

import streamlit as st

from workforce.i18n import Translator, match_language


def translator() -> Translator:
    """The translator chosen by dashboard.py for this run (English when a page runs on its own)."""
    return st.session_state.get("translator") or Translator(match_language(st.query_params.get("lang")))
