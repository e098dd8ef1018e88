# steps/logwatch-services.sh - LogWatch 7.7 over the services the first
# fixtures do not reach (sourced by tests/corpus/generate; defines
# step_logwatch-services).
#
# Two more simulated hosts, logs written by lib/mklogs-services.py:
#   rowan  - Exim mail server with vsftpd, BIND (primary + secondary),
#            clamav-freshclam and ufw; upgraded from Debian 11, so its
#            rsyslog still writes daemon.log and messages.
#   linden - web + database host on a RAID 1 with smartd, fail2ban, SELinux
#            and a RHEL-style messages file; the LogWatch configuration
#            enables every service (Service = All), so zz-network and zz-sys
#            run too.
# logwatch runs as step_logwatch runs it (--range yesterday, private
# /etc/logwatch, stand-in df, --output mail, capture-sendmail); what the
# service scripts would read from the live machine comes from stand-ins:
# df (Disk Space), mdadm and /etc/mdadm (Mdadm), netstat, ip and sysctl.conf
# (Network Report).  zz-sys reports the build machine's CPU, memory and
# kernel release (there is no stand-in for POSIX::uname).

EXTRA_PKGS="$EXTRA_PKGS mdadm net-tools libsys-cpu-perl libsys-meminfo-perl"

# lws_host HOST: logs and stand-ins in $WORK/lws-HOST
lws_host() {
  local host=$1 d=$WORK/lws-$1
  [ -d "$d/log" ] && return 0
  mkdir -p "$d/log" "$d/bin" "$d/etc-mdadm" "$d/etc-logwatch/conf/services"
  python3 "$LIB/mklogs-services.py" "$host" day "$DAY" "$d/log"
  # --- df
  { echo '#!/bin/sh'; echo "# df stand-in for $host"; echo "cat <<'T'"
    case $host in
      rowan) cat <<'T'
Filesystem      Size  Used Avail Use% Mounted on
/dev/vda1        39G   17G   20G  46% /
/dev/vda15      124M   12M  113M  10% /boot/efi
/dev/vdb1       197G  171G   17G  92% /var/mail
T
      ;;
      linden) cat <<'T'
Filesystem      Size  Used Avail Use% Mounted on
/dev/md0         29G  9.1G   19G  33% /
/dev/md1        3.6T  2.1T  1.4T  61% /srv
T
      ;;
    esac
    echo T; } > "$d/bin/df"
  # --- mdadm (linden: md1 lost sdc1; rowan: no arrays)
  if [ "$host" = linden ]; then
    printf 'HOMEHOST <system>\nMAILADDR root\nARRAY /dev/md0 metadata=1.2 UUID=8e2a7c11:4f0b93d2:6a1e5c77:0d9b3e48 name=linden:0\nARRAY /dev/md1 metadata=1.2 UUID=3f1c2a9e:8b7d4c21:5e6f7a80:91b2c3d4 name=linden:1\n' > "$d/etc-mdadm/mdadm.conf"
  else
    printf 'HOMEHOST <system>\nMAILADDR root\n' > "$d/etc-mdadm/mdadm.conf"
  fi
  cat > "$d/bin/mdadm" <<'M'
#!/bin/sh
# mdadm stand-in: --detail of linden's two RAID 1 arrays
dev=
for a in "$@"; do case $a in /dev/*) dev=$a;; esac; done
case $dev in
/dev/md0) cat <<'D'
/dev/md0:
           Version : 1.2
     Creation Time : Tue Mar  7 10:21:40 2023
        Raid Level : raid1
        Array Size : 31440896 (29.98 GiB 32.20 GB)
     Used Dev Size : 31440896 (29.98 GiB 32.20 GB)
      Raid Devices : 2
     Total Devices : 2
       Persistence : Superblock is persistent

       Update Time : Sat Nov 21 06:25:11 2026
             State : clean 
    Active Devices : 2
   Working Devices : 2
    Failed Devices : 0
     Spare Devices : 0

Consistency Policy : resync

              Name : linden:0  (local to host linden)
              UUID : 8e2a7c11:4f0b93d2:6a1e5c77:0d9b3e48
            Events : 1893

    Number   Major   Minor   RaidDevice State
       0       8        2        0      active sync   /dev/sda2
       1       8       34        1      active sync   /dev/sdc2
D
;;
/dev/md1) cat <<'D'
/dev/md1:
           Version : 1.2
     Creation Time : Tue Mar  7 10:21:44 2023
        Raid Level : raid1
        Array Size : 3906885440 (3.64 TiB 4.00 TB)
     Used Dev Size : 3906885440 (3.64 TiB 4.00 TB)
      Raid Devices : 2
     Total Devices : 2
       Persistence : Superblock is persistent

     Intent Bitmap : Internal

       Update Time : Sat Nov 21 06:25:13 2026
             State : clean, degraded 
    Active Devices : 1
   Working Devices : 1
    Failed Devices : 1
     Spare Devices : 0

Consistency Policy : bitmap

              Name : linden:1  (local to host linden)
              UUID : 3f1c2a9e:8b7d4c21:5e6f7a80:91b2c3d4
            Events : 48211

    Number   Major   Minor   RaidDevice State
       0       8        1        0      active sync   /dev/sda1
       -       0        0        1      removed

       1       8       33        -      faulty   /dev/sdc1
D
;;
*) echo "mdadm: cannot open $dev: No such file or directory" >&2; exit 1;;
esac
M
  # --- zz-network: netstat, ip, sysctl.conf
  cat > "$d/bin/netstat" <<'N'
#!/bin/sh
# netstat stand-in (linden)
case "$*" in
*-l*) cat <<'T'
Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    
tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN      1022/exim4          
tcp        0      0 127.0.0.1:5432          0.0.0.0:*               LISTEN      871/postgres        
tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      604/sshd: /usr/sbin 
tcp6       0      0 :::80                   :::*                    LISTEN      1130/apache2        
tcp6       0      0 :::443                  :::*                    LISTEN      1130/apache2        
tcp6       0      0 :::22                   :::*                    LISTEN      604/sshd: /usr/sbin 
tcp6       0      0 ::1:25                  :::*                    LISTEN      1022/exim4          
udp        0      0 127.0.0.1:323           0.0.0.0:*                           590/chronyd         
udp6       0      0 ::1:323                 :::*                                590/chronyd         
T
;;
*-r*) cat <<'T'
Kernel IP routing table
Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface
0.0.0.0         192.0.2.1       0.0.0.0         UG        0 0          0 eth0
192.0.2.0       0.0.0.0         255.255.255.0   U         0 0          0 eth0
T
;;
esac
N
  cat > "$d/bin/ip" <<'N'
#!/bin/sh
# ip stand-in (linden): ip -s -h a
cat <<'T'
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host noprefixroute 
       valid_lft forever preferred_lft forever
    RX:  bytes packets errors dropped  missed   mcast           
          412k   3.9k      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
          412k   3.9k      0       0       0       0 
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    link/ether 52:54:00:8a:21:80 brd ff:ff:ff:ff:ff:ff
    altname enp1s0
    inet 192.0.2.80/24 brd 192.0.2.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 2001:db8:80::80/64 scope global 
       valid_lft forever preferred_lft forever
    inet6 fe80::5054:ff:fe8a:2180/64 scope link 
       valid_lft forever preferred_lft forever
    RX:  bytes packets errors dropped  missed   mcast           
         48.1G  61.2M      0    1.2k       0   10.3k 
    TX:  bytes packets errors dropped carrier collsns           
         97.3G  70.8M      0       0       0       0 
T
N
  printf '#\n# /etc/sysctl.conf - Configuration file for setting system variables\n#net.ipv4.ip_forward=1\nkernel.printk = 3 4 1 3\n' > "$d/sysctl.conf"
  chmod 755 "$d/bin/"*
  cat > "$d/etc-logwatch/conf/services/zz-network.conf" <<C
\$pathto_ip = "$d/bin/ip"
\$pathto_sysctl_conf = "$d/sysctl.conf"
C
}

# lws HOST NAME ARGS...: one logwatch mail of HOST's day
lws() {
  local host=$1 name=$2; shift 2
  local d=$WORK/lws-$host
  lws_host "$host"
  mkdir -p "$d/lwtmp"
  {
    echo "# private logwatch configuration (bind-mounted over /etc/logwatch)"
    echo "mailer = \"$WORK/capture-sendmail -t\""
    echo "TmpDir = \"$d/lwtmp\""
    if [ "$host" = linden ]; then
      # the admin enabled every service, including zz-network and zz-sys
      echo 'Service = ""'
      echo 'Service = All'
      echo 'Service = "-eximstats"'
    fi
  } > "$d/etc-logwatch/conf/logwatch.conf"
  "$LIB/in-ns" "$host" "$d/etc-logwatch:/etc/logwatch" "$d/bin/df:/usr/bin/df" "$d/etc-mdadm:/etc/mdadm" -- \
    env PATH="$d/bin:$PATH" /usr/sbin/logwatch --logdir "$d/log" --range yesterday --output mail "$@" || true
  take_mail "$HERE/logwatch/logwatch-$host-day-$name.eml"
}

step_logwatch-services() {
  say "logwatch: more services (rowan, linden)"
  lws rowan low --detail Low
  lws rowan med --detail Med
  lws rowan high --detail High
  lws linden med --detail Med
  lws linden high --detail High
}
