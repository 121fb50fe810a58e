"""Data & sources: every source behind the active figures, what was left out and why, and downloads."""
import pandas as pd
import streamlit as st

from workforce import bundled, sources
from workforce.store import list_releases
from workforce.ui import auth, components, data
from workforce.ui.language import translator
from workforce.ui.navigation import require_navigation

require_navigation()

# What anyone may see of a release: when, what kind, how big, its checksum, whether it is active.
PUBLIC_RELEASE_COLUMNS = ["id", "created_at", "kind", "format", "row_count", "sha256", "active"]

t = translator()
figures = data.figures()
st.title(t("nav.sources"))
st.markdown(t("sources.intro"))

st.subheader(t("sources.sources"))
components.source_table(data.arrow(("source_list",), lambda: sources.source_list(figures)), key="sources_list")

st.subheader(t("sources.figures"))
st.caption(t("sources.figures_note", count=t.count(len(figures))))
components.downloads(data.shared(("figures_without_release",), lambda: figures.drop(columns=["release_id"])),
                     stem="vietnamese-in-japan-figures", key="all_figures")
if box := components.folded(t("sources.show_figures"), key="sources_show_figures"):
    with box:
        components.table(data.arrow(("figures",), lambda: figures), width="stretch")

st.subheader(t("sources.left_out"))
st.caption(t("sources.left_out_note"))
components.table(data.arrow(("excluded",), lambda: pd.read_csv(bundled.excluded_figures_file(), dtype=str)),
                 width="stretch")

st.subheader(t("sources.releases"))
st.caption(t("sources.releases_note"))
releases = list_releases(data.store_engine())
if not auth.signed_in_analyst():  # who made a release, its file and note are for analysts (issue 14)
    releases = releases[[column for column in PUBLIC_RELEASE_COLUMNS if column in releases.columns]]
components.table(releases, width="stretch", first=("id", "active"))  # is it active: never cut off

st.subheader(t("sources.shapes"))
st.caption(t("sources.shapes_note"))  # the outlines' attribution, in the reader's language
st.caption(t("sources.population"))
st.caption(t("sources.readings"))  # where the English and Vietnamese readings of municipal names come from
