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
    # A key can be stored already only if its period is: a release of a new period (the usual update,
    # and a million-row file) needs no join at all for its new rows.
    columns = schema.KEY + ["value"]
    incoming = incoming[columns].reset_index(drop=True)
    maybe_stored = incoming[incoming["period_end"].isin(active["period_end"].unique())]
    # A left join on unique active keys keeps the left rows in order, one each: rows line up by position.
    merged = maybe_stored.merge(active[columns], on=schema.KEY, how="left", suffixes=("", "_old"), indicator=True)
    merged.index = maybe_stored.index
    is_new = pd.Series(True, index=incoming.index)
    is_new[merged.index] = merged["_merge"] == "left_only"
    existing = merged[merged["_merge"] == "both"].astype({"value_old": "int64"})
    changed = existing["value"] != existing["value_old"]
    revised = existing[changed].rename(columns={"value_old": "old", "value": "new"})
    revised = revised.assign(difference=revised["new"] - revised["old"]).drop(columns="_merge")
    periods = incoming[["measure", "period_end"]].drop_duplicates()
    active_periods = set(zip(active["measure"], active["period_end"]))
    new_periods = sorted(f"{m} {p}" for m, p in zip(periods["measure"], periods["period_end"]) if (m, p) not in active_periods)
    new_prefectures = sorted(set(incoming["prefecture_code"].unique()) - set(active["prefecture_code"].unique()))
    return Preview(new=incoming[is_new], revised=revised,
                   unchanged=int((~changed).sum()), new_periods=new_periods, new_prefectures=new_prefectures,
                   large=large_changes(maybe_stored, active, factor))
