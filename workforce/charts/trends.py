"""Series over time. Residents (ISA, June/December) and workers (MHLW, October) are separate traces,
each at its own reference dates: they are different statistics and are never joined into one line."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from workforce.charts.style import PALETTE, RESIDENTS_COLOUR, WORKERS_COLOUR, finish
from workforce.i18n import Translator

SECONDARY_MARK = "†"


def _marker_symbols(rows: pd.DataFrame) -> list[str]:
    # Figures read in secondary sources get open markers, so readers can tell them apart.
    return ["circle-open" if kind == "secondary" else "circle" for kind in rows["source_kind"]]


def _hover(rows: pd.DataFrame, t: Translator) -> pd.Series:
    kinds = rows["source_kind"].map(lambda kind: t(f"source.kind.{kind}"))
    return (rows["period_end"] + ": " + rows["value"].map(t.count)
            + "<br>" + kinds + " · " + rows["source_title"].str.slice(0, 80).map(html.escape))  # plotly renders <a href>


def national_trend(series: dict[str, pd.DataFrame], title: str, t: Translator) -> go.Figure:
    """One trace per measure (`series` maps measure → its rows)."""
    colours = {"residents": RESIDENTS_COLOUR, "workers": WORKERS_COLOUR}
    fig = go.Figure()
    for measure, rows in series.items():
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(rows["period_end"]), y=rows["value"], mode="lines+markers",
            name=t(f"chart.series.{measure}"), line={"color": colours[measure], "width": 3},
            marker={"size": 9, "symbol": _marker_symbols(rows), "line": {"width": 2, "color": colours[measure]}},
            text=_hover(rows, t), hovertemplate="%{text}<extra></extra>",
        ))
    fig.update_yaxes(title=t("chart.axis.persons"), rangemode="tozero", tickformat=",")
    return finish(fig, title, t)


def period_label(period_end: str, source_kind: str, t: Translator) -> str:
    return t.short_period(period_end) + (SECONDARY_MARK if source_kind == "secondary" else "")


def mix_over_time(rows: pd.DataFrame, title: str, t: Translator, *, percent: bool = False) -> go.Figure:
    """Stacked bars of a non-overlapping breakdown, one bar per published period (gaps stay gaps)."""
    rows = rows.copy()
    label_column = f"label_{t.lang}"
    kinds = rows.groupby("period_end")["source_kind"].agg(lambda k: "secondary" if (k == "secondary").any() else "official")
    rows["period"] = [period_label(p, kinds[p], t) for p in rows["period_end"]]
    rows = rows.sort_values("period_end")
    if percent:
        rows["value"] = rows["value"] / rows.groupby("period_end")["value"].transform("sum") * 100
    order = rows.groupby(label_column)["value"].sum().sort_values(ascending=False).index
    fig = go.Figure()
    for i, label in enumerate(order):
        part = rows[rows[label_column] == label]
        shown = part["value"].map(lambda v: t.percent(v) if percent else t.count(v))
        fig.add_trace(go.Bar(x=part["period"], y=part["value"], name=label, marker_color=PALETTE[i % len(PALETTE)],
                             text=shown, hovertemplate="%{x} · " + label + ": %{text}<extra></extra>",
                             textposition="none"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(dict.fromkeys(rows["period"])),
                     title=None)
    fig.update_yaxes(title=t("chart.axis.percent_of_total") if percent else t("chart.axis.persons"), tickformat=",")
    return finish(fig, title, t, height=480)
