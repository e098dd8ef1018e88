#!/usr/bin/env python3
"""mklogs.py - write synthetic /var/log trees for the mailgloss corpus hosts.

usage: mklogs.py HOST SCENARIO DAY OUTDIR
  HOST      maple | quartz
  SCENARIO  day | compromise
  DAY       YYYY-MM-DD (the day the logs describe; logwatch runs with --range for it)
  OUTDIR    directory that plays /var/log

Everything is deterministic (seeded by host+scenario; only the dates follow DAY).  Addresses are from
RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and 2001:db8::/32,
names from example.org / example.net / example.com.
"""
import datetime
import sys

from mklogs_base import Host

HOST, SCEN, DAY, OUT = sys.argv[1:5]
H = Host("%s/%s" % (HOST, SCEN), DAY, HOST, first_pid=2000)
R, D0, FILES, PID = H.R, H.D0, H.FILES, H.PID
pid, at, raw = H.pid, H.at, H.raw


def sysl(fname, t, tag, msg):
    """a syslog line straight into the file fname"""
    raw(fname, t, H.line(t, tag, msg))


def clf(t):
    return t.strftime("[%d/%b/%Y:%H:%M:%S +0000]")


def apache_err(t, module_level, client, msg):
    stamp = t.strftime("[%a %b %d %H:%M:%S.") + "%06d" % R.randint(0, 999999) + t.strftime(" %Y]")
    c = " [client %s]" % client if client else ""
    raw("apache2/error.log", t, "%s [%s] [pid %d:tid %d]%s %s" % (
        stamp, module_level, R.randint(1000, 9000), 139900000000000 + R.randint(0, 999999), c, msg))


# ----------------------------------------------------------------- common
def cron_day():
    for h in range(24):
        t = at(h, 17, R.randint(0, 3))
        p = pid()
        sysl("auth.log", t, "CRON[%d]" % p, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
        sysl("syslog", t, "CRON[%d]" % p, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)")
        sysl("auth.log", t + datetime.timedelta(seconds=1), "CRON[%d]" % p, "pam_unix(cron:session): session closed for user root")
        for mm in (9, 39):
            t2 = at(h, mm, 1)
            p2 = pid()
            sysl("syslog", t2, "CRON[%d]" % p2, "(root) CMD (  [ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi)")
    t = at(6, 25, 1)
    sysl("syslog", t, "CRON[%d]" % pid(), "(root) CMD (test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; })")
    sysl("syslog", at(0, 0, 2), "systemd[1]", "Starting logrotate.service - Rotate log files...")
    sysl("syslog", at(0, 0, 3), "systemd[1]", "logrotate.service: Deactivated successfully.")
    sysl("syslog", at(0, 0, 3), "systemd[1]", "Finished logrotate.service - Rotate log files.")
    sysl("syslog", at(0, 0, 4), "rsyslogd[%d]" % 512, "[origin software=\"rsyslogd\" swVersion=\"8.2302.0\" x-pid=\"512\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed")
    sysl("syslog", at(3, 10, 0), "systemd[1]", "Starting man-db.service - Daily man-db regeneration...")
    sysl("syslog", at(3, 10, 4), "systemd[1]", "man-db.service: Deactivated successfully.")
    sysl("syslog", at(6, 4, 0), "systemd[1]", "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities...")
    sysl("syslog", at(6, 4, 9), "systemd[1]", "apt-daily-upgrade.service: Deactivated successfully.")


def ssh_bruteforce(src, port0, users, n_root, n_invalid):
    t = at(R.randint(0, 4))
    port = port0
    for i in range(n_root):
        t += datetime.timedelta(seconds=R.randint(2, 9))
        p = pid()
        port += R.randint(1, 50)
        sysl("auth.log", t, "sshd[%d]" % p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root" % src)
        sysl("auth.log", t + datetime.timedelta(seconds=2), "sshd[%d]" % p, "Failed password for root from %s port %d ssh2" % (src, port))
        if i % 6 == 5:
            sysl("auth.log", t + datetime.timedelta(seconds=3), "sshd[%d]" % p, "error: maximum authentication attempts exceeded for root from %s port %d ssh2 [preauth]" % (src, port))
            sysl("auth.log", t + datetime.timedelta(seconds=3), "sshd[%d]" % p, "Disconnecting authenticating user root %s port %d: Too many authentication failures [preauth]" % (src, port))
        else:
            sysl("auth.log", t + datetime.timedelta(seconds=3), "sshd[%d]" % p, "Received disconnect from %s port %d:11: Bye Bye [preauth]" % (src, port))
            sysl("auth.log", t + datetime.timedelta(seconds=3), "sshd[%d]" % p, "Disconnected from authenticating user root %s port %d [preauth]" % (src, port))
    for i in range(n_invalid):
        u = users[i % len(users)]
        t += datetime.timedelta(seconds=R.randint(2, 9))
        p = pid()
        port += R.randint(1, 50)
        sysl("auth.log", t, "sshd[%d]" % p, "Invalid user %s from %s port %d" % (u, src, port))
        sysl("auth.log", t + datetime.timedelta(seconds=1), "sshd[%d]" % p, "pam_unix(sshd:auth): check pass; user unknown")
        sysl("auth.log", t + datetime.timedelta(seconds=1), "sshd[%d]" % p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s " % src)
        sysl("auth.log", t + datetime.timedelta(seconds=3), "sshd[%d]" % p, "Failed password for invalid user %s from %s port %d ssh2" % (u, src, port))
        sysl("auth.log", t + datetime.timedelta(seconds=4), "sshd[%d]" % p, "Connection closed by invalid user %s %s port %d [preauth]" % (u, src, port))


def ssh_scanners(srcs):
    for src in srcs:
        t = at(R.randint(0, 23))
        p = pid()
        port = R.randint(30000, 65000)
        kind = srcs.index(src) % 3
        if kind == 0:
            sysl("auth.log", t, "sshd[%d]" % p, "error: kex_exchange_identification: Connection closed by remote host")
            sysl("auth.log", t, "sshd[%d]" % p, "Connection closed by %s port %d" % (src, port))
        elif kind == 1:
            sysl("auth.log", t, "sshd[%d]" % p, "Unable to negotiate with %s port %d: no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]" % (src, port))
        else:
            sysl("auth.log", t, "sshd[%d]" % p, "banner exchange: Connection from %s port %d: invalid format" % (src, port))


def ssh_login(t, user, uid, src, method="publickey", key="ED25519 SHA256:Qm4pL0oF2w5pYcW3r6m5kq1s9xUeRk0aVtTn3JbZx8E", dur=1800):
    p = pid()
    port = R.randint(40000, 60000)
    if method == "publickey":
        sysl("auth.log", t, "sshd[%d]" % p, "Accepted publickey for %s from %s port %d ssh2: %s" % (user, src, port, key))
    else:
        sysl("auth.log", t, "sshd[%d]" % p, "Accepted password for %s from %s port %d ssh2" % (user, src, port))
    sysl("auth.log", t, "sshd[%d]" % p, "pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)" % (user, uid))
    sysl("auth.log", t + datetime.timedelta(seconds=1), "systemd-logind[402]", "New session %d of user %s." % (R.randint(10, 99), user))
    e = t + datetime.timedelta(seconds=dur)
    sysl("auth.log", e, "sshd[%d]" % p, "Received disconnect from %s port %d:11: disconnected by user" % (src, port))
    sysl("auth.log", e, "sshd[%d]" % p, "Disconnected from user %s %s port %d" % (user, src, port))
    sysl("auth.log", e, "sshd[%d]" % p, "pam_unix(sshd:session): session closed for user %s" % user)
    return p


def sudo(t, user, pwd, cmd):
    p = pid()
    sysl("auth.log", t, "sudo", "   %s : TTY=pts/0 ; PWD=%s ; USER=root ; COMMAND=%s" % (user, pwd, cmd))
    sysl("auth.log", t, "sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by %s(uid=%d)" % (user, 1000))
    sysl("auth.log", t + datetime.timedelta(seconds=2), "sudo", "pam_unix(sudo:session): session closed for user root")


# ----------------------------------------------------------------- mail (maple: postfix + dovecot)
def postfix_day():
    q = [0x3A1F0]

    def qid():
        q[0] += R.randint(17, 900)
        return "%X" % (0x4B00000 + q[0])
    senders = [("mail.example.net", "198.51.100.25"), ("mx2.example.com", "198.51.100.31"),
               ("relay.example.org", "192.0.2.40"), ("mout.example.com", "2001:db8:25::7")]
    locals_ = ["alice", "bob", "carmen", "dmitri", "eva", "info", "postmaster"]
    for i in range(70):
        t = at(R.randint(6, 22))
        host, ip = R.choice(senders)
        p = pid()
        q1 = qid()
        rcpt = R.choice(locals_)
        size = R.randint(2000, 180000)
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "connect from %s[%s]" % (host, ip))
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "Anonymous TLS connection established from %s[%s]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)" % (host, ip))
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "%s: client=%s[%s]" % (q1, host, ip))
        sysl("mail.log", t, "postfix/cleanup[%d]" % (p + 1), "%s: message-id=<%08x.%d@%s>" % (q1, R.getrandbits(32), i, host))
        sysl("mail.log", t, "postfix/qmgr[811]", "%s: from=<news%d@%s>, size=%d, nrcpt=1 (queue active)" % (q1, i % 5, host.split(".", 1)[1], size))
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "disconnect from %s[%s] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7" % (host, ip))
        sysl("mail.log", t + datetime.timedelta(seconds=1), "postfix/lmtp[%d]" % (p + 2), "%s: to=<%s@maple.example.org>, relay=maple.example.org[private/dovecot-lmtp], delay=0.22, delays=0.1/0.01/0.03/0.08, dsn=2.0.0, status=sent (250 2.0.0 <%s@maple.example.org> 0Kq1ABCdZmXYZwAAWl1hKQ Saved)" % (q1, rcpt, rcpt))
        sysl("mail.log", t + datetime.timedelta(seconds=1), "postfix/qmgr[811]", "%s: removed" % q1)
    # outbound via submission
    for i in range(18):
        t = at(R.randint(8, 19))
        p = pid()
        q1 = qid()
        u = R.choice(["alice", "bob", "eva"])
        sysl("mail.log", t, "postfix/submission/smtpd[%d]" % p, "connect from unknown[192.0.2.%d]" % R.randint(10, 30))
        sysl("mail.log", t, "postfix/submission/smtpd[%d]" % p, "%s: client=unknown[192.0.2.%d], sasl_method=PLAIN, sasl_username=%s" % (q1, R.randint(10, 30), u))
        sysl("mail.log", t, "postfix/qmgr[811]", "%s: from=<%s@maple.example.org>, size=%d, nrcpt=1 (queue active)" % (q1, u, R.randint(1500, 40000)))
        sysl("mail.log", t + datetime.timedelta(seconds=2), "postfix/smtp[%d]" % (p + 1), "%s: to=<contact@example.net>, relay=mail.example.net[198.51.100.25]:25, delay=1.4, delays=0.05/0.01/0.6/0.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4Y7kQw0Zz1z9s)" % q1)
        sysl("mail.log", t + datetime.timedelta(seconds=2), "postfix/qmgr[811]", "%s: removed" % q1)
        sysl("mail.log", t + datetime.timedelta(seconds=2), "postfix/submission/smtpd[%d]" % p, "disconnect from unknown[192.0.2.%d] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8" % R.randint(10, 30))
    # RBL and other rejects
    spam = [("unknown", "203.0.113.%d" % x) for x in (61, 62, 77, 78, 140)] + [("dyn-198-51-100-9.example.com", "198.51.100.9")]
    for i in range(22):
        t = at(R.randint(0, 23))
        host, ip = spam[i % len(spam)]
        p = pid()
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "connect from %s[%s]" % (host, ip))
        kind = i % 4
        if kind == 0:
            sysl("mail.log", t, "postfix/smtpd[%d]" % p, "NOQUEUE: reject: RCPT from %s[%s]: 554 5.7.1 Service unavailable; Client host [%s] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/%s; from=<offer@promo.example.com> to=<alice@maple.example.org> proto=ESMTP helo=<%s>" % (host, ip, ip, ip, "mail.promo.example.com"))
        elif kind == 1:
            sysl("mail.log", t, "postfix/smtpd[%d]" % p, "NOQUEUE: reject: RCPT from %s[%s]: 454 4.7.1 <victim@example.net>: Relay access denied; from=<spam@example.com> to=<victim@example.net> proto=ESMTP helo=<WIN-3K2LQ0>" % (host, ip))
        elif kind == 2:
            sysl("mail.log", t, "postfix/smtpd[%d]" % p, "NOQUEUE: reject: RCPT from %s[%s]: 550 5.1.1 <sales@maple.example.org>: Recipient address rejected: User unknown in virtual mailbox table; from=<b@example.com> to=<sales@maple.example.org> proto=ESMTP helo=<example.com>" % (host, ip))
        else:
            sysl("mail.log", t, "postfix/smtpd[%d]" % p, "NOQUEUE: reject: RCPT from %s[%s]: 504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname; from=<x@example.com> to=<bob@maple.example.org> proto=SMTP helo=<localhost>" % (host, ip))
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "disconnect from %s[%s] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4" % (host, ip))
    # SASL brute force on submission
    for i in range(26):
        t = at(R.randint(1, 5))
        p = pid()
        ip = "203.0.113.%d" % (200 + i % 3)
        sysl("mail.log", t, "postfix/submission/smtpd[%d]" % p, "connect from unknown[%s]" % ip)
        sysl("mail.log", t, "postfix/submission/smtpd[%d]" % p, "warning: unknown[%s]: SASL LOGIN authentication failed: UGFzc3dvcmQ6" % ip)
        sysl("mail.log", t, "postfix/submission/smtpd[%d]" % p, "lost connection after AUTH from unknown[%s]" % ip)
        sysl("mail.log", t, "postfix/submission/smtpd[%d]" % p, "disconnect from unknown[%s] ehlo=1 auth=0/1 commands=1/2" % ip)
    # misc
    for i in range(5):
        t = at(R.randint(0, 23))
        p = pid()
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "connect from unknown[198.51.100.%d]" % (150 + i))
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "lost connection after CONNECT from unknown[198.51.100.%d]" % (150 + i))
        sysl("mail.log", t, "postfix/smtpd[%d]" % p, "disconnect from unknown[198.51.100.%d] commands=0/0" % (150 + i))
    t = at(13, 2, 7)
    sysl("mail.log", t, "postfix/smtpd[%d]" % pid(), "warning: hostname dyn-198-51-100-9.example.com does not resolve to address 198.51.100.9: Name or service not known")
    # a bounce
    t = at(15, 40, 11)
    q1 = qid()
    sysl("mail.log", t, "postfix/qmgr[811]", "%s: from=<bob@maple.example.org>, size=5120, nrcpt=1 (queue active)" % q1)
    sysl("mail.log", t, "postfix/smtp[%d]" % pid(), "%s: to=<old.partner@example.com>, relay=mx.example.com[198.51.100.44]:25, delay=0.9, delays=0.02/0/0.4/0.5, dsn=5.1.1, status=bounced (host mx.example.com[198.51.100.44] said: 550 5.1.1 <old.partner@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))" % q1)
    sysl("mail.log", t, "postfix/bounce[%d]" % pid(), "%s: sender non-delivery notification: 5D00AB12C" % q1)
    sysl("mail.log", t, "postfix/qmgr[811]", "%s: removed" % q1)


def dovecot_day():
    users = ["alice", "bob", "carmen", "dmitri", "eva"]
    for i in range(55):
        t = at(R.randint(6, 23))
        u = R.choice(users)
        proto = R.choice(["imap", "imap", "pop3"])
        ip = R.choice(["192.0.2.%d" % R.randint(10, 30), "2001:db8:10::%x" % R.randint(16, 40)])
        p = pid()
        sess = "%08x" % R.getrandbits(32)
        sysl("mail.log", t, "dovecot", "%s-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=192.0.2.25, mpid=%d, TLS, session=<%s>" % (proto, u, ip, p, sess))
        if proto == "imap":
            sysl("mail.log", t + datetime.timedelta(minutes=20), "dovecot", "imap(%s)<%d><%s>: Logged out in=%d out=%d deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0" % (u, p, sess, R.randint(100, 900), R.randint(900, 90000)))
        else:
            sysl("mail.log", t + datetime.timedelta(seconds=4), "dovecot", "pop3(%s)<%d><%s>: Disconnected: Logged out top=0/0, retr=1/%d, del=1/1, size=%d" % (u, p, sess, R.randint(2000, 9000), R.randint(2000, 9000)))
    for i in range(14):
        t = at(R.randint(0, 6))
        ip = "198.51.100.%d" % (180 + i % 2)
        u = ["admin", "test", "info", "alice"][i % 4]
        sess = "%08x" % R.getrandbits(32)
        if u == "alice":
            sysl("auth.log", t, "auth", "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=%s rhost=%s  user=%s" % (u, ip, u))
            sysl("mail.log", t, "dovecot", "auth-worker(%d): pam(%s,%s,<%s>): Password mismatch" % (pid(), u, ip, sess))
        else:
            sysl("mail.log", t, "dovecot", "auth-worker(%d): pam(%s,%s,<%s>): unknown user" % (pid(), u, ip, sess))
        sysl("mail.log", t + datetime.timedelta(seconds=2), "dovecot", "imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<%s>, method=PLAIN, rip=%s, lip=192.0.2.25, TLS, session=<%s>" % (u, ip, sess))
    for i in range(3):
        t = at(R.randint(0, 23))
        sysl("mail.log", t, "dovecot", "imap-login: Disconnected: Connection closed (no auth attempts in 0 secs): user=<>, rip=203.0.113.%d, lip=192.0.2.25, TLS handshaking: SSL_accept() failed: error:0A00006C:SSL routines::bad key share, session=<%08x>" % (90 + i, R.getrandbits(32)))


# ----------------------------------------------------------------- sendmail (quartz)
def sendmail_day():
    n = [0]

    def qid(t):
        # sendmail 8.12+ queue ids: 8 characters from the time, 6 digits
        n[0] += 1
        return "5AK%s%02d%s%06d" % ("ABCDEFGHIJKLMNOPQRSTUVWX"[t.hour], t.minute, R.choice(["Qx", "Rb", "Tk", "Wm"]), 1000 + n[0] * 37)
    for i in range(40):
        t = at(R.randint(7, 21))
        q = qid(t)
        p = pid()
        src = R.choice([("relay.example.org", "192.0.2.40"), ("mail.example.net", "198.51.100.25")])
        sysl("mail.log", t, "sm-mta[%d]" % p, "%s: from=<reports%d@%s>, size=%d, class=0, nrcpts=1, msgid=<%08x@%s>, proto=ESMTP, daemon=MTA-v4, relay=%s [%s]" % (q, i % 4, src[0], R.randint(1500, 90000), R.getrandbits(32), src[0], src[0], src[1]))
        sysl("mail.log", t + datetime.timedelta(seconds=1), "sm-mta[%d]" % (p + 1), "%s: to=<%s@quartz.example.net>, delay=00:00:01, xdelay=00:00:00, mailer=local, pri=%d, dsn=2.0.0, stat=Sent" % (q, R.choice(["ops", "backup", "root"]), R.randint(30000, 120000)))
    for i in range(12):
        t = at(R.randint(0, 23))
        q = qid(t)
        ip = "203.0.113.%d" % (30 + i % 4)
        sysl("mail.log", t, "sm-mta[%d]" % pid(), "%s: ruleset=check_rcpt, arg1=<user%d@example.com>, relay=[%s], reject=550 5.7.1 <user%d@example.com>... Relaying denied. IP name lookup failed [%s]" % (q, i, ip, i, ip))
        sysl("mail.log", t, "sm-mta[%d]" % pid(), "%s: lost input channel from [%s] to MTA after rcpt" % (q, ip))
        sysl("mail.log", t, "sm-mta[%d]" % pid(), "%s: from=<spam%d@example.com>, size=0, class=0, nrcpts=0, proto=ESMTP, daemon=MTA-v4, relay=[%s]" % (q, i, ip))
    for i in range(6):
        t = at(R.randint(0, 23))
        q = qid(t)
        sysl("mail.log", t, "sm-mta[%d]" % pid(), "%s: [198.51.100.%d] did not issue MAIL/EXPN/VRFY/ETRN during connection to MTA-v4" % (q, 60 + i))
    for i in range(4):
        t = at(R.randint(0, 23))
        q = qid(t)
        sysl("mail.log", t, "sm-mta[%d]" % pid(), "%s: <nobody@quartz.example.net>... User unknown" % q)
        sysl("mail.log", t, "sm-mta[%d]" % pid(), "%s: from=<probe@example.com>, size=0, class=0, nrcpts=0, proto=SMTP, daemon=MTA-v4, relay=[198.51.100.71]" % q)
    t = at(4, 11, 30)
    q = qid(t)
    sysl("mail.log", t, "sm-mta[%d]" % pid(), "%s: to=<backup-report@example.com>, ctladdr=<root@quartz.example.net> (0/0), delay=00:00:05, xdelay=00:00:05, mailer=esmtp, pri=120321, relay=mx.example.com. [198.51.100.44], dsn=4.0.0, stat=Deferred: Connection timed out with mx.example.com." % q)


# ----------------------------------------------------------------- apache
UAS = ["Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"]
BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"]


def access(t, ip, req, status, size, ref="-", ua=None):
    raw("apache2/access.log", t, '%s - - %s "%s" %d %s "%s" "%s"' % (
        ip, clf(t), req, status, size, ref, ua or R.choice(UAS)))


def apache_day(vhost):
    pages = ["/", "/index.html", "/about/", "/news/2026/11/", "/contact/", "/docs/install.html", "/blog/feed.xml"]
    assets = ["/css/site.css", "/js/app.js", "/img/logo.png", "/img/header.jpg", "/favicon.ico"]
    clients = ["192.0.2.%d" % x for x in (10, 11, 15, 22)] + ["198.51.100.%d" % x for x in (12, 14, 88)] + ["2001:db8:10::15", "2001:db8:77::3"]
    for i in range(420):
        t = at(R.randint(6, 23))
        ip = R.choice(clients)
        pg = R.choice(pages)
        access(t, ip, "GET %s HTTP/1.1" % pg, 200, R.randint(3000, 40000), "https://www.%s/" % vhost if R.random() < .5 else "-")
        for a in R.sample(assets, 2):
            access(t, ip, "GET %s HTTP/1.1" % a, R.choice([200, 200, 304]), R.randint(500, 90000), "https://www.%s%s" % (vhost, pg))
    for i in range(30):
        t = at(R.randint(0, 23))
        access(t, "198.51.100.%d" % R.choice((200, 201)), "GET /robots.txt HTTP/1.1", 200, 68, "-", R.choice(BOTS))
        access(t, "198.51.100.%d" % R.choice((200, 201)), "GET %s HTTP/1.1" % R.choice(pages), 200, R.randint(3000, 40000), "-", R.choice(BOTS))
    for i in range(8):
        access(at(R.randint(8, 20)), "192.0.2.15", "GET /old/pricing.html HTTP/1.1", 404, 437, "https://www.%s/" % vhost)
    # worms and scanners
    t = at(2, 14, 9)
    nop = "\\x90\\x02\\xb1\\x02\\xb1" * 30 + "\\x90" * 900
    access(t, "203.0.113.99", "SEARCH /%s HTTP/1.1" % nop, 414, 347, "-", "-")
    access(at(2, 15, 0), "203.0.113.99", "SEARCH /%s HTTP/1.1" % ("\\x90" * 1600), 414, 347, "-", "-")
    access(at(3, 2), "198.51.100.66", "GET /scripts/..%c0%af../winnt/system32/cmd.exe?/c+dir HTTP/1.0", 404, 436, "-", "-")
    access(at(3, 3), "198.51.100.66", "GET /scripts/..%255c%255c../winnt/system32/cmd.exe?/c+dir HTTP/1.0", 400, 392, "-", "-")
    access(at(3, 4), "198.51.100.66", "GET /c/winnt/system32/cmd.exe?/c+dir HTTP/1.0", 404, 436, "-", "-")
    access(at(4, 40), "203.0.113.150", "GET /default.ida?" + "N" * 224 + "%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u9090%u8190%u00c3%u0003%u8b00%u531b%u53ff%u0078%u0000%u00=a HTTP/1.0", 404, 441, "-", "-")
    for path in ["/wp-login.php", "/wp-login.php", "/wordpress/wp-login.php", "/wp-admin/install.php", "/.env", "/.env", "/api/.env",
                 "/.git/HEAD", "/phpmyadmin/", "/cgi-bin/php?%2D%64+%61%6C%6C%6F%77", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
                 "/boaform/admin/formLogin", "/HNAP1/", "/owa/auth/logon.aspx"]:
        access(at(R.randint(0, 23)), R.choice(["203.0.113.151", "203.0.113.152", "198.51.100.67"]), "GET %s HTTP/1.1" % path, 404, 453, "-", "Mozilla/5.0 zgrab/0.x")
    access(at(5, 5), "203.0.113.151", "POST /wp-login.php HTTP/1.1", 404, 453, "-", "Mozilla/5.0")
    access(at(5, 6), "203.0.113.153", "GET /cgi-bin/../../../../../../../../bin/sh HTTP/1.1", 400, 226, "-", "-")
    access(at(5, 7), "198.51.100.67", "CONNECT www.example.com:443 HTTP/1.1", 405, 325, "-", "-")
    access(at(5, 8), "198.51.100.67", "GET http://www.example.com/proxy.txt HTTP/1.1", 404, 453, "-", "-")
    access(at(5, 9), "203.0.113.153", "\\x16\\x03\\x01\\x02", 400, 226, "-", "-")
    # referrer spam with oversized referrers (webalizer truncates >1024)
    for i in range(4):
        ref = "http://seo-offers.example.com/?" + "&".join("k%d=%s" % (j, "x" * 40) for j in range(40 + i * 10))
        access(at(R.randint(0, 23)), "203.0.113.%d" % (170 + i), "GET / HTTP/1.1", 200, 9123, ref, UAS[1])
    # a record longer than webalizer's 4 KB line buffer (huge referrer)
    ref = "http://casino-best.example.net/" + "z" * 5000
    access(at(11, 11), "203.0.113.174", "GET /news/2026/11/ HTTP/1.1", 200, 9123, ref, UAS[0])
    # error log
    apache_err(at(0, 0, 5), "mpm_prefork:notice", None, "AH00163: Apache/2.4.62 (Debian) configured -- resuming normal operations")
    apache_err(at(0, 0, 5), "core:notice", None, "AH00094: Command line: '/usr/sbin/apache2'")
    for i in range(3):
        apache_err(at(R.randint(0, 23)), "authz_core:error", "203.0.113.%d:%d" % (151 + i, R.randint(30000, 60000)), "AH01630: client denied by server configuration: /var/www/html/.git")
    apache_err(at(2, 14, 9), "core:error", "203.0.113.99:40022", "AH00126: Invalid URI in request SEARCH /\\x90\\x02\\xb1\\x02\\xb1\\x90\\x02\\xb1 HTTP/1.1")
    apache_err(at(5, 9), "core:error", "203.0.113.153:41234", "AH10244: invalid URI path (/cgi-bin/../../../../../../../../bin/sh)")
    apache_err(at(14, 2), "php:error", "192.0.2.15:51544", "PHP Warning:  Undefined array key \"lang\" in /var/www/html/index.php on line 12, referer: https://www.%s/" % vhost)


# ----------------------------------------------------------------- kernel
def kernel_boring():
    sysl("kern.log", at(1, 1, 1), "kernel", "[1203311.120034] perf: interrupt took too long (2511 > 2500), lowering kernel.perf_event_max_sample_rate to 79500")


def kernel_disk_errors():
    base = at(9, 12, 4)
    up = 4411023.0
    lines = []
    for k in range(3):
        t = base + datetime.timedelta(minutes=37 * k)
        up += 2220.0 + k
        sector = 1953524 + 8 * k * 311
        lines += [
            (t, "ata3.00: exception Emask 0x0 SAct 0x1000 SErr 0x0 action 0x0"),
            (t, "ata3.00: irq_stat 0x40000008"),
            (t, "ata3.00: failed command: READ FPDMA QUEUED"),
            (t, "ata3.00: cmd 60/08:60:%x:1d:00/40:00:00:00:00/00 tag 12 ncq dma 4096 in" % (sector & 0xff)),
            (t, "         res 41/40:00:%x:1d:00/00:00:00:00:00/40 Emask 0x409 (media error) <F>" % (sector & 0xff)),
            (t, "ata3.00: status: { DRDY ERR }"),
            (t, "ata3.00: error: { UNC }"),
            (t, "ata3.00: configured for UDMA/133"),
            (t, "sd 2:0:0:0: [sdb] tag#12 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=3s"),
            (t, "sd 2:0:0:0: [sdb] tag#12 Sense Key : Medium Error [current]"),
            (t, "sd 2:0:0:0: [sdb] tag#12 Add. Sense: Unrecovered read error - auto reallocate failed"),
            (t, "sd 2:0:0:0: [sdb] tag#12 CDB: Read(10) 28 00 00 1d cf %02x 00 00 08 00" % (sector & 0xff)),
            (t, "I/O error, dev sdb, sector %d op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2" % sector),
            (t, "ata3: EH complete"),
        ]
    t = base + datetime.timedelta(minutes=80)
    lines += [
        (t, "EXT4-fs error (device sdb1): ext4_find_entry:1686: inode #1572866: comm smbd: reading directory lblock 0"),
        (t, "Buffer I/O error on dev sdb1, logical block 244190, lost async page write"),
        (t, "EXT4-fs error (device sdb1): ext4_journal_check_start:83: comm kworker/u8:2: Detected aborted journal"),
        (t, "EXT4-fs (sdb1): Remounting filesystem read-only"),
        (t, "EXT4-fs (sdb1): I/O error while writing superblock"),
    ]
    for t, msg in lines:
        up += 0.000311
        sysl("kern.log", t, "kernel", "[%.6f] %s" % (up, msg))
    # userland echoes
    sysl("syslog", base + datetime.timedelta(minutes=2), "smartd[588]", "Device: /dev/sdb [SAT], 8 Currently unreadable (pending) sectors")
    sysl("syslog", base + datetime.timedelta(minutes=2), "smartd[588]", "Device: /dev/sdb [SAT], 8 Offline uncorrectable sectors")
    sysl("syslog", base + datetime.timedelta(minutes=2), "smartd[588]", "Device: /dev/sdb [SAT], SMART Usage Attribute: 5 Reallocated_Sector_Ct changed from 100 to 97")


# ----------------------------------------------------------------- hosts
if HOST == "maple":
    cron_day()
    ssh_bruteforce("203.0.113.45", 40112, ["admin", "ubuntu", "pi", "oracle", "postgres", "test"], 36, 24)
    ssh_bruteforce("198.51.100.23", 51004, ["user", "ftpuser", "git", "deploy1", "support"], 12, 20)
    ssh_scanners(["203.0.113.8", "203.0.113.9", "198.51.100.71", "198.51.100.72", "2001:db8:bad::5"])
    ssh_login(at(8, 2, 11), "alice", 1000, "192.0.2.10")
    ssh_login(at(13, 40, 2), "alice", 1000, "2001:db8:10::15")
    sudo(at(8, 4, 30), "alice", "/home/alice", "/usr/bin/systemctl reload postfix")
    sudo(at(8, 6, 2), "alice", "/home/alice", "/usr/bin/apt-get upgrade")
    # the unusual one: password login for an automation account from a foreign address at night
    ssh_login(at(3, 47, 51), "deploy", 1002, "198.51.100.203", method="password", dur=240)
    postfix_day()
    dovecot_day()
    apache_day("maple.example.org")
    kernel_boring()
elif HOST == "quartz" and SCEN == "day":
    cron_day()
    ssh_bruteforce("198.51.100.140", 33001, ["admin", "backup", "nas", "samba"], 18, 12)
    ssh_scanners(["203.0.113.12", "198.51.100.141"])
    ssh_login(at(9, 30, 0), "oskar", 1000, "192.0.2.60")
    sudo(at(9, 58, 40), "oskar", "/home/oskar", "/usr/sbin/smartctl -a /dev/sdb")
    sudo(at(10, 0, 5), "oskar", "/home/oskar", "/usr/bin/umount /srv/share")
    sendmail_day()
    apache_day("quartz.example.net")
    kernel_disk_errors()
elif HOST == "quartz" and SCEN == "compromise":
    cron_day()
    ssh_bruteforce("203.0.113.66", 45100, ["admin", "user"], 30, 6)
    ssh_login(at(9, 12, 0), "oskar", 1000, "192.0.2.60")
    # success after the guessing run: root from the same outside address
    t = at(4, 51, 17)
    ssh_login(t, "root", 0, "203.0.113.66", method="password", dur=1500)
    sysl("auth.log", t + datetime.timedelta(minutes=3), "useradd[%d]" % pid(), "new group: name=systemd-bus, GID=1003")
    sysl("auth.log", t + datetime.timedelta(minutes=3), "useradd[%d]" % pid(), "new user: name=systemd-bus, UID=1003, GID=1003, home=/var/lib/systemd-bus, shell=/bin/bash, from=/dev/pts/0")
    sysl("auth.log", t + datetime.timedelta(minutes=3, seconds=20), "passwd[%d]" % pid(), "pam_unix(passwd:chauthtok): password changed for systemd-bus")
    sysl("auth.log", t + datetime.timedelta(minutes=4), "usermod[%d]" % pid(), "add 'systemd-bus' to group 'sudo'")
    sysl("auth.log", t + datetime.timedelta(minutes=4), "usermod[%d]" % pid(), "add 'systemd-bus' to shadow group 'sudo'")
    sysl("syslog", t + datetime.timedelta(minutes=7), "crontab[%d]" % pid(), "(root) REPLACE (root)")
    sysl("syslog", t + datetime.timedelta(minutes=8), "cron[455]", "(root) RELOAD (crontabs/root)")
    sysl("kern.log", t + datetime.timedelta(minutes=9), "kernel", "[5002211.100321] device eth0 entered promiscuous mode")
    sysl("syslog", t + datetime.timedelta(minutes=9), "systemd[1]", "Started dbus-helper.service - D-Bus Session Helper.")
    sysl("auth.log", t + datetime.timedelta(minutes=24), "sshd[%d]" % pid(), "Accepted password for systemd-bus from 203.0.113.66 port 50112 ssh2")
    sysl("auth.log", t + datetime.timedelta(minutes=24), "sshd[%d]" % PID[0], "pam_unix(sshd:session): session opened for user systemd-bus(uid=1003) by (uid=0)")
    sendmail_day()
else:
    sys.exit("unknown host/scenario")

H.write(OUT)
