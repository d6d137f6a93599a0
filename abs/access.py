"""Who may change data: an analyst secret configured by the administrator, never logged or shown."""
from __future__ import annotations

import hmac
import os
from collections.abc import Mapping

ENV_VAR = "ABS_ANALYST_SECRET"
SECRET_KEY = "analyst_secret"


def configured_secret(secrets: Mapping | None = None) -> str | None:
    """The analyst secret from the environment (ABS_ANALYST_SECRET) or Streamlit secrets (analyst_secret)."""
    value = os.environ.get(ENV_VAR)
    if not value and secrets is not None:
        try:
            value = secrets.get(SECRET_KEY)
        except Exception:  # Streamlit raises when no secrets file exists
            value = None
    return str(value) if value else None


def granted(candidate: str | None, secret: str | None) -> bool:
    """True when a secret is configured and the candidate matches it (constant-time comparison)."""
    if not secret or not candidate:
        return False
    return hmac.compare_digest(candidate.encode("utf-8"), secret.encode("utf-8"))
