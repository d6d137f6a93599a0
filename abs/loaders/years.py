"""Read the vintage that INSEE writes into its column names (P22_POP, NAIS1621, MED21, BPE_2024_B105...)."""
from __future__ import annotations

import re

_INSEE_RULES = (
    (re.compile(r"^BPE_(\d{4})_"), lambda m: m.group(1)),
    (re.compile(r"^(NAIS|DECE)(\d\d)(\d\d)$"), lambda m: f"20{m.group(2)}-20{m.group(3)}"),
    (re.compile(r"^[PC](\d\d)_"), lambda m: f"20{m.group(1)}"),
    (re.compile(r"_A(\d\d)$", re.I), lambda m: f"20{m.group(1)}"),
    (re.compile(r"[A-Z](20\d\d)$"), lambda m: m.group(1)),
    (re.compile(r"^(?!Q3_Q1$)[A-Z][A-Z0-9_]*?(\d\d)$"), lambda m: f"20{m.group(1)}"),
)
_HISTORIC = (re.compile(r"^D(\d\d)_"), lambda m: f"{19 if int(m.group(1)) > 50 else 20}{m.group(1)}")
RULES = {
    "insee": _INSEE_RULES,
    "historique": (_HISTORIC, *_INSEE_RULES),
    "suffix": (_INSEE_RULES[3],),
    "none": (),
}


def column_year(name: str, default: str | None, rules: str = "insee") -> str | None:
    """Return the year (or period such as '2016-2021') encoded in a column name, else `default`."""
    for pattern, year in RULES[rules]:
        m = pattern.search(name)
        if m:
            return year(m)
    return default
