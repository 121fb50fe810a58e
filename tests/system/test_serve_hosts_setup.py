"""Issue 16, "Past one machine": what `workforce serve --workers-only` and `--upstream` refuse, before
anything starts (the browser test `browser/test_serve_hosts.py` runs the working set-up)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.stores import ROOT
from workforce.serve import ServeError, nginx_config, parse_upstream


def serve(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("WORKFORCE_DB_URL", "STREAMLIT_SERVER_COOKIE_SECRET")}
    return subprocess.run([sys.executable, "-m", "workforce", "serve", *args], cwd=ROOT, env={**environment, **env},
                          capture_output=True, text=True, timeout=120)


def test_workers_for_other_hosts_refuse_a_sqlite_store(tmp_path):
    out = serve("--workers-only", "--address", "127.0.0.2", "--port", "8601", "--user", "root",
                WORKFORCE_VAR_DIR=str(tmp_path), STREAMLIT_SERVER_COOKIE_SECRET="s" * 64)
    assert out.returncode == 1
    assert "set WORKFORCE_DB_URL to the same PostgreSQL URL on every host" in out.stderr
    assert not (tmp_path / "workforce.sqlite").exists()  # refused before anything was made


def test_workers_for_other_hosts_refuse_without_a_shared_cookie_secret(tmp_path):
    out = serve("--workers-only", "--address", "127.0.0.2", "--port", "8601", "--user", "root",
                WORKFORCE_VAR_DIR=str(tmp_path), WORKFORCE_DB_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert out.returncode == 1
    assert "set STREAMLIT_SERVER_COOKIE_SECRET to the same random value on every host" in out.stderr


@pytest.mark.parametrize("text", ["10.0.0.5", "10.0.0.5:0", "10.0.0.5:70000", "a b:80", "x;y:80",
                                  "10.0.0.5:80; include /etc/passwd", "host:80 }", ":80"])
def test_an_upstream_is_host_and_port_and_nothing_else(text):
    with pytest.raises(ServeError, match="expected HOST:PORT"):
        parse_upstream(text)


def test_upstreams_are_named_in_nginx_as_given(tmp_path):
    named = [parse_upstream(text) for text in ("10.0.0.5:8601", "worker-2.internal:08602", "[2001:db8::5]:8601")]
    assert named == ["10.0.0.5:8601", "worker-2.internal:8602", "[2001:db8::5]:8601"]
    config = nginx_config(tmp_path, "0.0.0.0", 80, named, 250)
    assert "server 10.0.0.5:8601 max_fails=0;" in config and "server [2001:db8::5]:8601 max_fails=0;" in config


def test_the_command_line_refuses_a_malformed_upstream(tmp_path):
    out = serve("--upstream", "10.0.0.5:8601;", WORKFORCE_VAR_DIR=str(tmp_path))
    assert out.returncode == 2 and "expected HOST:PORT" in out.stderr
