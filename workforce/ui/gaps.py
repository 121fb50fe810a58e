"""Say plainly which inputs a period lacks, so a missing rank, share or rate is never a silent blank."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from workforce.i18n import Translator
from workforce.prefectures import PREFECTURE_CODES

_SHOWN_NAMES = 8


def _names(table: pd.DataFrame, codes: list[str], t: Translator) -> str:
    names = table.set_index("prefecture_code").loc[codes, f"name_{t.lang}"].tolist()
    more = len(names) - _SHOWN_NAMES
    return t("list.separator").join(names[:_SHOWN_NAMES]) + (" " + t("source.more", count=more) if more > 0 else "")


def snapshot_notes(table: pd.DataFrame, metric: str, t: Translator) -> None:
    """Under the period controls: why there is no rank, and which prefectures lack the chosen metric."""
    missing = table.attrs.get("missing", {})
    period = t.period_with_date(table.attrs["period"])
    lacking_count = missing.get("count", [])
    if lacking_count:
        st.info(t("overview.incomplete", period=period, count=len(lacking_count), total=len(PREFECTURE_CODES),
                  names=_names(table, lacking_count, t)))
    lacking = [code for code in missing.get(metric, []) if code not in lacking_count]
    if metric != "count" and lacking:
        if metric == "growth" and not table.attrs.get("previous_period"):
            st.info(t("overview.no_growth", period=period))
        else:
            st.info(t(f"overview.metric_missing.{metric}", period=period, count=len(lacking),
                      names=_names(table, lacking, t)))
