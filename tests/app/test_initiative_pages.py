"""The initiatives page in the reader's language, the published title beside a translation."""
from __future__ import annotations

import pandas as pd

from tests.support.pages import open_page, page_text
from workforce import bundled


def test_the_initiatives_page_shows_japanese_names_with_the_published_title():
    text = page_text(open_page("initiatives", lang="ja"))
    row = bundled.initiatives().query("title_language == 'en'").iloc[0]
    assert "本ダッシュボードによる翻訳" in text and isinstance(row["title"], str) and not pd.isna(row["title_ja"])
