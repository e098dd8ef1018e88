# steps/smartd.sh - smartd warning mails (smartmontools 7.3), sourced by ../generate.
#
# This machine has no disk that speaks SMART (a virtio disk), so smartd itself
# cannot be made to notice anything.  What smartd does when it decides to
# warn is to run /usr/share/smartmontools/smartd_warning.sh with SMARTD_*
# variables in the environment; Debian's /etc/smartd.conf has
# "-m root -M exec /usr/share/smartmontools/smartd-runner", so the script
# execs smartd-runner, which runs run-parts over /etc/smartmontools/run.d,
# whose 10mail calls /usr/bin/mail (bsd-mailx), which calls sendmail.  This
# step runs that whole real chain with the environment smartd 7.3 sets
# (variable names from smartd's MailWarning(); the messages are smartd's own
# printf formats, see `strings /usr/sbin/smartd | grep 'Device: %s'`), in a
# namespace whose host name and /etc/hosts are the simulated host's and whose
# /usr/sbin/sendmail is the capture script.
EXTRA_PKGS="$EXTRA_PKGS smartmontools bsd-mailx"

# sm HOST NAME FAILTYPE DEVICE DEVTYPE MESSAGE DEVICEINFO [PREVCNT NEXTDAYS]
sm() {
  local host=$1 name=$2 d=$WORK/smartd-$1
  mkdir -p "$d"
  printf '127.0.0.1\tlocalhost\n%s\t%s.example.com %s\n' "$( [ "$host" = birch ] && echo 192.0.2.71 || echo 192.0.2.72)" "$host" "$host" > "$d/hosts"
  local first_epoch=$(date -d "yesterday 03:12:45" +%s)
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C TZ=UTC MAILGLOSS_SPOOL="$MAILGLOSS_SPOOL" \
    SMARTD_MAILER=/usr/share/smartmontools/smartd-runner \
    SMARTD_ADDRESS=root \
    SMARTD_FAILTYPE="$3" \
    SMARTD_DEVICE="$4" \
    SMARTD_DEVICETYPE="$5" \
    SMARTD_DEVICESTRING="$4 [${5^^}]" \
    SMARTD_MESSAGE="$6" \
    SMARTD_DEVICEINFO="$7" \
    SMARTD_TFIRST="$(date -d @"$first_epoch" '+%a %b %d %H:%M:%S %Y %Z')" \
    SMARTD_TFIRSTEPOCH="$first_epoch" \
    SMARTD_PREVCNT="${8:-0}" \
    ${9:+SMARTD_NEXTDAYS=$9} \
    "$LIB/in-ns" "$host" "$d/hosts:/etc/hosts" "$WORK/capture-sendmail:/usr/sbin/sendmail" -- \
      /usr/share/smartmontools/smartd_warning.sh > "$d/out.txt" 2>&1 || say "smartd_warning.sh failed: $(cat "$d/out.txt")"
  rm -f "$MAILGLOSS_SPOOL"/*.args
  take_mail "$HERE/smartd/smartd-$host-$name.eml"
}

step_smartd() {
  say "smartd (smartd_warning.sh -> smartd-runner -> run.d/10mail -> mail)"
  local wd='WDC WD40EFRX-68N32N0, S/N:WD-WCC7K3PL0512, WWN:5-0014ee-2b8f0e2f1, FW:82.00A82, 4.00 TB'
  local st='ST2000DM008-2FR102, S/N:ZFL5XK2R, WWN:5-000c50-0c8a1b3c4, FW:0001, 2.00 TB'
  local sams='Samsung SSD 870 EVO 500GB, S/N:S6PWNX0T412345A, WWN:5-002538-f41234567, FW:SVT02B6Q, 500 GB'
  # birch: the second disk of a RAID 1 starts losing sectors (first mail, -M once)
  sm birch pending CurrentPendingSector /dev/sdb sat \
    'Device: /dev/sdb [SAT], 8 Currently unreadable (pending) sectors' "$wd"
  # ... and its next self-test fails; repeated daily (-M daily), 2nd mail
  sm birch selftest SelfTest /dev/sdb sat \
    'Device: /dev/sdb [SAT], Self-Test Log error count increased from 0 to 1' "$wd" 1 1
  # cedar: a desktop-class disk that fails its health check
  sm cedar health FailedHealthCheck /dev/sda sat \
    'Device: /dev/sda [SAT], FAILED SMART self-check. BACK UP DATA NOW!' "$st"
  # cedar: the SSD runs hot (-W 4,45,55: only the critical limit is mailed)
  sm cedar temperature Temperature /dev/sdc sat \
    'Device: /dev/sdc [SAT], Temperature 57 Celsius reached critical limit of 55 Celsius (Min/Max 31/57)' "$sams"
  # cedar: the test mail of "-M test" at smartd's start
  sm cedar test EmailTest /dev/sdc sat \
    'TEST EMAIL from smartd for device: /dev/sdc [SAT]' "$sams"
}
