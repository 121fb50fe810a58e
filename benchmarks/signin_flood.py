"""Sign-in flooding (issue 14, point 5): how many passwords an attacker gets checked per minute.

Two attackers against a fresh SQLite store with one analyst, for `--seconds` (60) each: one guesses one
name's password from one client; one changes the name on every try, from one client. Each retries as
soon as the answer allows (it is told how long to wait) and never sleeps longer. Prints the passwords
actually checked per minute. No server and no network: the domain function every page calls.
Run: `python benchmarks/signin_flood.py [--seconds 60]`.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def attack(engine, seconds: float, rotate_names: bool) -> int:
    from workforce.store.analysts import verify

    checked, n, deadline = 0, 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        n += 1
        outcome = verify(engine, f"guess-{n}" if rotate_names else "alice", f"wrong-{n}", client="203.0.113.9")
        checked += outcome.checked
        time.sleep(min(outcome.wait, max(0.0, deadline - time.monotonic())))
    return checked


def main() -> None:
    import sqlalchemy as sa

    from workforce.store import ensure_store
    from workforce.store.analysts import add_analyst

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    for rotate in (False, True):
        with tempfile.TemporaryDirectory() as folder:
            engine = sa.create_engine(f"sqlite:///{folder}/flood.sqlite")
            ensure_store(engine, ROOT / "data" / "figures.csv")
            add_analyst(engine, "alice", "correct horse battery", actor="bench")
            checked = attack(engine, args.seconds, rotate)
            engine.dispose()
        label = "a new name every try, one client" if rotate else "one name, one client"
        print(f"{label}: {checked} passwords checked in {args.seconds:.0f} s = {checked * 60 / args.seconds:.1f} per minute")


if __name__ == "__main__":
    main()
