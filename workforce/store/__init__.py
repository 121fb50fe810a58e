"""Releases of figures in a SQL database (SQLite by default, PostgreSQL by URL).

A release is immutable and numbered; the active data is, for each figure key, the value from the
newest active release that has it.
"""
from workforce.store.db import engine_for, tables
from workforce.store import briefings as _briefings  # noqa: F401  (defines the briefings table for create_all)
from workforce.store import sessions as _sessions  # noqa: F401  (defines the analyst_sessions table for create_all)
from workforce.store import oidc_sessions as _oidc_sessions  # noqa: F401  (the OIDC sign-in tables, likewise)
from workforce.store.releases import (
    ReleaseError,
    active_figures,
    active_municipal_figures,
    create_release,
    ensure_store,
    figure_history,
    list_events,
    list_releases,
    set_release_active,
    state_token,
)

__all__ = ["engine_for", "tables", "ReleaseError", "active_figures", "active_municipal_figures", "create_release", "ensure_store",
           "figure_history", "list_events", "list_releases", "set_release_active", "state_token"]
