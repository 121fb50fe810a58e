"""Initiative titles and organisations in the reader's language, translations marked (issue 15)."""
from __future__ import annotations

import pytest

from workforce import bundled
from workforce.briefing import build_slides
from workforce.briefing import briefing_data
from workforce.i18n import Translator
from workforce.initiatives import TRANSLATION_MARK, shown_names


def test_every_initiative_has_its_names_in_three_languages():
    table = bundled.initiatives()
    for column in ("title_en", "title_ja", "title_vi", "organisation_en", "organisation_ja", "organisation_vi"):
        assert (table[column].str.len() > 0).all(), column
    # The published language's column is the title as published (its Japanese part, for "日本語 (English)").
    assert all(row["title"].startswith(row[f"title_{row['title_language']}"]) for _, row in table.iterrows())


def test_a_translated_title_is_marked_and_keeps_the_published_one():
    row = bundled.initiatives().query("title_language == 'en'").iloc[0]
    assert shown_names(row, "en") == (row["title"], row["organisation_en"], None)
    title, organisation, published = shown_names(row, "vi")
    assert title == f"{row['title_vi']} {TRANSLATION_MARK}" and organisation == row["organisation_vi"]
    assert published == row["title"]


@pytest.mark.parametrize("lang", ["ja", "vi"])
def test_the_prefecture_slide_lists_initiatives_in_the_readers_language(bundled_figures, lang):
    t = Translator(lang)
    slide = build_slides(briefing_data(bundled_figures), t, kinds=("prefecture",), prefectures=("23",))[0]
    aichi = bundled.initiatives().query("prefecture_code == '23'").sort_values("year", ascending=False, na_position="last")
    first = aichi.iloc[0]
    assert any(bullet.startswith(first[f"title_{lang}"]) for bullet in slide.bullets), slide.bullets
    assert t("initiatives.translated_note") in slide.source_line
