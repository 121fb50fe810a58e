"""Table definitions and engine creation; the same code runs on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlite3
from functools import lru_cache

import sqlalchemy as sa

metadata = sa.MetaData()

releases = sa.Table(
    "releases", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601, UTC
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # bundled | import
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
)

# Every change to what is active is an event; the newest event id tells a session whether to reload.
release_events = sa.Table(
    "release_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id"), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # created | deactivated | reactivated
    sa.Column("note", sa.Text, nullable=False, default=""),
)

figures = sa.Table(
    "figures", metadata,
    sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id"), nullable=False),
    sa.Column("period_end", sa.String(10), nullable=False),
    sa.Column("prefecture_code", sa.String(2), nullable=False),
    sa.Column("nationality", sa.String(8), nullable=False),
    sa.Column("measure", sa.String(20), nullable=False),
    sa.Column("breakdown", sa.String(200), nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("source_kind", sa.String(10), nullable=False),
    sa.Column("confidence", sa.String(10), nullable=False),
    sa.Column("publisher", sa.String(200), nullable=False),
    sa.Column("source_title", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False),
    sa.Column("read_from_url", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("release_id", "period_end", "prefecture_code", "nationality", "measure", "breakdown"),
)

# Figures at the municipal level (issue 13): the geography level is the table, the municipality's code is in
# the key. Kept apart from `figures` so that no prefecture-level read, sum or rank can ever meet a municipal
# figure; they share the releases (a release can hold both; rollback and the active merge work alike).
# `parent_code` is the designated city (or 特別区) a ward belongs to, per period: never add a ward to its city.
municipal_figures = sa.Table(
    "municipal_figures", metadata,
    sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id"), nullable=False),
    sa.Column("period_end", sa.String(10), nullable=False),
    sa.Column("municipality_code", sa.String(5), nullable=False),
    sa.Column("nationality", sa.String(8), nullable=False),
    sa.Column("measure", sa.String(20), nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("prefecture_code", sa.String(2), nullable=False),
    sa.Column("parent_code", sa.String(5), nullable=False),
    sa.Column("name_ja", sa.Text, nullable=False),
    sa.Column("source_kind", sa.String(10), nullable=False),
    sa.Column("publisher", sa.String(200), nullable=False),
    sa.Column("source_title", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False),
    sa.Column("read_from_url", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("release_id", "period_end", "municipality_code", "nationality", "measure"),
)

# One row per fact about the store itself; the primary key makes first-start bundling race-free.
store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.String(50), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)


def tables() -> sa.MetaData:
    return metadata


@lru_cache(maxsize=8)
def engine_for(url: str) -> sa.Engine:
    """One engine per URL and process. SQLite gets WAL so readers never block a committing analyst."""
    if url.startswith("sqlite"):
        from workforce.store.private_file import make_private

        make_private(url)  # it holds the analysts' password hashes: owner only (issue 14)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:  # a read-only store keeps its journal mode and can still be read
                pass
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)

# Analysts who may upload, commit and roll back. Passwords are argon2 hashes, never plain text.
analysts = sa.Table(
    "analysts", metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

# Who did what and when: sign-ins (also failed ones), analyst changes. Releases have their own events.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)
