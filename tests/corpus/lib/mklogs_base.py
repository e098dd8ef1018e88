"""mklogs_base.py - what every corpus log generator (mklogs*.py) shares.

One simulated host's day: a random source seeded by the generator, host
and scenario (never the day, so counts stay put across runs), process
ids that only grow, times within the day, the log files as lists of
(time, line), traditional rsyslog lines routed to files by a rule set
the generator gives, kernel lines stamped with the uptime, and the tree
written out sorted by time.
"""
import datetime
import os
import random


class Host:
    def __init__(self, seed, day, name, first_pid=2000, uptime=0.0):
        self.R = random.Random(seed)
        self.D0 = datetime.datetime.strptime(day, "%Y-%m-%d")
        self.FILES = {}
        self.PID = [first_pid]
        self.UP = [uptime]      # kernel uptime seconds at midnight
        self.name = name
        self.route = None       # route(facility, severity) -> file names

    def pid(self):
        self.PID[0] += self.R.randint(3, 40)
        return self.PID[0]

    def at(self, h, m=None, s=None):
        m = self.R.randint(0, 59) if m is None else m
        s = self.R.randint(0, 59) if s is None else s
        return self.D0 + datetime.timedelta(hours=h, minutes=m, seconds=s)

    @staticmethod
    def sec(n):
        return datetime.timedelta(seconds=n)

    def raw(self, fname, t, line):
        self.FILES.setdefault(fname, []).append((t, line))

    def line(self, t, tag, msg):
        """a line in rsyslog's traditional file format (Debian's default)"""
        stamp = "%s %2d %s" % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"))
        return "%s %s %s: %s" % (stamp, self.name, tag, msg)

    def sysl(self, fac, sev, t, tag, msg):
        line = self.line(t, tag, msg)
        for f in self.route(fac, sev):
            self.raw(f, t, line)

    def dpkg(self, t, msg):
        """a line of /var/log/dpkg.log"""
        self.raw("dpkg.log", t, "%s %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), msg))

    def kern(self, sev, t, msg):
        up = self.UP[0] + (t - self.D0).total_seconds() + self.R.randint(0, 999) / 1e6
        self.sysl("kern", sev, t, "kernel", "[%.6f] %s" % (up, msg))

    def write(self, out):
        for fname, entries in self.FILES.items():
            path = os.path.join(out, fname)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            entries.sort(key=lambda e: e[0])
            with open(path, "w") as f:
                for _, line in entries:
                    f.write(line + "\n")
