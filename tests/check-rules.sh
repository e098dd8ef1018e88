#!/bin/sh
# check-rules.sh - the catalogue is valid and every example matches its
# rule and no rule with another verdict ("mailgloss rules check").
# A deliberately broken catalogue must fail, so the check can fail.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
. "$(dirname "$0")/lib.sh"

if out=$("$MAILGLOSS" rules check "$SRCDIR/explanations" 2>&1); then ok; else bad "rules check:"; echo "$out"; fi
echo "$out" | tail -1

# An example that does not match its own rule.
cat > "$t/a.rules" <<'R'
kind = test
[test.x.wrong-example]
match = ^hello world$
verdict = check
what = w
why = y
todo = t
example = goodbye
R
if "$MAILGLOSS" rules check "$t/a.rules" >/dev/null 2>&1; then bad "a non-matching example passed"; else ok; fi
# An example that also matches a rule with another verdict.
cat > "$t/b.rules" <<'R'
kind = test
[test.x.one]
match = ^disk full
verdict = action
what = w
why = y
todo = t
example = disk full on /
[test.x.two]
match = full
verdict = noise
what = w
why = y
todo = t
unless = u
example = tank full
R
if "$MAILGLOSS" rules check "$t/b.rules" >/dev/null 2>&1; then bad "a conflicting example passed"; else ok; fi
# Correlation: a set tested but never recorded, and one recorded but never
# tested, are reported with file:line; a "when" rule whose example holds
# with its example_set values and raises the verdict passes.
cat > "$t/e.rules" <<'R'
kind = test
section = S
[test.s.guess]
match = ^(?<host>\S+): (?<count>\d+) failures$
record = guessers host count
verdict = noise
what = w
why = y
todo = t
unless = u
example = 192.0.2.1: 12 failures
[test.s.login-guessed]
match = ^login from (?<host>\S+)$
when = host near guessers >= 10
verdict = action
what = w
why = y
todo = t
example = login from 192.0.2.77
example_set = guessers 192.0.2.1 12
[test.s.login]
match = ^login from (?<host>\S+)$
verdict = info
what = w
why = y
todo = t
unless = u
example = login from 198.51.100.1
R
if out=$("$MAILGLOSS" rules check "$t/e.rules" 2>&1); then ok; else bad "a good when rule failed:"; echo "$out"; fi
sed 's/^when = host near guessers/when = host near gessers/' "$t/e.rules" > "$t/f.rules"
msg=$("$MAILGLOSS" rules check "$t/f.rules" 2>&1)
case "$msg" in *f.rules:14:*'tests set "gessers", which no rule records'*) ok ;; *) bad "unrecorded set not reported: $msg" ;; esac
case "$msg" in *f.rules:5:*'records set "guessers", which no rule tests'*) ok ;; *) bad "untested set not reported: $msg" ;; esac
sed 's/^example_set = guessers 192.0.2.1 12/example_set = guessers 192.0.2.1 3/' "$t/e.rules" > "$t/g.rules"
msg=$("$MAILGLOSS" rules check "$t/g.rules" 2>&1)
case "$msg" in *'does not satisfy its "when"'*) ok ;; *) bad "a when below its threshold passed: $msg" ;; esac
# "rules test" names the when rule that could take the line over.
mkdir -p "$t/site2" && cp "$t/e.rules" "$t/site2/"
out=$("$MAILGLOSS" --lang en --rules-dir "$t/site2" rules test --kind test --section S "login from 192.0.2.77" 2>&1)
case "$out" in "info test.s.login"*"when host near guessers >= 10: action test.s.login-guessed"*) ok ;;
	*) bad "rules test does not show the when rule: $out" ;; esac
# Broken syntax is reported with file:line.
printf 'kind = test\n[test.x.bad]\nmatch = (unclosed\nverdict = sometimes\n' > "$t/c.rules"
msg=$("$MAILGLOSS" rules check "$t/c.rules" 2>&1)
case "$msg" in *c.rules:3:*bad\ pattern*) ok ;; *) bad "no file:line for a bad pattern: $msg" ;; esac
case "$msg" in *c.rules:4:*unknown\ verdict*) ok ;; *) bad "no file:line for a bad verdict: $msg" ;; esac
# A benign rule without "unless" is refused.
printf 'kind = test\n[test.x.benign]\nmatch = x\nverdict = noise\nwhat = w\nwhy = y\ntodo = t\nexample = x\n' > "$t/d.rules"
if "$MAILGLOSS" rules check "$t/d.rules" >/dev/null 2>&1; then bad "benign rule without unless passed"; else ok; fi
# A site override changes a shipped verdict until its date, and says so.
mkdir -p "$t/site"
printf '[tripwire.object.root-history]\nverdict = noise\nowner = ops team\nexpires = 2099-12-31\n' > "$t/site/local.rules"
out=$("$MAILGLOSS" --lang en --rules-dir "$t/site" explain "$SRCDIR/samples/seed/seed2-tripwire-sendmail-restart.eml" 2>&1)
case "$out" in *"[Noise] tripwire.object.root-history"*"accepted by ops team until 2099-12-31"*) ok ;;
	*) bad "override not applied or not said" ;; esac
printf '[tripwire.object.root-history]\nverdict = noise\nowner = ops team\nexpires = 2001-01-01\n' > "$t/site/local.rules"
out=$("$MAILGLOSS" --lang en --rules-dir "$t/site" explain "$SRCDIR/samples/seed/seed2-tripwire-sendmail-restart.eml" 2>&1)
case "$out" in *"[Check] tripwire.object.root-history"*"expired on 2001-01-01"*) ok ;;
	*) bad "lapsed override still applied or not said" ;; esac
printf '[tripwire.object.root-history]\nverdict = noise\n' > "$t/site/local.rules"
if "$MAILGLOSS" --rules-dir "$t/site" rules check >/dev/null 2>&1; then bad "override without owner accepted"; else ok; fi
# The catalogue edited after "make": the copy parsed into the pattern
# cache is not of these files any more, so the edit is what counts.
cp -R "$SRCDIR/explanations" "$t/cat"
out=$(MAILGLOSS_EXPLANATIONS="$t/cat" "$MAILGLOSS" -v --lang en explain "$SRCDIR/samples/seed/seed2-tripwire-sendmail-restart.eml" 2>&1)
case "$out" in *"rules loaded from the copy parsed in the pattern cache"*"[Check] tripwire.object.root-history"*) ok ;;
	*) bad "the unchanged catalogue was not loaded from the pattern cache" ;; esac
sed -i '/^\[tripwire.object.root-history\]$/,/^verdict/ s/^verdict = check$/verdict = urgent/' \
	"$t/cat/tripwire/20-objects.rules"
out=$(MAILGLOSS_EXPLANATIONS="$t/cat" "$MAILGLOSS" -v --lang en explain "$SRCDIR/samples/seed/seed2-tripwire-sendmail-restart.eml" 2>&1)
case "$out" in *"rules parsed from their files"*"[Urgent] tripwire.object.root-history"*) ok ;;
	*) bad "an edited catalogue was not parsed again" ;; esac
finish
