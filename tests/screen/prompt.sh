#!/bin/sh
# prompt — `listelec query` asks the archive password on the terminal with
# echo off: a wrong one is asked again (attempt 2 of 3), an empty one is
# asked again without being tried, the right one gives the count, and the
# password never shows on the screen.  Three wrong answers end with exit 6;
# Ctrl-C at the prompt with exit 130.  The terminal's modes come back.
# The password of a zip-aes export: typed twice, the two must match.
. "${top_srcdir:-.}/tests/screen/lib.sh"

printf 'bon-mot-2026\n' > "$T/pw"
"$GEN" zip --electors 50 --seed 2 --encryption zipcrypto --password-fd 3 \
    -o "$T/l.zip" 3<"$T/pw" || fail "generator"

start -- query --count l.zip
wait_for 'Archive password' || finish
type_text 'mauvais-mot'
keys Enter
wait_for 'attempt 2 of 3' || finish
keys Enter
wait_for 'password is empty' || finish
type_text 'bon-mot-2026'
keys Enter
wait_for '^50$' || finish
expect_not 'mauvais-mot' "the wrong password shown on screen"
expect_not 'bon-mot-2026' "the password shown on screen"
expect_exit 0
tm kill-server >/dev/null 2>&1

SOCK=t$$w
start -- query --count l.zip
# (wait_for uses $i: count with $try.)
for try in 1 2 3; do
	wait_for "Archive password" || finish
	type_text "faux-$try"
	keys Enter
	[ "$try" -lt 3 ] && { wait_for "attempt $((try + 1)) of 3" || finish; }
done
expect_exit 6
tm kill-server >/dev/null 2>&1

SOCK=t$$c
start -- query --count l.zip
wait_for 'Archive password' || finish
keys C-c
expect_exit 130
tm kill-server >/dev/null 2>&1

# The password of an encrypted export: asked twice with echo off, a
# mismatch asked again, a short one warned; the zip reads back with it.
# (A wrapper sends stdout to a file: a zip is never written to a tty.)
printf 'Nom;Prénom\nRoy;Luc\nCôté;Anne\n' > "$T/s.csv"
printf '#!/bin/sh\nexec "%s" "$@" >"%s/out.zip"\n' "$LISTELEC" "$T" > "$T/wrap"
chmod +x "$T/wrap"
real=$LISTELEC
LISTELEC=$T/wrap
SOCK=t$$z
start -- query --format zip-aes s.csv
wait_for 'Password of the encrypted zip' || finish
type_text 'un-long-mot-de-passe'
keys Enter
wait_for 'same password again' || finish
type_text 'un-autre'
keys Enter
wait_for 'passwords differ' || finish
type_text 'court'
keys Enter
wait_for 'same password again' || finish
type_text 'court'
keys Enter
wait_for 'fewer than 12' || finish
expect_not 'court|un-autre|un-long' "a password shown on screen"
expect_exit 0
tm kill-server >/dev/null 2>&1
LISTELEC=$real
echo court | HOME=$HOMEDIR "$LISTELEC" query --count --archive-password-fd 0 \
    "$T/out.zip" >"$T/n" 2>/dev/null
[ "$(cat "$T/n")" = 2 ] || fail "the zip does not read back with its password"
finish
