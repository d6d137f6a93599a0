"""Import long tables: Observatoire des territoires exports (codgeo;libgeo;an;value) and INSEE page extracts."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from abs.errors import ImportRefused, Problem
from abs.loaders.read import parse_values, read_table, read_with_columns
from abs.loaders.wide import Imported, Scope

OT_COLUMNS = ["codgeo", "libgeo", "an"]
PAGE_COLUMNS = ["source_url", "insee_table", "geo_code", "geo_label", "vintage", "indicator", "year_or_class", "value", "unit"]
_PAGE_LEVELS = {"COM": "COM", "DEP": "DEP", "REG": "REG", "EPCI": "EPCI"}
_YEAR = re.compile(r"^\d{4}(-\d{4})?$")


def import_ot(path: str | Path, level: str, scope: Scope | None = None, name: str | None = None) -> Imported:
    """Read an Observatoire des territoires export: one indicator column, one row per territory and year."""
    path = Path(path)
    name = name or path.name
    df = read_table(path, name)
    df.columns = [c.lower() for c in df.columns]
    missing = [c for c in OT_COLUMNS if c not in df.columns]
    values = [c for c in df.columns if c not in OT_COLUMNS]
    if missing or len(values) != 1:
        problems = [Problem("missing-column", f"colonne obligatoire absente : « {c} ».", c) for c in missing]
        if len(values) != 1:
            problems.append(Problem("shape", f"une seule colonne d'indicateur attendue, {len(values)} trouvée(s)."))
        raise ImportRefused(name, problems)
    rows_read = len(df)
    if scope is not None:
        df = df[scope(level, df["codgeo"]).to_numpy()]
    col = values[0]
    parsed, status, bad = parse_values(df[col])
    problems = [Problem("bad-number", f"ligne {i + 2} : « {v} » n'est pas un nombre.", col, int(i) + 2) for i, v in bad.items()]
    if rows_read and df.empty:
        problems.append(Problem("wrong-territory", "aucune ligne ne concerne le territoire étudié : mauvais territoire ?", "codgeo"))
    if df.duplicated(["codgeo", "an"]).any():
        problems.append(Problem("duplicate-code", "une même année apparaît deux fois pour un territoire.", "an"))
    if problems:
        raise ImportRefused(name, problems)
    obs = pd.DataFrame({"level": level, "code": df["codgeo"].to_numpy(), "variable": col, "year": df["an"].to_numpy(),
                        "value": np.where(status == "ok", parsed, np.nan), "status": status})
    names = pd.DataFrame({"level": level, "code": df["codgeo"].to_numpy(), "name": df["libgeo"].to_numpy()}).drop_duplicates()
    return Imported("ot_long", level, obs, names, rows_read, len(df))


def _page_geo(geo_code: str) -> tuple[str, str] | None:
    if geo_code == "FRM":
        return "FRM", "FRM"
    if geo_code == "FR-hors-Mayotte":
        return "FR", "FR"
    m = re.fullmatch(r"(COM|DEP|REG|EPCI)-(\w+)", geo_code)
    return (_PAGE_LEVELS[m.group(1)], m.group(2)) if m else None


def import_page_extracts(path: str | Path, scope: Scope | None = None, name: str | None = None) -> Imported:
    """Read figures copied from insee.fr pages (long format); rows flagged SECONDARY or NON-OFFICIAL are left out."""
    df, name = read_with_columns(path, PAGE_COLUMNS, name)
    rows_read = len(df)
    note = df["note"] if "note" in df.columns else pd.Series("", index=df.index)
    official = ~note.str.contains("SECONDARY|NON-OFFICIAL", regex=True)
    geo = df["geo_code"].map(_page_geo)
    df = df[official & geo.notna()].copy()
    df["level"], df["code"] = zip(*geo[df.index]) if len(df) else ([], [])
    if scope is not None:
        keep = pd.Series(False, index=df.index)
        for level, part in df.groupby("level"):
            keep[part.index] = scope(level, part["code"]).to_numpy()
        df = df[keep]
    is_year = df["year_or_class"].str.match(_YEAR)
    vintage_year = df["vintage"].str.findall(r"RP(\d{4})").str[-1]
    df["variable"] = df["insee_table"] + " | " + df["indicator"] + np.where(is_year, "", " | " + df["year_or_class"])
    df["year"] = np.where(is_year, df["year_or_class"], vintage_year)
    df = df[df["year"].notna()]
    values, status, bad = parse_values(df["value"])
    if len(bad):
        raise ImportRefused(name, [Problem("bad-number", f"ligne {i + 2} : « {v} » n'est pas un nombre.", "value", int(i) + 2) for i, v in bad.items()])
    df = df.assign(value=np.where(status == "ok", values, np.nan), status=status)
    df = df.sort_values("vintage", ascending=False).drop_duplicates(["level", "code", "variable", "year"])
    obs = df[["level", "code", "variable", "year", "value", "status"]].reset_index(drop=True)
    names = df[["level", "code", "geo_label"]].rename(columns={"geo_label": "name"}).drop_duplicates(["level", "code"])
    return Imported("insee_pages", "*", obs, names, rows_read, len(obs))
