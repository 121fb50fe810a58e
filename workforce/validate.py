"""Every problem of an import at once, before anything is stored.

Readers report what they cannot read; this module checks the figures they produced against the
dataset's rules (pandera schema, duplicates, prefectures adding up to a national total given in
the same file) and against the active data (changes larger than a factor need confirming).
"""
from __future__ import annotations

import pandas as pd
import pandera.errors

from workforce import schema
from workforce.ingest.result import ReadResult, problem
from workforce.ingest.text_rules import file_name_problems, text_problems
from workforce.rules import national_sum_problems

# pandera check names → problems.* keys; any other check is shown by its name (problems.rule).
_CHECK_KEYS = {"field_uniqueness": "duplicate_key", "multiple_fields_uniqueness": "duplicate_key"}


def _row_of(figures: pd.DataFrame, index) -> int | None:
    if "source_row" in figures.columns and index in figures.index:
        return int(figures.at[index, "source_row"])
    return None


def validate(result: ReadResult) -> ReadResult:
    """Add rule problems to `result` (in place) and return it."""
    figures = result.figures
    result.problems.extend(file_name_problems(result) + text_problems(result))  # whatever else is wrong
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
            result.problems.append(problem(result.file_name, _CHECK_KEYS.get(check.split("(")[0], "rule"),
                                           row=_row_of(figures, index), column=column,
                                           value=str(case.failure_case), check=check))
    sums = national_sum_problems(tidy, kinds=schema.SOURCE_KINDS)
    for mismatch in sums.itertuples():
        result.problems.append(problem(
            result.file_name, "national_sum", column="value",
            value=f"{mismatch.period_end} {mismatch.nationality} {mismatch.measure} {mismatch.breakdown}",
            national=int(mismatch.national), parts=int(mismatch.sum_of_parts), difference=int(mismatch.difference)))
    return result


def large_changes(incoming: pd.DataFrame, active: pd.DataFrame, factor: float) -> pd.DataFrame:
    """Revisions where the new value is more than `factor` times above or below the active one."""
    merged = incoming[schema.KEY + ["value"]].merge(active[schema.KEY + ["value"]], on=schema.KEY,
                                                    suffixes=("_new", "_old"))
    old, new = merged["value_old"].astype(float), merged["value_new"].astype(float)
    too_big = (new > old * factor) | (new < old / factor)
    return merged[too_big & (old != new)].rename(columns={"value_old": "old", "value_new": "new"})
