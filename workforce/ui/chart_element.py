"""The chart element: a Streamlit Components v2 element that draws a Plotly figure with the app's own
partial plotly.js bundle (bar, scatter, SVG choropleth; static/plotly-wf-<hash>.min.js).

Why not `st.plotly_chart`: it loads Streamlit's 4.7 MB plotly.js chunk on every chart page, and its
element id hashes the figure, so a changed figure is a new element, drawn anew (docs/BENCHMARKS.md).
Here the element is keyed by the chart's key only: a new figure reaches the same element, which
updates it with `Plotly.react`.

The JavaScript is a small loader, since inline component code is sent with every page run: it adds
the bundle once per page (a <script> from this server, cached for ever under its hashed name) and
draws. Nothing from the data becomes HTML: the figure goes to plotly.js as JSON, the text
alternative into an attribute.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import streamlit as st

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
# Served by Streamlit's static file route (server.enableStaticServing); relative to the page's URL,
# which is always one level under the app's root (/, /prefecture, …), so a base URL path works too.
STATIC_URL = "app/static/"
TOPOJSON_URL = STATIC_URL + "topojson/"

LOADER_JS = r"""
function loadPlotly(src) {
    // One window.Plotly per page: every chart element shares the same bundle and its promise.
    if (!window.__workforcePlotly) {
        window.__workforcePlotly = new Promise((resolve, reject) => {
            if (window.Plotly) { resolve(window.Plotly); return; }
            const script = document.createElement("script");
            script.src = new URL(src, document.baseURI).href;
            script.onload = () => resolve(window.Plotly);
            script.onerror = () => { window.__workforcePlotly = null; reject(new Error("chart script not loaded")); };
            document.head.appendChild(script);
        });
    }
    return window.__workforcePlotly;
}

export default function (component) {
    const { data, parentElement, setTriggerValue } = component;
    let plot = parentElement.querySelector(":scope > .workforce-chart");
    if (!plot) {
        plot = document.createElement("div");
        plot.className = "workforce-chart";
        plot.setAttribute("role", "img");
        parentElement.appendChild(plot);
    }
    plot.setAttribute("aria-label", data.alt || "");
    plot.__workforceSelect = data.selectable ? setTriggerValue : null;
    if (plot.__workforceFigure === data.figure) return;  // the same figure again: nothing to redraw
    plot.__workforceFigure = data.figure;
    const figure = JSON.parse(data.figure);
    if (figure.layout && figure.layout.height) plot.style.height = figure.layout.height + "px";  // no jump when drawn
    const config = Object.assign({ responsive: true, topojsonURL: new URL(data.topojson, document.baseURI).href },
                                 data.config);
    loadPlotly(data.bundle).then((Plotly) => {
        if (plot.__workforceFigure !== data.figure) return;  // a newer figure came while the bundle loaded
        // react keeps the element and its DOM: the first call draws, later ones update in place.
        return Plotly.react(plot, figure.data, figure.layout, config).then(() => {
            plot.dataset.drawn = String(Number(plot.dataset.drawn || 0) + 1);
            if (plot.__workforceClicks) return;
            plot.__workforceClicks = true;
            plot.on("plotly_click", (event) => {
                const select = plot.__workforceSelect;
                if (!select || !event || !event.points || !event.points.length) return;
                const point = event.points[0];
                select("select", { points: [{ customdata: point.customdata ?? null,
                                              location: point.location ?? null,
                                              curve_number: point.curveNumber,
                                              point_index: point.pointIndex ?? point.pointNumber ?? null }] });
            });
        });
    }).catch((error) => {
        plot.dataset.error = String(error && error.message || error);
    });
}
"""

CSS = ".workforce-chart { width: 100%; }"


@dataclass(frozen=True)
class Selection:
    points: list = field(default_factory=list)


@dataclass(frozen=True)
class ChartEvent:
    """What a click on the chart gave this page run: `selection.points[0]["customdata"]`, as
    `st.plotly_chart(on_select="rerun")` gives it (the pages read it that way)."""
    selection: Selection


@lru_cache(maxsize=1)
def bundle_url() -> str:
    """The URL of the one partial plotly.js bundle (its content hash in the name)."""
    found = sorted(STATIC_DIR.glob("plotly-wf-*.min.js"))
    if len(found) != 1:
        raise RuntimeError(f"expected one plotly bundle in {STATIC_DIR}, found {[p.name for p in found]}: "
                           "see scripts/plotly_bundle/README.md")
    return STATIC_URL + found[0].name


_mount = st.components.v2.component("workforce_chart", js=LOADER_JS, css=CSS, isolate_styles=False)


def draw(figure_json: str, *, key: str, config: dict, alt: str, selectable: bool,
         height: int | None = None) -> ChartEvent | None:
    """Draw a figure (its plotly JSON) in the element named `key`; with `selectable`, a click on a
    point reruns the page and returns it.

    `height` (the figure's layout height) reserves the chart's space before plotly.js has drawn it:
    without it the page below moved down once the chart appeared, and a click meant for an expander
    under a chart landed elsewhere.
    """
    data = {"figure": figure_json, "config": config, "alt": alt or "", "selectable": selectable,
            "bundle": bundle_url(), "topojson": TOPOJSON_URL}
    size = int(height) if height else "content"
    if not selectable:
        _mount(key=key, data=data, height=size)
        return None
    result = _mount(key=key, data=data, height=size, on_select_change=lambda: None)
    clicked = getattr(result, "select", None)
    return ChartEvent(Selection(list(clicked.get("points", [])) if isinstance(clicked, dict) else []))
