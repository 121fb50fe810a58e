"""Describe where a set of figures comes from: the source line every chart carries, and the source list.

A source line names the publisher and each release as published, linked to the publisher's own page,
and the copies the figures were read in ("read from"). A derived figure (a share, a rate, a rank, a
growth) adds that this dashboard calculated it (ja: 加工して作成) and names every further input, such
as the population estimate behind a rate per 10,000.
"""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pandas as pd

from workforce.i18n import Translator

SHOWN_TITLES = 3  # a line names this many releases; the source list below the chart names them all
SHOWN_COPIES = 2

# The denominator of every rate per 10,000 inhabitants (data/prefectures.csv, population_2024).
POPULATION = {
    "publisher": "Statistics Bureau of Japan (総務省統計局)",
    "source_title": "人口推計（2024年（令和6年）10月1日現在）",
    "source_url": "https://www.stat.go.jp/data/jinsui/2024np/index.html",
    "period_end": "2024-10-01",
}


def publisher_name(publisher: str, t: Translator) -> str:
    """A publisher as the reader's language names it (出入国在留管理庁 for a Japanese reader); an unknown
    publisher (from an analyst's file) as written."""
    from workforce import schema

    keys = {name: measure for measure, name in schema.PUBLISHERS.items()} | {POPULATION["publisher"]: "population"}
    return t(f"publisher.{keys[publisher]}") if publisher in keys else publisher


def _plain(label: str, _url: str) -> str:
    return label


def copy_label(url: str) -> str:
    """A copy's address as a short label: its host, and the repository for a public repository
    (github.com/owner/repo); the full address is the link."""
    parts = urlsplit(url)
    if parts.netloc != "github.com":
        return parts.netloc
    return parts.netloc + "/" + "/".join([segment for segment in parts.path.split("/") if segment][:2])


def source_line(rows: pd.DataFrame, t: Translator, *, derived: tuple[str, ...] = (),
                link: Callable[[str, str], str] = _plain, escape: Callable[[str], str] = str) -> str:
    """'Source: <publisher>: <releases>. Reference date: … Figures: n official, m secondary. Read from: …'

    `link(label, url)` makes a label a link (Markdown on a page; plain text for images and slides).
    `escape` neutralises other text from data (publisher names) in the same way. `derived` names the
    further inputs of a derived figure ('population', or 'shares' for one with no further input) and
    marks the figures as calculated by this dashboard.
    """
    if rows.empty:
        return t("source.none")
    releases = rows.drop_duplicates(["publisher", "source_title"]).sort_values(["publisher", "source_title"])
    named = []
    for publisher, group in releases.groupby("publisher", sort=True):
        titles = [link(title, url) for title, url in zip(group["source_title"], group["source_url"])]
        more = len(titles) - SHOWN_TITLES
        shown = "; ".join(titles[:SHOWN_TITLES]) + (" " + t("source.more", count=more) if more > 0 else "")
        named.append(f"{escape(publisher_name(publisher, t))}: {shown}")
    periods = sorted(rows["period_end"].unique())
    dates = (t.period_with_date(periods[0]) if len(periods) == 1
             else t("source.date_range", first=periods[0], last=periods[-1], count=len(periods)))
    kinds = rows["source_kind"].value_counts()
    parts = [t("source.official_count", count=kinds["official"])] if kinds.get("official", 0) else []
    if kinds.get("secondary", 0):
        parts.append(t("source.secondary_count", count=kinds["secondary"]))
    line = t("source.line", publishers=" / ".join(named), dates=dates, parts=", ".join(parts))
    copies = rows.loc[rows["read_from_url"] != "", "read_from_url"] if "read_from_url" in rows else pd.Series(dtype=str)
    if len(copies):
        by_label = dict(zip(copies.map(copy_label), copies))
        shown = [link(label, url) for label, url in sorted(by_label.items())[:SHOWN_COPIES]]
        more = len(by_label) - SHOWN_COPIES
        line += " " + t("source.read_from", copies=", ".join(shown) + (" " + t("source.more", count=more) if more > 0 else ""))
    if derived:
        line += " " + t("source.derived")
        if "population" in derived:
            line += " " + t("source.population", publisher=escape(publisher_name(POPULATION["publisher"], t)),
                            title=link(POPULATION["source_title"], POPULATION["source_url"]))
    return line


def source_list(rows: pd.DataFrame, *, derived: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per distinct source of `rows`, with the reference dates it supplies (and the population
    estimate where a derived figure uses it)."""
    if "read_from_url" not in rows:
        rows = rows.assign(read_from_url="")
    grouped = rows.groupby(["publisher", "source_kind", "source_title", "source_url", "read_from_url"],
                           as_index=False).agg(reference_dates=("period_end", lambda p: ", ".join(sorted(set(p)))),
                                               figures=("value", "size"))
    if "population" in derived:
        grouped = pd.concat([grouped, pd.DataFrame([{
            **{key: POPULATION[key] for key in ("publisher", "source_title", "source_url")},
            "source_kind": "official", "read_from_url": "", "reference_dates": POPULATION["period_end"],
            "figures": 47}])], ignore_index=True)
    return grouped.sort_values(["source_kind", "publisher", "source_title"], ignore_index=True)
