"""A chart's text alternative: every point it draws, as the sentence its hover label shows.

Screen readers cannot read a Plotly canvas or SVG. The hover labels are already written for
people (localised names, numbers in the reader's format), so the text alternative renders each
trace's hovertemplate for every point: the same words, as a list under the chart.
"""
from __future__ import annotations

import numbers
import re

import pandas as pd
import plotly.graph_objects as go

from workforce.i18n import Translator

_FIELD = re.compile(r"%\{(\w+)(?::([^}]*))?\}")
_EXTRA = re.compile(r"<extra>.*?</extra>", re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_DECIMALS = re.compile(r"\.(\d+)f")


def point_descriptions(fig: go.Figure, t: Translator) -> list[str]:
    """One line per drawn point, in trace order; traces without points add nothing."""
    lines: list[str] = []
    for trace in fig.data:
        template = getattr(trace, "hovertemplate", None) or "%{x}: %{y}"
        for index in range(_point_count(trace)):
            lines.append(_plain(_FIELD.sub(lambda m: _field(trace, index, m[1], m[2], t), template)))
    return [line for line in lines if line]


def _point_count(trace) -> int:
    for name in ("x", "y", "locations", "z", "text", "hovertext"):
        if (values := _array(trace, name)) is not None:
            return len(values)
    return 0


def _array(trace, name: str):
    """The trace's per-point values of `name`, or None when it is unset or one value for all points."""
    values = getattr(trace, name, None)
    return None if values is None or isinstance(values, str | dict) or not hasattr(values, "__len__") else values


def _field(trace, index: int, name: str, spec: str | None, t: Translator) -> str:
    values = _array(trace, "locations" if name == "location" else name)
    value = values[index] if values is not None else getattr(trace, name, None)
    if value is None:
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        decimals = _DECIMALS.search(spec or "")
        if decimals:
            return t.number(value, digits=int(decimals[1]))
        return t.count(value) if float(value).is_integer() else t.number(value)
    if hasattr(value, "isoformat"):
        return t.period(pd.Timestamp(value).date().isoformat())
    return str(value)


def _plain(text: str) -> str:
    """Hover markup as plain text: line breaks become '; ', other tags go."""
    text = _BREAK.sub("; ", _EXTRA.sub("", text))
    return re.sub(r"\s+", " ", _TAG.sub("", text)).strip(" ;")
