"""Bar charts: rankings and side-by-side comparisons of prefectures."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workforce.charts.style import OKABE_ITO, RESIDENTS_COLOUR, finish


def ranking(table: pd.DataFrame, metric: str, metric_label: str, title: str, top: int = 15) -> go.Figure:
    """Horizontal bars of the top prefectures by a metric; prefectures without a value are left out."""
    rows = table.dropna(subset=[metric]).sort_values(metric, ascending=False).head(top).iloc[::-1]
    fig = go.Figure(go.Bar(x=rows[metric], y=rows["name_en"], orientation="h", marker_color=RESIDENTS_COLOUR,
                           customdata=rows[["prefecture_code"]].to_numpy(),
                           hovertemplate="%{y}: %{x:,.1f}<extra></extra>"))
    fig.update_xaxes(title=metric_label, tickformat=",")
    return finish(fig, title, height=max(320, 28 * len(rows) + 80))


def compare(table: pd.DataFrame, metrics: dict[str, str], title: str) -> go.Figure:
    """One small bar group per metric, the chosen prefectures side by side in each."""
    from plotly.subplots import make_subplots

    columns = 2
    rows = -(-len(metrics) // columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=list(metrics.values()),
                        horizontal_spacing=0.08, vertical_spacing=0.16)
    for i, metric in enumerate(metrics):
        fig.add_trace(go.Bar(
            x=table["name_en"], y=table[metric], marker_color=OKABE_ITO[: len(table)], showlegend=False,
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>"), row=i // columns + 1, col=i % columns + 1)
    return finish(fig, title, height=300 * rows + 80)
