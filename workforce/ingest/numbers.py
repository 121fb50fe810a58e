"""Read a count as Japanese statistical tables print it.

Full-width digits and thousands separators are normalised (NFKC). Markers keep their meaning:
'-' is zero or none, '…' unknown, 'x'/'X' suppressed (秘匿), '△'/'▲' negative (refused for counts).
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
_NUMBER = re.compile(r"^([0-9]+)(\.0+)?$")
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")  # 1,234,567: commas only between groups of three
MAX_COUNT = 10**15 - 1  # far above any population; larger values are typing or unit errors
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
    text = unicodedata.normalize("NFKC", str(cell)).strip().replace(" ", "")
    if "," in text:
        if not _GROUPED.match(text):
            return Count(None, error=say("count_comma"))
        text = text.replace(",", "")
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
    match = _NUMBER.match(text)
    if match:
        value = int(match.group(1))  # exact: no float rounding of long numbers
        return Count(value) if value <= MAX_COUNT else Count(None, error=_TOO_LARGE)
    return Count(None, error=say("count_unreadable"))
