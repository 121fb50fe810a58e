"""The chart element (issue 16): a Plotly figure drawn with the app's own partial plotly.js bundle.

Every test also fails if the page made a request beyond the app's own server (conftest `page`).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workforce.ui.chart_element import bundle_url

pytestmark = pytest.mark.browser

CHART = ".workforce-chart"


def _drawn(app, nth: int = 0):
    chart = app.page.locator(f"{CHART}[data-drawn]").nth(nth)
    expect(chart).to_be_visible()
    return chart


def _outline(app, code: str):
    """The SVG path of one prefecture on the geographic map (plotly binds each path to its location)."""
    handle = app.page.evaluate_handle(
        "code => [...document.querySelectorAll('path.choroplethlocation')].find(p => p.__data__ && p.__data__.loc === code)",
        code)
    outline = handle.as_element()
    outline.scroll_into_view_if_needed()  # the map fills its column: central Honshu may lie below the fold
    return outline


def test_charts_are_drawn_by_the_apps_own_bundle_not_streamlits(app):
    requests: list[str] = []
    app.page.on("request", lambda request: requests.append(request.url))
    app.open("/trends")
    expect(app.page.locator(f"{CHART}[data-drawn]")).to_have_count(4)
    assert app.page.locator(f"{CHART} .main-svg").count() >= 4
    bundles = [url for url in requests if "plotly" in url.lower()]
    assert bundles == [f"{app.base_url}/{bundle_url()}"]  # once for 4 charts; Streamlit's PlotlyChart chunk never
    assert app.page.locator("[data-testid=stPlotlyChart]").count() == 0


def test_the_map_asks_for_its_world_topojson_from_the_app(app):
    requests: list[str] = []
    app.page.on("request", lambda request: requests.append(request.url))
    app.open("/")
    expect(app.chart.locator("path.choroplethlocation")).to_have_count(47)
    # Once per map subplot (the main map and Okinawa's inset ask at the same time), never from a CDN.
    asked = [url for url in requests if "topojson" in url]
    assert asked and set(asked) == {f"{app.base_url}/app/static/topojson/world_110m.json"}, asked


def test_hovering_a_prefecture_shows_its_figures(app):
    app.open("/")
    expect(app.chart.locator("path.choroplethlocation")).to_have_count(47)
    outline = _outline(app, "20")  # Nagano: inland and compact, its box's centre lies inside it
    box = outline.bounding_box()
    app.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = app.chart.locator(".hoverlayer .hovertext")
    expect(hover).to_contain_text("Nagano")
    expect(hover).to_contain_text("Vietnamese residents")


def test_clicking_a_prefecture_on_the_geographic_map_opens_its_profile(app):
    app.open("/")
    expect(app.chart.locator("path.choroplethlocation")).to_have_count(47)
    box = _outline(app, "20").bounding_box()
    app.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(app.page).to_have_url(re.compile(r"/prefecture\?(.*&)?pref=20(&|$)"))
    expect(app.page.locator("h1")).to_contain_text("Nagano")


def test_the_modebar_saves_a_png(app):
    app.open("/trends")
    chart = _drawn(app)
    chart.hover()
    button = chart.locator(".modebar-btn[data-title='Download plot as a PNG']")
    expect(button).to_be_visible()
    with app.page.expect_download() as download:
        button.click()
    path = Path(download.value.path())
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and path.stat().st_size > 5_000


def test_the_chart_is_kept_and_updated_when_the_prefecture_changes(app):
    app.open("/prefecture?pref=23")
    expect(app.page.locator("h1")).to_contain_text("Aichi")
    charts = app.page.locator(CHART)
    # The profile's four charts mount one by one after the script has finished; on a busy machine
    # counting at the first drawn chart found 2 (CI, stop 18).
    count = 4
    expect(app.page.locator(f"{CHART}[data-drawn]")).to_have_count(count)
    titles_before = [charts.nth(i).locator(".gtitle").first.text_content() for i in range(count)]
    prefecture_chart = next(i for i, title in enumerate(titles_before) if "Aichi" in title)
    # Mark the very DOM elements: a remounted chart would be a new element without the mark.
    app.page.evaluate("selector => document.querySelectorAll(selector).forEach(e => { e.__kept = true; })", CHART)
    drawn_before = int(charts.nth(prefecture_chart).get_attribute("data-drawn"))

    box = app.page.get_by_role("combobox", name="Prefecture")
    box.click()
    app.page.keyboard.type("Osaka")
    expect(app.page.get_by_role("option").first).to_contain_text("27 Osaka")  # Enter picks the first option
    app.page.keyboard.press("Enter")
    expect(app.page.locator("h1")).to_contain_text("Osaka")
    app.wait_until_idle()

    changed = charts.nth(prefecture_chart)
    expect(changed.locator(".gtitle").first).to_contain_text("Osaka")
    assert int(changed.get_attribute("data-drawn")) > drawn_before  # updated with Plotly.react
    expect(charts).to_have_count(count)
    assert app.page.evaluate("selector => [...document.querySelectorAll(selector)].every(e => e.__kept === true)", CHART)
