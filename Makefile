# Shouhu: plain Makefile, libraries found with pkg-config.
# make            bin/shouhu and bin/shouhu-collect, -O2 -Wall -Wextra -Werror
#                 (tells you to run sh scripts/deps.sh if a library is missing)
# make test       installs what is missing, ASan/UBSan build, every test
# make demo       installs what is missing, builds, runs the demo (scripts/demo.sh)
# make release-check   the release build with gcc and with clang (make test
#                 does it too)
# make bench      benchmarks: against Hugo and Pagefind, scale, ingest
#                 (BENCH_PAGES, BENCH_RUNS, BENCH_SCALE, BENCH_ONLY: scripts/bench.sh)
# make fuzz       libFuzzer targets (clang)
# make windows    build/windows/shouhu-collect.exe, cross-built with
#                 mingw-w64 and its libraries from Debian's source packages
#                 (scripts/staticlibs.sh; doc/kit-programs.md)
# make linux-static
#                 build/linux-static/shouhu-collect, static with musl and
#                 the same libraries: no glibc, runs on any x86-64 Linux
# make linux-static-arm64
#                 build/linux-static-arm64/shouhu-collect, the same for
#                 aarch64 (飞腾, 鲲鹏), cross-built with Debian's gcc and musl
# make install    PREFIX=/usr/local DESTDIR=
#
# CPPFLAGS, CFLAGS and LDFLAGS are honoured; OBJDIR and BIN say where the
# release objects and programs go (build/obj and bin).

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/shouhu

CC	?= cc
PKG_CONFIG ?= pkg-config
OBJDIR	?= build/obj
BIN	?= bin

# pkg-config modules (scripts/deps.sh knows the Debian package of each).
# cmark-gfm-extensions has no .pc file: libcmark-gfm's links it.
PKGS	= libcmark-gfm lua5.4 yaml-0.1 sqlite3 libzip jansson libsodium \
	  xlsxwriter expat libqrencode libmicrohttpd
CHECK_PKGS = $(PKGS) cmark-gfm-extensions
TEST_PKGS = cmocka

# Asked when the Makefile is read.  `make demo` and `make test` install
# missing packages first and then run make again, so that these are asked
# after the install; a plain `make` stops at check-deps with a message
# naming what is missing instead of failing in the compiler.
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_LIBS  := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

WARN	= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wno-unused-parameter
CFLAGS	?= -O2 -g
DEFS	= -std=c11 -D_GNU_SOURCE -Icollector -Igenerator
ALL_CFLAGS = $(DEFS) -I$(OBJDIR)/gen $(WARN) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) \
	  -MMD -MP
SAN	= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TEST_CFLAGS = $(DEFS) -Ibuild/tobj/gen $(WARN) $(CPPFLAGS) -O1 -g $(SAN) \
	  $(PKG_CFLAGS) -MMD -MP
LIBS	= $(PKG_LIBS) -lm

# The layers, lowest first (ARCHITECTURE.md): includes point only down
# this list, and the collector never includes the generator's.
COLLECTOR_LAYERS = lib forms bundle
GENERATOR_LAYERS = office output site serve
COMMON_SRC = $(foreach l,$(COLLECTOR_LAYERS),$(wildcard collector/$(l)/*.c))
GEN_SRC	   = $(foreach l,$(GENERATOR_LAYERS),$(wildcard generator/$(l)/*.c))
FORMS	   = $(sort $(wildcard collector/forms/*.lua))
LIB_SRC	   = $(COMMON_SRC) $(GEN_SRC) build/gen/forms_embed.c

OBJ	= $(LIB_SRC:%.c=$(OBJDIR)/%.o)
TOBJ	= $(LIB_SRC:%.c=build/tobj/%.o)

UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=build/test/%)

# Fuzz targets (tests/fuzz/fuzz_NAME.c): libFuzzer builds with clang, and
# plain drivers (any compiler) that replay each corpus as a regression test.
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_RUN = $(FUZZ_SRC:tests/fuzz/%.c=build/test/%_run)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

# Test tools that craft bundles (tests/tools/forge.c, craft.c).
CRAFT	= tests/tools/craft.c

TEST_BINS = build/test/shouhu build/test/shouhu-collect build/test/fill \
	  build/test/forge $(UNIT_BIN) $(FUZZ_RUN)

all: $(BIN)/shouhu $(BIN)/shouhu-collect

# Stops the build with a message naming each missing library and its
# Debian package (runs once per make, in well under a second).
check-deps:
	@CC="$(CC)" sh scripts/deps.sh --check $(CHECK_PKGS)

check-test-deps:
	@CC="$(CC)" sh scripts/deps.sh --check $(CHECK_PKGS) $(TEST_PKGS)

$(BIN)/shouhu: $(OBJ) $(OBJDIR)/generator/cmd/shouhu.o
	@mkdir -p $(BIN)
	@echo "LD $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The collector does not need the generator's objects.  Its command
# sources are collector/cmd/*.c (collect.c has main).  It looks for its
# libraries in lib/ beside it first, where a unit's kit carries them
# (程序文件/lib/, shouhu units kit): DT_RPATH, which unlike DT_RUNPATH also
# serves the libraries' own dependencies, and is not passed on to the
# programs it starts as LD_LIBRARY_PATH would be.
COLLECT_SRC = $(wildcard collector/cmd/*.c)
COBJ	= $(COMMON_SRC:%.c=$(OBJDIR)/%.o) $(OBJDIR)/build/gen/forms_embed.o
COLLECT_RPATH = -Wl,--disable-new-dtags,-rpath,'$$ORIGIN/lib'
$(BIN)/shouhu-collect: $(COBJ) $(COLLECT_SRC:%.c=$(OBJDIR)/%.o)
	@mkdir -p $(BIN)
	@echo "LD $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) $(COLLECT_RPATH) -o $@ $^ $(LIBS)

build/gen/forms_embed.c: $(FORMS) scripts/embed-forms.sh
	@mkdir -p build/gen
	@sh scripts/embed-forms.sh $@ $(FORMS)

# datadir.h: SHOUHU_DATADIR, the folder installed themes are looked for
# in (site.c), for each build its own.  It is rewritten only when DATADIR
# changes, so that `make install PREFIX=...` after `make` rebuilds what
# uses it (site.o, named here for a first build or copied objects).
$(OBJDIR)/gen/site/datadir.h build/tobj/gen/site/datadir.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define SHOUHU_DATADIR "%s"\n' '$(DATADIR)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(OBJDIR)/generator/site/site.o: $(OBJDIR)/gen/site/datadir.h
build/tobj/generator/site/site.o: build/tobj/gen/site/datadir.h

# Each object records the headers it really includes (-MMD -MP: the .d
# files beside the objects, read at the end of this file).
$(OBJDIR)/%.o: %.c | check-deps
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/tobj/%.o: %.c | check-test-deps
	@mkdir -p $(dir $@)
	@echo "CC (test) $<"
	@$(CC) $(TEST_CFLAGS) -c -o $@ $<

# The sanitizer build of the tools themselves, used by the golden and
# bad-input tests.  shouhu gets the crash-test VFS (tests/tools/crashvfs.c),
# which does nothing unless SHOUHU_TEST_CRASH asks for it.
build/test/shouhu: $(TOBJ) build/tobj/generator/cmd/shouhu.o \
    build/tobj/tests/tools/crashvfs.o
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

build/test/shouhu-collect: $(TOBJ) $(COLLECT_SRC:%.c=build/tobj/%.o)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) $(LDFLAGS) $(COLLECT_RPATH) -o $@ $^ $(LIBS)

# The bundle unit test links the crafting helpers too.
build/test/test_bundle: build/tobj/tests/unit/test_bundle.o \
    build/tobj/tests/tools/craft.o $(TOBJ)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS) $(TEST_LIBS)

build/test/test_%: build/tobj/tests/unit/test_%.o $(TOBJ)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS) $(TEST_LIBS)

build/tobj/tests/%.o: TEST_CFLAGS += -Itests/tools

# Test tools: programs the end-to-end tests and benchmarks run, in the
# sanitizer build for the tests and the optimised one for benchmarks.
build/test/fill: build/tobj/tests/tools/fill.o $(TOBJ)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

build/test/forge: build/tobj/tests/tools/forge.o build/tobj/tests/tools/craft.o \
    $(TOBJ)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

$(OBJDIR)/tests/%.o: ALL_CFLAGS += -Itests/tools

build/fill: $(OBJDIR)/tests/tools/fill.o $(OBJ)
	@echo "LD $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/forge: $(OBJDIR)/tests/tools/forge.o $(OBJDIR)/tests/tools/craft.o $(OBJ)
	@echo "LD $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The floor of the full build (make bench): only writing the site's files.
build/floor: bench/floor.c
	@mkdir -p build
	@echo "CC $@"
	@$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ bench/floor.c

build/test/fuzz_%_run: build/tobj/tests/fuzz/fuzz_%.o \
    build/tobj/tests/fuzz/driver.o $(TOBJ)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(OBJDIR)/gen/site/datadir.h | check-deps
	@mkdir -p build/fuzz
	clang -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined \
	    $(CPPFLAGS) $(PKG_CFLAGS) -Icollector -Igenerator -Ibuild/gen \
	    -I$(OBJDIR)/gen $(LDFLAGS) \
	    -o $@ $< $(LIB_SRC) $(LIBS)

deps:
	@sh scripts/deps.sh

# `make test` and `make demo` install what is missing, then run make again:
# the new make reads pkg-config's answers after the install.
test:
	@sh scripts/deps.sh
	@$(MAKE) -s --no-print-directory $(TEST_BINS)
	@sh tests/run.sh

demo:
	@sh scripts/deps.sh
	@$(MAKE) -s --no-print-directory all
	@sh scripts/demo.sh

# The release build with both compilers, each in its own folders, so that
# a warning only one of them gives cannot land (make test does the same as
# its "release" group).
release-check: check-deps
	@for cc in gcc clang; do \
	    $(MAKE) -s --no-print-directory CC=$$cc OBJDIR=build/$$cc/obj \
	    BIN=build/$$cc build/$$cc/shouhu build/$$cc/shouhu-collect || exit 1; \
	done
	@echo "release-check: gcc and clang builds are clean"

fuzz:
	@sh scripts/deps.sh
	@$(MAKE) -s --no-print-directory build/gen/forms_embed.c $(FUZZ_BIN)
	@echo "run e.g.: build/fuzz/fuzz_page -max_total_time=60 build/fuzz/corpus_page tests/fuzz/corpus_page"

bench:
	@sh scripts/deps.sh bench
	@$(MAKE) -s --no-print-directory all build/fill build/forge build/floor
	@sh scripts/bench.sh $(BENCH_PAGES)

# The collector for Windows: mingw-w64, the libraries scripts/staticlibs.sh
# builds from Debian's source packages (static, in build/windows/prefix),
# the same warnings, one .exe with a manifest that makes its code page UTF-8.
WIN_HOST = x86_64-w64-mingw32
WIN_CC	= $(WIN_HOST)-gcc
WIN_DIR	= build/windows
WIN_CFLAGS = -std=c11 -D_GNU_SOURCE -D__USE_MINGW_ANSI_STDIO=1 \
	  -D_POSIX_THREAD_SAFE_FUNCTIONS=200112L -include collector/lib/plat_win.h -Icollector \
	  -I$(WIN_DIR)/prefix/include -DSODIUM_STATIC -DXML_STATIC \
	  $(WARN) -Wno-format -O2 -g0 -MMD -MP
WIN_LIBS = -L$(WIN_DIR)/prefix/lib -lxlsxwriter -lzip -lsodium -ljansson \
	  -lexpat -llua -l:libz.a -lm -lshell32 -static -s -Wl,--no-insert-timestamp
WIN_OBJ	= $(COMMON_SRC:%.c=$(WIN_DIR)/obj/%.o) $(WIN_DIR)/obj/build/gen/forms_embed.o \
	  $(patsubst %.c,$(WIN_DIR)/obj/%.o,$(wildcard collector/cmd/*.c)) \
	  $(WIN_DIR)/obj/manifest.o

windows:
	@sh scripts/deps.sh windows
	@sh scripts/staticlibs.sh windows
	@$(MAKE) -s --no-print-directory $(WIN_DIR)/shouhu-collect.exe

$(WIN_DIR)/shouhu-collect.exe: $(WIN_OBJ)
	@echo "LD $@"
	@$(WIN_CC) -o $@ $^ $(WIN_LIBS)

# The test's stand-in for a Windows before 10 1903: no manifest, so not
# the UTF-8 code page (tests/windows/compare.sh).
$(WIN_DIR)/test/shouhu-collect-nomanifest.exe: $(filter-out %/manifest.o,$(WIN_OBJ))
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(WIN_CC) -o $@ $^ $(WIN_LIBS)

$(WIN_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC (windows) $<"
	@$(WIN_CC) $(WIN_CFLAGS) -c -o $@ $<

$(WIN_DIR)/obj/manifest.o: scripts/windows.rc scripts/windows.manifest
	@mkdir -p $(dir $@)
	@$(WIN_HOST)-windres -i scripts/windows.rc -o $@

# The collector for any x86-64 Linux: musl-gcc, the same libraries
# (scripts/staticlibs.sh linux-static, in build/linux-static/prefix), the
# same warnings, one static program with no glibc and no loader.
LS_DIR	= build/linux-static
LS_CFLAGS = -std=c11 -D_GNU_SOURCE -Icollector -I$(LS_DIR)/prefix/include \
	  $(WARN) -O2 -g0 -ffile-prefix-map=$(CURDIR)=. -MMD -MP
LS_LIBS	= -L$(LS_DIR)/prefix/lib -lxlsxwriter -lzip -lsodium -ljansson \
	  -lexpat -llua -lz -lm -static -s
LS_OBJ	= $(COMMON_SRC:%.c=$(LS_DIR)/obj/%.o) $(LS_DIR)/obj/build/gen/forms_embed.o \
	  $(patsubst %.c,$(LS_DIR)/obj/%.o,$(wildcard collector/cmd/*.c))

linux-static:
	@sh scripts/deps.sh linux-static
	@sh scripts/staticlibs.sh linux-static
	@$(MAKE) -s --no-print-directory $(LS_DIR)/shouhu-collect

# (linked again when scripts/staticlibs.sh has built a library again)
$(LS_DIR)/shouhu-collect: $(LS_OBJ) $(wildcard $(LS_DIR)/prefix/stamp/*)
	@echo "LD $@"
	@musl-gcc -o $@ $(LS_OBJ) $(LS_LIBS)

$(LS_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC (linux-static) $<"
	@musl-gcc $(LS_CFLAGS) -c -o $@ $<

# The same for aarch64 Linux (飞腾, 鲲鹏 desktops): Debian's cross gcc with
# musl's specs (musl-dev:arm64), libraries from scripts/staticlibs.sh
# linux-static-arm64.
LA_DIR	= build/linux-static-arm64
LA_CC	= aarch64-linux-musl-gcc
LA_CFLAGS = $(subst $(LS_DIR),$(LA_DIR),$(LS_CFLAGS))
LA_LIBS	= $(subst $(LS_DIR),$(LA_DIR),$(LS_LIBS))
LA_OBJ	= $(patsubst $(LS_DIR)/%,$(LA_DIR)/%,$(LS_OBJ))

linux-static-arm64:
	@sh scripts/deps.sh linux-static-arm64
	@sh scripts/staticlibs.sh linux-static-arm64
	@$(MAKE) -s --no-print-directory $(LA_DIR)/shouhu-collect

$(LA_DIR)/shouhu-collect: $(LA_OBJ) $(wildcard $(LA_DIR)/prefix/stamp/*)
	@echo "LD $@"
	@$(LA_CC) -o $@ $(LA_OBJ) $(LA_LIBS)

$(LA_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC (linux-static-arm64) $<"
	@$(LA_CC) $(LA_CFLAGS) -c -o $@ $<

# The programs look for the default theme in $(DATADIR)/themes/ (compiled
# in; SHOUHU_DATADIR in the environment comes first).  The forms are built
# into both programs, so none are installed.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(DATADIR)/themes
	install -m 755 $(BIN)/shouhu $(BIN)/shouhu-collect $(DESTDIR)$(BINDIR)/
	@# the Windows program, when made (make windows), and the static
	@# Linux one (make linux-static), for shouhu units kit
	if [ -f build/windows/shouhu-collect.exe ]; then install -m 755 \
	    build/windows/shouhu-collect.exe $(DESTDIR)$(BINDIR)/; fi
	if [ -f $(LS_DIR)/shouhu-collect ]; then install -m 755 \
	    $(LS_DIR)/shouhu-collect $(DESTDIR)$(BINDIR)/shouhu-collect-static; fi
	if [ -f $(LA_DIR)/shouhu-collect ]; then install -m 755 $(LA_DIR)/shouhu-collect \
	    $(DESTDIR)$(BINDIR)/shouhu-collect-static-arm64; fi
	install -m 644 man/shouhu.1 man/shouhu-collect.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5/
	rm -rf $(DESTDIR)$(DATADIR)/themes/default
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shouhu $(DESTDIR)$(BINDIR)/shouhu-collect \
	    $(DESTDIR)$(BINDIR)/shouhu-collect.exe \
	    $(DESTDIR)$(BINDIR)/shouhu-collect-static \
	    $(DESTDIR)$(BINDIR)/shouhu-collect-static-arm64
	rm -f $(DESTDIR)$(MANDIR)/man1/shouhu.1 $(DESTDIR)$(MANDIR)/man1/shouhu-collect.1
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf bin build

FORCE:

# objects made on the way to a test program are kept, not deleted
.SECONDARY: $(UNIT_SRC:%.c=build/tobj/%.o) $(FUZZ_SRC:%.c=build/tobj/%.o) \
	build/tobj/tests/fuzz/driver.o
.PRECIOUS: build/gen/forms_embed.c
.PHONY: FORCE all check-deps check-test-deps deps test demo release-check fuzz \
	bench windows linux-static linux-static-arm64 install uninstall clean

-include $(shell find $(sort build/obj build/tobj build/gcc build/clang \
	build/windows/obj build/linux-static/obj build/linux-static-arm64/obj \
	$(OBJDIR)) \
	-name '*.d' 2>/dev/null)
