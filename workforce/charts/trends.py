"""Series over time. Residents (ISA, June/December) and workers (MHLW, October) are separate traces,
each at its own reference dates: they are different statistics and are never joined into one line."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from workforce import metrics
from workforce.charts.style import PALETTE, RESIDENTS_COLOUR, WORKERS_COLOUR, count_ticks, finish
from workforce.i18n import Translator

SECONDARY_MARK = "†"


def _marker_symbols(rows: pd.DataFrame) -> list[str]:
    # Figures read in secondary sources get open markers, so readers can tell them apart.
    return ["circle-open" if kind == "secondary" else "circle" for kind in rows["source_kind"]]


def _hover(rows: pd.DataFrame, t: Translator) -> pd.Series:
    # Plain text only: a source title comes from data and must never become markup in the hover label.
    kinds = rows["source_kind"].map(lambda kind: t(f"source.kind.{kind}"))
    titles = rows["source_title"].str.slice(0, 80).map(html.escape)
    return rows["period_end"] + ": " + rows["value"].map(t.count) + "<br>" + kinds + " · " + titles


def national_trend(series: dict[str, pd.DataFrame], title: str, t: Translator) -> go.Figure:
    """One trace per measure (`series` maps measure → its rows). A line breaks where the series skips a
    reference date of its cadence (ISA half-yearly, MHLW yearly); the points stay, and the chart's text
    names each missing date."""
    colours = {"residents": RESIDENTS_COLOUR, "workers": WORKERS_COLOUR}
    fig = go.Figure()
    for measure, rows in series.items():
        if rows.empty:
            continue
        drawn = metrics.with_gaps(rows, measure)
        gap = drawn["value"].isna()
        text = pd.Series(None, index=drawn.index, dtype=object)
        text[~gap] = _hover(drawn[~gap], t)
        text[gap] = [t("chart.gap", period=t.period(period)) for period in drawn.loc[gap, "period_end"]]
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(drawn["period_end"]), y=drawn["value"].astype("float"), mode="lines+markers",
            connectgaps=False, name=t(f"chart.series.{measure}"), line={"color": colours[measure], "width": 3},
            marker={"size": 9, "symbol": _marker_symbols(drawn.fillna({"source_kind": "official"})),
                    "line": {"width": 2, "color": colours[measure]}},
            text=text, hovertemplate="%{text}<extra></extra>",
        ))
    highest = max((rows["value"].max() for rows in series.values() if len(rows)), default=0)
    fig.update_yaxes(title=t("chart.axis.persons"), rangemode="tozero", tickformat=",", **count_ticks(highest, t))
    return finish(fig, title, t)


def period_label(period_end: str, source_kind: str, t: Translator) -> str:
    return t.short_period(period_end) + (SECONDARY_MARK if source_kind == "secondary" else "")


OWN_COLOURS = len(PALETTE) - 1  # the largest parts get a colour each; the last colour is for the rest, grouped
UNCOVERED_STYLE = {"color": "white", "line": {"color": "#555555", "width": 1},
                   "pattern": {"shape": "/", "fgcolor": "#777777", "size": 6}}


def _part_labels(rows: pd.DataFrame, t: Translator) -> pd.Series:
    return rows[f"label_{t.lang}"].where(rows["kind"] == "part", t("mix.uncovered"))


def mix_over_time(rows: pd.DataFrame, title: str, t: Translator, *, percent: bool = False) -> go.Figure:
    """Stacked bars of a non-overlapping breakdown (metrics.mix), one bar per period with published parts.

    Percentages are shares of the period's published total; the part the source does not break down
    is its own hatched segment. The seven largest parts get their own colour, the rest one grouped
    segment whose legend entry names them.
    """
    rows = rows.copy()
    rows["label"] = _part_labels(rows, t)
    kinds = rows.groupby("period_end")["source_kind"].agg(lambda k: "secondary" if (k == "secondary").any() else "official")
    rows["period"] = [period_label(p, kinds[p], t) for p in rows["period_end"]]
    rows = rows.sort_values("period_end")
    parts = rows[rows["kind"] == "part"]
    order = list(parts.groupby("label")["value"].sum().sort_values(ascending=False).index)
    own, grouped = order[:OWN_COLOURS], order[OWN_COLOURS:]
    if len(grouped) == 1:
        own, grouped = order, []
    y = "share" if percent else "value"
    shown = (lambda v: t.percent(v)) if percent else t.count
    fig = go.Figure()
    for i, label in enumerate(own):
        part = rows[rows["label"] == label]
        fig.add_trace(go.Bar(x=part["period"], y=part[y], name=label, marker_color=PALETTE[i],
                             text=part[y].map(shown), hovertemplate="%{x} · " + html.escape(label) + ": %{text}<extra></extra>",
                             textposition="none"))
    if grouped:
        rest = rows[rows["label"].isin(grouped)]
        summed = rest.groupby("period", sort=False).agg(value=("value", "sum"), share=("share", "sum"))
        detail = rest.groupby("period", sort=False).apply(
            lambda g: "<br>".join(f"{html.escape(label)}: {shown(value)}" for label, value in zip(g["label"], g[y])),
            include_groups=False)
        name = t("mix.grouped", names=t("list.separator").join(grouped[:3]), count=len(grouped))
        fig.add_trace(go.Bar(x=summed.index, y=summed[y], name=name, marker_color=PALETTE[OWN_COLOURS],
                             text=summed[y].map(shown), customdata=detail.reindex(summed.index),
                             hovertemplate="%{x} · " + html.escape(t("mix.other")) + ": %{text}<br>%{customdata}<extra></extra>",
                             textposition="none"))
    uncovered = rows[rows["kind"] == "uncovered"]
    if len(uncovered):
        fig.add_trace(go.Bar(x=uncovered["period"], y=uncovered[y], name=t("mix.uncovered"), marker=UNCOVERED_STYLE,
                             text=uncovered[y].map(shown), textposition="none",
                             hovertemplate="%{x} · " + html.escape(t("mix.uncovered")) + ": %{text}<extra></extra>"))
    fig.update_layout(barmode="stack")
    # Labels at a fixed angle with room made for them: plotly.js turned two dozen of them upright and the
    # legend below cut them to "Ju…", "D…" (issue 15). The legend sits at the foot of the figure, under them.
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(dict.fromkeys(rows["period"])),
                     title=None, tickangle=-45, automargin=True)
    fig.update_yaxes(title=t("chart.axis.percent_of_total") if percent else t("chart.axis.persons"), tickformat=",",
                     **({"ticksuffix": "%"} if percent else {}))
    finish(fig, title, t, height=480)
    fig.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom"})
    return fig
