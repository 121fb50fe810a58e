"""Rules across rows: prefectures (plus ISA's 'undetermined') add up to the national figure."""
from __future__ import annotations

import pandas as pd

from workforce.prefectures import NATIONAL, PREFECTURE_CODES, UNDETERMINED

_GROUP = ["period_end", "nationality", "measure", "breakdown"]


def national_sum_problems(figures: pd.DataFrame, kinds: tuple[str, ...] = ("official",)) -> pd.DataFrame:
    """Groups where all 47 prefectures and the national figure come from `kinds` sources but do not add up.

    ISA's published tables add up exactly once 未定・不詳 (code 99) is included, so the rule applies
    wherever a complete official set is present; partial or secondary sets are not checked.
    Returns one row per failing group with the sum, the national value and the difference.
    """
    rows = figures[figures["source_kind"].isin(kinds)]
    problems = []
    for key, group in rows.groupby(_GROUP):
        by_code = group.set_index("prefecture_code")["value"]
        if NATIONAL not in by_code or not set(PREFECTURE_CODES) <= set(by_code.index):
            continue
        parts = by_code.reindex(list(PREFECTURE_CODES) + [UNDETERMINED]).dropna().sum()
        if int(parts) != int(by_code[NATIONAL]):
            problems.append(dict(zip(_GROUP, key), sum_of_parts=int(parts), national=int(by_code[NATIONAL]),
                                 difference=int(parts) - int(by_code[NATIONAL])))
    return pd.DataFrame(problems, columns=_GROUP + ["sum_of_parts", "national", "difference"])
