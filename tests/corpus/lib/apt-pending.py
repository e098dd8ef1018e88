#!/usr/bin/python3
# apt-pending.py OUT [--keep PKG]... [--older PKG=VERSION]... [--hold PKG]...
#
# Writes OUT: a copy of this machine's /var/lib/dpkg/status in which apt sees
# exactly the pending upgrades a simulated host should have, without anything
# being installed (OUT is bind-mounted over /var/lib/dpkg/status inside a
# namespace, or copied into an overlay root).
#
#  * every installed package that apt could upgrade today is shown at its
#    candidate version (its stanza's version and relation fields are taken
#    from the candidate's Packages record), so the build machine's own
#    pending upgrades do not leak into the report - except the --keep ones,
#    which stay as they really are (a real pending point-release update);
#  * --older PKG=VERSION claims that an older (real, earlier Debian) version
#    of an up-to-date package is installed, so its current version is pending;
#    (exact relations on its real version, e.g. from its -dev package, are
#    rewritten to name the older one);
#  * --hold PKG marks the package "hold" (dpkg --set-selections).
import re
import sys

import apt_pkg

RELFIELDS = ("Version", "Depends", "Pre-Depends", "Recommends", "Suggests",
             "Breaks", "Conflicts", "Replaces", "Provides", "Enhances",
             "Source", "Installed-Size")


def main():
    out = sys.argv[1]
    keep, older, hold = set(), {}, set()
    a = sys.argv[2:]
    while a:
        opt, val = a[0], a[1]
        a = a[2:]
        if opt == "--keep":
            keep.add(val)
        elif opt == "--older":
            p, v = val.split("=", 1)
            older[p] = v
        elif opt == "--hold":
            hold.add(val)
        else:
            sys.exit("apt-pending: bad option " + opt)
    apt_pkg.init()
    cache = apt_pkg.Cache(None)
    dep = apt_pkg.DepCache(cache)
    recs = apt_pkg.PackageRecords(cache)
    bump = {}
    for p in cache.packages:
        cur = p.current_ver
        if not cur or p.name in keep or p.name in older:
            continue
        cand = dep.get_candidate_ver(p)
        if cand and cand.id != cur.id and apt_pkg.version_compare(cand.ver_str, cur.ver_str) > 0:
            recs.lookup(cand.file_list[0])
            bump[(p.name, p.architecture)] = apt_pkg.TagSection(recs.record)
    with open("/var/lib/dpkg/status", encoding="utf-8") as f:
        text = f.read()
    # versions of the --older packages as really installed: relations that
    # name them exactly ("libicu72 (= 72.1-3+deb12u1)") name the older one
    realver = {}
    for stanza in text.split("\n\n"):
        m = re.search(r"^Package: (\S+)$", stanza, re.M)
        v = re.search(r"^Version: (\S+)$", stanza, re.M)
        if m and v and m.group(1) in older:
            realver[v.group(1)] = older[m.group(1)]
    relre = re.compile(r"\((<<|<=|=|>=|>>|<|>) *(%s)\)" % "|".join(map(re.escape, realver))) if realver else None
    with open(out, "w", encoding="utf-8") as o:
        for stanza in text.split("\n\n"):
            if not stanza.strip():
                continue
            fields = []     # [name, value-with-continuations]
            for line in stanza.split("\n"):
                if line[:1] in (" ", "\t") and fields:
                    fields[-1][1] += "\n" + line
                elif line:
                    k, v = line.split(":", 1)
                    fields.append([k, v.strip() if "\n" not in v else v])
            d = {k: v for k, v in fields}
            name, arch = d["Package"], d.get("Architecture", "")
            repl = {}
            c = bump.get((name, arch)) or bump.get((name, "amd64" if arch == "all" else arch))
            if c is not None:
                for fld in RELFIELDS:
                    repl[fld] = c[fld] if fld in c else None
            if name in older:
                repl["Version"] = older[name]
            if name in hold:
                repl["Status"] = " ".join(["hold"] + d["Status"].split()[1:])
            res = []
            for k, v in fields:
                if k in repl:
                    if repl[k] is not None:
                        res.append((k, repl.pop(k)))
                    else:
                        repl.pop(k)
                else:
                    res.append((k, v))
            for k, v in repl.items():   # fields the old stanza did not have
                if v is not None:
                    res.insert(len(res) - 1 if res and res[-1][0] == "Description" else len(res), (k, v))
            for k, v in res:
                if relre and k in RELFIELDS[1:10]:
                    v = relre.sub(lambda mm: "(%s %s)" % (mm.group(1), realver[mm.group(2)]), v)
                o.write(k + ":" + ("" if v.startswith("\n") else " ") + v + "\n")
            o.write("\n")

if __name__ == "__main__":
    main()
