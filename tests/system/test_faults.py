"""Issue 5's fault suite: what a crash, a lost database or a full / read-only disk leave behind.

1. A process committing a 100,000-figure import (plan_import + commit, as the upload page and
   `workforce import` do) is SIGKILLed at random moments of its commit; each store must then pass
   SQLite's integrity check, hold every release complete, and show a freshly started `workforce`
   process either the old state (bundled release only) or the new one (release fully present).
2. The real app on PostgreSQL, in Chromium: the database stops while people view pages; the pages
   say "The data store cannot be reached" (no exception box, no traceback) and recover once it is back.
3. Committing to a read-only store, or to a full disk, raises a clear error, changes nothing and
   leaves an intact database; `workforce import` says so in one line, without a traceback.

WORKFORCE_TEST_SEED=N repeats the kill moments of a failed run (the seed is in the failure message).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.support.bad_inputs import consistent_value
from tests.support.stores import BUNDLE, ROOT, fresh_postgres_database
from tests.support.processes import start_app, stop_app, stop_process
from tests.support.pg_server import PostgresServer
from workforce import schema
from workforce.ingest.plan import commit, plan_import
from workforce.store import active_figures, engine_for, ensure_store

BUNDLED_COUNT = 3389
HEADER = ["period_end", "prefecture", "nationality", "measure", "breakdown", "value", "source_title", "source_url"]
KILLS = 6
SEED = int(os.environ.get("WORKFORCE_TEST_SEED", time.time_ns() % 1_000_000))


def _residents_breakdowns() -> list[str]:
    labels = pd.read_csv(ROOT / "data" / "curated" / "breakdowns.csv", dtype=str, keep_default_na=False)
    return labels.loc[labels["measure"] == "residents", "breakdown"].tolist()


def _import_csv(periods: list[str]) -> bytes:
    """Valid long CSV: every residents breakdown for prefectures 01-47, VN and ALL, at each period."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    value = 0
    for period in periods:
        for code in range(1, 48):
            for nationality in ("VN", "ALL"):
                for breakdown in _residents_breakdowns():
                    value += 1
                    writer.writerow([period, f"{code:02d}", nationality, "residents", breakdown,
                                     consistent_value(value, nationality, breakdown),
                                     "出入国在留管理庁 在留外国人統計 (fault test)",
                                     "https://www.moj.go.jp/isa/policies/statistics/toukei_ichiran_touroku.html"])
    return buffer.getvalue().encode("utf-8")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[schema.COLUMNS].astype({"value": "int64"}).sort_values(schema.KEY, ignore_index=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(_sorted(a), _sorted(b), check_dtype=False)
        return True
    except AssertionError:
        return False


def _cli(env_url: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "WORKFORCE_DB_URL": env_url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "workforce", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _new_sqlite_store(path: Path) -> None:
    """A store holding only the bundled release, checkpointed, with no connection left open."""
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.NullPool)
    sa.event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA journal_mode=WAL"))
    try:
        ensure_store(engine, BUNDLE)
    finally:
        engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# ---------------------------------------------------------------------------------------------------
# 1. SIGKILL during a large commit
# ---------------------------------------------------------------------------------------------------

def _start_commit_worker(url: str, csv_path: Path, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.support.fault_worker", "commit", url, str(csv_path)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _go(worker: subprocess.Popen, kill_after: float | None, log_path: Path) -> str:
    """Let the worker commit; SIGKILL it `kill_after` s after "go" (None: let it finish, and append the seconds
    from "go" to "done"). Returns what it said."""
    ready = worker.stdout.readline().strip()
    assert ready == "ready", f"commit worker did not get ready: {ready!r}\n{log_path.read_text()[-3000:]}"
    worker.stdin.write("go\n")
    worker.stdin.flush()
    if kill_after is None:
        started = time.perf_counter()
        said = worker.stdout.readline().strip()
        assert said.startswith("done"), f"commit worker failed: {said!r}\n{log_path.read_text()[-3000:]}"
        return f"{said} {time.perf_counter() - started:.4f}"  # + the commit's duration as this process saw it
    time.sleep(kill_after)
    worker.kill()  # SIGKILL: no rollback, no cleanup by the client
    worker.wait(timeout=30)
    return worker.stdout.read().strip()


def _check_killed_store(path: Path, new_release: pd.DataFrame, worker_said: str) -> str:
    """Consistency of a store after a kill; returns "old" or "new" (which state it is in)."""
    with sqlite3.connect(path) as conn:  # the first connection after the kill recovers the WAL
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        releases = conn.execute("SELECT id, row_count, active FROM releases ORDER BY id").fetchall()
        counts = dict(conn.execute("SELECT release_id, count(*) FROM figures GROUP BY release_id").fetchall())
        for release_id, count in conn.execute(
                "SELECT release_id, count(*) FROM municipal_figures GROUP BY release_id").fetchall():
            counts[release_id] = counts.get(release_id, 0) + count  # a release's row_count counts both levels
        created = {r for (r,) in conn.execute("SELECT release_id FROM release_events WHERE action = 'created'")}
        stored_new = pd.read_sql("SELECT * FROM figures WHERE release_id = 2", conn) if len(releases) > 1 else None
    conn.close()
    for release_id, row_count, _active in releases:
        assert counts.get(release_id, 0) == row_count, \
            f"release {release_id} says {row_count} figures but holds {counts.get(release_id, 0)}"
    assert set(counts) <= {r[0] for r in releases}, f"figures of releases that do not exist: {counts}"
    assert created == {r[0] for r in releases}, "a release without its 'created' event, or an event without release"
    if len(releases) == 1:
        assert not worker_said.startswith("done"), "commit() returned a release id, but the release is not stored"
        return "old"
    assert len(releases) == 2 and releases[1][1:] == (len(new_release), 1), releases
    assert _same(stored_new, new_release), "the new release's figures differ from the file committed"
    return "new"


def test_sigkill_during_large_commit_leaves_old_or_new_state(tmp_path):
    rng = random.Random(SEED)
    periods = [f"{year}-{month_day}" for year in range(1900, 1913) for month_day in ("06-30", "12-31")]
    csv_path = tmp_path / "large-release.csv"
    csv_path.write_bytes(_import_csv(periods))
    base = tmp_path / "base.sqlite"
    _new_sqlite_store(base)
    stores = [tmp_path / f"store{i}.sqlite" for i in range(KILLS + 1)]
    for store in stores:
        shutil.copyfile(base, store)

    # What the import would add, as the importer reads it (the reference for the "new" state).
    base_engine = sa.create_engine(f"sqlite:///{base}", poolclass=sa.pool.NullPool)
    try:
        plan = plan_import(base_engine, csv_path.read_bytes(), csv_path.name, "csv")
        old_state = active_figures(base_engine).drop(columns="release_id")
    finally:
        base_engine.dispose()
    assert plan.can_commit, plan.result.problem_table()
    new_release = plan.result.figures[schema.COLUMNS]
    assert len(new_release) >= 100_000 and len(old_state) == BUNDLED_COUNT
    new_state = pd.concat([old_state, new_release], ignore_index=True)  # new periods: no key overlaps

    log_path = tmp_path / "workers.log"
    outcomes: list[tuple[float, str, str]] = []
    with log_path.open("w") as log:
        # Workers start (import, read, validate, preview) ahead of time; each waits for "go".
        workers = [_start_commit_worker(f"sqlite:///{store}", csv_path, log) for store in stores]
        try:
            said = _go(workers[0], None, log_path)  # one full commit, measured from "go" to "done"
            duration = float(said.split()[-1])
            assert _check_killed_store(stores[0], new_release, said) == "new"
            for store, worker in zip(stores[1:], workers[1:]):
                delay = rng.uniform(0.05, 0.95) * duration
                said = _go(worker, delay, log_path)
                try:
                    state = _check_killed_store(store, new_release, said)
                except AssertionError as error:
                    raise AssertionError(f"{error}\n(store {store.name} killed {delay:.3f} s into a {duration:.3f} s "
                                         f"commit; WORKFORCE_TEST_SEED={SEED}; earlier: {outcomes})") from error
                outcomes.append((round(delay, 3), said or "killed", state))
        finally:
            for worker in workers:
                stop_process(worker)

    # A freshly started `workforce` process on each store sees exactly the old or the new active data.
    fresh = {store: _cli(f"sqlite:///{store}", "figures", "--format", "csv") for store in stores}
    try:
        for index, (store, process) in enumerate(fresh.items()):
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, f"workforce figures failed on {store.name}:\n{err[-3000:]}"
            shown = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
            expected = "new" if index == 0 else outcomes[index - 1][2]
            reference = new_state if expected == "new" else old_state
            assert len(shown) == len(reference) and _same(shown, reference), (
                f"{store.name}: a fresh process shows {len(shown)} active figures, expected the {expected} state "
                f"({len(reference)}); seed {SEED}, runs {outcomes}")
    finally:
        for process in fresh.values():
            if process.poll() is None:
                process.kill()
            process.communicate()
    print(f"seed {SEED}, full commit {duration:.3f} s, kills: {outcomes}")
    assert len(outcomes) >= KILLS
    # Guard the test itself: had every kill come after the commit, it would have proved nothing.
    assert any(state == "old" for *_ignored, state in outcomes), \
        f"no kill interrupted a commit (full commit {duration:.3f} s): {outcomes}"


# ---------------------------------------------------------------------------------------------------
# 2. The database goes away while people view the app (real app, PostgreSQL, Chromium)
# ---------------------------------------------------------------------------------------------------

PAGE_TIMEOUT_MS = 30_000
UNAVAILABLE = "The data store cannot be reached"


class RestartablePostgres(PostgresServer):
    """PostgresServer that can be stopped and started again on the same port and data folder."""

    def halt(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self.launch()

    def running(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0


def _start_app(db_url: str, var_dir: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    return start_app({**os.environ, "WORKFORCE_DB_URL": db_url, "WORKFORCE_VAR_DIR": str(var_dir)}, log_path)


def _open(browser, url: str, expected_text: str):
    """A fresh page on `url`; waits until `expected_text` shows and the script has finished."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_text(expected_text).first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=PAGE_TIMEOUT_MS)
    return context, page


def _assert_clean_unavailable(page, path: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "Traceback" not in page.content(), f"{path} shows a traceback:\n{text[:3000]}"
    assert "681,100" not in text, f"{path} shows figures although the database is down"


@pytest.mark.browser
@pytest.mark.postgres
def test_database_down_while_viewing_shows_message_and_recovers(tmp_path, browser):
    from playwright.sync_api import expect

    server = RestartablePostgres()
    server.start()
    app = None
    try:
        db_url = fresh_postgres_database(server.url, "faults_db_down")
        app, base = _start_app(db_url, tmp_path, tmp_path / "streamlit.log")
        # the session's shared Chromium (tests/conftest.py, `browser`): Playwright's sync API allows one per thread
        context, page = _open(browser, base + "/", "681,100")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        context.close()

        server.halt()
        assert not server.running()
        for path in ("/", "/prefecture?pref=23"):
            context, page = _open(browser, base + path, UNAVAILABLE)
            _assert_clean_unavailable(page, path)
            context.close()

        server.resume()
        context, page = _open(browser, base + "/", "681,100")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text(UNAVAILABLE)).to_have_count(0)
        context.close()
        assert app.poll() is None, "the app server died while the database was down"
    finally:
        if app is not None:
            stop_app(app)
        if not server.running():
            server.resume()  # stop() below expects a running server
        server.stop()


# ---------------------------------------------------------------------------------------------------
# 3. Read-only store and full disk when committing
# ---------------------------------------------------------------------------------------------------

SMALL_PERIODS = ["1900-06-30"]  # 3,948 figures: about 1 MB of pages, far beyond the spare room below
SPARE_PAGES = 4


def _dump(path: Path) -> str:
    """Every table's schema and rows, read through a read-only connection (which cannot checkpoint or write)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def _integrity(path: Path) -> list:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_only_url(path: Path) -> str:
    # Root ignores file permissions, so chmod cannot make a store read-only in CI; SQLite's mode=ro can.
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_commit_to_read_only_store_fails_cleanly(tmp_path):
    path = tmp_path / "store.sqlite"
    _new_sqlite_store(path)
    before_dump, before_file = _dump(path), _sha256(path)
    engine = engine_for(_read_only_url(path))  # the application's engine, on a read-only database
    try:
        plan = plan_import(engine, _import_csv(SMALL_PERIODS), "readonly.csv", "csv")
        assert plan.can_commit, plan.result.problem_table()
        with pytest.raises(sa.exc.DBAPIError, match="readonly"):
            commit(engine, plan, actor="tester")
    finally:
        engine.dispose()
    assert _sha256(path) == before_file, "the database file changed although it was opened read-only"
    assert _dump(path) == before_dump
    assert _integrity(path) == [("ok",)]


def test_commit_on_full_disk_fails_cleanly(tmp_path):
    path = tmp_path / "store.sqlite"
    _new_sqlite_store(path)
    before = _dump(path)
    url = f"sqlite:///{path}"
    engine = engine_for(url)  # the application's engine; a new URL, so no connection is open yet

    @sa.event.listens_for(engine, "connect")
    def _small_disk(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages + SPARE_PAGES}")
        cursor.close()

    try:
        plan = plan_import(engine, _import_csv(SMALL_PERIODS), "diskfull.csv", "csv")
        assert plan.can_commit, plan.result.problem_table()
        with pytest.raises(Exception) as raised:
            commit(engine, plan, actor="tester")
    finally:
        engine.dispose()
    assert "full" in str(raised.value), f"unclear error for a full disk: {raised.value!r}"
    assert _dump(path) == before, "a failed commit changed the store"
    assert _integrity(path) == [("ok",)]
    # The upload page and `workforce import` report store failures by catching SQLAlchemy's DBAPIError
    # (pages/update.py, workforce/cli.py); an error that escapes it is shown as a crash.
    assert isinstance(raised.value, sa.exc.DBAPIError), (
        f"a full disk during commit raised {type(raised.value).__module__}.{type(raised.value).__name__}"
        f" ({raised.value}), not SQLAlchemy's DBAPIError, so the callers' store-failure handling misses it")


def _assert_readable_failure(result: subprocess.CompletedProcess | tuple, what: str) -> None:
    returncode, stdout, stderr = result
    assert returncode != 0, f"{what}: exit code 0 although nothing could be stored\n{stdout}"
    assert "Traceback" not in stderr, f"{what}: printed a Python traceback:\n{stderr[-3000:]}"
    assert re.search(r"workforce import: .*data store failed", stderr), f"{what}: no readable message:\n{stderr}"
    assert "committed release" not in stdout


def test_cli_import_into_read_only_store_says_so_without_traceback(tmp_path):
    path = tmp_path / "store.sqlite"
    _new_sqlite_store(path)
    before_dump, before_file = _dump(path), _sha256(path)
    file = tmp_path / "readonly.csv"
    file.write_bytes(_import_csv(SMALL_PERIODS))
    process = _cli(_read_only_url(path), "import", str(file))
    stdout, stderr = process.communicate(timeout=120)
    _assert_readable_failure((process.returncode, stdout, stderr), "workforce import on a read-only store")
    assert "readonly" in stderr
    assert _sha256(path) == before_file and _dump(path) == before_dump
    assert _integrity(path) == [("ok",)]


def test_cli_import_on_full_disk_says_so_without_traceback(tmp_path):
    path = tmp_path / "store.sqlite"
    _new_sqlite_store(path)
    before = _dump(path)
    file = tmp_path / "diskfull.csv"
    file.write_bytes(_import_csv(SMALL_PERIODS))
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.fault_worker", "disk-full", str(SPARE_PAGES), "import", str(file)],
        cwd=ROOT, env={**os.environ, "WORKFORCE_DB_URL": f"sqlite:///{path}", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120)
    assert _dump(path) == before, "a failed import changed the store"
    assert _integrity(path) == [("ok",)]
    _assert_readable_failure((result.returncode, result.stdout, result.stderr), "workforce import on a full disk")
    assert "full" in result.stderr
