"""Overview: national headline figures, the prefecture map (geographic or tile grid) and the ranking."""
import streamlit as st

from workforce import metrics
from workforce.ui import components, data, gaps, municipalities, url_state
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator
from workforce.views import overview

require_navigation()

t = translator()
st.title(t("app.title"))
st.caption(t("overview.intro"))

headlines = data.view(overview.headlines)
left, right = st.columns(2)
with left:
    components.headline_card(t("overview.residents_card"), headlines["residents"], gap_reason=t("overview.no_residents"))
with right:
    components.headline_card(t("overview.workers_card"), headlines["workers"], gap_reason=t("overview.no_workers"))

choice = data.view(overview.periods)
periods, complete = choice.all, choice.complete
if not periods:
    st.warning(t("overview.no_complete_period"))
    st.stop()

VIEWS = ("geo", "tiles")
metric = st.radio(t("overview.colour_by"), metrics.MAP_METRICS, horizontal=True,
                  format_func=lambda m: t(f"metric.{m}"), key=url_state.seed("metric", metrics.MAP_METRICS, "count"))
url_state.publish("metric")
controls = st.columns([3, 1])
period = controls[0].select_slider(t("common.reference_date"), periods, format_func=t.short_period,
                                   key=url_state.seed("period", periods, (complete or periods)[-1]))
url_state.publish("period")
view = controls[1].radio(t("overview.view"), VIEWS, format_func=lambda v: t(f"overview.views.{v}"), horizontal=True,
                         key=url_state.seed("view", VIEWS, "geo"))
url_state.publish("view")
earlier = [p for p in periods if p < period]
base = None
if metric == "growth" and earlier:
    default_base = data.view(overview.default_base, period) or earlier[-1]
    base = st.selectbox(t("overview.growth_since"), earlier, format_func=t.period_with_date,
                        key=url_state.seed("since", earlier, default_base))
    url_state.publish("since")

section = data.view(overview.map_section, metric, period, base, view, t)
gaps.snapshot_notes(section.snapshot, metric, t)

map_column, table_column = st.columns([3, 2])
with map_column:
    event = components.chart(section.chart, key=f"map_{view}", on_select="rerun")
    st.caption(t("overview.map_help"))
    points = event.selection.points if event else []
    if points:
        code = (points[0].get("customdata") or [points[0].get("location")])[0]
        st.switch_page("pages/prefecture.py", query_params={"pref": code, "lang": t.lang})

with table_column:
    st.subheader(t("overview.ranking"))
    name = f"name_{t.lang}"
    selection = st.dataframe(
        section.ranking, key="ranking", hide_index=True, height=560, on_select="rerun", selection_mode="single-row",
        column_config={
            "rank": st.column_config.NumberColumn(t("overview.columns.rank"), help=t("overview.rank_by", metric=section.metric_label)),
            name: t("overview.columns.prefecture"),
            "count": st.column_config.NumberColumn(t("metric.short.count"), format="localized"),
            "share": st.column_config.NumberColumn(t("metric.short.share"), format="%.1f"),
            "per_10k": st.column_config.NumberColumn(t("metric.short.per_10k"), format="%.1f"),
            "growth": st.column_config.NumberColumn(t("metric.short.growth"), format="%+.1f"),
        })
    if selection and selection.selection.rows:
        code = section.ranking_codes[selection.selection.rows[0]]
        st.switch_page("pages/prefecture.py", query_params={"pref": code, "lang": t.lang})
    st.caption(t("overview.ranking_help"))
    components.downloads(section.ranking_export, stem=f"prefectures-{period}", key="ranking")

municipalities.top_municipalities_section()
