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

import pandas as pd

from workforce import schema
from workforce.ingest.decode import DecodeError, decode_text
from workforce.ingest.isa_tables import status_keys
from workforce.ingest.numbers import parse_count
from workforce.ingest.result import Problem, ReadResult, Skipped

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
OLD_STATUS_REASON = "status detail on the pre-2012 registration basis is not modelled"
_TIME = re.compile(r"^(\d{4})年(?:(\d{1,2})月)?$")


def read_estat_csv(data: bytes, file_name: str, *, source_title: str | None = None,
                   source_url: str | None = None) -> ReadResult:
    """Read the 総数 and ベトナム rows; every problem is collected, nothing is raised for bad content."""
    result = ReadResult(file_name, FORMAT)
    try:
        text, _encoding = decode_text(data)
    except DecodeError as error:
        result.problems.append(Problem(file_name, str(error)))
        return result
    lines = csv.reader(io.StringIO(text, newline=""))
    found = _find_header(lines)
    if isinstance(found, Problem):
        result.problems.append(Problem(file_name, found.expected, row=found.row, value=found.value))
        return result
    variant, columns = found
    rows, skipped = _read_rows(lines, variant, columns, result)
    title = source_title or f"e-Stat 在留外国人統計 (統計コード 00250012), {file_name}"
    result.figures = pd.DataFrame([{
        **row, "measure": variant.measure, "source_kind": "official", "confidence": "",
        "publisher": schema.PUBLISHERS[variant.measure], "source_title": title, "source_url": source_url or SOURCE_URL,
    } for row in rows], columns=schema.COLUMNS).astype({"value": "int64"})
    result.skipped.extend(Skipped(what, count, reason) for (what, reason), count in skipped.items())
    return result


def header_name(text: str) -> str:
    """A header as compared: NFKC (full-width brackets → ASCII), without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _find_header(lines) -> tuple[Variant, dict[str, int]] | Problem:
    """The table layout and column positions (by header name) from the first line that names them all."""
    first = []
    for record in lines:
        names = [header_name(cell) for cell in record]
        first = first or names
        for variant in VARIANTS:
            wanted = (variant.status, variant.nationality, variant.time, "value")
            if set(wanted) <= set(names):
                return variant, {name: names.index(name) for name in (*wanted, "unit") if name in names}
        if lines.line_num >= HEADER_SEARCH_LINES:
            break
    expected = "; or ".join(f"{v.name}: {v.status}, {v.nationality}, {v.time}, value" for v in VARIANTS)
    return Problem("", f"an e-Stat 在留外国人統計 CSV (FEH_00250012) with the columns of the {expected}",
                   row=1, value="columns found: " + ", ".join(first) if first else "an empty file")


def _read_rows(lines, variant: Variant, columns: dict[str, int], result: ReadResult) -> tuple[list[dict], Counter]:
    """Tidy key/value dicts for the rows kept; problems go to `result`, skipped rows are counted by reason."""
    known = status_keys()
    rows, skipped, seen = [], Counter(), {}
    for record in lines:
        line = lines.line_num
        if not any(cell.strip() for cell in record):
            continue
        cell = {name: record[index].strip() if index < len(record) else "" for name, index in columns.items()}
        nationality = unicodedata.normalize("NFKC", cell[variant.nationality])
        status = unicodedata.normalize("NFKC", cell[variant.status]).strip()
        if nationality.startswith("うち"):
            skipped[("'うち…' (of which) rows", "sub-rows of a nationality already counted; dropped")] += 1
        elif nationality not in NATIONALITIES:
            skipped[("rows of other nationalities", "only Vietnam (ベトナム) and all nationalities (総数) are modelled")] += 1
        elif cell.get("unit", "人") != "人":
            skipped[(f"rows in unit {cell['unit']}", "only counts of persons (unit 人) are read")] += 1
        elif status != "総数" and not (variant.status_detail and status in known):
            reason = "not a residents status in data/curated/breakdowns.csv" if variant.status_detail else OLD_STATUS_REASON
            skipped[("status rows not modelled", reason)] += 1
        else:
            row = _tidy(cell, variant, NATIONALITIES[nationality], "total" if status == "総数" else status, line, result)
            if row is None:
                continue
            if not row.get("value_skipped"):
                key = (row["period_end"], row["nationality"], row["breakdown"])
                if key in seen:
                    result.problems.append(Problem(result.file_name, f"one row per period, nationality and status; "
                                                   f"line {seen[key]} has the same", row=line))
                else:
                    seen[key] = line
                    rows.append(row)
            else:
                skipped[("rows marked … (unknown) or x (suppressed)", "no value was published; a gap is kept as a gap")] += 1
    return rows, skipped


def _tidy(cell: dict[str, str], variant: Variant, nationality: str, breakdown: str, line: int,
          result: ReadResult) -> dict | None:
    """The key and value of one kept row, {'value_skipped': True} for … / x, or None after adding problems."""
    period = _period(cell[variant.time], variant.measure)
    count = parse_count(cell["value"])
    if period is None:
        months = " or ".join(f"{m}月" for m in schema.PERIOD_MONTHS[variant.measure])
        result.problems.append(Problem(result.file_name, f"a period like {variant.time_example} ({months})",
                                       row=line, column=variant.time, value=cell[variant.time]))
    if count.error or count.flag == "empty":
        result.problems.append(Problem(result.file_name, count.error or "a count of persons; the cell is empty",
                                       row=line, column="value", value=cell["value"]))
    if period is None or count.error or count.flag == "empty":
        return None
    if count.value is None:
        return {"value_skipped": True}
    return {"period_end": period, "prefecture_code": "00", "nationality": nationality, "breakdown": breakdown,
            "value": count.value, "note": f"read from {result.file_name}, line {line}"}


def _period(text: str, measure: str) -> str | None:
    """'2025年6月' → '2025-06-30', '2011年' → '2011-12-31'; None unless the month fits the measure."""
    match = _TIME.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2] or 12)
    if month not in schema.PERIOD_MONTHS[measure]:
        return None
    return str(pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0))[:10]
