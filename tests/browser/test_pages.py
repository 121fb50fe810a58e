"""What only a real browser shows: the map, clicks on it, state in the URL, downloads.

Every test also fails if the page made a request beyond the app's own server (see conftest `page`).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGE_PATHS = ["/", "/overview", "/prefecture", "/trends", "/compare", "/initiatives", "/symposium", "/sources",
              "/update"]
UTF8_BOM = b"\xef\xbb\xbf"


def test_overview_shows_headline_and_geographic_map(app):
    app.open("/")
    expect(app.page.get_by_text("681,100").first).to_be_visible()
    outlines = app.chart.locator("path.choroplethlocation")  # plotly's SVG choropleth, one path per prefecture
    expect(outlines).to_have_count(47)
    box = app.chart.locator(".choroplethlayer").first.bounding_box()  # the main map (Okinawa's inset is the second)
    assert box["width"] > 100 and box["height"] > 100, box
    assert app.wait_for_colours(app.chart, more_than=20) > 20, "the map is blank: no prefecture was drawn"


def test_tile_view_shows_the_47_prefectures(app):
    app.open("/?view=tiles")
    expect(app.chart.locator(".textpoint text")).to_have_count(47)
    for name in ("Aichi", "Osaka", "Tokyo"):
        expect(app.tile_label(name)).to_have_count(1)


def test_clicking_a_prefecture_opens_its_profile(app):
    app.open("/?view=tiles")
    app.click_centre(app.tile_label("Aichi"))  # the invisible marker under the label takes the click
    expect(app.page).to_have_url(re.compile(r"/prefecture\?(.*&)?pref=23(&|$)"))
    expect(app.page.locator("h1")).to_contain_text("Aichi")
    expect(app.page.get_by_text("70,820").first).to_be_visible()


def test_choosing_a_row_of_the_ranking_opens_that_profile(app):
    app.open("/?view=tiles")
    grid = app.page.locator("[data-testid=stDataFrame]:visible").first  # the chart's source lists are folded
    # The grid draws on a canvas; its hidden accessible table gets cells once rows are drawn and the
    # canvas takes clicks. A fixed pause before the click was not always enough on CI's machine.
    expect(grid.get_by_test_id("glide-cell-1-1")).to_be_attached()
    row_height = 35  # Streamlit's default; the header row has the same height
    for _ in range(3):  # a click that lands while the canvas is redrawn is dropped; a reader clicks again
        box = _settled_box(app, grid)
        app.page.mouse.click(box["x"] + 15, box["y"] + row_height * 1.5 + row_height)  # the second row's selector
        try:
            app.page.wait_for_url(re.compile(r"/prefecture\?"), timeout=5_000)
            break
        except PlaywrightTimeout:
            if grid.locator("tr[aria-selected=true]").count():
                break  # the row was chosen: the page must follow (checked below, with the full timeout)
    expect(app.page).to_have_url(re.compile(r"/prefecture\?(.*&)?pref=27(&|$)"))  # Osaka, second by residents
    expect(app.page.locator("h1")).to_contain_text("Osaka")


def _settled_box(app, element) -> dict:
    """`element`'s bounding box once two readings 200 ms apart agree (the layout has stopped moving)."""
    box = element.bounding_box()
    for _ in range(25):
        app.page.wait_for_timeout(200)
        box, previous = element.bounding_box(), box
        if box == previous:
            return box
    pytest.fail(f"{element} kept moving: {previous} then {box}")


def test_shared_urls_restore_the_view(app):
    app.open("/compare?prefs=23,27,13&period=2024-06-30")
    tags = app.page.get_by_test_id("stMultiSelectTagsContainer").locator("[data-tag]")
    expect(tags).to_have_text(["Aichi", "Osaka", "Tokyo"])
    expect(app.page.get_by_role("combobox", name="Reference date")).to_have_value(re.compile("2024-06-30"))

    app.open("/?metric=share&view=tiles&period=2024-06-30")
    expect(app.page.get_by_role("radio", name="Share of the prefecture's foreign residents (%)")).to_be_checked()
    expect(app.tile_label("Aichi")).to_be_visible()

    app.open("/prefecture?pref=27")
    expect(app.page.locator("h1")).to_contain_text("Osaka")


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_loads_without_exception(app, path):
    app.open(path)
    expect(app.page.get_by_test_id("stException")).to_have_count(0)


def test_sources_csv_download(app):
    app.open("/sources")
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="Download CSV").first.click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(UTF8_BOM)
    header = content[len(UTF8_BOM):].decode("utf-8").splitlines()[0].split(",")
    assert {"period_end", "value"} <= set(header), header
    assert b"681100" in content


def test_folded_parts_are_made_when_opened(app):
    """A chart's text, its sources and a profile's figure table reach the page only once opened."""
    app.open("/prefecture?pref=23")
    main = app.page.get_by_test_id("stMain")
    point = main.get_by_text(re.compile(r"^2025-12-31: 70,820"))  # the trend's newest point, as a sentence
    expect(point).to_have_count(0)
    app.page.get_by_text("The chart as text", exact=False).first.click()
    expect(point.first).to_be_visible()
    app.wait_until_idle()  # opening an expander reruns the page: a click during that rerun can be lost

    sources = app.page.get_by_test_id("stExpander").filter(has_text="Sources behind this view").first
    expect(sources.get_by_test_id("stDataFrame")).to_have_count(0)
    sources.get_by_text("Sources behind this view", exact=False).click()
    expect(sources.get_by_test_id("stDataFrame")).to_be_visible()

    every_figure = app.page.get_by_test_id("stExpander").filter(has_text="Every stored figure for Aichi")
    every_figure.get_by_text("Every stored figure for Aichi", exact=False).click()
    expect(every_figure.get_by_test_id("stDataFrame")).to_be_visible()
    app.wait_until_idle()  # a download asked for while the page reruns can be dropped with the old run
    download = app.download(every_figure.get_by_role("button", name="Download CSV"))
    assert b"67842" in Path(download.path()).read_bytes()
