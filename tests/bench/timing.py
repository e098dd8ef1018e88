#!/usr/bin/env python3
"""timing.py - wall time and peak memory of commands for make bench.

  timing.py run CMD...          run once: prints "seconds max_rss_kib
                                 cpu_seconds" (wall; user + system)
  timing.py median N FILE CMD... run N times with FILE on stdin: prints
                                 "median_ms min_ms max_ms" (wall, start-up
                                 included)
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def run(cmd):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit('%s exited %d' % (cmd[0], os.waitstatus_to_exitcode(status)))
    print('%.3f %d %.3f' % (wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime))


def median(n, path, cmd):
    times = []
    with open(path, 'rb') as f:
        data = f.read()
    for _ in range(n):
        t0 = time.monotonic()
        subprocess.run(cmd, input=data, stdout=subprocess.DEVNULL, check=True)
        times.append((time.monotonic() - t0) * 1000)
    print('%.2f %.2f %.2f' % (statistics.median(times), min(times), max(times)))


if sys.argv[1] == 'run':
    run(sys.argv[2:])
else:
    median(int(sys.argv[2]), sys.argv[3], sys.argv[4:])
