"""Build the shipped snapshot from raw INSEE/CAF files, and load it.

    python -m abs.snapshot build ../shared/insee-raw [--out data/snapshot]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from abs.errors import ImportRefused, Problem, explain_failures
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


def build(raw_dir: Path, folder: Path | None = None, switch_to: bool = False) -> dict:
    """Import every declared source from `raw_dir`, validate all, and write a new version (switched to on request).

    Nothing is written when any file is refused: the error lists every problem of every file.
    """
    from abs.loaders.families import FAMILY_BY_ID
    from abs.sources import load_source_specs, source_family, sources_table
    from abs.versions import switch, write_version
    folder = folder or data_dir()
    study = load_study(folder)
    specs = load_source_specs(folder / "sources.yaml")
    frames, geo, files, problems, contours = [], [], [], [], {}
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
    if problems:
        raise ImportRefused(str(raw_dir), problems)
    geography = pd.concat(geo, ignore_index=True).drop_duplicates(["level", "code", "parent_level", "parent_code"])
    by_source = {spec["id"]: spec for spec in specs}
    extra = []
    for frame in frames:
        sid = frame["source"].iat[0]
        spec = by_source[sid]
        fam = FAMILY_BY_ID.get(source_family(spec))
        not_add = fam.not_additive if fam else r".*"
        skip = spec.get("aggregate_blank") == "skip"
        if "DEP" in spec.get("aggregate", []):
            deps = frame.loc[frame["level"] == "COM", "code"]
            members = deps[deps.str.startswith(study.departement.code)].unique().tolist()
            extra.append(aggregate(frame, members, "DEP", study.departement.code, not_add, skip).assign(source=sid))
        if "EPCI" in spec.get("aggregate", []):
            members = geography.query("level == 'COM' and parent_level == 'EPCI' and parent_code == @study.epci.code")["code"].tolist()
            extra.append(aggregate(frame, members, "EPCI", study.epci.code, not_add, skip).assign(source=sid))
    obs = validate_observations(pd.concat(frames + extra, ignore_index=True)[SNAPSHOT_COLUMNS])
    built = {"built_on": date.today().isoformat(), "origin": f"fichiers bruts ({Path(raw_dir).name})", "files": files,
             "api_calls": [], "observations": len(obs), "sources": len(specs)}
    built["version"] = write_version(obs, sources_table(specs), geography, built, contours, folder)
    if switch_to:
        switch(built["version"], folder)
    return built


def validate_observations(obs: pd.DataFrame) -> pd.DataFrame:
    """The observations with their types, or ImportRefused listing every failure of the snapshot schema."""
    import pandera.pandas as pa
    obs = obs.astype({"level": str, "code": str, "variable": str, "year": str, "status": str, "source": str})
    try:
        return observation_schema().validate(obs, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise ImportRefused("snapshot", [Problem("schema", f"{r.column} : {r.check} ({r.failure_case})")
                                         for r in err.failure_cases.head(50).itertuples()]) from err


def load_contours(level: str, folder: Path | None = None):
    """The contours of a level (COM, IRIS) as a GeoDataFrame, or None when none were imported."""
    import geopandas as gpd
    from abs.versions import current_dir
    path = (folder or current_dir()) / f"contours_{level}.geojson"
    return gpd.read_file(path) if path.exists() else None


def read_snapshot(base: Path) -> Snapshot:
    """Read one version folder (not cached)."""
    # The pyarrow parser reads the file in half the time of the default one; empty values become NaN.
    obs = pd.read_csv(base / "observations.csv", dtype=OBS_DTYPES, engine="pyarrow")
    sources = pd.read_csv(base / "sources.csv", dtype=str, keep_default_na=False)
    geography = pd.read_csv(base / "geography.csv", dtype=str, keep_default_na=False)
    built = json.loads((base / "build.json").read_text(encoding="utf-8"))
    return Snapshot(obs, sources, geography, built)


@lru_cache(maxsize=4)
def _load(folder: str) -> Snapshot:
    return read_snapshot(Path(folder))


def load_snapshot(folder: Path | None = None) -> Snapshot:
    """Load a version folder, by default the current version of data/snapshots (cached per folder)."""
    from abs.versions import current_dir
    return _load(str(folder or current_dir()))


load_snapshot.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m abs.snapshot {build RAW_DIR [--no-switch] | versions | switch VERSION}`."""
    from abs.versions import list_versions, switch
    parser = argparse.ArgumentParser(prog="python -m abs.snapshot", description="Versions de l'instantané de données.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="importer les fichiers bruts dans une nouvelle version et l'activer")
    b.add_argument("raw_dir", type=Path)
    b.add_argument("--no-switch", action="store_true", help="construire la version sans l'activer")
    sub.add_parser("versions", help="lister les versions")
    s = sub.add_parser("switch", help="activer une version")
    s.add_argument("version")
    args = parser.parse_args(argv)

    def run() -> None:
        if args.cmd == "build":
            built = build(args.raw_dir, switch_to=not args.no_switch)
            state = "non activée" if args.no_switch else "activée"
            print(f"Version {built['version']} construite ({state}) : {built['observations']} observations, "
                  f"{len(built['files'])} fichiers, {built['sources']} sources.")
        elif args.cmd == "versions":
            print(list_versions().to_string(index=False))
        else:
            switch(args.version)
            print(f"Version {args.version} activée.")
    return explain_failures(run)

if __name__ == "__main__":
    sys.exit(main())
