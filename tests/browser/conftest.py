"""Browser layer: the real app on a free loopback port, driven by Debian's Chromium through Playwright.

Fails, never skips, when Chromium is missing: CI must run these tests. Every test also checks that
the page made no request beyond the app's own server (government networks often block other hosts).
"""
from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
STARTUP_TIMEOUT_S = 60
# A cold page (first data load, first figure) can take several seconds on a 2-core machine.
TIMEOUT_MS = 30_000

expect.set_options(timeout=TIMEOUT_MS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with code {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit did not answer {url} within {STARTUP_TIMEOUT_S} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_url():
    """Start `streamlit run dashboard.py` with its own empty var dir; yield its base URL."""
    port = _free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="workforce-browser-"))
    log = var_dir / "streamlit.log"
    env = {**os.environ, "WORKFORCE_VAR_DIR": str(var_dir)}
    env.pop("WORKFORCE_DB_URL", None)
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(f"{base}/_stcore/health", process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's Chromium "
                    "(apt-get install chromium fonts-noto-cjk); never run `playwright install`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS


@pytest.fixture
def page(browser, app_url) -> Page:
    """A fresh page; at teardown, fail if any request went to a host other than the app's own server."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    requests: list[str] = []
    new_page.on("request", lambda request: requests.append(request.url))
    yield new_page
    context.close()
    outside = sorted({url for url in requests if not _is_local(url)})
    if outside:
        pytest.fail(f"requests left the app's own server: {outside}")


def open_page(page: Page, app_url: str, path: str) -> None:
    """Go to `path` and wait until the page's title (h1) is shown and the app has finished running."""
    page.goto(app_url + path)
    expect(page.locator("h1").first).to_be_visible()
    wait_until_idle(page)


def wait_until_idle(page: Page) -> None:
    """Wait until the browser is connected and the page's script has finished its run."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")


def plotly_chart(page: Page) -> Locator:
    return page.locator(".js-plotly-plot").first


def tile_label(page: Page, name: str) -> Locator:
    """The SVG text of one tile in the tile-grid map (an exact match: 'Aichi', not 'Aichi-ken')."""
    return plotly_chart(page).locator(".textpoint text").filter(has_text=re.compile(rf"^{re.escape(name)}$"))


def distinct_colours(png: bytes) -> int:
    """How many different colours a screenshot holds: 1 for a blank (uniform) area."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 24))


def wait_for_colours(element: Locator, minimum: int, timeout_s: float = TIMEOUT_MS / 1000) -> int:
    """Screenshot `element` until it shows more than `minimum` colours (WebGL draws after the DOM appears)."""
    deadline = time.monotonic() + timeout_s
    while True:
        colours = distinct_colours(element.screenshot())
        if colours > minimum or time.monotonic() > deadline:
            return colours
        element.page.wait_for_timeout(250)
