"""One palette and layout for every chart: colour-blind-safe (Okabe-Ito), readable on a projector."""
from __future__ import annotations

import plotly.graph_objects as go

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
             "#999999", "#882255", "#44AA99", "#117733"]
RESIDENTS_COLOUR = OKABE_ITO[0]
WORKERS_COLOUR = OKABE_ITO[3]
SEQUENTIAL = "Blues"
DIVERGING = "RdBu"
FONT = "Noto Sans CJK JP, Noto Sans, Arial, sans-serif"


def finish(fig: go.Figure, title: str, t=None, *, height: int = 420) -> go.Figure:
    """Common layout: title, font, margins, number separators of the reader's language.

    The title doubles as the chart's text alternative.
    """
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 14},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        separators=",." if t is not None and t.lang == "vi" else ".,",
        template="plotly_white",
    )
    return fig
