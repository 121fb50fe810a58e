// Builds the partial plotly.js bundle the chart element loads (workforce/ui/chart_element.py).
// Output: static/plotly-wf-<hash>.min.js at the repository root, the hash of its content in the name
// so that it can be cached for ever; older bundles are removed. Run `npm ci && npm run build` here.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, '..', '..', 'static');
const plotlyPackage = JSON.parse(readFileSync(join(here, 'node_modules', 'plotly.js', 'package.json'), 'utf8'));

// registry.js requires MapLibre's CSS when a `map` trace registers. None does here, so the CSS is an
// empty module instead of 70 kB of styles nobody uses.
const noMapLibreCss = {
    name: 'no-maplibre-css',
    setup(b) {
        b.onResolve({ filter: /maplibre-gl\.css$/ }, (args) => ({ path: args.path, namespace: 'empty-css' }));
        b.onLoad({ filter: /.*/, namespace: 'empty-css' }, () => ({ contents: '', loader: 'js' }));
    },
};

const result = await build({
    entryPoints: [join(here, 'entry.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    legalComments: 'none',
    plugins: [noMapLibreCss],
    write: false,
    metafile: true,
});
const banner = `/*! plotly.js v${plotlyPackage.version} partial bundle (bar, scatter, choropleth) for the workforce dashboard.\n` +
    ' * plotly.js: Copyright 2012-2026, Plotly, Inc. MIT licence. Bundled third-party licences: plotly-wf.LICENSES.txt */\n';
const code = banner + result.outputFiles[0].text;
const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
for (const name of readdirSync(staticDir)) {
    if (/^plotly-wf-[0-9a-f]+\.min\.js$/.test(name)) unlinkSync(join(staticDir, name));
}
const out = `plotly-wf-${hash}.min.js`;
writeFileSync(join(staticDir, out), code);
writeFileSync(join(staticDir, 'plotly-wf.LICENSES.txt'), licences(result.metafile));
console.log(`${out}: ${(code.length / 1e6).toFixed(2)} MB`);

// The licence of every npm package with code in the bundle (from esbuild's list of inputs).
function licences(metafile) {
    const packages = new Set();
    for (const input of Object.keys(metafile.inputs)) {
        const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
        if (m) packages.add(m[m.length - 1].replace(/^node_modules\//, '').replace(/\/$/, ''));
    }
    const parts = [];
    for (const name of [...packages].sort()) {
        const dir = join(here, 'node_modules', name);
        const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
        const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `(no licence file; package.json says ${meta.license})`;
        parts.push(`== ${name} ${meta.version} (${meta.license}) ==\n${text}\n`);
    }
    return 'Licences of the code in plotly-wf-*.min.js, one section per npm package.\n\n' + parts.join('\n');
}
