"""Issue 14, points 4 and 6, against a real `streamlit run app.py` on 127.0.0.1.

A script, not a browser, does what an anonymous visitor's client can: open a session, PUT files to
its upload URL, send the `clear_cache` message. Bounded: 4 uploads, one message.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.support.processes import start_app, stop_app
from tests.support.streamlit_client import Client

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("abuse")
    env = dict(os.environ, WORKFORCE_VAR_DIR=str(folder), WORKFORCE_DB_URL="")
    process, url = start_app(env, folder / "server.log")
    yield process, url
    stop_app(process)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def cache_lines(client: Client) -> list[str]:
    time.sleep(5.5)  # Streamlit caches the cache_memory_bytes family for 5 s
    text = client.http.get(client.base_url + "/_stcore/metrics", timeout=30).text
    return sorted(line.rsplit(" ", 1)[0] for line in text.splitlines() if line.startswith("cache_memory_bytes{"))


def test_anonymous_uploads_are_refused_before_the_body_is_held(server):
    process, url = server
    client = Client(url)
    try:
        client.run_page()
        before = rss_mib(process.pid)
        started = time.perf_counter()
        statuses = [client.upload(100 * MIB, file_id=f"f{n}").status_code for n in range(4)]
        elapsed = time.perf_counter() - started
        after = rss_mib(process.pid)
        print(f"4 x 100 MiB anonymous uploads: statuses {statuses}, server RSS {before:.0f} -> {after:.0f} MiB, "
              f"{elapsed:.1f} s")
        assert statuses == [400] * 4
        assert after - before < 50, f"the server grew by {after - before:.0f} MiB"
        assert not any("UploadedFileManager" in line for line in cache_lines(client))
    finally:
        client.close()


def test_an_anonymous_clear_cache_message_clears_nothing(server):
    _, url = server
    client = Client(url)
    try:
        client.run_page()
        cached = [line for line in cache_lines(client) if "st_cache_resource" in line]
        assert any("_figures_at" in line for line in cached)
        client.clear_cache()  # handled as it arrives; no run follows that would fill the caches again
        assert [line for line in cache_lines(client) if "st_cache_resource" in line] == cached
    finally:
        client.close()
