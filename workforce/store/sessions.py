"""Analyst sign-in sessions kept in the store, so that they can be revoked from anywhere.

A browser session holds only a random token; the store holds its SHA-256, the analyst's name and
when it was last used. Every write asks the store again (`check`), so removing an analyst, "sign out
everywhere" or an idle timeout takes effect at the next action, in every process, not at the next
sign-in. The table is new, so `create_all` adds it to existing stores without a migration.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from workforce import settings
from workforce.store.db import analysts, metadata

analyst_sessions = sa.Table(
    "analyst_sessions", metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, index=True),
    sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601, UTC
    sa.Column("last_seen", sa.String(32), nullable=False),
)

# last_seen is written at most this often: a page run should not be a write each time.
_TOUCH_EVERY = timedelta(seconds=30)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def idle_timeout() -> timedelta:
    return timedelta(minutes=float(settings.SESSION_IDLE_MINUTES.value()))


def open_session(engine: sa.Engine, name: str) -> str:
    """A new session for `name` (already verified); returns the token the browser session keeps."""
    token = secrets.token_urlsafe(32)
    now = _stamp(_now())
    with engine.begin() as conn:
        conn.execute(analyst_sessions.insert().values(token_sha256=_digest(token), name=name,
                                                      created_at=now, last_seen=now))
    return token


def check(engine: sa.Engine, token: str | None, conn: sa.Connection | None = None, *, touch: bool = True) -> str | None:
    """The analyst whose session `token` is, if the account still exists and the session is live; else None.

    Pass `conn` to check inside the transaction of the write it guards. A live session's last use is
    moved forward and an idle one deleted, unless `touch` is False: then nothing is written (the server's
    event loop asks that way, so that it never waits for a committing analyst's write lock).
    """
    if not token:
        return None
    if conn is None:
        with (engine.begin() if touch else engine.connect()) as own:
            return check(engine, token, own, touch=touch)
    digest = _digest(token)
    row = conn.execute(
        sa.select(analyst_sessions.c.name, analyst_sessions.c.last_seen)
        .join(analysts, analysts.c.name == analyst_sessions.c.name)
        .where(analyst_sessions.c.token_sha256 == digest)).first()
    if row is None:
        return None
    now = _now()
    last_seen = datetime.fromisoformat(row.last_seen)
    if now - last_seen > idle_timeout():
        if touch:
            conn.execute(analyst_sessions.delete().where(analyst_sessions.c.token_sha256 == digest))
        return None
    if touch and now - last_seen >= _TOUCH_EVERY:
        conn.execute(analyst_sessions.update().where(analyst_sessions.c.token_sha256 == digest)
                     .values(last_seen=_stamp(now)))
    return row.name


def end_session(engine: sa.Engine, token: str | None) -> None:
    """Sign one session out."""
    if token:
        with engine.begin() as conn:
            conn.execute(analyst_sessions.delete().where(analyst_sessions.c.token_sha256 == _digest(token)))


def end_all(engine: sa.Engine, name: str, conn: sa.Connection | None = None) -> int:
    """Sign every session of `name` out, in every browser and process; returns how many there were."""
    if conn is None:
        with engine.begin() as own:
            return end_all(engine, name, own)
    return conn.execute(analyst_sessions.delete().where(analyst_sessions.c.name == name)).rowcount


class NotSignedIn(PermissionError):
    """A write was attempted by a session that is no longer an analyst's (removed, signed out, idle)."""
