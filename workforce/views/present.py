"""The presentation's slides for the chosen kinds and prefectures (workforce.briefing makes them)."""
from __future__ import annotations

import pandas as pd

from workforce.briefing import Slide, briefing_data, build_slides
from workforce.i18n import Translator


def slides(municipal: pd.DataFrame, figures: pd.DataFrame, kinds: tuple[str, ...], codes: tuple[str, ...],
           t: Translator) -> list[Slide]:
    return build_slides(briefing_data(figures, municipal), t, kinds=kinds, prefectures=codes)
