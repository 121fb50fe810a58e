"""Issue 14, point 5: sign-in flooding is bounded in size, in memory, in rate per name and per client,
and an unknown name is answered in the time a wrong password takes."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import pytest

from tests.support.stores import ROOT, store_with_analyst
from workforce.store.analysts import add_analyst, audit_entries, verify

MIB = 1024 * 1024


@pytest.fixture()
def engine(store_url, monkeypatch):
    engine = store_with_analyst(store_url, "alice", monkeypatch, delay="0.2")
    yield engine
    engine.dispose()


def test_a_huge_name_is_cut_before_it_is_looked_up_or_logged(engine):
    """Before: 3 sign-ins with a 20 MiB name grew the store by 80 MiB; over 200 characters, PostgreSQL
    raised a DataError (a traceback on the page)."""
    for n in range(3):
        outcome = verify(engine, "x" * (20 * MIB) + str(n), "whatever", client=f"10.0.0.{n}")
        assert not outcome
        time.sleep(outcome.wait)
    actors = audit_entries(engine).query("action == 'signin_failed'")["actor"]
    assert len(actors) == 3 and actors.str.len().max() <= 100


def test_a_name_one_character_too_long_never_signs_in(engine):
    add_analyst(engine, "b" * 100, "correct horse battery", actor="admin")
    assert not verify(engine, "b" * 101, "correct horse battery")


def test_the_throttle_is_per_client_as_well_as_per_name(engine):
    assert not verify(engine, "guess-1", "x", client="203.0.113.7")
    other_name = verify(engine, "guess-2", "x", client="203.0.113.7")  # a new name from the same client
    assert not other_name.checked and other_name.wait > 0
    assert verify(engine, "alice", "correct horse battery", client="198.51.100.1")  # another client is not held


def test_an_unknown_name_is_answered_in_the_time_a_wrong_password_takes(engine, monkeypatch):
    """Before: 0.55 s for an unknown name against 0.76-1.91 s for a wrong password (argon2 skipped).
    Medians of 9 interleaved tries, throttle off; a generous band for a loaded 2-core machine."""
    monkeypatch.setenv("WORKFORCE_SIGNIN_DELAY_SECONDS", "0")
    unknown, wrong = [], []
    for n in range(9):
        for name, times in (("nobody-" + str(n), unknown), ("alice", wrong)):
            started = time.perf_counter()
            assert not verify(engine, name, "wrong password")
            times.append(time.perf_counter() - started)
    ratio = statistics.median(unknown) / statistics.median(wrong)
    print(f"median unknown {statistics.median(unknown) * 1000:.0f} ms, wrong {statistics.median(wrong) * 1000:.0f} ms")
    assert 0.6 < ratio < 1.6


PARALLEL = """
import resource, sys, threading, time
sys.path.insert(0, {root!r})
import sqlalchemy as sa
from workforce.store import ensure_store
from workforce.store.analysts import add_analyst, verify
engine = sa.create_engine("sqlite:///{store}")
from pathlib import Path
ensure_store(engine, Path({figures!r}))
add_analyst(engine, "alice", "correct horse battery", actor="admin")
verify(engine, "alice", "correct horse battery")  # libraries loaded, one check done
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
threads = [threading.Thread(target=verify, args=(engine, "alice", f"wrong-{{n}}")) for n in range(10)]
started = time.perf_counter()
[t.start() for t in threads]; [t.join() for t in threads]
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, time.perf_counter() - started)
"""


def test_parallel_sign_ins_hold_at_most_two_password_checks_in_memory(tmp_path):
    """Before: 10 parallel sessions took the server to 816 MiB (argon2: 64 MiB per check, all at once)."""
    script = PARALLEL.format(root=str(ROOT), store=tmp_path / "s.sqlite", figures=str(ROOT / "data" / "figures.csv"))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "WORKFORCE_SIGNIN_DELAY_SECONDS": "0.5"})
    assert out.returncode == 0, out.stderr
    grown, elapsed = map(float, out.stdout.split())
    print(f"10 parallel sign-ins: peak RSS +{grown:.0f} MiB, {elapsed:.2f} s")
    assert grown < 200
