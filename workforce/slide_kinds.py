"""The kinds of slide a briefing can hold: the words a saved briefing is stored with.

Both the slide layer (workforce/briefing.py, which builds one slide per kind) and the store
(store/briefings.py, which refuses a kind it does not know) read them here, so the store never
imports the slide layer and its charts.
"""
SLIDE_KINDS = ("headline", "map", "top", "growth", "status", "prefecture", "where", "sources")
# "where" (where in the prefecture, by municipality) is chosen, not shown by default.
DEFAULT_SLIDES = ("headline", "map", "top", "growth", "status", "prefecture", "sources")
