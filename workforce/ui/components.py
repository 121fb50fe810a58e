"""Page pieces shared by several pages: source lines, headline cards, gaps, downloads."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from workforce import deck, export, sources
from workforce.charts.describe import point_descriptions
from workforce.metrics import Headline
from workforce.ui import data
from workforce.ui.language import translator

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def escape(text: str) -> str:
    """Neutralise Markdown in text that comes from data files (titles, names), so it shows as typed.

    Covers emphasis, links, HTML, headings, tables, maths and Streamlit's :directive[...] syntax.
    """
    for ch in "\\`*_[]<>#|~$:":
        text = text.replace(ch, "\\" + ch)
    return text


class SharedFigure(go.Figure):
    """A figure built once and shown to every session: read-only.

    st.plotly_chart asks for `to_dict()` on every page run, and plotly makes it anew each time: a deep
    copy, with every numpy array encoded again as base64 (a fifth of a profile rerun's server time).
    The dict is made once here instead. Never change the figure or the dict: both are shared.
    """

    def to_dict(self) -> dict:
        made = self.__dict__.get("_shared_dict")
        if made is None:
            made = self.__dict__["_shared_dict"] = super().to_dict()
        return made


@dataclass(frozen=True)
class ChartParts:
    """A chart and everything said about it, built once and shared by every session: read-only."""

    figure: SharedFigure
    source: str                  # the source line
    sources: pa.Table            # the sources behind it, one row each (Arrow: sent to the browser as is)
    source_count: int
    text: tuple[str, ...]        # the text alternative: every point as its hover sentence


def chart(build: Callable[[], go.Figure], rows: pd.DataFrame, *, key: str, depends_on: tuple = (),
          on_select: str = "ignore"):
    """A chart with its source line, its text alternative and the sources behind it.

    `build` makes the figure from `rows`. Figure, source line and text are made once per data state,
    language, `key` and `depends_on` (everything else the chart shows: prefecture, metric, options),
    then shared by all sessions, since building and validating a figure is most of a page's time.
    """
    t = translator()
    parts = data.shared(("chart", key, depends_on, t.lang), lambda: _chart_parts(build(), rows, t))
    fig = parts.figure
    event = st.plotly_chart(fig, key=key, on_select=on_select, config=PLOTLY_CONFIG, alt=fig.layout.title.text,
                            selection_mode=("points",) if on_select != "ignore" else ("points", "box", "lasso"))
    st.caption(escape(parts.source))
    if parts.source_count and (box := folded(t("source.behind_view", count=parts.source_count), key=f"{key}_sources")):
        with box:
            source_table(parts.sources, key=f"{key}_sources_table")
    if parts.text and (box := folded(t("chart.as_text", count=t.count(len(parts.text))), key=f"{key}_text")):
        with box:
            st.markdown("\n".join(f"- {escape(line)}" for line in parts.text))
    with st.container(horizontal=True):  # images made only when clicked, with the source line under the chart
        st.download_button(t("download.png"), lambda: deck.figure_png(fig, source=parts.source), file_name=f"{key}.png",
                           mime="image/png", key=f"{key}_png", on_click="ignore", help=t("download.png_help"))
        st.download_button(t("download.svg"), lambda: deck.figure_svg(fig, source=parts.source), file_name=f"{key}.svg",
                           mime="image/svg+xml", key=f"{key}_svg", on_click="ignore", help=t("download.svg_help"))
    return event


def folded(label: str, *, key: str):
    """An expander whose content is made only while it is open (opening it reruns the page), or None
    while it is closed: a chart's source list and text stay out of the page until a reader asks."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


def _chart_parts(fig: go.Figure, rows: pd.DataFrame, t) -> ChartParts:
    source_list = sources.source_list(rows) if len(rows) else pd.DataFrame()
    return ChartParts(SharedFigure(fig), sources.source_line(rows, t), data.as_arrow(source_list),
                      int(rows["source_url"].nunique()) if len(rows) else 0, tuple(point_descriptions(fig, t)))


def source_table(table: pa.Table, *, key: str) -> None:
    t = translator()
    st.dataframe(table, key=key, hide_index=True, width="stretch",
                 column_config={"source_url": st.column_config.LinkColumn(t("source.url_column"))})


def headline_card(label: str, headline: Headline | None, *, gap_reason: str) -> None:
    """A big number with its reference date, comparisons and source; a stated gap when unpublished."""
    t = translator()
    if headline is None:
        st.metric(label, "—")
        st.caption(escape(gap_reason))
        return
    latest = headline.latest
    delta = None
    if headline.previous is not None:
        delta = t("headline.since", change=t.count(latest["value"] - headline.previous["value"]),
                  period=t.short_period(headline.previous["period_end"]))
    st.metric(label, t.count(latest["value"]), delta=delta)
    facts = [t("headline.at", period=t.period_with_date(latest["period_end"]))]
    if headline.change_year is not None:
        facts.append(t("headline.in_a_year", change=t.percent(headline.change_year, signed=True)))
    if headline.share_of_all is not None:
        facts.append(t(f"headline.share_of_all.{latest['measure']}", share=t.percent(headline.share_of_all)))
    st.caption(escape(t("list.separator").join(facts)))
    st.caption(escape(t(f"headline.source.{latest['source_kind']}", publisher=latest["publisher"],
                        title=latest["source_title"])))


def downloads(rows: pd.DataFrame, *, stem: str, key: str) -> None:
    """CSV (UTF-8 with BOM, formula-safe) and Parquet of exactly the rows shown.

    The files are made only when clicked (callables), not on every rerun of the page.
    """
    t = translator()
    left, right = st.columns(2)
    left.download_button(t("download.csv"), lambda: export.to_excel_safe_csv(rows), file_name=f"{stem}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore")
    right.download_button(t("download.parquet"), lambda: export.to_parquet(rows), file_name=f"{stem}.parquet",
                          mime="application/vnd.apache.parquet", key=f"{key}_parquet", on_click="ignore")


def link(label: str, url: str) -> str:
    """A Markdown link whose label and address come from data: only http(s), label escaped."""
    if not url.startswith(("http://", "https://")):
        return escape(label)
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{escape(label)}]({safe_url})"


def initiative_card(row: Mapping, *, show_prefecture: str | None = None) -> None:
    """One initiative: organisation, title, our description, focus, year and a link to its source.

    Titles, organisations and source titles stay as published; the description is the project's own.
    """
    t = translator()
    year = t("initiatives.no_year") if pd.isna(row["year"]) else str(row["year"])
    focus = t("list.separator").join(t(f"focus.{f}") for f in row["focus"].split(";"))
    meta = f"{row['organisation']} · {year} · {t('initiatives.focus_label')}: {focus}"
    if show_prefecture:
        meta = f"{show_prefecture} · {meta}"
    # One Markdown element, not four: the initiatives page shows a hundred cards, and every element
    # costs the browser time to draw (page load 1.7 s → see docs/BENCHMARKS.md).
    with st.container(border=True):
        st.markdown("\n\n".join([
            f"**{escape(row['title'])}**",
            f":small[:gray[{escape(meta)}]]",
            escape(row[f"description_{t.lang}"]),
            t("initiatives.source_label") + ": " + link(row["source_title"], row["source_url"]),
        ]))
