#!/bin/sh
# check-score.sh - the catalogue's agreement with labelled mails must not
# regress: the seed mails exactly, the shared corpus and our own fixtures
# (tests/corpus, made by the real programs) above the thresholds.
# Uses ../shared/tools/score.py; without it the test says SKIP.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
score=../shared/tools/score.py
pass=0 fail=0
if [ ! -f "$score" ]; then
	echo "SKIP: $score not found (the shared material sits beside the checkout)"
	echo "0 passed, 0 failed"
	exit 0
fi

# measure NAME MIN_ACCURACY MIN_COVERAGE MIN_ACTION_RECALL MAX_FALSE_ALARM [--exact] DIR...
measure() {
	name=$1 acc=$2 cov=$3 rec=$4 fa=$5
	shift 5
	line=$(python3 "$score" --cmd "$MAILGLOSS --lang en explain --format=json" "$@" | tail -1)
	echo "$name: $line"
	if echo "$line" | python3 -c '
import re, sys
line = sys.stdin.read()
v = dict(re.findall(r"(\w+)=([\d.]+|n/a)%?", line))
def num(k, d):
    return float(v[k]) if v.get(k, "n/a") != "n/a" else d
ok = (num("accuracy", 0) >= float(sys.argv[1]) and num("coverage", 0) >= float(sys.argv[2])
      and num("action_recall", 100) >= float(sys.argv[3]) and num("false_alarm", 0) <= float(sys.argv[4]))
sys.exit(0 if ok else 1)' "$acc" "$cov" "$rec" "$fa"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL: $name below accuracy>=$acc coverage>=$cov action_recall>=$rec false_alarm<=$fa"
	fi
}

measure "seed mails (exact)" 100 100 100 0 --exact ../shared/seed-mails
measure "shared corpus" 95 95 98 2 ../shared/corpus
# Our own fixtures: floors at what the catalogue reaches today; raise them
# as it improves.  Action recall reached 100 % once report-level rules
# flagged the deploy login from the password-guessing network (98 leaves
# room for one new fixture's miss before the floor needs a look).
measure "real-program fixtures" 95 95 98 2 tests/corpus
measure "samples" 95 95 98 2 $(ls -d samples/*/ | grep -v /seed/)
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
