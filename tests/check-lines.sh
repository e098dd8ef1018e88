#!/bin/sh
# check-lines.sh - nothing silently dropped: for every single-part
# text/plain mail of samples/, tests/corpus/ and the shared corpus and
# seed mails, the non-blank lines of its decoded body are exactly the
# lines of the JSON's entries and frames (each once; in a quoted report
# a line of quote marks alone is blank).  A parser that
# forgets a line (frame without a section, an entry outside every
# section) fails here, whatever its verdicts.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
# shellcheck disable=SC2046
python3 - "$MAILGLOSS" $(find samples tests/corpus /work/shared/corpus /work/shared/seed-mails \
	-name '*.eml' 2>/dev/null | sort) <<'PY'
import collections, email, email.policy, json, subprocess, sys

passed = failed = 0
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    if msg.is_multipart() or msg.get_content_type() != "text/plain":
        continue        # HTML and multipart bodies are rewritten before parsing
    text = msg.get_content()
    lines = [l.rstrip("\r") for l in text.split("\n") if l.strip()]
    # A report quoted in a reply (most lines start with ">") is read without
    # the marks: a line of marks alone is one of its blank lines.
    if 2 * sum(l.startswith(">") for l in lines) > len(lines):
        lines = [l for l in lines if l.replace(">", "").strip()]
    want = collections.Counter(lines)
    out = subprocess.run([sys.argv[1], "--lang", "en", "explain", "--format=json", path],
                         capture_output=True)
    secs = [s for m in json.loads(out.stdout)["messages"] for s in m["sections"]]
    shown = collections.Counter(l for s in secs for l in s["frame"])
    shown.update(l for s in secs for e in s["entries"] for l in e["lines"])
    if out.returncode == 0 and shown == want:
        passed += 1
    else:
        failed += 1
        lost, extra = want - shown, shown - want
        print("FAIL: %s: %d line(s) lost %s, %d extra %s" % (path, sum(lost.values()),
              list(lost)[:3], sum(extra.values()), list(extra)[:3]))
if passed < 50:
    failed += 1
    print("FAIL: only %d mails checked" % passed)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
