#!/bin/sh
# listelec open --diff on two small lists at 80x24: the table screen with
# the change first, changed cells marked old→new (a mark in the text, so
# NO_COLOR keeps it; -> when the terminal is not UTF-8), the filter on the
# category, the frequency of the categories, passwords asked on the
# terminal (once when both lists share one), and q restoring the tty.
. "${top_srcdir:-.}/tests/screen/lib.sh"

H='No section;No électeur;Nom;Prénom;Sexe;Date de naissance;Adresse'
printf '%s\n' "$H" \
    '001;1;Paré;Lucie;F;2004-01-19;189 rue de l'\''Église' \
    '001;2;Gagnon;Réjeanne;F;1949-07-07;189 rue de l'\''Église' \
    '001;3;Fournier;Annie;F;1981-06-19;197 rue de l'\''Église' \
    '002;1;Côté;Luc;M;1975-05-05;30 chemin du Roy' \
    '002;2;Tremblay;Denis;M;1964-02-05;12 chemin du Roy' \
    '002;3;Morin;Julie;F;1988-08-08;32 chemin du Roy' >"$T/old.csv"
printf '%s\n' "$H" \
    '001;1;Pare;Lucie;F;2004-01-19;189 rue de l'\''Église' \
    '001;2;Gagnon;Réjeanne;F;1949-07-07;189 rue de l'\''Église' \
    '001;3;Bolduc;Anne;F;1999-09-09;189 rue de l'\''Église' \
    '001;4;Fournier;Annie;F;1981-06-19;205 rue de l'\''Église' \
    '003;1;Côté;Luc;M;1975-05-05;40 rue Principale' \
    '002;3;Morin;Julie;F;1988-08-08;32 chemin du Roy' >"$T/new.csv"

start C.UTF-8 80 24 NO_COLOR=1 -- open --diff old.csv new.csv
# Paré corrected, Bolduc added, Fournier and Côté moved, Tremblay struck
# off; Gagnon and Morin unchanged are left out.
wait_for '5 / 5 electors' || finish
expect 'old.csv → new.csv' "both files named"
expect 'Paré→Pare' "the changed name marked old→new"
expect 'Change' "the change column"
expect 'corrected' "a correction"
expect 'struck-off' "a striking-off"
expect_not 'Gagnon' "unchanged electors left out"

# The counts of the categories (the column after the names).
keys l l F
wait_for 'Counts of Change' || finish
expect 'moved +2 ' "two moves counted"
expect 'added +1 ' "one addition counted"
keys Escape
wait_gone 'Counts of' || finish

# The filter on the category.
keys /
wait_for '^Filter:' || finish
type_text 'change=moved'
keys Enter
wait_for '2 / 5 electors' || finish
expect 'Fournier' "a mover shown"
expect_not 'Bolduc' "an addition filtered out"
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# Not UTF-8: the mark is ->; French names in French; --only unchanged.
SOCK=t$$c
start fr_CA.ISO-8859-1 80 24 -- --lang fr open --diff --only ajout,inchange old.csv new.csv
wait_for 'Changement' || finish
expect 'ajout' "French category"
expect 'inchang' "unchanged asked for"
expect 'old.csv -> new.csv' "ASCII arrow in the title"
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# Passwords on the terminal: OLD's is asked, tried on NEW, and NEW's asked
# when it differs.
printf 'practice-one\n' > "$T/pw1"
printf 'practice-two\n' > "$T/pw2"
"$GEN" zip --electors 300 --seed 2 --list 0 --encryption aes256 \
    --password-fd 3 -o "$T/a.zip" 3<"$T/pw1" || fail "generator a.zip"
"$GEN" zip --electors 300 --seed 2 --list 1 --encryption aes256 \
    --password-fd 3 -o "$T/b.zip" 3<"$T/pw2" || fail "generator b.zip"
SOCK=t$$p
start -- --lang en diff a.zip b.zip
wait_for 'Archive password of (OLD|NEW)' || finish
type_text 'practice-one'
keys Enter
wait_for 'Archive password of NEW' || finish
type_text 'practice-two'
keys Enter
wait_for '300 electors before' || finish
expect_not 'practice-' "a password echoed"
expect_exit 0
tm kill-server >/dev/null 2>&1

# One password for both: asked once.
"$GEN" zip --electors 300 --seed 2 --list 1 --encryption aes256 \
    --password-fd 3 -o "$T/c.zip" 3<"$T/pw1" || fail "generator c.zip"
SOCK=t$$q
start -- --lang en diff a.zip c.zip
wait_for 'Archive password of (OLD|NEW)' || finish
type_text 'practice-one'
keys Enter
wait_for '300 electors before' || finish
expect_exit 0
finish
