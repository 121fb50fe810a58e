"""The project's own long format, as CSV or as an Excel sheet: one row per figure.

Columns: period_end, prefecture, nationality, measure, breakdown, value, source_title, source_url
(plus optional source_kind, read_from_url, note). Checks are vectorised so a million-row file stays fast:
distinct prefecture spellings are matched once, and only unusual number cells go through the
slow path.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata

import pandas as pd

from workforce import schema
from workforce.bundled import breakdown_labels
from workforce.ingest.decode import DecodeError, decode_text
from workforce.ingest.numbers import parse_count
from workforce.ingest.result import Problem, ReadResult, Skipped, problem, problem_from, say
from workforce.prefectures import UnknownPrefecture, prefectures
from workforce.distinct_values import map_distinct, pairs_distinct

_MAX_XLSX_COLUMNS = 1_000  # the table has ten; a value further right is refused before it is padded

REQUIRED = ["period_end", "prefecture", "nationality", "measure", "breakdown", "value"]
SOURCE = ["source_title", "source_url"]
TEMPLATE_EXAMPLE = {
    "period_end": "2025-06-30", "prefecture": "愛知県", "nationality": "VN", "measure": "residents",
    "breakdown": "total", "value": "67842",
    "source_title": "出入国在留管理庁 報道発表資料「令和7年6月末現在における在留外国人数について」 第5表",
    "source_url": "https://www.moj.go.jp/isa/policies/statistics/toukei_ichiran_touroku.html",
    "source_kind": "official", "read_from_url": "", "note": "",
}
NATIONALITY_SPELLINGS = {"vn": "VN", "vietnam": "VN", "viet nam": "VN", "ベトナム": "VN", "all": "ALL",
                         "総数": "ALL", "全体": "ALL", "all nationalities": "ALL"}


def template_csv() -> str:
    """The documented template: header and one example row (UTF-8)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(TEMPLATE_EXAMPLE), lineterminator="\n")
    writer.writeheader()
    writer.writerow(TEMPLATE_EXAMPLE)
    return buffer.getvalue()


def read_long_csv(data: bytes, file_name: str, *, source_title: str | None = None, source_url: str | None = None,
                  max_rows: int | None = None) -> ReadResult:
    result = ReadResult(file_name, "csv")
    try:
        text, encoding = decode_text(data)
    except DecodeError as error:
        result.problems.append(problem_from(file_name, error))
        return result
    if not text or text.isspace():
        result.problems.append(problem(file_name, "header_and_rows"))
        return result
    if not re.search(r"[^\r\n][\r\n]+[^\r\n]", text):  # one line: a header only; its columns, then the missing rows
        try:
            header = next(csv.reader(io.StringIO(text.strip("\r\n"), newline="")))
        except csv.Error as error:  # a field beyond the csv module's limit (131,072 characters)
            result.problems.append(problem(file_name, "csv_malformed", detail=str(error)[:200]))
            return result
        return _read_frame(pd.DataFrame(columns=header), result, source_title, source_url, max_rows, first_data_row=2)
    try:
        # pyarrow's parser: several times faster than pandas' own on large files, same strings.
        utf8 = data.removeprefix(b"\xef\xbb\xbf") if encoding == "utf-8" else text.encode("utf-8")  # no copy if UTF-8
        raw = pd.read_csv(io.BytesIO(utf8), dtype=str, keep_default_na=False, engine="pyarrow")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as error:
        result.problems.append(problem(file_name, "csv_malformed", detail=str(error).strip()[:200]))
        return result
    # pandas renames a repeated column ('value', 'value.1'); the names as written let _read_frame refuse it.
    try:
        header = next((names for names in csv.reader(_lines(text)) if names), [])
    except csv.Error as error:  # a header field beyond the csv module's limit (131,072 characters)
        result.problems.append(problem(file_name, "csv_malformed", detail=str(error)[:200]))
        return result
    if len(header) == len(raw.columns):
        raw.columns = header
    # The parser skips empty lines; map each record back to its line in the file for precise problems.
    record_lines = _record_lines(text, len(raw))
    del text, utf8  # a large file's text is not needed any more: keep the peak memory down
    return _read_frame(raw, result, source_title, source_url, max_rows, first_data_row=2, record_lines=record_lines)


def _lines(text: str):
    """The text's lines, ends kept, one at a time: reading the header does not copy a large file."""
    return (match.group() for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text) if match.group())


def _record_lines(text: str, records: int) -> range | list[int] | None:
    """The line number of each parsed record (the parser skips empty lines), or None when quoted line
    breaks make that ambiguous. Lines end in LF, CRLF or (old Mac Excel) a bare CR."""
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + (not text.endswith(("\n", "\r")))
    if lines == records + 1:  # no empty line and no line break inside a field: a cheap count suffices
        return range(2, records + 2)
    filled = [number for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1) if line != ""]
    return filled[1:] if len(filled) - 1 == records else None


def read_long_xlsx(data: bytes, file_name: str, *, source_title: str | None = None, source_url: str | None = None,
                   max_rows: int | None = None, max_uncompressed: int | None = None) -> ReadResult:
    from openpyxl.utils import get_column_letter

    from workforce.ingest.xlsx import SheetTooLarge, XlsxError, filled_rows, open_workbook

    result = ReadResult(file_name, "xlsx")
    try:
        workbook = open_workbook(data, max_uncompressed=max_uncompressed)
    except XlsxError as error:
        result.problems.append(problem_from(file_name, error))
        return result
    title = ""
    try:
        if not workbook.worksheets:
            result.problems.append(problem(file_name, "xlsx_no_sheet"))
            return result
        sheet = workbook.worksheets[0]
        title = sheet.title
        # The header row, then at most max_rows data rows (a sheet holds at most 1,048,576 rows).
        rows = filled_rows(sheet, max_rows=1_048_576 if max_rows is None else max_rows + 1, max_columns=_MAX_XLSX_COLUMNS)
    except SheetTooLarge as error:
        result.problems.append(problem(file_name, "too_many_rows", sheet=title, limit=max_rows, rows=error.filled - 1))
        return result
    except XlsxError as error:
        result.problems.append(problem_from(file_name, error, sheet=title))
        return result
    except Exception as error:  # read-only mode parses lazily: damaged XML shows up here, as many types
        result.problems.append(problem(file_name, "xlsx_sheet_damaged", sheet=title, detail=type(error).__name__))
        return result
    finally:
        workbook.close()
    if not rows or rows[0][0] != 1:
        result.problems.append(problem(file_name, "xlsx_empty_first_row", sheet=title))
        return result
    header = [_cell_text(v).strip() for v in rows[0][1]]
    for number, cells in rows[1:]:
        for index, value in enumerate(cells):
            if value is not None and (index >= len(header) or not header[index]):
                result.problems.append(problem(file_name, "unnamed_column", sheet=title, row=number,
                                               column=get_column_letter(index + 1), value=_cell_text(value)))
    if result.problems:
        return result
    named = [index for index, name in enumerate(header) if name]
    records = [[_cell_text(cells[i]) if i < len(cells) else "" for i in named] for _, cells in rows[1:]]
    columns = [header[i] for i in named]
    raw = pd.DataFrame(records, columns=columns, dtype=str) if records else pd.DataFrame(columns=columns)
    return _read_frame(raw, result, source_title, source_url, max_rows, first_data_row=2, sheet=title,
                       record_lines=[number for number, _ in rows[1:]])


def _cell_text(value: object) -> str:
    """An Excel cell as the text an analyst typed: dates as YYYY-MM-DD, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_frame(raw: pd.DataFrame, result: ReadResult, source_title: str | None, source_url: str | None,
                max_rows: int | None, *, first_data_row: int, sheet: str = "",
                record_lines: list[int] | None = None) -> ReadResult:
    file_name = result.file_name
    raw.columns = [unicodedata.normalize("NFKC", str(c)).strip().lower() for c in raw.columns]
    repeated = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if repeated:
        result.problems.append(problem(file_name, "repeated_columns", sheet=sheet, row=1, value=", ".join(repeated)))
        return result
    missing = [c for c in REQUIRED if c not in raw.columns]
    missing += [c for c, given in zip(SOURCE, (source_title, source_url)) if c not in raw.columns and not given]
    if missing:
        result.problems.append(problem(file_name, "missing_columns", sheet=sheet, row=1, value=", ".join(raw.columns),
                                       columns=", ".join(REQUIRED + SOURCE), missing=", ".join(missing)))
        return result
    if raw.empty:
        result.problems.append(problem(file_name, "no_data_rows", sheet=sheet))
        return result
    if max_rows is not None and len(raw) > max_rows:
        result.problems.append(problem(file_name, "too_many_rows", sheet=sheet, limit=max_rows, rows=len(raw)))
        return result

    frame = pd.DataFrame(index=raw.index)
    frame["source_row"] = record_lines if record_lines is not None else raw.index + first_data_row
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, key: str, **params: object) -> None:
        if not mask.any():
            return
        shown = raw[column] if column in raw.columns else frame.get(column, pd.Series("", index=raw.index))
        template = problem(file_name, key, sheet=sheet, column=column, **params)  # one message for every row
        for row, value in zip(frame.loc[mask, "source_row"], shown[mask]):
            problems.append(Problem(file_name, template.expected, sheet, int(row), column, str(value), template.message))

    period = map_distinct(raw["period_end"], str.strip, "str")
    flag(~map_distinct(period, _is_date, "bool"), "period_end", "period_format")
    frame["period_end"] = period

    frame["prefecture_code"] = _match_prefectures(raw["prefecture"])
    flag(frame["prefecture_code"].isna(), "prefecture", "prefecture")

    nationality = map_distinct(raw["nationality"],
                                lambda v: NATIONALITY_SPELLINGS.get(unicodedata.normalize("NFKC", v).strip().casefold()),
                                "str")
    flag(nationality.isna(), "nationality", "nationality")
    frame["nationality"] = nationality

    measure = map_distinct(raw["measure"], lambda v: v.strip().lower(), "str")
    flag(~measure.isin(list(schema.MEASURES)), "measure", "measure", measures=", ".join(schema.MEASURES))
    frame["measure"] = measure

    breakdown = map_distinct(raw["breakdown"], lambda v: unicodedata.normalize("NFKC", v).strip(), "str")
    labels = breakdown_labels()
    known = set(zip(labels["measure"], labels["breakdown"])) | {(m, "total") for m in schema.MEASURES}
    unknown = ~pairs_distinct(measure, breakdown, lambda m, b: (m, b) in known)
    flag(unknown & measure.isin(list(schema.MEASURES)), "breakdown", "breakdown")
    frame["breakdown"] = breakdown

    frame["value"] = _parse_values(raw["value"], frame, result, flag)

    for column, given in zip(SOURCE, (source_title, source_url)):
        values = map_distinct(raw[column], str.strip, "str") if column in raw.columns else pd.Series("", index=raw.index)
        frame[column] = values.mask(values == "", given or "")
    flag(frame["source_title"] == "", "source_title", "source_title")
    bad_url = ~map_distinct(frame["source_url"], lambda url: bool(re.fullmatch(r"https?://\S+", url)), "bool")
    flag(bad_url, "source_url", "source_url")
    kind = map_distinct(raw["source_kind"], lambda v: v.strip().lower(), "str") if "source_kind" in raw.columns \
        else pd.Series("official", index=raw.index)
    kind = kind.mask(kind == "", "official")
    flag(~kind.isin(schema.SOURCE_KINDS), "source_kind", "source_kind")
    frame["source_kind"] = kind
    frame["confidence"] = ""
    frame["publisher"] = map_distinct(measure, lambda m: schema.PUBLISHERS.get(m, ""), "str")
    frame["read_from_url"] = (map_distinct(raw["read_from_url"], str.strip, "str") if "read_from_url" in raw.columns
                              else pd.Series("", index=raw.index))
    bad_copy = ~map_distinct(frame["read_from_url"], lambda url: bool(re.fullmatch(r"(https?://\S+)?", url)), "bool")
    flag(bad_copy, "read_from_url", "read_from_url")
    frame["note"] = map_distinct(raw["note"], str.strip, "str") if "note" in raw.columns else ""

    result.problems.extend(problems)
    if result.ok:
        kept = frame[frame["value"].notna()].astype({"value": "int64"})
        result.figures = kept[["source_row", *schema.COLUMNS]]
    return result


def _is_date(text: str) -> bool:
    """YYYY-MM-DD, a real calendar day."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _match_prefectures(column: pd.Series) -> pd.Series:
    table = prefectures()

    def match(spelling: str) -> str | None:
        try:
            return table.match(spelling)
        except UnknownPrefecture:
            return None

    return map_distinct(column, match, "str")


def _parse_values(column: pd.Series, frame: pd.DataFrame, result: ReadResult, flag) -> pd.Series:
    """Plain digits take the fast path; other cells (1,234 / １２３ / - / … / x / △) go through parse_count."""
    text = column.str.strip()
    plain = text.str.fullmatch(r"[0-9]{1,14}")  # below MAX_COUNT: the fast path cannot overflow
    if plain.all():  # the usual file: every cell plain digits, one cast
        return text.astype("int64").astype("Int64")
    values = pd.Series(pd.NA, index=column.index, dtype="Int64")
    values[plain] = text[plain].astype("int64")
    errors = pd.Series(False, index=column.index)
    unreadable = 0
    for index, cell in text[~plain].items():
        count = parse_count(cell)
        if count.error or count.flag == "empty":
            errors[index] = True
        elif count.value is None:
            unreadable += 1
        else:
            values[index] = count.value
    flag(errors, "value", "value")
    if unreadable:
        result.skipped.append(Skipped(say("skipped_unpublished"), unreadable, say("reason_gap_kept")))
    return values
