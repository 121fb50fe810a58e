"""The dashboard on a 390×844 phone (issue 15): nothing wider than the screen, charts as wide as their
column, and no chart title under the chart's toolbar (the modebar).

Every test also fails if the page made a request beyond the app's own server (conftest `page`).
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
# (address, charts drawn there)
PAGES = [("/", 1), ("/prefecture?pref=23", 4), ("/compare?prefs=23,27,13", 1),
         ("/present", 0), ("/present?slide=2", 1), ("/present?slide=5", 1)]
LANGUAGES = ["en", "ja", "vi"]

# Everything whose box reaches past either edge of the screen, unless it is inside a frame that scrolls on
# its own (a table), visually hidden (a slider's range input, clipped to nothing for screen readers) or
# wholly off to the left (the folded sidebar, plotly.js's text ruler).
PAST_THE_EDGE = """() => {
    const width = window.innerWidth;
    const hidden = (el) => { for (let n = el; n; n = n.parentElement) { if (getComputedStyle(n).clipPath !== 'none') return true; } return false; };
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (!box.width || (box.right <= width + 1 && box.left >= -1)) continue;
        if (el.closest('[data-testid=stDataFrame], [data-testid=stTable]') || hidden(el)) continue;
        if (box.right <= 0) continue;  // wholly off to the left, where nothing scrolls: the folded sidebar, plotly's text ruler
        const name = el.getAttribute('class') || el.getAttribute('data-testid') || '';
        found.push(`${el.tagName}.${name.slice(0, 40)} ${Math.round(box.left)}..${Math.round(box.right)} "${(el.textContent || '').slice(0, 40)}"`);
    }
    const main = document.querySelector('[data-testid=stMain]');
    return {page: document.documentElement.scrollWidth, main: main.scrollWidth - main.clientWidth, width, found};
}"""

# Every chart's title and modebar as boxes, with the chart's own width and its element's.
CHART_BOXES = """() => [...document.querySelectorAll('.workforce-chart')].map((plot) => {
    const box = (el) => el ? (({left, right, top, bottom, width, height}) => ({left, right, top, bottom, width, height}))(el.getBoundingClientRect()) : null;
    return {title: box(plot.querySelector('.gtitle')), titleText: (plot.querySelector('.gtitle') || {}).textContent || '',
            modebar: box(plot.querySelector('.modebar')), svg: box(plot.querySelector('.main-svg')),
            element: box(plot.closest('[data-testid=stElementContainer]')),
            // what a legend hides behind its own scroll bar (plotly.js gives it at most half the figure)
            legendHidden: plot._fullLayout.legend && plot._fullLayout.showlegend
                ? (plot._fullLayout.legend._height || 0) - (plot._fullLayout.legend._effHeight || 0) : 0};
})"""


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _open(app, path: str, lang: str, charts: int, viewport: dict = PHONE) -> None:
    app.page.set_viewport_size(viewport)
    app.open(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    # data-drawn is set once a chart has been drawn and fitted to its column (workforce/ui/chart_element.py)
    expect(app.page.locator(".workforce-chart[data-drawn]")).to_have_count(charts)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "charts"), PAGES)
def test_nothing_is_wider_than_a_phone(app, path, charts, lang):
    _open(app, path, lang, charts)
    seen = app.page.evaluate(PAST_THE_EDGE)
    assert seen["page"] <= PHONE["width"] and seen["main"] <= 0, seen  # nothing scrolls sideways
    assert not seen["found"], seen["found"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "charts"), [page for page in PAGES if page[1]])
def test_charts_fit_the_phone_and_no_title_lies_under_the_modebar(app, path, charts, lang):
    _open(app, path, lang, charts)
    for chart in app.page.evaluate(CHART_BOXES):
        assert chart["svg"]["right"] <= PHONE["width"] and chart["svg"]["width"] <= chart["element"]["width"] + 1, chart
        # the element holds the whole chart: nothing scrolls inside it or spills onto what follows
        assert chart["svg"]["height"] <= chart["element"]["height"] + 1, chart
        assert chart["legendHidden"] < 1, chart  # every legend entry shows, none behind a scroll bar
        if chart["title"] and chart["modebar"] and chart["modebar"]["width"]:
            assert not _overlap(chart["title"], chart["modebar"]), chart
    if not path.startswith("/present"):  # the dashboard's charts have a modebar (the projector's have none)
        assert all(chart["modebar"] and chart["modebar"]["width"] for chart in app.page.evaluate(CHART_BOXES))


def test_charts_follow_the_screen_from_desktop_to_phone(app):
    """Drawn at 1440 px, then the window narrows to a phone: the chart narrows with it and its title wraps
    below the modebar; widened again, the title is one line as sent."""
    _open(app, "/prefecture?pref=23", "en", 4, DESKTOP)
    wide = app.page.evaluate(CHART_BOXES)[0]
    assert wide["title"]["height"] < 40, wide  # one line
    app.page.set_viewport_size(PHONE)
    app.page.wait_for_function(
        "() => { const svg = document.querySelector('.workforce-chart .main-svg'); return svg && svg.getBoundingClientRect().right <= 390; }")
    app.page.wait_for_function(
        "() => { const plot = document.querySelector('.workforce-chart'); const t = plot.querySelector('.gtitle'), m = plot.querySelector('.modebar');"
        " const a = t.getBoundingClientRect(), b = m.getBoundingClientRect();"
        " return !(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) && a.right <= 390; }")
    narrow = app.page.evaluate(CHART_BOXES)[0]
    assert narrow["svg"]["width"] == narrow["element"]["width"] < wide["svg"]["width"], narrow
    assert narrow["title"]["height"] > wide["title"]["height"], narrow  # wrapped onto two lines
    app.page.set_viewport_size(DESKTOP)
    app.page.wait_for_function(
        "width => document.querySelector('.workforce-chart .main-svg').getBoundingClientRect().width >= width - 1",
        arg=wide["svg"]["width"])
    app.page.wait_for_function("() => document.querySelector('.workforce-chart .gtitle').getBoundingClientRect().height < 40")
    again = app.page.evaluate(CHART_BOXES)[0]
    assert again["element"]["height"] == wide["element"]["height"], (again, wide)  # the chart as first fitted, no taller
