"""Issue 16, "Past one machine": `workforce serve` spread over hosts, tried on loopback.

Two hosts (127.0.0.2 and 127.0.0.3) each run `workforce serve --workers-only`; one nginx
(`workforce serve --upstream ...`, on 127.0.0.1) routes to both by the `wf_route` cookie; all share one
real PostgreSQL. A release committed through one host shows on the other at its next page run, and a
browser's uploads and downloads stay on the worker that holds its session.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from playwright.sync_api import expect
from websockets.sync.client import connect

from tests.browser.conftest import TIMEOUT_MS, App
from tests.browser.test_serve import UPDATE, _large_update, _sign_in, upload_check_and_download
from tests.support.stores import ROOT, fresh_postgres_database
from workforce.serve import ServeError, free_port, stop_processes, wait_healthy
from workforce.store import engine_for, ensure_store
from workforce.store.analysts import add_analyst

pytestmark = pytest.mark.browser

HOSTS = ("127.0.0.2", "127.0.0.3")


def _start(arguments: list[str], env: dict[str, str], log: Path, health: str) -> subprocess.Popen:
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "workforce", "serve", *arguments], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(health, process, 150)
    except ServeError as error:
        stop_processes([process])
        pytest.fail(f"workforce serve {' '.join(arguments)}: {error}:\n{log.read_text()[-4000:]}")
    return process


@pytest.fixture(scope="module")
def hosts(postgres_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hosts")
    store = fresh_postgres_database(postgres_url, "serve_hosts")
    engine = engine_for(store)
    ensure_store(engine, ROOT / "data" / "figures.csv")
    add_analyst(engine, "dana", "correct horse battery", actor="test")
    engine.dispose()
    # What every worker host shares: the store and the cookie secret (and this checkout of the code).
    env = {**os.environ, "WORKFORCE_DB_URL": store, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    processes, workers = [], {}
    try:
        for host in HOSTS:
            port = free_port(host)
            processes.append(_start(["--workers-only", "--address", host, "--port", str(port), "--workers", "1",
                                     "--user", "root"], {**env, "WORKFORCE_VAR_DIR": str(folder / host)},
                                    folder / f"{host}.log", f"http://{host}:{port}/_stcore/health"))
            workers[host] = f"http://{host}:{port}"
        # The nginx host needs neither the store nor the secret: only the workers' addresses.
        proxy_env = {k: v for k, v in os.environ.items() if k not in ("WORKFORCE_DB_URL", "STREAMLIT_SERVER_COOKIE_SECRET")}
        port = free_port()
        upstreams = [argument for url in workers.values() for argument in ("--upstream", url.removeprefix("http://"))]
        processes.append(_start(["--port", str(port), *upstreams], {**proxy_env, "WORKFORCE_VAR_DIR": str(folder / "nginx")},
                                folder / "nginx.log", f"http://127.0.0.1:{port}/_stcore/health"))
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", workers=workers, store=store)
    finally:
        stop_processes(processes)
        assert not (folder / "nginx" / "workforce.sqlite").exists()  # the nginx host keeps no store


def _connections(worker: str) -> int:
    """Websocket connections the worker has accepted (its own port serves the operator its metrics)."""
    text = requests.get(worker + "/_stcore/metrics", headers={"Accept": "text/plain"}, timeout=30).text
    return sum(int(float(line.rsplit(" ", 1)[1])) for line in text.splitlines()
               if line.startswith("session_events_total") and 'type="connect"' in line)


def _host_of(hosts, route: str) -> str:
    """The host whose worker nginx gives a browser with this route cookie: open a websocket through nginx
    with it and see which worker counted the connection."""
    before = {host: _connections(worker) for host, worker in hosts.workers.items()}
    with connect(hosts.url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                 additional_headers={"Cookie": f"wf_route={route}"}, open_timeout=30):
        pass
    gained = [host for host, worker in hosts.workers.items() if _connections(worker) > before[host]]
    assert len(gained) == 1, gained
    return gained[0]


@pytest.fixture(scope="module")
def routes(hosts) -> dict[str, str]:
    """A route cookie for each host. nginx hashes the cookie onto the workers' ring, whose points follow the
    workers' (random) ports, so cookies are tried until each host has one: 40 tries all landing on one of
    two hosts would take odds of 2 in 10^12."""
    found: dict[str, str] = {}
    for n in range(40):
        route = f"test-route-{n}"
        found.setdefault(_host_of(hosts, route), route)
        if len(found) == len(HOSTS):
            return found
    raise AssertionError(f"every route went to {list(found)}")


def _reader(browser, hosts, route: str | None):
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    if route is not None:
        context.add_cookies([{"name": "wf_route", "value": route, "url": hosts.url}])
    return context, App(context.new_page(), hosts.url)


def test_a_release_committed_through_one_host_shows_on_the_other(browser, hosts, routes, tmp_path):
    first, second = HOSTS
    reader_context, reader = _reader(browser, hosts, routes[second])
    committer_context, committer = _reader(browser, hosts, routes[first])
    try:
        reader.open("/prefecture?pref=23")
        expect(reader.page.get_by_text("70,820").first).to_be_visible()  # cached on the second host's worker
        upload = tmp_path / "june.csv"
        upload.write_text(UPDATE, encoding="utf-8")
        _sign_in(committer)
        committer.upload(upload)
        committer.page.get_by_role("button", name="Check file").click()
        committer.page.get_by_role("button", name="Commit as a new release").click()
        expect(committer.page.get_by_text("Committed release 2")).to_be_visible()
        reader.open("/prefecture?pref=23")
        expect(reader.page.get_by_text("70,002").first).to_be_visible()
        # Each browser was where its cookie sent it: one session on each host, none moved.
        assert _host_of(hosts, routes[first]) == first and _host_of(hosts, routes[second]) == second
    finally:
        reader_context.close()
        committer_context.close()


def test_uploads_and_downloads_stay_on_their_worker_on_each_host(browser, hosts, routes, tmp_path):
    """A >64 KiB upload (nginx buffers it to a file, then sends it on) to the worker holding the session:
    any other worker answers 400 (no such session), and the page would say the upload failed."""
    upload = tmp_path / "december.csv"
    upload.write_text(_large_update(), encoding="utf-8")
    for route in [routes[host] for host in HOSTS] + [None]:  # and one browser routed by nginx's own cookie
        context, app = _reader(browser, hosts, route)
        try:
            upload_check_and_download(app, upload)
        finally:
            context.close()
