"""Derived figures with their working shown: one prefecture's metrics, one period's mix.

Used by `workforce metrics` and `workforce mix`. Every value comes with its inputs and sources, and
every value that cannot be computed is None with the reason, never a guess.
"""
from __future__ import annotations

import math

import pandas as pd

from workforce import metrics
from workforce.prefectures import PREFECTURE_CODES
from workforce.sources import POPULATION

CALCULATED = "calculated by this dashboard from the figures named (加工して作成); not a government figure"


def _source(row: pd.Series | None) -> str | None:
    if row is None:
        return None
    copy = f"; read from {row['read_from_url']}" if row.get("read_from_url") else ""
    return f"{row['publisher']}: {row['source_title']} <{row['source_url']}>{copy}"


def _number(value: object) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 4)


def prefecture_metrics(figures: pd.DataFrame, prefectures: pd.DataFrame, code: str, period: str) -> dict:
    """Count, rank among 47, share of foreign residents, per 10,000 and growth for one prefecture and date."""
    table = metrics.prefecture_metrics(figures, prefectures, period).set_index("prefecture_code")
    row = table.loc[code]
    base = table.attrs["previous_period"]
    count_row = metrics.value_at(figures, measure="residents", period=period, prefecture=code)
    all_row = metrics.value_at(figures, measure="residents", period=period, prefecture=code, nationality="ALL")
    base_row = metrics.value_at(figures, measure="residents", period=base, prefecture=code) if base else None
    lacking = len(table.attrs["missing"]["count"])
    no_count = f"no Vietnamese resident figure is published for this prefecture at {period}"

    def reason(value: object, why: str) -> str | None:
        return None if _number(value) is not None else why

    return {
        "prefecture_code": code, "name_en": row["name_en"], "name_ja": row["name_ja"], "period_end": period,
        "count": _number(row["count"]), "count_reason": reason(row["count"], no_count), "count_source": _source(count_row),
        "rank": _number(row["rank"]), "rank_among": len(PREFECTURE_CODES),
        "rank_reason": reason(row["rank"], f"a rank needs all {len(PREFECTURE_CODES)} prefectures at {period}; "
                                           f"{lacking} have no published figure"),
        "share_of_foreign_residents_percent": _number(row["share"]),
        "share_reason": reason(row["share"], no_count if all_row is not None
                               else f"all foreign residents of the prefecture at {period} are not published"),
        "all_foreign_residents": _number(row["all_foreign"]), "all_foreign_source": _source(all_row),
        "per_10k": _number(row["per_10k"]), "per_10k_reason": reason(row["per_10k"], no_count),
        "population_base": _number(row["population_base"]),
        "population_source": f"{POPULATION['publisher']}: {POPULATION['source_title']} <{POPULATION['source_url']}>",
        "growth_percent": _number(row["growth"]), "growth_since": base,
        "growth_reason": reason(row["growth"], "no earlier period has figures for all 47 prefectures" if base is None
                                else no_count if count_row is None else f"no figure for this prefecture at {base}"),
        "growth_since_source": _source(base_row),
        "calculated": CALCULATED,
    }


MIX_COLUMNS = ["period_end", "part", "label_en", "label_ja", "value", "share_percent", "total", "source", "total_source"]


def mix_report(figures: pd.DataFrame, labels: pd.DataFrame, *, measure: str, group: str, period: str) -> pd.DataFrame:
    """Each published part at `period`, its share of the published total, and the uncovered remainder as a row.

    Raises LookupError with the reason when the period has no drawable mix (no parts or no total).
    """
    table = metrics.mix(figures, labels, measure=measure, group=group)
    gaps = table.attrs["gaps"]
    if period in gaps:
        raise LookupError({"no_parts": f"{period}: the total is published but no {group} breakdown",
                           "no_total": f"{period}: {group} parts are published but no total, so no share exists"}[gaps[period]])
    rows = table[table["period_end"] == period]
    if rows.empty:
        raise LookupError(f"{period}: no {measure} figure is stored for this date")
    total_row = metrics.value_at(figures, measure=measure, period=period)
    return pd.DataFrame({
        "period_end": period, "part": rows["breakdown"], "label_en": rows["label_en"], "label_ja": rows["label_ja"],
        "value": rows["value"], "share_percent": rows["share"].round(4), "total": rows["total"],
        "source": [_source(row) if kind == "part" else CALCULATED + " (the total less the published parts)"
                   for (_, row), kind in zip(rows.iterrows(), rows["kind"])],
        "total_source": _source(total_row),
    })[MIX_COLUMNS].reset_index(drop=True)
