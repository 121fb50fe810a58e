"""A chart and everything said about it, built once from a Plotly figure and the rows it draws."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from workforce import sources
from workforce.charts.describe import point_descriptions
from workforce.i18n import Translator
from workforce.views.markdown import escape, link


class SharedFigure(go.Figure):
    """A figure built once and shown to every session: read-only.

    The chart element sends its JSON on every page run, and the exports ask for `to_dict()`, which
    plotly makes anew each time: a deep copy, with every numpy array encoded again as base64 (a fifth
    of a profile rerun's server time). The dict and the JSON are made once here instead. Never change the figure or the dict: both are shared.
    """

    def to_dict(self) -> dict:
        made = self.__dict__.get("_shared_dict")
        if made is None:
            made = self.__dict__["_shared_dict"] = super().to_dict()
        return made

    def as_json(self) -> str:
        """The figure as plotly JSON, made once: what the chart element sends on every page run."""
        made = self.__dict__.get("_shared_json")
        if made is None:
            from plotly.io.json import to_json_plotly

            made = self.__dict__["_shared_json"] = to_json_plotly(self.to_dict())
        return made


@dataclass(frozen=True)
class ChartParts:
    """A chart and everything said about it, built once and shared by every session: read-only."""

    figure: SharedFigure
    source: str                  # the source line, plain text (drawn under PNG/SVG images)
    source_markdown: str         # the same line with the releases and copies as links
    sources: pa.Table            # the sources behind it, one row each (Arrow: sent to the browser as is)
    source_count: int
    text: tuple[str, ...]        # the text alternative: every point as its hover sentence
    drawn: pd.DataFrame          # "the data behind this chart": exactly as drawn, with denominators and sources


def as_arrow(frame: pd.DataFrame) -> pa.Table:
    """st.dataframe sends an Arrow table as it is, where a DataFrame is converted again on every page run."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def chart_parts(fig: go.Figure, rows: pd.DataFrame, t: Translator, *, derived: tuple[str, ...] = (),
                drawn: pd.DataFrame | None = None) -> ChartParts:
    """`fig` drawn from `rows` (figure rows with their sources); `derived` marks figures calculated
    here (see sources.source_line); `drawn` is the table as drawn, `rows` by default."""
    source_list = sources.source_list(rows, derived=derived) if len(rows) else pd.DataFrame()
    return ChartParts(SharedFigure(fig), sources.source_line(rows, t, derived=derived),
                      sources.source_line(rows, t, derived=derived, link=link, escape=escape),
                      as_arrow(source_list), len(source_list), tuple(point_descriptions(fig, t)),
                      rows if drawn is None else drawn)
