"""The overview map's text alternative, as a reader opens it."""
from __future__ import annotations

import pytest

from tests.support.pages import open_file, open_page, page_text
from workforce.i18n import Translator


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_overview_map_has_its_text_alternative(lang):
    t = Translator(lang)
    app = open_page("overview", lang=lang)
    assert not app.exception
    label = t("chart.as_text", count=t.count(47))
    assert any(e.label == label for e in app.expander), [e.label for e in app.expander]
    aichi = {"en": "- Aichi", "vi": "- Tỉnh Aichi"}[lang]  # names and numbers as the hover label shows them
    assert not any(line.startswith(aichi) for line in page_text(app).splitlines())  # made only when opened
    # The reader opens "The chart as text". (A second AppTest run would lose ?lang=: AppTest sends the
    # sidebar selectbox back as its first option; so a new run starts with the expander open.)
    app = open_file("dashboard.py", lang=lang, session_state={"map_geo_text": True})
    # The map opens at the newest complete period, 2025-12-31 (Aichi 70,820).
    assert any(line.startswith(aichi) and t.count(70820) in line for line in page_text(app).splitlines())
