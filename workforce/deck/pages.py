"""What each slide of the deck says and shows, laid out for the files (PowerPoint and PDF alike)."""
from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from workforce.briefing import Slide
from workforce.chart_images import figure_png, figure_svg
from workforce.deck.layout import CHART_PX, CHART_SCALE, ISO_DATE, SIDE_BOX, SIDE_SIZES
from workforce.i18n import Translator
from workforce.text_fit import fit


@dataclass(frozen=True)
class Page:
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


def pages(slides: list[Slide], t: Translator, *, chart=None) -> list[Page]:
    """What each slide says, with its chart drawn by `chart` (a PNG for PowerPoint by default)."""
    draw = chart or slide_chart_png
    as_of = _deck_reference_date(slides, t)
    pages = []
    for slide in slides:
        footer = slide.source_line
        if as_of and not ISO_DATE.search(footer):
            footer += " " + t("deck.as_of", period=as_of)
        extra = [b for b in slide.bullets if b not in slide.key_figures] if slide.figure is not None else []
        notes = "\n".join([*slide.key_figures, *(b for b in slide.bullets if b not in slide.key_figures), "", footer])
        pages.append(Page(
            title=slide.title,
            chart=draw(slide.figure) if slide.figure is not None else None,
            body=(slide.bullets or slide.key_figures) if slide.figure is None else [],
            side=slide.key_figures if slide.figure is not None else [],
            side_extra_heading=t("deck.initiatives") if extra and slide.kind == "prefecture" else None,
            side_extra=extra, footer=footer, notes=notes.strip()))
    return pages


def _side_paragraphs(page: Page, extras: int) -> list[tuple[str, bool]]:
    """(text, is_bullet) for the panel beside the chart: the key figures, then `extras` further bullets."""
    paragraphs = [(text, True) for text in page.side]
    if extras:
        if page.side_extra_heading:
            paragraphs.append((page.side_extra_heading, False))
        paragraphs += [(text, True) for text in page.side_extra[:extras]]
    return paragraphs


def fitted_side(page: Page) -> tuple[list[tuple[str, bool]], int]:
    """The side panel with as much as fits: the key figures and as many further bullets as there is room for."""
    for extras in range(len(page.side_extra), -1, -1):
        paragraphs = _side_paragraphs(page, extras)
        size = fit([p for p, _ in paragraphs], SIDE_BOX, SIDE_SIZES[:4] if extras else SIDE_SIZES, bullet=True)
        if size is not None:
            return paragraphs, size
    return paragraphs, SIDE_SIZES[-1]


def slide_chart_png(fig: go.Figure) -> bytes:
    """The chart for a slide: the slide carries the title as text, so the figure loses its own.

    Works on the figure's plain data (shallow copies of the changed parts): copying a Figure object
    costs more than drawing it.
    """
    spec = fig.to_plotly_json()
    layout = {**spec["layout"], "title": {"text": ""}, "margin": {**spec["layout"].get("margin", {}), "t": 20}}
    return figure_png({"data": spec["data"], "layout": layout}, *CHART_PX, scale=CHART_SCALE)


def slide_chart_svg(fig: go.Figure) -> bytes:
    """The slide's chart as SVG without its own title (the page carries it as text)."""
    spec = fig.to_plotly_json()
    layout = {**spec["layout"], "title": {"text": ""}, "margin": {**spec["layout"].get("margin", {}), "t": 20}}
    return figure_svg({"data": spec["data"], "layout": layout}, *CHART_PX)

