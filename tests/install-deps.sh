#!/bin/sh
# install-deps.sh - install what mailgloss needs to build and test on
# Debian 12, if it is missing.  Run as root (or with sudo).
set -eu
pkgs="build-essential pkg-config libgmime-3.0-dev libpcre2-dev gettext python3"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "install-deps: missing:$missing -- run as root: sudo sh $0" >&2
		exit 1
	fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
echo "install-deps: all of $pkgs are installed"
