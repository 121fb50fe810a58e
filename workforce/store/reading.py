"""Opening a store only to read it: nothing is created or upgraded, so a read-only store can be read.

`ensure_store` creates missing tables (a store from an older version lacks the newest ones), which
fails on a store the process may not write (a read-only file or mount, SQLite's mode=ro). Reading
commands need none of that once the bundled release is there.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from workforce.store.db import engine_for, store_meta
from workforce.store.releases import BUNDLED_MARKER, ensure_store


def open_for_reading(url: str, bundled_figures: Path) -> sa.Engine:
    """The store at `url`; built from the bundle only if it has never been built."""
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            built = conn.execute(sa.select(store_meta.c.value).where(store_meta.c.key == BUNDLED_MARKER)).first()
    except sa.exc.DBAPIError:  # no tables yet
        built = None
    if built is None:
        ensure_store(engine, bundled_figures)
    return engine
