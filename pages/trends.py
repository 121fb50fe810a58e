"""Trends: national Vietnamese residents and workers over time, and how they divide by status and industry."""
import streamlit as st

from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator
from workforce.views import trends

require_navigation()

t = translator()
st.title(t("nav.trends"))

components.chart(data.view(trends.trend, t("trends.national_title"), t).chart, key="trend_national")
st.caption(t("trends.national_note"))

MODES = ("count", "percent")
mode = st.radio(t("trends.show_as"), MODES, format_func=lambda m: t(f"trends.modes.{m}"), horizontal=True,
                key=url_state.seed("mix", MODES, "count"))
url_state.publish("mix")
as_percent = mode == "percent"

st.subheader(t("trends.status_heading"))
components.mix_chart(data.view(trends.mix_chart, "residents", "status", t("trends.status_title"), as_percent, t),
                     key="trend_status")
st.caption(t("trends.status_note"))

st.subheader(t("trends.workers_heading"))
components.mix_chart(data.view(trends.mix_chart, "workers", "status", t("trends.worker_status_title"), as_percent, t),
                     key="trend_worker_status")
components.mix_chart(data.view(trends.mix_chart, "workers", "industry", t("trends.industry_title"), as_percent, t),
                     key="trend_industry")
st.caption(t("trends.industry_note"))
