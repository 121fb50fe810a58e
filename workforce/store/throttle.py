"""How long a sign-in must wait after failures: per account name and per client, from the audit log.

A failed sign-in is not answered by sleeping (a sleep holds a server thread after the client has gone,
and parallel sessions multiplied it). Instead, after a failure the same name, and the same client,
may not try again for a delay that doubles with each failure in the last 15 minutes, capped; an
attempt inside that delay is refused at once, before any password is checked. The log is shared by
every server process, so the limit holds across `workforce serve`'s workers.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from workforce import settings
from workforce.store.db import audit_log

WINDOW = timedelta(minutes=15)
MAX_DELAY_SECONDS = 8.0
CLIENT_PREFIX = "client="


def failure_delay(failures: int) -> float:
    """Seconds to wait after the `failures`-th recent failure (1-based would be failures + 1): doubles, capped."""
    base = float(settings.SIGNIN_DELAY.value())
    return min(base * (2 ** failures), MAX_DELAY_SECONDS)


def client_detail(client: str) -> str:
    return f"{CLIENT_PREFIX}{client}"[:100] if client else ""


def _wait(conn: sa.Connection, condition, now: datetime) -> float:
    since = (now - WINDOW).isoformat(timespec="milliseconds")
    count, last = conn.execute(sa.select(sa.func.count(), sa.func.max(audit_log.c.at)).where(
        audit_log.c.action == "signin_failed", condition, audit_log.c.at >= since)).one()
    if not count:
        return 0.0
    allowed = datetime.fromisoformat(last) + timedelta(seconds=failure_delay(int(count) - 1))
    return max(0.0, (allowed - now).total_seconds())


def wait_seconds(engine: sa.Engine, name: str, client: str = "") -> float:
    """Seconds before `name` (and `client`, if known) may try again; 0 when it may now."""
    now = datetime.now(timezone.utc)
    with engine.connect() as conn:
        waits = [_wait(conn, audit_log.c.actor == name, now)]
        if client:
            waits.append(_wait(conn, audit_log.c.detail == client_detail(client), now))
    return max(waits)
