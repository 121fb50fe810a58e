"""The 2024 embassy symposium: each statement with the nearest published figures."""
from __future__ import annotations

import pandas as pd

from workforce import bundled
from workforce.symposium import nearest_figures


def statement_figures(figures: pd.DataFrame, statement_id: str) -> pd.DataFrame:
    statements = bundled.symposium_statements()
    statement = statements[statements["statement_id"] == statement_id].iloc[0]
    return nearest_figures(statement, figures)
