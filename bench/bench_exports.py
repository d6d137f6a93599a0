"""Time to generate the full deck, workbook and report, each against a baseline of the same library
writing an empty document in the same run.

    python bench/bench_exports.py [--runs 3]
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from abs.export.content import gather  # noqa: E402
from abs.export.deck import build_deck  # noqa: E402
from abs.export.report import build_report, html_to_pdf  # noqa: E402
from abs.export.workbook import build_workbook  # noqa: E402


def median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def empty_deck() -> None:
    from pptx import Presentation
    Presentation().save(io.BytesIO())


def empty_workbook() -> None:
    from openpyxl import Workbook
    Workbook().save(io.BytesIO())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    content = gather()
    rows = [
        ("deck (pptx)", lambda: build_deck(content), empty_deck, 5.0),
        ("workbook (xlsx)", lambda: build_workbook(content), empty_workbook, 5.0),
        ("report (pdf)", lambda: build_report(content), lambda: html_to_pdf("<p>vide</p>"), None),
    ]
    for name, full, empty, target in rows:
        t_full, t_empty = median(full, args.runs), median(empty, args.runs)
        goal = f"target < {target:.0f} s: {'OK' if t_full < target else 'OVER'}" if target else "no target"
        print(f"{name:16s} {t_full:6.2f} s (median of {args.runs}); empty document {t_empty:6.3f} s; ratio {t_full / t_empty:7.1f}; {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
