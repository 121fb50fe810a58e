"""Rules across rows, as data: each returns one row per broken group or figure (empty when it holds).

- prefectures (plus ISA's 'undetermined') add up to the national figure;
- Vietnamese never exceed all nationalities for the same place, date and breakdown;
- the parts of a mix never exceed the total they are parts of;
- no reference date lies after today.

The rulebook (`workforce.validate.check_figures`) runs them on import, on the bundle build and on
first start, on the figures as they would be once stored (the active data with the new figures on top).
All are vectorised (group sums and joins, no loop over groups) so that million-row imports stay fast.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from workforce.prefectures import NATIONAL, PREFECTURE_CODES, UNDETERMINED

_GROUP = ["period_end", "nationality", "measure", "breakdown"]
_SUM_COLUMNS = _GROUP + ["sum_of_parts", "national", "difference", "has_undetermined"]
_PLACE = ["period_end", "prefecture_code", "measure", "breakdown"]


def national_sum_problems(figures: pd.DataFrame) -> pd.DataFrame:
    """Groups where all 47 prefectures and the national figure are present but do not add up.

    ISA's published tables add up exactly once 未定・不詳 (code 99) is included, so where a set has
    its 99 the sum must equal the national figure; a set without it (some copies give none) may fall
    short of the national figure by the undetermined residents but never exceed it. Partial sets are
    not checked. Returns one row per failing group with the sum, the national value and the difference.
    """
    code = figures["prefecture_code"]
    if not (code == NATIONAL).any():  # no national figure, nothing to add up to
        return pd.DataFrame(columns=_SUM_COLUMNS)
    is_prefecture = code.isin(PREFECTURE_CODES)
    parts = figures[is_prefecture | (code == UNDETERMINED)].groupby(_GROUP)["value"].sum()
    present = figures[is_prefecture].groupby(_GROUP)["prefecture_code"].nunique()
    undetermined = figures[code == UNDETERMINED].groupby(_GROUP)["value"].size()
    national = figures[code == NATIONAL].groupby(_GROUP)["value"].first()
    table = pd.concat({"sum_of_parts": parts, "present": present, "national": national}, axis=1).dropna()
    table["has_undetermined"] = undetermined.reindex(table.index).notna()
    exact = table["has_undetermined"]
    broken = (exact & (table["sum_of_parts"] != table["national"])) | (~exact & (table["sum_of_parts"] > table["national"]))
    table = table[(table["present"] == len(PREFECTURE_CODES)) & broken]
    if table.empty:
        return pd.DataFrame(columns=_SUM_COLUMNS)
    table = table.astype({"sum_of_parts": "int64", "national": "int64"})
    table["difference"] = table["sum_of_parts"] - table["national"]
    return table.reset_index()[_SUM_COLUMNS]


def vietnamese_above_all(figures: pd.DataFrame) -> pd.DataFrame:
    """Vietnamese figures larger than the all-nationalities figure of the same place, date and breakdown.

    Keeps the Vietnamese row's index, so a problem points at the row in the file.
    """
    vietnamese = figures[figures["nationality"] == "VN"]
    every = figures.loc[figures["nationality"] == "ALL", _PLACE + ["value"]]
    if vietnamese.empty or every.empty:
        return vietnamese.iloc[0:0].assign(all_nationalities=pd.Series(dtype="int64"))
    joined = vietnamese.reset_index().merge(every.rename(columns={"value": "all_nationalities"}), on=_PLACE)
    return joined[joined["value"] > joined["all_nationalities"]].set_index("index")


def parts_above_total(figures: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Mixes (status or industry parts, as data/curated/breakdowns.csv groups them) larger than their total."""
    members = labels.loc[labels["mix"] != "", ["measure", "breakdown", "mix"]]
    parts = figures.merge(members, on=["measure", "breakdown"])
    keys = ["period_end", "prefecture_code", "nationality", "measure"]
    sums = parts.groupby(keys + ["mix"], as_index=False)["value"].sum().rename(columns={"value": "sum_of_parts"})
    totals = figures.loc[figures["breakdown"] == "total", keys + ["value"]].rename(columns={"value": "total"})
    table = sums.merge(totals, on=keys)
    return table[table["sum_of_parts"] > table["total"]].reset_index(drop=True)


def periods_after(figures: pd.DataFrame, today: date) -> pd.DataFrame:
    """Figures dated after `today`: nobody has published them yet (a typo such as 2099)."""
    return figures[figures["period_end"] > today.isoformat()]
