#!/bin/sh
# The table screen on a small CSV at 80x24: rows and counts, the live
# filter with its count and an inline error, sort, search, record view,
# frequency view and the filter it sets, help, resize 80x24 -> 132x43 ->
# 80x24, export (content, mode 0600, audit log; the encrypted zip and its
# password form), and q restoring the tty.
. "${top_srcdir:-.}/tests/screen/lib.sh"

small_csv "$T/small.csv"
start -- open small.csv

# Rows and counts.
wait_for '5 / 5 electors' || finish
expect 'Tremblay +Éloïse' "first row shown"
expect '^Nom +Prénom' "name columns first (pinned)"
expect 'Québ' "municipality shown"
expect 'F1|\? help' "key bar"

# Live filter: the count follows each keystroke, before Enter.
keys /
wait_for '^Filter:' || finish
type_text 'belang'
wait_for '2 / 5 electors \| filter: belang' || finish
expect 'Bélanger' "accented match"
expect 'Belanger' "unaccented match"
expect_not 'Tremblay' "filtered out"
# An error is shown under the faulty term, rows kept.
type_text ' xyz:1'
wait_for '\^\^\^' || finish
expect 'xyz' "error names the term"
keys BSpace BSpace BSpace BSpace BSpace BSpace
wait_gone '\^\^\^' || finish
keys Enter
wait_for '^/ filter' || finish
expect '2 / 5 electors' "filter kept after Enter"

# Esc in the filter line clears it.
keys /
wait_for '^Filter:' || finish
keys Escape
wait_for '5 / 5 electors' || finish
expect_not 'filter:' "filter cleared"

# Sort by Prénom descending (second column).
# (The sort runs in the background: wait until it is done.)
keys l S
wait_for 'sort: Prénom' || finish
wait_gone 'working\.\.\.' || finish
head -2 "$T/screen" | tail -1 | grep -q 'Zoé' || fail "Zoé first after S"
keys s
wait_for 'Prénom ↑' || finish
wait_gone 'working\.\.\.' || finish
head -2 "$T/screen" | tail -1 | grep -q 'Éloïse' || fail "Éloïse first after s"
keys r
wait_gone 'sort:' || finish

# Search: & then n, the match highlighted (selection moves to it).
keys '&'
wait_for '^Search:' || finish
type_text 'moulin'
keys Enter
wait_for 'row 5 ' || finish
# n and N: next and previous match, wrapping.
keys '&' C-u
type_text 'laval'
keys Enter
wait_for 'row 1 ' || finish
expect 'Search wrapped to the top' "wrap said"
keys n
wait_for 'row 2 ' || finish
keys n
wait_for 'row 1 ' || finish
keys N
wait_for 'row 2 ' || finish
keys Escape

# Record view: every field with its column name.
keys g Enter
wait_for 'Elector 1 of 5' || finish
expect 'Date de naissance +1950-03-02' "record field"
expect 'Municipalité +Laval' "record field"
keys Right
wait_for 'Elector 2 of 5' || finish
expect 'Gagnon' "next record"
keys q
wait_for '5 / 5 electors' || finish

# Frequency view of Municipalité, then filter from it.
keys '$' h
keys F
wait_for 'Counts of Municipalit' || finish
expect 'Laval +2 ' "Laval counted twice"
expect 'Trois-Rivières +2 ' "Trois-Rivières counted twice"
expect 'Québec +1 ' "Québec once"
keys Enter
wait_for '2 / 5 electors \| filter: "Municipalit' || finish

# Help lists the keys.
keys '?'
wait_for 'Help: keys of the table' || finish
# Generated from the key table: every key of a row, ^N and ^P included.
expect '^ +j Down \^N +next row' "help: j, Down and ^N"
expect '^ +k Up \^P +previous row' "help: k, Up and ^P"
expect '^ +Space PgDn \^F +next page' "help: the page keys"
expect '^ +l Right Tab +next column' "help: the column keys"
keys G
wait_for '^ +q +quit' || finish
expect '^ +\? F1 +this help' "help: ? and F1"
keys q
wait_gone 'Help: keys' || finish

# The hardware cursor rests on the selected row (for screen readers).
keys g
wait_for 'row 1 ' || finish
[ "$(tm display -p '#{cursor_y}')" = 1 ] || fail "cursor not on row 1"
keys j
wait_for 'row 2 ' || finish
[ "$(tm display -p '#{cursor_y}')" = 2 ] || fail "cursor not on row 2"
# ^N and ^P move like j and k (emacs and less users).
keys C-p
wait_for 'row 1 ' || finish
keys C-n
wait_for 'row 2 ' || finish

# Column list: hide Sexe, then show it again.
keys c
wait_for '^Columns' || finish
expect '\[x\] Nom \(pinned\)' "Nom pinned"
keys j j j
keys Space
wait_for '\[ \] Sexe' || finish
keys q 0
wait_for '^Nom +Prénom +.No section +Date' || finish
keys c
wait_for '^Columns' || finish
keys j j j Space q 0
wait_for '^Nom +Prénom +.No section +Sexe +Date' || finish

# Resize at any moment.
tm resize-window -x 132 -y 43
wait_for '2 / 5 electors' || finish
[ "$(wc -l <"$T/screen")" -ge 40 ] || fail "not redrawn at 43 lines"
grep -q 'electors.*filter.*Municipalit' "$T/screen" || fail "status at 132"
tm resize-window -x 80 -y 24
wait_for '2 / 5 electors' || finish
[ "$(LC_ALL=C.UTF-8 wc -L <"$T/screen")" -le 80 ] ||
    fail "lines wider than 80 after resize"

# Export the two shown rows to CSV after the confidentiality notice.
keys e
wait_for 'CSV, UTF-8' || finish
keys 1
wait_for 'Save as:' || finish
keys C-u
type_text 'shown.csv'
keys Enter
wait_for '551\.1\.1' || finish
keys y
wait_for 'exported to shown.csv' || finish
[ -f "$T/shown.csv" ] || fail "export file missing"
mode=$(stat -c %a "$T/shown.csv" 2>/dev/null)
[ "$mode" = 600 ] || fail "export mode is $mode, not 600"
[ "$(wc -l <"$T/shown.csv")" -eq 3 ] || fail "export: not header + 2 rows"
grep -q 'Tremblay' "$T/shown.csv" || fail "export lacks Tremblay"
grep -q 'Roy' "$T/shown.csv" && fail "export holds a row not shown"
head -1 "$T/shown.csv" | grep -q 'Nom' || fail "export header"
log=$HOMEDIR/.local/state/listelec/audit.log
grep -q 'export.*shown.csv.*sha256=' "$log" 2>/dev/null ||
    fail "export not in the audit log"
grep -q 'Tremblay' "$log" 2>/dev/null && fail "elector data in the audit log"
# Never over an existing file.
keys e
wait_for 'CSV, UTF-8' || finish
keys 1
wait_for 'Save as:' || finish
keys C-u
type_text 'shown.csv'
keys Enter y
wait_for 'Not exported' || finish
[ "$(wc -l <"$T/shown.csv")" -eq 3 ] || fail "existing export changed"

# The encrypted zip: a .zip name offered, the password twice (a mismatch
# refused, a short one warned), then one AES-256 entry with the rows.
keys e
wait_for 'ZIP encrypted \(AES-256\)' || finish
keys 5
wait_for 'Save as: listelec-export-[0-9-]*\.zip' || finish
keys C-u
type_text 'shown.zip'
keys Enter
wait_for '551\.1\.1' || finish
keys y
wait_for 'Password of the zip' || finish
type_text 'court'
keys Tab
type_text 'autre'
keys Enter
wait_for 'The two passwords differ' || finish
expect_not 'court|autre' "a password shown in clear"
type_text 'court'
keys Tab
type_text 'court'
keys Enter
wait_for 'fewer than 12' || finish
[ -f "$T/shown.zip" ] && fail "zip written before the warning was seen"
keys Enter
wait_for 'exported to shown.zip, encrypted' || finish
mode=$(stat -c %a "$T/shown.zip" 2>/dev/null)
[ "$mode" = 600 ] || fail "zip export mode is $mode, not 600"
[ "$(unzip -Z1 "$T/shown.zip" | wc -l)" -eq 1 ] || fail "zip: not one entry"
# (Info-ZIP's unzip cannot decrypt AES: listelec reads it back.)
echo court | HOME=$HOMEDIR "$LISTELEC" query --format csv \
    --archive-password-fd 0 "$T/shown.zip" >"$T/unz" 2>/dev/null
grep -q 'Tremblay' "$T/unz" || fail "zip: rows missing"
grep -q 'Roy' "$T/unz" && fail "zip holds a row not shown"
grep -q 'Tremblay' "$T/shown.zip" && fail "zip: rows in clear"
grep -q 'export.*shown.zip format=zip-aes.*sha256=' "$log" 2>/dev/null ||
    fail "zip export not in the audit log"

keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# A cell a spreadsheet would run as a formula: the export asks; no (the
# default) writes it as it is, with a warning; yes puts a ' before it.
printf 'Nom;Prénom;Note\nRoy;Luc;=HYPERLINK("x")\nCôté;Anne;ok\n' > "$T/f.csv"
SOCK=t$$f
start -- open f.csv
wait_for '2 / 2 electors' || finish
keys e
wait_for 'CSV, UTF-8' || finish
keys 1
wait_for 'Save as:' || finish
keys C-u
type_text 'f-out.csv'
keys Enter
wait_for '551\.1\.1' || finish
keys y
wait_for 'Put a .* before them' || finish
expect 'Some cells begin with =' "the formula cells said"
keys n
wait_for '1 cells begin with' || finish
grep -qF ',"=HYPERLINK' "$T/f-out.csv" || fail "formula cell changed"
keys e
wait_for 'CSV, UTF-8' || finish
keys 1
wait_for 'Save as:' || finish
keys C-u
type_text 'f-safe.csv'
keys Enter
wait_for '551\.1\.1' || finish
keys y
wait_for 'Put a .* before them' || finish
keys y
wait_for 'written with a leading' || finish
grep -qF ",\"'=HYPERLINK" "$T/f-safe.csv" ||
    fail "formula cell not neutralized"
grep -q 'Côté,Anne,ok' "$T/f-safe.csv" || fail "other cells changed"
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# Idle: the electors are blanked; only a yes shows them again.
SOCK=t$$l
start -- open --idle-lock 1 small.csv
wait_for 'Screen locked' 50 || finish
expect_not 'Tremblay' "electors shown while locked"
keys n
sleep 0.3
expect 'Screen locked' "a no unlocked the screen"
keys y
wait_for 'Tremblay' || finish
keys q
expect_exit 0
finish
