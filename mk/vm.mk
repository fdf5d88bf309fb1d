# The VM test layer: kprobe, fentry and raw tracepoint tests on Debian's
# stock cloud kernel booted under QEMU (TCG), since the build host's kernel
# may lack them.  Included by the top Makefile; `make test-vm` runs it.
# The kernel package is downloaded and unpacked under build/vm, not
# installed: the host's boot configuration is never touched.

.PHONY: test-vm

test-vm: sonde $(BUILD)/tests/workload
	@sh tests/vm/run.sh $(CURDIR)/sonde $(CURDIR)/$(BUILD)/tests/workload
