"""Every store read and write a page makes, guarded in one place (pages never import the store).

A read that fails because the store cannot be reached says so plainly and stops the page
(data.store_unavailable: no traceback). A write re-checks the analyst inside its own transaction
(auth.write_guard) and answers with what happened, in the reader's language, instead of raising.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import sqlalchemy as sa

from workforce.i18n import Translator
from workforce.ingest import plan as ingest_plan
from workforce.store import ReleaseError, briefings, figure_history, list_events, list_releases, set_release_active
from workforce.store.analysts import audit_entries
from workforce.store.sessions import NotSignedIn
from workforce.ui.auth import write_guard
from workforce.ui.data import store_engine, store_unavailable

T = TypeVar("T")

BRIEFING_NAME_MAX = briefings.NAME_MAX
MAX_BRIEFINGS = briefings.MAX_BRIEFINGS
Briefing = briefings.Briefing


@dataclass(frozen=True)
class Written:
    """The outcome of a write: `value` (a release id, a saved briefing) or `message`, why not."""

    value: object = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None


def _read(function: Callable[..., T], *args: object) -> T:
    try:
        return function(store_engine(), *args)
    except sa.exc.DBAPIError as error:
        store_unavailable(error)


def releases() -> pd.DataFrame:
    return _read(list_releases)


def events() -> pd.DataFrame:
    return _read(list_events)


AUDIT_SHOWN = 200


def audit_trail() -> pd.DataFrame:
    """The newest AUDIT_SHOWN entries of the sign-in and account trail, newest first (analysts only)."""
    return _read(audit_entries, AUDIT_SHOWN)[["at", "action", "actor", "detail"]]


def history(key: dict) -> pd.DataFrame:
    """Every value a figure's key has had, release by release."""
    return _read(figure_history, key)


def briefing(name: str) -> Briefing | None:
    return _read(briefings.load_briefing, name)


def briefing_list() -> list[Briefing]:
    return _read(briefings.list_briefings)


def plan_import(data: bytes, file_name: str, fmt: str, **source: str | None) -> ingest_plan.ImportPlan:
    """Read and check a file against the stored figures: nothing is written."""
    return _read(lambda engine: ingest_plan.plan_import(engine, data, file_name, fmt, **source))


def commit(plan: ingest_plan.ImportPlan, analyst: str, note: str, confirm: bool, t: Translator) -> Written:
    try:
        return Written(ingest_plan.commit(store_engine(), plan, actor=analyst, note=note, confirm_large_changes=confirm,
                                       authorise=write_guard()))
    except NotSignedIn:
        return Written(message=t("access.session_ended"))
    except ingest_plan.CommitRefused as error:
        return Written(message=error.message.text(t))
    except sa.exc.DBAPIError:
        return Written(message=t("update.store_refused"))


def set_active(release_id: int, active: bool, analyst: str, note: str, t: Translator) -> Written:
    """Roll a release back (active=False) or apply it again."""
    try:
        set_release_active(store_engine(), release_id, active, actor=analyst, note=note, authorise=write_guard())
    except NotSignedIn:
        return Written(message=t("access.session_ended"))
    except ReleaseError as error:
        return Written(message=error.message.text(t))
    except sa.exc.DBAPIError:
        return Written(message=t("update.store_refused"))
    return Written(release_id)


def save_briefing(name: str, slides: list[str], prefectures: list[str], lang: str, author: str,
                  t: Translator) -> Written:
    try:
        return Written(briefings.save_briefing(store_engine(), name, slides, prefectures, lang, author=author,
                                               authorise=write_guard()))
    except NotSignedIn:
        return Written(message=t("access.session_ended"))
    except briefings.BriefingError as error:
        if error.reason == "full":
            return Written(message=t("access.briefing_full", limit=MAX_BRIEFINGS))
        return Written(message=t(f"present.errors.{error.reason}"))
    except sa.exc.DBAPIError:
        return Written(message=t("present.errors.store"))
