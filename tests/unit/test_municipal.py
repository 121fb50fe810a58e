"""Issue 13: ISA's municipal table (市区町村別 国籍・地域別 在留外国人) read, checked, stored and migrated.

The real file for 2022-06-30 is read in place from ../shared/real-files; bad inputs are built from it.
"""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from tests.support.stores import BUNDLE, ROOT
from workforce import schema
from workforce.ingest import plan as importer
from workforce.ingest.isa_municipal import read_isa_municipal
from workforce.municipal import check_stored_municipal, read_and_check
from workforce.store import (active_figures, active_municipal_figures, create_release, ensure_store, list_releases,
                             set_release_active, state_token)
from workforce.store.db import metadata, store_meta

REAL = ROOT.parent / "shared" / "real-files" / "estat-isa-municipal-by-nationality-2022-06_22-06-03-1.xlsx"
NAME = REAL.name
SHEET = "22-06-03-1"
# The real file's values (ISA, 2022-06-30, Vietnamese residents), as the issue gives them.
KNOWN_VN = {"23211": 2_923, "23100": 11_132, "01100": 1_858, "27100": 21_858}


@pytest.fixture(scope="module")
def real_bytes() -> bytes:
    return REAL.read_bytes()


def _vn(frame: pd.DataFrame) -> dict[str, int]:
    vn = frame[frame["nationality"] == "VN"]
    return dict(zip(vn["municipality_code"], vn["value"]))


def _edited(data: bytes, edit) -> bytes:
    """The real workbook with one change made by `edit(worksheet)`, saved as a new .xlsx."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook[SHEET])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _row_of(sheet, code: str) -> int:
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == code)


def test_the_real_file_is_read_with_its_values_and_passes_every_rule(real_bytes, bundled_figures):
    read = read_and_check(real_bytes, NAME, bundled_figures)
    assert read.problems == [] and read.period_end == "2022-06-30" and read.sheet == SHEET
    vn = _vn(read.figures)
    assert {code: vn[code] for code in KNOWN_VN} == KNOWN_VN
    figures = read.figures.set_index(["municipality_code", "nationality"])
    assert figures.loc[("23211", "VN"), "name_ja"] == "豊田市" and figures.loc[("23211", "ALL"), "value"] == 18_935
    # wards keep their city; the city is never added to its wards (Aichi's municipalities sum to its row)
    assert figures.loc[("23101", "VN"), "parent_code"] == "23100" and figures.loc[("23100", "VN"), "parent_code"] == ""
    aichi_top = read.figures[(read.figures["prefecture_code"] == "23") & (read.figures["parent_code"] == "")]
    assert aichi_top[aichi_top["nationality"] == "VN"]["value"].sum() == 48_608  # = the bundled prefecture figure
    assert set(read.figures["parent_code"]) - {""} >= {"01100", "13100", "14100", "23100", "27100", "40130"}
    assert len(read.figures) == 2 * 1_914 and (read.figures["source_url"].str.startswith("https://www.e-stat.go.jp/")).all()


def test_import_detects_the_table_by_content_and_stores_it_as_a_release(bundled_store, real_bytes):
    engine = bundled_store
    assert importer.detect_format(real_bytes) == "isa-municipal"
    plan = importer.plan_import(engine, real_bytes, "any-name.xlsx")
    assert plan.result.format == "isa-municipal" and plan.result.problems == [] and plan.can_commit
    prefecture_level = active_figures(engine)
    release = importer.commit(engine, plan, actor="tester")
    stored = active_municipal_figures(engine, period_end="2022-06-30")
    assert {code: _vn(stored)[code] for code in KNOWN_VN} == KNOWN_VN
    assert set(stored["release_id"]) == {release}
    assert list_releases(engine).set_index("id").loc[release, "row_count"] == len(stored)
    pd.testing.assert_frame_equal(active_figures(engine), prefecture_level)  # prefecture level untouched
    set_release_active(engine, release, False, actor="tester")  # rolled back: the bundle's values show again
    again = active_municipal_figures(engine, nationality="VN", municipality_code="23211")
    assert again["value"].tolist() == [2_923] and again["release_id"].tolist() != [release]


def _problems(engine: sa.Engine, data: bytes):
    """Import `data`: the problems, after checking that nothing could be committed or changed."""
    before = state_token(engine), len(active_municipal_figures(engine))
    plan = importer.plan_import(engine, data, "bad.xlsx")
    assert not plan.can_commit
    with pytest.raises(importer.CommitRefused):
        importer.commit(engine, plan, actor="tester")
    assert (state_token(engine), len(active_municipal_figures(engine))) == before
    return [(p.file, p.sheet, p.row, p.column, p.value, p.expected) for p in plan.result.problems]


def test_bad_inputs_built_from_the_real_file_are_refused_with_precise_problems(bundled_store, real_bytes):
    engine = bundled_store

    def drop_aichi(sheet):
        sheet.delete_rows(_row_of(sheet, "23000"))
    problems = _problems(engine, _edited(real_bytes, drop_aichi))
    assert problems[0][:5] == ("bad.xlsx", SHEET, 1086, "市区町村コード", "23100")
    assert "belongs to prefecture 23" in problems[0][5] and "follows the row of prefecture 22" in problems[0][5]

    def ward_off_by_one(sheet):
        sheet.cell(_row_of(sheet, "23101"), 5).value += 1
    assert _problems(engine, _edited(real_bytes, ward_off_by_one)) == [
        ("bad.xlsx", SHEET, 1087, "ベトナム", "11132", "the city 23100 名古屋市 equal to the sum of its wards, 11,133")]

    def unknown_code(sheet):
        sheet.cell(_row_of(sheet, "23211"), 1).value = "99211"
    problems = _problems(engine, _edited(real_bytes, unknown_code))
    assert problems == [("bad.xlsx", SHEET, _row_of(openpyxl.load_workbook(io.BytesIO(real_bytes))[SHEET], "23211"),
                         "市区町村コード", "99211",
                         "a 5-digit municipal code whose first two digits are a prefecture (01–47)")]

    def swap_labels(sheet, first: int, second: int):
        a, b = sheet.cell(2, first).value, sheet.cell(2, second).value
        sheet.cell(2, first).value, sheet.cell(2, second).value = b, a
    problems = _problems(engine, _edited(real_bytes, lambda s: swap_labels(s, 3, 5)))  # 総数 ↔ ベトナム
    assert problems[0][:4] == ("bad.xlsx", SHEET, 2, "") and "the header row 市区町村コード" in problems[0][5]
    # ベトナム ↔ 中国: a header that reads, with values that are not Vietnamese residents
    problems = _problems(engine, _edited(real_bytes, lambda s: swap_labels(s, 4, 5)))
    assert len(problems) == 49  # the 47 prefectures, 未定・不詳 and the national row differ from the stored figures
    assert [p for p in problems if p[2] == 1086] == [  # Aichi: 44,396 Chinese residents read as Vietnamese
        ("bad.xlsx", SHEET, 1086, "ベトナム", "44396",
         "the prefecture's row equal to the prefecture figure stored for 2022-06-30, 48,608")]


def test_prefecture_rows_must_equal_the_stored_prefecture_figures(real_bytes, bundled_figures):
    stored = bundled_figures.copy()
    aichi = (stored["period_end"] == "2022-06-30") & (stored["prefecture_code"] == "23") & \
        (stored["nationality"] == "VN") & (stored["breakdown"] == "total")
    stored.loc[aichi, "value"] = 48_000
    read = read_and_check(real_bytes, NAME, stored)
    assert [(p.row, p.column, p.value, p.expected) for p in read.problems] == [
        (1086, "ベトナム", "48608", "the prefecture's row equal to the prefecture figure stored for 2022-06-30, 48,000")]
    assert read.figures.empty


def test_the_bundle_holds_the_2022_06_municipal_figures_and_obeys_the_rules(bundled_figures):
    bundled = pd.read_csv(ROOT / "data" / "municipal_figures.csv", dtype=str, keep_default_na=False).astype(
        {"value": "int64"})
    assert {code: _vn(bundled)[code] for code in KNOWN_VN} == KNOWN_VN
    assert check_stored_municipal(bundled, bundled_figures, "data/municipal_figures.csv") == []
    broken = bundled.copy()
    broken.loc[(broken["municipality_code"] == "23211") & (broken["nationality"] == "VN"), "value"] = 2_924
    found = check_stored_municipal(broken, bundled_figures, "data/municipal_figures.csv")
    assert [p.expected for p in found] == [
        "the prefecture's row equal to the sum of its municipalities (cities counted without their wards), 48,609"]


def test_the_reader_refuses_a_workbook_that_is_not_the_table(real_bytes):
    def rename(sheet):
        sheet.title = "Sheet1"
    read = read_isa_municipal(_edited(real_bytes, rename), "x.xlsx")
    assert [(p.sheet, p.value) for p in read.problems] == [("Sheet1", "Sheet1")] and read.figures.empty


def _store_made_by_todays_main(engine: sa.Engine, bundled_figures: pd.DataFrame) -> None:
    """The store as the code before municipal figures made it: no municipal_figures table, the bundle marker
    named by figures.csv alone, and an analyst's release on top."""
    from workforce.store.releases import BUNDLED_MARKER, file_sha256

    metadata.create_all(engine, tables=[t for t in metadata.sorted_tables if t.name != "municipal_figures"])
    release = create_release(engine, bundled_figures, actor="bundle", kind="bundled", file_name="data/figures.csv",
                             sha256=file_sha256(BUNDLE), fmt="csv")
    analyst = bundled_figures.head(1).assign(period_end="2026-06-30", value=12_345)
    create_release(engine, analyst, actor="analyst", kind="import", file_name="a.csv", sha256="1" * 64, fmt="csv")
    with engine.begin() as conn:
        conn.execute(store_meta.insert().values(key=f"bundle:{file_sha256(BUNDLE)[:40]}", value=str(release)))
        conn.execute(store_meta.insert().values(key=BUNDLED_MARKER, value=str(release)))


def test_a_store_made_by_todays_code_migrates_on_start_with_nothing_lost(store_url, bundled_figures):
    engine = sa.create_engine(store_url)
    _store_made_by_todays_main(engine, bundled_figures)
    assert "municipal_figures" not in sa.inspect(engine).get_table_names()
    assert ensure_store(engine, BUNDLE) == 3
    listed = list_releases(engine).set_index("id")
    assert not listed.loc[1, "active"] and listed.loc[2, "active"] and listed.loc[3, "active"]
    active = active_figures(engine)
    assert len(active) == len(bundled_figures) + 1
    assert active[active["period_end"] == "2026-06-30"]["value"].tolist() == [12_345]
    municipal = active_municipal_figures(engine)
    assert {code: _vn(municipal)[code] for code in KNOWN_VN} == KNOWN_VN and set(municipal["release_id"]) == {3}
    with engine.connect() as conn:  # the old bundle's rows are kept
        assert conn.execute(sa.text("SELECT count(*) FROM figures WHERE release_id = 1")).scalar() == len(bundled_figures)
    assert ensure_store(engine, BUNDLE) == 3 and len(list_releases(engine)) == 3


def test_prefecture_level_reads_never_meet_municipal_figures(bundled_store, bundled_figures):
    engine = bundled_store
    pd.testing.assert_frame_equal(active_figures(engine).drop(columns="release_id"),
                                  bundled_figures.sort_values(schema.KEY, ignore_index=True), check_dtype=False)


def test_curated_readings_name_bundled_municipalities_as_published():
    from workforce.municipal import match_municipality, readings

    bundled = pd.read_csv(ROOT / "data" / "municipal_figures.csv", dtype=str, keep_default_na=False)
    names = dict(zip(bundled["municipality_code"], bundled["name_ja"]))
    read = readings()
    assert read["municipality_code"].is_unique and (read["name_en"] != "").all() and (read["name_vi"] != "").all()
    assert {code: names.get(code) for code in read["municipality_code"]} == dict(zip(read["municipality_code"],
                                                                                    read["name_ja"]))
    for spelling in ("Toyota", "豊田市", "豊田", "23211", "ＴＯＹＯＴＡ"):
        assert match_municipality(spelling, bundled) == [("23211", "豊田市")], spelling


def test_a_national_row_given_twice_is_a_problem_not_a_crash(real_bytes):
    def national_twice(sheet):
        sheet.insert_rows(4)
        for column in range(1, 15):
            sheet.cell(4, column).value = sheet.cell(3, column).value
    read = read_and_check(_edited(real_bytes, national_twice), "x.xlsx")
    assert [(p.sheet, p.row, p.column, p.value, p.expected) for p in read.problems] == [
        (SHEET, 4, "都道府県市区町村", "総数", "each municipal code once; it is already in row 3")]
    assert read.figures.empty
