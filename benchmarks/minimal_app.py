"""The baseline: a near-empty Streamlit app. Every page is measured against it in the same run."""
import streamlit as st

st.title("Minimal app")
st.write("ready")
