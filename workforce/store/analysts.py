"""Analyst accounts: argon2-hashed passwords, slowed-down failed sign-ins, and the audit log."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

import pandas as pd
import sqlalchemy as sa

from workforce import settings
from workforce.store import sessions
from workforce.store.db import analysts, audit_log

NAME_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{2,100}$")
MIN_PASSWORD = 10
FAILURE_WINDOW = timedelta(minutes=15)
MAX_DELAY_SECONDS = 8.0


class AnalystError(ValueError):
    """An account change that cannot be made; the message says why."""


def _hasher():
    from argon2 import PasswordHasher  # imported here: only sign-in needs it

    return PasswordHasher()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def record(engine: sa.Engine, actor: str, action: str, detail: str = "", conn: sa.Connection | None = None) -> None:
    """Append one line to the audit log."""
    values = dict(at=_now().isoformat(timespec="seconds"), actor=actor, action=action, detail=detail)
    if conn is not None:
        conn.execute(audit_log.insert().values(**values))
        return
    with engine.begin() as own:
        own.execute(audit_log.insert().values(**values))


def add_analyst(engine: sa.Engine, name: str, password: str, *, actor: str) -> None:
    if not NAME_PATTERN.match(name):
        raise AnalystError("a name of 2-100 letters, digits, '.', '_', '@' or '-'")
    if len(password) < MIN_PASSWORD:
        raise AnalystError(f"a password of at least {MIN_PASSWORD} characters")
    with engine.begin() as conn:
        if conn.execute(sa.select(analysts.c.name).where(analysts.c.name == name)).first():
            raise AnalystError(f"analyst {name!r} already exists")
        conn.execute(analysts.insert().values(name=name, password_hash=_hasher().hash(password),
                                              created_at=_now().isoformat(timespec="seconds")))
        record(engine, actor, "analyst_added", name, conn)


def remove_analyst(engine: sa.Engine, name: str, *, actor: str) -> None:
    with engine.begin() as conn:
        if conn.execute(analysts.delete().where(analysts.c.name == name)).rowcount == 0:
            raise AnalystError(f"no analyst named {name!r}")
        sessions.end_all(engine, name, conn)  # open sign-ins end now, and stay ended if the name is added again
        record(engine, actor, "analyst_removed", name, conn)


def sign_out_everywhere(engine: sa.Engine, name: str, *, actor: str) -> int:
    """End every open sign-in of `name` (every browser, every process); returns how many ended."""
    with engine.begin() as conn:
        ended = sessions.end_all(engine, name, conn)
        record(engine, actor, "signout_everywhere", f"{name}: {ended} sessions", conn)
    return ended


def _recent_failures(engine: sa.Engine, name: str) -> int:
    since = (_now() - FAILURE_WINDOW).isoformat(timespec="seconds")
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(audit_log).where(
            audit_log.c.action == "signin_failed", audit_log.c.actor == name, audit_log.c.at >= since)).scalar())


def failure_delay(failures: int) -> float:
    """Seconds to wait after a failed sign-in: doubles with each recent failure, capped."""
    base = float(settings.SIGNIN_DELAY.value())
    return min(base * (2 ** failures), MAX_DELAY_SECONDS)


def verify(engine: sa.Engine, name: str, password: str) -> bool:
    """True if the password is right. A wrong one is recorded and answered slowly, slower each time."""
    from argon2.exceptions import InvalidHashError, VerificationError

    with engine.connect() as conn:
        stored = conn.execute(sa.select(analysts.c.password_hash).where(analysts.c.name == name)).scalar()
    try:
        ok = stored is not None and _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if ok:
        record(engine, name, "signin")
        return True
    delay = failure_delay(_recent_failures(engine, name))
    record(engine, name, "signin_failed")
    time.sleep(delay)
    return False


def list_analysts(engine: sa.Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(sa.select(analysts.c.name, analysts.c.created_at).order_by(analysts.c.name), conn)


def audit_entries(engine: sa.Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(sa.select(audit_log).order_by(audit_log.c.id), conn)
