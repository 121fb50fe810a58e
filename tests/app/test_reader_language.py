"""What a Japanese or Vietnamese reader reads (issue 15): counts in prose in 万 as Japanese government
releases write them, exact to the person; symposium speakers in the reader's language, marked as ours."""
from __future__ import annotations

import re

import pytest

from tests.support.pages import open_page, page_text
from workforce import bundled, symposium
from workforce.briefing import BriefingData, build_slides
from workforce.i18n import Translator
from workforce.prefectures import load_prefectures


@pytest.mark.parametrize(("value", "written"), [
    (681_100, "68万1,100"), (70_820, "7万820"), (7_460_000, "746万"), (3_768_977, "376万8,977"),
    (123_456_789, "1億2,345万6,789"), (10_000, "1万"), (9_999, "9,999"), (-20_617, "-2万617"),
])
def test_japanese_prose_counts_in_man_exactly(value, written):
    assert Translator("ja").prose_count(value) == written


def test_other_languages_keep_their_digits_in_prose():
    assert Translator("en").prose_count(681_100) == "681,100"
    assert Translator("vi").prose_count(681_100) == "681.100"
    assert Translator("ja").prose_count(None) == "—"  # a gap stays a gap


@pytest.fixture(scope="module")
def briefing_data(bundled_figures):
    return BriefingData(figures=bundled_figures, prefectures=load_prefectures(), labels=bundled.breakdown_labels(),
                        initiatives=bundled.initiatives(), shapes=bundled.prefecture_shapes())


@pytest.mark.parametrize(("lang", "headline", "aichi"), [
    ("ja", "68万1,100人", "7万820人"), ("en", "681,100", "70,820"), ("vi", "681.100", "70.820"),
])
def test_slide_key_figures_use_prose_counts(briefing_data, lang, headline, aichi):
    t = Translator(lang)
    first, prefecture = build_slides(briefing_data, t, kinds=("headline", "prefecture"), prefectures=("23",))
    assert any(headline in fact for fact in first.key_figures), first.key_figures
    assert any(aichi in fact for fact in prefecture.key_figures), prefecture.key_figures


def test_the_japanese_profile_writes_its_population_in_man():
    text = page_text(open_page("prefecture", pref="23", lang="ja"))
    assert "人口746万人" in text
    assert "68万1,100" not in page_text(open_page("overview", lang="ja"))  # big headline numbers keep their digits


@pytest.mark.parametrize(("lang", "shown"), [
    ("ja", "ファム・クアン・ヒエウ大使（駐日ベトナム大使館） ※"),
    ("vi", "Đại sứ Pham Quang Hieu (Đại sứ quán Việt Nam) ※"),
])
def test_symposium_speakers_are_in_the_readers_language_and_marked(lang, shown):
    text = page_text(open_page("symposium", lang=lang))
    assert shown in text
    assert "Ambassador Pham Quang Hieu (Embassy of Vietnam)" in text  # as published, beside the translation
    assert Translator(lang)("symposium.speaker_translated", speaker="Ambassador Pham Quang Hieu (Embassy of Vietnam)") in text


def test_english_speakers_are_shown_as_published():
    statements = bundled.symposium_statements()
    assert all(symposium.shown_speaker(row, "en") == (row["speaker"], None) for _, row in statements.iterrows())
    assert all(row["speaker_ja"] and row["speaker_vi"] for _, row in statements.iterrows())
    text = page_text(open_page("symposium"))
    assert "Ambassador Pham Quang Hieu (Embassy of Vietnam)" in text and "※" not in text


def test_symposium_figure_labels_are_text_that_wraps():
    """The metric label was cut to "Japan (national): Vietnamese reside…" at 1440 px (issue 15): the label is
    now Markdown above the number, which wraps; the metric keeps it for screen readers, collapsed."""
    app = open_page("symposium")
    label = "Japan (national): Vietnamese residents, Technical Intern Training"
    assert any(label in re.sub(r"\\(.)", r"\1", str(m.value)) for m in app.markdown)
    metric = next(m for m in app.metric if m.label == label)
    assert metric.proto.label_visibility.value == metric.proto.label_visibility.COLLAPSED
