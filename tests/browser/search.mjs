// The search checks of the browser test (tests/browser/README), run by
// check.mjs on the demo site: one-character queries, case pages in the
// index, the passage of each result with the query marked, built of text
// nodes (no HTML from the query or the pages), readable at 360 px with
// 大字号; and the feeds of the cases, linked from /anli/.
//
//   await checkSearch({ newPage, load, check, fail, out })
//
// takes check.mjs's helpers: newPage(width) a fresh page recording its
// errors, load(page, url), check(name, good, why, details), fail(name,
// why), out the folder of the screenshots.
import path from 'node:path';

const ARTICLE = '/fangpian/baojianpin-jiangzuo/';
const CASE = '/anli/示市监处罚-2023-21号/';
const CASE_TITLE = '兖州颐寿堂健康科技有限公司以健康讲座为名宣传普通食品治病案';

// The passage of the article for 保健品, exactly (content/fangpian/
// baojianpin-jiangzuo.md): 24 characters before the first match, 96 in all.
const ARTICLE_PASSAGE = '…免费听讲座，天天领鸡蛋。”很多老人就是这样走进了' +
  '<mark>保健品</mark>推销会场。送的东西不值几个钱，最后花掉的却是几千、几万元' +
  '的养老钱。 骗局是怎么发生的 王阿姨在菜市场门口拿到一张传单：附近开了一家' +
  '“健康讲…';
// The pages of the demo site with 药 in their text, best first.
const DRUG_PAGES = [
  '/tishi/zhibojian-shenyao/',
  '/fangpian/zhibo-daihuo/',
  '/fangpian/baojianpin-jiangzuo/',
  '/fangpian/mianfei-tijian/',
  '/tishi/mianfei-jidan/',
  CASE,
  '/fangpian/shangmen-qixie/',
];

// Opens /search/?q=query and waits for its results (or its status, when
// none): what the results say, each with its passage.
async function results(page, load, query) {
  await load(page, `/search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent;
    return document.querySelector('#search-results li') || /没有找到|无法使用/.test(s);
  });
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    items: [...document.querySelectorAll('#search-results li')].map((li) => {
      const p = li.querySelector('p.passage');
      return {
        url: decodeURI(new URL(li.querySelector('a').href).pathname),
        html: p ? p.innerHTML : null,
        marks: p ? [...p.querySelectorAll('mark')].map((m) => m.textContent) : [],
        // every child of a passage is text or a <mark> of text only
        plain: !p || [...p.childNodes].every((n) => n.nodeType === 3 ||
          (n.nodeName === 'MARK' && n.childNodes.length === 1 &&
            n.firstChild.nodeType === 3)),
      };
    }),
    elements: document.querySelectorAll('#search-results *:not(ol,li,a,p,mark,button)').length,
  }));
}

export async function checkSearch({ newPage, load, check, fail, out }) {
  const page = await newPage(1280);
  try {
    // a word of three characters: the passage, exactly
    let r = await results(page, load, '保健品');
    const art = r.items.find((x) => x.url === ARTICLE);
    check('search 保健品 passage', art && art.html === ARTICLE_PASSAGE,
      `the passage of ${ARTICLE} for 保健品`, [`got:  ${art ? art.html : 'no such result'}`,
        `want: ${ARTICLE_PASSAGE}`]);
    check('search 保健品 marks', r.items.length === 10 && r.items.every((x) =>
      x.plain && x.marks.length > 0 && x.marks.every((m) => m === '保健品')),
    `${r.items.length} results (want 10: the demo's 9 and mkdemo's long article), each with 保健品 marked and nothing else`,
    r.items.map((x) => `${x.url}: ${x.marks.join(' ')}${x.plain ? '' : ' (not text)'}`));

    // one character: found by the index of single characters
    r = await results(page, load, '药');
    const urls = r.items.map((x) => x.url);
    check('search 药 finds its pages', JSON.stringify(urls) === JSON.stringify(DRUG_PAGES),
      `${r.status}`, [`got:  ${urls.join(' ')}`, `want: ${DRUG_PAGES.join(' ')}`]);
    check('search 药 marks', r.items.length > 0 && r.items.every((x) =>
      x.plain && x.marks.length > 0 && x.marks.every((m) => m === '药')),
    'each result has 药 marked and nothing else',
    r.items.map((x) => `${x.url}: ${x.marks.join(' ')}`));

    // a case, by its title: case pages are in the index
    r = await results(page, load, CASE_TITLE);
    check('search finds a case by its title', r.items.length === 1 &&
      r.items[0].url === CASE && r.items[0].plain &&
      r.items[0].html.startsWith(`标题 <mark>${CASE_TITLE}</mark> 套路类型 销售养老产品 `),
    `${r.status}`, r.items.map((x) => `${x.url}: ${x.html}`));

    // the query is text: nothing of it becomes HTML
    r = await results(page, load, '<b>药</b>');
    check('search query stays text', r.items.length === DRUG_PAGES.length &&
      r.elements === 0 && r.items.every((x) => x.plain) &&
      r.status === '找到与“<b>药</b>”有关的 7 篇文章。',
    `status "${r.status}", ${r.elements} unexpected element(s) in the results`);

    const probs = [...new Set([...page.errors, ...page.requests])];
    check('search queries no console errors', probs.length === 0,
      `${probs.length} console error(s) or failed request(s)`, probs);
  } catch (e) {
    fail('search', e.message.split('\n')[0]);
  } finally {
    await page.closeAll();
  }

  // the feeds of the cases: linked from /anli/, one entry per case
  const list = await newPage(1280);
  try {
    await load(list, '/anli/');
    const f = await list.evaluate(async () => {
      const cases = document.querySelectorAll('main ul.cases > li').length;
      const got = [];
      for (const t of ['application/rss+xml', 'application/atom+xml']) {
        const l = document.querySelector(`head link[rel="alternate"][type="${t}"][href^="/anli/"]`);
        if (!l) { got.push(`${t}: no <link>`); continue; }
        const r = await fetch(l.href);
        const x = new DOMParser().parseFromString(await r.text(), 'application/xml');
        const n = x.querySelectorAll(t.includes('rss') ? 'item' : 'entry').length;
        got.push(`${new URL(l.href).pathname} ${r.status} ${n}`);
      }
      return { cases, got };
    });
    const n = Math.min(f.cases, 20);   // rss_limit: 20 by default
    const want = [`/anli/index.xml 200 ${n}`, `/anli/atom.xml 200 ${n}`];
    check('cases feeds', f.cases > 0 && JSON.stringify(f.got) === JSON.stringify(want),
      `the feeds linked from /anli/ (${f.cases} cases)`, [`got:  ${f.got.join(', ')}`,
        `want: ${want.join(', ')}`]);
  } catch (e) {
    fail('cases feeds', e.message.split('\n')[0]);
  } finally {
    await list.closeAll();
  }

  // the results at 360 px with 大字号: nothing sticks out
  const small = await newPage(360);
  try {
    await load(small, '/');
    await small.evaluate(() => localStorage.setItem('shouhu-view', 'large'));
    await results(small, load, '保健品');
    await small.screenshot({ path: path.join(out, 'search-large-360.png'), fullPage: true });
    const m = await small.evaluate(() => ({
      sw: document.documentElement.scrollWidth,
      cls: document.documentElement.className,
    }));
    check('search 360px large text no sideways scrolling', m.sw <= 360 && m.cls === 'large',
      `document width ${m.sw}px at 360px (class "${m.cls}")`);
  } catch (e) {
    fail('search 360px large text', e.message.split('\n')[0]);
  } finally {
    await small.closeAll();
  }
}
