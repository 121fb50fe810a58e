"""Build ``data/prefectures.geojson``: simplified outlines of Japan's 47 prefectures.

Source and licence
    Outlines come from the PyPI package ``japanmap`` (Saito Tsutomu,
    https://github.com/SaitoTsutomu/japanmap, Apache-2.0), which derives them
    from 国土数値情報 (National Land Numerical Information, MLIT).
    japanmap stores one ring per prefecture: the main landmass containing the
    prefectural office, so outlying islands (Sado, Izu/Ogasawara, Amami,
    Sakishima, ...) are not included.

Why a generated file
    The dashboard reads this static GeoJSON so that it never imports japanmap,
    which pulls in opencv. japanmap and shapely are only needed to rerun this
    script:  python scripts/build_shapes.py  (from the repository root).
"""

import csv
import json
from pathlib import Path

import japanmap
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.validation import make_valid

OUT = Path("data/prefectures.geojson")
PREFECTURES = Path("data/curated/prefectures.csv")  # codes and English names
# Douglas-Peucker tolerance in degrees (~1 km). japanmap is already generalised, so this
# mostly trims near-collinear points and neighbouring borders stay aligned; 0.02 would
# halve the file but open gaps of up to ~2 km between neighbours.
TOLERANCE = 0.01
GRID = 0.001  # output coordinate precision, degrees (3 decimals)
MIN_PART_AREA = 1e-4  # square degrees (~1 km²); drops slivers left by self-touching source rings
MAX_BYTES = 150_000
ATTRIBUTION = (
    "Prefecture outlines: japanmap (https://github.com/SaitoTsutomu/japanmap, "
    "Apache-2.0), derived from 国土数値情報 (National Land Numerical Information), "
    "MLIT Japan. Main landmass of each prefecture only; simplified by "
    "scripts/build_shapes.py."
)


def clean(ring: list) -> MultiPolygon:
    """Turn one japanmap ring into a valid, simplified, CCW (Multi)Polygon on a 0.001° grid."""
    geom = make_valid(Polygon(ring))  # a few source rings touch themselves
    geom = MultiPolygon([p for p in shapely.get_parts(geom) if isinstance(p, Polygon)])
    geom = geom.simplify(TOLERANCE, preserve_topology=True)
    geom = shapely.set_precision(geom, GRID)  # snaps to the grid and keeps the result valid
    parts = [p for p in shapely.get_parts(geom) if isinstance(p, Polygon)]
    parts = [p for p in parts if p.area >= MIN_PART_AREA]
    return MultiPolygon([orient(p) for p in parts])  # RFC 7946: exteriors counter-clockwise


def rounded(coords):
    """Round nested coordinate sequences to 3 decimals (removes float noise after snapping)."""
    if isinstance(coords[0], (int, float)):
        return [round(c, 3) for c in coords]
    return [rounded(c) for c in coords]


def to_feature(code: str, name_en: str, geom: MultiPolygon) -> dict:
    """GeoJSON feature with the zero-padded JIS code as id; single parts stay Polygons."""
    if len(geom.geoms) == 1:
        geom = geom.geoms[0]
    geometry = mapping(geom)
    return {
        "type": "Feature",
        "id": code,
        "properties": {"prefecture_code": code, "name_en": name_en},
        "geometry": {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])},
    }


def main() -> None:
    """Build all 47 features (JIS order), check them, and write compact JSON."""
    with PREFECTURES.open(encoding="utf-8") as f:
        prefs = list(csv.DictReader(f))
    rings = japanmap.pref_points(japanmap.get_data())  # true positions: nothing moved
    features = []
    for i, (ring, pref) in enumerate(zip(rings, prefs, strict=True), start=1):
        if pref["name_ja"] != japanmap.pref_names[i]:
            raise ValueError(f"{PREFECTURES} row {i} ({pref['name_ja']}) is out of JIS order")
        name_en = pref["name_en"]
        feature = to_feature(pref["prefecture_code"], name_en, clean(ring))
        check = shape(feature["geometry"])
        if check.is_empty or not check.is_valid:
            raise ValueError(f"bad geometry for {feature['id']} {name_en}")
        features.append(feature)

    collection = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text, encoding="utf-8")
    size = OUT.stat().st_size
    print(f"wrote {OUT}: {len(features)} features, {size:,} bytes ({size / 1024:.1f} KiB)")
    if size > MAX_BYTES:
        raise SystemExit(f"{OUT} exceeds {MAX_BYTES:,} bytes; raise TOLERANCE")


if __name__ == "__main__":
    main()
