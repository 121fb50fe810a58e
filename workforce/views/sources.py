"""The sources page: every source behind the active figures, the figures themselves, what was left out."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from workforce import bundled, sources
from workforce.views.chart_parts import as_arrow

# What anyone may see of a release: when, what kind, how big, its checksum, whether it is active.
PUBLIC_RELEASE_COLUMNS = ["id", "created_at", "kind", "format", "row_count", "sha256", "active"]


@dataclass(frozen=True)
class SourcesView:
    source_list: pa.Table
    figures: pa.Table
    download: pd.DataFrame     # the figures without their release id
    count: int
    excluded: pa.Table


def sources_view(figures: pd.DataFrame) -> SourcesView:
    excluded = pd.read_csv(bundled.excluded_figures_file(), dtype=str)
    return SourcesView(as_arrow(sources.source_list(figures)), as_arrow(figures),
                       figures.drop(columns=["release_id"]), len(figures), as_arrow(excluded))


def releases_shown(releases: pd.DataFrame, analyst: bool) -> pd.DataFrame:
    """Who made a release, its file and note are for analysts only (issue 14)."""
    if analyst:
        return releases
    return releases[[column for column in PUBLIC_RELEASE_COLUMNS if column in releases.columns]]
