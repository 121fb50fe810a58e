"""Trends: national Vietnamese residents and workers over time, and how they divide by status and industry."""
import pandas as pd
import streamlit as st

from workforce import metrics
from workforce.charts import trends
from workforce.ui import components, data, url_state
from workforce.ui.language import translator
from workforce.ui.navigation import require_navigation

require_navigation()

t = translator()
st.title(t("nav.trends"))

series = {measure: data.computed(metrics.select, measure=measure) for measure in ("residents", "workers")}
components.chart(lambda: trends.national_trend(series, t("trends.national_title"), t),
                 data.shared(("national_series",), lambda: pd.concat(series.values())), key="trend_national")
st.caption(t("trends.national_note"))

MODES = ("count", "percent")
mode = st.radio(t("trends.show_as"), MODES, format_func=lambda m: t(f"trends.modes.{m}"), horizontal=True,
                key=url_state.seed("mix", MODES, "count"))
url_state.publish("mix")
as_percent = mode == "percent"

st.subheader(t("trends.status_heading"))
components.mix_chart(data.mix(measure="residents", group="status"), t("trends.status_title"), key="trend_status",
                     percent=as_percent)
st.caption(t("trends.status_note"))

st.subheader(t("trends.workers_heading"))
components.mix_chart(data.mix(measure="workers", group="status"), t("trends.worker_status_title"),
                     key="trend_worker_status", percent=as_percent)
components.mix_chart(data.mix(measure="workers", group="industry"), t("trends.industry_title"), key="trend_industry",
                     percent=as_percent)
st.caption(t("trends.industry_note"))
