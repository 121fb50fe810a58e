"""What each page shows, computed without Streamlit.

A view is a plain function `(figures, *params, t) -> what the page draws`: frames, texts, and charts
as ChartParts. It reads nothing but its arguments (and the bundled reference files), so it can be
tested and cached as it is: the ui layer (workforce/ui/data.py `view`) derives the cache key from
the function, its parameters and the language, and shares the result with every session. A page
reads its inputs (widgets, URL), calls its views, and draws what they return.
"""
