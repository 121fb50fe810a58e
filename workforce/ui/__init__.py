"""The Streamlit side of the package: cached data access, URL state and shared page components.

This is the only part of `workforce` that imports Streamlit.
"""
