# symkit - see README.md.  `make` builds lib and tools into bin/,
# `make check` runs every test, `make demo` shows stackwalk on real data.

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
LIBDIR   = $(PREFIX)/lib
INCDIR   = $(PREFIX)/include/symkit
MANDIR   = $(PREFIX)/share/man/man1
DATADIR  = $(PREFIX)/share/symkit

CC      ?= cc
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wwrite-strings -Wcast-qual -Wundef
CFLAGS  ?= -O2 -g
SAN      = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-sanitize-recover=all)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -I. $(WARN) $(if $(WERROR),-Werror) $(SAN) \
             -DSYMKIT_VERSION='"$(VERSION)"' $(DEPS_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# Debian's libdwarf 20210528 has no .pc, hence the fixed flags.
PKGS        = json-c libelf zlib libzstd liblzma libcurl libxxhash
DEPS_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
               -I/usr/include/libdwarf
DEPS_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || \
                 echo -ljson-c -lelf -lz -lzstd -llzma -lcurl -lxxhash) \
               -ldwarf -lstdc++ -lpthread -lm

# Each build flavour gets its own object tree, so a sanitizer run never
# mixes with a normal one.
BUILD   ?= build/$(if $(SANITIZE),san-$(subst $(comma),-,$(SANITIZE)),default)
comma   := ,

LIB_SRC  = $(wildcard lib/*/*.c) $(wildcard symfmt/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB      = $(BUILD)/libsymkit.a
TOOLS    = $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
BINS     = $(TOOLS:%=bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
REPLAYS  = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/fuzz/replay_%)
HEADERS  = $(wildcard lib/*/*.h symfmt/*.h cmd/*.h)
LIB_DIRS = $(patsubst %/,%,$(wildcard lib/*/))

.PHONY: all check check-run demo bench fuzz install uninstall clean deps
# keep the cmd/ objects make would delete as intermediates
.SECONDARY:
all: $(BINS) $(LIB)

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# bin/ holds the last flavour built; check rebuilds as needed.
bin/%: $(BUILD)/cmd/%.o $(LIB)
	@mkdir -p bin
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEPS_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(DEPS_LIBS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c \
		$(LIB) $(DEPS_LIBS)

$(BUILD)/tools/mutate: tests/mutate.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

# Always relink bin/ for the flavour under test.  The Debian packages
# come first (installed as root, else the apt-get line is printed).
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: $(LIB) $(UNITS) $(REPLAYS) $(BUILD)/tools/mutate
	@rm -f $(BINS)
	@$(MAKE) --no-print-directory $(BINS)
	@BUILD=$(BUILD) UPDATE=$(UPDATE) sh tests/run.sh

deps:
	@sh .ci/deps

demo: deps
	@$(MAKE) --no-print-directory all
	bin/stackwalk testdata/breakpad/linux-cases/e1_cfi_omitfp_gxx_O2/e1_cfi_omitfp_gxx_O2.dmp \
		testdata/breakpad/linux-cases/e1_cfi_omitfp_gxx_O2/symbols \
		testdata/breakpad/linux-cases/_system_symbols

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench.sh

# libFuzzer builds (clang): make fuzz FUZZ_TIME=60 [FUZZ="minidump elfsym"];
# an input that runs longer than FUZZ_TIMEOUT seconds is a failure (hang).
# The library is compiled once (build/fuzz), each target linked to it.
FUZZ_TIME ?= 30
FUZZ_TIMEOUT ?= 10
FUZZ      ?= $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -I. -g -O1 $(DEPS_CFLAGS) \
              -fsanitize=fuzzer-no-link,address,undefined \
              -fno-sanitize-recover=all
FUZZ_OBJ  = $(LIB_SRC:%.c=build/fuzz/%.o)

build/fuzz/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/libsymkit.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz-bin/%: tests/fuzz/fuzz_%.c build/fuzz/libsymkit.a
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		build/fuzz/libsymkit.a $(DEPS_LIBS)

fuzz: $(FUZZ:%=build/fuzz-bin/%)
	@for n in $(FUZZ); do \
		mkdir -p testdata/fuzz/$$n; \
		build/fuzz-bin/$$n -max_total_time=$(FUZZ_TIME) \
			-timeout=$(FUZZ_TIMEOUT) testdata/fuzz/$$n || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCDIR)/symfmt $(DESTDIR)$(MANDIR) \
		$(LIB_DIRS:%=$(DESTDIR)$(INCDIR)/%)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)
	for d in $(LIB_DIRS); do \
		for h in $$d/*.h; do case $$h in *_int.h) continue;; esac; \
			install -m 644 $$h $(DESTDIR)$(INCDIR)/$$d; done; \
	done
	install -m 644 $(wildcard symfmt/*.h) $(DESTDIR)$(INCDIR)/symfmt
	install -m 644 $(TOOLS:%=docs/%.1) $(DESTDIR)$(MANDIR)
	install -d $(DESTDIR)$(DATADIR)/sig
	install -m 644 data/sig/*.txt $(DESTDIR)$(DATADIR)/sig

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(LIBDIR)/libsymkit.a
	rm -rf $(DESTDIR)$(INCDIR)
	rm -f $(TOOLS:%=$(DESTDIR)$(MANDIR)/%.1)
	rm -rf $(DESTDIR)$(DATADIR)/sig

clean:
	rm -rf build bin
