// The traces the dashboard draws, and nothing else: one window.Plotly for every chart on a page.
'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/choropleth'),
]);
module.exports = Plotly;
