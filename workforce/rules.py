"""Rules across rows: prefectures (plus ISA's 'undetermined') add up to the national figure."""
from __future__ import annotations

import pandas as pd

from workforce.prefectures import NATIONAL, PREFECTURE_CODES, UNDETERMINED

_GROUP = ["period_end", "nationality", "measure", "breakdown"]
_COLUMNS = _GROUP + ["sum_of_parts", "national", "difference"]


def national_sum_problems(figures: pd.DataFrame, kinds: tuple[str, ...] = ("official",)) -> pd.DataFrame:
    """Groups where all 47 prefectures and the national figure come from `kinds` sources but do not add up.

    ISA's published tables add up exactly once 未定・不詳 (code 99) is included, so the rule applies
    wherever a complete set is present; partial sets are not checked. Vectorised (group sums, no
    loop over groups) so that it stays fast on million-row imports.
    Returns one row per failing group with the sum, the national value and the difference.
    """
    if not (figures["prefecture_code"] == NATIONAL).any():  # no national figure, nothing to add up to
        return pd.DataFrame(columns=_COLUMNS)
    rows = figures[figures["source_kind"].isin(kinds)]
    code = rows["prefecture_code"]
    is_prefecture = code.isin(PREFECTURE_CODES)
    parts = rows[is_prefecture | (code == UNDETERMINED)].groupby(_GROUP)["value"].sum()
    present = rows[is_prefecture].groupby(_GROUP)["prefecture_code"].nunique()
    national = rows[code == NATIONAL].groupby(_GROUP)["value"].first()
    table = pd.concat({"sum_of_parts": parts, "present": present, "national": national}, axis=1).dropna()
    table = table[(table["present"] == len(PREFECTURE_CODES)) & (table["sum_of_parts"] != table["national"])]
    if table.empty:
        return pd.DataFrame(columns=_COLUMNS)
    table = table.astype({"sum_of_parts": "int64", "national": "int64"})
    table["difference"] = table["sum_of_parts"] - table["national"]
    return table.reset_index()[_COLUMNS]
