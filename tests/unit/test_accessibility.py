"""Accessibility: one colour-blind-safe palette with enough contrast, and a text alternative for every chart."""
from __future__ import annotations

import tomllib

import pandas as pd
import plotly.graph_objects as go
import pytest

from tests.support.stores import ROOT
from workforce.charts import trends
from workforce.charts.describe import point_descriptions
from workforce.charts.style import PALETTE, RESIDENTS_COLOUR, WORKERS_COLOUR, finish
from workforce.i18n import Translator

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999"}


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of `colour` against white."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_palette_is_okabe_ito_with_the_high_contrast_colours_first():
    assert set(PALETTE) <= OKABE_ITO and len(set(PALETTE)) == len(PALETTE)
    assert "#F0E442" not in PALETTE  # Okabe-Ito yellow: 1.3:1 on white
    ratios = [contrast_on_white(c) for c in PALETTE]
    assert all(r >= 3 for r in ratios[:5]), ratios  # WCAG 1.4.11 non-text contrast
    assert contrast_on_white(RESIDENTS_COLOUR) >= 4.5 and contrast_on_white(WORKERS_COLOUR) >= 3


def test_streamlit_theme_uses_the_same_palette():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["theme"]["chartCategoricalColors"] == PALETTE
    assert config["theme"]["primaryColor"] == PALETTE[0]


def test_every_finished_figure_has_a_title_and_the_palette():
    fig = finish(go.Figure(go.Bar(x=["a"], y=[1])), "A title", Translator("en"))
    assert fig.layout.title.text == "A title"
    assert list(fig.layout.template.layout.colorway) == PALETTE
    assert fig.layout.template.layout.plot_bgcolor == "white"


@pytest.mark.parametrize("lang, expected", [("en", "67,842"), ("vi", "67.842")])
def test_text_alternative_lists_every_point_in_the_reader_format(lang, expected):
    t = Translator(lang)
    rows = pd.DataFrame({"period_end": ["2024-06-30", "2025-06-30", "2025-06-30"],
                         "label_en": ["Students", "Students", "Interns"], "label_ja": ["留学", "留学", "技能実習"],
                         "label_vi": ["Du học", "Du học", "Thực tập"], "value": [60000, 67842, 5],
                         "source_kind": ["official"] * 3, "kind": ["part"] * 3, "total": [60000, 67847, 67847]})
    rows["share"] = rows["value"] / rows["total"] * 100
    fig = trends.mix_over_time(rows, "Mix", t)
    lines = point_descriptions(fig, t)
    assert len(lines) == 3  # one per drawn bar segment
    assert any(expected in line and rows[f"label_{lang}"].iloc[1] in line for line in lines)
    assert all("<" not in line for line in lines)  # hover markup gone


def test_hover_markup_becomes_plain_text():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], hovertext=["Aichi<br>Count: 67,842", "<i>no figure</i>"],
                               hovertemplate="%{hovertext}<extra>x</extra>"))
    assert point_descriptions(fig, Translator("en")) == ["Aichi; Count: 67,842", "no figure"]
