"""Bar charts: side-by-side comparisons of prefectures."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workforce.charts.style import PALETTE, count_ticks, finish
from workforce.i18n import Translator


def compare(table: pd.DataFrame, metrics: dict[str, str], title: str, t: Translator) -> go.Figure:
    """One small bar group per metric, the chosen prefectures side by side in each."""
    from plotly.subplots import make_subplots

    columns = 2
    rows = -(-len(metrics) // columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=list(metrics.values()),
                        horizontal_spacing=0.08, vertical_spacing=0.16)
    for i, metric in enumerate(metrics):
        fig.add_trace(go.Bar(
            x=table[f"name_{t.lang}"], y=table[metric], marker_color=PALETTE[: len(table)], showlegend=False,
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>"), row=i // columns + 1, col=i % columns + 1)
        if metric == "count":  # 万 for Japanese readers, as on the map's colour bar
            fig.update_yaxes(**count_ticks(table[metric].max(), t), row=i // columns + 1, col=i % columns + 1)
    return finish(fig, title, t, height=300 * rows + 80)
