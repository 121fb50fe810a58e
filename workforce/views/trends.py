"""National trends, and how a measure divides by status or industry over time (also the profile's context)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workforce import bundled, metrics
from workforce.charts import trends
from workforce.i18n import Translator
from workforce.prefectures import NATIONAL
from workforce.views.chart_parts import ChartParts, chart_parts


@dataclass(frozen=True)
class Trend:
    chart: ChartParts
    points: int                # published residents figures on the line


@dataclass(frozen=True)
class MixChart:
    chart: ChartParts
    not_published: list[str]   # periods the source gives a total for but no breakdown


def trend(figures: pd.DataFrame, title: str, t: Translator, prefecture: str = NATIONAL) -> Trend:
    """Residents (ISA) and workers (MHLW) as separate series; the line breaks where a series skips a date."""
    series = {measure: metrics.select(figures, measure=measure, prefecture=prefecture)
              for measure in ("residents", "workers")}
    chart = chart_parts(trends.national_trend(series, title, t), pd.concat(series.values()), t)
    return Trend(chart, len(series["residents"]))


def mix_chart(figures: pd.DataFrame, measure: str, group: str, title: str, percent: bool, t: Translator) -> MixChart:
    """A breakdown over time: shares of each period's published total, the uncovered part its own segment."""
    rows = metrics.mix(figures, bundled.breakdown_labels(), measure=measure, group=group)
    chart = chart_parts(trends.mix_over_time(rows, title, t, percent=percent), rows, t,
                        derived=("shares",) if percent else ())
    no_parts = [period for period, reason in rows.attrs.get("gaps", {}).items() if reason == "no_parts"]
    return MixChart(chart, no_parts)
