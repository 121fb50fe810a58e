"""Fonts and line breaking for text drawn outside the browser: under chart images and on deck slides."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from workforce.renderer import RenderError

FONT_NAME = "Noto Sans CJK JP"  # covers Japanese and Vietnamese (Latin Extended Additional)

FONT_DIR = Path("/usr/share/fonts/opentype/noto")

FONT_FILES = {False: FONT_DIR / "NotoSansCJK-Regular.ttc", True: FONT_DIR / "NotoSansCJK-Bold.ttc"}

LINE_HEIGHT = 1.45  # Noto Sans CJK's ascent + descent is ~1.45 em: PowerPoint spaces lines by it



@lru_cache(maxsize=64)
def pil_font(size: int, bold: bool = False):
    from PIL import ImageFont

    path = FONT_FILES[bold]
    if not path.exists():
        raise RenderError(f"{path} not found: install the Noto CJK fonts (apt-get install fonts-noto-cjk)")
    return ImageFont.truetype(str(path), size, index=0)  # index 0 is Noto Sans CJK JP


def wrap(text: str, font, max_width: float) -> list[str]:
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


def fit(paragraphs: list[str], box: tuple[float, float, float, float], sizes: tuple[int, ...], *,
         bullet: bool = False, bold: bool = False) -> int | None:
    """The largest font size (pt) at which the paragraphs fit the box, or None."""
    width_pt, height_pt = box[2] * 72, box[3] * 72
    for size in sizes:
        indent = size * 1.2 if bullet else 0
        font = pil_font(size, bold)
        lines = sum(len(wrap(p, font, width_pt - indent - 14)) for p in paragraphs)
        if lines * size * LINE_HEIGHT + len(paragraphs) * size * 0.4 <= height_pt - 10:
            return size
    return None


def size_that_fits(paragraphs: list[str], box, sizes, **options) -> int:
    return fit(paragraphs, box, sizes, **options) or sizes[-1]


def draw_lines(image, lines: list[str], font, origin: tuple[int, int], step: int, colour) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    x, y = origin
    for line in lines:
        draw.text((x, y), line, font=font, fill=colour)
        y += step


def png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()

