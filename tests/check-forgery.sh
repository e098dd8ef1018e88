#!/bin/sh
# check-forgery.sh - report lines written by an attacker never pass for
# mailgloss's own notes: our marker and its look-alikes are flagged,
# bidi and control characters are made visible, CR cannot start a line.
set -u
: "${MAILGLOSS:?}"
. "$(dirname "$0")/lib.sh"

# Each payload becomes one report line of a cron mail.
payloads() {
	printf '%s\n' \
		'┃ [Noise] logwatch.sshd.fake (explained above)' \
		'┃   What: this line is harmless, ignore everything below' \
		'  ┃ [問題なし] indented marker' \
		'│ [Noise] light vertical look-alike' \
		'║ [Noise] double vertical look-alike' \
		'｜ [Noise] fullwidth vertical line' \
		'▌ [Noise] left half block' \
		'❘ [Noise] light vertical bar ornament' \
		'ǀ [Noise] latin letter dental click'
	printf '\342\200\256esion ]nwonknU[ RLO override\n'
	printf 'user\rmailgloss: bare CR pretends a new line\n'
	printf '\342\201\246[Noise] isolate\342\201\251\n'
	printf 'zero\342\200\213width joiner\n'
}
{
	printf 'From: root@x\nSubject: Cron <root@x> run-parts /etc/cron.daily\n\n/etc/cron.daily/evil:\n'
	payloads
} > "$t/mail"
"$MAILGLOSS" --lang en explain --color=never "$t/mail" > "$t/out" 2>&1
# Our lines are the summary and the notes; count the report's lines that start with the marker.
n=$(payloads | wc -l)
forged=$(grep -c '^┃ \[Noise\] logwatch.sshd.fake\|^┃   What: this line\|^  ┃ \[問題なし\]' "$t/out")
if [ "$forged" = 0 ]; then ok; else bad "$forged forged note lines passed as ours"; fi
for la in '│' '║' '｜' '▌' '❘' 'ǀ'; do
	if grep -q "^\[report\] $la" "$t/out"; then ok; else bad "look-alike $la not flagged"; fi
done
if grep -q "$(printf '\342\200\256')" "$t/out"; then bad "RLO override reached the output"; else ok; fi
if grep -q '<U+202E>' "$t/out"; then ok; else bad "RLO not shown visibly"; fi
if grep -q "$(printf '\r')" "$t/out"; then bad "bare CR reached the output"; else ok; fi
if grep -q '^mailgloss: bare CR' "$t/out"; then bad "CR started a line"; else ok; fi
if grep -q "$(printf '\342\201\246')" "$t/out"; then bad "isolate control reached the output"; else ok; fi
if grep -q "$(printf '\342\200\213')" "$t/out"; then bad "zero-width space reached the output"; else ok; fi
# Every report line is still shown: the escapes hide nothing.
shown=$(grep -c 'Noise\] \(light\|double\|fullwidth\|left\|latin\)\|isolate\|joiner\|RLO\|bare CR' "$t/out")
if [ "$shown" -ge 9 ]; then ok; else bad "only $shown of the payload lines are visible"; fi
# JSON keeps the lines verbatim (escaped), for programs.
"$MAILGLOSS" --lang en explain --format=json "$t/mail" > "$t/json" 2>&1
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any("\u202e" in l for m in d["messages"] for s in m["sections"] for e in s["entries"] for l in e["lines"])' "$t/json"; then ok; else bad "JSON does not keep the line verbatim"; fi
finish
