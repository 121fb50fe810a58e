"""Data & sources: every source behind the active figures, what was left out and why, and downloads."""
import pandas as pd
import streamlit as st

from workforce import bundled, sources
from workforce.store import list_releases
from workforce.ui import components, data
from workforce.ui.navigation import require_navigation

require_navigation()

figures = data.figures()
st.title("Data & sources")
st.markdown(
    "Every figure carries its source. **Official** figures were read in the ministry's own table (ISA press-release "
    "workbooks); **secondary** figures were read in newspapers or sites quoting the release, and are marked so in "
    "every chart. Publishers: Immigration Services Agency of Japan (出入国在留管理庁, residents, end of June and "
    "December) and Ministry of Health, Labour and Welfare (厚生労働省, workers reported by employers, end of October). "
    "出典: 出入国在留管理庁「在留外国人統計」, 厚生労働省「外国人雇用状況の届出状況」; shares, rates and growth are "
    "computed by this project and are not government figures.")

st.subheader("Sources")
components.source_table(sources.source_list(figures), key="sources_list")

st.subheader("Figures")
st.caption(f"{len(figures):,} figures in the active data. Download exactly these rows:")
components.downloads(figures.drop(columns=["release_id"]), stem="vietnamese-in-japan-figures", key="all_figures")
with st.expander("Show the figures table"):
    st.dataframe(figures, hide_index=True, width="stretch",
                 column_config={"source_url": st.column_config.LinkColumn("source URL")})

st.subheader("Left out, and why")
excluded = pd.read_csv(bundled.excluded_figures_file(), dtype=str)
st.caption("Reference rows not in the bundled dataset: derived by arithmetic, low confidence, reference period "
           "inferred, or on the pre-2012 registration basis that cannot be joined to the 2012+ series.")
st.dataframe(excluded, hide_index=True, width="stretch")

st.subheader("Releases")
st.caption("The data is stored as numbered, immutable releases; the first is the bundled dataset.")
st.dataframe(list_releases(data.store_engine()), hide_index=True, width="stretch")

st.subheader("Prefecture shapes and population")
st.caption(components.escape(bundled.prefecture_shapes().get("attribution", "")))
st.caption("Population: 2020 Census final counts and 1 October 2024 estimates, Statistics Bureau of Japan "
           "(https://www.stat.go.jp/data/jinsui/2024np/index.html).")
