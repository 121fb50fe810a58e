"""Take-away files: chart images (PNG, SVG), the briefing as a PowerPoint deck, and as a PDF.

The deck exports the slides of workforce.briefing (the same ones the presentation page shows), one
file slide per Slide: its title, its chart (or its bullets), its key figures, and at the bottom its
source line with the reference date. No Streamlit here.

Charts are drawn by kaleido 1.5 (plotly's `fig.to_image`), which drives a headless Chromium found
on the machine (Debian's /usr/bin/chromium). What the installed kaleido 1.5.0 / plotly 7.1 do,
read from their source and measured here (2 cores):

- `fig.to_image()` calls `kaleido.calc_fig_sync()`. With no server running, every call starts a new
  Chromium and closes it again: 4-6 s per chart. `kaleido.start_sync_server(**Kaleido options)`
  keeps one Chromium (in a daemon thread, closed at exit) that every later `to_image` uses:
  ~3 s for the first chart, then ~0.2-0.3 s each. `plotly.io.defaults` only holds sizes, format,
  plotly.js/MathJax paths and headers; it cannot keep a browser open.
- Kaleido's page loads MathJax from a CDN unless `mathjax=False`, and plotly.io.defaults cannot
  switch that off (only a path is passed on). We start the server with `mathjax=False`.
- Chromium's own background services still look up accounts.google.com, update.googleapis.com,
  clients2.google.com and start.duckduckgo.com (seen with strace). Kaleido passes no custom flags,
  but its `proxy_server` option becomes `--proxy-server`: pointing it at a closed local port keeps
  every such request on the machine. The chart page itself loads only local files.
- The server is not safe across threads (its answers come back through one shared queue), so
  renders are serialised by a lock. With the server, plotly's `kopts` are ignored with a
  UserWarning on every call; that one warning is silenced around the call.
- If the server's thread has died (Chromium failed to start) `is_running()` still says True and a
  call would wait forever, so its thread is checked and the server restarted when needed.
"""
from __future__ import annotations

import io
import re
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import plotly.graph_objects as go

from workforce.briefing import BriefingData, Slide
from workforce.charts.style import FONT as CHART_FONT
from workforce.i18n import Translator

FONT_NAME = "Noto Sans CJK JP"  # covers Japanese and Vietnamese (Latin Extended Additional)
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = {False: FONT_DIR / "NotoSansCJK-Regular.ttc", True: FONT_DIR / "NotoSansCJK-Bold.ttc"}
# Chromium's background services go through this proxy; nothing listens on the discard port.
NOWHERE_PROXY = "127.0.0.1:9"

# Slide geometry in inches (16:9), shared by the PowerPoint and the PDF pages.
SLIDE_SIZE = (13 + 1 / 3, 7.5)
TITLE_BOX = (0.5, 0.3, 12.33, 1.0)
CHART_BOX = (0.5, 1.4, 7.7, 4.9)
SIDE_BOX = (8.45, 1.4, 4.38, 4.9)  # wide enough for key figures that read from the back of a room
BODY_BOX = (0.6, 1.5, 12.1, 4.8)
FOOTER_BOX = (0.5, 6.45, 12.33, 0.9)
# The chart is drawn at this CSS size (so the 22 px presentation font reads ~11 pt on the slide)
# and at twice the pixels, sharp on a projector.
CHART_PX = (1200, 700)
CHART_SCALE = 2

TITLE_SIZES = (30, 26, 22, 20)
BODY_SIZES = (28, 24, 22, 20, 18, 16, 14)
SIDE_SIZES = (28, 26, 24, 22, 20, 18, 16)
FOOTER_SIZES = (12, 11, 10, 9)
LINE_HEIGHT = 1.45  # Noto Sans CJK's ascent + descent is ~1.45 em: PowerPoint spaces lines by it
TITLE_COLOUR = (0x1A, 0x1A, 0x1A)
TEXT_COLOUR = (0x26, 0x26, 0x26)
SOURCE_COLOUR = (0x55, 0x55, 0x55)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

_RENDER_LOCK = threading.Lock()


class RenderError(RuntimeError):
    """Charts cannot be drawn on this machine (no Chromium for kaleido); the message says how to fix it."""


# ---------------------------------------------------------------- chart images


def start_renderer() -> None:
    """Start (or check) the one Chromium that draws every chart of this process."""
    import kaleido

    server = kaleido._global_server  # the singleton behind start_sync_server(); it has no public liveness check
    thread = getattr(server, "_thread", None)
    if server.is_running() and (thread is None or thread.is_alive()):
        return
    if server.is_running():
        kaleido.stop_sync_server(silence_warnings=True)
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False) is not None
    except (ImportError, AttributeError):  # another choreographer layout: let kaleido report it
        found = True
    if not found:
        raise RenderError("drawing charts needs Chromium (apt-get install chromium fonts-noto-cjk)")
    kaleido.start_sync_server(mathjax=False, proxy_server=NOWHERE_PROXY, silence_warnings=True)


def offline_topojson_url() -> str:
    """The empty world topology the map's SVG choropleth asks for, as a data: URL ending in a fragment
    (plotly appends "/world_110m.json", which then lands in the fragment): kaleido's page fetches it
    from itself instead of from Plotly's CDN, which the offline proxy would refuse, failing the export."""
    import base64

    stub = (Path(__file__).resolve().parents[1] / "static" / "topojson" / "world_110m.json").read_bytes()
    return "data:application/json;base64," + base64.b64encode(stub).decode("ascii") + "#"


def _to_image(fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float) -> bytes:
    import plotly.io as pio

    with _RENDER_LOCK, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored if using a server")
        start_renderer()
        pio.defaults.topojson = offline_topojson_url()
        if isinstance(fig, dict):  # plain figure data (the slide charts): no copy, no re-validation
            return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale, validate=False)
        return fig.to_image(format=fmt, width=width, height=height, scale=scale)


def figure_png(fig: go.Figure | dict, width: int = 1600, height: int = 900, scale: float = 1, *,
               source: str | None = None) -> bytes:
    """The chart as a PNG of width × height CSS pixels (× scale); `source` adds the source line under it."""
    png = _to_image(fig, "png", width, height, scale)
    if source is None:
        return png
    from PIL import Image

    chart = Image.open(io.BytesIO(png)).convert("RGB")
    size, pad = round(16 * scale), round(20 * scale)
    font = _pil_font(size)
    lines = _wrap(source, font, chart.width - 2 * pad)
    step = round(size * 1.4)
    image = Image.new("RGB", (chart.width, chart.height + len(lines) * step + pad), "white")
    image.paste(chart, (0, 0))
    _draw_lines(image, lines, font, (pad, chart.height), step, SOURCE_COLOUR)
    return _png_bytes(image)


def figure_svg(fig: go.Figure | dict, width: int = 1600, height: int = 900, scale: float = 1, *,
               source: str | None = None) -> bytes:
    """The chart as SVG (text stays text); `source` adds the source line under it."""
    svg = _to_image(fig, "svg", width, height, scale)
    if source is None:
        return svg
    size, pad = 16, 20
    lines = _wrap(source, _pil_font(size), width - 2 * pad)
    step = round(size * 1.4)
    total = height + len(lines) * step + pad
    text = "".join(
        f'<text x="{pad}" y="{height + (i + 1) * step}" font-family="{escape(CHART_FONT)}" font-size="{size}" '
        f'fill="#555555">{escape(line)}</text>' for i, line in enumerate(lines))
    wrapper = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" viewBox="0 0 {width} {total}">'
               f'<rect width="{width}" height="{total}" fill="white"/>')
    return (wrapper + svg.decode("utf-8") + text + "</svg>").encode("utf-8")


def _slide_chart_png(fig: go.Figure) -> bytes:
    """The chart for a slide: the slide carries the title as text, so the figure loses its own.

    Works on the figure's plain data (shallow copies of the changed parts): copying a Figure object
    costs more than drawing it.
    """
    spec = fig.to_plotly_json()
    layout = {**spec["layout"], "title": {"text": ""}, "margin": {**spec["layout"].get("margin", {}), "t": 20}}
    return figure_png({"data": spec["data"], "layout": layout}, *CHART_PX, scale=CHART_SCALE)


# ---------------------------------------------------------------- what each slide says


@dataclass(frozen=True)
class _Page:
    """One slide's content as the files lay it out."""

    title: str
    chart: bytes | None
    body: list[str]  # bullets in the body (slides without a chart)
    side: list[str]  # bullets beside the chart
    side_extra_heading: str | None
    side_extra: list[str]
    footer: str
    notes: str


def _deck_reference_date(slides: list[Slide], t: Translator) -> str | None:
    dates = sorted({d for s in slides for d in ISO_DATE.findall(s.source_line)})
    return t.period_with_date(dates[-1]) if dates else None


def _pages(slides: list[Slide], t: Translator, *, chart=None) -> list[_Page]:
    """What each slide says, with its chart drawn by `chart` (a PNG for PowerPoint by default)."""
    draw = chart or _slide_chart_png
    as_of = _deck_reference_date(slides, t)
    pages = []
    for slide in slides:
        footer = slide.source_line
        if as_of and not ISO_DATE.search(footer):
            footer += " " + t("deck.as_of", period=as_of)
        extra = [b for b in slide.bullets if b not in slide.key_figures] if slide.figure is not None else []
        notes = "\n".join([*slide.key_figures, *(b for b in slide.bullets if b not in slide.key_figures), "", footer])
        pages.append(_Page(
            title=slide.title,
            chart=draw(slide.figure) if slide.figure is not None else None,
            body=(slide.bullets or slide.key_figures) if slide.figure is None else [],
            side=slide.key_figures if slide.figure is not None else [],
            side_extra_heading=t("deck.initiatives") if extra and slide.kind == "prefecture" else None,
            side_extra=extra, footer=footer, notes=notes.strip()))
    return pages


def _side_paragraphs(page: _Page, extras: int) -> list[tuple[str, bool]]:
    """(text, is_bullet) for the panel beside the chart: the key figures, then `extras` further bullets."""
    paragraphs = [(text, True) for text in page.side]
    if extras:
        if page.side_extra_heading:
            paragraphs.append((page.side_extra_heading, False))
        paragraphs += [(text, True) for text in page.side_extra[:extras]]
    return paragraphs


def _fitted_side(page: _Page) -> tuple[list[tuple[str, bool]], int]:
    """The side panel with as much as fits: the key figures and as many further bullets as there is room for."""
    for extras in range(len(page.side_extra), -1, -1):
        paragraphs = _side_paragraphs(page, extras)
        size = _fit([p for p, _ in paragraphs], SIDE_BOX, SIDE_SIZES[:4] if extras else SIDE_SIZES, bullet=True)
        if size is not None:
            return paragraphs, size
    return paragraphs, SIDE_SIZES[-1]


# ---------------------------------------------------------------- text measurement (shared by both files)


@lru_cache(maxsize=64)
def _pil_font(size: int, bold: bool = False):
    from PIL import ImageFont

    path = FONT_FILES[bold]
    if not path.exists():
        raise RenderError(f"{path} not found: install the Noto CJK fonts (apt-get install fonts-noto-cjk)")
    return ImageFont.truetype(str(path), size, index=0)  # index 0 is Noto Sans CJK JP


def _wrap(text: str, font, max_width: float) -> list[str]:
    """Greedy line breaking: at spaces where the line has one, else between any two characters (CJK).

    Widths are summed per character (kerning ignored: the boxes keep a margin for it).
    """
    advance = _advances(font)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, width = "", 0.0
        for char in paragraph:
            step = advance.get(char)
            if step is None:
                step = advance[char] = font.getlength(char)
            if width + step <= max_width or not line:
                line, width = line + char, width + step
                continue
            cut = line.rfind(" ")
            if char == " ":
                lines.append(line)
                line = ""
            elif cut > 0:
                lines.append(line[:cut])
                line = line[cut + 1:] + char
            else:
                lines.append(line)
                line = char
            width = sum(advance[c] for c in line)
        lines.append(line)
    return lines


_ADVANCES: dict[tuple, dict[str, float]] = {}


def _advances(font) -> dict[str, float]:
    """Per-font cache of character widths."""
    return _ADVANCES.setdefault((font.path, font.index, font.size), {})


def _fit(paragraphs: list[str], box: tuple[float, float, float, float], sizes: tuple[int, ...], *,
         bullet: bool = False, bold: bool = False) -> int | None:
    """The largest font size (pt) at which the paragraphs fit the box, or None."""
    width_pt, height_pt = box[2] * 72, box[3] * 72
    for size in sizes:
        indent = size * 1.2 if bullet else 0
        font = _pil_font(size, bold)
        lines = sum(len(_wrap(p, font, width_pt - indent - 14)) for p in paragraphs)
        if lines * size * LINE_HEIGHT + len(paragraphs) * size * 0.4 <= height_pt - 10:
            return size
    return None


def _size(paragraphs: list[str], box, sizes, **options) -> int:
    return _fit(paragraphs, box, sizes, **options) or sizes[-1]


# ---------------------------------------------------------------- PowerPoint


def build_pptx(slides: list[Slide], t: Translator) -> bytes:
    """A 16:9 PowerPoint deck, one slide per Slide, with the key figures in the speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_SIZE[0]), Inches(SLIDE_SIZE[1])
    title_only = deck.slide_layouts[5]
    for page in _pages(slides, t):
        slide = deck.slides.add_slide(title_only)
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = (Inches(v) for v in TITLE_BOX)
        _fill(title.text_frame, [(page.title, False)], _size([page.title], TITLE_BOX, TITLE_SIZES, bold=True),
              bold=True, colour=TITLE_COLOUR, anchor="middle")
        if page.chart is not None:
            left, top, width, height = (Inches(v) for v in CHART_BOX)
            picture = slide.shapes.add_picture(io.BytesIO(page.chart), left, top, width=width, height=height)
            picture.name = "chart"
            paragraphs, size = _fitted_side(page)
            if paragraphs:
                _fill(_text_box(slide, SIDE_BOX), paragraphs, size, colour=TEXT_COLOUR)
        else:
            _fill(_text_box(slide, BODY_BOX), [(b, True) for b in page.body],
                  _size(page.body, BODY_BOX, BODY_SIZES, bullet=True), colour=TEXT_COLOUR)
        _fill(_text_box(slide, FOOTER_BOX, "source"), [(page.footer, False)],
              _size([page.footer], FOOTER_BOX, FOOTER_SIZES), colour=SOURCE_COLOUR, anchor="bottom")
        slide.notes_slide.notes_text_frame.text = page.notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _text_box(slide, box, name: str | None = None):
    from pptx.util import Inches

    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    if name:
        shape.name = name
    return shape.text_frame


def _fill(frame, paragraphs: list[tuple[str, bool]], size: int, *, bold: bool = False,
          colour: tuple[int, int, int], anchor: str = "top") -> None:
    """Write paragraphs ((text, is_bullet)) into a text frame in the CJK-capable font."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}[anchor]
    frame.clear()
    for index, (text, is_bullet) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        _set_font(run, size, bold or not is_bullet and len(paragraphs) > 1, colour)
        if index:
            paragraph.space_before = Pt(size * 0.4)
        if is_bullet:
            _bullet(paragraph, size)


def _set_font(run, size: int, bold: bool, colour: tuple[int, int, int]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    font = run.font
    font.size, font.bold, font.name = Pt(size), bold, FONT_NAME
    font.color.rgb = RGBColor(*colour)
    latin = run._r.get_or_add_rPr().find(qn("a:latin"))
    for tag in ("a:cs", "a:ea"):  # East Asian text uses a:ea, so name the font there too (order: latin, ea, cs)
        element = OxmlElement(tag)
        element.set("typeface", FONT_NAME)
        latin.addnext(element)


def _bullet(paragraph, size: int) -> None:
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(Pt(size * 1.2)))
    properties.set("indent", str(-Pt(size * 1.2)))
    for tag in ("a:buNone", "a:buChar"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    char = OxmlElement("a:buChar")
    char.set("char", "•")
    properties.append(char)


# ---------------------------------------------------------------- PDF


def build_pdf(slides: list[Slide], t: Translator) -> bytes:
    """One 16:9 page per Slide (title, chart or bullets, key figures, source line), with real text.

    The pages are HTML printed by the same headless Chromium that draws the charts: titles, key figures
    and source lines are text, and the charts are SVG, so their labels are text too. Chromium embeds
    the fonts (Noto Sans CJK: Japanese and Vietnamese), so a reader can search and copy any figure.
    """
    import subprocess
    import tempfile

    browser = _chromium_path()
    document = _pdf_html(_pages(slides, t, chart=_slide_chart_svg), slides[0].title if slides else "")
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


def _chromium_path() -> str:
    found = chromium_path()
    if found is None:
        raise RenderError("printing the deck needs Chromium (apt-get install chromium fonts-noto-cjk)")
    return found


def chromium_path() -> str | None:
    """The Chromium that draws charts and prints decks: BROWSER_PATH where set (as kaleido's choreographer
    reads it), else Debian's `chromium` on the PATH; None when there is none."""
    import os
    import shutil

    named = os.environ.get("BROWSER_PATH")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def renderer_available() -> bool:
    """Whether images, PowerPoint and PDF files can be made on this server."""
    return chromium_path() is not None


def _slide_chart_svg(fig: go.Figure) -> bytes:
    """The slide's chart as SVG without its own title (the page carries it as text)."""
    spec = fig.to_plotly_json()
    layout = {**spec["layout"], "title": {"text": ""}, "margin": {**spec["layout"].get("margin", {}), "t": 20}}
    return figure_svg({"data": spec["data"], "layout": layout}, *CHART_PX)


def _pdf_html(pages: list[_Page], title: str) -> str:
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
        parts = [box(TITLE_BOX, f'<h1 style="font-size:{_size([page.title], TITLE_BOX, TITLE_SIZES, bold=True)}pt">'
                                f"{html_escape(page.title)}</h1>", "display:flex;align-items:center")]
        if page.chart is not None:
            svg = page.chart.decode("utf-8")
            parts.append(box(CHART_BOX, svg[svg.index("<svg"):], "display:flex"))
            side, size = _fitted_side(page)
            parts.append(box(SIDE_BOX, paragraphs(side, size)))
        else:
            size = _size(page.body, BODY_BOX, BODY_SIZES, bullet=True)
            parts.append(box(BODY_BOX, paragraphs([(b, True) for b in page.body], size)))
        footer_size = _size([page.footer], FOOTER_BOX, FOOTER_SIZES)
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


def _draw_lines(image, lines: list[str], font, origin: tuple[int, int], step: int, colour) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    x, y = origin
    for line in lines:
        draw.text((x, y), line, font=font, fill=colour)
        y += step


def _png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


# ---------------------------------------------------------------- inputs


def briefing_data(figures: pd.DataFrame, municipal: pd.DataFrame | None = None) -> BriefingData:
    """The active figures with the bundled reference tables: what build_slides reads."""
    from workforce import bundled
    from workforce.prefectures import prefectures

    return BriefingData(figures=figures, prefectures=prefectures(), labels=bundled.breakdown_labels(),
                        initiatives=bundled.initiatives(), shapes=bundled.prefecture_shapes(), municipal=municipal)
