# steps/exim-paniclog.sh - Debian exim4-base's daily paniclog alert
# (sourced by tests/corpus/generate; step name "exim-paniclog").
#
# The mail comes from /etc/cron.daily/exim4-base of exim4-base 4.96-15+deb12u*
# (taken with apt-get download + dpkg-deb -x, not installed: this machine has
# postfix, and exim4-daemon-* cannot be installed beside it).  The script runs
# chrooted in an overlay of this machine's / (upper layer on a private tmpfs,
# thrown away), inside private mount/UTS namespaces, where:
#   * /usr/sbin/exim4 and /usr/lib/exim4/exim4 are a stand-in: "-bP
#     spool_directory" and "-be ${primary_hostname}" answer as exim would
#     (Debian's spool directory, the host's FQDN); anything else is the
#     script's "exim4 root" delivery and goes to lib/capture-sendmail;
#   * /var/log/exim4/paniclog holds panic lines worded as exim 4.96 writes
#     them (format strings of /usr/sbin/exim4 from exim4-daemon-light);
#   * logger finds no syslog socket (the script then says "ALERT: could not
#     syslog" on stderr, which is not part of the mail).
# aspen: exim cannot bind port 25 on ::1 (no IPv6 loopback) at each start,
#   and "exim user lost privilege for using -C option".
# hazel: 14 lines (the mail quotes the last 10): mainlog not writable after
#   a wrong chown, a router condition that fails to expand, a fork failure.
EXTRA_PKGS="$EXTRA_PKGS"

ep_run() { # HOST ADDR NAME PANICLOG-FILE
  local host=$1 addr=$2 name=$3 w=$WORK/ep-$3
  rm -rf "$w"; mkdir -p "$w"/{t,m,deb,spool}
  ( cd "$w/deb" && apt-get download -q exim4-base >/dev/null 2>&1 ) || { say "FAILED: apt-get download exim4-base"; FAILED+=("exim-paniclog/$name.eml"); return 0; }
  dpkg-deb -x "$w/deb/"exim4-base_*.deb "$w/deb/x"
  printf '127.0.0.1\tlocalhost\n%s\t%s.example.org %s\n' "$addr" "$host" "$host" > "$w/hosts"
  cat > "$w/exim4" <<'S'
#!/bin/sh
# stand-in for exim4 (mailgloss corpus): queries answered, mail captured
case "$1" in
  -bP) [ "$2" = spool_directory ] && echo "spool_directory = /var/spool/exim4"; exit 0 ;;
  -be) hostname -f; exit 0 ;;
esac
MAILGLOSS_SPOOL=/var/spool/corpus-capture exec /usr/local/sbin/capture-sendmail "$@"
S
  chmod 755 "$w/exim4"
  cp "$4" "$w/paniclog"
  unshare --mount --uts --propagation private /bin/bash -c '
    set -e; w=$1; host=$2; lib=$3
    hostname "$host"
    mount -t tmpfs -o size=64m ep-upper "$w/t"
    mkdir "$w/t/u" "$w/t/w"
    mount -t overlay overlay -o lowerdir=/,upperdir="$w/t/u",workdir="$w/t/w" "$w/m"
    m=$w/m
    for x in proc sys dev; do mount --rbind "/$x" "$m/$x"; done
    mkdir -p "$m/var/spool/corpus-capture"; mount --bind "$w/spool" "$m/var/spool/corpus-capture"
    cp "$lib/capture-sendmail" "$m/usr/local/sbin/capture-sendmail"
    mkdir -p "$m/usr/lib/exim4" "$m/var/log/exim4" "$m/var/spool/exim4/db" "$m/etc/cron.daily"
    cp "$w/exim4" "$m/usr/lib/exim4/exim4"; cp "$w/exim4" "$m/usr/sbin/exim4"
    cp "$w/deb/x/etc/cron.daily/exim4-base" "$m/etc/cron.daily/exim4-base"
    rm -f "$m/etc/default/exim4" "$m/usr/sbin/exim_tidydb"
    cp "$w/paniclog" "$m/var/log/exim4/paniclog"
    cp "$w/hosts" "$m/etc/hosts"
    exec chroot "$m" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 SHELL=/bin/sh \
      /bin/sh /etc/cron.daily/exim4-base' ep-ns "$w" "$host" "$LIB" > "$w/out.txt" 2>&1 || true
  rm -f "$w/spool/"*.args
  mkdir -p "$MAILGLOSS_SPOOL"; mv "$w/spool/"*.eml "$MAILGLOSS_SPOOL"/ 2>/dev/null || true
  take_mail "$HERE/exim-paniclog/$name.eml"
}

step_exim-paniclog() {
  say exim-paniclog
  local d1 d2 p=$WORK/paniclog-aspen
  d1=$(date -d '3 days ago' +%F); d2=$(date -d yesterday +%F)
  { echo "$d1 04:12:07 socket bind() to port 25 for address ::1 failed: Cannot assign requested address: daemon abandoned"
    echo "$d1 04:17:31 exim user lost privilege for using -C option"
    echo "$d2 02:00:44 socket bind() to port 25 for address ::1 failed: Cannot assign requested address: daemon abandoned"
    echo "$d2 06:25:02 socket bind() to port 25 for address ::1 failed: Cannot assign requested address: daemon abandoned"
  } > "$p"
  ep_run aspen 192.0.2.41 exim-paniclog-aspen-ipv6-bind "$p"
  p=$WORK/paniclog-hazel
  { for t in 01:14:09 01:14:10 01:44:31 02:14:55 02:45:02 03:15:40; do
      echo "$d2 $t Cannot open main log file \"/var/log/exim4/mainlog\": Permission denied: euid=104 egid=111"; done
    echo "$d2 03:20:12 1vQx3b-0007Rk-2C failed to expand condition \"\${if eq{\$sender_adress}{}{no}{yes}}\" for smarthost router: unknown variable name \"sender_adress\""
    echo "$d2 03:20:12 1vQx3b-0007Rk-2C Cannot open main log file \"/var/log/exim4/mainlog\": Permission denied: euid=104 egid=111"
    echo "$d2 03:50:40 1vQxWy-0007Sa-0D failed to expand condition \"\${if eq{\$sender_adress}{}{no}{yes}}\" for smarthost router: unknown variable name \"sender_adress\""
    echo "$d2 03:50:40 1vQxWy-0007Sa-0D Cannot open main log file \"/var/log/exim4/mainlog\": Permission denied: euid=104 egid=111"
    echo "$d2 04:21:17 daemon: fork of queue-runner process failed: Resource temporarily unavailable"
    echo "$d2 04:21:17 Cannot open main log file \"/var/log/exim4/mainlog\": Permission denied: euid=104 egid=111"
    echo "$d2 04:51:33 daemon: fork of queue-runner process failed: Resource temporarily unavailable"
    echo "$d2 04:51:33 Cannot open main log file \"/var/log/exim4/mainlog\": Permission denied: euid=104 egid=111"
  } > "$p"
  ep_run hazel 198.51.100.17 exim-paniclog-hazel-mainlog-expand "$p"
}
