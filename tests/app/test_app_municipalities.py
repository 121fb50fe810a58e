"""AppTest: the profile's "Where in <prefecture>" section and the overview's top municipalities (issue 13)."""
from __future__ import annotations


from tests.support.pages import open_file, open_page, page_text


def _table(app, column: str):
    return next(df.value for df in app.dataframe if column in df.value.columns)


def test_profile_shows_where_in_aichi_ranked_with_shares_half_date_source_and_the_older_period():
    app = open_page("prefecture", pref="23")
    text = page_text(app)
    assert "Where in Aichi" in text
    # 2022-06-30: 48,608 Vietnamese residents in Aichi (the prefecture figure of the same date)
    assert "Vietnamese residents by municipality at end of June 2022 (2022-06-30)" in text
    assert "54 municipalities;" in text
    assert "of the prefecture's 48,608 Vietnamese residents" in text
    assert "older than the prefecture's newest figure" in text  # municipal 2022-06, prefecture 2025-12
    table = _table(app, "Vietnamese residents")
    first = table.iloc[0]
    assert (first["Code"], first["Municipality (as published)"], int(first["Vietnamese residents"])) == \
        ("23100", "名古屋市", 11_132)
    toyota = table[table["Code"] == "23211"].iloc[0]
    assert int(toyota["Vietnamese residents"]) == 2_923 and toyota["Reading"] == "Toyota"
    assert round(toyota["% of the prefecture's Vietnamese residents"], 1) == round(100 * 2_923 / 48_608, 1)
    assert round(toyota["% of the municipality's foreign residents"], 1) == round(100 * 2_923 / 18_935, 1)
    assert "23101" not in set(table["Code"])  # wards are never listed beside their city
    # how many municipalities hold half: the cumulative sum from the largest first reaches 24,304
    ordered = table["Vietnamese residents"].astype(int).cumsum()
    half = int((ordered >= 48_608 / 2).idxmax()) + 1
    assert f"{half} of them, from the largest, hold half" in text
    assert "Immigration Services Agency" in text and "市区町村別 国籍・地域別 在留外国人" in text
    assert "calculated by this dashboard" in text.lower()
    assert any("名古屋市: its 16 wards" == e.label for e in app.expander)


def test_designated_city_opens_into_its_wards():
    app = open_page("prefecture", pref="23")
    assert not any("23101" in set(df.value.get("Code", [])) for df in app.dataframe)  # made only when opened
    # The reader opens "名古屋市: its 16 wards" (the expander's state, as a click sets it).
    app = open_file("dashboard.py", run=False)
    app.session_state["pref_wards_23100"] = True
    app.run()
    app.switch_page("pages/prefecture.py").run()
    app.query_params.update(pref="23")
    app.run()
    assert not app.exception
    wards = next(df.value for df in app.dataframe if "23101" in set(df.value.get("Code", [])))
    assert len(wards) == 16 and wards["Vietnamese residents"].astype(int).sum() == 11_132
    assert (wards.iloc[0]["Code"], int(wards.iloc[0]["Vietnamese residents"])) == ("23112", 1_420)  # 南区


def test_profile_in_japanese_and_vietnamese():
    assert "愛知県のどこに" in page_text(open_page("prefecture", pref="23", lang="ja"))
    assert "Ở đâu trong" in page_text(open_page("prefecture", pref="23", lang="vi"))


def test_overview_lists_the_20_municipalities_with_the_most_vietnamese_residents():
    app = open_page("overview")
    table = _table(app, "Municipality (as published)")
    assert len(table) == 20
    assert (table.iloc[0]["Code"], int(table.iloc[0]["Vietnamese residents"])) == ("13100", 28_356)  # 特別区
    osaka = table[table["Code"] == "27100"].iloc[0]
    assert int(osaka["Vietnamese residents"]) == 21_858 and osaka["Prefecture"].startswith("/prefecture?pref=27&")
    assert not table["Code"].isin(["23101", "27102", "13101"]).any()  # no ward beside its city
    assert table["Vietnamese residents"].astype(int).is_monotonic_decreasing
