"""ISA's e-Stat table 「第3表 市区町村別 国籍・地域別 在留外国人」 (.xlsx) → municipal 'residents' figures.

One sheet named like `22-06-03-1` (year 2022, month 06, table 03): row 2 is the header (市区町村コード,
都道府県市区町村, 総数, then one column per nationality); the national total has no code; a prefecture's
row has a code ending in `000` and its municipalities follow; a designated city (01100 札幌市) or
Tokyo's 特別区 (13100) is followed by its wards. Municipalities are kept with their ward → city
relation (`parent_code`); the prefecture and national rows are returned separately, for the rules
(`workforce.municipal`), never stored as municipal figures.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from workforce.ingest.result import Problem, problem, problem_from
from workforce.ingest.xlsx import XlsxError, filled_rows, open_workbook
from workforce.publications import ESTAT_ISA_PAGE, ISA_STATISTIC
from workforce.schema import PUBLISHERS

FORMAT = "isa-municipal"
TITLE = "市区町村別 国籍・地域別 在留外国人"
SOURCE_TITLE = f"{ISA_STATISTIC}「{TITLE}」 第3表"
# Japan has about 1,900 municipalities and wards, and ISA's table some twenty nationality columns.
MAX_ROWS, MAX_COLUMNS = 5_000, 200
HEADER = ("市区町村コード", "都道府県市区町村", "総数")
VIETNAM = "ベトナム"
# The stored nationalities: 総数 (all) and ベトナム; the others may be read but the dataset does not model them.
NATIONALITY_COLUMNS = {"総数": "ALL", VIETNAM: "VN"}
SHEET_NAME = re.compile(r"(\d{2})-(06|12)-03(?:-\d+)?")
UNDETERMINED = "未定・不詳"

MUNICIPAL_KEY = ["period_end", "municipality_code", "nationality", "measure"]
MUNICIPAL_COLUMNS = MUNICIPAL_KEY + ["value", "prefecture_code", "parent_code", "name_ja", "source_kind",
                                     "publisher", "source_title", "source_url", "read_from_url", "note"]


def empty_municipal() -> pd.DataFrame:
    return pd.DataFrame(columns=MUNICIPAL_COLUMNS).astype({c: "str" for c in MUNICIPAL_COLUMNS} | {"value": "int64"})


@dataclass
class MunicipalRead:
    """What the reader found: municipal figures (with `row`, the sheet row), the prefecture and national rows
    (`prefecture_code` 00 national, 99 未定・不詳) for the rules, and every problem."""

    file_name: str
    sheet: str = ""
    period_end: str = ""
    figures: pd.DataFrame = field(default_factory=empty_municipal)
    prefectures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["prefecture_code", "nationality", "value", "row", "column"]))
    problems: list[Problem] = field(default_factory=list)


def looks_like_municipal_table(sheet_names: list[str]) -> bool:
    return len(sheet_names) == 1 and bool(SHEET_NAME.fullmatch(sheet_names[0].strip()))


def _text(cell: object) -> str:
    return unicodedata.normalize("NFKC", str(cell)).strip() if cell is not None else ""


def _period(sheet_name: str) -> str | None:
    match = SHEET_NAME.fullmatch(sheet_name.strip())
    if not match:
        return None
    year, month = 2000 + int(match[1]), int(match[2])
    return f"{year}-{month:02d}-{30 if month == 6 else 31}"


def read_isa_municipal(data: bytes, file_name: str, *, source_title: str | None = None,
                       source_url: str | None = None, read_from_url: str = "", note: str = "",
                       max_uncompressed: int | None = None) -> MunicipalRead:
    """Read the table; every problem is collected, nothing is raised for bad content."""
    result = MunicipalRead(file_name)
    try:
        workbook = open_workbook(data, max_uncompressed=max_uncompressed)
        names = workbook.sheetnames
        if len(names) != 1:
            result.problems.append(problem(file_name, "municipal_one_sheet", value=", ".join(names)[:200]))
            return result
        sheet = workbook[names[0]]
        rows = filled_rows(sheet, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    except XlsxError as error:
        result.problems.append(problem_from(file_name, error))
        return result
    result.sheet = names[0]
    period = _period(names[0])
    if period is None:
        result.problems.append(problem(file_name, "municipal_sheet_name", sheet=names[0], value=names[0]))
        return result
    result.period_end = period
    header_at = next((i for i, (_, cells) in enumerate(rows) if _text(cells[0] if cells else None) == HEADER[0]), None)
    if header_at is None:
        result.problems.append(problem(file_name, "municipal_header", sheet=names[0], row=2,
                                       value=" | ".join(_text(c) for c in (rows[1][1] if len(rows) > 1 else ())[:5]),
                                       header=", ".join(HEADER)))
        return result
    number, header = rows[header_at]
    labels = [_text(c) for c in header]
    if tuple(labels[:3]) != HEADER or VIETNAM not in labels or len(set(labels)) != len(labels):
        result.problems.append(problem(file_name, "municipal_header", sheet=names[0], row=number,
                                       value=" | ".join(labels[:6]), header=", ".join(HEADER)))
        return result
    columns = {labels.index(label): nationality for label, nationality in NATIONALITY_COLUMNS.items()}
    _read_rows(result, rows[header_at + 1:], columns, labels)
    if result.problems:
        result.figures = empty_municipal()
        return result
    result.figures = result.figures.assign(
        source_kind="official", publisher=PUBLISHERS["residents"], source_title=source_title or SOURCE_TITLE,
        source_url=source_url or ESTAT_ISA_PAGE, read_from_url=read_from_url,
        note=note or f"read as: {TITLE} ({names[0]}), row {{row}}")
    result.figures["note"] = [n.replace("{row}", str(r)) for n, r in zip(result.figures["note"], result.figures["row"])]
    return result


def _read_rows(result: MunicipalRead, rows: list[tuple[int, tuple]], columns: dict[int, str], labels: list[str]) -> None:
    file, sheet = result.file_name, result.sheet
    figures, prefectures = [], []
    prefecture = ""  # the current prefecture's code, from its row
    city_code = city_name = ""  # the designated city (or 特別区) whose wards follow
    seen: dict[str, int] = {}
    for number, cells in rows:
        code, name = _text(cells[0] if cells else None), _text(cells[1] if len(cells) > 1 else None)
        counts = {column: cells[column] if column < len(cells) else None for column in columns}
        if all(cell is None for cell in counts.values()):
            continue  # a blank row or a note below the table (（注）北方領土…)
        values = {}
        for column, cell in counts.items():
            if isinstance(cell, bool) or not isinstance(cell, int) or cell < 0:
                result.problems.append(problem(file, "municipal_count", sheet=sheet, row=number,
                                               column=labels[column], value=_text(cell)))
                values = None
                break
            values[columns[column]] = cell
        if values is None:
            continue
        if not code:
            special = {"総数": "00", UNDETERMINED: "99"}.get(name)
            if special and special in seen:
                result.problems.append(problem(file, "municipal_code_twice", sheet=sheet, row=number,
                                               column=HEADER[1], value=name, first=seen[special]))
            elif special:
                seen[special] = number
                prefectures += [(special, n, v, number, "") for n, v in values.items()]
            else:
                result.problems.append(problem(file, "municipal_code", sheet=sheet, row=number,
                                               column=HEADER[0], value=code))
            continue
        if not re.fullmatch(r"\d{5}", code) or not 1 <= int(code[:2]) <= 47:
            result.problems.append(problem(file, "municipal_code", sheet=sheet, row=number, column=HEADER[0], value=code))
            continue
        if code in seen:
            result.problems.append(problem(file, "municipal_code_twice", sheet=sheet, row=number, column=HEADER[0],
                                           value=code, first=seen[code]))
            continue
        seen[code] = number
        if code.endswith("000"):
            prefecture, city_code, city_name = code[:2], "", ""
            prefectures += [(code[:2], n, v, number, "") for n, v in values.items()]
            continue
        if code[:2] != prefecture:
            result.problems.append(problem(file, "municipal_outside_prefecture", sheet=sheet, row=number,
                                           column=HEADER[0], value=code, prefecture=prefecture or "—",
                                           expected_prefecture=code[:2]))
            continue
        is_ward = bool(city_code) and code[2] == "1" and (name.startswith(city_name) or city_code == "13100") \
            and code > city_code
        if not is_ward:
            city_code = city_name = ""
            if code[2] == "1" and code.endswith("0"):  # a designated city (xx100, xx130…) or 特別区 (13100)
                city_code, city_name = code, name
        parent = city_code if is_ward else ""
        figures += [dict(period_end=result.period_end, municipality_code=code, nationality=n, measure="residents",
                         value=v, prefecture_code=code[:2], parent_code=parent, name_ja=name, row=number)
                    for n, v in values.items()]
    frame = pd.DataFrame(figures, columns=[*MUNICIPAL_COLUMNS[:8], "row"])
    result.figures = frame.astype({"value": "int64", "row": "int64"}).assign(
        **{c: "" for c in MUNICIPAL_COLUMNS[8:]})
    result.prefectures = pd.DataFrame(prefectures, columns=["prefecture_code", "nationality", "value", "row", "column"])
