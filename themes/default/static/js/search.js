/* Search for layouts/search.html: ?q= → the index generator/search.c
 * writes, whose tokens and hash these must match.  No dependencies. */
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

  function show(res, meta, from) {
    var part = res.slice(from, from + MORE), C = meta.chunk, l = {};
    var el = (p, t) => p.appendChild(document.createElement(t));
    part.forEach(x => { l[Math.floor(x.d / C)] = 1; });
    return Promise.all(Object.keys(l).map(k =>
      get("d/" + k + ".json", meta.id).then(x => { l[k] = x; }))).then(() => {
      var ol = box.querySelector("ol"), b = box.querySelector("button"), first;
      if (!ol) (ol = el(box, "ol")).className = "list";
      if (b) b.remove();
      part.forEach(x => {
        var d = l[Math.floor(x.d / C)][x.d % C], li = el(ol, "li"), a = el(li, "a");
        a.href = d[0];
        a.textContent = d[1];
        if (d[2]) el(li, "p").textContent = d[2];
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
