"""Browser layer: the real app on a free loopback port, driven by Debian's Chromium through Playwright.

Fails, never skips, when Chromium is missing: CI must run these tests. Every test also checks that
the page made no request beyond the app's own server (government networks often block other hosts).
"""
from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Download, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.processes import start_app, stop_app

ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
STARTUP_TIMEOUT_S = 60
# A cold page (first data load, first figure) can take several seconds on a 2-core machine.
TIMEOUT_MS = 30_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def app_var_dir(tmp_path_factory) -> Path:
    """The browser app's own var dir (its SQLite store lives here)."""
    return tmp_path_factory.mktemp("browser-var")


@pytest.fixture(scope="session")
def app_url(app_var_dir):
    """Start `streamlit run app.py` with its own empty var dir; yield its base URL."""
    env = {**os.environ, "WORKFORCE_VAR_DIR": str(app_var_dir)}
    env.pop("WORKFORCE_DB_URL", None)
    process, base = start_app(env, app_var_dir / "streamlit.log", STARTUP_TIMEOUT_S)
    try:
        yield base
    finally:
        stop_app(process)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS


@pytest.fixture
def page(browser, app_url) -> Page:
    """A fresh page; at teardown, fail if any request went to a host other than the app's own server."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    new_page = context.new_page()
    yield new_page
    context.close()
    outside = sorted({url for url in requests if not _is_local(url)})
    if outside:
        pytest.fail(f"requests left the app's own server: {outside}")


class App:
    """The shared helpers of the browser tests: one Playwright page on the running dashboard."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self, path: str) -> None:
        """Go to `path`; wait until its title (h1) shows and its script has finished running."""
        self.page.goto(self.base_url + path)
        expect(self.page.locator("h1").first).to_be_visible()
        self.wait_until_idle()

    def wait_until_idle(self) -> None:
        app = self.page.get_by_test_id("stApp")
        expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
        expect(app).to_have_attribute("data-test-script-state", "notRunning")

    def upload(self, path: Path) -> None:
        """Choose `path` in the page's file uploader and wait until it has finished uploading: a form
        submitted before that carries no file (the page then says so)."""
        self.page.locator("input[type=file]").set_input_files(str(path))
        expect(self.page.get_by_test_id("stFileChipName").filter(has_text=path.name)).to_be_visible()
        expect(self.page.get_by_test_id("stFileChipIconSpinner")).to_have_count(0)

    def download(self, button: Locator, *, attempts: int = 2) -> Download:
        """Click a download button and return the download. In 3 of 13 runs of the browser tests on
        a machine with one core kept busy, a click on the folded figure table's CSV button started
        nothing: the page asked the server for no file and showed no error (the cause was not found).
        A reader clicks again, and so does this helper, once."""
        for attempt in range(1, attempts + 1):
            try:
                with self.page.expect_download(timeout=TIMEOUT_MS // attempts) as download:
                    button.click()
                return download.value
            except PlaywrightTimeout:
                if attempt == attempts:
                    raise

    @property
    def chart(self) -> Locator:
        """The first plotly chart on the page (drawn by the chart element, workforce/ui/chart_element.py)."""
        return self.page.locator(".js-plotly-plot").first

    def tile_label(self, name: str) -> Locator:
        """The SVG text of one tile in the tile-grid map (an exact match: 'Aichi', not 'Aichi-ken')."""
        return self.chart.locator(".textpoint text").filter(has_text=re.compile(rf"^{re.escape(name)}$"))

    def click_centre(self, element: Locator) -> None:
        """Click the middle of `element` with the mouse, so whatever lies on top there takes the click."""
        expect(element).to_be_visible()
        box = element.bounding_box()
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def wait_for_colours(self, element: Locator, more_than: int) -> int:
        """Screenshot `element` until it shows more than `more_than` colours (WebGL draws after the DOM
        appears) or the timeout passes; returns the last count (1 for a blank, uniform area)."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while True:
            colours = _distinct_colours(element.screenshot())
            if colours > more_than or time.monotonic() > deadline:
                return colours
            self.page.wait_for_timeout(250)


def _distinct_colours(png: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 24))


@pytest.fixture
def app(page, app_url) -> App:
    return App(page, app_url)
