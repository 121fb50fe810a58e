"""Build the bundled dataset in `data/` from the reviewed reference files.

Inputs: `../shared/reference/*.csv` (figures with sources, populations, initiatives) and the
hand-written files in `data/curated/` (prefecture names and tiles, breakdown labels, initiative
descriptions). Outputs are plain CSV in `data/`, reviewed in git diffs and never edited by hand.
Rows the reference marks as derived, low confidence, period-inferred or on the pre-2012
registration basis are left out and listed, with the reason, in `data/excluded_figures.csv`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pandas as pd

from workforce import publications, schema
from workforce.prefectures import normalise_name
from workforce.validate import require_rules

FIGURE_FILES = {
    "isa_national_timeseries.csv": "residents",
    "isa_vn_residents_by_prefecture.csv": "residents",
    "isa_vn_residents_by_prefecture_secondary.csv": "residents",
    "isa_all_residents_by_prefecture.csv": "residents",
    "isa_residents_by_prefecture_history.csv": "residents",
    "isa_residents_by_status_national.csv": "residents",
    "isa_vn_residents_by_status_national_yearend.csv": "residents",
    "mhlw_workers_national.csv": "workers",
    "mhlw_vn_workers_by_status_national.csv": "workers",
    "mhlw_workers_by_prefecture.csv": "workers",
}
FIRST_COMPARABLE_ISA_YEAR = 2012  # 在留外国人 basis; earlier years counted registered aliens


def exclusion_reason(row: pd.Series) -> str | None:
    """Why a reference row stays out of the bundled dataset, or None to keep it."""
    note = row["note"]
    if "DERIVED" in note:
        return "derived by arithmetic, not published"
    if note.startswith("sum of the statuses"):
        return "derived by arithmetic (the sum of the published statuses), not published as such"
    if "PERIOD INFERRED" in note:
        return "reference period inferred, not stated by the source (low confidence)"
    if "confidence: low" in note:
        return "marked low confidence in the reference"
    if row["breakdown"].startswith("total_registered_pre2012"):
        return "pre-2012 alien-registration basis, not comparable with the 2012+ series"
    if row["measure"] == "residents" and int(row["period_end"][:4]) < FIRST_COMPARABLE_ISA_YEAR:
        return "pre-2012 figure, not comparable with the 2012+ 在留外国人 series"
    return None


def _confidence(note: str) -> str:
    match = re.search(r"confidence: (high|medium)", note)
    return match.group(1) if match else ""


def _source_kind(note: str) -> str:
    """The reference marks a figure read in the ministry's own table (or a faithful conversion of it) as official."""
    return "official" if re.search(r"(^|; )official\b", note, re.IGNORECASE) else "secondary"


def read_reference_figures(reference_dir: Path, curated_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All reference figures in the tidy schema, split into (kept, excluded-with-reason)."""
    frames = []
    for name, measure in FIGURE_FILES.items():
        raw = pd.read_csv(reference_dir / name, dtype=str, keep_default_na=False)
        raw["measure"] = measure
        raw["reference_file"] = name
        frames.append(raw)
    raw = pd.concat(frames, ignore_index=True)
    raw["breakdown"] = raw["breakdown"].map(lambda b: unicodedata.normalize("NFKC", b).strip())
    is_establishments = raw["breakdown"] == "establishments"
    raw.loc[is_establishments, "measure"] = "establishments"
    raw.loc[is_establishments, "breakdown"] = "total"
    raw["value"] = raw["value"].astype("int64")
    raw["source_kind"] = raw["note"].map(_source_kind)
    raw["confidence"] = raw["note"].map(_confidence)
    raw["publisher"] = raw["measure"].map(schema.PUBLISHERS)
    raw["exclusion_reason"] = raw.apply(exclusion_reason, axis=1)
    names = pd.read_csv(curated_dir / "prefectures.csv", dtype=str).set_index("prefecture_code")["name_ja"]
    raw = publications.attribute(raw, names.to_dict())

    kept, superseded = _resolve_duplicates(raw[raw["exclusion_reason"].isna()])
    excluded = pd.concat([raw[raw["exclusion_reason"].notna()], superseded])
    kept = kept[schema.COLUMNS].sort_values(schema.KEY, ignore_index=True)
    excluded_cols = schema.KEY + ["value", "exclusion_reason", "reference_file", "source_url", "read_from_url"]
    return kept, excluded[excluded_cols].sort_values(schema.KEY + ["reference_file"], ignore_index=True)


def _resolve_duplicates(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same key in several reference files is kept once: the official row, where there is one.

    The rows not kept are returned with the reason, for the excluded list. Two different values of
    the same kind (official against official, or secondary against secondary, with no official row)
    are a data error: the build stops and names them.
    """
    rows = rows.assign(_rank=(rows["source_kind"] != "official").astype(int)).sort_values(["_rank"], kind="stable")
    best = rows.groupby(schema.KEY)["_rank"].transform("min")
    contenders = rows[rows["_rank"] == best]
    clashes = contenders.groupby(schema.KEY)["value"].nunique()
    clashes = clashes[clashes > 1]
    if len(clashes):
        raise ValueError(f"reference files disagree on {len(clashes)} figures: {list(clashes.index)[:5]}")
    keep = ~rows.duplicated(schema.KEY, keep="first")
    kept = rows[keep]
    dropped = rows[~keep].merge(kept[schema.KEY + ["value", "source_kind"]].rename(
        columns={"value": "kept_value", "source_kind": "kept_kind"}), on=schema.KEY)
    dropped["exclusion_reason"] = [
        f"superseded by the official figure for the same key ({kept_value})" if kind != kept_kind
        else "the same figure, kept once from another reference file"
        for kind, kept_kind, kept_value in zip(dropped["source_kind"], dropped["kept_kind"], dropped["kept_value"])]
    return kept.drop(columns="_rank"), dropped.drop(columns=["_rank", "kept_value", "kept_kind"])


def build_prefectures(reference_dir: Path, curated_dir: Path) -> pd.DataFrame:
    """Names, regions and tile positions (curated) joined to populations with their sources."""
    names = pd.read_csv(curated_dir / "prefectures.csv", dtype={"prefecture_code": str})
    population = pd.read_csv(reference_dir / "prefecture_population.csv", dtype={"prefecture_code": str})
    population = population.rename(columns={
        "census_2020_10_01": "population_2020", "estimate_2024_10_01": "population_2024",
        "census_source_url": "population_2020_source_url", "estimate_source_url": "population_2024_source_url",
    })[["prefecture_code", "population_2020", "population_2024",
        "population_2020_source_url", "population_2024_source_url"]]
    table = names.merge(population, on="prefecture_code", how="left", validate="one_to_one")
    if table["population_2024"].isna().any() or len(table) != 47:
        raise ValueError("prefecture table must have 47 rows, each with a population")
    return table


def _spellings(row: pd.Series) -> set[str]:
    """The spellings analysts use for one prefecture: 愛知県, 愛知, Aichi, Aichi-ken, Aichi Prefecture, Tỉnh Aichi."""
    ja, en, vi = row["name_ja"], row["name_en"], row["name_vi"]
    suffix = {"都": "to", "府": "fu", "県": "ken"}.get(ja[-1]) if ja != "北海道" else None
    names = {ja, en, vi, f"{en} Prefecture"}
    if suffix:
        names |= {ja[:-1], f"{en}-{suffix}"}
    return {normalise_name(n) for n in names}


def build_aliases(prefectures: pd.DataFrame, curated_dir: Path) -> pd.DataFrame:
    """Every known spelling → JIS code; a spelling claimed by two codes stops the build."""
    pairs = [(alias, row["prefecture_code"]) for _, row in prefectures.iterrows() for alias in _spellings(row)]
    extra = pd.read_csv(curated_dir / "prefecture_aliases_extra.csv", dtype=str)
    pairs += [(normalise_name(a), c) for a, c in zip(extra["alias"], extra["prefecture_code"])]
    frame = pd.DataFrame(pairs, columns=["alias", "prefecture_code"]).drop_duplicates()
    clash = frame[frame.duplicated("alias", keep=False)]
    if len(clash):
        raise ValueError(f"ambiguous prefecture spellings: {clash.to_dict('records')}")
    return frame.sort_values(["prefecture_code", "alias"], ignore_index=True)


def initiative_id(prefecture_code: str, organisation: str, title: str) -> str:
    """A stable id for an initiative, independent of its row position."""
    return hashlib.sha1(f"{prefecture_code}|{organisation}|{title}".encode("utf-8")).hexdigest()[:10]


def build_initiatives(reference_dir: Path, curated_dir: Path) -> pd.DataFrame:
    """Initiatives with their sources, the project's own descriptions (en/ja/vi) and normalised focus."""
    sources = pd.read_csv(reference_dir / "initiatives_sources.csv", dtype=str, keep_default_na=False)
    sources["initiative_id"] = [initiative_id(p, o, t) for p, o, t in
                                zip(sources["prefecture_code"], sources["organisation"], sources["title"])]
    texts = pd.read_csv(curated_dir / "initiative_texts.csv", dtype=str, keep_default_na=False)
    table = sources.drop(columns=["summary", "focus", "prefecture_en"]).merge(
        texts, on="initiative_id", how="left", validate="one_to_one")
    names = pd.read_csv(curated_dir / "initiative_names.csv", dtype=str, keep_default_na=False)
    table = table.merge(names, on="initiative_id", how="left", validate="one_to_one")
    missing = table[table["description_en"].isna() | table["title_language"].isna()]
    if len(missing):
        raise ValueError(f"initiatives without a description or names: {missing['initiative_id'].tolist()}")
    table["year"] = pd.to_numeric(table["year"], errors="coerce").astype("Int64")
    # title/organisation stay as published; the _en/_ja/_vi columns are for display, the published
    # language's one as published and the others the project's own translations.
    return table[["initiative_id", "prefecture_code", "organisation", "title", "focus", "year",
                  "description_en", "description_ja", "description_vi", "title_language",
                  "title_en", "title_ja", "title_vi", "organisation_en", "organisation_ja", "organisation_vi",
                  "source_title", "source_url"]]


# Official municipal tables as published (ISA's e-Stat 第3表), read in place from ../shared/real-files when
# building; the generated data/municipal_figures.csv is committed, the workbooks are not.
MUNICIPAL_TABLES = ("estat-isa-municipal-by-nationality-2022-06_22-06-03-1.xlsx",)


def build_municipal(real_files: Path, figures: pd.DataFrame) -> pd.DataFrame:
    """Municipal figures from each official table, after the municipal rules (against the bundled prefecture
    figures): a broken rule stops the build."""
    from workforce.ingest.isa_municipal import MUNICIPAL_COLUMNS, MUNICIPAL_KEY
    from workforce.municipal import read_and_check
    from workforce.validate import RulesBroken

    parts = []
    for name in MUNICIPAL_TABLES:
        read = read_and_check((real_files / name).read_bytes(), name, figures,
                              note=f"official ISA table as published ({name.split('_')[-1]})")
        if read.problems:
            raise RulesBroken(name, read.problems)
        parts.append(read.figures[MUNICIPAL_COLUMNS])
    return pd.concat(parts).sort_values(MUNICIPAL_KEY, ignore_index=True)


def _real_files(reference_dir: Path) -> Path:
    beside = reference_dir.parent / "real-files"
    return beside if beside.is_dir() else Path(__file__).resolve().parents[2] / "shared" / "real-files"


def build(reference_dir: Path, curated_dir: Path, out_dir: Path, real_files: Path | None = None) -> dict[str, int]:
    """Rebuild every bundled file; returns row counts. Fails loudly if a dataset rule is broken."""
    figures, excluded = read_reference_figures(reference_dir, curated_dir)
    require_rules(figures, "the bundled figures")
    prefectures = build_prefectures(reference_dir, curated_dir)
    outputs = {
        "figures.csv": figures,
        "excluded_figures.csv": excluded,
        "prefectures.csv": prefectures,
        "prefecture_aliases.csv": build_aliases(prefectures, curated_dir),
        "initiatives.csv": build_initiatives(reference_dir, curated_dir),
        "municipal_figures.csv": build_municipal(real_files or _real_files(reference_dir), figures),
    }
    for name, frame in outputs.items():
        frame.to_csv(out_dir / name, index=False, lineterminator="\n")
    return {name: len(frame) for name, frame in outputs.items()}

