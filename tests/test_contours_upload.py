"""Uploaded IRIS contours: reprojected to WGS84, refused without a projection or with commune codes."""
from __future__ import annotations

import io
import zipfile

import geopandas as gpd
import pytest

from abs.errors import ImportRefused
from abs.refresh import build_candidate, read_upload


@pytest.fixture()
def data(private_data):
    """The private copy of data/ the test may change."""
    return private_data


def shapefile_zip(raw, tmp_path, with_prj: bool) -> bytes:
    """The real Aurillac commune polygon, in Lambert-93, labelled as one IRIS (test fixture only)."""
    gdf = gpd.read_file(raw / "geo_commune-15014-aurillac.geojson").to_crs(2154)
    gdf = gdf.assign(CODE_IRIS="150140101", NOM_IRIS="République")[["CODE_IRIS", "NOM_IRIS", "geometry"]]
    gdf.to_file(tmp_path / "CONTOURS-IRIS.shp")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for ext in ("shp", "shx", "dbf", "cpg") + (("prj",) if with_prj else ()):
            if (tmp_path / f"CONTOURS-IRIS.{ext}").exists():
                z.write(tmp_path / f"CONTOURS-IRIS.{ext}", f"CONTOURS-IRIS_3-0/CONTOURS-IRIS.{ext}")
    return out.getvalue()


def test_zipped_shapefile_is_reprojected_and_becomes_the_iris_map(raw, tmp_path, data):
    items = read_upload("CONTOURS-IRIS_2-1.zip", shapefile_zip(raw, tmp_path, with_prj=True))
    assert [i.report() for i in items] == [{"fichier": "CONTOURS-IRIS_2-1.zip", "famille": "Contours IRIS (IGN)", "millésime": "",
                                            "niveaux": "IRIS", "lignes lues": 1, "lignes gardées": 1}]
    gdf = items[0].contours
    assert gdf.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = gdf.total_bounds
    assert 2.3 < minx < maxx < 2.6 and 44.8 < miny < maxy < 45.0
    from abs.versions import switch
    version = build_candidate(items)
    switch(version)
    from abs.geo import outlines
    assert set(outlines("IRIS").rings) == {"150140101"} and set(outlines("COM").rings) >= {"15014"}


def test_shapefile_without_projection_is_refused(raw, tmp_path):
    with pytest.raises(ImportRefused) as err:
        read_upload("contours.zip", shapefile_zip(raw, tmp_path, with_prj=False))
    assert [p.message for p in err.value.problems] == [
        "projection non déclarée : exportez le fichier avec sa projection (.prj)."]


def test_commune_contours_offered_as_iris_are_refused(raw):
    with pytest.raises(ImportRefused) as err:
        read_upload("iris.geojson", (raw / "geo_commune-15014-aurillac.geojson").read_bytes())
    assert [p.message for p in err.value.problems] == [
        "codes IRIS attendus dans la colonne « code » ; lus : 15014… (ce ne sont pas des contours de IRIS ?)."]
