#!/bin/sh
# check-filter.sh - golden tests of "mailgloss filter" on every sample:
# the output is compared byte for byte with tests/golden/filter/NAME.out,
# must be deterministic, must parse as MIME with the original attached
# byte-identical (From_ line removed), and filtering it again must give
# the same bytes.  Mail that is passed on must come out unchanged.
# UPDATE=1 rewrites the golden files (review the diff before committing).
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
pass=0 fail=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# structure OUT IN: the MIME structure of an annotated message, and its
# message/rfc822 part located by bytes and compared with IN (no From_ line)
structure() {
	python3 - "$1" "$2" <<'EOF'
import email, email.policy, re, sys
out = open(sys.argv[1], 'rb').read()
orig = open(sys.argv[2], 'rb').read()
if orig.startswith(b'From ') and not re.match(rb'From[ \t]*:', orig):
    orig = orig[orig.index(b'\n') + 1:]
if out.startswith(b'From ') and not re.match(rb'From[ \t]*:', out):
    out = out[out.index(b'\n') + 1:]
m = email.message_from_bytes(out, policy=email.policy.default)
problems = []
if m.get_content_type() != 'multipart/mixed':
    problems.append('top type ' + m.get_content_type())
parts = list(m.iter_parts())
types = [p.get_content_type() for p in parts]
if types != ['text/plain', 'message/rfc822']:
    problems.append('parts %s' % types)
elif not parts[0].get_content().strip():
    problems.append('empty annotation')
b = m.get_boundary()
start = out.find(b'Content-Type: message/rfc822\n')
start = out.find(b'\n\n', start) + 2
end = out.rfind(b'\n--' + b.encode() + b'--\n')
if start < 2 or end < 0 or out[start:end] != orig:
    problems.append('attached original differs from the input')
if not m['X-Mailgloss-Verdict'] or not m['X-Mailgloss-Counts']:
    problems.append('X-Mailgloss headers missing')
print('; '.join(problems))
EOF
}

# check NAME GOLDEN INPUT ARGS... - one golden test of filter on INPUT
check() {
	name=$1 golden=$2 input=$3
	shift 3
	"$MAILGLOSS" "$@" filter < "$input" > "$t/out1" 2> "$t/err"
	rc=$?
	"$MAILGLOSS" "$@" filter < "$input" > "$t/out2" 2>/dev/null
	if [ $rc -ne 0 ]; then bad "$name: exit $rc"; head -5 "$t/err"; return; fi
	if cmp -s "$t/out1" "$t/out2"; then ok; else bad "$name: not deterministic"; fi
	if [ "${UPDATE:-}" = 1 ]; then mkdir -p "$(dirname "$golden")"; cp "$t/out1" "$golden"; fi
	if [ ! -f "$golden" ]; then
		bad "$name: no golden file $golden (UPDATE=1 sh tests/check-filter.sh)"
	elif diff -u "$golden" "$t/out1" > "$t/diff"; then ok
	else bad "$name differs from $golden"; head -40 "$t/diff"; fi
	"$MAILGLOSS" "$@" filter < "$t/out1" > "$t/again" 2>/dev/null
	if cmp -s "$t/out1" "$t/again"; then ok; else bad "$name: filtering the output changed it"; fi
	if ! grep -q '^X-Mailgloss-Version:' "$t/out1"; then
		if cmp -s "$input" "$t/out1"; then ok; else bad "$name: passed on, but changed"; fi
		return
	fi
	problems=$(structure "$t/out1" "$input")
	if [ -z "$problems" ]; then ok; else bad "$name: $problems"; fi
}

for f in $(find samples -type f -name '*.eml' | sort); do
	base=tests/golden/filter/$(echo "$f" | sed 's|^samples/||; s|/|__|g')
	check "$f en" "$base.out" "$f" --lang en
	case "$f" in samples/seed/*)
		check "$f ja" "$base.ja.out" "$f" --lang ja
		# as an MTA hands it over: a From_ line, trace fields
		{ printf 'From root@ns.example.co.jp  Tue Dec 14 04:02:39 2004\n'
		  printf 'Return-Path: <root@ns.example.co.jp>\nDelivered-To: root@localhost\n'
		  cat "$f"; } > "$t/mta.eml"
		check "$f from MTA" "$base.mta.out" "$t/mta.eml" --lang en ;;
	esac
done

# Mail that is not a report passes byte-identical, even odd mail.
printf 'From: a@example.org\nSubject: lunch?\n\nAt noon.\n' > "$t/plain.eml"
printf 'From a@b  Mon Jan  1 00:00:00 2024\nSubject: no newline at the end' > "$t/nonl.eml"
printf 'Subject: crlf\r\n\r\nbody\r\n' > "$t/crlf.eml"
: > "$t/empty.eml"
for f in plain nonl crlf empty; do
	"$MAILGLOSS" --lang en filter < "$t/$f.eml" > "$t/out" 2>/dev/null
	if [ $? -eq 0 ] && cmp -s "$t/$f.eml" "$t/out"; then ok; else bad "$f.eml not passed on byte-identical"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
