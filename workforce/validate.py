"""The rulebook: every problem of a set of figures at once, before anything is stored.

`check_figures` is the one function that runs the dataset's rules: on an import (against the active
data, so a new figure is checked beside the stored ones), on the bundle build and on first start.
Rules: the pandera schema (types, vocabularies, sources, reference months, unique keys) and the
rules across rows in `workforce.rules` (sums, Vietnamese within all nationalities, parts within their
total, no date after today). Readers report what they cannot read; this module adds the rest.
"""
from __future__ import annotations

import copy
from datetime import date

import pandas as pd
import pandera.errors

from workforce import bundled, rules, schema
from workforce.ingest.result import Problem, ReadResult, problem
from workforce.ingest.text_rules import file_name_problems, text_problems

# pandera check names → problems.* keys; any other check is shown by its name (problems.rule).
MAX_LISTED = 20  # rows listed per rule; one more problem counts the rest
_CHECK_KEYS = {"field_uniqueness": "duplicate_key", "multiple_fields_uniqueness": "duplicate_key"}


class RulesBroken(ValueError):
    """Figures that must pass every rule (the bundle, a store's first release) do not."""

    def __init__(self, where: str, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"- row {p.row or '-'} {p.column} {p.value!r}: expected {p.expected}" for p in problems[:20])
        super().__init__(f"{where}: {len(problems)} rule problems\n{lines}")


def _row_of(figures: pd.DataFrame, index) -> int | None:
    if index is None or index not in figures.index:
        return None
    if "source_row" in figures.columns:
        return int(figures.at[index, "source_row"])
    return int(index) + 2  # a CSV line: the header is line 1


def _listed(file_name: str, figures: pd.DataFrame, indexes, key: str, column: str, values, check: str) -> list:
    """The first MAX_LISTED rows breaking one rule as problems, and one more that counts the rest."""
    found = [problem(file_name, key, row=_row_of(figures, index), column=column, value=str(value), check=check)
             for index, value in zip(indexes[:MAX_LISTED], values[:MAX_LISTED])]
    if len(indexes) > MAX_LISTED:
        found.append(problem(file_name, "rule_more", column=column, count=len(indexes) - MAX_LISTED, check=check))
    return found


def _schema_problems(figures: pd.DataFrame, file_name: str) -> list[Problem]:
    """Every rule of the schema, counted per rule; details capped, so that a file where nearly every row is
    wrong (a wrong date column: a million rows dated in March) is answered in the validation benchmark's time.

    pandera reports a failing frame-wide check once per row and column (12 million failure cases for a
    million rows, 7 GiB): frame-wide checks are run here instead, one boolean per row.
    """
    tidy = figures[schema.COLUMNS]
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


def as_stored(incoming: pd.DataFrame, active: pd.DataFrame | None) -> pd.DataFrame:
    """The figures the rules see: `incoming` (its index kept) on top of the active figures of the same
    periods and measures (indexed below zero, so no problem points at a row of the file for them)."""
    if active is None or active.empty:
        return incoming
    near = active[active["period_end"].isin(incoming["period_end"].unique())
                  & active["measure"].isin(incoming["measure"].unique())]
    if near.empty:  # the usual update: a new period, nothing stored to check beside it
        return incoming
    near = near[schema.COLUMNS].merge(incoming[schema.KEY].drop_duplicates(), on=schema.KEY, how="left", indicator=True)
    near = near[near["_merge"] == "left_only"].drop(columns="_merge")
    near.index = -1 - pd.RangeIndex(len(near))
    return pd.concat([incoming[schema.COLUMNS], near])


def _cross_row_problems(incoming: pd.DataFrame, active: pd.DataFrame | None, today: date,
                        file_name: str) -> list[Problem]:
    found = []
    for index, row in rules.periods_after(incoming, today).iterrows():
        found.append(problem(file_name, "period_future", row=_row_of(incoming, index), column="period_end",
                             value=row["period_end"], today=today.isoformat()))
    stored = as_stored(incoming, active)
    touched = incoming[["period_end", "nationality", "measure", "breakdown"]].drop_duplicates()
    sums = rules.national_sum_problems(stored).merge(touched)
    for mismatch in sums.itertuples():
        found.append(problem(
            file_name, "national_sum" if mismatch.has_undetermined else "national_sum_without_undetermined", column="value",
            value=f"{mismatch.period_end} {mismatch.nationality} {mismatch.measure} {mismatch.breakdown}",
            national=int(mismatch.national), parts=int(mismatch.sum_of_parts), difference=int(mismatch.difference)))
    above = rules.vietnamese_above_all(stored)
    for index, row in above.iterrows():
        found.append(problem(file_name, "vietnamese_above_all", row=_row_of(incoming, index), column="value",
                             value=f"{row['period_end']} {row['prefecture_code']} {row['measure']} {row['breakdown']}: "
                                   f"{row['value']}", all_nationalities=int(row["all_nationalities"])))
    touched_mix = incoming[["period_end", "prefecture_code", "nationality", "measure"]].drop_duplicates()
    for row in rules.parts_above_total(stored, bundled.breakdown_labels()).merge(touched_mix).itertuples():
        found.append(problem(file_name, "parts_above_total", column="value",
                             value=f"{row.period_end} {row.prefecture_code} {row.nationality} {row.measure} {row.mix}",
                             parts=int(row.sum_of_parts), total=int(row.total)))
    return found


def check_figures(figures: pd.DataFrame, *, active: pd.DataFrame | None = None, today: date | None = None,
                  file_name: str = "") -> list[Problem]:
    """Every rule problem of `figures` (tidy, schema.COLUMNS), judged as if stored on top of `active`."""
    found = _schema_problems(figures, file_name)
    if found:  # the rules across rows need well-formed rows
        return found
    return _cross_row_problems(figures, active, today or date.today(), file_name)


def require_rules(figures: pd.DataFrame, where: str) -> None:
    """Raise RulesBroken unless `figures` pass every rule on their own (the bundle, a first release)."""
    found = check_figures(figures, file_name=where)
    if found:
        raise RulesBroken(where, found)


def validate(result: ReadResult, active: pd.DataFrame | None = None) -> ReadResult:
    """Add rule problems to `result` (in place) and return it."""
    result.problems.extend(file_name_problems(result) + text_problems(result))  # whatever else is wrong
    if not result.ok or result.figures.empty:
        return result
    result.problems.extend(check_figures(result.figures, active=active, file_name=result.file_name))
    return result
