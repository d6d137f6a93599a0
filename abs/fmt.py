"""French number formatting: 26 189, 16,0 %, 21 860 €, with no-break spaces so figures never wrap."""
from __future__ import annotations

import math

NBSP = "\u00a0"
_UNIT_SUFFIX = {"%": f"{NBSP}%", "€": f"{NBSP}€", "‰": f"{NBSP}‰", "% par an": f"{NBSP}% par an"}


def number(value: float | None, decimals: int = 0, signed: bool = False) -> str:
    """Format a number the French way ('26 189', '16,0', '-1 274'); None or NaN gives 'nd'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "nd"
    text = f"{value:{'+' if signed else ''},.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return text.replace("-", "−") if text.startswith("-") else text


def with_unit(value: float | None, unit: str, decimals: int, signed: bool = False) -> str:
    """A number followed by its unit when the unit is a symbol: '16,0 %', '21 860 €', '0,15 % par an'."""
    text = number(value, decimals, signed)
    if text == "nd":
        return text
    return text + _UNIT_SUFFIX.get(unit, "")
