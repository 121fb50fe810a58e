"""The project's own long format, as CSV or as an Excel sheet: one row per figure.

Columns: period_end, prefecture, nationality, measure, breakdown, value, source_title, source_url
(plus optional source_kind, note). Checks are vectorised so a million-row file stays fast:
distinct prefecture spellings are matched once, and only unusual number cells go through the
slow path.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata

import pandas as pd

from workforce import schema
from workforce.bundled import breakdown_labels
from workforce.ingest.decode import DecodeError, decode_text
from workforce.ingest.numbers import parse_count
from workforce.ingest.result import Problem, ReadResult, Skipped
from workforce.prefectures import UnknownPrefecture, prefectures

REQUIRED = ["period_end", "prefecture", "nationality", "measure", "breakdown", "value"]
SOURCE = ["source_title", "source_url"]
OPTIONAL = ["source_kind", "note"]
TEMPLATE_EXAMPLE = {
    "period_end": "2025-06-30", "prefecture": "愛知県", "nationality": "VN", "measure": "residents",
    "breakdown": "total", "value": "67842",
    "source_title": "出入国在留管理庁 報道発表資料「令和7年6月末現在における在留外国人数について」 第5表",
    "source_url": "https://www.moj.go.jp/isa/policies/statistics/toukei_ichiran_touroku.html",
    "source_kind": "official", "note": "",
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
        text, _encoding = decode_text(data)
    except DecodeError as error:
        result.problems.append(Problem(file_name, f"{error}"))
        return result
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # old Mac Excel ends lines with a bare CR
    lines = text.split("\n")
    filled = [number for number, line in enumerate(lines, start=1) if line != ""]  # the lines the parser reads
    if not any(line.strip() for line in lines):
        result.problems.append(Problem(file_name, "a header row and data rows"))
        return result
    if len(filled) == 1:  # a header and nothing else: report its columns, then the missing rows
        header = next(csv.reader([lines[filled[0] - 1]]))
        return _read_frame(pd.DataFrame(columns=header), result, source_title, source_url, max_rows, first_data_row=2)
    try:
        # pyarrow's parser: several times faster than pandas' own on large files, same strings.
        raw = pd.read_csv(io.BytesIO(text.encode("utf-8")), dtype=str, keep_default_na=False, engine="pyarrow")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as error:
        result.problems.append(Problem(
            file_name, f"a well-formed CSV (comma-separated, quoted with \"); the parser said: {str(error).strip()[:200]}"))
        return result
    # The parser skips empty lines; map each record back to its line in the file for precise problems.
    record_lines = filled[1:] if len(filled) - 1 == len(raw) else None
    return _read_frame(raw, result, source_title, source_url, max_rows, first_data_row=2, record_lines=record_lines)


def read_long_xlsx(data: bytes, file_name: str, *, source_title: str | None = None, source_url: str | None = None,
                   max_rows: int | None = None, max_uncompressed: int | None = None) -> ReadResult:
    from workforce.ingest.xlsx import XlsxError, open_workbook

    result = ReadResult(file_name, "xlsx")
    try:
        workbook = open_workbook(data, max_uncompressed=max_uncompressed)
    except XlsxError as error:
        result.problems.append(Problem(file_name, str(error)))
        return result
    sheet = workbook.worksheets[0]
    try:  # read-only mode parses the sheet lazily: damage past the first rows shows up here
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # openpyxl/ElementTree raise many types for malformed XML
        result.problems.append(Problem(file_name, f"a readable .xlsx workbook; the sheet is damaged ({type(error).__name__})",
                                       sheet=sheet.title))
        return result
    finally:
        workbook.close()
    if not rows:
        result.problems.append(Problem(file_name, "a header row and data rows", sheet=sheet.title))
        return result
    header = [h.strip() for h in rows[0]]
    raw = pd.DataFrame(rows[1:], columns=header, dtype=str) if len(rows) > 1 else pd.DataFrame(columns=header)
    raw = raw.loc[:, [h for h in header if h]]
    return _read_frame(raw, result, source_title, source_url, max_rows, first_data_row=2, sheet=sheet.title)


def _cell_text(value: object) -> str:
    """An Excel cell as the text an analyst typed: dates as YYYY-MM-DD, whole floats without '.0'."""
    import datetime

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
        result.problems.append(Problem(file_name, "each column once (names compared ignoring case and width)",
                                       sheet=sheet, row=1, value=", ".join(repeated)))
        return result
    missing = [c for c in REQUIRED if c not in raw.columns]
    missing += [c for c, given in zip(SOURCE, (source_title, source_url)) if c not in raw.columns and not given]
    if missing:
        result.problems.append(Problem(file_name, f"columns {', '.join(REQUIRED + SOURCE)} (source columns may instead "
                                       f"be given once for the file); missing: {', '.join(missing)}",
                                       sheet=sheet, row=1, value=", ".join(raw.columns)))
        return result
    if raw.empty:
        result.problems.append(Problem(file_name, "at least one data row below the header", sheet=sheet))
        return result
    if max_rows is not None and len(raw) > max_rows:
        result.problems.append(Problem(file_name, f"at most {max_rows:,} data rows; this file has {len(raw):,}", sheet=sheet))
        return result

    frame = pd.DataFrame(index=raw.index)
    frame["source_row"] = record_lines if record_lines is not None else raw.index + first_data_row
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, expected: str) -> None:
        shown = raw[column] if column in raw.columns else frame.get(column, pd.Series("", index=raw.index))
        for row, value in zip(frame.loc[mask, "source_row"], shown[mask]):
            problems.append(Problem(file_name, expected, sheet=sheet, row=int(row), column=column, value=str(value)))

    period = raw["period_end"].str.strip()
    parsed = pd.to_datetime(period, format="%Y-%m-%d", errors="coerce")
    flag(parsed.isna() | ~period.str.fullmatch(r"\d{4}-\d{2}-\d{2}"), "period_end", "a date as YYYY-MM-DD, e.g. 2025-06-30")
    frame["period_end"] = period

    frame["prefecture_code"] = _match_prefectures(raw["prefecture"])
    flag(frame["prefecture_code"].isna(), "prefecture",
         "a JIS code 01-47 (00 national), or a prefecture name such as 愛知県, 愛知, Aichi")

    nationality = _map_distinct(raw["nationality"],
                                lambda v: NATIONALITY_SPELLINGS.get(unicodedata.normalize("NFKC", v).strip().casefold()))
    flag(nationality.isna(), "nationality", "VN (Vietnam) or ALL (all nationalities)")
    frame["nationality"] = nationality

    measure = raw["measure"].str.strip().str.lower()
    flag(~measure.isin(list(schema.MEASURES)), "measure", f"one of {', '.join(schema.MEASURES)}")
    frame["measure"] = measure

    breakdown = _map_distinct(raw["breakdown"], lambda v: unicodedata.normalize("NFKC", v).strip())
    labels = breakdown_labels()
    known = set(labels["measure"] + "|" + labels["breakdown"])
    unknown = ~((measure + "|" + breakdown).isin(known) | (breakdown == "total"))
    flag(unknown & measure.isin(list(schema.MEASURES)), "breakdown",
         "total, or a status/industry listed for this measure in data/curated/breakdowns.csv")
    frame["breakdown"] = breakdown

    frame["value"] = _parse_values(raw["value"], frame, result, flag)

    for column, given in zip(SOURCE, (source_title, source_url)):
        values = raw[column].str.strip() if column in raw.columns else pd.Series("", index=raw.index)
        frame[column] = values.mask(values == "", given or "")
    flag(frame["source_title"] == "", "source_title", "a source title for every figure (or one for the whole file)")
    bad_url = ~_map_distinct(frame["source_url"], lambda url: bool(re.fullmatch(r"https?://\S+", url))).astype(bool)
    flag(bad_url, "source_url", "an http:// or https:// address of the source")
    kind = raw["source_kind"].str.strip().str.lower() if "source_kind" in raw.columns else pd.Series("official", index=raw.index)
    kind = kind.mask(kind == "", "official")
    flag(~kind.isin(schema.SOURCE_KINDS), "source_kind", "official or secondary")
    frame["source_kind"] = kind
    frame["confidence"] = ""
    frame["publisher"] = measure.map(schema.PUBLISHERS).fillna("")
    frame["note"] = raw["note"].str.strip() if "note" in raw.columns else ""

    result.problems.extend(problems)
    if result.ok:
        kept = frame[frame["value"].notna()].astype({"value": "int64"})
        result.figures = kept[["source_row", *schema.COLUMNS]]
    return result


def _map_distinct(column: pd.Series, function) -> pd.Series:
    """Apply `function` once per distinct value: a million rows hold only a few hundred spellings."""
    return column.map({value: function(value) for value in column.unique()})


def _match_prefectures(column: pd.Series) -> pd.Series:
    table = prefectures()

    def match(spelling: str) -> str | None:
        try:
            return table.match(spelling)
        except UnknownPrefecture:
            return None

    return _map_distinct(column, match)


def _parse_values(column: pd.Series, frame: pd.DataFrame, result: ReadResult, flag) -> pd.Series:
    """Plain digits take the fast path; other cells (1,234 / １２３ / - / … / x / △) go through parse_count."""
    text = column.str.strip()
    plain = text.str.fullmatch(r"[0-9]{1,14}")  # below MAX_COUNT: the fast path cannot overflow
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
    flag(errors, "value", "a whole number of persons, zero or more (digits, 1,234, or - for zero)")
    if unreadable:
        result.skipped.append(Skipped("figures marked … (unknown) or x (suppressed)", unreadable,
                                      "no value was published; a gap is kept as a gap"))
    return values
