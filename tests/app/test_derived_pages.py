"""A page derives no more than the data holds after an analyst's commit (issue 12)."""
from __future__ import annotations

from tests.support.cli import workforce
from tests.support.pages import open_page, page_text


def test_the_profile_shows_no_rank_after_committing_one_new_figure(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("WORKFORCE_DB_URL", url)
    figure = tmp_path / "aichi.csv"
    figure.write_text("period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"
                      "2026-06-30,23,VN,residents,total,71000,ISA 2026-06,https://www.moj.go.jp/isa/\n", encoding="utf-8")
    result = workforce("import", str(figure), db_url=url)
    assert result.returncode == 0, result.stderr
    text = page_text(open_page("prefecture", pref="23"))
    assert "71,000" in text and "Rank 1 of 47" not in text
    assert "No rank at Jun 2026: 46 prefectures have no published figure for that date." in text
