"""How numbers, percentages and reference dates are written for readers."""
from __future__ import annotations

import math

import pandas as pd

_ISA_PERIOD = {6: "end of June", 12: "end of December", 10: "end of October"}


def count(value: float | int | None) -> str:
    """660483 → '660,483'; a missing figure is a visible gap, not a zero."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    return f"{int(value):,}"


def percent(value: float | None, digits: int = 1, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:+.{digits}f}%" if signed else f"{value:.{digits}f}%"


def period(period_end: str) -> str:
    """'2025-06-30' → 'end of June 2025 (2025-06-30)': the reference date always visible."""
    stamp = pd.Timestamp(period_end)
    label = _ISA_PERIOD.get(stamp.month, stamp.strftime("%B"))
    return f"{label} {stamp.year} ({period_end})"


def short_period(period_end: str) -> str:
    """'2025-06-30' → 'Jun 2025'."""
    return pd.Timestamp(period_end).strftime("%b %Y")
