# The exporter's fuzzer (sonde serve's HTTP request parser), included by
# the Makefile after mk/robust.mk, whose compiler settings it shares.
#
#   make fuzz-http [FUZZ_HTTP_RUNS=200000]   seeds in tests/fuzz/http_seeds

.PHONY: fuzz-http fuzz-http-bin

FUZZ_HTTP_BIN	:= $(FUZZ_DIR)/fuzz_http
FUZZ_HTTP_RUNS	?= 200000
FUZZ_HTTP_OBJS	:= $(FUZZ_DIR)/src/export/http_parse.o $(FUZZ_DIR)/src/util.o

$(FUZZ_HTTP_BIN): tests/fuzz/fuzz_http.c $(FUZZ_HTTP_OBJS) | $(BUILD)/.robust-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $^

fuzz-http-bin: $(FUZZ_HTTP_BIN)

fuzz-http: $(FUZZ_HTTP_BIN)
	@rm -rf $(FUZZ_DIR)/http && mkdir -p $(FUZZ_DIR)/http/corpus $(FUZZ_DIR)/http/artifacts
	$(FUZZ_HTTP_BIN) -seed=1 -runs=$(FUZZ_HTTP_RUNS) -max_len=9000 \
		-artifact_prefix=$(FUZZ_DIR)/http/artifacts/ $(FUZZ_DIR)/http/corpus tests/fuzz/http_seeds
