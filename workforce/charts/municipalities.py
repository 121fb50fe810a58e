"""Where in a prefecture: its municipalities ranked by Vietnamese residents (horizontal bars)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workforce.charts.style import RESIDENTS_COLOUR, finish
from workforce.i18n import Translator

SHOWN = 15  # bars drawn; the table under the chart lists every municipality


def ranked_bars(table: pd.DataFrame, title: str, t: Translator) -> go.Figure:
    """The largest municipalities, most Vietnamese residents on top; the hover gives both shares."""
    shown = table.head(SHOWN).iloc[::-1]
    detail = [t("municipalities.hover", foreign=_percent(t, foreign), prefecture=_percent(t, prefecture))
              for foreign, prefecture in zip(shown["share_of_foreign"], shown["share_of_prefecture"])]
    fig = go.Figure(go.Bar(
        x=shown["vn"], y=shown["name_ja"], orientation="h", marker_color=RESIDENTS_COLOUR,
        text=[t.count(v) for v in shown["vn"]], textposition="auto", customdata=detail,
        hovertemplate="%{y}: %{text} · %{customdata}<extra></extra>"))
    fig.update_yaxes(type="category", automargin=True)
    return finish(fig, title, t, height=110 + 26 * len(shown))


def _percent(t: Translator, value: float) -> str:
    return "—" if pd.isna(value) else t.percent(value)
