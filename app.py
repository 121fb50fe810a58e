"""The server: `streamlit run app.py` runs dashboard.py's pages with the guards in place from the start.

Run as plain `streamlit run dashboard.py`, no code of ours runs before the first page: a request that
arrives first (another site's websocket, an upload) would meet Streamlit unguarded, and its origin
check would ask 8.8.8.8 and checkip.amazonaws.com for this machine's addresses. Streamlit's `st.App`
gives a start-up hook (an ASGI lifespan that runs once the runtime exists and before the server
listens), so `runtime_guards.install()` runs there. `streamlit run` finds `app` by itself.
"""
from contextlib import asynccontextmanager

import streamlit as st

from workforce.ui import runtime_guards


@asynccontextmanager
async def _guarded(_app):
    runtime_guards.install()
    yield


app = st.App("dashboard.py", lifespan=_guarded)
