"""Page state that lives in the URL, so a shared link reproduces the view.

A widget's value is seeded from its query parameter, and written back after every rerun. When the
URL changes from outside (a link, a map click, a pasted address), the URL wins.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st


def _state_key(name: str) -> str:
    return f"url_{name}"


class Explained(ValueError):
    """A value `parse` refused and the page has already explained (seed adds no message of its own)."""


MAX_RAW = 2000  # characters of one URL parameter looked at; a longer one is refused unparsed


def seed(name: str, options: Sequence[Any] | None, default: Any, parse: Callable[[str], Any] = str,
         valid: Callable[[Any], bool] | None = None) -> str:
    """Set the widget state for `name` from the URL when new or changed outside; returns the widget key.

    A value outside `options` (None: any value), one `parse` rejects or one `valid` refuses (a range the
    widget would not accept) falls back to `default`, and the page says so without quoting the value.
    """
    key = _state_key(name)
    raw = st.query_params.get(name)
    if key in st.session_state and raw == st.session_state.get(f"{key}__url"):
        return key
    value = default
    if raw is not None:
        explained = False
        try:
            parsed = parse(raw) if len(raw) <= MAX_RAW else None
        except Explained:
            parsed, explained = None, True
        except ValueError:
            parsed = None
        if valid is not None and parsed is not None and not valid(parsed):
            parsed = None
        used = parsed is not None
        if options is None:
            value = default if parsed is None else parsed
        elif isinstance(parsed, list):
            value = [p for p in parsed if p in options] or default
        elif parsed in options:
            value = parsed
        else:
            used = False
        if not used and raw != "" and not explained:
            _say_refused(name)
    st.session_state[key] = value
    return key


def _say_refused(name: str) -> None:
    from workforce.ui.translation import translator

    st.info(translator()("access.url_value_refused", name=name))


def publish(name: str, serialise: Callable[[Any], str] = str) -> Any:
    """Write the widget's current value to the URL; returns the value."""
    key = _state_key(name)
    value = st.session_state[key]
    text = serialise(value)
    if st.query_params.get(name) != text:
        st.query_params[name] = text
    st.session_state[f"{key}__url"] = text
    return value


def join_codes(codes: Sequence[str]) -> str:
    return ",".join(codes)
