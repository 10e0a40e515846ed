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
PKGS	= libcmark-gfm lua5.4 yaml-0.1

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
LIB_SRC	   = $(COMMON_SRC) $(GEN_SRC)
HDRS	   = $(wildcard collector/*.h generator/*.h)

OBJ	= $(LIB_SRC:%.c=build/obj/%.o)
TOBJ	= $(LIB_SRC:%.c=build/tobj/%.o)

UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=build/test/%)

all: bin/shouhu

bin/shouhu: $(OBJ) build/obj/generator/main.o
	@mkdir -p bin
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

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
	$(CC) $(SAN) -o $@ $^ $(LIBS)

build/test/test_%: tests/unit/test_%.c $(TOBJ) $(HDRS)
	@mkdir -p build/test
	@echo "LD $@"
	@$(CC) $(TEST_CFLAGS) -o $@ $< $(TOBJ) $(LIBS) -lcmocka

deps:
	@sh scripts/deps.sh

test: deps
	@$(MAKE) --no-print-directory build/test/shouhu $(UNIT_BIN) build/test/fuzz_page_run
	@sh tests/run.sh

# Fuzz targets: libFuzzer with clang, and a plain driver (any compiler) that
# replays the corpus as a regression test.
FUZZ_SRC = tests/fuzz/fuzz_page.c
build/test/fuzz_page_run: tests/fuzz/fuzz_page.c tests/fuzz/driver.c $(TOBJ) $(HDRS)
	@mkdir -p build/test
	$(CC) $(TEST_CFLAGS) -o $@ tests/fuzz/fuzz_page.c tests/fuzz/driver.c $(TOBJ) $(LIBS)

fuzz: deps
	@mkdir -p build/fuzz
	clang -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined \
	    $(PKG_CFLAGS) -Icollector -Igenerator -DSHOUHU_DATADIR='"$(DATADIR)"' \
	    -o build/fuzz/fuzz_page tests/fuzz/fuzz_page.c $(LIB_SRC) $(LIBS)
	@echo "run: build/fuzz/fuzz_page -max_total_time=60 build/fuzz/corpus tests/fuzz/corpus"

demo: deps all
	@sh scripts/demo.sh

bench: deps all
	@sh scripts/bench.sh $(BENCH_PAGES)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/themes
	install -m 755 bin/shouhu $(DESTDIR)$(BINDIR)/shouhu
	install -m 644 man/shouhu.1 $(DESTDIR)$(MANDIR)/man1/shouhu.1
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shouhu $(DESTDIR)$(MANDIR)/man1/shouhu.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf bin build

.PHONY: all deps test fuzz demo bench install uninstall clean
