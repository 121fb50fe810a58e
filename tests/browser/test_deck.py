"""The take-away files: chart images, the PowerPoint deck and the PDF, and the `workforce deck` command.

Charts are drawn by kaleido with the machine's Chromium; these tests fail (never skip) without it.
"""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.support.cli import workforce
from workforce import bundled, deck
from workforce.briefing import briefing_data, build_slides
from workforce.slide_kinds import DEFAULT_SLIDES
from workforce.chart_images import figure_png, figure_svg
from workforce.text_fit import FONT_NAME
from workforce.i18n import Translator
from workforce.store import active_figures, engine_for, ensure_store

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PREFECTURES = ("23", "19")
HEADLINE_COUNT = {"en": "681,100", "vi": "681.100"}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('deck') / 'store.sqlite'}")
    ensure_store(engine, bundled.figures_file())
    return briefing_data(active_figures(engine))


@pytest.fixture(scope="module", params=["en", "vi"])
def built(request, data):
    """(translator, slides, the deck read back) for one language."""
    t = Translator(request.param)
    slides = build_slides(data, t, kinds=DEFAULT_SLIDES, prefectures=PREFECTURES)
    return t, slides, Presentation(io.BytesIO(deck.build_pptx(slides, t)))


def _slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _source_prefix(t: Translator) -> str:
    """'Source: ' (or its translation): the fixed start of every source line."""
    return t("source.line").split("{", 1)[0]


def test_one_slide_per_briefing_slide(built):
    t, slides, presentation = built
    assert len(slides) == len(DEFAULT_SLIDES) - 1 + len(PREFECTURES) == 8
    assert len(presentation.slides) == 8
    assert presentation.slide_width * 9 == presentation.slide_height * 16  # 16:9
    for slide, read in zip(slides, presentation.slides):
        assert read.shapes.title.text_frame.text == slide.title


def test_chart_slides_carry_the_chart_as_a_picture(built):
    _, slides, presentation = built
    for slide, read in zip(slides, presentation.slides):
        pictures = [s for s in read.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if slide.figure is not None:
            assert len(pictures) == 1, slide.kind
            with Image.open(io.BytesIO(pictures[0].image.blob)) as image:
                assert image.format == "PNG" and image.width >= 1600
        else:
            assert not pictures, slide.kind
            assert all(bullet in _slide_text(read) for bullet in slide.bullets)


def test_every_slide_shows_its_source_line_and_a_reference_date(built):
    t, slides, presentation = built
    for slide, read in zip(slides, presentation.slides):
        footer = next(s for s in read.shapes if s.name == "source").text_frame.text
        assert slide.source_line in footer and ISO_DATE.search(footer), (slide.kind, footer)
        if slide.kind != "sources":  # the sources slide points to the sources page instead
            assert footer.startswith(_source_prefix(t)), footer


def test_speaker_notes_hold_the_key_figures(built):
    t, slides, presentation = built
    for slide, read in zip(slides, presentation.slides):
        notes = read.notes_slide.notes_text_frame.text
        assert slide.key_figures and all(figure in notes for figure in slide.key_figures), slide.kind
    assert HEADLINE_COUNT[t.lang] in presentation.slides[0].notes_slide.notes_text_frame.text


def test_key_figures_beside_the_chart(built):
    _, slides, presentation = built
    map_index = [s.kind for s in slides].index("map")
    text = _slide_text(presentation.slides[map_index])
    assert all(figure in text for figure in slides[map_index].key_figures)


def test_text_uses_a_font_with_japanese_and_vietnamese_glyphs(built):
    _, _, presentation = built
    xml = presentation.slides[0].shapes.title._element.xml
    assert f'<a:latin typeface="{FONT_NAME}"/>' in xml and f'<a:ea typeface="{FONT_NAME}"/>' in xml


def test_pdf_has_one_page_per_slide(data):
    import pypdf

    t = Translator("ja")
    slides = build_slides(data, t, kinds=DEFAULT_SLIDES, prefectures=PREFECTURES)
    pdf = deck.build_pdf(slides, t)
    assert pdf.startswith(b"%PDF")
    document = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(document.pages) == 8
    width, height = (float(v) for v in document.pages[0].mediabox[2:])
    assert round(width / height, 2) == round(16 / 9, 2)


@pytest.mark.parametrize(("lang", "figure", "name"), [("en", "681,100", "Aichi"), ("ja", "68万1,100", "愛知"),
                                                      ("vi", "681.100", "Aichi")])
def test_pdf_text_is_real_text_in_every_language(data, lang, figure, name):
    """The PDF's titles, key figures and source lines are text a reader can search and copy (issue 15)."""
    import pypdf

    t = Translator(lang)
    slides = build_slides(data, t, kinds=("headline", "prefecture"), prefectures=("23",))
    document = pypdf.PdfReader(io.BytesIO(deck.build_pdf(slides, t)))
    first, second = (page.extract_text() for page in document.pages)
    assert figure in first and name in second
    assert t.prose_count(70_820) in second  # Aichi's newest figure, beside the chart (7万820 in Japanese)
    fonts = {str(font) for page in document.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts  # embedded fonts, not page images


@pytest.fixture(scope="module")
def figure(data):
    t = Translator("en")
    return next(s for s in build_slides(data, t, kinds=("top",)) if s.figure is not None).figure


def test_figure_png_is_a_png_of_the_asked_size(figure):
    png = figure_png(figure, width=800, height=450)
    assert png.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (800, 450)
    with Image.open(io.BytesIO(figure_png(figure, width=800, height=450, scale=2))) as image:
        assert image.size == (1600, 900)


def test_renders_from_several_threads_get_their_own_image(figure):
    """Two sessions clicking at once: kaleido's sync server answers through one queue, so deck serialises."""
    from concurrent.futures import ThreadPoolExecutor

    sizes = [(400 + 40 * i, 300) for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = list(pool.map(lambda size: figure_png(figure, *size), sizes))
    for size, png in zip(sizes, images):
        with Image.open(io.BytesIO(png)) as image:
            assert image.size == size


def test_figure_png_with_source_adds_a_line_under_the_chart(figure):
    with Image.open(io.BytesIO(figure_png(figure, width=800, height=450, source="Source: ISA"))) as image:
        assert image.width == 800 and image.height > 450


def test_figure_svg_keeps_text_as_text(figure):
    svg = figure_svg(figure).decode("utf-8")
    assert "<svg" in svg and "Prefectures with the most Vietnamese residents" in svg
    with_source = figure_svg(figure, source="Source: 出入国在留管理庁 <ISA> & MHLW").decode("utf-8")
    assert "出入国在留管理庁 &lt;ISA&gt; &amp; MHLW" in with_source and with_source.count("<svg") == 2


def test_charts_render_japanese_and_vietnamese(data):
    for lang in ("ja", "vi"):
        t = Translator(lang)
        slide = build_slides(data, t, kinds=("prefecture",), prefectures=("23",))[0]
        svg = figure_svg(slide.figure).decode("utf-8")
        assert slide.title in svg


def test_cli_writes_a_readable_deck(tmp_path):
    out = tmp_path / "b.pptx"
    result = workforce("deck", "--out", str(out), "--lang", "vi", "--prefecture", "23", var_dir=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "7 slides" in result.stdout
    presentation = Presentation(str(out))
    assert len(presentation.slides) == 7
    assert "681.100" in presentation.slides[0].notes_slide.notes_text_frame.text


def test_cli_pdf_and_chosen_slides(tmp_path):
    out = tmp_path / "b.pdf"
    result = workforce("deck", "--out", str(out), "--slides", "headline,prefecture", "--prefecture", "愛知", "Tokyo",
                       var_dir=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF") and "3 slides" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--prefecture", "Atlantis"), "unknown prefecture 'Atlantis'"),
    (("--slides", "headline,charts"), "unknown slide kind charts"),
])
def test_cli_refuses_unknown_names(tmp_path, args, message):
    out = tmp_path / "b.pptx"
    result = workforce("deck", "--out", str(out), *args, var_dir=str(tmp_path))
    assert result.returncode == 2 and message in result.stderr and not out.exists()


def test_cli_needs_a_known_format(tmp_path):
    result = workforce("deck", "--out", str(tmp_path / "b.docx"), var_dir=str(tmp_path))
    assert result.returncode == 2 and "--format" in result.stderr


def test_the_geographic_map_exports_offline_with_every_prefecture():
    """Issue 16: the SVG choropleth asks for a world topojson; kaleido gets the app's empty stub inline
    (its Chromium sends other hosts to a closed port, so a CDN fetch would fail the export)."""
    from tests.unit.test_chart_json import _map_figure

    fig = _map_figure()
    svg = figure_svg(fig).decode("utf-8")
    assert svg.count('class="choroplethlocation"') == 47
    # Wound the GeoJSON way, each prefecture would be the globe minus itself: a path spanning the whole
    # map frame. Wound for d3-geo, no prefecture is even half as wide as the map.
    paths = re.findall(r'<path class="choroplethlocation"[^>]*\sd="([^"]+)"', svg)
    assert len(paths) == 47
    widths = [max(xs) - min(xs) for xs in ([float(x) for x in re.findall(r"[ML](-?[\d.]+),", path)] for path in paths)]
    frame = max(float(x) for path in paths for x in re.findall(r"[ML](-?[\d.]+),", path)) - \
        min(float(x) for path in paths for x in re.findall(r"[ML](-?[\d.]+),", path))
    assert max(widths) < frame / 2, (max(widths), frame)
