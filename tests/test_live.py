"""Live refresh through pynsee.melodi, on recorded-style responses (no network): success, 429, 500, timeout, NaN."""
from __future__ import annotations


import pytest
import requests
import responses

from abs.loaders import live
from abs.loaders.live import LiveError, fetch

URL = "https://api.insee.fr/melodi/data/DS_POPULATIONS_REFERENCE"
META = {"title": {"fr": "Populations de référence", "en": "Reference populations"}, "identifier": "DS_POPULATIONS_REFERENCE",
        "publisher": {"id": "INSEE", "label": [{"lang": "fr", "content": "Institut national de la statistique et des études économiques"}]}}
# Figures of the real extracts: legal populations 2022 of Aurillac and Allanche, Cantal's 2022 total,
# metropolitan France's RP2021 population (PROVENANCE, sum of communes and arrondissements).
OBSERVATIONS = [
    {"dimensions": {"GEO": "2025-COM-15014", "TIME_PERIOD": "2022", "POPREF_MEASURE": "PMUN"}, "attributes": {"OBS_STATUS": "A"},
     "measures": {"OBS_VALUE_NIVEAU": {"value": 26189}}},
    {"dimensions": {"GEO": "2025-COM-15001", "TIME_PERIOD": "2022", "POPREF_MEASURE": "PMUN"}, "attributes": {"OBS_STATUS": "A"},
     "measures": {"OBS_VALUE_NIVEAU": {"value": 783}}},
    {"dimensions": {"GEO": "2025-DEP-15", "TIME_PERIOD": "2022", "POPREF_MEASURE": "PMUN"}, "attributes": {"OBS_STATUS": "A"},
     "measures": {"OBS_VALUE_NIVEAU": {"value": 144399}}},
    {"dimensions": {"GEO": "FRM", "TIME_PERIOD": "2021", "POPREF_MEASURE": "PMUN"}, "attributes": {"OBS_STATUS": "A"},
     "measures": {"OBS_VALUE_NIVEAU": {"value": 65503471}}},
    {"dimensions": {"GEO": "2025-COM-63113", "TIME_PERIOD": "2022", "POPREF_MEASURE": "PMUN"}, "attributes": {"OBS_STATUS": "A"},
     "measures": {"OBS_VALUE_NIVEAU": {"value": 1}}},
]
GEO = {"COM": {"15014", "15001"}, "DEP": {"15"}, "REG": {"84"}, "FR": {"FR"}, "FRM": {"FRM"}}


@pytest.fixture(autouse=True)
def fresh(private_data, tmp_path, monkeypatch):
    """pynsee's cache and the rate counter start empty, inside a private copy of data/."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    live._CALLS.clear()
    return private_data


def page(observations, count=None):
    return {**META, "paging": {"count": len(observations) if count is None else count, "isLast": True}, "observations": observations}


def serve(observations):
    """The three answers a fetch reads: our pre-flight count, pynsee's count, then the page."""
    responses.get(URL, json=page([], count=len(observations)))
    responses.get(URL, json=page([], count=len(observations)))
    responses.get(URL, json=page(observations))


@responses.activate
def test_success_gives_observations_and_a_call_record():
    serve(OBSERVATIONS)
    result = fetch("DS_POPULATIONS_REFERENCE", GEO)
    assert result.observations.sort_values("code").values.tolist() == [
        ["DEP", "15", "PMUN", "2022", 144399.0, "ok"], ["COM", "15001", "PMUN", "2022", 783.0, "ok"],
        ["COM", "15014", "PMUN", "2022", 26189.0, "ok"], ["FRM", "FRM", "PMUN", "2021", 65503471.0, "ok"]]
    assert result.calls[0]["dataset"] == "DS_POPULATIONS_REFERENCE" and result.calls[0]["rows"] == 4
    assert all(c.request.url.startswith(URL) for c in responses.calls)


@pytest.mark.parametrize("answer,message", [
    ({"status": 429}, "L'Insee limite les requêtes (30 par minute) : réessayez dans une minute."),
    ({"status": 500}, "L'API de l'Insee est en panne (erreur 500) : réessayez plus tard."),
    ({"body": requests.exceptions.ConnectTimeout("timed out")},
     "L'API de l'Insee ne répond pas (délai dépassé) : réessayez plus tard ou importez les fichiers."),
    ({"body": requests.exceptions.ConnectionError("Name or service not known")},
     "L'API de l'Insee est injoignable depuis cette machine (pas de réseau ?) : importez plutôt les fichiers téléchargés sur insee.fr."),
], ids=["429", "500", "timeout", "offline"])
@responses.activate
def test_failures_are_reported_by_the_preflight_alone(answer, message):
    """One short request answers: pynsee (which would retry for minutes, or sleep on 429) is never reached."""
    responses.get(URL, **answer)
    with pytest.raises(LiveError) as err:
        fetch("DS_POPULATIONS_REFERENCE", GEO)
    assert str(err.value) == message
    assert len(responses.calls) == 1
    assert sum(responses.calls[0].request.req_kwargs["timeout"]) <= 5


@responses.activate
def test_nan_answer_is_refused():
    empty = [{**o, "measures": {"OBS_VALUE_NIVEAU": {"value": None}}} for o in OBSERVATIONS]
    serve(empty)
    with pytest.raises(LiveError) as err:
        fetch("DS_POPULATIONS_REFERENCE", GEO)
    assert str(err.value).startswith("L'Insee a renvoyé des valeurs vides (NaN) pour DS_POPULATIONS_REFERENCE")


@responses.activate
def test_answer_without_the_expected_measure_is_refused():
    other = [{**o, "dimensions": {**o["dimensions"], "POPREF_MEASURE": "PTOT"}} for o in OBSERVATIONS]
    serve(other)
    with pytest.raises(LiveError) as err:
        fetch("DS_POPULATIONS_REFERENCE", GEO)
    assert "ne contient pas la mesure attendue" in str(err.value)


def test_own_rate_limit_refuses_the_31st_call():
    for i in range(30):
        live._take_call(30, now=100.0 + i)
    with pytest.raises(LiveError) as err:
        live._take_call(30, now=130.0)
    assert str(err.value) == "Limite de l'Insee atteinte (30 requêtes par minute) : réessayez dans 31 secondes."
    live._take_call(30, now=161.0)


@responses.activate
def test_pynsee_cache_is_kept_in_the_app_folder(private_data):
    serve(OBSERVATIONS)
    fetch("DS_POPULATIONS_REFERENCE", GEO)
    assert any((private_data / "cache").rglob("*")), "pynsee wrote no cache in data/cache"


@responses.activate
def test_live_result_becomes_a_candidate_version_with_its_calls(private_data):
    import json
    from abs.refresh import build_candidate, from_live
    from abs.versions import current_id, root
    serve(OBSERVATIONS)
    result = fetch("DS_POPULATIONS_REFERENCE", GEO)
    before = current_id()
    version = build_candidate([from_live(result)], api_calls=result.calls)
    built = json.loads((root() / version / "build.json").read_text(encoding="utf-8"))
    assert current_id() == before and built["api_calls"][0]["dataset"] == "DS_POPULATIONS_REFERENCE"
