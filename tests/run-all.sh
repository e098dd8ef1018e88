#!/bin/sh
# run-all.sh - run every test program and script, print each one's result
# and a closing total "N passed, N failed" (what make check and CI read).
# usage: run-all.sh TEST_BINARY... -- SCRIPT...
set -u
total_pass=0 total_fail=0 broken=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() {
	echo "== $*"
	"$@" > "$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$line" ]; then
		if [ $rc -ne 0 ]; then broken=$((broken + 1)); echo "!! $* exited $rc without a result line"; fi
		return
	fi
	p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	if [ $rc -ne 0 ] && [ "$f" = 0 ]; then total_fail=$((total_fail + 1)); echo "!! $* exited $rc"; fi
}

scripts=0
for a in "$@"; do
	if [ "$a" = "--" ]; then scripts=1; continue; fi
	if [ $scripts = 1 ]; then run sh "$a"; else run "$a"; fi
done
total_fail=$((total_fail + broken))
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
