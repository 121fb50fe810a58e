"""Initiatives: every prefecture's and the national government's measures, searchable and filterable."""
import streamlit as st

from workforce import initiatives as catalogue
from workforce.prefectures import NATIONAL, PREFECTURE_CODES
from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation

require_navigation()

prefs = data.prefecture_table()
table = data.initiatives()
st.title("Initiatives")
st.caption("Measures by prefectures, cities and the national government for receiving and supporting foreign "
           "(mostly Vietnamese) residents and workers. Descriptions are the project's own summaries; each links "
           "to its source.")

places = [NATIONAL, *PREFECTURE_CODES]
focus_options = catalogue.focus_values(table)
first, last = catalogue.year_range(table)
top = st.columns([2, 2, 2])
text = top[0].text_input("Search title, organisation or description", key=url_state.seed("q", None, ""))
url_state.publish("q")
chosen_places = top[1].multiselect(
    "Prefecture", places, format_func=lambda c: "National (Japan)" if c == NATIONAL else prefs.name(c),
    key=url_state.seed("prefs", places, [], parse=lambda t: [prefs.match(p) for p in t.split(",") if p]))
url_state.publish("prefs", url_state.join_codes)
chosen_focus = top[2].multiselect("Focus", focus_options, format_func=catalogue.FOCUS_LABELS.get,
                                  key=url_state.seed("focus", focus_options, [], parse=lambda t: t.split(",")))
url_state.publish("focus", url_state.join_codes)
bottom = st.columns([3, 1])
years = bottom[0].slider("Year", first, last, key=url_state.seed(
    "years", None, (first, last), parse=catalogue.parse_year_range))
url_state.publish("years", lambda r: f"{r[0]}-{r[1]}")
undated = bottom[1].checkbox("Include initiatives without a year", value=True)

found = catalogue.filter_initiatives(table, text=text, places=chosen_places, focus=chosen_focus,
                                     years=tuple(years), include_undated=undated)
st.write(f"{len(found)} of {len(table)} initiatives")
found = found.sort_values(["prefecture_code", "year"], ascending=[True, False])
for _, row in found.iterrows():
    place = "National (Japan)" if row["prefecture_code"] == NATIONAL else prefs.name(row["prefecture_code"])
    components.initiative_card(row, show_prefecture=place)
    if row["prefecture_code"] != NATIONAL:
        st.page_link("pages/prefecture.py", label=f"{place}: profile", query_params={"pref": row["prefecture_code"]})
components.downloads(found.drop(columns=["focus_list"]), stem="initiatives", key="initiatives")
