"""e-Stat database CSV downloads of 在留外国人統計 (FEH_00250012_*.csv) → tidy figures.

Two tables are known, told apart by their header (columns are found by name, never by position):

* 2012+ half-yearly (在留資格, 国籍・地域, 集計時点（半期毎）): measure 'residents', the total and every
  status that data/curated/breakdowns.csv knows;
* 2006–2011 registration basis (在留資格（在留目的）, 国籍, 時間軸（年次）): measure
  'registered_foreigners', a separate series with the total only.

Only 総数 (ALL) and ベトナム (VN) are kept; 'うち…' (of which) rows are dropped.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from workforce import schema
from workforce.ingest.decode import DecodeError, decode_text
from workforce.bundled import status_keys
from workforce.ingest.numbers import EMPTY, parse_count
from workforce.ingest.result import Message, ReadResult, Skipped, figure_frame, problem, problem_from, say

FORMAT = "estat"
SOURCE_URL = "https://www.e-stat.go.jp/stat-search?toukei=00250012"
NATIONALITIES = {"総数": "ALL", "ベトナム": "VN"}
HEADER_SEARCH_LINES = 50  # e-Stat may put a few lines about the table above the header


@dataclass(frozen=True)
class Variant:
    """One e-Stat table layout: the header names of its columns and how its rows are modelled."""

    name: str
    measure: str
    status: str
    nationality: str
    time: str
    time_example: str
    status_detail: bool  # statuses other than 総数 become breakdowns


VARIANTS = (
    Variant("2012+ half-yearly table", "residents", "在留資格", "国籍・地域", "集計時点(半期毎)", "2025年6月", True),
    Variant("2006–2011 registration-basis table", "registered_foreigners", "在留資格(在留目的)", "国籍",
            "時間軸(年次)", "2011年", False),
)
STATUS_ROWS = "skipped_status_rows"
_TIME = re.compile(r"^(\d{4})年(?:(\d{1,2})月)?$")


def read_estat_csv(data: bytes, file_name: str, *, source_title: str | None = None,
                   source_url: str | None = None) -> ReadResult:
    """Read the 総数 and ベトナム rows; every problem is collected, nothing is raised for bad content."""
    result = ReadResult(file_name, FORMAT, figure_frame([]))
    try:
        text, _encoding = decode_text(data)
    except DecodeError as error:
        result.problems.append(problem_from(file_name, error))
        return result
    lines = csv.reader(io.StringIO(text, newline=""))
    try:
        variant, columns, first = _find_header(lines)
        if variant is None:
            layouts = "; ".join(f"{v.status}, {v.nationality}, {v.time}, value" for v in VARIANTS)
            result.problems.append(problem(file_name, "estat_columns", row=1, value=", ".join(first), layouts=layouts))
            return result
        rows = _read_rows(lines, variant, columns, result)
    except csv.Error as error:
        result.problems.append(problem(file_name, "csv_malformed", row=lines.line_num, detail=str(error)))
        return result
    title = source_title or f"e-Stat 在留外国人統計 (統計コード 00250012), {file_name}"
    result.figures = figure_frame([{
        **row, "prefecture_code": "00", "measure": variant.measure, "source_kind": "official", "confidence": "",
        "publisher": schema.PUBLISHERS[variant.measure], "source_title": title, "source_url": source_url or SOURCE_URL,
    } for row in rows])
    return result


def header_name(text: str) -> str:
    """A header as compared: NFKC (full-width brackets → ASCII), without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _find_header(lines) -> tuple[Variant | None, dict[str, int], list[str]]:
    """The layout, the column positions by header name and the first line's names, from the first line
    (among the first HEADER_SEARCH_LINES) that names all the columns of a layout."""
    first: list[str] = []
    for record in lines:
        names = [header_name(cell) for cell in record]
        first = first or names
        for variant in VARIANTS:
            wanted = (variant.status, variant.nationality, variant.time, "value")
            if set(wanted) <= set(names):
                return variant, {name: names.index(name) for name in (*wanted, "unit") if name in names}, first
        if lines.line_num >= HEADER_SEARCH_LINES:
            break
    return None, {}, first


def _read_rows(lines, variant: Variant, columns: dict[str, int], result: ReadResult) -> list[dict]:
    """Period, nationality, breakdown, value and note of each row kept. Problems go to `result`; rows left
    out are counted in `result.skipped` by reason."""
    known = status_keys() if variant.status_detail else set()
    rows, seen, skipped, statuses = [], {}, Counter(), set()
    for record in lines:
        if not any(cell.strip() for cell in record):
            continue
        line = lines.line_num
        cell = {name: record[index].strip() if index < len(record) else "" for name, index in columns.items()}
        nationality = unicodedata.normalize("NFKC", cell[variant.nationality])
        status = unicodedata.normalize("NFKC", cell[variant.status])
        reason = _skip_reason(nationality, status, cell.get("unit") or "人", known, variant)
        if reason:
            skipped[reason] += 1
            if reason[0].key == STATUS_ROWS:
                statuses.add(status)
            continue
        period, count = _period(cell[variant.time], variant.measure), parse_count(cell["value"])
        if period is None:
            months = ", ".join(f"{m}月" for m in schema.PERIOD_MONTHS[variant.measure])
            result.problems.append(problem(result.file_name, "estat_period", row=line, column=variant.time,
                                           value=cell[variant.time], example=variant.time_example, months=months))
        if count.error or count.flag == "empty":
            result.problems.append(problem(result.file_name, count.error or EMPTY, row=line, column="value",
                                           value=cell["value"]))
        elif count.value is None:
            skipped[(say("skipped_unpublished"), say("reason_gap_kept"))] += 1
        elif period is not None:
            key = (period, NATIONALITIES[nationality], "total" if status == "総数" else status)
            if key in seen:
                result.problems.append(problem(result.file_name, "estat_duplicate", row=line, value=" ".join(key),
                                               line=seen[key]))
                continue
            seen[key] = line
            rows.append(dict(zip(("period_end", "nationality", "breakdown"), key), value=count.value,
                             note=f"read from {result.file_name}, line {line}"))
    result.skipped.extend(Skipped(say(what.key, statuses=_some(statuses)) if what.key == STATUS_ROWS else what, count, reason)
                          for (what, reason), count in skipped.items())
    return rows


def _skip_reason(nationality: str, status: str, unit: str, known: set[str], variant: Variant) -> tuple[Message, Message] | None:
    """(what, reason) when a row is left out on purpose, else None."""
    if nationality.startswith("うち"):
        return say("skipped_of_which"), say("reason_of_which")
    if nationality not in NATIONALITIES:
        return say("skipped_other_nationalities"), say("reason_other_nationalities")
    if unit != "人":
        return say("skipped_unit", unit=unit), say("reason_unit")
    if status != "総数" and status not in known:
        return say(STATUS_ROWS), say("reason_status" if variant.status_detail else "reason_old_status")
    return None


def _some(labels: set[str], shown: int = 6) -> str:
    """'a, b, c, … (12 in all)': a few labels of a long list."""
    ordered = sorted(labels)
    return ", ".join(ordered[:shown]) + (f", … ({len(ordered)} in all)" if len(ordered) > shown else "")


def _period(text: str, measure: str) -> str | None:
    """'2025年6月' → '2025-06-30', '2011年' → '2011-12-31'; None unless the month fits the measure."""
    match = _TIME.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2] or 12)
    if month not in schema.PERIOD_MONTHS[measure]:
        return None
    return schema.month_end(year, month)
