"""Where in a prefecture its Vietnamese residents live, and the municipalities with the most nationally."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pyarrow as pa

from workforce import municipal, sources
from workforce.charts.municipalities import ranked_bars
from workforce.i18n import Translator
from workforce.views.chart_parts import ChartParts, as_arrow, chart_parts
from workforce.views.markdown import escape, link


@dataclass(frozen=True)
class WhereInView:
    where: municipal.WhereIn
    chart: ChartParts
    table: pa.Table                     # as shown: localised headers, the reading beside each name
    wards: dict[str, tuple[str, pa.Table]]  # city code -> (its name as published, its wards as shown)


@dataclass(frozen=True)
class TopMunicipalities:
    period: str
    table: pd.DataFrame                 # as shown, before the prefecture link column
    prefecture_codes: list[str]
    source_markdown: str


@lru_cache(maxsize=1)
def _readings() -> pd.DataFrame:
    return municipal.readings()


def _with_reading(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`reading`: the English or Vietnamese reading ('' in Japanese, and for a code no reading list holds)."""
    if lang == "ja":
        return table.assign(reading="")
    read = _readings()
    names = dict(zip(read["municipality_code"], read[f"name_{lang}"]))
    return table.assign(reading=table["municipality_code"].map(names).fillna(""))


def _labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """name_ja as published, followed by its reading where there is one: 豊田市 (Toyota)."""
    shown = _with_reading(table, lang)
    return shown.assign(name_ja=[f"{ja} ({r})" if r else ja for ja, r in zip(shown["name_ja"], shown["reading"])])


def _shown(table: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """The table as displayed: localised headers, counts and shares as numbers (sortable), no ward flag."""
    table = _with_reading(table, t.lang)
    columns = {"rank": t("municipalities.col_rank"), "municipality_code": t("municipalities.col_code"),
               "name_ja": t("municipalities.col_name"), "reading": t("municipalities.col_reading"),
               "vn": t("municipalities.col_vn"),
               "all": t("municipalities.col_all"), "share_of_foreign": t("municipalities.col_share_foreign"),
               "share_of_prefecture": t("municipalities.col_share_prefecture")}
    if t.lang == "ja":
        del columns["reading"]
    return table[[c for c in columns if c in table]].rename(columns=columns).round(1)


def where_in(municipal_figures: pd.DataFrame, figures: pd.DataFrame, code: str, name: str,
             t: Translator) -> WhereInView | None:
    """The profile's "Where in <prefecture>", or None where no municipal figure is stored."""
    where = municipal.where_in(municipal_figures, figures, code)
    if where is None:
        return None
    title = t("municipalities.chart_title", name=name, period=t.short_period(where.period))
    chart = chart_parts(ranked_bars(_labelled(where.table, t.lang), title, t), where.rows, t, derived=("shares",))
    names = dict(zip(where.table["municipality_code"], where.table["name_ja"]))
    wards = {city: (names[city], as_arrow(_shown(rows, t))) for city, rows in where.wards.items()}
    return WhereInView(where, chart, as_arrow(_shown(where.table, t)), wards)


def top_municipalities(municipal_figures: pd.DataFrame, figures: pd.DataFrame, count: int,
                       t: Translator) -> TopMunicipalities | None:
    period, table = municipal.top_municipalities(municipal_figures, count)
    if period is None:
        return None
    rows = municipal_figures[(municipal_figures["period_end"] == period)
                             & municipal_figures["municipality_code"].isin(table["municipality_code"])]
    source = sources.source_line(rows, t, derived=("shares",), link=link, escape=escape)
    return TopMunicipalities(period, _shown(table, t), table["prefecture_code"].tolist(), source)
