#!/bin/sh
# check-badinput.sh - bad input gets a clear message or a correct
# annotation, never a crash: binary data, an empty file, a truncated MIME
# message, an undeclared charset, a 1 MB line, a missing file.
set -u
: "${MAILGLOSS:?}"
. "$(dirname "$0")/lib.sh"

head -c 65536 /dev/urandom > "$t/binary"
printf 'ELF\000\000\001\002\377\376' >> "$t/binary"
: > "$t/empty"
printf 'From: root@x\nSubject: LogWatch for x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nIyMjIyBMb2dXYXRjaCA3LjcgIyMj\nIC0tLS0tIFNTSE' > "$t/truncated"
printf 'From: root@x\nSubject: Cron <root@x> run-parts /etc/cron.daily\nContent-Type: text/plain; charset=x-no-such-charset\n\n/etc/cron.daily/logrotate:\n\244\242\244\244 \377\376 error: broken\n' > "$t/charset"
printf 'From: root@x\nSubject: cron\n\n/etc/cron.daily/x:\n' > "$t/longline"
head -c 1048576 /dev/zero | tr '\0' 'A' >> "$t/longline"
printf '\n' >> "$t/longline"

for f in binary empty truncated charset longline; do
	for fmt in text json; do
		"$MAILGLOSS" --lang en explain --format=$fmt --color=never "$t/$f" > "$t/out" 2> "$t/err"
		rc=$?
		if [ $rc -ne 0 ]; then bad "$f/$fmt: exit $rc: $(head -c 300 "$t/err")"; continue; fi
		if [ "$fmt" = json ] && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$t/out"; then
			bad "$f/json: not valid JSON"; continue
		fi
		if grep -q "$(printf '\033')" "$t/out"; then bad "$f/$fmt: escape character in output"; continue; fi
		ok
	done
done
# The charset case: the bytes are decoded (not dropped) and the block annotated.
"$MAILGLOSS" --lang en explain --format=json "$t/charset" > "$t/out" 2>/dev/null
if grep -q 'error: broken' "$t/out"; then ok; else bad "charset: text lost"; fi
# The truncated case still finds the LogWatch banner it could decode.
"$MAILGLOSS" --lang en explain --format=json "$t/truncated" > "$t/out" 2>/dev/null
if grep -q '"messages"' "$t/out"; then ok; else bad "truncated: no output"; fi
# A missing file: a clear message and exit 66.
"$MAILGLOSS" explain "$t/no-such-file" > /dev/null 2> "$t/err"
rc=$?
if [ $rc -eq 66 ] && grep -q 'no-such-file' "$t/err"; then ok; else bad "missing file: exit $rc"; fi
# Terminal escapes inside a report never reach the terminal.
printf 'From: root@x\nSubject: Cron <root@x> run-parts /etc/cron.daily\n\n/etc/cron.daily/evil:\nuser \033]0;owned\007\033[2J name\n' > "$t/escape"
"$MAILGLOSS" explain --color=never "$t/escape" > "$t/out" 2>&1
if grep -q "$(printf '\033')" "$t/out"; then bad "escape reached the output"; else ok; fi
# Section titles come from the report too: escapes in them stay out of every view.
printf 'From: root@x\nSubject: Cron <root@x> run-parts /etc/cron.daily\n\n/etc/cron.daily/e\033[2Jvil:\nerror: \033]0;x\007 odd\nrun-parts: /etc/cron.daily/e\033[2Jvil exited with return code 1\n' > "$t/title"
for mode in "--unknown" "--color=never" "--color=always"; do
	"$MAILGLOSS" --lang en explain $mode "$t/title" > "$t/out" 2>&1
	if tr -d '\033' < "$t/out" | cmp -s - "$t/out" || ! grep -q "$(printf '\033')\[2J\|$(printf '\033')\]0" "$t/out"; then ok
	else bad "escape from a section title reached the output ($mode)"; fi
done
finish
