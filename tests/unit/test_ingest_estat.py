"""The e-Stat database CSV reader: the real 2006–2011 registration-basis download, and 2012+ variants written here."""
from __future__ import annotations

import pytest

from tests.support.stores import ROOT
from workforce import schema
from workforce.ingest.estat import read_estat_csv
from workforce.ingest.result import ENGLISH, say

OLD_STATUS_REASON = say("reason_old_status").text(ENGLISH)

REAL = ROOT.parent / "shared" / "real-files" / "estat-FEH_00250012_registered-foreigners-2006-2011_cp932.csv"
HEADER = '"tab_code","表章項目","cat01_code","在留資格","cat02_code","国籍・地域","time_code","集計時点（半期毎）","unit","value"'
HALF_YEARLY = [  # status, nationality, time label, value
    ("総数", "総数", "2025年6月", "3,956,619"),
    ("総数", "総数", "2024年12月", "3768977"),
    ("総数", "ベトナム", "2025年6月", "660483"),
    ("総数", "ベトナム", "2024年12月", "634361"),
    ("技能実習", "ベトナム", "2025年6月", "199434"),
    ("特定技能１号", "ベトナム", "2025年6月", "143223"),
    ("特別永住者", "ベトナム", "2025年6月", "-"),
    ("短期滞在", "ベトナム", "2025年6月", "1200"),
    ("総数", "うちベトナム（男）", "2025年6月", "330000"),
    ("総数", "中国", "2025年6月", "900738"),
    ("総数", "韓国", "2025年6月", "409238"),
]


def half_yearly_csv(rows=HALF_YEARLY, encoding: str = "utf-8-sig", header: str = HEADER) -> bytes:
    """A 2012+ download with the columns in e-Stat's order, every field quoted."""
    lines = [header] + [f'"101","人数","1","{s}","2","{n}","{t[:4]}000000","{t}","人","{v}"' for s, n, t, v in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def read(data: bytes, name: str = "FEH_00250012_250101000000.csv", **kwargs):
    result = read_estat_csv(data, name, **kwargs)
    schema.validate_figures(result.figures)
    return result


def values(result) -> dict[tuple[str, str, str], int]:
    f = result.figures
    return dict(zip(zip(f["period_end"], f["nationality"], f["breakdown"]), f["value"]))


@pytest.fixture(scope="module")
def real():
    return read(REAL.read_bytes(), REAL.name)


def test_real_registration_basis_file(real):
    assert real.ok, real.problem_table()
    assert len(real.figures) == 12
    assert set(real.figures["measure"]) == {"registered_foreigners"}
    assert set(real.figures["breakdown"]) == {"total"} and set(real.figures["prefecture_code"]) == {"00"}
    assert set(real.figures["nationality"]) == {"VN", "ALL"}
    assert sorted(real.figures["period_end"].unique()) == [f"{y}-12-31" for y in range(2006, 2012)]
    assert values(real)[("2011-12-31", "VN", "total")] == 44690
    assert values(real)[("2011-12-31", "ALL", "total")] == 2078508
    assert values(real)[("2006-12-31", "VN", "total")] == 32485
    assert set(real.figures["publisher"]) == {schema.PUBLISHERS["registered_foreigners"]}
    assert real.figures["note"].iloc[0] == f"read from {REAL.name}, line 2"


def test_real_file_equals_every_overlapping_bundled_official_figure(real, bundled_figures):
    official = bundled_figures[bundled_figures["source_kind"] == "official"]
    merged = real.figures.merge(official, on=schema.KEY, suffixes=("", "_bundled"))
    different = merged[merged["value"] != merged["value_bundled"]]
    assert different.empty, different[schema.KEY + ["value", "value_bundled"]]


def test_real_file_skips_statuses_and_other_nationalities_with_reasons(real):
    skipped = real.skipped_table().set_index("reason")["rows"]
    # VN and ALL: 35 statuses in all six years, 就学 until 2009, 技能実習１号イ…２号ロ from 2010
    assert skipped[OLD_STATUS_REASON] == 2 * 6 * 35 + 2 * 4 + 2 * 2 * 4
    assert skipped["only Vietnam (ベトナム) and all nationalities (総数) are modelled"] > 40000
    assert skipped.sum() + len(real.figures) == 45073  # every data line is read or skipped


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_half_yearly_table_in_every_encoding(encoding):
    result = read(half_yearly_csv(encoding=encoding))
    assert result.ok, result.problem_table()
    assert values(result) == {
        ("2025-06-30", "ALL", "total"): 3956619, ("2024-12-31", "ALL", "total"): 3768977,
        ("2025-06-30", "VN", "total"): 660483, ("2024-12-31", "VN", "total"): 634361,
        ("2025-06-30", "VN", "技能実習"): 199434, ("2025-06-30", "VN", "特定技能1号"): 143223,
        ("2025-06-30", "VN", "特別永住者"): 0,
    }
    assert set(result.figures["measure"]) == {"residents"}
    assert set(result.figures["publisher"]) == {schema.PUBLISHERS["residents"]}
    assert result.figures["source_title"].iloc[0] == "e-Stat 在留外国人統計 (統計コード 00250012), FEH_00250012_250101000000.csv"
    assert result.figures["source_url"].iloc[0] == "https://www.e-stat.go.jp/stat-search?toukei=00250012"
    skipped = result.skipped_table().set_index("what")["rows"].to_dict()
    assert skipped == {"status rows not modelled: 短期滞在": 1, "'うち…' (of which) rows": 1, "rows of other nationalities": 2}


def test_columns_are_found_by_name_in_any_order():
    header = '"value","unit","集計時点（半期毎）","国籍・地域","在留資格"'
    data = (header + '\n"600,348","人","2024年6月","ベトナム","総数"\n').encode("cp932")
    result = read(data, source_title="e-Stat download", source_url="https://example.org/x.csv")
    assert values(result) == {("2024-06-30", "VN", "total"): 600348}
    assert result.figures[["source_title", "source_url"]].values.tolist() == [["e-Stat download", "https://example.org/x.csv"]]


def test_lines_above_the_header_are_passed_over():
    data = '"統計名：","在留外国人統計"\n\n'.encode() + half_yearly_csv(encoding="utf-8")
    result = read(data)
    assert result.ok and result.figures["note"].iloc[0].endswith("line 4")


def test_bad_values_and_periods_are_problems_with_their_line():
    rows = [("総数", "ベトナム", "2025年6月", "12a"), ("総数", "ベトナム", "2025年3月", "5"),
            ("総数", "総数", "2025年6月", "△3"), ("総数", "ベトナム", "2024年12月", "…"), ("総数", "総数", "2024年12月", "7")]
    result = read(half_yearly_csv(rows))
    problems = result.problem_table()
    assert problems[["row", "column", "value"]].values.tolist() == [
        [2, "value", "12a"], [3, "集計時点(半期毎)", "2025年3月"], [4, "value", "△3"]]
    assert "6月, 12月" in problems.iloc[1]["expected"]
    assert values(result) == {("2024-12-31", "ALL", "total"): 7}
    assert "figures marked … (unknown) or x (suppressed)" in set(result.skipped_table()["what"])


def test_duplicate_rows_are_a_problem():
    rows = [("総数", "ベトナム", "2025年6月", "1"), ("総数", "ベトナム", "2025年6月", "2")]
    problems = read(half_yearly_csv(rows)).problem_table()
    assert problems[["row", "value"]].values.tolist() == [[3, "2025-06-30 VN total"]]
    assert "line 2" in problems.iloc[0]["expected"]


def test_a_csv_that_is_not_an_estat_table_is_one_clear_problem():
    result = read("period_end,prefecture,value\n2024-06-30,愛知県,1\n".encode())
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.value == "period_end, prefecture, value"  # the columns found
    assert "集計時点(半期毎)" in problem.expected and "時間軸(年次)" in problem.expected
    assert result.figures.empty and list(result.figures.columns) == schema.COLUMNS


@pytest.mark.parametrize("data", [bytes([0x81, 0x00, 0xFF, 0xFE]) * 100, b"\xff\xfe\xfa\xfb garbage \x82"])
def test_garbage_bytes_are_a_problem(data):
    result = read(data)
    assert len(result.problems) == 1 and result.figures.empty
    assert "UTF-8" in result.problems[0].expected or "binary" in result.problems[0].expected


def test_malformed_csv_is_a_problem_not_an_exception():
    data = half_yearly_csv() + ('"総数","ベトナム","2023年6月","' + "1" * 200_000 + '"\n').encode()
    result = read(data)
    assert [(p.row, p.message.key) for p in result.problems] == [(13, "csv_malformed")]
