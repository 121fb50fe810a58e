"""What an import would change in the active data, shown before anything is committed.

Both geography levels are previewed alike: prefecture figures (`schema.KEY`) and ISA's municipal figures
(`MUNICIPAL_KEY`). A value needs the analyst's confirmation when it is more than the confirmation factor
above or below the value it is compared with: the stored value of the same figure (a revision), or, for a
figure of a period not stored yet, the stored value of the same series (the key without its date) at the
nearest earlier stored period. That is how a slipped digit in a new release (678,421 for Aichi's 67,842)
is caught before it is published.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workforce import schema

# The columns of a `large` table after the key: what the value is compared with, then the two values.
COMPARED = ["compared_period", "old", "new"]


@dataclass(frozen=True)
class Changes:
    """What an import would change at one geography level."""

    key: list[str]
    new: pd.DataFrame          # keys not in the active data, in file order (key, labels, value)
    revised: pd.DataFrame      # keys whose value changes: key, old, new, difference
    unchanged: int             # keys already active with the same value
    large: pd.DataFrame        # key + COMPARED: beyond the factor, against the same figure or the nearest earlier period
    new_periods: list[str]     # (measure, period) pairs that are new to the active data, as text


@dataclass(frozen=True)
class Preview:
    new: pd.DataFrame          # prefecture-level keys not in the active data
    revised: pd.DataFrame      # prefecture-level keys whose value changes: old, new, difference
    unchanged: int             # prefecture-level keys already active with the same value
    new_periods: list[str]     # (measure, period) pairs that are new to the active data, as text
    new_prefectures: list[str]
    large: pd.DataFrame        # prefecture-level values to confirm: key + COMPARED
    municipal: Changes | None = None  # the municipal level, when the file holds municipal figures

    @property
    def removed(self) -> int:
        """An import only adds or revises; withdrawing figures is an explicit rollback of a release."""
        return 0

    @property
    def to_confirm(self) -> int:
        """How many values, at both levels, need the analyst's confirmation."""
        return len(self.large) + (len(self.municipal.large) if self.municipal is not None else 0)

    def summary(self) -> str:
        text = (f"{len(self.new):,} new figures, {len(self.revised):,} revised, {self.unchanged:,} unchanged, "
                f"{self.removed} removed; new periods: {', '.join(self.new_periods) or 'none'}; "
                f"new prefectures: {', '.join(self.new_prefectures) or 'none'}")
        if self.municipal is not None:
            m = self.municipal
            text += (f"; municipal figures: {len(m.new):,} new, {len(m.revised):,} revised, "
                     f"{m.unchanged:,} unchanged, new periods: {', '.join(m.new_periods) or 'none'}")
        return text + f"; {self.to_confirm:,} changes need confirming"


def _beyond(old: pd.Series, new: pd.Series, factor: float) -> pd.Series:
    old, new = old.astype(float), new.astype(float)
    return ((new > old * factor) | (new < old / factor)) & (old != new)


def _dates(text: pd.Series) -> np.ndarray:
    """ISO dates (already validated) as datetime64, converting each distinct one once."""
    codes, distinct = pd.factorize(text)
    return pd.to_datetime(pd.Series(distinct, dtype=object), format="%Y-%m-%d").to_numpy()[codes]


def _series_ids(new_rows: pd.DataFrame, stored: pd.DataFrame, series: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One integer per series (the key without its date) on both sides; -1 on the left where it is not stored.
    Looked up against the stored values only, each distinct value of the file once."""
    left = np.zeros(len(new_rows), dtype="int64")
    right = np.zeros(len(stored), dtype="int64")
    known = np.ones(len(new_rows), dtype=bool)
    for column in series:
        values = pd.Index(stored[column].unique())
        codes, distinct = pd.factorize(new_rows[column])  # a file repeats a few values: look each up once
        at_left, at_right = values.get_indexer(distinct)[codes], values.get_indexer(stored[column])
        known &= at_left >= 0
        left, right = left * (len(values) + 1) + at_left + 1, right * (len(values) + 1) + at_right + 1
    return np.where(known, left, -1), right


def _nearest_earlier(new_rows: pd.DataFrame, active: pd.DataFrame, key: list[str], labels: list[str]) -> pd.DataFrame:
    """Each new row with the same series' value at the nearest earlier stored period (rows without one dropped)."""
    series = [c for c in key if c != "period_end"]
    none = pd.DataFrame(columns=[*key, *labels, *COMPARED]).astype({"old": "int64", "new": "int64"})
    # Only a row dated after some stored period can have one (a file of old periods needs no search).
    candidates = new_rows[new_rows["period_end"] > active["period_end"].min()] if len(active) else new_rows.iloc[:0]
    if candidates.empty:
        return none
    left_ids, right_ids = _series_ids(candidates, active, series)
    candidates = candidates[left_ids >= 0]
    if candidates.empty:
        return none
    left = pd.DataFrame({"_at": _dates(candidates["period_end"]), "_series": left_ids[left_ids >= 0],
                         "_row": np.arange(len(candidates))})
    right = pd.DataFrame({"_at": _dates(active["period_end"]), "_series": right_ids,
                          "compared_period": active["period_end"].to_numpy(), "old": active["value"].to_numpy()})
    merged = pd.merge_asof(left.sort_values("_at", kind="stable"), right.sort_values("_at", kind="stable"),
                           on="_at", by="_series", direction="backward", allow_exact_matches=False)
    merged = merged.dropna(subset=["old"])
    found = candidates.iloc[merged["_row"].to_numpy()]
    return pd.DataFrame({**{c: found[c].to_numpy() for c in [*key, *labels]},
                         "compared_period": merged["compared_period"].to_numpy(),
                         "old": merged["old"].to_numpy().astype("int64"), "new": found["value"].to_numpy()})


def compare(incoming: pd.DataFrame, active: pd.DataFrame, key: list[str], factor: float,
            labels: list[str] = ()) -> Changes:
    """New, revised and unchanged figures of `incoming` against `active`, and the values to confirm.
    `labels` are columns of `incoming` carried into every table to name a figure (a municipality's name)."""
    # A key can be stored already only if its period is: a release of a new period (the usual update,
    # and a million-row file) needs no join at all for its new rows.
    labels = list(labels)
    incoming = incoming[[*key, *labels, "value"]].reset_index(drop=True)
    maybe_stored = incoming[incoming["period_end"].isin(active["period_end"].unique())]
    # A left join on unique active keys keeps the left rows in order, one each: rows line up by position.
    merged = maybe_stored.merge(active[[*key, "value"]], on=key, how="left", suffixes=("", "_old"), indicator=True)
    merged.index = maybe_stored.index
    is_new = pd.Series(True, index=incoming.index)
    is_new[merged.index] = merged["_merge"] == "left_only"
    existing = merged[merged["_merge"] == "both"].astype({"value_old": "int64"})
    changed = existing["value"] != existing["value_old"]
    revised = existing[changed].rename(columns={"value_old": "old", "value": "new"})
    revised = revised.assign(difference=revised["new"] - revised["old"]).drop(columns="_merge")
    large_revisions = revised[_beyond(revised["old"], revised["new"], factor)].assign(
        compared_period=lambda f: f["period_end"])[[*key, *labels, *COMPARED]]
    jumps = _nearest_earlier(incoming[is_new], active, key, labels)
    jumps = jumps[_beyond(jumps["old"], jumps["new"], factor)]
    large = pd.concat([large_revisions, jumps], ignore_index=True) if len(jumps) else large_revisions.reset_index(drop=True)
    pairs = incoming[["measure", "period_end"]].drop_duplicates()
    periods = set(zip(pairs["measure"], pairs["period_end"])) - set(zip(active["measure"], active["period_end"]))
    return Changes(key, incoming[is_new], revised, int((~changed).sum()), large, sorted(f"{m} {p}" for m, p in periods))


def build_preview(incoming: pd.DataFrame, active: pd.DataFrame, factor: float,
                  municipal: pd.DataFrame | None = None, active_municipal: pd.DataFrame | None = None) -> Preview:
    """The preview of a file's prefecture figures and, where it has them, its municipal figures."""
    from workforce.ingest.isa_municipal import MUNICIPAL_KEY

    level = compare(incoming, active, schema.KEY, factor)
    new_prefectures = sorted(set(incoming["prefecture_code"].unique()) - set(active["prefecture_code"].unique()))
    local = None
    if municipal is not None and len(municipal):
        local = compare(municipal, active_municipal, MUNICIPAL_KEY, factor, labels=["name_ja"])
    return Preview(new=level.new, revised=level.revised, unchanged=level.unchanged, new_periods=level.new_periods,
                   new_prefectures=new_prefectures, large=level.large, municipal=local)
