# tests/fuzz/fuzz.mk — libFuzzer harnesses of qtr (included by the top Makefile).
#
#   make fuzz-build                  build build/fuzz/fuzz_<h> for every harness
#   make fuzz [FUZZ_SECONDS=60]      replay tests/fuzz/regressions, then run each harness for
#                                    FUZZ_SECONDS (make -j2 fuzz runs two at a time)
#   make fuzz-<h>                    one harness only (ingest, num, plan, table, csvr, pdfsplit)
#
# Harnesses are built with clang -fsanitize=fuzzer,address,undefined against the core library
# and the ingest stage's modules (pipeline/core/*.c, pipeline/ingest/*.c but its main.c). Each
# run grows the scratch corpus build/fuzz/corpus-<h>, seeded read-only from tests/fuzz/corpus/<h>/ (which stays small); findings land in
# build/fuzz/artifacts/<h>-* and the log in build/fuzz/<h>.log. Needs clang and
# libclang-rt-14-dev (Debian 12).

FUZZ_CC        ?= clang
FUZZ_SECONDS   ?= 60
FUZZ_OPTS      ?=
FUZZ_DIR       := build/fuzz
FUZZ_HARNESSES := ingest num plan table csvr pdfsplit
FUZZ_SAN       := -fsanitize=address,undefined,float-cast-overflow \
                  -fno-sanitize-recover=undefined,float-cast-overflow -fno-omit-frame-pointer
FUZZ_WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
                  -Wformat=2 -Wno-format-nonliteral $(if $(filter 1,$(WERROR)),-Werror)
FUZZ_CFLAGS    := -std=c11 -g -O1 $(FUZZ_WARN) $(FUZZ_SAN) \
                  -Ipipeline/core -Ipipeline/ingest -D_GNU_SOURCE -DQTR_VERSION='"fuzz"' -DQTR_FUZZ_ROOT='"$(CURDIR)"'
FUZZ_LIBS      := -lcsv -liniparser -lm
FUZZ_LIB_SRC   := $(wildcard pipeline/core/*.c) $(filter-out pipeline/ingest/main.c,$(wildcard pipeline/ingest/*.c))
FUZZ_LIB_OBJ   := $(patsubst pipeline/%.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_LIB_SRC))
FUZZ_BINS      := $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)

# longest input per harness: whole files for ingest, one cell for the parsers
FUZZ_MAXLEN_ingest := 16384
FUZZ_MAXLEN_num    := 256
FUZZ_MAXLEN_plan   := 8192
FUZZ_MAXLEN_table  := 8192
FUZZ_MAXLEN_csvr   := 8192
FUZZ_MAXLEN_pdfsplit := 65536

.PHONY: fuzz fuzz-build fuzz-regress $(FUZZ_HARNESSES:%=fuzz-%)

fuzz-build: $(FUZZ_BINS)

.SECONDARY: $(FUZZ_LIB_OBJ)

$(FUZZ_DIR)/obj/%.o: pipeline/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(FUZZ_LIBS)

# the charts stage's PDF cutter: its source and the core's text buffer, cairo's headers only
$(FUZZ_DIR)/fuzz_pdfsplit: tests/fuzz/fuzz_pdfsplit.c tests/fuzz/fuzz_util.h pipeline/charts/pdfsplit.c pipeline/charts/pdfsplit.h \
		pipeline/core/text.c
	@mkdir -p $(dir $@)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Ipipeline/charts $(shell pkg-config --cflags cairo) -fsanitize=fuzzer -o $@ $< \
		pipeline/charts/pdfsplit.c pipeline/core/text.c

# every saved finding must run clean (it is a file named <harness>-<what>)
fuzz-regress: $(FUZZ_BINS)
	@for h in $(FUZZ_HARNESSES); do \
		set -- tests/fuzz/regressions/$$h-*; [ -e "$$1" ] || continue; \
		echo "  REPLAY  $$h: $$# file(s)"; \
		$(FUZZ_DIR)/fuzz_$$h -runs=1 "$$@" >$(FUZZ_DIR)/regress-$$h.log 2>&1 \
			|| { tail -n 30 $(FUZZ_DIR)/regress-$$h.log; exit 1; }; \
	done

$(FUZZ_HARNESSES:%=fuzz-%): fuzz-%: $(FUZZ_DIR)/fuzz_% | fuzz-regress
	@mkdir -p $(FUZZ_DIR)/corpus-$* $(FUZZ_DIR)/artifacts
	@echo "  FUZZ    $* for $(FUZZ_SECONDS)s (log: $(FUZZ_DIR)/$*.log)"
	@$(FUZZ_DIR)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAXLEN_$*) \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		$(if $(wildcard tests/fuzz/dict/$*.dict),-dict=tests/fuzz/dict/$*.dict) \
		-artifact_prefix=$(FUZZ_DIR)/artifacts/$*- $(FUZZ_OPTS) \
		$(FUZZ_DIR)/corpus-$* tests/fuzz/corpus/$* >$(FUZZ_DIR)/$*.log 2>&1; \
	rc=$$?; grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' \
		$(FUZZ_DIR)/$*.log | sed 's/^/          $* /'; \
	if [ $$rc != 0 ]; then grep -E -A12 '^==[0-9]+==ERROR|runtime error|fuzz invariant' \
		$(FUZZ_DIR)/$*.log | head -n 40; echo "fuzz-$*: FAILED (exit $$rc); see $(FUZZ_DIR)/$*.log"; \
		exit 1; fi

fuzz: $(FUZZ_HARNESSES:%=fuzz-%)
