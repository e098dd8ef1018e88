# steps/anacron.sh - anacron's "Anacron job 'cron.daily' on HOST" mails (anacron 2.3),
# sourced by ../generate.
#
# Real anacron, forced to run its jobs now (-f -n, serialised -s, in the
# foreground -d) from a private anacrontab (Debian's, cron.daily only) and
# spool (-t, -S), in a namespace whose host name is the simulated host and
# whose /etc/cron.daily, /var/log, /var/lib/logrotate, /var/backups,
# /etc/logrotate.d and /usr/sbin/sendmail are private.  cron.daily holds
# Debian's own /etc/cron.daily/logrotate (real logrotate 3.21 over private
# logs that give it something to complain about) and, on cedar, an admin's
# backup script using tar.
#  birch: /var/log/webapp is world-writable, so logrotate refuses to rotate
#         there and exits 1 (run-parts reports the return code).
#  cedar: two logrotate.d files name the same nginx log (a copy an admin
#         left behind), and the backup script's tar warns as tar does.
EXTRA_PKGS="$EXTRA_PKGS anacron logrotate"

ana() { # HOST
  local host=$1 d=$WORK/anacron-$1 f
  mkdir -p "$d"/{cron.daily,spool,varlog,lib-logrotate,backups,logrotate.d,mspool}
  cp /etc/cron.daily/logrotate "$d/cron.daily/logrotate"
  # a fixed set of Debian's logrotate.d files (the build machine may have more)
  for f in alternatives apt btmp dpkg wtmp; do
    [ -e /etc/logrotate.d/$f ] && cp /etc/logrotate.d/$f "$d/logrotate.d/"
  done
  mkdir -p "$d/varlog/apt"
  printf 'Start-Date: %s  06:25:01\nCommandline: apt-get -y upgrade\nEnd-Date: %s  06:25:09\n' "$DAY" "$DAY" > "$d/varlog/apt/history.log"
  : > "$d/varlog/dpkg.log"; : > "$d/varlog/alternatives.log"; : > "$d/varlog/wtmp"; : > "$d/varlog/btmp"
  case $host in
  birch)
    mkdir -p "$d/varlog/webapp"; chmod 777 "$d/varlog/webapp"
    for f in app.log access.log; do seq 1 200 | sed 's/^/request /' > "$d/varlog/webapp/$f"; done
    cat > "$d/logrotate.d/webapp" <<'C'
/var/log/webapp/*.log {
	daily
	rotate 14
	compress
	delaycompress
	missingok
	notifempty
}
C
    ;;
  cedar)
    mkdir -p "$d/varlog/nginx"
    for f in access.log error.log; do seq 1 50 | sed 's/^/line /' > "$d/varlog/nginx/$f"; done
    cat > "$d/logrotate.d/nginx" <<'C'
/var/log/nginx/*.log {
	daily
	missingok
	rotate 14
	compress
	delaycompress
	notifempty
	create 0640 www-data adm
	sharedscripts
}
C
    # an admin's older copy, for the error log only
    cat > "$d/logrotate.d/nginx-errors" <<'C'
/var/log/nginx/error.log {
	weekly
	rotate 52
	compress
}
C
    cat > "$d/cron.daily/00backup-etc" <<'J'
#!/bin/sh
# local job: keep a copy of /etc
tar -czf /var/backups/etc-$(date +%a).tar.gz /etc/default /etc/logrotate.d /etc/cron.daily
J
    chmod 755 "$d/cron.daily/00backup-etc"
    ;;
  esac
  # Debian's /etc/anacrontab, cron.daily only
  cat > "$d/anacrontab" <<'T'
# /etc/anacrontab: configuration file for anacron

# See anacron(8) and anacrontab(5) for details.

SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin
HOME=/root
LOGNAME=root

# These replace cron's entries
1	5	cron.daily	run-parts --report /etc/cron.daily
T
  printf '#!/bin/sh\nMAILGLOSS_SPOOL=%s exec %s "$@"\n' "$d/mspool" "$WORK/capture-sendmail" > "$d/sendmail"
  chmod 755 "$d/sendmail"
  "$LIB/in-ns" "$host" "$d/cron.daily:/etc/cron.daily" "$d/varlog:/var/log" "$d/lib-logrotate:/var/lib/logrotate" \
      "$d/backups:/var/backups" "$d/logrotate.d:/etc/logrotate.d" "$d/sendmail:/usr/sbin/sendmail" -- \
    /usr/sbin/anacron -d -f -n -s -t "$d/anacrontab" -S "$d/spool" > "$d/out.txt" 2>&1 || say "anacron: $(tail -3 "$d/out.txt")"
  rm -f "$d/mspool/"*.args
  mkdir -p "$MAILGLOSS_SPOOL"; mv "$d/mspool/"*.eml "$MAILGLOSS_SPOOL"/ 2>/dev/null || true
  take_mail "$HERE/anacron/anacron-daily-$host.eml"
}

step_anacron() {
  say "anacron (cron.daily forced now from a private anacrontab)"
  ana birch
  ana cedar
}
