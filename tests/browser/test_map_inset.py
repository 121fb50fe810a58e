"""The overview's geographic map in a browser (issue 15): it was small with empty space around it and
Okinawa a speck (16 px tall at 1440×900, 11 px on a phone). Now the map fills its column and Okinawa has
its own framed box.

Every test also fails if the page made a request beyond the app's own server (conftest `page`).
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAP = """() => {
    const plot = document.querySelector('.workforce-chart');
    const box = (el) => (({left, right, top, bottom, width, height}) => ({left, right, top, bottom, width, height}))(el.getBoundingClientRect());
    const okinawa = [...plot.querySelectorAll('path.choroplethlocation')].find((p) => p.__data__ && p.__data__.loc === '47');
    const frame = plot.querySelector('.geo2 .frame');
    return {map: box(plot.querySelector('.geo .choroplethlayer')), okinawa: box(okinawa), frame: frame && box(frame),
            title: box(plot.querySelector('.gtitle')), colourbar: box(plot.querySelector('.colorbar'))};
}"""


@pytest.mark.parametrize("viewport", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}], ids=["1440", "390"])
def test_the_map_fills_its_column_and_okinawa_has_its_own_box(app, viewport):
    app.page.set_viewport_size(viewport)
    app.open("/")
    expect(app.page.locator(".workforce-chart[data-drawn] path.choroplethlocation")).to_have_count(47)
    seen = app.page.evaluate(MAP)
    okinawa, frame = seen["okinawa"], seen["frame"]
    assert frame, "no inset frame"
    assert frame["left"] <= okinawa["left"] and okinawa["right"] <= frame["right"], seen
    assert frame["top"] <= okinawa["top"] and okinawa["bottom"] <= frame["bottom"], seen
    assert okinawa["height"] >= 40, seen  # no longer a speck
    room = seen["colourbar"]["top"] - seen["title"]["bottom"]  # between the title and the colour bar
    assert seen["map"]["height"] >= 0.75 * room, seen  # no band of empty space under Japan
