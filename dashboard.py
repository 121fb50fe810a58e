"""Entry point: page config and the explicit page list. Run with `streamlit run dashboard.py`."""
import streamlit as st

st.set_page_config(page_title="Vietnamese residents and workers in Japan", page_icon="assets/favicon.png",
                   layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/map:", url_path="overview", default=True),
    st.Page("pages/prefecture.py", title="Prefecture profile", icon=":material/location_city:", url_path="prefecture"),
    st.Page("pages/trends.py", title="Trends", icon=":material/show_chart:", url_path="trends"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/initiatives.py", title="Initiatives", icon=":material/handshake:", url_path="initiatives"),
    st.Page("pages/symposium.py", title="Symposium 2024", icon=":material/record_voice_over:", url_path="symposium"),
    st.Page("pages/sources.py", title="Data & sources", icon=":material/dataset:", url_path="sources"),
    st.Page("pages/update.py", title="Update data", icon=":material/upload_file:", url_path="update"),
]

st.navigation(PAGES).run()
