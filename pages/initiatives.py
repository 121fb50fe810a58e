"""Initiatives: every prefecture's and the national government's measures, searchable and filterable."""
import streamlit as st

from workforce import initiatives as catalogue
from workforce.prefectures import NATIONAL, PREFECTURE_CODES
from workforce.ui import components, data, url_state
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator

require_navigation()

t = translator()
prefs = data.prefectures()
table = data.initiatives()
st.title(t("nav.initiatives"))
st.caption(t("initiatives.intro"))

places = [NATIONAL, *PREFECTURE_CODES]
focus_options = catalogue.focus_values(table)
first, last = catalogue.year_range(table)
top = st.columns([2, 2, 2])
text = top[0].text_input(t("initiatives.search"), key=url_state.seed("q", None, ""))
url_state.publish("q")
chosen_places = top[1].multiselect(
    t("common.prefecture"), places, format_func=lambda c: prefs.name(c, t.lang), placeholder=t("common.choose"),
    key=url_state.seed("prefs", places, [], parse=lambda text: [prefs.match(p) for p in text.split(",") if p]))
url_state.publish("prefs", url_state.join_codes)
chosen_focus = top[2].multiselect(t("initiatives.focus_label"), focus_options, format_func=lambda f: t(f"focus.{f}"),
                                  placeholder=t("common.choose"),
                                  key=url_state.seed("focus", focus_options, [], parse=lambda text: text.split(",")))
url_state.publish("focus", url_state.join_codes)
bottom = st.columns([3, 1])
years = bottom[0].slider(t("initiatives.year"), first, last, key=url_state.seed(
    "years", None, (first, last), parse=catalogue.parse_year_range, valid=lambda r: first <= r[0] <= r[1] <= last))
url_state.publish("years", lambda r: f"{r[0]}-{r[1]}")
undated = bottom[1].checkbox(t("initiatives.include_undated"), value=True)

found = catalogue.filter_initiatives(table, text=text, places=chosen_places, focus=chosen_focus,
                                     years=tuple(years), include_undated=undated)
st.write(t("initiatives.count", shown=len(found), total=len(table)))
found = found.sort_values(["prefecture_code", "year"], ascending=[True, False])
# Cards come in pages of PAGE: a hundred cards at once made this page twice as slow to show.
PAGE = 20
shown = st.session_state.setdefault("initiatives_shown", PAGE)
for _, row in found.head(shown).iterrows():
    place = prefs.name(row["prefecture_code"], t.lang)
    components.initiative_card(row, show_prefecture=place)
    if row["prefecture_code"] != NATIONAL:
        st.page_link("pages/prefecture.py", label=t("initiatives.profile_link", place=place),
                     query_params={"pref": row["prefecture_code"], "lang": t.lang})
if len(found) > shown:
    rest = len(found) - shown
    st.button(t("initiatives.show_more", count=min(PAGE, rest), rest=rest), icon=":material/expand_more:",
              on_click=lambda: st.session_state.update(initiatives_shown=shown + PAGE))
components.downloads(found.drop(columns=["focus_list"]), stem="initiatives", key="initiatives")
