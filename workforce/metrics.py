"""Shares, per-capita rates, growth and rankings: pure functions of the tidy figure table."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workforce.prefectures import NATIONAL, PREFECTURE_CODES

# Map metrics; their labels are in the locale files (metric.<name>, metric.short.<name>).
MAP_METRICS = ("count", "share", "per_10k", "growth")


def select(figures: pd.DataFrame, *, measure: str, nationality: str = "VN", prefecture: str | None = NATIONAL,
           breakdown: str | None = "total") -> pd.DataFrame:
    """Rows for one measure and nationality; prefecture/breakdown None means all of them."""
    mask = (figures["measure"] == measure) & (figures["nationality"] == nationality)
    if prefecture is not None:
        mask &= figures["prefecture_code"] == prefecture
    if breakdown is not None:
        mask &= figures["breakdown"] == breakdown
    return figures[mask].sort_values("period_end")


def value_at(figures: pd.DataFrame, *, measure: str, period: str, nationality: str = "VN",
             prefecture: str = NATIONAL, breakdown: str = "total") -> pd.Series | None:
    """The one figure for a key, or None when it was not published (a gap, never filled)."""
    rows = select(figures, measure=measure, nationality=nationality, prefecture=prefecture, breakdown=breakdown)
    rows = rows[rows["period_end"] == period]
    return rows.iloc[0] if len(rows) else None


def pct_change(new: float, old: float | None) -> float | None:
    return None if old in (None, 0) else (new - old) / old * 100


@dataclass(frozen=True)
class Headline:
    """The latest figure of a series with its comparisons; every number keeps its own row (and source)."""

    latest: pd.Series
    previous: pd.Series | None
    year_ago: pd.Series | None
    all_nationalities: pd.Series | None

    @property
    def change_previous(self) -> float | None:
        return None if self.previous is None else pct_change(self.latest["value"], self.previous["value"])

    @property
    def change_year(self) -> float | None:
        return None if self.year_ago is None else pct_change(self.latest["value"], self.year_ago["value"])

    @property
    def share_of_all(self) -> float | None:
        if self.all_nationalities is None or not self.all_nationalities["value"]:
            return None
        return self.latest["value"] / self.all_nationalities["value"] * 100


def headline(figures: pd.DataFrame, measure: str, prefecture: str = NATIONAL) -> Headline | None:
    """Latest VN total for a measure and place, the period before it, a year before, and the ALL total."""
    series = select(figures, measure=measure, prefecture=prefecture)
    if series.empty:
        return None
    latest = series.iloc[-1]
    previous = series.iloc[-2] if len(series) > 1 else None
    year_ago_period = (pd.Timestamp(latest["period_end"]) - pd.DateOffset(years=1)) + pd.offsets.MonthEnd(0)
    year_ago = value_at(figures, measure=measure, period=year_ago_period.strftime("%Y-%m-%d"), prefecture=prefecture)
    all_row = value_at(figures, measure=measure, period=latest["period_end"], nationality="ALL", prefecture=prefecture)
    return Headline(latest, previous, year_ago, all_row)


def complete_periods(figures: pd.DataFrame, measure: str = "residents", nationality: str = "VN") -> list[str]:
    """Periods with a figure for every one of the 47 prefectures (the only ones a map can show whole)."""
    rows = select(figures, measure=measure, nationality=nationality, prefecture=None)
    counts = rows[rows["prefecture_code"].isin(PREFECTURE_CODES)].groupby("period_end")["prefecture_code"].nunique()
    return sorted(counts[counts == len(PREFECTURE_CODES)].index)


def previous_complete_period(figures: pd.DataFrame, period: str) -> str | None:
    earlier = [p for p in complete_periods(figures) if p < period]
    return earlier[-1] if earlier else None


def snapshot_sources(figures: pd.DataFrame, period: str, codes: list[str] | None = None) -> pd.DataFrame:
    """The figures behind `prefecture_table` at `period` (VN and all nationalities, this and the previous period)."""
    rows = figures[(figures["measure"] == "residents") & (figures["breakdown"] == "total")
                   & figures["period_end"].isin([period, previous_complete_period(figures, period)])
                   & figures["prefecture_code"].isin(codes or PREFECTURE_CODES)]
    return rows


def prefecture_table(figures: pd.DataFrame, prefectures: pd.DataFrame, period: str) -> pd.DataFrame:
    """One row per prefecture at `period`: VN residents, all foreign residents, share, per 10,000, growth, rank.

    Growth compares with the previous complete period; missing inputs leave the metric empty (NaN).
    """
    def by_code(nationality: str, at: str | None) -> pd.Series:
        rows = select(figures, measure="residents", nationality=nationality, prefecture=None)
        return rows[rows["period_end"] == at].set_index("prefecture_code")["value"] if at else pd.Series(dtype="int64")

    previous = previous_complete_period(figures, period)
    table = prefectures[["name_en", "name_ja", "name_vi", "region_en", "population_2024"]].copy()
    table.index.name = "prefecture_code"
    table["count"] = by_code("VN", period)
    table["all_foreign"] = by_code("ALL", period)
    table["share"] = table["count"] / table["all_foreign"] * 100
    table["per_10k"] = table["count"] / table["population_2024"] * 10_000
    table["previous_count"] = by_code("VN", previous)
    table["growth"] = (table["count"] - table["previous_count"]) / table["previous_count"] * 100
    table["rank"] = table["count"].rank(ascending=False, method="min").astype("Int64")
    table.attrs.update(period=period, previous_period=previous)
    return table.reset_index().sort_values("rank", ignore_index=True)


def mix(figures: pd.DataFrame, labels: pd.DataFrame, *, measure: str, group: str,
        prefecture: str = NATIONAL, nationality: str = "VN") -> pd.DataFrame:
    """Rows of one mix group ('status' or 'industry', non-overlapping parts) with their English labels."""
    members = labels[(labels["measure"] == measure) & (labels["mix"] == group)]
    rows = select(figures, measure=measure, nationality=nationality, prefecture=prefecture, breakdown=None)
    rows = rows[rows["breakdown"].isin(members["breakdown"])]
    return rows.merge(members[["breakdown", "label_en", "label_ja", "label_vi"]], on="breakdown", how="left")


def latest_by_prefecture(figures: pd.DataFrame, measure: str, prefecture: str,
                         nationality: str = "VN") -> pd.Series | None:
    """The newest total for one prefecture (worker figures come in different years per prefecture)."""
    rows = select(figures, measure=measure, nationality=nationality, prefecture=prefecture)
    return rows.iloc[-1] if len(rows) else None


def latest_workers(figures: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Newest Vietnamese worker count and its date per prefecture (None where none was found)."""
    rows = []
    for code in codes:
        latest = latest_by_prefecture(figures, "workers", code)
        rows.append({"prefecture_code": code, "workers": None if latest is None else latest["value"],
                     "workers_date": None if latest is None else latest["period_end"]})
    return pd.DataFrame(rows, columns=["prefecture_code", "workers", "workers_date"])


def ranked_by(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The prefecture table sorted by one metric, with `rank` recomputed for that metric (gaps last)."""
    ranked = table.sort_values(metric, ascending=False, na_position="last")
    return ranked.assign(rank=ranked[metric].rank(ascending=False, method="min").astype("Int64"))
