"""Describe where a set of figures comes from: the source line every chart carries, and the source list."""
from __future__ import annotations

import pandas as pd

from workforce import formatting


def source_line(rows: pd.DataFrame) -> str:
    """'Source: <publisher> · reference dates … · n official, m secondary' for a chart's figures."""
    if rows.empty:
        return "Source: no figures published for this selection."
    publishers = " / ".join(sorted(rows["publisher"].unique()))
    periods = sorted(rows["period_end"].unique())
    dates = formatting.period(periods[0]) if len(periods) == 1 else f"{periods[0]} to {periods[-1]} ({len(periods)} dates)"
    kinds = rows["source_kind"].value_counts()
    parts = [f"{kinds.get('official', 0)} official"] if kinds.get("official", 0) else []
    if kinds.get("secondary", 0):
        parts.append(f"{kinds['secondary']} from secondary sources quoting the release (marked †/open)")
    return f"Source: {publishers}. Reference date: {dates}. Figures: {', '.join(parts)}."


def source_list(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct source of `rows`, with the reference dates it supplies."""
    grouped = rows.groupby(["publisher", "source_kind", "source_title", "source_url"], as_index=False).agg(
        reference_dates=("period_end", lambda p: ", ".join(sorted(set(p)))), figures=("value", "size"))
    return grouped.sort_values(["source_kind", "publisher", "source_title"], ignore_index=True)
