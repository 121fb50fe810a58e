"""Which publication a reference figure belongs to: the publisher's release title and page.

The reference files name where each figure was read: a mirror of an ISA workbook, a CSV conversion
of an e-Stat table, a newspaper quoting MHLW. A reader needs the release as its publisher titles it,
linked to the publisher's own page, with the copy as a second "read from" link. This module maps the
first onto the second; the copy's address and description are kept (read_from_url, and the note).
"""
from __future__ import annotations

import re

import pandas as pd

ISA_STATISTICS_PAGE = "https://www.moj.go.jp/isa/policies/statistics/toukei_ichiran_touroku.html"
# e-Stat's file list of 在留外国人統計 (statistics code 00250012, survey 000001018034).
ESTAT_ISA_PAGE = "https://www.e-stat.go.jp/stat-search/files?page=1&toukei=00250012&tstat=000001018034"
MHLW_EMPLOYMENT_PAGE = ("https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/koyou_roudou/koyou/gaikokujin/"
                        "gaikokujin-koyou/06.html")
ISA_STATISTIC = "在留外国人統計"
MHLW_STATISTIC = "「外国人雇用状況」の届出状況"

_PRESS_TITLE = re.compile(r"「(令和\S+現在における在留外国人数について)」")
_SHEET = re.compile(r"sheet (第\d+表)")
_ESTAT_TABLE = re.compile(r"「?((?:都道府県別 )?国籍・地域別 (?:在留資格別 )?在留外国人)」?")


def labour_bureau(name_ja: str) -> str:
    """The prefectural labour bureau that publishes MHLW's figures for a prefecture: 愛知県 → 愛知労働局."""
    return f"{name_ja if name_ja == '北海道' else name_ja[:-1]}労働局"


def residents_release(read_as: str) -> tuple[str, str]:
    """ISA: the press release (報道発表資料) with its table, or 在留外国人統計 with its e-Stat table."""
    press = _PRESS_TITLE.search(read_as)
    if press:
        sheet = _SHEET.search(read_as)
        return f"報道発表資料「{press[1]}」" + (f" {sheet[1]}" if sheet else ""), ISA_STATISTICS_PAGE
    table = _ESTAT_TABLE.search(read_as)
    title = ISA_STATISTIC + (f"「{table[1]}」" if table else "")
    return title, ESTAT_ISA_PAGE if "e-Stat" in read_as else ISA_STATISTICS_PAGE


def workers_release(read_as: str, prefecture_code: str, prefecture_names: dict[str, str]) -> tuple[str, str]:
    """MHLW: 「外国人雇用状況」の届出状況 (national, 別表1 where read there), or a labour bureau's release of it."""
    if prefecture_code in prefecture_names:
        return labour_bureau(prefecture_names[prefecture_code]) + MHLW_STATISTIC, MHLW_EMPLOYMENT_PAGE
    return MHLW_STATISTIC + (" 別表1" if "別表1" in read_as else ""), MHLW_EMPLOYMENT_PAGE


def attribute(raw: pd.DataFrame, prefecture_names: dict[str, str]) -> pd.DataFrame:
    """Reference rows with source_title/source_url as published and the copy in read_from_url and the note."""
    releases = [residents_release(title) if measure == "residents"
                else workers_release(title, code, prefecture_names)
                for title, measure, code in zip(raw["source_title"], raw["measure"], raw["prefecture_code"])]
    read_as, copy_url = raw["source_title"], raw["source_url"]
    return raw.assign(
        source_title=[title for title, _ in releases],
        source_url=[url for _, url in releases],
        read_from_url=[copy if copy != page else "" for copy, (_, page) in zip(copy_url, releases)],
        note=[f"{note}; read as: {title}" if note else f"read as: {title}" for note, title in zip(raw["note"], read_as)],
    )
