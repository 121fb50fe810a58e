"""Issue 14, point 17: a store the process may not write can still be read (`figures`, `releases`, `history`).

Root ignores file permissions, so SQLite's mode=ro stands for a read-only file or mount (as in test_faults).
The store is one from an older version: it lacks the newest table, which a writable store would gain.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from tests.support.stores import bundled_store
from tests.support.cli import workforce


@pytest.fixture(params=["wal", "delete"])
def old_store(tmp_path, request):
    path = tmp_path / "store.sqlite"
    engine = bundled_store(f"sqlite:///{path}")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE analyst_sessions")  # made before sessions existed
        conn.execute(f"PRAGMA journal_mode={request.param}")
    return path


@pytest.mark.parametrize("command", [["figures", "--format", "json"], ["releases", "--format", "json"], ["history"]])
def test_a_read_only_store_can_be_read(old_store, command):
    before = hashlib.sha256(old_store.read_bytes()).hexdigest()
    out = workforce(*command, db_url=f"sqlite:///file:{old_store}?mode=ro&uri=true")
    assert out.returncode == 0, out.stderr
    if "json" in command:
        assert json.loads(out.stdout)
    assert hashlib.sha256(old_store.read_bytes()).hexdigest() == before
