"""Overview: national headline figures, the prefecture map (geographic or tile grid) and the ranking."""
import streamlit as st

from workforce import formatting, metrics
from workforce.charts import maps
from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation

require_navigation()

figures = data.figures()
st.title("Vietnamese residents and workers in Japan")
st.caption("ISA counts residents (everyone with a residence status); MHLW counts workers reported by "
           "employers. They are different statistics at different dates and are never added together.")

left, right = st.columns(2)
with left:
    components.headline_card("Vietnamese residents (ISA)", metrics.headline(figures, "residents"),
                             gap_reason="No resident figure is stored.")
with right:
    components.headline_card("Vietnamese workers (MHLW)", metrics.headline(figures, "workers"),
                             gap_reason="No worker figure is stored.")

periods = metrics.complete_periods(figures)
if not periods:
    st.warning("No period has Vietnamese resident figures for all 47 prefectures, so the map cannot be drawn.")
    st.stop()

VIEWS = {"geo": "Geographic map", "tiles": "Tile grid (equal area)"}
controls = st.columns([2, 1, 1])
metric = controls[0].radio("Colour prefectures by", list(metrics.MAP_METRICS), horizontal=True,
                           format_func=metrics.MAP_METRICS.get,
                           key=url_state.seed("metric", list(metrics.MAP_METRICS), "count"))
url_state.publish("metric")
period = controls[1].selectbox("Reference date", periods, format_func=formatting.period,
                               key=url_state.seed("period", periods, periods[-1]))
url_state.publish("period")
view = controls[2].radio("View", list(VIEWS), format_func=VIEWS.get, horizontal=True,
                         key=url_state.seed("view", list(VIEWS), "geo"))
url_state.publish("view")

table = data.prefecture_snapshot(period)
metric_label = metrics.MAP_METRICS[metric]
if metric == "growth" and table["growth"].isna().all():
    st.info(f"Growth needs an earlier complete set of prefecture figures; none is published before "
            f"{formatting.period(period)}. Choose a later reference date.")

map_rows = metrics.snapshot_sources(figures, period)
title = f"{metric_label}, {formatting.short_period(period)}"
map_column, table_column = st.columns([3, 2])
with map_column:
    fig = (maps.geographic_map(table, data.prefecture_shapes(), metric, metric_label, title) if view == "geo"
           else maps.tile_map(table, metric, metric_label, title))
    event = components.chart(fig, map_rows, key=f"map_{view}", on_select="rerun")
    st.caption("Click a prefecture to open its profile. Per 10,000 inhabitants uses the 1 October 2024 "
               "population estimate (Statistics Bureau of Japan).")
    points = event.selection.points if event else []
    if points:
        code = (points[0].get("customdata") or [points[0].get("location")])[0]
        st.switch_page("pages/prefecture.py", query_params={"pref": code})

with table_column:
    st.subheader("Ranking")
    ranked = table.sort_values(metric, ascending=False, na_position="last")
    ranked = ranked.assign(rank=ranked[metric].rank(ascending=False, method="min").astype("Int64"))
    shown = ranked[["rank", "name_en", "name_ja", "count", "share", "per_10k", "growth"]]
    selection = st.dataframe(
        shown, key="ranking", hide_index=True, height=560, on_select="rerun", selection_mode="single-row",
        column_config={
            "rank": st.column_config.NumberColumn("rank", help=f"Rank by {metric_label.lower()}"),
            "name_en": "prefecture", "name_ja": "都道府県",
            "count": st.column_config.NumberColumn("Vietnamese residents", format="localized"),
            "share": st.column_config.NumberColumn("share of foreign residents %", format="%.1f"),
            "per_10k": st.column_config.NumberColumn("per 10,000", format="%.1f"),
            "growth": st.column_config.NumberColumn("growth %", format="%+.1f"),
        })
    if selection and selection.selection.rows:
        code = ranked.iloc[selection.selection.rows[0]]["prefecture_code"]
        st.switch_page("pages/prefecture.py", query_params={"pref": code})
    st.caption("Select a row to open the prefecture's profile.")
    components.downloads(ranked.drop(columns=["tile_row", "tile_col"]), stem=f"prefectures-{period}", key="ranking")
