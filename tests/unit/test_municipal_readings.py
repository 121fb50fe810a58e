"""Readings of municipal names (issue 13): every bundled municipality has an English and a Vietnamese reading,
romanised from Japan Post's kana (data/curated/municipality_readings.csv), the hand-written ones winning."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.support.stores import ROOT
from workforce.hepburn import to_hepburn
from workforce.municipal import match_municipality, merged_readings, readings
from workforce.municipal_readings import JOINED, ReadingError, build_readings, reading_of

CURATED = ROOT / "data" / "curated"


def _csv(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


BUNDLED = _csv(ROOT / "data" / "municipal_figures.csv")
GENERATED = _csv(CURATED / "municipality_readings.csv")
HAND_WRITTEN = _csv(CURATED / "municipality_names.csv")


def test_every_bundled_municipality_has_an_english_and_a_vietnamese_reading():
    read = readings().set_index("municipality_code")
    codes = set(BUNDLED["municipality_code"])
    assert len(codes) == 1_914 and codes <= set(read.index)
    assert (read.loc[sorted(codes), ["name_en", "name_vi"]] != "").all().all()
    names = BUNDLED.drop_duplicates("municipality_code").set_index("municipality_code")["name_ja"]
    assert (read.loc[sorted(codes), "name_ja"] == names.loc[sorted(codes)]).all()  # the names as ISA prints them


@pytest.mark.parametrize("code, reading, source", [
    ("23211", "Toyota", "hand_written"), ("23100", "Nagoya", "hand_written"), ("01100", "Sapporo", "hand_written"),
    ("27100", "Osaka", "hand_written"), ("22130", "Hamamatsu", "hand_written"),
    ("23101", "Chikusa-ku", "japan_post_kana"), ("22136", "Hamakita-ku", "japan_post_kana"),  # a ward of 2022
    ("23210", "Kariya", "japan_post_kana"), ("10524", "Oizumi", "japan_post_kana"),
    ("13104", "Shinjuku-ku", "japan_post_kana"), ("10344", "Shinto", "japan_post_kana"),  # 北群馬郡榛東村
    ("13401", "Hachijo", "japan_post_kana"),  # Japan Post: 八丈島八丈町
    ("28209", "Toyooka", "japan_post_kana"),  # トヨ|オカ: two vowels, not one long one
])
def test_spot_checks(code, reading, source):
    row = readings().set_index("municipality_code").loc[code]
    assert (row["name_en"], row["name_vi"], row["reading_source"]) == (reading, reading, source)


def test_the_generated_file_is_what_the_romanisation_makes_of_its_kana():
    """Each committed reading re-made from its committed kana: the file and workforce.hepburn agree."""
    places = BUNDLED.drop_duplicates("municipality_code").set_index("municipality_code")
    for _, row in GENERATED.iterrows():
        parent = places.loc[row["municipality_code"], "parent_code"]
        own = row["name_ja"]
        if parent and parent != "13100":
            own = own.removeprefix(places.loc[parent, "name_ja"])
        assert reading_of(own, row["name_kana"]) == row["name_en"] == row["name_vi"], row.to_dict()


def test_the_romanisation_gives_the_hand_written_readings_from_japan_posts_kana():
    both = HAND_WRITTEN.merge(GENERATED, on="municipality_code", suffixes=("_hand", ""))
    assert len(both) == 48  # all but 13100 特別区, which has no kana of its own
    assert (both["name_en_hand"] == both["name_en"]).all(), both[both["name_en_hand"] != both["name_en"]]


def test_hand_written_readings_win():
    hand = pd.DataFrame({"municipality_code": ["23211", "13100"], "name_ja": ["豊田市", "特別区"],
                         "name_en": ["Toyota City", "Tokyo special wards"], "name_vi": ["Thành phố Toyota", "x"]})
    made = pd.DataFrame({"municipality_code": ["23211", "23210"], "name_ja": ["豊田市", "刈谷市"],
                         "name_en": ["Toyota", "Kariya"], "name_vi": ["Toyota", "Kariya"]})
    merged = merged_readings(hand, made).set_index("municipality_code")
    assert merged.loc["23211", ["name_en", "name_vi", "reading_source"]].tolist() == [
        "Toyota City", "Thành phố Toyota", "hand_written"]
    assert merged.loc["23210", "reading_source"] == "japan_post_kana" and merged.loc["13100", "name_en"] == \
        "Tokyo special wards"
    assert merged.index.is_unique


def test_the_hand_placed_joins_spell_the_published_kana():
    joins = _csv(CURATED / "municipality_kana_joins.csv")
    generated = GENERATED.set_index("municipality_code")
    for _, join in joins.iterrows():
        row = generated.loc[join["municipality_code"]]
        assert (row["name_ja"], row["name_kana"], row["kana_source"]) == (join["name_ja"], join["kana_with_joins"],
                                                                          JOINED)
    joined = generated.index[generated["name_kana"].str.contains("|", regex=False)]
    assert set(joined) == set(joins["municipality_code"])


@pytest.mark.parametrize("kana, romaji", [
    ("トウキョウ", "tokyo"), ("オオサカ", "osaka"), ("キョウト", "kyoto"), ("ニイガタ", "niigata"),
    ("チュウオウ", "chuo"), ("ヨッカイチ", "yokkaichi"), ("ハッチョウ", "hatcho"), ("シンオンセン", "shin'onsen"),
    ("ナンヨウ", "nan'yo"), ("オオオカ", "ooka"), ("カツ|ウラ", "katsuura"), ("カツウラ", "katsura"),
    ("ジョウエツ", "joetsu"), ("ヒュウガ", "hyuga"), ("コウヅシマ", "kozushima"),
])
def test_kana_to_hepburn(kana, romaji):
    assert to_hepburn(kana) == romaji


@pytest.mark.parametrize("kana", ["トヨタし", "トヨタ市", "ッ", "トヨタ "])
def test_kana_outside_the_table_is_an_error(kana):
    with pytest.raises(ValueError):
        to_hepburn(kana)


def _places(*rows):
    return pd.DataFrame(rows, columns=["municipality_code", "name_ja", "parent_code"])


def test_build_strips_a_county_and_reads_a_designated_city_from_its_wards():
    japan_post = [("10344", "北群馬郡榛東村", "キタグンマグンシントウムラ"), ("10345", "北群馬郡吉岡町", "キタグンマグンヨシオカマチ"),
                  ("23101", "名古屋市千種区", "ナゴヤシチクサク"), ("23102", "名古屋市東区", "ナゴヤシヒガシク")]
    built = build_readings(japan_post, _places(("10344", "榛東村", ""), ("10345", "吉岡町", ""),
                                               ("23100", "名古屋市", ""), ("23101", "名古屋市千種区", "23100"),
                                               ("23102", "名古屋市東区", "23100"), ("13100", "特別区", "")))
    assert dict(zip(built["municipality_code"], built["name_en"])) == {
        "10344": "Shinto", "10345": "Yoshioka", "23100": "Nagoya", "23101": "Chikusa-ku", "23102": "Higashi-ku"}
    assert dict(zip(built["municipality_code"], built["name_kana"]))["23100"] == "ナゴヤシ"


@pytest.mark.parametrize("japan_post, places, joins", [
    ([("23211", "豊川市", "トヨカワシ")], [("23211", "豊田市", "")], None),  # the code names another place
    ([("23211", "豊田市", "トヨタ")], [("23211", "豊田市", "")], None),  # kana without 市's シ
    ([("23211", "豊田市", "トヨタシ"), ("23211", "豊田市", "トヨダシ")], [("23211", "豊田市", "")], None),
    ([("23211", "豊田市", "トヨタシ")], [("23211", "豊田市", "")], [("23211", "豊田市", "トヨ|ダシ")]),  # not the kana
    ([("23211", "豊田市", "トヨタシ")], [("23211", "豊田市", "")], [("99999", "某市", "ボウ|シ")]),  # unused join
])
def test_build_refuses_what_it_cannot_trust(japan_post, places, joins):
    joins = None if joins is None else pd.DataFrame(joins, columns=["municipality_code", "name_ja", "kana_with_joins"])
    with pytest.raises(ReadingError):
        build_readings(japan_post, _places(*places), joins)


@pytest.mark.parametrize("spelling, codes", [
    ("Chikusa-ku", ["23101"]), ("chikusa", ["23101"]), ("Kariya", ["23210"]), ("toyota city", ["23211"]),
    ("Naka-ku", ["14104", "22131", "23106", "27142", "33102", "34101"]),  # the wards, not 那珂市 Naka
])
def test_readings_name_municipalities_on_the_command_line(spelling, codes):
    assert [code for code, _ in match_municipality(spelling, BUNDLED)] == codes
