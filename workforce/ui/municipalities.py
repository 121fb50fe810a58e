"""The profile's "Where in <prefecture>" section and the overview's top municipalities (issue 13)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from workforce import municipal, sources
from workforce.charts.municipalities import ranked_bars
from workforce.ui import components, data
from workforce.ui.language import translator


def _with_reading(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`reading`: the English or Vietnamese reading where one is curated ('' otherwise, and in Japanese)."""
    if lang == "ja":
        return table.assign(reading="")
    read = data.shared(("municipal_readings",), municipal.readings)
    names = dict(zip(read["municipality_code"], read[f"name_{lang}"]))
    return table.assign(reading=table["municipality_code"].map(names).fillna(""))


def _labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """name_ja as published, followed by its reading where there is one: 豊田市 (Toyota)."""
    shown = _with_reading(table, lang)
    return shown.assign(name_ja=[f"{ja} ({r})" if r else ja for ja, r in zip(shown["name_ja"], shown["reading"])])


def _shown(table: pd.DataFrame, t) -> pd.DataFrame:
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


def where_in_section(code: str, name: str) -> None:
    t = translator()
    st.subheader(t("municipalities.title", name=name))
    view = data.shared(("where_in", code), lambda: municipal.where_in(data.municipal_figures(), data.figures(), code))
    if view is None:
        st.info(t("municipalities.none", name=name))
        return
    st.caption(t("municipalities.summary", period=t.period_with_date(view.period), count=t.count(len(view.table)),
                 total=t.prose_count(view.prefecture_total) if view.prefecture_total else "—",
                 half=t.count(view.half) if view.half else "—"))
    if view.older_than_prefecture:
        st.info(t("municipalities.older", period=t.period(view.period), newest=t.period(view.newest_prefecture_period)))
    components.chart(lambda: ranked_bars(_labelled(view.table, t.lang), t("municipalities.chart_title", name=name,
                                                          period=t.short_period(view.period)), t),
                     view.rows, key="pref_where_in", depends_on=(code,), derived=("shares",))
    st.dataframe(data.arrow(("where_in_table", code, t.lang), lambda: _shown(view.table, t)), hide_index=True,
                 width="stretch", key="pref_where_in_table")
    st.caption(t("municipalities.shares_note"))
    for city, wards in view.wards.items():
        city_name = view.table.loc[view.table["municipality_code"] == city, "name_ja"].iloc[0]
        if box := components.folded(t("municipalities.wards", city=city_name, count=len(wards)),
                                    key=f"pref_wards_{city}"):
            with box:
                st.dataframe(data.arrow(("wards_table", code, city, t.lang), lambda w=wards: _shown(w, t)),
                             hide_index=True, width="stretch", key=f"pref_wards_table_{city}")


def top_municipalities_section(count: int = 20) -> None:
    """The municipalities with the most Vietnamese residents nationally, each linking to its prefecture."""
    t = translator()
    period, table = data.shared(("top_municipalities", count),
                                lambda: municipal.top_municipalities(data.municipal_figures(), count))
    if period is None:
        return
    prefs = data.prefecture_table()
    st.subheader(t("municipalities.top_title", count=count))
    st.caption(t("municipalities.top_note", period=t.period_with_date(period)))
    shown = _shown(table, t)
    # The link carries the prefecture's code (what the profile reads) and shows its name (after the #).
    links = [f"/prefecture?pref={c}&lang={t.lang}#{prefs.name(c, t.lang)}" for c in table["prefecture_code"]]
    shown.insert(3, t("common.prefecture"), links)
    st.dataframe(shown, hide_index=True, width="stretch", key="overview_top_municipalities", column_config={
        t("common.prefecture"): st.column_config.LinkColumn(t("common.prefecture"), display_text=r"#(.+)$")})
    rows = data.municipal_figures()
    rows = rows[(rows["period_end"] == period) & rows["municipality_code"].isin(table["municipality_code"])]
    st.caption(sources.source_line(rows, t, derived=("shares",), link=components.link, escape=components.escape))
