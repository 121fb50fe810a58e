"""Compare 2–6 prefectures side by side on the same metrics."""
import pandas as pd
import streamlit as st

from workforce import metrics
from workforce.charts import bars
from workforce.prefectures import PREFECTURE_CODES
from workforce.ui import components, data, url_state
from workforce.ui.language import translator
from workforce.ui.navigation import require_navigation

require_navigation()

t = translator()
prefs = data.prefecture_table()
st.title(t("compare.title"))


periods = data.computed(metrics.complete_periods)
controls = st.columns([3, 1])
chosen = controls[0].multiselect(
    t("compare.choose"), PREFECTURE_CODES, max_selections=6, placeholder=t("common.choose"), format_func=lambda c: prefs.name(c, t.lang),
    key=url_state.seed("prefs", PREFECTURE_CODES, ["23", "27", "13"], parse=lambda text: prefs.match_list(text)[:6]))
url_state.publish("prefs", url_state.join_codes)
period = controls[1].selectbox(t("common.reference_date"), periods, format_func=t.period_with_date,
                               key=url_state.seed("period", periods, periods[-1]))
url_state.publish("period")

if len(chosen) < 2:
    st.info(t("compare.choose_two"))
    st.stop()

snapshot = data.prefecture_snapshot(period)
table = snapshot.set_index("prefecture_code").loc[chosen].reset_index()
table = table.merge(data.computed(metrics.latest_workers, chosen), on="prefecture_code", how="left")
table["workers_date"] = table["workers_date"].fillna(t("compare.not_found"))

short_labels = {metric: t(f"metric.short.{metric}") for metric in metrics.MAP_METRICS}
components.chart(lambda: bars.compare(table, short_labels, t("compare.chart_title", period=t.period_with_date(period)), t),
                 data.computed(metrics.snapshot_sources, period, chosen), key="compare_chart", depends_on=(tuple(chosen), period),
                 derived=("population",),
                 drawn=lambda: metrics.snapshot_export(snapshot).set_index("prefecture_code").loc[chosen].reset_index())

name = f"name_{t.lang}"
shown = table[[name, "count", "workers", "workers_date", "share", "per_10k", "growth", "rank"]]  # workers not cut off at 1440 px
st.dataframe(shown, hide_index=True, width="stretch", column_config={
    name: t("overview.columns.prefecture"),
    "count": st.column_config.NumberColumn(short_labels["count"], format="localized"),
    "share": st.column_config.NumberColumn(short_labels["share"], format="%.1f"),
    "per_10k": st.column_config.NumberColumn(short_labels["per_10k"], format="%.1f"),
    "growth": st.column_config.NumberColumn(short_labels["growth"], format="%+.1f"),
    "rank": st.column_config.NumberColumn(t("overview.columns.rank")),
    "workers": st.column_config.NumberColumn(t("compare.workers_column"), format="localized"),
    "workers_date": t("compare.workers_date"),
})
st.caption(t("compare.workers_note"))
components.downloads(pd.DataFrame(shown), stem=f"compare-{period}", key="compare")
