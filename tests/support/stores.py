"""Stores the tests start from: where the bundle lives, a fresh PostgreSQL database, a store with
the bundle and one analyst. Fixtures built on these live in tests/conftest.py."""
from __future__ import annotations

import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"
BUNDLE = ROOT / "data" / "figures.csv"
PASSWORD = "correct horse battery"


def bundled_store(url: str) -> sa.Engine:
    """A store on `url` holding the bundled dataset as release 1 (and its municipal figures), as a first
    start leaves it. A new SQLite file is a copy of one built once per test process by ensure_store
    (building takes ~0.5 s, a copy ~5 ms); the first-start tests themselves call ensure_store."""
    from workforce.store import ensure_store

    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if path is not None and not path.exists():
        shutil.copyfile(_sqlite_template(), path)
        path.chmod(0o600)  # as the store makes it: it holds the analysts' hashes
    engine = sa.create_engine(url)
    ensure_store(engine, BUNDLE)  # on a copy: only checks that the bundle is there
    return engine


@lru_cache(maxsize=1)
def _sqlite_template() -> Path:
    from workforce.store import ensure_store

    path = Path(tempfile.mkdtemp(prefix="bundled-store-")) / "template.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    ensure_store(engine, BUNDLE)
    with engine.connect() as conn:  # everything in the one file, nothing left in -wal
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def store_with_analyst(url: str, name: str, monkeypatch, *, delay: str = "0.1") -> sa.Engine:
    """A bundled store on `url` with one analyst `name` (password PASSWORD), failed sign-ins slowed by
    only `delay` seconds: what the sign-in and update tests start from."""
    from workforce.store.analysts import add_analyst

    monkeypatch.setenv("WORKFORCE_SIGNIN_DELAY_SECONDS", delay)
    engine = bundled_store(url)
    add_analyst(engine, name, PASSWORD, actor="test")
    return engine


def fresh_postgres_database(base_url: str, name: str) -> str:
    """The URL of a new, empty database `name` (made safe) on the server at `base_url`."""
    database = "t_" + re.sub(r"[^a-z0-9]", "_", name.lower())[-40:]
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + "/" + database


def page_store() -> sa.Engine:
    """The store the pages use in this test session (WORKFORCE_VAR_DIR, tests/conftest.py), with the bundle."""
    from workforce import settings
    from workforce.store import engine_for, ensure_store

    engine = engine_for(settings.db_url())
    ensure_store(engine, BUNDLE)
    return engine
