"""Saved briefings in the store: saved, listed, loaded, replaced, refused, bounded, migrated."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from workforce.store import briefings
from workforce.store.db import metadata


@pytest.fixture
def engine(store_url):
    engine = sa.create_engine(store_url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_save_list_load_and_overwrite(engine):
    first = briefings.save_briefing(engine, "  Board  ", ["map", "headline"], ["23", "19"], "ja", author="alice")
    assert first.name == "Board" and first.slides == ("map", "headline") and first.prefectures == ("23", "19")
    assert briefings.load_briefing(engine, "Board") == first
    briefings.save_briefing(engine, "Board", ["sources"], [], "vi", author="bob")
    briefings.save_briefing(engine, "Another", ["prefecture"], ["01"], "en", author="alice")
    listed = briefings.list_briefings(engine)
    assert [b.name for b in listed] == ["Another", "Board"]
    board = briefings.load_briefing(engine, "Board")
    assert board.slides == ("sources",) and board.prefectures == () and board.lang == "vi"
    assert re.match(r"\d{4}-\d{2}-\d{2}T", board.created_at) and board.author == "bob"
    assert briefings.load_briefing(engine, "missing") is None


@pytest.mark.parametrize(("name", "slides", "prefectures", "lang", "reason"), [
    ("", ["headline"], [], "en", "name"),
    ("x" * 81, ["headline"], [], "en", "name"),
    ("tab\there", ["headline"], [], "en", "name"),
    ("ok", [], [], "en", "slides"),
    ("ok", ["headline", "pie"], [], "en", "slides"),
    ("ok", ["prefecture"], ["48"], "en", "prefectures"),
    ("ok", ["prefecture"], ["00"], "en", "prefectures"),
    ("ok", ["prefecture"], [], "en", "prefectures"),
    ("ok", ["headline"], [], "fr", "lang"),
])
def test_invalid_briefings_are_refused(engine, name, slides, prefectures, lang, reason):
    with pytest.raises(briefings.BriefingError) as error:
        briefings.save_briefing(engine, name, slides, prefectures, lang, author="alice")
    assert error.value.reason == reason
    assert briefings.list_briefings(engine) == []


def test_eighty_character_name_is_accepted(engine):
    name = "名" * 80
    briefings.save_briefing(engine, name, ["headline"], [], "ja", author="alice")
    assert briefings.load_briefing(engine, name).name == name


def test_the_number_of_briefings_is_bounded_but_each_can_be_replaced(engine):
    for number in range(briefings.MAX_BRIEFINGS):
        briefings.save_briefing(engine, f"b{number}", ["headline"], [], "en", author="alice")
    with pytest.raises(briefings.BriefingError) as error:
        briefings.save_briefing(engine, "one too many", ["headline"], [], "en", author="alice")
    assert error.value.reason == "full"
    assert len(briefings.list_briefings(engine)) == briefings.MAX_BRIEFINGS
    briefings.save_briefing(engine, "b7", ["sources"], [], "vi", author="bob")  # replacing stays possible
    assert briefings.load_briefing(engine, "b7").author == "bob"


def test_a_store_from_before_authors_gains_the_column(store_url):
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE briefings (name VARCHAR(80) PRIMARY KEY, slides VARCHAR(200) NOT NULL, "
                             "prefectures VARCHAR(200) NOT NULL, lang VARCHAR(8) NOT NULL, created_at VARCHAR(32) NOT NULL)"))
        conn.execute(sa.text("INSERT INTO briefings VALUES ('Old', 'headline', '', 'en', '2026-01-01T00:00:00+00:00')"))
    assert briefings.load_briefing(engine, "Old").author == ""
    briefings.save_briefing(engine, "New", ["headline"], [], "en", author="alice")
    assert [b.author for b in briefings.list_briefings(engine)] == ["alice", ""]
    engine.dispose()
