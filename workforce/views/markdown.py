"""Markdown made safe from text that comes from data files and URLs (titles, names, addresses)."""
from __future__ import annotations


def escape(text: str) -> str:
    """Neutralise Markdown in text that comes from data files (titles, names), so it shows as typed.

    Covers emphasis, links, HTML, headings, tables, maths and Streamlit's :directive[...] syntax.
    """
    for ch in "\\`*_[]<>#|~$:":
        text = text.replace(ch, "\\" + ch)
    return text


def link(label: str, url: str) -> str:
    """A Markdown link whose label and address come from data: only http(s), label escaped."""
    if not url.startswith(("http://", "https://")):
        return escape(label)
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{escape(label)}]({safe_url})"
