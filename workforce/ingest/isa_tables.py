"""The four tables read from the ISA press-release workbook (第1表, 第2表, 第4表, 第5表).

Everything is found by its label: the table title (「【第５表】…（令和６年６月末）」), the header cell
in the label column (都道府県 / 国籍・地域), the column headers below it and the row labels. Labels are
compared after `label()`: NFKC (full-width digits, full-width spaces), no whitespace or line breaks,
and no trailing furigana (総数ソウスウ → 総数), which some workbook writers leave in cells.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from workforce.bundled import status_keys
from workforce.schema import month_end
from workforce.ingest.numbers import EMPTY, parse_count
from workforce.ingest.result import Message, Problem, problem, say
from workforce.prefectures import NATIONAL, PREFECTURE_CODES, UNDETERMINED, UnknownPrefecture, prefectures

NATIONALITY_ROWS = {"総数": "ALL", "ベトナム": "VN"}
OTHER_NATIONALITIES = say("reason_other_nationalities")
_KATAKANA = "\u30a1-\u30fa\u30fc"
_FURIGANA = re.compile(rf"(?<=[^{_KATAKANA}])[{_KATAKANA}]{{3,}}$")
_NOTE = re.compile(r"^(\(注|注\d|※)")
_WESTERN = re.compile(r"(\d{4})年(?:(\d{1,2})月)?末")
_ERA = re.compile(r"(令和|平成)(\d{1,2}|元)年(?:(\d{1,2})月)?末")
_ERA_BEFORE_YEAR_1 = {"令和": 2018, "平成": 1988}


def label(cell: object) -> str:
    """A cell as a comparable label: NFKC, without whitespace, line breaks or trailing furigana."""
    if cell is None:
        return ""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(cell)))
    return _FURIGANA.sub("", text)


def period_end(cell: object) -> str | None:
    """The period a title or header names, as YYYY-MM-DD: '（2024年6月末）' or '令和6年6月末' → '2024-06-30',
    '平成24年末' → '2012-12-31'. The Western year wins when both are given; None if there is no period."""
    text = label(cell)
    if match := _WESTERN.search(text):
        year, month = int(match[1]), int(match[2] or 12)
    elif match := _ERA.search(text):
        year = _ERA_BEFORE_YEAR_1[match[1]] + (1 if match[2] == "元" else int(match[2]))
        month = int(match[3] or 12)
    else:
        return None
    return month_end(year, month)


@dataclass(frozen=True)
class Sheet:
    """One worksheet's cell values (row 1 first) and its title as in the workbook."""

    title: str
    rows: list[tuple]


@dataclass(frozen=True)
class Figure:
    """One count read from one cell, with the cell it came from."""

    period_end: str
    prefecture_code: str
    nationality: str
    breakdown: str
    value: int
    sheet: str
    row: int
    column: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.period_end, self.prefecture_code, self.nationality, self.breakdown


@dataclass(frozen=True)
class Table:
    """A located table: its title, the label column, merged column headers and the data rows."""

    sheet: Sheet
    title: str
    label_column: int  # 0-based
    header_row: int  # 1-based, the row holding the corner label
    headers: dict[int, str]  # 0-based column → header label
    rows: list[tuple[int, str, tuple]]  # (1-based row, row label, cells)

    def where(self, column: int) -> str:
        """'E (ベトナム)': the column letter and its header, as problems show it."""
        header = self.headers.get(column, "")
        return f"{get_column_letter(column + 1)} ({header})" if header else get_column_letter(column + 1)


@dataclass
class Reading:
    """What the table readers collect for one workbook: figures, problems and counts of skipped cells."""

    file_name: str
    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # (what, reason) → cells

    def problem(self, sheet: Sheet, expected: str | Message, row: int | None = None, column: str = "",
                value: object = "", **params: object) -> None:
        """A problem in `sheet`; `expected` is a Message or the key of one in the problems locale area."""
        self.problems.append(problem(self.file_name, expected, sheet=sheet.title, row=row, column=column,
                                     value="" if value is None else str(value), **params))

    def count(self, table: Table, row: int, cells: tuple, column: int, key: tuple[str, str, str, str]) -> None:
        """Read the cell at (row, column) as a count for `key` (period, prefecture, nationality, breakdown)."""
        cell = cells[column] if column < len(cells) else None
        count = parse_count(cell)
        if count.error or count.flag == "empty":
            self.problem(table.sheet, count.error or EMPTY, row, table.where(column), cell)
        elif count.value is None:
            self.skipped[(say("skipped_unpublished_in", sheet=table.sheet.title), say("reason_gap_kept"))] += 1
        else:
            self.figures.append(Figure(*key, count.value, table.sheet.title, row, table.where(column)))

    def prefecture(self, table: Table, row: int, text: str) -> str | None:
        """The prefecture code of a row label, or None (and a problem) when it is not a prefecture."""
        try:
            return prefectures().match(text)
        except UnknownPrefecture:
            self.problem(table.sheet, "isa_prefecture_label", row, get_column_letter(table.label_column + 1), text)
            return None

    def column(self, table: Table, header: str) -> int | None:
        """The column headed `header`, or None (and a problem naming the headers found)."""
        for column, text in table.headers.items():
            if text == header:
                return column
        self.problem(table.sheet, "isa_column", table.header_row, header=header,
                     found=", ".join(table.headers.values()))
        return None


def locate(sheet: Sheet, number: int, corner: str, reading: Reading) -> Table | None:
    """Find table `number` in `sheet`: its title, the header row whose label cell reads `corner`, the
    column headers (header rows down to the first data row; the lower label wins) and the data rows
    (down to the first empty label or footnote)."""
    rows = [[label(cell) for cell in row] for row in sheet.rows]
    title_row = next((i for i, row in enumerate(rows) if any(f"第{number}表" in text for text in row)), 0)
    title = next((text for text in rows[title_row] if f"第{number}表" in text), "") if rows else ""
    header = next(((i, row.index(corner)) for i, row in enumerate(rows) if i >= title_row and corner in row), None)
    if header is None:
        reading.problem(sheet, "isa_header_cell", corner=corner, table=number)
        return None
    header_row, label_column = header
    first_data = next((i for i in range(header_row + 1, len(rows)) if _at(rows[i], label_column)), len(rows))
    headers: dict[int, str] = {}
    for row in rows[header_row:first_data]:
        headers.update({c: text for c, text in enumerate(row) if text and c != label_column})
    data = []
    for i in range(first_data, len(rows)):
        text = _at(rows[i], label_column)
        if not text or _NOTE.match(text):
            break
        data.append((i + 1, text, sheet.rows[i]))
    return Table(sheet, title, label_column, header_row + 1, headers, data)


def _at(row: list[str], column: int) -> str:
    return row[column] if column < len(row) else ""


def period_columns(table: Table, reading: Reading) -> dict[int, str]:
    """Columns whose header names a period ('令和６年６月末（2024年6月末）'); a problem if there are none."""
    periods = {column: p for column, text in table.headers.items() if (p := period_end(text))}
    if not periods:
        reading.problem(table.sheet, "isa_period_columns", table.header_row, value=", ".join(table.headers.values()))
    return periods


def title_period(table: Table, reading: Reading) -> str | None:
    """The period in the table title ('…在留外国人数（令和６年６月末）'); a problem if it has none."""
    period = period_end(table.title)
    if period is None:
        reading.problem(table.sheet, "isa_title_period", value=table.title)
    return period


def prefecture_rows(table: Table, reading: Reading) -> list[tuple[int, tuple, str]]:
    """(row, cells, prefecture code) for 総数, the 47 prefectures and 未定・不詳; a problem for any missing."""
    found = []
    for row, text, cells in table.rows:
        if (code := reading.prefecture(table, row, text)) is not None:
            found.append((row, cells, code))
    missing = sorted({NATIONAL, *PREFECTURE_CODES, UNDETERMINED} - {code for _, _, code in found})
    if missing:
        reading.problem(table.sheet, "isa_prefecture_rows", value=", ".join(missing))
    return found


def nationality_rows(table: Table, reading: Reading) -> list[tuple[int, tuple, str]]:
    """(row, cells, nationality) for the 総数 and ベトナム rows; a problem for either missing."""
    found = [(row, cells, NATIONALITY_ROWS[text]) for row, text, cells in table.rows if text in NATIONALITY_ROWS]
    for text, nationality in NATIONALITY_ROWS.items():
        if nationality not in {n for _, _, n in found}:
            reading.problem(table.sheet, "isa_nationality_row", label=text,
                            column_letter=get_column_letter(table.label_column + 1))
    others = len(table.rows) - len(found)
    if others:
        reading.skipped[(say("skipped_other_nationality_rows", sheet=table.sheet.title), OTHER_NATIONALITIES)] += others
    return found


def read_table1(sheet: Sheet, reading: Reading) -> None:
    """第1表 (nationality over time, national): 総数 and ベトナム in every period column."""
    if not (table := locate(sheet, 1, "国籍・地域", reading)):
        return
    periods = period_columns(table, reading)
    for row, cells, nationality in nationality_rows(table, reading):
        for column, period in periods.items():
            reading.count(table, row, cells, column, (period, NATIONAL, nationality, "total"))


def read_table2(sheet: Sheet, reading: Reading) -> None:
    """第2表 (nationality × status, one period): 総数 and every status column for 総数 and ベトナム."""
    if not (table := locate(sheet, 2, "国籍・地域", reading)):
        return
    period, total = title_period(table, reading), reading.column(table, "総数")
    known = status_keys()
    statuses = {}
    for column, text in table.headers.items():
        if column == total:
            continue
        if text in known:
            statuses[column] = text
        else:
            reading.problem(table.sheet, "isa_status", table.header_row, table.where(column), text)
    if period is None or total is None:
        return
    for row, cells, nationality in nationality_rows(table, reading):
        reading.count(table, row, cells, total, (period, NATIONAL, nationality, "total"))
        for column, status in statuses.items():
            reading.count(table, row, cells, column, (period, NATIONAL, nationality, status))


def read_table4(sheet: Sheet, reading: Reading) -> None:
    """第4表 (all nationalities by prefecture, last six periods): every prefecture row × period column."""
    if not (table := locate(sheet, 4, "都道府県", reading)):
        return
    periods = period_columns(table, reading)
    for row, cells, code in prefecture_rows(table, reading):
        for column, period in periods.items():
            reading.count(table, row, cells, column, (period, code, "ALL", "total"))


def read_table5(sheet: Sheet, reading: Reading) -> None:
    """第5表 (prefecture × nationality, one period): the 総数 (ALL) and ベトナム (VN) columns of every row."""
    if not (table := locate(sheet, 5, "都道府県", reading)):
        return
    period = title_period(table, reading)
    columns = {nationality: reading.column(table, text) for text, nationality in NATIONALITY_ROWS.items()}
    rows = prefecture_rows(table, reading)
    others = len(table.headers) - len(columns)
    if others > 0:
        reading.skipped[(say("skipped_other_nationality_columns", sheet=sheet.title, columns=others),
                         OTHER_NATIONALITIES)] += others * len(rows)
    if period is None:
        return
    for row, cells, code in rows:
        for nationality, column in columns.items():
            if column is not None:
                reading.count(table, row, cells, column, (period, code, nationality, "total"))


TABLE_READERS = {5: read_table5, 4: read_table4, 2: read_table2, 1: read_table1}
