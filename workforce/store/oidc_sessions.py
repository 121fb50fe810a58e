"""OIDC sign-ins made revocable: "sign out everywhere" and the idle timeout for st.login identities.

Streamlit keeps an OIDC sign-in in a signed browser cookie (for 30 days) that the store never sees, so
ending it in the store needs two records:
- each sign-in the dashboard has seen (issuer, e-mail and the token's `iat`, the moment the provider
  issued it) with its last use, so that an idle one, or one signed out, stays ended;
- per identity (issuer + e-mail), when it was last "signed out everywhere": a token issued before that
  moment is refused even if this store has never seen it (a cookie kept in another browser).
A sign-in from after that moment is a new one. The write guard asks `check` inside the write's own
transaction, as it asks `sessions.check` for a password sign-in. Only allow-listed identities are
recorded (the caller checks the allow-list first), so visitors cannot grow these tables.
"""
from __future__ import annotations

import hashlib
import math
import time
from datetime import datetime, timezone

import sqlalchemy as sa

from workforce.store.db import metadata
from workforce.store.sessions import _TOUCH_EVERY, idle_timeout

oidc_sign_ins = sa.Table(
    "oidc_sign_ins", metadata,
    sa.Column("sign_in_sha256", sa.String(64), primary_key=True),  # of issuer, e-mail and iat
    sa.Column("identity_sha256", sa.String(64), nullable=False, index=True),  # of issuer and e-mail
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("issued_at", sa.BigInteger, nullable=False),  # the token's iat, seconds since 1970 (provider's clock)
    sa.Column("last_seen", sa.String(32), nullable=False),  # ISO 8601, UTC (this server's clock)
    sa.Column("ended", sa.Boolean, nullable=False, default=False),
)

oidc_sign_outs = sa.Table(
    "oidc_sign_outs", metadata,
    sa.Column("identity_sha256", sa.String(64), primary_key=True),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("signed_out_at", sa.BigInteger, nullable=False),  # seconds since 1970: tokens issued until then end
)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def issued_at(claims: dict) -> int | None:
    """The token's `iat` as whole seconds, or None when it has none a sign-out could be compared with."""
    iat = claims.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, (int, float)) or not math.isfinite(iat) or iat <= 0:
        return None
    return int(iat)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _upsert_nothing(conn: sa.Connection, table: sa.Table, **values):
    """INSERT that leaves an existing row alone (two page runs of one browser may record the same sign-in)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(table).values(**values).on_conflict_do_nothing())


def check(engine: sa.Engine, issuer: str, email: str, iat: int | None, conn: sa.Connection | None = None, *,
          touch: bool = True) -> bool:
    """True if this OIDC sign-in (of an identity already on the allow-list) is still live.

    Refused: no `iat`; issued at or before the identity's last "sign out everywhere"; signed out; unused for
    longer than the idle timeout. Pass `conn` to check inside a write's transaction. With `touch` False nothing
    is written (the server's event loop asks that way).
    """
    if iat is None:
        return False
    if conn is None:
        with (engine.begin() if touch else engine.connect()) as own:
            return check(engine, issuer, email, iat, own, touch=touch)
    identity, sign_in = _digest(issuer, email), _digest(issuer, email, str(iat))
    signed_out = conn.execute(sa.select(oidc_sign_outs.c.signed_out_at)
                              .where(oidc_sign_outs.c.identity_sha256 == identity)).scalar()
    if signed_out is not None and iat <= signed_out:
        return False
    row = conn.execute(sa.select(oidc_sign_ins.c.last_seen, oidc_sign_ins.c.ended)
                       .where(oidc_sign_ins.c.sign_in_sha256 == sign_in)).first()
    now = _now()
    if row is None:
        if touch:
            _upsert_nothing(conn, oidc_sign_ins, sign_in_sha256=sign_in, identity_sha256=identity, email=email,
                            issued_at=iat, last_seen=now.isoformat(timespec="seconds"), ended=False)
        return True
    if row.ended:
        return False
    last_seen = datetime.fromisoformat(row.last_seen)
    if now - last_seen > idle_timeout():
        if touch:
            _end(conn, oidc_sign_ins.c.sign_in_sha256 == sign_in)
        return False
    if touch and now - last_seen >= _TOUCH_EVERY:
        conn.execute(oidc_sign_ins.update().where(oidc_sign_ins.c.sign_in_sha256 == sign_in)
                     .values(last_seen=now.isoformat(timespec="seconds")))
    return True


def _end(conn: sa.Connection, where) -> int:
    return conn.execute(oidc_sign_ins.update().where(where & oidc_sign_ins.c.ended.is_(False)).values(ended=True)).rowcount


def end_sign_in(engine: sa.Engine, issuer: str, email: str, iat: int | None) -> None:
    """Sign this one OIDC sign-in out (the cookie may have been copied: the store keeps it ended)."""
    if iat is None:
        return
    with engine.begin() as conn:
        _end(conn, oidc_sign_ins.c.sign_in_sha256 == _digest(issuer, email, str(iat)))


def sign_out_everywhere(engine: sa.Engine, issuer: str, email: str, conn: sa.Connection | None = None) -> int:
    """End every sign-in of this identity issued until now, seen here or not; returns how many this store had seen."""
    if conn is None:
        with engine.begin() as own:
            return sign_out_everywhere(engine, issuer, email, own)
    identity = _digest(issuer, email)
    moment = int(time.time())
    _upsert_nothing(conn, oidc_sign_outs, identity_sha256=identity, email=email, signed_out_at=moment)
    conn.execute(oidc_sign_outs.update().where(oidc_sign_outs.c.identity_sha256 == identity)
                 .values(signed_out_at=moment))
    return _end(conn, oidc_sign_ins.c.identity_sha256 == identity)
