# Robustness targets, included by the Makefile after SRCS, LIBOBJS, BUILD
# and CFLAGS are defined (docs/safety.md says what each one guarantees).
#
#   make fuzz [FUZZ_TIME=600]   libFuzzer, each target FUZZ_TIME s: fuzz_frontend
#                               (preprocessor -> lexer -> parser -> sema -> codegen)
#                               and fuzz_preproc (preprocessor and #if alone); new
#                               inputs kept in build/fuzz/work/TARGET/corpus, crashes in
#                               build/fuzz/work/TARGET/artifacts/ (add them to
#                               tests/fuzz/regressions/)
#   make fuzz-bin               only build the harnesses (build/fuzz/fuzz_*)
#   make fuzz-smoke             each target: every seed once, then FUZZ_SMOKE_TIME s
#   make asan                   unit + golden tests under ASan and UBSan
#   make valgrind               a typical script under valgrind --leak-check=full
#
# The fuzzer and the sanitizer builds live in their own directories, so
# they never mix objects with the normal build.

.PHONY: robust-deps fuzz fuzz-bin fuzz-smoke asan asan-bin valgrind

FUZZ_CC		?= clang-14
FUZZ_TIME	?= 60
FUZZ_SMOKE_TIME	?= 20
FUZZ_DIR	:= $(BUILD)/fuzz
FUZZ_TARGETS	:= fuzz_frontend fuzz_preproc
FUZZ_BINS	:= $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))
FUZZ_SAN	?= -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS	:= -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) \
		   -Wno-unused-parameter -Wno-missing-field-initializers
FUZZ_OBJS	:= $(patsubst $(BUILD)/%,$(FUZZ_DIR)/%,$(LIBOBJS))

ASAN_DIR	:= $(BUILD)/asan
ASAN_CFLAGS	:= -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		   -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		   -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ASAN_LIBOBJS	:= $(patsubst $(BUILD)/%,$(ASAN_DIR)/%,$(LIBOBJS))
ASAN_UNITS	:= $(patsubst tests/unit/%.c,$(ASAN_DIR)/tests/%,$(wildcard tests/unit/test_*.c))
# LeakSanitizer on: every allocation of a run must be freed.
ASAN_ENV	:= ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
		   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Debian packages these targets need (and libc6-dbg, the debug information
# tests/kernel/uprobe_glob_dwarf.sh reads); installed once, recorded by a stamp.
robust-deps: $(BUILD)/.robust-deps
$(BUILD)/.robust-deps: mk/robust.mk
	@mkdir -p $(BUILD)
	@missing=""; \
	for p in clang-14 libclang-rt-14-dev valgrind libcap2-bin bpftool protobuf-compiler chromium jq \
		libc6-dbg; do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || \
			missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "robust: installing$$missing"; \
		apt-get update -q >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null || exit 1; \
	fi
	@touch $@

# ---- libFuzzer ----------------------------------------------------------

$(FUZZ_DIR)/%.o: %.c | $(BUILD)/.robust-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -Isrc -c -o $@ $<

$(FUZZ_DIR)/gen/%.o: $(GEN)/%.c | $(BUILD)/.robust-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -Isrc -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS) | $(BUILD)/.robust-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $^ $(LDFLAGS) $(LDLIBS)

fuzz-bin: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
		sh tests/fuzz/run.sh $(FUZZ_DIR)/$$t $(FUZZ_TIME) $(FUZZ_DIR)/work/$$t || exit 1; \
	done

fuzz-smoke: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
		FUZZ_RUNS=$${FUZZ_RUNS:-60000} sh tests/fuzz/run.sh $(FUZZ_DIR)/$$t \
			$(FUZZ_SMOKE_TIME) $(FUZZ_DIR)/smoke/$$t || exit 1; \
	done

# ---- AddressSanitizer + UndefinedBehaviorSanitizer ------------------------

$(ASAN_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -MMD -MP -Isrc -c -o $@ $<

$(ASAN_DIR)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -MMD -MP -Isrc -c -o $@ $<

$(ASAN_DIR)/sonde: $(ASAN_DIR)/src/main.o $(ASAN_LIBOBJS)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(ASAN_DIR)/tests/%: tests/unit/%.c $(ASAN_LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Isrc -o $@ $^ $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

asan-bin: $(ASAN_DIR)/sonde $(ASAN_UNITS)

asan: asan-bin $(BUILD)/tests/workload
	@$(ASAN_ENV) SONDE=$(CURDIR)/$(ASAN_DIR)/sonde UNIT_DIR=$(ASAN_DIR)/tests \
		sh tests/run.sh unit lang malformed

# ---- valgrind ---------------------------------------------------------------

valgrind: sonde $(BUILD)/.robust-deps
	@SONDE=$(CURDIR)/sonde sh tests/kernel/robust_valgrind.sh

-include $(FUZZ_OBJS:.o=.d) $(ASAN_LIBOBJS:.o=.d)
