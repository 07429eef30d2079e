#!/bin/sh
# The list widget's keys on every list screen: in the archive chooser ?
# and F1 show the help, G and End go to the last entry, PgDn and PgUp
# turn a page (at 80x8), / finds an entry and n the next; in the
# frequency view, the column list and the export's format choice ? shows
# the help; the help pager answers G; the wizard's menu of lists has help.
. "${top_srcdir:-.}/tests/screen/lib.sh"

[ -x "$GEN" ] || { echo "no $GEN" >&2; exit 99; }
printf 'pratique-2026\n' >"$T/pw"
"$GEN" zip --electors 60 --seed 7 --encryption aes256 --password-fd 3 \
    -o "$T/list.zip" 3<"$T/pw" || { fail "generator"; finish; }

# cursor_is ROW MESSAGE: the hardware cursor (on the selection) is in ROW.
cursor_is() {
	i=0
	while [ "$i" -lt 50 ]; do
		[ "$(tm display -p '#{cursor_y}')" = "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	capture
	fail "$2 (cursor in row $(tm display -p '#{cursor_y}'), not $1)"
}

# save_name NAME: w on the selection proposes NAME; Esc goes back.
save_name() {
	keys w
	wait_for "Save as: $1" || return 1
	keys Escape
	wait_for 'choose what to open' || return 1
}

# --- the chooser at 80x24 --------------------------------------------------
start -- open list.zip
wait_for 'Archive password:' || finish
type_text 'pratique-2026'
keys Enter
wait_for 'choose what to open' || finish
wait_for 'Lisez-moi' || finish
expect '\? help' "the key bar offers the help"
keys '?'
wait_for '^ *Help' || finish
expect 'choose a CSV list, or not' "the chooser's own help lines"
expect 'first / last line' "the list's keys in the help"
keys q
wait_for 'choose what to open' || finish
keys F1
wait_for 'Keys of this list' || finish
keys Escape
wait_for 'choose what to open' || finish
# G: the last entry (the read-me, in row 9).
keys G
cursor_is 9 "G is not on the last entry"
save_name 'Lisez-moi.txt' || finish
keys g
cursor_is 2 "g is not on the first entry"
keys End
cursor_is 9 "End is not on the last entry"
keys Home
# / finds the PDF archive, n the PDF in it.
keys /
wait_for '^Search:' || finish
type_text 'PDF'
keys Enter
cursor_is 3 "/PDF did not find the PDF archive"
keys n
cursor_is 4 "n did not find the next match"
save_name 'Liste électorale.pdf' || finish
keys /
type_text 'nothing-like-this'
keys Enter
wait_for 'Not found: nothing-like-this' || finish

# --- the chooser at 80x8: five rows in a page ------------------------------
tm resize-window -x 80 -y 8
wait_for 'choose what to open' || finish
keys Home
cursor_is 2 "Home at 80x8"
keys PageDown
cursor_is 4 "PgDn did not turn a page (the sixth entry, third row)"
expect_not 'Liste électorale au décret' "the first page still shown"
keys PageDown
cursor_is 6 "a second PgDn is not on the last entry"
save_name 'Lisez-moi.txt' || finish
keys PageUp
cursor_is 4 "PgUp did not turn back a page (the third entry)"
expect 'Liste électorale au décret' "the first page not shown again"
save_name 'Liste électorale.pdf' || finish
tm resize-window -x 80 -y 24
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# --- the table's lists ------------------------------------------------------
SOCK=t$$b
small_csv "$T/small.csv"
start -- open small.csv
wait_for '5 / 5 electors' || finish
# The frequency view of Municipalité.
keys '$' h F
wait_for 'Counts of Municipalit' || finish
keys '?'
wait_for 'filter the table by this value' || finish
expect 'Keys of this list' "the list's keys in the counts' help"
keys q
wait_for 'Counts of Municipalit' || finish
keys G Enter
wait_for '1 / 5 electors' || finish
# The column list.
keys c
wait_for '^Columns' || finish
keys '?'
wait_for 'show or hide the column' || finish
expect 'move the line up / down' "the swap keys in the help"
keys q
wait_for '^Columns' || finish
keys q
wait_for '1 / 5 electors' || finish
# The help pager: G shows its last line.
keys '?'
wait_for 'Help: keys of the table' || finish
expect_not 'use them only as the law allows' "the end of the help at once"
keys G
wait_for 'use them only as the law allows' || finish
keys q
wait_gone 'Help: keys' || finish
# The export's format choice.
keys e
wait_for 'CSV, UTF-8' || finish
keys '?'
wait_for 'format of the exported file' || finish
expect 'choose by number' "the shortcut keys in the help"
keys q
wait_for 'CSV, UTF-8' || finish
keys G Enter
wait_for 'Save as: .*\.zip' || finish
keys Escape
wait_for '1 / 5 electors' || finish
keys e
wait_for 'CSV, UTF-8' || finish
keys G Up Enter
wait_for 'Save as: .*\.json' || finish
keys Escape
wait_for '1 / 5 electors' || finish
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# --- the wizard's menu of lists --------------------------------------------
SOCK=t$$c
start -- training --electors 50
wait_for 'Practice user code' || finish
keys Enter
wait_for 'User code +\[' || finish
type_text 'benevole01'
keys Tab
type_text 'Pratique-2026'
keys Enter
wait_for '551\.1\.1' || finish
keys Space Enter
wait_for ' 1  Instructions' || finish
keys '?'
wait_for 'Keys of this list' || finish
expect 'downloaded only once' "the menu's own help line"
expect 'go to that number' "the numbers in the help"
keys q
wait_for ' 1  Instructions' || finish
keys Escape
wait_for 'Quit listelec' || finish
keys y
expect_exit 0
finish
