"""Municipal figures: the rules across their rows, and the derived values the pages show.

The rules (run on import, on the bundle build and on a store's first start):
- the municipalities of a prefecture (designated cities and 特別区 as a whole, never with their wards)
  sum to its prefecture row;
- the wards of a designated city (or Tokyo's 特別区) sum to the city;
- the prefectures and 未定・不詳 sum to the national row;
- every prefecture row equals the prefecture figure stored for the same date, where one is stored;
- Vietnamese residents never exceed all nationalities.
"""
from __future__ import annotations

import pandas as pd

from workforce.ingest.isa_municipal import HEADER, MunicipalRead
from workforce.ingest.result import Problem, problem

COLUMN_OF = {"ALL": HEADER[2], "VN": "ベトナム"}


def check_municipal(read: MunicipalRead, stored_prefectures: pd.DataFrame | None = None) -> list[Problem]:
    """Every rule problem of a read municipal table; `stored_prefectures` are the active prefecture figures."""
    file, sheet, figures = read.file_name, read.sheet, read.figures
    found: list[Problem] = []
    rows = read.prefectures.set_index(["prefecture_code", "nationality"])
    top = figures[figures["parent_code"] == ""]
    for (pref, nationality), total in top.groupby(["prefecture_code", "nationality"])["value"].sum().items():
        if (pref, nationality) not in rows.index:
            first = int(top[top["prefecture_code"] == pref]["row"].min())
            found.append(problem(file, "municipal_prefecture_row_missing", sheet=sheet, row=first,
                                 column=HEADER[0], value=pref, prefecture=pref))
            continue
        published = int(rows.loc[(pref, nationality), "value"])
        if published != total:
            found.append(problem(file, "municipal_sum_prefecture", sheet=sheet,
                                 row=int(rows.loc[(pref, nationality), "row"]), column=COLUMN_OF[nationality],
                                 value=str(published), total=int(total)))
    wards = figures[figures["parent_code"] != ""]
    cities = figures.set_index(["municipality_code", "nationality"])
    for (city, nationality), total in wards.groupby(["parent_code", "nationality"])["value"].sum().items():
        published = int(cities.loc[(city, nationality), "value"])
        if published != total:
            found.append(problem(file, "municipal_sum_wards", sheet=sheet, row=int(cities.loc[(city, nationality), "row"]),
                                 column=COLUMN_OF[nationality], value=str(published), total=int(total),
                                 city=f"{city} {cities.loc[(city, nationality), 'name_ja']}"))
    parts = rows.drop(index="00", level=0, errors="ignore")
    for nationality, total in parts.groupby(level="nationality")["value"].sum().items():
        if ("00", nationality) in rows.index and int(rows.loc[("00", nationality), "value"]) != total:
            found.append(problem(file, "municipal_sum_national", sheet=sheet, row=int(rows.loc[("00", nationality), "row"]),
                                 column=COLUMN_OF[nationality], value=str(int(rows.loc[("00", nationality), "value"])),
                                 total=int(total)))
    wide = figures.pivot_table(index=["municipality_code", "row"], columns="nationality", values="value")
    if {"VN", "ALL"} <= set(wide.columns):
        for (code, row), values in wide[wide["VN"] > wide["ALL"]].iterrows():
            found.append(problem(file, "municipal_vn_above_all", sheet=sheet, row=int(row), column=COLUMN_OF["VN"],
                                 value=str(int(values["VN"])), total=int(values["ALL"])))
    if stored_prefectures is not None and len(stored_prefectures):
        stored = stored_prefectures[(stored_prefectures["period_end"] == read.period_end)
                                    & (stored_prefectures["measure"] == "residents")
                                    & (stored_prefectures["breakdown"] == "total")]
        stored = stored.set_index(["prefecture_code", "nationality"])["value"]
        for (pref, nationality), row in rows.iterrows():
            if (pref, nationality) in stored.index and int(stored.loc[(pref, nationality)]) != int(row["value"]):
                found.append(problem(file, "municipal_prefecture_differs", sheet=sheet, row=int(row["row"]),
                                     column=COLUMN_OF[nationality], value=str(int(row["value"])),
                                     stored=int(stored.loc[(pref, nationality)]), period=read.period_end))
    return found


def read_and_check(data: bytes, file_name: str, stored_prefectures: pd.DataFrame | None = None,
                   **source: str) -> MunicipalRead:
    """Read the table and add every rule problem; on any problem no figure is kept."""
    from workforce.ingest.isa_municipal import empty_municipal, read_isa_municipal

    read = read_isa_municipal(data, file_name, **source)
    if not read.problems:
        read.problems.extend(check_municipal(read, stored_prefectures))
    if read.problems:
        read.figures = empty_municipal()
    return read


def check_stored_municipal(frame: pd.DataFrame, prefecture_figures: pd.DataFrame, where: str) -> list[Problem]:
    """The rules on municipal figures as stored (the bundle, a store's first start): the same sums, with the
    stored prefecture figures of each date in place of the table's prefecture rows. `row` is the CSV line."""
    import re

    from workforce.ingest.isa_municipal import MUNICIPAL_KEY

    found: list[Problem] = []
    frame = frame.assign(row=range(2, len(frame) + 2))
    for index, row in frame.iterrows():
        code = row["municipality_code"]
        if not re.fullmatch(r"\d{5}", code) or code[:2] != row["prefecture_code"] or not 1 <= int(code[:2]) <= 47:
            found.append(problem(where, "municipal_code", row=int(row["row"]), column="municipality_code", value=code))
        if not re.fullmatch(r"https?://\S+", row["source_url"]) or not row["source_title"]:
            found.append(problem(where, "source_url", row=int(row["row"]), column="source_url", value=row["source_url"]))
    twice = frame[frame.duplicated(MUNICIPAL_KEY)]
    for _, row in twice.iterrows():
        found.append(problem(where, "municipal_code_twice", row=int(row["row"]), column="municipality_code",
                             value=row["municipality_code"], first="—"))
    orphans = frame[(frame["parent_code"] != "") & ~frame["parent_code"].isin(set(frame["municipality_code"]))]
    for _, row in orphans.iterrows():
        found.append(problem(where, "municipal_code", row=int(row["row"]), column="parent_code", value=row["parent_code"]))
    if found:
        return found
    prefectures = prefecture_figures[(prefecture_figures["measure"] == "residents")
                                     & (prefecture_figures["breakdown"] == "total")]
    for (period, measure), part in frame.groupby(["period_end", "measure"]):
        at = prefectures[prefectures["period_end"] == period]
        read = MunicipalRead(where, "", period, part, at.assign(row=0, column="")[
            ["prefecture_code", "nationality", "value", "row", "column"]])
        found.extend(check_municipal(read, None))
    return found


def require_municipal_rules(frame: pd.DataFrame, prefecture_figures: pd.DataFrame, where: str) -> None:
    from workforce.validate import RulesBroken

    found = check_stored_municipal(frame, prefecture_figures, where)
    if found:
        raise RulesBroken(where, found)


# Derived values for the pages ---------------------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402


@dataclass(frozen=True)
class WhereIn:
    """Where in a prefecture its Vietnamese residents live, at the newest municipal period.

    `table`: the municipalities (designated cities and 特別区 as a whole, never with their wards), most
    Vietnamese residents first, with `rank`, `vn`, `all`, `share_of_foreign` (VN ÷ the municipality's
    published all-nationality figure, %), `share_of_prefecture` (VN ÷ the prefecture's published figure for
    the same date, %; NaN where that figure is not stored) and `has_wards`. `wards`: each city's wards alike.
    `half`: how many municipalities, from the largest, hold half of the prefecture's Vietnamese residents.
    `rows`: every published figure these values use (their sources). `newest_prefecture_period`: the
    prefecture's newest Vietnamese-resident figure, which may be newer than `period`.
    """

    prefecture_code: str
    period: str
    table: pd.DataFrame
    wards: dict[str, pd.DataFrame]
    prefecture_total: int | None
    half: int | None
    rows: pd.DataFrame
    newest_prefecture_period: str | None

    @property
    def older_than_prefecture(self) -> bool:
        return self.newest_prefecture_period is not None and self.period < self.newest_prefecture_period


def _ranked(vn: pd.DataFrame, all_: pd.DataFrame, total: int | None) -> pd.DataFrame:
    table = vn[["municipality_code", "name_ja", "parent_code", "value"]].rename(columns={"value": "vn"}).merge(
        all_[["municipality_code", "value"]].rename(columns={"value": "all"}), on="municipality_code", how="left")
    table["share_of_foreign"] = (100 * table["vn"] / table["all"]).where(table["all"] > 0)
    table["share_of_prefecture"] = 100 * table["vn"] / total if total else float("nan")
    table = table.sort_values(["vn", "municipality_code"], ascending=[False, True], ignore_index=True)
    table.insert(0, "rank", table["vn"].rank(method="min", ascending=False).astype("int64"))
    return table


def where_in(municipal: pd.DataFrame, figures: pd.DataFrame, prefecture_code: str) -> WhereIn | None:
    """The newest municipal picture of one prefecture, or None where no municipal figure is stored."""
    own = municipal[(municipal["prefecture_code"] == prefecture_code) & (municipal["measure"] == "residents")]
    if own.empty or not (own["nationality"] == "VN").any():
        return None
    period = own.loc[own["nationality"] == "VN", "period_end"].max()
    at = own[own["period_end"] == period]
    vn, all_ = at[at["nationality"] == "VN"], at[at["nationality"] == "ALL"]
    prefecture = figures[(figures["prefecture_code"] == prefecture_code) & (figures["measure"] == "residents")
                         & (figures["nationality"] == "VN") & (figures["breakdown"] == "total")]
    published = prefecture[prefecture["period_end"] == period]
    total = int(published["value"].iloc[0]) if len(published) else None
    table = _ranked(vn[vn["parent_code"] == ""], all_, total)
    parents = set(vn["parent_code"]) - {""}
    table["has_wards"] = table["municipality_code"].isin(parents)
    wards = {city: _ranked(vn[vn["parent_code"] == city], all_, total) for city in sorted(parents)}
    half = None
    if total:
        reached = table["vn"].cumsum() >= total / 2
        half = int(reached.idxmax()) + 1 if reached.any() else None
    rows = pd.concat([at, published], ignore_index=True)
    newest = prefecture["period_end"].max() if len(prefecture) else None
    return WhereIn(prefecture_code, period, table, wards, total, half, rows, newest)


def top_municipalities(municipal: pd.DataFrame, count: int = 20) -> tuple[str | None, pd.DataFrame]:
    """The `count` municipalities with the most Vietnamese residents nationally at the newest municipal period
    (cities as a whole: a ward is never listed beside its city), and that period."""
    vn = municipal[(municipal["nationality"] == "VN") & (municipal["measure"] == "residents")]
    if vn.empty:
        return None, vn
    period = vn["period_end"].max()
    at = municipal[(municipal["period_end"] == period) & (municipal["measure"] == "residents")]
    table = _ranked(at[(at["nationality"] == "VN") & (at["parent_code"] == "")],
                    at[at["nationality"] == "ALL"], None).drop(columns="share_of_prefecture")
    table = table.merge(at[at["nationality"] == "VN"][["municipality_code", "prefecture_code"]], on="municipality_code")
    return period, table.head(count)


# Names -------------------------------------------------------------------------------------------------

READING_COLUMNS = ["municipality_code", "name_ja", "name_en", "name_vi", "reading_source"]


def merged_readings(hand_written: pd.DataFrame, from_kana: pd.DataFrame) -> pd.DataFrame:
    """One reading per municipality: the hand-written one where there is one (it wins), else the one romanised
    from Japan Post's kana. `reading_source` says which: "hand_written" or "japan_post_kana"."""
    hand = hand_written.assign(reading_source="hand_written")
    made = from_kana[~from_kana["municipality_code"].isin(hand["municipality_code"])].assign(
        reading_source="japan_post_kana")
    return pd.concat([hand[READING_COLUMNS], made[READING_COLUMNS]]).sort_values(
        "municipality_code", ignore_index=True)


def readings() -> pd.DataFrame:
    """English and Vietnamese readings of municipal names: data/curated/municipality_names.csv (hand-written,
    49 large cities) over data/curated/municipality_readings.csv (every bundled municipality, romanised from
    the kana in Japan Post's postal code data by scripts/build_municipality_readings.py)."""
    from workforce.bundled import _data

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(_data(f"curated/{name}"), dtype=str, keep_default_na=False)

    return merged_readings(read("municipality_names.csv"), read("municipality_readings.csv"))


def _normalised(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", text).strip().casefold()
    for suffix in (" city", "-shi", " shi", "-ku", " ku", " ward", "thành phố "):
        text = text.removesuffix(suffix) if not suffix.startswith("thành") else text.removeprefix(suffix)
    return text


def match_municipality(text: str, municipal: pd.DataFrame) -> list[tuple[str, str]]:
    """(code, name_ja) of every stored municipality that `text` names: its code (23211), its name as published
    (豊田市, also without 市/区/町/村) or a reading (Toyota; a ward with or without -ku). Several when a name is
    shared (府中市)."""
    import unicodedata

    names = municipal.drop_duplicates("municipality_code")[["municipality_code", "name_ja"]]
    key = _normalised(text)
    if key in set(names["municipality_code"]):
        found = names[names["municipality_code"] == key]
    else:
        spelled = names["name_ja"].map(_normalised)
        short = spelled.str.replace(r"[市区町村]$", "", regex=True)
        read = readings()
        spoken = pd.concat([read["name_en"], read["name_vi"]]).map(
            lambda reading: unicodedata.normalize("NFKC", reading).casefold())
        exact = spoken == unicodedata.normalize("NFKC", text).strip().casefold()  # Naka-ku: the wards, not 那珂市
        chosen = exact if exact.any() else spoken.map(_normalised) == key
        by_reading = pd.concat([read["municipality_code"]] * 2)[chosen.to_numpy()]
        found = names[(spelled == key) | (short == key) | names["municipality_code"].isin(by_reading)]
    return sorted(zip(found["municipality_code"], found["name_ja"]))
