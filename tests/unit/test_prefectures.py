"""Every spelling analysts use maps to one JIS code; unknown names fail with a suggestion."""
import pytest

from workforce.prefectures import PREFECTURE_CODES, UnknownPrefecture, load_prefectures, normalise_name

TABLE = load_prefectures()


@pytest.mark.parametrize("spelling", ["愛知県", "愛知", "Aichi", "Aichi-ken", "AICHI", "aichi ken", "23", "２３",
                                      "Aichi Prefecture", "Tỉnh Aichi", " 愛知県 "])
def test_aichi_spellings(spelling):
    assert TABLE.match(spelling) == "23"


@pytest.mark.parametrize(("spelling", "code"), [
    ("東京都", "13"), ("東京", "13"), ("Tokyo-to", "13"), ("大阪府", "27"), ("Ōsaka", "27"), ("Osaka-fu", "27"),
    ("京都府", "26"), ("京都", "26"), ("北海道", "01"), ("Hokkaido", "01"), ("1", "01"), ("01", "01"),
    ("沖縄県", "47"), ("47", "47"), ("全国", "00"), ("00", "00"), ("未定・不詳", "99"),
])
def test_other_spellings(spelling, code):
    assert TABLE.match(spelling) == code


def test_every_prefecture_matches_its_own_names():
    for code in PREFECTURE_CODES:
        row = TABLE.frame.loc[code]
        assert {TABLE.match(row["name_ja"]), TABLE.match(row["name_en"]), TABLE.match(row["name_vi"]), TABLE.match(code)} == {code}


@pytest.mark.parametrize("text", ["Aichl", "48", "100", "Saitama-shi-x", ""])
def test_unknown_prefecture_is_refused(text):
    with pytest.raises(UnknownPrefecture):
        TABLE.match(text)


def test_unknown_prefecture_suggests_the_nearest_name():
    with pytest.raises(UnknownPrefecture, match="did you mean Aichi"):
        TABLE.match("Aichl")


def test_normalise_folds_width_case_and_marks():
    assert normalise_name("ＯＳＡＫＡ－ｆｕ") == normalise_name("Ōsaka fu") == "osaka fu"


def test_table_has_47_prefectures_with_tiles_on_distinct_cells():
    assert list(TABLE.frame.index) == list(PREFECTURE_CODES)
    assert not TABLE.frame.duplicated(["tile_row", "tile_col"]).any()
    assert TABLE.frame["population_2020"].sum() == 126_146_099  # the 2020 Census national total
