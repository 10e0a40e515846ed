#!/bin/sh
# Open data that spreadsheets cannot be tricked by (issue 12, property 7).
# A site whose build hook writes site.file{} with shouhu.csv{} of hostile
# cells (tests/e2e/open_data_check.py: line breaks, commas, quotes, cells
# starting = + - @ tab CR, DDE payloads, Lua numbers, plain-number text)
# is built; the CSV is read back with Python's csv module and imported
# into LibreOffice Calc (comma, UTF-8, formulas evaluated as they are by
# default) and read back from the .xlsx with openpyxl.  Each must give
# exactly the records and cells written, with the same text, a ' in
# front where the formula guard puts one, plain decimal numbers as
# numbers, and not one formula.  Without soffice the test fails.
. "$(dirname "$0")/lib/common.sh"
CHECK=$(cd "$(dirname "$0")" && pwd)/open_data_check.py
PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null ||
    die "$PY cannot import openpyxl: run sh scripts/deps.sh (python3-openpyxl)"
command -v soffice >/dev/null 2>&1 ||
    die "soffice (LibreOffice) is missing: run sh scripts/deps.sh (libreoffice-calc-nogui)"
cd "$T"

mksite s 1
"$PY" "$CHECK" lua s/scripts/hostile.lua || die "cannot write the cells"
cat >s/scripts/site.lua <<'LUA'
local hostile = require("hostile")
return {
  title = "开放数据",
  baseurl = "https://example.org/",
  theme = "t",
  build = function(site)
    site.file{ path = "data/hostile.csv", content = shouhu.csv(hostile) }
  end,
}
LUA
build -C s -o pub || die "build failed: $(cat "$T/stderr")"
[ -f pub/data/hostile.csv ] || die "pub/data/hostile.csv was not written"

"$PY" "$CHECK" csv pub/data/hostile.csv || die "Python's csv module reads it wrong"

# LibreOffice: its own profile and HOME in the test folder; comma (44),
# quote (34), UTF-8 (76), from line 1
mkdir lo home
HOME=$T/home soffice -env:UserInstallation="file://$T/lo" --headless \
    --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$T/xlsx" \
    pub/data/hostile.csv >lo.log 2>&1 ||
    die "soffice failed: $(cat lo.log)"
[ -f xlsx/hostile.xlsx ] || die "soffice wrote no xlsx: $(cat lo.log)"
"$PY" "$CHECK" xlsx xlsx/hostile.xlsx || die "LibreOffice reads it wrong"

# a NUL byte in a cell is refused with the row and column
cat >s/scripts/site.lua <<'LUA'
return {
  title = "开放数据",
  theme = "t",
  build = function(site)
    site.file{ path = "x.csv", content = shouhu.csv{ header = { "a", "b" },
      rows = { { "1", "2" }, { "3", "x\0y" } } } }
  end,
}
LUA
expect 1 "$SHOUHU" build -C s -o pub2 -q
same err <<'MSG'
s/scripts/site.lua:5: shouhu.csv：rows 的第 2 行第 2 列有 NUL 字符：表格里不能有它，请在脚本里去掉（在 site.lua 的 build 函数里）
shouhu: 没有生成网站：pub2 保持原样
MSG
