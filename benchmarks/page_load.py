"""Page-load benchmark: time until each page's main content is visible in headless Chromium,
against a minimal Streamlit app measured in the same run, plus server-side rerun time when switching
prefecture. Two kinds of visit, median of N each: first visits (a fresh browser context each, nothing
cached) and returning visits (a new tab in one context, whose cache holds the scripts).

A second baseline, the minimal app with one tiny plotly chart, shows the fixed cost of loading
plotly.js that every page with a chart pays.

Usage: python benchmarks/page_load.py [--runs 5]
Prints one line per measurement and, last, one line of ratios. Targets (issue 2): each page
≤ 1.25× the minimal app; prefecture switch rerun ≤ 150 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

# page → (URL path, text that means the main content is visible, also wait for a chart?)
PAGES = {
    "minimal": ("/", "ready", False),
    "minimal_plotly": ("/", "ready", True),
    "overview": ("/", "660,483", True),
    "prefecture": ("/prefecture?pref=23", "67,842", True),
    "trends": ("/trends", "Trends", True),
    "compare": ("/compare", "Compare prefectures", True),
    "initiatives": ("/initiatives", "initiatives", False),
    "symposium": ("/symposium", "600,348", False),
    "sources": ("/sources", "Data & sources", False),
}


def start_app(script: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`streamlit run <script>` on a free loopback port; (process, base URL) once healthy."""
    from workforce.serve import start_python, streamlit_arguments

    return start_python(streamlit_arguments(script, "{port}"), env)


class Servers:
    """The app servers a benchmark started: stopped together, and by a watchdog if the run overshoots."""

    def __init__(self, deadline_s: float, exit_code: int = 1):
        self.processes: list[subprocess.Popen] = []
        self.deadline_s = deadline_s
        self.exit_code = exit_code
        self.watchdog = threading.Timer(deadline_s, self._hard_stop)
        self.watchdog.daemon = True
        self.watchdog.start()

    def add(self, process: subprocess.Popen) -> subprocess.Popen:
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        from workforce.serve import stop_processes

        stop_processes(self.processes)

    def close(self) -> None:
        self.stop_all()
        self.watchdog.cancel()

    def _hard_stop(self) -> None:
        print(f"hard deadline of {self.deadline_s:.0f} s passed: stopping", file=sys.stderr, flush=True)
        self.stop_all()
        os._exit(self.exit_code)


def time_load(context, url: str, text: str, chart: bool) -> float:
    """Seconds from navigation until `text` (and a chart, if asked) is visible, in a new tab of `context`."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=60_000)
    if chart:
        page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=60_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def first_visits(browser, url: str, text: str, chart: bool, runs: int) -> list[float]:
    """Each sample a fresh browser context: nothing cached, as on a reader's first visit."""
    samples = []
    for _ in range(runs + 1):  # the first one warms the server, not the browser
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        samples.append(time_load(context, url, text, chart))
        context.close()
    return samples[1:]


def returning_visits(browser, url: str, text: str, chart: bool, runs: int) -> list[float]:
    """One context, a new tab each sample: the browser's cache holds the scripts, as for a returning reader."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    samples = [time_load(context, url, text, chart) for _ in range(runs + 1)]
    context.close()
    return samples[1:]


def rerun_times(runs: int) -> list[float]:
    """Server-side time of the rerun that switches the profile from one prefecture to another."""
    from streamlit.testing.v1 import AppTest

    from workforce.prefectures import prefectures

    # Through the entry point, as the server runs it: the page on its own cannot resolve its page links.
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.switch_page("pages/prefecture.py")
    app.run()
    assert not app.exception, app.exception
    times = []
    for code in ["27", "13", "14", "01", "47", "23"][: runs + 1]:
        app.selectbox(key="url_pref").set_value(code)
        start = time.perf_counter()
        app.run()
        assert prefectures().name(code) in app.title[0].value, "the rerun did not switch prefecture"
        assert not app.exception, app.exception
        times.append(time.perf_counter() - start)
    return times[1:]  # the first switch warms caches for the new period


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="+", choices=[p for p in PAGES if not p.startswith("minimal")],
                        help="only these pages (the two minimal apps are always measured)")
    args = parser.parse_args()
    env = dict(os.environ, WORKFORCE_VAR_DIR=tempfile.mkdtemp(prefix="workforce-bench-"))
    minimal, minimal_url = start_app("benchmarks/minimal_app.py", env)
    minimal_plotly, minimal_plotly_url = start_app("benchmarks/minimal_plotly_app.py", env)
    app, app_url = start_app("dashboard.py", env)
    bases = {"minimal": minimal_url, "minimal_plotly": minimal_plotly_url}
    medians: dict[str, dict[str, float]] = {"first": {}, "returning": {}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, (path, text, chart) in PAGES.items():
                if args.pages and not name.startswith("minimal") and name not in args.pages:
                    continue
                url = bases.get(name, app_url) + path
                for visit, measure in (("first", first_visits), ("returning", returning_visits)):
                    samples = measure(browser, url, text, chart, args.runs)
                    medians[visit][name] = statistics.median(samples)
                    print(f"{name:14s} {visit:9s} visit median {medians[visit][name]*1000:6.0f} ms  runs "
                          + " ".join(f"{s*1000:.0f}" for s in samples), flush=True)
            browser.close()
    finally:
        for process in (minimal, minimal_plotly, app):
            process.terminate()
    os.environ["WORKFORCE_VAR_DIR"] = env["WORKFORCE_VAR_DIR"]
    reruns = rerun_times(args.runs) if not args.pages or "prefecture" in args.pages else [float("nan")]
    rerun_ms = statistics.median(reruns) * 1000
    print(f"{'pref switch':12s} median {rerun_ms:7.0f} ms  server-side rerun (AppTest), runs " + " ".join(f"{s*1000:.0f}" for s in reruns))
    parts = []
    for visit, times in medians.items():
        pages = [name for name in times if not name.startswith("minimal")]
        ratios = " ".join(f"{name}={times[name] / times['minimal']:.2f}x" for name in pages)
        floor = " ".join(f"{name}={times[name] / times['minimal_plotly']:.2f}x" for name in pages if PAGES[name][2])
        parts.append(f"{visit} visit vs minimal app: {ratios}; chart pages vs minimal plotly app: {floor}")
    print(" | ".join(parts) + f" | pref_switch={rerun_ms:.0f}ms (targets <=1.25x, <=150ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
