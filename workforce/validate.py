"""Every problem of an import at once, before anything is stored.

Readers report what they cannot read; this module checks the figures they produced against the
dataset's rules (pandera schema, duplicates, prefectures adding up to a national total given in
the same file) and against the active data (changes larger than a factor need confirming).
"""
from __future__ import annotations

import copy

import pandas as pd
import pandera.errors

from workforce import schema
from workforce.ingest.result import ReadResult, problem
from workforce.ingest.text_rules import file_name_problems, text_problems
from workforce.rules import national_sum_problems

# pandera check names → problems.* keys; any other check is shown by its name (problems.rule).
MAX_LISTED = 20  # rows listed per rule; one more problem counts the rest
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
    result.problems.extend(_schema_problems(result.file_name, figures, tidy))
    sums = national_sum_problems(tidy, kinds=schema.SOURCE_KINDS)
    for mismatch in sums.itertuples():
        result.problems.append(problem(
            result.file_name, "national_sum", column="value",
            value=f"{mismatch.period_end} {mismatch.nationality} {mismatch.measure} {mismatch.breakdown}",
            national=int(mismatch.national), parts=int(mismatch.sum_of_parts), difference=int(mismatch.difference)))
    return result


def _listed(file_name: str, figures: pd.DataFrame, indexes, key: str, column: str, values, check: str) -> list:
    """The first MAX_LISTED rows breaking one rule as problems, and one more that counts the rest."""
    found = [problem(file_name, key, row=_row_of(figures, index), column=column, value=str(value), check=check)
             for index, value in zip(indexes[:MAX_LISTED], values[:MAX_LISTED])]
    if len(indexes) > MAX_LISTED:
        found.append(problem(file_name, "rule_more", column=column, count=len(indexes) - MAX_LISTED, check=check))
    return found


def _schema_problems(file_name: str, figures: pd.DataFrame, tidy: pd.DataFrame) -> list:
    """Every rule of the schema, counted per rule; details capped, so that a file where nearly every row is
    wrong (a wrong date column: a million rows dated in March) is answered in the validation benchmark's time.

    pandera reports a failing frame-wide check once per row and column (12 million failure cases for a
    million rows, 7 GiB): frame-wide checks are run here instead, one boolean per row.
    """
    found = []
    for check in schema.FIGURE_SCHEMA.checks:
        failing = tidy.index[~check(tidy).check_output.to_numpy(dtype=bool)]
        if len(failing):  # the frame-wide rule is about the period and the measure: show both
            shown = (tidy.loc[failing[:MAX_LISTED], "period_end"] + " " + tidy.loc[failing[:MAX_LISTED], "measure"])
            found += _listed(file_name, figures, failing, "rule", "period_end", shown.tolist(), check.error)
    columns_only = copy.copy(schema.FIGURE_SCHEMA)
    columns_only.checks = []
    try:
        columns_only.validate(tidy, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases.assign(column=cases["column"].where(cases["column"].map(type) == str, ""),
                             check=cases["check"].astype(str))
        for (column, check), group in cases.groupby(["column", "check"], sort=False):
            group = group.drop_duplicates("index") if group["index"].notna().any() else group
            key = _CHECK_KEYS.get(check.split("(")[0], "rule")
            indexes = [index if pd.notna(index) else None for index in group["index"]]
            found += _listed(file_name, figures, indexes, key, column, group["failure_case"].tolist(), check)
    return found


def large_changes(incoming: pd.DataFrame, active: pd.DataFrame, factor: float) -> pd.DataFrame:
    """Revisions where the new value is more than `factor` times above or below the active one."""
    merged = incoming[schema.KEY + ["value"]].merge(active[schema.KEY + ["value"]], on=schema.KEY,
                                                    suffixes=("_new", "_old"))
    old, new = merged["value_old"].astype(float), merged["value_new"].astype(float)
    too_big = (new > old * factor) | (new < old / factor)
    return merged[too_big & (old != new)].rename(columns={"value_old": "old", "value_new": "new"})
