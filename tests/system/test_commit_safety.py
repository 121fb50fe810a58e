"""Commits are all-or-nothing: a writer killed mid-commit, writers committing at once, rollback and re-apply.

The crash tests run tests/support/commit_worker.py in a subprocess, SIGKILL it at a random moment of its
commit, and check the store: every release holds exactly its row_count figures, the active data is
either the state before or the state with the whole release, and SQLite's integrity check passes.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time

import pandas as pd
import sqlalchemy as sa

from tests.support.bad_inputs import csv_bytes, release_frame, row
from tests.support.stores import BUNDLE, ROOT, fresh_postgres_database
from tests.support.processes import stop_process
from workforce import schema
from workforce.ingest.plan import commit, plan_import
from workforce.store import active_figures, create_release, ensure_store, list_events, list_releases, set_release_active
from workforce.store.db import engine_for, figures, municipal_figures, release_events

CRASH_FIGURES = 50_000
SEED = int(os.environ.get("WORKFORCE_TEST_SEED", time.time_ns() % 1_000_000))


def _new_store(url: str) -> pd.DataFrame:
    engine = sa.create_engine(url)
    try:
        ensure_store(engine, BUNDLE)
        return active_figures(engine).drop(columns="release_id")
    finally:
        engine.dispose()


def _with_release(before: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The active data once `frame` is a newer release than everything in `before`."""
    kept = before.merge(frame[schema.KEY], on=schema.KEY, how="left", indicator=True)
    kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat([kept, frame], ignore_index=True).sort_values(schema.KEY, ignore_index=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a.sort_values(schema.KEY, ignore_index=True)[schema.COLUMNS],
                                      b.sort_values(schema.KEY, ignore_index=True)[schema.COLUMNS], check_dtype=False)
        return True
    except AssertionError:
        return False


def _start_worker(url: str, log) -> subprocess.Popen:
    """Start a worker for `url`; it connects and waits for "go" (imports take seconds, commits under one)."""
    return subprocess.Popen([sys.executable, "-m", "tests.support.commit_worker", url, str(CRASH_FIGURES)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _run_worker(process: subprocess.Popen, log, kill_after: float | None) -> str:
    """Let the worker commit; SIGKILL it `kill_after` seconds after "go" (None: let it finish). Returns its output."""
    try:
        ready = process.stdout.readline()
        assert ready.strip() == "ready", f"worker did not start: {ready!r}; see {log.name}"
        process.stdin.write("go\n")
        process.stdin.flush()
        if kill_after is None:
            return process.stdout.readline().strip()
        time.sleep(kill_after)
        process.kill()  # SIGKILL: no cleanup, no rollback by the client
        process.wait(timeout=30)
        return process.stdout.read().strip()
    finally:
        stop_process(process)


def _check_store(url: str, before: pd.DataFrame, after: pd.DataFrame, worker_said: str) -> str:
    """Assert the store is consistent; returns 'rolled back' or 'committed'."""
    engine = sa.create_engine(url)
    try:
        listed = list_releases(engine).set_index("id")
        with engine.connect() as conn:
            counts = dict(conn.execute(sa.select(figures.c.release_id, sa.func.count())
                                       .group_by(figures.c.release_id)).all())
            for release_id, count in conn.execute(sa.select(municipal_figures.c.release_id, sa.func.count())
                                                  .group_by(municipal_figures.c.release_id)).all():
                counts[release_id] = counts.get(release_id, 0) + count  # a release's row_count counts both levels
            created = set(conn.execute(sa.select(release_events.c.release_id)
                                       .where(release_events.c.action == "created")).scalars())
            if url.startswith("sqlite"):
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        for release_id, release in listed.iterrows():
            assert counts.get(release_id, 0) == release["row_count"], f"release {release_id} is incomplete"
        assert set(counts) <= set(listed.index), "figures of a release that does not exist"
        assert created == set(listed.index), "a release without its 'created' event, or the reverse"
        active = active_figures(engine).drop(columns="release_id")
        if len(listed) == 1:
            assert not worker_said.startswith("done"), "create_release returned, but the release is not stored"
            assert _same(active, before), "active data changed although the release was not stored"
            outcome = "rolled back"
        else:
            assert len(listed) == 2 and listed.iloc[1]["row_count"] == CRASH_FIGURES
            assert _same(active, after), "the release is recorded but its figures are not all active"
            outcome = "committed"
        # the store is writable again: no stale lock or half-open transaction is left behind
        create_release(engine, release_frame(3, first_year=1990), actor="tester", kind="import", file_name="after.csv",
                       sha256="1" * 64, fmt="csv")
        return outcome
    finally:
        engine.dispose()


def _crash_loop(urls: list[str], tmp_path) -> list[tuple[float, str, str]]:
    rng = random.Random(SEED)
    frame = release_frame(CRASH_FIGURES)
    log = open(tmp_path / "worker.log", "w")
    before = _new_store(urls[0])
    for url in urls[1:]:
        assert _same(_new_store(url), before)
    after = _with_release(before, frame)
    workers = [_start_worker(url, log) for url in urls]
    try:
        # the first store measures the commit once, and checks the completed state
        said = _run_worker(workers[0], log, None)
        assert said.startswith("done"), f"worker failed: {said!r}; see {tmp_path / 'worker.log'}"
        duration = float(said.split()[1])
        assert _check_store(urls[0], before, after, said) == "committed"
        outcomes = []
        for url, worker in zip(urls[1:], workers[1:]):
            delay = rng.uniform(0, duration)
            said = _run_worker(worker, log, delay)
            try:
                outcomes.append((round(delay, 3), said or "killed", _check_store(url, before, after, said)))
            except AssertionError as error:
                raise AssertionError(f"{error}\n(store {url}, killed {delay:.3f}s into a {duration:.3f}s commit; "
                                     f"WORKFORCE_TEST_SEED={SEED}; earlier runs: {outcomes})") from error
        return outcomes
    finally:
        for worker in workers:
            stop_process(worker)
        log.close()


def test_sigkill_during_commit_leaves_sqlite_consistent(tmp_path):
    urls = [f"sqlite:///{tmp_path / f'kill{i}.sqlite'}" for i in range(9)]
    outcomes = _crash_loop(urls, tmp_path)
    assert len(outcomes) == 8
    print(f"seed {SEED}: {outcomes}")


def test_sigkill_during_commit_leaves_postgres_consistent(postgres_url, tmp_path):
    urls = [fresh_postgres_database(postgres_url, f"crash_{tmp_path.name}_{i}") for i in range(4)]
    outcomes = _crash_loop(urls, tmp_path)
    assert len(outcomes) == 3
    print(f"seed {SEED}: {outcomes}")


def _small_release_csv(period: str) -> bytes:
    # A total above its parts, as the rules want.
    rows = [row(period_end=period, prefecture=f"{n:02d}", breakdown=breakdown, value=str(100 * n + i + (10_000 if i == 0 else 0)))
            for n in range(1, 48) for i, breakdown in enumerate(["total", "技能実習", "特定技能"])]
    return csv_bytes(rows)


def test_concurrent_commits_are_all_recorded(store_url):
    engine = engine_for(store_url)
    try:
        ensure_store(engine, BUNDLE)
        periods = ["1990-06-30", "1990-12-31", "1991-06-30", "1991-12-31"]  # not in the bundle, not after today
        plans = [plan_import(engine, _small_release_csv(p), f"{p}.csv", "csv") for p in periods]
        assert all(plan.can_commit for plan in plans), [plan.result.problem_table() for plan in plans]
        barrier = threading.Barrier(len(plans))
        ids: dict[int, int] = {}
        errors: list[BaseException] = []

        def commit_one(index: int) -> None:
            try:
                barrier.wait(timeout=30)
                ids[index] = commit(engine, plans[index], actor=f"analyst{index}", note=periods[index])
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=commit_one, args=(i,)) for i in range(len(plans))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
        assert len(ids) == 4 and len(set(ids.values())) == 4
        listed = list_releases(engine).set_index("id")
        assert len(listed) == 5 and set(ids.values()) <= set(listed.index)
        with engine.connect() as conn:
            stored = pd.read_sql(sa.select(figures), conn)
        for index, release_id in ids.items():
            expected = plans[index].result.figures[schema.COLUMNS].sort_values(schema.KEY, ignore_index=True)
            got = stored[stored["release_id"] == release_id][schema.COLUMNS].sort_values(schema.KEY, ignore_index=True)
            pd.testing.assert_frame_equal(got, expected, check_dtype=False)
            assert listed.loc[release_id, "row_count"] == len(expected)
            assert listed.loc[release_id, "note"] == periods[index]
        active = active_figures(engine)
        assert set(periods) <= set(active["period_end"])
        assert len(active[active["period_end"].isin(periods)]) == 4 * 47 * 3
    finally:
        engine.dispose()


def _revision_csv(bundled: pd.DataFrame, start: int, step: int, new_period: str) -> bytes:
    """Revise `step` bundled prefecture worker figures by +1..+step, and add a new period.

    Prefecture worker figures form no complete set, so the revisions break no sum with the stored figures.
    """
    candidates = bundled[(bundled["measure"] == "workers") & (bundled["prefecture_code"] != "00")
                         & (bundled["nationality"] == "VN") & (bundled["breakdown"] == "total")].iloc[start:start + step]
    rows = [dict(period_end=r.period_end, prefecture=r.prefecture_code, nationality=r.nationality, measure=r.measure,
                 breakdown=r.breakdown, value=str(r.value + i + 1), source_title=r.source_title, source_url=r.source_url,
                 source_kind=r.source_kind, note="revised")
            for i, r in enumerate(candidates.itertuples())]
    rows += [row(period_end=new_period, prefecture=f"{n:02d}", value=str(n * 11)) | {"source_kind": "official",
                                                                                     "note": ""}
             for n in range(1, 11)]
    return csv_bytes(rows, columns=[*row(), "source_kind", "note"])


def test_rollback_then_reapply_restores_exactly_the_previous_active_data(store_url, bundled_figures):
    engine = sa.create_engine(store_url)
    try:
        ensure_store(engine, BUNDLE)
        state0 = active_figures(engine)
        plan1 = plan_import(engine, _revision_csv(bundled_figures, 0, 20, "1990-06-30"), "r1.csv", "csv")
        assert plan1.can_commit, plan1.result.problem_table()
        r1 = commit(engine, plan1, actor="tester", confirm_large_changes=True)
        state1 = active_figures(engine)
        # r2 overlaps half of r1's revisions and adds its own period
        plan2 = plan_import(engine, _revision_csv(bundled_figures, 10, 20, "1990-12-31"), "r2.csv", "csv")
        assert plan2.can_commit, plan2.result.problem_table()
        r2 = commit(engine, plan2, actor="tester", confirm_large_changes=True)
        state2 = active_figures(engine)
        assert not state1.equals(state0) and not state2.equals(state1)

        set_release_active(engine, r1, False, actor="tester", note="rollback r1")
        without_r1 = active_figures(engine)
        # independent model: bundle, then r2 on top; r1's own keys fall back to the bundle
        model = _with_release(bundled_figures, plan2.result.figures[schema.COLUMNS])
        assert _same(without_r1.drop(columns="release_id"), model)
        set_release_active(engine, r1, True, actor="tester", note="re-apply r1")
        pd.testing.assert_frame_equal(active_figures(engine), state2)

        set_release_active(engine, r2, False, actor="tester")
        pd.testing.assert_frame_equal(active_figures(engine), state1)
        set_release_active(engine, r1, False, actor="tester")
        pd.testing.assert_frame_equal(active_figures(engine), state0)
        set_release_active(engine, r1, True, actor="tester")
        pd.testing.assert_frame_equal(active_figures(engine), state1)
        set_release_active(engine, r2, True, actor="tester")
        pd.testing.assert_frame_equal(active_figures(engine), state2)

        actions = list_events(engine)["action"].tolist()
        assert actions == ["created", "created", "created", "deactivated", "reactivated", "deactivated", "deactivated",
                           "reactivated", "reactivated"]
    finally:
        engine.dispose()

