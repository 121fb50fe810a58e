"""Text from a URL or a file shown inside Markdown as inert, literal text.

Escaping Markdown is not enough for addresses: the browser's Markdown renderer turns a bare
"https://evil.example/login" into a link even with its ':' escaped, which would put an outside link
inside the app's own warning box. An inline code span is never linked, emphasised or parsed as HTML.
"""
from __future__ import annotations

import re

MAX_SHOWN = 80  # characters of a quoted value; the rest is cut, marked with …


def quote(text: object, limit: int = MAX_SHOWN) -> str:
    """`text` as an inline code span (cut to `limit` characters, one line)."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    if len(text) > limit:
        text = text[:limit] + "…"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if text else "` `"
