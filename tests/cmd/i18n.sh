#!/bin/sh
# i18n — every message marked in the sources has a French translation
# (none missing, none fuzzy), po/POTFILES.in lists every source, and the
# program speaks French with --lang fr, even in the C locale.
. "$top_srcdir/tests/cmd/lib.sh"

cd "$top_srcdir" || exit 1
listed=$(sort po/POTFILES.in)
actual=$(find src -name '*.c' | sort)
check_eq "po/POTFILES.in lists every source (run po/merge)" "$actual" "$listed"

xgettext --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --from-code=UTF-8 \
    --no-location -o "$T/all.pot" $(cat po/POTFILES.in) 2>"$T/xg.err" ||
    fail "xgettext: $(cat "$T/xg.err")"
msgmerge -q po/fr.po "$T/all.pot" -o "$T/merged.po" 2>/dev/null ||
    fail "msgmerge"
msgattrib --untranslated --no-obsolete "$T/merged.po" > "$T/untr.po"
msgattrib --only-fuzzy --no-obsolete "$T/merged.po" > "$T/fuzzy.po"
check_eq "untranslated messages" "" "$(grep '^msgid ' "$T/untr.po" | grep -v '^msgid ""$')"
check_eq "fuzzy messages" "" "$(grep '^msgid ' "$T/fuzzy.po" | grep -v '^msgid ""$')"
msgfmt -c -o /dev/null po/fr.po 2>"$T/fmt.err"
check_eq "msgfmt -c (format strings agree)" 0 "$?"

LC_ALL=C LANG=C "$LISTELEC" --lang fr --help > "$T/out" 2>&1
check_grep "--lang fr in the C locale" "Commandes" "$T/out"
check_no_esc "--lang fr output" "$T/out"
LC_ALL=C.UTF-8 "$LISTELEC" --lang fr query --help > "$T/out" 2>&1
check_grep "query help in French" "Filtrer, trier" "$T/out"
LC_ALL=C.UTF-8 "$LISTELEC" --lang en --help > "$T/out" 2>&1
check_grep "--lang en" "Commands:" "$T/out"
LC_ALL=C.UTF-8 "$LISTELEC" --lang de --help > "$T/out" 2>&1
check_eq "--lang de: usage error" 2 "$?"
done_tests
