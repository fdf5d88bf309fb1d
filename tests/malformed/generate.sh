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

# ---- the preprocessor (docs/safety.md, "Front-end limits") ----

# #if with 20,000 '(' and with 200,000 '!' or '~': a depth error, no stack overflow.
{ printf '#if '; repeat 20000 '('; printf '1\n#endif\nBEGIN { }\n'; } >"$DIR/gen_pp_if_20k_parens.bt"
{ printf '#if '; repeat 200000 '!'; printf '1\n#endif\nBEGIN { }\n'; } >"$DIR/gen_pp_if_200k_not.bt"
{ printf '#if '; repeat 200000 '~'; printf '1\n#endif\nBEGIN { }\n'; } >"$DIR/gen_pp_if_200k_tilde.bt"

# A49 = A48+A48 ...: 2^49 uses; one error (depth or size), quickly.
awk 'BEGIN { print "#define A0 1"; for (i = 1; i <= 49; i++) printf "#define A%d A%d+A%d\n", i, i - 1, i - 1;
	     print "BEGIN { @x = A49; }" }' >"$DIR/gen_pp_define_doubling_49.bt"
# The same with macros that expand to nothing: bounded by the use count.
awk 'BEGIN { print "#define E0"; for (i = 1; i <= 49; i++) printf "#define E%d E%d E%d\n", i, i - 1, i - 1;
	     print "BEGIN { @x = 1 E30; }" }' >"$DIR/gen_pp_empty_doubling_30.bt"
# A #define body of 4 MiB used 10 times: past the expansion limit.
{ printf '#define BIG '; repeat 4194304 '1'; printf '\nBEGIN { @x = BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG; }\n'; } \
	>"$DIR/gen_pp_define_4mib_body.bt"

# A program past the 16 MiB limit (NUL bytes, like `sonde /dev/zero`).
head -c 17000000 /dev/zero >"$DIR/gen_17mb_nul.bt"

# ---- linear time: each must end (with its error) well inside the time limit ----

# 100,000 #defines, then an error that uses the last one.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "#define M%d %d\n", i, i;
	     print "BEGIN { @x = M99999; $nope++; }" }' >"$DIR/gen_100k_defines.bt"
# 100,000 probes with a map each, then an error in the last probe.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "BEGIN { @m%d = %d; }\n", i, i;
	     print "BEGIN { $nope++; }" }' >"$DIR/gen_100k_probes_maps.bt"
# An expression nested 200 deep through two macros: it compiles until
# codegen runs out of BPF stack, so the probes before it are compiled.
codegen_error() {
	awk 'BEGIN { print "macro m0() { 1 }";
		     for (m = 1; m <= 2; m++) { printf "macro m%d() { ", m;
			for (i = 0; i < 100; i++) printf "(1 + "; printf "m%d()", m - 1;
			for (i = 0; i < 100; i++) printf ")"; print " }" }
		     print "BEGIN { @deep = m2(); }" }'
}
# 100,000 distinct scratch variables in one probe (codegen runs out of
# scratch memory for them: its error ends it).
{ awk 'BEGIN { print "BEGIN {"; for (i = 0; i < 100000; i++) printf "if (1) { $v%d = %d; }\n", i, i;
	       print "}" }'; codegen_error; } >"$DIR/gen_100k_variables.bt"
# 100,000 statements in one probe, compiled to BPF, then a codegen error.
{ awk 'BEGIN { print "BEGIN { $v = 0;"; for (i = 0; i < 100000; i++) printf "$v = $v + %d;\n", i;
	       print "@v = $v; }" }'; codegen_error; } >"$DIR/gen_100k_statements.bt"

# 100,000 `macro`s, struct definitions, enum constants and map declarations,
# each set ending in an error.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "macro m%d() { %d }\n", i, i;
	     print "BEGIN { @x = m99999(); $nope++; }" }' >"$DIR/gen_100k_macros.bt"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "struct s%d { int a; };\n", i;
	     print "BEGIN { @x = sizeof(struct s99999); $nope++; }" }' >"$DIR/gen_100k_structs.bt"
awk 'BEGIN { printf "enum big {"; for (i = 0; i < 100000; i++) printf " E%d,", i;
	     print " LAST };"; print "BEGIN { @x = E99999; $nope++; }" }' >"$DIR/gen_100k_enum_constants.bt"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "let @m%d = hash(10);\n", i;
	     print "BEGIN { @m99999[1] = 1; $nope++; }" }' >"$DIR/gen_100k_map_declarations.bt"

# Attach points of 1 MiB: the error quotes their start and end only.
{ printf 'tracepoint:'; repeat $MIB a; printf ':b { }\n'; } >"$DIR/gen_1mib_tracepoint_name.bt"
{ printf 'interval:s:'; repeat $MIB 1; printf ' { }\n'; } >"$DIR/gen_1mib_interval_rate.bt"

# Included files together past 16 MiB: a 9 MB header included twice
# (without a guard).
{ repeat 90000 '#define H1 1
'; head -c 8000000 /dev/zero | tr '\0' ' '; echo; } >"$DIR/gen_pp_big_header.h"
printf '#include "gen_pp_big_header.h"\n#undef H1\n#include "gen_pp_big_header.h"\nBEGIN { }\n' \
	>"$DIR/gen_pp_include_twice_9mb.bt"
