"""From uploaded bytes to a committed release: detect the format, read, validate, preview, commit.

The upload page and `workforce import` both go through here, so they behave the same.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from workforce import schema, settings
from workforce.ingest.decode import describe_binary
from workforce.ingest.result import InputError, ReadResult, problem
from workforce.ingest.preview import COMPARED, Preview, build_preview
from workforce.store import active_figures, active_municipal_figures, create_release, state_token
from workforce.store.db import store_meta
from workforce.validate import validate

FORMATS = {
    "csv": "Long CSV (the project's template)",
    "xlsx": "Excel workbook with the long-CSV columns",
    "isa-press": "ISA press-release workbook (在留外国人数について, .xlsx)",
    "estat": "e-Stat database CSV (FEH_00250012_*.csv)",
    "isa-municipal": "ISA e-Stat table 市区町村別 国籍・地域別 在留外国人 (第3表, .xlsx)",
}
_WORKBOOK_XML_HEAD = 256 * 1024  # the sheet list comes first; a larger part is not an ISA workbook
MAX_FILE_NAME = 500  # releases.file_name
_ISA_SHEET_MARKERS = ("第５表", "第5表", "第４表", "第4表")
_MUNICIPAL_SHEET = re.compile(r'<sheet [^>]*name="\s*\d{2}-(?:06|12)-03(?:-\d+)?\s*"')


def detect_format(data: bytes) -> str:
    """Pick a reader from the content, not the file name."""
    if data.startswith(b"PK"):
        workbook_xml = _workbook_xml(data)
        if _MUNICIPAL_SHEET.search(workbook_xml) and workbook_xml.count("<sheet ") == 1:
            return "isa-municipal"
        return "isa-press" if _looks_like_isa_workbook(workbook_xml) else "xlsx"
    head = data[:4096]
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = head.decode(encoding, errors="strict" if encoding == "cp932" else "ignore")
        except UnicodeDecodeError:
            continue
        if "表章項目" in text or '"tab_code"' in text or "tab_code," in text:
            return "estat"
        break
    return "csv"


def _workbook_xml(data: bytes) -> str:
    """The start of xl/workbook.xml (the sheet list), read only after the zip-bomb check; "" if unreadable."""
    import io
    import zipfile

    from workforce.ingest.xlsx import XlsxError, check_zip

    try:
        check_zip(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("xl/workbook.xml") as part:
            workbook_xml = part.read(_WORKBOOK_XML_HEAD).decode("utf-8", errors="ignore")
    except (XlsxError, zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return ""  # the xlsx reader reports what is wrong with the file
    return workbook_xml


def _looks_like_isa_workbook(workbook_xml: str) -> bool:
    """Sheet names like 第５表 in xl/workbook.xml."""
    import unicodedata

    text = unicodedata.normalize("NFKC", workbook_xml)
    return any(unicodedata.normalize("NFKC", marker) in text for marker in _ISA_SHEET_MARKERS)


def read_file(data: bytes, file_name: str, fmt: str = "auto", *, source_title: str | None = None,
              source_url: str | None = None, active: pd.DataFrame | None = None) -> ReadResult:
    """Read and validate (against `active`, the stored figures, where given); every problem at once in
    the result. Nothing is stored."""
    limit = int(settings.MAX_UPLOAD_BYTES.value())
    if not data:
        return ReadResult(file_name, fmt, problems=[problem(file_name, "file_empty")])
    if len(data) > limit:
        return ReadResult(file_name, fmt, problems=[problem(file_name, "file_too_large", limit=limit, size=len(data))])
    chosen = detect_format(data) if fmt == "auto" else fmt
    result = ReadResult(file_name, chosen)
    if chosen not in FORMATS:
        result.problems.append(problem(file_name, "unknown_format", value=fmt, formats=", ".join(["auto", *FORMATS])))
        return result
    if chosen in ("csv", "estat") and describe_binary(data):
        result.problems.append(problem(file_name, describe_binary(data)))
        return result
    if chosen == "isa-municipal":
        return _read_municipal(data, file_name, active, source_title=source_title, source_url=source_url)
    result = _reader(chosen)(data, file_name, source_title=source_title, source_url=source_url)
    return validate(result, active)


def _read_municipal(data: bytes, file_name: str, active: pd.DataFrame | None, **source: str | None) -> ReadResult:
    """ISA's municipal table: its own rules (sums, wards, the stored prefecture figures), then the file-wide ones."""
    from workforce.municipal import read_and_check

    read = read_and_check(data, file_name, active, **{k: v for k, v in source.items() if v})
    result = ReadResult(file_name, "isa-municipal", problems=list(read.problems),
                        municipal=read.figures.drop(columns="row", errors="ignore"))
    return validate(result, active)


def _reader(fmt: str):
    if fmt == "csv":
        from workforce.ingest.long_table import read_long_csv

        return lambda data, name, **kw: read_long_csv(data, name, max_rows=int(settings.MAX_ROWS.value()), **kw)
    if fmt == "xlsx":
        from workforce.ingest.long_table import read_long_xlsx

        return lambda data, name, **kw: read_long_xlsx(data, name, max_rows=int(settings.MAX_ROWS.value()), **kw)
    if fmt == "isa-press":
        from workforce.ingest.isa_press import read_isa_press

        return read_isa_press
    from workforce.ingest.estat import read_estat_csv

    return read_estat_csv


@dataclass(frozen=True)
class ImportPlan:
    """A validated file and what committing it would change."""

    result: ReadResult
    sha256: str
    preview: Preview | None
    state: int | None = None  # the store's state token the preview was made at

    @property
    def can_commit(self) -> bool:
        return self.result.ok and self.preview is not None and not (
            self.result.figures.empty and (self.result.municipal is None or self.result.municipal.empty))


def _preview(engine: sa.Engine, result: ReadResult, active: pd.DataFrame) -> Preview:
    """Both levels against the active data of `engine` (the municipal figures are read only when the file has some)."""
    municipal = result.municipal if result.municipal is not None and len(result.municipal) else None
    return build_preview(result.figures, active, float(settings.CHANGE_FACTOR.value()), municipal,
                         active_municipal_figures(engine) if municipal is not None else None)


def plan_import(engine: sa.Engine, data: bytes, file_name: str, fmt: str = "auto", **source: str | None) -> ImportPlan:
    state = state_token(engine)  # before the figures: a release in between makes the token stale, never fresh
    active = active_figures(engine)
    result = read_file(data, file_name, fmt, active=active, **source)
    preview = None
    if result.ok and (not result.figures.empty or result.municipal is not None and not result.municipal.empty):
        preview = _preview(engine, result, active)
    return ImportPlan(result, hashlib.sha256(data).hexdigest(), preview, state if preview is not None else None)


class CommitRefused(InputError):
    """The plan cannot be committed as it stands; the message says why."""


class _Connected:
    """An engine-like view of one open connection, so that store reads run inside the commit's transaction."""

    def __init__(self, conn: sa.Connection):
        self._conn = conn

    def connect(self):
        return contextlib.nullcontext(self._conn)


def _one_commit_at_a_time(conn: sa.Connection) -> None:
    """Take the store's write lock first, so the re-check below still holds when the release is written."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE release_events IN EXCLUSIVE MODE"))
    elif conn.dialect.name == "sqlite":  # a write statement, even of no row, takes SQLite's write lock
        conn.execute(store_meta.update().where(sa.false()).values(value=store_meta.c.value))


def _large_keys(preview: Preview) -> set[tuple]:
    """Each value to confirm, with what it is compared with: a confirmation covers exactly these."""
    keys = {("prefecture", *row) for row in preview.large[[*schema.KEY, *COMPARED]].itertuples(index=False, name=None)}
    if preview.municipal is not None:
        local = preview.municipal
        keys |= {("municipal", *row) for row in local.large[[*local.key, *COMPARED]].itertuples(index=False, name=None)}
    return keys


def _recheck_confirmations(conn: sa.Connection, plan: ImportPlan, confirmed: bool) -> None:
    """Refuse when the store changed since the preview so that a change now needs a confirmation the analyst
    did not give (A previews against 67,842; B commits 678,420; A's value is now a large change; or B adds
    the period before A's new one, which A's value is now far from)."""
    if plan.state is None or state_token(_Connected(conn)) == plan.state:
        return
    connected = _Connected(conn)
    now = _preview(connected, plan.result, active_figures(connected))
    unconfirmed = _large_keys(now) - (_large_keys(plan.preview) if confirmed else set())
    if unconfirmed:
        raise CommitRefused("commit_store_changed", count=len(unconfirmed))


def commit(engine: sa.Engine, plan: ImportPlan, *, actor: str, note: str = "", confirm_large_changes: bool = False,
           authorise: Callable[[sa.Connection], object] | None = None) -> int:
    """Store the plan's figures as one new release, in one transaction; returns the release id.

    `authorise(conn)` runs first inside that transaction (the page passes its analyst check), so an
    account removed or signed out a moment ago cannot commit.
    """
    if not plan.can_commit:
        raise CommitRefused("commit_has_problems")
    if plan.preview.to_confirm and not confirm_large_changes:
        raise CommitRefused("commit_needs_confirmation", count=plan.preview.to_confirm)
    name = plan.result.file_name
    if "\x00" in name or len(name) > MAX_FILE_NAME:
        raise CommitRefused("commit_file_name", limit=MAX_FILE_NAME, length=len(name))
    figures: pd.DataFrame = plan.result.figures[schema.COLUMNS]
    with engine.begin() as conn:
        _one_commit_at_a_time(conn)
        if authorise is not None:
            authorise(conn)
        _recheck_confirmations(conn, plan, confirm_large_changes)
        return create_release(engine, figures, actor=actor, kind="import", file_name=plan.result.file_name,
                              sha256=plan.sha256, fmt=plan.result.format, note=note, connection=conn,
                              municipal=plan.result.municipal)
