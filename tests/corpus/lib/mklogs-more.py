#!/usr/bin/env python3
"""mklogs-more.py - synthetic /var/log trees for LogWatch's amavis, saslauthd,
openvpn, samba, automount and xntpd services.

usage: mklogs-more.py HOST SCENARIO DAY OUTDIR
  HOST      spruce | alder
  SCENARIO  day | quiet (spruce only)
  DAY       YYYY-MM-DD (the day the logs describe; logwatch runs with --range yesterday)
  OUTDIR    directory that plays /var/log

spruce (192.0.2.94, spruce.example.org): Debian 12 mail gateway, postfix +
       amavisd-new 2.13 (SpamAssassin, ClamAV via clamd), saslauthd for SMTP
       AUTH, ntpsec.  Besides Debian's rsyslog defaults (mail.log, auth.log,
       syslog) the admin keeps a RHEL-style messages file
       (*.info;mail.none;authpriv.none;cron.none).
       day:   clamd down for twenty minutes in the morning (amavis cannot
              reach the socket, mail is tempfailed), an infected attachment
              that a local user sent (passed to a quarantine-less policy
              bank), banned .exe attachments, bad headers, spam, SMTP AUTH
              password guessing through saslauthd, an amavis restart.
       quiet: an ordinary day: clean mail, some spam blocked, a few SASL
              typos by real users, ntpd in sync.
alder  (192.0.2.95, alder.example.net): Debian 11 office server: samba file
       shares, an OpenVPN server (instance "office", ovpn-office), autofs
       home directories from a NAS, classic ntpd 4.2.8 and ntpdate.  rsyslog
       still writes daemon.log; the admin added daemon.* to messages.
       Problems: an expired client certificate retried all day, TLS
       handshake failures from scanners, a revoked certificate, the client
       limit reached; samba password guessing against one account and an
       smbd crash; the NAS export of one home directory missing; ntpd
       cannot resolve or reach its servers and ntpdate steps the clock by
       about 4 minutes.

Everything is deterministic (seeded by host+scenario; only the dates follow
DAY).  Addresses are from RFC 5737, names from example.org/.net/.com.
"""
import sys

from mklogs_base import Host

HOST, SCEN, DAY, OUT = sys.argv[1:5]
H = Host("more/%s/%s" % (HOST, SCEN), DAY, HOST, first_pid=2000)
R, D0, FILES, PID = H.R, H.D0, H.FILES, H.PID
pid, at, sec, raw, sysl = H.pid, H.at, H.sec, H.raw, H.sysl


def route(fac, sev):
    files = []
    if fac in ("auth", "authpriv"):
        files.append("auth.log")
    else:
        files.append("syslog")
    if fac == "mail":
        files.append("mail.log")
    if fac == "daemon" and HOST == "alder":
        files.append("daemon.log")
    if HOST == "spruce":
        if fac not in ("mail", "authpriv", "cron") and sev != "debug":
            files.append("messages")
    else:
        if fac == "daemon" or (fac not in ("mail", "auth", "authpriv", "cron") and sev != "debug"):
            files.append("messages")
    return sorted(set(files))
H.route = route

def rid(n=12):
    a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(R.choice(a) for _ in range(n))


def qid():
    return "4" + "".join(R.choice("BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789") for _ in range(11))


# ------------------------------------------------------------ amavis (spruce)
AMAVIS_PID = [1043]
AMAVIS_SEQ = {}
USERS = ["mika", "sales", "info", "tanaka", "oliver", "billing", "hr"]
SENDERS_OK = ["news@lists.example.com", "orders@shop.example.net", "kenta@partner.example.com",
              "support@vendor.example.net", "noreply@bank.example.com", "anna@example.net"]
SPAMMERS = ["offer@promo.example.net", "winner@lottery.example.com", "ceo@example.org.invalid",
            "billing@paypa1.example.com", "info@pharm.example.net"]
ORIG_SPAM = ["203.0.113.%d" % i for i in (9, 17, 41, 88, 131)]
ORIG_OK = ["198.51.100.%d" % i for i in (20, 21, 55, 73, 140)]


def am(t, msg, seq=True):
    p = AMAVIS_PID[0] + R.randint(1, 12)
    if seq:
        AMAVIS_SEQ[p] = AMAVIS_SEQ.get(p, 0) + 1
        msg = "(%05d-%02d) %s" % (p, AMAVIS_SEQ[p], msg)
    sysl("mail", "info", t, "amavis[%d]" % p, msg)


def am_result(t, action, ccat, ip, frm, to, hits, policy="{RelayedInbound}", size=None, bank=""):
    size = size or R.randint(2200, 180000)
    q = qid()
    ms = R.randint(180, 4200)
    mid = "<%s@%s>" % (rid(16).lower(), frm.split("@")[-1] if "@" in frm else "example.net")
    tail = ", queued_as: %s" % qid() if action == "Passed" else ""
    if HOST == "spruce" and SCEN == "day":
        # the admin raised $log_level to 2 while chasing the clamd trouble:
        # amavis adds a Spam-tag line (when SpamAssassin ran) and a TIMING line
        if hits != "-":
            h = float(hits)
            tests = (["BAYES_99=3.5", "RCVD_IN_ZEN_BLOCKED_OPENDNS=0.001", "URIBL_BLACK=1.7", "HTML_MESSAGE=0.001", "DKIM_ADSP_NXDOMAIN=0.9"]
                     if h > 5 else ["BAYES_00=-1.9", "DKIM_SIGNED=0.1", "DKIM_VALID=-0.1", "SPF_PASS=-0.001", "HTML_MESSAGE=0.001"])
            am(t, "Spam-tag, <%s> -> <%s>, %s, score=%s tagged_above=-999 required=6.31 tests=[%s] autolearn=%s autolearn_force=no" % (
                frm, to, "Yes" if h >= 6.31 else "No", hits, ", ".join(R.sample(tests, 3)),
                "spam" if h > 12 else ("ham" if h < -1 else "no")))
        sa = R.randint(300, 3000)
        am(t, "TIMING [total %d ms, cpu %d ms] - SMTP greeting: %d (0%%)0, SMTP EHLO: 1 (0%%)0, SMTP DATA: %d (2%%)2, check_init: 1 (0%%)2, mime_decode: %d (1%%)3, AV-scan-1: %d (3%%)6, SA check: %d (80%%)86, fwd-connect: %d (0%%)86, fwd-end-chkpnt: %d (12%%)98, main_log_entry: %d (2%%)100, rundown: 0 (0%%)100" % (
            ms, ms // 3, R.randint(1, 9), R.randint(20, 90), R.randint(2, 30), R.randint(15, 120), sa, R.randint(2, 15), R.randint(50, 400), R.randint(5, 40)))
    am(t, "%s %s %s, %s[%s]:%d [%s] <%s> -> <%s>, Queue-ID: %s, Message-ID: %s, mail_id: %s, Hits: %s, size: %d%s, %d ms" % (
        action, ccat, policy, bank, ip, R.randint(30000, 65000), ip, frm, to, q, mid, rid(), hits, size, tail, ms))


def amavis_start(t):
    AMAVIS_PID[0] += 1000
    p = AMAVIS_PID[0]
    for i, m in enumerate([
            "logging initialized, log level 0, syslog: amavis.mail",
            "starting. /usr/sbin/amavisd-new at spruce.example.org amavisd-new-2.13.0 (20230106), Unicode aware, LC_ALL=\"C\", LANG=\"C.UTF-8\"",
            "perl=5.036000, user=, EUID: 109 (109);  group=, EGID: 115 115 (115 115)",
            "Net::Server: Group Not Defined.  Defaulting to EGID '115 115'",
            "Net::Server: User Not Defined.  Defaulting to EUID '109'",
            "Net::Server: %s Amavis (type Net::Server::PreForkSimple) starting! pid(%d)" % (t.strftime("%Y/%m/%d-%H:%M:%S"), p),
            "Net::Server: Binding to TCP port 10024 on host 127.0.0.1 with IPv4",
            "Net::Server: Binding to TCP port 10024 on host ::1 with IPv6",
            "Net::Server: Setting gid to \"115 115\"",
            "Net::Server: Setting uid to \"109\"",
            "config files read: /usr/share/amavis/conf.d/10-amavis_conf, /etc/amavis/conf.d/05-domain_id, /etc/amavis/conf.d/15-content_filter_mode, /etc/amavis/conf.d/20-debian_defaults, /etc/amavis/conf.d/50-user",
            "Module Amavis::Conf        2.440",
            "Module Mail::SpamAssassin  4.000000",
            "Module Net::Server         2.014",
            "SpamControl: init_pre_chroot on SpamAssassin done",
            "Amavis::DB code      loaded",
            "SQL base code        NOT loaded",
            "ANTI-VIRUS code      loaded",
            "ANTI-SPAM code       loaded",
            "Found $file            at /usr/bin/file",
            "Found $altermime       at /usr/bin/altermime",
            "No $dspam,             not using it",
            "Internal decoder for .mail",
            "Internal decoder for .zip",
            "Found decoder for    .gz   at /usr/bin/gzip -d",
            "No ext program for   .kmz, tried: 7za, 7z",
            "Using primary internal av scanner code for ClamAV-clamd",
            "Found secondary av scanner ClamAV-clamscan at /usr/bin/clamscan",
            "Creating db in /var/lib/amavis/db/; BerkeleyDB 0.65, libdb 5.3",
            "SpamAssassin loaded plugins: AskDNS, AutoLearnThreshold, Bayes, BodyEval, Check, DKIM, DNSEval, FreeMail, HTMLEval, HashBL, HeaderEval, ImageInfo, MIMEEval, MIMEHeader, OLEVBMacro, Phishing, Pyzor, Razor2, RelayEval, ReplaceTags, SPF, URIDNSBL, URIDetail, URIEval, VBounce, WLBLEval",
            "extra modules loaded after daemonizing/chrooting: Mail/SpamAssassin/Plugin/OLEVBMacro.pm, Mail/SpamAssassin/Plugin/Pyzor.pm",
            ]):
        sysl("mail", "info", t + sec(i // 6), "amavis[%d]" % p, m)


def spruce_amavis(bad):
    # a normal stream of clean mail all day
    n_clean = 260 if bad else 190
    for _ in range(n_clean):
        t = at(R.choice(range(6, 23)))
        hits = "%.3f" % R.uniform(-3.5, 3.9)
        am_result(t, "Passed", "CLEAN", R.choice(ORIG_OK), R.choice(SENDERS_OK), "%s@example.org" % R.choice(USERS), hits)
    # outgoing mail from the local network (ORIGINATING policy bank)
    for _ in range(40):
        t = at(R.choice(range(8, 19)))
        am_result(t, "Passed", "CLEAN", "192.0.2.%d" % R.choice((40, 41, 52)), "%s@example.org" % R.choice(USERS),
                  R.choice(SENDERS_OK), "%.3f" % R.uniform(-2, 1.5), policy="{RelayedOutbound}", bank="ORIGINATING ")
    # spam: blocked (discarded, quarantined) and a few spammy passed with a tag
    for _ in range(34 if bad else 21):
        t = at(R.choice(range(0, 24)))
        am_result(t, "Blocked", "SPAM", R.choice(ORIG_SPAM), R.choice(SPAMMERS), "%s@example.org" % R.choice(USERS),
                  "%.3f" % R.uniform(6.4, 38.0), policy="{DiscardedInbound,Quarantined}")
    for _ in range(6):
        t = at(R.choice(range(0, 24)))
        am_result(t, "Passed", "SPAMMY", R.choice(ORIG_SPAM), R.choice(SPAMMERS), "%s@example.org" % R.choice(USERS),
                  "%.3f" % R.uniform(4.0, 6.2), policy="{RelayedTaggedInbound}")
    am(at(3), "NOTICE: Not sending DSN, spam level exceeds DSN cutoff level for all recips, mail intentionally dropped")
    am(at(4), "NOTICE: Not sending DSN, spam level exceeds DSN cutoff level for all recips, mail intentionally dropped")
    if not bad:
        am_result(at(14), "Passed", "BAD-HEADER-0", "198.51.100.73", "news@lists.example.com", "info@example.org", "1.204",
                  policy="{RelayedInbound,Quarantined}")
        return
    # infected mail from outside (blocked) and one from a local user (passed by the ORIGINATING bank)
    for v, frm, to, ip in (("Win.Trojan.Emotet-9953838-0", "invoice@billing.example.com", "billing@example.org", "203.0.113.41"),
                           ("Doc.Downloader.Agent-7390044-0", "hr-dept@example.net", "hr@example.org", "203.0.113.88"),
                           ("Win.Trojan.Emotet-9953838-0", "invoice@billing.example.com", "sales@example.org", "203.0.113.41"),
                           ("Html.Phishing.Bank-1837", "security@bank.example.com", "tanaka@example.org", "203.0.113.131")):
        am_result(at(R.choice(range(1, 20))), "Blocked", "INFECTED (%s)" % v, ip, frm, to, "-",
                  policy="{DiscardedInbound,Quarantined}")
    am_result(at(16, 42), "Passed", "INFECTED (Xls.Malware.Agent-10012537-0)", "192.0.2.52", "oliver@example.org",
              "accounts@partner.example.com", "-", policy="{RelayedOutbound}", bank="ORIGINATING ")
    # banned file types
    for b in ("multipart/mixed | application/octet-stream,.exe,.exe-ms,Rechnung_2026.exe",
              "multipart/mixed | application/zip,.zip,scan_0411.zip | .exe,.exe-ms,scan_0411.pdf.exe",
              "multipart/mixed | application/x-msdownload,.exe,.exe-ms,setup.scr"):
        am_result(at(R.choice(range(7, 21))), "Blocked", "BANNED (%s)" % b, R.choice(ORIG_SPAM), R.choice(SPAMMERS),
                  "%s@example.org" % R.choice(USERS), "-", policy="{DiscardedInbound,Quarantined}")
    # bad headers (passed, quarantined copy) and one blocked
    for _ in range(5):
        am_result(at(R.choice(range(6, 22))), "Passed", "BAD-HEADER-0", R.choice(ORIG_OK), R.choice(SENDERS_OK),
                  "%s@example.org" % R.choice(USERS), "%.3f" % R.uniform(-1, 3), policy="{RelayedInbound,Quarantined}")
    am_result(at(12), "Blocked", "BAD-HEADER-1", "203.0.113.17", "offer@promo.example.net", "mika@example.org", "4.871",
              policy="{DiscardedInbound,Quarantined}")
    # an oversized message blocked
    am_result(at(11), "Blocked", "OVERSIZED", "198.51.100.55", "anna@example.net", "hr@example.org", "-",
              policy="{DiscardedInbound}", size=58812450)
    # clamd down 07:02 - 07:21: amavis cannot reach the socket, mail tempfailed
    for k in range(9):
        t = at(7, 2 + 2 * k, R.randint(0, 59))
        am(t, "(!)ClamAV-clamd: Can't connect to UNIX socket /var/run/clamav/clamd.ctl: No such file or directory, retrying (1)")
        am(t + sec(1), "(!)ClamAV-clamd: Can't connect to UNIX socket /var/run/clamav/clamd.ctl: No such file or directory, retrying (2)")
        am(t + sec(8), "(!)run_av (ClamAV-clamd) FAILED - unexpected , output=\"\"")
        am(t + sec(8), "(!)ClamAV-clamd av-scanner FAILED: CODE(0x55d0c1a3e2f8) Too many retries to talk to /var/run/clamav/clamd.ctl (Can't connect to UNIX socket /var/run/clamav/clamd.ctl: No such file or directory) at (eval 118) line 659.")
        am(t + sec(8), "(!)WARN: all primary virus scanners failed, considering backups")
        if k % 3 == 0:
            am(t + sec(30), "(!)ClamAV-clamscan: timed out, retrying (1)")
            am(t + sec(31), "(!!)TROUBLE in check_mail: virus_scan FAILED: AV: ALL VIRUS SCANNERS FAILED at (eval 118) line 1290.")
            am(t + sec(31), "(!)PRESERVING EVIDENCE in /var/lib/amavis/tmp/amavis-%sT07%02d%02d-%05d" % (D0.strftime("%Y%m%d"), 2 + 2 * k, R.randint(0, 59), AMAVIS_PID[0] + 3))
            am_result(t + sec(31), "Blocked", "TEMPFAIL", R.choice(ORIG_OK), R.choice(SENDERS_OK), "%s@example.org" % R.choice(USERS), "-")
    # SpamAssassin troubles
    am(at(13, 5), "(!)SA TIMED OUT, backtrace: at /usr/share/perl5/Mail/SpamAssassin/Plugin/Razor2.pm line 188.")
    am(at(13, 6), "_WARN: bayes: cannot open bayes databases /var/lib/amavis/.spamassassin/bayes_* R/W: lock failed: File exists")
    am(at(9), "WARN: MIME::Parser error: unexpected end of header")
    am(at(18), "WARN: MIME::Parser error: multipart boundary is missing")
    am(at(10), "do_unzip: p003, 4 members are encrypted, none extracted, archive retained")
    # things logwatch does not know
    am(at(15), "INFO: SMTP session reuse, 3 transactions so far", seq=True)
    am(at(15), "(!)DKIM signature verification disabled, corresponding features not available. If not intentional, consider upgrading to Mail::DKIM 0.31 or later")
    am(at(8), "Decoding of p004 (application/vnd.ms-cab-compressed) failed, leaving it unpacked: Error in cabextract: Not a Microsoft cabinet file")
    # restart after clamd came back
    amavis_start(at(7, 24, 10))


def spruce_sasl(bad):
    # saslauthd: started by systemd, SMTP AUTH failures from postfix
    p0 = 811
    sysl("auth", "info", at(0, 0, 5), "saslauthd[%d]" % p0, "server_exit     : master exited: %d" % p0)
    p0 = 1206
    sysl("auth", "info", at(0, 0, 7), "saslauthd[%d]" % p0, "detach_tty      : master pid is: %d" % p0)
    sysl("auth", "info", at(0, 0, 7), "saslauthd[%d]" % p0, "ipc_init        : listening on socket: /var/spool/postfix/var/run/saslauthd/mux")
    workers = [p0 + i for i in range(1, 6)]

    def fail(t, user, realm="", reason="PAM auth error", service="smtp", mech="pam"):
        w = R.choice(workers)
        sysl("auth", "notice", t, "saslauthd[%d]" % w,
             "pam_unix(%s:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=  user=%s" % (service, user))
        sysl("auth", "notice", t + sec(2), "saslauthd[%d]" % w,
             "do_auth         : auth failure: [user=%s] [service=%s] [realm=%s] [mech=%s] [reason=%s]" % (user, service, realm, mech, reason))

    # real users mistyping
    fail(at(8), "mika")
    fail(at(9), "tanaka")
    fail(at(9), "tanaka")
    if not bad:
        return
    # guessing: common names and one real account, hammered
    for _ in range(180):
        t = at(R.choice(range(0, 24)))
        u = R.choice(["info", "admin", "test", "sales", "postmaster", "webmaster", "contact", "user"])
        w = R.choice(workers)
        if u in ("info", "sales"):
            fail(t, u)
        else:
            sysl("auth", "notice", t, "saslauthd[%d]" % w, "pam_unix(smtp:auth): check pass; user unknown")
            sysl("auth", "notice", t + sec(2), "saslauthd[%d]" % w,
                 "do_auth         : auth failure: [user=%s] [service=smtp] [realm=] [mech=pam] [reason=PAM auth error]" % u)
    for _ in range(40):
        fail(at(R.choice(range(1, 6))), "billing@example.org", realm="example.org")
    sysl("auth", "err", at(14, 2, 0), "saslauthd[%d]" % workers[0], "do_request      : NULL password received")


def ntpsec(t0, host_servers):
    p = 688
    tag = "ntpd[%d]" % p
    lines = [
        "INIT: ntpd ntpsec-1.2.2 2023-01-05T12:53:41Z: Starting",
        "INIT: Command line: /usr/sbin/ntpd -p /run/ntpd.pid -c /etc/ntpsec/ntp.conf -g -N -u ntpsec:ntpsec",
        "INIT: precision = 0.070 usec (-24)",
        "INIT: successfully locked into RAM",
        "CONFIG: readconfig: parsing file: /etc/ntpsec/ntp.conf",
        "INIT: Using SO_TIMESTAMPNS(ns)",
        "IO: Listen and drop on 0 v6wildcard [::]:123",
        "IO: Listen and drop on 1 v4wildcard 0.0.0.0:123",
        "IO: Listen normally on 2 lo 127.0.0.1:123",
        "IO: Listen normally on 3 eth0 192.0.2.94:123",
        "IO: Listen normally on 4 lo [::1]:123",
        "IO: Listen normally on 5 eth0 [2001:db8:94::94]:123",
        "IO: Listening on routing socket on fd #22 for interface updates",
        "INIT: MRU 10922 entries, 13 hash bits, 65536 bytes",
        "INIT: Built with OpenSSL 3.0.9 30 May 2023, 30000090",
        "INIT: Running with OpenSSL 3.0.11 19 Sep 2023, 300000b0",
        "NTSc: Using system default root certificates.",
        "statistics directory /var/log/ntpsec/ does not exist or is unwriteable, error No such file or directory",
        "CLOCK: kernel reports TIME_ERROR: 0x2041: Clock Unsynchronized",
        "DNS: dns_probe: 0.debian.pool.ntp.org, cast_flags:8, flags:101",
        "DNS: dns_check: processing 0.debian.pool.ntp.org, 8, 101",
    ]
    for i, m in enumerate(lines):
        sysl("daemon", "info", t0 + sec(i // 5), tag, m)
    for i, s in enumerate(host_servers):
        sysl("daemon", "info", t0 + sec(5 + i), tag, "DNS: Pool taking: %s" % s)
    sysl("daemon", "info", t0 + sec(9), tag, "DNS: dns_take_status: 0.debian.pool.ntp.org=>good, 8")
    sysl("daemon", "info", t0 + sec(12), tag, "PROTO: 0.0.0.0 c016 06 restart")
    sysl("daemon", "info", t0 + sec(12), tag, "PROTO: 0.0.0.0 c012 02 freq_set kernel 4.215 PPM")
    sysl("daemon", "info", t0 + sec(80), tag, "PROTO: 0.0.0.0 c615 05 clock_sync")
    sysl("daemon", "info", t0 + sec(80), tag, "CLOCK: kernel reports time sync status change 2001")


def spruce(bad):
    spruce_amavis(bad)
    spruce_sasl(bad)
    ntpsec(at(0, 0, 30) if bad else at(5, 40, 0), ["198.51.100.123", "203.0.113.123", "192.0.2.123"])


# ------------------------------------------------------------ alder
def ovpn(t, msg):
    sysl("daemon", "notice", t, "ovpn-office[902]", msg)


CLIENTS = [("kumiko-laptop", "198.51.100.44"), ("tomas-home", "203.0.113.150"), ("aiko-phone", "198.51.100.199"),
           ("frontdesk-pc", "198.51.100.201"), ("kenji-laptop", "203.0.113.160")]


def ovpn_connect(t, cn, ip, n):
    port = R.randint(30000, 65000)
    a = "%s:%d" % (ip, port)
    sid = "%08x %08x" % (R.getrandbits(32), R.getrandbits(32))
    ovpn(t, "%s TLS: Initial packet from [AF_INET]%s, sid=%s" % (a, a, sid))
    ovpn(t, "%s VERIFY OK: depth=1, CN=Alder Office CA" % a)
    ovpn(t, "%s VERIFY OK: depth=0, CN=%s" % (a, cn))
    ovpn(t, "%s peer info: IV_VER=2.6.8" % a)
    ovpn(t, "%s peer info: IV_PLAT=win" % a)
    ovpn(t + sec(1), "%s Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_256_GCM_SHA384, peer certificate: 2048 bit RSA, signature: RSA-SHA256" % a)
    ovpn(t + sec(1), "%s [%s] Peer Connection Initiated with [AF_INET]%s" % (a, cn, a))
    ovpn(t + sec(1), "%s/%s MULTI_sva: pool returned IPv4=10.8.0.%d, IPv6=(Not enabled)" % (cn, a, 6 + 4 * n))
    ovpn(t + sec(1), "%s/%s MULTI: Learn: 10.8.0.%d -> %s/%s" % (cn, a, 6 + 4 * n, cn, a))
    ovpn(t + sec(1), "%s/%s MULTI: primary virtual IP for %s/%s: 10.8.0.%d" % (cn, a, cn, a, 6 + 4 * n))
    ovpn(t + sec(2), "%s/%s Data Channel: using negotiated cipher 'AES-256-GCM'" % (cn, a))
    ovpn(t + sec(2), "%s/%s Outgoing Data Channel: Cipher 'AES-256-GCM' initialized with 256 bit key" % (cn, a))
    ovpn(t + sec(2), "%s/%s Incoming Data Channel: Cipher 'AES-256-GCM' initialized with 256 bit key" % (cn, a))
    ovpn(t + sec(2), "%s/%s SENT CONTROL [%s]: 'PUSH_REPLY,route 192.0.2.0 255.255.255.0,route-gateway 10.8.0.1,topology subnet,ping 10,ping-restart 120,ifconfig 10.8.0.%d 255.255.255.0,peer-id 0,cipher AES-256-GCM' (status=1)" % (cn, a, cn, 6 + 4 * n))
    ovpn(t + sec(3600 * R.randint(1, 4)), "%s/%s SIGTERM[soft,remote-exit] received, client-instance exiting" % (cn, a))


def alder_openvpn():
    t = at(0, 0, 40)
    ovpn(t, "OpenVPN 2.5.1 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] built on May 14 2021")
    ovpn(t, "library versions: OpenSSL 1.1.1w  11 Sep 2023, LZO 2.10")
    ovpn(t, "WARNING: --topology net30 support for server configs with IPv4 pools will be removed in a future release. Please migrate to --topology subnet as soon as possible.")
    ovpn(t, "Diffie-Hellman initialized with 2048 bit key")
    ovpn(t, "TUN/TAP device tun0 opened")
    ovpn(t, "/sbin/ip link set dev tun0 up mtu 1500")
    ovpn(t, "UDPv4 link local (bound): [AF_INET][undef]:1194")
    ovpn(t, "MULTI: multi_init called, r=256 v=256")
    ovpn(t, "IFCONFIG POOL IPv4: base=10.8.0.4 size=62")
    ovpn(t, "Initialization Sequence Completed")
    for n, (cn, ip) in enumerate(CLIENTS):
        for _ in range(R.randint(1, 3)):
            ovpn_connect(at(R.choice(range(7, 20))), cn, ip, n)
    # the same laptop twice at once
    ovpn(at(15), "MULTI: new connection by client 'kumiko-laptop' will cause previous active sessions by this client to be dropped.  Remember to use the --duplicate-cn option if you want multiple clients using the same certificate or username to concurrently connect.")
    # tomas' certificate expired yesterday: his client retries all day
    for h in range(8, 22):
        for _ in range(R.randint(2, 4)):
            a = "198.51.100.61:%d" % R.randint(30000, 65000)
            t = at(h)
            ovpn(t, "%s TLS: Initial packet from [AF_INET]%s, sid=%08x %08x" % (a, a, R.getrandbits(32), R.getrandbits(32)))
            ovpn(t, "%s VERIFY OK: depth=1, CN=Alder Office CA" % a)
            ovpn(t, "%s VERIFY ERROR: depth=0, error=certificate has expired: CN=tomas-laptop, serial=7" % a)
            ovpn(t, "%s OpenSSL: error:14089086:SSL routines:ssl3_get_client_certificate:certificate verify failed" % a)
            ovpn(t, "%s TLS_ERROR: BIO read tls_read_plaintext error" % a)
            ovpn(t, "%s TLS Error: TLS object -> incoming plaintext read error" % a)
            ovpn(t, "%s TLS Error: TLS handshake failed" % a)
            ovpn(t, "%s SIGUSR1[soft,tls-error] received, client-instance restarting" % a)
    # a revoked certificate (the laptop that was stolen last month)
    a = "203.0.113.201:51822"
    t = at(3, 12)
    ovpn(t, "%s VERIFY OK: depth=1, CN=Alder Office CA" % a)
    ovpn(t, "%s VERIFY ERROR: depth=0, error=certificate revoked: CN=old-reception-laptop, serial=3" % a)
    ovpn(t, "%s OpenSSL: error:14089086:SSL routines:ssl3_get_client_certificate:certificate verify failed" % a)
    ovpn(t, "%s TLS Error: TLS handshake failed" % a)
    # scanners without the tls-auth key, and clients that never finish the handshake
    for _ in range(25):
        a = "%s:%d" % (R.choice(["203.0.113.7", "203.0.113.88", "198.51.100.230"]), R.randint(1024, 65000))
        t = at(R.choice(range(0, 24)))
        ovpn(t, "%s TLS Error: cannot locate HMAC in incoming packet from [AF_INET]%s" % (a, a))
    for _ in range(6):
        a = "%s:%d" % (R.choice(["203.0.113.7", "198.51.100.230"]), R.randint(1024, 65000))
        t = at(R.choice(range(0, 24)))
        ovpn(t, "%s TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)" % a)
        ovpn(t, "%s TLS Error: TLS handshake failed" % a)
    ovpn(at(17, 30), "MULTI: new incoming connection would exceed maximum number of clients (5)")
    ovpn(at(17, 31), "MULTI: new incoming connection would exceed maximum number of clients (5)")
    ovpn(at(11), "WARNING: 'link-mtu' is used inconsistently, local='link-mtu 1557', remote='link-mtu 1558'")
    # the PAM plugin rejects a password of frontdesk (auth-user-pass-verify)
    a = "198.51.100.201:40002"
    ovpn(at(9, 3), "%s PLUGIN_CALL: POST /usr/lib/x86_64-linux-gnu/openvpn/plugins/openvpn-plugin-auth-pam.so/PLUGIN_AUTH_USER_PASS_VERIFY status=1" % a)
    ovpn(at(9, 3), "%s PLUGIN_CALL: plugin function PLUGIN_AUTH_USER_PASS_VERIFY failed with status 1: /usr/lib/x86_64-linux-gnu/openvpn/plugins/openvpn-plugin-auth-pam.so" % a)
    ovpn(at(9, 3), "%s TLS Auth Error: Auth Username/Password verification failed for peer" % a)
    for _ in range(12):
        ovpn(at(R.choice(range(7, 20))), "%s:%d PLUGIN_CALL: POST /usr/lib/x86_64-linux-gnu/openvpn/plugins/openvpn-plugin-auth-pam.so/PLUGIN_AUTH_USER_PASS_VERIFY status=0" % (R.choice(CLIENTS)[1], R.randint(30000, 65000)))


SMB_LOGS = {}


def smb(fname, t, level, src, body):
    stamp = "[%s.%06d, %2d] %s" % (t.strftime("%Y/%m/%d %H:%M:%S"), R.randint(0, 999999), level, src)
    raw("samba/" + fname, t, stamp + "\n" + "\n".join("  " + b for b in body))


def alder_samba():
    # smbd and nmbd restart after the nightly logrotate
    t = at(0, 5, 2)
    smb("log.smbd", t, 0, "../../source3/smbd/server.c:1734(main)",
        ["smbd version 4.13.13-Debian started.", "Copyright Andrew Tridgell and the Samba Team 1992-2020"])
    smb("log.nmbd", t, 0, "../../source3/nmbd/nmbd.c:960(main)",
        ["nmbd version 4.13.13-Debian started.", "Copyright Andrew Tridgell and the Samba Team 1992-2020"])
    smb("log.nmbd", t + sec(30), 0, "../../source3/nmbd/nmbd_become_lmb.c:398(become_local_master_stage2)",
        ["*****", "", "Samba name server ALDER is now a local master browser for workgroup OFFICE on subnet 192.0.2.95", "", "*****"])
    smb("log.smbd", t + sec(60), 0, "../../source3/printing/print_cups.c:151(cups_connect)",
        ["Unable to connect to CUPS server localhost:631 - Connection refused"])
    smb("log.nmbd", at(10, 14), 0, "../../source3/nmbd/nmbd_incomingdgrams.c:302(process_local_master_announce)",
        ["process_local_master_announce: Server PRINTER-3F at IP 192.0.2.120 is announcing itself as a local master browser for workgroup OFFICE and we think we are master. Forcing election."])
    smb("log.nmbd", at(10, 15), 0, "../../source3/nmbd/nmbd_namelistdb.c:296(standard_fail_register)",
        ["standard_fail_register: Failed to register/refresh name ALDER<20> on subnet 192.0.2.95"])
    # users at work
    people = [("kumiko", "PC01", "192.0.2.31"), ("tomas", "PC02", "192.0.2.32"), ("aiko", "PC03", "192.0.2.33"),
              ("frontdesk", "RECEPTION", "192.0.2.40"), ("kenji", "PC05", "192.0.2.35")]
    for user, pc, ip in people:
        for share in ("projects", user, "scans") if user != "frontdesk" else ("scans", "public"):
            for _ in range(R.randint(1, 3)):
                t = at(R.choice(range(8, 18)))
                host = "%s (ipv4:%s:%d)" % (pc.lower(), ip, R.randint(49152, 65000))
                smb("log.%s" % pc.lower(), t, 1, "../../source3/smbd/service.c:1126(make_connection_snum)",
                    ["%s connect to service %s initially as user %s (uid=%d, gid=%d) (pid %d)" % (host, share, user, 1000 + len(user), 1000 + len(user), pid())])
                smb("log.%s" % pc.lower(), t + sec(R.randint(60, 7200)), 1, "../../source3/smbd/service.c:1168(close_cnum)",
                    ["%s closed connection to service %s" % (host, share)])
    # the copier scans to the share with its own account
    for _ in range(6):
        t = at(R.choice(range(8, 18)))
        smb("log.192.0.2.121", t, 1, "../../source3/smbd/service.c:1126(make_connection_snum)",
            ["192.0.2.121 (ipv4:192.0.2.121:%d) signed connect to service scans initially as user scanner (uid=1099, gid=1099) (pid %d)" % (R.randint(1024, 5000), pid())])
    # an admin connection as root through "admin users"
    smb("log.pc05", at(12, 40), 0, "../../source3/smbd/service.c:1126(make_connection_snum)",
        ["pc05 (ipv4:192.0.2.35:50110) connect to service projects initially as user root (uid=0, gid=0) (pid %d)" % pid()])
    # password guessing against kenji from the guest wifi, wrong passwords from a real user
    for k in range(35):
        t = at(R.choice(range(19, 24)))
        smb("log.smbd", t, 2, "../../source3/auth/auth.c:343(auth_check_ntlm_password)",
            ["check_ntlm_password:  Authentication for user [kenji] -> [kenji] FAILED with error NT_STATUS_WRONG_PASSWORD, authoritative=1"])
        if k % 6 == 0:
            smb("log.smbd", t, 2, "../../auth/auth_log.c:653(log_authentication_event_human_readable)",
            ["Auth: [SMB2,(null)] user [OFFICE]\\[kenji] at [%s] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [DESKTOP-7Q2] remote host [ipv4:192.0.2.203:%d] mapped to [OFFICE]\\[kenji]. local host [ipv4:192.0.2.95:445] " % (t.strftime("%a, %d %b %Y %H:%M:%S.%f UTC"), R.randint(49152, 65000))])
    for _ in range(2):
        smb("log.smbd", at(8, 5), 2, "../../source3/auth/auth.c:343(auth_check_ntlm_password)",
            ["check_ntlm_password:  Authentication for user [aiko] -> [aiko] FAILED with error NT_STATUS_WRONG_PASSWORD, authoritative=1"])
    for u in ("administrator", "admin", "guest"):
        smb("log.smbd", at(20), 2, "../../source3/auth/auth.c:343(auth_check_ntlm_password)",
            ["check_ntlm_password:  Authentication for user [%s] -> [%s] FAILED with error NT_STATUS_NO_SUCH_USER, authoritative=1" % (u, u)])
    smb("log.smbd", at(20, 30), 1, "../../source3/lib/access.c:338(check_access)",
        ["Denied connection from  (203.0.113.61)"])
    smb("log.smbd", at(11), 1, "../../source3/smbd/service.c:1086(make_connection_snum)",
        ["make_connection_snum: canonicalize_connect_path failed for service archive, path /srv/archive"])
    smb("log.pc02", at(14), 1, "../../source3/smbd/service.c:570(make_connection)",
        ["pc02 (ipv4:192.0.2.32:50412) couldn't find service acounting"])
    # smbd crash
    t = at(16, 22, 5)
    smb("log.pc03", t, 0, "../../lib/util/fault.c:172(smb_panic_log)",
        ["===============================================================",
         "INTERNAL ERROR: Signal 11: Segmentation fault in pid 5120 (4.13.13-Debian)",
         "If you are running a recent Samba version, and if you think this problem is not yet fixed in the latest versions, please consider reporting this bug, see https://wiki.samba.org/index.php/Bug_Reporting",
         "==============================================================="])
    smb("log.pc03", t, 0, "../../lib/util/fault.c:177(smb_panic_log)",
        ["PANIC (pid 5120): Signal 11: Segmentation fault in 4.13.13-Debian"])
    smb("log.pc03", t, 0, "../../lib/util/fault.c:271(log_stack_trace)",
        ["BACKTRACE: 31 stack frames:", " #0 /lib/x86_64-linux-gnu/libsamba-util.so.0(log_stack_trace+0x30) [0x7f3a2c1d0a40]"])


def automount(t, msg):
    sysl("daemon", "info", t, "automount[744]", msg)


def alder_automount():
    automount(at(0, 0, 50), "starting automounter version 5.1.7, master map /etc/auto.master")
    automount(at(0, 0, 50), "using kernel protocol version 5.05")
    for h in range(8, 19, 2):
        for u in ("kumiko", "tomas", "aiko"):
            automount(at(h), "expired /home/%s" % u)
    # kenji's home was not migrated to the new NAS export
    for h in (8, 9, 13, 19):
        t = at(h)
        automount(t, "mount(nfs): nfs: mount failure nas.example.net:/export/home/kenji on /home/kenji")
        automount(t, "failed to mount /home/kenji")
    for u in ("admin", "backup", "scanner"):
        automount(at(R.choice(range(8, 20))), "key \"%s\" not found in map source(s)." % u)
    automount(at(21, 2), "lookup(file): lookup for .hidden failed")
    automount(at(3, 15), "mount(nfs): no hosts available")
    automount(at(3, 15), "handle_packet_missing_indirect: failed to mount /home/tomas")


def ntp4(t, msg, tag="ntpd[612]"):
    sysl("daemon", "notice", t, tag, msg)


def alder_ntp():
    t = at(6, 58, 10)
    ntp4(t, "ntpd exiting on signal 15 (Terminated)", "ntpd[533]")
    # ntpdate on ifup: the clock had drifted while ntpd could not reach anything
    ntp4(t + sec(2), "step time server 192.0.2.1 offset 243.817262 sec", "ntpdate[4411]")
    ntp4(t + sec(5), "ntpd 4.2.8p15@1.3728-o Wed Sep 23 11:46:38 UTC 2020 (1): Starting")
    ntp4(t + sec(5), "Command line: /usr/sbin/ntpd -p /var/run/ntpd.pid -g -u 108:114")
    for m in ["----------------------------------------------------",
              "ntp-4 is maintained by Network Time Foundation,",
              "Inc. (NTF), a non-profit 501(c)(3) public-benefit",
              "corporation.  Support and training for ntp-4 are",
              "available at https://www.nwtime.org/support",
              "----------------------------------------------------",
              "proto: precision = 0.045 usec (-24)",
              "basedate set to 2020-09-11",
              "gps base set to 2020-09-13 (week 2123)",
              "restrict: 'monitor' cannot be disabled while 'limited' is enabled",
              "Listen and drop on 0 v6wildcard [::]:123",
              "Listen and drop on 1 v4wildcard 0.0.0.0:123",
              "Listen normally on 2 lo 127.0.0.1:123",
              "Listen normally on 3 eth0 192.0.2.95:123",
              "Listen normally on 4 tun0 10.8.0.1:123",
              "Listen normally on 5 lo [::1]:123",
              "Listening on routing socket on fd #22 for interface updates",
              "kernel reports TIME_ERROR: 0x41: Clock Unsynchronized"]:
        ntp4(t + sec(6), m)
    for h in (7, 11, 15, 19, 23):
        ntp4(at(h), "error resolving pool 0.debian.pool.ntp.org: Temporary failure in name resolution (-3)")
        ntp4(at(h), "error resolving pool 1.debian.pool.ntp.org: Temporary failure in name resolution (-3)")
    ntp4(at(7, 20), "0.0.0.0 0618 08 no_sys_peer")
    ntp4(at(9, 3), "frequency error 512 PPM exceeds tolerance 500 PPM")
    ntp4(at(12, 44), "0.0.0.0 061c 0c clock_step +4.118355 s")
    ntp4(at(12, 44), "0.0.0.0 0615 05 clock_sync")
    ntp4(at(12, 44), "time reset +4.118355 s")
    ntp4(at(12, 44, 1), "synchronized to 192.0.2.1, stratum 3")
    ntp4(at(17, 30), "synchronisation lost")
    ntp4(at(17, 31), "adjust time server 192.0.2.1 offset -0.004120 sec", "ntpdate[7712]")
    ntp4(at(22, 5), "no servers reachable")
    ntp4(at(22, 6), "sendto(192.0.2.1) (fd=24): Network is unreachable")


def alder():
    alder_openvpn()
    alder_samba()
    alder_automount()
    alder_ntp()


if HOST == "spruce" and SCEN in ("day", "quiet"):
    spruce(SCEN == "day")
elif HOST == "alder" and SCEN == "day":
    alder()
else:
    sys.exit("unknown host/scenario")

# dpkg: nothing installed that day (an empty log keeps logwatch from reading another)
FILES.setdefault("dpkg.log", [])
H.write(OUT)
