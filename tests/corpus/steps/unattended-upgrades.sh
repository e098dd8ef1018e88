# steps/unattended-upgrades.sh - unattended-upgrades 2.9.1 result mails
# (sourced by tests/corpus/generate; step name "unattended-upgrades").
#
# unattended-upgrade mails nothing with --dry-run, so it really installs:
# inside private mount/UTS namespaces it runs chrooted in an overlay of this
# machine's / (upper layer on a private tmpfs, thrown away afterwards), so
# dpkg really unpacks and configures the packages but the real system never
# changes.  The overlay gets a dpkg status from lib/apt-pending.py (the build
# machine's own pending upgrades hidden, older real Debian versions claimed
# for a few security-updated packages), an apt.conf snippet that sets
# Unattended-Upgrade::Mail "root", an /etc/hosts naming the simulated host,
# and lib/capture-sendmail as /usr/sbin/sendmail.  /var/cache/apt is a
# private directory on disk (downloads and apt's caches do not count against
# the tmpfs).  Debian's default origins (Debian-Security) and settings.
# aspen (LANG=C.UTF-8): three security updates installed -> SUCCESS.
# hazel (LANG=ja_JP.UTF-8, locale made inside the overlay with localedef):
#   librsvg2-2 + librsvg2-common pending (bookworm's 2.54.5 claimed), the
#   tmpfs is too small for librsvg2-2's 11 MB -> dpkg fails with "No space
#   left on device"; libuv1 is held (dpkg hold) -> "kept back".
# hazel-en: the same failure with LANG=C.UTF-8.
EXTRA_PKGS="$EXTRA_PKGS unattended-upgrades python3-apt"

# uu_run HOST ADDR NAME LANG TMPFS-SIZE [apt-pending.py ARGS]...
uu_run() {
  local host=$1 addr=$2 name=$3 lang=$4 size=$5 w=$WORK/uu-$3
  shift 5
  rm -rf "$w"; mkdir -p "$w"/{t,m,cache/archives/partial,spool}
  /usr/bin/python3 "$LIB/apt-pending.py" "$w/status" "$@"
  printf '127.0.0.1\tlocalhost\n%s\t%s.example.org %s\n' "$addr" "$host" "$host" > "$w/hosts"
  printf '// mailgloss corpus: mail the result to root\nUnattended-Upgrade::Mail "root";\n' > "$w/52corpus"
  printf '#!/bin/sh\nMAILGLOSS_SPOOL=/var/spool/corpus-capture exec /usr/local/sbin/capture-sendmail "$@"\n' > "$w/sendmail"
  chmod 755 "$w/sendmail"
  unshare --mount --uts --propagation private /bin/bash -c '
    set -e; w=$1; host=$2; lang=$3; size=$4; lib=$5
    hostname "$host"
    mount -t tmpfs -o size="$size" uu-upper "$w/t"
    mkdir "$w/t/u" "$w/t/w"
    mount -t overlay overlay -o lowerdir=/,upperdir="$w/t/u",workdir="$w/t/w" "$w/m"
    m=$w/m
    for x in proc sys dev dev/pts; do mount --rbind "/$x" "$m/$x"; done
    mount --bind "$w/cache" "$m/var/cache/apt"
    mkdir -p "$m/var/spool/corpus-capture"; mount --bind "$w/spool" "$m/var/spool/corpus-capture"
    cp "$lib/capture-sendmail" "$m/usr/local/sbin/capture-sendmail"
    cp "$w/sendmail" "$m/usr/sbin/sendmail"
    cp "$w/status" "$m/var/lib/dpkg/status"
    cp "$w/hosts" "$m/etc/hosts"
    cp "$w/52corpus" "$m/etc/apt/apt.conf.d/52corpus"
    rm -f "$m/run/reboot-required" "$m/var/run/reboot-required"
    if [ "${lang#ja}" != "$lang" ]; then chroot "$m" localedef -i ja_JP -f UTF-8 ja_JP.UTF-8; fi
    [ -n "${UU_DEBUG:-}" ] && df -k "$m" >&2
    exec chroot "$m" env -u LC_ALL LANG="$lang" PATH=/usr/sbin:/usr/bin:/sbin:/bin \
      /usr/bin/unattended-upgrade ${UU_DEBUG:+-d}' uu-ns "$w" "$host" "$lang" "$size" "$LIB" > "$w/out.txt" 2>&1 || true
  [ -s "$w/out.txt" ] && say "unattended-upgrade said: $(tail -c 400 "$w/out.txt")"
  [ -n "${UU_DEBUG:-}" ] && cp "$w/out.txt" "/tmp/uu-debug-$name.txt"
  rm -f "$w/spool/"*.args
  mkdir -p "$MAILGLOSS_SPOOL"; mv "$w/spool/"*.eml "$MAILGLOSS_SPOOL"/ 2>/dev/null || true
  take_mail "$HERE/unattended-upgrades/$name.eml"
}

step_unattended-upgrades() {
  say unattended-upgrades
  uu_run aspen 192.0.2.41 uu-aspen-security-success C.UTF-8 300m \
    --older less=590-2.1~deb12u1 --older libsodium23=1.0.18-1 --older libuv1=1.44.2-1
  local rsvg="--older librsvg2-2=2.54.5+dfsg-1 --older librsvg2-common=2.54.5+dfsg-1"
  uu_run hazel 198.51.100.17 uu-hazel-nospace-held-ja ja_JP.UTF-8 ${UU_SMALL:-14m} \
    $rsvg --older libuv1=1.44.2-1 --hold libuv1
  uu_run hazel 198.51.100.17 uu-hazel-nospace-held-en C.UTF-8 ${UU_SMALL:-14m} \
    $rsvg --older libuv1=1.44.2-1 --hold libuv1
}
