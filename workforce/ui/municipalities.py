"""The profile's "Where in <prefecture>" section and the overview's top municipalities (issue 13)."""
from __future__ import annotations

import streamlit as st

from workforce.ui import components, data
from workforce.ui.translation import translator
from workforce.views import municipalities


def where_in_section(code: str, name: str) -> None:
    t = translator()
    st.subheader(t("municipalities.title", name=name))
    view = data.municipal_view(municipalities.where_in, code, name, t)
    if view is None:
        st.info(t("municipalities.none", name=name))
        return
    where = view.where
    st.caption(t("municipalities.summary", period=t.period_with_date(where.period), count=t.count(len(where.table)),
                 total=t.prose_count(where.prefecture_total) if where.prefecture_total else "—",
                 half=t.count(where.half) if where.half else "—"))
    if where.older_than_prefecture:
        st.info(t("municipalities.older", period=t.period(where.period), newest=t.period(where.newest_prefecture_period)))
    components.chart(view.chart, key="pref_where_in")
    st.dataframe(view.table, hide_index=True, width="stretch", key="pref_where_in_table")
    st.caption(t("municipalities.shares_note"))
    _readings_note(t)
    for city, (city_name, wards) in view.wards.items():
        if box := components.folded(t("municipalities.wards", city=city_name, count=wards.num_rows),
                                    key=f"pref_wards_{city}"):
            with box:
                st.dataframe(wards, hide_index=True, width="stretch", key=f"pref_wards_table_{city}")


def top_municipalities_section(count: int = 20) -> None:
    """The municipalities with the most Vietnamese residents nationally, each linking to its prefecture."""
    t = translator()
    top = data.municipal_view(municipalities.top_municipalities, count, t)
    if top is None:
        return
    prefs = data.prefectures()
    st.subheader(t("municipalities.top_title", count=count))
    st.caption(t("municipalities.top_note", period=t.period_with_date(top.period)))
    # The link carries the prefecture's code (what the profile reads) and shows its name (after the #).
    links = [f"/prefecture?pref={c}&lang={t.lang}#{prefs.name(c, t.lang)}" for c in top.prefecture_codes]
    shown = top.table.copy()
    shown.insert(3, t("common.prefecture"), links)
    st.dataframe(shown, hide_index=True, width="stretch", key="overview_top_municipalities", column_config={
        t("common.prefecture"): st.column_config.LinkColumn(t("common.prefecture"), display_text=r"#(.+)$")})
    st.caption(top.source_markdown)
    _readings_note(t)


def _readings_note(t) -> None:
    """Where the readings beside the names come from (Japanese shows the names as published only)."""
    if t.lang != "ja":
        st.caption(t("municipalities.readings_note"))
