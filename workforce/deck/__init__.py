"""Take-away files of a briefing: the slides of workforce.briefing (the ones the presentation page
shows) as a PowerPoint deck and as a PDF, one file slide per Slide: its title, its chart (or its
bullets), its key figures, and at the bottom its source line with the reference date. No Streamlit.

layout.py (where things sit), pages.py (what each slide says), pptx.py and pdf.py (the two files).
Chart images come from workforce/chart_images.py, fonts and line breaking from workforce/text_fit.py.
"""
from workforce.deck.pdf import build_pdf
from workforce.deck.pptx import build_pptx

__all__ = ["build_pdf", "build_pptx"]
