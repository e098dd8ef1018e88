# steps/fail2ban.sh - fail2ban 1.0.2's mail actions, sourced by ../generate.
#
# A real fail2ban-server, started by fail2ban-client from a private copy of
# /etc/fail2ban (jail.d emptied, a jail.local written here) in a namespace
# whose /run is private (pid file, socket, the dummy action's file), whose
# /etc/hosts names the simulated host (the mails use `hostname -f`) and whose
# /usr/sbin/sendmail is the capture script.  Bans go to the "dummy" action
# (no firewall is touched); the mail action is Debian's action_mwl
# (sendmail-whois-lines) or sendmail-whois-matches.  The jails read synthetic
# logs written with the current time (fail2ban ignores failures older than
# findtime).  whois is not installed (it would ask the network), so the
# mails say "missing whois program" where whois output would be.
# The server is started, waits until the expected addresses are banned, and
# is stopped: each jail mails "started", one "banned" per address, "stopped".
EXTRA_PKGS="$EXTRA_PKGS fail2ban"

# f2b_logs HOST DIR: synthetic auth.log / mail.log, time stamps of the last minutes
f2b_logs() {
  python3 - "$1" "$2" <<'PY'
import sys, time, random
host, d = sys.argv[1], sys.argv[2]
random.seed("f2b-" + host)
now = time.time() - 240
lines = {"auth.log": [], "mail.log": []}
def ts(t): return time.strftime("%b %e %H:%M:%S", time.localtime(t))
t = now
def add(f, msg, step=7):
    global t
    t += random.uniform(1, step)
    lines[f].append("%s %s %s" % (ts(t), host, msg))
pid = 40000 + random.randint(0, 9999)
if host == "birch":
    add("auth.log", "sshd[%d]: Accepted publickey for admin from 192.0.2.10 port 50122 ssh2: ED25519 SHA256:Vt5mYy0oM2o8m1x3iV9p2WcQm7Zc0yqz4dJ8Kq1vXHs" % pid)
    for i, u in enumerate(["admin", "test", "oracle", "ubuntu", "git", "postgres", "pi"]):
        pid += 3
        add("auth.log", "sshd[%d]: Invalid user %s from 203.0.113.45 port %d" % (pid, u, 40000 + i * 17))
        add("auth.log", "sshd[%d]: Failed password for invalid user %s from 203.0.113.45 port %d ssh2" % (pid, u, 40000 + i * 17), 2)
    for i in range(5):
        pid += 3
        add("auth.log", "sshd[%d]: Failed password for root from 198.51.100.23 port %d ssh2" % (pid, 51000 + i * 3))
    add("auth.log", "sshd[%d]: Failed password for kenji from 192.0.2.33 port 60210 ssh2" % (pid + 7))
    add("auth.log", "sshd[%d]: Accepted password for kenji from 192.0.2.33 port 60210 ssh2" % (pid + 7), 3)
else:
    qid = 0x3A1F
    for i in range(6):
        pid += 2
        add("mail.log", "postfix/smtpd[%d]: connect from unknown[203.0.113.9]" % pid)
        add("mail.log", "postfix/smtpd[%d]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6" % pid, 2)
        add("mail.log", "postfix/smtpd[%d]: disconnect from unknown[203.0.113.9] ehlo=1 auth=0/1 quit=1 commands=2/3" % pid, 1)
    add("mail.log", "postfix/smtpd[%d]: warning: mail.example.net[198.51.100.80]: SASL PLAIN authentication failed: authentication failure" % (pid + 9))
    add("mail.log", "postfix/smtpd[%d]: 4C2B81E0F3: client=mail.example.net[198.51.100.80], sasl_method=PLAIN, sasl_username=tomoko" % (pid + 9))
for f, ls in lines.items():
    with open("%s/%s" % (d, f), "w") as fh:
        fh.write("\n".join(ls) + ("\n" if ls else ""))
PY
}

# f2b HOST ADDR JAIL-CONFIG BANS...: run the server until BANS are banned
f2b() {
  local host=$1 addr=$2 jails=$3 d=$WORK/f2b-$1; shift 3
  mkdir -p "$d/run" "$d/log" "$d/spool" "$d/lib"
  cp -a /etc/fail2ban "$d/conf"; rm -f "$d/conf/jail.d/"*
  printf '127.0.0.1\tlocalhost\n%s\t%s.example.com %s\n' "$addr" "$host" "$host" > "$d/hosts"
  f2b_logs "$host" "$d/log"
  cat > "$d/conf/fail2ban.local" <<C
[Definition]
logtarget = $d/fail2ban.log
dbfile = $d/lib/fail2ban.sqlite3
C
  printf '[DEFAULT]\nbanaction = dummy\nbanaction_allports = dummy\nbackend = polling\n\n%s\n' "$jails" > "$d/conf/jail.local"
  printf '#!/bin/sh\nMAILGLOSS_SPOOL=%s exec %s "$@"\n' "$d/spool" "$WORK/capture-sendmail" > "$d/sendmail"
  chmod 755 "$d/sendmail"
  "$LIB/in-ns" "$host" "$d/run:/run" "$d/hosts:/etc/hosts" "$d/sendmail:/usr/sbin/sendmail" -- \
    /bin/bash -c '
      d=$1; shift
      c="fail2ban-client -c $d/conf -s /run/fail2ban/fail2ban.sock -p /run/fail2ban/fail2ban.pid"
      mkdir -p /run/fail2ban
      $c -x start
      for ((i = 0; i < 60; i++)); do
        sleep 1
        all=1
        for ip in "$@"; do grep -q "Ban $ip\$" "$d/fail2ban.log" || all=0; done
        [ $all = 1 ] && break
      done
      sleep 3
      $c stop
      for ((i = 0; i < 20; i++)); do [ -e /run/fail2ban/fail2ban.pid ] || break; sleep 1; done' \
      f2b-ns "$d" "$@" > "$d/out.txt" 2>&1 || say "fail2ban: $(tail -3 "$d/out.txt")"
  sleep 1
  rm -f "$d/spool/"*.args
  local f subj name
  for f in "$d/spool/"*.eml; do
    [ -e "$f" ] || continue
    subj=$(sed -n 's/^Subject: \[Fail2Ban\] //p' "$f" | head -1)
    case $subj in
      *": banned "*) name=${subj%%:*}-banned-$(printf '%s' "$subj" | sed 's/.*banned \([^ ]*\) from.*/\1/') ;;
      *": started on "*) name=${subj%%:*}-started ;;
      *": stopped on "*) name=${subj%%:*}-stopped ;;
      *) name=unknown-$(basename "$f" .eml) ;;
    esac
    mkdir -p "$MAILGLOSS_SPOOL"; mv "$f" "$MAILGLOSS_SPOOL/"
    take_mail "$HERE/fail2ban/fail2ban-$host-$name.eml"
  done
}

step_fail2ban() {
  say "fail2ban (a real server over synthetic logs, dummy ban action)"
  f2b birch 192.0.2.71 "[sshd]
enabled = true
port = ssh
logpath = $WORK/f2b-birch/log/auth.log
action = %(action_mwl)s" 203.0.113.45 198.51.100.23
  f2b cedar 192.0.2.72 "[postfix-sasl]
enabled = true
logpath = $WORK/f2b-cedar/log/mail.log
action = %(banaction_allports)s[name=%(__name__)s]
         sendmail-whois-matches[name=%(__name__)s, dest=\"%(destemail)s\"]" 203.0.113.9
}
