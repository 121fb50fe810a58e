"""The 2024 embassy symposium: each statement with the nearest published figures."""
from __future__ import annotations

import pandas as pd

from workforce import bundled
from workforce.i18n import Translator
from workforce.prefectures import prefectures
from workforce.symposium import nearest_figures


def statement_figures(figures: pd.DataFrame, statement_id: str, t: Translator) -> pd.DataFrame:
    """The figures nearest to one statement, each with `title`: where and what, in the reader's language
    ("Aichi: Vietnamese workers, manufacturing")."""
    statements = bundled.symposium_statements()
    found = nearest_figures(statements[statements["statement_id"] == statement_id].iloc[0], figures)
    labels = bundled.breakdown_labels().set_index(["measure", "breakdown"])[f"label_{t.lang}"]

    def title(figure: pd.Series) -> str:
        what = t(f"symposium.measure.{figure['measure']}")
        if figure["breakdown"] != "total":
            what += ", " + labels.get((figure["measure"], figure["breakdown"]), figure["breakdown"])
        return f"{prefectures().name(figure['prefecture_code'], t.lang)}: {what}"

    return found.assign(title=[title(figure) for _, figure in found.iterrows()])
