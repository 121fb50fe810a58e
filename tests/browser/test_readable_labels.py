"""Labels cut off on a 1440×900 screen (issue 15): the symposium's figure labels read "Japan (national):
Vietnamese reside…", the status chart's dates "Ju…", "D…". Now every label reads whole, and on a phone too.

Every test also fails if the page made a request beyond the app's own server (conftest `page`).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_LABEL_SPACING = 17  # px along the axis: 12 px text at 45° needs 12 / sin 45° between neighbours

# Text boxes cut short with an ellipsis: the text is wider than its box and the box hides the rest.
CUT_TEXT = """(root) => [...root.querySelectorAll('*')].filter((el) => {
    const style = getComputedStyle(el);
    return el.getBoundingClientRect().width > 0 && style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
}).map((el) => el.textContent)"""

# For every chart: its x-axis labels, its legend and its drawing area as boxes.
AXIS_LABELS = """() => [...document.querySelectorAll('.workforce-chart')].map((plot) => {
    const box = (el) => (({left, right, top, bottom}) => ({left, right, top, bottom}))(el.getBoundingClientRect());
    const legend = plot.querySelector('.legend');
    return {title: (plot.querySelector('.gtitle') || {}).textContent || '', svg: box(plot.querySelector('.main-svg')),
            legend: legend ? box(legend.querySelector('.bg') || legend) : null,
            ticks: [...plot.querySelectorAll('.xtick text')].filter((t) => t.textContent).map((t) => ({text: t.textContent, ...box(t)}))};
})"""


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_symposium_figure_labels_read_whole(app, viewport):
    app.page.set_viewport_size(viewport)
    app.open("/symposium")
    # the card: the innermost block that holds its heading (ancestors come first in document order)
    card = app.page.get_by_test_id("stVerticalBlock").filter(
        has=app.page.get_by_role("heading", name="Employment for Skill Development")).last
    label = card.get_by_text("Japan (national): Vietnamese residents, Technical Intern Training", exact=True).first
    expect(label).to_be_visible()
    assert card.evaluate(CUT_TEXT) == []
    assert app.page.locator("body").evaluate(CUT_TEXT) == []  # nor any other label on the page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
@pytest.mark.parametrize(("path", "charts"), [("/trends", 4), ("/prefecture?pref=23", 4), ("/present?slide=5", 1)])
def test_chart_axis_labels_are_whole_and_clear_of_the_legend(app, viewport, path, charts):
    app.page.set_viewport_size(viewport)
    app.open(path)
    expect(app.page.locator(".workforce-chart[data-drawn]")).to_have_count(charts)
    mixes = 0
    for chart in app.page.evaluate(AXIS_LABELS):
        ticks = chart["ticks"]
        for tick in ticks:
            assert chart["svg"]["left"] - 1 <= tick["left"] and tick["right"] <= chart["svg"]["right"] + 1, (chart["title"], tick)
            assert tick["bottom"] <= chart["svg"]["bottom"] + 1, (chart["title"], tick)
            assert not (chart["legend"] and _overlap(tick, chart["legend"])), (chart["title"], tick, chart["legend"])
        for first, second in zip(ticks, ticks[1:]):  # angled labels: their boxes overlap, their lines must not
            centres = (first["left"] + first["right"]) / 2, (second["left"] + second["right"]) / 2
            assert abs(centres[1] - centres[0]) >= MIN_LABEL_SPACING, (chart["title"], first, second)
        if any(re.fullmatch(r"(Jun|Dec|Oct) \d{4}†?", tick["text"]) for tick in ticks):
            mixes += 1  # a mix chart's period labels, each a whole "Dec 2012"
    assert mixes >= 1


@pytest.mark.parametrize("lang", ["en", "ja", "vi"])
@pytest.mark.parametrize("path", ["/", "/prefecture?pref=23"])
def test_headline_labels_read_whole(app, path, lang):
    """The profile's card label read "愛知県のベトナム人在留者（出入国在留管…" at 1440 px."""
    app.page.set_viewport_size(DESKTOP)
    app.open(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    assert app.page.locator("body").evaluate(CUT_TEXT) == []
