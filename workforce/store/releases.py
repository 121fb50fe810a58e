"""Create, list and read releases. Each write is one transaction: the store is at the old or the new state."""
from __future__ import annotations

import getpass
import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from workforce import schema
from workforce.ingest.isa_municipal import MUNICIPAL_COLUMNS, MUNICIPAL_KEY
from workforce.messages import InputError
from workforce.store.db import figures, metadata, municipal_figures, release_events, releases, store_meta
from workforce.validate import require_rules

BUNDLED_MARKER = "bundled_release_id"
MUNICIPAL_BUNDLE = "municipal_figures.csv"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def create_release(engine: sa.Engine, frame: pd.DataFrame, *, actor: str, kind: str, file_name: str,
                   sha256: str, fmt: str, note: str = "", connection: sa.Connection | None = None,
                   municipal: pd.DataFrame | None = None) -> int:
    """Store `frame` (tidy figures, already validated) and `municipal` (municipal figures, already validated)
    as a new active release; returns its id."""
    municipal = municipal if municipal is not None else pd.DataFrame(columns=MUNICIPAL_COLUMNS)

    def write(conn: sa.Connection) -> int:
        release_id = conn.execute(releases.insert().values(
            created_at=_now(), actor=actor, kind=kind, file_name=file_name, sha256=sha256, format=fmt,
            row_count=len(frame) + len(municipal), note=note, active=True)).inserted_primary_key[0]
        _insert_figures(conn, frame.assign(release_id=release_id)[["release_id", *schema.COLUMNS]])
        if len(municipal):
            _insert_figures(conn, municipal.assign(release_id=release_id)[["release_id", *MUNICIPAL_COLUMNS]],
                            table="municipal_figures")
        conn.execute(release_events.insert().values(
            release_id=release_id, at=_now(), actor=actor, action="created", note=note))
        return int(release_id)

    if connection is not None:
        return write(connection)
    with engine.begin() as conn:
        return write(conn)


def _insert_figures(conn: sa.Connection, frame: pd.DataFrame, chunk: int = 50_000, table: str = "figures") -> None:
    """Bulk insert inside the caller's transaction: COPY on PostgreSQL, executemany on SQLite.

    Going below SQLAlchemy's row dictionaries, in chunks, keeps a million-row commit within seconds
    and its memory bounded. Rows are built from each column's tolist(): Python scalars both drivers
    adapt natively, made in C (itertuples boxes pyarrow strings one at a time, 6× slower).
    """
    columns = ", ".join(frame.columns)
    cursor = conn.connection.cursor()
    statement = f"INSERT INTO {table} ({columns})"
    try:
        for start in range(0, len(frame), chunk):
            part = frame.iloc[start:start + chunk]
            rows = zip(*(part[column].tolist() for column in frame.columns))
            if conn.dialect.name == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join("?" for _ in frame.columns)
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
    except conn.dialect.loaded_dbapi.Error as error:
        # The raw driver cursor bypasses SQLAlchemy: wrap its errors (disk full, connection lost) the same way.
        raise sa.exc.DBAPIError.instance(statement, None, error, conn.dialect.loaded_dbapi.Error,
                                         dialect=conn.dialect) from error
    finally:
        cursor.close()


def ensure_store(engine: sa.Engine, bundled_figures: Path) -> int:
    """Create (or migrate) the tables and load the bundled dataset as a release if the store lacks it.

    A new store gets the bundle as its first release. A store made with an older bundle gets the new
    one as a new release, and the older bundled releases are rolled back (kept, as events, never
    deleted), so figures the new bundle leaves out or corrects do not linger; analysts' releases stay
    on top. Returns the current bundled release's id. Safe when several servers start at once: a
    marker row per bundle (its primary key) lets exactly one of them insert it.
    """
    _create_tables(engine)
    municipal_file = bundled_figures.parent / MUNICIPAL_BUNDLE
    sha = file_sha256(bundled_figures)
    if municipal_file.exists():  # the bundle is both files: a change to either is a new bundle
        sha = hashlib.sha256(f"{sha}:{file_sha256(municipal_file)}".encode()).hexdigest()
    marker = f"bundle:{sha[:40]}"
    existing = _marker_value(engine, marker)
    if existing is None and _marker_value(engine, BUNDLED_MARKER) is not None and _bundled_sha(engine) == sha:
        existing = _marker_value(engine, BUNDLED_MARKER)  # a store bundled before markers named their bundle
    if existing is not None:
        return int(existing)
    frame = pd.read_csv(bundled_figures, dtype=str, keep_default_na=False).astype({"value": "int64"})
    require_rules(frame, f"data/{bundled_figures.name}")
    municipal = read_municipal_bundle(municipal_file, frame) if municipal_file.exists() else None
    try:
        with engine.begin() as conn:
            older = conn.execute(sa.select(releases.c.id).where(
                (releases.c.kind == "bundled") & releases.c.active.is_(True))).scalars().all()
            release_id = create_release(
                engine, frame, actor="bundle", kind="bundled", file_name=f"data/{bundled_figures.name}",
                sha256=sha, fmt="csv",
                note="Bundled dataset built by scripts/build_dataset.py from the reviewed reference files",
                connection=conn, municipal=municipal)
            conn.execute(store_meta.insert().values(key=marker, value=str(release_id)))
            _set_marker(conn, BUNDLED_MARKER, str(release_id))
            for old in older:
                conn.execute(releases.update().where(releases.c.id == old).values(active=False))
                conn.execute(release_events.insert().values(
                    release_id=old, at=_now(), actor="bundle", action="deactivated",
                    note=f"replaced by the newer bundled dataset, release {release_id}"))
    except sa.exc.IntegrityError:
        # Another process bundled first: its transaction won, ours left nothing behind. Any other
        # integrity error leaves no marker and is raised.
        if _marker_value(engine, marker) is None:
            raise
    return int(_marker_value(engine, marker))


def _create_tables(engine: sa.Engine, attempts: int = 3) -> None:
    """create_all and the column migrations, tolerating another process doing the same at the same moment."""
    for attempt in range(attempts):
        try:
            metadata.create_all(engine)
            migrate(engine)
            return
        except sa.exc.DBAPIError:
            if attempt == attempts - 1:
                raise


# Columns added after stores were first made: (table, column, SQL type and default). Existing rows
# get the default, which says what they always meant (a figure read in the release itself).
MIGRATIONS = (("figures", "read_from_url", "TEXT NOT NULL DEFAULT ''"),)


def migrate(engine: sa.Engine) -> None:
    """Add the columns a store made by older code lacks; nothing is rewritten or lost."""
    inspector = sa.inspect(engine)
    with engine.begin() as conn:
        for table, column, definition in MIGRATIONS:
            if column not in {c["name"] for c in inspector.get_columns(table)}:
                conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {column} {definition}"))


def _set_marker(conn: sa.Connection, key: str, value: str) -> None:
    updated = conn.execute(store_meta.update().where(store_meta.c.key == key).values(value=value)).rowcount
    if not updated:
        conn.execute(store_meta.insert().values(key=key, value=value))


def _marker_value(engine: sa.Engine, key: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.select(store_meta.c.value).where(store_meta.c.key == key)).scalar()


def _bundled_sha(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.select(releases.c.sha256).where(releases.c.kind == "bundled")
                            .order_by(releases.c.id.desc()).limit(1)).scalar()


def state_token(engine: sa.Engine) -> int:
    """A number that changes whenever the active data changes (newest release event id): one cheap query."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(release_events.c.id), 0))).scalar())


def active_figures(engine: sa.Engine, **filters: str | None) -> pd.DataFrame:
    """The active figures: for each key, the row of the newest active release holding it.

    `filters` narrow by key columns (e.g. measure="residents", nationality="VN"); None means any.
    """
    return _newest_active(engine, figures, schema.COLUMNS, schema.KEY, filters)


def _newest_active(engine: sa.Engine, table: sa.Table, columns: list[str], key: list[str],
                   filters: dict[str, str | None]) -> pd.DataFrame:
    """For each key of `table`, the row of the newest active release holding it (a row_number() window)."""
    ranked = (
        sa.select(*[table.c[name] for name in columns], table.c.release_id,
                  sa.func.row_number().over(partition_by=[table.c[name] for name in key],
                                            order_by=table.c.release_id.desc()).label("rank"))
        .join(releases, releases.c.id == table.c.release_id)
        .where(releases.c.active.is_(True))
    )
    for name, value in filters.items():
        if value is not None:
            ranked = ranked.where(table.c[name] == value)
    ranked = ranked.subquery()
    query = sa.select(*[ranked.c[name] for name in columns], ranked.c.release_id).where(ranked.c.rank == 1)
    with engine.connect() as conn:
        frame = pd.read_sql(query, conn)
    frame["value"] = frame["value"].astype("int64")
    return frame.sort_values(key, ignore_index=True)


def read_municipal_bundle(path: Path, prefecture_figures: pd.DataFrame) -> pd.DataFrame:
    """The bundled municipal figures, after the municipal rules (sums, wards, the prefecture figures)."""
    from workforce.municipal import require_municipal_rules

    frame = pd.read_csv(path, dtype=str, keep_default_na=False).astype({"value": "int64"})
    require_municipal_rules(frame, prefecture_figures, f"data/{path.name}")
    return frame[MUNICIPAL_COLUMNS]


def active_municipal_figures(engine: sa.Engine, **filters: str | None) -> pd.DataFrame:
    """The active municipal figures: for each key, the row of the newest active release holding it.

    `filters` narrow by columns (period_end, prefecture_code, nationality, municipality_code); None means any.
    """
    return _newest_active(engine, municipal_figures, MUNICIPAL_COLUMNS, MUNICIPAL_KEY, filters)


class ReleaseError(InputError):
    """A release change that cannot be made (unknown id, already in that state)."""


def set_release_active(engine: sa.Engine, release_id: int, active: bool, *, actor: str, note: str = "",
                       authorise=None) -> None:
    """Roll a release back (active=False) or re-apply it (active=True); recorded as an event, never deleted.

    `authorise(conn)`, if given, runs first in the same transaction (the page's analyst check).
    """
    with engine.begin() as conn:
        if authorise is not None:
            authorise(conn)
        current = conn.execute(sa.select(releases.c.active).where(releases.c.id == release_id)).scalar()
        if current is None:
            raise ReleaseError("release_missing", release=str(release_id))
        if bool(current) == active:
            raise ReleaseError("release_already_active" if active else "release_already_rolled_back",
                               release=str(release_id))
        conn.execute(releases.update().where(releases.c.id == release_id).values(active=active))
        conn.execute(release_events.insert().values(
            release_id=release_id, at=_now(), actor=actor, action="reactivated" if active else "deactivated", note=note))


def list_events(engine: sa.Engine) -> pd.DataFrame:
    """Every release event (created, deactivated, reactivated), oldest first."""
    with engine.connect() as conn:
        return pd.read_sql(sa.select(release_events).order_by(release_events.c.id), conn)


def figure_history(engine: sa.Engine, key: dict[str, str]) -> pd.DataFrame:
    """One figure's values in every release that holds it, with who made the release and whether it is active."""
    query = (sa.select(figures.c.release_id, figures.c.value, figures.c.source_title, releases.c.created_at,
                       releases.c.actor, releases.c.file_name, releases.c.active)
             .join(releases, releases.c.id == figures.c.release_id).order_by(figures.c.release_id))
    for name, value in key.items():
        query = query.where(figures.c[name] == value)
    with engine.connect() as conn:
        return pd.read_sql(query, conn)


def list_releases(engine: sa.Engine) -> pd.DataFrame:
    """Every release, oldest first."""
    with engine.connect() as conn:
        return pd.read_sql(sa.select(releases).order_by(releases.c.id), conn)


def current_actor() -> str:
    """The operating-system user, recorded as the actor of command-line changes."""
    return getpass.getuser()
