"""Rebuild the bundled dataset in data/ from ../shared/reference and data/curated.

Usage: python scripts/build_dataset.py [--reference DIR]
The outputs are deterministic: running it twice gives identical files (checked by a test).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workforce.dataset_builder import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference",
                        help="folder of the reviewed reference CSVs (default: ../shared/reference)")
    args = parser.parse_args()
    counts = build(args.reference, ROOT / "data" / "curated", ROOT / "data")
    for name, rows in counts.items():
        print(f"data/{name}: {rows} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
