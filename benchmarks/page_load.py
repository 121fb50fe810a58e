"""Page-load benchmark: time until each page is ready in headless Chromium, against a minimal
Streamlit app measured in the same rounds.

"Ready" is the page's headline shown AND its first chart drawn (chart pages): for the app's chart
element, `.workforce-chart[data-drawn]` (set once `Plotly.react` has resolved, the map's outlines
included); for `st.plotly_chart` (the minimal plotly app, and `--before` checkouts that still use it),
its `.main-svg`. Variants are interleaved: every round visits each variant once (first visit) and once
again (returning visit), in an order rotated each round, so that a busy spell of the machine hits all
variants alike. The first round only warms servers and caches and is dropped. Reported per variant:
the median of `--runs` (≥ 7) rounds, and the median of the per-round ratios to the minimal app.

Two kinds of visit: first (a fresh browser context, nothing cached) and returning (a new tab in the
variant's own context, whose cache holds the scripts). A last pass per variant records the JavaScript
it loaded (bytes of script responses, decoded) and any request to another host.

Chromium runs with `--proxy-server=http://127.0.0.1:9`: a request to any other host would go to a closed
loopback port and fail (and be counted).

`--before DIR` adds the chart pages of another checkout (e.g. /work/main, before issue 16) as
`<page>@before`, served from DIR with its own Python path and store, in the same rounds.

Usage: python benchmarks/page_load.py [--runs 7] [--pages overview prefecture …] [--before /work/main]
Targets (issue 16): chart pages ready ≤ 1.5× the minimal app on a first visit; no page loads more than
6 MB of JavaScript.
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
PROXY = "http://127.0.0.1:9"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", f"--proxy-server={PROXY}"]
LOCAL_HOSTS = ("127.0.0.1", "localhost")
TIMEOUT_MS = 60_000

# page → (URL path, headline: a figure's text, or "# title" for the page's h1, has a chart)
PAGES = {
    "overview": ("/", "681,100", True),
    "prefecture": ("/prefecture?pref=23", "70,820", True),
    "trends": ("/trends", "# Trends", True),
    "compare": ("/compare", "# Compare prefectures", True),
    "initiatives": ("/initiatives", "# initiatives", False),
    "symposium": ("/symposium", "# Symposium", False),
    "sources": ("/sources", "# Data & sources", False),
}
MINIMAL = {"minimal": ("/", "ready", False), "minimal_plotly": ("/", "ready", True)}
ELEMENT_DRAWN = ".workforce-chart[data-drawn]"
PLOTLY_CHART_DRAWN = "[data-testid=stPlotlyChart] .main-svg"


def start(script: str, env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run <script>` in `cwd` on a free loopback port; (process, base URL) once healthy."""
    from workforce.serve import free_port, streamlit_arguments, wait_healthy

    port = free_port()
    process = subprocess.Popen([sys.executable, *streamlit_arguments(script, port)], cwd=cwd, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(f"{base}/_stcore/health", process, 90)
    return process, base


def start_app(script: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`streamlit run <script>` from the repository root (the other benchmarks use it)."""
    return start(script, env, ROOT)


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


def first_visits(browser, url: str, text: str, chart: bool, runs: int) -> list[float]:
    """`runs` first visits in a row (fresh contexts), after one warm-up: the interaction benchmark's context line."""
    samples = []
    for _ in range(runs + 1):
        context = new_context(browser)
        samples.append(time_load(context, url, text, chart))
        context.close()
    return samples[1:]


def wait_ready(page, text: str, chart: bool) -> None:
    headline = (page.locator("h1").filter(has_text=text[2:]) if text.startswith("# ")
                else page.get_by_text(text, exact=False))  # the sidebar's page names are not the headline
    headline.first.wait_for(state="visible", timeout=TIMEOUT_MS)
    if chart:
        page.wait_for_function(
            f"() => document.querySelector('{ELEMENT_DRAWN}') || document.querySelector('{PLOTLY_CHART_DRAWN}')",
            timeout=TIMEOUT_MS)


def time_load(context, url: str, text: str, chart: bool) -> float:
    """Seconds from navigation until the page is ready, in a new tab of `context`."""
    page = context.new_page()
    start_time = time.perf_counter()
    page.goto(url)
    wait_ready(page, text, chart)
    elapsed = time.perf_counter() - start_time
    page.close()
    return elapsed


def new_context(browser):
    return browser.new_context(viewport={"width": 1400, "height": 1000})


def javascript_loaded(browser, url: str, text: str, chart: bool) -> tuple[int, list[str]]:
    """Bytes of JavaScript a first visit loads, and the URLs of requests to other hosts."""
    context = new_context(browser)
    page = context.new_page()
    scripts, outside = [], []

    def seen(response):
        if response.request.resource_type == "script" and response.url.startswith("http"):
            scripts.append(response)

    page.on("response", seen)
    page.on("request", lambda r: outside.append(r.url) if r.url.startswith("http")
            and not any(f"//{host}" in r.url for host in LOCAL_HOSTS) else None)
    page.goto(url)
    wait_ready(page, text, chart)
    page.wait_for_timeout(1500)  # late chunks
    total = 0
    for response in scripts:
        try:
            total += len(response.body())
        except Exception:  # a redirect or an aborted load has no body
            pass
    context.close()
    return total, outside


def rerun_times(runs: int) -> list[float]:
    """Server-side time of the rerun that switches the profile from one prefecture to another."""
    from streamlit.testing.v1 import AppTest

    from workforce.prefectures import prefectures

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.switch_page("pages/prefecture.py")
    app.run()
    assert not app.exception, app.exception
    times = []
    for code in ["27", "13", "14", "01", "47", "23", "40", "20"][: runs + 1]:
        app.selectbox(key="url_pref").set_value(code)
        start_time = time.perf_counter()
        app.run()
        assert prefectures().name(code) in app.title[0].value, "the rerun did not switch prefecture"
        assert not app.exception, app.exception
        times.append(time.perf_counter() - start_time)
    return times[1:]


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds measured (after one warm-up round); at least 7")
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), help="only these pages (the minimal apps always)")
    parser.add_argument("--before", type=Path, help="another checkout whose chart pages are measured too")
    parser.add_argument("--no-rerun", action="store_true", help="skip the server-side rerun timing")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7 (medians of fewer are not believable here)")
    pages = {name: PAGES[name] for name in (args.pages or PAGES)}
    env = dict(os.environ, WORKFORCE_VAR_DIR=tempfile.mkdtemp(prefix="workforce-bench-"))
    processes = []
    variants: dict[str, tuple[str, str, bool]] = {}
    try:
        for name, script in (("minimal", "benchmarks/minimal_app.py"), ("minimal_plotly", "benchmarks/minimal_plotly_app.py")):
            process, base = start(script, env, ROOT)
            processes.append(process)
            path, text, chart = MINIMAL[name]
            variants[name] = (base + path, text, chart)
        process, base = start("dashboard.py", env, ROOT)
        processes.append(process)
        for name, (path, text, chart) in pages.items():
            variants[name] = (base + path, text, chart)
        if args.before:
            before = args.before.resolve()
            before_env = dict(os.environ, WORKFORCE_VAR_DIR=tempfile.mkdtemp(prefix="workforce-bench-before-"),
                              PYTHONPATH=str(before))
            process, base = start("dashboard.py", before_env, before)
            processes.append(process)
            for name, (path, text, chart) in pages.items():
                if chart:
                    variants[f"{name}@before"] = (base + path, text, chart)
        names = list(variants)
        samples = {visit: {name: [] for name in names} for visit in ("first", "returning")}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            returning_contexts = {name: new_context(browser) for name in names}
            for round_number in range(args.runs + 1):
                shift = round_number % len(names)
                order = names[shift:] + names[:shift]
                for name in order:
                    url, text, chart = variants[name]
                    context = new_context(browser)
                    first = time_load(context, url, text, chart)
                    context.close()
                    returning = time_load(returning_contexts[name], url, text, chart)
                    if round_number:  # round 0 warms servers, caches and the returning contexts
                        samples["first"][name].append(first)
                        samples["returning"][name].append(returning)
                print(f"round {round_number} done ({'warm-up' if not round_number else 'measured'}), order "
                      + " ".join(order), flush=True)
            loaded = {name: javascript_loaded(browser, *variants[name]) for name in names}
            browser.close()
    finally:
        from workforce.serve import stop_processes

        stop_processes(processes)

    print(f"\n{'variant':22s} {'first visit':>22s} {'returning visit':>22s} {'JS loaded':>10s}  outside requests")
    summary = {}
    for name in names:
        cells = []
        for visit in ("first", "returning"):
            times = samples[visit][name]
            ratios = [t / m for t, m in zip(times, samples[visit]["minimal"])]
            summary[(visit, name)] = (statistics.median(times), statistics.median(ratios))
            cells.append(f"{statistics.median(times)*1000:6.0f} ms {statistics.median(ratios):5.2f}x")
        js_bytes, outside = loaded[name]
        print(f"{name:22s} {cells[0]:>22s} {cells[1]:>22s} {js_bytes/1e6:7.2f} MB  {len(outside)}")
    print("\nper-round ratios to the minimal app, first visits:")
    for name in names:
        ratios = [t / m for t, m in zip(samples["first"][name], samples["first"]["minimal"])]
        print(f"  {name:22s} " + " ".join(f"{r:.2f}" for r in ratios))
    print("raw first-visit times (ms):")
    for name in names:
        print(f"  {name:22s} " + " ".join(f"{t*1000:.0f}" for t in samples["first"][name]))

    rerun_part = ""
    if not args.no_rerun and "prefecture" in pages:
        os.environ["WORKFORCE_VAR_DIR"] = env["WORKFORCE_VAR_DIR"]
        reruns = rerun_times(args.runs)
        rerun_ms = statistics.median(reruns) * 1000
        print(f"pref switch median {rerun_ms:.0f} ms server-side rerun (AppTest), runs "
              + " ".join(f"{s*1000:.0f}" for s in reruns))
        rerun_part = f" | pref_switch_rerun={rerun_ms:.0f}ms"
    chart_pages = [n for n in names if variants[n][2] and not n.startswith("minimal")]
    first = " ".join(f"{n}={summary[('first', n)][1]:.2f}x" for n in chart_pages)
    worst_js = max(loaded[n][0] for n in names if not n.startswith("minimal") and "@" not in n) / 1e6
    outside_total = sum(len(loaded[n][1]) for n in names)
    print(f"first visit vs minimal (median of per-round ratios): {first} (target <=1.5x) | "
          f"most JS on a page {worst_js:.2f} MB (target <=6 MB) | outside requests {outside_total}{rerun_part}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
