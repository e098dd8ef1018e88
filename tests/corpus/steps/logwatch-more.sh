# steps/logwatch-more.sh - LogWatch 7.7's amavis, saslauthd, openvpn, samba,
# automount and xntpd services (sourced by tests/corpus/generate; defines
# step_logwatch-more).
#
# Two more simulated hosts, logs written by lib/mklogs-more.py:
#   spruce - Debian 12 mail gateway: postfix + amavisd-new (SpamAssassin,
#            ClamAV), saslauthd, ntpsec; a bad day ("day") and an ordinary
#            one ("quiet").
#   alder  - Debian 11 office server: samba, OpenVPN, autofs, classic ntpd.
# logwatch runs as step_logwatch runs it (--range yesterday, private
# /etc/logwatch, --output mail, capture-sendmail).  The xntpd service script
# exits at once unless an ntpd binary exists; the build machine has none, so
# an empty stand-in /usr/local/sbin/ntpd is bind-mounted inside the namespace.
# logwatch's dpkg service also reads /var/log/dpkg.log whatever --logdir
# says, so the host's (empty) dpkg.log is bind-mounted over it.

# lwm_host HOST SCENARIO: logs and stand-ins in $WORK/lwm-HOST-SCENARIO
lwm_host() {
  local host=$1 scen=$2 d=$WORK/lwm-$1-$2
  [ -d "$d/log" ] && return 0
  mkdir -p "$d/log" "$d/sbin" "$d/etc-logwatch/conf" "$d/lwtmp"
  python3 "$LIB/mklogs-more.py" "$host" "$scen" "$DAY" "$d/log"
  printf '#!/bin/sh\n# ntpd stand-in: only its existence matters to logwatch\nexit 0\n' > "$d/sbin/ntpd"
  chmod 755 "$d/sbin/ntpd"
  { echo '#!/bin/sh'; echo "# df stand-in for $host"; echo "cat <<'T'"
    case $host in
      spruce) printf '%s\n' 'Filesystem      Size  Used Avail Use% Mounted on' \
        '/dev/vda1        19G  6.1G   12G  35% /' '/dev/vdb1        49G   21G   26G  45% /var';;
      alder) printf '%s\n' 'Filesystem      Size  Used Avail Use% Mounted on' \
        '/dev/sda2        57G   14G   40G  26% /' '/dev/sdb1       1.8T  1.2T  551G  69% /srv';;
    esac
    echo T; } > "$d/df"
  chmod 755 "$d/df"
  {
    echo "# private logwatch configuration (bind-mounted over /etc/logwatch)"
    echo "mailer = \"$WORK/capture-sendmail -t\""
    echo "TmpDir = \"$d/lwtmp\""
  } > "$d/etc-logwatch/conf/logwatch.conf"
}

# lwm HOST SCENARIO NAME ARGS...: one logwatch mail
lwm() {
  local host=$1 scen=$2 name=$3; shift 3
  local d=$WORK/lwm-$host-$scen
  lwm_host "$host" "$scen"
  "$LIB/in-ns" "$host" "$d/etc-logwatch:/etc/logwatch" "$d/df:/usr/bin/df" "$d/sbin:/usr/local/sbin" "$d/log/dpkg.log:/var/log/dpkg.log" -- \
    /usr/sbin/logwatch --logdir "$d/log" --range yesterday --output mail "$@" || true
  take_mail "$HERE/logwatch/logwatch-$host-$scen-$name.eml"
}

step_logwatch-more() {
  say "logwatch: amavis, saslauthd, openvpn, samba, automount, xntpd (spruce, alder)"
  lwm spruce day low --detail Low
  lwm spruce day med --detail Med
  lwm spruce day high --detail High
  lwm spruce quiet med --detail Med
  lwm alder day low --detail Low
  lwm alder day med --detail Med
  lwm alder day high --detail High
}
