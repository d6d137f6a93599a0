"""Import geography references: the IRIS table of INSEE and the COG objects of @etalab/decoupage-administratif."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from abs.errors import ImportRefused, Problem
from abs.loaders.read import read_with_columns
from abs.loaders.wide import Imported, Scope

IRIS_REF_COLUMNS = ["CODE_IRIS", "LIB_IRIS", "TYP_IRIS", "DEPCOM"]
GEO_COLUMNS = ["level", "code", "name", "parent_level", "parent_code", "kind"]


def import_iris_reference(path: str | Path, scope: Scope | None = None, name: str | None = None) -> pd.DataFrame:
    """Read INSEE's IRIS reference table (reference_IRIS_geo) into geography rows (IRIS -> COM)."""
    df, name = read_with_columns(path, IRIS_REF_COLUMNS, name)
    if scope is not None:
        df = df[scope("IRIS", df["CODE_IRIS"]).to_numpy()]
    if df["CODE_IRIS"].duplicated().any():
        raise ImportRefused(name, [Problem("duplicate-code", "un code IRIS apparaît plusieurs fois.", "CODE_IRIS")])
    return pd.DataFrame({"level": "IRIS", "code": df["CODE_IRIS"].to_numpy(), "name": df["LIB_IRIS"].to_numpy(),
                         "parent_level": "COM", "parent_code": df["DEPCOM"].to_numpy(), "kind": df["TYP_IRIS"].to_numpy()})


def _load_json(path: Path, name: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused(name, [Problem("parse-error", f"JSON illisible : {exc}")]) from exc
    if not isinstance(data, dict) or "communes_dep15" not in data and not any(k.startswith("communes") for k in data):
        raise ImportRefused(name, [Problem("shape", "objet JSON inattendu : clé « communes… » absente.")])
    return data


def import_etalab(path: str | Path, year: str, name: str | None = None) -> tuple[Imported, pd.DataFrame]:
    """Read a COG extract of @etalab/decoupage-administratif: legal populations (PMUN) and the geography."""
    path = Path(path)
    name = name or path.name
    data = _load_json(path, name)
    communes = [c for key, items in data.items() if key.startswith("communes") for c in items]
    current = [c for c in communes if c.get("type") == "commune-actuelle"]
    bad = [c.get("code", "?") for c in current if not isinstance(c.get("population"), (int, float)) or c["population"] < 0]
    if bad:
        raise ImportRefused(name, [Problem("bad-number", f"population absente ou négative pour la commune {b}.", "population") for b in bad])
    obs = pd.DataFrame({"level": "COM", "code": [c["code"] for c in current], "variable": "PMUN", "year": year,
                        "value": [float(c["population"]) for c in current], "status": "ok"})
    geo = [{"level": "COM", "code": c["code"], "name": c["nom"], "parent_level": "DEP", "parent_code": c["departement"], "kind": ""}
           for c in current]
    for dep in data.get("departement_15", []) + [d for k, v in data.items() if k.startswith("departement_") and k != "departement_15" for d in v]:
        geo.append({"level": "DEP", "code": dep["code"], "name": dep["nom"], "parent_level": "REG", "parent_code": dep["region"], "kind": ""})
    for reg in [r for k, v in data.items() if k.startswith("region_") for r in v]:
        geo.append({"level": "REG", "code": reg["code"], "name": reg["nom"], "parent_level": "", "parent_code": "", "kind": ""})
    for epci in [e for k, v in data.items() if k.startswith("epci") for e in v]:
        geo.append({"level": "EPCI", "code": epci["code"], "name": epci["nom"], "parent_level": "", "parent_code": "", "kind": epci.get("type", "")})
        geo += [{"level": "COM", "code": m["code"], "name": m["nom"], "parent_level": "EPCI", "parent_code": epci["code"], "kind": "member"}
                for m in epci.get("membres", [])]
    names = pd.DataFrame([{k: g[k] for k in ("level", "code", "name")} for g in geo])
    return Imported("etalab_cog", "COM", obs, names, len(communes), len(current)), pd.DataFrame(geo, columns=GEO_COLUMNS)
