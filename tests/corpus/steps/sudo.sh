# steps/sudo.sh - sudo's "*** SECURITY information for HOST ***" mails (sudo 1.9.13p3),
# sourced by ../generate.
#
# Real sudo, run by unprivileged users of the simulated host: the namespace
# gets a private /etc/sudoers (Debian's defaults, mail_badpass, plus
# mailerpath = a wrapper of the capture script), private passwd/group/shadow
# with the users, a private /etc/hosts (sudo is built --with-fqdn) and a
# tmpfs over /run/sudo (time stamps).  The users run sudo under script(1), so
# sudo has a terminal (TTY=pts/N) and reads the typed passwords from it with
# -S.  Debian builds sudo --disable-root-mailer: the mailer runs as the user,
# so the capture spool is world-writable.
EXTRA_PKGS="$EXTRA_PKGS sudo"

SUDO_PASS=corpus-sudo-pass

sudo_setup() { # HOST ADDR [TAG DEFAULTS]: private /etc files in $WORK/sudo-TAG (TAG: HOST)
  local host=$1 d=$WORK/sudo-${3:-$1} hash
  mkdir -p "$d/spool" "$d/home"
  chmod 755 "$WORK" "$d" "$d/home"; chmod 1777 "$d/spool"
  hash=$(openssl passwd -6 -salt corpus"$host" "$SUDO_PASS")
  cp /etc/passwd "$d/passwd"; cp /etc/group "$d/group"; cp /etc/shadow "$d/shadow"
  local u uid=2001
  for u in kenji aiko deploy; do
    printf '%s:x:%d:%d:%s,,,:/home/%s:/bin/bash\n' "$u" $uid $uid "$u" "$u" >> "$d/passwd"
    printf '%s:x:%d:\n' "$u" $uid >> "$d/group"
    printf '%s:%s:20000:0:99999:7:::\n' "$u" "$hash" >> "$d/shadow"
    mkdir -p "$d/home/$u"; chown $uid:$uid "$d/home/$u"
    uid=$((uid + 1))
  done
  sed -i 's/^\(sudo:x:27:.*[^:]\)$/\1,aiko/; s/^sudo:x:27:$/sudo:x:27:aiko/' "$d/group"
  chmod 644 "$d/passwd" "$d/group"; chmod 640 "$d/shadow"; chown root:shadow "$d/shadow"
  printf '127.0.0.1\tlocalhost\n%s\t%s.example.com %s\n' "$2" "$host" "$host" > "$d/hosts"
  printf '#!/bin/sh\nMAILGLOSS_SPOOL=%s exec %s "$@"\n' "$d/spool" "$WORK/capture-sendmail" > "$d/sendmail"
  chmod 755 "$d/sendmail" "$WORK/capture-sendmail"
  # Debian 12's /etc/sudoers, without @includedir, and the mailer
  cat > "$d/sudoers" <<S
Defaults	env_reset
Defaults	mail_badpass
Defaults	secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
Defaults	use_pty
Defaults	mailerpath=$d/sendmail
S
  [ "$host" = cedar ] && printf 'Defaults\tmail_no_perms\n' >> "$d/sudoers"
  [ -n "${4:-}" ] && printf 'Defaults\t%s\n' "$4" >> "$d/sudoers"
  cat >> "$d/sudoers" <<'S'
root	ALL=(ALL:ALL) ALL
%sudo	ALL=(ALL:ALL) ALL
deploy	ALL=(root) /usr/bin/systemctl restart nginx, /usr/bin/systemctl reload nginx
S
  chown root:root "$d/sudoers"; chmod 440 "$d/sudoers"
}

# sudo_as HOST[:TAG] USER NAME "LINE|LINE..." COMMAND...: USER types each LINE at
# one of sudo's prompts (paced: sudo flushes the terminal's input before a
# prompt, and pam_unix waits about 2 s after a wrong password)
sudo_as() {
  local host=${1%%:*} user=$2 name=$3 input=$4 d=$WORK/sudo-${1#*:}; shift 4
  rm -f "$d/spool/"*
  "$LIB/in-ns" "$host" "$d/passwd:/etc/passwd" "$d/group:/etc/group" "$d/shadow:/etc/shadow" \
      "$d/hosts:/etc/hosts" "$d/sudoers:/etc/sudoers" "$d/home:/home" -- \
    /bin/bash -c 'mount -t tmpfs -o mode=711 sudo-ts /run/sudo
      cd "/home/$1"
      exec setpriv --reuid="$1" --regid="$1" --init-groups env -i HOME="/home/$1" USER="$1" LOGNAME="$1" \
        PATH=/usr/local/bin:/usr/bin:/bin SHELL=/bin/bash TERM=xterm LANG=C \
        script -qec "$2" /dev/null' sudo-ns "$user" "$*" \
    < <(IFS='|'; for l in $input; do sleep 1; printf '%s\n' "$l"; sleep 2.5; done) > "$d/out-$name.txt" 2>&1 || true
  rm -f "$d/spool/"*.args
  mkdir -p "$MAILGLOSS_SPOOL"; mv "$d/spool/"*.eml "$MAILGLOSS_SPOOL"/ 2>/dev/null || true
  take_mail "$HERE/sudo/sudo-$host-$name.eml"
}

step_sudo() {
  say sudo
  sudo_setup birch 192.0.2.71
  sudo_setup cedar 192.0.2.72
  sudo_setup cedar 192.0.2.72 cedar-all mail_all_cmnds
  # birch: kenji is not in the sudoers file (types his right password first)
  sudo_as birch kenji notinsudoers "$SUDO_PASS" sudo -S cat /etc/shadow
  # birch: aiko (group sudo) mistypes her password three times
  sudo_as birch aiko badpass "wrong1|wrong2|wrong3" sudo -S apt-get upgrade
  # cedar: deploy may only restart nginx, tries a root shell (mail_no_perms)
  sudo_as cedar deploy notallowed "$SUDO_PASS" sudo -S /bin/bash
  # cedar: a deploy script runs sudo -n (no password at hand)
  sudo_as cedar deploy nopassword "" sudo -n /usr/bin/systemctl restart nginx
  # cedar with "Defaults mail_all_cmnds": every command run through sudo is
  # mailed; aiko reads nginx's journal (harmless here: no systemd, no journal)
  sudo_as cedar:cedar-all aiko all-cmnds "$SUDO_PASS" sudo -S journalctl -u nginx --no-pager
}
