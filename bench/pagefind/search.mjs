// make bench (scripts/bench-search.sh): shouhu's search index beside
// Pagefind's, what each has on disk and what a browser fetches for a query.
//
//   node bench/pagefind/search.mjs SHOUHU_PUBLIC HUGO_PUBLIC QUERY...
//
// SHOUHU_PUBLIC is a site built by shouhu (its index in search/, the page
// /search/?q= and js/search.js); HUGO_PUBLIC is Hugo's output of the same
// corpus with Pagefind's bundle in pagefind/.  Prints two tables:
//
//   1. the index on disk: files and bytes of each tool's index (shouhu:
//      search/*.json; Pagefind: pagefind-entry.json, the .pf_meta, index/,
//      fragment/ and filter/), of the code that reads it (js/search.js;
//      pagefind.js, its worker and its wasm), and of all its index with gzip
//      -6 applied to each file, as a server compressing its answers would
//      send them (Pagefind's own files are gzip already).
//   2. for each QUERY, in a fresh browser context (nothing cached): the
//      results, the requests and the bytes of every response, split into
//      code, index and passages, and gzipped.  shouhu: its own search page,
//      /search/?q=QUERY, until its results (20, each with its passage, which
//      search.js reads from the result's page itself) or its "没有找到" are
//      shown; the page itself, its CSS and icon are not counted (a page
//      Pagefind would need too).  Pagefind: its JavaScript API, as its UI
//      uses it, on a blank page: pagefind.search(QUERY), then data() of the
//      first 20 results (the fragments: title, excerpt; Pagefind's default
//      UI shows 5 at first).
//
// Each site is served without compression by a small server here, so a
// response's body is what crossed the wire.  Environment: CHROMIUM, the
// browser (default /usr/bin/chromium).  playwright-core is the browser
// test's (tests/browser/node_modules, installed by scripts/deps.sh).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const here = path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(path.join(here, '../../tests/browser/package.json'));
const { chromium } = require('playwright-core');

if (process.argv.length < 5) {
  console.error('usage: node bench/pagefind/search.mjs SHOUHU_PUBLIC HUGO_PUBLIC QUERY...');
  process.exit(2);
}
const shRoot = path.resolve(process.argv[2]);
const pfRoot = path.resolve(process.argv[3]);
const queries = process.argv.slice(4);
const SHOWN = 20;
const TIMEOUT = 120000;
for (const f of [path.join(shRoot, 'search/meta.json'), path.join(pfRoot, 'pagefind/pagefind.js')]) {
  if (!fs.existsSync(f)) {
    console.error(`search.mjs: ${f} is missing`);
    process.exit(2);
  }
}

const gz = (b) => zlib.gzipSync(b, { level: 6 }).length;

// ---- the index on disk -----------------------------------------------------

function files(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

// kind of a file of shouhu's site, relative to its root: code, index, or null
function shKind(rel) {
  if (rel === 'js/search.js') return 'code';
  if (/^search\/.*\.json$/.test(rel)) return 'index';
  return null;
}

// kind of a file of Pagefind's bundle, relative to the site's root
function pfKind(rel) {
  if (/^pagefind\/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]*)$/.test(rel)) return 'code';
  if (/^pagefind\/(pagefind-entry\.json|[^/]*\.pf_meta|index\/|fragment\/|filter\/)/.test(rel)) return 'index';
  return null;
}

function disk(root, sub, kind) {
  const t = { code: [0, 0, 0], index: [0, 0, 0], fragments: [0, 0] };
  for (const f of files(path.join(root, sub))) {
    const rel = path.relative(root, f);
    const k = kind(rel);
    if (!k) continue;
    const b = fs.readFileSync(f);
    t[k][0]++;
    t[k][1] += b.length;
    t[k][2] += gz(b);
    if (rel.startsWith('pagefind/fragment/')) {
      t.fragments[0]++;
      t.fragments[1] += b.length;
    }
  }
  return t;
}

const n = (x) => x.toLocaleString('en-US');
const pad = (s, w) => String(s).padStart(w);
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '-');

const dsh = disk(shRoot, 'search', shKind);
const code = fs.readFileSync(path.join(shRoot, 'js/search.js'));
dsh.code = [1, code.length, gz(code)];
const dpf = disk(pfRoot, 'pagefind', pfKind);

console.log('index on disk              files        bytes   gzip -6 bytes');
console.log(`  shouhu index        ${pad(n(dsh.index[0]), 11)} ${pad(n(dsh.index[1]), 12)} ${pad(n(dsh.index[2]), 15)}`);
console.log(`  Pagefind index      ${pad(n(dpf.index[0]), 11)} ${pad(n(dpf.index[1]), 12)} ${pad(n(dpf.index[2]), 15)}`);
console.log(`    of it fragments   ${pad(n(dpf.fragments[0]), 11)} ${pad(n(dpf.fragments[1]), 12)}`);
console.log(`  shouhu code         ${pad(n(dsh.code[0]), 11)} ${pad(n(dsh.code[1]), 12)} ${pad(n(dsh.code[2]), 15)}`);
console.log(`  Pagefind code       ${pad(n(dpf.code[0]), 11)} ${pad(n(dpf.code[1]), 12)} ${pad(n(dpf.code[2]), 15)}`);
console.log(`  index bytes shouhu/Pagefind: ${ratio(dsh.index[1], dpf.index[1])}` +
  ` (target <= 0.5), gzip: ${ratio(dsh.index[2], dpf.index[2])};` +
  ` files: ${ratio(dsh.index[0], dpf.index[0])}`);

// ---- the servers -------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/wasm',
};

// Pagefind's page: its API as its UI uses it, the first SHOWN results' data
const PF_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
try {
  const pf = await import('/pagefind/pagefind.js');
  const s = await pf.search(q);
  const shown = await Promise.all(s.results.slice(0, ${SHOWN}).map((r) => r.data()));
  window.benchDone = { results: s.results.length, shown: shown.length };
} catch (e) {
  window.benchDone = { error: String(e) };
}
</script></html>`;

function serve(root, extra) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (extra && rel === '/_bench/') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(extra);
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && st.isDirectory()) {
      file = path.join(file, 'index.html');
      st = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!st || !st.isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': st.size,
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const shServer = await serve(shRoot, null);
const pfServer = await serve(pfRoot, PF_PAGE);
const base = (s) => `http://127.0.0.1:${s.address().port}`;

// ---- the queries -------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
  timeout: 60000,
});

// kind of a fetched URL path: page (not counted), code, index or passages
function shFetched(p) {
  if (p === '/js/search.js') return 'code';
  if (/^\/search\/.+\.json$/.test(p)) return 'index';
  if (p === '/search/' || /\.(css|svg|ico|png)$/.test(p)) return 'page';
  return 'passages';
}
function pfFetched(p) {
  if (p === '/_bench/' || p === '/favicon.ico') return 'page';
  if (p.startsWith('/pagefind/fragment/')) return 'passages';
  const k = pfKind(p.slice(1));
  return k || 'other';
}

// runs one query on one site: { results, requests, code, index, passages,
// total, gzip } (bytes), other kinds listed in .other
async function query(url, kindOf, done) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  context.on('response', (r) => {
    const p = decodeURI(new URL(r.url()).pathname);
    bodies.push(r.body().then((b) => ({ p, b, status: r.status() }), () => ({ p, b: null, status: r.status() })));
  });
  await page.goto(url, { timeout: TIMEOUT });
  const results = await page.waitForFunction(done, null, { timeout: TIMEOUT }).then((h) => h.jsonValue());
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT });
  const t = { results, requests: 0, code: 0, index: 0, passages: 0, total: 0, gzip: 0, other: [] };
  for (const { p, b, status } of await Promise.all(bodies)) {
    const k = kindOf(p);
    if (k === 'page') continue;
    if (!b || status !== 200) {
      t.other.push(`${p} (HTTP ${status})`);
      continue;
    }
    if (k === 'other') t.other.push(p);
    else t[k] += b.length;
    t.requests++;
    t.total += b.length;
    t.gzip += p.startsWith('/pagefind/') && !/\.(js|json)$/.test(p) && !p.startsWith('/pagefind/wasm.') ? b.length : gz(b);
  }
  await context.close();
  return t;
}

function shDone() {
  const s = document.getElementById('search-status');
  const li = document.querySelectorAll('#search-results li');
  if (li.length) {
    const m = /(\d+) 篇/.exec(s.textContent);
    return m ? { results: Number(m[1]), shown: li.length } : null;
  }
  if (/没有找到/.test(s.textContent)) return { results: 0, shown: 0 };
  if (/无法使用/.test(s.textContent)) return { error: s.textContent };
  return null;
}
function pfDone() {
  return window.benchDone || null;
}

let failed = 0;
console.log('');
console.log(`bytes fetched for a query   results shown requests   code     index  passages     total  gzip -6`);
for (const q of queries) {
  const e = encodeURIComponent(q);
  const sh = await query(`${base(shServer)}/search/?q=${e}`, shFetched, shDone);
  const pf = await query(`${base(pfServer)}/_bench/?q=${e}`, pfFetched, pfDone);
  console.log(`"${q}" (${[...q].length} characters)`);
  for (const [name, t] of [['shouhu', sh], ['Pagefind', pf]]) {
    if (t.results.error) {
      console.log(`  ${name}: the search failed: ${t.results.error}`);
      failed = 1;
      continue;
    }
    console.log(`  ${name.padEnd(25)} ${pad(t.results.results, 7)} ${pad(t.results.shown, 5)} ${pad(t.requests, 8)}` +
      ` ${pad(n(t.code), 7)} ${pad(n(t.index), 9)} ${pad(n(t.passages), 9)} ${pad(n(t.total), 9)} ${pad(n(t.gzip), 8)}`);
    if (t.other.length) console.log(`    also: ${t.other.join(' ')}`);
  }
  console.log(`  shouhu/Pagefind: index ${ratio(sh.index, pf.index)}, total ${ratio(sh.total, pf.total)},` +
    ` gzip ${ratio(sh.gzip, pf.gzip)}`);
}
await browser.close();
shServer.close();
pfServer.close();
process.exit(failed);
