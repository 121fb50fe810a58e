"""A minimal Streamlit client for server-level abuse tests: what a script (not a browser) can send.

It speaks the app's own websocket protocol (protobuf BackMsg/ForwardMsg) to 127.0.0.1 only.
"""
from __future__ import annotations

import time

import requests
from websockets.sync.client import connect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"


class Client:
    """One anonymous browser session: an HTTP session (cookies) and the app's websocket."""

    def __init__(self, base_url: str):
        assert base_url.startswith("http://127.0.0.1:"), "abuse tests target loopback only"
        self.base_url = base_url
        self.http = requests.Session()
        self.http.get(base_url + "/_stcore/health", timeout=30)  # sets the XSRF cookie
        self.xsrf = self.http.cookies.get(XSRF_COOKIE, "")
        ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        protocols = ["streamlit", self.xsrf] if self.xsrf else ["streamlit"]
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self.ws = connect(ws_url, subprotocols=protocols, additional_headers={"Cookie": cookie} if cookie else None,
                          max_size=None, open_timeout=30).__enter__()
        self.session_id = ""

    def run_page(self, query: str = "", timeout_s: float = 60) -> list[ForwardMsg]:
        """Ask for a script run and read messages until it finishes; remembers the session id."""
        message = BackMsg()
        message.rerun_script.query_string = query
        self.ws.send(message.SerializeToString())
        received, deadline = [], time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=deadline - time.monotonic()))
            received.append(forward)
            if forward.WhichOneof("type") == "new_session":
                self.session_id = forward.new_session.initialize.session_id
            if forward.WhichOneof("type") == "script_finished":
                return received
        raise TimeoutError("the script run did not finish")

    def clear_cache(self) -> None:
        message = BackMsg()
        message.clear_cache = True
        self.ws.send(message.SerializeToString())

    def upload(self, size: int, file_id: str = "f1") -> requests.Response:
        """PUT a file of `size` zero bytes to this session's upload URL, as the uploader widget does."""
        url = f"{self.base_url}/_stcore/upload_file/{self.session_id}/{file_id}"
        return self.http.put(url, files={"file": ("big.csv", b"0" * size, "text/csv")},
                             headers={"X-Xsrftoken": self.xsrf}, timeout=120)

    def close(self) -> None:
        self.ws.close()
        self.http.close()
