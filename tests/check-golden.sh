#!/bin/sh
# check-golden.sh - golden tests: "explain" in text (English and Japanese)
# and JSON for every sample, compared byte for byte with tests/golden/;
# each is run twice to prove the output is deterministic.
# UPDATE=1 rewrites the golden files (review the diff before committing).
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
pass=0 fail=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

check() {	# check NAME GOLDEN COMMAND...
	name=$1 golden=$2
	shift 2
	"$@" > "$t/out1" 2>"$t/err" </dev/null
	rc=$?
	"$@" > "$t/out2" 2>/dev/null </dev/null
	if [ $rc -ne 0 ]; then
		fail=$((fail + 1)); echo "FAIL: $name exit $rc"; head -5 "$t/err"; return
	fi
	if ! cmp -s "$t/out1" "$t/out2"; then
		fail=$((fail + 1)); echo "FAIL: $name is not deterministic"; return
	fi
	if [ "${UPDATE:-}" = 1 ]; then
		mkdir -p "$(dirname "$golden")"; cp "$t/out1" "$golden"
	fi
	if [ ! -f "$golden" ]; then
		fail=$((fail + 1)); echo "FAIL: $name: no golden file $golden (make golden-update)"; return
	fi
	if diff -u "$golden" "$t/out1" > "$t/diff"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL: $name differs from $golden"; head -40 "$t/diff"
	fi
}

for f in $(find samples -type f \( -name '*.eml' -o -name '*.txt' -o -name '*.mbox' \) | sort); do
	base=tests/golden/explain/$(echo "$f" | sed 's|^samples/||; s|/|__|g')
	check "$f text en" "$base.en.txt" "$MAILGLOSS" --lang en explain --color=never "$f"
	check "$f json" "$base.json" "$MAILGLOSS" --lang en explain --format=json "$f"
	case "$f" in samples/seed/*)
		check "$f text ja" "$base.ja.txt" "$MAILGLOSS" --lang ja explain --color=never "$f"
		check "$f text ja,en" "$base.ja-en.txt" "$MAILGLOSS" --lang ja,en explain --color=never "$f" ;;
	esac
done
# The fixtures made by the real programs: JSON only (the text adds nothing new).
for f in $(find tests/corpus -type f \( -name '*.eml' -o -name '*.txt' \) ! -name 'README*' ! -path '*/lib/*' | sort); do
	base=tests/golden/explain/$(echo "$f" | sed 's|/|__|g')
	check "$f json" "$base.json" "$MAILGLOSS" --lang en explain --format=json "$f"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
