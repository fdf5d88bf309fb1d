# sonde — build, set up, test.
#
#   make            build ./sonde (no network, no root: the Debian packages
#                   must be there; `make deps` installs them)
#   make deps       install the Debian packages the build needs (root)
#   make run        set up the host and run sonde's default trace (ARGS='-e ...' for any program)
#   make test       set up and run every test layer; ends with "N passed, N failed"
#   make install    PREFIX=/usr/local DESTDIR= (mk/install.mk); make deb: a Debian package
#   make check      the fast loop, as any user: unit, golden, malformed, fuzz smoke
#   make coverage   the check layers (and D goldens) under gcov; line coverage per file

CC	?= gcc
# CFLAGS is the user's (make CFLAGS="-O0 -g"); what sonde needs is apart.
CFLAGS	?= -O2 -g
SONDE_CFLAGS := -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	   -Wno-missing-field-initializers -D_GNU_SOURCE -MMD -MP -Isrc
LDLIBS	+= -lbpf -lelf -lz -lpthread	# libdw, libssl, libcrypt: dlopen()ed (sym/dwlazy.c, export/tlslazy.c)
# unit tests make password hashes with libcrypt themselves
TEST_LDLIBS := -lcrypt

BUILD	:= build
GEN	:= $(BUILD)/gen
SRCS	:= $(shell find src -name '*.c' | sort)
# Generated sources live in the build tree, never in src/.
GEN_SRCS := $(GEN)/tools_data.c
OBJS	:= $(SRCS:%.c=$(BUILD)/%.o) $(GEN_SRCS:%.c=%.o)
LIBOBJS	:= $(filter-out $(BUILD)/src/main.o,$(OBJS))
TOOLS	:= $(wildcard tools/*.bt)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps setup run test check coverage unit clean print-libobjs

all: sonde

# Debian packages the build needs; installed once, recorded by a stamp.
# Only the targets that set a host up (run, test) install; plain `make`
# never runs apt.
deps: $(BUILD)/.deps
$(BUILD)/.deps: scripts/setup.sh
	@mkdir -p $(BUILD)
	@sh scripts/setup.sh deps
	@touch $@

setup: deps
	@sh scripts/setup.sh mounts

sonde: $(OBJS)
	$(CC) $(CFLAGS) $(SONDE_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SONDE_CFLAGS) -c -o $@ $<

$(GEN)/%.o: $(GEN)/%.c
	$(CC) $(CFLAGS) $(SONDE_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SONDE_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

unit: $(UNIT_BINS)

# The built-in tools, embedded: regenerated when a script changes.
$(GEN)/tools_data.c: scripts/embed-tools.sh $(filter-out tools/default.bt,$(TOOLS))
	@mkdir -p $(dir $@)
	sh scripts/embed-tools.sh $@

# USDT probes with known arguments for the usdt kernel tests (<sys/sdt.h>
# from systemtap-sdt-dev).
$(BUILD)/tests/usdt_workload: tests/usdt_workload.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -fno-omit-frame-pointer -o $@ $<

# The deterministic workload the kernel tests trace (frame pointers for ustack).
$(BUILD)/tests/workload: tests/workload.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -g -fno-omit-frame-pointer -o $@ $<

run: deps all setup
	./sonde $(if $(ARGS),$(ARGS),tools/default.bt)

test: deps all setup unit $(BUILD)/tests/workload $(BUILD)/tests/usdt_workload $(BUILD)/.robust-deps
	@sh tests/run.sh

# The fast loop, as any user and without a kernel: unit tests, golden
# tests under --dump, malformed input, a short fuzz run (about 15 s).
check: sonde unit
	@FRONTEND_ONLY=1 FUZZ_RUNS=$${FUZZ_RUNS:-1000} FUZZ_SMOKE_TIME=$${FUZZ_SMOKE_TIME:-3} \
		sh tests/run.sh layers unit lang malformed fuzz

# Line coverage per file of the layers in COV_LAYERS (unit, golden, D golden
# and malformed by default: about a minute), from an instrumented build of its
# own in build/cov.  COV_LAYERS="unit lang dtrace malformed kernel" adds what
# the kernel tests reach (root; several minutes); COV_SRC="src/lang src/bpf"
# prints only those files.
COV_LAYERS	?= unit lang dtrace malformed
COV_DIR		:= $(BUILD)/cov
COV_CFLAGS	:= -O0 -g --coverage
COV_OBJS	:= $(patsubst $(BUILD)/%,$(COV_DIR)/%,$(OBJS))
COV_LIBOBJS	:= $(filter-out $(COV_DIR)/src/main.o,$(COV_OBJS))
COV_UNITS	:= $(UNIT_SRCS:tests/unit/%.c=$(COV_DIR)/tests/%)

$(COV_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(CC) $(COV_CFLAGS) $(SONDE_CFLAGS) -c -o $@ $<

$(COV_DIR)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(COV_CFLAGS) $(SONDE_CFLAGS) -c -o $@ $<

$(COV_DIR)/sonde: $(COV_OBJS)
	@$(CC) $(COV_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(COV_DIR)/tests/%: tests/unit/%.c $(COV_LIBOBJS)
	@mkdir -p $(dir $@)
	@$(CC) $(COV_CFLAGS) $(SONDE_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS) $(TEST_LDLIBS)

coverage: $(COV_DIR)/sonde $(COV_UNITS)
	@find $(COV_DIR) -name '*.gcda' -delete
	@SONDE=$(CURDIR)/$(COV_DIR)/sonde UNIT_DIR=$(COV_DIR)/tests \
		sh tests/run.sh $(COV_LAYERS) | grep -E '^  FAIL|^[0-9]+ passed'
	@sh scripts/coverage.sh $(COV_DIR) $(if $(COV_SRC),$(COV_SRC),src)

# The library objects, for scripts that link their own programs (bench/).
print-libobjs:
	@echo $(LIBOBJS)

clean:
	rm -rf $(BUILD) sonde

include mk/robust.mk
include mk/vm.mk
include mk/export.mk
include mk/install.mk

-include $(OBJS:.o=.d) $(COV_OBJS:.o=.d)
