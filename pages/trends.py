"""Trends: national Vietnamese residents and workers over time, and how they divide by status and industry."""
import pandas as pd
import streamlit as st

from workforce import metrics
from workforce.charts import trends
from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation

require_navigation()

figures = data.figures()
labels = data.breakdown_labels()
st.title("Trends")

series = {measure: metrics.select(figures, measure=measure) for measure in ("residents", "workers")}
components.chart(trends.national_trend(series, "Vietnamese residents and workers in Japan, national"),
                 pd.concat(series.values()), key="trend_national")
st.caption("Two statistics, each at its own reference dates: ISA residents at the end of June and December, "
           "MHLW workers at the end of October. Open markers are figures read in secondary sources. "
           "Half-year resident figures missing for 2013–2015 and 2021 are gaps in the sources, not zeros.")

MODES = {"count": "Persons", "percent": "Share of the period's total (%)"}
mode = st.radio("Show mixes as", list(MODES), format_func=MODES.get, horizontal=True,
                key=url_state.seed("mix", list(MODES), "count"))
url_state.publish("mix")
as_percent = mode == "percent"

st.subheader("Vietnamese residents by status of residence (ISA)")
status_rows = metrics.mix(figures, labels, measure="residents", group="status")
components.chart(trends.mix_over_time(status_rows, "Vietnamese residents by status of residence, national",
                                      percent=as_percent), status_rows, key="trend_status")
st.caption("† marks periods read in secondary sources (VIETJO summaries of the ISA release). In those, "
           "'Other statuses' includes Specified Skilled Worker where the source did not list it separately.")

st.subheader("Vietnamese workers by status and industry (MHLW)")
worker_status = metrics.mix(figures, labels, measure="workers", group="status")
components.chart(trends.mix_over_time(worker_status, "Vietnamese workers by status of residence group, national",
                                      percent=as_percent), worker_status, key="trend_worker_status")
industry_rows = metrics.mix(figures, labels, measure="workers", group="industry")
components.chart(trends.mix_over_time(industry_rows, "Vietnamese workers by industry, national (published industries only)",
                                      percent=as_percent), industry_rows, key="trend_industry")
st.caption("Industry figures were found only for some industries and years (2017, 2020, 2022), so the bars do not "
           "add up to all Vietnamese workers; shares are of the industries shown.")
