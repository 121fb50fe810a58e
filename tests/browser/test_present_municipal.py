"""The "where in the prefecture" slide type (issue 13), shared by the presentation page and the deck."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.support.stores import ROOT
from workforce import deck
from workforce.briefing import briefing_data, build_slides
from workforce.slide_kinds import DEFAULT_SLIDES, SLIDE_KINDS
from workforce.i18n import Translator


@pytest.fixture(scope="module")
def briefing(bundled_figures):
    municipal = pd.read_csv(ROOT / "data" / "municipal_figures.csv", dtype=str, keep_default_na=False).astype(
        {"value": "int64"})
    return briefing_data(bundled_figures, municipal)


def test_where_slide_ranks_municipalities_with_shares_half_and_the_older_period(briefing):
    assert "where" in SLIDE_KINDS and "where" not in DEFAULT_SLIDES
    [slide] = build_slides(briefing, Translator("en"), kinds=("where",), prefectures=("23",))
    assert slide.title == "Where in Aichi: Vietnamese residents by municipality"
    assert slide.key_figures[0] == "名古屋市 (Nagoya): 11,132 Vietnamese residents, 22.9% of the prefecture's (Jun 2022)"
    assert "豊田市 (Toyota): 2,923 Vietnamese residents, 6.0% of the prefecture's (Jun 2022)" in slide.key_figures
    assert "8 of 54 municipalities hold half of the prefecture's 48,608 Vietnamese residents" in slide.bullets
    assert any("older than the prefecture's newest figure" in b for b in slide.bullets)
    assert "市区町村別 国籍・地域別 在留外国人" in slide.source_line and "2022-06-30" in slide.source_line
    bars = slide.figure.data[0]
    assert list(bars.x)[-1] == 11_132 and list(bars.y)[-1] == "名古屋市 (Nagoya)"  # largest on top


def test_where_slide_without_municipal_figures_says_so(bundled_figures):
    [slide] = build_slides(briefing_data(bundled_figures), Translator("en"), kinds=("where",), prefectures=("23",))
    assert slide.figure is None and slide.key_figures == ["No municipal figures are stored for Aichi."]


def test_the_deck_carries_the_where_slide(briefing):
    from pptx import Presentation

    t = Translator("ja")
    slides = build_slides(briefing, t, kinds=("where",), prefectures=("23", "27"))
    deck_bytes = deck.build_pptx(slides, t)
    texts = [" ".join(shape.text_frame.text for shape in s.shapes if shape.has_text_frame)
             for s in Presentation(io.BytesIO(deck_bytes)).slides]
    assert any("愛知県のどこに" in text for text in texts) and any("大阪府のどこに" in text for text in texts)
