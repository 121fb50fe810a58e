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


# Okinawa lies 500 km south-west of Kyushu: drawn in place it left a speck at the foot of a small map.
# It gets its own framed box (an inset, its own projection at its true position, on the same colour scale)
# over the Sea of Japan, where the main map has only water, and the main map fits the other 46.
INSET_CODE = "47"
INSET_DOMAIN = {"x": [0.0, 0.3], "y": [0.78, 0.98]}
INSET_FRAME = "#555555"
# The inset's box is a portrait of Okinawa's outline with some sea around it: narrower than its domain at any
# column width, so the box fills the domain's height and its name sits centred just above it.
INSET_ASPECT = 0.75  # width : height of the box, in Mercator
INSET_PAD = 0.3      # sea above and below the island, as a share of its height


def _inset_ranges(feature: dict) -> dict:
    """Longitude and latitude ranges of the inset's box: the outline's bounds with sea, at INSET_ASPECT."""
    import math

    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    points = [point for polygon in polygons for ring in polygon for point in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    low, high = min(lats) - INSET_PAD / 2 * (max(lats) - min(lats)), max(lats) + INSET_PAD / 2 * (max(lats) - min(lats))
    mercator = math.degrees(math.log(math.tan(math.radians(45 + high / 2)))
                            - math.log(math.tan(math.radians(45 + low / 2))))  # the box's height in degrees of longitude
    middle, half = (min(lons) + max(lons)) / 2, max(INSET_ASPECT * mercator, (max(lons) - min(lons)) * 1.1) / 2
    return {"lonaxis": {"range": [middle - half, middle + half]}, "lataxis": {"range": [low, high]}}


# The main map's outline box in Mercator is about as wide as it is tall (lon 128.6-145.8, lat 31.0-45.5):
# the chart's height fits a square map in a 600 px column with the title and the colour bar.
GEO_HEIGHT = 720


def _features(shapes: dict, codes) -> dict:
    """Only the outlines a trace draws: each trace carries its own, so none is sent twice."""
    wanted = set(codes)
    return {**shapes, "features": [f for f in shapes["features"] if f["properties"]["prefecture_code"] in wanted]}


def geographic_map(table: pd.DataFrame, shapes: dict, metric: str, metric_label: str, title: str,
                   t: Translator) -> go.Figure:
    """Plotly's SVG choropleth (no MapLibre, no tiles) on the project's own outlines, Okinawa in an inset.

    The base map is hidden, so the world topojson the trace still asks for can be an empty stub served
    by the app (static/topojson/) or given to kaleido inline (workforce/deck.py): nothing is fetched
    from Plotly's CDN. The outlines are wound for d3-geo (charts/rings.py). Both maps share one colour
    axis, so a colour means the same figure in the inset as on the main map.
    """
    scale, midpoint = _colour_scale(metric)
    shapes = rings.for_d3(shapes)
    hover = _hover_text(table, t)
    has_value = table[metric].notna()
    in_inset = table["prefecture_code"] == INSET_CODE
    fig = go.Figure()
    for geo, part in (("geo", ~in_inset), ("geo2", in_inset)):
        for valued in (True, False):
            rows = part & (has_value if valued else ~has_value)
            if not rows.any():
                continue
            codes = table.loc[rows, "prefecture_code"]
            common = dict(geojson=_features(shapes, codes), featureidkey="properties.prefecture_code", locations=codes,
                          customdata=table.loc[rows, ["prefecture_code"]].to_numpy(), geo=geo,
                          hovertemplate="%{text}<extra></extra>", marker={"line": {"width": 0.6, "color": "white"}})
            if valued:
                fig.add_trace(go.Choropleth(**common, z=table.loc[rows, metric], text=hover[rows], coloraxis="coloraxis",
                                            name=metric_label))
            else:
                fig.add_trace(go.Choropleth(**common, z=[0] * int(rows.sum()),
                                            text=hover[rows] + "<br><i>" + t("map.no_figure") + "</i>",
                                            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False,
                                            name=t("map.no_figure")))
    fig.update_layout(coloraxis={"colorscale": scale, "cmid": midpoint,
                                 "colorbar": {**COLOURBAR, "title": {"text": metric_label, "side": "top"},
                                              **(count_ticks(table[metric].max(), t) if metric == "count" else {})}})
    hidden = dict(visible=False, fitbounds="locations", projection_type="mercator", resolution=110, scope="world",
                  bgcolor="rgba(0,0,0,0)")
    fig.update_layout(geo={**hidden, "domain": {"x": [0, 1], "y": [0, 1]}})
    if in_inset.any():
        okinawa = next(f for f in shapes["features"] if f["properties"]["prefecture_code"] == INSET_CODE)
        fig.update_layout(geo2={**hidden, "fitbounds": False, **_inset_ranges(okinawa), "domain": INSET_DOMAIN,
                                "showframe": True, "framecolor": INSET_FRAME, "framewidth": 1, "bgcolor": "white"})
        name = table.loc[in_inset, f"name_{t.lang}"].iloc[0]
        fig.add_annotation(text=name, xref="paper", yref="paper", x=sum(INSET_DOMAIN["x"]) / 2, y=INSET_DOMAIN["y"][1],
                           xanchor="center", yanchor="bottom", showarrow=False, font={"size": 12, "color": INSET_FRAME})
    fig.update_layout(clickmode="event+select", dragmode=False)
    return finish(fig, title, t, height=GEO_HEIGHT)


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
                "colorbar": {**COLOURBAR, "title": {"text": metric_label, "side": "top"},
                             **(count_ticks(high, t) if metric == "count" else {})}, "showscale": True},
        text=_tile_labels(table, t.lang),
        textfont={"size": 9, "color": ["white" if d else "#111" for d in dark]},
        customdata=table[["prefecture_code"]].to_numpy(), hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
    ))
    fig.update_xaxes(visible=False, range=[table["tile_col"].min() - 0.6, table["tile_col"].max() + 0.6])
    fig.update_yaxes(visible=False, scaleanchor="x", constrain="domain", range=[-table["tile_row"].max() - 0.6, 0.6])
    fig.update_layout(shapes=shapes, clickmode="event+select", dragmode=False, plot_bgcolor="white")
    return finish(fig, title, t, height=620)
