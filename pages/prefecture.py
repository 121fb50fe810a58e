"""Prefecture profile: its Vietnamese residents and workers, trend, context, and its initiatives."""
import pandas as pd
import streamlit as st

from workforce import formatting, metrics
from workforce.charts import trends
from workforce.prefectures import PREFECTURE_CODES, UnknownPrefecture
from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation

require_navigation()

figures = data.figures()
prefs = data.prefecture_table()


def parse_prefecture(text: str) -> str:
    try:
        return prefs.match(text)
    except UnknownPrefecture as error:
        st.warning(f"{error}. Showing the default prefecture instead.")
        raise ValueError(text) from error


code = st.selectbox("Prefecture", PREFECTURE_CODES, format_func=lambda c: f"{c} {prefs.name(c)} ({prefs.name(c, 'ja')})",
                    key=url_state.seed("pref", PREFECTURE_CODES, "23", parse=parse_prefecture))
url_state.publish("pref")
name = prefs.name(code)
info = prefs.frame.loc[code]
st.title(f"{name} ({info['name_ja']})")
st.caption(f"{info['region_en']} region · population {formatting.count(info['population_2024'])} "
           f"(estimate, 1 October 2024, Statistics Bureau of Japan)")

figures_column, initiatives_column = st.columns([3, 2])
with figures_column:
    residents = metrics.headline(figures, "residents", prefecture=code)
    workers = metrics.headline(figures, "workers", prefecture=code)
    cards = st.columns(2)
    with cards[0]:
        components.headline_card(f"Vietnamese residents in {name} (ISA)", residents,
                                 gap_reason="ISA's prefecture table for Vietnamese residents was not found for this prefecture.")
        if residents is not None:
            snapshot = data.prefecture_snapshot(residents.latest["period_end"])
            row = snapshot[snapshot["prefecture_code"] == code]
            if len(row) and row["rank"].notna().all():
                st.caption(f"Rank {int(row['rank'].iloc[0])} of 47 prefectures at "
                           f"{formatting.short_period(residents.latest['period_end'])}; "
                           f"{formatting.percent(row['per_10k'].iloc[0], 1).rstrip('%')} per 10,000 inhabitants")
    with cards[1]:
        components.headline_card(
            f"Vietnamese workers in {name} (MHLW)", workers,
            gap_reason="No Vietnamese worker count for this prefecture was found: MHLW's national tables do not "
                       "cross prefecture with nationality, and this prefecture's labour bureau release was not found.")

    series = {measure: metrics.select(figures, measure=measure, prefecture=code) for measure in ("residents", "workers")}
    trend_rows = pd.concat(series.values())
    components.chart(trends.national_trend(series, f"Vietnamese residents and workers in {name} over time"),
                     trend_rows, key="pref_trend")
    if len(series["residents"]) < 3:
        st.caption("Few points: ISA's Vietnamese-by-prefecture table was found only for the periods shown; "
                   "earlier periods are gaps, not zeros (see Data & sources).")

    st.subheader("National context")
    st.caption(f"No status-of-residence or industry figures for Vietnamese in {name} are published in the "
               "sources, so these charts show **Japan as a whole**, not this prefecture.")
    status_rows = metrics.mix(figures, data.breakdown_labels(), measure="residents", group="status")
    components.chart(trends.mix_over_time(status_rows, "NATIONAL: Vietnamese residents by status of residence", percent=True),
                     status_rows, key="pref_status_mix")
    industry_rows = metrics.mix(figures, data.breakdown_labels(), measure="workers", group="industry")
    components.chart(trends.mix_over_time(industry_rows, "NATIONAL: Vietnamese workers by industry (published industries only)",
                                          percent=True), industry_rows, key="pref_industry_mix")

with initiatives_column:
    st.subheader(f"Initiatives in {name}")
    catalogue = data.initiatives()
    own = catalogue[catalogue["prefecture_code"] == code].sort_values("year", ascending=False, na_position="last")
    if own.empty:
        st.info(f"No initiative of {name} or its cities is recorded in the catalogue yet. The national "
                "programmes on the Initiatives page apply everywhere.")
    for _, initiative in own.iterrows():
        components.initiative_card(initiative)
    st.page_link("pages/initiatives.py", label="All initiatives", icon=":material/handshake:")

with st.expander(f"Every stored figure for {name}"):
    own_figures = figures[figures["prefecture_code"] == code]
    st.dataframe(own_figures, hide_index=True, width="stretch",
                 column_config={"source_url": st.column_config.LinkColumn("source URL")})
    components.downloads(own_figures, stem=f"figures-{code}", key="pref_figures")
