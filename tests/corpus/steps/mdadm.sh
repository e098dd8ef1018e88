# steps/mdadm.sh - "mdadm --monitor" event mails (mdadm 4.2), sourced by ../generate.
#
# The build machine's kernel has no md driver (CONFIG_MD is not set, no
# modules), so the arrays live in a User-Mode Linux kernel (Debian's
# user-mode-linux 6.1, md-mod and raid1/raid456 modules): linux.uml boots
# with the host's file system as root (hostfs) and this step's init script,
# which mounts private proc/sys/dev//run, loads the md modules, builds the
# simulated host's arrays on UML block devices backed by small image files
# (ubdb...), and runs the real mdadm from the host's /usr/sbin, with a private
# mdadm.conf (MAILADDR root) and the capture script bind-mounted over
# /usr/sbin/sendmail inside the UML kernel only.  Disks are failed with
# "mdadm --fail" while "mdadm --monitor" watches, which mails as it would on a
# real machine.  Each mdadm mail is stored as mdadm-HOST-EVENT.eml.
#  birch: RAID 1 md0: --test message, Fail of a disk, then DegradedArray
#         (the daily --oneshot check of a degraded array).
#  cedar: RAID 5 md0 whose mdadm.conf expects a spare: SparesMissing; with a
#         spare added, a disk fails, the rebuild starts, and the spare fails
#         too during the rebuild: Fail, FailSpare.
EXTRA_PKGS="$EXTRA_PKGS mdadm user-mode-linux kmod"

md_uml() { # HOST SCENARIO-SHELL-CODE
  local host=$1 code=$2 d=$WORK/mdadm-$1 i ubd=
  mkdir -p "$d/spool"
  for i in b c d e; do truncate -s 40M "$d/disk-$i.img"; ubd="$ubd ubd$i=$d/disk-$i.img"; done
  printf '#!/bin/sh\nMAILGLOSS_SPOOL=%s exec %s "$@"\n' "$d/spool" "$WORK/capture-sendmail" > "$d/sendmail"
  chmod 755 "$d/sendmail"
  local mods=$(ls -d /usr/lib/uml/modules/*/kernel/drivers/md | head -1)
  cat > "$d/init.sh" <<I
#!/bin/sh
# init of the User-Mode Linux kernel: everything below happens inside it
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C TZ=UTC
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t tmpfs run /run
mount -t devtmpfs dev /dev 2>/dev/null || true
mount --bind $d/sendmail /usr/sbin/sendmail
hostname $host
for m in md-mod raid1 ../../crypto/xor ../../crypto/async_tx/async_tx ../../crypto/async_tx/async_memcpy \
  ../../crypto/async_tx/async_xor ../../crypto/async_tx/async_pq ../../crypto/async_tx/async_raid6_recov \
  ../../lib/raid6/raid6_pq ../../lib/libcrc32c raid456; do
  for f in $mods/\$m.ko $mods/../../\${m#../../}.ko; do [ -e "\$f" ] && { insmod "\$f" 2>/dev/null; break; }; done
done
C=/run/mdadm.conf
md() { mdadm "\$@" 2>&1 | sed 's/^/mdadm: /'; }
monitor_start() { mdadm --monitor --scan --config=\$C --delay=1 >/dev/null 2>&1 & MON=\$!; sleep 2; }
monitor_stop() { sleep 3; kill \$MON; wait \$MON 2>/dev/null; }
set -x
$code
set +x
sync
echo o > /proc/sysrq-trigger
sleep 10
I
  chmod 755 "$d/init.sh"
  timeout 300 linux.uml mem=256M root=/dev/root rootfstype=hostfs rootflags=/ rw $ubd \
    init="$d/init.sh" con0=null,fd:1 con=null > "$d/uml.txt" 2>&1 || say "mdadm: UML exited with $?"
  rm -f "$d/spool/"*.args
  local f ev
  for f in "$d/spool/"*.eml; do
    [ -e "$f" ] || { say "mdadm: no mail on $host (see $d/uml.txt)"; FAILED+=("mdadm/mdadm-$host-*"); break; }
    ev=$(sed -n 's/^Subject: \([A-Za-z]*\) event on .*/\1/p' "$f" | head -1)
    mkdir -p "$MAILGLOSS_SPOOL"; mv "$f" "$MAILGLOSS_SPOOL/"
    take_mail "$HERE/mdadm/mdadm-$host-$(printf '%s' "${ev:-unknown}" | tr 'A-Z' 'a-z').eml"
  done
}

step_mdadm() {
  say "mdadm (arrays in a User-Mode Linux kernel; about 10 s per host)"
  md_uml birch '
md --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 --name=birch:0 /dev/ubdb /dev/ubdc
md --wait /dev/md0
printf "MAILADDR root\nARRAY /dev/md0 metadata=1.2 name=birch:0 UUID=%s\n" $(mdadm --detail --export /dev/md0 | sed -n "s/^MD_UUID=//p") > $C
mdadm --monitor --scan --config=$C --oneshot --test
monitor_start
md /dev/md0 --fail /dev/ubdc
monitor_stop
mdadm --monitor --scan --config=$C --oneshot
cat /proc/mdstat'
  md_uml cedar '
md --create /dev/md0 --run --level=5 --raid-devices=3 --metadata=1.2 --name=cedar:0 /dev/ubdb /dev/ubdc /dev/ubdd
md --wait /dev/md0
printf "MAILADDR root\nARRAY /dev/md0 metadata=1.2 spares=1 name=cedar:0 UUID=%s\n" $(mdadm --detail --export /dev/md0 | sed -n "s/^MD_UUID=//p") > $C
mdadm --monitor --scan --config=$C --oneshot
md /dev/md0 --add /dev/ubde
echo 200 > /proc/sys/dev/raid/speed_limit_max; echo 100 > /proc/sys/dev/raid/speed_limit_min
monitor_start
md /dev/md0 --fail /dev/ubdc
sleep 3
cat /proc/mdstat
md /dev/md0 --fail /dev/ubde
monitor_stop
cat /proc/mdstat'
}
