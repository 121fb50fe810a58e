"""Analyst accounts: argon2-hashed passwords, throttled and bounded sign-ins, and the audit log."""
from __future__ import annotations

import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
import sqlalchemy as sa

from workforce.store import sessions, throttle
from workforce.store.db import analysts, audit_log

NAME_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{2,100}$")
MIN_PASSWORD = 10
NAME_MAX = 100  # analysts.name; a longer name is cut before it is looked up or logged
PASSWORD_MAX = 1000
MAX_CONCURRENT_CHECKS = 2  # argon2 uses 64 MiB per check: ten parallel sign-ins took 816 MiB
BUSY_SECONDS = 5.0
failure_delay = throttle.failure_delay


class AnalystError(ValueError):
    """An account change that cannot be made; the message says why."""


def _hasher():
    from argon2 import PasswordHasher  # imported here: only sign-in needs it

    return PasswordHasher()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def record(engine: sa.Engine, actor: str, action: str, detail: str = "", conn: sa.Connection | None = None,
           precise: bool = False) -> None:
    """Append one line to the audit log (`precise`: milliseconds, for the sign-in throttle)."""
    values = dict(at=_now().isoformat(timespec="milliseconds" if precise else "seconds"), actor=actor[:NAME_MAX],
                  action=action, detail=detail)
    if conn is not None:
        conn.execute(audit_log.insert().values(**values))
        return
    with engine.begin() as own:
        own.execute(audit_log.insert().values(**values))


def add_analyst(engine: sa.Engine, name: str, password: str, *, actor: str) -> None:
    if not NAME_PATTERN.match(name):
        raise AnalystError("a name of 2-100 letters, digits, '.', '_', '@' or '-'")
    if not MIN_PASSWORD <= len(password) <= PASSWORD_MAX:
        raise AnalystError(f"a password of at least {MIN_PASSWORD} characters (and at most {PASSWORD_MAX})")
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


@dataclass(frozen=True)
class SignIn:
    """The answer to a sign-in: true only when the password was checked and right."""

    ok: bool
    checked: bool = True  # False: refused before any check (throttled or busy)
    wait: float = 0.0     # seconds before this name or client may try again
    busy: bool = False    # every password check slot was taken

    def __bool__(self) -> bool:
        return self.ok


_checks = threading.BoundedSemaphore(MAX_CONCURRENT_CHECKS)
_dummy_hash: list[str] = []  # checked for unknown names, so that they cost what a wrong password costs


def _hash_to_check(engine: sa.Engine, name: str) -> tuple[str, bool]:
    stored = None
    if NAME_PATTERN.match(name):  # a name no account can have is never looked up
        with engine.connect() as conn:
            stored = conn.execute(sa.select(analysts.c.password_hash).where(analysts.c.name == name)).scalar()
    if stored is None:
        if not _dummy_hash:
            _dummy_hash.append(_hasher().hash(secrets.token_urlsafe(16)))
        return _dummy_hash[0], False
    return stored, True


def verify(engine: sa.Engine, name: str, password: str, client: str = "") -> SignIn:
    """Check a sign-in. Bounded: the name (100 characters) and password (1,000) are cut before any work,
    at most MAX_CONCURRENT_CHECKS argon2 checks run at once, and a name or client inside its wait after
    failures is refused before any check. An unknown name costs one argon2 check, as a wrong password does."""
    from argon2.exceptions import InvalidHashError, VerificationError

    name, password = str(name), str(password)
    oversized = len(name) > NAME_MAX or len(password) > PASSWORD_MAX  # no account has one: never right
    name, password = name[:NAME_MAX], password[:PASSWORD_MAX]
    wait = throttle.wait_seconds(engine, name, client)
    if wait > 0:
        return SignIn(False, checked=False, wait=wait)
    if not _checks.acquire(timeout=BUSY_SECONDS):
        return SignIn(False, checked=False, busy=True)
    try:
        stored, known = _hash_to_check(engine, name if not oversized else "")
        try:
            ok = _hasher().verify(stored, password) and known
        except (VerificationError, InvalidHashError):
            ok = False
    finally:
        _checks.release()
    if ok:
        record(engine, name, "signin")
        return SignIn(True)
    record(engine, name, "signin_failed", throttle.client_detail(client), precise=True)
    return SignIn(False, wait=throttle.wait_seconds(engine, name, client))


def list_analysts(engine: sa.Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(sa.select(analysts.c.name, analysts.c.created_at).order_by(analysts.c.name), conn)


def audit_entries(engine: sa.Engine, newest: int | None = None) -> pd.DataFrame:
    """The audit trail (sign-ins, failed sign-ins, accounts added and removed), oldest first; with
    `newest`, only that many of the latest entries, newest first."""
    with engine.connect() as conn:
        if newest is None:
            return pd.read_sql(sa.select(audit_log).order_by(audit_log.c.id), conn)
        return pd.read_sql(sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(newest), conn)
