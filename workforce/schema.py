"""The tidy figure table: its columns, vocabularies and the rules every figure obeys.

One row is one published count: who (nationality), what (measure, breakdown), where (prefecture),
when (period_end), how many (value), and where it was read (source_*). Rules are a pandera schema
so that every failing row is reported at once, not the first one.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

import pandas as pd
import pandera.pandas as pa

from workforce.distinct_values import map_distinct, pairs_distinct

KEY = ["period_end", "prefecture_code", "nationality", "measure", "breakdown"]
# source_title/source_url: the release as its publisher titles it, and the publisher's own page;
# read_from_url: the copy the figure was actually read in (a mirror, an article), or "" for the release itself.
SOURCE_COLUMNS = ["source_kind", "confidence", "publisher", "source_title", "source_url", "read_from_url", "note"]
COLUMNS = KEY + ["value"] + SOURCE_COLUMNS

MEASURES = {
    "residents": "Vietnamese residents (ISA, 在留外国人統計)",
    "workers": "Vietnamese workers (MHLW, 外国人雇用状況の届出状況)",
    "establishments": "Establishments employing foreign workers (MHLW)",
    "registered_foreigners": "Registered foreigners, pre-2012 alien-registration basis (登録外国人; never joined to residents)",
}
NATIONALITIES = ("VN", "ALL")
SOURCE_KINDS = ("official", "secondary")
CONFIDENCES = ("", "high", "medium")
PUBLISHERS = {
    "residents": "Immigration Services Agency of Japan (出入国在留管理庁)",
    "workers": "Ministry of Health, Labour and Welfare (厚生労働省)",
    "establishments": "Ministry of Health, Labour and Welfare (厚生労働省)",
    "registered_foreigners": "Ministry of Justice (法務省), 登録外国人統計",
}
# ISA counts at the end of June and December; MHLW at the end of October.
PERIOD_MONTHS = {"residents": (6, 12), "workers": (10,), "establishments": (10,), "registered_foreigners": (12,)}


def month_end(year: int, month: int) -> str | None:
    """The last day of the month as YYYY-MM-DD; None for a month or year no calendar holds (13, year 0)."""
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


_CODES = [f"{n:02d}" for n in range(0, 48)] + ["99"]


def _each_distinct(pattern: str):
    """A vectorised check that runs the regular expression once per distinct value (imports repeat values a lot)."""
    compiled = re.compile(pattern)

    def check(column: pd.Series) -> pd.Series:
        return map_distinct(column, lambda value: bool(compiled.fullmatch(value)), "bool")

    return check


def _period_fits(period: object, measure: object) -> bool:
    """A real calendar day in one of the measure's reference months."""
    try:
        month = date.fromisoformat(period).month if isinstance(period, str) else None
    except ValueError:
        month = None
    return month in PERIOD_MONTHS.get(measure, ())


def _period_matches_measure(df: pd.DataFrame) -> pd.Series:
    """Checked once per distinct (period, measure) pair: a million rows hold a few hundred."""
    return pairs_distinct(df["period_end"], df["measure"], _period_fits)


FIGURE_SCHEMA = pa.DataFrameSchema(
    {
        "period_end": pa.Column(str, pa.Check(_each_distinct(r"\d{4}-\d{2}-\d{2}"), error="a date as YYYY-MM-DD")),
        "prefecture_code": pa.Column(str, pa.Check.isin(_CODES)),
        "nationality": pa.Column(str, pa.Check.isin(NATIONALITIES)),
        "measure": pa.Column(str, pa.Check.isin(list(MEASURES))),
        "breakdown": pa.Column(str, pa.Check.str_length(min_value=1)),
        "value": pa.Column("int64", pa.Check.ge(0, error="counts are never negative")),
        "source_kind": pa.Column(str, pa.Check.isin(SOURCE_KINDS)),
        "confidence": pa.Column(str, pa.Check.isin(CONFIDENCES)),
        "publisher": pa.Column(str, pa.Check.str_length(min_value=1)),
        "source_title": pa.Column(str, pa.Check.str_length(min_value=1, error="every figure has a source")),
        "source_url": pa.Column(str, pa.Check(_each_distinct(r"https?://\S+"), error="source URL must be http(s)")),
        "read_from_url": pa.Column(str, pa.Check(_each_distinct(r"(https?://\S+)?"),
                                                 error="read-from URL must be http(s) or empty")),
        "note": pa.Column(str),
    },
    checks=[
        pa.Check(_period_matches_measure, error="period_end month must fit the measure (ISA: Jun/Dec, MHLW: Oct)"),
    ],
    unique=KEY,
    strict=True,
    coerce=False,
)


def validate_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Check every rule at once; raises pandera's SchemaErrors listing each failing row and column."""
    return FIGURE_SCHEMA.validate(frame.reset_index(drop=True), lazy=True)
