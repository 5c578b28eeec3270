# qtr — quarterly target report. `make` builds the stage programs into build/bin;
# `make check` runs every test (also under ASan+UBSan); both install the missing Debian packages
# when run as root (`make deps` only that), else print the apt-get command and stop.
# WERROR=1 makes warnings errors (CI); SAN=1 builds with sanitizers into build/san; V=1 is verbose.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
CC        ?= cc
SAN       ?= 0
WERROR    ?= 0

ifeq ($(SAN),1)
BUILD     := build/san
SANFLAGS  := -fsanitize=address,undefined,float-cast-overflow \
	-fno-sanitize-recover=undefined,float-cast-overflow -fno-omit-frame-pointer
# cairo 1.16 leaks a little while it finishes a PDF (tests/san/lsan_cairo_pdf.c says why this
# is not a suppression); programs drawing with cairo get the wrapper
SAN_CAIRO := $(BUILD)/obj/tests/san/lsan_cairo_pdf.o
SAN_WRAP  := -Wl,--wrap=cairo_surface_finish
else
BUILD     := build
SANFLAGS  :=
SAN_CAIRO :=
SAN_WRAP  :=
endif
# PLAIN=hash|csv|fork|deflate|tmpfiles|zipmembers|printf|deflating|preassemble|rows|unitmemo|fcthreads|laymemo|unitbatch builds, into build/plain-<name>, without one of the performance
# devices, so `make bench-devices` can show what each buys (bench/devices.md)
ifneq ($(PLAIN),)
BUILD     := build/plain-$(PLAIN)
CPPFLAGS  += -DQTR_PLAIN_$(shell echo '$(PLAIN)' | tr a-z A-Z)
endif

# The Debian packages, named here only (run.sh asks `make -s print-deps-run` for them):
# DEPS_RUN to build and run the job, DEPS_TEST the test tools that `make check` adds.
DEPS_RUN  := build-essential pkg-config libcsv-dev libxlsxwriter-dev libcairo2-dev \
	libpango1.0-dev libpng-dev zlib1g-dev libiniparser-dev fonts-noto-cjk fontconfig util-linux
DEPS_TEST := libcmocka-dev python3 python3-openpyxl poppler-utils valgrind clang libclang-rt-14-dev time
DEBIAN_PACKAGES := $(DEPS_RUN) $(DEPS_TEST)

WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN      += -Werror
endif
OPT       ?= -O2 -g
CPPFLAGS  += -Ipipeline/core -D_GNU_SOURCE -DQTR_VERSION='"$(VERSION)"'
CFLAGS    += -std=c11 -pthread $(OPT) $(WARN) $(SANFLAGS)
LDFLAGS   += -pthread $(SANFLAGS)

PKG_GFX   := xlsxwriter pangocairo cairo-pdf cairo-svg cairo-png fontconfig zlib
GFX_CFLAGS = $(shell pkg-config --cflags $(PKG_GFX) 2>/dev/null)
GFX_LIBS   = $(shell pkg-config --libs $(PKG_GFX) 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
CORE_LIBS := -lcsv -liniparser -lm
# the workbook stage's own deflateInit2_, rewind, lxw_tmpfile, minizip's member calls,
# __fprintf_chk and lxw_rowcol_to_cell, which libxlsxwriter's calls reach first
# (pipeline/workbook/lxwhooks.c), and lxw_worksheet_write_single_row (lxwrows.c)
WB_LDFLAGS := -Wl,--export-dynamic-symbol=deflateInit2_ -Wl,--export-dynamic-symbol=rewind \
              -Wl,--export-dynamic-symbol=lxw_tmpfile \
              -Wl,--export-dynamic-symbol=zipOpenNewFileInZip4_64 \
              -Wl,--export-dynamic-symbol=zipWriteInFileInZip \
              -Wl,--export-dynamic-symbol=zipCloseFileInZip -Wl,--export-dynamic-symbol=zipOpen \
              -Wl,--export-dynamic-symbol=__fprintf_chk -Wl,--export-dynamic-symbol=lxw_rowcol_to_cell \
              -Wl,--export-dynamic-symbol=lxw_worksheet_write_single_row

# the charts stage's own cairo_show_text_glyphs, which Pango's calls reach first
# (pipeline/charts/layout.c: a long text cut with "…" drawn from its prefix), its
# __snprintf_chk, cairo's (pipeline/charts/fixedfmt.c), and its g_thread_new, Pango's
# (pipeline/charts/fcsync.c; -u takes those two from the stage's archive)
CHARTS_LDFLAGS := -Wl,--export-dynamic-symbol=cairo_show_text_glyphs \
                  -Wl,-u,__snprintf_chk -Wl,--export-dynamic-symbol=__snprintf_chk \
                  -Wl,-u,g_thread_new -Wl,--export-dynamic-symbol=g_thread_new

ifeq ($(V),1)
Q :=
else
Q := @
endif

# pipeline/core: the report model and the formats every stage shares (libqtr-core.a);
# pipeline/<stage>: a library of the stage's own modules (libqtr-<stage>.a) and a thin main.c
CORE_SRC  := $(wildcard pipeline/core/*.c)
CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
CORE      := $(BUILD)/libqtr-core.a
STAGES    := $(patsubst pipeline/%/main.c,%,$(wildcard pipeline/*/main.c))
BINS      := $(STAGES:%=$(BUILD)/bin/qtr-%)
stage_src  = $(filter-out pipeline/$(1)/main.c,$(wildcard pipeline/$(1)/*.c))
stage_lib  = $(if $(call stage_src,$(1)),$(BUILD)/libqtr-$(1).a)
# unit tests: tests/unit/test_X.c tests the core; tests/unit/<stage>/test_X.c links that stage's
# library too (and sees its headers)
UNIT_SRC  := $(wildcard tests/unit/test_*.c tests/unit/*/test_*.c)
UNIT_BINS := $(foreach t,$(UNIT_SRC),$(BUILD)/tests/$(notdir $(t:.c=)))

.PHONY: all check check-fast unit e2e deps deps-run print-deps-run install clean fuzz bench bench-devices mutate help fuzz-build-if-clang
all: $(BINS) $(BUILD)/bin/fonts/fonts.txt
	@touch $(BUILD)/.built  # run.sh rebuilds only when a source is newer than this

help:
	@echo "make            build the stage programs into build/bin"
	@echo "make check      run unit + end-to-end tests, then again under ASan/UBSan (as root,"
	@echo "                installs the missing Debian packages first)"
	@echo "make deps       install the Debian packages (as root) or print the command"
	@echo "make deps-run   the same for what building and running needs (run.sh does it)"
	@echo "make bench      time the job at 12..3000 units x 1..10 years (bench/results.md)"
	@echo "make bench-devices  what each performance device buys (bench/devices.md)"
	@echo "make mutate     apply each mutant of tests/mutate/catalogue.txt, run its tests: K/N killed"
	@echo "make fuzz       replay fuzz regressions, then fuzz each harness FUZZ_SECONDS (60)"
	@echo "make install PREFIX=/opt/qtr"

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@test "$(V)" = 1 || echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(if $(filter pipeline/workbook/% pipeline/charts/% tests/%,$<),$(GFX_CFLAGS)) -MMD -MP -c $< -o $@

$(CORE): $(CORE_OBJ)
	@test "$(V)" = 1 || echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# each stage: its library, its main.c, the core library
define stage_rule
$(BUILD)/libqtr-$(1).a: $(patsubst %.c,$(BUILD)/obj/%.o,$(call stage_src,$(1)))
	@test "$(V)" = 1 || echo "  AR      $$@"
	$(Q)rm -f $$@ && ar rcs $$@ $$^
$(BUILD)/bin/qtr-$(1): $(BUILD)/obj/pipeline/$(1)/main.o $(call stage_lib,$(1)) $(CORE) \
		$(if $(filter charts,$(1)),$(SAN_CAIRO))
	@mkdir -p $$(dir $$@)
	@test "$(V)" = 1 || echo "  LD      $$@"
	$(Q)$(CC) $(LDFLAGS) -o $$@ $$^ $(if $(filter workbook,$(1)),$(WB_LDFLAGS)) \
		$(if $(filter charts,$(1)),$(SAN_WRAP) $(CHARTS_LDFLAGS)) \
		$(if $(filter workbook charts,$(1)),$$(GFX_LIBS)) $(CORE_LIBS)
endef
$(foreach s,$(STAGES),$(eval $(call stage_rule,$(s))))

# The report font cut to the characters of Chinese administrative text, which qtr-charts uses in
# its place (pipeline/charts/fontsub.h says why): made once into build/fonts by a build tool on
# HarfBuzz's subsetter (tools/fontsubset.c; libharfbuzz-subset comes with Pango's -dev package),
# linked beside each build's programs; made again when fontconfig's font file changes. Without
# the font nothing is made and the stage uses the whole font.
FONT_SOURCES  = $(wildcard $(shell fc-match -f '%{file}' 'Noto Sans CJK SC:style=Regular' 2>/dev/null) \
	$(shell fc-match -f '%{file}' 'Noto Sans CJK SC:style=Bold' 2>/dev/null))
build/tools/qtr-fontsubset: tools/fontsubset.c pipeline/charts/fontmatch.c pipeline/charts/fontmatch.h
	@mkdir -p $(dir $@)
	@test "$(V)" = 1 || echo "  LD      $@"
	$(Q)$(CC) -std=c11 -O2 -D_GNU_SOURCE $(WARN) -Ipipeline/charts $(shell pkg-config --cflags harfbuzz-subset fontconfig) \
		-o $@ tools/fontsubset.c pipeline/charts/fontmatch.c $(shell pkg-config --libs harfbuzz-subset harfbuzz fontconfig)
build/fonts/fonts.txt: build/tools/qtr-fontsubset $(FONT_SOURCES)
	@test "$(V)" = 1 || echo "  FONT    $@"
	$(Q)build/tools/qtr-fontsubset build/fonts
$(BUILD)/bin/fonts/fonts.txt: build/fonts/fonts.txt
	$(Q)if [ -f build/fonts/fonts.txt ]; then mkdir -p $(dir $@) && \
		ln -f build/fonts/*.otf $(dir $@) && cp build/fonts/fonts.txt $@; fi

# a stage's objects see its own headers; tests of a stage see them too
$(BUILD)/obj/pipeline/%.o: CPPFLAGS += -Ipipeline/$(firstword $(subst /, ,$*))

define unit_rule
$(BUILD)/tests/$(notdir $(1:.c=)): $(1) tests/unit/testutil.h $(2) $(CORE) $(if $(filter charts,$(3)),$(SAN_CAIRO))
	@mkdir -p $$(dir $$@)
	@test "$(V)" = 1 || echo "  TEST    $$@"
	$(Q)$(CC) $(CPPFLAGS) $(if $(3),-Ipipeline/$(3)) $(CFLAGS) $(GFX_CFLAGS) -Itests/unit -o $$@ $(1) \
		$(2) $(CORE) $(LDFLAGS) $(if $(filter workbook,$(3)),$(WB_LDFLAGS)) \
		$(if $(filter charts,$(3)),$(SAN_CAIRO) $(SAN_WRAP) $(CHARTS_LDFLAGS)) \
		$(CMOCKA_LIBS) $(GFX_LIBS) $(CORE_LIBS)
endef
$(foreach t,$(UNIT_SRC),$(eval $(call unit_rule,$(t),$(call stage_lib,$(filter-out unit,$(notdir $(patsubst %/,%,$(dir $(t)))))),$(filter-out unit,$(notdir $(patsubst %/,%,$(dir $(t))))))))

unit: $(UNIT_BINS)

# The whole suite: normal build, then the sanitizer build, the fuzz harnesses (their regressions
# are replayed by tests/e2e/fuzz_regressions.sh); ends with the plain line "N passed, N failed"
# (the skipped checks, each with its reason, are listed just above it).
check:
	$(Q)tools/deps.sh "make check" $(DEBIAN_PACKAGES)
	$(Q)$(MAKE) --no-print-directory all unit
	$(Q)$(MAKE) --no-print-directory SAN=1 all unit
	$(Q)$(MAKE) --no-print-directory fuzz-build-if-clang
	$(Q)tests/run.sh

# One pass without sanitizers (quick local loop).
check-fast:
	$(Q)tools/deps.sh "make check-fast" $(DEBIAN_PACKAGES)
	$(Q)$(MAKE) --no-print-directory all unit fuzz-build-if-clang
	$(Q)QTR_NO_SAN=1 tests/run.sh

# The harnesses need clang (-fsanitize=fuzzer); without it the replay through them is skipped
# (and counted as skipped by tests/run.sh).
fuzz-build-if-clang:
	$(Q)if command -v $(FUZZ_CC) >/dev/null 2>&1; then $(MAKE) --no-print-directory fuzz-build; \
	else echo "  (no $(FUZZ_CC): the fuzz harnesses are not built; their replay will be skipped)"; fi

# Benchmarks at four scales; writes bench/results.md (RUNS=5 runs each, medians).
bench: all
	$(Q)bench/run.sh

# Mutation testing: each mutant of tests/mutate/catalogue.txt applied alone to a scratch copy and
# run against its tests; ends "mutate: K/N killed" (target 90%). Not part of make check.
mutate: all unit
	$(Q)tests/mutate/mutate.py

# What each performance device buys: the job with and without it at 12 and 3000 x 10 units
# (bench/devices.md; RUNS=7 runs each, alternating builds).
bench-devices: all
	$(Q)for p in hash csv fork deflate tmpfiles zipmembers printf deflating preassemble rows unitmemo fcthreads laymemo unitbatch; do $(MAKE) --no-print-directory PLAIN=$$p all || exit 1; done
	$(Q)bench/devices.sh

# Every Debian package: installed when missing (as root), else the command is printed (tools/deps.sh).
deps:
	@tools/deps.sh "make deps" $(DEBIAN_PACKAGES) && echo "deps: all Debian packages present"

# What run.sh builds with: `make -s print-deps-run` lists them, `make deps-run` installs them.
deps-run:
	@tools/deps.sh "make deps-run" $(DEPS_RUN)

print-deps-run:
	@echo $(DEPS_RUN)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/qtr $(DESTDIR)$(PREFIX)/share/qtr/config
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/libexec/qtr/
	if [ -f $(BUILD)/bin/fonts/fonts.txt ]; then install -d $(DESTDIR)$(PREFIX)/libexec/qtr/fonts && \
		install -m 644 $(BUILD)/bin/fonts/* $(DESTDIR)$(PREFIX)/libexec/qtr/fonts/; fi
	install -m 644 config/*.ini config/*.csv $(DESTDIR)$(PREFIX)/share/qtr/config/
	sed -e 's|^QTR_LIBEXEC=.*|QTR_LIBEXEC="$(PREFIX)/libexec/qtr"|' \
	    -e 's|^QTR_SHARE=.*|QTR_SHARE="$(PREFIX)/share/qtr"|' run.sh > $(DESTDIR)$(PREFIX)/bin/qtr-run
	chmod 755 $(DESTDIR)$(PREFIX)/bin/qtr-run

clean:
	rm -rf build

# libFuzzer harnesses: make fuzz, make fuzz-build (tests/fuzz/README.md)
include tests/fuzz/fuzz.mk

-include $(shell find build -name '*.d' 2>/dev/null)
