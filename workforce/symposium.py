"""Statements made at the 30 July 2024 embassy symposium, next to the figures nearest to them.

The statements are quotations (data/curated/symposium_statements.csv); the figures are looked up in
the active store by key, never typed in, so a revised release changes what is shown.
"""
from __future__ import annotations

import pandas as pd

from workforce import schema
from workforce.initiatives import TRANSLATION_MARK

SYMPOSIUM_DATE = "2024-07-30"


def parse_refs(refs: str) -> list[dict[str, str]]:
    """'residents|00|VN|total|2024-06-30;…' → figure keys."""
    keys = []
    for ref in filter(None, refs.split(";")):
        measure, prefecture, nationality, breakdown, period = ref.split("|")
        keys.append({"measure": measure, "prefecture_code": prefecture, "nationality": nationality,
                     "breakdown": breakdown, "period_end": period})
    return keys


def nearest_figures(statement: pd.Series, figures: pd.DataFrame) -> pd.DataFrame:
    """The referenced figures in order; a key missing from the store stays as a row with no value."""
    keys = pd.DataFrame(parse_refs(statement["figure_refs"]))
    found = keys.merge(figures, on=schema.KEY, how="left")
    found["published_before_symposium"] = found["period_end"] <= SYMPOSIUM_DATE
    return found


def shown_speaker(statement, lang: str) -> tuple[str, str | None]:
    """(speaker, speaker as published) in the reader's language.

    The report names speakers in English; in Japanese or Vietnamese the project's own translation is
    shown, marked as initiative titles are, and the name as published is kept for a reader who looks it up.
    Japanese names are written in katakana, as published in romaji: their kanji are not in the report.
    """
    if lang == "en" or not statement.get(f"speaker_{lang}"):
        return statement["speaker"], None
    return f"{statement[f'speaker_{lang}']} {TRANSLATION_MARK}", statement["speaker"]
