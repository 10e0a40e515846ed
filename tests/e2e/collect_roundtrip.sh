#!/bin/sh
# The collector end to end, for all six forms: templates, filled files in
# .xlsx, UTF-8 CSV and GBK CSV, keys, plain and sealed bundles, verify.  The
# same data from every kind of file must pack into the same bundle id: the
# readers return exactly what was written.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
: "${FILL:?set FILL to the fill test tool}"

FIX=$(cd "$(dirname "$0")/../fixtures/lo" && pwd)
cd "$T"
C=$COLLECT

# run_ok WHAT CMD...: must exit 0
run_ok() {
	what=$1
	shift
	"$@" >"$T/out" 2>"$T/err" || die "$what: exit $?: $(cat "$T/err")"
}
# run_fails STATUS WHAT CMD...: must exit STATUS
run_fails() {
	want=$1
	what=$2
	shift 2
	set +e
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	[ "$rc" -eq "$want" ] || die "$what: exit $rc, expected $want: $(cat "$T/err")"
}
bundle_id() {
	unzip -p "$1" manifest.json | sed -n 's/.*"bundle_id": "\([0-9a-f]*\)".*/\1/p'
}

forms=$("$C" forms | awk '{ print $1 }')
[ "$(echo "$forms" | wc -l)" -eq 6 ] || die "expected 6 forms, got: $forms"

run_ok keygen-unit "$C" keygen unit1
run_ok keygen-office "$C" keygen office
[ "$(stat -c %a unit1.key)" = 600 ] || die "unit1.key is not mode 600"
run_fails 1 "keygen twice" "$C" keygen unit1
grep -q '已经存在' "$T/err" || die "keygen overwrite message: $(cat "$T/err")"

for f in $forms; do
	period=2022-W21
	"$C" forms | grep "^$f " | grep -q 每月 && period=2022-05

	run_ok "template $f xlsx" "$C" template "$f" -o "t-$f.xlsx"
	unzip -p "t-$f.xlsx" docProps/custom.xml | grep -q "$f" ||
	    die "$f: template does not name the form"
	run_ok "template $f csv" "$C" template "$f" -o "t-$f.csv"
	head -c 3 "t-$f.csv" | od -An -tx1 | grep -q 'ef bb bf' ||
	    die "$f: CSV template has no BOM"
	# the blank templates check clean (no rows)
	run_ok "check blank $f xlsx" "$C" check "$f" "t-$f.xlsx"
	run_ok "check blank $f csv" "$C" check "$f" "t-$f.csv"

	"$FILL" "$f" 40 "$f.xlsx"
	"$FILL" "$f" 40 "$f.csv"
	"$FILL" "$f" 40 "$f-gbk.csv" gbk
	for file in "$f.xlsx" "$f.csv" "$f-gbk.csv"; do
		run_ok "check $file" "$C" check "$f" "$file"
		grep -q '40 行' "$T/out" || die "$file: row count: $(cat "$T/out")"
	done

	for file in "$f.xlsx" "$f.csv" "$f-gbk.csv"; do
		run_ok "pack $file" "$C" pack --unit u1 --period "$period" \
		    --key unit1.key "$f=$file" -o "b-$file.zip"
	done
	id=$(bundle_id "b-$f.xlsx.zip")
	[ -n "$id" ] || die "$f: no bundle id"
	[ "$(bundle_id "b-$f.csv.zip")" = "$id" ] ||
	    die "$f: the CSV packs differently from the .xlsx"
	[ "$(bundle_id "b-$f-gbk.csv.zip")" = "$id" ] ||
	    die "$f: the GBK CSV packs differently from the .xlsx"
	# the same rows saved by LibreOffice Calc
	run_ok "pack LibreOffice $f" "$C" pack --unit u1 --period "$period" \
	    --key unit1.key "$f=$FIX/$f.xlsx" -o "lo-$f.zip"
	[ "$(bundle_id "lo-$f.zip")" = "$id" ] ||
	    die "$f: the file saved by LibreOffice packs differently"

	[ "$f" = hazard_ledger ] && hazard_id=$id
	run_ok "pack sealed $f" "$C" pack --unit u1 --period "$period" \
	    --key unit1.key --to office.pub "$f=$f.xlsx" -o "s-$f.zip"
	[ "$(bundle_id "s-$f.zip")" = "$id" ] ||
	    die "$f: sealing changed the bundle id"
	unzip -l "s-$f.zip" | grep -q "data/$f.csv.sealed" ||
	    die "$f: sealed bundle has no sealed data"

	run_ok "verify $f" "$C" verify "b-$f.xlsx.zip" --pub unit1.pub
	grep -q "$f .*40 行" "$T/out" || die "$f: verify summary: $(cat "$T/out")"
	run_ok "verify sealed $f" "$C" verify "s-$f.zip" --pub unit1.pub
	run_fails 1 "verify $f with the wrong key" "$C" verify "b-$f.xlsx.zip" \
	    --pub office.pub
done

# the real template, filled and saved by openpyxl (as Excel would) and by
# LibreOffice: the same rows, so the same bundle
for tool in openpyxl libreoffice; do
	run_ok "pack template saved by $tool" "$C" pack --unit u1 \
	    --period 2022-W21 --key unit1.key \
	    "hazard_ledger=$FIX/template-hazard_ledger-$tool.xlsx" -o "tpl-$tool.zip"
	[ "$(bundle_id "tpl-$tool.zip")" = "$hazard_id" ] ||
	    die "the template saved by $tool packs differently"
done

# a template of one form is refused for another
run_fails 1 "wrong form" "$C" check case_source hazard_ledger.xlsx
grep -q '模板' "$T/err" || die "wrong form message: $(cat "$T/err")"

# a template of an older version of the form
"$FILL" hazard_ledger 3 old.xlsx v=0
run_fails 1 "older template" "$C" check hazard_ledger old.xlsx
grep -q '第 0 版的模板，现在用的是第 1 版' "$T/err" ||
    die "older template message: $(cat "$T/err")"

# a key that is not there, and a public key given as the secret one
run_fails 1 "missing key" "$C" pack --unit u1 --period 2022-W21 \
    --key nosuch.key hazard_ledger=hazard_ledger.xlsx -o x.zip
grep -q 'nosuch.key' "$T/err" || die "missing key message: $(cat "$T/err")"
run_fails 1 "public key as secret" "$C" pack --unit u1 --period 2022-W21 \
    --key unit1.pub hazard_ledger=hazard_ledger.xlsx -o x.zip
[ -e x.zip ] && die "a refused pack left x.zip"

# a weekly form with a month, and a bad period
run_fails 1 "month for a weekly form" "$C" pack --unit u1 --period 2022-05 \
    --key unit1.key hazard_ledger=hazard_ledger.xlsx -o x.zip
run_fails 1 "bad period" "$C" pack --unit u1 --period 2022-W54 \
    --key unit1.key hazard_ledger=hazard_ledger.xlsx -o x.zip
[ -e x.zip ] && die "a refused pack left x.zip"

# a file with a problem is not packed
printf '\xef\xbb\xbf' >bad.csv
head -n 1 hazard_ledger.csv | sed 's/^\xef\xbb\xbf//' >>bad.csv
echo 'x,y,z' >>bad.csv
run_fails 1 "pack a bad file" "$C" pack --unit u1 --period 2022-W21 \
    --key unit1.key hazard_ledger=bad.csv -o bad.zip
[ -e bad.zip ] && die "a refused pack left bad.zip"
ls bad.zip.tmp* >/dev/null 2>&1 && die "a refused pack left a temporary file"

# one changed byte anywhere in the signed bundle is caught
cp b-hazard_ledger.xlsx.zip t.zip
size=$(stat -c %s t.zip)
for off in 10 100 $((size / 2)) $((size - 30)); do
	cp b-hazard_ledger.xlsx.zip t.zip
	b=$(od -An -tu1 -j "$off" -N 1 t.zip | tr -d ' ')
	printf "$(printf '\\%03o' $(((b + 1) % 256)))" |
	    dd of=t.zip bs=1 seek="$off" conv=notrunc 2>/dev/null
	run_fails 1 "flipped byte at $off" "$C" verify t.zip --pub unit1.pub
done

# a template never replaces a file by surprise (it may be a filled one)
for ext in xlsx csv; do
	cp b-hazard_ledger.xlsx.zip "filled.$ext"
	sum=$(sha256sum "filled.$ext")
	run_fails 1 "template over filled.$ext" "$C" template hazard_ledger \
	    -o "filled.$ext"
	[ "$(cat "$T/err")" = "filled.$ext: 这个文件已经存在，没有覆盖它：请换一个文件名，或加 --force 覆盖" ] ||
	    die "template over a file: $(cat "$T/err")"
	[ "$(sha256sum "filled.$ext")" = "$sum" ] || die "filled.$ext was changed"
	ls filled.$ext.tmp-* 2>/dev/null && die "a temporary file was left"
	run_ok "template --force $ext" "$C" template hazard_ledger -o \
	    "filled.$ext" --force
	run_ok "template $ext" "$C" template hazard_ledger -o "blank.$ext"
	# byte for byte: SOURCE_DATE_EPOCH is the time in the workbook
	cmp -s "filled.$ext" "blank.$ext" ||
	    die "--force did not write the template"
done

# usage errors
run_fails 2 "no command" "$C"
run_fails 2 "unknown form" "$C" template nosuch -o x.xlsx
run_fails 2 "bad template suffix" "$C" template hazard_ledger -o x.txt
exit 0
