#!/bin/sh
# memcheck.sh - valgrind memcheck over the golden-test inputs (explain in
# every format and filter).  PCRE2's JIT is turned off (MAILGLOSS_NO_JIT):
# valgrind cannot follow JIT-compiled code and reports false errors in it.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
export MAILGLOSS_NO_JIT=1
pass=0 fail=0
vg="valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite"
for f in $(find samples -type f \( -name '*.eml' -o -name '*.txt' \) | sort); do
	for mode in "explain --format=json" "explain --color=never" "filter"; do
		if [ "$mode" = filter ]; then
			$vg "$MAILGLOSS" --lang ja $mode < "$f" > /dev/null 2> memcheck.$$.err
		else
			$vg "$MAILGLOSS" --lang ja $mode "$f" > /dev/null 2> memcheck.$$.err
		fi
		rc=$?
		if [ $rc -eq 9 ]; then
			fail=$((fail + 1)); echo "FAIL: $mode $f"; head -30 memcheck.$$.err
		else
			pass=$((pass + 1))
		fi
	done
done
rm -f memcheck.$$.err
echo "memcheck: $pass passed, $fail failed"
[ "$fail" = 0 ]
