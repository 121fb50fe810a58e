"""What only a real browser shows: the map, clicks on it, state in the URL, downloads, and no outside requests."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_page, plotly_chart, tile_label, wait_for_colours

pytestmark = pytest.mark.browser

PAGE_PATHS = ["/", "/overview", "/prefecture", "/trends", "/compare", "/initiatives", "/symposium", "/sources"]
UTF8_BOM = b"\xef\xbb\xbf"


def test_overview_shows_headline_and_geographic_map(page: Page, app_url):
    open_page(page, app_url, "/")
    expect(page.get_by_text("660,483").first).to_be_visible()
    canvas = plotly_chart(page).locator("canvas.maplibregl-canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    assert wait_for_colours(canvas, 20) > 20, "the map canvas is blank: no prefecture shapes were drawn"


def test_tile_view_shows_the_47_prefectures(page: Page, app_url):
    open_page(page, app_url, "/?view=tiles")
    chart = plotly_chart(page)
    expect(chart.locator(".textpoint text")).to_have_count(47)
    for name in ("Aichi", "Osaka", "Tokyo"):
        expect(tile_label(page, name)).to_have_count(1)


def test_clicking_a_prefecture_opens_its_profile(page: Page, app_url):
    open_page(page, app_url, "/?view=tiles")
    label = tile_label(page, "Aichi")
    expect(label).to_be_visible()
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"/prefecture\?.*pref=23"))
    expect(page.locator("h1")).to_contain_text("Aichi")
    expect(page.get_by_text("67,842").first).to_be_visible()


def test_shared_urls_restore_the_view(page: Page, app_url):
    open_page(page, app_url, "/compare?prefs=23,27,13&period=2024-06-30")
    tags = page.get_by_test_id("stMultiSelectTagsContainer").locator("[data-tag]")
    expect(tags).to_have_text(["Aichi", "Osaka", "Tokyo"])
    expect(page.get_by_role("combobox", name="Reference date")).to_have_value(re.compile("2024-06-30"))

    open_page(page, app_url, "/?metric=share&view=tiles&period=2024-06-30")
    expect(page.get_by_role("radio", name="Share of the prefecture's foreign residents (%)")).to_be_checked()
    expect(tile_label(page, "Aichi")).to_be_visible()

    open_page(page, app_url, "/prefecture?pref=27")
    expect(page.locator("h1")).to_contain_text("Osaka")


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_loads_without_exception(page: Page, app_url, path):
    open_page(page, app_url, path)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_sources_csv_download(page: Page, app_url):
    open_page(page, app_url, "/sources")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").first.click()
    content = open(download_info.value.path(), "rb").read()
    assert content.startswith(UTF8_BOM)
    header = content[len(UTF8_BOM):].decode("utf-8").splitlines()[0].split(",")
    assert {"period_end", "value"} <= set(header), header
    assert b"660483" in content
