"""Read INSEE-style CSV files as published: any separator, encoding, BOM, decimal commas, markers."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from abs.errors import ImportRefused, Problem

SECRET_MARKERS = frozenset({"s", "S", "secret", "c"})
MISSING_MARKERS = frozenset({"nd", "ND", "n.d.", "na", "NA", "n/a", "-", ""})
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def decode_as(raw: bytes, name: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), falling back to Windows-1252/latin-1; returns (text, encoding)."""
    if not raw[:4096].strip() and not raw.strip():
        raise ImportRefused(name, [Problem("empty-file", "le fichier est vide.")])
    if b"\x00" in raw[:4096]:
        raise ImportRefused(name, [Problem("not-text", "le fichier n'est pas un fichier texte (CSV) : contenu binaire.")])
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def decode(raw: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), falling back to Windows-1252/latin-1."""
    return decode_as(raw, name)[0]


def first_line(raw: bytes, name: str) -> str:
    """The header line of raw CSV bytes, decoded like the whole file would be."""
    end = raw.find(b"\n")
    return decode(raw if end < 0 else raw[:end + 1], name)


def sniff_separator(header: str) -> str:
    """Return the most frequent of `;`, `,`, tab and `|` in the header line (outside quotes)."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {sep: unquoted.count(sep) for sep in (";", ",", "\t", "|")}
    sep, n = max(counts.items(), key=lambda kv: kv[1])
    return sep if n else ";"


def read_text_table(text: str, name: str) -> pd.DataFrame:
    """Parse CSV text into a DataFrame of strings; drop unnamed and trailing empty columns."""
    header = text.split("\n", 1)[0].lstrip("\ufeff")
    sep = sniff_separator(header)
    try:
        df = pd.read_csv(
            io.StringIO(text.lstrip("\ufeff")), sep=sep, dtype=str, keep_default_na=False,
            na_filter=False, quoting=csv.QUOTE_MINIMAL, skipinitialspace=False, engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        message = (f"ligne {m.group(2)} : {m.group(3)} champs au lieu de {m.group(1)} (séparateur dans une valeur, ou ligne abîmée)."
                   if m else f"lecture CSV impossible : le fichier n'est pas un tableau CSV valide ({type(exc).__name__}).")
        raise ImportRefused(name, [Problem("parse-error", message)]) from exc
    df.columns = [str(c).strip().strip('"') for c in df.columns]
    unnamed = [c for c in df.columns if c == "" or c.startswith("Unnamed:")]
    return df.drop(columns=unnamed)


def read_table(path: str | Path, name: str | None = None) -> pd.DataFrame:
    """Read one CSV file from disk into a DataFrame of strings."""
    path = Path(path)
    return read_text_table(decode(path.read_bytes(), name or path.name), name or path.name)


def read_with_columns(path: str | Path, required: list[str], name: str | None = None) -> tuple[pd.DataFrame, str]:
    """Read a CSV and refuse it, naming each one, when required columns are absent; returns (table, name)."""
    path = Path(path)
    name = name or path.name
    df = read_table(path, name)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ImportRefused(name, [Problem("missing-column", f"colonne obligatoire absente : « {c} ».", c) for c in missing])
    return df, name


def header_of(text: str) -> tuple[str, list[str]]:
    """The separator and the column names (trimmed) of CSV text."""
    end = text.find("\n")
    line = (text if end < 0 else text[:end]).lstrip("\ufeff").rstrip("\r")
    sep = sniff_separator(line)
    names = next(csv.reader([line], delimiter=sep))
    return sep, [n.strip() for n in names]


def read_rows(raw: bytes, name: str, code_column: str, keep=None) -> tuple[pd.DataFrame, pd.Series]:
    """Read a (possibly national) CSV with pyarrow, all cells as text, and keep only the rows `keep` selects.

    Returns the kept rows and the whole code column (codes are checked on every row). Reading with
    pyarrow and filtering before building a DataFrame keeps a 50 000-row file fast and small.
    """
    import pyarrow as pa
    import pyarrow.csv as pc
    if b"\x00" in raw[:4096]:
        raise ImportRefused(name, [Problem("not-text", "le fichier n'est pas un fichier texte (CSV) : contenu binaire.")])
    sep, names = header_of(first_line(raw, name))
    columns = [f"c{i}" for i in range(len(names))]

    def parse(data: bytes):
        return pc.read_csv(io.BytesIO(data), read_options=pc.ReadOptions(column_names=columns, skip_rows=1),
                           parse_options=pc.ParseOptions(delimiter=sep),
                           convert_options=pc.ConvertOptions(column_types={c: pa.string() for c in columns},
                                                             strings_can_be_null=False, quoted_strings_can_be_null=False))
    try:
        # pyarrow checks the UTF-8 itself; only a file that is not UTF-8 is decoded as Windows-1252 and re-encoded.
        table = parse(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    except pa.ArrowInvalid as exc:
        if "utf8" not in str(exc).lower():
            read_text_table(decode(raw, name), name)  # the pandas reader says which line is wrong, in French
            raise
        text = decode(raw, name)
        try:
            table = parse(text.encode("utf-8"))
        except pa.ArrowInvalid:
            read_text_table(text, name)
            raise
    named = dict(zip(columns, names))
    kept_cols = [c for c in columns if named[c] and not named[c].startswith("Unnamed:")]
    code_idx = [c for c in kept_cols if named[c] == code_column]
    if not code_idx:
        return pd.DataFrame(columns=[named[c] for c in kept_cols]), pd.Series(dtype=str)
    codes = table.column(code_idx[0]).to_pandas().str.strip()
    mask = np.asarray(keep(codes), dtype=bool) if keep is not None else np.ones(len(codes), dtype=bool)
    frame = table.filter(pa.array(mask)).select(kept_cols).to_pandas()
    frame.columns = [named[c] for c in kept_cols]
    frame.index = np.flatnonzero(mask)  # the row numbers of the file, for the messages (line = index + 2)
    return frame, codes


def parse_values(col: pd.Series, blank: str = "missing") -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """Parse one column of published figures.

    Returns (values, status, bad) where status is 'ok', 'secret' or 'missing' per cell and `bad`
    holds the cells that are neither a number nor a known marker (for the error report).
    """
    s = col.astype(str).str.strip()
    cleaned = s.str.replace(_SPACES, "", regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype="float64")
    is_num = ~np.isnan(values)
    is_secret = s.isin(SECRET_MARKERS).to_numpy()
    is_blank = (s == "").to_numpy()
    is_missing = s.isin(MISSING_MARKERS).to_numpy() & ~is_blank
    if blank == "secret":
        is_secret = is_secret | is_blank
    else:
        is_missing = is_missing | is_blank
    status = np.where(is_num, "ok", np.where(is_secret, "secret", np.where(is_missing, "missing", "bad")))
    bad = s[status == "bad"]
    return values, status, bad
