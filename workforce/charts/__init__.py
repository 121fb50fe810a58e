"""Tidy tables → plotly figures. No Streamlit and no store access here."""
