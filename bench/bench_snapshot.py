"""Time to load the shipped snapshot and the indicator registry, against a bare pandas.read_csv of the
same files measured in the same run (and the engine's one-off index build, reported apart).

    python bench/bench_snapshot.py [--runs 15]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from abs.cache import clear_all  # noqa: E402
from abs.engine import Engine  # noqa: E402
from abs.versions import current_dir  # noqa: E402
from abs.registry import load_registry  # noqa: E402
from abs.snapshot import load_snapshot  # noqa: E402
from abs.territory import load_study  # noqa: E402

FILES = ("observations.csv", "sources.csv", "geography.csv")


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        clear_all()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bare() -> None:
    for name in FILES:
        pd.read_csv(current_dir() / name)


def ours() -> None:
    load_snapshot()
    load_registry()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bare(), ours()  # warm the file cache
    t_bare, t_ours = median_time(bare, args.runs), median_time(ours, args.runs)
    snap, reg = load_snapshot(), load_registry()
    t_index = median_time(lambda: Engine(snap, reg, load_study()), max(3, args.runs // 3))
    print(f"snapshot + registry load: {t_ours * 1000:.1f} ms (median of {args.runs}); "
          f"bare pandas.read_csv of the same files: {t_bare * 1000:.1f} ms; ratio {t_ours / t_bare:.2f} "
          f"(target < 100 ms and < 2.0)")
    print(f"engine index build (once per process): {t_index * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
