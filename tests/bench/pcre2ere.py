#!/usr/bin/env python3
"""pcre2ere.py - turn the catalogue's PCRE2 patterns into POSIX EREs for
"LC_ALL=C grep -E -f", so that grep and mailgloss classify the same lines
with the same patterns (make bench).

Conversions: (?<name>...) and (?:...) become (...); \\d \\D \\s \\S \\w \\W
become bracket expressions (also inside [...]); lazy and possessive
quantifiers (*? +? ?? {n,m}?, *+ ...) become greedy ones, which match the
same lines; (?i) becomes [xX] pairs.  Patterns with look-around,
back-references, \\K, atomic groups or other PCRE-only syntax cannot be
expressed in ERE and are left out (counted on stderr); that only makes
grep's job smaller.  Reads patterns on stdin, writes EREs on stdout.
"""
import re
import sys

CLASS = {'d': '0-9', 's': '[:space:]', 'w': '[:alnum:]_'}
NEG = {'D': '^0-9', 'S': '^[:space:]', 'W': '^[:alnum:]_'}
UNSUPPORTED = re.compile(r'\(\?[=!<>|]|\(\?<[=!]|\\[1-9kKgGAzZbBQEpPXRhHvVN]|\(\*|\(\?\(|\(\?[PR0-9]')


def convert(p):
    ci = False
    if p.startswith('(?i)'):
        ci, p = True, p[4:]
    p = re.sub(r'\(\?<([A-Za-z_][A-Za-z0-9_]*)>', '(', p)
    if UNSUPPORTED.search(p) or '(?' in p.replace('(?:', ''):
        return None
    p = p.replace('(?:', '(')
    out, i, inclass = [], 0, False
    while i < len(p):
        c = p[i]
        if c == '\\' and i + 1 < len(p):
            n = p[i + 1]
            if n in CLASS:
                out.append(CLASS[n] if inclass else '[' + CLASS[n] + ']')
            elif n in NEG:
                if inclass:
                    return None
                out.append('[' + NEG[n] + ']')
            elif n == 't':
                out.append('\t')
            elif n == 'n':
                return None
            elif n.isalnum():
                return None
            elif inclass and n in '\\]^-':
                out.append({'\\': '\\\\', ']': ']', '^': '^', '-': '-'}[n] if n != ']' else '\\]')
                if n == ']':
                    return None
            elif inclass:
                out.append(n)
            else:
                out.append('\\' + n)
            i += 2
            continue
        if inclass:
            if c == ']':
                inclass = False
            out.append(c)
        elif c == '[':
            inclass = True
            out.append(c)
            if p[i + 1:i + 2] == '^':
                out.append('^')
                i += 1
            if p[i + 1:i + 2] == ']':
                out.append(']')
                i += 1
        elif c in '*+?}' and p[i + 1:i + 2] in ('?', '+'):
            out.append(c)
            i += 1
        elif ci and c.isalpha():
            out.append('[' + c.lower() + c.upper() + ']')
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def main():
    kept = dropped = 0
    for line in sys.stdin:
        ere = convert(line.rstrip('\n'))
        if ere is None:
            dropped += 1
        else:
            kept += 1
            print(ere)
    print('%d patterns converted, %d left out' % (kept, dropped), file=sys.stderr)


main()
