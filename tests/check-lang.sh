#!/bin/sh
# check-lang.sh - with --lang ja every explanation of a rule-matched entry
# is Japanese (no English fallback); with --lang en none is; LANG unset
# (as under an MTA) still gives Japanese with --lang ja.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
cd "$SRCDIR" || exit 1
pass=0 fail=0
files=$(find samples -type f \( -name '*.eml' -o -name '*.txt' \) | sort)
for lang in ja en; do
	if env -i PATH="$PATH" MAILGLOSS_EXPLANATIONS="$MAILGLOSS_EXPLANATIONS" \
		MAILGLOSS_LOCALEDIR="$MAILGLOSS_LOCALEDIR" MAILGLOSS_CONFIG=/dev/null \
		"$MAILGLOSS" --lang $lang explain --format=json $files > lang.$$.json 2>/dev/null &&
	   python3 - "$lang" lang.$$.json <<'PY'
import json, re, sys
lang, path = sys.argv[1], sys.argv[2]
doc = json.load(open(path, encoding="utf-8"))
jp = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
bad = n = 0
for m in doc["messages"]:
    for s in m["sections"]:
        for e in s["entries"]:
            if not e["rule"]:
                continue
            n += 1
            has = bool(jp.search(e["explanation"]))
            if has != (lang == "ja"):
                bad += 1
                if bad <= 10:
                    print("FAIL: %s %s: %s" % (lang, e["rule"], e["explanation"][:100]))
print("%s: %d explanations, %d in the wrong language" % (lang, n, bad))
sys.exit(1 if bad or n == 0 else 0)
PY
	then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	rm -f lang.$$.json
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
