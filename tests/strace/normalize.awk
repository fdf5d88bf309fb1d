# Normalize an `strace -f -o FILE` / `sonde strace -f -o FILE` trace so two
# runs compare line for line: each call whole (an <unfinished ...> line
# joined with its <... NAME resumed> line, at the unfinished position),
# grouped by process in order of appearance, pids renamed P1, P2... in
# that order, addresses, ephemeral ports, clocks read, a child's CPU
# times, random bytes and
# alignment blanks removed.
# A process's signal lines follow its calls: whether SIGCHLD comes before
# or after the parent's wait4 depends on when the child exits, under
# either tracer.
function pidname(p) {
	if (!(p in names))
		names[p] = "P" (++npids)
	return names[p]
}
{
	pid = $1
	line = $0
	sub(/^[0-9]+ +/, "", line)
	pidname(pid)
	if (line ~ / <unfinished \.\.\.>$/) {
		sub(/ <unfinished \.\.\.>$/, "", line)
		pending[pid] = ++seq
		text[seq] = line
		owner[seq] = pid
		next
	}
	if (line ~ /^<\.\.\. [a-z0-9_]+ resumed>/) {
		sub(/^<\.\.\. [a-z0-9_]+ resumed>/, "", line)
		if (pid in pending) {
			text[pending[pid]] = text[pending[pid]] line
			delete pending[pid]
			next
		}
	}
	text[++seq] = line
	owner[seq] = pid
}
# Numbers that are pids of the trace become their names (plain POSIX awk).
function rename(l,    r, n) {
	r = ""
	while (match(l, /[0-9]+/)) {
		n = substr(l, RSTART, RLENGTH)
		r = r substr(l, 1, RSTART - 1)
		if ((n in names) && substr(l, RSTART - 1, 1) !~ /[0-9a-zA-Z_x.]/)
			r = r names[n]
		else
			r = r n
		l = substr(l, RSTART + RLENGTH)
	}
	return r l
}
END {
	for (i = 1; i <= seq; i++) {
		l = text[i]
		gsub(/0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]+/, "ADDR", l)
		gsub(/\) +=/, ") =", l)
		gsub(/htons\([0-9][0-9][0-9][0-9]+\)/, "htons(PORT)", l)
		if (l ~ /^clock_gettime\(/)	# the time read
			gsub(/\{tv_sec=[0-9]+, tv_nsec=[0-9]+\}/, "{TIME}", l)
		gsub(/\/dev\/pts\/[0-9]+/, "/dev/pts/N", l)	# the terminal the kernel gave
		gsub(/TIOCGPTN, \[[0-9]+\]/, "TIOCGPTN, [N]", l)
		if (l ~ /^(sysinfo|getrusage|getcpu)\(/)	# the machine's counters, times, CPU
			gsub(/[0-9]+/, "N", l)
		# a child's CPU time at its exit: a clock tick more or less from run to run
		gsub(/si_utime=[0-9]+( \/\* [0-9.]+ s \*\/)?/, "si_utime=T", l)
		gsub(/si_stime=[0-9]+( \/\* [0-9.]+ s \*\/)?/, "si_stime=T", l)
		if (l ~ /^getrandom\("/)	# random bytes
			gsub(/\\x[0-9a-f][0-9a-f]/, "\\xNN", l)
		l = rename(l)
		if (l ~ /^--- SIG/)
			sigs[names[owner[i]]] = sigs[names[owner[i]]] l "\n"
		else
			out[names[owner[i]]] = out[names[owner[i]]] l "\n"
	}
	for (k = 1; k <= npids; k++)
		printf "%s%s", out["P" k], sigs["P" k]
}
