#!/bin/sh
# tseries(): one value per interval, charted per key (text) and listed per
# key (JSON), with time stepped through the test clock BPFTRACE_DUMMY_TS_MAP
# (a key-less map read instead of CLOCK_TAI), so the intervals are exact.
# The probe steps @ts by half an interval eight times: intervals 1 s .. 4 s.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

PROG='BEGIN { @ts = (uint64)1000000000; }
interval:ms:1 {
	$i = 0;
	while ($i < 8) {
		@sum = tseries($i, 1s, 4, "sum");
		@last[$i % 2] = tseries($i * 10 - 30, 1s, 4);
		@ts += 500000000;
		$i++;
	}
	clear(@ts);
	exit();
}'

export TZ=UTC BPFTRACE_DUMMY_TS_MAP=@ts
sonde_run -e "$PROG"
expect_status 0
expect_output <<'OUT'


@last[0]:
         -30                                                30
hh:mm:ss |___________________________________________________|
00:00:01 *                         .                         | -30
00:00:02 |                *        .                         | -10
00:00:03 |                         .       *                 | 10
00:00:04 |                         .                         * 30
         v___________________________________________________v
         -30                                                30

@last[1]:
         -20                                                40
hh:mm:ss |___________________________________________________|
00:00:01 *                .                                  | -20
00:00:02 |                *                                  | 0
00:00:03 |                .                *                 | 20
00:00:04 |                .                                  * 40
         v___________________________________________________v
         -20                                                40

@sum:
         1                                                  13
hh:mm:ss |___________________________________________________|
00:00:01 *                                                   | 1
00:00:02 |                *                                  | 5
00:00:03 |                                 *                 | 9
00:00:04 |                                                   * 13
         v___________________________________________________v
         1                                                  13

OUT

sonde_run -q -f json -e "$PROG"
expect_status 0
expect_output <<'OUT'
{"type": "tseries", "data": {"@last": {"0": [{"interval_start": "1970-01-01 00:00:01.000000000", "value": -30}, {"interval_start": "1970-01-01 00:00:02.000000000", "value": -10}, {"interval_start": "1970-01-01 00:00:03.000000000", "value": 10}, {"interval_start": "1970-01-01 00:00:04.000000000", "value": 30}], "1": [{"interval_start": "1970-01-01 00:00:01.000000000", "value": -20}, {"interval_start": "1970-01-01 00:00:02.000000000", "value": 0}, {"interval_start": "1970-01-01 00:00:03.000000000", "value": 20}, {"interval_start": "1970-01-01 00:00:04.000000000", "value": 40}]}}}
{"type": "tseries", "data": {"@sum": [{"interval_start": "1970-01-01 00:00:01.000000000", "value": 1}, {"interval_start": "1970-01-01 00:00:02.000000000", "value": 5}, {"interval_start": "1970-01-01 00:00:03.000000000", "value": 9}, {"interval_start": "1970-01-01 00:00:04.000000000", "value": 13}]}}
OUT

# Without the test clock: one interval of the real clock, in wall-clock time
# (a single row prints nanoseconds, as bpftrace does).
unset BPFTRACE_DUMMY_TS_MAP
now=$(date -u +%H:%M)
sonde_run -e 'interval:ms:1 { @ = tseries(7, 1s, 3); exit(); }'
expect_status 0
expect_match "rows" "$(grep -c '^[0-9:]*\.000000000 |  *\*  *| 7$' "$T/stdout")" '^1$'
expect_match "wall-clock time" "$(grep '| 7$' "$T/stdout")" "^($now|$(date -u +%H:%M))"
finish
