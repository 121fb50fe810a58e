"""What an import would change in the active data, shown before anything is committed."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workforce import schema
from workforce.validate import large_changes


@dataclass(frozen=True)
class Preview:
    new: pd.DataFrame          # keys not in the active data
    revised: pd.DataFrame      # keys whose value changes: old, new, difference
    unchanged: int             # keys already active with the same value
    new_periods: list[str]     # (measure, period) pairs that are new to the active data, as text
    new_prefectures: list[str]
    large: pd.DataFrame        # revisions beyond the confirmation factor

    @property
    def removed(self) -> int:
        """An import only adds or revises; withdrawing figures is an explicit rollback of a release."""
        return 0

    def summary(self) -> str:
        return (f"{len(self.new):,} new figures, {len(self.revised):,} revised, {self.unchanged:,} unchanged, "
                f"{self.removed} removed; new periods: {', '.join(self.new_periods) or 'none'}; "
                f"new prefectures: {', '.join(self.new_prefectures) or 'none'}; "
                f"{len(self.large):,} changes need confirming")


def build_preview(incoming: pd.DataFrame, active: pd.DataFrame, factor: float) -> Preview:
    merged = incoming[schema.KEY + ["value"]].merge(
        active[schema.KEY + ["value"]], on=schema.KEY, how="left", suffixes=("", "_old"), indicator=True)
    is_new = merged["_merge"] == "left_only"
    existing = merged[~is_new].astype({"value_old": "int64"})
    changed = existing["value"] != existing["value_old"]
    revised = existing[changed].rename(columns={"value_old": "old", "value": "new"})
    revised = revised.assign(difference=revised["new"] - revised["old"]).drop(columns="_merge")
    periods = incoming[["measure", "period_end"]].drop_duplicates()
    active_periods = set(zip(active["measure"], active["period_end"]))
    new_periods = sorted(f"{m} {p}" for m, p in zip(periods["measure"], periods["period_end"]) if (m, p) not in active_periods)
    new_prefectures = sorted(set(incoming["prefecture_code"].unique()) - set(active["prefecture_code"].unique()))
    return Preview(new=merged[is_new].drop(columns=["_merge", "value_old"]), revised=revised,
                   unchanged=int((~changed).sum()), new_periods=new_periods, new_prefectures=new_prefectures,
                   large=large_changes(incoming, active, factor))
