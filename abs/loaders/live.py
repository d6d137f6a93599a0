"""Live refresh from INSEE's MELODI API through pynsee.melodi, with the failures pynsee hides made loud.

pynsee retries for minutes when the network is down, sleeps and retries forever on HTTP 429, and
can return NaN without raising. So: a short pre-flight request first (an offline machine answers in
seconds), our own count of calls against the 30-per-minute limit, and a check of every result.
pynsee's cache lives in the app's own folder (data/cache/pynsee).
"""
from __future__ import annotations

import os
import re
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import requests
import yaml

from abs.errors import AbsError
from abs.paths import data_dir

PREFLIGHT_TIMEOUT = (2.0, 3.0)
_CALLS: deque = deque()
_GEO = re.compile(r"(?:\d{4}-)?(COM|DEP|REG|EPCI|FRANCE|FE|FRM)(?:[-_](\w+))?$")


class LiveError(AbsError):
    """The live refresh could not get a valid answer; the message says why and what to do."""


@dataclass
class LiveResult:
    """Observations fetched live, and the record of the calls made (for the version's build record)."""

    observations: pd.DataFrame
    calls: list[dict]
    dataset: dict


def load_live_spec() -> dict:
    """Read data/live.yaml."""
    return yaml.safe_load((data_dir() / "live.yaml").read_text(encoding="utf-8"))


def _cache_home() -> None:
    """Point pynsee's cache at data/cache (pynsee 0.3 remembers its folder after the first call: forget it)."""
    folder = data_dir() / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(folder)
    from pynsee.utils._create_insee_folder import _create_insee_folder
    _create_insee_folder.cache_clear()


def _take_call(limit: int, now: float | None = None) -> None:
    now = time.monotonic() if now is None else now
    while _CALLS and now - _CALLS[0] > 60:
        _CALLS.popleft()
    if len(_CALLS) >= limit:
        wait = int(60 - (now - _CALLS[0])) + 1
        raise LiveError(f"Limite de l'Insee atteinte ({limit} requêtes par minute) : réessayez dans {wait} secondes.")
    _CALLS.append(now)


def preflight(url: str, limit: int) -> None:
    """One short request before pynsee: unreachable, rate-limited or failing API -> LiveError within seconds."""
    _take_call(limit)
    try:
        r = requests.get(url, headers={"Accept": "application/json"}, timeout=PREFLIGHT_TIMEOUT)
    except requests.exceptions.Timeout as exc:
        raise LiveError("L'API de l'Insee ne répond pas (délai dépassé) : réessayez plus tard ou importez les fichiers.") from exc
    except requests.exceptions.RequestException as exc:
        raise LiveError("L'API de l'Insee est injoignable depuis cette machine (pas de réseau ?) : importez plutôt "
                        "les fichiers téléchargés sur insee.fr.") from exc
    if r.status_code == 429:
        raise LiveError(f"L'Insee limite les requêtes ({limit} par minute) : réessayez dans une minute.")
    if r.status_code >= 500:
        raise LiveError(f"L'API de l'Insee est en panne (erreur {r.status_code}) : réessayez plus tard.")
    if r.status_code >= 400:
        raise LiveError(f"L'API de l'Insee refuse la requête (erreur {r.status_code}) : vérifiez data/live.yaml.")


def _geo(value: str) -> tuple[str, str] | None:
    m = _GEO.search(str(value))
    if not m:
        return None
    level, code = m.group(1), m.group(2) or ""
    return ("FR", "FR") if level in {"FRANCE", "FE"} else ("FRM", "FRM") if level == "FRM" else (level, code)


def to_observations(frame: pd.DataFrame, spec: dict, wanted: dict[str, set[str]]) -> pd.DataFrame:
    """Keep the rows matching the spec and the study's territories, as snapshot observations; refuse NaN answers."""
    if frame is None or frame.empty:
        raise LiveError(f"Réponse vide de l'Insee pour {spec['id']} : aucune observation.")
    measures = [c for c in frame.columns if c.startswith("OBS_VALUE")]
    missing = [k for k in ("GEO", "TIME_PERIOD", *spec.get("match", {})) if k not in frame.columns]
    if not measures or missing:
        raise LiveError(f"Réponse inattendue pour {spec['id']} : colonnes absentes {missing or ['OBS_VALUE…']} ; vérifiez data/live.yaml.")
    rows = frame
    for dim, code in spec.get("match", {}).items():
        rows = rows[rows[dim].astype(str) == str(code)]
    if rows.empty:
        raise LiveError(f"La réponse de l'Insee ne contient pas la mesure attendue ({spec.get('match')}) : vérifiez data/live.yaml.")
    geo = rows["GEO"].map(_geo)
    keep = geo.map(lambda g: g is not None and g[0] in wanted and (g[1] in wanted[g[0]] or not wanted[g[0]]))
    rows, geo = rows[keep.to_numpy()], geo[keep.to_numpy()]
    if rows.empty:
        raise LiveError(f"La réponse de l'Insee ne concerne aucun territoire étudié pour {spec['id']}.")
    values = pd.to_numeric(rows[measures[0]], errors="coerce").to_numpy(dtype="float64")
    if np.isnan(values).all():
        raise LiveError(f"L'Insee a renvoyé des valeurs vides (NaN) pour {spec['id']} : la requête a probablement échoué ; "
                        "rien n'a été importé.")
    return pd.DataFrame({"level": [g[0] for g in geo], "code": [g[1] for g in geo], "variable": spec["variable"],
                         "year": rows["TIME_PERIOD"].astype(str).str[:4].to_numpy(),
                         "value": values, "status": np.where(np.isnan(values), "missing", "ok")})


def study_geography(engine) -> dict[str, set[str]]:
    """The territories a live answer may bring: the département's communes, the references, France."""
    s, g = engine.study, engine.snapshot.geography
    return {"COM": set(g.loc[g["level"] == "COM", "code"]), "DEP": {s.departement.code}, "REG": {s.region.code},
            "EPCI": {s.epci.code}, "FR": {"FR"}, "FRM": {"FRM"}}


def fetch(dataset_id: str, geo_codes: dict[str, set[str]], filters: dict | None = None) -> LiveResult:
    """Fetch one dataset of data/live.yaml for the study's territories; LiveError with a French message otherwise."""
    live = load_live_spec()
    spec = next((d for d in live["datasets"] if d["id"] == dataset_id), None)
    if spec is None:
        raise LiveError(f"Jeu de données « {dataset_id} » non déclaré dans data/live.yaml.")
    filters = dict(filters or {})
    url = f"{live['base_url']}/data/{dataset_id}?{urlencode({**filters, 'totalCount': True, 'maxResult': 0, 'page': 1})}"
    preflight(url, int(live.get("rate_limit_per_minute", 30)))
    _cache_home()
    _take_call(int(live.get("rate_limit_per_minute", 30)))
    from pynsee.melodi import get_dataset
    try:
        frame = get_dataset(dataset_id, update=True, silent=True, **{k.lower(): v for k, v in filters.items()})
    except (requests.exceptions.RequestException, ValueError, KeyError) as exc:
        raise LiveError(f"L'Insee n'a pas fourni {dataset_id} ({type(exc).__name__}) : réessayez plus tard ou importez les fichiers.") from exc
    wanted = {lvl: codes for lvl, codes in geo_codes.items() if lvl in spec.get("levels", [])}
    obs = to_observations(frame, spec, wanted)
    calls = [{"api": "MELODI (pynsee.melodi.get_dataset)", "dataset": dataset_id, "filters": filters,
              "at": datetime.now().isoformat(timespec="seconds"), "rows": len(obs)}]
    return LiveResult(obs, calls, spec)
