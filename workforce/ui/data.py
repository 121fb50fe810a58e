"""One cached query layer for every page: the figures, and every view computed from them.

The figure cache is keyed by the store's state token (the newest release event), checked with one
cheap query per rerun, so a release committed by any server shows up in every session at once.
Frames are shared across sessions (cache_resource), never copied per session: treat them as read-only.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from workforce import bundled, settings
from workforce.i18n import Translator
from workforce.prefectures import prefectures as reference_prefectures
from workforce.store import active_figures, active_municipal_figures, engine_for, ensure_store, state_token

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> sa.Engine:
    engine = engine_for(url)
    ensure_store(engine, bundled.figures_file())
    return engine


def store_unavailable(error: Exception) -> None:
    """Say plainly that the store cannot be reached (no traceback), then stop the page."""
    from workforce.ui.translation import translator

    t = translator()
    st.error(t("store.unavailable"))
    st.caption(t("store.technical", detail=type(error).__name__))
    st.stop()


def store_engine() -> sa.Engine:
    """The store named by the settings, built from the bundled dataset on first start."""
    try:
        return _engine_for(settings.db_url())
    except sa.exc.DBAPIError as error:
        store_unavailable(error)


@st.cache_resource(show_spinner=False, max_entries=4)
def _figures_at(url: str, token: int) -> pd.DataFrame:
    return active_figures(_engine_for(url))


def _state_token(url: str) -> int:
    """The store's state token, read once per script run: every cached part of a run asks for it.

    A run is told apart by ScriptRunContext.cursors, a new dict for every run of the script. Outside
    a script run (tests, bare mode) the token is read every time.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return state_token(_engine_for(url))
    memo = getattr(ctx, "_workforce_state_token", None)
    if memo is None or memo[0] is not ctx.cursors or memo[1] != url:
        memo = (ctx.cursors, url, state_token(_engine_for(url)))
        ctx._workforce_state_token = memo
    return memo[2]


def state() -> int:
    """The state of the data this page run shows (changes with every release event)."""
    url = settings.db_url()
    try:
        return _state_token(url)
    except sa.exc.DBAPIError as error:
        store_unavailable(error)


def figures() -> pd.DataFrame:
    """The active figures (all measures, nationalities and breakdowns)."""
    url = settings.db_url()
    try:
        return _figures_at(url, _state_token(url))
    except sa.exc.DBAPIError as error:
        store_unavailable(error)


@st.cache_resource(show_spinner=False, max_entries=4)
def _municipal_at(url: str, token: int) -> pd.DataFrame:
    return active_municipal_figures(_engine_for(url))


def municipal_figures() -> pd.DataFrame:
    """The active municipal figures (issue 13): their own table, never mixed into `figures()`."""
    url = settings.db_url()
    try:
        return _municipal_at(url, _state_token(url))
    except sa.exc.DBAPIError as error:
        store_unavailable(error)


@st.cache_resource(show_spinner=False, max_entries=500)
def _view_at(url: str, token: int, key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def _key_part(value: object) -> str:
    """A parameter as part of a cache key: a translator by its language, anything else by its repr."""
    return f"lang={value.lang}" if isinstance(value, Translator) else repr(value)


def _cached(key: tuple, build: Callable[[], object]) -> object:
    url = settings.db_url()
    try:
        return _view_at(url, _state_token(url), key, build)
    except sa.exc.DBAPIError as error:
        store_unavailable(error)


def view(function: Callable[..., T], *args: object) -> T:
    """`function(figures(), *args)` once per data state and arguments, then shared by every session:
    treat the result as read-only. The key is the function, its parameters and the language."""
    key = (function.__module__, function.__qualname__, *map(_key_part, args))
    return _cached(key, lambda: function(figures(), *args))


def municipal_view(function: Callable[..., T], *args: object) -> T:
    """`function(municipal_figures(), figures(), *args)`, cached and shared like `view`."""
    key = ("municipal", function.__module__, function.__qualname__, *map(_key_part, args))
    return _cached(key, lambda: function(municipal_figures(), figures(), *args))


# The reference tables (bundled, not in the store): the package reads each once per process (lru_cache),
# and the views use the same objects, so they are not cached a second time here.
prefectures = reference_prefectures
breakdown_labels = bundled.breakdown_labels
initiatives = bundled.initiatives
symposium_statements = bundled.symposium_statements
