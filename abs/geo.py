"""Contour outlines prepared once for drawing: per territory, x/y arrays with NaN between rings."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from abs.snapshot import load_contours
from abs.versions import current_dir


@dataclass(frozen=True)
class Outlines:
    """Ring coordinates per code (x already scaled by cos(latitude) so the map keeps its shape)."""

    rings: dict[str, tuple[np.ndarray, np.ndarray]]
    names: dict[str, str]
    label_x: np.ndarray
    label_y: np.ndarray
    codes: tuple[str, ...]


def prepare(shapes) -> Outlines:
    """Turn a GeoDataFrame (code, name, geometry in WGS84) into drawable outlines."""
    kx = math.cos(math.radians(shapes.geometry.union_all().centroid.y))
    rings = {}
    for code, geom in zip(shapes["code"], shapes.geometry):
        xs, ys = [], []
        for poly in getattr(geom, "geoms", [geom]):
            x, y = poly.exterior.xy
            xs += [np.asarray(x) * kx, [np.nan]]
            ys += [np.asarray(y), [np.nan]]
        rings[code] = (np.concatenate(xs), np.concatenate(ys))
    points = shapes.geometry.representative_point()
    return Outlines(rings, dict(zip(shapes["code"], shapes["name"])), points.x.to_numpy() * kx, points.y.to_numpy(),
                    tuple(shapes["code"]))


@lru_cache(maxsize=8)
def _outlines(level: str, version_dir: str) -> Outlines | None:
    shapes = load_contours(level, Path(version_dir))
    return prepare(shapes) if shapes is not None else None


def outlines(level: str) -> Outlines | None:
    """The prepared outlines of a level (COM, IRIS) of the active version, or None when none were imported (cached)."""
    return _outlines(level, str(current_dir()))
