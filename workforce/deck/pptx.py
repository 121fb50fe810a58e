"""The briefing as a 16:9 PowerPoint deck (python-pptx), key figures in the speaker notes."""
from __future__ import annotations

import io

from workforce.briefing import Slide
from workforce.deck.layout import (BODY_BOX, BODY_SIZES, CHART_BOX, FOOTER_BOX, FOOTER_SIZES, SIDE_BOX, SLIDE_SIZE,
                                   SOURCE_COLOUR, TEXT_COLOUR, TITLE_BOX, TITLE_COLOUR, TITLE_SIZES)
from workforce.deck.pages import fitted_side, pages
from workforce.i18n import Translator
from workforce.text_fit import FONT_NAME, size_that_fits


def build_pptx(slides: list[Slide], t: Translator) -> bytes:
    """A 16:9 PowerPoint deck, one slide per Slide, with the key figures in the speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_SIZE[0]), Inches(SLIDE_SIZE[1])
    title_only = deck.slide_layouts[5]
    for page in pages(slides, t):
        slide = deck.slides.add_slide(title_only)
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = (Inches(v) for v in TITLE_BOX)
        _fill(title.text_frame, [(page.title, False)], size_that_fits([page.title], TITLE_BOX, TITLE_SIZES, bold=True),
              bold=True, colour=TITLE_COLOUR, anchor="middle")
        if page.chart is not None:
            left, top, width, height = (Inches(v) for v in CHART_BOX)
            picture = slide.shapes.add_picture(io.BytesIO(page.chart), left, top, width=width, height=height)
            picture.name = "chart"
            paragraphs, size = fitted_side(page)
            if paragraphs:
                _fill(_text_box(slide, SIDE_BOX), paragraphs, size, colour=TEXT_COLOUR)
        else:
            _fill(_text_box(slide, BODY_BOX), [(b, True) for b in page.body],
                  size_that_fits(page.body, BODY_BOX, BODY_SIZES, bullet=True), colour=TEXT_COLOUR)
        _fill(_text_box(slide, FOOTER_BOX, "source"), [(page.footer, False)],
              size_that_fits([page.footer], FOOTER_BOX, FOOTER_SIZES), colour=SOURCE_COLOUR, anchor="bottom")
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

