"""Shared fixtures: the raw extracts beside the repository and the shipped snapshot."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from abs.cache import clear_all
from abs.engine import default_engine
from abs.paths import data_dir
from abs.territory import Territory

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT.parent / "shared" / "insee-raw"


@pytest.fixture(scope="session")
def raw() -> Path:
    """The real INSEE/CAF extracts (../shared/insee-raw); the tests need them, they never skip."""
    assert RAW.is_dir(), f"raw extracts not found at {RAW}"
    return RAW


@pytest.fixture(scope="session")
def engine():
    """The indicator engine on the shipped snapshot."""
    return default_engine()


@pytest.fixture(scope="session")
def places(engine):
    """The territories most tests talk about."""
    study = engine.study
    return {
        "aurillac": study.commune, "cantal": study.departement, "caba": study.epci, "ara": study.region,
        "frm": Territory("FRM", "FRM", "France métropolitaine"), "marmiers": study.neighbourhood("marmiers"),
        "alc": study.neighbourhood("alc"), "cap_blanc": study.neighbourhood("cap_blanc"),
        "iris_marmiers": Territory("IRIS", "150140111", "Marmiers"), "qpv": study.qpv[0],
    }


@pytest.fixture()
def private_data(tmp_path, monkeypatch):
    """A private copy of data/ (without the registry's JSON copy) that the library and the app use for one test."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns("cache"))
    monkeypatch.setenv("ABS_DATA_DIR", str(folder))
    clear_all()
    yield folder
    clear_all()
