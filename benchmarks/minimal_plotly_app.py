"""Second baseline: the minimal app plus one tiny plotly chart (the floor of any page with a chart)."""
import plotly.graph_objects as go
import streamlit as st

st.title("Minimal app")
st.write("ready")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2], y=[1, 2])))
