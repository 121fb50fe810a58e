"""The briefing as a PDF with real text: HTML pages printed by headless Chromium, charts as SVG."""
from __future__ import annotations

from pathlib import Path

from workforce.briefing import Slide
from workforce.deck.layout import (BODY_BOX, BODY_SIZES, CHART_BOX, FOOTER_BOX, FOOTER_SIZES, SIDE_BOX, SLIDE_SIZE,
                                   TITLE_BOX, TITLE_SIZES)
from workforce.deck.pages import Page, fitted_side, pages, slide_chart_svg
from workforce.i18n import Translator
from workforce.renderer import NOWHERE_PROXY, RenderError, require_chromium
from workforce.text_fit import FONT_NAME, LINE_HEIGHT, size_that_fits


def build_pdf(slides: list[Slide], t: Translator) -> bytes:
    """One 16:9 page per Slide (title, chart or bullets, key figures, source line), with real text.

    The pages are HTML printed by the same headless Chromium that draws the charts: titles, key figures
    and source lines are text, and the charts are SVG, so their labels are text too. Chromium embeds
    the fonts (Noto Sans CJK: Japanese and Vietnamese), so a reader can search and copy any figure.
    """
    import subprocess
    import tempfile

    browser = require_chromium()
    document = _pdf_html(pages(slides, t, chart=slide_chart_svg), slides[0].title if slides else "")
    with tempfile.TemporaryDirectory(prefix="workforce-deck-") as folder:
        page, out = Path(folder) / "deck.html", Path(folder) / "deck.pdf"
        page.write_text(document, encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                   "--disable-background-networking", "--disable-component-update", f"--proxy-server={NOWHERE_PROXY}",
                   f"--user-data-dir={Path(folder) / 'profile'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={out}", page.as_uri()]
        finished = subprocess.run(command, capture_output=True, timeout=120, check=False)
        if not out.exists():
            raise RenderError(f"Chromium could not print the deck (exit {finished.returncode})")
        return out.read_bytes()


def _pdf_html(pages: list[Page], title: str) -> str:
    """The pages as HTML boxes at the slide geometry; every text from data is escaped."""
    from html import escape as html_escape

    def box(geometry, body: str, css: str = "") -> str:
        left, top, width, height = geometry
        return (f'<div style="position:absolute;left:{left}in;top:{top}in;width:{width}in;height:{height}in;'
                f'overflow:hidden;{css}">{body}</div>')

    def paragraphs(items: list[tuple[str, bool]], size: int) -> str:
        return "".join(f'<p class="{"bullet" if bullet else "heading"}" style="font-size:{size}pt">'
                       f"{html_escape(text)}</p>" for text, bullet in items)

    slides = []
    for page in pages:
        parts = [box(TITLE_BOX, f'<h1 style="font-size:{size_that_fits([page.title], TITLE_BOX, TITLE_SIZES, bold=True)}pt">'
                                f"{html_escape(page.title)}</h1>", "display:flex;align-items:center")]
        if page.chart is not None:
            svg = page.chart.decode("utf-8")
            parts.append(box(CHART_BOX, svg[svg.index("<svg"):], "display:flex"))
            side, size = fitted_side(page)
            parts.append(box(SIDE_BOX, paragraphs(side, size)))
        else:
            size = size_that_fits(page.body, BODY_BOX, BODY_SIZES, bullet=True)
            parts.append(box(BODY_BOX, paragraphs([(b, True) for b in page.body], size)))
        footer_size = size_that_fits([page.footer], FOOTER_BOX, FOOTER_SIZES)
        parts.append(box(FOOTER_BOX, f'<p class="footer" style="font-size:{footer_size}pt">{html_escape(page.footer)}</p>',
                         "display:flex;align-items:flex-end"))
        slides.append(f'<section class="slide">{"".join(parts)}</section>')
    width, height = SLIDE_SIZE
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html_escape(title)}</title><style>
@page {{ size: {width}in {height}in; margin: 0 }}
html, body {{ margin: 0; padding: 0 }}
body {{ font-family: "{FONT_NAME}", "Noto Sans CJK JP", sans-serif; color: #262626; line-height: {LINE_HEIGHT} }}
.slide {{ position: relative; width: {width}in; height: {height}in; overflow: hidden; page-break-after: always }}
h1 {{ margin: 0; color: #1a1a1a; line-height: 1.25 }}
p {{ margin: 0 0 0.4em 0 }}
p.bullet {{ padding-left: 1.2em; text-indent: -1.2em }}
p.bullet::before {{ content: "• "; }}
p.heading {{ font-weight: bold }}
p.footer {{ color: #555555; margin: 0 }}
svg {{ width: 100%; height: 100% }}
</style></head><body>{"".join(slides)}</body></html>"""

