"""The ISA press-release workbook reader: the real 2024-06 file, and variants written here with openpyxl."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from tests.support.stores import ROOT
from workforce import schema
from workforce.ingest.isa_press import read_isa_press
from workforce.ingest.isa_tables import label, period_end
from workforce.prefectures import prefectures

REAL = ROOT.parent / "shared" / "real-files" / "isa-press-2024-06_001425982.xlsx"
PREFECTURES = [prefectures().frame.loc[f"{n:02d}", "name_ja"] for n in range(1, 48)]
ROWS = ["総数", *PREFECTURES, "未定・不詳"]  # 第4表 / 第5表 row labels, codes 00, 01..47, 99
NATIONALITIES = ["中国", "韓国", "フィリピン", "ネパール", "ブラジル", "インドネシア", "ベトナム", "その他"]  # 2025-06 order
STATUSES = ["永住者", "技術・\n人文知識・\n国際業務", "技能実習", "留学", "特定技能", "家族滞在", "定住者",
            "日本人の\n配偶者等", "特定活動", "その他"]  # 2025-06 order
YEAR_ENDS = [f"令和{n}年末\n（{2018 + n}年末）" for n in range(2, 7)]
PERIODS = [*YEAR_ENDS, "令和７年６月末\n（2025年6月末）"]


@pytest.fixture(scope="module")
def real():
    result = read_isa_press(REAL.read_bytes(), REAL.name)
    schema.validate_figures(result.figures)
    return result


def test_real_file_reads_without_problems(real):
    assert real.ok, real.problem_table()
    assert len(real.figures) == 386
    assert set(real.figures["nationality"]) == {"VN", "ALL"}
    assert set(real.figures["measure"]) == {"residents"}
    assert sorted(real.figures["period_end"].unique()) == [f"{y}-12-31" for y in range(2012, 2024)] + ["2024-06-30"]
    assert real.figures.groupby("nationality").size().to_dict() == {"ALL": 313, "VN": 73}


def test_real_file_equals_every_overlapping_bundled_official_figure(real, bundled_figures):
    official = bundled_figures[bundled_figures["source_kind"] == "official"]
    merged = real.figures.merge(official, on=schema.KEY, suffixes=("", "_bundled"))
    assert len(merged) == len(real.figures)  # every figure read is also in the bundled dataset
    different = merged[merged["value"] != merged["value_bundled"]]
    assert different.empty, different[schema.KEY + ["value", "value_bundled", "note"]]


@pytest.mark.parametrize(("period", "code", "nationality", "breakdown", "value"), [
    ("2024-06-30", "23", "VN", "total", 61045), ("2024-06-30", "00", "VN", "total", 600348),
    ("2024-06-30", "99", "VN", "total", 1275), ("2024-06-30", "00", "ALL", "total", 3588956),
    ("2024-06-30", "00", "VN", "技能実習", 203977), ("2024-06-30", "00", "VN", "特定技能", 126832),
    ("2024-06-30", "00", "VN", "技術・人文知識・国際業務", 101674), ("2024-06-30", "00", "VN", "特別永住者", 5),
    ("2012-12-31", "00", "VN", "total", 52367), ("2019-12-31", "13", "ALL", "total", 593458),
])
def test_real_file_values(real, period, code, nationality, breakdown, value):
    key = (real.figures["period_end"] == period) & (real.figures["prefecture_code"] == code) & \
          (real.figures["nationality"] == nationality) & (real.figures["breakdown"] == breakdown)
    assert real.figures.loc[key, "value"].tolist() == [value]


def test_real_file_provenance(real):
    row = real.figures.iloc[0]
    assert row["source_title"] == f"出入国在留管理庁 報道発表資料「{REAL.name}」 第5表"
    assert row["note"] == f"read from {REAL.name}, sheet 第５表, row 3"
    assert row["publisher"] == schema.PUBLISHERS["residents"] and row["source_kind"] == "official"
    assert row["source_url"].startswith("https://www.moj.go.jp/isa/")
    assert {"ベトナム", "総数"}.isdisjoint(real.skipped_table()["what"])  # only other nationalities skipped


def test_labels_and_periods():
    assert label("総数ソウスウ") == "総数" and label("未定・不詳ミテイフショウ") == "未定・不詳"
    assert label("ベトナム") == "ベトナム" and label("技能実習１号イ") == "技能実習1号イ" and label("総\u3000数") == "総数"
    assert period_end("令和６年６月末\n（2024年6月末）") == "2024-06-30"
    assert period_end("平成24年末\n（2012年末）") == "2012-12-31"
    assert period_end("在留外国人数（令和元年末）") == "2019-12-31"
    assert period_end("構成比\n（％）") is None


# --- generated workbooks -------------------------------------------------------------------------------------

def vn(row: int) -> int:
    """VN residents in 第5表 row label index `row` (1..48 = prefectures and 未定・不詳)."""
    return 100 + row


def total(row: int) -> int:
    return 1000 + 10 * row


VN_NATIONAL = sum(vn(i) for i in range(1, 49))
ALL_NATIONAL = sum(total(i) for i in range(1, 49))


def workbook(names: dict[int, str] | None = None, **tweaks) -> bytes:
    """A small release laid out like the 2025-06 workbook (trailing spaces in sheet names, full-width digits,
    2025-06 column orders). `names` renames sheets by table number; tweaks override cells: {table: {(row, col): v}}."""
    names = {1: "第１図、第１表 ", 2: "第２図、第３図、第２表 ", 4: "第４表", 5: "第５表 ", **(names or {})}
    book = openpyxl.Workbook()
    book.remove(book.active)
    layouts = {1: _table1, 2: _table2, 4: _table4, 5: _table5}
    for number, write in layouts.items():
        if names[number]:
            sheet = book.create_sheet(names[number])
            write(sheet)
            for (row, column), value in tweaks.get(f"t{number}", {}).items():
                sheet.cell(row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table1(sheet) -> None:
    sheet["A1"] = "【第１図】\u3000在留外国人数の推移"
    sheet["A29"] = "【第１表】\u3000国籍・地域別\u3000在留外国人数の推移"
    sheet.append([None, "国籍・地域", *PERIODS])
    sheet.append([None] * (2 + len(PERIODS)) + ["構成比\n（％）", "対前年末\n増減率\n（％）"])
    sheet.append([None, "総数", *[ALL_NATIONAL - 5 + i for i in range(6)], 100, 1.5])
    sheet.append([None, "中国", *[7] * 6, 1.0, 0.5])
    sheet.append([None, "ベトナム", *[VN_NATIONAL - 5 + i for i in range(6)], 12.3, 4.5])
    sheet.append([None, "（注１）「国籍・地域」は…"])
    sheet.append([None] * 12 + ["総\u3000数", 999])


def _table2(sheet) -> None:
    sheet["A38"] = "【第２表】\u3000国籍・地域別\u3000在留資格別\u3000在留外国人数（令和７年６月末）"
    sheet.append([None, "国籍・地域", "総数", "中長期在留者", *[None] * len(STATUSES), "特別永住者"])
    sheet.append([None, None, None, None, *STATUSES])
    sheet.append([None, "総数", ALL_NATIONAL, ALL_NATIONAL - 50, *range(1, 11), 50])
    sheet.append([None, "ベトナム", VN_NATIONAL, VN_NATIONAL - 5, *range(11, 21), 5])
    sheet.append([None, "（注１）「技能実習」は…"])


def _table4(sheet) -> None:
    sheet["A1"] = "【第４表】\u3000都道府県別\u3000在留外国人数の推移"
    sheet.append([None, "都道府県", *PERIODS])
    sheet.append([None] * 8 + ["構成比\n（％）", "対前年末\n増減率\n（％）"])
    for i, name in enumerate(ROWS):
        latest = ALL_NATIONAL if i == 0 else total(i)
        sheet.append([None, name, *[latest - 6 + k for k in range(1, 6)], latest, 0.5, 1.5])


def _table5(sheet) -> None:
    sheet["A1"] = "【第５表】\u3000都道府県別\u3000国籍・地域別\u3000在留外国人数（令和７年６月末）"
    sheet.append([None, "都道府県", "総数", *NATIONALITIES])
    for i, name in enumerate(ROWS):
        counts = {"総数": ALL_NATIONAL if i == 0 else total(i), "ベトナム": VN_NATIONAL if i == 0 else vn(i)}
        sheet.append([None, name, counts["総数"], *[counts.get(n, 3) for n in NATIONALITIES]])


def read(data: bytes, **kwargs):
    result = read_isa_press(data, "generated.xlsx", **kwargs)
    schema.validate_figures(result.figures)
    return result


def value(result, period, code, nationality, breakdown="total"):
    f = result.figures
    hit = f[(f["period_end"] == period) & (f["prefecture_code"] == code) & (f["nationality"] == nationality)
            & (f["breakdown"] == breakdown)]
    return hit["value"].tolist()


def test_2025_layout_with_trailing_spaces_full_width_digits_and_new_column_orders():
    result = read(workbook())
    assert result.ok, result.problem_table()
    assert value(result, "2025-06-30", "23", "VN") == [vn(23)]
    assert value(result, "2025-06-30", "99", "VN") == [vn(48)]
    assert value(result, "2025-06-30", "00", "VN") == [VN_NATIONAL]
    assert value(result, "2025-06-30", "13", "ALL") == [total(13)]
    assert value(result, "2020-12-31", "13", "ALL") == [total(13) - 5]
    assert value(result, "2021-12-31", "00", "VN") == [VN_NATIONAL - 4]
    statuses = {label(s): n for n, s in enumerate(STATUSES, start=11)}
    for status, count in statuses.items():
        assert value(result, "2025-06-30", "00", "VN", status) == [count]
    assert value(result, "2025-06-30", "00", "VN", "中長期在留者") == [VN_NATIONAL - 5]
    assert value(result, "2025-06-30", "00", "ALL", "特別永住者") == [50]
    # 49 rows x 2 (第5表) + 49 rows x 5 earlier periods (第4表) + 5 earlier VN national periods (第1表)
    # + 12 status breakdowns x 2 (第2表); the national 999 next to 総　数 in the sex cells is not read
    assert len(result.figures) == 98 + 49 * 5 + 5 + 24
    assert 999 not in result.figures["value"].tolist()
    assert result.figures["source_title"].iloc[0] == "出入国在留管理庁 報道発表資料「generated.xlsx」 第5表"


def test_given_source_title_and_url_are_used():
    result = read(workbook(), source_title="ISA 2025-06", source_url="https://example.org/isa.xlsx")
    assert set(result.figures["source_title"]) == {"ISA 2025-06"}
    assert set(result.figures["source_url"]) == {"https://example.org/isa.xlsx"}


def test_furigana_in_labels_is_stripped():
    result = read(workbook(t5={(2, 3): "総数ソウスウ", (51, 2): "未定・不詳ミテイフショウ"}))
    assert result.ok, result.problem_table()
    assert value(result, "2025-06-30", "99", "VN") == [vn(48)]


def test_missing_vietnam_column_is_a_problem_and_the_rest_is_read():
    result = read(workbook(t5={(2, 10): "ミャンマー"}))
    problems = result.problem_table()
    assert len(problems) == 1
    problem = problems.iloc[0]
    assert (problem["sheet"], problem["row"]) == ("第５表", 2)
    assert "ベトナム" in problem["expected"] and "ミャンマー" in problem["expected"]
    assert value(result, "2025-06-30", "23", "ALL") == [total(23)]
    assert value(result, "2025-06-30", "23", "VN") == []


def test_bad_number_is_a_problem_with_row_and_column():
    result = read(workbook(t5={(26, 10): "1,2x4", (29, 3): -5}))  # 愛知県 (row 26) ベトナム; 京都府 総数
    problems = result.problem_table().set_index("row")
    assert list(problems.index) == [26, 29]
    assert problems.loc[26, "column"] == "J (ベトナム)" and problems.loc[26, "value"] == "1,2x4"
    assert "whole number" in problems.loc[26, "expected"]
    assert problems.loc[29, "column"] == "C (総数)" and "negative" in problems.loc[29, "expected"]
    assert value(result, "2025-06-30", "22", "VN") == [vn(22)]


def test_unknown_prefecture_label_is_a_problem():
    result = read(workbook(t5={(26, 2): "愛地県"}))
    problems = result.problem_table()
    assert {(p.row, p.column, p.value) for p in problems.itertuples()} >= {(26, "B", "愛地県")}
    assert any(p.value == "23" and "missing codes" in p.expected for p in problems.itertuples())


def test_unknown_and_suppressed_cells_are_skipped_not_read():
    result = read(workbook(t5={(26, 10): "…", (27, 10): "x"}))
    assert result.ok, result.problem_table()
    assert value(result, "2025-06-30", "23", "VN") == []
    skipped = result.skipped_table()
    assert skipped.loc[skipped["what"].str.contains("unknown"), "rows"].tolist() == [2]


def test_disagreeing_tables_are_a_problem_naming_both_places():
    result = read(workbook(t1={(34, 8): VN_NATIONAL + 1}))  # 第1表 ベトナム, 2025-06 column
    problems = result.problem_table()
    assert len(problems) == 1
    problem = problems.iloc[0]
    assert (problem["sheet"], problem["row"], problem["value"]) == ("第１図、第１表", 34, str(VN_NATIONAL + 1))
    assert problem["column"].startswith("H (") and "第５表, row 3, column J (ベトナム)" in problem["expected"]


def test_missing_sheet_is_a_problem_and_the_others_are_read():
    result = read(workbook(names={4: ""}))
    assert [p.expected for p in result.problems] == ["a sheet holding 第4表 (named like '第4表' or '第4図、第4表')"]
    assert value(result, "2025-06-30", "23", "VN") == [vn(23)]


def test_unknown_status_column_is_a_problem():
    result = read(workbook(t2={(40, 7): "在留資格X"}))
    problems = result.problem_table()
    assert problems[["sheet", "row", "column", "value"]].values.tolist() == [["第２図、第３図、第２表", 39, "G (在留資格X)", "在留資格X"]]


def test_not_an_xlsx_is_refused():
    result = read(b"period_end,value\n2024-06-30,1\n")
    assert not result.ok and "not a zip" in result.problems[0].expected


def test_zip_bomb_is_refused_before_reading():
    data = workbook()
    total_size = sum(e.file_size for e in zipfile.ZipFile(io.BytesIO(data)).infolist())
    result = read(data, max_uncompressed=total_size - 1)
    assert not result.ok and "zip bomb" in result.problems[0].expected
    assert read(data, max_uncompressed=total_size).ok


def test_workbook_without_isa_sheets_is_refused():
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    result = read(buffer.getvalue())
    assert len(result.problems) == 1 and "no sheet holds" in result.problems[0].expected
    assert result.problems[0].value == "Sheet1"  # the sheets found
    assert result.figures.empty and list(result.figures.columns) == schema.COLUMNS


def test_result_frame_has_the_schema_columns_and_types():
    figures = read(workbook()).figures
    assert list(figures.columns) == schema.COLUMNS
    assert figures["value"].dtype == "int64" and pd.api.types.is_string_dtype(figures["note"])


def test_release_title_in_a_cell_names_the_source():
    result = read(workbook(t1={(60, 1): "報道発表資料「令和７年６月末現在における在留外国人数について」"}))
    assert set(result.figures["source_title"]) >= {
        "出入国在留管理庁 報道発表資料「令和7年6月末現在における在留外国人数について」 第5表",
        "出入国在留管理庁 報道発表資料「令和7年6月末現在における在留外国人数について」 第1図、第1表"}
