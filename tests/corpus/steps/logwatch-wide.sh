# steps/logwatch-wide.sh - LogWatch 7.7 over the many row formats of the
# services every Debian server has (sourced by tests/corpus/generate;
# defines step_logwatch-wide).
#
# One more simulated host, logs written by lib/mklogs-wide.py:
#   willow - Debian 12 general-purpose server open to the Internet: sshd,
#            postfix with dovecot, sudo users, systemd services, cron and
#            dpkg; Debian 12's rsyslog files plus a messages file in the
#            RHEL habit (LogWatch's Systemd service reads only messages).
#            The day is built to make sshd, postfix, dovecot, pam_unix,
#            sudo, kernel, systemd, cron and dpkg print as many of their
#            headings and row formats as a real server shows.
# logwatch runs as step_logwatch runs it (--range yesterday, private
# /etc/logwatch, stand-in df, --output mail, capture-sendmail).

# lww_host HOST: logs and stand-ins in $WORK/lww-HOST
lww_host() {
  local host=$1 d=$WORK/lww-$1
  [ -d "$d/log" ] && return 0
  mkdir -p "$d/log" "$d/bin" "$d/etc-logwatch/conf"
  python3 "$LIB/mklogs-wide.py" "$host" day "$DAY" "$d/log"
  { echo '#!/bin/sh'; echo "# df stand-in for $host"; echo "cat <<'T'"
    cat <<'T'
Filesystem      Size  Used Avail Use% Mounted on
/dev/nvme0n1p2   94G   41G   49G  46% /
/dev/nvme0n1p1  511M  5.9M  506M   2% /boot/efi
/dev/sdb1       916G  622G  248G  72% /srv
T
    echo T; } > "$d/bin/df"
  chmod 755 "$d/bin/df"
}

# lww HOST NAME ARGS...: one logwatch mail of HOST's day
lww() {
  local host=$1 name=$2; shift 2
  local d=$WORK/lww-$host
  lww_host "$host"
  mkdir -p "$d/lwtmp"
  {
    echo "# private logwatch configuration (bind-mounted over /etc/logwatch)"
    echo "mailer = \"$WORK/capture-sendmail -t\""
    echo "TmpDir = \"$d/lwtmp\""
    # read only the simulated logs: logwatch otherwise also reads the build
    # machine's own /var/log (its dpkg.log showed up in the first draft)
    echo "AppendVarLogToLogDirs = 0"
    echo "AppendVarAdmToLogDirs = 0"
  } > "$d/etc-logwatch/conf/logwatch.conf"
  "$LIB/in-ns" "$host" "$d/etc-logwatch:/etc/logwatch" "$d/bin/df:/usr/bin/df" -- \
    env PATH="$d/bin:$PATH" /usr/sbin/logwatch --logdir "$d/log" --range yesterday --output mail "$@" || true
  take_mail "$HERE/logwatch/logwatch-$host-day-$name.eml"
}

step_logwatch-wide() {
  say "logwatch: wide service formats (willow)"
  lww willow med --detail Med
  lww willow high --detail High
}
