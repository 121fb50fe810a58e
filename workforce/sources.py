"""Describe where a set of figures comes from: the source line every chart carries, and the source list."""
from __future__ import annotations

import pandas as pd

from workforce.i18n import Translator


def source_line(rows: pd.DataFrame, t: Translator) -> str:
    """'Source: <publisher>. Reference date: … Figures: n official, m secondary.' for a chart's figures."""
    if rows.empty:
        return t("source.none")
    publishers = " / ".join(sorted(rows["publisher"].unique()))
    periods = sorted(rows["period_end"].unique())
    dates = (t.period_with_date(periods[0]) if len(periods) == 1
             else t("source.date_range", first=periods[0], last=periods[-1], count=len(periods)))
    kinds = rows["source_kind"].value_counts()
    parts = [t("source.official_count", count=kinds["official"])] if kinds.get("official", 0) else []
    if kinds.get("secondary", 0):
        parts.append(t("source.secondary_count", count=kinds["secondary"]))
    return t("source.line", publishers=publishers, dates=dates, parts=", ".join(parts))


def source_list(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct source of `rows`, with the reference dates it supplies."""
    grouped = rows.groupby(["publisher", "source_kind", "source_title", "source_url"], as_index=False).agg(
        reference_dates=("period_end", lambda p: ", ".join(sorted(set(p)))), figures=("value", "size"))
    return grouped.sort_values(["source_kind", "publisher", "source_title"], ignore_index=True)
