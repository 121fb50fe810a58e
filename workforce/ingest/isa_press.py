"""The ISA press-release workbook (在留外国人数について, .xlsx) → tidy 'residents' figures.

Sheets are found by the table numbers in their normalised names ('第５表 ' and '第5表' both hold
第5表; '第２図、第３図、第２表' holds 第2表). The tables themselves are read in `isa_tables`. A key
read from two tables (e.g. the national VN total in 第1表, 第2表 and 第5表) is kept once when the
values agree and reported as a problem naming both cells when they do not.
"""
from __future__ import annotations

import re

import pandas as pd

from workforce import schema
from workforce.ingest.isa_tables import TABLE_READERS, Figure, Reading, Sheet, label
from workforce.ingest.result import ReadResult, Skipped, figure_frame, problem, problem_from
from workforce.ingest.xlsx import XlsxError, filled_rows, open_workbook

FORMAT = "isa-press"
SOURCE_URL = "https://www.moj.go.jp/isa/policies/statistics/toukei_ichiran_touroku.html"
# The published tables have a few hundred rows and under a hundred columns; far larger is not this file.
_MAX_SHEET_ROWS, _MAX_SHEET_COLUMNS = 10_000, 500
_RELEASE_TITLE = re.compile(r"(?:令和|平成)[^「」]*現在における在留外国人数について")


def read_isa_press(data: bytes, file_name: str, *, source_title: str | None = None, source_url: str | None = None,
                   max_uncompressed: int | None = None) -> ReadResult:
    """Read 第5表, 第4表, 第2表 and 第1表; every problem is collected, nothing is raised for bad content."""
    result = ReadResult(file_name, FORMAT, figure_frame([]))
    try:
        sheets, names = _load_sheets(data, max_uncompressed)
    except XlsxError as error:
        result.problems.append(problem_from(file_name, error))
        return result
    if not sheets:
        result.problems.append(problem(file_name, "isa_no_sheets", value=", ".join(names)))
        return result
    reading = Reading(file_name)
    for number, read_table in TABLE_READERS.items():
        if number in sheets:
            read_table(sheets[number], reading)
        else:
            reading.problems.append(problem(file_name, "isa_missing_sheet", table=str(number)))
    figures = _merge(reading)
    title = _release_title(sheets.values()) or file_name
    result.figures = _frame(figures, file_name, title, source_title, source_url)
    result.problems.extend(reading.problems)
    result.skipped.extend(Skipped(what, cells, reason) for (what, reason), cells in reading.skipped.items())
    return result


def table_numbers(sheet_name: str) -> set[int]:
    """The 第N表 numbers a sheet name holds: '第２図、第３図、第２表 ' → {2}."""
    return {int(m[1]) for part in label(sheet_name).split("、") if (m := re.fullmatch(r"第(\d+)表", part))}


def _load_sheets(data: bytes, max_uncompressed: int | None) -> tuple[dict[int, Sheet], list[str]]:
    """The cell values of the sheets holding the tables this reader imports, by table number, and the
    names of all sheets."""
    workbook = open_workbook(data, max_uncompressed=max_uncompressed)
    try:
        sheets = {}
        for worksheet in workbook.worksheets:
            for number in table_numbers(worksheet.title) & set(TABLE_READERS):
                sheets[number] = Sheet(worksheet.title.strip(), _dense_rows(worksheet))
        return sheets, workbook.sheetnames
    except XlsxError:
        raise
    except Exception as error:  # openpyxl parses sheets lazily in read-only mode and raises many types
        raise XlsxError("xlsx_unreadable", detail=f"{type(error).__name__}: {error}"[:300]) from error
    finally:
        workbook.close()


def _dense_rows(worksheet) -> list[tuple]:
    """Every row from row 1 to the last filled one (empty rows as ()), as the table readers index them."""
    rows = filled_rows(worksheet, max_rows=_MAX_SHEET_ROWS, max_columns=_MAX_SHEET_COLUMNS)
    if rows and rows[-1][0] > _MAX_SHEET_ROWS:
        raise XlsxError("sheet_row_too_far", max_rows=_MAX_SHEET_ROWS, row=rows[-1][0], sheet=worksheet.title)
    dense: list[tuple] = [()] * (rows[-1][0] if rows else 0)
    for number, values in rows:
        dense[number - 1] = values
    return dense


def _release_title(sheets) -> str | None:
    """The release title if a cell quotes it (「令和6年6月末現在における在留外国人数について」)."""
    for sheet in sheets:
        for row in sheet.rows:
            for cell in row:
                if isinstance(cell, str) and (match := _RELEASE_TITLE.search(label(cell))):
                    return match[0]
    return None


def _merge(reading: Reading) -> list[Figure]:
    """One figure per key: the first read is kept; a different value elsewhere is a problem naming both cells."""
    kept: dict[tuple, Figure] = {}
    for figure in reading.figures:
        first = kept.setdefault(figure.key, figure)
        if first.value != figure.value:
            reading.problems.append(problem(
                reading.file_name, "isa_conflicting_values", sheet=figure.sheet, row=figure.row, column=figure.column,
                value=str(figure.value), first_sheet=first.sheet, first_row=first.row, first_column=first.column,
                first_value=first.value))
    return list(kept.values())


def _frame(figures: list[Figure], file_name: str, release: str, source_title: str | None,
           source_url: str | None) -> pd.DataFrame:
    """The tidy figure table (schema.COLUMNS) with provenance per row."""
    return figure_frame([{
        "period_end": f.period_end, "prefecture_code": f.prefecture_code, "nationality": f.nationality,
        "measure": "residents", "breakdown": f.breakdown, "value": f.value, "source_kind": "official",
        "confidence": "", "publisher": schema.PUBLISHERS["residents"],
        "source_title": source_title or f"出入国在留管理庁 報道発表資料「{release}」 {label(f.sheet)}",
        "source_url": source_url or SOURCE_URL,
        "note": f"read from {file_name}, sheet {f.sheet}, row {f.row}",
    } for f in figures])
