"""The initiatives catalogue: focus vocabulary and filtering."""
from __future__ import annotations

import pandas as pd

# The focus vocabulary, in display order; labels are in the locale files (focus.<key>).
FOCUS_KEYS = ("language", "employment", "consultation", "care_health", "festival_culture", "housing", "education",
              "integration", "policy", "exchange", "community", "retention", "economy", "disaster")


TRANSLATION_MARK = "※"


def shown_names(row, lang: str) -> tuple[str, str, str | None]:
    """(title, organisation, published title) in the reader's language.

    The title in its published language is shown as published and the third value is None; in another
    language the project's own translation is shown, marked, with the published title kept beside it.
    """
    title, organisation = row[f"title_{lang}"], row[f"organisation_{lang}"]
    if row["title_language"] == lang:
        return title, organisation, None
    return f"{title} {TRANSLATION_MARK}", organisation, row["title"]


def focus_values(table: pd.DataFrame) -> list[str]:
    """Focus keys in use, in the vocabulary's order."""
    used = {f for focus in table["focus_list"] for f in focus}
    return [key for key in FOCUS_KEYS if key in used]


def year_range(table: pd.DataFrame) -> tuple[int, int]:
    years = table["year"].dropna()
    return int(years.min()), int(years.max())


def filter_initiatives(table: pd.DataFrame, *, text: str = "", places: list[str] | None = None,
                       focus: list[str] | None = None, years: tuple[int, int] | None = None,
                       include_undated: bool = True) -> pd.DataFrame:
    """Rows matching every given filter. Text matches title, organisation and descriptions, any case."""
    mask = pd.Series(True, index=table.index)
    if text:
        haystack = table[["title", "organisation", "title_en", "title_ja", "title_vi", "organisation_ja", "organisation_vi",
                          "description_en", "description_ja", "description_vi"]].agg(" ".join, axis=1)
        mask &= haystack.str.contains(text, case=False, regex=False)
    if places:
        mask &= table["prefecture_code"].isin(places)
    if focus:
        mask &= table["focus_list"].map(lambda items: bool(set(items) & set(focus)))
    if years:
        in_range = table["year"].between(*years).fillna(False).astype(bool)
        mask &= in_range | (table["year"].isna() if include_undated else False)
    return table[mask]


def parse_year_range(text: str) -> tuple[int, int]:
    """'2018-2024' → (2018, 2024); raises ValueError otherwise."""
    start, _, end = text.partition("-")
    low, high = int(start), int(end or start)
    if low > high:
        raise ValueError(text)
    return low, high
