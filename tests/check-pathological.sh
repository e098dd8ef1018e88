#!/bin/sh
# check-pathological.sh - lines built to hurt regex engines (1 MB of one
# character, 200,000 nested parentheses, a 30 KB worm URL) are classified
# with the whole shipped catalogue and come out visible, without a hang;
# a report built to flood the correlation sets stays bounded.  Every line
# of the LogWatch ones must reach an entry or a frame, whether or not the
# header block under the banner is closed by a line of hashes.
# The timeout is a guard against hangs, not a speed target (see make bench).
set -u
: "${MAILGLOSS:?}"
. "$(dirname "$0")/lib.sh"

python3 - "$t" <<'PY'
import sys
d = sys.argv[1]
lines = {
    "onechar": "a" * (1 << 20),
    "parens": "(" * 200000 + ")" * 10,
    "worm": "GET /default.ida?" + "N" * 30000 + "%u9090%u6858%ucbd3%u7801 HTTP/1.0 with response code(s) 400",
    "spaces": " " * 500000 + "x: 1 Time(s)",
}
banner = " ################### Logwatch 7.7 (07/22/22) #################### \n"
header = ("        Processing Initiated: Fri Jul 22 06:25:15 2022\n"
          "        Date Range Processed: yesterday\n"
          " ################################################################## \n")
for name, line in lines.items():
    lw = (" --------------------- httpd Begin ------------------------ \n"
          " Requests with error response codes\n    404 Not Found\n       %s: 1 Time(s)\n"
          " ---------------------- httpd End ------------------------- \n"
          " --------------------- SSHD Begin ------------------------ \n"
          " Failed logins from:\n    %s: 3 Time(s)\n"
          " ---------------------- SSHD End ------------------------- \n") % (line, line)
    open("%s/%s.lw" % (d, name), "w").write(banner + lw)
    open("%s/%s-closed.lw" % (d, name), "w").write(banner + header + lw)
    tw = ("Open Source Tripwire(R) 2.4.3.7 Integrity Check Report\n"
          "Rule Name: System boot changes (/var/log)\nModified object name:  /var/log/%s\n") % line
    open("%s/%s.tw" % (d, name), "w").write(tw)
    cr = "/etc/cron.daily/x:\n%s\nrun-parts: /etc/cron.daily/x exited with return code 1\n" % line
    open("%s/%s.cron" % (d, name), "w").write(cr)
PY
for f in "$t"/*.lw "$t"/*.tw "$t"/*.cron; do
	timeout 120 "$MAILGLOSS" --lang en explain --format=json "$f" > "$t/out" 2> "$t/err"
	rc=$?
	if [ $rc -ne 0 ]; then bad "$(basename "$f"): exit $rc $(head -c 200 "$t/err")"; continue; fi
	if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$t/out"; then ok; else bad "$(basename "$f"): bad JSON"; fi
	case "$f" in *.lw)
		# The hostile lines are entries (in httpd and SSHD), and no
		# line is lost: the report's non-blank lines are exactly the
		# entries' and frames' lines.
		if python3 - "$f" "$t/out" <<'PY'; then ok; else bad "$(basename "$f"): lines lost or misplaced"; fi
import collections, json, sys
text = [l for l in open(sys.argv[1]).read().split("\n") if l.strip()]
doc = json.load(open(sys.argv[2]))
secs = [s for m in doc["messages"] for s in m["sections"]]
shown = collections.Counter(l for s in secs for l in s["frame"])
shown.update(l for s in secs for e in s["entries"] for l in e["lines"])
hostile = {s["title"] for s in secs for e in s["entries"] for l in e["lines"] if "Time(s)" in l}
sys.exit(0 if shown == collections.Counter(text) and hostile == {"httpd", "SSHD"} else 1)
PY
	esac
done
# Limits: the 1 MB line is shown unmatched and the summary says so; a
# report far past the entry budget is still shown whole, and says so.
"$MAILGLOSS" --lang en explain --format=json "$t/onechar.cron" > "$t/out" 2>/dev/null
if grep -q 'longer than 65536 bytes were not matched' "$t/out"; then ok; else bad "no note on the over-long line"; fi
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("/etc/cron.daily/flood:\n")
    for i in range(210000):
        f.write("line %d of a very long report\n" % i)
' "$t/flood.cron"
timeout 300 "$MAILGLOSS" --lang en explain --color=never "$t/flood.cron" > "$t/out" 2>/dev/null
if grep -q 'its last 10000 line(s) were not matched' "$t/out" && grep -q 'line 209999 of a very long report' "$t/out"; then ok
else bad "no note on the entry budget, or lines missing"; fi
# Correlation: 30,000 guessing addresses and 30,000 logins from them (with
# pam_unix sessions before them) stay bounded in time and memory, and the
# logins are still flagged.
python3 -c '
import sys
n = 30000
with open(sys.argv[1], "w") as f:
    f.write(" ################### Logwatch 7.7 (07/22/22) #################### \n")
    f.write(" ################################################################## \n")
    f.write(" --------------------- pam_unix Begin ------------------------ \n sshd:\n    Sessions Opened:\n")
    for i in range(n):
        f.write("       u%d(uid=%d): 1 Time(s)\n" % (i, 1000 + i))
    f.write(" ---------------------- pam_unix End ------------------------- \n")
    f.write(" --------------------- SSHD Begin ------------------------ \n Failed logins from:\n")
    for i in range(n):
        f.write("    10.%d.%d.%d: 50 Times\n" % (i // 65536, (i // 256) % 256, i % 256))
    f.write(" Users logging in through sshd:\n")
    for i in range(n):
        f.write("    u%d:\n       10.%d.%d.%d: 1 Time\n" % (i, i // 65536, (i // 256) % 256, (i * 7) % 256))
    f.write(" ---------------------- SSHD End ------------------------- \n")
' "$t/corr.lw"
if timeout 120 "$MAILGLOSS" --lang en explain --format=json "$t/corr.lw" > "$t/out" 2> "$t/err" \
   && grep -q '"rule": "logwatch.sshd.login-from-guessing-network"' "$t/out" \
   && grep -q '"rule": "logwatch.pam_unix.session-after-suspicious-login"' "$t/out"; then ok
else bad "correlation flood: $(head -c 200 "$t/err")"; fi
finish
