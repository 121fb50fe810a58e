"""Deck benchmark: build the 10-slide briefing deck (default kinds + 4 prefectures: 8 charts, 2 text slides).

Cold: a new process's first build, which starts kaleido's Chromium and draws its first chart.
Warm: the second build in the same process (one Chromium kept by kaleido's sync server).
A build is build_slides + build_pptx from figures already loaded from the store; the data load and the
imports are timed apart. Each of 3 fresh processes does one cold and one warm build (then one warm PDF);
the medians are printed.

Usage: python benchmarks/deck.py [--runs 3] [--lang en]
Prints seconds per step and, last, one line with the targets: cold ≤ 15 s, warm ≤ 5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFECTURES = ("23", "27", "13", "19")
COLD_TARGET_S, WARM_TARGET_S = 15.0, 5.0


def child(lang: str) -> None:
    """One process: load, then a cold and a warm build; prints one JSON line of timings."""
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from workforce import bundled, deck, settings
    from workforce.briefing import briefing_data, build_slides
    from workforce.slide_kinds import DEFAULT_SLIDES
    from workforce.i18n import Translator
    from workforce.store import active_figures, engine_for, ensure_store

    imported = time.perf_counter()
    engine = engine_for(settings.db_url())
    ensure_store(engine, bundled.figures_file())
    data = briefing_data(active_figures(engine))
    loaded = time.perf_counter()
    t = Translator(lang)
    timings = {"import_s": imported - start, "load_s": loaded - imported}
    for name in ("cold", "warm"):
        began = time.perf_counter()
        slides = build_slides(data, t, kinds=DEFAULT_SLIDES, prefectures=PREFECTURES)
        built = time.perf_counter()
        pptx = deck.build_pptx(slides, t)
        done = time.perf_counter()
        assert len(slides) == 10 and pptx.startswith(b"PK")
        timings |= {f"{name}_s": done - began, f"{name}_slides_s": built - began, f"{name}_pptx_s": done - built}
    began = time.perf_counter()
    assert deck.build_pdf(slides, t).startswith(b"%PDF")
    timings["warm_pdf_s"] = time.perf_counter() - began
    print(json.dumps(timings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.lang)
        return
    results = []
    with tempfile.TemporaryDirectory() as var_dir:
        env = {**os.environ, "WORKFORCE_VAR_DIR": var_dir}
        env.pop("WORKFORCE_DB_URL", None)
        for run in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--child", "--lang", args.lang], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise SystemExit(f"run {run + 1} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"run {run + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in results[-1].items()), flush=True)
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    print(f"load (first process creates the store): imports {median['import_s']:.2f} s, data {median['load_s']:.2f} s")
    for name in ("cold", "warm"):
        print(f"{name} 10-slide deck: {median[f'{name}_s']:.2f} s (slides {median[f'{name}_slides_s']:.2f} s, "
              f"charts + pptx {median[f'{name}_pptx_s']:.2f} s), median of {len(results)}")
    print(f"warm 10-page PDF: {median['warm_pdf_s']:.2f} s, median of {len(results)}")
    cold_ok, warm_ok = median["cold_s"] <= COLD_TARGET_S, median["warm_s"] <= WARM_TARGET_S
    print(f"targets: cold {median['cold_s']:.2f} s ≤ {COLD_TARGET_S:.0f} s {'met' if cold_ok else 'MISSED'}; "
          f"warm {median['warm_s']:.2f} s ≤ {WARM_TARGET_S:.0f} s {'met' if warm_ok else 'MISSED'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
