"""The INSEE / CAF / ANCT file families the importers know, declared as data.

A family says how to recognise a file from its columns, which column holds the territory code,
which columns are labels rather than figures, and which figures may be negative or are shares.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

IRIS_CODE = r"^(\d{9}|2[AB]\d{7})$"
COM_CODE = r"^(\d{5}|2[AB]\d{3})$"
QPV_CODE = r"^(QP\d{6}|QN\d{7}|Ensemble)$"


@dataclass(frozen=True)
class Family:
    """How to read one kind of published file."""

    id: str
    label: str
    code_column: str
    signature: tuple[str, ...]
    level: str | None = None
    code_pattern: str | None = None
    id_columns: tuple[str, ...] = ()
    blank: str = "missing"
    signed: str = r"^$"
    percent: str = r"^$"
    not_additive: str = r"^$"
    keep_names: bool = True
    lower_case: bool = False
    year_rules: str = "insee"

    def matches(self, columns: list[str]) -> bool:
        """True when every signature pattern matches at least one column."""
        cols = [c.upper() for c in columns] if self.lower_case else columns
        return all(any(re.fullmatch(sig, c) for c in cols) for sig in self.signature)

    def value_columns(self, columns: list[str]) -> list[str]:
        """The columns that hold figures (everything but codes, labels and notes)."""
        ids = {self.code_column, *self.id_columns}
        return [c for c in columns if c not in ids and not re.match(r"^NOTE", c, re.I)]


FAMILIES: tuple[Family, ...] = (
    Family(
        "serie_historique", "Séries historiques du recensement (base communale, 1968 à nos jours)", "CODGEO",
        (r"CODGEO", r"D\d\d_POP", r"P\d\d_POP"),
        level="COM", code_pattern=COM_CODE, id_columns=("LIBGEO",), year_rules="historique",
    ),
    Family(
        "comparateur", "Comparateur de territoires (base communale)", "CODGEO",
        (r"CODGEO", r"SUPERF", r"P\d\d_POP", r"P\d\d_LOGVAC"),
        level="COM", code_pattern=COM_CODE, id_columns=("LIBGEO",),
        percent=r"^(TP60|PIMP)\d\d$", not_additive=r"^(MED|TP60|PIMP)\d\d$",
    ),
    Family(
        "dossier_complet", "Dossier complet (base communale)", "CODGEO",
        (r"CODGEO", r"P\d\d_POP0014", r"C\d\d_MENPSEUL"),
        level="COM", code_pattern=COM_CODE, id_columns=("LIBGEO",),
    ),
    Family(
        "filosofi_iris", "Filosofi, revenus disponibles par IRIS", "IRIS",
        (r"IRIS", r"DISP_MED\d\d"),
        level="IRIS", code_pattern=IRIS_CODE, id_columns=("LIBIRIS", "COM", "LIBCOM"), blank="secret",
        signed=r"^DISP_PIMPOT\d\d$", percent=r"^DISP_(TP60|P[A-Z]+)\d\d$", not_additive=r".*",
    ),
    Family(
        "filosofi_geo", "Filosofi, revenus disponibles (commune, EPCI, département, région, France)", "CODGEO",
        (r"CODGEO", r"Q2\d\d", r"NBMEN\d\d"),
        id_columns=("LIBGEO",), blank="secret", signed=r"^PIMPOT\d\d$",
        percent=r"^(P(ACT|TSA|TSAC|CHO|BEN|PEN|PAT|PSOC|PFAM|PMINI|PLOGT))\d\d$", not_additive=r".*",
    ),
    Family(
        "caf_iris", "CAF, allocataires par IRIS au 31 décembre", "CODGEO",
        (r"CODGEO", r"A", r"ARSAS", r"AAAH", r"APPA", r"AAL"),
        level="IRIS", code_pattern=IRIS_CODE,
        id_columns=("LIBGEO", "DEPCOM", "LIBCOM", "EPCI", "UU", "REG"), blank="secret", year_rules="none",
    ),
    Family(
        "census_iris", "Recensement, bases infracommunales IRIS (base-ic)", "IRIS",
        (r"IRIS", r"[PC]\d\d_.+"),
        level="IRIS", code_pattern=IRIS_CODE,
        id_columns=("LIBIRIS", "COM", "LIBCOM", "TYP_IRIS", "REG", "DEP", "UU2010", "UU2020", "GRD_QUART", "LAB_IRIS"),
    ),
    Family(
        "qpv", "Politique de la ville, fichiers thématiques QPV (ANCT / Insee)", "CODGEO",
        (r"CODGEO",),
        level="QPV", code_pattern=QPV_CODE, id_columns=("LIBGEO", "LIB_COM", "POP_COM_QP", "POP_COM"),
        blank="secret", signed=r"^(EVOL_.*|DISP_PIMPOT.*|PIMPOT)$", percent=r"^(TX_|TP60|DISP_TP60).*$",
        not_additive=r".*", lower_case=True, year_rules="suffix",
    ),
)

FAMILY_BY_ID = {f.id: f for f in FAMILIES}


def detect_family(columns: list[str]) -> Family | None:
    """Return the first family whose signature the columns match, or None."""
    upper = [c.upper() for c in columns]
    for fam in FAMILIES:
        if fam.id == "qpv":
            continue
        if fam.matches(columns):
            return fam
    if "CODGEO" in upper and any(re.match(r"^(POP_MUN|TP60|TX_TOT_EMPL|DISP_Q2_A\d\d|DISP_MED_A\d\d)$", c) for c in upper):
        return FAMILY_BY_ID["qpv"]
    return None


def closest_family(columns: list[str]) -> tuple[Family, list[str]] | None:
    """The family whose signature the columns half match, with the signature columns missing (for the message)."""
    best = None
    for fam in FAMILIES:
        if fam.id == "qpv":
            continue
        missing = [sig for sig in fam.signature if not any(re.fullmatch(sig, c) for c in columns)]
        matched = len(fam.signature) - len(missing)
        if missing and matched >= max(2, len(fam.signature) / 2) and (best is None or matched > best[2]):
            best = (fam, missing, matched)
    return (best[0], best[1]) if best else None
