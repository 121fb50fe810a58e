"""Ingest benchmark: validate (`workforce import --dry-run`) and commit a long CSV of N rows, each as a
whole process, against a process that reads the same file with pyarrow.csv.read_csv, in the same run.

Usage: python benchmarks/ingest.py [--rows 10000 100000 1000000]
Prints seconds and peak memory per step and size and, last, one line of ratios.
Targets (issue 3): validation ≤ 3× and commit ≤ 10× the pyarrow read; peak memory ≤ 1 GiB at 1M rows.
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["period_end", "prefecture", "nationality", "measure", "breakdown", "value", "source_title", "source_url"]


def write_file(path: Path, rows: int) -> None:
    """Valid, unique figures: residents × 47 prefectures × VN/ALL × every status key, over as many half-years as needed."""
    sys.path.insert(0, str(ROOT))
    from workforce.bundled import status_keys

    breakdowns = ["total", *sorted(status_keys() - {"total"})]
    places = [f"{n:02d}" for n in range(1, 48)]  # no national row, so the sum rule has nothing to check
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        written, year = 0, 1850  # long before the bundle's periods; the rules refuse dates after today
        while written < rows:
            for period in (f"{year}-06-30", f"{year}-12-31"):
                for place in places:
                    for nationality in ("VN", "ALL"):
                        for breakdown in breakdowns:
                            if written == rows:
                                return
                            # Vietnamese below all nationalities, a total above its parts: the rules across rows hold.
                            value = 1000 + written % 997 + (1000 if nationality == "ALL" else 0)
                            writer.writerow([period, place, nationality, "residents", breakdown,
                                             value + (10_000_000 if breakdown == "total" else 0),
                                             "Benchmark figures", "https://www.moj.go.jp/isa/"])
                            written += 1
            year += 1


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    wrapped = [sys.executable, "-c", "import resource,subprocess,sys; r=subprocess.run(sys.argv[1:]).returncode; "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r)", *command]
    done = subprocess.run(wrapped, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    del before
    return elapsed, peak_kib / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    ratios = []
    for rows in args.rows:
        folder = Path(tempfile.mkdtemp(prefix="workforce-ingest-"))
        path = folder / f"long-{rows}.csv"
        write_file(path, rows)
        env = dict(os.environ, WORKFORCE_VAR_DIR=str(folder / "var"), WORKFORCE_MAX_ROWS=str(rows + 1))
        env.pop("WORKFORCE_DB_URL", None)
        subprocess.run([sys.executable, "-m", "workforce", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
        baseline = run([sys.executable, "-c", f"import pyarrow.csv as c; c.read_csv({str(path)!r})"], env)
        validate = run([sys.executable, "-m", "workforce", "import", str(path), "--dry-run"], env)
        commit = run([sys.executable, "-m", "workforce", "import", str(path)], env)
        size = path.stat().st_size / 2**20
        for name, (seconds, peak) in (("pyarrow read", baseline), ("validate", validate), ("commit", commit)):
            print(f"{rows:>9,} rows ({size:6.1f} MiB)  {name:12s} {seconds:7.2f} s  peak {peak:7.0f} MiB")
        ratios.append(f"{rows:,}: validate={validate[0] / baseline[0]:.1f}x commit={commit[0] / baseline[0]:.1f}x "
                      f"peak={max(validate[1], commit[1]):.0f}MiB")
    print("ratios vs pyarrow read: " + " | ".join(ratios) + " (targets <=3x, <=10x, <=1024MiB at 1M)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
