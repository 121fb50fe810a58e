"""Where things sit on a slide (inches, 16:9) and the sizes they may take: shared by PowerPoint and PDF."""
from __future__ import annotations

import re

# Slide geometry in inches (16:9), shared by the PowerPoint and the PDF pages.
SLIDE_SIZE = (13 + 1 / 3, 7.5)

TITLE_BOX = (0.5, 0.3, 12.33, 1.0)

CHART_BOX = (0.5, 1.4, 7.7, 4.9)

SIDE_BOX = (8.45, 1.4, 4.38, 4.9)  # wide enough for key figures that read from the back of a room

BODY_BOX = (0.6, 1.5, 12.1, 4.8)

FOOTER_BOX = (0.5, 6.45, 12.33, 0.9)

# The chart is drawn at this CSS size (so the 22 px presentation font reads ~11 pt on the slide)
# and at twice the pixels, sharp on a projector.
CHART_PX = (1200, 700)

CHART_SCALE = 2


TITLE_SIZES = (30, 26, 22, 20)

BODY_SIZES = (28, 24, 22, 20, 18, 16, 14)

SIDE_SIZES = (28, 26, 24, 22, 20, 18, 16)

FOOTER_SIZES = (12, 11, 10, 9)

TITLE_COLOUR = (0x1A, 0x1A, 0x1A)

TEXT_COLOUR = (0x26, 0x26, 0x26)

SOURCE_COLOUR = (0x55, 0x55, 0x55)

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

