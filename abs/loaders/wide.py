"""Import a wide INSEE-style table (one row per territory, one column per variable) into tidy observations."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from abs.errors import ImportRefused, Problem
from abs.loaders.families import FAMILY_BY_ID, Family, closest_family, detect_family
from abs.loaders.read import first_line, header_of, parse_values, read_rows
from abs.loaders.years import column_year

OBS_COLUMNS = ["level", "code", "variable", "year", "value", "status"]
Scope = Callable[[str, pd.Series], pd.Series]


@dataclass
class Imported:
    """What an importer found: the family, tidy observations, territory names and a short report."""

    family: str
    level: str
    observations: pd.DataFrame
    names: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["level", "code", "name"]))
    rows_read: int = 0
    rows_kept: int = 0


def missing_column(prefix: str, signature: str) -> Problem:
    """The problem of a missing required column, its pattern as users read it (P\\d\\d_LOGVAC -> PAA_LOGVAC)."""
    text = signature.replace(r"\d\d", "AA").replace(".+", "…")
    note = " (AA : année sur deux chiffres)" if "AA" in text else ""
    return Problem("missing-column", f"{prefix} « {text} »{note}.", signature)


def level_from_name(name: str) -> str | None:
    """Guess the geographic level from an INSEE file name (FILO2019_DISP_DEP.csv -> DEP)."""
    m = re.search(r"_(COM|DEP|REG|EPCI|METROPOLE|IRIS)(?:[_.]|$)", name.upper())
    return {"METROPOLE": "FRM"}.get(m.group(1), m.group(1)) if m else None


def _structure_schema(fam: Family, level: str) -> pa.DataFrameSchema:
    pattern = fam.code_pattern or {
        "COM": r"^(\d{5}|2[AB]\d{3})$", "DEP": r"^(\d{2,3}|2[AB])$", "REG": r"^\d{2}$",
        "EPCI": r"^\d{9}$", "FRM": r"^.+$", "FR": r"^.+$",
    }.get(level, r"^.+$")
    return pa.DataFrameSchema(
        {fam.code_column: pa.Column(str, pa.Check.str_matches(pattern), nullable=False)},
        unique=[fam.code_column], strict=False,
    )


def _schema_problems(err: pa.errors.SchemaErrors, code_column: str) -> list[Problem]:
    problems = []
    for row in err.failure_cases.itertuples(index=False):
        check = str(row.check)
        line = None if pd.isna(row.index) else int(row.index) + 2
        if "column_in_dataframe" in check or row.schema_context == "DataFrameSchema" and "column" in check and "uniq" not in check:
            problems.append(Problem("missing-column", f"colonne obligatoire absente : « {row.failure_case} ».", str(row.failure_case)))
        elif "uniq" in check:
            problems.append(Problem("duplicate-code", f"ligne {line} : le code « {row.failure_case} » apparaît plusieurs fois.", code_column, line))
        elif "str_matches" in check:
            problems.append(Problem(
                "bad-code", f"ligne {line} : le code « {row.failure_case} » n'a pas la forme attendue"
                " (zéro initial perdu ? un tableur a pu l'enlever).", code_column, line))
        else:
            problems.append(Problem("schema", f"ligne {line} : {check} a échoué pour « {row.failure_case} ».", str(row.column), line))
    return problems


def import_wide(path: str | Path, family: str | None = None, level: str | None = None,
                year: str | None = None, scope: Scope | None = None, name: str | None = None) -> Imported:
    """Read one wide file, validate it at the door, keep the rows in `scope`, return tidy observations.

    Every problem found is reported at once in an `ImportRefused`; nothing is written anywhere.
    """
    path = Path(path)
    name = name or path.name
    raw = path.read_bytes()
    _, header = header_of(first_line(raw, name))
    header = [h for h in header if h and not h.startswith("Unnamed:")]
    fam = FAMILY_BY_ID[family] if family else detect_family(header)
    if fam is None:
        near = closest_family(header)
        if near is not None:
            raise ImportRefused(name, [missing_column(f"fichier « {near[0].label} » incomplet : colonne obligatoire absente", m)
                                       for m in near[1]])
        raise ImportRefused(name, [Problem("unknown-family", "colonnes non reconnues : ce n'est pas un fichier Insee/CAF"
                                           " connu (comparateur, dossier complet, Filosofi, CAF, base IRIS, QPV).")])
    columns = [c.upper() for c in header] if fam.lower_case else header
    missing = [sig for sig in fam.signature if not any(re.fullmatch(sig, c) for c in columns)]
    if missing:
        raise ImportRefused(name, [missing_column("colonne obligatoire absente :", m) for m in missing])
    level = level or fam.level or level_from_name(name)
    if level is None:
        raise ImportRefused(name, [Problem("unknown-level", "niveau géographique inconnu : indiquez-le (COM, DEP, REG, EPCI, FRM).")])
    code_col = next(h for h, c in zip(header, columns) if c == fam.code_column)
    df, codes = read_rows(raw, name, code_col, keep=(lambda c: scope(level, c)) if scope is not None else None)
    if fam.lower_case:
        df.columns = [c.upper() for c in df.columns]
    code_col = fam.code_column
    rows_read = len(codes)
    if rows_read == 0:
        raise ImportRefused(name, [Problem("no-rows", "le fichier ne contient que l'en-tête, aucune ligne de données.")])
    df[code_col] = df[code_col].str.strip()
    problems: list[Problem] = []
    # Codes are checked on every row, before keeping the study's: a spreadsheet that dropped the
    # leading zeros of 01053 has damaged the whole file, even if the study's rows look fine.
    try:
        _structure_schema(fam, level).validate(codes.to_frame(code_col), lazy=True)
    except pa.errors.SchemaErrors as err:
        problems += _schema_problems(err, code_col)[:20]
    value_cols = fam.value_columns(list(df.columns))
    if scope is not None and rows_read and df.empty:
        problems.append(Problem("wrong-territory", "aucune ligne ne concerne le territoire étudié : mauvais territoire ?", code_col))
    obs, value_problems = _melt(df, fam, level, year, value_cols)
    problems += value_problems
    if problems:
        raise ImportRefused(name, problems)
    names = pd.DataFrame(columns=["level", "code", "name"])
    label = next((c for c in ("LIBGEO", "LIBIRIS") if c in df.columns), None)
    if label and fam.keep_names:
        names = pd.DataFrame({"level": obs_level(df[code_col], level), "code": df[code_col].to_numpy(), "name": df[label].to_numpy()})
    return Imported(fam.id, level, obs, names, rows_read, len(df))


def obs_level(codes: pd.Series, level: str) -> np.ndarray:
    """The level of each row: QPV files carry the all-QPV row 'Ensemble' beside the QPV rows."""
    if level == "QPV":
        return np.where(codes.to_numpy() == "Ensemble", "QPV_ALL", "QPV")
    return np.full(len(codes), level, dtype=object)


def _melt(df: pd.DataFrame, fam: Family, level: str, year: str | None, value_cols: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """All value columns parsed in one pass (a national file's 100 columns cost one parse, not 100)."""
    problems: list[Problem] = []
    if not value_cols or df.empty:
        return pd.DataFrame(columns=OBS_COLUMNS), problems
    n = len(df)
    cells = pd.Series(df[value_cols].to_numpy().ravel(order="F"))
    variables = np.repeat(np.array(value_cols, dtype=object), n)
    lines = np.tile(df.index.to_numpy(), len(value_cols)) + 2
    values, status, bad = parse_values(cells, fam.blank)
    for i, cell in bad.items():
        problems.append(Problem("bad-number", f"ligne {lines[i]}, colonne « {variables[i]} » : « {cell} » n'est ni un nombre"
                                " ni un marqueur de secret (s, nd, vide).", variables[i], int(lines[i])))
    ok = status == "ok"
    signed = np.repeat([bool(re.match(fam.signed, c)) for c in value_cols], n)
    percent = np.repeat([bool(re.match(fam.percent, c)) for c in value_cols], n)
    for i in np.flatnonzero(ok & ~signed & (values < 0)):
        problems.append(Problem("negative", f"ligne {lines[i]}, colonne « {variables[i]} » : valeur négative ({values[i]:g}) pour un effectif.",
                                variables[i], int(lines[i])))
    for i in np.flatnonzero(ok & percent & (values > 100)):
        problems.append(Problem("share-over-100", f"ligne {lines[i]}, colonne « {variables[i]} » : part supérieure à 100 ({values[i]:g}).",
                                variables[i], int(lines[i])))
    years = {c: column_year(c, year, fam.year_rules) for c in value_cols}
    obs = pd.DataFrame({
        "level": np.tile(obs_level(df[fam.code_column], level), len(value_cols)),
        "code": np.tile(df[fam.code_column].to_numpy(), len(value_cols)), "variable": variables,
        "year": pd.Series(variables).map(years).to_numpy(), "value": np.where(ok, values, np.nan), "status": status,
    })
    problems.sort(key=lambda p: (p.row or 0, value_cols.index(p.field) if p.field in value_cols else 0))
    known = obs["year"].dropna()
    if year is None and len(known) and obs["year"].isna().any():
        # Columns without a vintage of their own (SUPERF, RD, Q3_Q1) belong to the file's latest one.
        obs["year"] = obs["year"].fillna(max(known, key=lambda y: y[-4:]))
    if obs["year"].isna().any():
        cols = sorted(obs.loc[obs["year"].isna(), "variable"].unique())
        problems.append(Problem("unknown-year", f"millésime inconnu pour les colonnes {', '.join(cols[:5])} : indiquez l'année du fichier."))
    return obs, problems
