"""The presentation's slides for the chosen kinds and prefectures (workforce.briefing makes them)."""
from __future__ import annotations

import pandas as pd

from workforce import bundled
from workforce.briefing import BriefingData, Slide, build_slides
from workforce.i18n import Translator
from workforce.prefectures import prefectures


def slides(municipal: pd.DataFrame, figures: pd.DataFrame, kinds: tuple[str, ...], codes: tuple[str, ...],
           t: Translator) -> list[Slide]:
    inputs = BriefingData(figures=figures, prefectures=prefectures(), labels=bundled.breakdown_labels(),
                          initiatives=bundled.initiatives(), shapes=bundled.prefecture_shapes(), municipal=municipal)
    return build_slides(inputs, t, kinds=kinds, prefectures=codes)
