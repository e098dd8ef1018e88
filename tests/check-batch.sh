#!/bin/sh
# check-batch.sh - "mailgloss batch": mailboxes without reports round-trip
# byte for byte (mboxo and mboxrd quoting included); an mbox of every
# sample comes out annotated exactly as filter annotates each message,
# and a second run leaves it byte-identical; Maildir to Maildir keeps
# names, flags and order; an existing DEST is refused; --in-place killed
# with SIGKILL at random moments always leaves a valid mailbox with every
# message either original or annotated; the report lists an action entry;
# the --unknowns stubs pass "mailgloss rules check".
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
LC_ALL=C LANGUAGE= && export LC_ALL LANGUAGE	# the report is checked in English
pass=0 fail=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
M=$MAILGLOSS

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }

# mbox_of FILE...: an mboxrd of messages (From_ line, quoting, blank line)
mbox_of() {
	for f in "$@"; do
		echo "From reports@example.org Mon Jan  1 00:00:00 2024"
		sed '1{/^From /d}' "$f" | sed -E 's/^(>*From )/>\1/'
		echo
	done
}

# count_msgs MBOX: the number of messages (From_ lines after a blank line)
count_msgs() {
	awk 'BEGIN { n = 0; prev = "" } /^From / && (NR == 1 || prev == "") { n++ } { prev = $0 } END { print n }' "$1"
}

# --- 1. mail that is not a report round-trips byte for byte -------------
cat > "$t/plain.mbox" <<'EOF'
From alice@example.org Mon Jan  1 00:00:00 2024
From: alice@example.org
To: bob@example.org
Subject: lunch

>From the canteen: mboxo quoting of a body line.
>>From here: mboxrd quoting one level deeper.
From: not a From_ line (no blank line before it)

From bob@example.org  Tue Jan  2 10:00:00 2024
From: bob@example.org
Subject: no trailing blank line inside

body line
>>>From deep
last line

From carol@example.org Wed Jan  3 00:00:00 2024
Subject: empty body

EOF
"$M" batch -q "$t/plain.mbox" "$t/plain.out" 2>"$t/err"
check 'cmp -s "$t/plain.mbox" "$t/plain.out"' "mbox without reports is not byte-identical after batch"
"$M" batch -q "$t/plain.mbox" maildir:"$t/plain.md" 2>>"$t/err" &&
	"$M" batch -q "$t/plain.md" mbox:"$t/plain.back" 2>>"$t/err"
check '[ "$(ls "$t/plain.md/new" | wc -l)" = 3 ]' "mbox to Maildir did not give 3 messages"
sed "/^From /d" "$t/plain.mbox" > "$t/pa"
sed "/^From /d" "$t/plain.back" > "$t/pb" 2>/dev/null
check 'cmp -s "$t/pa" "$t/pb"' "mbox -> Maildir -> mbox changed message bytes or quoting"

# --- 2. every sample: annotated as filter would, idempotent ------------
samples=$(ls samples/*/*.eml | sort)
# shellcheck disable=SC2086
mbox_of $samples > "$t/all.mbox"
n=$(count_msgs "$t/all.mbox")
"$M" batch "$t/all.mbox" "$t/all.out" > "$t/report" 2>"$t/err"
check '[ $? -eq 0 ] && [ "$(count_msgs "$t/all.out")" = "$n" ]' "batch of all samples: $(cat "$t/err")"
"$M" batch -q "$t/all.out" "$t/all.out2" 2>"$t/err"
check 'cmp -s "$t/all.out" "$t/all.out2"' "a second run over the annotated mbox changed it"
check 'grep -q "^X-Mailgloss-Verdict:" "$t/all.out"' "no annotated message in the output"
check 'grep -q "\[Action\]" "$t/report"' "the report lists no action entry"
check 'grep -q "^Messages: $n, reports: " "$t/report"' "the report does not count $n messages"
"$M" batch --format json "$t/all.mbox" > "$t/report.json" 2>"$t/err"
check 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"messages\"] == $n and d[\"attention\"]" "$t/report.json"' \
	"--format json is not valid JSON or lacks the counts"

# each message exactly as "mailgloss filter" makes it (samples ending in
# one newline, so the mbox framing is unambiguous)
for f in samples/seed/seed1-logwatch-5.1.eml samples/aide/aide-changes-fern.eml samples/sudo/*.eml; do
	mbox_of "$f" > "$t/one.mbox"
	rm -f "$t/one.out"
	"$M" batch -q "$t/one.mbox" "$t/one.out" 2>/dev/null
	sed '1{/^From /d}' "$f" | "$M" filter > "$t/one.filter" 2>/dev/null
	echo >> "$t/one.filter"
	sed '1d' "$t/one.out" | sed -E 's/^>(>*From )/\1/' > "$t/one.batch"
	check 'cmp -s "$t/one.filter" "$t/one.batch"' "batch and filter differ on $f"
done

# --- 3. mboxo and mboxrd quoting inside an annotated report ------------
sed '1{/^From /d}' samples/seed/seed1-logwatch-5.1.eml > "$t/quoted.eml"
printf 'From a body line\n>From a quoted one\n>>From twice\nMid-line From stays\n>x>From stays\n' >> "$t/quoted.eml"
mbox_of "$t/quoted.eml" > "$t/rd.mbox"		# mboxrd: every level quoted
{ echo "From x@example.org Mon Jan  1 00:00:00 2024"; sed -E 's/^From />From /' "$t/quoted.eml"; echo; } > "$t/o.mbox"
for kind in rd o; do
	rm -f "$t/$kind.out"
	"$M" batch -q "$t/$kind.mbox" "$t/$kind.out" 2>/dev/null
	rm -f "$t/$kind.back"
	"$M" batch -q "$t/$kind.out" "$t/$kind.back" 2>/dev/null
	check 'cmp -s "$t/$kind.out" "$t/$kind.back"' "mbox$kind: annotated output does not round-trip"
	check 'grep -q "^>From a body line" "$t/$kind.out"' "mbox$kind: a body From line is not quoted in the output"
	check 'grep -q "^Mid-line From stays" "$t/$kind.out" && grep -q "^>x>From stays" "$t/$kind.out"' \
		"mbox$kind: a From not at the start of a line was quoted"
done
# mboxrd keeps every level; mboxo cannot tell ">From" from a quoted "From"
check 'grep -q "^>>From a quoted one" "$t/rd.out" && grep -q "^>>>From twice" "$t/rd.out"' \
	"mboxrd: a quoted From line lost a level"
check 'grep -q "^>From a quoted one" "$t/o.out" && grep -q "^>>From twice" "$t/o.out"' \
	"mboxo: quoted From lines were not kept as they were"

# --- 4. Maildir to Maildir: names, flags, new/ and cur/, order ----------
md=$t/src.md
mkdir -p "$md/tmp" "$md/new" "$md/cur"
i=0
for f in samples/seed/seed1-logwatch-5.1.eml samples/sudo/*.eml samples/aide/*.eml; do
	i=$((i + 1))
	case $i in
	1) name="cur/100000000$i.M1P1.host,S=123:2,S" ;;
	2) name="cur/100000000$i.M1P1.host:2,FRS" ;;
	3) name="new/100000000$i.M1P1.host" ;;
	*) name="cur/100000000$i.M1P1.host:2," ;;
	esac
	{ echo "X-Test-Seq: $i"; cat "$f"; } > "$md/$name"
done
"$M" batch -q "$md" "$t/dst.md" 2>"$t/err"
check '[ $? -eq 0 ]' "Maildir to Maildir failed: $(cat "$t/err")"
list() { (cd "$1" && ls new cur | grep -v ':$' | sed 's/,S=[0-9]*//' | sort); }
check '[ "$(list "$md")" = "$(list "$t/dst.md")" ]' "Maildir names or flags changed"
size=$(wc -c < "$(ls "$t/dst.md/cur/"*",S="* | head -1)")
check 'ls "$t/dst.md/cur/" | grep -q ",S=$size:2,S"' "S= was not updated to the new size"
"$M" batch -q "$t/dst.md" mbox:"$t/md.mbox" 2>/dev/null
ids() { python3 -c '
import mailbox, os, sys
p = sys.argv[1]
if os.path.isdir(p):
    names = sorted(os.listdir(p + "/new") + os.listdir(p + "/cur"), key=lambda n: int(n.split(".")[0]))
    for n in names:
        d = "new" if os.path.exists(p + "/new/" + n) else "cur"
        print(mailbox.MaildirMessage(open(p + "/" + d + "/" + n, "rb"))["X-Test-Seq"])
else:
    for m in mailbox.mbox(p):
        print(m["X-Test-Seq"])
' "$1"; }
check '[ -n "$(ids "$md")" ] && [ "$(ids "$md")" = "$(ids "$t/md.mbox")" ]' "Maildir order was not kept"

# --- 5. an existing non-empty DEST is refused ---------------------------
cp "$t/plain.mbox" "$t/exists.mbox"
"$M" batch -q "$t/all.mbox" "$t/exists.mbox" 2>/dev/null
check '[ $? -eq 64 ] && cmp -s "$t/plain.mbox" "$t/exists.mbox"' "a non-empty DEST was overwritten"
"$M" batch -q "$t/all.mbox" "$t/dst.md" 2>/dev/null
check '[ $? -eq 64 ]' "a non-empty Maildir DEST was not refused"

# --- 6. --in-place, also when killed at random moments ------------------
i=0
while [ $i -lt 150 ]; do cat "$t/all.mbox"; i=$((i + 1)); done > "$t/big.mbox"
bign=$(count_msgs "$t/big.mbox")
"$M" batch -q "$t/big.mbox" "$t/big.annotated" 2>/dev/null
cp "$t/big.mbox" "$t/ip.mbox"
start=$(date +%s%N)
"$M" batch -q --in-place "$t/ip.mbox" 2>/dev/null
took=$(( ($(date +%s%N) - start) / 1000000 ))	# ms; kills land in 0 .. 1.3 x this
check 'cmp -s "$t/ip.mbox" "$t/big.annotated" && cmp -s "$t/ip.mbox.bak" "$t/big.mbox"' \
	"--in-place did not give the annotated mbox and a .bak of the original"
cp "$t/big.mbox" "$t/np.mbox"
"$M" batch -q --in-place --no-backup "$t/np.mbox" 2>/dev/null
check '[ ! -e "$t/np.mbox.bak" ] && cmp -s "$t/np.mbox" "$t/big.annotated"' "--no-backup kept a backup"

kills=0 intact=0 replaced=0
for round in $(seq 20); do
	cp "$t/big.mbox" "$t/k.mbox"
	rm -f "$t/k.mbox.bak" "$t/k.mbox.lock" "$t"/.k.mbox.mailgloss-*
	"$M" batch -q --in-place "$t/k.mbox" 2>/dev/null &
	pid=$!
	sleep "$(awk -v r="$round" -v ms="$took" 'BEGIN { srand(r * 7919 + '"$$"'); printf "%.3f", rand() * ms * 1.3 / 1000 }')"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	if cmp -s "$t/k.mbox" "$t/big.mbox"; then
		intact=$((intact + 1))
	elif cmp -s "$t/k.mbox" "$t/big.annotated"; then
		replaced=$((replaced + 1))
	else
		bad "round $round: SOURCE is neither the original nor the annotated mbox"
		continue
	fi
	check '[ "$(count_msgs "$t/k.mbox")" = "$bign" ]' "round $round: message count changed"
done
echo "in-place mbox (a run takes $took ms): $kills kills, $intact left original, $replaced replaced"

# Maildir in place: per message, each file is original or annotated, never lost
mkdir -p "$t/kmd.orig/tmp" "$t/kmd.orig/new" "$t/kmd.orig/cur"
i=0
for r in $(seq 20); do for f in $samples; do
	i=$((i + 1)); cp "$f" "$t/kmd.orig/cur/$((1000000000 + i)).M$i.host:2,S"
done; done
verify_md() { python3 -c '
import os, sys
o, k = sys.argv[1] + "/cur", sys.argv[2] + "/cur"
names = sorted(os.listdir(k))
bad = [n for n in names if not os.path.exists(o + "/" + n) or (
    open(o + "/" + n, "rb").read() != open(k + "/" + n, "rb").read()
    and b"\nX-Mailgloss-Version:" not in open(k + "/" + n, "rb").read())]
done = sum(1 for n in names if n in os.listdir(o) and open(o + "/" + n, "rb").read() != open(k + "/" + n, "rb").read())
print("%d %d %d" % (len(names), len(bad), done))
' "$1" "$2"; }
mdn=$(ls "$t/kmd.orig/cur" | wc -l)
for round in $(seq 8); do
	rm -rf "$t/kmd"; cp -a "$t/kmd.orig" "$t/kmd"
	"$M" batch -q --in-place "$t/kmd" 2>/dev/null &
	pid=$!
	sleep "$(awk -v r="$round" 'BEGIN { srand(r * 104729 + '"$$"'); printf "%.2f", rand() * 0.6 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	res=$(verify_md "$t/kmd.orig" "$t/kmd")
	have=${res%% *} broken=${res#* }; broken=${broken%% *} done=${res##* }
	check '[ "$have" = "$mdn" ] && [ "$broken" = 0 ]' \
		"Maildir round $round: $have of $mdn messages, $broken neither original nor annotated"
	echo "in-place Maildir round $round: $done of $mdn annotated when killed"
done

# --- 7. rule stubs for unrecognised line shapes --------------------------
{
	sed -n '1,/^$/p' samples/seed/seed1-logwatch-5.1.eml | sed '1{/^From /d}'
	echo ' --------------------- Frobnicator Begin ------------------------ '
	echo ''
	echo ' Frobnicated 12 widgets from 192.0.2.7 into /var/tmp/frob.db: 3 Time(s)'
	echo ' Frobnicated 7 widgets from 198.51.100.23 into /srv/x/y.db: 1 Time(s)'
	echo ' Widget queue 5KA20100518 stalled for user ops@example.org'
	echo ''
	echo ' ---------------------- Frobnicator End ------------------------- '
} > "$t/unknown.eml"
mbox_of "$t/unknown.eml" > "$t/unknown.mbox"
"$M" batch --unknowns "$t/stubs.rules" "$t/unknown.mbox" > "$t/ureport" 2>"$t/err"
check 'grep -q "Frobnicated N widgets from <IP> into <PATH>: N Time(s)" "$t/ureport"' "the report does not group the unknown lines by shape"
check 'grep -q "^ *2  logwatch/Frobnicator" "$t/ureport"' "two lines of one shape were not counted as 2"
check '[ "$(grep -c "^\[" "$t/stubs.rules")" -ge 2 ]' "--unknowns wrote fewer than 2 stubs"
"$M" rules check "$t/stubs.rules" > "$t/check.out" 2>&1
check '[ $? -eq 0 ]' "the stubs do not pass rules check: $(cat "$t/check.out")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
