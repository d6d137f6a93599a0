"""Import of a national-size census IRIS file filtered to one commune, against a bare pyarrow.csv.read_csv
of the same file in the same run: time (median) and peak memory (each run in its own process).

The file is generated: about 50 000 IRIS rows x 100 columns, synthetic values. Its header holds the
47 RP2016 IRIS column names of the project's real extracts (base-ic population, couples-familles-
ménages, logement), completed with numbered copies of them up to 100 columns.

    python bench/bench_import.py [--rows 50000] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT.parent / "shared" / "insee-raw" / "census"

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
kind, path = sys.argv[1], sys.argv[2]
import pyarrow.csv as pc  # imports are not timed, in both cases
if kind == "abs":
    import pandera.pandas
    from abs.loaders.wide import import_wide
    from abs.territory import load_study
    scope = load_study().scope
t = time.perf_counter()
if kind == "pyarrow":
    rows = pc.read_csv(path, parse_options=pc.ParseOptions(delimiter=";")).num_rows
else:
    rows = import_wide(path, scope=scope).rows_kept
elapsed = time.perf_counter() - t
print(json.dumps({{"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": rows}}))
"""


def real_header() -> list[str]:
    names = []
    for f in sorted(RAW.glob("*IR_Hab__aurillac.csv")) + sorted(RAW.glob("DEP_*.csv")):
        for c in f.read_text(encoding="utf-8").splitlines()[0].split(","):
            if c and c not in names and c not in {"LIBCOM", "DEP", "LIBDEP"}:
                names.append(c)
    return names


def make_file(path: Path, rows: int) -> int:
    rng = random.Random(2026)
    base = [c for c in real_header() if c not in {"IRIS", "TYP_IRIS"}]
    columns = list(base)
    k = 2
    while len(columns) < 98:
        columns += [f"{c}_{k}" for c in base][: 98 - len(columns)]
        k += 1
    aurillac = [f"1501401{i:02d}" for i in range(1, 14)]
    codes = aurillac + [f"{d:02d}{c:03d}{i:04d}" for d in range(1, 96) if d != 20 for c in range(1, 60) if (d, c) != (15, 14) for i in range(1, 10)]
    codes = codes[:rows]
    with path.open("w", encoding="utf-8") as fh:
        fh.write(";".join(["IRIS", "TYP_IRIS", *columns]) + "\n")
        for code in codes:
            fh.write(";".join([code, "H", *(f"{rng.random() * 900:.2f}" for _ in columns)]) + "\n")
    return len(codes)


def run(kind: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), kind, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "base-ic-national.csv"
        n = make_file(path, args.rows)
        size = path.stat().st_size / 2**20
        results = {k: [run(k, path) for _ in range(args.runs)] for k in ("pyarrow", "abs")}
    t = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
    m = {k: max(r["peak_mb"] for r in v) for k, v in results.items()}
    print(f"file: {n} rows x 100 columns, {size:.0f} MB; rows kept by the import: {results['abs'][0]['rows']}")
    print(f"bare pyarrow.csv.read_csv: {t['pyarrow']:.2f} s, peak {m['pyarrow']:.0f} MB")
    print(f"abs import filtered to the commune: {t['abs']:.2f} s, peak {m['abs']:.0f} MB")
    print(f"ratio time {t['abs'] / t['pyarrow']:.2f} (target < 2), peak memory {m['abs']:.0f} MB (target < 500 MB), "
          f"memory ratio {m['abs'] / m['pyarrow']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
