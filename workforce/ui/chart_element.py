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

// Fitting a chart to a narrow column (a 390 px phone): plotly.js neither wraps a title or a legend entry
// nor keeps the title clear of its toolbar (the modebar, top right). So, once drawn, a title that would run
// under the modebar or past the edge is wrapped onto lines below the modebar; a legend entry wider than the
// chart is wrapped; crowded category labels are thinned; and the chart grows taller by what the wrapped text
// takes, so the plot itself keeps its size. The figure as sent stays the reference: a wider screen undoes it.
const CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef";
const TOKEN = new RegExp(`[${CJK}][、。，）」』】]*|[^\\s${CJK}]+\\s*|\\s+`, "g");
const LINE_SPACING = 1.3;   // plotly.js's own, for multi-line text
const MIN_PLOT_SHARE = 0.45;  // the plot area keeps at least this share of the figure's height as sent
const MIN_CATEGORY_PX = 24;   // the least room along the axis an angled category label is given

function textWidth(text, font) {
    const canvas = textWidth.canvas || (textWidth.canvas = document.createElement("canvas"));
    const context = canvas.getContext("2d");
    context.font = `${font.size}px ${font.family}`;
    return context.measureText(text.replace(/<[^>]*>/g, "")).width;
}

function wrapText(text, width, font) {
    // Words stay whole; Japanese may break between any two characters. Existing <br> breaks are kept.
    const lines = [];
    for (const part of String(text).split(/<br\s*\/?>/i)) {
        let line = "";
        for (const token of part.match(TOKEN) || [part]) {
            if (line.trim() && textWidth((line + token).trimEnd(), font) > width) {
                lines.push(line.trimEnd());
                line = token.trimStart();
            } else {
                line += token;
            }
        }
        lines.push(line.trimEnd());
    }
    return lines;
}

function resizeTo(plot, height, sent) {
    // Streamlit fixed the element's height at the figure's (so nothing moves while it loads); a chart
    // fitted to another height takes its element with it, up to the element's own container, and a chart
    // back at its sent height gives the element back to Streamlit.
    plot.style.height = height + "px";
    for (let node = plot.parentElement; node && node !== document.body; node = node.parentElement) {
        node.style.height = node.style.flexBasis = height !== sent ? height + "px" : "";  // the container is a flex item
        if (node.dataset.testid === "stElementContainer") break;
    }
}

function mapSlack(plot) {
    // A map keeps its shape (the geographic one, or the tile grid's square tiles): in a narrow column it is
    // shorter than the room the figure gives it, and the rest would be empty space under Japan.
    const full = plot._fullLayout;
    const frame = plot.querySelector(".geolayer > g:first-child > .bg");
    if (full.geo && frame) {
        return Math.floor(full._size.h * (full.geo.domain.y[1] - full.geo.domain.y[0]) - frame.getBoundingClientRect().height);
    }
    if (full.yaxis && full.yaxis.scaleanchor === "x" && full.yaxis._length) return Math.floor(full._size.h - full.yaxis._length);
    return 0;
}

function annotationLines(plot, figure, full) {
    // A centred label over a subplot (compare's metric names) wraps within its own column: half the way
    // to its neighbour on the same row, or to the chart's edge.
    const sent = (figure.layout && figure.layout.annotations) || [];
    const update = {};
    const centre = (note) => full._size.l + note.x * full._size.w;
    sent.forEach((note, i) => {
        if (!note.text || note.xref !== "paper" || (note.xanchor && note.xanchor !== "center") || note.showarrow) return;
        const x = centre(note);
        let half = Math.min(x, plot.clientWidth - x);
        for (const other of sent) {
            if (other !== note && other.y === note.y && other.xref === "paper") half = Math.min(half, Math.abs(centre(other) - x) / 2);
        }
        const font = (full.annotations[i] && full.annotations[i].font) || full.font;
        const room = 2 * half - 8;
        update[`annotations[${i}].text`] = textWidth(note.text, font) > room ? wrapText(note.text, room, font).join("<br>") : note.text;
    });
    return update;
}

function legendNames(plot, figure, full) {
    if (!full.showlegend || (full.legend && full.legend.orientation !== "h")) return null;
    const room = plot.clientWidth - full._size.l - 50;  // the legend starts at the plot's left; 40 px symbol and gap
    const font = full.legend.font;
    const names = (figure.data || []).map((trace) => trace.name);
    const wrapped = names.map((name) => (name && textWidth(name, font) > room ? wrapText(name, room, font).join("<br>") : name));
    const indices = [], values = [];
    wrapped.forEach((name, i) => { if (name !== undefined && plot.data[i] && plot.data[i].name !== name) { indices.push(i); values.push(name); } });
    return indices.length ? [{ name: values }, indices] : null;
}

function sized(Plotly, plot, update) {
    // A new height makes plotly.js fix the width too (autosize off): the chart then stopped following its
    // column when the window narrowed. The width stays the column's.
    return Plotly.relayout(plot, Object.assign({ autosize: true, width: null }, update));
}

function overlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

async function clearTitle(Plotly, plot) {
    // Measured once drawn: plotly.js places a title of several lines a little above where its padding says,
    // and a subplot's label wrapped onto two lines grows up into the title. The title moves below the
    // modebar; the plot, with its labels, moves below the title.
    const title = plot.querySelector(".gtitle");
    if (!title) return;
    const full = plot._fullLayout;
    const top = plot.getBoundingClientRect().top;
    const titleBox = title.getBoundingClientRect();
    const bar = plot.querySelector(".modebar");
    const barBox = bar && bar.getBoundingClientRect();
    const down = barBox && barBox.width && overlap(titleBox, barBox) ? Math.ceil(barBox.bottom - titleBox.top) + 4 : 0;
    let below = 0;
    for (const note of plot.querySelectorAll(".annotation-text")) {
        const box = note.getBoundingClientRect();
        if (box.left < titleBox.right && titleBox.left < box.right && box.top < titleBox.bottom + down + 4) {
            below = Math.max(below, Math.ceil(titleBox.bottom + down + 4 - box.top));
        }
    }
    if (!down && !below) return;
    const pinned = full.title.yref === "container" && full.title.y === 1 && full.title.yanchor === "top";
    const pad = pinned ? ((full.title.pad && full.title.pad.t) || 0) : Math.round(titleBox.top - top);
    await sized(Plotly, plot, { "title.yref": "container", "title.y": 1, "title.yanchor": "top", "title.pad.t": pad + down,
                                  "margin.t": full.margin.t + down + below, height: full.height + down + below });
}

async function clearLegend(Plotly, plot) {
    // A legend at the foot and the angled date labels above it both ask for the bottom margin, and plotly.js
    // gives the larger of the two, not both: the legend then covered the labels. Make room for both.
    const legend = plot.querySelector(".legend");
    const labels = [...plot.querySelectorAll(".xtick text")].map((label) => label.getBoundingClientRect().bottom);
    if (!legend || !labels.length) return;
    const gap = Math.max(...labels) + 6 - legend.getBoundingClientRect().top;
    if (gap <= 0) return;
    const full = plot._fullLayout;
    await sized(Plotly, plot, { "margin.b": full._size.b + Math.ceil(gap), height: full.height + Math.ceil(gap) });
}

async function fitToWidth(Plotly, plot, figure) {
    const full = plot._fullLayout;
    if (!full || !plot.clientWidth) return;
    plot.__workforceWidth = plot.clientWidth;
    const layout = figure.layout || {};
    const sent = layout.height || full.height;
    const sentValue = (path) => path.split(".").reduce((node, key) => (node == null ? undefined : node[key]), layout) ?? null;
    const update = { height: sent, "margin.t": sentValue("margin.t") ?? full.margin.t };
    for (const path of ["title.text", "title.yref", "title.y", "title.yanchor", "title.pad.t"]) update[path] = sentValue(path);
    const title = layout.title && layout.title.text;
    if (title) {
        const font = full.title.font;
        const bounds = plot.getBoundingClientRect();
        const bar = plot.querySelector(".modebar");
        const barBox = bar && bar.getBoundingClientRect();
        const barLeft = barBox && barBox.width ? barBox.left - bounds.left - 8 : plot.clientWidth;
        const left = (full.title.pad && full.title.pad.l) || 0;
        const room = plot.clientWidth - left - Math.max(full.margin.r, 8);
        if (left + textWidth(title, font) > barLeft || textWidth(title, font) > room) {
            const lines = wrapText(title, room, font);
            const top = barBox && barBox.height ? Math.ceil(barBox.bottom - bounds.top) + 4 : 8;
            const needed = Math.ceil(top + lines.length * font.size * LINE_SPACING + 8);
            Object.assign(update, { "title.text": lines.join("<br>"), "title.yref": "container", "title.y": 1,
                                    "title.yanchor": "top", "title.pad.t": top });
            if (needed > update["margin.t"]) {
                update.height = sent + needed - update["margin.t"];
                update["margin.t"] = needed;
            }
        }
    }
    for (const name of Object.keys(full)) {  // crowded category labels: every n-th one
        const axis = full[name];
        if (!/^xaxis\d*$/.test(name) || axis.type !== "category" || !axis._categories) continue;
        // an angled label needs its line height, over sin 45°, between it and the next
        const room = Math.max(MIN_CATEGORY_PX, ((axis.tickfont && axis.tickfont.size) || 12) * LINE_SPACING * Math.SQRT2);
        const crowded = axis._categories.length * room > axis._length;
        update[`${name}.nticks`] = crowded ? Math.max(2, Math.floor(axis._length / room))
                                           : (sentValue(`${name}.nticks`) || 0);
    }
    Object.assign(update, annotationLines(plot, figure, full));
    await sized(Plotly, plot, update);
    await clearTitle(Plotly, plot);
    const names = legendNames(plot, figure, plot._fullLayout);
    if (names) await Plotly.restyle(plot, ...names);
    // plotly.js gives a legend under the chart at most half the figure, then a scroll bar that hid the status
    // mix's entries on a phone: the figure grows until the whole legend shows.
    for (let tries = 0; tries < 3; tries += 1) {
        const legend = plot._fullLayout.legend;
        const hidden = legend && legend._height && legend._effHeight ? legend._height - legend._effHeight : 0;
        if (hidden < 1) break;
        await sized(Plotly, plot, { height: plot._fullLayout.height + Math.ceil(2 * hidden) + 4 });
    }
    await clearLegend(Plotly, plot);
    // Wrapped legend entries and angled labels take the plot's room: give it back (margins settle over redraws).
    for (let tries = 0; tries < 3 && plot._fullLayout._size.h < MIN_PLOT_SHARE * sent - 1; tries += 1) {
        await sized(Plotly, plot, { height: plot._fullLayout.height + Math.ceil(MIN_PLOT_SHARE * sent - plot._fullLayout._size.h) });
    }
    const slack = mapSlack(plot);
    if (slack > 10) await sized(Plotly, plot, { height: plot._fullLayout.height - slack });
    resizeTo(plot, plot._fullLayout.height, sent);
}

function watchWidth(Plotly, plot) {
    if (plot.__workforceResize) return;
    let timer = null;
    plot.__workforceResize = new ResizeObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            if (plot.clientWidth && plot.clientWidth !== plot.__workforceWidth && plot.__workforceSent) {
                // the figure as sent, at the new width; then fitted again
                fitToWidth(Plotly, plot, plot.__workforceSent).catch(() => {});
            }
        }, 150);
    });
    plot.__workforceResize.observe(plot);
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
    // plotly.js keeps and changes the layout and traces it is given: fitting starts from a copy of what was sent.
    const sent = { layout: structuredClone(figure.layout || {}), data: (figure.data || []).map((trace) => ({ name: trace.name })) };
    plot.__workforceSent = sent;
    if (figure.layout && figure.layout.height) plot.style.height = figure.layout.height + "px";  // no jump when drawn
    const config = Object.assign({ responsive: true, topojsonURL: new URL(data.topojson, document.baseURI).href },
                                 data.config);
    loadPlotly(data.bundle).then((Plotly) => {
        if (plot.__workforceFigure !== data.figure) return;  // a newer figure came while the bundle loaded
        // react keeps the element and its DOM: the first call draws, later ones update in place.
        return Plotly.react(plot, figure.data, figure.layout, config).then(() => fitToWidth(Plotly, plot, sent)).then(() => {
            watchWidth(Plotly, plot);
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
