"""Open an uploaded .xlsx safely: a real zip, not a zip bomb, then openpyxl in read-only mode."""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from workforce import settings
from workforce.ingest.result import InputError


class XlsxError(InputError):
    """The file cannot be opened as a workbook; the message says what was expected."""


# A real workbook has a few dozen parts and sheets (an ISA press release: about 20 sheets). Far more is
# refused before the zip directory is parsed or openpyxl lists the sheets: 200,000 sheets declared in a
# 2 MB file took openpyxl 96 s and 588 MB.
MAX_PARTS = 2_000
MAX_SHEETS = 500
_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet[\s/>]")


def _declared_entries(data: bytes) -> int | None:
    """The entry count in the zip's end-of-directory record (read without parsing the directory)."""
    try:
        record = zipfile._EndRecData(io.BytesIO(data))  # the stdlib's own reader of that record
    except (OSError, struct.error):
        return None
    return None if not record else int(record[zipfile._ECD_ENTRIES_TOTAL])


def _count_sheets(archive: zipfile.ZipFile, limit: int) -> int:
    """Sheets listed in xl/workbook.xml, streamed; stops counting once past `limit`."""
    count, tail = 0, b""
    with archive.open("xl/workbook.xml") as part:
        while chunk := part.read(1 << 20):
            text = tail + chunk
            count += len(_SHEET_TAG.findall(text))
            tail = text[-64:]
            count -= len(_SHEET_TAG.findall(tail))  # counted again with the next chunk
            if count > limit:
                return count
        count += len(_SHEET_TAG.findall(tail))
    return count


def check_zip(data: bytes, max_uncompressed: int | None = None) -> None:
    """Refuse non-zip data, archives that would expand beyond the limit (zip bombs), and workbooks with
    more parts or sheets than a real one has."""
    limit = max_uncompressed or int(settings.MAX_UNCOMPRESSED_XLSX.value())
    if not data.startswith(b"PK"):
        raise XlsxError("xlsx_not_zip")
    declared = _declared_entries(data)
    if declared is not None and declared > MAX_PARTS:
        raise XlsxError("xlsx_too_many_parts", limit=MAX_PARTS, parts=declared)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise XlsxError("xlsx_damaged_zip", detail=str(error)) from error
    total = sum(entry.file_size for entry in entries)
    if total > limit:
        raise XlsxError("xlsx_zip_bomb", limit=limit, total=total)
    if len(entries) > MAX_PARTS:  # a directory that lies in its end record
        raise XlsxError("xlsx_too_many_parts", limit=MAX_PARTS, parts=len(entries))
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise XlsxError("xlsx_no_workbook_part")
    try:
        sheets = _count_sheets(archive, MAX_SHEETS)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        raise XlsxError("xlsx_damaged_zip", detail=str(error)[:200]) from error
    if sheets > MAX_SHEETS:
        raise XlsxError("xlsx_too_many_sheets", limit=MAX_SHEETS)


def open_workbook(data: bytes, max_uncompressed: int | None = None):
    """An openpyxl workbook (read-only, values not formulas) after the safety checks."""
    import openpyxl

    check_zip(data, max_uncompressed)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for malformed parts
        raise XlsxError("xlsx_unreadable", detail=f"{type(error).__name__}: {error}"[:300]) from error


EXCEL_MAX_COLUMNS = 16_384


class SheetTooLarge(XlsxError):
    """More filled rows than allowed; `filled` counts them all (they are counted, not kept)."""

    def __init__(self, max_rows: int, sheet: str, filled: int):
        super().__init__("sheet_too_many_rows", max_rows=max_rows, sheet=sheet, filled=filled)
        self.filled = filled


def filled_rows(worksheet, *, max_rows: int, max_columns: int = EXCEL_MAX_COLUMNS) -> list[tuple[int, tuple]]:
    """(row number, cell values) for each row of a read-only worksheet that holds a value, in order; each
    row's values end at its last filled cell.

    openpyxl's own iteration creates every row up to the declared <dimension> and pads each to its
    width (a 5 kB sheet declaring A1:XFD1048576 costs gigabytes). Here only filled cells are kept: a
    value right of column `max_columns` raises XlsxError at once, and more than `max_rows` filled rows
    raise SheetTooLarge (after counting them).
    """
    rows: list[tuple[int, tuple]] = []
    count = previous = 0
    for number, filled in _filled_cells(worksheet, max_columns):
        if number <= previous:
            raise XlsxError("sheet_rows_out_of_order", row=number, previous=previous, sheet=worksheet.title)
        previous, count = number, count + 1
        if count <= max_rows:  # beyond, rows are counted for the message, not kept
            values = [None] * max(filled)
            for column, value in filled.items():
                values[column - 1] = value
            rows.append((number, tuple(values)))
    if count > max_rows:
        raise SheetTooLarge(max_rows, worksheet.title, count)
    return rows


def _filled_cells(worksheet, max_columns: int) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column: value}) for each row holding a value, streamed cell by cell.

    openpyxl's row parser keeps a whole row in memory (one row of a million cells, 21 MB of XML, costs
    900 MB); here each cell is read and dropped from the tree at once.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import CELL_TAG, DATA_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.xml.functions import iterparse

    workbook = worksheet.parent
    number, filled, sheet_data, row = 0, {}, None, None
    with worksheet._get_source() as source:
        # Only its cell conversion is used (shared strings, dates, booleans), exactly as openpyxl reads cells.
        cells = WorkSheetParser(source, worksheet._shared_strings, data_only=workbook.data_only,
                                epoch=workbook.epoch, date_formats=workbook._date_formats,
                                timedelta_formats=workbook._timedelta_formats)
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == ROW_TAG:
                    row, filled = element, {}
                    number = _row_number(element.get("r"), number)
                    cells.row_counter, cells.col_counter = number, 0
                elif element.tag == DATA_TAG:
                    sheet_data = element
            elif element.tag == CELL_TAG and row is not None:
                cell = cells.parse_cell(element)
                row.clear()  # the cell is read; keep nothing of it in the tree
                if cell["value"] in (None, ""):
                    continue
                if not 1 <= cell["column"] <= max_columns:
                    column = get_column_letter(cell["column"]) if 1 <= cell["column"] <= EXCEL_MAX_COLUMNS else cell["column"]
                    raise XlsxError("sheet_too_many_columns", max_columns=max_columns, column=str(column),
                                    row=number, sheet=worksheet.title)
                filled[cell["column"]] = cell["value"]
            elif element.tag == ROW_TAG:
                row = None
                if sheet_data is not None:
                    sheet_data.clear()
                if filled:
                    yield number, filled


def _row_number(attribute: str | None, previous: int) -> int:
    """A <row r="…"> number as openpyxl reads it ('7' or '7.0'); the next number when it is missing."""
    if attribute is None:
        return previous + 1
    value = float(attribute)
    if not value.is_integer():
        raise XlsxError("sheet_row_number", value=attribute)
    return int(value)
