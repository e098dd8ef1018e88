# steps/apticron.sh - apticron 1.2.5 mails (sourced by tests/corpus/generate).
#
# apticron runs as from its cron entry (/etc/cron.d/apticron: apticron --cron)
# inside a namespace that gives it:
#   * a private dpkg status made by lib/apt-pending.py: the build machine's own
#     pending upgrades are hidden (shown at their candidate versions) and the
#     simulated host's are real Debian versions from before today's ones;
#   * private apt lists (a copy; apticron runs apt-get update), a private
#     /var/cache/apt (apticron downloads the .debs for apt-listchanges),
#     /var/lib/apticron, /etc/apticron/apticron.conf (IPADDRESSES set, so the
#     build machine's addresses stay out) and /etc/hosts (hostname -f);
#   * lib/capture-sendmail over /usr/sbin/sendmail (apticron mails via
#     bsd-mailx, which calls sendmail).
# aspen: three security updates pending (less, libsodium23, libuv1).
# hazel: point-release updates pending (base-files, distro-info-data, sed),
#        base-files on hold (dpkg --set-selections), second mail from a run
#        with DIFF_ONLY after the first.
EXTRA_PKGS="$EXTRA_PKGS apticron apt-listchanges bsd-mailx"

# ac_host HOST ADDRS: private state for HOST in $WORK/apticron-HOST
ac_host() {
  local host=$1 w=$WORK/apticron-$1
  shift 2
  rm -rf "$w"; mkdir -p "$w"/{etc,state,cache/archives/partial,lists,spool}
  /usr/bin/python3 "$LIB/apt-pending.py" "$w/status" "$@"
  cp -a /var/lib/apt/lists/. "$w/lists/"; rm -f "$w/lists/lock"
  printf '127.0.0.1\tlocalhost\n%s\t%s.example.org %s\n' "${ADDR%% *}" "$host" "$host" > "$w/hosts"
  printf '#!/bin/sh\nMAILGLOSS_SPOOL=%s exec %s "$@"\n' "$w/spool" "$LIB/capture-sendmail" > "$w/sendmail"
  chmod 755 "$w/sendmail"
}

# ac_run HOST NAME [CONF-LINE]...: one apticron --cron run, mail to apticron/NAME.eml
ac_run() {
  local host=$1 name=$2 w=$WORK/apticron-$1
  shift 2
  { echo '# private apticron.conf (bind-mounted over /etc/apticron)'
    echo 'EMAIL="root"'
    echo "IPADDRESSES=\"$ADDR\""
    printf '%s\n' "$@"; } > "$w/etc/apticron.conf"
  rm -f "$w/state/cron_run"   # (--cron runs once a day)
  "$LIB/in-ns" "$host" "$w/status:/var/lib/dpkg/status" "$w/etc:/etc/apticron" \
    "$w/state:/var/lib/apticron" "$w/cache:/var/cache/apt" "$w/lists:/var/lib/apt/lists" \
    "$w/hosts:/etc/hosts" "$w/sendmail:/usr/sbin/sendmail" -- \
    env -u LC_ALL LANG=C.UTF-8 /usr/sbin/apticron --cron > "$w/out.txt" 2>&1 || true
  [ -s "$w/out.txt" ] && say "apticron said: $(head -c 300 "$w/out.txt")"
  rm -f "$w/spool/"*.args
  mkdir -p "$MAILGLOSS_SPOOL"; mv "$w/spool/"*.eml "$MAILGLOSS_SPOOL"/ 2>/dev/null || true
  take_mail "$HERE/apticron/$name.eml"
}

step_apticron() {
  say apticron
  ADDR="192.0.2.41 2001:db8:41::1"
  ac_host aspen "$ADDR" --older less=590-2.1~deb12u1 --older libsodium23=1.0.18-1 --older libuv1=1.44.2-1
  ac_run aspen apticron-aspen-security
  ADDR="198.51.100.17"
  ac_host hazel "$ADDR" --keep base-files --keep distro-info-data --keep sed --hold base-files
  ac_run hazel apticron-hazel-point-hold
  # the next day: one more update appeared; DIFF_ONLY reports only that one
  /usr/bin/python3 "$LIB/apt-pending.py" "$WORK/apticron-hazel/status" --keep base-files \
    --keep distro-info-data --keep sed --hold base-files --older less=590-2.1~deb12u1
  ac_run hazel apticron-hazel-diff-only 'DIFF_ONLY="1"'
}
