"""The studied territory: the commune, its IRIS, its neighbourhoods (groups of IRIS) and its references."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from abs.errors import DataFileInvalid, Problem
from abs.paths import data_dir

LEVEL_LABELS = {
    "COM": "commune", "IRIS": "IRIS", "NBH": "quartier", "DEP": "département", "EPCI": "intercommunalité",
    "REG": "région", "FRM": "France métropolitaine", "FR": "France", "QPV": "quartier prioritaire",
    "QPV_ALL": "ensemble des QPV",
}


@dataclass(frozen=True)
class Territory:
    """A place figures are given for. A neighbourhood (level NBH) carries the IRIS codes it groups."""

    level: str
    code: str
    name: str
    members: tuple[str, ...] = ()
    status: str = ""
    evidence: str = ""

    @property
    def key(self) -> str:
        """A stable string key such as 'COM:15014' or 'NBH:alc'."""
        return f"{self.level}:{self.code}"

    def label(self) -> str:
        """The name with its level, for sentences: 'Aurillac (commune)'."""
        return f"{self.name} ({LEVEL_LABELS.get(self.level, self.level)})"


@dataclass(frozen=True)
class Study:
    """Everything the territory data files declare about the studied commune."""

    commune: Territory
    departement: Territory
    region: Territory
    epci: Territory
    qpv: tuple[Territory, ...]
    references: tuple[Territory, ...]
    neighbourhoods: tuple[Territory, ...]
    hypothesis_note: str = ""
    coverage: dict = field(default_factory=dict)

    def scope(self, level: str, codes: pd.Series) -> pd.Series:
        """Which codes of a file concern the study: its IRIS, the communes of its département, its references."""
        codes = codes.astype(str)
        if level == "IRIS":
            return codes.str.startswith(self.commune.code)
        if level == "COM":
            return codes.str.startswith(self.departement.code)
        wanted = {"DEP": {self.departement.code}, "REG": {self.region.code}, "EPCI": {self.epci.code},
                  "QPV": {q.code for q in self.qpv} | {"Ensemble"}}
        if level in wanted:
            return codes.isin(wanted[level])
        return pd.Series(True, index=codes.index)

    def neighbourhood(self, nbh_id: str) -> Territory:
        """The neighbourhood with that id."""
        for n in self.neighbourhoods:
            if n.code == nbh_id:
                return n
        raise KeyError(nbh_id)


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataFileInvalid(str(path), [Problem("yaml", f"YAML illisible : {exc}")]) from exc


def parse_neighbourhoods(doc: dict, iris_codes: set[str] | None, path: str) -> tuple[tuple[Territory, ...], str]:
    """Validate and read the neighbourhoods file: unique ids, known IRIS, an IRIS in one group only."""
    problems, seen_ids, owner = [], set(), {}
    result = []
    for i, n in enumerate(doc.get("neighbourhoods") or []):
        nid = str(n.get("id", "")).strip()
        if not nid or nid in seen_ids:
            problems.append(Problem("bad-id", f"quartier n°{i + 1} : identifiant absent ou en double (« {nid} »).", "id", i))
        seen_ids.add(nid)
        if not str(n.get("name", "")).strip():
            problems.append(Problem("no-name", f"quartier « {nid} » : nom absent.", "name", i))
        iris = tuple(str(c) for c in n.get("iris") or [])
        for code in iris:
            if iris_codes is not None and code not in iris_codes:
                problems.append(Problem("unknown-iris", f"quartier « {nid} » : l'IRIS {code} n'appartient pas à la commune.", "iris", i))
            if code in owner:
                problems.append(Problem("iris-twice", f"l'IRIS {code} est à la fois dans « {owner[code]} » et « {nid} ».", "iris", i))
            owner[code] = nid
        result.append(Territory("NBH", nid, str(n.get("name", "")), iris, str(n.get("status", "")), str(n.get("evidence", "")).strip()))
    if problems:
        raise DataFileInvalid(path, problems)
    return tuple(result), str(doc.get("hypothesis_note", "")).strip()


@lru_cache(maxsize=4)
def _load_study(folder: str, iris_key: tuple[str, ...] | None) -> Study:
    base = Path(folder)
    doc = _read_yaml(base / "territory.yaml")
    c = doc["commune"]
    commune = Territory("COM", str(c["code"]), c["name"])
    dep = Territory("DEP", str(doc["departement"]["code"]), doc["departement"]["name"])
    reg = Territory("REG", str(doc["region"]["code"]), doc["region"]["name"])
    epci = Territory("EPCI", str(doc["epci"]["code"]), doc["epci"]["name"])
    qpv = tuple(Territory("QPV", q["code"], q["name"], evidence=q.get("note", "")) for q in doc.get("qpv", []))
    refs = tuple(Territory(r["level"], str(r["code"]), r["label"]) for r in doc.get("references", []))
    coverage = {f"{r['level']}:{r['code']}": r["coverage"] for r in doc.get("references", []) if r.get("coverage")}
    nb_path = base / "neighbourhoods.yaml"
    nbhs, note = parse_neighbourhoods(_read_yaml(nb_path), set(iris_key) if iris_key else None, str(nb_path))
    return Study(commune, dep, reg, epci, qpv, refs, nbhs, note, coverage)


def load_study(folder: Path | None = None, iris_codes: set[str] | None = None) -> Study:
    """Read data/territory.yaml and data/neighbourhoods.yaml (validated against the IRIS codes if given)."""
    key = tuple(sorted(iris_codes)) if iris_codes else None
    return _load_study(str(folder or data_dir()), key)


def save_neighbourhoods(assignments: dict[str, list[str]], iris_codes: set[str], folder: Path | None = None) -> None:
    """Write new IRIS perimeters (validated first), keeping the previous file as neighbourhoods.previous.yaml."""
    folder = folder or data_dir()
    path = folder / "neighbourhoods.yaml"
    doc = _read_yaml(path)
    for n in doc["neighbourhoods"]:
        if n["id"] in assignments and list(n.get("iris") or []) != list(assignments[n["id"]]):
            n["iris"] = [str(c) for c in assignments[n["id"]]]
            n["status"] = "défini par l'utilisateur (à valider par le CCAS)" if n["iris"] else "périmètre à définir"
    parse_neighbourhoods(doc, iris_codes, str(path))
    tmp = path.with_suffix(".tmp")
    tmp.write_text("# The social-centre neighbourhoods as groups of IRIS (edited in the Quartiers page).\n"
                   + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    path.replace(folder / "neighbourhoods.previous.yaml")
    tmp.replace(path)
    _load_study.cache_clear()


def undo_neighbourhoods(folder: Path | None = None) -> bool:
    """Swap the current perimeters with the previous ones; False when there is nothing to undo."""
    folder = folder or data_dir()
    prev, cur = folder / "neighbourhoods.previous.yaml", folder / "neighbourhoods.yaml"
    if not prev.exists():
        return False
    tmp = folder / "neighbourhoods.swap"
    cur.replace(tmp)
    prev.replace(cur)
    tmp.replace(prev)
    _load_study.cache_clear()
    return True
