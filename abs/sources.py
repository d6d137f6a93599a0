"""The sources registry (data/sources.yaml): producer, dataset, vintage, geography, licence, origin, files."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from abs.errors import DataFileInvalid, Problem
from abs.paths import data_dir

SOURCE_FIELDS = ["id", "producer", "dataset", "vintage", "geography", "url", "coverage", "licence", "accessed", "origin"]
IMPORTERS = {"wide", "ot", "pages", "etalab", "iris_ref", "geometry"}


def load_source_specs(path: Path | None = None) -> list[dict]:
    """Read and check data/sources.yaml: unique ids, every field present, known importers."""
    path = path or data_dir() / "sources.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs, problems, seen = doc.get("sources", []), [], set()
    for i, s in enumerate(specs):
        sid = s.get("id", f"n°{i + 1}")
        if sid in seen:
            problems.append(Problem("duplicate-id", f"source « {sid} » déclarée deux fois.", "id", i))
        seen.add(sid)
        problems += [Problem("missing-field", f"source « {sid} » : champ « {f} » absent.", f, i) for f in SOURCE_FIELDS if f not in s]
        problems += [Problem("bad-importer", f"source « {sid} » : importeur inconnu « {f.get('importer')} ».", "importer", i)
                     for f in s.get("files", []) if f.get("importer") not in IMPORTERS]
    if problems:
        raise DataFileInvalid(str(path), problems)
    return specs


def sources_table(specs: list[dict]) -> pd.DataFrame:
    """One row per source with the metadata a user sees (no file list)."""
    return pd.DataFrame([{f: str(s.get(f, "")) for f in SOURCE_FIELDS} for s in specs], columns=SOURCE_FIELDS)


def source_family(spec: dict) -> str:
    """The file family of a source: its importer family, or the kind of its importer (observatoire, pages_insee…)."""
    first = spec["files"][0]
    return first.get("family") or {"ot": "observatoire", "pages": "pages_insee", "etalab": "populations_legales"}.get(
        first["importer"], first["importer"])
