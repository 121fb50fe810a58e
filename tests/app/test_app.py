"""AppTest: every page runs without an exception and shows its key figures."""
from __future__ import annotations

import pytest

from tests.support.pages import open_page, page_text, table_with

PAGES = ["overview", "prefecture", "trends", "compare", "initiatives", "symposium", "sources"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page):
    app = open_page(page)
    assert app.title, f"{page} has no title"


def test_overview_shows_national_headlines_with_dates_and_sources():
    text = page_text(open_page("overview"))
    assert "681,100" in text and "2025-12-31" in text
    assert "605,906" in text and "2025-10-31" in text
    assert "16.5% of all foreign residents" in text  # 681,100 of 4,125,395 at 2025-12-31
    assert "Immigration Services Agency" in text and "Ministry of Health, Labour and Welfare" in text


def test_overview_ranking_puts_aichi_first():
    app = open_page("overview")
    ranking = table_with(app, "rank")
    assert ranking.iloc[0]["name_en"] == "Aichi" and int(ranking.iloc[0]["count"]) == 70_820
    assert len(ranking) == 47


def test_overview_metric_comes_from_the_url():
    app = open_page("overview", metric="per_10k", period="2024-06-30")
    assert app.radio[0].value == "per_10k"
    assert app.select_slider[0].value == "2024-06-30"


def test_prefecture_profile_of_aichi():
    app = open_page("prefecture", pref="23")
    text = page_text(app)
    assert "Aichi (愛知県)" in text
    assert "70,820" in text and "Rank 1 of 47" in text
    assert "52,122" in text  # Vietnamese workers, October 2023, Aichi Labour Bureau via Chunichi
    assert "Initiatives in Aichi" in text
    assert "japan as a whole" in text.lower()


@pytest.mark.parametrize(("spelling", "title"), [("27", "Osaka (大阪府)"), ("愛知県", "Aichi (愛知県)"), ("Hokkaido", "Hokkaido (北海道)")])
def test_profile_accepts_any_spelling_in_the_url(spelling, title):
    assert title in page_text(open_page("prefecture", pref=spelling))


def test_profile_states_a_missing_worker_figure_as_a_gap():
    text = page_text(open_page("prefecture", pref="05"))  # Akita: no worker figure was found
    assert "No Vietnamese worker count for this prefecture was found" in text


def test_unknown_prefecture_in_the_url_is_explained():
    app = open_page("prefecture", pref="Atlantis")
    assert any("unknown prefecture '` atlantis `'" in w.value.lower() for w in app.warning)  # quoted as code


def test_trends_show_both_series_and_mixes():
    app = open_page("trends")
    text = page_text(app)
    assert "ISA" in text and "MHLW" in text
    assert len([c for c in app.get("bidi_component") if c.proto.component_name == "workforce_chart"]) == 4


def test_compare_reads_prefectures_from_the_url():
    app = open_page("compare", prefs="23,27,14")
    assert app.multiselect[0].value == ["23", "27", "14"]
    table = table_with(app, "workers_date")
    assert table["name_en"].tolist() == ["Aichi", "Osaka", "Kanagawa"]


def test_initiatives_filter_by_prefecture_and_focus():
    app = open_page("initiatives", prefs="19", focus="care_health")
    text = page_text(app)
    assert "of 122 initiatives" in text
    shown = int(text.split(" of 122 initiatives")[0].rsplit("\n", 1)[-1])
    assert 1 <= shown < 10
    assert "Yamanashi" in text


def test_initiatives_come_in_pages_of_twenty():
    app = open_page("initiatives")
    cards = lambda: sum(1 for m in app.markdown if m.value.startswith("**"))  # noqa: E731  one per card
    assert cards() == 20
    more = next(b for b in app.button if b.label.startswith("Show 20 more"))
    assert "(102 not shown yet)" in more.label
    more.click().run()
    assert cards() == 40


def test_symposium_puts_statements_next_to_figures():
    text = page_text(open_page("symposium"))
    assert "600,348" in text and "52,122" in text and "61,045" in text
    assert "No published source for 58,000" in text


def test_sources_page_lists_sources_and_offers_safe_downloads():
    app = open_page("sources")
    assert "official" in page_text(app).lower()
    assert len(table_with(app, "reference_dates")) > 20
    assert len(app.get("download_button")) >= 2


@pytest.mark.parametrize(("pref", "says"), [("00", "Japan as a whole"), ("全国", "Japan as a whole"),
                                            ("99", "prefecture undetermined")])
def test_national_or_undetermined_in_the_link_is_said_not_silently_replaced(pref, says):
    """?pref=00 and ?pref=99 showed Aichi without a word (issue 15)."""
    app = open_page("prefecture", pref=pref)
    warnings = " ".join(w.value for w in app.warning)
    assert says in warnings and "Showing the default prefecture instead" in warnings


def test_without_chromium_the_page_says_why_there_are_no_images(monkeypatch):
    """PNG/SVG and the deck need Debian's chromium: without it the page says so instead of failing on a click."""
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # which browser to use is configuration
    app = open_page("trends")
    assert not any(b.label == "PNG" for b in app.get("download_button"))
    assert "apt-get install chromium fonts-noto-cjk" in page_text(app)
    assert any("Data behind this chart" in str(b.proto) for b in app.get("download_button"))
