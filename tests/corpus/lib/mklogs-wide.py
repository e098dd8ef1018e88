#!/usr/bin/env python3
"""mklogs-wide.py - synthetic /var/log trees for the LogWatch format breadth corpus.

usage: mklogs-wide.py HOST SCENARIO DAY OUTDIR
  HOST      willow
  SCENARIO  day
  DAY       YYYY-MM-DD (the day the logs describe; logwatch runs with --range yesterday)
  OUTDIR    directory that plays /var/log

willow (192.0.2.90, willow.example.org): a Debian 12 general-purpose server
       open to the Internet: sshd (password logins still allowed for some
       users), postfix with dovecot (IMAP, POP3, LMTP, submission with SASL),
       sudo users, systemd services, cron, dpkg.  Debian 12's rsyslog
       files (syslog, auth.log, cron.log, kern.log, mail.log, user.log)
       plus a messages file in the RHEL habit
       (*.info;mail.none;auth,authpriv.none;cron.none), which is the only
       file LogWatch's Systemd service reads.

The day is meant to make the LogWatch services print as many of their
headings and row formats as a real server can show: every kind of ssh
noise (invalid users, key-exchange scanners, banner garbage, MaxStartups,
too many failures, reverse-DNS warnings, TCP-wrapper refusals), postfix
rejects of every common kind, SASL guessing, deferrals, bounces, a stale
lookup table, a crashed smtpd, dovecot logins and errors (a full mailbox
quota, a permission problem), sudo with a wrong password and a user not in
sudoers, a failed systemd unit, the OOM killer, a segfault, disk and NIC
driver messages.  Everything is deterministic (seeded by host+scenario;
only the dates follow DAY).  Addresses are from RFC 5737 and 2001:db8::/32,
names from example.org / example.net / example.com.
"""
import sys

from mklogs_base import Host

HOST, SCEN, DAY, OUT = sys.argv[1:5]
H = Host("wide/%s/%s" % (HOST, SCEN), DAY, HOST, first_pid=2000, uptime=1_250_000.0)
R, D0, FILES, PID, UP = H.R, H.D0, H.FILES, H.PID, H.UP
pid, at, sec, raw, sysl, kern = H.pid, H.at, H.sec, H.raw, H.sysl, H.kern
ME = "192.0.2.90"
FQDN = "willow.example.org"


def rnd():
    return at(R.randint(0, 23))


def route(fac, sev):
    """Debian 12 rsyslog.conf plus the admin's messages line."""
    files = ["auth.log"] if fac in ("auth", "authpriv") else ["syslog"]
    for f, name in (("cron", "cron.log"), ("kern", "kern.log"), ("mail", "mail.log"), ("user", "user.log")):
        if fac == f:
            files.append(name)
    if sev != "debug" and fac not in ("auth", "authpriv", "cron", "mail"):
        files.append("messages")
    return files
H.route = route

def port():
    return R.randint(1024, 65535)


FP = {"alice": "ED25519 SHA256:q7mV2cXk9pLr3sT0wYb8nH5dJ1fGzA4eU6iOcRtKy0M",
      "git": "RSA SHA256:3bN8kTq0vW2xYz5aC7dE9fG1hJ4kL6mP8rS0tU2wX4y",
      "backup": "ECDSA SHA256:Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9Z8y7X"}


# ============================================================ sshd
def sshd():
    def s(t, p, msg, sev="info", fac="auth"):
        sysl(fac, sev, t, "sshd[%d]" % p, msg)

    # the daemon: restarted once for an openssh upgrade
    p0 = 611
    t = at(6, 12, 40)
    s(t, p0, "Received signal 15; terminating.")
    p0 = pid()
    s(t + sec(1), p0, "Server listening on 0.0.0.0 port 22.")
    s(t + sec(1), p0, "Server listening on :: port 22.")
    s(t + sec(1), p0, "error: Bind to port 2222 on 192.0.2.91 failed: Cannot assign requested address.", "err")
    s(t + sec(1), p0, "rexec line 17: Deprecated option ChallengeResponseAuthentication")

    # key and password logins of the staff
    def login(t, user, uid, src, method="publickey", dur=1200, sftp=False):
        p = pid()
        pt = port()
        if method == "publickey":
            s(t, p, "Accepted publickey for %s from %s port %d ssh2: %s" % (user, src, pt, FP.get(user, FP["alice"])))
        else:
            s(t, p, "Accepted %s for %s from %s port %d ssh2" % (method, user, src, pt))
        s(t, p, "pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)" % (user, uid))
        sysl("auth", "info", t + sec(1), "systemd-logind[402]", "New session %d of user %s." % (R.randint(100, 999), user))
        if sftp:
            s(t + sec(2), p, "subsystem request for sftp by user %s" % user)
            s(t + sec(dur - 1), p, "Transferred: sent %d, received %d bytes" % (R.randint(3000, 9000), R.randint(100000, 900000)))
        e = t + sec(dur)
        s(e, p, "Received disconnect from %s port %d:11: disconnected by user" % (src, pt))
        s(e, p, "Disconnected from user %s %s port %d" % (user, src, pt))
        s(e, p, "pam_unix(sshd:session): session closed for user %s" % user)

    login(at(8, 2), "alice", 1000, "192.0.2.10")
    login(at(13, 40), "alice", 1000, "192.0.2.10")
    login(at(10, 15), "alice", 1000, "2001:db8:10::15")
    login(at(9, 30), "bob", 1001, "192.0.2.77", method="password", dur=900)
    login(at(16, 5), "carol", 1002, "2001:db8:20::5", method="keyboard-interactive/pam", dur=300)
    for h in (1, 7, 13, 19):
        login(at(h, 0), "git", 998, "192.0.2.40", dur=3)
    login(at(2, 30), "backup", 34, "192.0.2.41", dur=600, sftp=True)
    # alice's key is refused once from a new laptop, then she uses the right one
    p = pid()
    s(at(8, 1, 50), p, "Failed publickey for alice from 192.0.2.12 port %d ssh2: RSA SHA256:mK4nP2qR6sT8uV0wX1yZ3aB5cD7eF9gH1iJ3kL5mN7o" % port())
    # a home directory with wrong modes
    s(at(11, 20, 5), pid(), "Authentication refused: bad ownership or modes for directory /home/dave")
    # a tunnel to a database that was down
    p = pid()
    for i in range(3):
        s(at(14, 10 + i), p, "error: connect_to 127.0.0.1 port 5432: failed.", "err")

    # password guessing: root and invalid users from a few bots
    bots = [("203.0.113.50", 140), ("203.0.113.51", 37), ("198.51.100.23", 12), ("2001:db8:bad::7", 6)]
    names = ["admin", "test", "oracle", "ubuntu", "user", "postgres", "git", "deploy", "support", ""]
    for src, n in bots:
        for i in range(n):
            t = rnd()
            p = pid()
            pt = port()
            if i % 3 == 0:
                s(t, p, "Failed password for root from %s port %d ssh2" % (src, pt))
                s(t, p, "Received disconnect from %s port %d:11: Bye Bye [preauth]" % (src, pt))
                s(t, p, "Disconnected from authenticating user root %s port %d [preauth]" % (src, pt))
            else:
                u = names[(i * 7 + len(src)) % len(names)]
                s(t, p, "Invalid user %s from %s port %d" % (u, src, pt))
                s(t, p, "pam_unix(sshd:auth): check pass; user unknown", "notice", "authpriv")
                s(t, p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s" % src, "notice", "authpriv")
                s(t + sec(2), p, "Failed password for invalid user %s from %s port %d ssh2" % (u, src, pt))
                s(t + sec(2), p, "Connection closed by invalid user %s %s port %d [preauth]" % (u, src, pt))
    # bob's password is being guessed from a cloud network, slowly
    for i in range(4):
        p = pid()
        pt = port()
        s(at(3, 10 + i), p, "Failed password for bob from 198.51.100.140 port %d ssh2" % pt)
        s(at(3, 10 + i, 59), p, "Connection closed by authenticating user bob 198.51.100.140 port %d [preauth]" % pt)
    # bots that hit MaxAuthTries
    for src, user in (("203.0.113.50", "root"), ("203.0.113.52", "root"), ("203.0.113.52", "admin")):
        p = pid()
        pt = port()
        if user == "root":
            s(rnd(), p, "error: maximum authentication attempts exceeded for root from %s port %d ssh2 [preauth]" % (src, pt), "err")
        else:
            s(rnd(), p, "error: maximum authentication attempts exceeded for invalid user %s from %s port %d ssh2 [preauth]" % (user, src, pt), "err")
        s(rnd(), p, "Disconnecting authenticating user %s %s port %d: Too many authentication failures [preauth]" % (user, src, pt))
    # keyboard-interactive with PAM: sshd's own PAM error line
    for i in range(5):
        p = pid()
        s(rnd(), p, "error: PAM: Authentication failure for root from 203.0.113.53", "err")
    s(rnd(), pid(), "error: PAM: Authentication failure for illegal user admin from 203.0.113.53", "err")
    # scanners: no banner, garbage, old key exchange, timeouts
    for src in ("203.0.113.60", "203.0.113.61", "198.51.100.9", "203.0.113.60"):
        s(rnd(), pid(), "Did not receive identification string from %s port %d" % (src, port()))
    for i in range(6):
        s(rnd(), pid(), "error: kex_exchange_identification: Connection closed by remote host", "err")
    for i in range(4):
        s(rnd(), pid(), "error: kex_exchange_identification: read: Connection reset by peer", "err")
    s(rnd(), pid(), "error: kex_exchange_identification: client sent invalid protocol identifier \"GET / HTTP/1.1\"", "err")
    s(rnd(), pid(), "error: kex_exchange_identification: banner line contains invalid characters", "err")
    for i in range(3):
        s(rnd(), pid(), "banner exchange: Connection from 203.0.113.62 port %d: invalid format" % port())
    s(rnd(), pid(), "banner exchange: Connection from 203.0.113.63 port %d: could not read protocol version" % port())
    for src, offer in (("203.0.113.64", "diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1"),
                       ("203.0.113.64", "diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1"),
                       ("198.51.100.31", "diffie-hellman-group1-sha1")):
        s(rnd(), pid(), "Unable to negotiate with %s port %d: no matching key exchange method found. Their offer: %s [preauth]" % (src, port(), offer))
    s(rnd(), pid(), "Unable to negotiate with 203.0.113.65 port %d: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]" % port())
    s(rnd(), pid(), "Unable to negotiate with 192.0.2.55 port %d: no matching cipher found. Their offer: aes128-cbc,3des-cbc [preauth]" % port())
    for i in range(3):
        s(rnd(), pid(), "fatal: Timeout before authentication for 203.0.113.66 port %d" % port(), "crit")
    for i in range(4):
        s(rnd(), pid(), "Connection reset by 203.0.113.67 port %d [preauth]" % port())
    s(rnd(), pid(), "Received disconnect from 203.0.113.68 port %d:3: com.jcraft.jsch.JSchException: Auth fail [preauth]" % port())
    s(rnd(), pid(), "error: Received disconnect from 203.0.113.69 port %d:14: No supported authentication methods available [preauth]" % port(), "err")
    s(rnd(), pid(), "userauth_pubkey: signature algorithm ssh-rsa not in PubkeyAcceptedAlgorithms [preauth]")
    # a burst that trips MaxStartups
    t = at(4, 44, 10)
    s(t, p0, "error: beginning MaxStartups throttling", "err")
    for i in range(7):
        s(t + sec(i), p0, "drop connection #%d from [203.0.113.70]:%d on [%s]:22 past MaxStartups" % (10 + i, port(), ME))
    s(t + sec(75), p0, "exited MaxStartups throttling after 00:01:15, 7 connections dropped")
    # reverse DNS
    for i in range(2):
        s(rnd(), pid(), "Address 198.51.100.9 maps to scan.example.net, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!")
    s(rnd(), pid(), "reverse mapping checking getaddrinfo for host-203-0-113-71.example.com [203.0.113.71] failed - POSSIBLE BREAK-IN ATTEMPT!")
    # sshd's own refusals by configuration
    s(rnd(), pid(), "User www-data from 203.0.113.72 not allowed because shell /usr/sbin/nologin does not exist")
    s(rnd(), pid(), "User oracle from 203.0.113.72 not allowed because not listed in AllowUsers")
    s(rnd(), pid(), "User mallory not allowed because account is locked")
    s(rnd(), pid(), "fatal: Access denied for user eve by PAM account configuration [preauth]", "crit")
    # TCP wrappers (libwrap) in front of sshd
    for i in range(3):
        s(rnd(), pid(), "refused connect from 203.0.113.73 (203.0.113.73)", "warning")
    # client side breakage during sessions
    s(at(13, 55, 2), pid(), "fatal: Write failed: Broken pipe", "crit")
    s(at(17, 3, 14), pid(), "error: chmod /srv/www/html/index.php 0644 failed: Operation not permitted", "err")


# ============================================================ postfix + dovecot
QID = [0x3A4F2]


def qid():
    QID[0] += R.randint(17, 4000)
    return "%X%s" % (QID[0], "".join(R.choice("0123456789ABCDEF") for _ in range(5)))


def pf(t, svc, p, msg, sev="info"):
    sysl("mail", sev, t, "postfix/%s[%d]" % (svc, p), msg)


def postfix():
    p_smtpd = 4101
    # start, reload
    pf(at(6, 12, 30), "postfix-script", pid(), "refreshing the Postfix mail system", "info")
    pf(at(6, 12, 30), "master", 980, "reload -- version 3.7.11, configuration /etc/postfix")
    # ---- inbound accepted mail, delivered to dovecot over LMTP and locally
    users = ["alice", "bob", "carol", "dave", "info"]
    for i in range(42):
        t = rnd()
        q = qid()
        src, ip = R.choice([("mail-ot1-f53.google.example.com", "198.51.100.53"), ("mx2.example.net", "203.0.113.25"),
                            ("out.mailer.example.com", "198.51.100.120")])
        p = p_smtpd + i
        pf(t, "smtpd", p, "connect from %s[%s]" % (src, ip))
        pf(t, "smtpd", p, "Anonymous TLS connection established from %s[%s]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)" % (src, ip))
        pf(t, "smtpd", p, "%s: client=%s[%s]" % (q, src, ip))
        pf(t, "cleanup", 5001, "%s: message-id=<%d.%s@%s>" % (q, R.randint(10**8, 10**9), q.lower(), src.split(".", 1)[1]))
        pf(t, "qmgr", 981, "%s: from=<news@%s>, size=%d, nrcpt=1 (queue active)" % (q, src.split(".", 1)[1], R.randint(3000, 90000)))
        u = users[i % len(users)]
        pf(t + sec(1), "lmtp", 5100, "%s: to=<%s@example.org>, relay=%s[private/dovecot-lmtp], delay=0.4, delays=0.1/0.01/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 <%s@example.org> kX3bMvQ3aGUQPAAAx3A2Ag Saved)" % (q, u, FQDN, u))
        pf(t + sec(1), "qmgr", 981, "%s: removed" % q)
        pf(t + sec(1), "smtpd", p, "disconnect from %s[%s] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7" % (src, ip))
    # ---- local mail from cron to root (aliased to alice)
    for h in (6, 7):
        t = at(h, 25, 3)
        q = qid()
        pf(t, "pickup", 5200, "%s: uid=0 from=<root>" % q)
        pf(t, "cleanup", 5001, "%s: message-id=<%s.%s@%s>" % (q, t.strftime("%Y%m%d%H%M%S"), q, FQDN))
        pf(t, "qmgr", 981, "%s: from=<root@%s>, size=%d, nrcpt=1 (queue active)" % (q, FQDN, R.randint(900, 5000)))
        pf(t, "local", 5300, "%s: to=<alice@%s>, orig_to=<root>, relay=local, delay=0.02, delays=0.01/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)" % (q, FQDN))
        pf(t, "qmgr", 981, "%s: removed" % q)
    # ---- submission by staff with SASL, sent out
    for i in range(9):
        t = rnd()
        q = qid()
        p = pid()
        pf(t, "submission/smtpd", p, "connect from unknown[192.0.2.10]")
        pf(t, "submission/smtpd", p, "%s: client=unknown[192.0.2.10], sasl_method=PLAIN, sasl_username=alice" % q)
        pf(t, "cleanup", 5001, "%s: message-id=<%s@example.org>" % (q, q.lower()))
        pf(t, "qmgr", 981, "%s: from=<alice@example.org>, size=%d, nrcpt=1 (queue active)" % (q, R.randint(2000, 400000)))
        dst = R.choice(["mx1.example.com[198.51.100.25]:25", "mx.example.net[203.0.113.26]:25"])
        pf(t + sec(2), "smtp", pid(), "Trusted TLS connection established to %s: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)" % dst)
        pf(t + sec(2), "smtp", pid(), "%s: to=<partner%d@example.com>, relay=%s, delay=1.9, delays=0.1/0.02/0.9/0.9, dsn=2.0.0, status=sent (250 2.0.0 OK 1700000000 x%d)" % (q, i, dst, i))
        pf(t + sec(2), "qmgr", 981, "%s: removed" % q)
        pf(t + sec(3), "submission/smtpd", p, "disconnect from unknown[192.0.2.10] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8")
    # ---- a deferral that expires, and a bounce
    q = qid()
    t = at(0, 40, 0)
    pf(t, "qmgr", 981, "%s: from=<bob@example.org>, size=4410, nrcpt=1 (queue active)" % q)
    for h in (0, 3, 9, 15, 21):
        pf(at(h, 41), "smtp", pid(), "connect to mx.old-partner.example.com[203.0.113.99]:25: Connection timed out")
        pf(at(h, 41), "smtp", pid(), "%s: to=<sales@old-partner.example.com>, relay=none, delay=%d, delays=%d/0.02/30/0, dsn=4.4.1, status=deferred (connect to mx.old-partner.example.com[203.0.113.99]:25: Connection timed out)" % (q, 400000 + h * 3600, 400000 + h * 3600))
    pf(at(21, 41, 40), "qmgr", 981, "%s: from=<bob@example.org>, status=expired, returned to sender" % q)
    q2 = qid()
    pf(at(21, 41, 41), "bounce", 5400, "%s: sender non-delivery notification: %s" % (q, q2))
    pf(at(21, 41, 42), "lmtp", 5100, "%s: to=<bob@example.org>, relay=%s[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <bob@example.org> aB3 Saved)" % (q2, FQDN))
    pf(at(21, 41, 42), "qmgr", 981, "%s: removed" % q2)
    q = qid()
    t = at(11, 5, 0)
    pf(t, "qmgr", 981, "%s: from=<carol@example.org>, size=2310, nrcpt=1 (queue active)" % q)
    pf(t + sec(1), "smtp", pid(), "%s: to=<jon.smith@example.com>, relay=mx1.example.com[198.51.100.25]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=5.1.1, status=bounced (host mx1.example.com[198.51.100.25] said: 550 5.1.1 <jon.smith@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))" % q)
    q2 = qid()
    pf(t + sec(1), "bounce", 5400, "%s: sender non-delivery notification: %s" % (q, q2))
    pf(t + sec(2), "qmgr", 981, "%s: removed" % q)
    # ---- dave's mailbox is over quota: LMTP deferrals
    for i in range(3):
        q = qid()
        t = rnd()
        pf(t, "qmgr", 981, "%s: from=<list@example.net>, size=81230, nrcpt=1 (queue active)" % q)
        pf(t, "lmtp", 5100, "%s: to=<dave@example.org>, relay=%s[private/dovecot-lmtp], delay=0.2, delays=0.1/0/0/0.1, dsn=4.2.2, status=deferred (host %s[private/dovecot-lmtp] said: 452 4.2.2 <dave@example.org> Mailbox is full / Blocks limit exceeded (in reply to end of DATA command))" % (q, FQDN, FQDN))
    # ---- rejects of all the usual kinds
    def rej(t, ip, name, code, dsn, what, frm, to, helo, stage="RCPT"):
        p = pid()
        pf(t, "smtpd", p, "connect from %s[%s]" % (name, ip))
        pf(t, "smtpd", p, "NOQUEUE: reject: %s from %s[%s]: %s %s %s; from=<%s> to=<%s> proto=ESMTP helo=<%s>" % (stage, name, ip, code, dsn, what, frm, to, helo))
        pf(t + sec(1), "smtpd", p, "disconnect from %s[%s] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4" % (name, ip))
    for i in range(11):
        rej(rnd(), "203.0.113.%d" % (120 + i % 4), "unknown", 554, "5.7.1", "Service unavailable; Client host [203.0.113.%d] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.%d" % (120 + i % 4, 120 + i % 4), "spam@example.com", "alice@example.org", "User")
    for i in range(6):
        rej(rnd(), "198.51.100.%d" % (200 + i % 2), "unknown", 454, "4.7.1", "<relaytest@example.net>: Relay access denied", "test@example.com", "relaytest@example.net", "WIN-8QK3P2")
    for i in range(5):
        rej(rnd(), "203.0.113.130", "mail.example.com", 550, "5.1.1", "<sales@example.org>: Recipient address rejected: User unknown in local recipient table", "offers@example.com", "sales@example.org", "mail.example.com")
    for i in range(4):
        rej(rnd(), "203.0.113.131", "unknown", 504, "5.5.2", "<localhost>: Helo command rejected: need fully-qualified hostname", "a@example.com", "bob@example.org", "localhost")
    for i in range(3):
        rej(rnd(), "198.51.100.150", "unknown", 450, "4.7.25", "Client host rejected: cannot find your hostname, [198.51.100.150]", "x@example.net", "carol@example.org", "mta.example.net")
    for i in range(2):
        rej(rnd(), "203.0.113.132", "host.example.com", 450, "4.1.8", "<bounce@nonexistent.example.com>: Sender address rejected: Domain not found", "bounce@nonexistent.example.com", "alice@example.org", "host.example.com")
    rej(rnd(), "203.0.113.133", "unknown", 550, "5.7.1", "<alice@example.org>: Sender address rejected: not logged in", "alice@example.org", "bob@example.org", "example.org")
    rej(rnd(), "203.0.113.134", "big.example.com", 552, "5.3.4", "Message size exceeds fixed limit", "huge@example.com", "bob@example.org", "big.example.com", "END-OF-MESSAGE")
    # ---- SASL password guessing on submission and smtps
    for i in range(38):
        t = rnd()
        ip = "203.0.113.%d" % (140 + i % 3)
        p = pid()
        svc = "submission/smtpd" if i % 2 else "smtps/smtpd"
        pf(t, svc, p, "connect from unknown[%s]" % ip)
        pf(t, svc, p, "warning: unknown[%s]: SASL LOGIN authentication failed: UGFzc3dvcmQ6" % ip, "warning")
        pf(t, svc, p, "lost connection after AUTH from unknown[%s]" % ip)
        pf(t, svc, p, "disconnect from unknown[%s] ehlo=1 auth=0/1 commands=1/2" % ip)
    for i in range(3):
        pf(rnd(), "submission/smtpd", pid(), "warning: unknown[192.0.2.15]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=bob", "warning")
    # ---- client misbehaviour
    for i in range(7):
        p = pid()
        t = rnd()
        ip = "198.51.100.%d" % (160 + i)
        pf(t, "smtpd", p, "connect from unknown[%s]" % ip)
        pf(t, "smtpd", p, "lost connection after CONNECT from unknown[%s]" % ip)
        pf(t, "smtpd", p, "disconnect from unknown[%s] commands=0/0" % ip)
    for i in range(4):
        pf(rnd(), "smtpd", pid(), "warning: hostname 203-0-113-%d.dyn.example.net does not resolve to address 203.0.113.%d: Name or service not known" % (150 + i, 150 + i), "warning")
    for i in range(3):
        pf(rnd(), "smtpd", pid(), "improper command pipelining after EHLO from unknown[203.0.113.155]: QUIT\\r\\n")
    for i in range(2):
        pf(rnd(), "smtpd", pid(), "warning: non-SMTP command from unknown[203.0.113.156]: GET / HTTP/1.1", "warning")
    pf(rnd(), "smtpd", pid(), "too many errors after RCPT from unknown[203.0.113.157]")
    pf(rnd(), "smtpd", pid(), "timeout after DATA (8192 bytes) from mail.example.net[198.51.100.60]")
    for i in range(3):
        pf(rnd(), "smtpd", pid(), "warning: TLS library problem: error:0A000076:SSL routines::no suitable signature algorithm:../ssl/t1_lib.c:3330:", "warning")
        pf(rnd(), "smtpd", pid(), "SSL_accept error from unknown[203.0.113.158]: -1")
    pf(rnd(), "smtpd", pid(), "warning: Illegal address syntax from unknown[203.0.113.159] in RCPT command: <'alice@example.org'>", "warning")
    pf(rnd(), "anvil", 5500, "statistics: max connection rate 9/60s for (smtpd:203.0.113.140) at %s" % at(4, 10).strftime("%b %e %H:%M:%S"))
    pf(rnd(), "smtpd", pid(), "warning: Connection rate limit exceeded: 61 from unknown[203.0.113.141] for service submission", "warning")
    # ---- the server's own problems
    t = at(6, 13, 0)
    pf(t, "smtpd", pid(), "warning: database /etc/postfix/virtual.db is older than source file /etc/postfix/virtual", "warning")
    pf(t + sec(30), "cleanup", 5001, "warning: database /etc/postfix/virtual.db is older than source file /etc/postfix/virtual", "warning")
    pf(at(12, 30, 5), "smtpd", 6111, "fatal: no SASL authentication mechanisms", "crit")
    pf(at(12, 30, 6), "master", 980, "warning: process /usr/lib/postfix/sbin/smtpd pid 6111 exit status 1", "warning")
    pf(at(12, 30, 6), "master", 980, "warning: /usr/lib/postfix/sbin/smtpd: bad command startup -- throttling", "warning")
    pf(at(14, 2, 0), "smtpd", pid(), "warning: dnsblog reply timeout 10s for bl.example.net", "warning")
    pf(at(14, 2, 0), "smtpd", pid(), "warning: problem talking to server private/policy-spf: Connection timed out", "warning")


def dovecot():
    def d(t, msg, sev="info"):
        sysl("mail", sev, t, "dovecot", msg)
    d(at(6, 12, 50), "master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp, sieve (core dumps disabled)")
    d(at(6, 12, 49), "master: Warning: Killed with signal 15 (by pid=1 uid=0 code=kill)")
    for i in range(60):
        u, ip = R.choice([("alice", "192.0.2.10"), ("alice", "2001:db8:10::15"), ("bob", "198.51.100.77"), ("carol", "203.0.113.200"), ("dave", "192.0.2.12")])
        t = rnd()
        p = pid()
        proto = "imap" if i % 5 else "pop3"
        d(t, "%s-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=%s, mpid=%d, TLS, session=<%s>" % (proto, u, ip, ME, p, "x%05dAbC" % i))
        if proto == "imap":
            d(t + sec(600), "imap(%s)<%d><%s>: Logged out in=%d out=%d deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0" % (u, p, "x%05dAbC" % i, R.randint(100, 900), R.randint(1000, 90000)))
        else:
            d(t + sec(5), "pop3(%s)<%d><%s>: Disconnected: Logged out top=0/0, retr=1/2110, del=1/1, size=2110" % (u, p, "x%05dAbC" % i))
    # LMTP deliveries
    for i in range(20):
        u = R.choice(["alice", "bob", "carol", "info"])
        d(rnd(), "lmtp(%s)<%d><kX3bMvQ3aGUQPAAAx3A2Ag>: msgid=<%d@example.net>: saved mail to INBOX" % (u, pid(), R.randint(10**6, 10**7)))
    # password guessing against IMAP and POP3
    for i in range(25):
        ip = "203.0.113.%d" % (170 + i % 2)
        proto = "imap" if i % 2 else "pop3"
        d(rnd(), "auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=%s rhost=%s  user=%s" % ("info", ip, "info"))
        d(rnd(), "%s-login: Disconnected: Connection closed (auth failed, 3 attempts in 12 secs): user=<info>, method=PLAIN, rip=%s, lip=%s, TLS, session=<zz%04d>" % (proto, ip, ME, i))
    for i in range(4):
        d(rnd(), "imap-login: Disconnected: Connection closed (no auth attempts in 0 secs): user=<>, rip=198.51.100.180, lip=%s, TLS handshaking: SSL_accept() failed: error:0A00006C:SSL routines::bad key share, session=<q%03d>" % (ME, i))
    for i in range(3):
        d(rnd(), "imap-login: Disconnected: Aborted login by logging out (no auth attempts in 1 secs): user=<>, rip=198.51.100.181, lip=%s, session=<w%03d>" % (ME, i))
    # dave over quota, an index permission problem, a sieve forward and vacation
    for i in range(3):
        d(rnd(), "lmtp(dave)<%d><kX3bMvQ3aGUQPAAAx3A2Ag>: Error: msgid=<%d@example.net>: save failed to INBOX: Quota exceeded (mailbox for user is full)" % (pid(), R.randint(10**6, 10**7)), "err")
    d(at(9, 14, 2), "imap(carol)<%d><AbC>: Error: open(/home/carol/Maildir/dovecot.index.log) failed: Permission denied (euid=1002(carol) egid=1002(carol) missing +w perm: /home/carol/Maildir, dir owned by 0:0 mode=0755)" % pid(), "err")
    d(at(10, 1, 0), "lmtp(bob)<%d><kX3>: sieve: msgid=<77@example.net>: forwarded to <bob.private@example.com>" % pid())
    d(at(10, 2, 0), "lmtp(carol)<%d><kX4>: sieve: msgid=<78@example.net>: sent vacation response to <partner1@example.com>" % pid())


# ============================================================ pam, sudo, su
def sudo_su():
    def su(t, msg, sev="info", fac="authpriv"):
        sysl(fac, sev, t, "sudo", msg)
    cmds = [("alice", "/home/alice", "/usr/bin/apt-get update"), ("alice", "/home/alice", "/usr/bin/apt-get upgrade -y"),
            ("alice", "/home/alice", "/usr/bin/systemctl restart postfix"), ("alice", "/home/alice", "/usr/sbin/postmap /etc/postfix/virtual"),
            ("bob", "/srv/www", "/usr/bin/systemctl reload nginx"), ("bob", "/srv/www", "/usr/bin/tail -n 50 /var/log/nginx/error.log"),
            ("alice", "/home/alice", "/usr/bin/journalctl -u ssh --since today"), ("alice", "/root", "/bin/bash")]
    for user, cwd, cmd in cmds:
        t = rnd()
        su(t, "   %s : TTY=pts/0 ; PWD=%s ; USER=root ; COMMAND=%s" % (user, cwd, cmd), "notice", "authpriv")
        su(t, "pam_unix(sudo:session): session opened for user root(uid=0) by %s(uid=%d)" % (user, 1000 if user == "alice" else 1001))
        su(t + sec(5), "pam_unix(sudo:session): session closed for user root")
    # bob mistypes his password once, then succeeds
    t = at(15, 20, 3)
    su(t, "pam_unix(sudo:auth): authentication failure; logname=bob uid=1001 euid=0 tty=/dev/pts/1 ruser=bob rhost=  user=bob", "notice")
    su(t + sec(9), "     bob : 1 incorrect password attempt ; TTY=pts/1 ; PWD=/srv/www ; USER=root ; COMMAND=/usr/bin/systemctl restart php8.2-fpm", "alert")
    # carol is not in sudoers
    t = at(16, 7, 40)
    su(t, "   carol : user NOT in sudoers ; TTY=pts/2 ; PWD=/home/carol ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow", "alert")
    # su by alice
    t = at(18, 2, 0)
    p = pid()
    sysl("auth", "notice", t, "su[%d]" % p, "(to root) alice on pts/0")
    sysl("authpriv", "info", t, "su[%d]" % p, "pam_unix(su-l:session): session opened for user root(uid=0) by alice(uid=1000)")
    sysl("authpriv", "info", t + sec(300), "su[%d]" % p, "pam_unix(su-l:session): session closed for user root")
    # a failed su to postgres by bob
    t = at(18, 30, 0)
    p = pid()
    sysl("authpriv", "notice", t, "su[%d]" % p, "pam_unix(su:auth): authentication failure; logname=bob uid=1001 euid=0 tty=/dev/pts/1 ruser=bob rhost=  user=postgres")
    sysl("auth", "notice", t + sec(2), "su[%d]" % p, "FAILED SU (to postgres) bob on pts/1")
    # a password change and a new account
    t = at(11, 0, 0)
    sysl("authpriv", "notice", t, "passwd[%d]" % pid(), "pam_unix(passwd:chauthtok): password changed for bob")
    t = at(11, 30, 0)
    p = pid()
    sysl("auth", "info", t, "groupadd[%d]" % p, "group added to /etc/group: name=frank, GID=1005")
    sysl("auth", "info", t, "groupadd[%d]" % p, "new group: name=frank, GID=1005")
    sysl("auth", "info", t, "useradd[%d]" % pid(), "new user: name=frank, UID=1005, GID=1005, home=/home/frank, shell=/bin/bash, from=/dev/pts/0")
    sysl("auth", "info", t + sec(20), "usermod[%d]" % pid(), "add 'frank' to group 'www-data'")


# ============================================================ cron
def cron():
    for h in range(24):
        t = at(h, 17, R.randint(0, 3))
        p = pid()
        sysl("authpriv", "info", t, "CRON[%d]" % p, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
        sysl("cron", "info", t, "CRON[%d]" % p, "(root) CMD (cd / && run-parts --report /etc/cron.hourly)")
        sysl("authpriv", "info", t + sec(1), "CRON[%d]" % p, "pam_unix(cron:session): session closed for user root")
    for m in range(0, 60, 5):
        for h in range(24):
            if (h * 60 + m) % 15 == 0:
                sysl("cron", "info", at(h, m, 1), "CRON[%d]" % pid(), "(www-data) CMD (php /srv/www/nextcloud/cron.php)")
    sysl("cron", "info", at(6, 25, 1), "CRON[%d]" % pid(), "(root) CMD (test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; })")
    sysl("cron", "info", at(3, 30, 0), "CRON[%d]" % pid(), "(backup) CMD (/usr/local/bin/nightly-dump.sh > /dev/null 2>&1)")
    sysl("cron", "info", at(10, 44, 0), "crontab[%d]" % pid(), "(bob) BEGIN EDIT (bob)")
    sysl("cron", "info", at(10, 45, 0), "crontab[%d]" % pid(), "(bob) REPLACE (bob)")
    sysl("cron", "info", at(10, 45, 1), "crontab[%d]" % pid(), "(bob) END EDIT (bob)")
    sysl("cron", "info", at(10, 46, 1), "cron[510]", "(bob) RELOAD (crontabs/bob)")
    sysl("cron", "info", at(6, 12, 20), "cron[510]", "(CRON) INFO (pidfile fd = 3)")
    sysl("cron", "info", at(6, 12, 20), "cron[510]", "(CRON) INFO (Running @reboot jobs)")


# ============================================================ systemd
def systemd():
    def s(t, msg, sev="info"):
        sysl("daemon", sev, t, "systemd[1]", msg)
    for unit, desc, h in (("logrotate", "Rotate log files", 0), ("man-db", "Daily man-db regeneration", 3),
                          ("apt-daily", "Daily apt download activities", 5), ("apt-daily-upgrade", "Daily apt upgrade and clean activities", 6),
                          ("systemd-tmpfiles-clean", "Cleanup of Temporary Directories", 0), ("phpsessionclean", "Clean php session files", 9)):
        t = at(h, 9, 0)
        s(t, "Starting %s.service - %s..." % (unit, desc))
        s(t + sec(2), "%s.service: Deactivated successfully." % unit)
        s(t + sec(2), "Finished %s.service - %s." % (unit, desc))
    # the nightly dump fails
    t = at(3, 0, 0)
    s(t, "Starting db-dump.service - Nightly database dump...")
    sysl("daemon", "err", t + sec(4), "db-dump.sh[%d]" % pid(), "mysqldump: Got error: 2002: \"Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)\" when trying to connect")
    s(t + sec(4), "db-dump.service: Main process exited, code=exited, status=2/INVALIDARGUMENT", "notice")
    s(t + sec(4), "db-dump.service: Failed with result 'exit-code'.", "warning")
    s(t + sec(4), "Failed to start db-dump.service - Nightly database dump.", "err")
    # openssh, postfix, dovecot restarted by the upgrade
    t = at(6, 12, 39)
    for unit, desc in (("ssh", "OpenBSD Secure Shell server"), ("dovecot", "Dovecot IMAP/POP3 email server")):
        s(t, "Stopping %s.service - %s..." % (unit, desc))
        s(t + sec(1), "%s.service: Deactivated successfully." % unit)
        s(t + sec(1), "Stopped %s.service - %s." % (unit, desc))
        s(t + sec(1), "Starting %s.service - %s..." % (unit, desc))
        s(t + sec(2), "Started %s.service - %s." % (unit, desc))
    s(t + sec(3), "Reloading postfix@-.service - Postfix Mail Transport Agent (instance -)...")
    s(t + sec(3), "Reloaded postfix@-.service - Postfix Mail Transport Agent (instance -).")
    s(t + sec(5), "Reloading.")
    # user sessions of the staff
    for user, uid in (("alice", 1000), ("bob", 1001)):
        t = at(8 if user == "alice" else 9, 2, 2)
        s(t, "Created slice user-%d.slice - User Slice of UID %d." % (uid, uid))
        s(t, "Starting user-runtime-dir@%d.service - User Runtime Directory /run/user/%d..." % (uid, uid))
        s(t, "Finished user-runtime-dir@%d.service - User Runtime Directory /run/user/%d." % (uid, uid))
        s(t, "Starting user@%d.service - User Manager for UID %d..." % (uid, uid))
        s(t + sec(1), "Started user@%d.service - User Manager for UID %d." % (uid, uid))
        s(t + sec(1), "Started session-%d.scope - Session %d of User %s." % (uid - 700, uid - 700, user))
        s(t + sec(1800), "session-%d.scope: Deactivated successfully." % (uid - 700))
    # the OOM kill takes php-fpm with it
    s(at(20, 14, 33), "php8.2-fpm.service: A process of this unit has been killed by the OOM killer.", "warning")
    s(at(20, 14, 33), "php8.2-fpm.service: Main process exited, code=killed, status=9/KILL", "notice")
    s(at(20, 14, 33), "php8.2-fpm.service: Failed with result 'oom-kill'.", "warning")
    s(at(20, 14, 33), "php8.2-fpm.service: Consumed 2h 11min 4.310s CPU time.")
    s(at(20, 14, 38), "php8.2-fpm.service: Scheduled restart job, restart counter is at 1.", "notice")
    s(at(20, 14, 38), "Stopped php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.")
    s(at(20, 14, 38), "Starting php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...")
    s(at(20, 14, 39), "Started php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.")


# ============================================================ kernel
def kernel():
    # OOM killer: php-fpm workers eat the memory
    t = at(20, 14, 30)
    kern("warning", t, "php-fpm8.2 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0")
    kern("warning", t, "CPU: 1 PID: 23177 Comm: php-fpm8.2 Not tainted 6.1.0-27-amd64 #1  Debian 6.1.115-1")
    kern("info", t, "Mem-Info:")
    kern("info", t, "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/php8.2-fpm.service,task=php-fpm8.2,pid=23101,uid=33")
    kern("err", t, "Out of memory: Killed process 23101 (php-fpm8.2) total-vm:1894520kB, anon-rss:1502204kB, file-rss:0kB, shmem-rss:10240kB, UID:33 pgtables:3172kB oom_score_adj:0")
    kern("err", t + sec(1), "Out of memory: Killed process 23177 (php-fpm8.2) total-vm:1690332kB, anon-rss:1298808kB, file-rss:0kB, shmem-rss:10240kB, UID:33 pgtables:2800kB oom_score_adj:0")
    kern("info", t + sec(1), "oom_reaper: reaped process 23101 (php-fpm8.2), now anon-rss:0kB, file-rss:0kB, shmem-rss:10240kB")
    # a segfault of a small tool
    kern("info", at(12, 51, 7), "imagemagick-thu[30211]: segfault at 0 ip 00007f3c8a2b4c1d sp 00007ffd6e2b9a80 error 4 in libMagickCore-6.Q16.so.6.0.0[7f3c8a1a6000+2d1000] likely on CPU 0 (core 0, socket 0)")
    kern("info", at(12, 51, 7), "Code: 48 8b 07 48 85 c0 74 0b 48 8b 40 08 c3 0f 1f 44 00 00 31 c0 c3 66 2e 0f 1f 84 00 00 00 00 00 f3 0f 1e fa 41 57 41 56 41 55 41 54 55 53 48 83 ec 18 <48> 8b 2f 48")
    # the NIC: a link flap on the second port and its driver messages
    kern("info", at(2, 14, 0), "e1000e 0000:00:1f.6 eno1: NIC Link is Down")
    kern("info", at(2, 14, 4), "e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx")
    kern("warning", at(2, 14, 0), "e1000e 0000:00:1f.6 eno1: Detected Hardware Unit Hang:")
    kern("err", at(2, 13, 58), "e1000e 0000:00:1f.6 eno1: Reset adapter unexpectedly")
    kern("info", at(2, 14, 5), "IPv6: ADDRCONF(NETDEV_CHANGE): eno1: link becomes ready")
    kern("warning", at(22, 0, 1), "TCP: request_sock_TCP: Possible SYN flooding on port 25. Sending cookies.  Check SNMP counters.")
    kern("info", at(4, 1, 1), "nf_conntrack: default automatic helper assignment has been turned off for security reasons and CT-based firewall rule not found. Use the iptables CT target to attach helpers instead.")
    # the disk: a few corrected errors of the second SSD and a long I/O wait
    kern("err", at(5, 30, 0), "ata2.00: exception Emask 0x0 SAct 0x40000 SErr 0x0 action 0x0")
    kern("err", at(5, 30, 0), "ata2.00: failed command: READ FPDMA QUEUED")
    kern("err", at(5, 30, 0), "ata2.00: status: { DRDY ERR }")
    kern("err", at(5, 30, 0), "ata2.00: error: { UNC }")
    kern("info", at(5, 30, 1), "ata2.00: configured for UDMA/133")
    kern("info", at(5, 30, 1), "ata2: EH complete")
    kern("err", at(5, 30, 1), "blk_update_request: I/O error, dev sdb, sector 88213504 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0")
    kern("err", at(23, 10, 0), "INFO: task jbd2/sdb1-8:412 blocked for more than 120 seconds.")
    kern("warning", at(1, 0, 0), "perf: interrupt took too long (3141 > 3126), lowering kernel.perf_event_max_sample_rate to 63500")
    kern("info", at(6, 12, 35), "audit: type=1400 audit(1700000000.123:45): apparmor=\"STATUS\" operation=\"profile_replace\" info=\"same as current profile, skipping\" profile=\"unconfined\" name=\"/usr/sbin/sshd\" pid=9121 comm=\"apparmor_parser\"")


# ============================================================ dpkg
def dpkg():
    d = H.dpkg
    t = at(6, 12, 2)
    pkgs = [("openssh-server", "amd64", "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u4"), ("openssh-client", "amd64", "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u4"),
            ("openssh-sftp-server", "amd64", "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u4"), ("dovecot-core", "amd64", "1:2.3.19.1+dfsg1-2.1", "1:2.3.19.1+dfsg1-2.1+deb12u1"),
            ("postfix", "amd64", "3.7.10-0+deb12u1", "3.7.11-0+deb12u1"), ("linux-image-amd64", "amd64", "6.1.112-1", "6.1.115-1")]
    d(t, "startup archives unpack")
    for n, a, old, new in pkgs:
        t += sec(1)
        d(t, "upgrade %s:%s %s %s" % (n, a, old, new))
        d(t, "status half-configured %s:%s %s" % (n, a, old))
        d(t, "status unpacked %s:%s %s" % (n, a, old))
        d(t, "status half-installed %s:%s %s" % (n, a, old))
        d(t, "status unpacked %s:%s %s" % (n, a, new))
    t += sec(1)
    d(t, "install linux-image-6.1.0-28-amd64:amd64 <none> 6.1.119-1")
    d(t, "status half-installed linux-image-6.1.0-28-amd64:amd64 6.1.119-1")
    d(t, "status unpacked linux-image-6.1.0-28-amd64:amd64 6.1.119-1")
    d(t, "startup packages configure")
    for n, a, old, new in pkgs:
        t += sec(1)
        d(t, "configure %s:%s %s <none>" % (n, a, new))
        d(t, "status half-configured %s:%s %s" % (n, a, new))
        d(t, "status installed %s:%s %s" % (n, a, new))
    d(t, "conffile /etc/ssh/sshd_config keep")
    d(t, "configure linux-image-6.1.0-28-amd64:amd64 6.1.119-1 <none>")
    d(t, "status installed linux-image-6.1.0-28-amd64:amd64 6.1.119-1")
    t = at(11, 40, 0)
    d(t, "startup packages remove")
    d(t, "remove linux-image-6.1.0-25-amd64:amd64 6.1.106-3 <none>")
    d(t, "status half-configured linux-image-6.1.0-25-amd64:amd64 6.1.106-3")
    d(t, "status config-files linux-image-6.1.0-25-amd64:amd64 6.1.106-3")
    d(t + sec(3), "startup packages purge")
    d(t + sec(3), "purge linux-image-6.1.0-25-amd64:amd64 6.1.106-3 <none>")
    d(t + sec(3), "status not-installed linux-image-6.1.0-25-amd64:amd64 <none>")


if HOST == "willow" and SCEN == "day":
    sshd()
    postfix()
    dovecot()
    sudo_su()
    cron()
    systemd()
    kernel()
    dpkg()
else:
    sys.exit("unknown host/scenario")

H.write(OUT)
