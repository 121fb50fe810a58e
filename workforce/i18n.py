"""Strings and number/date formatting in English, Japanese and Vietnamese.

Strings live in locale files, never in code: `workforce/locales/<lang>/<prefix>.toml` holds exactly
the keys that start with `<prefix>.` (`profile.rank` is in profile.toml), so a key names its file. Numbers and months are formatted with Babel, so
660483 reads 660,483 in English and Japanese and 660.483 in Vietnamese. No Streamlit here: the
UI picks the language (workforce/ui/language.py) and passes a Translator down.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal

LANGUAGES = {"en": "English", "ja": "日本語", "vi": "Tiếng Việt"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
GAP = "—"
MAN = 10_000  # 万


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@lru_cache(maxsize=len(LANGUAGES))
def catalog(lang: str) -> dict[str, str]:
    """Every key of one language, from all its locale files (a key defined twice is an error)."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.toml")):
        for key, value in _flatten(tomllib.loads(path.read_text(encoding="utf-8"))).items():
            if key in merged:
                raise ValueError(f"{lang}: key {key!r} defined twice ({path.name})")
            merged[key] = value
    return merged


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def missing_keys() -> dict[str, set[str]]:
    """For each language, the keys another language has and it lacks. Of a key in plural forms only
    `.other` is required everywhere: a language whose nouns do not change with the number (Japanese,
    Vietnamese) says it once, and the plural rule falls back to it."""
    every = set().union(*(catalog(lang) for lang in LANGUAGES))

    def needed(key: str) -> bool:
        form = key.rsplit(".", 1)[-1]
        return form not in PLURAL_CATEGORIES or form == "other"

    return {lang: {key for key in every - set(catalog(lang)) if needed(key)} for lang in LANGUAGES}


def match_language(locale_name: str | None) -> str:
    """'vi-VN' → 'vi', 'ja' → 'ja', anything else → English."""
    if not locale_name:
        return DEFAULT_LANGUAGE
    base = locale_name.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    lang: str = DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: object) -> str:
        """The string for `key`, with {placeholders} filled. A missing key falls back to English.

        A key written in plural forms (`key.one`, `key.other`, …) is chosen by the language's plural
        rule for the value of {count}: "1 problem" / "2 problems" in English, one form in Japanese.
        """
        text = self._text(key) if "count" not in values else self._plural(key, values["count"])
        if text is None:
            raise KeyError(f"no string {key!r} in any locale file")
        return text.format(**values) if values else text

    def _text(self, key: str) -> str | None:
        return catalog(self.lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key)

    def _plural(self, key: str, count: object) -> str | None:
        plain = self._text(key)
        if plain is not None:
            return plain
        digits = re.sub(r"[^0-9]", "", str(count))  # a count may come formatted: 1,234 / 1.234
        form = self.babel_locale.plural_form(int(digits)) if digits else "other"
        own = catalog(self.lang)
        return (own.get(f"{key}.{form}") or own.get(f"{key}.other")
                or catalog(DEFAULT_LANGUAGE).get(f"{key}.{form}") or catalog(DEFAULT_LANGUAGE).get(f"{key}.other"))

    @property
    def babel_locale(self) -> Locale:
        return Locale.parse({"en": "en_US", "ja": "ja_JP", "vi": "vi_VN"}[self.lang])

    def count(self, value: object) -> str:
        """660483 → 660,483 (en, ja) / 660.483 (vi); a missing figure is a visible gap, never 0."""
        if _missing(value):
            return GAP
        return format_decimal(int(value), format="#,##0", locale=self.babel_locale)

    def prose_count(self, value: object) -> str:
        """A count inside a sentence (a slide's key figures, a caption). Japanese writes a large number with
        万 and 億, exact to the unit, as ISA's and MHLW's own releases do (在留外国人数は376万8,977人):
        681100 → 68万1,100. English and Vietnamese as count(). Tables, axes and big headline numbers keep
        count(): a column of figures compares digit by digit."""
        if self.lang != "ja" or _missing(value) or abs(int(value)) < MAN:
            return self.count(value)
        whole = abs(int(value))
        oku, rest = divmod(whole, MAN * MAN)
        man, ones = divmod(rest, MAN)
        parts = [(oku, "億"), (man, "万"), (ones, "")]  # the units' names in Japanese, not translations
        return ("-" if int(value) < 0 else "") + "".join(self.count(n) + unit for n, unit in parts if n)

    def number(self, value: object, digits: int = 1, signed: bool = False) -> str:
        if _missing(value):
            return GAP
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        text = format_decimal(float(value), format=pattern, locale=self.babel_locale)
        return f"+{text}" if signed and float(value) > 0 else text

    def percent(self, value: object, digits: int = 1, signed: bool = False) -> str:
        return GAP if _missing(value) else self.number(value, digits, signed) + "%"

    def month_name(self, month: int) -> str:
        return get_month_names("wide", locale=self.babel_locale)[month]

    def period(self, period_end: str) -> str:
        """'2025-06-30' → 'end of June 2025' / '2025年6月末' / 'cuối tháng 6/2025'."""
        stamp = pd.Timestamp(period_end)
        return self("format.period", month=stamp.month, month_name=self.month_name(stamp.month), year=stamp.year)

    def period_with_date(self, period_end: str) -> str:
        return f"{self.period(period_end)} ({period_end})"

    def short_period(self, period_end: str) -> str:
        stamp = pd.Timestamp(period_end)
        return self("format.short_period", month=stamp.month, year=stamp.year,
                    month_abbr=get_month_names("abbreviated", locale=self.babel_locale)[stamp.month])


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
