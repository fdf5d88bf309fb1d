#!/bin/sh
# Files sonde writes cannot be redirected by another user: a symbolic link
# planted by `nobody` (in a sticky shared directory and in a directory
# nobody owns) is refused with exit 1 and its target is untouched, as is
# a hard link in a shared directory; new files are 0600, SONDE_OUTPUT_MODE
# asks for others; a link of our own is followed.  The same holds for
# `sonde flamegraph -o`, `sonde profile -o` (SVG, pprof), `sonde record -o` and
# `sonde convert -o`.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v setpriv >/dev/null 2>&1 || skip "setpriv not installed"

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
}

chmod 755 "$T"
echo "precious" >"$T/target"
chmod 644 "$T/target"
mkdir "$T/sticky" "$T/theirs"
chmod 1777 "$T/sticky"
chown 65534:65534 "$T/theirs"
as_nobody ln -s "$T/target" "$T/sticky/out.txt" || skip "cannot act as nobody"
as_nobody ln -s "$T/target" "$T/theirs/out.txt"
as_nobody ln -s "$T/target" "$T/theirs/out.svg"
as_nobody ln -s "$T/target" "$T/theirs/out.pb.gz"
as_nobody ln -s "$T/target" "$T/theirs/rec.sonde"
as_nobody ln -s "$T/target" "$T/theirs/rec.json"

prog='BEGIN { printf("written\n"); exit(); }'

# refused PATH [sonde args...]: exit 1, a message naming PATH, target intact
refused() {
	path=$1
	shift
	timeout -k 2 20 "$@" >"$T/out" 2>"$T/err" </dev/null
	status=$?
	expect_eq "$path: exit status" "$status" 1
	expect_match "$path: message" "$(cat "$T/err")" \
		"^ERROR: -o $path: (is a symbolic link|has [0-9]+ hard links|belongs to another user)"
	expect_eq "$path: target untouched" "$(cat "$T/target")" "precious"
}

refused "$T/sticky/out.txt" "$SONDE" -o "$T/sticky/out.txt" -e "$prog"
refused "$T/theirs/out.txt" "$SONDE" -o "$T/theirs/out.txt" -e "$prog"
printf 'main;foo 3\nmain;bar 1\n' >"$T/stacks.folded"
refused "$T/theirs/out.svg" "$SONDE" flamegraph -o "$T/theirs/out.svg" "$T/stacks.folded"
refused "$T/theirs/out.pb.gz" "$SONDE" profile -d 1 -o "$T/theirs/out.pb.gz"
refused "$T/theirs/out.txt" "$SONDE" profile -d 1 -o "$T/theirs/out.txt"
refused "$T/theirs/rec.sonde" "$SONDE" record --sched -d 1 -o "$T/theirs/rec.sonde"

# A hard link in a directory others can write (made here by root, as a user
# could where fs.protected_hardlinks is off).
ln "$T/target" "$T/theirs/linked.txt"
refused "$T/theirs/linked.txt" "$SONDE" -o "$T/theirs/linked.txt" -e "$prog"

# Someone else's file in a sticky shared directory (fs.protected_regular).
as_nobody sh -c "echo theirs >'$T/sticky/planted.txt'; chmod 666 '$T/sticky/planted.txt'"
timeout 20 "$SONDE" -o "$T/sticky/planted.txt" -e "$prog" >/dev/null 2>"$T/err"
expect_eq "planted file: exit status" "$?" 1
expect_eq "planted file untouched" "$(cat "$T/sticky/planted.txt")" "theirs"

# New files: 0600 whatever the umask; SONDE_OUTPUT_MODE (octal) under the umask.
(umask 022 && timeout 20 "$SONDE" -q -o "$T/new.txt" -e "$prog")
expect_eq "new file written" "$(head -n 1 "$T/new.txt")" "written"
expect_eq "new file mode" "$(stat -c %a "$T/new.txt")" 600
(umask 022 && SONDE_OUTPUT_MODE=0664 timeout 20 "$SONDE" -q -o "$T/shared.txt" -e "$prog")
expect_eq "SONDE_OUTPUT_MODE=0664 under umask 022" "$(stat -c %a "$T/shared.txt")" 644
SONDE_OUTPUT_MODE=888 timeout 20 "$SONDE" -q -o "$T/bad.txt" -e "$prog" 2>"$T/err"
expect_eq "SONDE_OUTPUT_MODE=888: exit status" "$?" 1
expect_match "SONDE_OUTPUT_MODE=888: message" "$(cat "$T/err")" "^ERROR: SONDE_OUTPUT_MODE: '888'.*0 to 0777"
[ -e "$T/bad.txt" ] && fail "SONDE_OUTPUT_MODE=888 still created the file"
timeout 20 "$SONDE" flamegraph -o "$T/fg.svg" "$T/stacks.folded" 2>"$T/err"
expect_eq "flamegraph -o: mode" "$(stat -c %a "$T/fg.svg" 2>/dev/null)" 600
# recordings and their exports
(umask 022 && timeout 60 "$SONDE" record --sched -d 1 -o "$T/rec.sonde" >/dev/null 2>"$T/err")
expect_eq "record -o: mode" "$(stat -c %a "$T/rec.sonde" 2>/dev/null)" 600
(umask 022 && timeout 60 "$SONDE" convert "$T/rec.sonde" -o "$T/rec.pftrace" 2>"$T/err")
expect_eq "convert -o: mode" "$(stat -c %a "$T/rec.pftrace" 2>/dev/null)" 600
timeout 60 "$SONDE" convert "$T/rec.sonde" -o "$T/theirs/rec.json" >/dev/null 2>"$T/err"
expect_eq "convert -o planted link: exit status" "$?" 1
expect_eq "convert -o planted link: target untouched" "$(cat "$T/target")" "precious"

# Our own link, in a directory only we can write, is followed; an existing
# file of ours is truncated.
echo "old old old old" >"$T/mine.txt"
ln -s "$T/mine.txt" "$T/mylink"
timeout 20 "$SONDE" -q -o "$T/mylink" -e "$prog"
expect_eq "own symlink followed, file truncated" "$(head -n 1 "$T/mine.txt")" "written"
expect_eq "own symlink: one line" "$(grep -c . "$T/mine.txt")" 1

# Not a file: a directory, a missing directory, /dev/null.
timeout 20 "$SONDE" -o "$T" -e "$prog" >/dev/null 2>"$T/err"
expect_eq "-o DIR: exit status" "$?" 1
expect_match "-o DIR: message" "$(cat "$T/err")" "^ERROR: -o $T: Is a directory"
timeout 20 "$SONDE" -o "$T/missing/out.txt" -e "$prog" >/dev/null 2>"$T/err"
expect_eq "-o in a missing directory: exit status" "$?" 1
timeout 20 "$SONDE" -o /dev/null -e "$prog" >/dev/null 2>"$T/err"
expect_eq "-o /dev/null: exit status" "$?" 0
finish
