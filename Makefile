# Shouhu: plain Makefile, libraries found with pkg-config.
# make            bin/shouhu (and bin/shouhu-collect) with -Wall -Wextra -Werror
# make test       ASan/UBSan build of everything, then every test
# make demo       the demo site into public/
# make bench      build benchmarks (see ../shared/bench)
# make fuzz       libFuzzer targets (clang)
# make install    PREFIX=/usr/local DESTDIR=

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/shouhu

CC	?= cc
PKG_CONFIG ?= pkg-config
PKGS	= libcmark-gfm lua5.4 yaml-0.1 sqlite3 libzip jansson libsodium xlsxwriter expat libqrencode

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARN	= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wno-unused-parameter
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) \
	  -Icollector -Igenerator -DSHOUHU_DATADIR='"$(DATADIR)"'
SAN	= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TEST_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) \
	  -Icollector -Igenerator -DSHOUHU_DATADIR='"$(DATADIR)"'
LIBS	= $(PKG_LIBS) -lm

COMMON_SRC = $(filter-out collector/main.c, $(wildcard collector/*.c))
GEN_SRC	   = $(filter-out generator/main.c, $(wildcard generator/*.c))
FORMS	   = $(sort $(wildcard collector/forms/*.lua))
LIB_SRC	   = $(COMMON_SRC) $(GEN_SRC) build/gen/forms_embed.c
HDRS	   = $(wildcard collector/*.h generator/*.h)

OBJ	= $(LIB_SRC:%.c=build/obj/%.o)
TOBJ	= $(LIB_SRC:%.c=build/tobj/%.o)

UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=build/test/%)

all: bin/shouhu bin/shouhu-collect

bin/shouhu: $(OBJ) build/obj/generator/main.o
	@mkdir -p bin
	@echo "LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# The collector does not need the generator's objects.
COBJ	= $(COMMON_SRC:%.c=build/obj/%.o) build/obj/build/gen/forms_embed.o
bin/shouhu-collect: $(COBJ) build/obj/collector/main.o
	@mkdir -p bin
	@echo "LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/gen/forms_embed.c: $(FORMS) scripts/embed-forms.sh
	@mkdir -p build/gen
	@sh scripts/embed-forms.sh $@ $(FORMS)

build/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/tobj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "CC (test) $<"
	@$(CC) $(TEST_CFLAGS) -c -o $@ $<

# The sanitizer build of the tool itself, used by the golden and bad-input tests.
build/test/shouhu: $(TOBJ) build/tobj/generator/main.o
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) -o $@ $^ $(LIBS)

build/test/shouhu-collect: $(TOBJ) build/tobj/collector/main.o
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(SAN) -o $@ $^ $(LIBS)

build/test/test_%: tests/unit/test_%.c $(TOBJ) $(HDRS)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(TEST_CFLAGS) -o $@ $< $(TOBJ) $(LIBS) -lcmocka

# Test tools: programs the end-to-end tests and benchmarks run.
build/test/fill: tests/tools/fill.c $(TOBJ) $(HDRS)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(TEST_CFLAGS) -o $@ $< $(TOBJ) $(LIBS)

build/fill: tests/tools/fill.c $(OBJ) $(HDRS)
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJ) $(LIBS)

deps:
	@sh scripts/deps.sh

test: deps
	@$(MAKE) --no-print-directory build/test/shouhu build/test/shouhu-collect \
	    build/test/fill build/test/forge $(UNIT_BIN) $(FUZZ_RUN)
	@sh tests/run.sh

# Fuzz targets (tests/fuzz/fuzz_NAME.c): libFuzzer builds with clang, and
# plain drivers (any compiler) that replay each corpus as a regression test.
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_RUN = $(FUZZ_SRC:tests/fuzz/%.c=build/test/%_run)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

build/test/fuzz_%_run: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(TOBJ) $(HDRS)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(TEST_CFLAGS) -o $@ $< tests/fuzz/driver.c $(TOBJ) $(LIBS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(HDRS)
	@mkdir -p build/fuzz
	clang -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined \
	    $(PKG_CFLAGS) -Icollector -Igenerator -Ibuild/gen -DSHOUHU_DATADIR='"$(DATADIR)"' \
	    -o $@ $< $(LIB_SRC) $(LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory build/gen/forms_embed.c $(FUZZ_BIN)
	@echo "run e.g.: build/fuzz/fuzz_page -max_total_time=60 build/fuzz/corpus_page tests/fuzz/corpus_page"

demo: deps all
	@sh scripts/demo.sh

bench: deps all build/fill build/forge
	@sh scripts/bench.sh $(BENCH_PAGES)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/themes \
	    $(DESTDIR)$(DATADIR)/forms
	install -m 755 bin/shouhu bin/shouhu-collect $(DESTDIR)$(BINDIR)/
	install -m 644 man/shouhu.1 man/shouhu-collect.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(FORMS) $(DESTDIR)$(DATADIR)/forms/
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shouhu $(DESTDIR)$(BINDIR)/shouhu-collect
	rm -f $(DESTDIR)$(MANDIR)/man1/shouhu.1 $(DESTDIR)$(MANDIR)/man1/shouhu-collect.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf bin build

.PRECIOUS: build/gen/forms_embed.c
.PHONY: all deps test fuzz demo bench install uninstall clean

# Test tools that craft bundles (tests/tools/forge.c, craft.c): the
# sanitizer build for the tests, the optimised one for benchmarks.  The
# bundle unit test links the crafting helpers too (this explicit rule wins
# over build/test/test_%).
CRAFT	= tests/tools/craft.c tests/tools/craft.h

build/test/forge: tests/tools/forge.c $(CRAFT) $(TOBJ) $(HDRS)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(TEST_CFLAGS) -Itests/tools -o $@ $< tests/tools/craft.c \
	    $(TOBJ) $(LIBS)

build/forge: tests/tools/forge.c $(CRAFT) $(OBJ) $(HDRS)
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) -Itests/tools -o $@ $< tests/tools/craft.c \
	    $(OBJ) $(LIBS)

build/test/test_bundle: tests/unit/test_bundle.c $(CRAFT) $(TOBJ) $(HDRS)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(TEST_CFLAGS) -Itests/tools -o $@ $< tests/tools/craft.c \
	    $(TOBJ) $(LIBS) -lcmocka
