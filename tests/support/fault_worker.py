"""Subprocess helper for tests/system/test_faults.py.

  python -m tests.support.fault_worker commit URL CSV
      Plan the import of CSV (workforce.ingest.plan.plan_import) on the store at URL, print "ready",
      wait for a "go" line on stdin, then commit it (workforce.ingest.plan.commit) and print
      "done SECONDS RELEASE_ID". The test SIGKILLs this process at a random moment of the commit.

  python -m tests.support.fault_worker disk-full SPARE_PAGES ARGS...
      Run the `workforce` command line with ARGS on a "disk" that has room for only SPARE_PAGES more
      database pages: every SQLite connection any engine opens gets PRAGMA max_page_count set to its
      current page count + SPARE_PAGES, so a large write fails with SQLITE_FULL, as on a full disk.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path


def commit_worker(url: str, csv_path: str) -> None:
    from workforce.ingest.plan import commit, plan_import
    from workforce.store import engine_for

    engine = engine_for(url)  # the application's own engine (WAL, busy timeout)
    path = Path(csv_path)
    plan = plan_import(engine, path.read_bytes(), path.name, "csv")
    if not plan.can_commit:
        print(f"cannot commit: {plan.result.problem_table().head(5).to_string()}", flush=True)
        return
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    started = time.perf_counter()
    release_id = commit(engine, plan, actor="fault-worker", note="killed on purpose")
    print(f"done {time.perf_counter() - started:.4f} {release_id}", flush=True)


def disk_full_cli(spare_pages: int, argv: list[str]) -> int:
    import sqlalchemy as sa

    from workforce.cli import main

    @sa.event.listens_for(sa.Engine, "connect")
    def _small_disk(dbapi_connection, _record):
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages + spare_pages}")
            cursor.close()

    return main(argv)


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "commit":
        commit_worker(*rest)
    elif mode == "disk-full":
        raise SystemExit(disk_full_cli(int(rest[0]), rest[1:]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
