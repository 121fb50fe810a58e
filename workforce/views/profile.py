"""One prefecture's profile: its headlines, its rank (only where all 47 have the date) and its figures."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pyarrow as pa

from workforce import bundled, metrics
from workforce.i18n import Translator
from workforce.metrics import Headline
from workforce.views.chart_parts import as_arrow
from workforce.views.overview import snapshot


@dataclass(frozen=True)
class Headlines:
    residents: Headline | None
    workers: Headline | None
    rank_line: str | None      # "Rank 3 of 47 …" or why there is no rank; None without a residents figure


@dataclass(frozen=True)
class OwnFigures:
    frame: pd.DataFrame        # for the downloads
    table: pa.Table            # as shown


def headlines(figures: pd.DataFrame, code: str, t: Translator) -> Headlines:
    residents = metrics.headline(figures, "residents", prefecture=code)
    workers = metrics.headline(figures, "workers", prefecture=code)
    rank_line = None
    if residents is not None:
        period = residents.latest["period_end"]
        table = snapshot(figures, period)
        row = table[table["prefecture_code"] == code]
        if len(row) and row["rank"].notna().all():
            rank_line = t("profile.rank", rank=int(row["rank"].iloc[0]), period=t.short_period(period),
                          per_10k=t.number(row["per_10k"].iloc[0]))
        else:  # a rank among 47 needs all 47 at that date
            rank_line = t("profile.no_rank", period=t.short_period(period), count=len(table.attrs["missing"]["count"]))
    return Headlines(residents, workers, rank_line)


def own_figures(figures: pd.DataFrame, code: str) -> OwnFigures:
    own = figures[figures["prefecture_code"] == code]
    return OwnFigures(own, as_arrow(own))


@lru_cache(maxsize=64)
def initiatives_of(code: str) -> list[dict]:
    """One prefecture's initiatives, newest first, as rows (the catalogue is bundled, not in the store:
    cached per process, read-only)."""
    catalogue = bundled.initiatives()
    own = catalogue[catalogue["prefecture_code"] == code].sort_values("year", ascending=False, na_position="last")
    return own.to_dict("records")
