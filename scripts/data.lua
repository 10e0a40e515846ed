-- The data pages of the site, made from the public copy of the ledger (see
-- shouhu-ledger(5), THE PUBLIC COPY, and shouhu-site(5), LUA API):
--
--   /gongzuo/   工作进展: hazards by domain, grade, status, town (the name on
--               the office's list, town_canonical) and period,
--               and the campaign's results, each with a chart, a table and
--               an open-data CSV
--   /anli/      典型案例: the approved case disclosures, a page per case (in
--               the search index) and a page per fraud scheme; RSS and Atom
--               feeds of the cases (/anli/index.xml, /anli/atom.xml)
--   /fengxian/  养老机构风险概况: institutions by risk level and registration
--
-- site.lua calls it from its build function: require("data")(site).  Only
-- current rows and public fields can be read here: private fields are not
-- in the public copy, masked ones are masked already.

-- The folders of the data pages.  A site whose content/ already has a
-- section there (say content/anli/ of articles) gets them inside it.
local GONGZUO, ANLI, FENGXIAN = "gongzuo/", "anli/", "fengxian/"

local function place(site, base, sub)
  for _, s in ipairs(site.all_sections) do
    if s.path == base then return base .. sub .. "/" end
  end
  return base
end

local NODATA = "暂无数据：尚未接收各单位报送的数据。"

-- The choices of a field of a form, in the form's order.
local function choices(form, name)
  for _, f in ipairs(ledger.fields(form)) do
    if f.name == name then return f.choices end
  end
  error("表单 " .. form .. " 没有公开字段 " .. name)
end

local DOMAINS = choices("hazard_ledger", "domain")
local GRADE_LABELS = {
  A = "A 涉嫌犯罪，需移交司法机关",
  B = "B 明显问题，需责令整改",
  C = "C 苗头性问题，需风险提示",
}
local GRADES = {}
for _, g in ipairs(choices("hazard_ledger", "grade")) do
  GRADES[#GRADES + 1] = { g, GRADE_LABELS[g] or g }
end
local STATUSES = choices("hazard_ledger", "status")
local LEVELS = choices("institution_risk", "level")
local REGISTRATIONS = choices("institution_risk", "registration")

-- { [value] = number of current rows } of one column of a form's table.
local function counts(form, column)
  local t = {}
  for _, r in ipairs(ledger.query(string.format(
      'SELECT "%s" AS v, count(*) AS n FROM "%s" GROUP BY 1', column, form))) do
    if r.v ~= nil then t[r.v] = r.n end
  end
  return t
end

-- Table rows { label, count } for fixed values, zeros included; each value
-- is a string or { value, label }.
local function fixed_rows(cnt, values)
  local rows = {}
  for _, v in ipairs(values) do
    local value, label = v, v
    if type(v) == "table" then value, label = v[1], v[2] end
    rows[#rows + 1] = { label, cnt[value] or 0 }
  end
  return rows
end

-- Completes block b of a data page, and writes its CSV (b.csv, if any):
--   b.id, b.heading        anchor and heading (<h2>)
--   b.caption              the table's <caption>
--   b.header, b.rows       the table: the CSV has exactly the same cells
--   b.foot                 optional last row (totals), in <tfoot>
--   b.chart                "bar", "line" or nil: drawn from rows' first two cells
--   b.empty                true: the page says 暂无数据 instead (CSV still written)
local function block(site, b)
  local all = { table.unpack(b.rows) }
  if b.foot then all[#all + 1] = b.foot end
  -- no ledger, no data: a header alone, not zeros that look like counts
  if not ledger.available then all = {} end
  if b.csv then
    site.file{ path = b.csv, content = shouhu.csv{ header = b.header, rows = all } }
  end
  if b.chart and not b.empty then
    local items = {}
    for _, r in ipairs(b.rows) do items[#items + 1] = { label = r[1], value = r[2] } end
    local draw = b.chart == "line" and shouhu.line_chart or shouhu.bar_chart
    b.svg = draw{ id = "chart-" .. b.id, title = b.caption, unit = b.unit or "",
      items = items }
  end
  return b
end

-- /gongzuo/: hazards (hazard_ledger) and results (campaign_stats).
local function gongzuo(site)
  local total = ledger.query("SELECT count(*) AS n FROM hazard_ledger")[1].n
  local none = total == 0
  local towns, trend = {}, {}
  for _, r in ipairs(ledger.query([[
      SELECT coalesce(town_canonical, '未填写') AS t, count(*) AS n
      FROM hazard_ledger GROUP BY 1 ORDER BY n DESC, t]])) do
    towns[#towns + 1] = { r.t, r.n }
  end
  for _, r in ipairs(ledger.query([[
      SELECT _period AS p, count(*) AS n FROM hazard_ledger
      GROUP BY 1 ORDER BY 1]])) do
    trend[#trend + 1] = { r.p, r.n }
  end
  -- campaign results: the sum of every int field, in the form's order
  local ints, sums = {}, { "count(*) AS _n" }
  for _, f in ipairs(ledger.fields("campaign_stats")) do
    if f.type == "int" then
      ints[#ints + 1] = f
      sums[#sums + 1] = string.format('coalesce(sum("%s"), 0) AS "%s"', f.name, f.name)
    end
  end
  local s = ledger.query("SELECT " .. table.concat(sums, ", ") .. " FROM campaign_stats")[1]
  local results = {}
  for _, f in ipairs(ints) do results[#results + 1] = { f.label, s[f.name] } end

  local blocks = {
    block(site, { id = "lingyu", heading = "按领域统计", unit = "个",
      caption = "风险隐患数量（按领域）", header = { "领域", "数量" },
      rows = fixed_rows(counts("hazard_ledger", "domain"), DOMAINS),
      chart = "bar", empty = none, csv = GONGZUO .. "lingyu.csv" }),
    block(site, { id = "dengji", heading = "按等级统计", unit = "个",
      caption = "风险隐患数量（按等级）", header = { "等级", "数量" },
      rows = fixed_rows(counts("hazard_ledger", "grade"), GRADES),
      chart = "bar", empty = none, csv = GONGZUO .. "dengji.csv" }),
    block(site, { id = "zhuangtai", heading = "按整治状态统计", unit = "个",
      caption = "风险隐患数量（按整治状态）", header = { "整治状态", "数量" },
      rows = fixed_rows(counts("hazard_ledger", "status"), STATUSES),
      chart = "bar", empty = none, csv = GONGZUO .. "zhuangtai.csv" }),
    block(site, { id = "zhenjie", heading = "按镇街统计", unit = "个",
      caption = "风险隐患数量（按涉及镇街）", header = { "镇街", "数量" },
      rows = towns, chart = "bar", empty = none, csv = GONGZUO .. "zhenjie.csv" }),
    block(site, { id = "qushi", heading = "各期排查数量", unit = "个",
      caption = "风险隐患数量（按报送期间）", header = { "期间", "数量" },
      rows = trend, chart = "line", empty = none, csv = GONGZUO .. "qushi.csv" }),
    block(site, { id = "zhanguo", heading = "专项行动战果",
      caption = "专项行动战果（各单位各期合计）", header = { "项目", "数量" },
      rows = results, chart = "bar", empty = s._n == 0,
      csv = GONGZUO .. "zhanguo.csv" }),
  }
  site.page{ path = GONGZUO, template = "stats.html", title = "工作进展",
    summary = "打击整治养老诈骗专项行动风险隐患排查整治情况和工作战果统计，附开放数据下载。",
    data = { note = not ledger.available and NODATA or nil, total = total,
      blocks = blocks } }
end

-- "2022-06-30" as 2022年6月30日.
local function cn_date(d)
  local y, m, day = (d or ""):match("^(%d+)-(%d+)-(%d+)$")
  if not y then return d end
  return string.format("%d年%d月%d日", tonumber(y), tonumber(m), tonumber(day))
end

-- An amount as people read it: 200000, 1200.5.
local function amount(v)
  if v == math.floor(v) then return string.format("%d", math.floor(v)) end
  return (string.format("%.2f", v):gsub("0$", ""))
end

-- /anli/: approved cases, a page each, and a page per fraud scheme.
local function anli(site)
  local cases, pages, used = {}, {}, { leixing = true }	-- anli/leixing/ holds the schemes
  local schemes, by_scheme = {}, {}
  for _, c in ipairs(ledger.query([[
      SELECT * FROM case_disclosure WHERE approval = '已批准'
      ORDER BY decision_date DESC, decision_no, _unit, _period, _row]])) do
    local slug = shouhu.slug(c.decision_no or "")
    if slug == "" or used[slug] or slug:find("^%.") or slug:find("..", 1, true) then
      slug = string.lower(string.format("%s-%s-%s", c._unit, c._period, c._row))
    end
    used[slug] = true
    c.date_text = cn_date(c.decision_date)
    c.facts_html = shouhu.markdown(c.facts or "", false)
    if c.recovered then c.recovered_text = amount(c.recovered) end
    c.scheme_url = shouhu.url("/" .. ANLI .. "leixing/" .. shouhu.slug(c.scheme) .. "/")
    c.list_url = shouhu.url("/" .. ANLI)
    -- searchable: its text (the public fields shown) goes into the search
    -- index; dated by the decision, for the feed of cases
    local page = site.page{ path = ANLI .. slug .. "/", template = "case.html",
      title = c.title, summary = shouhu.summary(c.penalty or "", 120), data = c,
      searchable = true, date = c.decision_date }
    c.url = page.url
    pages[#pages + 1] = page
    cases[#cases + 1] = c
    if not by_scheme[c.scheme] then
      by_scheme[c.scheme] = {}
      schemes[#schemes + 1] = { name = c.scheme, url = c.scheme_url }
    end
    table.insert(by_scheme[c.scheme], c)
  end
  -- schemes: most cases first, then by name
  for _, s in ipairs(schemes) do s.count = #by_scheme[s.name] end
  table.sort(schemes, function(a, b)
    if a.count ~= b.count then return a.count > b.count end
    return a.name < b.name
  end)
  for _, s in ipairs(schemes) do
    site.page{ path = ANLI .. "leixing/" .. shouhu.slug(s.name) .. "/",
      template = "cases.html", title = s.name,
      summary = "套路类型为“" .. s.name .. "”的典型案例。",
      data = { scheme = s.name, cases = by_scheme[s.name],
        list_url = shouhu.url("/" .. ANLI) } }
  end
  -- feed: RSS and Atom of the cases, newest decision first (index.xml and
  -- atom.xml next to the list; cases.html links them)
  site.page{ path = ANLI, template = "cases.html", title = "典型案例",
    summary = "打击整治养老诈骗专项行动中查处的典型案例（以案说法）。",
    feed = pages,
    data = { note = not ledger.available and NODATA or nil, cases = cases,
      schemes = schemes, feed = shouhu.url("/" .. ANLI) } }
end

-- /fengxian/: institutions by risk level and registration (no names).
local function fengxian(site)
  local cross, by_level, by_reg, total = {}, {}, {}, 0
  for _, r in ipairs(ledger.query([[
      SELECT level, registration, count(*) AS n FROM institution_risk r
      -- the register is monthly: each unit's latest month counts
      WHERE _period = (SELECT max(_period) FROM institution_risk
                       WHERE _unit = r._unit)
      GROUP BY 1, 2]])) do
    if r.level and r.registration then
      cross[r.level .. "/" .. r.registration] = r.n
      by_level[r.level] = (by_level[r.level] or 0) + r.n
      by_reg[r.registration] = (by_reg[r.registration] or 0) + r.n
      total = total + r.n
    end
  end
  local rows, foot = {}, { "合计" }
  for _, l in ipairs(LEVELS) do
    local row = { l }
    for _, g in ipairs(REGISTRATIONS) do row[#row + 1] = cross[l .. "/" .. g] or 0 end
    row[#row + 1] = by_level[l] or 0
    rows[#rows + 1] = row
  end
  for _, g in ipairs(REGISTRATIONS) do foot[#foot + 1] = by_reg[g] or 0 end
  foot[#foot + 1] = total
  local none = total == 0
  local blocks = {
    block(site, { id = "fengxiandengji", heading = "按风险等级统计", unit = "家",
      caption = "养老机构数量（按风险等级）", header = { "风险等级", "数量" },
      rows = fixed_rows(by_level, LEVELS), chart = "bar", empty = none }),
    block(site, { id = "dengjizhuangtai", heading = "按登记状态统计", unit = "家",
      caption = "养老机构数量（按登记状态）", header = { "登记状态", "数量" },
      rows = fixed_rows(by_reg, REGISTRATIONS), chart = "bar", empty = none }),
    block(site, { id = "jiaocha", heading = "风险等级与登记状态",
      caption = "养老机构数量（风险等级 × 登记状态）",
      header = { "风险等级", "已登记", "未登记", "合计" }, rows = rows,
      foot = foot, empty = none, csv = FENGXIAN .. "fengxian.csv" }),
  }
  site.page{ path = FENGXIAN, template = "risk.html", title = "养老机构风险概况",
    summary = "辖区养老机构风险等级（绿、黄、橙、红）和登记状态的统计，不含机构名称。",
    data = { note = not ledger.available and NODATA or nil, total = total,
      blocks = blocks } }
end

return function(site)
  GONGZUO = place(site, "gongzuo/", "shuju")
  ANLI = place(site, "anli/", "gongshi")
  FENGXIAN = place(site, "fengxian/", "shuju")
  gongzuo(site)
  anli(site)
  fengxian(site)
end
