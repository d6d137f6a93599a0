"""Snapshot versions: each build or refresh writes a new version beside the others; CURRENT names the one shown.

    data/snapshots/<version>/   observations.csv, sources.csv, geography.csv, contours_*.geojson, build.json
    data/snapshots/CURRENT      the version the app reads (replaced atomically)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from abs.errors import AbsError
from abs.paths import data_dir

REQUIRED_FILES = ("observations.csv", "sources.csv", "geography.csv", "build.json")


def root(folder: Path | None = None) -> Path:
    """data/snapshots."""
    return (folder or data_dir()) / "snapshots"


def current_id(folder: Path | None = None) -> str:
    """The version the app reads."""
    pointer = root(folder) / "CURRENT"
    if not pointer.exists():
        raise AbsError(f"Aucune version de données n'est active ({pointer} absent) : construisez l'instantané (make snapshot).")
    return pointer.read_text(encoding="utf-8").strip()


def version_dir(version: str, folder: Path | None = None) -> Path:
    """The folder of one version; refuses names that are not version ids (no path from outside)."""
    if not version or "/" in version or "\\" in version or version.startswith("."):
        raise AbsError(f"Identifiant de version invalide : « {version} ».")
    path = root(folder) / version
    if not all((path / f).exists() for f in REQUIRED_FILES):
        raise AbsError(f"La version « {version} » est introuvable ou incomplète.")
    return path


def current_dir(folder: Path | None = None) -> Path:
    """The folder of the version the app reads."""
    return version_dir(current_id(folder), folder)


def write_version(obs: pd.DataFrame, sources: pd.DataFrame, geography: pd.DataFrame, built: dict,
                  contours: dict | None = None, folder: Path | None = None) -> str:
    """Write a complete new version beside the others (never touching CURRENT) and return its id."""
    base = root(folder)
    base.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=base))
    try:
        obs.sort_values(["level", "code", "source", "variable", "year"]).to_csv(tmp / "observations.csv", index=False)
        sources.to_csv(tmp / "sources.csv", index=False)
        geography.to_csv(tmp / "geography.csv", index=False)
        for level, gdf in (contours or {}).items():
            (tmp / f"contours_{level}.geojson").write_text(gdf.to_json(drop_id=True, to_wgs84=True), encoding="utf-8")
        h = hashlib.sha256()
        for path in sorted(tmp.iterdir()):
            h.update(path.name.encode() + path.read_bytes())
        digest = h.hexdigest()[:10]
        version = f"{built['built_on']}-{digest}"
        (tmp / "build.json").write_text(json.dumps({"version": version, **built}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        target = base / version
        if target.exists():
            shutil.rmtree(tmp)
        else:
            tmp.chmod(0o755)
            tmp.rename(target)
        return version
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def switch(version: str, folder: Path | None = None) -> None:
    """Make a version the one the app reads, after checking it loads; atomic for readers."""
    from abs.cache import clear_all
    from abs.snapshot import read_snapshot
    read_snapshot(version_dir(version, folder))
    pointer = root(folder) / "CURRENT"
    tmp = pointer.with_name(".CURRENT.tmp")
    tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(tmp, pointer)
    clear_all()


def list_versions(folder: Path | None = None) -> pd.DataFrame:
    """Every complete version, newest first, with what it was built from and whether it is current."""
    base = root(folder)
    current = current_id(folder) if (base / "CURRENT").exists() else ""
    rows = []
    for path in sorted(base.iterdir()) if base.exists() else []:
        if path.is_dir() and not path.name.startswith(".") and (path / "build.json").exists():
            built = json.loads((path / "build.json").read_text(encoding="utf-8"))
            rows.append({"version": path.name, "construite le": built.get("built_on", ""), "observations": built.get("observations"),
                         "fichiers": len(built.get("files", [])), "appels API": len(built.get("api_calls", [])),
                         "origine": built.get("origin", built.get("raw_dir_name", "")), "active": path.name == current})
    return pd.DataFrame(rows, columns=["version", "construite le", "observations", "fichiers", "appels API", "origine", "active"]).iloc[::-1]


def diff(old: str, new: str, folder: Path | None = None) -> pd.DataFrame:
    """What a new version changes for the user: each indicator and territory whose latest figure was added,
    removed or changed, with the old and new values and vintages."""
    # A version never changes once written, so the comparison is kept (the page shows it on every rerun).
    return _diff(old, new, str(folder or data_dir())).copy()


@lru_cache(maxsize=8)
def _diff(old: str, new: str, folder_text: str) -> pd.DataFrame:
    folder = Path(folder_text)
    from abs.engine import Engine
    from abs.errors import IndicatorUnavailable
    from abs.fmt import with_unit
    from abs.registry import load_registry
    from abs.snapshot import read_snapshot
    from abs.territory import Territory, load_study
    registry, study = load_registry(), load_study(folder)
    engines = [Engine(read_snapshot(version_dir(v, folder)), registry, study) for v in (old, new)]
    iris = {t.code: t for e in engines for t in e.iris()}
    places = [study.commune, *study.references, *study.qpv, Territory("QPV_ALL", "Ensemble", "Ensemble des QPV"),
              *study.neighbourhoods, *iris.values()]
    rows = []
    for ind in registry.indicators:
        for t in places:
            pair = []
            for eng in engines:
                try:
                    v = eng.latest(ind.id, t)
                    pair.append(v if v.ok else None)
                except IndicatorUnavailable:
                    pair.append(None)
            before, after = pair
            if before is None and after is None:
                continue
            if before is None:
                change = "ajouté"
            elif after is None:
                change = "retiré"
            elif before.year != after.year or abs(before.value - after.value) > 1e-9 * max(1.0, abs(before.value)):
                change = "modifié"
            else:
                continue
            show = lambda v: "" if v is None else with_unit(v.value, ind.unit, ind.decimals)  # noqa: E731
            rows.append({"indicateur": ind.label, "territoire": t.name, "changement": change,
                         "avant": show(before), "millésime avant": before.year if before else "",
                         "après": show(after), "millésime après": after.year if after else ""})
    return pd.DataFrame(rows, columns=["indicateur", "territoire", "changement", "avant", "millésime avant", "après", "millésime après"])
