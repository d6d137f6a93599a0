"""Refresh the data from uploaded files (CSV, ZIP of CSV, XLSX, contours), into a new snapshot version.

An upload is read from memory: its name only tells the format and, failing the columns, the level and
year; it never becomes a path. Nothing uploaded is executed or unpickled. Every step that fails leaves
the current version untouched; the candidate version is switched to only when the user confirms.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from abs.errors import AbsError, ImportRefused, Problem
from abs.loaders.families import closest_family, detect_family
from abs.loaders.read import decode, read_text_table
from abs.territory import Study, load_study

MAX_MEMBERS = 20
PRODUCERS = {"caf_iris": "CNAF", "qpv": "ANCT / Insee (SIG Ville)"}
MAGIC = {b"\x89PNG": "une image PNG", b"\xff\xd8\xff": "une image JPEG", b"GIF8": "une image GIF", b"%PDF": "un document PDF"}


def max_upload_bytes() -> int:
    """The upload cap in bytes: ABS_MAX_UPLOAD_MB (default 20, like server.maxUploadSize)."""
    return int(float(os.environ.get("ABS_MAX_UPLOAD_MB", "20")) * 1024 * 1024)


@dataclass
class Imported:
    """What one uploaded table or contour file brought, for the report and the candidate version."""

    name: str
    family: str
    label: str
    years: list[str]
    levels: list[str]
    rows_read: int
    rows_kept: int
    sha256: str
    observations: pd.DataFrame | None = None
    contours: object | None = None
    contour_level: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def source_id(self) -> str:
        """The source the observations are filed under: one per family and vintage, replaced by a newer import."""
        return f"import_{self.family}_{'-'.join(self.years) or 'sans-annee'}"

    def report(self) -> dict:
        """What the user is shown: family, vintage, levels, rows kept."""
        return {"fichier": self.name, "famille": self.label, "millésime": ", ".join(self.years), "niveaux": ", ".join(self.levels),
                "lignes lues": self.rows_read, "lignes gardées": self.rows_kept}


def _size(n: int) -> str:
    from abs.fmt import number
    return f"{number(n / 2**20, 1)} Mo" if n >= 2**20 else f"{number(n / 1024, 1)} ko"


def _year_from_name(name: str) -> str | None:
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", name)
    return m.group(1) if m else None


def _refuse(name: str, type_: str, message: str):
    raise ImportRefused(name, [Problem(type_, message)])


def read_upload(name: str, data: bytes, study: Study | None = None, year: str | None = None, level: str | None = None) -> list[Imported]:
    """Read one uploaded file; raises ImportRefused with every problem, in French."""
    study = study or load_study()
    cap = max_upload_bytes()
    if len(data) > cap:
        _refuse(name, "too-large", f"le fichier pèse {_size(len(data))}, au-delà de la limite de {_size(cap)} : "
                                   "filtrez-le au département avant de l'importer, ou demandez à l'administrateur de relever la limite.")
    if not data.strip():
        _refuse(name, "empty-file", "le fichier est vide.")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            _refuse(name, "not-a-table", f"le fichier est {what}, pas un tableau CSV, XLSX ou ZIP.")
    suffix = Path(name.lower()).suffix
    if suffix in {".zip"}:
        return _read_zip(name, data, study, year, level)
    if suffix in {".xlsx", ".xlsm"}:
        return [_read_table(name, _xlsx_to_csv(name, data), data, study, year, level)]
    if suffix in {".geojson", ".gpkg", ".json"}:
        return [_read_contours(name, {f"upload{suffix}": data}, data, study)]
    if suffix in {".csv", ".txt", ""}:
        return [_read_table(name, data, data, study, year, level)]
    _refuse(name, "bad-format", f"format « {suffix} » non pris en charge : importez un CSV, un XLSX, un ZIP de CSV ou des contours "
                                "(GeoPackage, GeoJSON, shapefile zippé).")


def _read_zip(name: str, data: bytes, study: Study, year, level) -> list[Imported]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
        bad = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError):
        _refuse(name, "bad-zip", "archive ZIP illisible ou tronquée : téléchargez-la à nouveau.")
    if bad is not None:
        _refuse(name, "bad-zip", f"archive ZIP corrompue (membre « {bad} ») : téléchargez-la à nouveau.")
    if len(members) > MAX_MEMBERS:
        _refuse(name, "too-many-members", f"l'archive contient {len(members)} fichiers (au plus {MAX_MEMBERS}) : n'y laissez que les tableaux utiles.")
    nested = [m.filename for m in members if m.filename.lower().endswith(".zip")]
    if nested:
        _refuse(name, "nested-zip", f"l'archive contient d'autres archives ({', '.join(nested[:3])}) : décompressez-les d'abord.")
    total = sum(m.file_size for m in members)
    if total > 10 * max_upload_bytes():
        _refuse(name, "too-large", f"l'archive décompressée ferait {total / 1e6:.0f} Mo, au-delà de la limite : filtrez les fichiers avant.")
    shp = [m for m in members if m.filename.lower().endswith(".shp")]
    if shp:
        parts = {Path(m.filename).name: archive.read(m) for m in members
                 if Path(m.filename).suffix.lower() in {".shp", ".shx", ".dbf", ".prj", ".cpg"}}
        return [_read_contours(name, parts, data, study)]
    tables = [m for m in members if Path(m.filename).suffix.lower() in {".csv", ".txt"}]
    if not tables:
        _refuse(name, "no-table", "l'archive ne contient aucun fichier CSV ni shapefile.")
    return [_read_table(f"{name} › {Path(m.filename).name}", archive.read(m), data, study, year, level) for m in tables]


def _xlsx_to_csv(name: str, data: bytes) -> bytes:
    """The first sheet whose header row holds an INSEE code column, as CSV bytes (INSEE sheets start with title rows)."""
    import openpyxl
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        _refuse(name, "bad-xlsx", f"classeur XLSX illisible ({type(exc).__name__}) : enregistrez-le à nouveau au format .xlsx.")
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        for i, row in enumerate(rows):
            cells = ["" if c is None else str(c).strip() for c in row]
            if any(c.upper() in {"CODGEO", "IRIS", "CODE_IRIS", "CODGEO_2025"} for c in cells):
                body = [cells] + [["" if c is None else str(c) for c in r] for r in rows]
                return pd.DataFrame(body[1:], columns=body[0]).to_csv(index=False, sep=";").encode("utf-8")
            if i > 15:
                break
    _refuse(name, "wrong-sheet", f"aucune feuille ne contient un tableau Insee (colonne CODGEO ou IRIS) ; feuilles : {', '.join(wb.sheetnames)}.")


def _read_table(name: str, content: bytes, whole: bytes, study: Study, year, level) -> Imported:
    from abs.loaders.longform import import_ot
    from abs.loaders.wide import import_wide, level_from_name
    text = decode(content, name)
    header = read_text_table(text.split("\n", 1)[0] + "\n", name).columns.tolist()
    year = year or _year_from_name(name)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "upload.csv"
        path.write_text(text, encoding="utf-8")
        near = closest_family(header)
        fam = detect_family(header) or (near[0] if near else None)
        if fam is not None:
            result = import_wide(path, fam.id, level or fam.level or level_from_name(name), year, study.scope, name=name)
            label = fam.label
        elif {"codgeo", "libgeo", "an"} <= {c.lower() for c in header}:
            lvl = level or level_from_name(name)
            if lvl is None:
                _refuse(name, "unknown-level", "niveau géographique inconnu : indiquez-le (COM, EPCI, DEP, REG).")
            result, label = import_ot(path, lvl, study.scope, name=name), "Observatoire des territoires (export)"
        elif len(header) == 1:
            raise ImportRefused(name, [Problem("bad-separator", "une seule colonne lue : le séparateur n'est ni « ; » ni « , » ni la "
                                               "tabulation. Enregistrez le fichier en CSV avec l'un d'eux.")])
        else:
            raise ImportRefused(name, [Problem("unknown-family", "colonnes non reconnues : ce n'est pas un fichier Insee/CAF connu "
                                               "(comparateur, dossier complet, Filosofi, CAF, base IRIS, QPV, Observatoire des territoires). "
                                               f"Colonnes lues : {', '.join(header[:6])}…")])
    obs = result.observations
    return Imported(name, result.family, label, sorted(obs["year"].unique().tolist()), sorted(obs["level"].unique().tolist()),
                    result.rows_read, result.rows_kept, hashlib.sha256(whole).hexdigest(), observations=obs)


def _read_contours(name: str, parts: dict[str, bytes], whole: bytes, study: Study) -> Imported:
    from abs.loaders.geometry import import_contours
    with tempfile.TemporaryDirectory() as d:
        safe = {}
        for i, (member, payload) in enumerate(parts.items()):
            target = Path(d) / f"contours{Path(member).suffix.lower()}"  # fixed names: nothing from the upload is a path
            target.write_bytes(payload)
            safe[member] = target
        main = next(p for p in safe.values() if p.suffix in {".shp", ".gpkg", ".geojson", ".json"})
        gdf = import_contours(main, "IRIS", study.scope, name=name)
    return Imported(name, "contours_iris", "Contours IRIS (IGN)", [], ["IRIS"], len(gdf), len(gdf), hashlib.sha256(whole).hexdigest(),
                    contours=gdf, contour_level="IRIS")


def source_row(item: Imported) -> dict:
    """The sources-table row of an imported file."""
    return {"id": item.source_id, "producer": PRODUCERS.get(item.family, "Insee"), "dataset": item.label,
            "vintage": ", ".join(item.years) or "non précisé", "geography": "", "url": "", "coverage": ", ".join(item.levels),
            "licence": "à vérifier (Licence Ouverte / Etalab 2.0 pour l'Insee)", "accessed": date.today().isoformat(),
            "origin": f"fichier importé « {item.name} » (SHA-256 {item.sha256[:16]}…)"}


def build_candidate(items: list[Imported], folder: Path | None = None, api_calls: list[dict] | None = None) -> str:
    """Write a new version: the current one with the imported sources added (or replaced); not switched to."""
    from abs.snapshot import load_contours, load_snapshot, validate_observations
    from abs.versions import current_dir, write_version
    if not items:
        raise AbsError("Aucun fichier valide à importer.")
    current = load_snapshot(current_dir(folder))
    new_ids = {i.source_id for i in items if i.observations is not None}
    obs = [current.observations[~current.observations["source"].isin(new_ids)]]
    obs += [i.observations.assign(source=i.source_id) for i in items if i.observations is not None]
    # Imported sources come first: for the same figure and year, the engine prefers the earlier source.
    sources = pd.concat([pd.DataFrame([source_row(i) for i in items if i.observations is not None], columns=current.sources.columns),
                         current.sources[~current.sources["id"].isin(new_ids)]], ignore_index=True)
    contours = {lvl: load_contours(lvl, current_dir(folder)) for lvl in ("COM", "IRIS")}
    contours = {k: v for k, v in contours.items() if v is not None}
    contours.update({i.contour_level: i.contours for i in items if i.contours is not None})
    table = validate_observations(pd.concat(obs, ignore_index=True))
    files = current.built.get("files", []) + [{"source": i.source_id, "path": i.name, "sha256": i.sha256} for i in items]
    built = {"built_on": date.today().isoformat(), "origin": f"mise à jour depuis {current.built.get('version', 'la version active')}",
             "files": files, "api_calls": current.built.get("api_calls", []) + (api_calls or []), "observations": len(table),
             "sources": len(sources)}
    return write_version(table, sources, current.geography, built, contours, folder)


def from_live(result) -> Imported:
    """A live MELODI result as an import item (its own source, its calls recorded in the version)."""
    obs = result.observations
    spec = result.dataset
    digest = hashlib.sha256(obs.to_csv(index=False).encode("utf-8")).hexdigest()
    item = Imported(f"API MELODI {spec['id']}", f"melodi_{spec['id'].lower()}", f"{spec['label']} (API MELODI)",
                    sorted(obs["year"].unique().tolist()), sorted(obs["level"].unique().tolist()), len(obs), len(obs), digest,
                    observations=obs)
    return item


def main(argv: list[str] | None = None) -> int:
    """Command line: python -m abs.refresh {files FILE... | live DATASET} [--year Y] [--level L] [--switch]."""
    import argparse
    from abs.errors import explain_failures
    from abs.versions import current_id, diff, switch
    parser = argparse.ArgumentParser(prog="python -m abs.refresh", description="Prépare (et active sur demande) une nouvelle version des données.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("files", help="importer des fichiers Insee/CAF/IGN (CSV, ZIP, XLSX, contours)")
    f.add_argument("files", nargs="+", type=Path)
    f.add_argument("--year", default=None, help="millésime, si le fichier ne l'indique pas")
    f.add_argument("--level", default=None, help="niveau (COM, IRIS, EPCI, DEP, REG, FRM), si le fichier ne l'indique pas")
    live_cmd = sub.add_parser("live", help="interroger l'API MELODI de l'Insee pour un jeu de data/live.yaml")
    live_cmd.add_argument("dataset")
    for p in (f, live_cmd):
        p.add_argument("--switch", action="store_true", help="activer la nouvelle version (sinon : seulement la préparer)")
    args = parser.parse_args(argv)

    def run() -> None:
        calls = []
        if args.cmd == "files":
            items = [i for path in args.files for i in read_upload(path.name, path.read_bytes(), year=args.year, level=args.level)]
        else:
            from abs.engine import default_engine
            from abs.loaders.live import fetch, study_geography
            result = fetch(args.dataset, study_geography(default_engine()))
            items, calls = [from_live(result)], result.calls
        for item in items:
            print(" ; ".join(f"{k} : {v}" for k, v in item.report().items()))
        old = current_id()
        version = build_candidate(items, api_calls=calls)
        changes = diff(old, version)
        print(f"Version {version} préparée : {len(changes)} changement(s) d'indicateurs par rapport à {old}.")
        if len(changes):
            print(changes.to_string(index=False))
        if args.switch:
            switch(version)
            print(f"Version {version} activée ; « python -m abs.snapshot switch {old} » revient à la précédente.")
    return explain_failures(run)

if __name__ == "__main__":
    import sys
    sys.exit(main())
