"""Session-memory benchmark: the server's resident memory (VmRSS of the streamlit process and any children)
when idle and with 1, 10 and 50 sessions open at once, each a Chromium page on /prefecture?pref=<code>.

The app keeps its frames in st.cache_resource, shared by every session, so a session should only add its
own session state and widget values: the per-session increment should be small. Pages are opened in
batches of 5 (to bound CPU on a 2-core machine) and all stay open while RSS is read. All traffic stays
on 127.0.0.1: the app listens on loopback and Chromium sends any other host to a closed loopback port.

Usage: python benchmarks/session_memory.py [--sessions 1 10 50]
Prints RSS at 0 sessions (idle, after one warm-up page closed) and at each count, then, last, one line of
increments per session.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_load import CHROMIUM_ARGS, Servers, start_app  # noqa: E402

TIMEOUT_MS = 90_000
HARD_DEADLINE_S = 900
BATCH = 5
SETTLE_S = 3  # after the last page of a step is ready, let the server finish its work before reading RSS
LOOPBACK_ONLY_ARGS = ["--proxy-server=http://127.0.0.1:9"]  # loopback never goes through the proxy


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc/<pid>/stat's parent field."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(parent, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(parents.get(current, []))
    return found


def rss_mib(pid: int) -> tuple[float, int]:
    """Summed VmRSS (MiB) of `pid` and its children, and how many processes that is."""
    total_kib, count = 0, 0
    for process in descendants(pid):
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
                    count += 1
        except OSError:
            continue
    return total_kib / 1024, count


def open_batch(browser, base: str, codes: list[str]) -> list:
    """Open one page per code at once (one context each, like separate readers); wait until each shows its h1
    and its script has finished."""
    from playwright.sync_api import expect

    opened = []
    for code in codes:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(f"{base}/prefecture?pref={code}", wait_until="commit")
        opened.append((context, page))
    for _, page in opened:
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT_MS)
        app = page.get_by_test_id("stApp")
        expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=TIMEOUT_MS)
        expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT_MS)
    return opened


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 50])
    args = parser.parse_args()
    steps = sorted({max(1, min(n, 200)) for n in args.sessions})
    env = dict(os.environ, WORKFORCE_VAR_DIR=tempfile.mkdtemp(prefix="workforce-memory-"))
    env.pop("WORKFORCE_DB_URL", None)
    servers = Servers(HARD_DEADLINE_S)
    readings: dict[int, float] = {}
    codes = [f"{n:02d}" for n in range(1, 48)]
    try:
        app, base = start_app("dashboard.py", env)
        servers.add(app)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS + LOOPBACK_ONLY_ARGS)
            for context, _ in open_batch(browser, base, ["23"]):  # warm-up: store, caches, first figures
                context.close()
            time.sleep(SETTLE_S)
            readings[0], count = rss_mib(app.pid)
            print(f"{0:3d} sessions  RSS {readings[0]:7.1f} MiB  ({count} process{'es' if count > 1 else ''}; "
                  "idle after one warm-up page closed)", flush=True)
            pages = []
            started = time.perf_counter()
            for step in steps:
                while len(pages) < step:
                    batch = [codes[(len(pages) + i) % len(codes)] for i in range(min(BATCH, step - len(pages)))]
                    pages.extend(open_batch(browser, base, batch))
                time.sleep(SETTLE_S)
                readings[step], count = rss_mib(app.pid)
                increment = (readings[step] - readings[0]) / step
                print(f"{step:3d} sessions  RSS {readings[step]:7.1f} MiB  ({readings[step] - readings[0]:+6.1f} MiB over idle, "
                      f"{increment:+5.2f} MiB per session; {count} process{'es' if count > 1 else ''}; "
                      f"{time.perf_counter() - started:.0f} s)", flush=True)
            for context, _ in pages:
                context.close()
            browser.close()
    finally:
        servers.close()
    first, last = steps[0], steps[-1]
    marginal = (readings[last] - readings[first]) / (last - first) if last > first else float("nan")
    ratio = readings[last] / readings[0]
    print(f"per-session increment: {marginal:.2f} MiB/session between {first} and {last} sessions; "
          f"{(readings[last] - readings[0]) / last:.2f} MiB/session over idle at {last}; "
          f"RSS at {last} = {ratio:.2f}x idle ({readings[0]:.0f} -> {readings[last]:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
