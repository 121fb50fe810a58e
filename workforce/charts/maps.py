"""The prefecture map in two views: geographic outlines and an equal-area tile grid.

Both put the JIS code in `customdata`, so a click on the map tells the page which profile to open.
Prefectures without a value for the chosen metric are drawn grey and labelled 'no figure'.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workforce.charts import rings
from workforce.charts.style import DIVERGING, SEQUENTIAL, count_ticks, finish
from workforce.i18n import Translator

NO_DATA_COLOUR = "#d9d9d9"
# Horizontal, under the map: the map keeps the full width of its column.
COLOURBAR = {"orientation": "h", "y": -0.02, "yanchor": "top", "thickness": 14, "len": 0.9}


def _hover_text(table: pd.DataFrame, t: Translator) -> pd.Series:
    return (
        table[f"name_{t.lang}"]
        + "<br>" + t("metric.count") + ": " + table["count"].map(t.count)
        + "<br>" + t("metric.share") + ": " + table["share"].map(t.percent)
        + "<br>" + t("metric.per_10k") + ": " + table["per_10k"].map(t.number)
        + "<br>" + t("metric.growth") + ": " + table["growth"].map(lambda v: t.percent(v, signed=True))
    )


def _colour_scale(metric: str) -> tuple[str, float | None]:
    return (DIVERGING, 0.0) if metric == "growth" else (SEQUENTIAL, None)


def geographic_map(table: pd.DataFrame, shapes: dict, metric: str, metric_label: str, title: str,
                   t: Translator) -> go.Figure:
    """Plotly's SVG choropleth (no MapLibre, no tiles) on the project's own outlines.

    The base map is hidden, so the world topojson the trace still asks for can be an empty stub served
    by the app (static/topojson/) or given to kaleido inline (workforce/deck.py): nothing is fetched
    from Plotly's CDN. The outlines are wound for d3-geo (charts/rings.py).
    """
    scale, midpoint = _colour_scale(metric)
    shapes = rings.for_d3(shapes)
    hover = _hover_text(table, t)
    has_value = table[metric].notna()
    fig = go.Figure()
    fig.add_trace(go.Choropleth(
        geojson=shapes, featureidkey="properties.prefecture_code",
        locations=table.loc[has_value, "prefecture_code"], z=table.loc[has_value, metric],
        customdata=table.loc[has_value, ["prefecture_code"]].to_numpy(),
        text=hover[has_value], hovertemplate="%{text}<extra></extra>",
        colorscale=scale, zmid=midpoint, marker={"line": {"width": 0.6, "color": "white"}},
        colorbar={**COLOURBAR, "title": {"text": metric_label},
                  **(count_ticks(table[metric].max(), t) if metric == "count" else {})}, name=metric_label,
    ))
    if (~has_value).any():
        fig.add_trace(go.Choropleth(
            geojson=shapes, featureidkey="properties.prefecture_code",
            locations=table.loc[~has_value, "prefecture_code"], z=[0] * int((~has_value).sum()),
            customdata=table.loc[~has_value, ["prefecture_code"]].to_numpy(),
            text=hover[~has_value] + "<br><i>" + t("map.no_figure") + "</i>", hovertemplate="%{text}<extra></extra>",
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False, name=t("map.no_figure"),
        ))
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", resolution=110, scope="world",
                    bgcolor="rgba(0,0,0,0)")
    fig.update_layout(clickmode="event+select", dragmode=False)
    return finish(fig, title, t, height=620)


def _tile_labels(table: pd.DataFrame, lang: str) -> pd.Series:
    """Short labels that fit a tile: 愛知 (ja; 北海道 stays whole), Aichi (en, vi); a longer name is cut at
    5 letters, or as many more as tell it apart (Yamaga. and Yamagu., not Yamag. twice)."""
    if lang == "ja":
        return table["name_ja"].map(lambda n: n if n == "北海道" else n[:-1])
    names = table["name_en"]

    def short(name: str) -> str:
        if len(name) <= 6:
            return name
        for length in range(5, len(name)):
            if sum(other.startswith(name[:length]) for other in names) == 1:
                return name[:length] + "."
        return name

    return names.map(short)


def tile_map(table: pd.DataFrame, metric: str, metric_label: str, title: str, t: Translator) -> go.Figure:
    """Every prefecture one equal square, so Tokyo, Osaka and Kanagawa are as visible as Hokkaido.

    Tiles are rectangles in data coordinates (they scale with the chart); an invisible marker at each
    centre carries the hover text and the click.
    """
    from plotly.colors import sample_colorscale

    scale, midpoint = _colour_scale(metric)
    values = table[metric]
    low, high = float(values.min()), float(values.max())
    if midpoint is not None:
        reach = max(abs(low), abs(high)) or 1.0
        low, high = -reach, reach
    span = (high - low) or 1.0
    colours = [NO_DATA_COLOUR if pd.isna(v) else sample_colorscale(scale, [(v - low) / span])[0] for v in values]
    shapes = [dict(type="rect", x0=c - 0.47, x1=c + 0.47, y0=-r - 0.47, y1=-r + 0.47, fillcolor=colour,
                   line={"width": 0}, layer="below")
              for c, r, colour in zip(table["tile_col"], table["tile_row"], colours)]
    hover = _hover_text(table, t) + values.isna().map({True: "<br><i>" + t("map.no_figure") + "</i>", False: ""})
    dark = [not pd.isna(v) and (v - low) / span > 0.6 for v in values]
    fig = go.Figure(go.Scatter(
        x=table["tile_col"], y=-table["tile_row"], mode="markers+text",
        marker={"size": 30, "opacity": 0, "color": values, "colorscale": scale, "cmin": low, "cmax": high,
                "colorbar": {**COLOURBAR, "title": {"text": metric_label},
                             **(count_ticks(high, t) if metric == "count" else {})}, "showscale": True},
        text=_tile_labels(table, t.lang),
        textfont={"size": 9, "color": ["white" if d else "#111" for d in dark]},
        customdata=table[["prefecture_code"]].to_numpy(), hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
    ))
    fig.update_xaxes(visible=False, range=[table["tile_col"].min() - 0.6, table["tile_col"].max() + 0.6])
    fig.update_yaxes(visible=False, scaleanchor="x", range=[-table["tile_row"].max() - 0.6, 0.6])
    fig.update_layout(shapes=shapes, clickmode="event+select", dragmode=False, plot_bgcolor="white")
    return finish(fig, title, t, height=620)
