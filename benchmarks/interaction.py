"""Interaction benchmark: time from a user's action to the updated view in headless Chromium, for three
interactions of the real app, against a minimal app's button rerun measured in the same run (median of N).

  pref switch   /prefecture?pref=23: type another prefecture into the 'Prefecture' selectbox, press Enter,
                until the new title (h1) shows and the prefecture's chart is redrawn (its title names it)
  metric        /: click the radio label 'Per 10,000 inhabitants' until the URL holds metric=per_10k, the
                script has finished (stApp data-test-script-state=notRunning) and the map has been redrawn
                (the chart element's draw count changed)
  map click     /?view=tiles: click the centre of the tile label 'Osaka' until the URL is /prefecture and the
                h1 names Osaka
  baseline      benchmarks/minimal_rerun_app.py: click its 'Rerun' button until 'run 2' shows

Every sample is a fresh browser context whose page is idle (h1 shown, script finished) before the clock
starts; the clock starts at the action (Enter, click), not while typing. All traffic stays on 127.0.0.1:
the apps listen on loopback and Chromium sends any other host to a closed loopback port.

Usage: python benchmarks/interaction.py [--runs 5]
Prints one line per measurement and, last, one line of ratios. Target: each interaction <= 1.5x the
minimal rerun.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_load import CHROMIUM_ARGS, Servers, first_visits, start_app  # noqa: E402

TIMEOUT_MS = 60_000
HARD_DEADLINE_S = 900
# Any request to a host other than loopback goes to a closed loopback port and fails (Chromium never sends
# loopback requests through a proxy).
LOOPBACK_ONLY_ARGS = ["--proxy-server=http://127.0.0.1:9"]
# JIS code and English name of the prefectures the switch goes to, one per sample (from Aichi, 23).
SWITCH_TARGETS = [("27", "Osaka"), ("13", "Tokyo"), ("14", "Kanagawa"), ("01", "Hokkaido"), ("47", "Okinawa"),
                  ("40", "Fukuoka"), ("26", "Kyoto"), ("04", "Miyagi"), ("34", "Hiroshima"), ("22", "Shizuoka")]


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def open_idle(page, url: str) -> None:
    """Go to `url`; wait until its h1 shows and its script has finished."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT_MS)
    idle(page)


def idle(page) -> None:
    from playwright.sync_api import expect

    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=TIMEOUT_MS)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT_MS)


def minimal_rerun(browser, base: str) -> float:
    from playwright.sync_api import expect

    context, page = new_page(browser)
    open_idle(page, base + "/")
    expect(page.get_by_text("run 1", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    button = page.get_by_role("button", name="Rerun")
    start = time.perf_counter()
    button.click()
    expect(page.get_by_text("run 2", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def prefecture_switch(browser, base: str, target: tuple[str, str]) -> float:
    from playwright.sync_api import expect

    code, name = target
    context, page = new_page(browser)
    open_idle(page, base + "/prefecture?pref=23")
    expect(page.locator("h1").first).to_contain_text("Aichi", timeout=TIMEOUT_MS)
    box = page.get_by_role("combobox", name="Prefecture")
    box.click()
    page.keyboard.type(name)
    # Enter picks the first option of the filtered list: make sure it is the one meant.
    expect(page.get_by_role("option").first).to_contain_text(f"{code} {name}", timeout=TIMEOUT_MS)
    start = time.perf_counter()
    page.keyboard.press("Enter")
    expect(page.locator("h1").first).to_contain_text(name, timeout=TIMEOUT_MS)
    # ...and the prefecture's own chart redrawn for it (its title names the prefecture).
    expect(page.locator(".workforce-chart[data-drawn] .gtitle").filter(has_text=name).first).to_be_visible(
        timeout=TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def metric_change(browser, base: str) -> float:
    from playwright.sync_api import expect

    context, page = new_page(browser)
    open_idle(page, base + "/")
    page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=TIMEOUT_MS)
    chart = page.locator(".workforce-chart[data-drawn]").first  # the chart element counts its draws
    drawn = chart.get_attribute("data-drawn", timeout=TIMEOUT_MS)
    label = page.get_by_text("Per 10,000 inhabitants", exact=True).first
    label.wait_for(state="visible", timeout=TIMEOUT_MS)
    start = time.perf_counter()
    label.click()
    expect(page).to_have_url(re.compile(r"[?&]metric=per_10k(&|$)"), timeout=TIMEOUT_MS)
    expect(page.locator("[data-testid=stApp][data-test-script-state=notRunning]")).to_have_count(1, timeout=TIMEOUT_MS)
    # ...and the map redrawn with the new metric (Plotly.react resolves after the script has finished).
    expect(chart).not_to_have_attribute("data-drawn", drawn, timeout=TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def map_click(browser, base: str) -> float:
    from playwright.sync_api import expect

    context, page = new_page(browser)
    open_idle(page, base + "/?view=tiles")
    tile = page.locator(".js-plotly-plot").first.locator(".textpoint text").filter(has_text=re.compile(r"^Osaka$"))
    expect(tile).to_have_count(1, timeout=TIMEOUT_MS)
    expect(tile).to_be_visible(timeout=TIMEOUT_MS)
    tile.scroll_into_view_if_needed()  # a mouse click lands only inside the viewport
    bounds = tile.bounding_box()
    start = time.perf_counter()
    # The mouse at the label's centre: the invisible marker under the label takes the click.
    page.mouse.click(bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    expect(page).to_have_url(re.compile(r"/prefecture"), timeout=TIMEOUT_MS)
    expect(page.locator("h1").first).to_contain_text("Osaka", timeout=TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def measure(name: str, runs: int, sample) -> float:
    sample(-1)  # warm-up: first session, caches, first figure of each kind
    samples = [sample(i) for i in range(runs)]
    median = statistics.median(samples)
    print(f"{name:14s} median {median*1000:7.0f} ms  runs " + " ".join(f"{s*1000:.0f}" for s in samples), flush=True)
    return median


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = max(1, min(args.runs, 50))
    env = dict(os.environ, WORKFORCE_VAR_DIR=tempfile.mkdtemp(prefix="workforce-interaction-"))
    env.pop("WORKFORCE_DB_URL", None)
    servers = Servers(HARD_DEADLINE_S)
    medians = {}
    try:
        minimal, minimal_url = start_app("benchmarks/minimal_app.py", env)
        servers.add(minimal)
        rerun_app, rerun_url = start_app("benchmarks/minimal_rerun_app.py", env)
        servers.add(rerun_app)
        app, app_url = start_app("dashboard.py", env)
        servers.add(app)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS + LOOPBACK_ONLY_ARGS)
            load = statistics.median(first_visits(browser, minimal_url + "/", "ready", False, runs))
            print(f"{'minimal load':14s} median {load*1000:7.0f} ms  (context: first text of the minimal app)", flush=True)
            medians["rerun"] = measure("minimal rerun", runs, lambda i: minimal_rerun(browser, rerun_url))
            medians["pref_switch"] = measure(
                "pref switch", runs, lambda i: prefecture_switch(browser, app_url, SWITCH_TARGETS[(i + 1) % len(SWITCH_TARGETS)]))
            medians["metric"] = measure("metric", runs, lambda i: metric_change(browser, app_url))
            medians["map_click"] = measure("map click", runs, lambda i: map_click(browser, app_url))
            browser.close()
    finally:
        servers.close()
    ratios = " ".join(f"{name}={medians[name] / medians['rerun']:.2f}x" for name in ("pref_switch", "metric", "map_click"))
    print(f"ratios vs minimal rerun ({medians['rerun']*1000:.0f} ms): {ratios} (target <=1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
