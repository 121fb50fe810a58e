"""GeoJSON rings wound the way plotly's SVG `choropleth` trace (d3-geo) reads them.

GeoJSON (RFC 7946) winds outer rings counter-clockwise; d3-geo works on the sphere and takes the
side of a ring on its left as the outside. A prefecture wound the GeoJSON way is drawn as the whole
globe minus the prefecture. Outer rings are therefore wound clockwise here and holes counter-clockwise.
"""
from __future__ import annotations


def _signed_area(ring: list) -> float:
    """Twice the planar signed area in lon/lat: positive when the ring runs counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1]))


def _wound(ring: list, clockwise: bool) -> list:
    return list(reversed(ring)) if (_signed_area(ring) < 0) != clockwise else ring


def _polygon(rings: list) -> list:
    return [_wound(ring, clockwise=(i == 0)) for i, ring in enumerate(rings)]


def for_d3(geojson: dict) -> dict:
    """A copy of a FeatureCollection of (Multi)Polygons with every ring wound for d3-geo."""
    features = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            coordinates = _polygon(geometry["coordinates"])
        elif geometry["type"] == "MultiPolygon":
            coordinates = [_polygon(polygon) for polygon in geometry["coordinates"]]
        else:
            coordinates = geometry["coordinates"]
        features.append({**feature, "geometry": {**geometry, "coordinates": coordinates}})
    return {**geojson, "features": features}
