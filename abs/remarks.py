"""Participants' remarks recorded per issue during workshops, kept in a CSV file with time stamps."""
from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pandas as pd

from abs.errors import AbsError
from abs.paths import data_dir

COLUMNS = ["horodatage", "enjeu", "remarque"]
MAX_LENGTH = 2000


def remarks_path() -> Path:
    """data/workshop/remarks.csv."""
    return data_dir() / "workshop" / "remarks.csv"


def read_remarks(path: Path | None = None) -> pd.DataFrame:
    """All remarks, oldest first (an empty table when none were recorded)."""
    path = path or remarks_path()
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def add_remark(issue: str, text: str, path: Path | None = None, now: datetime | None = None) -> dict:
    """Append one remark; refuses an empty or over-long text with a French message."""
    text = " ".join(text.split())
    if not text:
        raise AbsError("La remarque est vide : écrivez-la avant d'enregistrer.")
    if len(text) > MAX_LENGTH:
        raise AbsError(f"La remarque dépasse {MAX_LENGTH} caractères : raccourcissez-la ou coupez-la en deux.")
    path = path or remarks_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    row = {"horodatage": (now or datetime.now()).isoformat(timespec="seconds"), "enjeu": issue, "remarque": text}
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(row)
    return row
