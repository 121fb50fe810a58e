"""Free-text fields must be plain text: no spreadsheet formula, no markup.

Escaping on output protects the pages and the CSV downloads, but a stored "=HYPERLINK(...)" or
"<a href>" still reaches every other tool that reads the store or an export. So the text an
analyst imports (source title, note, breakdown, the file name) is refused when it starts like a
formula (= + - @, tab, CR, or their full-width forms) or contains anything that looks like HTML
(a tag, a comment, an entity).
"""
from __future__ import annotations

import re

from workforce.ingest.result import Problem, ReadResult, problem

TEXT_COLUMNS = ("source_title", "note", "breakdown")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "−")
# A tag (<a, </a, <!--, <?xml), or a character entity (&lt; &#60; &#x3c;).
_MARKUP = re.compile(r"<\s*[/!?]?\s*[A-Za-z!]|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
MAX_LISTED = 20  # rows listed per column and rule; the rest are counted in one more problem


def text_problem(text: str) -> str | None:
    """The problems.* key that `text` breaks, or None if it is plain text."""
    if text.lstrip(" \u3000").startswith(FORMULA_STARTS):
        return "text_formula"
    if _MARKUP.search(text):
        return "text_markup"
    return None


def file_name_problems(result: ReadResult) -> list[Problem]:
    key = text_problem(result.file_name)
    return [problem(result.file_name, key, column="file name", value=result.file_name)] if key else []


def text_problems(result: ReadResult) -> list[Problem]:
    """Problems for the text columns of the read figures: each distinct value is checked once."""
    figures, found = result.figures, []
    for column in TEXT_COLUMNS:
        if column not in figures.columns or figures.empty:
            continue
        values = figures[column].astype(str)
        verdicts = {value: text_problem(value) for value in values.unique()}
        bad = {value: key for value, key in verdicts.items() if key}
        if not bad:
            continue
        rows = figures[values.isin(bad)]
        for key in sorted(set(bad.values())):
            hit = rows[rows[column].astype(str).map(bad) == key]
            for index, value in hit[column].head(MAX_LISTED).items():
                row = int(hit.at[index, "source_row"]) if "source_row" in hit.columns else None
                found.append(problem(result.file_name, key, row=row, column=column, value=str(value)))
            if len(hit) > MAX_LISTED:
                found.append(problem(result.file_name, "text_more", column=column, value="",
                                     count=len(hit) - MAX_LISTED))
    return found
