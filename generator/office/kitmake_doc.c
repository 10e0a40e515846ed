/*
 * The launcher and the guide of a unit's kit (see kitmake_doc.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/text.h"
#include "forms/form.h"
#include "bundle/kitconf.h"
#include "office/kitmake_doc.h"

/*
 * What 打包报送.desktop runs (sh -c SCRIPT 打包报送 %k %F): from the folder
 * of the entry ($1, %k), 程序文件/shouhu-collect with the dropped files,
 * or on an aarch64 machine (飞腾, 鲲鹏) 程序文件/shouhu-collect-arm64; any
 * other processor (LoongArch, say), or a kit without the program, is said
 * in one sentence.  A kit copied off a FAT stick has lost its modes: the
 * program is made executable again, and the unit's secret key readable by
 * its owner only (key.c refuses it otherwise); if that cannot be done (the
 * kit is run on the stick itself), the window says to copy the kit first.
 */
#define LAUNCH_SCRIPT \
	"d=\"$(dirname \"$1\")/" KIT_PROGDIR "\"; shift; m=$(uname -m); " \
	"case $m in x86_64|amd64) p=\"$d/shouhu-collect\" ;; " \
	"aarch64|arm64) p=\"$d/" KITMAKE_ARM64 "\" ;; " \
	"*) echo \"这台电脑的处理器是 $m，工具包里只有 x86-64 和 ARM64 电脑的" \
	"程序：请找专项办要这种电脑能用的程序\"; read x; exit 1 ;; esac; " \
	"[ -f \"$p\" ] || { echo \"工具包里没有这台电脑（$m）用的程序 $p：请" \
	"找专项办重新制作工具包\"; read x; exit 1; }; " \
	"chmod go-rwx \"$d/" KIT_KEY "\" 2>/dev/null; " \
	"[ -x \"$p\" ] || chmod +x \"$p\" " \
	"2>/dev/null || { echo \"无法运行 $p：请把整个工具包" \
	"文件夹复制到电脑上（比如桌面），再双击里面的" KITMAKE_PROGRAM "\"; " \
	"read x; exit 1; }; exec \"$p\" \"$@\""

/*
 * Appends s as one quoted argument of an Exec line: ", `, $ and \ get a
 * backslash (the quoting rules of the desktop entry specification), and
 * then every backslash is written twice (the escapes of every string
 * value).
 */
static void
exec_quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (strchr("\"`$\\", *s) != NULL)
			buf_puts(b, "\\\\");
		if (*s == '\\')
			buf_puts(b, "\\\\");
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void
kitmake_doc_desktop(struct buf *b)
{
	buf_puts(b,
	    "[Desktop Entry]\n"
	    "Type=Application\n"
	    "Version=1.0\n"
	    "Name=" KITMAKE_PROGRAM "\n"
	    "Comment=检查填好的表格，打包成数据包放进“" KIT_OUTBOX "”文件夹"
	    "（把表格拖到这里，或双击打包“" KIT_FILLED "”里的全部表格）\n"
	    "Exec=sh -c ");
	exec_quote(b, LAUNCH_SCRIPT);
	buf_puts(b, " " KITMAKE_PROGRAM " %k %F\n"
	    "Terminal=true\n"
	    "Icon=document-send\n"
	    "MimeType=application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet;text/csv;application/vnd.ms-excel;\n"
	    "Categories=Office;\n");
}

/* Appends s escaped for HTML to b. */
static void
esc(struct buf *b, const char *s)
{
	text_escape_html(b, s, strlen(s));
}

/* The SVG pictures: shapes with a label under them, at (x, y). */

/* A folder named label. */
static void
folder(struct buf *b, int x, int y, const char *label)
{
	buf_printf(b,
	    "<path d=\"M%d %dh40l10 12h70v78h-120z\" fill=\"#f6c445\" "
	    "stroke=\"#a57a12\" stroke-width=\"3\"/>"
	    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
	    x, y, x + 60, y + 118, label);
}

/* A workbook; filled: with numbers in its cells.  label is escaped. */
static void
sheet(struct buf *b, int x, int y, const char *label, int filled)
{
	int	 i;

	buf_printf(b,
	    "<path d=\"M%d %dh62l18 18v82h-80z\" fill=\"#fff\" "
	    "stroke=\"#333\" stroke-width=\"3\"/>"
	    "<rect x=\"%d\" y=\"%d\" width=\"64\" height=\"14\" "
	    "fill=\"#1d6f42\"/>", x, y, x + 8, y + 22);
	for (i = 0; i < 4; i++)
		buf_printf(b, "<path d=\"M%d %dh64\" stroke=\"#1d6f42\" "
		    "stroke-width=\"2\"/>", x + 8, y + 50 + 14 * i);
	buf_printf(b, "<path d=\"M%d %dv56M%d %dv56\" stroke=\"#1d6f42\" "
	    "stroke-width=\"2\"/>", x + 30, y + 36, x + 52, y + 36);
	if (filled)
		for (i = 0; i < 3; i++)
			buf_printf(b, "<path d=\"M%d %dh14M%d %dh12\" "
			    "stroke=\"#c01c28\" stroke-width=\"4\"/>", x + 12,
			    y + 44 + 14 * i, x + 34, y + 44 + 14 * i);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
	    x + 40, y + 128);
	text_escape_html(b, label, strlen(label));
	buf_puts(b, "</text>");
}

/* A zip file: a page with a zipper down its middle. */
static void
zipfile(struct buf *b, int x, int y)
{
	int	 i;

	buf_printf(b, "<path d=\"M%d %dh62l18 18v82h-80z\" fill=\"#fff\" "
	    "stroke=\"#333\" stroke-width=\"3\"/><path d=\"M%d %dv70\" "
	    "stroke=\"#555\" stroke-width=\"10\"/>", x, y, x + 40, y + 4);
	for (i = 0; i < 7; i++)
		buf_printf(b, "<path d=\"M%d %dh10\" stroke=\"#fff\" "
		    "stroke-width=\"3\"/>", x + 35, y + 10 + 10 * i);
	buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"20\" "
	    "rx=\"3\" fill=\"#f6d32d\" stroke=\"#333\" stroke-width=\"2\"/>",
	    x + 32, y + 74);
}

/* An arrow from x1 to x2 at height y, label above it. */
static void
arrow(struct buf *b, int x1, int x2, int y, const char *label)
{
	buf_printf(b,
	    "<path d=\"M%d %dH%d\" stroke=\"#1a5fb4\" stroke-width=\"6\"/>"
	    "<path d=\"M%d %dl-22 -14v28z\" fill=\"#1a5fb4\"/>"
	    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	    "fill=\"#1a5fb4\">%s</text>",
	    x1, y, x2 - 16, x2, y, (x1 + x2) / 2, y - 16, label);
}

/* The program 打包报送: a blue box with a parcel, and its label. */
static void
program(struct buf *b, int x, int y)
{
	buf_printf(b,
	    "<rect x=\"%d\" y=\"%d\" width=\"100\" height=\"100\" rx=\"16\" "
	    "fill=\"#1a5fb4\"/>"
	    "<path d=\"M%d %dh50v40h-50zM%d %dh50M%d %dv40\" fill=\"#f6d32d\" "
	    "stroke=\"#fff\" stroke-width=\"4\"/>"
	    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	    "font-weight=\"bold\">" KITMAKE_PROGRAM "</text>",
	    x, y, x + 25, y + 30, x + 25, y + 48, x + 50, y + 30, x + 50,
	    y + 128);
}

/* A mouse pointer with its tip at (x, y). */
static void
pointer(struct buf *b, int x, int y)
{
	buf_printf(b, "<path d=\"M%d %dv36l9 -8l8 17l7 -3l-8 -17h12z\" "
	    "fill=\"#fff\" stroke=\"#000\" stroke-width=\"2.5\"/>", x, y);
}

/* A letter with a parcel clipped to it, and label. */
static void
letter(struct buf *b, int x, int y, const char *label)
{
	buf_printf(b,
	    "<rect x=\"%d\" y=\"%d\" width=\"120\" height=\"80\" fill=\"#fff\" "
	    "stroke=\"#333\" stroke-width=\"3\"/>"
	    "<path d=\"M%d %dl60 44l60 -44\" fill=\"none\" stroke=\"#333\" "
	    "stroke-width=\"3\"/>"
	    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
	    x, y + 10, x, y + 10, x + 60, y + 118, label);
}

/* Opens a picture of the given height, described by alt. */
static void
svg_open(struct buf *b, int height, const char *alt)
{
	buf_printf(b, "<figure><svg viewBox=\"0 0 760 %d\" role=\"img\" "
	    "aria-label=\"%s\" font-size=\"20\">", height, alt);
}

/* ① a blank form from 空白表格, filled, saved into 填好的表格. */
static void
picture_fill(struct buf *b)
{
	svg_open(b, 150, "打开空白表格里的表格，填好，另存到填好的表格");
	folder(b, 10, 12, KIT_BLANKDIR);
	arrow(b, 140, 250, 56, "双击打开");
	sheet(b, 270, 6, "用 Excel 或 WPS 填", 1);
	arrow(b, 380, 600, 56, "另存为 .xlsx");
	folder(b, 620, 12, KIT_FILLED);
	buf_puts(b, "</svg></figure>\n");
}

/* ② the filled file dragged onto 打包报送, or 打包报送 double-clicked. */
static void
picture_pack(struct buf *b)
{
	svg_open(b, 150, "把填好的文件拖到打包报送上，或双击打包报送");
	folder(b, 10, 12, KIT_FILLED);
	sheet(b, 200, 6, "填好的文件", 1);
	arrow(b, 300, 560, 56, "按住鼠标拖过去，松开");
	pointer(b, 520, 70);
	program(b, 620, 6);
	buf_puts(b, "</svg></figure>\n");
}

/* ③ the bundle in 待发送 e-mailed to the office; its name below, in the
 * middle (a long unit name still fits). */
static void
picture_send(struct buf *b, const char *unit)
{
	struct buf	 zip = BUF_INIT;

	buf_printf(&zip, "%s-2023年第45周.zip", unit);
	svg_open(b, 170, "把待发送里的数据包作为邮件附件发给专项办");
	folder(b, 10, 12, KIT_OUTBOX);
	arrow(b, 140, 320, 56, "里面的");
	zipfile(b, 340, 6);
	buf_puts(b, "<text x=\"380\" y=\"160\" text-anchor=\"middle\">");
	text_escape_html(b, zip.ptr, zip.len);
	buf_puts(b, "</text>");
	arrow(b, 440, 600, 56, "作为邮件附件");
	letter(b, 620, 6, "发邮件");
	buf_puts(b, "</svg></figure>\n");
	buf_free(&zip);
}

static const char style[] =
    "<style>\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"Microsoft YaHei\",\"微软雅黑\",\"PingFang SC\",sans-serif;"
    "font-size:22px;line-height:1.75;color:#111;background:#fff;"
    "max-width:48em;margin:0 auto;padding:1em 1.2em 3em}\n"
    "h1{font-size:36px;line-height:1.3;margin:.4em 0}\n"
    "h2{font-size:29px;margin:1.6em 0 .4em;padding-top:.5em;"
    "border-top:4px solid #1a5fb4}\n"
    ".card{border:3px solid #1a5fb4;border-radius:12px;background:#eef4fb;"
    "padding:.6em 1.2em;margin:1em 0}\n"
    ".card p{margin:.3em 0}\n"
    ".n{display:inline-block;width:1.5em;height:1.5em;line-height:1.5em;"
    "text-align:center;border-radius:50%;background:#1a5fb4;color:#fff;"
    "margin-right:.3em}\n"
    ".f{font-weight:bold;color:#0b4a8f;background:#fff3c4;padding:0 .2em}\n"
    "figure{margin:.6em 0 1em}\n"
    "figure svg{display:block;width:100%;max-width:760px;height:auto;"
    "font-family:inherit}\n"
    "li{margin:.3em 0}\n"
    ".small{font-size:18px;color:#333}\n"
    "@media print{body{font-size:13pt;max-width:none;padding:0}"
    "h1{font-size:20pt}h2{font-size:16pt;break-after:avoid}"
    "figure{break-inside:avoid}.small{font-size:10pt}}\n"
    "</style>\n";

/* The box with the unit, the office, the deadline and the forms. */
static void
card(struct buf *b, const struct kitconf *k)
{
	static const char *const days[] = { "一", "二", "三", "四", "五",
		"六", "日" };
	struct buf	 week = BUF_INIT, month = BUF_INIT, *to;
	const struct form *f;
	size_t		 i;

	for (i = 0; i < k->nforms; i++) {
		if ((f = form_find(k->forms[i])) == NULL)
			continue;
		to = strcmp(f->period, "month") == 0 ? &month : &week;
		if (to->len > 0)
			buf_puts(to, "、");
		esc(to, f->title);
	}
	buf_puts(b, "<div class=\"card\">\n<p>本单位：<b>");
	esc(b, k->unit_name);
	buf_puts(b, "</b>（单位代码 ");
	esc(b, k->unit_code);
	buf_puts(b, "）</p>\n<p>报送给：<b>");
	esc(b, k->office);
	buf_printf(b, "</b></p>\n<p>截止时间：每<b>星期%s %02d:%02d</b> 以前"
	    "（北京时间）</p>\n", days[(k->wday + 6) % 7], k->hour, k->min);
	if (week.len > 0)
		buf_printf(b, "<p>每周报：%s</p>\n", week.ptr);
	if (month.len > 0) {
		buf_printf(b, "<p>每月报：%s（报当月的，按", month.ptr);
		esc(b, k->office);
		buf_puts(b, "通知的时间）</p>\n");
	}
	buf_puts(b, "</div>\n");
	buf_free(&week);
	buf_free(&month);
}

/* What to do with a problems page, and the usual problems. */
static void
problems(struct buf *b)
{
	buf_puts(b,
	    "<h2>如果打开了“问题清单”</h2>\n"
	    "<p>表格里有要改的地方时，浏览器里会打开一页<b>问题清单</b>，"
	    "这一次<b>不会打包</b>。清单上每一条都写着：第几行、哪一列、"
	    "什么问题、怎么改。照着在 Excel 或 WPS 里改好，保存，"
	    "再做一次第二步。</p>\n"
	    "<p>常见的几种情况：</p>\n<ul>\n"
	    "<li>表格还在 Excel 或 WPS 里开着：先关掉它，再打包。</li>\n"
	    "<li>保存成了 .xls：打开它，“另存为”选 Excel 工作簿（.xlsx）。</li>\n"
	    "<li>表格设了密码：另存一份不设密码的。</li>\n"
	    "<li>用了别的单位的表格：请用本工具包<span class=\"f\">"
	    KIT_BLANKDIR "</span>里的表格。</li>\n"
	    "<li>同一种表放了两份：<span class=\"f\">" KIT_FILLED
	    "</span>里每种表只留一份。</li>\n</ul>\n");
}

/* The notes on the keys and, for whoever looks after the computers. */
static void
notes(struct buf *b, const struct kitconf *k, const char *glibc,
    int is_static, int arm64)
{
	buf_puts(b, "<h2>请注意</h2>\n<ul>\n<li><span class=\"f\">" KIT_PROGDIR
	    "</span>文件夹里有本单位的密钥：不要删改，不要发给别人。数据包是"
	    "加密的，只有");
	esc(b, k->office);
	buf_puts(b, "能打开。</li>\n<li>整个文件夹可以复制到别的电脑上用，"
	    "但要整个复制，不要只复制一部分。</li>\n<li>工具包丢了、电脑换了"
	    "或担心密钥泄露，请联系");
	esc(b, k->office);
	buf_puts(b, "重新制作一份（旧的随即作废）。</li>\n</ul>\n"
	    "<h2>给管电脑的同事</h2>\n<p class=\"small\">不用安装任何软件。"
	    "Windows（64 位）：" KITMAKE_PROGRAM ".exe；拖放的文件就是它的参数，"
	    "不带参数时处理“" KIT_FILLED "”里的全部文件。Linux 桌面（统信 UOS、"
	    "银河麒麟等）：" KITMAKE_PROGRAM ".desktop 在终端窗口里运行 "
	    KIT_PROGDIR "/shouhu-collect");
	if (is_static)
		buf_puts(b, "，它是静态链接的程序，不用另装任何库，64 位（x86-64）"
		    "的 Linux 都能运行");
	else
		buf_puts(b, "，它用的库在 " KIT_PROGDIR "/lib/ 里");
	if (*glibc != '\0')
		buf_printf(b, "；要求系统的 C 库（glibc）不低于 %s（在终端"
		    "运行 ldd --version 查看），更老的系统请找专项办要在老系统上"
		    "编译的程序", glibc);
	if (arm64)
		buf_puts(b, "；ARM64 的电脑（飞腾、鲲鹏）用同一文件夹里的 "
		    KITMAKE_ARM64 "（静态链接，不用另装库），启动器会自动选");
	buf_puts(b, "。桌面不允许运行 .desktop 文件时，右键它选“允许运行”"
	    "或“信任”，或在终端里运行 " KIT_PROGDIR "/shouhu-collect 文件...。"
	    "</p>\n");
}

void
kitmake_doc_guide(struct buf *b, const struct kitconf *k, const char *glibc,
    int is_static, int arm64)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>使用说明："
	    "每周报送（");
	esc(b, k->unit_name);
	buf_printf(b, "）</title>\n%s</head>\n<body>\n<h1>每周报送数据，只要三步"
	    "</h1>\n", style);
	card(b, k);
	buf_puts(b, "<p>先把整个文件夹从 U 盘复制到电脑上（比如桌面），"
	    "以后都在复制好的文件夹里做。</p>\n");
	buf_puts(b, "<h2><span class=\"n\">1</span>填表</h2>\n<p>打开<span "
	    "class=\"f\">" KIT_BLANKDIR "</span>文件夹，双击要填的表格，用 "
	    "Excel 或 WPS 填好。点“文件”→“另存为”，保存到<span class=\"f\">"
	    KIT_FILLED "</span>文件夹里（文件名可以自己起，保存类型选 Excel "
	    "工作簿 .xlsx）。不要改表头，不要删列。</p>\n");
	picture_fill(b);
	buf_puts(b, "<h2><span class=\"n\">2</span>打包</h2>\n<p><b>Windows "
	    "电脑：</b>把填好的文件拖到<b>" KITMAKE_PROGRAM "</b>上，松开鼠标。"
	    "也可以直接双击<b>" KITMAKE_PROGRAM "</b>，它会把<span class=\"f\">"
	    KIT_FILLED "</span>里的表格全部打包。</p>\n<p><b>统信 UOS、银河麒麟"
	    "等电脑：</b>双击<b>" KITMAKE_PROGRAM "</b>（第一次如果问是否信任、"
	    "是否运行，选“信任”“运行”）；也可以把文件拖到它上面。</p>\n"
	    "<p>这时会打开一个窗口，显示检查的结果，最后一行说下一步做什么。"
	    "看完按回车键关掉窗口。</p>\n");
	picture_pack(b);
	buf_puts(b, "<h2><span class=\"n\">3</span>发送</h2>\n<p>打开<span "
	    "class=\"f\">" KIT_OUTBOX "</span>文件夹，里面多了一个文件，名字像"
	    "<b>");
	esc(b, k->unit_name);
	buf_puts(b, "-2023年第45周.zip</b>。把它作为邮件附件发给<b>");
	esc(b, k->office);
	buf_puts(b, "</b>。这个文件不用打开，也不要改动。</p>\n");
	picture_send(b, k->unit_name);
	problems(b);
	notes(b, k, glibc, is_static, arm64);
	buf_puts(b, "</body>\n</html>\n");
}
