"""The 47 prefectures and every spelling analysts use for them.

Spellings are data (`data/prefecture_aliases.csv`, built by `scripts/build_dataset.py`): a name is
normalised with `normalise_name` and looked up; numbers (23, ２３, "1") are read as JIS codes.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from workforce import settings

NATIONAL = "00"
UNDETERMINED = "99"  # ISA's 未定・不詳: counted in national totals, never drawn on a map
PREFECTURE_CODES = tuple(f"{n:02d}" for n in range(1, 48))
SPECIAL_CODES = {
    NATIONAL: {"en": "Japan (national)", "ja": "全国", "vi": "Toàn quốc"},
    UNDETERMINED: {"en": "Prefecture undetermined (未定・不詳)", "ja": "未定・不詳", "vi": "Không xác định (未定・不詳)"},
}


MAX_NAME = 60  # the longest real spelling is under 30 characters


class UnknownPrefecture(ValueError):
    """A prefecture name or code that the alias table does not know."""

    def __init__(self, text: str, suggestions: list[str]):
        self.text = text
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown prefecture {text!r}: expected a JIS code 01-47, or a name such as 愛知県, 愛知, Aichi{hint}")


def normalise_name(text: str) -> str:
    """Fold width, case, diacritics and separators so 'Ōsaka-fu', 'OSAKA FU' and 'osaka fu' compare equal."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFKC", stripped).replace("đ", "d")
    for sep in ("-", "_", "\u3000", "・"):
        stripped = stripped.replace(sep, " ")
    return " ".join(stripped.split())


@dataclass(frozen=True)
class PrefectureTable:
    """Prefecture attributes (one row per JIS code) and the alias lookup."""

    frame: pd.DataFrame  # indexed by prefecture_code
    aliases: dict[str, str]

    def match(self, text: object) -> str:
        """The JIS code ('01'-'47', '00' national, '99' undetermined) for any known spelling."""
        text = str(text)
        if len(text) > MAX_NAME:  # no spelling is this long: answer before normalising or suggesting
            raise UnknownPrefecture(text[:MAX_NAME] + "…", [])
        key = normalise_name(text)
        if key.isdigit() and key.isascii():
            code = f"{int(key):02d}"
            if code in self.frame.index or code in SPECIAL_CODES:
                return code
        elif key in self.aliases:
            return self.aliases[key]
        raise UnknownPrefecture(str(text), self._suggest(key))

    def match_list(self, text: str) -> list[str]:
        """'23,大阪府,Tokyo' → ['23', '27', '13']: known spellings in order, duplicates and unknown ones dropped."""
        codes = []
        for part in text.split(","):
            try:
                codes.append(self.match(part))
            except UnknownPrefecture:
                continue
        return list(dict.fromkeys(codes))

    def _suggest(self, key: str) -> list[str]:
        import difflib

        close = difflib.get_close_matches(key, list(self.aliases), n=3, cutoff=0.75)
        return sorted({self.frame.loc[self.aliases[k], "name_en"] for k in close if self.aliases[k] in self.frame.index})

    def name(self, code: str, lang: str = "en") -> str:
        if code in SPECIAL_CODES:
            return SPECIAL_CODES[code][lang]
        return self._names[lang][code]

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        """{lang: {code: name}}: a page names all 47 prefectures on every run (its selector)."""
        return {column.removeprefix("name_"): {code: str(name) for code, name in self.frame[column].items()}
                for column in self.frame.columns if column.startswith("name_")}


def load_prefectures(data_dir: Path | None = None) -> PrefectureTable:
    """Read the prefecture table and its aliases from the bundled data folder."""
    folder = Path(data_dir or settings.data_dir())
    frame = pd.read_csv(folder / "prefectures.csv", dtype={"prefecture_code": str}).set_index("prefecture_code")
    alias_frame = pd.read_csv(folder / "prefecture_aliases.csv", dtype=str, keep_default_na=False)
    return PrefectureTable(frame, dict(zip(alias_frame["alias"], alias_frame["prefecture_code"])))


@lru_cache(maxsize=1)
def prefectures() -> PrefectureTable:
    """The bundled table, read once per process."""
    return load_prefectures()
