"""The figures go to the browser as the same JSON whichever encoder plotly uses (the faster one is set)."""
import json

import pandas as pd
import plotly.io as pio
import plotly.tools

from tests.support.stores import ROOT
from workforce import bundled, metrics
from workforce.charts import maps
from workforce.i18n import Translator
from workforce.prefectures import load_prefectures


def _map_figure():
    figures = pd.read_csv(ROOT / "data" / "figures.csv", dtype=str, keep_default_na=False).astype({"value": "int64"})
    table = metrics.prefecture_metrics(figures, load_prefectures().frame, "2025-06-30")
    return maps.geographic_map(table, bundled.prefecture_shapes(), "count", "Residents", "Map", Translator("en"))


def test_the_charts_use_the_standard_json_encoder():
    assert pio.json.config.default_engine == "json"


def test_both_encoders_give_the_same_figure():
    # What st.plotly_chart does with a figure: to a dict, then to JSON.
    spec = plotly.tools.return_figure_from_figure_or_data(_map_figure(), validate_figure=True)
    as_json = json.loads(pio.to_json(spec, validate=False, engine="json"))
    assert as_json == json.loads(pio.to_json(spec, validate=False, engine="orjson"))
    # Each trace carries only its own outlines (the main map 46, Okinawa's inset 1): none is sent twice.
    assert sum(len(trace["geojson"]["features"]) for trace in as_json["data"]) == 47


def test_a_shared_figure_makes_its_dict_once_and_it_equals_plotlys():
    from workforce.views.chart_parts import SharedFigure

    figure = _map_figure()
    shared = SharedFigure(figure)
    assert shared.to_dict() is shared.to_dict()  # made once, not copied and re-encoded on every page run
    assert json.loads(pio.to_json(shared.to_dict(), validate=False)) == json.loads(figure.to_json())
    assert shared.layout.title.text == "Map"
