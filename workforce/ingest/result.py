"""What a reader returns: the tidy rows it could read, every problem it found, and what it skipped."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workforce import schema

PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "value", "expected"]


def figure_frame(rows: list[dict]) -> pd.DataFrame:
    """Tidy rows as a frame with the schema's columns and dtypes, also when there are none."""
    dtypes = {column: "str" for column in schema.COLUMNS} | {"value": "int64"}
    return pd.DataFrame(rows, columns=schema.COLUMNS).astype(dtypes)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, precise enough to find and fix it.

    `row` is the 1-based row as the analyst sees it in the file (spreadsheet row or CSV line),
    or None when the problem concerns the whole file or sheet.
    """

    file: str
    expected: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""


@dataclass(frozen=True)
class Skipped:
    """Rows a reader left out on purpose (e.g. nationalities the dataset does not model), with the reason."""

    what: str
    rows: int
    reason: str


@dataclass
class ReadResult:
    file_name: str
    format: str
    figures: pd.DataFrame = field(default_factory=lambda: figure_frame([]))
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_table(self) -> pd.DataFrame:
        rows = [{name: getattr(p, name) for name in PROBLEM_COLUMNS} for p in self.problems]
        return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)

    def skipped_table(self) -> pd.DataFrame:
        return pd.DataFrame([vars(s) for s in self.skipped], columns=["what", "rows", "reason"])
