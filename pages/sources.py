"""Data & sources: every source behind the active figures, what was left out and why, and downloads."""
import streamlit as st

from workforce.ui import auth, components, data, store_access
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator
from workforce.views.sources import releases_shown, sources_view

require_navigation()

t = translator()
view = data.view(sources_view)
st.title(t("nav.sources"))
st.markdown(t("sources.intro"))

st.subheader(t("sources.sources"))
components.source_table(view.source_list, key="sources_list")

st.subheader(t("sources.figures"))
st.caption(t("sources.figures_note", count=t.count(view.count)))
components.downloads(view.download, stem="vietnamese-in-japan-figures", key="all_figures")
if box := components.folded(t("sources.show_figures"), key="sources_show_figures"):
    with box:
        components.table(view.figures, width="stretch")

st.subheader(t("sources.left_out"))
st.caption(t("sources.left_out_note"))
components.table(view.excluded, width="stretch")

st.subheader(t("sources.releases"))
st.caption(t("sources.releases_note"))
releases = releases_shown(store_access.releases(), analyst=bool(auth.signed_in_analyst()))
components.table(releases, width="stretch", first=("id", "active"))  # is it active: never cut off

st.subheader(t("sources.shapes"))
st.caption(t("sources.shapes_note"))  # the outlines' attribution, in the reader's language
st.caption(t("sources.population"))
st.caption(t("sources.readings"))  # where the English and Vietnamese readings of municipal names come from
