"""Municipal benchmark (issue 13): importing ISA's 1,966-row municipal table, and the profile's rerun with its
"Where in <prefecture>" section, each against a baseline measured in the same run.

Usage: python benchmarks/municipal.py [--runs 5]
- import: `workforce import <table> --dry-run` and a commit into a fresh store, each a whole process, against a
  process that only opens the workbook and reads its rows with openpyxl (the floor of any reader of the file);
- profile: the server-side rerun that switches the profile between prefectures (AppTest, whole page, as in
  benchmarks/page_load.py), with the municipal section drawn.
The table is read in place from ../shared/real-files (never copied).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TABLE = ROOT.parent / "shared" / "real-files" / "estat-isa-municipal-by-nationality-2022-06_22-06-03-1.xlsx"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    ingest, page_load = _module("ingest"), _module("page_load")
    read_only = ["-c", "import sys; from workforce.ingest.xlsx import open_workbook, filled_rows; "
                 "wb = open_workbook(open(sys.argv[1], 'rb').read()); "
                 "print(len(filled_rows(wb[wb.sheetnames[0]], max_rows=5000)))", str(TABLE)]
    times: dict[str, list[float]] = {"openpyxl": [], "dry_run": [], "commit": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ, WORKFORCE_VAR_DIR=folder)
            ingest.run([sys.executable, "-m", "workforce", "init"], env)
            times["openpyxl"].append(ingest.run([sys.executable, *read_only], env)[0])
            times["dry_run"].append(ingest.run([sys.executable, "-m", "workforce", "import", str(TABLE), "--dry-run"],
                                               env)[0])
            times["commit"].append(ingest.run([sys.executable, "-m", "workforce", "import", str(TABLE)], env)[0])
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:10s} median {value:6.2f} s  runs " + " ".join(f"{v:.2f}" for v in times[name]))
    reruns = page_load.rerun_times(runs)
    rerun_ms = statistics.median(reruns) * 1000
    print(f"pref switch median {rerun_ms:5.0f} ms (AppTest, with the municipal section), runs "
          + " ".join(f"{s * 1000:.0f}" for s in reruns))
    print(f"ratios vs openpyxl read ({medians['openpyxl']:.2f} s): dry_run={medians['dry_run'] / medians['openpyxl']:.2f}x "
          f"commit={medians['commit'] / medians['openpyxl']:.2f}x | pref_switch={rerun_ms:.0f}ms (target <=150ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
