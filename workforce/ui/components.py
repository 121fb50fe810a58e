"""Page pieces shared by several pages: source lines, headline cards, gaps, downloads."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from workforce import export, formatting, sources
from workforce.metrics import Headline

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def escape(text: str) -> str:
    """Neutralise Markdown in text that comes from data files (titles, names), so it shows as typed.

    Covers emphasis, links, HTML, headings, tables, maths and Streamlit's :directive[...] syntax.
    """
    for ch in "\\`*_[]<>#|~$:":
        text = text.replace(ch, "\\" + ch)
    return text


def chart(fig: go.Figure, rows: pd.DataFrame, *, key: str, on_select: str = "ignore"):
    """A chart with its source line and an expandable list of the sources behind it."""
    event = st.plotly_chart(fig, key=key, on_select=on_select, config=PLOTLY_CONFIG,
                            selection_mode=("points",) if on_select != "ignore" else ("points", "box", "lasso"))
    source_caption(rows, key=key)
    return event


def source_caption(rows: pd.DataFrame, *, key: str) -> None:
    st.caption(escape(sources.source_line(rows)))
    if not rows.empty:
        with st.expander(f"Sources behind this view ({rows['source_url'].nunique()})"):
            source_table(sources.source_list(rows), key=f"{key}_sources")


def source_table(table: pd.DataFrame, *, key: str) -> None:
    st.dataframe(table, key=key, hide_index=True, width="stretch",
                 column_config={"source_url": st.column_config.LinkColumn("source URL")})


def headline_card(label: str, headline: Headline | None, *, gap_reason: str) -> None:
    """A big number with its reference date, comparisons and source; a stated gap when unpublished."""
    if headline is None:
        st.metric(label, "—")
        st.caption(escape(gap_reason))
        return
    latest = headline.latest
    delta = None
    if headline.previous is not None:
        delta = f"{formatting.count(latest['value'] - headline.previous['value'])} since {formatting.short_period(headline.previous['period_end'])}"
    st.metric(label, formatting.count(latest["value"]), delta=delta)
    facts = [f"at {formatting.period(latest['period_end'])}"]
    if headline.change_year is not None:
        facts.append(f"{formatting.percent(headline.change_year, signed=True)} in a year")
    if headline.share_of_all is not None:
        facts.append(f"{formatting.percent(headline.share_of_all)} of all foreign {latest['measure']}")
    st.caption(escape("; ".join(facts)))
    kind = "official" if latest["source_kind"] == "official" else "secondary source quoting the release"
    st.caption(escape(f"Source ({kind}): {latest['publisher']}: {latest['source_title']}"))


def downloads(rows: pd.DataFrame, *, stem: str, key: str) -> None:
    """CSV (UTF-8 with BOM, formula-safe) and Parquet of exactly the rows shown.

    The files are made only when clicked (callables), not on every rerun of the page.
    """
    left, right = st.columns(2)
    left.download_button("Download CSV", lambda: export.to_excel_safe_csv(rows), file_name=f"{stem}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore")
    right.download_button("Download Parquet", lambda: export.to_parquet(rows), file_name=f"{stem}.parquet",
                          mime="application/vnd.apache.parquet", key=f"{key}_parquet", on_click="ignore")


def link(label: str, url: str) -> str:
    """A Markdown link whose label and address come from data: only http(s), label escaped."""
    if not url.startswith(("http://", "https://")):
        return escape(label)
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{escape(label)}]({safe_url})"


def initiative_card(row: pd.Series, *, show_prefecture: str | None = None) -> None:
    """One initiative: organisation, title, our description, focus, year and a link to its source."""
    with st.container(border=True):
        st.markdown(f"**{escape(row['title'])}**")
        year = "year not stated" if pd.isna(row["year"]) else str(row["year"])
        meta = f"{row['organisation']} · {year} · focus: {row['focus'].replace(';', ', ').replace('_', '/')}"
        if show_prefecture:
            meta = f"{show_prefecture} · {meta}"
        st.caption(escape(meta))
        st.write(row["description_en"])
        st.markdown("Source: " + link(row["source_title"], row["source_url"]))
