"""The slides of a briefing, built once from the figures and used both by the presentation page and
by the PowerPoint/PDF deck, so what is shown at the venue and what is taken away are the same.

A slide has a title, an optional plotly figure, key figures (spoken in the speaker notes), and the
source line with its reference dates. No Streamlit here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from workforce import metrics, sources
from workforce.charts import maps, trends
from workforce.charts.style import RESIDENTS_COLOUR, finish
from workforce.i18n import Translator
from workforce.initiatives import shown_names
from workforce.prefectures import PrefectureTable
from workforce.slide_kinds import DEFAULT_SLIDES
PRESENTATION_FONT = 22


@dataclass(frozen=True)
class Slide:
    kind: str
    title: str
    figure: go.Figure | None
    key_figures: list[str]
    source_line: str
    bullets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BriefingData:
    """Everything a briefing reads: the active figures and the bundled reference tables."""

    figures: pd.DataFrame
    prefectures: PrefectureTable
    labels: pd.DataFrame
    initiatives: pd.DataFrame
    shapes: dict
    municipal: pd.DataFrame | None = None  # the active municipal figures (issue 13)


def _big(fig: go.Figure) -> go.Figure:
    """Projector styling: large type, no chart chrome."""
    fig.update_layout(font={"size": PRESENTATION_FONT}, title={"font": {"size": PRESENTATION_FONT + 8}})
    return fig


def build_slides(data: BriefingData, t: Translator, *, kinds: tuple[str, ...] = DEFAULT_SLIDES,
                 prefectures: tuple[str, ...] = ("23",)) -> list[Slide]:
    """The slides in the order asked; 'prefecture' gives one slide per chosen prefecture."""
    slides: list[Slide] = []
    for kind in kinds:
        if kind == "prefecture":
            slides += [_prefecture_slide(data, t, code) for code in prefectures]
        elif kind == "where":
            slides += [_where_slide(data, t, code) for code in prefectures]
        else:
            slides.append(_BUILDERS[kind](data, t))
    return slides


def _headline_slide(data: BriefingData, t: Translator) -> Slide:
    facts, rows = [], []
    for measure in ("residents", "workers"):
        head = metrics.headline(data.figures, measure)
        if head is None:
            continue
        rows.append(head.latest.to_frame().T)
        facts.append(t(f"briefing.headline.{measure}", value=t.prose_count(head.latest["value"]),
                       period=t.period(head.latest["period_end"]),
                       change=t.percent(head.change_year, signed=True)))
    source_rows = pd.concat(rows) if rows else data.figures.iloc[0:0]
    return Slide("headline", t("briefing.titles.headline"), None, facts, sources.source_line(source_rows, t), facts)


def _latest_snapshot(data: BriefingData) -> tuple[str, pd.DataFrame]:
    """The newest complete period, with growth over a year (the same month a year earlier, when complete)."""
    complete = metrics.complete_periods(data.figures)
    period = complete[-1]
    year_ago = (pd.Timestamp(period) - pd.DateOffset(years=1) + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
    table = metrics.prefecture_metrics(data.figures, data.prefectures.frame, period,
                                     year_ago if year_ago in complete else None)
    tiles = data.prefectures.frame[["tile_row", "tile_col"]]
    merged = table.merge(tiles, left_on="prefecture_code", right_index=True, how="left")
    merged.attrs = dict(table.attrs)
    return period, merged


def _map_slide(data: BriefingData, t: Translator) -> Slide:
    period, table = _latest_snapshot(data)
    title = t("briefing.titles.map", period=t.period(period))
    fig = maps.tile_map(table, "count", t("metric.count"), title, t)
    top = table.nsmallest(3, "rank")
    facts = [f"{row[f'name_{t.lang}']}: {t.prose_count(row['count'])}" for _, row in top.iterrows()]
    return Slide("map", title, _big(fig), facts,
                  sources.source_line(metrics.snapshot_sources(data.figures, period), t, derived=("shares",)))


def _ranking_slide(data: BriefingData, t: Translator, metric: str, kind: str) -> Slide:
    period, table = _latest_snapshot(data)
    top = table.dropna(subset=[metric]).sort_values(metric, ascending=False).head(10)
    title = t(f"briefing.titles.{kind}", period=t.period(period))
    fig = go.Figure(go.Bar(x=top[metric], y=top[f"name_{t.lang}"], orientation="h", marker_color=RESIDENTS_COLOUR,
                           text=top[metric].map(t.count if metric == "count" else t.percent), textposition="outside"))
    fig.update_yaxes(autorange="reversed")
    # Room on the right for the value labels drawn outside the longest bar (they were clipped).
    fig.update_xaxes(title=t(f"metric.short.{metric}"), range=[0, float(top[metric].max()) * 1.18] if len(top) else None)
    finish(fig, title, t, height=640)
    formatter = t.prose_count if metric == "count" else (lambda v: t.percent(v, signed=True))
    facts = [f"{row[f'name_{t.lang}']}: {formatter(row[metric])}" for _, row in top.head(5).iterrows()]
    source = sources.source_line(metrics.snapshot_sources(data.figures, period,
                                                          base_period=table.attrs["previous_period"]), t,
                                 derived=("shares",) if metric != "count" else ())
    return Slide(kind, title, _big(fig), facts, source)


def _status_slide(data: BriefingData, t: Translator) -> Slide:
    rows = metrics.mix(data.figures, data.labels, measure="residents", group="status")
    latest_period = rows["period_end"].max() if len(rows) else None
    latest = rows[(rows["period_end"] == latest_period) & (rows["kind"] == "part")]
    title = t("briefing.titles.status")
    fig = trends.mix_over_time(rows, title, t, percent=True)
    biggest = latest.sort_values("value", ascending=False).head(4)
    facts = [t("briefing.status_fact", label=row[f"label_{t.lang}"], share=t.percent(row["share"]),
               value=t.prose_count(row["value"]), total=t.prose_count(row["total"]), period=t.short_period(row["period_end"]))
             for _, row in biggest.iterrows()]
    return Slide("status", title, _big(fig), facts, sources.source_line(rows, t, derived=("shares",)))


def _prefecture_slide(data: BriefingData, t: Translator, code: str) -> Slide:
    name = data.prefectures.name(code, t.lang)
    series = {m: metrics.select(data.figures, measure=m, prefecture=code) for m in ("residents", "workers")}
    title = t("briefing.titles.prefecture", name=name)
    fig = trends.national_trend(series, title, t)
    facts = []
    for measure, rows in series.items():
        if len(rows):
            latest = rows.iloc[-1]
            facts.append(t(f"briefing.prefecture.{measure}", value=t.prose_count(latest["value"]), period=t.period(latest["period_end"])))
    own = data.initiatives[data.initiatives["prefecture_code"] == code].sort_values("year", ascending=False, na_position="last")
    names = [shown_names(row, t.lang) for _, row in own.head(5).iterrows()]
    bullets = [f"{title} ({organisation})" for title, organisation, _ in names] or [t("briefing.no_initiatives")]
    source = sources.source_line(pd.concat(series.values()), t)
    if any(published for _, _, published in names):
        source += " " + t("initiatives.translated_note")
    return Slide("prefecture", title, _big(fig), facts, source, bullets)


def _where_slide(data: BriefingData, t: Translator, code: str) -> Slide:
    """Where in the prefecture: its municipalities ranked by Vietnamese residents, with the shares and the
    count that holds half, at the newest municipal period (said plainly when older than the prefecture's)."""
    from workforce import municipal
    from workforce.charts.municipalities import ranked_bars

    name = data.prefectures.name(code, t.lang)
    title = t("briefing.titles.where", name=name)
    view = municipal.where_in(data.municipal, data.figures, code) if data.municipal is not None else None
    if view is None:
        return Slide("where", title, None, [t("municipalities.none", name=name)], t("source.none"))
    read = municipal.readings()
    names = dict(zip(read["municipality_code"], read[f"name_{t.lang}"])) if t.lang != "ja" else {}
    table = view.table.assign(name_ja=[f"{ja} ({names[c]})" if c in names else ja
                                       for c, ja in zip(view.table["municipality_code"], view.table["name_ja"])])
    fig = ranked_bars(table.head(10), t("municipalities.chart_title", name=name, period=t.short_period(view.period)), t)
    facts = [t("briefing.where.fact", name=row["name_ja"], value=t.prose_count(row["vn"]),
               share=t.percent(row["share_of_prefecture"]), period=t.short_period(view.period))
             for _, row in table.head(3).iterrows()]
    bullets = list(facts)
    if view.half:
        bullets.append(t("briefing.where.half", half=t.count(view.half), count=t.count(len(view.table)),
                         total=t.prose_count(view.prefecture_total)))
    if view.older_than_prefecture:
        bullets.append(t("municipalities.older", period=t.period(view.period),
                         newest=t.period(view.newest_prefecture_period)))
    return Slide("where", title, _big(fig), facts, sources.source_line(view.rows, t, derived=("shares",)), bullets)


def _sources_slide(data: BriefingData, t: Translator) -> Slide:
    listed = sources.source_list(data.figures)
    bullets = [t("briefing.sources.publishers")] + [
        t("briefing.sources.count", kind=t(f"source.kind.{kind}"), count=int(group["figures"].sum()))
        for kind, group in listed.groupby("source_kind")]
    return Slide("sources", t("briefing.titles.sources"), None, bullets, t("briefing.sources.where"), bullets)


_BUILDERS = {
    "headline": _headline_slide,
    "map": _map_slide,
    "top": lambda data, t: _ranking_slide(data, t, "count", "top"),
    "growth": lambda data, t: _ranking_slide(data, t, "growth", "growth"),
    "status": _status_slide,
    "sources": _sources_slide,
}


def briefing_data(figures: pd.DataFrame, municipal: pd.DataFrame | None = None) -> BriefingData:
    """The active figures with the bundled reference tables: what build_slides reads."""
    from workforce import bundled
    from workforce.prefectures import prefectures

    return BriefingData(figures=figures, prefectures=prefectures(), labels=bundled.breakdown_labels(),
                        initiatives=bundled.initiatives(), shapes=bundled.prefecture_shapes(), municipal=municipal)
