"""Load test: N concurrent readers loop over random pages of the real app for a fixed time while an analyst
commits a new release midway; page-ready times are compared with a single reader measured first on the
same server, with the same kind of client.

Each reader loops: open a random page among /, /prefecture?pref=<01..47>, /trends, /compare, and time it
until the page is ready. Two kinds of reader (--client):

  browser   a Chromium page (one browser, one context per reader). Ready: the h1 is visible, the app is
            connected and its script state is notRunning. Closest to a person, but every page load also
            costs the browser 1-3 s of CPU, so on a 2-core machine 50 pages measure Chromium, not the server
            (in this repository's runs, 50 pages on 2 shared cores did not finish a single first load in 60 s).
  protocol  (default) what the browser does on the wire, without rendering: GET the page's HTML, open the
            websocket /_stcore/stream, send the BackMsg rerun_script (page name, query string, locale) the
            frontend sends, and read ForwardMsgs. Ready: the h1 heading has arrived and the script finished
            (script_finished FINISHED_SUCCESSFULLY). Each load is a new Streamlit session, like a page load.
            Checked against the browser: same h1, same headline values, same URL updates.

Errors: timeouts, exceptions shown on the page (stException / exception elements), the 'data store cannot
be reached' message, 'page not found', HTTP responses >= 400 and failed requests, websocket failures, and
any request to a host other than loopback (Chromium sends those to a closed loopback port; the protocol
client only ever connects to 127.0.0.1). Midway, a thread runs `python -m workforce import <small CSV>
--note "load test"` against the same WORKFORCE_VAR_DIR: 47 Vietnamese resident totals for 2025-12-31, value
1000 + i for prefecture i + 1 (Aichi, 23: 1,022). Every profile opened after the commit must show its new
value (one that does not counts as a 'stale data' error), and so must one final Chromium load of Aichi's.

Usage: python benchmarks/load_test.py [--sessions 50] [--seconds 60] [--baseline-seconds 15] [--client protocol]
Last line: `p95 ratio vs single user = X (target <= 2x), errors = E (target 0)`. The run stops by itself: each
phase has a deadline, and a watchdog ends everything (server included) if the whole run overshoots.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import csv
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_load import CHROMIUM_ARGS, ROOT, Servers, start_app  # noqa: E402

LOOPBACK_ONLY_ARGS = ["--proxy-server=http://127.0.0.1:9"]  # loopback never goes through the proxy
HEADER = ["period_end", "prefecture", "nationality", "measure", "breakdown", "value", "source_title", "source_url"]
NEW_PERIOD = "2025-12-31"
CHECK_CODE = "23"
STORE_DOWN_TEXT = "The data store cannot be reached"
RAMP_S = 5  # readers start at random moments within the first seconds, not all in the same instant
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
      || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const title = document.querySelector('h1');
  if (!title) return false;
  const box = title.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}"""
INSPECT_JS = """(texts) => {
  const body = document.body ? document.body.innerText : '';
  const main = document.querySelector('[data-testid="stMain"]');
  return {exceptions: document.querySelectorAll('[data-testid="stException"]').length,
          storeDown: body.includes(texts[0]), hasValue: body.includes(texts[1]),
          excerpt: (main ? main.innerText : body).replace(/\\\\s+/g, ' ').slice(0, 400)};
}"""
# Streamlit's frontend looks for its server under the page's path first (/compare/_stcore/health), then at
# the root: those 404s are part of its normal start, not failures.
PROBE_SUFFIXES = ("/_stcore/health", "/_stcore/host-config")


class LoadError(Exception):
    """A page load that failed: `kind` names the error class in the report."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


@dataclass
class Seen:
    """What a ready page showed."""
    exceptions: int
    store_down: bool
    has_value: bool
    excerpt: str = ""


@dataclass
class Phase:
    name: str
    times: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: collections.Counter = field(default_factory=collections.Counter)
    error_examples: list[str] = field(default_factory=list)
    probes: int = 0
    cpu: str = ""
    after_commit_checks: int = 0
    after_commit_stale: int = 0
    started: float = 0.0
    timeline: list[tuple[float, float]] = field(default_factory=list)  # (start, seconds from phase start; elapsed)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_examples) < 8:
            self.error_examples.append(f"{kind}: {detail[:200]}")


@dataclass
class Commit:
    at_s: float
    started: float | None = None
    finished: float | None = None
    returncode: int | None = None
    output: str = ""


def random_path(rng: random.Random) -> str:
    kind = rng.choice(["overview", "prefecture", "trends", "compare"])
    if kind == "prefecture":
        return f"/prefecture?pref={rng.randint(1, 47):02d}"
    return {"overview": "/", "trends": "/trends", "compare": "/compare"}[kind]


def committed_value(path: str) -> str:
    """The text of the value the release gives the prefecture of a profile URL ('' for other pages)."""
    if "pref=" not in path:
        return "\u0000"  # never on a page
    return f"{1000 + int(path.rsplit('pref=', 1)[1]) - 1:,}"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile; nan when there is no value."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, int(round(pct / 100 * len(ordered) + 0.4999)))
    return ordered[min(rank, len(ordered)) - 1]


def write_release(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(47):
            writer.writerow([NEW_PERIOD, f"{i + 1:02d}", "VN", "residents", "total", 1000 + i, "Load test",
                             "https://www.moj.go.jp/isa/"])


def commit_midway(commit: Commit, csv_path: Path, env: dict[str, str], phase_start: float) -> None:
    """The analyst: wait until the middle of the run, then import the CSV as a new release."""
    delay = phase_start + commit.at_s - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    commit.started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "workforce", "import", str(csv_path), "--note", "load test"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        commit.returncode, commit.output = done.returncode, (done.stdout + done.stderr).strip()
    except subprocess.TimeoutExpired:
        commit.returncode, commit.output = -1, "timed out after 180 s"
    commit.finished = time.monotonic()


def cpu_seconds(root: int, exclude: int | None = None) -> float:
    """User + system CPU seconds of `root` and its live descendants (without `exclude`'s), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    children: dict[int, list[int]] = collections.defaultdict(list)
    for pid, (parent, _) in stats.items():
        children[parent].append(pid)
    total, queue = 0.0, [root]
    while queue:
        pid = queue.pop()
        if pid == exclude or pid not in stats:
            continue
        total += stats[pid][1]
        queue.extend(children[pid])
    return total


def start_cluster(workers: int, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`python -m workforce serve`: N Streamlit processes behind nginx, on a free loopback port."""
    from workforce.serve import start_python

    user = ["--user", "root"] if os.geteuid() == 0 else []  # this machine's Python is readable by root only
    return start_python(["-m", "workforce", "serve", "--workers", str(workers), "--port", "{port}", *user], env,
                        seconds=180)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


async def wait_for_text(page, text: str, seconds: float = 10) -> None:
    """Give the frontend a moment to draw elements it loads lazily (st.metric) after the script finished;
    not part of the page-ready time. Returns quietly when the text does not come."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        await page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=text, polling=100,
                                     timeout=seconds * 1000)
    except PlaywrightTimeout:
        pass


class BrowserReader:
    """A reader in Chromium: one context and page; each load is a navigation (a new Streamlit session)."""

    def __init__(self, browser, base: str, phase: Phase, timeout_s: float):
        self.browser, self.base, self.phase, self.timeout_s = browser, base, phase, timeout_s
        self.load_id = 0

    async def start(self) -> None:
        self.context = await self.browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        self.context.set_default_timeout(self.timeout_s * 1000)
        self.page = await self.context.new_page()
        phase = self.phase

        def on_response(response) -> None:
            if response.status >= 400 and response.url.startswith(self.base):
                url_path = urlsplit(response.url).path
                if response.status == 404 and url_path.endswith(PROBE_SUFFIXES) and url_path not in PROBE_SUFFIXES:
                    phase.probes += 1
                else:
                    phase.error("http", f"{response.status} {response.url}")

        def on_request(request) -> None:
            if not is_local(request.url):
                phase.error("outside host", request.url)

        def on_request_failed(request) -> None:
            # Requests of the previous page are aborted when the next one is opened: that is not a failure.
            if "ERR_ABORTED" not in (request.failure or "") and is_local(request.url):
                phase.error("request failed", f"{request.failure} {request.url}")

        def on_websocket(socket) -> None:
            opened_in = self.load_id
            # An error on a socket of a page already left (the reader moved on) is not the server's.
            socket.on("socketerror", lambda message: phase.error("websocket", str(message))
                      if opened_in == self.load_id else None)

        self.page.on("response", on_response)
        self.page.on("request", on_request)
        self.page.on("requestfailed", on_request_failed)
        self.page.on("websocket", on_websocket)

    async def load(self, path: str, want_value: bool = False) -> tuple[float, Seen]:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        self.load_id += 1
        start = time.monotonic()
        try:
            await self.page.goto(self.base + path, wait_until="domcontentloaded")
            await self.page.wait_for_function(READY_JS, polling=100, timeout=self.timeout_s * 1000)
            elapsed = time.monotonic() - start
            if want_value:
                await wait_for_text(self.page, committed_value(path))
            seen = await self.page.evaluate(INSPECT_JS, [STORE_DOWN_TEXT, committed_value(path)])
        except PlaywrightTimeout:
            raise LoadError("timeout", f"{path} not ready within {self.timeout_s:.0f} s") from None
        except PlaywrightError as error:
            raise LoadError("browser", f"{path}: {str(error).splitlines()[0]}") from None
        return elapsed, Seen(seen["exceptions"], seen["storeDown"], seen["hasValue"], seen["excerpt"])

    async def close(self) -> None:
        await self.context.close()


class ProtocolReader:
    """A reader speaking Streamlit's websocket protocol, as the frontend does, without rendering anything."""

    def __init__(self, base: str, phase: Phase, timeout_s: float):
        self.base, self.phase, self.timeout_s = base, phase, timeout_s
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        assert self.host == "127.0.0.1", "the load test only talks to loopback"
        self.cookie = ""  # the balancer's route cookie (workforce serve), kept like a browser keeps it

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def http_get(self, path: str) -> int:
        """Status of a plain HTTP/1.1 GET on loopback (the page's HTML, as a browser's first request)."""
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{cookie}Connection: close\r\n\r\n".encode())
            await writer.drain()
            status_line = await reader.readline()
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "set-cookie" and value.strip().startswith("wf_route="):
                    self.cookie = value.strip().split(";")[0]
            while await reader.read(65536):
                pass
        finally:
            writer.close()
        return int(status_line.split()[1])

    async def load(self, path: str, want_value: bool = False) -> tuple[float, Seen]:
        try:
            return await asyncio.wait_for(self._load(path), timeout=self.timeout_s)
        except asyncio.TimeoutError:
            raise LoadError("timeout", f"{path} not ready within {self.timeout_s:.0f} s") from None

    async def _load(self, path: str) -> tuple[float, Seen]:
        import websockets
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        start = time.monotonic()
        page_path, _, query = path.partition("?")
        try:
            status = await self.http_get(path)
        except OSError as error:
            raise LoadError("http", f"{path}: {error}") from None
        if status >= 400:
            raise LoadError("http", f"{status} {path}")
        request = BackMsg()
        state = request.rerun_script
        state.page_name = page_path.strip("/")
        state.query_string = query
        state.context_info.locale = "en-US"
        state.context_info.timezone = "Asia/Tokyo"
        state.context_info.url = self.base + path
        expected = committed_value(path)
        seen = Seen(0, False, False)
        title = None
        try:
            async with websockets.connect(f"ws://{self.host}:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                                          origin=self.base, proxy=None, max_size=None,
                                          additional_headers={"Cookie": self.cookie} if self.cookie else None,
                                          open_timeout=self.timeout_s) as socket:
                await socket.send(request.SerializeToString())
                async for data in socket:
                    message = ForwardMsg()
                    message.ParseFromString(data)
                    kind = message.WhichOneof("type")
                    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                        element = message.delta.new_element
                        element_kind = element.WhichOneof("type")
                        if element_kind == "heading" and element.heading.tag == "h1" and title is None:
                            title = element.heading.body
                        elif element_kind == "exception":
                            seen.exceptions += 1
                        elif element_kind == "alert" and STORE_DOWN_TEXT in element.alert.body:
                            seen.store_down = True
                        elif element_kind == "metric" and element.metric.body == expected:
                            seen.has_value = True
                    elif kind == "page_not_found":
                        raise LoadError("page not found", path)
                    elif kind == "script_finished":
                        if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                            break
                        if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                            raise LoadError("stException", f"{path}: compile error")
                        # FINISHED_EARLY_FOR_RERUN: st.rerun / switch_page; the next run follows.
                else:
                    raise LoadError("websocket", f"{path}: closed by the server before the script finished")
        except websockets.exceptions.WebSocketException as error:
            raise LoadError("websocket", f"{path}: {type(error).__name__}: {error}") from None
        except OSError as error:
            raise LoadError("websocket", f"{path}: {error}") from None
        elapsed = time.monotonic() - start
        if title is None and not seen.exceptions and not seen.store_down:
            raise LoadError("no title", f"{path}: the script finished without an h1")
        seen.excerpt = title or ""
        return elapsed, seen


async def reader_loop(reader, phase: Phase, deadline: float, seed: int, ramp_s: float, think_s: float,
                      commit: Commit | None) -> None:
    rng = random.Random(seed)
    await reader.start()
    try:
        await asyncio.sleep(rng.uniform(0, ramp_s))
        while time.monotonic() < deadline:
            path = random_path(rng)
            start = time.monotonic()
            after_commit = bool(commit and commit.finished and commit.returncode == 0 and start > commit.finished)
            try:
                elapsed, seen = await reader.load(path, want_value=after_commit and "pref=" in path)
            except LoadError as error:
                phase.error(error.kind, str(error))
                continue
            if seen.exceptions:
                phase.error("stException", path)
            elif seen.store_down:
                phase.error("store unavailable", path)
            else:
                phase.times.append(elapsed)
                phase.timeline.append((start - phase.started, elapsed))
                phase.by_page[path.split("?")[0]].append(elapsed)
            if after_commit and "pref=" in path:
                phase.after_commit_checks += 1
                if not seen.has_value:
                    phase.after_commit_stale += 1
                    phase.error("stale data", f"{path} opened after the commit does not show {committed_value(path)}")
            if think_s:  # exponential think times: readers do not fall into step with each other
                await asyncio.sleep(rng.expovariate(1 / think_s))
    finally:
        await reader.close()


async def run_phase(make_reader, phase: Phase, sessions: int, seconds: float, timeout_s: float, think_s: float,
                    commit: Commit | None) -> None:
    phase.started = time.monotonic()
    deadline = phase.started + seconds
    ramp = min(RAMP_S, seconds / 4) if sessions > 1 else 0
    tasks = [asyncio.ensure_future(reader_loop(make_reader(phase), phase, deadline, 1000 * sessions + i, ramp,
                                               think_s, commit)) for i in range(sessions)]
    # A load started before the deadline may take up to its timeout; past that, give up on stragglers.
    done, pending = await asyncio.wait(tasks, timeout=seconds + timeout_s + 60)
    for task in pending:
        task.cancel()
        phase.error("session stuck", "cancelled at the phase deadline")
    if pending:
        await asyncio.wait(pending, timeout=10)
    for task in done:
        if task.exception() is not None:
            phase.error("session crashed", repr(task.exception()))


async def measured_phase(make_reader, phase: Phase, sessions: int, seconds: float, args, commit, server_pid: int,
                         think_s: float) -> None:
    """run_phase, noting the CPU the server and the clients used meanwhile and the machine's load."""
    started = time.monotonic()
    server_before = cpu_seconds(server_pid)
    clients_before = cpu_seconds(os.getpid(), exclude=server_pid)
    await run_phase(make_reader, phase, sessions, seconds, args.timeout, think_s, commit)
    wall = time.monotonic() - started
    phase.cpu = (f"cpu over {wall:.0f} s: server {cpu_seconds(server_pid) - server_before:.0f} s, "
                 f"clients (this script and its browser) {cpu_seconds(os.getpid(), exclude=server_pid) - clients_before:.0f} s; "
                 f"machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


async def final_check(browser, base: str, timeout_s: float) -> tuple[bool, str]:
    """One fresh Chromium load of Aichi's profile after the run: does it show the committed value?"""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = await context.new_page()
    try:
        path = f"/prefecture?pref={CHECK_CODE}"
        await page.goto(base + path, wait_until="domcontentloaded")
        await page.wait_for_function(READY_JS, polling=100, timeout=timeout_s * 1000)
        await wait_for_text(page, committed_value(path))
        seen = await page.evaluate(INSPECT_JS, [STORE_DOWN_TEXT, committed_value(path)])
        return bool(seen["hasValue"]) and not seen["exceptions"], seen["excerpt"]
    finally:
        await context.close()


def report(phase: Phase, sessions: int, seconds: float) -> None:
    errors = sum(phase.errors.values())
    print(f"{phase.name:12s} {sessions:3d} session(s) {seconds:4.0f} s: {len(phase.times) + errors} requests, "
          f"{len(phase.times)} ready, {errors} errors; page-ready p50 {percentile(phase.times, 50):6.2f} s, "
          f"p95 {percentile(phase.times, 95):6.2f} s, max {max(phase.times, default=float('nan')):6.2f} s", flush=True)
    for path, values in sorted(phase.by_page.items()):
        print(f"    {path:12s} {len(values):4d} loads  p50 {percentile(values, 50):6.2f} s  p95 {percentile(values, 95):6.2f} s")
    if seconds >= 20:  # where the slow loads fall: the start, the commit, or throughout
        windows = collections.defaultdict(list)
        for at, elapsed in phase.timeline:
            windows[int(at // 10) * 10].append(elapsed)
        print("    p95 by start time: " + ", ".join(f"{w}-{w + 10} s {percentile(v, 95):.2f} s ({len(v)})"
                                                  for w, v in sorted(windows.items())))
    if phase.cpu:
        print(f"    {phase.cpu}")
    if phase.probes:
        print(f"    (not errors: {phase.probes} 404s of Streamlit's server-path probe, e.g. /trends/_stcore/health)")
    if phase.errors:
        print("    errors: " + ", ".join(f"{kind} {count}" for kind, count in phase.errors.most_common()))
        for example in phase.error_examples:
            print(f"      e.g. {example}")


async def run(args, base: str, env: dict[str, str], csv_path: Path, server_pid: int) -> int:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                   args=CHROMIUM_ARGS + LOOPBACK_ONLY_ARGS)
        if args.client == "browser":
            def make_reader(phase: Phase):
                return BrowserReader(browser, base, phase, args.timeout)
        else:
            def make_reader(phase: Phase):
                return ProtocolReader(base, phase, args.timeout)
        warm = Phase("warm-up")
        for path in ("/", f"/prefecture?pref={CHECK_CODE}", "/trends", "/compare"):  # first loads fill the caches
            reader = make_reader(warm)
            await reader.start()
            try:
                await reader.load(path)
            finally:
                await reader.close()
        print(f"client: {args.client}; server {base}; think time {args.think:g} s", flush=True)

        single = Phase("single user")
        # The single reader never pauses: its page-ready times are the undisturbed ones, and there are enough.
        await measured_phase(make_reader, single, 1, args.baseline_seconds, args, None, server_pid, 0)
        report(single, 1, args.baseline_seconds)

        loaded = Phase("under load")
        commit = Commit(at_s=args.seconds / 2)
        phase_start = time.monotonic()
        analyst = threading.Thread(target=commit_midway, args=(commit, csv_path, env, phase_start), daemon=True)
        analyst.start()
        await measured_phase(make_reader, loaded, args.sessions, args.seconds, args, commit, server_pid, args.think)
        await asyncio.get_running_loop().run_in_executor(None, analyst.join, 200)
        report(loaded, args.sessions, args.seconds)

        visible, excerpt = await final_check(browser, base, args.timeout)
        await browser.close()

    if commit.started is None or commit.finished is None:
        print("commit: did not finish")
    else:
        last_line = commit.output.splitlines()[-1] if commit.output else ""
        print(f"commit: {'succeeded' if commit.returncode == 0 else f'FAILED (exit {commit.returncode})'} at "
              f"{commit.started - phase_start:.1f} s, took {commit.finished - commit.started:.1f} s ({last_line})")
    print(f"release visible afterwards: {loaded.after_commit_checks - loaded.after_commit_stale} of "
          f"{loaded.after_commit_checks} profiles opened after the commit showed their {NEW_PERIOD} value; "
          f"final Chromium load of /prefecture?pref={CHECK_CODE} shows "
          f"{committed_value('pref=' + CHECK_CODE)}: {'yes' if visible else 'NO'}")
    if not visible:
        print(f"    the final load showed: {excerpt}")
    errors = sum(loaded.errors.values()) + sum(single.errors.values())
    ratio = percentile(loaded.times, 95) / percentile(single.times, 95)
    print(f"p95 ratio vs single user = {ratio:.2f} (target <= 2x), errors = {errors} (target 0)")
    return 0 if errors == 0 and commit.returncode == 0 and visible else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=15)
    parser.add_argument("--client", choices=["protocol", "browser"], default="protocol",
                        help="protocol: Streamlit's websocket protocol without rendering; browser: Chromium pages")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a page may take to be ready")
    parser.add_argument("--workers", type=int, default=1,
                        help="Streamlit processes: 1 runs `streamlit run dashboard.py`; more run `python -m workforce "
                             "serve --workers N` (nginx in front, needs nginx installed)")
    parser.add_argument("--think", type=float, default=5,
                        help="mean seconds each of the N readers waits between pages, drawn from an exponential "
                             "distribution (the single reader never waits); 0 makes it a capacity test: every "
                             "reader asks for its next page the moment one is ready")
    args = parser.parse_args()
    args.sessions = max(1, min(args.sessions, 200))
    args.seconds = max(1.0, min(args.seconds, 1800))
    args.baseline_seconds = max(1.0, min(args.baseline_seconds, 600))
    args.timeout = max(5.0, min(args.timeout, 300))
    args.think = max(0.0, min(args.think, 60))
    args.workers = max(1, min(args.workers, 16))

    folder = Path(tempfile.mkdtemp(prefix="workforce-load-"))
    csv_path = folder / "release.csv"
    write_release(csv_path)
    env = dict(os.environ, WORKFORCE_VAR_DIR=str(folder / "var"))
    env.pop("WORKFORCE_DB_URL", None)
    # Start-up, warm-up (4 loads), both phases with their stragglers, the commit and the final load.
    hard_deadline = 180 + args.baseline_seconds + args.seconds + 7 * args.timeout + 120

    servers = Servers(hard_deadline, exit_code=2)
    try:
        app, base = start_app("dashboard.py", env) if args.workers == 1 else start_cluster(args.workers, env)
        servers.add(app)
        return asyncio.run(run(args, base, env, csv_path, app.pid))
    finally:
        servers.close()


if __name__ == "__main__":
    raise SystemExit(main())
