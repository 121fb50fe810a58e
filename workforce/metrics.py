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


def prefecture_periods(figures: pd.DataFrame, measure: str = "residents", nationality: str = "VN") -> list[str]:
    """Every period with a figure for at least one prefecture (complete or not)."""
    rows = select(figures, measure=measure, nationality=nationality, prefecture=None)
    return sorted(rows.loc[rows["prefecture_code"].isin(PREFECTURE_CODES), "period_end"].unique())


def complete_periods(figures: pd.DataFrame, measure: str = "residents", nationality: str = "VN") -> list[str]:
    """Periods with a figure for every one of the 47 prefectures (the only ones a ranking may use)."""
    rows = select(figures, measure=measure, nationality=nationality, prefecture=None)
    counts = rows[rows["prefecture_code"].isin(PREFECTURE_CODES)].groupby("period_end")["prefecture_code"].nunique()
    return sorted(counts[counts == len(PREFECTURE_CODES)].index)


def previous_complete_period(figures: pd.DataFrame, period: str) -> str | None:
    earlier = [p for p in complete_periods(figures) if p < period]
    return earlier[-1] if earlier else None


def snapshot_sources(figures: pd.DataFrame, period: str, codes: list[str] | None = None,
                     base_period: str | None = None) -> pd.DataFrame:
    """The figures behind `prefecture_metrics` at `period` (VN and all nationalities, this and the base period)."""
    base = base_period or previous_complete_period(figures, period)
    rows = figures[(figures["measure"] == "residents") & (figures["breakdown"] == "total")
                   & figures["period_end"].isin([period, base])
                   & figures["prefecture_code"].isin(codes or PREFECTURE_CODES)]
    return rows


RANKED_METRICS = ("count", "share", "per_10k", "growth")
POPULATION_BASE = "population_2024"  # 1 October 2024 estimate, the base of every per-10,000 rate


def prefecture_metrics(figures: pd.DataFrame, prefectures: pd.DataFrame, period: str,
                     base_period: str | None = None) -> pd.DataFrame:
    """One row per prefecture at `period`: VN residents, all foreign residents, share, per 10,000, growth, rank.

    Growth compares with `base_period` (by default the previous complete period). A metric whose input
    is missing is empty (NaN), never filled. `rank` (by count) exists only when all 47 prefectures have
    a count at `period`; attrs['missing'] names, per metric, the prefectures that lack it.
    """
    def rows_at(nationality: str, at: str | None) -> pd.DataFrame:
        rows = select(figures, measure="residents", nationality=nationality, prefecture=None)
        return rows[rows["period_end"] == at].set_index("prefecture_code") if at else rows.iloc[0:0].set_index("prefecture_code")

    def by_code(nationality: str, at: str | None) -> pd.Series:
        return rows_at(nationality, at)["value"]

    def source_of(nationality: str, at: str | None) -> pd.Series:
        rows = rows_at(nationality, at)
        return rows["publisher"] + ": " + rows["source_title"] + " <" + rows["source_url"] + ">"

    base = base_period if base_period is not None else previous_complete_period(figures, period)
    table = prefectures[["name_en", "name_ja", "name_vi", "region_en", POPULATION_BASE]].copy()
    table.index.name = "prefecture_code"
    table["count"] = by_code("VN", period)
    table["all_foreign"] = by_code("ALL", period)
    table["share"] = table["count"] / table["all_foreign"] * 100
    table["population_base"] = table[POPULATION_BASE]
    table["per_10k"] = table["count"] / table["population_base"] * 10_000
    table["previous_count"] = by_code("VN", base)
    table["growth"] = (table["count"] - table["previous_count"]) / table["previous_count"] * 100
    table["rank"] = _rank(table["count"])
    table["count_source"] = source_of("VN", period)
    table["all_foreign_source"] = source_of("ALL", period)
    missing = {metric: sorted(table.index[table[metric].isna()]) for metric in RANKED_METRICS}
    table.attrs.update(period=period, previous_period=base, missing=missing,
                       complete=not missing["count"])
    return table.reset_index().sort_values(["rank", "prefecture_code"], ignore_index=True)


EXPORT_COLUMNS = ["prefecture_code", "name_en", "name_ja", "rank", "count", "all_foreign", "share", "population_base",
                  "per_10k", "previous_count", "growth", "period_end", "base_period", "count_source",
                  "all_foreign_source", "population_source", "calculated"]


def snapshot_export(table: pd.DataFrame) -> pd.DataFrame:
    """The prefecture table as a download: every value with its date, denominators and sources."""
    from workforce.sources import POPULATION

    return table.assign(
        period_end=table.attrs.get("period"), base_period=table.attrs.get("previous_period"),
        population_source=f"{POPULATION['publisher']}: {POPULATION['source_title']} <{POPULATION['source_url']}>",
        calculated="share, per_10k, growth and rank calculated by this dashboard (加工して作成)",
    )[EXPORT_COLUMNS]


def _rank(values: pd.Series) -> pd.Series:
    """Rank 1 = largest, only when every one of the 47 prefectures has a value; otherwise no rank at all."""
    if values.notna().sum() < len(PREFECTURE_CODES):
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    return values.rank(ascending=False, method="min").astype("Int64")


def ranked_by(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The prefecture table sorted by one metric (gaps last), with `rank` for that metric where all 47 have it."""
    ranked = table.sort_values([metric, "prefecture_code"], ascending=[False, True], na_position="last")
    return ranked.assign(rank=_rank(ranked[metric]))


# Reference dates a series is expected at: ISA every half-year (June, December), MHLW every October.
CADENCE_MONTHS = {"residents": 6, "workers": 12, "establishments": 12, "registered_foreigners": 12}


def missing_periods(rows: pd.DataFrame, measure: str) -> list[str]:
    """The reference dates of the measure's cadence between a series' first and last point that it lacks."""
    if rows.empty:
        return []
    present = set(rows["period_end"])
    step = CADENCE_MONTHS[measure]
    first, last = pd.Timestamp(min(present)), pd.Timestamp(max(present))
    expected, at = [], first
    while at <= last:
        expected.append(at.strftime("%Y-%m-%d"))
        at = at + pd.DateOffset(months=step) + pd.offsets.MonthEnd(0)
    return [period for period in expected if period not in present]


def with_gaps(rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The series with an empty point at each missing reference date, so a line breaks there (points stay)."""
    gaps = missing_periods(rows, measure)
    if not gaps:
        return rows
    empty = pd.DataFrame({"period_end": gaps, "measure": measure, "gap": True})
    return pd.concat([rows.assign(gap=False), empty], ignore_index=True).sort_values("period_end", ignore_index=True)


UNCOVERED = "not broken down in the source"  # the part of a total that the published parts do not cover


def mix(figures: pd.DataFrame, labels: pd.DataFrame, *, measure: str, group: str,
        prefecture: str = NATIONAL, nationality: str = "VN") -> pd.DataFrame:
    """One group's parts ('status' or 'industry', non-overlapping) per period, as shares of the published total.

    Each part keeps its own row (and source) and gains `total` and `share` (percent of the period's
    published total, whatever the parts add up to). What the parts leave uncovered is its own row
    (breakdown UNCOVERED), never spread over the others. A period is drawn only where the total and
    at least one part were published; attrs['gaps'] lists the others with the reason
    ('no_parts': a total without parts; 'no_total': parts without a total, so no share exists).
    """
    members = labels[(labels["measure"] == measure) & (labels["mix"] == group)]
    rows = select(figures, measure=measure, nationality=nationality, prefecture=prefecture, breakdown=None)
    totals = rows[rows["breakdown"] == "total"].set_index("period_end")
    parts = rows[rows["breakdown"].isin(members["breakdown"])]
    parts = parts.merge(members[["breakdown", "label_en", "label_ja", "label_vi"]], on="breakdown", how="left")
    shown = sorted(set(parts["period_end"]) & set(totals.index))
    gaps = {period: "no_parts" for period in totals.index if period not in shown}
    gaps |= {period: "no_total" for period in parts["period_end"].unique() if period not in totals.index}
    parts = parts[parts["period_end"].isin(shown)]
    parts = parts.assign(total=parts["period_end"].map(totals["value"]).astype("int64"), kind="part")
    covered = parts.groupby("period_end")["value"].sum()
    remainder = totals.loc[shown, "value"] - covered.reindex(shown)
    uncovered = totals.loc[remainder.index[remainder > 0]].reset_index().assign(
        breakdown=UNCOVERED, value=remainder[remainder > 0].to_numpy(), kind="uncovered",
        label_en="", label_ja="", label_vi="")
    uncovered["total"] = uncovered["period_end"].map(totals["value"]).astype("int64")
    table = pd.concat([parts, uncovered], ignore_index=True)
    table["share"] = table["value"] / table["total"] * 100
    table = table.sort_values(["period_end", "kind", "value"], ascending=[True, True, False], ignore_index=True)
    table.attrs["gaps"] = dict(sorted(gaps.items()))
    return table


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
