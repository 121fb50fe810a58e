"""Named briefings: which slides, in which order, for which prefectures, in which language.

A briefing records no figure, only a choice of slides, but its name is what a link opens at a
meeting, so saving or replacing one needs an analyst (the page passes its sign-in check, run inside
the saving transaction) and records who saved it. Opening one needs nothing. At most MAX_BRIEFINGS
are kept, so no one can fill the store with them. Saving under an existing name replaces that
briefing in one statement (an upsert on SQLite and PostgreSQL), so two analysts saving the same
name at once leave one whole briefing, never a mix or an error.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

import sqlalchemy as sa

from workforce.store.db import metadata

NAME_MAX = 80
MAX_BRIEFINGS = 100

briefings = sa.Table(
    "briefings", metadata,
    sa.Column("name", sa.String(NAME_MAX), primary_key=True),
    sa.Column("slides", sa.String(200), nullable=False),  # slide kinds in order, comma-separated
    sa.Column("prefectures", sa.String(200), nullable=False),  # JIS codes in order, comma-separated
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601, UTC; the latest save
    sa.Column("author", sa.String(100), nullable=False, server_default=""),  # analyst of the latest save
)
_with_author: set[str] = set()  # store URLs whose briefings table has the author column


class BriefingError(ValueError):
    """A briefing that cannot be saved. `reason` names what is wrong: name, slides, prefectures or lang."""

    def __init__(self, reason: str, message: str):
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class Briefing:
    name: str
    slides: tuple[str, ...]
    prefectures: tuple[str, ...]
    lang: str
    created_at: str
    author: str = ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(",") if part)


def validate(name: str, slides: Iterable[str], prefectures: Iterable[str], lang: str) -> Briefing:
    """The briefing as it would be stored (name trimmed, duplicates dropped), or BriefingError."""
    from workforce.slide_kinds import SLIDE_KINDS
    from workforce.i18n import LANGUAGES
    from workforce.prefectures import PREFECTURE_CODES

    name = str(name).strip()
    if not 1 <= len(name) <= NAME_MAX or not name.isprintable():
        raise BriefingError("name", f"a briefing name has 1 to {NAME_MAX} printable characters, got {name!r}")
    kinds = tuple(dict.fromkeys(slides))
    if not kinds or not set(kinds) <= set(SLIDE_KINDS):
        raise BriefingError("slides", f"slides must be one or more of {', '.join(SLIDE_KINDS)}, got {list(kinds)}")
    codes = tuple(dict.fromkeys(prefectures))
    if not set(codes) <= set(PREFECTURE_CODES):
        raise BriefingError("prefectures", f"prefectures must be JIS codes 01-47, got {list(codes)}")
    if "prefecture" in kinds and not codes:
        raise BriefingError("prefectures", "prefecture slides need at least one prefecture")
    if lang not in LANGUAGES:
        raise BriefingError("lang", f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return Briefing(name, kinds, codes, lang, _now())


def _ensure_author_column(engine: sa.Engine) -> None:
    """Stores made before briefings had authors get the column (empty for the old ones), once per process."""
    url = engine.url.render_as_string(hide_password=False)
    if url in _with_author:
        return
    if "author" not in {c["name"] for c in sa.inspect(engine).get_columns("briefings")}:
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("ALTER TABLE briefings ADD COLUMN author VARCHAR(100) NOT NULL DEFAULT ''"))
        except sa.exc.DBAPIError:  # another process added it first
            if "author" not in {c["name"] for c in sa.inspect(engine).get_columns("briefings")}:
                raise
    _with_author.add(url)


def save_briefing(engine: sa.Engine, name: str, slides: Iterable[str], prefectures: Iterable[str],
                  lang: str, *, author: str, authorise: Callable[[sa.Connection], object] | None = None) -> Briefing:
    """Store a briefing under `name`, replacing one of the same name; returns what was stored.

    `authorise(conn)` runs first in the same transaction. A new name beyond MAX_BRIEFINGS is refused.
    """
    briefing = replace(validate(name, slides, prefectures, lang), author=author)
    values = {"name": briefing.name, "slides": ",".join(briefing.slides),
              "prefectures": ",".join(briefing.prefectures), "lang": briefing.lang, "created_at": briefing.created_at,
              "author": author}
    _ensure_author_column(engine)
    with engine.begin() as conn:
        if authorise is not None:
            authorise(conn)
        dialect = conn.dialect.name
        if dialect == "postgresql":  # count and insert as one step across concurrent savers
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('workforce.briefings'))"))
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            statement = insert(briefings).values(**values)
            conn.execute(statement.on_conflict_do_update(
                index_elements=[briefings.c.name], set_={k: statement.excluded[k] for k in values if k != "name"}))
        else:
            conn.execute(briefings.delete().where(briefings.c.name == briefing.name))
            conn.execute(briefings.insert().values(**values))
        # Counted after the write, which holds SQLite's write lock (PostgreSQL: the advisory lock above).
        if conn.execute(sa.select(sa.func.count()).select_from(briefings)).scalar() > MAX_BRIEFINGS:
            raise BriefingError("full", f"at most {MAX_BRIEFINGS} briefings are kept; replace one by saving under its name")
    return briefing


def _from_row(row: sa.Row) -> Briefing:
    return Briefing(row.name, _split(row.slides), _split(row.prefectures), row.lang, row.created_at, row.author)


def list_briefings(engine: sa.Engine) -> list[Briefing]:
    """Every saved briefing, by name."""
    _ensure_author_column(engine)
    with engine.connect() as conn:
        return [_from_row(row) for row in conn.execute(sa.select(briefings).order_by(briefings.c.name))]


def load_briefing(engine: sa.Engine, name: str) -> Briefing | None:
    """The briefing called `name`, or None."""
    _ensure_author_column(engine)
    with engine.connect() as conn:
        row = conn.execute(sa.select(briefings).where(briefings.c.name == str(name).strip())).first()
    return None if row is None else _from_row(row)
