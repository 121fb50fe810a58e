"""One cached query layer for every page.

The figure cache is keyed by the store's state token (the newest release event), checked with one
cheap query per rerun, so a release committed by any server shows up in every session at once.
Frames are shared across sessions (cache_resource), never copied per session: treat them as read-only.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa
import streamlit as st

from workforce import bundled, metrics, settings
from workforce.prefectures import PrefectureTable, load_prefectures
from workforce.store import active_figures, active_municipal_figures, engine_for, ensure_store, state_token


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> sa.Engine:
    engine = engine_for(url)
    ensure_store(engine, bundled.figures_file())
    return engine


def store_unavailable(error: Exception) -> None:
    """Say plainly that the store cannot be reached (no traceback), then stop the page."""
    from workforce.ui.language import translator

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


@st.cache_resource(show_spinner=False)
def prefecture_table() -> PrefectureTable:
    return load_prefectures()


@st.cache_resource(show_spinner=False, max_entries=500)
def _shared_at(url: str, token: int, key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def shared(key: tuple, build: Callable[[], object]) -> object:
    """`build()` once per data state and `key`, then shared by every session: treat it as read-only.

    `key` must name everything the result depends on besides the data (page part, options, language).
    """
    url = settings.db_url()
    try:
        return _shared_at(url, _state_token(url), key, build)
    except sa.exc.DBAPIError as error:
        store_unavailable(error)


def arrow(key: tuple, build: Callable[[], pd.DataFrame]) -> pa.Table:
    """`build()` as an Arrow table, shared like `shared`: st.dataframe sends an Arrow table as it is,
    where a DataFrame is converted again on every page run."""
    return shared(("arrow", *key), lambda: as_arrow(build()))


def as_arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def prefecture_snapshot(period: str, base_period: str | None = None) -> pd.DataFrame:
    """Per-prefecture metrics at a period (growth since `base_period`), with tile positions, shared per data state."""
    def build() -> pd.DataFrame:
        table = metrics.prefecture_table(figures(), prefecture_table().frame, period, base_period)
        tiles = prefecture_table().frame[["tile_row", "tile_col"]]
        merged = table.merge(tiles, left_on="prefecture_code", right_index=True, how="left")
        merged.attrs = dict(table.attrs)
        return merged

    return shared(("snapshot", period, base_period), build)


def computed(function: Callable[..., object], *args: object, **kwargs: object) -> object:
    """`function(figures(), *args, **kwargs)` once per data state and arguments, shared by every session.

    For the metrics pages ask for on every rerun (headlines, series, periods): filtering the figure
    table again for each new session was a large part of a page's server time.
    """
    key = ("computed", function.__module__, function.__qualname__, repr(args), repr(sorted(kwargs.items())))
    return shared(key, lambda: function(figures(), *args, **kwargs))


def mix(**kwargs: str) -> pd.DataFrame:
    """metrics.mix with the bundled breakdown labels, shared like `computed`."""
    return shared(("mix", repr(sorted(kwargs.items()))), lambda: metrics.mix(figures(), breakdown_labels(), **kwargs))


@st.cache_resource(show_spinner=False)
def initiatives_of(code: str) -> list[dict]:
    """One prefecture's initiatives, newest first, as rows (the catalogue is bundled, not in the store)."""
    catalogue = initiatives()
    own = catalogue[catalogue["prefecture_code"] == code].sort_values("year", ascending=False, na_position="last")
    return own.to_dict("records")


breakdown_labels = st.cache_resource(show_spinner=False)(bundled.breakdown_labels)
initiatives = st.cache_resource(show_spinner=False)(bundled.initiatives)
prefecture_shapes = st.cache_resource(show_spinner=False)(bundled.prefecture_shapes)
symposium_statements = st.cache_resource(show_spinner=False)(bundled.symposium_statements)
