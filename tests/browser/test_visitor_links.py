"""Issue 14, point 8, in Chromium: text from a URL never becomes a link in the app's own boxes."""
from __future__ import annotations

from playwright.sync_api import expect


def test_an_address_in_the_prefecture_parameter_is_not_a_link(app):
    app.open("/prefecture?pref=https://evil.example/login")
    warning = app.page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_contain_text("https://evil.example/login")
    assert warning.locator("a").count() == 0
    assert app.page.locator('a[href*="evil.example"]').count() == 0


def test_an_address_as_a_briefing_name_is_not_a_link(app):
    app.open("/present?briefing=https://evil.example/login")
    warning = app.page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_contain_text("https://evil.example/login")
    assert app.page.locator('a[href*="evil.example"]').count() == 0
