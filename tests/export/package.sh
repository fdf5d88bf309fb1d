#!/bin/sh
# Installing sonde: `make install` into a staging directory (and
# `make uninstall`), `make deb` accepted by lintian without errors, the
# package installed by dpkg into an empty root and its dependencies
# resolved by apt against this Debian, the units checked by systemd-analyze,
# and the installed services' command lines: sonde serve with runqlat and
# syscount, sonde profile serving a profile.
. "$(dirname "$0")/lib_export.sh"
need_root
need_helper
need_cmd dpkg-deb dpkg
need_cmd lintian lintian
cd "$ROOT" || exit 1

make -s install DESTDIR="$T/stage" PREFIX=/usr/local >"$T/install.log" 2>&1 ||
	fail "make install: $(tail -n 5 "$T/install.log")"
for f in bin/sonde share/man/man1/sonde.1.gz share/man/man7/sonde-tools.7.gz \
	 share/bash-completion/completions/sonde lib/systemd/system/sonde.service \
	 lib/systemd/system/sonde-profile.service etc/default/sonde-profile \
	 etc/sonde/serve.conf share/doc/sonde/export.md; do
	[ -f "$T/stage/usr/local/$f" ] || fail "make install did not install usr/local/$f"
done
expect_match "the unit runs the installed binary" "$(cat "$T/stage/usr/local/lib/systemd/system/sonde.service")" \
	'^ExecStart=/usr/local/bin/sonde serve --config /usr/local/etc/sonde/serve.conf$'
expect_match "sonde-tools(7) lists runqlat" "$(zcat "$T/stage/usr/local/share/man/man7/sonde-tools.7.gz")" '^\.B runqlat$'
bash -n "$T/stage/usr/local/share/bash-completion/completions/sonde" || fail "completion script: bash syntax"
make -s uninstall DESTDIR="$T/stage" PREFIX=/usr/local >/dev/null 2>&1
expect_eq "make uninstall keeps only the settings" \
	"$(cd "$T/stage" && find . -type f | sort | tr '\n' ' ')" \
	"./usr/local/etc/default/sonde-profile ./usr/local/etc/sonde/serve.conf "

make -s deb >"$T/deb.log" 2>&1 || fail "make deb: $(tail -n 5 "$T/deb.log")"
DEB=$(ls build/sonde_*.deb | head -n 1)
[ -f "$DEB" ] || { fail "no package in build/"; finish; }
if lintian --fail-on error "$DEB" >"$T/lintian.log" 2>&1; then
	log "ok: lintian: no errors ($(grep -c '^W:' "$T/lintian.log") warnings)"
else
	fail "lintian errors:"
	grep '^E:' "$T/lintian.log" | sed 's/^/    /'
fi
mkdir -p "$T/root/var/lib/dpkg/info" "$T/root/var/lib/dpkg/updates"
: >"$T/root/var/lib/dpkg/status"
# an empty root has none of the libraries: dependencies are apt's to check, below
dpkg --root="$T/root" --force-depends -i "$DEB" >"$T/dpkg.log" 2>&1 ||
	fail "dpkg -i: $(tail -n 5 "$T/dpkg.log")"
expect_eq "dpkg: package state" "$(dpkg --root="$T/root" -s sonde 2>/dev/null | sed -n 's/^Status: //p')" \
	"install ok installed"
expect_eq "the conffiles" "$(cat "$T/root/var/lib/dpkg/info/sonde.conffiles" | tr '\n' ' ')" \
	"/etc/default/sonde-profile /etc/sonde/serve.conf "
expect_match "the installed binary runs" "$("$T/root/usr/bin/sonde" --version)" '^sonde v'
if apt-get install -s "./$DEB" >"$T/apt.log" 2>&1; then
	expect_match "apt resolves its dependencies" "$(cat "$T/apt.log")" '^Inst sonde '
else
	fail "apt-get -s install: $(tail -n 5 "$T/apt.log")"
fi
if command -v systemd-analyze >/dev/null 2>&1; then
	sed "s|/usr/bin/sonde|$T/root/usr/bin/sonde|" "$T/root/lib/systemd/system/sonde.service" >"$T/sonde.service"
	sed "s|/usr/bin/sonde|$T/root/usr/bin/sonde|; s|/etc/default|$T/root/etc/default|" \
		"$T/root/lib/systemd/system/sonde-profile.service" >"$T/sonde-profile.service"
	for u in sonde sonde-profile; do
		if systemd-analyze --man=no verify "$T/$u.service" >"$T/verify.log" 2>&1; then
			log "ok: systemd-analyze verify $u.service"
		else
			fail "systemd-analyze verify $u.service: $(head -n 5 "$T/verify.log")"
		fi
	done
fi
# the service's command line with the packaged settings (on a free port)
SONDE="$T/root/usr/bin/sonde"
cmd=$(sed -n 's|^ExecStart=[^ ]* serve ||p' "$T/root/lib/systemd/system/sonde.service" | sed "s|/etc|$T/root/etc|")
serve_start $cmd --listen 127.0.0.1:0 || finish
scrape >"$T/m.txt"
expect_match "runqlat's histogram" "$(cat "$T/m.txt")" '^# TYPE sonde_runqlat_usecs histogram$'
expect_match "syscount's counter" "$(cat "$T/m.txt")" '^sonde_syscount_count_total\{syscall="[a-z0-9_]+"\} [0-9]+$'
# syscount has five BEGIN blocks: their bpf_stats are one series
expect_eq "no series twice" "$(grep -v '^#' "$T/m.txt" | awk '{ print $1 }' | sort | uniq -d)" ""
serve_stop
expect_eq "exit status after SIGTERM" "$SERVE_STATUS" 0
# the profile service's command line with the packaged defaults (on a free port)
args=$(. "$T/root/etc/default/sonde-profile"; echo "$SONDE_PROFILE_ARGS")
expect_match "the profile service's defaults" "$args" '^--listen=127\.0\.0\.1:6060 -F 49$'
prof_start profile $(echo "$args" | sed 's/--listen=[^ ]*/--listen=127.0.0.1:0/') || finish
code=$(curl -s -o "$T/p.pb.gz" -w '%{http_code}' --max-time 20 "http://$PROF_ADDR/debug/pprof/profile?seconds=1")
expect_eq "a profile from the service's command line" "$code" 200
serve_stop
finish
