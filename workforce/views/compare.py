"""Two to six prefectures side by side on the same metrics."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workforce import metrics
from workforce.charts import bars
from workforce.i18n import Translator
from workforce.views.chart_parts import ChartParts, chart_parts
from workforce.views.overview import snapshot

SHOWN_COLUMNS = ["count", "workers", "workers_date", "share", "per_10k", "growth", "rank"]


@dataclass(frozen=True)
class Comparison:
    chart: ChartParts
    table: pd.DataFrame        # name, then SHOWN_COLUMNS (workers first: never cut off at 1440 px)


def comparison(figures: pd.DataFrame, chosen: tuple[str, ...], period: str, t: Translator) -> Comparison:
    full = snapshot(figures, period)
    table = full.set_index("prefecture_code").loc[list(chosen)].reset_index()
    table = table.merge(metrics.latest_workers(figures, list(chosen)), on="prefecture_code", how="left")
    table["workers_date"] = table["workers_date"].fillna(t("compare.not_found"))
    short_labels = {metric: t(f"metric.short.{metric}") for metric in metrics.MAP_METRICS}
    fig = bars.compare(table, short_labels, t("compare.chart_title", period=t.period_with_date(period)), t)
    chart = chart_parts(fig, metrics.snapshot_sources(figures, period, list(chosen)), t, derived=("population",),
                        drawn=metrics.snapshot_export(full).set_index("prefecture_code").loc[list(chosen)].reset_index())
    return Comparison(chart, table[[f"name_{t.lang}", *SHOWN_COLUMNS]])
