"""Exported files: CSV opens cleanly in Excel and cannot run formulas; Parquet round-trips."""
import io

import pandas as pd

from workforce import export


def test_csv_has_bom_and_neutralises_formulas():
    frame = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "plain", "愛知県"], "value": [1, 2, 3, 4, 5, 6]})
    data = export.to_excel_safe_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["title"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "plain", "愛知県"]
    assert back["value"].tolist() == [1, 2, 3, 4, 5, 6]


def test_parquet_round_trip(bundled_figures):
    back = pd.read_parquet(io.BytesIO(export.to_parquet(bundled_figures)))
    pd.testing.assert_frame_equal(back, bundled_figures, check_dtype=False)
