"""Import contours (GeoJSON, GeoPackage, shapefile in a ZIP), keep the study's, reproject to WGS84, simplify."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

from abs.errors import ImportRefused, Problem

CODE_FIELDS = ("code", "CODE_IRIS", "INSEE_COM", "INSEE_COG", "CODGEO", "code_iris", "insee")
NAME_FIELDS = ("nom", "NOM_IRIS", "NOM", "NOM_COM", "LIBGEO", "nom_iris", "name")


def import_contours(path: str | Path, level: str, scope=None, tolerance: float = 0.001, name: str | None = None) -> gpd.GeoDataFrame:
    """Read contours and return code, name, geometry in EPSG:4326 for the territories in scope."""
    path = Path(path)
    name = name or path.name
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise ImportRefused(name, [Problem("parse-error", f"contours illisibles : {exc}")]) from exc
    code = next((c for c in CODE_FIELDS if c in gdf.columns), None)
    label = next((c for c in NAME_FIELDS if c in gdf.columns), None)
    if code is None:
        raise ImportRefused(name, [Problem("missing-column", f"aucune colonne de code parmi {', '.join(CODE_FIELDS)}.")])
    if gdf.crs is None:
        raise ImportRefused(name, [Problem("no-crs", "projection non déclarée : exportez le fichier avec sa projection (.prj).")])
    gdf = gdf.rename(columns={code: "code"})
    gdf["code"] = gdf["code"].astype(str)
    pattern = {"IRIS": r"^(\d{9}|2[AB]\d{7})$", "COM": r"^(\d{5}|2[AB]\d{3})$"}.get(level)
    if pattern and not gdf["code"].str.match(pattern).all():
        bad = gdf.loc[~gdf["code"].str.match(pattern), "code"].head(3).tolist()
        raise ImportRefused(name, [Problem("bad-code", f"codes {level} attendus dans la colonne « {code} » ; lus : {', '.join(bad)}…"
                                           f" (ce ne sont pas des contours de {'IRIS' if level == 'IRIS' else 'communes'} ?).")])
    gdf["name"] = gdf[label].astype(str) if label else gdf["code"]
    if scope is not None:
        gdf = gdf[scope(level, gdf["code"]).to_numpy()]
    if gdf.empty:
        raise ImportRefused(name, [Problem("wrong-territory", "aucun contour ne concerne le territoire étudié.")])
    gdf = gdf.to_crs(4326)[["code", "name", "geometry"]]
    # About a metre of precision is plenty for a choropleth and divides the file size by three.
    gdf["geometry"] = shapely.set_precision(gdf.geometry.simplify(tolerance, preserve_topology=True).values, 1e-5)
    return gdf.sort_values("code").reset_index(drop=True)
