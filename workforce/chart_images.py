"""A chart as a PNG or SVG file, drawn by kaleido's Chromium, with its source line under it.

Every page's PNG/SVG download and every slide's chart come from here (see workforce/renderer.py
for how the one Chromium is kept and kept offline).
"""
from __future__ import annotations

import io
import threading
import warnings
from pathlib import Path
from xml.sax.saxutils import escape

import plotly.graph_objects as go

from workforce.charts.style import FONT as CHART_FONT
from workforce.renderer import start_renderer
from workforce.text_fit import draw_lines, pil_font, png_bytes, wrap

SOURCE_COLOUR = (0x55, 0x55, 0x55)
_RENDER_LOCK = threading.Lock()



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
    font = pil_font(size)
    lines = wrap(source, font, chart.width - 2 * pad)
    step = round(size * 1.4)
    image = Image.new("RGB", (chart.width, chart.height + len(lines) * step + pad), "white")
    image.paste(chart, (0, 0))
    draw_lines(image, lines, font, (pad, chart.height), step, SOURCE_COLOUR)
    return png_bytes(image)


def figure_svg(fig: go.Figure | dict, width: int = 1600, height: int = 900, scale: float = 1, *,
               source: str | None = None) -> bytes:
    """The chart as SVG (text stays text); `source` adds the source line under it."""
    svg = _to_image(fig, "svg", width, height, scale)
    if source is None:
        return svg
    size, pad = 16, 20
    lines = wrap(source, pil_font(size), width - 2 * pad)
    step = round(size * 1.4)
    total = height + len(lines) * step + pad
    text = "".join(
        f'<text x="{pad}" y="{height + (i + 1) * step}" font-family="{escape(CHART_FONT)}" font-size="{size}" '
        f'fill="#555555">{escape(line)}</text>' for i, line in enumerate(lines))
    wrapper = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" viewBox="0 0 {width} {total}">'
               f'<rect width="{width}" height="{total}" fill="white"/>')
    return (wrapper + svg.decode("utf-8") + text + "</svg>").encode("utf-8")

