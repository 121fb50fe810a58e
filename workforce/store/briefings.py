"""Named briefings: which slides, in which order, for which prefectures, in which language.

A briefing records no figure, only a choice of slides, so saving one needs no analyst sign-in. Who
saved it is not known (presenters are anonymous); when is kept. Saving under an existing name
replaces that briefing in one statement (an upsert on SQLite and PostgreSQL), so two presenters
saving the same name at once leave one whole briefing, never a mix or an error.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from workforce.store.db import metadata

NAME_MAX = 80

briefings = sa.Table(
    "briefings", metadata,
    sa.Column("name", sa.String(NAME_MAX), primary_key=True),
    sa.Column("slides", sa.String(200), nullable=False),  # slide kinds in order, comma-separated
    sa.Column("prefectures", sa.String(200), nullable=False),  # JIS codes in order, comma-separated
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601, UTC; the latest save
)


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(",") if part)


def validate(name: str, slides: Iterable[str], prefectures: Iterable[str], lang: str) -> Briefing:
    """The briefing as it would be stored (name trimmed, duplicates dropped), or BriefingError."""
    from workforce.briefing import SLIDE_KINDS  # charts and metrics: only loaded when a briefing is saved
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


def save_briefing(engine: sa.Engine, name: str, slides: Iterable[str], prefectures: Iterable[str],
                  lang: str) -> Briefing:
    """Store a briefing under `name`, replacing one of the same name; returns what was stored."""
    briefing = validate(name, slides, prefectures, lang)
    values = {"name": briefing.name, "slides": ",".join(briefing.slides),
              "prefectures": ",".join(briefing.prefectures), "lang": briefing.lang, "created_at": briefing.created_at}
    with engine.begin() as conn:
        dialect = conn.dialect.name
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
    return briefing


def _from_row(row: sa.Row) -> Briefing:
    return Briefing(row.name, _split(row.slides), _split(row.prefectures), row.lang, row.created_at)


def list_briefings(engine: sa.Engine) -> list[Briefing]:
    """Every saved briefing, by name."""
    with engine.connect() as conn:
        return [_from_row(row) for row in conn.execute(sa.select(briefings).order_by(briefings.c.name))]


def load_briefing(engine: sa.Engine, name: str) -> Briefing | None:
    """The briefing called `name`, or None."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(briefings).where(briefings.c.name == str(name).strip())).first()
    return None if row is None else _from_row(row)
