/* Search for layouts/search.html: ?q= → the index generator/search.c
 * writes, whose tokens and hash these must match.  No dependencies.
 * Each result shows the passage of its page around the first word of the
 * query, the words marked (<mark>): the page itself is fetched and its
 * <article> or <main> read (DOMParser: no script runs), as Pagefind fetches a page's
 * fragment, so the index holds no text of its own; the summary shows when
 * the page cannot be read or has none of the words. */
(function () {
  "use strict";
  var box = document.getElementById("search-results"),
    st = document.getElementById("search-status"),
    input = document.getElementById("search-q"), MORE = 20;
  if (!box || !st) return;
  var base = box.getAttribute("data-index"),
    q = (new URLSearchParams(location.search).get("q") || "").trim();
  if (input) input.value = q;
  var say = t => st.textContent = t;
  var r = (c, a, b) => c >= a && c <= b;
  var cjk = c => r(c, 0x4E00, 0x9FFF) || r(c, 0x3400, 0x4DBF) ||
    r(c, 0xF900, 0xFAFF) || r(c, 0x20000, 0x2FA1F) || c == 0x3005 || c == 0x3007 ||
    r(c, 0x3041, 0x3096) || r(c, 0x30A1, 0x30FA) || c == 0x30FC || r(c, 0xAC00, 0xD7A3);

  /* adjacent CJK pairs, a CJK character standing alone, ASCII words of 2+
     (cut at 32); the index has every CJK character too */
  function tokens(s) {
    var out = [], word = "", prev = "", run = 0, ws = -1, ch, c;
    var put = t => { if (out.indexOf(t) < 0) out.push(t); };
    var end = () => { if (word.length >= 2) put(word); word = ""; };
    var stop = () => { if (run == 1) put(prev); prev = ""; run = 0; };
    for (ch of s) {
      c = ch.codePointAt(0);
      if (c == 32 || c == 9 || c == 13 || c == 10) {
        if (ws < 0) { end(); ws = 0; }
        ws += c == 10;
        continue;
      }
      if (ws >= 0 && ws != 1) stop();
      ws = -1;
      if (r(c, 0xFF01, 0xFF5E)) c -= 0xFEE0;
      if (r(c, 65, 90)) c += 32;
      if (r(c, 97, 122) || r(c, 48, 57)) {
        stop();
        if (word.length < 32) word += String.fromCharCode(c);
      } else {
        end();
        if (!cjk(c)) { stop(); continue; }
        if (prev) put(prev + ch);
        prev = ch;
        run++;
      }
    }
    end();
    stop();
    return out;
  }

  function hash(s) { /* FNV-1a of the UTF-8 */
    var b = new TextEncoder().encode(s), h = 0x811c9dc5, i;
    for (i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619);
    return h >>> 0;
  }

  var got = {};
  var get = (path, v) => got[path] || (got[path] = fetch(base + path +
    (v ? "?v=" + v : ""), v ? {} : { cache: "no-cache" }).then(x => {
    if (!x.ok) throw new Error(x.status);
    return x.json();
  }));

  /* postings: per page, distance (base 26: A-Z…, a-z) and weight */
  function add(m, p) {
    var i = 0, doc = -1, v, c, w, x;
    while (i < p.length) {
      for (v = 0; (c = p.charCodeAt(i++)) < 97;) v = v * 26 + c - 65;
      doc += v * 26 + c - 96;
      w = p.charCodeAt(i++) - 97;
      x = m.get(doc) || { d: doc, n: 0, t: 0, s: 0 };
      x.n++;
      x.t += w >> 3;
      x.s += w & 7;
      m.set(doc, x);
    }
  }

  /* full-width ASCII as ASCII, A-Z as a-z: the same length, so that a
     place in the folded text is the same place in the text */
  var fold = t => t.replace(/[\uFF01-\uFF5E]/g, c =>
    String.fromCharCode(c.charCodeAt(0) - 0xFEE0)).replace(/[A-Z]/g, c =>
    c.toLowerCase());

  /* what a reader sees in a page's <article> (else its <main>: not the
     poster and the links around), its h1 aside (the result's link says
     it), blocks apart by a space */
  function pageText(doc) {
    var m = doc.querySelector("main article") || doc.querySelector("main") ||
      doc.body, out = "", last = null, w, n, b;
    m.querySelectorAll("h1,script,style,noscript,svg,nav,form,template").forEach(e => e.remove());
    w = doc.createTreeWalker(m, NodeFilter.SHOW_TEXT);
    while ((n = w.nextNode())) {
      b = n.parentNode.closest("p,li,dd,dt,td,th,h2,h3,h4,h5,h6,pre,blockquote,figcaption,caption,div,section,article,aside,header,footer,main");
      if (b !== last) out += " ";
      last = b;
      out += n.data;
    }
    return out.replace(/\s+/g, " ").trim();
  }

  /* the text of page url, or "" if it cannot be read (the summary shows) */
  var texts = {};
  var pageOf = url => texts[url] || (texts[url] = fetch(url).then(x =>
    x.ok ? x.text() : "").then(h => h ? pageText(new DOMParser()
    .parseFromString(h, "text/html")) : "").catch(() => ""));

  /* where words are in ft (folded text): [from, to) spans in order, those
     that overlap or touch joined (保健 健品 品讲 讲座: one span) */
  function spans(ft, words) {
    var v = [], out = [], i;
    words.forEach(w => {
      for (i = ft.indexOf(w); i >= 0 && v.length < 5000; i = ft.indexOf(w, i + 1))
        v.push([i, i + w.length]);
    });
    v.sort((x, y) => x[0] - y[0]);
    v.forEach(x => {
      var y = out[out.length - 1];
      if (y && x[0] <= y[1]) y[1] = Math.max(y[1], x[1]);
      else out.push(x);
    });
    return out;
  }

  /* appends to p the passage of text around the first of words, every
     word in it in <mark>: text nodes only, never HTML.  0 if none is in it */
  var BEFORE = 24, LONG = 96;
  function passage(p, text, words) {
    var sp = spans(fold(text || ""), words), from, to, i, put;
    if (!sp.length) return 0;
    from = Math.max(0, Math.min(sp[0][0] - BEFORE, text.length - LONG));
    to = Math.min(text.length, Math.max(from + LONG, sp[0][1]));
    if (/[\uDC00-\uDFFF]/.test(text.charAt(from))) from++;
    if (/[\uDC00-\uDFFF]/.test(text.charAt(to))) to++;
    put = t => { if (t) p.appendChild(document.createTextNode(t)); };
    put(from > 0 ? "…" : "");
    i = from;
    sp.forEach(x => {
      if (x[0] >= to || x[1] <= i) return;
      put(text.slice(i, x[0]));
      p.appendChild(document.createElement("mark")).textContent =
        text.slice(Math.max(i, x[0]), Math.min(to, x[1]));
      i = Math.min(to, x[1]);
    });
    put(text.slice(i, to));
    put(to < text.length ? "…" : "");
    return 1;
  }

  function show(res, meta, from) {
    var part = res.slice(from, from + MORE), C = meta.chunk, l = {}, pt = {};
    var el = (p, t) => p.appendChild(document.createElement(t));
    part.forEach(x => { l[Math.floor(x.d / C)] = 1; });
    return Promise.all(Object.keys(l).map(k =>
      get("d/" + k + ".json", meta.id).then(x => { l[k] = x; }))).then(() =>
      Promise.all(part.map(x => {
        var u = l[Math.floor(x.d / C)][x.d % C][0];
        return pageOf(u).then(t => { pt[u] = t; });
      }))).then(() => {
      var ol = box.querySelector("ol"), b = box.querySelector("button"), first;
      if (!ol) (ol = el(box, "ol")).className = "list";
      if (b) b.remove();
      part.forEach(x => {
        var d = l[Math.floor(x.d / C)][x.d % C], li = el(ol, "li"), a = el(li, "a"), p;
        a.href = d[0];
        a.textContent = d[1];
        p = document.createElement("p");
        p.className = "passage";
        if (passage(p, pt[d[0]], words) || passage(p, pt[d[0]], toks) ||
          passage(p, d[2], words) || passage(p, d[2], toks)) li.appendChild(p);
        else if (d[2]) el(li, "p").textContent = d[2];
        first = first || a;
      });
      if (from + MORE < res.length) {
        b = el(box, "button");
        b.type = "button";
        b.textContent = "显示更多结果（还有 " + (res.length - from - MORE) + " 篇）";
        b.onclick = () => show(res, meta, from + MORE).catch(broken);
      }
      if (from > 0) first.focus();
    });
  }

  var broken = () => say("搜索暂时无法使用，请稍后再试。");
  if (!q) return say("请在上面输入要查找的内容，例如：保健品讲座");
  document.title = "搜索“" + q + "” - " + document.title;
  var toks = tokens(q);
  /* the words of the query as written, to find and mark in a page: its
     runs of CJK characters and of ASCII letters and digits */
  var words = [], wd = "";
  for (var ch of fold(q) + " ") {
    var c = ch.codePointAt(0), k = cjk(c) ? 1 : r(c, 97, 122) || r(c, 48, 57) ? 2 : 0;
    if (wd && (!k || k != (cjk(wd.codePointAt(0)) ? 1 : 2))) {
      if (words.indexOf(wd) < 0) words.push(wd);
      wd = "";
    }
    if (k) wd += ch;
  }
  words = words.filter(w => w.length > 1 || cjk(w.codePointAt(0)));
  if (!toks.length) return say("请输入要查找的汉字，或一个完整的英文词、数字（至少两个字母或数字）。");
  say("正在查找……");
  get("meta.json").then(meta => Promise.all(toks.map(t => {
    var B = meta.bits, s = B ? (hash(t) >>> (32 - B)).toString(16) : "0";
    while (s.length < Math.ceil(B / 4)) s = "0" + s;
    return get("s/" + s + ".json", meta.id).then(x => x[t]);
  })).then(ps => {
    var m = new Map(), all = [], n = toks.length, note = "", res;
    ps.forEach(p => { if (p) add(m, p); });
    m.forEach(x => all.push(x));
    res = all.filter(x => x.n == n);
    if (!res.length && n > 2) {
      res = all.filter(x => x.n * 2 >= n);
      note = "没有同时含有全部字词的文章，下面是部分相关的 ";
    }
    if (!res.length)
      return say("没有找到与“" + q + "”有关的文章。请换个说法，或少写几个字再试。");
    res.sort((a, b) => b.n - a.n || b.t - a.t || b.s - a.s || a.d - b.d);
    say((note || "找到与“" + q + "”有关的 ") + res.length + " 篇文章。");
    return show(res, meta, 0);
  })).catch(broken);
})();
