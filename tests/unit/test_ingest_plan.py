"""Importing the long format: read-back equals the source, preview, commit rules, format detection."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from workforce import schema
from workforce.ingest.plan import CommitRefused, commit, detect_format, plan_import, read_file
from workforce.ingest.long_table import template_csv
from workforce.store import active_figures, figure_history, list_releases

HEADER = "period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"


def generated_csv(rows: int = 300) -> tuple[bytes, pd.DataFrame]:
    """A new period for every prefecture and several statuses, in varied spellings and number styles."""
    from workforce.prefectures import load_prefectures

    table = load_prefectures().frame
    statuses = ["total", "技能実習", "特定技能", "留学", "永住者", "家族滞在"]
    lines, expected = [], []
    for i in range(rows):
        code = f"{i % 47 + 1:02d}"
        breakdown = statuses[(i // 47) % len(statuses)]
        spelling = [code, table.loc[code, "name_ja"], table.loc[code, "name_en"]][i % 3]
        value = 1000 + i * 7 if breakdown != "total" else 100_000 + i  # a total holds its statuses
        shown = f"{value:,}" if i % 4 == 0 else str(value)
        nationality = "VN" if i < 47 * len(statuses) else "ALL"
        lines.append(f'2026-06-30,{spelling},{nationality},residents,{breakdown},"{shown}",ISA 2026-06,https://www.moj.go.jp/isa/\n')
        expected.append(("2026-06-30", code, nationality, "residents", breakdown, value))
    frame = pd.DataFrame(expected, columns=schema.KEY + ["value"]).drop_duplicates(schema.KEY)
    return (HEADER + "".join(lines[: len(frame)])).encode("utf-8"), frame


def test_long_csv_read_back_equals_the_source(bundled_store):
    engine = bundled_store
    data, expected = generated_csv(282)
    plan = plan_import(engine, data, "generated.csv")
    assert plan.result.ok, plan.result.problem_table()
    # made-up values, far from the stored series: confirmed, as an analyst would after checking them
    release = commit(engine, plan, actor="tester", note="generated", confirm_large_changes=True)
    stored = active_figures(engine, period_end="2026-06-30")[schema.KEY + ["value"]]
    pd.testing.assert_frame_equal(stored.sort_values(schema.KEY, ignore_index=True),
                                  expected.sort_values(schema.KEY, ignore_index=True), check_dtype=False)
    row = list_releases(engine).set_index("id").loc[release]
    assert row["actor"] == "tester" and row["format"] == "csv" and row["row_count"] == len(expected)
    assert len(row["sha256"]) == 64 and row["note"] == "generated"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings_are_detected(tmp_path, encoding):
    text = HEADER + "2025-06-30,愛知県,ベトナム,residents,技能実習,１２３,出典,https://www.moj.go.jp/isa/\n"
    result = read_file(text.encode(encoding), "x.csv")
    assert result.ok, result.problem_table()
    assert result.figures[["prefecture_code", "nationality", "value"]].values.tolist() == [["23", "VN", 123]]


def test_excel_with_long_columns(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["2025-06-30", "Aichi", "VN", "residents", "total", 67842, "ISA", "https://www.moj.go.jp/isa/"])
    sheet.append(["2025-06-30", "大阪府", "VN", "residents", "total", "67,611", "ISA", "https://www.moj.go.jp/isa/"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    assert detect_format(data) == "xlsx"
    result = read_file(data, "long.xlsx")
    assert result.ok, result.problem_table()
    assert result.figures["value"].tolist() == [67842, 67611]
    assert result.figures["source_row"].tolist() == [2, 3]


def test_source_given_once_for_the_file():
    data = ("period_end,prefecture,nationality,measure,breakdown,value\n2025-06-30,23,VN,residents,total,1\n").encode()
    assert not read_file(data, "x.csv").ok
    result = read_file(data, "x.csv", source_title="ISA", source_url="https://www.moj.go.jp/isa/")
    assert result.ok and result.figures["source_title"].tolist() == ["ISA"]


def test_template_is_a_valid_import():
    result = read_file(template_csv().encode(), "template.csv")
    assert result.ok and result.figures["value"].tolist() == [67842]


def test_preview_names_new_revised_and_unchanged(bundled_store):
    engine = bundled_store
    # A revised prefecture comes with its revised national figure: the rulebook checks the sum with the stored ones.
    data = (HEADER + "2025-06-30,23,VN,residents,total,67842,ISA,https://www.moj.go.jp/isa/\n"
                     "2025-06-30,27,VN,residents,total,67700,ISA,https://www.moj.go.jp/isa/\n"
                     "2025-06-30,00,VN,residents,total,660572,ISA,https://www.moj.go.jp/isa/\n"
                     "2026-06-30,27,VN,residents,total,70000,ISA,https://www.moj.go.jp/isa/\n").encode()
    preview = plan_import(engine, data, "p.csv").preview
    assert preview.unchanged == 1 and len(preview.new) == 1 and preview.removed == 0
    assert preview.revised[["old", "new", "difference"]].values.tolist() == [[67611, 67700, 89], [660483, 660572, 89]]
    assert preview.new_periods == ["residents 2026-06-30"]


def test_preview_keeps_the_file_order_when_new_and_stored_periods_mix(bundled_store):
    engine = bundled_store
    data = (HEADER + "2026-06-30,01,VN,residents,total,100,ISA,https://www.moj.go.jp/isa/\n"
                     "2025-06-30,23,VN,residents,total,67842,ISA,https://www.moj.go.jp/isa/\n"
                     "2026-06-30,02,VN,residents,total,200,ISA,https://www.moj.go.jp/isa/\n"
                     "2025-06-30,27,VN,residents,total,300000,ISA,https://www.moj.go.jp/isa/\n"
                     "2025-06-30,99,VN,residents,total,5,ISA,https://www.moj.go.jp/isa/\n"
                     "2025-06-30,00,VN,residents,total,892359,ISA,https://www.moj.go.jp/isa/\n").encode()
    preview = plan_import(engine, data, "mixed.csv").preview
    assert preview.new[["prefecture_code", "value"]].values.tolist() == [["01", 100], ["02", 200]]  # in file order
    assert preview.unchanged == 1  # Aichi's 67,842
    revised = [["27", 67611, 300000], ["99", 518, 5]]
    assert preview.revised[["prefecture_code", "old", "new"]].values.tolist() == revised + [["00", 660483, 892359]]
    # both revisions are beyond the factor, and so are the new period's values against 2025-12-31 (issue 14)
    assert preview.large[["prefecture_code", "compared_period", "old", "new"]].values.tolist() == [
        ["27", "2025-06-30", 67611, 300000], ["99", "2025-06-30", 518, 5],
        ["01", "2025-12-31", 14008, 100], ["02", "2025-12-31", 2358, 200]]


def test_large_change_needs_confirmation_and_history_keeps_the_old_value(bundled_store):
    engine = bundled_store
    data = (HEADER + "2025-06-30,23,VN,residents,total,200000,ISA,https://www.moj.go.jp/isa/\n"
                     "2025-06-30,00,VN,residents,total,792641,ISA,https://www.moj.go.jp/isa/\n").encode()
    plan = plan_import(engine, data, "big.csv")
    assert len(plan.preview.large) == 1
    with pytest.raises(CommitRefused):
        commit(engine, plan, actor="tester")
    assert len(list_releases(engine)) == 1
    commit(engine, plan, actor="tester", confirm_large_changes=True)
    history = figure_history(engine, dict(period_end="2025-06-30", prefecture_code="23", nationality="VN",
                                          measure="residents", breakdown="total"))
    assert history["value"].tolist() == [67842, 200000]


def test_a_file_with_problems_cannot_be_committed(bundled_store):
    engine = bundled_store
    plan = plan_import(engine, (HEADER + "2025-06-30,Atlantis,VN,residents,total,1,ISA,https://a.jp/\n").encode(), "b.csv")
    assert not plan.can_commit
    with pytest.raises(CommitRefused):
        commit(engine, plan, actor="tester")


@pytest.mark.parametrize(("data", "fmt"), [
    (HEADER.encode(), "csv"),
    ('"tab_code","表章項目","cat01_code"\n'.encode("cp932"), "estat"),
    (b"PK\x03\x04rest", "xlsx"),
])
def test_format_is_detected_from_content(data, fmt):
    assert detect_format(data) == fmt
