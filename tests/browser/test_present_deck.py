"""The deck taken away from /present in a browser, then read back (issue 15): the PowerPoint with python-pptx
(its slides, every slide's source line, key figures readable from the back of a room) and the PDF's text
with pypdf (a figure and a prefecture's name, in each language).

Every test also fails if the page made a request beyond the app's own server (conftest `page`).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workforce import metrics
from workforce.i18n import Translator
from workforce.prefectures import load_prefectures

pytestmark = pytest.mark.browser

SLIDES = "headline,prefecture,sources"
# Building draws every chart with Chromium on the server: seconds, more on a busy 2-core machine.
BUILD_TIMEOUT_MS = 120_000
MIN_KEY_FIGURE_PT = 20  # the key figures were 14 pt: unreadable from the back of a room
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _take_away(app, lang: str, fmt: str) -> bytes:
    """Open the take-away panel, build the deck in `fmt` and download it, as a presenter does."""
    t = Translator(lang)
    build = app.page.get_by_role("button", name=t(f"present.deck.build_{fmt}"))
    if not build.is_visible():  # the panel is folded until opened (a second click would fold it again)
        app.page.get_by_text(t("present.deck.heading"), exact=True).click()
    build.click()
    button = app.page.get_by_role("button", name=t(f"present.deck.download_{fmt}"))
    expect(button).to_be_visible(timeout=BUILD_TIMEOUT_MS)
    download = app.download(button)
    assert download.suggested_filename == f"briefing-{lang}.{fmt}"
    return Path(download.path()).read_bytes()


def _newest(figures, prefecture: str = "00") -> int:
    """The newest count of Vietnamese residents (Japan, or one prefecture) in the bundled figures."""
    return int(metrics.headline(figures, "residents", prefecture=prefecture).latest["value"])


@pytest.mark.parametrize("lang", ["en", "ja", "vi"])
def test_the_decks_downloaded_from_present_read_back(app, bundled_figures, lang):
    from pptx import Presentation
    from pypdf import PdfReader

    t = Translator(lang)
    national = t.prose_count(_newest(bundled_figures))  # 681,100 / 68万1,100 / 681.100
    in_aichi = t.prose_count(_newest(bundled_figures, "23"))
    aichi = load_prefectures().name("23", lang)
    app.open(f"/present?slides={SLIDES}&pref=23&lang={lang}")

    deck = Presentation(io.BytesIO(_take_away(app, lang, "pptx")))
    assert len(deck.slides) == 3
    source_prefix = t("source.line").split("{", 1)[0]
    for number, slide in enumerate(deck.slides, start=1):
        footer = next(shape for shape in slide.shapes if shape.name == "source").text_frame.text
        assert ISO_DATE.search(footer), (number, footer)
        if number < 3:  # the sources slide points to the sources page instead
            assert footer.startswith(source_prefix), (number, footer)
    runs = [run for slide in deck.slides for shape in slide.shapes if shape.has_text_frame and shape.name != "source"
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    figures = [run for run in runs if national in run.text or in_aichi in run.text]
    assert figures, [run.text for run in runs]
    assert all(run.font.size.pt >= MIN_KEY_FIGURE_PT for run in figures), [(run.text, run.font.size.pt) for run in figures]
    assert aichi in deck.slides[1].shapes.title.text_frame.text
    assert national in deck.slides[0].notes_slide.notes_text_frame.text  # the key figures, spoken

    pdf = PdfReader(io.BytesIO(_take_away(app, lang, "pdf")))
    assert len(pdf.pages) == 3
    first, second = (pdf.pages[i].extract_text() for i in (0, 1))
    assert national in first, first
    assert aichi in second, second
