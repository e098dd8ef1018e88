#!/usr/bin/env python3
"""timing.py - wall time and peak memory of a command for make bench.

  timing.py run CMD...   run once: prints "seconds max_rss_kib cpu_seconds"
                         (wall; user + system)

(Short runs fed one message are timed by spawn.c, which adds nothing of
its own to them.)
"""
import os
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


if len(sys.argv) < 3 or sys.argv[1] != 'run':
    sys.exit('usage: timing.py run CMD...')
run(sys.argv[2:])
