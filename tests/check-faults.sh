#!/bin/sh
# check-faults.sh - "never lose mail" (SPEC section 6) through the real
# binary: delivery faults exit 75 and leave nothing partial; internal
# faults (broken rules, a crash, a hang, garbage input) still deliver the
# original and exit 0; usage errors exit 64; huge mail gets through; the
# filter works as nobody with LANG=C and an unwritable HOME.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
pass=0 fail=0
t=$(mktemp -d)
chmod 755 "$t"
trap 'rm -rf "$t"' EXIT
seed=samples/seed/seed1-logwatch-5.1.eml

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect NAME WANT GOT - compare two exit statuses
expect() { if [ "$2" = "$3" ]; then ok; else bad "$1: exit $3, expected $2"; fi; }
# maildir NAME - a fresh Maildir
maildir() { rm -rf "$t/$1"; mkdir -p "$t/$1/tmp" "$t/$1/new" "$t/$1/cur"; echo "$t/$1"; }
# count DIR - entries in DIR
count() { ls -A "$1" | wc -l | tr -d ' '; }
# only FILE - the one file in a Maildir's new/
only() { ls -d "$1"/new/* 2>/dev/null | head -1; }
# filter ARGS... - the filter as the MTA runs it: stdin from $in
filter() { "$MAILGLOSS" --lang en filter "$@" < "$in" 2>>"$t/stderr"; }

in=$seed

# --- delivery faults: 75, nothing partial --------------------------------
filter > /dev/full; expect "stdout is /dev/full" 75 $?

d=$(maildir small)
(ulimit -f 8; exec "$MAILGLOSS" --lang en filter --deliver "maildir:$d" < "$in" 2>>"$t/stderr")
expect "file size limit" 75 $?
if [ "$(count "$d/new")$(count "$d/tmp")" = 00 ]; then ok; else bad "file size limit left files behind"; fi

d=$(maildir nonew); rmdir "$d/new"
filter --deliver "maildir:$d"; expect "Maildir without new/" 75 $?
if [ "$(count "$d/tmp")" = 0 ]; then ok; else bad "Maildir without new/ left a file in tmp/"; fi

filter --deliver "maildir:$t/does-not-exist"; expect "missing Maildir" 75 $?

MAILGLOSS_SENDMAIL=/nonexistent filter --deliver sendmail:reports@example.org > /dev/null
expect "sendmail missing" 75 $?

printf '#!/bin/sh\ncat > /dev/null; exit 1\n' > "$t/failmail"; chmod 755 "$t/failmail"
MAILGLOSS_SENDMAIL=$t/failmail filter --deliver sendmail:reports@example.org
expect "sendmail fails" 75 $?

# --- usage and configuration errors --------------------------------------
filter --deliver bogus:x > /dev/null; expect "unknown target" 64 $?
filter extra-argument > /dev/null; expect "stray argument" 64 $?
RECIPIENT=reports@example.org filter --deliver sendmail:reports@example.org > /dev/null
expect "re-injection to its own recipient" 64 $?
"$MAILGLOSS" --config "$t/missing.conf" filter < "$in" > /dev/null 2>>"$t/stderr"
expect "unreadable configuration, no --deliver" 75 $?
"$MAILGLOSS" --config "$t/missing.conf" filter --deliver - < "$in" > "$t/out" 2>>"$t/stderr"
expect "unreadable configuration, --deliver" 0 $?
printf 'deliver = nowhere:x\n' > "$t/baddeliver.conf"
"$MAILGLOSS" --config "$t/baddeliver.conf" filter < "$in" > /dev/null 2>>"$t/stderr"
expect "bad deliver in the configuration" 75 $?
printf 'bogus line\nsubject_tag = maybe\n' > "$t/typo.conf"
"$MAILGLOSS" --config "$t/typo.conf" filter < "$in" > "$t/out" 2>>"$t/stderr"
expect "typos in the configuration" 0 $?
if grep -q '^X-Mailgloss-Verdict:' "$t/out"; then ok; else bad "typos in the configuration stopped annotation"; fi

# --- internal faults: the original is delivered, exit 0 ------------------
# check_original NAME FILE - FILE is the input, maybe with X-Mailgloss-Error first
check_original() {
	sed '1{/^X-Mailgloss-Error: /d}' "$2" > "$t/stripped"
	if cmp -s "$t/stripped" "$in"; then ok; else bad "$1: the original was not delivered intact"; fi
}
mkdir -p "$t/rules/logwatch"
printf '[broken.rule\nverdict = maybe\nmatch = (unclosed\n' > "$t/rules/logwatch/broken.rules"
printf 'rules_dir = %s/rules\n' "$t" > "$t/rules.conf"
d=$(maildir badrules-md)
"$MAILGLOSS" --config "$t/rules.conf" filter --deliver "maildir:$d" < "$in" 2>>"$t/stderr"
expect "corrupt rules file" 0 $?
f=$(only "$d"); check_original "corrupt rules file" "${f:-/dev/null}"
if [ -n "$f" ] && head -1 "$f" | grep -q '^X-Mailgloss-Error: .*rule'; then ok
else bad "corrupt rules file: no X-Mailgloss-Error field"; fi

for fault in crash partial; do
	MAILGLOSS_TEST_FAULT=$fault filter > "$t/out"; expect "injected $fault" 0 $?
	check_original "injected $fault" "$t/out"
done
printf 'time_limit = 1\n' > "$t/fast.conf"
start=$(date +%s)
MAILGLOSS_TEST_FAULT=hang "$MAILGLOSS" --config "$t/fast.conf" filter < "$in" > "$t/out" 2>>"$t/stderr"
expect "hang past time_limit" 0 $?
check_original "hang past time_limit" "$t/out"
if [ $(( $(date +%s) - start )) -le 5 ]; then ok; else bad "time_limit of 1 s took longer than 5 s"; fi
if grep -q 'time limit' "$t/out"; then ok; else bad "time limit not named in X-Mailgloss-Error"; fi

printf 'From: x\nContent-Type: multipart/mixed; boundary="\000"\n\n\000\001\377garbage\000--\n' > "$t/garbage.eml"
in=$t/garbage.eml
filter > "$t/out"; expect "garbage with NUL bytes" 0 $?
if cmp -s "$t/out" "$in"; then ok; else bad "garbage with NUL bytes was changed"; fi
head -c 300000 /dev/urandom > "$t/random.eml"; in=$t/random.eml
filter > "$t/out"; expect "random bytes" 0 $?
if cmp -s "$t/out" "$in"; then ok; else bad "random bytes were changed"; fi
in=$seed

# --- sendmail target: loop guard, sender ---------------------------------
printf '#!/bin/sh\necho "$@" > %s/args\ncat > %s/sent\n' "$t" "$t" > "$t/fakemail"
chmod 755 "$t/fakemail"
SENDER=cron@example.org MAILGLOSS_SENDMAIL=$t/fakemail filter --deliver sendmail:reports@example.org
expect "sendmail target" 0 $?
if grep -q -- '-f cron@example.org -- reports@example.org' "$t/args"; then ok; else bad "sendmail args: $(cat "$t/args")"; fi
if grep -q '^X-Mailgloss-Loop: reports@example.org$' "$t/sent"; then ok; else bad "no loop header"; fi
cp "$t/sent" "$t/looped"; in=$t/looped
MAILGLOSS_SENDMAIL=$t/fakemail filter --deliver sendmail:reports@example.org
if cmp -s "$t/sent" "$t/looped"; then ok; else bad "a looped message was not passed on unchanged"; fi
in=$seed

# --- mbox target ----------------------------------------------------------
SENDER=cron@example.org filter --deliver "mbox:$t/mbox"; expect "mbox target" 0 $?
if head -1 "$t/mbox" | grep -q '^From cron@example.org ' && grep -q '^X-Mailgloss-Verdict:' "$t/mbox"
then ok; else bad "mbox target content"; fi

# --- huge mail ------------------------------------------------------------
{ printf 'From: root@localhost\nSubject: LogWatch for big\n\n'
  yes ' --------------------- pam_unix Begin ------------------------ ' | head -c 100000000; } > "$t/huge.eml"
in=$t/huge.eml
d=$(maildir huge)
start=$(date +%s)
filter --deliver "maildir:$d"; expect "100 MB message" 0 $?
f=$(only "$d")
if [ -n "$f" ] && cmp -s "$f" "$in"; then ok; else bad "100 MB message not delivered intact"; fi
echo "   100 MB message: $(( $(date +%s) - start )) s"

# SIGKILL in the middle of a big delivery: new/ holds a whole message or nothing.
d=$(maildir killed)
"$MAILGLOSS" filter --deliver "maildir:$d" < "$in" 2>>"$t/stderr" &
pid=$!
i=0
while [ $i -lt 500 ] && [ "$(count "$d/tmp")" = 0 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.01; i=$((i + 1))
done
kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
f=$(only "$d")
if [ -z "$f" ] || cmp -s "$f" "$in"; then ok; else bad "SIGKILL left a partial message in new/"; fi
echo "   SIGKILL during delivery: $(count "$d/new") in new/, $(count "$d/tmp") left in tmp/"
rm -f "$t/huge.eml"
in=$seed

# --- as nobody, LANG=C, unwritable HOME, Japanese from the configuration -
mkdir -p "$t/inst/bin"
cp "$MAILGLOSS" "$t/inst/bin/mailgloss"
cp -r "${MAILGLOSS_EXPLANATIONS:-$SRCDIR/explanations}" "$t/inst/explanations"
cp -r "${MAILGLOSS_LOCALEDIR:-$(dirname "$MAILGLOSS")/locale}" "$t/inst/bin/locale"
chmod -R a+rX "$t/inst"
printf 'language = ja\n' > "$t/ja.conf"; chmod 644 "$t/ja.conf"
d=$(maildir nobody); chown -R nobody "$d"
if [ "$(id -u)" = 0 ]; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C MAILGLOSS_CONFIG="$t/ja.conf" \
		"$t/inst/bin/mailgloss" filter --deliver "maildir:$d" < "$in" 2>>"$t/stderr"
	expect "as nobody" 0 $?
	f=$(only "$d")
	if [ -n "$f" ] && grep -q '^X-Mailgloss-Verdict:' "$f" && grep -q -E '問題なし|参考|要確認|要対応|緊急|未確認' "$f"
	then ok; else bad "as nobody: not annotated in Japanese"; fi
else
	echo "SKIP: the nobody test needs root"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
