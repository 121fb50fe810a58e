"""`workforce serve`: two Streamlit processes behind nginx, used as browsers use them.

A session's uploads and download files live in the process its websocket reached, so nginx must keep
each browser on one process. Each reader below is a fresh browser (its own route cookie) that signs in,
uploads and checks a file, and downloads a CSV: with the routing broken, each would fail with
probability one half. A release committed through one process must show in every reader's page.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, App
from tests.support.stores import ROOT
from tests.support.processes import start_server, stop_app
from workforce.store import engine_for, ensure_store
from workforce.store.analysts import add_analyst

pytestmark = pytest.mark.browser

READERS = 4
UPDATE = ("period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"
          "2026-06-30,愛知県,VN,residents,total,70002,ISA 2026-06 release,https://www.moj.go.jp/isa/\n")


@pytest.fixture(scope="module")
def cluster_url(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("serve-var")
    engine = engine_for(f"sqlite:///{var_dir / 'workforce.sqlite'}")
    ensure_store(engine, ROOT / "data" / "figures.csv")
    add_analyst(engine, "dana", "correct horse battery", actor="test")
    env = {**os.environ, "WORKFORCE_VAR_DIR": str(var_dir)}
    env.pop("WORKFORCE_DB_URL", None)
    # --user root: this machine's Python lives under /root (mode 0700), which no other account can run.
    process, base = start_server(["-m", "workforce", "serve", "--workers", "2", "--port", "{port}", "--user", "root"], env,
                                 var_dir / "serve.log", timeout_s=120)
    try:
        yield base
    finally:
        stop_app(process)


def _reader(browser, base: str):
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context, App(context.new_page(), base)


def upload_check_and_download(app, upload: Path) -> None:
    """Sign in, upload and check `upload`, then download the figures CSV: each request must reach the
    worker that holds the session (an upload to another is refused, and the page would say so)."""
    _sign_in(app)
    app.upload(upload)
    app.page.get_by_role("button", name="Check file").click()
    expect(app.page.get_by_text("No problems in 47 figures")).to_be_visible()
    app.open("/sources")
    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="Download CSV", exact=True).first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbfperiod_end,")


def _sign_in(app: App) -> None:
    app.open("/update")
    app.page.get_by_label("Analyst name").fill("dana")
    app.page.get_by_role("textbox", name="Password").fill("correct horse battery")
    app.page.get_by_role("button", name="Sign in").click()
    expect(app.page.get_by_text("Signed in as analyst")).to_be_visible()


def _large_update() -> str:
    """47 figures with long notes: over 64 KiB, so nginx keeps the upload in a temporary file."""
    header = "period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url,note\n"
    note = "A long note to make the upload larger than nginx's in-memory buffer. " * 25
    rows = [f"2026-06-30,{code:02d},VN,residents,total,{1000 + code},ISA 2026-06 release,https://www.moj.go.jp/isa/,"
            f"{note}\n" for code in range(1, 48)]
    return header + "".join(rows)


def test_each_browser_stays_on_its_process_for_uploads_and_downloads(browser, cluster_url, tmp_path):
    upload = tmp_path / "december.csv"
    upload.write_text(_large_update(), encoding="utf-8")
    assert upload.stat().st_size > 64 * 1024
    routes = set()
    for _ in range(READERS):
        context, app = _reader(browser, cluster_url)
        try:
            upload_check_and_download(app, upload)
            routes |= {c["value"] for c in context.cookies() if c["name"] == "wf_route"}
        finally:
            context.close()
    assert len(routes) == READERS  # every browser got its own route


def test_a_release_committed_through_one_process_shows_in_all(browser, cluster_url, tmp_path):
    readers = [_reader(browser, cluster_url) for _ in range(READERS)]
    try:
        for _, app in readers:
            app.open("/prefecture?pref=23")
            expect(app.page.get_by_text("70,820").first).to_be_visible()
        upload = tmp_path / "december.csv"
        upload.write_text(UPDATE, encoding="utf-8")
        committer = readers[0][1]
        _sign_in(committer)
        committer.upload(upload)
        committer.page.get_by_role("button", name="Check file").click()
        committer.page.get_by_role("button", name="Commit as a new release").click()
        expect(committer.page.get_by_text("Committed release 2")).to_be_visible()
        for _, app in readers:
            app.open("/prefecture?pref=23")
            expect(app.page.get_by_text("70,002").first).to_be_visible()
    finally:
        for context, _ in readers:
            context.close()


def test_internal_endpoints_are_not_served_through_nginx(cluster_url):
    """Issue 14, point 9: /_stcore/metrics (cache sizes, sessions) is for the operator, not the network."""
    import urllib.error
    import urllib.request

    for path in ("/_stcore/metrics", "/_stcore/script-health-check"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(cluster_url + path, timeout=30)
        assert refused.value.code == 404
    with urllib.request.urlopen(cluster_url + "/_stcore/health", timeout=30) as health:
        assert health.status == 200


def test_nginx_names_no_version_and_sends_the_security_headers(cluster_url):
    """Issue 14, point 19."""
    import urllib.request

    with urllib.request.urlopen(cluster_url + "/", timeout=30) as response:
        headers = response.headers
    assert headers["Server"] == "nginx"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert "SameSite=Lax" in headers["Set-Cookie"]


def test_the_chart_bundle_is_compressed_and_cached_for_good(cluster_url):
    """Issue 16: the plotly.js bundle's name carries its hash, so it may be cached for a year; nginx
    compresses it."""
    import gzip
    import urllib.request

    from workforce.ui.chart_element import STATIC_DIR, bundle_url

    request = urllib.request.Request(f"{cluster_url}/{bundle_url()}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        headers, body = response.headers, response.read()
    assert headers["Content-Encoding"] == "gzip"
    assert "javascript" in headers["Content-Type"]
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]  # the location keeps the headers
    bundle = next(STATIC_DIR.glob("plotly-wf-*.min.js")).read_bytes()
    assert gzip.decompress(body) == bundle and len(body) < len(bundle) / 2
    with urllib.request.urlopen(cluster_url + "/", timeout=30) as page:
        assert "immutable" not in (page.headers["Cache-Control"] or "")  # the page itself is not


def test_pages_work_under_the_content_security_policy(browser, cluster_url):
    context, app = _reader(browser, cluster_url)
    refused = []
    app.page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    try:
        for path in ("/", "/trends", "/prefecture?pref=23"):
            app.open(path)
            expect(app.chart).to_be_visible()
            expect(app.page.locator(".workforce-chart[data-drawn]").first).to_be_attached()
            app.page.wait_for_timeout(1000)  # late fonts
        assert refused == []
    finally:
        context.close()


def test_arriving_from_a_link_on_another_site_keeps_the_route(browser, cluster_url):
    """Before: SameSite=Strict dropped the route cookie on a cross-site navigation, so the tab got a new
    route and its uploads went to a process without its session (3 of 6 tries)."""
    context, app = _reader(browser, cluster_url)
    try:
        app.open("/update")
        [route] = [c["value"] for c in context.cookies() if c["name"] == "wf_route"]
        # Another site's page, answered by the browser itself (no request leaves the machine).
        app.page.route("http://another-site.test/", lambda route: route.fulfill(
            content_type="text/html", body=f'<a id="back" href="{cluster_url}/update">the dashboard</a>'))
        app.page.goto("http://another-site.test/")
        with app.page.expect_request(f"{cluster_url}/update") as request:
            app.page.click("#back")
        assert f"wf_route={route}" in (request.value.all_headers().get("cookie") or "")
    finally:
        context.close()
