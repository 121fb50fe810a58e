"""What a reader returns: the tidy rows it could read, every problem it found, and what it skipped.

Problem.expected keeps the English text (logs, tests); Problem.message shows it in any language.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workforce import schema
from workforce.i18n import Translator
from workforce.messages import ENGLISH, InputError, Message, say  # noqa: F401 - readers import them from here

MAX_QUOTED = 200  # characters of a cell quoted in a problem
PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "value", "expected"]


def figure_frame(rows: list[dict]) -> pd.DataFrame:
    """Tidy rows as a frame with the schema's columns and dtypes, also when there are none."""
    dtypes = {column: "str" for column in schema.COLUMNS} | {"value": "int64"}
    # Readers of official files read the release itself: no separate copy to name.
    rows = [{"read_from_url": ""} | row for row in rows]
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
    message: Message | None = field(default=None, compare=False)

    def __post_init__(self):
        # A problem quotes the cell, but never all of a huge one: a 5,000-digit value is shown by its start.
        if len(self.value) > MAX_QUOTED:
            object.__setattr__(self, "value", f"{self.value[:MAX_QUOTED]}… ({len(self.value):,} characters)")

    def expected_in(self, t: Translator) -> str:
        return self.message.text(t) if self.message else self.expected


def problem(file: str, expected: str | Message, *, sheet: str = "", row: int | None = None, column: str = "",
            value: str = "", **params: object) -> Problem:
    """A Problem expecting `expected`: a Message, or the key of one (`problems.<key>`) with `params`."""
    message = expected if isinstance(expected, Message) else say(expected, **params)
    return Problem(file, str(message), sheet, row, column, value, message)


def problem_from(file: str, error: InputError, *, sheet: str = "", row: int | None = None) -> Problem:
    return problem(file, error.message, sheet=sheet, row=row)


@dataclass(frozen=True)
class Skipped:
    """Rows a reader left out on purpose (e.g. nationalities the dataset does not model), with the reason."""

    what: Message
    rows: int
    reason: Message


@dataclass
class ReadResult:
    file_name: str
    format: str
    figures: pd.DataFrame = field(default_factory=lambda: figure_frame([]))
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    municipal: pd.DataFrame | None = None  # municipal figures (issue 13's table), stored beside `figures`

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_table(self, t: Translator = ENGLISH) -> pd.DataFrame:
        rows = [{name: getattr(p, name) for name in PROBLEM_COLUMNS} | {"expected": p.expected_in(t)}
                for p in self.problems]
        return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)

    def skipped_table(self, t: Translator = ENGLISH) -> pd.DataFrame:
        rows = [{"what": s.what.text(t), "rows": s.rows, "reason": s.reason.text(t)} for s in self.skipped]
        return pd.DataFrame(rows, columns=["what", "rows", "reason"])
