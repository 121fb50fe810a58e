"""Files that leave the server: CSV safe to open in Excel, and Parquet."""
from __future__ import annotations

import io

import pandas as pd

# Full-width forms too: Japanese spreadsheet software may read "＝1+1" as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(value: object) -> object:
    """Prefix text that Excel would run as a formula with an apostrophe (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas; numbers untouched."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def to_excel_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Japanese Excel opens it cleanly); text cells neutralised; numbers untouched."""
    safe = neutralised(frame)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()
