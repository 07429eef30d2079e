#!/bin/sh
# prompt — `listelec query` asks the archive password on the terminal with
# echo off: a wrong one is asked again (attempt 2 of 3), an empty one is
# asked again without being tried, the right one gives the count, and the
# password never shows on the screen.  Three wrong answers end with exit 6;
# Ctrl-C at the prompt with exit 130.  The terminal's modes come back.
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
finish
