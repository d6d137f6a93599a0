"""Where the project's data files live (overridable with ABS_DATA_DIR, e.g. for tests)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding the shipped data (`data/` unless ABS_DATA_DIR says otherwise)."""
    return Path(os.environ.get("ABS_DATA_DIR", ROOT / "data"))
