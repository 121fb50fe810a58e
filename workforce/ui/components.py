"""Page pieces shared by several pages: source lines, headline cards, gaps, downloads."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pyarrow as pa
import streamlit as st

from workforce import chart_images, export, sources
from workforce.metrics import Headline
from workforce.renderer import renderer_available
from workforce.ui import chart_element
from workforce.ui.translation import translator
from workforce.views.chart_parts import ChartParts
from workforce.views.markdown import escape, link
from workforce.views.trends import MixChart

__all__ = ["escape", "link"]  # pages quote data through components.escape / components.link

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart(parts: ChartParts, *, key: str, on_select: str = "ignore"):
    """A chart (made by a view) with its source line, its text alternative, the sources behind it and
    its data as CSV. `key` names the element: the same key keeps the element across reruns, so a
    changed chart is updated in place."""
    t = translator()
    fig = parts.figure
    event = chart_element.draw(fig.as_json(), key=key, config=PLOTLY_CONFIG, alt=fig.layout.title.text or "",
                               selectable=on_select != "ignore", height=fig.layout.height)
    st.caption(parts.source_markdown)
    if parts.source_count and (box := folded(t("source.behind_view", count=parts.source_count), key=f"{key}_sources")):
        with box:
            source_table(parts.sources, key=f"{key}_sources_table")
    if parts.text and (box := folded(t("chart.as_text", count=t.count(len(parts.text))), key=f"{key}_text")):
        with box:
            st.markdown("\n".join(f"- {escape(line)}" for line in parts.text))
    images = renderer_available()
    with st.container(horizontal=True):  # images made only when clicked, with the source line under the chart
        if images:
            st.download_button(t("download.png"), lambda: chart_images.figure_png(fig, source=parts.source),
                               file_name=f"{key}.png", mime="image/png", key=f"{key}_png", on_click="ignore",
                               help=t("download.png_help"))
            st.download_button(t("download.svg"), lambda: chart_images.figure_svg(fig, source=parts.source),
                               file_name=f"{key}.svg", mime="image/svg+xml", key=f"{key}_svg", on_click="ignore",
                               help=t("download.svg_help"))
        st.download_button(t("download.chart_data"), lambda: export.to_excel_safe_csv(parts.drawn),
                           file_name=f"{key}-data.csv", mime="text/csv", key=f"{key}_data", on_click="ignore",
                           help=t("download.chart_data_help"))
    if not images:
        st.caption(t("download.no_renderer"))
    return event


def mix_chart(mix: MixChart, *, key: str) -> None:
    """A breakdown over time (views.trends.mix_chart), and the periods with no breakdown named under it."""
    t = translator()
    chart(mix.chart, key=key)
    if mix.not_published:
        st.caption(t("mix.not_published", periods=t("list.separator").join(t.short_period(p) for p in mix.not_published)))


def folded(label: str, *, key: str):
    """An expander whose content is made only while it is open (opening it reruns the page), or None
    while it is closed: a chart's source list and text stay out of the page until a reader asks."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


LINK_COLUMNS = ("source_url", "read_from_url")


def table(data: pd.DataFrame | pa.Table, *, column_config: Mapping | None = None, first: tuple[str, ...] = (),
          **options):
    """st.dataframe with every header in the reader's language (locale section [column], by column name;
    a column without a label is an error, so no raw name reaches a reader) and addresses as links.
    `column_config` overrides a column's label or type; `first` names columns that must never be cut off."""
    t = translator()
    names = data.column_names if isinstance(data, pa.Table) else [str(name) for name in data.columns]
    config: dict = {}
    for name in names:
        label = t(f"column.{name}")
        config[name] = st.column_config.LinkColumn(label) if name in LINK_COLUMNS else label
    config.update(column_config or {})
    if first:
        options["column_order"] = [*first, *(name for name in names if name not in first)]
    return st.dataframe(data, column_config=config, **{"hide_index": True, **options})


def source_table(sources_table: pa.Table, *, key: str) -> None:
    table(sources_table, key=key, width="stretch")


def headline_card(label: str, headline: Headline | None, *, gap_reason: str) -> None:
    """A big number with its reference date, comparisons and source; a stated gap when unpublished."""
    t = translator()
    # The label as text that wraps, above the number: st.metric keeps its label on one line and cut
    # "愛知県のベトナム人在留者（出入国在留管…" at 1440 px (issue 15); the metric keeps it for screen readers.
    st.markdown(f"**{escape(label)}**")
    if headline is None:
        st.metric(label, "—", label_visibility="collapsed")
        st.caption(escape(gap_reason))
        return
    latest = headline.latest
    delta = None
    if headline.previous is not None:
        delta = t("headline.since", change=t.count(latest["value"] - headline.previous["value"]),
                  period=t.short_period(headline.previous["period_end"]))
    st.metric(label, t.count(latest["value"]), delta=delta, label_visibility="collapsed")
    facts = [t("headline.at", period=t.period_with_date(latest["period_end"]))]
    if headline.change_year is not None:
        facts.append(t("headline.in_a_year", change=t.percent(headline.change_year, signed=True)))
    if headline.share_of_all is not None:
        facts.append(t(f"headline.share_of_all.{latest['measure']}", share=t.percent(headline.share_of_all)))
    if len(facts) > 1 or delta:
        facts.append(t("headline.calculated"))
    st.caption(escape(t("list.separator").join(facts)))
    publisher = escape(sources.publisher_name(latest["publisher"], t))
    st.caption(t(f"headline.source.{latest['source_kind']}", publisher=publisher,
                 title=link(latest["source_title"], latest["source_url"]))
               + (" " + t("source.read_from", copies=link(sources.copy_label(latest["read_from_url"]), latest["read_from_url"]))
                  if latest.get("read_from_url") else ""))


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


def initiative_card(row: Mapping, *, show_prefecture: str | None = None) -> None:
    """One initiative: organisation, title, our description, focus, year and a link to its source.

    Title and organisation in the reader's language (a translation of ours is marked ※ and the title as
    published is kept under it); source titles stay as published; the description is the project's own.
    """
    from workforce.initiatives import shown_names

    t = translator()
    title, organisation, published = shown_names(row, t.lang)
    year = t("initiatives.no_year") if pd.isna(row["year"]) else str(row["year"])
    focus = t("list.separator").join(t(f"focus.{f}") for f in row["focus"].split(";"))
    meta = f"{organisation} · {year} · {t('initiatives.focus_label')}: {focus}"
    if show_prefecture:
        meta = f"{show_prefecture} · {meta}"
    # One Markdown element, not four: the initiatives page shows a hundred cards, and every element
    # costs the browser time to draw (page load 1.7 s → see docs/BENCHMARKS.md).
    with st.container(border=True):
        st.markdown("\n\n".join([
            f"**{escape(title)}**",
            *([f":small[:gray[{escape(t('initiatives.translated', title=published))}]]"] if published else []),
            f":small[:gray[{escape(meta)}]]",
            escape(row[f"description_{t.lang}"]),
            t("initiatives.source_label") + ": " + link(row["source_title"], row["source_url"]),
        ]))
