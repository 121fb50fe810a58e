"""The headless Chromium that draws chart images and prints the deck, and how to tell it is missing.

Charts are drawn by kaleido 1.5 (plotly's `fig.to_image`), which drives a headless Chromium found
on the machine (Debian's /usr/bin/chromium). What the installed kaleido 1.5.0 / plotly 7.1 do,
read from their source and measured here (2 cores):

- `fig.to_image()` calls `kaleido.calc_fig_sync()`. With no server running, every call starts a new
  Chromium and closes it again: 4-6 s per chart. `kaleido.start_sync_server(**Kaleido options)`
  keeps one Chromium (in a daemon thread, closed at exit) that every later `to_image` uses:
  ~3 s for the first chart, then ~0.2-0.3 s each. `plotly.io.defaults` only holds sizes, format,
  plotly.js/MathJax paths and headers; it cannot keep a browser open.
- Kaleido's page loads MathJax from a CDN unless `mathjax=False`, and plotly.io.defaults cannot
  switch that off (only a path is passed on). We start the server with `mathjax=False`.
- Chromium's own background services still look up accounts.google.com, update.googleapis.com,
  clients2.google.com and start.duckduckgo.com (seen with strace). Kaleido passes no custom flags,
  but its `proxy_server` option becomes `--proxy-server`: pointing it at a closed local port keeps
  every such request on the machine. The chart page itself loads only local files.
- The server is not safe across threads (its answers come back through one shared queue), so
  renders are serialised by a lock. With the server, plotly's `kopts` are ignored with a
  UserWarning on every call; that one warning is silenced around the call.
- If the server's thread has died (Chromium failed to start) `is_running()` still says True and a
  call would wait forever, so its thread is checked and the server restarted when needed.
"""
from __future__ import annotations

from pathlib import Path

# Chromium's background services go through this proxy; nothing listens on the discard port.
NOWHERE_PROXY = "127.0.0.1:9"



class RenderError(RuntimeError):
    """Charts cannot be drawn on this machine (no Chromium for kaleido); the message says how to fix it."""


def start_renderer() -> None:
    """Start (or check) the one Chromium that draws every chart of this process."""
    import kaleido

    server = kaleido._global_server  # the singleton behind start_sync_server(); it has no public liveness check
    thread = getattr(server, "_thread", None)
    if server.is_running() and (thread is None or thread.is_alive()):
        return
    if server.is_running():
        kaleido.stop_sync_server(silence_warnings=True)
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False) is not None
    except (ImportError, AttributeError):  # another choreographer layout: let kaleido report it
        found = True
    if not found:
        raise RenderError("drawing charts needs Chromium (apt-get install chromium fonts-noto-cjk)")
    kaleido.start_sync_server(mathjax=False, proxy_server=NOWHERE_PROXY, silence_warnings=True)


def chromium_path() -> str | None:
    """The Chromium that draws charts and prints decks: BROWSER_PATH where set (as kaleido's choreographer
    reads it), else Debian's `chromium` on the PATH; None when there is none."""
    import os
    import shutil

    named = os.environ.get("BROWSER_PATH")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    found = chromium_path()
    if found is None:
        raise RenderError("printing the deck needs Chromium (apt-get install chromium fonts-noto-cjk)")
    return found


def renderer_available() -> bool:
    """Whether images, PowerPoint and PDF files can be made on this server."""
    return chromium_path() is not None

