#!/usr/bin/env python3
"""mklogs-services.py - synthetic /var/log trees for the LogWatch service breadth corpus.

usage: mklogs-services.py HOST SCENARIO DAY OUTDIR
  HOST      rowan | linden
  SCENARIO  day
  DAY       YYYY-MM-DD (the day the logs describe; logwatch runs with --range yesterday)
  OUTDIR    directory that plays /var/log

rowan  (192.0.2.70, rowan.example.org): Exim 4.96 mail server with vsftpd,
       BIND 9 (primary for example.org, secondary for example.net), ClamAV's
       freshclam and ufw.  Upgraded from Debian 11: its rsyslog.conf still
       writes daemon.log and messages (*.=info;*.=notice;*.=warn without
       auth, cron, daemon, mail).
linden (192.0.2.80, linden.example.net): web and database host with a RAID 1
       (md1 on sda1+sdc1), smartd, fail2ban, SELinux (auditd) and an admin
       who copied a RHEL-style messages line (*.info;mail.none;auth,
       authpriv.none;cron.none).

Syslog lines are routed to files by facility and severity the way those
rsyslog configurations do; Exim, vsftpd, freshclam, fail2ban and dpkg write
their own files in their own formats.  Everything is deterministic (seeded
by host+scenario; only the dates follow DAY).  Addresses are from RFC 5737
and 2001:db8::/32, names from example.org / example.net / example.com.
"""
import datetime
import sys

from mklogs_base import Host

HOST, SCEN, DAY, OUT = sys.argv[1:5]
H = Host("services/%s/%s" % (HOST, SCEN), DAY, HOST, first_pid=3000, uptime=3_100_000.0)
R, D0, FILES, PID, UP = H.R, H.D0, H.FILES, H.PID, H.UP
pid, at, sec, raw, sysl, kern = H.pid, H.at, H.sec, H.raw, H.sysl, H.kern


# ------------------------------------------------------------ syslog routing
def route(fac, sev):
    """files an rsyslog rule set writes a FACILITY.SEVERITY message to."""
    files = []
    if fac in ("auth", "authpriv"):
        files.append("auth.log")
    else:
        files.append("syslog")
    if fac == "daemon":
        files.append("daemon.log")
    if fac == "kern":
        files.append("kern.log")
    if fac == "mail":
        files.append("mail.log")
    if fac == "user":
        files.append("user.log")
    info_up = sev in ("emerg", "alert", "crit", "err", "warning", "notice", "info")
    if HOST == "rowan":
        # Debian 11: *.=info;*.=notice;*.=warn;auth,authpriv.none;cron,daemon.none;mail,news.none
        if sev in ("info", "notice", "warning") and fac not in ("auth", "authpriv", "cron", "daemon", "mail", "news"):
            files.append("messages")
    else:
        # RHEL habit: *.info;mail.none;auth,authpriv.none;cron.none
        if info_up and fac not in ("auth", "authpriv", "cron", "mail"):
            files.append("messages")
    return files
H.route = route

# ------------------------------------------------------------ common
def cron_day(extra=()):
    for h in range(24):
        t = at(h, 17, R.randint(0, 3))
        p = pid()
        sysl("authpriv", "info", t, "CRON[%d]" % p, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
        sysl("cron", "info", t, "CRON[%d]" % p, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)")
        sysl("authpriv", "info", t + sec(1), "CRON[%d]" % p, "pam_unix(cron:session): session closed for user root")
    sysl("cron", "info", at(6, 25, 1), "CRON[%d]" % pid(), "(root) CMD (test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; })")
    for args in extra:
        args()
    sysl("daemon", "info", at(0, 0, 2), "systemd[1]", "Starting logrotate.service - Rotate log files...")
    sysl("daemon", "info", at(0, 0, 3), "systemd[1]", "logrotate.service: Deactivated successfully.")
    sysl("daemon", "info", at(0, 0, 3), "systemd[1]", "Finished logrotate.service - Rotate log files.")
    sysl("syslog", "info", at(0, 0, 4), "rsyslogd[%d]" % 498, "[origin software=\"rsyslogd\" swVersion=\"8.2302.0\" x-pid=\"498\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed")
    sysl("daemon", "info", at(3, 10, 0), "systemd[1]", "Starting man-db.service - Daily man-db regeneration...")
    sysl("daemon", "info", at(3, 10, 4), "systemd[1]", "man-db.service: Deactivated successfully.")
    sysl("daemon", "info", at(3, 10, 4), "systemd[1]", "Finished man-db.service - Daily man-db regeneration.")
    sysl("daemon", "info", at(6, 4, 0), "systemd[1]", "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities...")
    sysl("daemon", "info", at(6, 4, 9), "systemd[1]", "apt-daily-upgrade.service: Deactivated successfully.")
    sysl("daemon", "info", at(6, 4, 9), "systemd[1]", "Finished apt-daily-upgrade.service - Daily apt upgrade and clean activities.")
    sysl("daemon", "info", at(0, 30, 0), "systemd[1]", "Starting systemd-tmpfiles-clean.service - Cleanup of Temporary Directories...")
    sysl("daemon", "info", at(0, 30, 0), "systemd[1]", "systemd-tmpfiles-clean.service: Deactivated successfully.")
    sysl("daemon", "info", at(0, 30, 0), "systemd[1]", "Finished systemd-tmpfiles-clean.service - Cleanup of Temporary Directories.")


def ssh_login(t, user, uid, src, method="publickey", dur=1800):
    p = pid()
    port = R.randint(40000, 60000)
    if method == "publickey":
        sysl("auth", "info", t, "sshd[%d]" % p, "Accepted publickey for %s from %s port %d ssh2: ED25519 SHA256:Vb0rTq3oQm1pX9nJ2cLk7fYwZs4eHd6uAi8gPt5rNxE" % (user, src, port))
    else:
        sysl("auth", "info", t, "sshd[%d]" % p, "Accepted password for %s from %s port %d ssh2" % (user, src, port))
    sysl("auth", "info", t, "sshd[%d]" % p, "pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)" % (user, uid))
    sysl("auth", "info", t + sec(1), "systemd-logind[411]", "New session %d of user %s." % (R.randint(10, 99), user))
    e = t + sec(dur)
    sysl("auth", "info", e, "sshd[%d]" % p, "Received disconnect from %s port %d:11: disconnected by user" % (src, port))
    sysl("auth", "info", e, "sshd[%d]" % p, "Disconnected from user %s %s port %d" % (user, src, port))
    sysl("auth", "info", e, "sshd[%d]" % p, "pam_unix(sshd:session): session closed for user %s" % user)


def su_root(t, user, uid):
    p = pid()
    sysl("auth", "notice", t, "su[%d]" % p, "(to root) %s on pts/0" % user)
    sysl("authpriv", "info", t, "su[%d]" % p, "pam_unix(su-l:session): session opened for user root(uid=0) by %s(uid=%d)" % (user, uid))
    sysl("authpriv", "info", t + sec(600), "su[%d]" % p, "pam_unix(su-l:session): session closed for user root")


def dpkg_upgrade(t, pkgs):
    """dpkg.log of an 'apt-get upgrade' of PKGS [(name, arch, old, new)]."""
    d = H.dpkg
    d(t, "startup archives unpack")
    for n, a, old, new in pkgs:
        t += sec(1)
        d(t, "upgrade %s:%s %s %s" % (n, a, old, new))
        d(t, "status half-configured %s:%s %s" % (n, a, old))
        d(t, "status unpacked %s:%s %s" % (n, a, old))
        d(t, "status half-installed %s:%s %s" % (n, a, old))
        d(t, "status unpacked %s:%s %s" % (n, a, new))
    t += sec(2)
    d(t, "startup packages configure")
    for n, a, old, new in pkgs:
        t += sec(1)
        d(t, "configure %s:%s %s <none>" % (n, a, new))
        d(t, "status unpacked %s:%s %s" % (n, a, new))
        d(t, "status half-configured %s:%s %s" % (n, a, new))
        d(t, "status installed %s:%s %s" % (n, a, new))
    t += sec(1)
    d(t, "trigproc man-db:amd64 2.11.2-2 <none>")
    d(t, "status half-configured man-db:amd64 2.11.2-2")
    d(t, "status installed man-db:amd64 2.11.2-2")
    return t


# ============================================================ rowan
def exim_stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


EXIM_SEQ = [0]


def msgid(t):
    # Exim 4.96 ids: base-62 time, pid, fraction
    a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    EXIM_SEQ[0] += 1
    n = int((t - D0).total_seconds()) + 1_763_500_000
    s = ""
    for _ in range(6):
        s = a[n % 62] + s
        n //= 62
    return "%s-%06s-%s" % (s, ("%X" % (0x1000 + EXIM_SEQ[0] * 97)).rjust(6, "0"), a[EXIM_SEQ[0] % 62] + a[(EXIM_SEQ[0] * 7) % 62])


def ex(t, msg):
    raw("exim4/mainlog", t, "%s %s" % (exim_stamp(t), msg))


def exim_day():
    I = "I=[192.0.2.70]:25"
    ex(at(0, 0, 1), "exim 4.96 daemon started: pid=812, -q30m, listening for SMTP on [127.0.0.1]:25 [::1]:25 [192.0.2.70]:25 [192.0.2.70]:587 [2001:db8:70::25]:25")
    # a reload after logrotate: SIGHUP
    ex(at(0, 0, 5), "pid 812: SIGHUP received: re-exec daemon")
    ex(at(0, 0, 5), "exim 4.96 daemon started: pid=812, -q30m, listening for SMTP on [127.0.0.1]:25 [::1]:25 [192.0.2.70]:25 [192.0.2.70]:587 [2001:db8:70::25]:25")
    for h in range(24):
        for m in (0, 30):
            t = at(h, m, 1)
            p = 20000 + h * 60 + m
            ex(t, "Start queue run: pid=%d" % p)
            ex(t + sec(2), "End queue run: pid=%d" % p)
    senders = [("mail.example.net", "198.51.100.25"), ("mx2.example.com", "198.51.100.31"),
               ("relay.example.org", "192.0.2.40")]
    users = ["alice", "bob", "carmen", "dmitri", "info"]
    for i in range(48):
        t = at(R.randint(6, 22))
        host, ip = R.choice(senders)
        mid = msgid(t)
        u = R.choice(users)
        ex(t, "%s <= news%d@%s H=%s [%s]:%d %s P=esmtps X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no S=%d id=%08x.%d@%s" % (
            mid, i % 4, host.split(".", 1)[1], host, ip, R.randint(30000, 60000), I, R.randint(2000, 90000), R.getrandbits(32), i, host))
        ex(t, "%s => %s <%s@rowan.example.org> R=local_user T=maildir_home" % (mid, u, u))
        ex(t, "%s Completed" % mid)
    for i in range(14):
        t = at(R.randint(8, 19))
        mid = msgid(t)
        u = R.choice(["alice", "bob"])
        ex(t, "%s <= %s@rowan.example.org H=(client) [192.0.2.%d]:%d I=[192.0.2.70]:587 P=esmtpsa X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no A=dovecot_plain:%s S=%d id=%08x@rowan.example.org" % (
            mid, u, R.randint(10, 30), R.randint(40000, 60000), u, R.randint(1500, 40000), R.getrandbits(32)))
        ex(t + sec(1), "%s => contact@example.net R=dnslookup T=remote_smtp H=mail.example.net [198.51.100.25] X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=yes K C=\"250 2.0.0 Ok: queued as 4Y7kQw0Zz1z9s\"" % mid)
        ex(t + sec(1), "%s Completed" % mid)
    # refused relays and verification failures (spam background)
    for i in range(16):
        t = at(R.randint(0, 23))
        ip = "203.0.113.%d" % (200 + i % 4)
        ex(t, "H=(WIN-3K2LQ0) [%s]:%d %s F=<spam%d@example.com> rejected RCPT <victim%d@example.net>: relay not permitted" % (ip, R.randint(30000, 60000), I, i, i))
    for i in range(5):
        t = at(R.randint(0, 23))
        ip = "198.51.100.%d" % (90 + i)
        ex(t, "H=(mail.nonexist.example.com) [%s]:%d %s sender verify fail for <offer%d@nonexist.example.com>: Unrouteable address" % (ip, R.randint(30000, 60000), I, i))
        ex(t, "H=(mail.nonexist.example.com) [%s]:%d %s F=<offer%d@nonexist.example.com> rejected RCPT <alice@rowan.example.org>: Sender verify failed" % (ip, R.randint(30000, 60000), I, i))
    for i in range(3):
        t = at(R.randint(0, 23))
        ex(t, "H=(example.com) [198.51.100.%d]:%d %s F=<b@example.com> rejected RCPT <sales@rowan.example.org>: Unrouteable address" % (120 + i, R.randint(30000, 60000), I))
    # protocol noise from bots
    for i in range(6):
        t = at(R.randint(0, 23))
        ip = "203.0.113.%d" % (210 + i % 2)
        ex(t, "SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[%s]:%d %s input=\"GET / HTTP/1.1\\r\\nHost: rowan.example.org\\r\\n\"" % (ip, R.randint(30000, 60000), I))
    for i in range(9):
        t = at(R.randint(0, 23))
        ip = "203.0.113.%d" % (205 + i % 3)
        ex(t, "TLS error on connection from (WIN-3K2LQ0) [%s]:%d %s (gnutls_handshake): The TLS connection was non-properly terminated." % (ip, R.randint(30000, 60000), I))
    for i in range(7):
        t = at(R.randint(0, 23))
        ex(t, "unexpected disconnection while reading SMTP command from (User) [203.0.113.%d]:%d %s D=5s" % (220 + i % 2, R.randint(30000, 60000), I))
    for i in range(4):
        t = at(R.randint(0, 23))
        ex(t, "no host name found for IP address 203.0.113.%d" % (200 + i))
    # SASL password guessing on submission
    for i in range(31):
        t = at(R.randint(1, 5))
        ex(t, "dovecot_login authenticator failed for (User) [203.0.113.%d]:%d I=[192.0.2.70]:587: 535 Incorrect authentication data (set_id=%s@rowan.example.org)" % (
            230 + i % 2, R.randint(30000, 60000), ["admin", "info", "test", "alice"][i % 4]))
    # virus rejected after DATA (exim's malware ACL with clamd)
    for i in range(2):
        t = at(R.randint(9, 17))
        mid = msgid(t)
        ex(t, "%s H=(mail.example.com) [198.51.100.%d]:%d %s F=<invoice@example.com> rejected after DATA: This message contains a virus (Win.Trojan.Emotet-9953422-0)." % (mid, 140 + i, R.randint(30000, 60000), I))
    # a message to a dead partner server: deferred all day, then retry timeout and a bounce
    t0 = D0 - datetime.timedelta(days=3) + datetime.timedelta(hours=16, minutes=2, seconds=7)
    mid = msgid(t0)
    for h in (0, 4, 8, 12):
        t = at(h, 30, 3)
        ex(t, "%s == orders@partner.example.com R=dnslookup T=remote_smtp defer (110): Connection timed out H=mx.partner.example.com [198.51.100.77]" % mid)
    t = at(16, 30, 3)
    ex(t, "%s ** orders@partner.example.com R=dnslookup T=remote_smtp: retry timeout exceeded" % mid)
    bid = msgid(t)
    ex(t, "%s <= <> R=%s U=Debian-exim P=local S=3412" % (bid, mid))
    ex(t, "%s => bob <bob@rowan.example.org> R=local_user T=maildir_home" % bid)
    ex(t, "%s Completed" % bid)
    ex(t, "%s Completed" % mid)
    # a spam accepted for 'info' and forwarded; its bounce to the forged sender is frozen
    t = at(11, 5, 40)
    mid = msgid(t)
    ex(t, "%s <= fake@spam.example.com H=(mail.spam.example.com) [203.0.113.120]:40331 %s P=esmtp S=8123 id=%08x@spam.example.com" % (mid, I, R.getrandbits(32)))
    ex(t + sec(2), "%s ** dmitri.old@example.net <dmitri@rowan.example.org> R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.26]: SMTP error from remote mail server after RCPT TO:<dmitri.old@example.net>: 550 5.1.1 <dmitri.old@example.net>: Recipient address rejected: User unknown" % mid)
    bid = msgid(t)
    ex(t + sec(2), "%s <= <> R=%s U=Debian-exim P=local S=9870" % (bid, mid))
    ex(t + sec(2), "%s Completed" % mid)
    ex(t + sec(3), "%s ** fake@spam.example.com R=dnslookup T=remote_smtp: all hosts for 'spam.example.com' have been failing for a long time (and retry time not reached)" % bid)
    ex(t + sec(3), "%s Frozen (delivery error message)" % bid)
    # carmen's mailbox over quota
    for k in range(3):
        t = at(14 + k * 2, R.randint(0, 59))
        mid = msgid(t)
        ex(t, "%s <= newsletter@example.com H=mail.example.net [198.51.100.25]:%d %s P=esmtps X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no S=%d id=%08x@example.com" % (mid, R.randint(30000, 60000), I, R.randint(20000, 90000), R.getrandbits(32)))
        ex(t, "%s == carmen@rowan.example.org R=local_user T=maildir_home defer (-22): mailbox is full (MTA-imposed quota exceeded while writing to file /home/carmen/Maildir/new/%d.H%dP%d.rowan)" % (mid, int((t - D0).total_seconds()) + 1_763_500_000, R.randint(100000, 999999), R.randint(2000, 9000)))
    # the hints database lock timed out once (also written to paniclog)
    ex(at(2, 14, 7), "Failed to get write lock for /var/spool/exim4/db/retry.lockfile: timed out")


def vsftpd_day():
    def v(t, p, msg):
        raw("vsftpd.log", t, "%s [pid %d] %s" % (t.strftime("%a %b %e %H:%M:%S %Y"), p, msg))
    for i in range(9):
        t = at(R.randint(7, 18))
        p = pid()
        ip = "192.0.2.%d" % R.choice((41, 42))
        v(t, p, "CONNECT: Client \"%s\"" % ip)
        v(t + sec(1), p + 1, "[webdev] OK LOGIN: Client \"%s\"" % ip)
        f = R.choice(["index.html", "css/site.css", "img/banner.jpg", "news.html"])
        v(t + sec(20), p + 2, "[webdev] OK UPLOAD: Client \"%s\", \"/var/www/rowan/%s\", %d bytes, %.2fKbyte/sec" % (ip, f, R.randint(2000, 200000), R.uniform(100, 900)))
        if i % 3 == 0:
            v(t + sec(25), p + 2, "[webdev] OK DOWNLOAD: Client \"%s\", \"/var/www/rowan/%s\", %d bytes, %.2fKbyte/sec" % (ip, f, R.randint(2000, 200000), R.uniform(100, 900)))
    v(at(16, 2), pid(), "[webdev] FAIL UPLOAD: Client \"192.0.2.41\", \"/var/www/rowan/video/promo.mp4\", 0.00Kbyte/sec")
    t = at(10, 11, 0)
    v(t, pid(), "[webdev] OK MKDIR: Client \"192.0.2.41\", \"/var/www/rowan/img/2026\"")
    v(t + sec(30), pid(), "[webdev] OK DELETE: Client \"192.0.2.41\", \"/var/www/rowan/old-index.html\"")
    # password guessing from outside
    for i in range(22):
        t = at(R.randint(0, 5))
        p = pid()
        ip = "198.51.100.%d" % (160 + i % 2)
        u = ["admin", "ftp", "anonymous", "webdev", "test", "root"][i % 6]
        v(t, p, "CONNECT: Client \"%s\"" % ip)
        v(t + sec(2), p + 1, "[%s] FAIL LOGIN: Client \"%s\"" % (u, ip))


def named_day():
    def n(sev, t, msg):
        sysl("daemon", sev, t, "named[733]", msg)
    n("info", at(0, 0, 6), "received control channel command 'reload'")
    n("info", at(0, 0, 6), "reloading configuration succeeded")
    n("info", at(0, 0, 6), "reloading zones succeeded")
    n("info", at(0, 0, 6), "all zones loaded")
    n("notice", at(0, 0, 6), "running")
    n("info", at(0, 0, 6), "zone example.org/IN: loaded serial 2026112001")
    n("info", at(0, 0, 6), "zone 2.0.192.in-addr.arpa/IN: loaded serial 2026110301")
    # secondary for example.net: the primary refuses transfers since its ACL changed
    for h in range(8, 24, 2):
        t = at(h, 14, 22)
        n("info", t, "zone example.net/IN: Transfer started.")
        n("info", t, "transfer of 'example.net/IN' from 198.51.100.53#53: connected using 192.0.2.70#41234")
        n("err", t, "transfer of 'example.net/IN' from 198.51.100.53#53: failed while receiving responses: REFUSED")
        n("info", t, "transfer of 'example.net/IN' from 198.51.100.53#53: Transfer status: REFUSED")
        n("info", t, "transfer of 'example.net/IN' from 198.51.100.53#53: Transfer completed: 0 messages, 0 records, 0 bytes, 0.001 secs (0 bytes/sec) (serial 0)")
    n("info", at(23, 50, 2), "zone example.net/IN: refresh: retry limit for primary 198.51.100.53#53 exceeded (source 0.0.0.0#0)")
    # serving example.org to its secondary
    for h in (1, 9, 17):
        t = at(h, 5, 0)
        n("info", t, "client @0x7f3a1c0a2168 198.51.100.54#37133 (example.org): transfer of 'example.org/IN': AXFR-style IXFR started (serial 2026112001)")
        n("info", t, "client @0x7f3a1c0a2168 198.51.100.54#37133 (example.org): transfer of 'example.org/IN': AXFR-style IXFR ended: 1 messages, 24 records, 702 bytes, 0.001 secs (702000 bytes/sec) (serial 2026112001)")
    # scanners
    for i in range(5):
        t = at(R.randint(0, 23))
        n("info", t, "client @0x7f3a1c0b4d28 203.0.113.%d#%d (example.org): zone transfer 'example.org/AXFR/IN' denied" % (40 + i % 2, R.randint(30000, 60000)))
    for i in range(12):
        t = at(R.randint(0, 23))
        n("info", t, "client @0x7f3a1c0b5e10 203.0.113.%d#%d (sl): query (cache) 'sl/ANY/IN' denied" % (50 + i % 3, R.randint(1024, 65000)))
    # resolver noise
    for i in range(4):
        t = at(R.randint(0, 23))
        n("info", t, "lame-server resolving 'www.broken-dns.example.com' (in 'broken-dns.example.com'?): 198.51.100.%d#53" % (200 + i % 2))
    n("info", at(13, 3), "network unreachable resolving 'ns1.example.com/AAAA/IN': 2001:db8:53::1#53")


def freshclam_day():
    def f(t, msg):
        raw("clamav/freshclam.log", t, "%s -> %s" % (t.strftime("%a %b %e %H:%M:%S %Y"), msg))
    t = at(0, 0, 10)
    f(t, "Received signal: re-opening log file")
    v = 27465
    for h in range(1, 24, 2):
        t = at(h, 12, 4)
        f(t, "--------------------------------------")
        f(t, "ClamAV update process started at %s" % t.strftime("%a %b %e %H:%M:%S %Y"))
        if h < 13:
            if h in (5, 11):
                f(t, "daily database available for update (local version: %d, remote version: %d)" % (v, v + 1))
                v += 1
                f(t + sec(2), "Current database is 1 version behind.")
                f(t + sec(2), "Downloading database patch # %d..." % v)
                f(t + sec(5), "Testing database: '/var/lib/clamav/tmp.5c1a2f9e1b/clamav-9a3e7c.tmp-daily.cld' ...")
                f(t + sec(14), "Database test passed.")
                f(t + sec(14), "daily.cld updated (version: %d, sigs: 2067%03d, f-level: 90, builder: raynman)" % (v, R.randint(100, 999)))
                f(t + sec(14), "main.cvd database is up-to-date (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
                f(t + sec(14), "bytecode.cvd database is up-to-date (version: 335, sigs: 86, f-level: 90, builder: anvilleg)")
                f(t + sec(14), "WARNING: Clamd was NOT notified: Can't connect to clamd through /var/run/clamav/clamd.ctl: No such file or directory")
            else:
                f(t, "daily.cld database is up-to-date (version: %d, sigs: 2067553, f-level: 90, builder: raynman)" % v)
                f(t, "main.cvd database is up-to-date (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
                f(t, "bytecode.cvd database is up-to-date (version: 335, sigs: 86, f-level: 90, builder: anvilleg)")
        elif h == 13:
            f(t, "daily database available for update (local version: %d, remote version: %d)" % (v, v + 1))
            f(t + sec(2), "Current database is 1 version behind.")
            f(t + sec(2), "Downloading database patch # %d..." % (v + 1))
            f(t + sec(3), "WARNING: FreshClam received error code 429 from the ClamAV Content Delivery Network (CDN).")
            f(t + sec(3), "This means that you have been rate limited by the CDN.")
            f(t + sec(3), " 1. Run FreshClam no more than once an hour to check for updates.")
            f(t + sec(3), "    FreshClam should check DNS first to see if an update is needed.")
            f(t + sec(3), " 2. If you have more than 10 hosts on your network attempting to download,")
            f(t + sec(3), "    it is recommended that you set up a private mirror on your network using")
            f(t + sec(3), "    cvdupdate (https://pypi.org/project/cvdupdate/) to save bandwidth on the")
            f(t + sec(3), "    CDN and your own network.")
            f(t + sec(3), " 3. Please do not open a ticket asking for an exemption from the rate limit,")
            f(t + sec(3), "    it will not be granted.")
            f(t + sec(3), "WARNING: You are on cool-down until after: %s" % (t + datetime.timedelta(hours=24)).strftime("%Y-%m-%d %H:%M:%S"))
            f(t + sec(3), "ERROR: Failed to get daily database update information from server: https://database.clamav.net")
            f(t + sec(3), "ERROR: Update failed for database: daily")
            f(t + sec(3), "ERROR: Database update process failed: Forbidden; Blocked by CDN")
            f(t + sec(3), "ERROR: Update failed.")
        else:
            f(t, "WARNING: FreshClam previously received error code 429 or 403 from the ClamAV Content Delivery Network (CDN).")
            f(t, "This means that you have been rate limited or blocked by the CDN.")
            f(t, "WARNING: You are still on cool-down until after: %s" % (at(13, 12, 7) + datetime.timedelta(hours=24)).strftime("%Y-%m-%d %H:%M:%S"))
            f(t, "ERROR: Update failed for database: daily")
            f(t, "ERROR: Database update process failed: Forbidden; Blocked by CDN")
            f(t, "ERROR: Update failed.")


def ufw_block(t, src, dst, proto, spt, dpt, iface="eth0", allow=False):
    kind = "UFW ALLOW" if allow else "UFW BLOCK"
    flags = " SYN URGP=0" if proto == "TCP" else ""
    extra = " WINDOW=1024 RES=0x00%s" % flags if proto == "TCP" else " LEN=%d" % R.randint(20, 80)
    kern("warning", t, "[%s] IN=%s OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=%s DST=%s LEN=%d TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=%s SPT=%d DPT=%d%s" % (
        kind, iface, src, dst, 44 if proto == "TCP" else 60, R.randint(40, 250), R.randint(1, 65000), proto, spt, dpt, extra))


def ufw_day(me):
    ports = [23, 23, 23, 445, 445, 3389, 3389, 8080, 5900, 1433, 6379, 2375, 8443, 81]
    srcs = ["203.0.113.%d" % x for x in (11, 12, 13, 14, 15, 16, 17, 18)] + ["198.51.100.%d" % x for x in (201, 202, 203)]
    for i in range(140):
        t = at(R.randint(0, 23))
        ufw_block(t, R.choice(srcs), me, "TCP", R.randint(1024, 65000), R.choice(ports))
    for i in range(25):
        t = at(R.randint(0, 23))
        ufw_block(t, R.choice(srcs), me, "UDP", R.randint(1024, 65000), R.choice([161, 1900, 5060, 123]))


def rowan_kernel():
    kern("info", at(0, 40, 1), "perf: interrupt took too long (2503 > 2500), lowering kernel.perf_event_max_sample_rate to 79750")


def rowan():
    def cron_extra():
        sysl("cron", "info", at(3, 0, 1), "CRON[%d]" % pid(), "(root) CMD (/usr/local/sbin/backup-mail.sh)")
        sysl("cron", "info", at(3, 0, 9), "CRON[%d]" % pid(), "(CRON) error (grandchild #%d failed with exit status 2)" % (PID[0] - 40))
        sysl("cron", "info", at(4, 5, 1), "CRON[%d]" % pid(), "(root) CMD (if [ -x /usr/sbin/exim_tidydb ]; then /usr/sbin/exim_tidydb /var/spool/exim4 retry >/dev/null; fi)")
    cron_day([cron_extra])
    ssh_login(at(9, 3, 11), "tomas", 1000, "192.0.2.10")
    su_root(at(9, 5, 0), "tomas", 1000)
    exim_day()
    vsftpd_day()
    named_day()
    freshclam_day()
    ufw_day("192.0.2.70")
    rowan_kernel()
    dpkg_upgrade(at(9, 6, 30), [("exim4-base", "amd64", "4.96-15+deb12u5", "4.96-15+deb12u6"),
                               ("exim4-daemon-light", "amd64", "4.96-15+deb12u5", "4.96-15+deb12u6"),
                               ("exim4-config", "all", "4.96-15+deb12u5", "4.96-15+deb12u6"),
                               ("libexpat1", "amd64", "2.5.0-1+deb12u1", "2.5.0-1+deb12u2")])


# ============================================================ linden
def f2b(t, logger, pidn, level, msg):
    raw("fail2ban.log", t, "%s,%03d %-24s [%d]: %-8s %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), R.randint(0, 999), logger, pidn, level, msg))


def linden_ssh_bruteforce():
    # two bursts from a guessing bot; fail2ban bans it twice (bantime 10m)
    src, port = "203.0.113.77", 40000
    users = ["root", "admin", "oracle", "postgres", "ubuntu", "test"]
    for burst, h in enumerate((2, 14)):
        t = at(h, 10, 0)
        for i in range(12):
            t += sec(R.randint(3, 8))
            p = pid()
            port += R.randint(1, 40)
            u = users[i % len(users)]
            if u == "root":
                sysl("authpriv", "notice", t, "sshd[%d]" % p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root" % src)
                sysl("auth", "info", t + sec(2), "sshd[%d]" % p, "Failed password for root from %s port %d ssh2" % (src, port))
            else:
                sysl("auth", "info", t, "sshd[%d]" % p, "Invalid user %s from %s port %d" % (u, src, port))
                sysl("authpriv", "notice", t + sec(1), "sshd[%d]" % p, "pam_unix(sshd:auth): check pass; user unknown")
                sysl("authpriv", "notice", t + sec(1), "sshd[%d]" % p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s " % src)
                sysl("auth", "info", t + sec(2), "sshd[%d]" % p, "Failed password for invalid user %s from %s port %d ssh2" % (u, src, port))
            sysl("auth", "info", t + sec(3), "sshd[%d]" % p, "Connection closed by %s %s %s port %d [preauth]" % ("authenticating user" if u == "root" else "invalid user", u, src, port))
            f2b(t + sec(2), "fail2ban.filter", 640, "INFO", "[sshd] Found %s - %s" % (src, (t + sec(2)).strftime("%Y-%m-%d %H:%M:%S")))
            if i == 4:
                f2b(t + sec(3), "fail2ban.actions", 640, "NOTICE", "[sshd] Ban %s" % src)
                f2b(t + sec(603), "fail2ban.actions", 640, "NOTICE", "[sshd] Unban %s" % src)
                t += sec(620)
    # a second, slower source that never reaches maxretry
    for i in range(3):
        t = at(R.randint(5, 20))
        p = pid()
        sysl("auth", "info", t, "sshd[%d]" % p, "Invalid user pi from 198.51.100.33 port %d" % R.randint(30000, 60000))
        sysl("auth", "info", t + sec(2), "sshd[%d]" % p, "Failed password for invalid user pi from 198.51.100.33 port %d ssh2" % R.randint(30000, 60000))
        f2b(t + sec(2), "fail2ban.filter", 640, "INFO", "[sshd] Found 198.51.100.33 - %s" % (t + sec(2)).strftime("%Y-%m-%d %H:%M:%S"))
    # the admin's own address is ignored
    f2b(at(9, 40, 2), "fail2ban.filter", 640, "INFO", "[sshd] Ignore 192.0.2.10 by ip")
    f2b(at(0, 0, 3), "fail2ban.server", 640, "INFO", "rollover performed on /var/log/fail2ban.log")
    # recidive jail bans it for a week
    f2b(at(14, 30, 0), "fail2ban.filter", 640, "INFO", "[recidive] Found 203.0.113.77 - %s" % at(14, 30, 0).strftime("%Y-%m-%d %H:%M:%S"))
    f2b(at(14, 30, 1), "fail2ban.actions", 640, "NOTICE", "[recidive] Ban 203.0.113.77")


def linden_disk():
    """sdc (half of md1) is dying: ATA errors, md kicks it out, smartd complains."""
    base = at(4, 41, 7)
    lines = []
    for k in range(2):
        t = base + datetime.timedelta(minutes=9 * k)
        lines += [
            (t, "ata4.00: exception Emask 0x0 SAct 0x0 SErr 0x0 action 0x0"),
            (t, "ata4.00: BMDMA stat 0x25"),
            (t, "ata4.00: failed command: READ DMA EXT"),
            (t, "ata4.00: cmd 25/00:08:%02x:a2:1f/00:00:1a:00:00/e0 tag 0 dma 4096 in" % (0x40 + k * 8)),
            (t, "         res 51/40:00:%02x:a2:1f/40:00:1a:00:00/e0 Emask 0x9 (media error)" % (0x40 + k * 8)),
            (t, "ata4.00: status: { DRDY ERR }"),
            (t, "ata4.00: error: { UNC }"),
            (t, "ata4.00: configured for UDMA/133"),
            (t, "sd 3:0:0:0: [sdc] tag#0 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=7s"),
            (t, "sd 3:0:0:0: [sdc] tag#0 Sense Key : Medium Error [current]"),
            (t, "sd 3:0:0:0: [sdc] tag#0 Add. Sense: Unrecovered read error - auto reallocate failed"),
            (t, "sd 3:0:0:0: [sdc] tag#0 CDB: Read(16) 88 00 00 00 00 01 1a 1f a2 %02x 00 00 00 08 00 00" % (0x40 + k * 8)),
            (t, "I/O error, dev sdc, sector %d op 0x0:(READ) flags 0x0 phys_seg 1 prio class 2" % (4733249088 + k * 8)),
            (t, "ata4: EH complete"),
        ]
    t = base + datetime.timedelta(minutes=19)
    lines += [
        (t, "md/raid1:md1: sdc1: rescheduling sector 4733245000"),
        (t, "md/raid1:md1: Disk failure on sdc1, disabling device."),
        (t, "md/raid1:md1: Operation continuing on 1 devices."),
    ]
    for t, msg in lines:
        kern("err" if "error" in msg.lower() or "failure" in msg.lower() else "info", t, msg)
    def sm(sev, tt, msg):
        sysl("daemon", sev, tt, "smartd[602]", msg)
    for h in range(0, 24, 1):
        tt = at(h, 11, 40)
        if h < 4:
            continue
        n = 8 if h < 5 else 24
        sm("crit", tt, "Device: /dev/sdc [SAT], %d Currently unreadable (pending) sectors" % n)
        sm("crit", tt, "Device: /dev/sdc [SAT], %d Offline uncorrectable sectors" % n)
    sm("info", at(5, 11, 40), "Device: /dev/sdc [SAT], SMART Prefailure Attribute: 5 Reallocated_Sector_Ct changed from 100 to 96")
    sm("info", at(5, 11, 40), "Device: /dev/sdc [SAT], SMART Usage Attribute: 187 Reported_Uncorrect changed from 100 to 94")
    sm("info", at(3, 0, 0), "Device: /dev/sda [SAT], starting scheduled Short Self-Test.")
    sm("info", at(3, 0, 0), "Device: /dev/sdc [SAT], starting scheduled Short Self-Test.")
    sm("crit", at(3, 30, 0), "Device: /dev/sdc [SAT], Self-Test Log error count increased from 0 to 1")
    sm("info", at(7, 41, 40), "Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from 64 to 63")
    sm("info", at(13, 41, 40), "Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from 63 to 62")
    # mdadm's monitor (mdadm --monitor logs through syslog too)
    sysl("daemon", "alert", base + datetime.timedelta(minutes=19, seconds=2), "mdadm[655]", "Fail event detected on md device /dev/md1, component device /dev/sdc1")


def linden_selinux():
    """SELinux in enforcing mode: a mislabelled upload directory, and a web shell's attempts."""
    serial = [812]

    def avc(t, perm, comm, name, ino, scon, tcon, tcls, extra=""):
        serial[0] += R.randint(1, 30)
        stamp = int((t - datetime.datetime(1970, 1, 1)).total_seconds())
        kern("notice", t, "audit: type=1400 audit(%d.%03d:%d): avc:  denied  { %s } for  pid=%d comm=\"%s\" name=\"%s\" dev=\"md1\" ino=%d%s scontext=%s tcontext=%s tclass=%s permissive=0" % (
            stamp, R.randint(0, 999), serial[0], perm, pid(), comm, name, ino, extra, scon, tcon, tcls))
    for i in range(14):
        t = at(R.randint(8, 20))
        avc(t, "write", "apache2", "uploads", 1310721, "system_u:system_r:httpd_t:s0", "unconfined_u:object_r:var_t:s0", "dir")
    for i in range(3):
        t = at(22, 40 + i, R.randint(0, 59))
        avc(t, "execute", "sh", "kx", 40961 + i, "system_u:system_r:httpd_t:s0", "system_u:object_r:httpd_tmp_t:s0", "file")
    t = at(22, 44, 10)
    avc(t, "name_connect", "perl", "", 0, "system_u:system_r:httpd_t:s0", "system_u:object_r:unreserved_port_t:s0", "tcp_socket", extra="")
    # the same night: the web server user tries su
    p = pid()
    sysl("authpriv", "notice", at(22, 46, 3), "su[%d]" % p, "pam_unix(su:auth): authentication failure; logname= uid=33 euid=0 tty= ruser=www-data rhost=  user=root")
    sysl("auth", "notice", at(22, 46, 5), "su[%d]" % p, "FAILED SU (to root) www-data on none")


def linden_systemd():
    def s(sev, t, msg):
        sysl("daemon", sev, t, "systemd[1]", msg)
    for h in range(0, 24):
        t = at(h, 0, 0)
        s("info", t, "Starting sysstat-collect.service - system activity accounting tool...")
        s("info", t, "sysstat-collect.service: Deactivated successfully.")
        s("info", t, "Finished sysstat-collect.service - system activity accounting tool.")
    # the nightly database dump fails after the array went degraded
    t = at(5, 0, 0)
    s("info", t, "Starting pgdump.service - Nightly PostgreSQL dump...")
    sysl("daemon", "err", t + sec(40), "pgdump.sh[%d]" % pid(), "pg_dump: error: could not write to output file: Input/output error")
    s("notice", t + sec(40), "pgdump.service: Main process exited, code=exited, status=1/FAILURE")
    s("warning", t + sec(40), "pgdump.service: Failed with result 'exit-code'.")
    s("err", t + sec(40), "Failed to start pgdump.service - Nightly PostgreSQL dump.")
    s("info", at(9, 41, 0), "Started session-12.scope - Session 12 of User anna.")
    s("info", at(9, 41, 0), "Created slice user-1000.slice - User Slice of UID 1000.")
    s("info", at(9, 41, 1), "Starting user@1000.service - User Manager for UID 1000...")
    s("info", at(9, 41, 1), "Started user@1000.service - User Manager for UID 1000.")
    s("info", at(9, 58, 0), "Reloading apache2.service - The Apache HTTP Server...")
    s("info", at(9, 58, 1), "Reloaded apache2.service - The Apache HTTP Server.")


def linden():
    cron_day()
    linden_ssh_bruteforce()
    ssh_login(at(9, 40, 58), "anna", 1000, "192.0.2.10")
    su_root(at(9, 42, 30), "anna", 1000)
    linden_disk()
    linden_selinux()
    linden_systemd()
    kern("info", at(1, 0, 0), "perf: interrupt took too long (2520 > 2500), lowering kernel.perf_event_max_sample_rate to 79250")
    dpkg_upgrade(at(9, 50, 2), [("apache2", "amd64", "2.4.62-1~deb12u1", "2.4.62-1~deb12u2"),
                               ("apache2-bin", "amd64", "2.4.62-1~deb12u1", "2.4.62-1~deb12u2"),
                               ("apache2-data", "all", "2.4.62-1~deb12u1", "2.4.62-1~deb12u2"),
                               ("apache2-utils", "amd64", "2.4.62-1~deb12u1", "2.4.62-1~deb12u2")])
    # a package removed and one installed by hand
    d = H.dpkg
    t = at(10, 2, 11)
    d(t, "startup packages remove")
    d(t, "remove php8.2-xdebug:amd64 3.2.0+2.1.6+2.9.8+2.8.1+2.5.5-1 <none>")
    d(t, "status half-configured php8.2-xdebug:amd64 3.2.0+2.1.6+2.9.8+2.8.1+2.5.5-1")
    d(t, "status half-installed php8.2-xdebug:amd64 3.2.0+2.1.6+2.9.8+2.8.1+2.5.5-1")
    d(t, "status config-files php8.2-xdebug:amd64 3.2.0+2.1.6+2.9.8+2.8.1+2.5.5-1")
    d(t, "status not-installed php8.2-xdebug:amd64 <none>")
    t = at(10, 3, 40)
    d(t, "startup archives unpack")
    d(t, "install sg3-utils:amd64 <none> 1.46-3")
    d(t, "status half-installed sg3-utils:amd64 1.46-3")
    d(t, "status unpacked sg3-utils:amd64 1.46-3")
    d(t + sec(2), "configure sg3-utils:amd64 1.46-3 <none>")
    d(t + sec(2), "status half-configured sg3-utils:amd64 1.46-3")
    d(t + sec(3), "status installed sg3-utils:amd64 1.46-3")


if HOST == "rowan" and SCEN == "day":
    rowan()
elif HOST == "linden" and SCEN == "day":
    linden()
else:
    sys.exit("unknown host/scenario")

H.write(OUT)
