#!/bin/sh
# The live filter on a generated list at 80x24: nom:roy, then |gagnon
# appended.  The second expression widens the first, so it must run over
# every row and not only over the Roy rows already found (filter_narrows
# must say no): a Roy and a Gagnon row are both shown, and the counts are
# those `listelec query --count` gives.  Done twice: with nom:roy reached
# through expressions that do not parse (so only the widening step could
# go wrong; it does when filter_narrows always says yes), then typed key
# by key.
. "${top_srcdir:-.}/tests/screen/lib.sh"

[ -x "$GEN" ] || { echo "no $GEN" >&2; exit 99; }
"$GEN" csv --electors 2000 --seed 5 >"$T/list.csv" ||
    { fail "generator"; finish; }

# count EXPR: the rows EXPR matches, without the table screen.
count() {
	env -i LANG=C.UTF-8 HOME="$HOMEDIR" "$LISTELEC" query --count \
	    --filter "$1" "$T/list.csv"
}
total=$(count '')
nroy=$(count 'nom:roy')
ngagnon=$(count 'nom:gagnon')
nboth=$(count 'nom:roy|gagnon')
# The fixture holds both names (the generator's seed 5: 74 and 70).
[ "${nroy:-0}" -gt 0 ] && [ "${ngagnon:-0}" -gt 0 ] ||
    { fail "no Roy or no Gagnon in the list ($nroy, $ngagnon)"; finish; }
[ "$nboth" -eq $((nroy + ngagnon)) ] ||
    { fail "Roy and Gagnon overlap: $nroy + $ngagnon != $nboth"; finish; }

start -- open list.csv
wait_for "$total / $total electors" || finish

# nom:roy typed so that no step before it can be narrowed (":roy", "n:roy"
# and "no:roy" do not parse): its rows come from a full run whatever
# filter_narrows says.
keys /
wait_for '^Filter:' || finish
type_text ':roy'
wait_for "Missing column name" || finish
keys Home
type_text 'nom'
wait_for "$nroy / $total electors \\| filter: nom:roy +row" || finish
expect '^Roy ' "a Roy row shown"
expect_not '^Gagnon ' "no Gagnon row for nom:roy"

# Appending an alternative widens the filter: every row is searched again.
keys End
type_text '|gagnon'
wait_for "$nboth / $total electors \\| filter: nom:roy\\|gagnon" || finish
expect '^Roy ' "a Roy row still shown"
expect '^Gagnon ' "a Gagnon row shown after |gagnon"

# Backspace back to nom:roy: Gagnon goes again.
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_for "$nroy / $total electors \\| filter: nom:roy +row" || finish
expect_not '^Gagnon ' "Gagnon gone again"
keys Escape
wait_for "$total / $total electors" || finish

# The same typed key by key (nom, then nom:r... must not narrow either).
keys /
wait_for '^Filter:' || finish
type_text 'nom:roy'
wait_for "$nroy / $total electors \\| filter: nom:roy +row" || finish
type_text '|gagnon'
wait_for "$nboth / $total electors \\| filter: nom:roy\\|gagnon" || finish
expect '^Gagnon ' "a Gagnon row shown"
keys Enter
wait_for '^/ filter' || finish
expect "$nboth / $total electors" "filter kept after Enter"

keys q
expect_exit 0
finish
