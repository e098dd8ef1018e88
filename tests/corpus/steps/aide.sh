# steps/aide.sh - AIDE 0.18.3 daily reports as Debian's aide-common mails them
# (sourced by tests/corpus/generate).
#
# Each host gets private copies of /etc and /usr/sbin (bind-mounted over the
# real ones inside the namespace, with the host's /etc/hosts, /etc/mailname
# and an /etc/aide/aide.conf that keeps Debian's group definitions but selects
# only /etc and /usr/sbin, so a run takes seconds), and private /var/lib/aide,
# /var/log/aide and /run/aide.  The database is made with Debian's aideinit;
# the report is what /usr/share/aide/bin/dailyaidecheck --crondaily (what
# /etc/cron.daily/aide and dailyaidecheck.service run) mails with Debian's
# /etc/default/aide (COMMAND=update).  It is run as root: as user _aide
# (capsh, Debian's default) it can mail only through s-nail, not bsd-mailx.
# aspen: nothing changed since aideinit.
# hazel: overnight an intruder added a cron job and a setuid root shell
#   copy, replaced /usr/sbin/cron, added an account (passwd/shadow/group
#   replaced as useradd does) and removed a file; plus an ordinary conffile
#   edit (/etc/default/aide itself is untouched).
EXTRA_PKGS="$EXTRA_PKGS aide aide-common bsd-mailx"

aide_host() { # HOST ADDR
  local host=$1 w=$WORK/aide-$1
  rm -rf "$w"; mkdir -p "$w"/{lib,log,run,spool}
  cp -a /etc "$w/etc"; cp -a /usr/sbin "$w/sbin"
  printf '127.0.0.1\tlocalhost\n%s\t%s.example.org %s\n' "$2" "$host" "$host" > "$w/etc/hosts"
  echo "$host.example.org" > "$w/etc/mailname"; echo "$host" > "$w/etc/hostname"
  { echo "# aide.conf for the mailgloss corpus: Debian's definitions, /etc and /usr/sbin only"
    grep -v -e '^@@x_include' -e '^@@include' /etc/aide/aide.conf
    printf '%s\n' '!/etc/mtab$' '!/etc/aide/' '/etc Full' '/usr/sbin Full'; } > "$w/etc/aide/aide.conf"
  # (owners and modes as aide-common makes them)
  chown _aide:root "$w/run" "$w/lib"; chown _aide:adm "$w/log"; chmod 700 "$w/run" "$w/lib"; chmod 2755 "$w/log"
  printf '#!/bin/sh\nMAILGLOSS_SPOOL=%s exec %s "$@"\n' "$w/spool" "$LIB/capture-sendmail" > "$w/sendmail"
  chmod 755 "$w/sendmail"
}

aide_ns() { # HOST COMMAND...
  local host=$1 w=$WORK/aide-$1; shift
  "$LIB/in-ns" "$host" "$w/etc:/etc" "$w/sbin:/usr/sbin" "$w/lib:/var/lib/aide" "$w/log:/var/log/aide" \
    "$w/run:/run/aide" "$w/sendmail:/usr/sbin/sendmail" -- "$@"
}

aide_daily() { # HOST NAME
  local w=$WORK/aide-$1
  aide_ns "$1" /usr/share/aide/bin/dailyaidecheck --crondaily > "$w/out.txt" 2>&1 || true
  [ -s "$w/out.txt" ] && say "dailyaidecheck said: $(head -c 300 "$w/out.txt")"
  rm -f "$w/spool/"*.args
  mkdir -p "$MAILGLOSS_SPOOL"; mv "$w/spool/"*.eml "$MAILGLOSS_SPOOL"/ 2>/dev/null || true
  take_mail "$HERE/aide/$2.eml"
}

step_aide() {
  say aide
  aide_host aspen 192.0.2.41
  aide_ns aspen aideinit -y -f > "$WORK/aide-aspen/init.txt" 2>&1 || say "aideinit failed: $(tail -c 300 "$WORK/aide-aspen/init.txt")"
  aide_daily aspen aide-aspen-clean

  local h=$WORK/aide-hazel
  aide_host hazel 198.51.100.17
  aide_ns hazel aideinit -y -f > "$h/init.txt" 2>&1 || say "aideinit failed: $(tail -c 300 "$h/init.txt")"
  sleep 1
  # the admin's edit of the day
  sed -i 's/^#\?MaxAuthTries.*/MaxAuthTries 3/' "$h/etc/ssh/sshd_config" 2>/dev/null || echo 'ClientAliveInterval 300' >> "$h/etc/ssh/ssh_config"
  echo 'Europe/Berlin' > "$h/etc/timezone.new" && mv "$h/etc/timezone.new" "$h/etc/timezone"
  # the intruder's
  printf '*/10 * * * * root /usr/sbin/dbus-helperd >/dev/null 2>&1\n' > "$h/etc/cron.d/dbus-update"
  cp /usr/bin/dash "$h/sbin/dbus-helperd"; chmod 4755 "$h/sbin/dbus-helperd"
  cp "$h/sbin/cron" "$h/sbin/cron.new"; printf '\0/dev/.hdlc\0' >> "$h/sbin/cron.new"; mv "$h/sbin/cron.new" "$h/sbin/cron"
  for f in passwd shadow group; do cp -p "$h/etc/$f" "$h/etc/$f+"; done
  echo 'systemd-bus:x:0:1003::/var/lib/systemd-bus:/bin/bash' >> "$h/etc/passwd+"
  echo 'systemd-bus:$y$j9T$corpus$corpus:20000:0:99999:7:::' >> "$h/etc/shadow+"
  echo 'systemd-bus:x:1003:' >> "$h/etc/group+"
  for f in passwd shadow group; do mv "$h/etc/$f+" "$h/etc/$f"; done
  rm -f "$h/etc/issue.net"
  aide_daily hazel aide-hazel-intrusion
}
