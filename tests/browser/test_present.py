"""The presentation page in a real browser: arrow keys move through the slides, the URL follows.

Every test also fails if the page made a request beyond the app's own server (see conftest `page`).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def slide_title(app) -> str:
    return app.page.locator("h1").first.inner_text()


def test_arrow_keys_move_through_the_slides(app):
    app.open("/present?slide=1")
    first = slide_title(app)
    expect(app.page.get_by_text("Slide 1 of 7")).to_be_visible()
    app.page.locator("h1").first.click()  # the document has the focus, not an input
    for number in (2, 3):
        app.page.keyboard.press("ArrowRight")
        expect(app.page).to_have_url(re.compile(rf"[?&]slide={number}(&|$)"))
        expect(app.page.get_by_text(f"Slide {number} of 7")).to_be_visible()
        app.wait_until_idle()
    expect(app.page.locator("h1").first).not_to_have_text(first)
    assert "Prefectures with the most Vietnamese residents" in slide_title(app)

    app.page.keyboard.press("ArrowLeft")
    expect(app.page).to_have_url(re.compile(r"[?&]slide=2(&|$)"))
    expect(app.page.locator("h1").first).to_contain_text("Where Vietnamese residents live")


def test_vietnamese_map_slide_names_the_prefectures(app):
    app.open("/present?slide=2&lang=vi")
    expect(app.page.locator("h1").first).to_contain_text("Nơi người Việt Nam cư trú")
    expect(app.tile_label("Aichi")).to_have_count(1)  # the tile map's SVG labels
    expect(app.page.get_by_text("Trang chiếu 2 / 7")).to_be_visible()
    expect(app.page.get_by_role("button", name="Tiếp")).to_be_visible()
    expect(app.page.locator(".modebar")).to_have_count(0)  # no chart chrome on the projector


@pytest.mark.parametrize("number", [4, 5, 6])
def test_the_source_line_stays_above_the_fold_on_a_projector_screen(app, number):
    """Slides 4-6 put their source line below the fold at 1440×900 (issue 15)."""
    app.page.set_viewport_size({"width": 1440, "height": 900})
    app.open(f"/present?slide={number}")
    source = app.page.get_by_text(re.compile(r"^Source: ")).first
    expect(source).to_be_visible()
    box = source.bounding_box()
    assert box and box["y"] + box["height"] <= 900, box
