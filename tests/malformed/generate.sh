#!/bin/sh
# Write the large malformed inputs into DIR (too big to keep in the tree):
#
#   sh tests/malformed/generate.sh DIR
#
# Each one must give a located error ("FILE:LINE:COL: ERROR: ...") and
# exit 1, quickly and without a crash, like the stored ones beside this
# script.  Everything is deterministic: no random bytes.
set -e
DIR=$1
[ -n "$DIR" ] || { echo "usage: generate.sh DIR" >&2; exit 2; }
mkdir -p "$DIR"

# N copies of a string, no newline.
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

MIB=1048576

# 10,000 probes, then an unbalanced brace on the last line.
{ repeat 10000 'BEGIN { @x = 1; }
'; echo '}'; } >"$DIR/gen_10k_probes_then_brace.bt"

# 10,000 attach points of a provider that does not exist.
{ awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%snope:p%d", i ? ",\n" : "", i }'
  echo ' { }'; } >"$DIR/gen_10k_attach_points.bt"

# 10,000 probes of tracepoints that do not exist (one error each at most).
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "tracepoint:nosuch:ev%d { }\n", i }' \
	>"$DIR/gen_10k_unknown_tracepoints.bt"

# A 1 MiB string that never ends.
{ printf 'BEGIN { printf("'; repeat $MIB a; } >"$DIR/gen_1mib_unterminated_string.bt"

# A 1 MiB string literal, terminated, as a format nobody can use.
{ printf 'BEGIN { printf("'; repeat $MIB b; printf '%%d\\n"); }\n'; } \
	>"$DIR/gen_1mib_string_missing_arg.bt"

# A 1 MiB identifier used as an unknown function.
{ printf 'BEGIN { '; repeat $MIB f; printf '(); }\n'; } >"$DIR/gen_1mib_identifier.bt"

# A 1 MiB number.
{ printf 'BEGIN { @x = '; repeat $MIB 9; printf '; }\n'; } >"$DIR/gen_1mib_number.bt"

# 1 MiB of blanks, then a stray token (a very large column).
{ printf 'BEGIN {'; repeat $MIB ' '; printf '} }\n'; } >"$DIR/gen_1mib_column.bt"

# 100,000 lines, then an error on the last one.
{ repeat 100000 '
'; echo 'BEGIN { $nope++; }'; } >"$DIR/gen_100k_lines.bt"

# 1 MiB of NUL bytes; 1 MiB of bytes 0x80-0xff (never valid UTF-8 alone).
head -c $MIB /dev/zero >"$DIR/gen_1mib_nul.bt"
awk 'BEGIN { for (i = 0; i < 8192; i++) for (c = 128; c < 256; c++) printf "%c", c }' \
	LC_ALL=C >"$DIR/gen_1mib_high_bytes.bt"

# Deep nesting: parentheses, blocks, ifs, unary minus, tuples, ternaries.
{ printf 'BEGIN { @x = '; repeat 100000 '('; printf '1'; repeat 99999 ')'; printf '; }\n'; } \
	>"$DIR/gen_deep_parens_unbalanced.bt"
{ printf 'BEGIN { @x = '; repeat 100000 '('; printf '1'; repeat 100000 ')'; printf '; }\n'; } \
	>"$DIR/gen_deep_parens.bt"
{ printf 'BEGIN '; repeat 100000 '{ '; repeat 100000 '} '; echo; } >"$DIR/gen_deep_blocks.bt"
{ printf 'BEGIN { '; repeat 20000 'if (1) { '; repeat 20000 '} '; echo '}'; } \
	>"$DIR/gen_deep_ifs.bt"
{ printf 'BEGIN { @x = '; repeat 100000 '-'; printf '1; }\n'; } >"$DIR/gen_deep_unary.bt"
{ printf 'BEGIN { @x = '; repeat 100000 '!~'; printf '1; }\n'; } >"$DIR/gen_deep_not.bt"
{ printf 'BEGIN { $t = '; repeat 50000 '(1, '; printf '1'; repeat 50000 ')'; printf '; }\n'; } \
	>"$DIR/gen_deep_tuples.bt"
{ printf 'BEGIN { @x = '; repeat 50000 '1 ? '; printf '1'; repeat 50000 ' : 2'; printf '; }\n'; } \
	>"$DIR/gen_deep_ternary.bt"
{ printf 'BEGIN { @x = 1'; repeat 100000 ' + 1'; printf ' +; }\n'; } >"$DIR/gen_long_sum_truncated.bt"

# A printf with 10,000 arguments.
{ printf 'BEGIN { printf("%%d\\n"'; repeat 10000 ', 1'; printf '); }\n'; } \
	>"$DIR/gen_10k_printf_args.bt"

# A map key of 10,000 elements.
{ printf 'BEGIN { @x[1'; repeat 10000 ', 1'; printf '] = 1; @x[1] = 2; }\n'; } \
	>"$DIR/gen_10k_key_elements.bt"
