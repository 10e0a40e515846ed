// The browser test of a built Shouhu site (tests/browser/README):
//
//   node tests/browser/check.mjs SITE OUT
//
// serves the folder SITE (a built site, e.g. public/) on 127.0.0.1, opens its
// home, an article, the statistics page, a table page, a case and the search
// page in headless Chromium and checks that each loads without console
// errors, page errors or failed requests and that axe-core finds no WCAG
// 2.0/2.1 A or AA violation; then the search results, the reading controls
// (大字号 makes the text larger and is remembered, 大字号＋高对比度 passes axe
// too), phones (at 360×800 in both reading modes: no sideways scrolling, a
// header of at most a third of the screen, chart text at least the body's
// size and larger with 大字号; the 菜单 button), the 打印海报 button, and
// that two articles print as one A4 poster each (pdfinfo, pdftotext of
// poppler-utils).  Screenshots of every page at 360 px and 1280 px go to OUT
// (NAME-360.png, NAME-360-large.png, NAME-1280.png), the posters too
// (poster-short.pdf, .png, poster-long.pdf, .png).  The table page and the
// long article are those tests/browser/mkdemo.sh adds to the demo; another
// site fails those checks.
//
// Prints "ok NAME" or "FAIL NAME: why" for each check, then the failures
// again; exit status 0 if every check passed, 1 if any failed, 2 on a usage
// error.  Environment: CHROMIUM, the browser (default /usr/bin/chromium).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);

if (process.argv.length !== 4) {
  console.error('usage: node tests/browser/check.mjs SITE OUT');
  process.exit(2);
}
const root = path.resolve(process.argv[2]);
const out = path.resolve(process.argv[3]);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`check.mjs: ${root}/index.html is missing: not a built site`);
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');

// ---- the pages -----------------------------------------------------------

const ARTICLE = '/fangpian/baojianpin-jiangzuo/';
// pages only the browser test's site has (mkdemo.sh)
const LONG = '/fangpian/hen-chang/';
const TABLE = '/tishi/qige-lie/';
const PHONE = { width: 360, height: 800 };
const QUERY = '保健品讲座';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [360, 1280];
const TIMEOUT = 15000;

// ---- the results ---------------------------------------------------------

const failures = [];
function ok(name) {
  console.log(`ok ${name}`);
}
function fail(name, why, details = []) {
  failures.push(`${name}: ${why}`);
  console.log(`FAIL ${name}: ${why}`);
  for (const d of details) console.log(`    ${d}`);
}
function check(name, good, why, details) {
  if (good) ok(name);
  else fail(name, why, details);
  return good;
}

// ---- the server ----------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// Every request the server could not answer, for the report.
const notFound = [];

const server = http.createServer((req, res) => {
  let rel;
  try {
    rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  let file = path.join(root, path.normalize(rel));
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  let st = fs.statSync(file, { throwIfNoEntry: false });
  if (st && st.isDirectory()) {
    if (!rel.endsWith('/')) {
      res.writeHead(301, { Location: req.url.replace(/^([^?#]*)/, '$1/') }).end();
      return;
    }
    file = path.join(file, 'index.html');
    st = fs.statSync(file, { throwIfNoEntry: false });
  }
  if (!st || !st.isFile()) {
    notFound.push(rel);
    const page404 = path.join(root, '404.html');
    res.writeHead(404, { 'Content-Type': TYPES['.html'] });
    res.end(fs.existsSync(page404) ? fs.readFileSync(page404) : 'not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': st.size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// ---- the browser ---------------------------------------------------------

let browser;
try {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    timeout: 60000,
  });
} catch (e) {
  fail('launch', `cannot start ${chromiumPath}: ${e.message.split('\n')[0]}`);
  server.close();
  finish();
}

// The browser asks for /favicon.ico by itself, once per browser or so: not
// counted against the page that happens to be first, but checked once by
// favicon() below.
const isFavicon = (u) => /^\/favicon\.ico(\?|$)/.test(u);

// Opens a fresh page (its own context: no localStorage) that records its
// console errors and page errors in page.errors, its failed requests and
// HTTP errors in page.requests.
async function newPage(width, context) {
  const ctx = context || (await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'zh-CN',
  }));
  const page = await ctx.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.errors = [];     // console errors and page errors
  page.requests = [];   // failed requests and HTTP errors
  page.on('console', (m) => {
    const loc = m.location();
    if (m.type() === 'error' && !(loc && loc.url && isFavicon(loc.url.replace(base, '')))) {
      page.errors.push(`console error: ${m.text()}` +
        (loc && loc.url ? ` (${decodeURI(loc.url.replace(base, ''))}:${loc.lineNumber})` : ''));
    }
  });
  page.on('pageerror', (e) => page.errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => isFavicon(r.url().replace(base, '')) || page.requests.push(
    `request failed: ${decodeURI(r.url().replace(base, ''))} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !isFavicon(r.url().replace(base, ''))) {
      page.requests.push(`HTTP ${r.status()}: ${decodeURI(r.url().replace(base, ''))}`);
    }
  });
  page.closeAll = () => (context ? page.close() : ctx.close());
  return page;
}

// Loads url in page; returns whether the document came with HTTP 200.
async function load(page, url) {
  const r = await page.goto(base + url, { waitUntil: 'load' });
  return r && r.status() === 200;
}

// Runs axe-core on the page: the violations, each as lines to print.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: axePath });
  }
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      url: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html,
        summary: n.failureSummary,
      })),
    }));
  }, AXE_TAGS);
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help} <${v.url.replace(/\?.*/, '')}>`);
    for (const n of v.nodes) {
      lines.push(`  at ${n.target}: ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
      for (const s of (n.summary || '').split('\n').slice(0, 4)) {
        if (s.trim()) lines.push(`     ${s.trim()}`);
      }
    }
  }
  return { count: violations.length, ids: violations.map((v) => v.id), lines };
}

// ---- the checks ----------------------------------------------------------

// NAME loads, console, requests, axe; screenshots at each width.
async function checkPage(name, href, ready) {
  const page = await newPage(1280);
  const url = decodeURI(href);
  try {
    if (!check(`${name} loads`, await load(page, href), `${url}: not HTTP 200`)) return false;
    if (ready) await ready(page);
    const a = await axe(page);
    check(`${name} axe`, a.count === 0,
      `${url}: ${a.count} axe violation(s): ${a.ids.join(', ')}`, a.lines);
    const shots = [];
    for (const w of WIDTHS) {
      await page.setViewportSize({ width: w, height: 900 });
      await load(page, href);
      if (ready) await ready(page);
      const file = path.join(out, `${name}-${w}.png`);
      await page.screenshot({ path: file, fullPage: true });
      shots.push(file);
    }
    check(`${name} screenshots`, shots.every((f) => fs.existsSync(f)),
      'not written', shots);
    const errs = [...new Set(page.errors)], reqs = [...new Set(page.requests)];
    check(`${name} no console errors`, errs.length === 0,
      `${url}: ${errs.length} console or page error(s)`, errs);
    check(`${name} no failed requests`, reqs.length === 0,
      `${url}: ${reqs.length} failed request(s)`, reqs);
    return true;
  } catch (e) {
    fail(`${name}`, `${url}: ${e.message.split('\n')[0]}`);
    return false;
  } finally {
    await page.closeAll();
  }
}

async function run() {
  await checkPage('home', '/');
  await checkPage('article', ARTICLE);
  await checkPage('stats', '/gongzuo/');
  await checkPage('table', TABLE);

  // a case: the first link to a case page on /anli/
  let caseUrl = null;
  {
    const page = await newPage(1280);
    try {
      await load(page, '/anli/');
      caseUrl = await page.evaluate(() => {
        for (const a of document.querySelectorAll('main a[href]')) {
          const p = decodeURI(new URL(a.href).pathname);
          if (/^\/anli\/[^/]+\/$/.test(p) && !/^\/anli\/(leixing|page)\//.test(p)) return p;
        }
        return null;
      });
    } catch (e) {
      caseUrl = null;
    } finally {
      await page.closeAll();
    }
  }
  if (check('case link on /anli/', caseUrl !== null, 'no link to a case page /anli/NAME/ in <main>')) {
    await checkPage('case', caseUrl);
  }

  // the search page: results, one of them the article
  const searchUrl = `/search/?q=${encodeURIComponent(QUERY)}`;
  let links = null, waited = false;
  await checkPage('search', searchUrl, async (page) => {
    try {
      await page.waitForSelector('#search-results a[href]',
        { timeout: waited && links === null ? 1000 : TIMEOUT });
    } catch {
      return;
    } finally {
      waited = true;
    }
    if (links === null) {
      links = await page.$$eval('#search-results a[href]',
        (as) => as.map((a) => decodeURI(new URL(a.href).pathname)));
    }
  });
  if (check('search results', links !== null && links.length > 0,
    `${decodeURI(searchUrl)}: no link in #search-results`)) {
    check('search finds the article', links.includes(ARTICLE),
      `${ARTICLE} is not among the ${links.length} result(s)`, links.slice(0, 10));
  }

  await (await import('./search.mjs')).checkSearch({ newPage, load, check, fail, out });
  await favicon();
  await readingControls();
  for (const [name, url] of [['home', '/'], ['article', ARTICLE]]) {
    await noSideScroll(name, url);
  }
  const phonePages = [['home', '/'], ['article', ARTICLE], ['stats', '/gongzuo/'],
    ['table', TABLE]];
  if (caseUrl !== null) phonePages.push(['case', caseUrl]);
  for (const [name, url] of phonePages) await phone(name, url);
  await menuButton();
  await noScript();
  await printButton();
  await poster('poster-short', ARTICLE, '免费保健品讲座',
    ['先送鸡蛋、再讲养生', '12337', '用手机扫码'], ['骗局是怎么发生的']);
  await poster('poster-long', LONG, '很长的文章',
    ['陌生人打电话说您的医保卡被冻结', '有病请到正规医院', '不要一个人做决定', '12345', '用手机扫码'],
    ['第七条', '这是很长的文章的第 1 段']);
}

// ---- phones (issue 15, point 6) -------------------------------------------

// At 360×800, in the normal and the 大字号 reading mode (set in
// localStorage before the page loads, as a reader's choice would be): the
// page is no wider than the screen (a wide table scrolls in its own box),
// the header with its menu takes at most a third of the screen, every chart
// label is drawn at least at the body's font size and larger with 大字号;
// axe passes; screenshots NAME-360.png and NAME-360-large.png.
async function phone(name, url) {
  const sizes = {};
  for (const mode of ['', 'large']) {
    const tag = `${name} 360px${mode ? ' 大字号' : ''}`;
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    await ctx.addInitScript((c) => {
      try { localStorage.setItem('shouhu-view', c); } catch (e) { /* none */ }
    }, mode);
    const page = await newPage(PHONE.width, ctx);
    try {
      if (!check(`${tag} loads`, await load(page, url), `${url}: not HTTP 200`)) continue;
      const r = await page.evaluate(() => {
        const w = document.documentElement.clientWidth, wide = [];
        for (const el of document.querySelectorAll('body *')) {
          const b = el.getBoundingClientRect();
          if (b.right > w + 0.5 && b.width > 0 && !el.closest('table')) {
            wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} (right edge ${Math.round(b.right)}px)`);
          }
        }
        const h = document.querySelector('header.site');
        const texts = [...document.querySelectorAll('svg.chart text')].map((t) => {
          const m = t.getScreenCTM();
          const scale = m ? Math.hypot(m.a, m.b) : 1;
          return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale };
        });
        return {
          cls: document.documentElement.className,
          sw: document.documentElement.scrollWidth,
          wide: wide.slice(0, 8),
          body: parseFloat(getComputedStyle(document.body).fontSize),
          header: h ? h.getBoundingClientRect().bottom + window.scrollY : -1,
          texts,
        };
      });
      check(`${tag} mode`, r.cls === mode, `class "${r.cls}", wanted "${mode}"`);
      check(`${tag} no sideways scrolling`, r.sw <= PHONE.width,
        `${url}: document width ${r.sw}px at ${PHONE.width}px`, r.wide);
      check(`${tag} header`, r.header > 0 && r.header <= PHONE.height / 3,
        `${url}: the header and menu end at ${Math.round(r.header)}px, more than a third of ${PHONE.height}px`);
      if (r.texts.length > 0) {
        const small = r.texts.filter((t) => t.px < r.body - 0.01);
        const min = Math.min(...r.texts.map((t) => t.px));
        sizes[mode] = min;
        check(`${tag} chart text`, small.length === 0,
          `${url}: ${small.length} of ${r.texts.length} chart label(s) smaller than the body text (${r.body}px)`,
          small.slice(0, 6).map((t) => `${t.px.toFixed(1)}px: ${t.text}`));
      }
      const a = await axe(page);
      check(`${tag} axe`, a.count === 0,
        `${url}: ${a.count} axe violation(s): ${a.ids.join(', ')}`, a.lines);
      await page.screenshot({ path: path.join(out, `${name}-360${mode ? '-large' : ''}.png`), fullPage: true });
      const probs = [...new Set([...page.errors, ...page.requests])];
      check(`${tag} no console errors`, probs.length === 0,
        `${url}: ${probs.length} console error(s) or failed request(s)`, probs);
    } catch (e) {
      fail(tag, `${url}: ${e.message.split('\n')[0]}`);
    } finally {
      await ctx.close();
    }
  }
  if (sizes[''] !== undefined && sizes.large !== undefined) {
    check(`${name} 360px chart text grows with 大字号`, sizes.large > sizes[''],
      `${url}: the smallest chart label is ${sizes[''].toFixed(1)}px, ${sizes.large.toFixed(1)}px with 大字号`);
  }
}

// The 菜单 button at 360 px: the menu is folded away, the button opens it
// (aria-expanded, the links and the search box visible) and closes it.
async function menuButton() {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await newPage(PHONE.width, ctx);
  const state = () => page.evaluate(() => {
    const b = document.getElementById('menu-button');
    const a = document.querySelector('header.site nav a');
    const q = document.getElementById('q');
    return {
      expanded: b ? b.getAttribute('aria-expanded') : null,
      button: !!b && b.getBoundingClientRect().height >= 44,
      menu: !!a && a.getBoundingClientRect().height > 0 && !!q && q.getBoundingClientRect().height > 0,
    };
  });
  try {
    await load(page, '/');
    const s0 = await state();
    check('menu button 360px folded', s0.button && s0.expanded === 'false' && !s0.menu,
      `button shown (44px high) ${s0.button}, aria-expanded ${s0.expanded}, menu shown ${s0.menu}`);
    await page.click('#menu-button');
    const s1 = await state();
    check('menu button opens', s1.expanded === 'true' && s1.menu,
      `after a click: aria-expanded ${s1.expanded}, menu and search shown ${s1.menu}`);
    await page.screenshot({ path: path.join(out, 'menu-360.png') });
    await page.click('#menu-button');
    const s2 = await state();
    check('menu button closes', s2.expanded === 'false' && !s2.menu,
      `after a second click: aria-expanded ${s2.expanded}, menu shown ${s2.menu}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    const s3 = await state();
    check('menu 1280px shown without the button', !s3.button && s3.menu,
      `at 1280px: button shown ${s3.button}, menu shown ${s3.menu}`);
  } catch (e) {
    fail('menu button', e.message.split('\n')[0]);
  } finally {
    await ctx.close();
  }
}

// Without JavaScript at 360 px: no 菜单 button, the menu and the search box
// shown; on an article the hint to print with Ctrl+P instead of the button.
async function noScript() {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', javaScriptEnabled: false });
  const page = await newPage(PHONE.width, ctx);
  try {
    await load(page, ARTICLE);
    const r = await page.evaluate(() => {
      const seen = (el) => !!el && el.getBoundingClientRect().height > 0;
      return {
        button: seen(document.getElementById('menu-button')),
        menu: seen(document.querySelector('header.site nav a')) && seen(document.getElementById('q')),
        print: seen(document.getElementById('print-poster')),
        hint: seen(document.getElementById('print-hint')),
      };
    });
    check('without JavaScript 360px', !r.button && r.menu && !r.print && r.hint,
      `菜单 button shown ${r.button}, menu and search shown ${r.menu}, 打印海报 button shown ${r.print}, Ctrl+P hint shown ${r.hint}`);
    await page.screenshot({ path: path.join(out, 'article-360-noscript.png') });
  } catch (e) {
    fail('without JavaScript 360px', e.message.split('\n')[0]);
  } finally {
    await ctx.close();
  }
}

// The 打印海报 button on an article: shown (the hint for readers without
// scripts hidden) and it calls window.print().
async function printButton() {
  const page = await newPage(1280);
  try {
    await load(page, ARTICLE);
    const r = await page.evaluate(() => {
      const b = document.getElementById('print-poster');
      const hint = document.getElementById('print-hint');
      let calls = 0;
      window.print = () => { calls += 1; };
      if (b) b.click();
      return {
        shown: !!b && b.getBoundingClientRect().height >= 44 && b.textContent === '打印海报',
        hint: !!hint && hint.getBoundingClientRect().height === 0,
        calls,
      };
    });
    check('print button', r.shown && r.hint && r.calls === 1,
      `打印海报 shown ${r.shown}, the no-script hint hidden ${r.hint}, window.print() called ${r.calls} time(s)`);
  } catch (e) {
    fail('print button', e.message.split('\n')[0]);
  } finally {
    await page.closeAll();
  }
}

// Runs a tool of poppler-utils (pdfinfo, pdftotext, pdftoppm): its output.
function poppler(tool, args) {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', timeout: 60000 });
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error(`${tool} is missing: sh scripts/deps.sh (poppler-utils)`);
    throw e;
  }
}

// An article printed as Chromium prints it (print media, the page size of
// its @page rule) is one A4 page, the poster: it has each text of want
// and none of unwanted.  NAME.pdf and NAME.png (the page as an image, to
// look at) go to OUT.
async function poster(name, url, title, want, unwanted) {
  const page = await newPage(1280);
  const pdf = path.join(out, `${name}.pdf`);
  try {
    if (!check(`${name} loads`, await load(page, url), `${url}: not HTTP 200`)) return;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const info = poppler('pdfinfo', [pdf]);
    const pages = (info.match(/^Pages:\s+(\d+)/m) || [])[1];
    const size = (info.match(/^Page size:\s+(.*)$/m) || [])[1] || '?';
    check(`${name} one A4 page`, pages === '1' && /\(A4\)/.test(size),
      `${url}: pdfinfo says ${pages} page(s) of ${size}`);
    const text = poppler('pdftotext', ['-layout', pdf, '-']).replace(/[ \t]+/g, ' ');
    const missing = [title, ...want].filter((w) => !text.includes(w));
    const extra = unwanted.filter((w) => text.includes(w));
    check(`${name} content`, missing.length === 0 && extra.length === 0,
      `${url}: the printed poster lacks ${JSON.stringify(missing)}, has ${JSON.stringify(extra)}`,
      text.split('\n').filter((l) => l.trim()).slice(0, 12));
    poppler('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, path.join(out, name)]);
  } catch (e) {
    fail(name, `${url}: ${e.message.split('\n')[0]}`);
  } finally {
    await page.closeAll();
  }
}

// The reading controls on the home page: shown, 大字号 makes the root font
// larger and is remembered, 大字号＋高对比度 sets the class and passes axe.
async function readingControls() {
  const page = await newPage(1280);
  const fontSize = () => page.evaluate(() =>
    parseFloat(getComputedStyle(document.documentElement).fontSize));
  const button = (label) => page.locator('#view button', { hasText: new RegExp(`^${label}$`) });
  try {
    await load(page, '/');
    const shown = await page.evaluate(() => {
      const v = document.getElementById('view');
      return !!v && !v.hidden && v.getBoundingClientRect().height > 0 &&
        v.querySelectorAll('button').length === 3;
    });
    if (!check('reading controls shown', shown, '#view is missing, hidden or without its three buttons')) return;

    const before = await fontSize();
    await button('大字号').click();
    const large = await fontSize();
    const cls = await page.evaluate(() => document.documentElement.className);
    const pressed = await button('大字号').getAttribute('aria-pressed');
    check('large text', large > before && pressed === 'true',
      `root font-size ${before}px → ${large}px after 大字号 (class "${cls}", aria-pressed ${pressed})`);

    await page.reload({ waitUntil: 'load' });
    const again = await fontSize();
    const stored = await page.evaluate(() => localStorage.getItem('shouhu-view'));
    check('large text remembered', again === large && again > before,
      `after a reload the root font-size is ${again}px (wanted ${large}px), localStorage shouhu-view = ${JSON.stringify(stored)}`);

    await button('大字号＋高对比度').click();
    const cls2 = await page.evaluate(() => document.documentElement.className.split(/\s+/));
    check('contrast mode', cls2.includes('contrast') && cls2.includes('large') && (await fontSize()) > before,
      `class is "${cls2.join(' ')}" after 大字号＋高对比度`);
    const a = await axe(page);
    check('home axe in contrast mode', a.count === 0,
      `${a.count} axe violation(s) with 大字号＋高对比度: ${a.ids.join(', ')}`, a.lines);
    await page.setViewportSize({ width: 360, height: 900 });
    await page.reload({ waitUntil: 'load' });
    await page.screenshot({ path: path.join(out, 'home-contrast-360.png'), fullPage: true });
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    check('home 360px no sideways scrolling in contrast mode', sw <= 360,
      `document width ${sw}px at 360px with 大字号＋高对比度`);

    if (await page.locator('#menu-button').isVisible()) await page.click('#menu-button');
    await button('标准字号').click();
    check('standard text', (await fontSize()) === before,
      `root font-size ${await fontSize()}px after 标准字号, wanted ${before}px`);
    const probs = [...new Set([...page.errors, ...page.requests])];
    check('reading controls no console errors', probs.length === 0,
      `${probs.length} console error(s) or failed request(s)`, probs);
  } catch (e) {
    fail('reading controls', e.message.split('\n')[0]);
  } finally {
    await page.closeAll();
  }
}

// The site's icon: the one the home page names (<link rel="icon">), else
// /favicon.ico, which browsers ask for: it must exist (no 404 on every visit).
async function favicon() {
  const page = await newPage(1280);
  try {
    await load(page, '/');
    const named = await page.evaluate(() => {
      const l = document.querySelector('link[rel~="icon"]');
      return l ? l.href : null;
    });
    const url = named || `${base}/favicon.ico`;
    let status = 200;
    if (!url.startsWith('data:')) status = (await page.request.get(url)).status();
    check('favicon', status === 200,
      `${decodeURI(url.replace(base, ''))}: HTTP ${status}` + (named ? '' :
        ' (no <link rel="icon"> on the home page, so browsers ask for /favicon.ico)'));
  } catch (e) {
    fail('favicon', e.message.split('\n')[0]);
  } finally {
    await page.closeAll();
  }
}

// At 360 px the page is no wider than the screen.
async function noSideScroll(name, url) {
  const page = await newPage(360);
  try {
    await load(page, url);
    const r = await page.evaluate(() => {
      const w = document.documentElement.clientWidth, wide = [];
      for (const el of document.querySelectorAll('body *')) {
        const b = el.getBoundingClientRect();
        if (b.right > w + 0.5 && b.width > 0) {
          wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
            `${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}` +
            ` (right edge ${Math.round(b.right)}px)`);
        }
      }
      return { sw: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
    });
    check(`${name} 360px no sideways scrolling`, r.sw <= 360,
      `${url}: document width ${r.sw}px at 360px`, r.wide);
  } catch (e) {
    fail(`${name} 360px no sideways scrolling`, `${url}: ${e.message.split('\n')[0]}`);
  } finally {
    await page.closeAll();
  }
}

function finish() {
  if (failures.length) {
    console.log(`check.mjs: ${failures.length} check(s) failed:`);
    for (const f of failures) console.log(`  ${f}`);
    process.exit(1);
  }
  process.exit(0);
}

try {
  await run();
} catch (e) {
  fail('browser test', e.stack || String(e));
} finally {
  await browser.close().catch(() => {});
  server.close();
}
finish();
