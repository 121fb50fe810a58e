"""Read a count as Japanese statistical tables print it.

A count may hold only digits (ASCII or full-width), thousands separators (',' or '，' between groups
of three) and a trailing '.0'; spaces only around it. Anything else is a problem, never normalised
away: NFKC alone would turn "67842¹" (a footnote mark) into 678421, and deleting spaces would read
"67 842 3" as 678423. Markers keep their meaning: '-' is zero or none, '…' unknown, 'x'/'X'
suppressed (秘匿), '△'/'▲' negative (refused for counts).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from workforce.messages import Message, say

ZERO_MARKERS = {"-", "－", "―", "—", "‐"}
UNKNOWN_MARKERS = {"…", "...", "・・・"}
SUPPRESSED_MARKERS = {"x", "X", "χ"}
NEGATIVE_PREFIXES = ("△", "▲")
# The characters a written count may hold, checked before NFKC (which maps ¹, ①, ㊀ ... to digits).
_COUNT_CHARACTERS = re.compile(r"^[0-9０-９,，.．]+$")
_NUMBER = re.compile(r"^([0-9]+)(\.0+)?$")
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")  # 1,234,567: commas only between groups of three
MAX_COUNT = 10**15 - 1  # far above any population; larger values are typing or unit errors
_MAX_WRITTEN = 40  # MAX_COUNT with separators, full-width digits and spaces fits well within this
_TOO_LARGE = say("count_too_large", limit=MAX_COUNT)
EMPTY = say("count_empty")  # what a reader reports for an empty cell where a count is needed


@dataclass(frozen=True)
class Count:
    """A parsed cell: `value` is an int, or None with `flag` saying why ('unknown', 'suppressed', 'empty')."""

    value: int | None
    flag: str = ""
    error: Message | None = None  # set: the cell is not a valid count, and this says what was expected


def parse_count(cell: object) -> Count:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return Count(None, "empty")
    if isinstance(cell, bool):
        return Count(None, error=say("count_boolean"))
    if isinstance(cell, int):
        if cell > MAX_COUNT:
            return Count(None, error=_TOO_LARGE)
        return Count(cell) if cell >= 0 else Count(None, error=say("count_negative"))
    if isinstance(cell, float):
        if cell < 0:
            return Count(None, error=say("count_negative"))
        if not cell.is_integer():
            return Count(None, error=say("count_fraction"))
        if cell > MAX_COUNT:
            return Count(None, error=_TOO_LARGE)
        return Count(int(cell))
    written = str(cell).strip()
    if len(written) > _MAX_WRITTEN:  # bounded before any work: int() refuses 4,300+ digits with a traceback
        return Count(None, error=_TOO_LARGE if _COUNT_CHARACTERS.match(written[:_MAX_WRITTEN]) else say("count_unreadable"))
    text = unicodedata.normalize("NFKC", written).strip()
    if _COUNT_CHARACTERS.match(written):
        return _digits(text)
    if not text:
        return Count(None, "empty")
    if text in ZERO_MARKERS:
        return Count(0, "zero_marker")
    if text in UNKNOWN_MARKERS or unicodedata.normalize("NFKC", "…") == text:
        return Count(None, "unknown")
    if text in SUPPRESSED_MARKERS:
        return Count(None, "suppressed")
    if text.startswith(NEGATIVE_PREFIXES) or text.startswith("-"):
        return Count(None, error=say("count_triangle"))
    return Count(None, error=say("count_unreadable"))


def _digits(text: str) -> Count:
    """A cell of digits and separators only (already NFKC): grouped commas checked, then the value."""
    if "," in text:
        if not _GROUPED.match(text):
            return Count(None, error=say("count_comma"))
        text = text.replace(",", "")
    match = _NUMBER.match(text)
    if match:
        value = int(match.group(1))  # exact: no float rounding of long numbers
        return Count(value) if value <= MAX_COUNT else Count(None, error=_TOO_LARGE)
    return Count(None, error=say("count_unreadable"))
