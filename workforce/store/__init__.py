"""Releases of figures in a SQL database (SQLite by default, PostgreSQL by URL).

A release is immutable and numbered; the active data is, for each figure key, the value from the
newest active release that has it.
"""
from workforce.store.db import engine_for, tables
from workforce.store.releases import (
    active_figures,
    create_release,
    ensure_store,
    list_releases,
    state_token,
)

__all__ = ["engine_for", "tables", "active_figures", "create_release", "ensure_store", "list_releases", "state_token"]
