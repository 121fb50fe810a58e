"""Prefecture outlines wound for plotly's SVG choropleth (d3-geo): outer rings clockwise, holes not."""
from workforce import bundled
from workforce.charts import rings


def _signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))


def _polygons(geojson):
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        yield from ([geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"])


def test_outer_rings_clockwise_and_holes_counter_clockwise():
    wound = rings.for_d3(bundled.prefecture_shapes())
    polygons = list(_polygons(wound))
    assert len(polygons) >= 47
    assert all(_signed_area(polygon[0]) < 0 for polygon in polygons)
    holes = [ring for polygon in polygons for ring in polygon[1:]]
    assert holes and all(_signed_area(ring) > 0 for ring in holes)


def test_rewinding_leaves_the_bundled_shapes_and_the_properties_alone():
    shapes = bundled.prefecture_shapes()
    before = [f["geometry"]["coordinates"][:1] for f in shapes["features"]]
    wound = rings.for_d3(shapes)
    assert [f["geometry"]["coordinates"][:1] for f in shapes["features"]] == before  # shared, never changed
    assert [f["properties"] for f in wound["features"]] == [f["properties"] for f in shapes["features"]]
    assert rings.for_d3(wound) == wound  # already wound: unchanged
