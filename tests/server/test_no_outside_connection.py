"""Issue 14, point 18: started as the README says, the dashboard connects to no host but this machine,
at start and when visited from another machine (strace records every connect())."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests
from websockets.sync.client import connect

from tests.support.stores import ROOT
from workforce.serve import free_port, stop_processes

LOCAL = re.compile(r'sa_family=AF_(UNIX|NETLINK)|inet_addr\("127\.0\.0\.1"\)|inet_pton\(AF_INET6, "::1"')


def outside_connects(log: Path) -> list[str]:
    lines = [line for line in log.read_text().splitlines() if "connect(" in line]
    return [line for line in lines if not LOCAL.search(line)]


def test_start_and_visits_from_another_machine_connect_nowhere_else(tmp_path):
    port = free_port()
    log = tmp_path / "connect.log"
    env = {**os.environ, "WORKFORCE_VAR_DIR": str(tmp_path / "var")}
    env.pop("WORKFORCE_DB_URL", None)
    # As the README starts it (no --server.address), but on a free port.
    server = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(log), sys.executable, "-m",
                               "streamlit", "run", "dashboard.py", "--server.port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/_stcore/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            raise AssertionError("the server did not start")
        time.sleep(3)  # Streamlit looks the addresses up just after it starts listening
        at_start = outside_connects(log)
        # A visit from another machine: the browser names the server's own address as Host and Origin.
        other = "192.0.2.10:%d" % port
        requests.get(base + "/", headers={"Host": other}, timeout=30)
        import socket

        loopback = socket.create_connection(("127.0.0.1", port), timeout=30)  # the address is only a name here
        with connect(f"ws://{other}/_stcore/stream", sock=loopback, subprotocols=["streamlit"],
                     origin=f"http://{other}", open_timeout=30) as ws:
            from streamlit.proto.BackMsg_pb2 import BackMsg

            message = BackMsg()
            message.rerun_script.query_string = ""
            ws.send(message.SerializeToString())
            time.sleep(5)
        # A cross-origin page (another site) trying the websocket: the origin check must not look anything up.
        try:
            with connect(base.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                         additional_headers={"Origin": "http://203.0.113.5:8080"}, open_timeout=30):
                pass
        except Exception:  # noqa: BLE001 - refused is the right answer
            pass
        time.sleep(2)
    finally:
        stop_processes([server])
    assert at_start == [], at_start
    assert outside_connects(log) == []
