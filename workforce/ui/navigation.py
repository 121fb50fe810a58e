"""Keep every page inside dashboard.py's st.navigation.

Streamlit treats a `pages/` folder as its legacy multipage app until some session has called
st.navigation. If the first visitor after a server start opens a deep link such as
/prefecture?pref=23, Streamlit would run the page file alone (no page config, file-name menu) and
stay in that mode for the whole process. Each page calls `require_navigation()` first: it switches
the process to st.navigation and reruns, so dashboard.py runs and opens the same page and query.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_navigation() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
