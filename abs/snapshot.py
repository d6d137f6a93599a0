"""Build the shipped snapshot from raw INSEE/CAF files, and load it.

    python -m abs.snapshot build ../shared/insee-raw [--out data/snapshot]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from abs.errors import AbsError, ImportRefused, Problem
from abs.paths import data_dir
from abs.territory import Study, load_study

# The importers (and pandera, slow to import) are only needed to build: the app imports them never.
SNAPSHOT_COLUMNS = ["level", "code", "variable", "year", "value", "status", "source"]
STATUSES = ["ok", "secret", "missing"]
OBS_DTYPES = {"level": str, "code": str, "variable": str, "year": str, "value": "float64", "status": str, "source": str}


def observation_schema():
    """The pandera schema every built snapshot must pass."""
    import pandera.pandas as pa
    return pa.DataFrameSchema(
        {
            "level": pa.Column(str, pa.Check.isin(["COM", "IRIS", "DEP", "REG", "EPCI", "FRM", "FR", "QPV", "QPV_ALL"])),
            "code": pa.Column(str, pa.Check.str_length(min_value=1)),
            "variable": pa.Column(str, pa.Check.str_length(min_value=1)),
            "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{4})?$")),
            "value": pa.Column(float, nullable=True),
            "status": pa.Column(str, pa.Check.isin(STATUSES)),
            "source": pa.Column(str),
        },
        checks=[pa.Check(lambda df: df["value"].notna() == (df["status"] == "ok"), error="value present if and only if status is ok")],
        unique=["level", "code", "variable", "year", "source"],
    )


@dataclass(frozen=True)
class Snapshot:
    """The tidy observations, the sources and the geography the app reads."""

    observations: pd.DataFrame
    sources: pd.DataFrame
    geography: pd.DataFrame
    built: dict

    def source(self, source_id: str) -> dict:
        """The metadata row of one source."""
        return self.sources.set_index("id").loc[source_id].to_dict() | {"id": source_id}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _import_file(spec: dict, fspec: dict, path: Path, study: Study):
    from abs.loaders.cog import import_etalab, import_iris_reference
    from abs.loaders.geometry import import_contours
    from abs.loaders.longform import import_ot, import_page_extracts
    from abs.loaders.wide import import_wide
    kind = fspec["importer"]
    if kind == "wide":
        return import_wide(path, fspec.get("family"), fspec.get("level"), fspec.get("year"), study.scope), None
    if kind == "ot":
        return import_ot(path, fspec["level"], study.scope), None
    if kind == "pages":
        return import_page_extracts(path, study.scope), None
    if kind == "etalab":
        return import_etalab(path, fspec["year"])
    if kind == "geometry":
        return import_contours(path, fspec["level"], study.scope), None
    return None, import_iris_reference(path, study.scope)


def aggregate(obs: pd.DataFrame, members: list[str], level: str, code: str, not_additive: str,
              skip_blank: bool = False) -> pd.DataFrame:
    """Sum additive COM variables over `members`; a sum with a secret part is secret, with a missing part missing.

    With `skip_blank`, blank cells count as "not published for this commune" (INSEE's commune bases
    leave communes split or merged since the census blank, their figures being counted elsewhere).
    """
    part = obs[(obs["level"] == "COM") & obs["code"].isin(members)]
    part = part[~part["variable"].str.match(not_additive)]
    if skip_blank:
        part = part[part["status"] != "missing"]
        members = part["code"].unique().tolist() if len(part) else members
    if part.empty:
        return part
    g = part.groupby(["variable", "year"], sort=False)
    out = g.agg(value=("value", "sum"), n=("code", "nunique"),
                secret=("status", lambda s: (s == "secret").any()), missing=("status", lambda s: (s == "missing").any())).reset_index()
    out = out[(out["n"] == len(set(members))) | skip_blank]
    status = np.where(out["secret"], "secret", np.where(out["missing"], "missing", "ok"))
    return pd.DataFrame({"level": level, "code": code, "variable": out["variable"], "year": out["year"],
                         "value": np.where(status == "ok", out["value"], np.nan), "status": status})


def build(raw_dir: Path, out_dir: Path | None = None, folder: Path | None = None) -> dict:
    """Import every declared source from `raw_dir`, validate, and replace `out_dir` only when all is valid."""
    import pandera.pandas as pa
    from abs.loaders.families import FAMILY_BY_ID
    from abs.sources import load_source_specs, sources_table
    folder = folder or data_dir()
    out_dir = out_dir or folder / "snapshot"
    study = load_study(folder)
    specs = load_source_specs(folder / "sources.yaml")
    frames, geo, names, files, problems, contours = [], [], [], [], [], {}
    for spec in specs:
        for fspec in spec.get("files", []):
            path = Path(raw_dir) / fspec["path"]
            if not path.exists():
                problems.append(Problem("missing-file", f"fichier introuvable : {fspec['path']}", fspec["path"]))
                continue
            try:
                imported, geography = _import_file(spec, fspec, path, study)
            except ImportRefused as err:
                problems += [Problem(p.type, f"{fspec['path']} : {p.message}", p.field, p.row) for p in err.problems]
                continue
            files.append({"source": spec["id"], "path": fspec["path"], "sha256": _sha256(path)})
            if geography is not None and (spec.get("geography_source") or fspec["importer"] == "iris_ref"):
                geo.append(geography)
            if fspec["importer"] == "geometry":
                contours[fspec["level"]] = imported
            elif imported is not None:
                frames.append(imported.observations.assign(source=spec["id"]))
                names.append(imported.names)
    if problems:
        raise ImportRefused(str(raw_dir), problems)
    geography = pd.concat(geo, ignore_index=True).drop_duplicates(["level", "code", "parent_level", "parent_code"])
    by_source = {spec["id"]: spec for spec in specs}
    extra = []
    for frame in frames:
        sid = frame["source"].iat[0]
        spec = by_source[sid]
        fam = FAMILY_BY_ID.get(next((f.get("family") for f in spec["files"] if f.get("family")), ""), None)
        not_add = fam.not_additive if fam else r".*"
        skip = spec.get("aggregate_blank") == "skip"
        if "DEP" in spec.get("aggregate", []):
            deps = frame.loc[frame["level"] == "COM", "code"]
            members = deps[deps.str.startswith(study.departement.code)].unique().tolist()
            extra.append(aggregate(frame, members, "DEP", study.departement.code, not_add, skip).assign(source=sid))
        if "EPCI" in spec.get("aggregate", []):
            members = geography.query("level == 'COM' and parent_level == 'EPCI' and parent_code == @study.epci.code")["code"].tolist()
            extra.append(aggregate(frame, members, "EPCI", study.epci.code, not_add, skip).assign(source=sid))
    obs = pd.concat(frames + extra, ignore_index=True)[SNAPSHOT_COLUMNS]
    obs = obs.astype({"level": str, "code": str, "variable": str, "year": str, "status": str, "source": str})
    try:
        observation_schema().validate(obs, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise ImportRefused("snapshot", [Problem("schema", f"{r.column} : {r.check} ({r.failure_case})") for r in err.failure_cases.head(50).itertuples()])
    built = {"built_on": date.today().isoformat(), "raw_dir_name": Path(raw_dir).name, "files": files,
             "observations": len(obs), "sources": len(specs)}
    _write_atomically(out_dir, obs, sources_table(specs), geography, built, contours)
    load_snapshot.cache_clear()
    return built


def _write_atomically(out_dir: Path, obs, sources, geography, built, contours) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=out_dir.parent))
    for level, gdf in contours.items():
        (tmp / f"contours_{level}.geojson").write_text(gdf.to_json(drop_id=True, to_wgs84=True), encoding="utf-8")
    obs.sort_values(["level", "code", "source", "variable", "year"]).to_csv(tmp / "observations.csv", index=False)
    sources.to_csv(tmp / "sources.csv", index=False)
    geography.to_csv(tmp / "geography.csv", index=False)
    (tmp / "build.json").write_text(json.dumps(built, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    old = out_dir.with_name(out_dir.name + ".previous")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    if old.exists():
        shutil.rmtree(old)


def load_contours(level: str, folder: Path | None = None):
    """The contours of a level (COM, IRIS) as a GeoDataFrame, or None when none were imported."""
    import geopandas as gpd
    path = (folder or data_dir() / "snapshot") / f"contours_{level}.geojson"
    return gpd.read_file(path) if path.exists() else None


@lru_cache(maxsize=4)
def _load(folder: str) -> Snapshot:
    base = Path(folder)
    # The pyarrow parser reads the file in half the time of the default one; empty values become NaN.
    obs = pd.read_csv(base / "observations.csv", dtype=OBS_DTYPES, engine="pyarrow")
    sources = pd.read_csv(base / "sources.csv", dtype=str, keep_default_na=False)
    geography = pd.read_csv(base / "geography.csv", dtype=str, keep_default_na=False)
    built = json.loads((base / "build.json").read_text(encoding="utf-8"))
    return Snapshot(obs, sources, geography, built)


def load_snapshot(folder: Path | None = None) -> Snapshot:
    """Load the snapshot from data/snapshot (cached per folder)."""
    return _load(str(folder or data_dir() / "snapshot"))


load_snapshot.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m abs.snapshot build RAW_DIR [--out DIR]`."""
    parser = argparse.ArgumentParser(prog="python -m abs.snapshot", description="Construit l'instantané de données depuis les fichiers bruts.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="importer les fichiers bruts et remplacer data/snapshot")
    b.add_argument("raw_dir", type=Path)
    b.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        built = build(args.raw_dir, args.out)
    except AbsError as err:
        print(str(err), file=sys.stderr)
        return 2
    print(f"Instantané construit : {built['observations']} observations, {len(built['files'])} fichiers, {built['sources']} sources.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
