"""Rerun baseline: a near-empty app whose button reruns the script; interactions are measured against it."""
import streamlit as st

st.session_state.runs = st.session_state.get("runs", 0) + 1
st.title("Minimal rerun app")
st.button("Rerun")
st.write(f"run {st.session_state.runs}")
