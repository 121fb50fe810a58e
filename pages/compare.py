"""Compare 2–6 prefectures side by side on the same metrics."""
import streamlit as st

from workforce import metrics
from workforce.prefectures import PREFECTURE_CODES
from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator
from workforce.views import compare, overview

require_navigation()

t = translator()
prefs = data.prefectures()
st.title(t("compare.title"))


periods = data.view(overview.periods).complete
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

comparison = data.view(compare.comparison, tuple(chosen), period, t)
components.chart(comparison.chart, key="compare_chart")

name = f"name_{t.lang}"
short_labels = {metric: t(f"metric.short.{metric}") for metric in metrics.MAP_METRICS}
st.dataframe(comparison.table, hide_index=True, width="stretch", column_config={
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
components.downloads(comparison.table, stem=f"compare-{period}", key="compare")
