#!/bin/sh
# check-po.sh - po/ja.po translates every message of the program and every
# text of the catalogue, with no fuzzy entries, and compiles cleanly.
set -u
: "${MAILGLOSS:?}" "${SRCDIR:?}"
. "$(dirname "$0")/lib.sh"
cd "$SRCDIR" || exit 1

xgettext --from-code=UTF-8 -L C -k_ -kN_ -o "$t/c.pot" src/*.c src/*/*.c 2>/dev/null
sed -i 's/charset=CHARSET/charset=UTF-8/' "$t/c.pot"
MAILGLOSS_EXPLANATIONS="$SRCDIR/explanations" "$MAILGLOSS" rules pot > "$t/rules.pot"
msgcat --use-first -o "$t/all.pot" "$t/c.pot" "$t/rules.pot"
if msgfmt --check -o /dev/null po/ja.po 2>"$t/err"; then ok; else bad "msgfmt --check po/ja.po"; cat "$t/err"; fi
# Every msgid of the template must be translated in ja.po.
msgmerge --quiet --no-fuzzy-matching -o "$t/merged.po" po/ja.po "$t/all.pot"
stats=$(msgfmt --statistics -o /dev/null "$t/merged.po" 2>&1)
case "$stats" in
	*untranslated*|*fuzzy*) bad "po/ja.po incomplete: $stats"
		msgattrib --untranslated --no-obsolete "$t/merged.po" | grep '^msgid' | head -20 ;;
	*) ok ;;
esac
echo "ja.po: $stats"
finish
