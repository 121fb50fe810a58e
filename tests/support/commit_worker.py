"""Commit one large release to a store, for tests/system/test_commit_safety.py, which SIGKILLs it mid-commit.

Usage: python -m tests.support.commit_worker URL COUNT
Prints "ready" once connected, waits for a "go" line on stdin (so the test can start workers ahead of
time), then commits, and prints "done SECONDS RELEASE_ID" once create_release returned.
The store must already exist (ensure_store); the figures are tests.support.bad_inputs.release_frame(COUNT).
"""
from __future__ import annotations

import sys
import time

from tests.support.bad_inputs import release_frame
from workforce.store import create_release
from workforce.store.db import engine_for


def main(url: str, count: int) -> None:
    frame = release_frame(count)
    engine = engine_for(url)  # the application's engine (WAL and busy timeout on SQLite)
    with engine.connect():
        pass  # connect before the measured window, so the window is the commit itself
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    started = time.perf_counter()
    release_id = create_release(engine, frame, actor="crash-worker", kind="import", file_name="crash.csv",
                                sha256="0" * 64, fmt="csv", note="killed on purpose")
    print(f"done {time.perf_counter() - started:.4f} {release_id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
