"""The SQLite store is readable by its owner only: it holds the analysts' argon2 hashes.

SQLite creates a database with the process's umask (usually 0644: any local user could read it) and
gives its -wal and -shm files the database's permissions. So the file is made 0600 before SQLite
first opens it, and a store this user owns is brought back to 0600 if it was left open to others.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

import sqlalchemy as sa

PRIVATE = 0o600


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL that may be written; None for other stores, memory or read-only ones."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    database = parsed.database
    if database.startswith("file:"):  # a URI filename (uri=true): file:/path?mode=ro
        database, _, query = database[len("file:"):].partition("?")
        if "mode=ro" in query or "mode=memory" in query:
            return None
    return Path(database)


def make_private(url: str) -> None:
    """Create the store's file 0600 if it is new; tighten this user's own store and its WAL files to 0600."""
    path = sqlite_path(url)
    if path is None or not path.parent.is_dir():
        return
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE))
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = part.stat()
        except FileNotFoundError:
            continue
        if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
            part.chmod(PRIVATE)
