#!/bin/sh
# shouhu units kit (issue 18, points 1 and 4): the office makes a unit's
# kit.  The exact files and modes of a kit (the libraries of its Linux
# program apart: they depend on the build, and are checked with ldd:
# every library but the C library's is found in 程序文件/lib/), kit.json,
# the keys (单位.key 0600, named after the unit; 专项办.pub the office's),
# the unit registered with the kit's key (units list; a bundle signed with
# it is accepted by ingest), the templates carrying the unit's code, the
# towns list, 打包报送.desktop (desktop-file-validate, and its Exec line run
# the way a desktop runs it, with %k and %F expanded: it starts
# 程序文件/shouhu-collect with the dropped files, also from a folder with
# spaces and a $ in its name), the guide (self-contained, the unit's data
# filled in).  Refused with an exact message, exit 1 and nothing written
# (no kit, no temporary folder, the ledger as it was): an existing
# non-empty folder, a bad --office key, a unit registered already without
# --replace; with --replace the unit gets the new key.  --forms, --windows
# (copied as 打包报送.exe; not a Windows program: refused), and without a
# Windows program a warning.  A static Linux program beside shouhu
# (shouhu-collect-static, make linux-static) is preferred: no lib/, no
# glibc line.  An aarch64 one (shouhu-collect-static-arm64, make
# linux-static-arm64) goes in as 程序文件/shouhu-collect-arm64, a file of
# another processor by that name does not; the launcher runs it where
# uname -m says aarch64, and says in one sentence when the kit has no
# program for the machine (an x86-64 or aarch64 one missing, LoongArch).
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
PY=/usr/bin/python3
command -v desktop-file-validate >/dev/null 2>&1 ||
    die "desktop-file-validate is missing: install desktop-file-utils (sh scripts/deps.sh)"
cd "$T"
umask 022
# copies of the programs, so that no Windows program is found beside them
mkdir bin
cp "$SHOUHU" bin/shouhu
cp "$COLLECT" bin/shouhu-collect
# not an aarch64 program: not put in the kit
cp "$COLLECT" bin/shouhu-collect-static-arm64
S=$T/bin/shouhu

# mask FILE: what varies between builds and keys made masked
mask() {
	sed 's/公钥 [0-9a-f]\{16\}/公钥 KEYID/; s/用的 [0-9]* 个库/用的 N 个库/;
	    s/^共 [0-9]* 个文件，[0-9.]* MB$/共 N 个文件，X MB/;
	    s/不低于 2\.[0-9.]*$/不低于 2.X/' "$1" >"$1.masked"
	mv "$1.masked" "$1"
}
# tree DIR: the modes and paths below DIR, but the libraries in lib/
tree() {
	(cd "$1" && find . -path ./程序文件/lib/\* -prune -o \
	    -printf '%M %p\n' | LC_ALL=C sort -k 2)
}
# nothing_left NAME: no NAME and no temporary folder beside it
nothing_left() {
	[ ! -e "$1" ] || die "$1 was written"
	for x in "$1".tmp-*; do
		[ -e "$x" ] && die "left behind: $x"
	done
	return 0
}

expect 0 "$COLLECT" keygen 专项办
expect 0 "$S" towns add 新兖镇
expect 0 "$S" towns add 大安镇 大安
expect 0 "$S" towns list --plain
mv out towns.txt

# ---- a kit -----------------------------------------------------------------
expect 0 "$S" units kit --office 专项办.pub --office-name 兖州区专项办 \
    370812001 新兖镇市场监管所 -o 新兖镇
id=$(sed -n '1s/.*（公钥 \([0-9a-f]*\)）.*/\1/p' out)
[ -n "$id" ] || die "no key id in: $(cat out)"
nlib=$(sed -n 's/.*用的 \([0-9]*\) 个库.*/\1/p' out)
mask out
same out <<'OUT'
已登记 370812001 新兖镇市场监管所（公钥 KEYID），工具包在 新兖镇：
  空白表格/  6 张空白表格，带单位代码 370812001
  填好的表格/、待发送/  空文件夹
  打包报送.desktop  Linux 桌面的启动器
  程序文件/  Linux 程序和它用的 N 个库、单位的密钥、设置、镇街名单
  使用说明.html
共 N 个文件，X MB
Linux 程序要求系统的 C 库（glibc）不低于 2.X
下一步：把整个文件夹 新兖镇 复制到 U 盘，交给新兖镇市场监管所；里面有这个单位的私钥，不要用邮件或网盘传送
OUT
same err <<'ERR'
shouhu: 注意：没有找到 Windows 程序（shouhu-collect.exe），工具包里不会有 打包报送.exe，Windows 电脑上用不了：在 Shouhu 的源码目录运行 make windows，再加上 --windows build/windows/shouhu-collect.exe 重新制作
ERR
nothing_left 新兖镇.x
ls -d 新兖镇.tmp-* >/dev/null 2>&1 && die "a temporary folder was left"
tree 新兖镇 >got.tree
same got.tree <<'TREE'
drwxr-xr-x .
-rw-r--r-- ./使用说明.html
drwxr-xr-x ./填好的表格
drwxr-xr-x ./待发送
-rwxr-xr-x ./打包报送.desktop
drwxr-xr-x ./程序文件
-rw-r--r-- ./程序文件/kit.json
drwxr-xr-x ./程序文件/lib
-rwxr-xr-x ./程序文件/shouhu-collect
-rw-r--r-- ./程序文件/专项办.pub
-rw------- ./程序文件/单位.key
-rw-r--r-- ./程序文件/单位.pub
-rw-r--r-- ./程序文件/镇街.txt
drwxr-xr-x ./空白表格
-rw-r--r-- ./空白表格/典型案例.xlsx
-rw-r--r-- ./空白表格/养老机构风险管控名单.xlsx
-rw-r--r-- ./空白表格/案件来源登记表.xlsx
-rw-r--r-- ./空白表格/案件查办进度表.xlsx
-rw-r--r-- ./空白表格/进展战果统计表.xlsx
-rw-r--r-- ./空白表格/风险隐患排查化解台账.xlsx
TREE
cmp 新兖镇/程序文件/shouhu-collect "$COLLECT" || die "the collector is not a copy"
cmp 新兖镇/程序文件/专项办.pub 专项办.pub || die "专项办.pub is not the office's key"
cmp 新兖镇/程序文件/镇街.txt towns.txt || die "镇街.txt is not towns list --plain"
sed -n 2p 新兖镇/程序文件/单位.key >res
same res <<'EOF2'
name: 新兖镇市场监管所
EOF2
# (kitconf_write ends it without a line break)
{ cat 新兖镇/程序文件/kit.json; echo; } >res
same res <<'JSON'
{
  "format": "shouhu-kit/1",
  "unit": {
    "code": "370812001",
    "name": "新兖镇市场监管所"
  },
  "office": "兖州区专项办",
  "deadline": {
    "weekday": 4,
    "hour": 10,
    "minute": 0
  },
  "forms": [
    "campaign_stats",
    "case_disclosure",
    "case_progress",
    "case_source",
    "hazard_ledger",
    "institution_risk"
  ]
}
JSON

# the Linux program's libraries: every one but the C library's in lib/,
# copies of the ones the collector was built with
[ "$(ls 新兖镇/程序文件/lib | wc -l)" -eq "$nlib" ] ||
    die "lib/ has not the $nlib libraries said: $(ls 新兖镇/程序文件/lib)"
[ "$nlib" -gt 0 ] || die "no library copied"
ldd 新兖镇/程序文件/shouhu-collect >ldd.out
! grep -q 'not found' ldd.out || die "kit program: $(cat ldd.out)"
awk '/=>/ && $1 !~ /^(libc|libm|libpthread|libdl|librt|libresolv|libutil|libanl|libmvec)\.so|^ld-linux/ {
	if (index($3, "/新兖镇/程序文件/lib/" $1) == 0) print }' ldd.out >stray
[ ! -s stray ] || die "libraries not taken from the kit: $(cat stray)"
ldd "$COLLECT" | awk '/=> \// { print $1, $3 }' | while read -r so p; do
	[ -f "新兖镇/程序文件/lib/$so" ] || continue
	cmp "$p" "新兖镇/程序文件/lib/$so" || die "lib/$so is not $p"
done
env -u LD_LIBRARY_PATH 新兖镇/程序文件/shouhu-collect version >/dev/null ||
    die "the kit's program does not start"

# the templates: each names its form and carries the unit's code
"$PY" - 新兖镇/空白表格/*.xlsx > res <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
ns = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
for path in sys.argv[1:]:
    root = ET.fromstring(zipfile.ZipFile(path).read("docProps/custom.xml"))
    props = {p.get("name"): "".join(p.itertext()) for p in root.iter(ns + "property")}
    print(path.split("/")[-1], props.get("shouhu.form"),
          props.get("shouhu.version"), props.get("shouhu.unit"))
PY
same res <<'EOF2'
典型案例.xlsx case_disclosure 1 370812001
养老机构风险管控名单.xlsx institution_risk 1 370812001
案件来源登记表.xlsx case_source 1 370812001
案件查办进度表.xlsx case_progress 1 370812001
进展战果统计表.xlsx campaign_stats 2 370812001
风险隐患排查化解台账.xlsx hazard_ledger 1 370812001
EOF2
# the town fields offer the ledger's towns
unzip -p 新兖镇/空白表格/风险隐患排查化解台账.xlsx >all.xml
grep -q 大安镇 all.xml || die "the template does not offer the towns"

# ---- the registration --------------------------------------------------
expect 0 "$S" units list
cut -f 1-3 out >res
same res <<EOF2
370812001	新兖镇市场监管所	公钥 $id
EOF2
# a bundle signed with the kit's key is the unit's
expect 0 "$COLLECT" template campaign_stats -o blank.csv
expect 0 "$COLLECT" pack --unit 370812001 --period 2023-W45 \
    --key 新兖镇/程序文件/单位.key --to 新兖镇/程序文件/专项办.pub \
    campaign_stats=blank.csv -o b.zip
expect 0 "$S" ingest --key 专项办.key b.zip
expect 0 "$S" units list
cut -f 1,5 out >res
same res <<'EOF2'
370812001	数据包 1 个，最近 2023-11-14T22:13:20Z
EOF2

# ---- the launcher ----------------------------------------------------------
expect 0 desktop-file-validate 新兖镇/打包报送.desktop
[ ! -s out ] || die "desktop-file-validate: $(cat out)"
# run DESKTOP FILE...: runs the Exec line of DESKTOP as a desktop does
# (desktop entry specification 1.5: the value's string escapes, then
# quoting, then %k = the entry's path, %F = the files, %% = %), from
# another folder
run() {
	"$PY" - "$@" <<'PY'
import os, subprocess, sys
entry, files = os.path.abspath(sys.argv[1]), sys.argv[2:]
group = None
for line in open(entry, encoding="utf-8").read().split("\n"):
    if line.startswith("["):
        group = line
    elif group == "[Desktop Entry]" and line.startswith("Exec="):
        value = line[5:]
esc = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
raw, i = "", 0
while i < len(value):
    if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in esc:
        raw += esc[value[i + 1]]; i += 2
    else:
        raw += value[i]; i += 1
args, i = [], 0
while i < len(raw):
    if raw[i] == " ":
        i += 1; continue
    if raw[i] == '"':
        a, i = "", i + 1
        while raw[i] != '"':
            if raw[i] == "\\":
                assert raw[i + 1] in '"`$\\', raw[i:]
                i += 1
            a += raw[i]; i += 1
        args.append(a); i += 1
        continue
    j = raw.find(" ", i)
    j = len(raw) if j < 0 else j
    a = raw[i:j]; i = j
    if a == "%F":
        args.extend(files)
    elif a == "%k":
        args.append(entry)
    else:
        assert "%" not in a.replace("%%", ""), a
        args.append(a.replace("%%", "%"))
sys.exit(subprocess.run(args, cwd="/").returncode)
PY
}
mkdir -p "U 盘/\$HOME 工具包"
cp -a 新兖镇/. "U 盘/\$HOME 工具包/"
cat >"U 盘/\$HOME 工具包/程序文件/shouhu-collect" <<'SH'
#!/bin/sh
echo "程序：$0"
for a in "$@"; do echo "文件：$a"; done
echo "共 $# 个"
SH
: >"填好的 表格 1.xlsx"
: >'战果 $(x) "2".csv'
expect 0 run "U 盘/\$HOME 工具包/打包报送.desktop" "$T/填好的 表格 1.xlsx" \
    "$T/战果 \$(x) \"2\".csv"
same out <<EOF2
程序：$T/U 盘/\$HOME 工具包/程序文件/shouhu-collect
文件：$T/填好的 表格 1.xlsx
文件：$T/战果 \$(x) "2".csv
共 2 个
EOF2
expect 0 run "U 盘/\$HOME 工具包/打包报送.desktop"
same out <<EOF2
程序：$T/U 盘/\$HOME 工具包/程序文件/shouhu-collect
共 0 个
EOF2
# a kit copied off a FAT stick has lost its modes: the launcher makes the
# program executable and the secret key its owner's only
chmod 644 "U 盘/\$HOME 工具包/程序文件/shouhu-collect" "U 盘/\$HOME 工具包/程序文件/单位.key"
expect 0 run "U 盘/\$HOME 工具包/打包报送.desktop" "$T/填好的 表格 1.xlsx"
same out <<EOF2
程序：$T/U 盘/\$HOME 工具包/程序文件/shouhu-collect
文件：$T/填好的 表格 1.xlsx
共 1 个
EOF2
stat -c '%a %n' "U 盘/\$HOME 工具包/程序文件/shouhu-collect" "U 盘/\$HOME 工具包/程序文件/单位.key" >res
same res <<EOF2
755 U 盘/\$HOME 工具包/程序文件/shouhu-collect
600 U 盘/\$HOME 工具包/程序文件/单位.key
EOF2
grep -qx 'Terminal=true' 新兖镇/打包报送.desktop || die "no Terminal=true"
# the program for the machine's processor, as uname -m says (a uname that
# says what FAKE_M says, first in PATH): aarch64 runs
# 程序文件/shouhu-collect-arm64 (made executable as the other); a kit
# without it, or a processor of neither kind, one sentence and exit 1
K="U 盘/\$HOME 工具包"
mkdir fakebin
printf '#!/bin/sh\necho "$FAKE_M"\n' >fakebin/uname
chmod 755 fakebin/uname
oldpath=$PATH
PATH=$T/fakebin:$PATH
FAKE_M=aarch64
export FAKE_M
expect 1 run "$K/打包报送.desktop" "$T/填好的 表格 1.xlsx" </dev/null
same out <<EOF2
工具包里没有这台电脑（aarch64）用的程序 $T/$K/程序文件/shouhu-collect-arm64：请找专项办重新制作工具包
EOF2
sed 's/^echo "程序：/echo "ARM64 程序：/' "$K/程序文件/shouhu-collect" \
    >"$K/程序文件/shouhu-collect-arm64"
chmod 644 "$K/程序文件/shouhu-collect-arm64"
expect 0 run "$K/打包报送.desktop" "$T/填好的 表格 1.xlsx" </dev/null
same out <<EOF2
ARM64 程序：$T/$K/程序文件/shouhu-collect-arm64
文件：$T/填好的 表格 1.xlsx
共 1 个
EOF2
[ -x "$K/程序文件/shouhu-collect-arm64" ] ||
    die "the launcher did not make shouhu-collect-arm64 executable"
FAKE_M=x86_64
expect 0 run "$K/打包报送.desktop" </dev/null
same out <<EOF2
程序：$T/$K/程序文件/shouhu-collect
共 0 个
EOF2
FAKE_M=loongarch64
expect 1 run "$K/打包报送.desktop" "$T/填好的 表格 1.xlsx" </dev/null
same out <<EOF2
这台电脑的处理器是 loongarch64，工具包里只有 x86-64 和 ARM64 电脑的程序：请找专项办要这种电脑能用的程序
EOF2
PATH=$oldpath
unset FAKE_M

# ---- the guide -------------------------------------------------------------
g=新兖镇/使用说明.html
for want in 新兖镇市场监管所 370812001 兖州区专项办 '星期四 10:00' \
    '新兖镇市场监管所-2023年第45周.zip' '<svg' 空白表格 填好的表格 待发送 \
    问题清单 '不低于 2.'; do
	grep -qF "$want" "$g" || die "$g does not say $want"
done
[ "$(grep -o '<svg' "$g" | wc -l)" -eq 3 ] || die "$g: not three pictures"
# every element closed where it should be (a page the browsers need not guess)
"$PY" - "$g" <<'PY' || die "$g is not well formed"
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "hr", "link", "input"}
class P(HTMLParser):
    stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        top = self.stack.pop() if self.stack else None
        if top != tag:
            sys.exit("</%s> closes <%s> at line %d" % (tag, top, self.getpos()[0]))
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.stack:
    sys.exit("not closed: %s" % p.stack)
PY
! grep -Eiq '(src|href)=|url\(|@import|https?:' "$g" ||
    die "$g loads something: $(grep -Eio '(src|href)=[^ ]*|url\([^)]*|https?:[^ ]*' "$g")"

# ---- refusals: nothing written ---------------------------------------------
cp ledger.db ledger.before
expect 1 "$S" units kit --office 专项办.pub 370812001 新兖镇市场监管所 -o 第二份
mask err
same err <<'EOF2'
ledger.db: 单位 370812001 已经登记过（新兖镇市场监管所，公钥 KEYID）：新的工具包带新的密钥，做了以后这个单位原来的密钥就作废（用它打的数据包不再接收）；确实要给它做新的工具包，加上 --replace 再运行
EOF2
nothing_left 第二份
cmp ledger.db ledger.before || die "the ledger changed"

# an existing folder that is not empty, a file
mkdir 有东西
echo 旧 >有东西/a.txt
expect 1 "$S" units kit --office 专项办.pub U2 大安镇市场监管所 -o 有东西
same err <<'EOF2'
有东西: 文件夹里已经有东西：工具包要写进一个新的（或空的）文件夹，请换一个名字，或先移走里面的文件
EOF2
[ "$(ls 有东西)" = a.txt ] && [ "$(cat 有东西/a.txt)" = 旧 ] ||
    die "有东西/ was touched"
expect 1 "$S" units kit --office 专项办.pub U2 大安镇市场监管所 -o 有东西/a.txt
same err <<'EOF2'
有东西/a.txt: 已经有这个文件：工具包要写进一个新的文件夹，请换一个名字
EOF2
# a bad office key: the unit's secret key, the office's, not a key
for bad in 专项办.key 新兖镇/程序文件/单位.key towns.txt missing.pub; do
	expect 1 "$S" units kit --ledger new.db --office "$bad" U2 大安镇市场监管所 \
	    -o 大安镇
	nothing_left 大安镇
	[ ! -e new.db ] || die "--office $bad: a ledger was made"
	cat err >>bad.err
done
same bad.err <<'EOF2'
专项办.key: 这是私钥文件（.key），不是公钥：请改用同名的 .pub 文件（私钥不要交给任何人）：--office 要给出专项办的公钥文件（专项办.pub）
新兖镇/程序文件/单位.key: 这是私钥文件（.key），不是公钥：请改用同名的 .pub 文件（私钥不要交给任何人）：--office 要给出专项办的公钥文件（专项办.pub）
towns.txt: 不是 Shouhu 密钥文件：第一行应为 “shouhu-public-key 1”（请使用 shouhu-collect keygen 生成的文件）：--office 要给出专项办的公钥文件（专项办.pub）
missing.pub: 无法打开密钥文件：文件或文件夹不存在：请检查文件名，公钥文件以 .pub 结尾：--office 要给出专项办的公钥文件（专项办.pub）
EOF2
cmp ledger.db ledger.before || die "the ledger changed"

# ---- usage ---------------------------------------------------------------
expect 2 "$S" units kit 370812001 新兖镇市场监管所 -o x
same err <<'EOF2'
shouhu: 要用 --office 给出专项办的公钥文件（专项办.pub），单位的数据包加密给它
EOF2
expect 2 "$S" units kit --office 专项办.pub 370812001 新兖镇市场监管所
same err <<'EOF2'
shouhu: 要用 -o 给出工具包的文件夹，如 -o "新兖镇市场监管所工具包"
EOF2
expect 2 "$S" units kit --office 专项办.pub --forms hazard_ledger,台账 U2 大安镇市场监管所 -o x
same err <<'EOF2'
shouhu: --forms 里的“台账”不是表的代号：可用的有 campaign_stats、case_disclosure、case_progress、case_source、hazard_ledger、institution_risk，用逗号隔开，如 --forms hazard_ledger,campaign_stats
EOF2
expect 2 "$S" units kit --office 专项办.pub --deadline 星期八 U2 大安镇市场监管所 -o x
same err <<'EOF2'
shouhu: --deadline 应当是星期几和北京时间，如 "星期四 10:00" 或 "4 10:00"，不是“星期八”
EOF2
expect 2 "$S" units kit --office 专项办.pub 'U 2' 大安镇市场监管所 -o x
same err <<'EOF2'
shouhu: 单位代码“U 2”不可用：只能用字母、数字、- 和 _，最长 32 个字符
EOF2
expect 2 "$S" units list --office 专项办.pub
nothing_left x
cmp ledger.db ledger.before || die "the ledger changed"

# ---- --replace: the unit gets the kit's new key --------------------------
expect 0 "$S" units kit --replace --office 专项办.pub 370812001 新兖镇市场监管所 \
    -o 第二份//
id2=$(sed -n '1s/.*（公钥 \([0-9a-f]*\)）.*/\1/p' out)
sed -n 1,2p out >res
same res <<EOF2
已给 370812001 新兖镇市场监管所 换上新的密钥（公钥 $id2），工具包在 第二份：
（这个单位原来的密钥已作废，旧工具包打的数据包不再接收）
EOF2
[ "$id2" != "$id" ] || die "--replace kept the old key"
expect 0 "$S" units list
cut -f 1-3 out >res
same res <<EOF2
370812001	新兖镇市场监管所	公钥 $id2
EOF2

# ---- --forms, --windows, an empty folder, no towns -------------------------
printf 'MZ\220\000not really a program' >fake.exe
printf 'ELF' >notwin.exe
expect 1 "$S" units kit --ledger l2.db --office 专项办.pub --windows notwin.exe \
    U2 大安镇市场监管所 -o 大安镇
same err <<'EOF2'
notwin.exe: 这不是 Windows 程序（.exe）：--windows 要给出 make windows 做出的 shouhu-collect.exe
EOF2
nothing_left 大安镇
[ ! -e l2.db ] || die "a refused kit made a ledger"
mkdir 大安镇
expect 0 "$S" units kit --ledger l2.db --office 专项办.pub --windows fake.exe \
    --forms institution_risk,hazard_ledger --deadline "5 17:30" \
    U2 大安镇市场监管所 -o 大安镇
[ ! -s err ] || die "a kit with a Windows program warned: $(cat err)"
grep -c 'Windows 程序' out | grep -qx 1 || die "no Windows program said: $(cat out)"
cmp fake.exe 大安镇/打包报送.exe || die "打包报送.exe is not --windows"
[ "$(stat -c %a 大安镇/打包报送.exe)" = 755 ] || die "打包报送.exe is not 755"
ls 大安镇/空白表格 >res
same res <<'EOF2'
养老机构风险管控名单.xlsx
风险隐患排查化解台账.xlsx
EOF2
[ ! -e 大安镇/程序文件/镇街.txt ] || die "镇街.txt without a towns list"
sed -n '/deadline/,/forms/p' 大安镇/程序文件/kit.json | tr -d ' \n' >res
echo >>res
same res <<'EOF2'
"deadline":{"weekday":5,"hour":17,"minute":30},"forms":[
EOF2
grep -q '每<b>星期五 17:30</b>' 大安镇/使用说明.html || die "the guide has not the deadline"

# ---- with the static Linux program (make linux-static) ---------------------
# Found beside shouhu as make install puts it (shouhu-collect-static) and
# preferred: no lib/, no glibc line, the guide says it needs no library.
# The program is make linux-static's when it is built, else the system's
# static ldconfig (only copied, never run).
static=$(dirname "$SHOUHU")/../linux-static/shouhu-collect
[ -x "$static" ] || static=/sbin/ldconfig
ldd "$static" 2>&1 | grep -q 'not a dynamic\|statically linked' ||
    die "$static is not static: $(ldd "$static" 2>&1)"
# The aarch64 program (make linux-static-arm64) beside it when built, else
# an AArch64 ELF header (only copied, never run).
arm=$(dirname "$SHOUHU")/../linux-static-arm64/shouhu-collect
if [ ! -f "$arm" ]; then
	arm=$T/arm64-header
	printf '\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\2\0\267\0' >"$arm"
fi
mkdir bin3
cp "$SHOUHU" bin3/shouhu
cp "$COLLECT" bin3/shouhu-collect
cp "$static" bin3/shouhu-collect-static
cp "$arm" bin3/shouhu-collect-static-arm64
expect 0 bin3/shouhu units kit --ledger l4.db --office 专项办.pub \
    --office-name 兖州区专项办 U4 漕河镇市场监管所 -o 漕河镇
mask out
same out <<'OUT'
已登记 U4 漕河镇市场监管所（公钥 KEYID），工具包在 漕河镇：
  空白表格/  6 张空白表格，带单位代码 U4
  填好的表格/、待发送/  空文件夹
  打包报送.desktop  Linux 桌面的启动器
  程序文件/  Linux 程序（静态链接，不用另装库）、单位的密钥、设置
  程序文件/shouhu-collect-arm64  ARM64（aarch64）Linux 的程序（静态链接）
  使用说明.html
共 N 个文件，X MB
下一步：把整个文件夹 漕河镇 复制到 U 盘，交给漕河镇市场监管所；里面有这个单位的私钥，不要用邮件或网盘传送
OUT
(cd 漕河镇 && find . -printf '%M %p\n' | LC_ALL=C sort -k 2) >got.tree
same got.tree <<'TREE'
drwxr-xr-x .
-rw-r--r-- ./使用说明.html
drwxr-xr-x ./填好的表格
drwxr-xr-x ./待发送
-rwxr-xr-x ./打包报送.desktop
drwxr-xr-x ./程序文件
-rw-r--r-- ./程序文件/kit.json
-rwxr-xr-x ./程序文件/shouhu-collect
-rwxr-xr-x ./程序文件/shouhu-collect-arm64
-rw-r--r-- ./程序文件/专项办.pub
-rw------- ./程序文件/单位.key
-rw-r--r-- ./程序文件/单位.pub
drwxr-xr-x ./空白表格
-rw-r--r-- ./空白表格/典型案例.xlsx
-rw-r--r-- ./空白表格/养老机构风险管控名单.xlsx
-rw-r--r-- ./空白表格/案件来源登记表.xlsx
-rw-r--r-- ./空白表格/案件查办进度表.xlsx
-rw-r--r-- ./空白表格/进展战果统计表.xlsx
-rw-r--r-- ./空白表格/风险隐患排查化解台账.xlsx
TREE
cmp 漕河镇/程序文件/shouhu-collect "$static" ||
    die "the kit's program is not the static one"
cmp 漕河镇/程序文件/shouhu-collect-arm64 "$arm" ||
    die "the kit's aarch64 program is not $arm"
grep -o '运行 程序文件/shouhu-collect，[^。]*。' 漕河镇/使用说明.html >res
same res <<'EOF2'
运行 程序文件/shouhu-collect，它是静态链接的程序，不用另装任何库，64 位（x86-64）的 Linux 都能运行；ARM64 的电脑（飞腾、鲲鹏）用同一文件夹里的 shouhu-collect-arm64（静态链接，不用另装库），启动器会自动选。
EOF2
# and the kit of a glibc program says where its libraries are
grep -o '运行 程序文件/shouhu-collect，[^。]*。' 新兖镇/使用说明.html |
    sed 's/不低于 2\.[0-9.]*（/不低于 2.X（/' >res
same res <<'EOF2'
运行 程序文件/shouhu-collect，它用的库在 程序文件/lib/ 里；要求系统的 C 库（glibc）不低于 2.X（在终端运行 ldd --version 查看），更老的系统请找专项办要在老系统上编译的程序。
EOF2

# ---- a failure while the kit is written leaves nothing ---------------------
# (a collector whose library is missing: found out after the keys, kit.json
# and the copy of the program were written)
mkdir bin2 lib2
cp "$SHOUHU" bin2/shouhu
echo 'int nothere(void) { return 0; }' >lib2/n.c
cc -shared -fPIC -o lib2/libnothere.so lib2/n.c
echo 'int nothere(void); int main(void) { return nothere(); }' >lib2/m.c
cc -o bin2/shouhu-collect lib2/m.c -Llib2 -lnothere
rm lib2/libnothere.so
expect 1 bin2/shouhu units kit --ledger l3.db --office 专项办.pub U3 小孟镇市场监管所 \
    -o 小孟镇
same err <<EOF2
shouhu: 注意：没有找到 Windows 程序（shouhu-collect.exe），工具包里不会有 打包报送.exe，Windows 电脑上用不了：在 Shouhu 的源码目录运行 make windows，再加上 --windows build/windows/shouhu-collect.exe 重新制作
$T/bin2/shouhu-collect: 这个程序要用的库 libnothere.so 在本机找不到：请先运行 sh scripts/deps.sh 装好 Shouhu 需要的软件包
shouhu: 工具包没有做成，已经写出的都删掉了；改正后再运行一次
EOF2
nothing_left 小孟镇
[ ! -e l3.db ] || die "a failed kit left a ledger"
# into an empty folder: it stays, empty
mkdir 小孟镇
expect 1 bin2/shouhu units kit --ledger l3.db --office 专项办.pub U3 小孟镇市场监管所 \
    -o 小孟镇
[ -d 小孟镇 ] && [ -z "$(ls -A 小孟镇)" ] || die "小孟镇/ is not left empty"
ls -d 小孟镇.tmp-* >/dev/null 2>&1 && die "a temporary folder was left"
exit 0
