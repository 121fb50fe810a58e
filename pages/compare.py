"""Compare 2–6 prefectures side by side on the same metrics."""
import pandas as pd
import streamlit as st

from workforce import formatting, metrics
from workforce.charts import bars
from workforce.prefectures import PREFECTURE_CODES, UnknownPrefecture
from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation

require_navigation()

figures = data.figures()
prefs = data.prefecture_table()
st.title("Compare prefectures")


def parse_codes(text: str) -> list[str]:
    codes = []
    for part in text.split(","):
        try:
            codes.append(prefs.match(part))
        except UnknownPrefecture:
            continue
    return list(dict.fromkeys(codes))[:6]


periods = metrics.complete_periods(figures)
controls = st.columns([3, 1])
chosen = controls[0].multiselect(
    "Prefectures (2 to 6)", PREFECTURE_CODES, max_selections=6, format_func=prefs.name,
    key=url_state.seed("prefs", PREFECTURE_CODES, ["23", "27", "13"], parse=parse_codes))
url_state.publish("prefs", url_state.join_codes)
period = controls[1].selectbox("Reference date", periods, format_func=formatting.period,
                               key=url_state.seed("period", periods, periods[-1]))
url_state.publish("period")

if len(chosen) < 2:
    st.info("Choose at least two prefectures to compare.")
    st.stop()

table = data.prefecture_snapshot(period).set_index("prefecture_code").loc[chosen].reset_index()
for code in chosen:
    latest = metrics.latest_by_prefecture(figures, "workers", code)
    table.loc[table["prefecture_code"] == code, "workers"] = None if latest is None else latest["value"]
    table.loc[table["prefecture_code"] == code, "workers_date"] = "not found" if latest is None else latest["period_end"]

components.chart(bars.compare(table, metrics.SHORT_LABELS,
                              f"Vietnamese residents, {formatting.period(period)}"),
                 metrics.snapshot_sources(figures, period, chosen), key="compare_chart")

shown = table[["name_en", "count", "share", "per_10k", "growth", "rank", "workers", "workers_date"]]
st.dataframe(shown, hide_index=True, width="stretch", column_config={
    "name_en": "prefecture",
    "count": st.column_config.NumberColumn("Vietnamese residents", format="localized"),
    "share": st.column_config.NumberColumn("share of foreign residents %", format="%.1f"),
    "per_10k": st.column_config.NumberColumn("per 10,000 inhabitants", format="%.1f"),
    "growth": st.column_config.NumberColumn("growth since previous %", format="%+.1f"),
    "workers": st.column_config.NumberColumn("Vietnamese workers (latest found)", format="localized"),
    "workers_date": "workers' reference date",
})
st.caption("Worker counts come from prefectural labour bureau releases quoted in secondary sources, in different "
           "years per prefecture: compare them with care, and never with the resident counts.")
components.downloads(pd.DataFrame(shown), stem=f"compare-{period}", key="compare")
