"""Issue 13 in a real browser: the profile's "Where in <prefecture>" section and the overview's top 20."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_profile_shows_where_in_aichi_and_nagoya_opens_into_its_wards(app):
    app.open("/prefecture?pref=23")
    expect(app.page.get_by_role("heading", name="Where in Aichi")).to_be_visible()
    expect(app.page.get_by_text("8 of them, from the largest, hold half of the prefecture's 48,608")).to_be_visible()
    expect(app.page.get_by_text("older than the prefecture's newest figure")).to_be_visible()
    chart = app.page.locator(".js-plotly-plot").filter(has_text="Vietnamese residents by municipality, Aichi")
    expect(chart.locator(".ytick text").filter(has_text="名古屋市 (Nagoya)")).to_have_count(1)
    expect(chart.locator(".bartext").filter(has_text=re.compile(r"^11,132$"))).to_have_count(1)
    wards = app.page.get_by_test_id("stExpander").filter(has_text="名古屋市: its 16 wards")
    expect(wards.get_by_test_id("stDataFrame")).to_have_count(0)  # made only when opened
    wards.locator("summary").click()
    expect(wards.get_by_test_id("stDataFrame")).to_have_count(1)


def test_overview_lists_the_top_municipalities_with_links_to_their_prefectures(app):
    app.open("/")
    expect(app.page.get_by_role("heading", name="The 20 municipalities with the most Vietnamese residents")) \
        .to_be_visible()
    expect(app.page.get_by_text("designated cities and Tokyo's 特別区 counted as a whole")).to_be_visible()
