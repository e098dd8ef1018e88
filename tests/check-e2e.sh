#!/bin/sh
# check-e2e.sh - "mailgloss filter" behind a real Postfix (after
# notes/e2e-postfix.sh).  One LogWatch mail goes to three pipes:
#   e2e-alias   alias map owned by e2eflt   -> pipe runs as e2eflt
#   e2e-nobody  alias map owned by root     -> pipe runs as nobody
#   e2euser     ~e2euser/.forward "|wrap"   -> pipe runs as e2euser
# each delivering with --deliver maildir:..., LANG=C, no usable HOME.
# Checked: one message per Maildir, owned by the pipe's user, annotated,
# the verdict, and the attached original byte-identical to what was sent
# once the fields Postfix adds (Return-Path, X-Original-To, Delivered-To,
# Received) are taken out.
#
# Needs root; installs postfix ("Local only") if it is missing - but not
# over another MTA (exim4, sendmail) unless E2E_REPLACE_MTA=1, because
# that removes it.  Starts postfix if it is not running
# and stops it (by PID) afterwards; main.cf is restored by an EXIT trap.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: e2e needs root (it installs and starts postfix)"
	exit 0
fi
cd "$SRCDIR" || exit 1
pass=0 fail=0
t0=$(date +%s)
sample=$SRCDIR/samples/seed/seed1-logwatch-5.1.eml
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() { echo "elapsed $(( $(date +%s) - t0 )) s"; echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }

if ! command -v postfix >/dev/null 2>&1; then
	# Installing postfix removes exim4 or sendmail, and with them anything
	# bind-mounted over /usr/sbin/sendmail by a concurrent job: only with consent.
	other=$(dpkg-query -W -f '${Package} ${Status}\n' exim4-daemon-light exim4-daemon-heavy \
		sendmail-bin 2>/dev/null | sed -n 's/ install ok installed$//p' | tr '\n' ' ')
	if [ -n "$other" ] && [ "${E2E_REPLACE_MTA:-}" != 1 ]; then
		echo "SKIP: e2e needs postfix, and installing it would remove ${other}(set E2E_REPLACE_MTA=1)"
		exit 0
	fi
	echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
	echo "postfix postfix/mailname string localhost" | debconf-set-selections
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postfix >/dev/null; then
		bad "postfix could not be installed"; finish
	fi
fi

# Everything the pipes run or write is under a world-traversable directory.
T=$(mktemp -d /tmp/e2e-mailgloss.XXXXXX)
chmod 755 "$T"
mkdir -p "$T/bin"
cp "$MAILGLOSS" "$T/bin/mailgloss"
cp -r "${MAILGLOSS_LOCALEDIR:-$(dirname "$MAILGLOSS")/locale}" "$T/bin/locale"
cp -r "${MAILGLOSS_EXPLANATIONS:-$SRCDIR/explanations}" "$T/explanations"	# found as bin/../explanations
printf 'language = en\n' > "$T/mailgloss.conf"
chmod -R a+rX "$T"

# The users this run makes are removed again by the EXIT trap below (a
# user left behind showed up in rkhunter's fixture as a new account).
made_users=
id e2eflt >/dev/null 2>&1 || { useradd -r -M -d /nonexistent -s /usr/sbin/nologin e2eflt &&
	made_users="$made_users e2eflt"; }
id e2euser >/dev/null 2>&1 || { useradd -M -d "$T/home" -s /bin/sh e2euser &&
	made_users="$made_users e2euser"; }
usermod -d "$T/home" e2euser
install -d -o e2euser -m 755 "$T/home"

# wrap NAME OWNER - a Maildir for OWNER and the pipe command that fills it
wrap() {
	install -d -o "$2" -m 755 "$T/md-$1" "$T/md-$1/tmp" "$T/md-$1/new" "$T/md-$1/cur"
	printf '#!/bin/sh\nMAILGLOSS_CONFIG=%s/mailgloss.conf exec %s/bin/mailgloss filter --deliver maildir:%s/md-%s\n' \
		"$T" "$T" "$T" "$1" > "$T/wrap-$1"
	chmod 755 "$T/wrap-$1"
}
wrap alias e2eflt
wrap nobody nobody
wrap forward e2euser
printf 'e2e-alias: "|%s/wrap-alias"\n' "$T" > "$T/aliases"
printf 'e2e-nobody: "|%s/wrap-nobody"\n' "$T" > "$T/aliases-root"
postalias "$T/aliases" "$T/aliases-root"	# as root; then hand one map over
chown e2eflt "$T/aliases" "$T/aliases.db"
printf '"|%s/wrap-forward"\n' "$T" > "$T/home/.forward"
chown e2euser "$T/home/.forward"; chmod 644 "$T/home/.forward"

cp -p /etc/postfix/main.cf "$T/main.cf.orig"
started=0 PID=
cleanup() {
	cp -p "$T/main.cf.orig" /etc/postfix/main.cf
	if [ "$started" = 1 ] && [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null	# master takes its children along
		for i in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
	else
		postfix reload >/dev/null 2>&1 || :
	fi
	for u in $made_users; do userdel "$u" 2>/dev/null || :; done
	if [ "$fail" = 0 ]; then rm -rf "$T"; else echo "kept $T for inspection"; fi
}
trap cleanup EXIT
postconf -e "alias_maps = hash:/etc/aliases, hash:$T/aliases, hash:$T/aliases-root" \
	"maillog_file_prefixes = /var, /dev/stdout, /tmp" "maillog_file = $T/maillog" \
	"inet_interfaces = loopback-only" "default_transport = error"
if ! postfix status >/dev/null 2>&1; then
	if ! postfix start >/dev/null 2>&1; then bad "postfix start failed"; finish; fi
	started=1
else
	postfix reload >/dev/null 2>&1
fi
PID=$(sed -n 's/^ *//p' /var/spool/postfix/pid/master.pid)

/usr/sbin/sendmail -oi -f cron@localhost -- e2e-alias@localhost e2e-nobody@localhost \
	e2euser@localhost < "$sample"

for i in $(seq 1 150); do	# up to 30 s
	n=0
	for r in alias nobody forward; do [ -n "$(ls -A "$T/md-$r/new")" ] && n=$((n + 1)); done
	[ $n = 3 ] && break
	sleep 0.2
done

# original OUT - the attached original minus the fields Postfix adds
original() {
	python3 - "$1" <<'EOF'
import re, sys
out = open(sys.argv[1], 'rb').read()
b = re.search(rb'boundary="([^"]+)"', out).group(1)
start = out.find(b'Content-Type: message/rfc822\n')
start = out.find(b'\n\n', start) + 2
orig = out[start:out.rfind(b'\n--' + b + b'--\n')]
head, sep, body = orig.partition(b'\n\n')
keep, skip = [], False
for line in head.split(b'\n'):
    if line[:1] in (b' ', b'\t'):
        if not skip: keep.append(line)
        continue
    skip = line.split(b':')[0].lower() in (b'return-path', b'x-original-to', b'delivered-to', b'received')
    if not skip: keep.append(line)
sys.stdout.buffer.write(b'\n'.join(keep) + sep + body)
EOF
}

for r in alias:e2eflt nobody:nobody forward:e2euser; do
	name=${r%%:*} user=${r#*:}
	f=$(ls -d "$T/md-$name/new/"* 2>/dev/null | head -1)
	if [ -z "$f" ]; then bad "$name: nothing delivered"; continue; fi
	if [ "$(ls -A "$T/md-$name/new" | wc -l)" = 1 ]; then ok; else bad "$name: more than one message"; fi
	if [ "$(stat -c %U "$f")" = "$user" ]; then ok; else bad "$name: written by $(stat -c %U "$f"), not $user"; fi
	verdict=$(sed -n 's/^X-Mailgloss-Verdict: //p' "$f" | head -1)
	case $verdict in
	check) ok ;;
	noise|info|action|urgent|unknown)
		bad "$name: verdict $verdict, expected check (the LogWatch seed has one check entry)" ;;
	*) bad "$name: not annotated (no X-Mailgloss-Verdict)"; sed -n '1,/^$/p' "$f" ;;
	esac
	if grep -q '^Subject: \[CHECK\] LogWatch for ns.example.co.jp$' "$f"; then ok; else bad "$name: Subject not tagged"; fi
	if grep -q '^Delivered-To: ' "$f" && grep -q '^Return-Path: <cron@localhost>$' "$f"; then ok
	else bad "$name: the fields Postfix added were not kept"; fi
	if original "$f" | cmp -s - "$sample"; then ok; else bad "$name: the attached original differs from what was sent"; fi
done
if [ "$fail" != 0 ]; then tail -20 "$T/maillog" 2>/dev/null; postqueue -p 2>/dev/null | tail -5; fi
finish
