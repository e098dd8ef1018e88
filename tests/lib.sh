# lib.sh - sourced by the check-*.sh scripts: counters, a scratch
# directory removed on exit, and the closing "N passed, N failed" line.
pass=0 fail=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# finish - print the result line and exit non-zero on any failure
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}
