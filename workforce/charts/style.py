"""One palette and layout for every chart: colour-blind-safe (Okabe-Ito), readable on a projector."""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito, ordered so that the colours with at least 3:1 contrast on white (WCAG 1.4.11) come
# first; its yellow (1.3:1) is left out. Also the Streamlit theme's chartCategoricalColors.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#999999"]
RESIDENTS_COLOUR = PALETTE[0]
WORKERS_COLOUR = PALETTE[1]
SEQUENTIAL = "Blues"
DIVERGING = "RdBu"
FONT = "Noto Sans CJK JP, Noto Sans, Arial, sans-serif"
TEMPLATE = "workforce"


def _template() -> go.layout.Template:
    """plotly_white's look for the chart types used here, with the palette and font.

    Only the parts these charts use are kept: applying the whole plotly_white template (every
    trace type, polar, ternary, 3-D scenes) costs ~10 ms per figure, this one under 1 ms.
    """
    white = pio.templates["plotly_white"]
    layout = white.layout.to_plotly_json()
    kept = {key: layout[key] for key in ("autotypenumbers", "hovermode", "hoverlabel", "paper_bgcolor",
                                         "plot_bgcolor", "xaxis", "yaxis", "title")}
    return go.layout.Template(
        layout={**kept, "colorway": PALETTE, "font": {"family": FONT, "size": 14, "color": layout["font"]["color"]}},
        data={"bar": [bar.to_plotly_json() for bar in white.data.bar]},
    )


# Registered once; finish() applies it to every figure.
pio.templates[TEMPLATE] = _template()
# st.plotly_chart serialises every figure on every page run. With orjson installed, plotly walks the
# whole figure in Python first: 17 ms for the map and its outlines, against 4 ms with the standard
# json encoder, which gives the same JSON (benchmarks/README.md, load test).
pio.json.config.default_engine = "json"


def finish(fig: go.Figure, title: str, t=None, *, height: int = 420) -> go.Figure:
    """Common layout: title, font, margins, number separators of the reader's language.

    The title doubles as the chart's text alternative.
    """
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "pad": {"l": 12}},  # off the image's edge
        font={"family": FONT, "size": 14},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        separators=",." if t is not None and t.lang == "vi" else ".,",
        template=TEMPLATE,
    )
    return fig


MAN = 10_000  # 万: Japanese readers count large numbers in ten thousands (2万, not 20k)


def count_ticks(high: float, t) -> dict:
    """Axis or colour-bar ticks for counts up to `high`: in 万 for Japanese readers, else Plotly's own.

    A 1-2-5 step giving three to six ticks; labels follow the language's digits (2万, 2.5万, 10万).
    """
    if t is None or t.lang != "ja" or not high or high < MAN:
        return {}
    raw = high / 4
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    values = [step * i for i in range(0, int(high // step) + 1)]
    return {"tickvals": values, "ticktext": [t("format.man", value=t.number(v / MAN, digits=0 if (v / MAN).is_integer() else 1))
                                             if v else "0" for v in values]}
