"""The overview: national headlines, the periods to choose from, the prefecture map and its ranking."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from workforce import bundled, metrics
from workforce.charts import maps
from workforce.i18n import Translator
from workforce.metrics import Headline
from workforce.prefectures import prefectures
from workforce.views.chart_parts import ChartParts, as_arrow, chart_parts

# What a map metric calculates from its inputs (sources.source_line names it).
DERIVED = {"count": (), "share": ("shares",), "per_10k": ("population",), "growth": ("shares",)}


@dataclass(frozen=True)
class Periods:
    all: list[str]        # every period with a prefecture figure
    complete: list[str]   # those where all 47 prefectures have one


@dataclass(frozen=True)
class MapSection:
    snapshot: pd.DataFrame     # per-prefecture metrics at the period (attrs: what is missing and why)
    metric_label: str
    chart: ChartParts
    ranking: pa.Table          # the ranking as shown, the chosen metric's column first
    ranking_codes: list[str]   # the prefecture of each ranking row, in order
    ranking_export: pd.DataFrame


def headlines(figures: pd.DataFrame) -> dict[str, Headline | None]:
    return {measure: metrics.headline(figures, measure) for measure in ("residents", "workers")}


def periods(figures: pd.DataFrame) -> Periods:
    return Periods(metrics.prefecture_periods(figures), metrics.complete_periods(figures))


def default_base(figures: pd.DataFrame, period: str) -> str | None:
    """The period growth is measured from unless the reader chooses: the previous complete one."""
    return metrics.previous_complete_period(figures, period)


def snapshot(figures: pd.DataFrame, period: str, base_period: str | None = None) -> pd.DataFrame:
    """Per-prefecture metrics at a period (growth since `base_period`), with tile positions."""
    frame = prefectures().frame
    table = metrics.prefecture_metrics(figures, frame, period, base_period)
    merged = table.merge(frame[["tile_row", "tile_col"]], left_on="prefecture_code", right_index=True, how="left")
    merged.attrs = dict(table.attrs)
    return merged


def metric_label(metric: str, base: str | None, t: Translator) -> str:
    if metric == "growth" and base:
        return t("metric.growth_since", period=t.short_period(base))
    return t(f"metric.{metric}")


def map_section(figures: pd.DataFrame, metric: str, period: str, base: str | None, view: str,
                t: Translator) -> MapSection:
    """The map (geographic or tiles) coloured by `metric` at `period`, and the ranking beside it."""
    table = snapshot(figures, period, base)
    label = metric_label(metric, base, t)
    title = f"{label}, {t.short_period(period)}"
    fig = (maps.geographic_map(table, bundled.prefecture_shapes(), metric, label, title, t) if view == "geo"
           else maps.tile_map(table, metric, label, title, t))
    chart = chart_parts(fig, metrics.snapshot_sources(figures, period, base_period=base), t,
                        derived=DERIVED[metric], drawn=metrics.snapshot_export(table))
    ranked = metrics.ranked_by(table, metric).drop(columns=["tile_row", "tile_col"])
    # The active metric's column comes first, so it is never the one cut off on a narrow screen.
    columns = ["rank", f"name_{t.lang}", metric] + [m for m in metrics.RANKED_METRICS if m != metric]
    return MapSection(table, label, chart, as_arrow(ranked[columns]), ranked["prefecture_code"].tolist(),
                      metrics.snapshot_export(ranked))
