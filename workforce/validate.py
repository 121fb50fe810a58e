"""Every problem of an import at once, before anything is stored.

Readers report what they cannot read; this module checks the figures they produced against the
dataset's rules (pandera schema, duplicates, prefectures adding up to a national total given in
the same file) and against the active data (changes larger than a factor need confirming).
"""
from __future__ import annotations

import pandas as pd
import pandera.errors

from workforce import schema
from workforce.ingest.result import Problem, ReadResult
from workforce.rules import national_sum_problems

_CHECK_MESSAGES = {
    "field_uniqueness": "one figure per period, prefecture, nationality, measure and breakdown (this key appears twice)",
    "multiple_fields_uniqueness": "one figure per period, prefecture, nationality, measure and breakdown (this key appears twice)",
}


def _row_of(figures: pd.DataFrame, index) -> int | None:
    if "source_row" in figures.columns and index in figures.index:
        return int(figures.at[index, "source_row"])
    return None


def validate(result: ReadResult) -> ReadResult:
    """Add rule problems to `result` (in place) and return it."""
    figures = result.figures
    if not result.ok or figures.empty:
        return result
    tidy = figures[schema.COLUMNS]
    try:
        schema.FIGURE_SCHEMA.validate(tidy, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        for case in errors.failure_cases.itertuples():
            index = case.index if pd.notna(case.index) else None
            column = case.column if isinstance(case.column, str) else ""
            check = str(case.check)
            expected = _CHECK_MESSAGES.get(check.split("(")[0], check)
            result.problems.append(Problem(result.file_name, expected, row=_row_of(figures, index),
                                           column=column, value=str(case.failure_case)))
    sums = national_sum_problems(tidy, kinds=schema.SOURCE_KINDS)
    for problem in sums.itertuples():
        result.problems.append(Problem(
            result.file_name,
            f"the 47 prefectures (+ 未定・不詳) to add up to the national figure in the same file, {problem.national:,}; "
            f"they add up to {problem.sum_of_parts:,} ({problem.difference:+,})",
            column="value", value=f"{problem.period_end} {problem.nationality} {problem.measure} {problem.breakdown}"))
    return result


def large_changes(incoming: pd.DataFrame, active: pd.DataFrame, factor: float) -> pd.DataFrame:
    """Revisions where the new value is more than `factor` times above or below the active one."""
    merged = incoming[schema.KEY + ["value"]].merge(active[schema.KEY + ["value"]], on=schema.KEY,
                                                    suffixes=("_new", "_old"))
    old, new = merged["value_old"].astype(float), merged["value_new"].astype(float)
    too_big = (new > old * factor) | (new < old / factor)
    return merged[too_big & (old != new)].rename(columns={"value_old": "old", "value_new": "new"})
