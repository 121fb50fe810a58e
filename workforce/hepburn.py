"""Katakana to Hepburn, written as this dashboard writes Japanese names: no macrons (Tokyo, Kyoto, Osaka).

Deterministic and from kana only (never from kanji, whose readings a program can only guess): the kana come
from a published list. Long vowels are written once: オウ and オオ as o, ウウ as u (トウキョウ Tokyo, オオサカ
Osaka, チュウオウ Chuo); エイ and イイ stay (ニイガタ Niigata). ン is n, n' before a vowel or y; ッ doubles
the next consonant (ッチ tchi). A character outside the table is an error, never skipped.

Kana alone cannot tell a long vowel from two vowels that meet where two words join (勝浦 カツ|ウラ Katsuura,
not Katsura): a `|` placed by a person marks such a join, and no vowel is merged across it.
"""
from __future__ import annotations

_DIGRAPHS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "シャ": "sha", "シュ": "shu", "ショ": "sho", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
    "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo",
    "ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
    "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya", "リュ": "ryu", "リョ": "ryo",
    "シェ": "she", "ジェ": "je", "チェ": "che", "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du",
    "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "ウィ": "wi", "ウェ": "we", "ウォ": "wo",
    "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "イェ": "ye",
}
_MONOGRAPHS = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲ"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
    "ma mi mu me mo ya yu yo ra ri ru re ro wa i e o "
    "ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po vu".split()))


def _syllables(kana: str) -> list[str]:
    """Kana split into syllables: digraphs first, then single kana; ッ, ン, ー and the join mark | as they are."""
    out, i = [], 0
    while i < len(kana):
        if kana[i:i + 2] in _DIGRAPHS:
            out.append(kana[i:i + 2])
            i += 2
        elif kana[i] in _MONOGRAPHS or kana[i] in "ッンー|":
            out.append(kana[i])
            i += 1
        else:
            raise ValueError(f"{kana!r}: {kana[i]!r} at position {i + 1} is not a katakana syllable this "
                             "romanisation knows")
    return out


def to_hepburn(kana: str) -> str:
    """Katakana (full-width) in lower-case Hepburn without macrons."""
    syllables = _syllables(kana)
    romaji = []
    lengthened = False  # a vowel that already made the one before it long is not merged again (オオオカ ooka)
    for index, syllable in enumerate(syllables):
        after = next((s for s in syllables[index + 1:] if s != "|"), "")
        following = _DIGRAPHS.get(after) or _MONOGRAPHS.get(after, "")
        if syllable == "ッ":
            if not following or following[0] in "aiueon":
                raise ValueError(f"{kana!r}: ッ at position {index + 1} has no consonant after it")
            romaji.append("t" if following.startswith("ch") else following[0])
            lengthened = False
        elif syllable == "ン":
            romaji.append("n'" if following[:1] in ("a", "i", "u", "e", "o", "y") else "n")
            lengthened = False
        elif syllable == "|":
            lengthened = True  # a join: the vowel after it starts a word of its own
        elif syllable == "ー":
            lengthened = True  # a written long mark: no macron, nothing added
        else:
            sound = _DIGRAPHS.get(syllable) or _MONOGRAPHS[syllable]
            before = romaji[-1] if romaji else ""
            long_vowel = (sound == "u" and before[-1:] in ("o", "u")) or (sound == "o" and before[-1:] == "o")
            if long_vowel and not lengthened:
                lengthened = True  # オウ, ウウ, オオ: one long vowel, written once
                continue
            romaji.append(sound)
            lengthened = False
    return "".join(romaji)
