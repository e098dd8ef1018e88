#!/bin/sh
# check-threads.sh - "mailgloss batch" on several threads writes exactly
# what it writes on one: the same annotated mbox, Maildir and report
# (text and JSON, unknown stubs included), whatever the number of jobs;
# --jobs takes 1 to 64 only; SIGTERM stops the workers and leaves no DEST;
# filter, whose rules load on a second thread, annotates and reports a
# broken rule as it should.  The mailbox holds every sample and corpus
# mail, twice, so that workers meet the same reports at the same time.
# "make check" also runs this script on a ThreadSanitizer build.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
. tests/lib.sh
LC_ALL=C LANGUAGE= && export LC_ALL LANGUAGE
M=$MAILGLOSS

mails=$(find samples tests/corpus /work/shared/corpus -name '*.eml' 2>/dev/null | sort)
for round in 1 2; do
	for f in $mails; do
		echo "From reports@example.org Mon Jan  1 00:00:00 2024"
		sed '1{/^From /d}' "$f" | sed -E 's/^(>*From )/>\1/' | awk 1	# awk: a last newline
		echo
	done
done > "$t/all.mbox"
n=$(echo "$mails" | wc -l)

# run JOBS: mbox, Maildir and both reports of one run with --jobs=JOBS
run() {
	d=$t/j$1
	mkdir "$d"
	"$M" --lang en batch -j "$1" --unknowns "$d/stubs" "$t/all.mbox" "$d/out.mbox" > "$d/report.txt" 2> "$d/err" \
		|| bad "batch -j $1 to mbox: exit $? $(head -c 300 "$d/err")"
	"$M" --lang en batch -j "$1" --format=json "$t/all.mbox" "maildir:$d/md" > "$d/report.json" 2>> "$d/err" \
		|| bad "batch -j $1 to Maildir: exit $?"
	ls "$d/md/new" "$d/md/cur" > "$d/md.names" 2>/dev/null
	# Maildir names hold the host, pid and time: compare the contents in order
	for f in $(ls "$d/md/new" | sort); do cat "$d/md/new/$f"; done > "$d/md.all"
	rm -rf "$d/md"
}

run 1
grep -q "^Messages: $((2 * n))," "$t/j1/report.txt" && ok \
	|| bad "the report does not count $((2 * n)) messages: $(head -3 "$t/j1/report.txt")"
for j in 2 3 8; do
	run $j
	for f in out.mbox report.txt report.json stubs md.all; do
		if cmp -s "$t/j1/$f" "$t/j$j/$f"; then ok; else bad "-j $j: $f differs from -j 1"; fi
	done
	if [ "$(wc -l < "$t/j1/md.names")" = "$(wc -l < "$t/j$j/md.names")" ]; then ok
	else bad "-j $j: a different number of Maildir messages"; fi
done
# annotated at all (the comparison above must not compare two copies)
if grep -q '^X-Mailgloss-Version:' "$t/j3/out.mbox"; then ok; else bad "-j 3 annotated nothing"; fi

# SIGTERM while workers are busy: exit 75, no DEST and nothing beside it
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do cat "$t/all.mbox"; done > "$t/big.mbox"
mkdir "$t/term"
"$M" batch -q -j 3 "$t/big.mbox" "$t/term/out.mbox" 2> "$t/term.err" &
pid=$!
sleep 0.1
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ $rc = 75 ] && [ -z "$(ls -A "$t/term")" ]; then ok
else bad "SIGTERM: exit $rc (want 75), left: $(ls -A "$t/term" | head -3)"; fi

# filter loads its rules on a thread of its own while it parses the mail:
# every tenth mail annotated, and a site rule with a problem (the rules
# are judged only after the parse) delivers the original with an error
for f in $(echo "$mails" | awk 'NR % 10 == 1'); do
	if "$M" filter < "$f" > "$t/f.out" 2> "$t/f.err" && [ -s "$t/f.out" ]; then ok
	else bad "filter $f: exit $? $(head -c 300 "$t/f.err")"; fi
done
mkdir "$t/site"
printf 'kind = logwatch\n[logwatch.sshd.broken]\nmatch = (\n' > "$t/site/broken.rules"
f=$(echo "$mails" | grep -m1 logwatch)
"$M" --rules-dir "$t/site" filter < "$f" > "$t/f.out" 2> "$t/f.err"
rc=$?
if [ $rc = 0 ] && grep -q '^X-Mailgloss-Error:.*problem' "$t/f.out"; then ok
else bad "filter with a broken site rule: exit $rc, $(grep -c '^X-Mailgloss-Error' "$t/f.out") error fields"; fi

for j in 0 65 x 2x ""; do
	"$M" batch -j "$j" "$t/all.mbox" > /dev/null 2>&1
	rc=$?
	if [ $rc = 64 ]; then ok; else bad "--jobs '$j': exit $rc, not 64"; fi
done
finish
