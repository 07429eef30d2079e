#!/bin/sh
# diff — `listelec diff` on successive generated lists of one riding,
# judged against the generator's facts file (the truth of every change):
# each change's category and its section and line before and after, with
# and without the change marks, list 0 -> 1 and 1 -> 2, and a changes-only
# statement; the summary's counts; --by-section's sums; --only (English
# tokens in both languages, French names in French); --exit-code; the same
# output whatever the order of the rows; deliveries (AES-256 zips) with one
# password or two, wrong ones; usage and data errors; the audit log.
. "$top_srcdir/tests/cmd/lib.sh"

N=6000
S=11
printf 'other-practice-pw\n' > "$T/pw2"
for k in 0 1 2; do
	"$GEN" csv --electors $N --seed $S --list $k > "$T/l$k.csv" ||
	    fail "generator list $k"
done
for k in 1 2; do
	"$GEN" csv --electors $N --seed $S --list $k --facts "$T/f$k.csv" \
	    > /dev/null 2>&1 || fail "generator facts $k"
	"$GEN" csv --electors $N --seed $S --list $k --marks > "$T/m$k.csv" ||
	    fail "generator marks $k"
done
"$GEN" csv --electors $N --seed $S --list 1 --changes-only > "$T/c1.csv" ||
    fail "generator changes-only"

# run_csv ARGS...: run_le, then CSV's CR LF line ends as LF.
run_csv() {
	run_le "$@"
	tr -d '\r' < "$T/out" > "$T/out.lf" && mv "$T/out.lf" "$T/out"
}

# facts_rows K: the facts of list K as category,section,line,section,line.
facts_rows() {
	awk -F, 'NR > 1 { print $1 "," $3 "," $4 "," $5 "," $6 }' \
	    "$T/f$1.csv" | sort
}
# diff_rows FILE: the same from diff's CSV output.
diff_rows() {
	awk -F, 'NR > 1 { print $1 "," $4 "," $5 "," $6 "," $7 }' "$1" |
	    sort
}
# count CAT FILE: the rows of category CAT in a facts file or diff's CSV.
count() {
	awk -F, -v c="$1" 'NR > 1 && $1 == c { n++ } END { print n + 0 }' "$2"
}
# summary_count CAT: the count of CAT in the summary line in $T/out.
summary_count() {
	sed -n "s/.*[;,] $1: \([0-9]*\).*/\1/p" "$T/out"
}

for k in 1 2; do
	old=$((k - 1))
	facts_rows $k > "$T/facts"
	for new in l$k m$k; do
		run_csv --lang en diff --format csv "$T/l$old.csv" "$T/$new.csv"
		check_eq "$new: status" 0 "$rc"
		cp "$T/out" "$T/rows.csv"
		diff_rows "$T/rows.csv" > "$T/mine"
		if ! cmp -s "$T/facts" "$T/mine"; then
			fail "$new: changes differ from the facts:"
			diff "$T/facts" "$T/mine" | head -20
		fi
		checks=$((checks + 1))
		for c in added struck-off moved corrected renumbered; do
			check_eq "$new: $c rows" "$(count $c "$T/f$k.csv")" \
			    "$(count $c "$T/rows.csv")"
		done
		# The details: same or other section, name, birth, sex.
		for dt in same-section other-section name birth sex; do
			check_eq "$new: detail $dt" \
			    "$(awk -F, -v d=$dt '$2 == d' "$T/f$k.csv" | wc -l)" \
			    "$(awk -F, -v d=$dt '$2 == d' "$T/rows.csv" | wc -l)"
		done
		check_eq "$new: no ambiguous" 0 "$(count ambiguous "$T/rows.csv")"

		run_le --lang en diff "$T/l$old.csv" "$T/$new.csv"
		check_eq "$new: summary status" 0 "$rc"
		for c in added struck-off moved corrected renumbered; do
			check_eq "$new: summary $c" "$(count $c "$T/f$k.csv")" \
			    "$(summary_count $c)"
		done
		check_grep "$new: electors before" \
		    "$(($(wc -l < "$T/l$old.csv") - 1)) electors before" "$T/out"
		check_grep "$new: electors after" \
		    ", $(($(wc -l < "$T/l$k.csv") - 1)) after" "$T/out"
	done
	check_grep "m$k: marks all agree" "; 0 disagree with the change marks" \
	    "$T/out"
done

# A changes-only statement: the same changes, renumbering aside.
run_csv --lang en diff --format csv "$T/l0.csv" "$T/c1.csv"
check_eq "changes-only: status" 0 "$rc"
cp "$T/out" "$T/rows.csv"
facts_rows 1 | grep -v '^renumbered,' > "$T/facts"
diff_rows "$T/rows.csv" > "$T/mine"
if ! cmp -s "$T/facts" "$T/mine"; then
	fail "changes-only: changes differ from the facts:"
	diff "$T/facts" "$T/mine" | head -20
fi
checks=$((checks + 1))
run_le --lang en diff "$T/l0.csv" "$T/c1.csv"
check_grep "changes-only: said" "changes-only statement" "$T/out"
check_grep "changes-only: after" ", $(($(wc -l < "$T/l1.csv") - 1)) after" \
    "$T/out"
check_grep "changes-only: agrees" "; 0 disagree with the change marks" \
    "$T/out"

# A mark that lies: an unchanged elector marked Ajout is kept out (added,
# the old one struck off) and reported as a disagreement.
awk -F';' 'BEGIN { OFS = ";" } NR == 5 { $11 = "Ajout" } { print }' \
    "$T/m1.csv" > "$T/lie.csv"
run_csv --lang en diff --format csv --only disagreement "$T/l0.csv" \
    "$T/lie.csv"
check_eq "lying mark: one disagreement" 1 "$(($(wc -l < "$T/out") - 1))"
check_grep "lying mark: shown added" "added,,,,," "$T/out"
run_le --lang en diff "$T/l0.csv" "$T/lie.csv"
check_grep "lying mark: counted" "; 1 disagree with the change marks" "$T/out"
check_eq "lying mark: one more added" "$(($(count added "$T/f1.csv") + 1))" \
    "$(summary_count added)"

# --exit-code: 1 when they differ, 0 for a list and itself.
run_le diff --exit-code "$T/l0.csv" "$T/l1.csv"
check_eq "exit-code, differ" 1 "$rc"
run_le diff "$T/l0.csv" "$T/l1.csv"
check_eq "no exit-code, differ" 0 "$rc"
run_le --lang en diff --exit-code "$T/l1.csv" "$T/l1.csv"
check_eq "exit-code, same" 0 "$rc"
check_grep "same: all unchanged" \
    "unchanged: $(($(wc -l < "$T/l1.csv") - 1))" "$T/out"
run_le diff --exit-code --only ambiguous "$T/l0.csv" "$T/l1.csv"
check_eq "exit-code, none of the categories asked" 0 "$rc"

# --only: those categories; English tokens in French too.
run_csv --lang en diff --format csv --only added,moved "$T/l0.csv" "$T/l1.csv"
check_eq "only: rows" "$(($(count added "$T/f1.csv") + \
    $(count moved "$T/f1.csv")))" "$(($(wc -l < "$T/out") - 1))"
check_eq "only: categories" "added
moved" "$(awk -F, 'NR > 1 { print $1 }' "$T/out" | sort -u)"
run_csv --lang fr diff --format csv --only ajout,moved,struck-off "$T/l0.csv" \
    "$T/l1.csv"
check_eq "only (fr): categories" "ajout
déménagement
radiation" "$(awk -F, 'NR > 1 { print $1 }' "$T/out" | sort -u)"
check_grep "fr: header" "Changement,Détail,Champs" "$T/out"
run_le --lang fr diff --only nothing "$T/l0.csv" "$T/l1.csv"
check_eq "only: unknown" 2 "$rc"
check_grep "only: unknown names the categories" "struck-off" "$T/err"

# --by-section: every section's sums hold, and the totals are the lists'.
run_csv --lang en diff --by-section --format csv "$T/l0.csv" "$T/l1.csv"
check_eq "by-section: status" 0 "$rc"
check_eq "by-section: header" \
    "Section,Before,Added,Struck off,Moved in,Moved out,Corrected,Ambiguous before,Ambiguous after,After" \
    "$(head -n 1 "$T/out")"
check_eq "by-section: each section sums" "" "$(awk -F, 'NR > 1 &&
    $10 != $2 + $3 - $4 + $5 - $6 + $9 - $8 { print $1 }' "$T/out")"
check_eq "by-section: before" "$(($(wc -l < "$T/l0.csv") - 1))" \
    "$(awk -F, 'NR > 1 { n += $2 } END { print n }' "$T/out")"
check_eq "by-section: after" "$(($(wc -l < "$T/l1.csv") - 1))" \
    "$(awk -F, 'NR > 1 { n += $10 } END { print n }' "$T/out")"
check_eq "by-section: added" "$(count added "$T/f1.csv")" \
    "$(awk -F, 'NR > 1 { n += $3 } END { print n }' "$T/out")"
check_eq "by-section: struck off" "$(count struck-off "$T/f1.csv")" \
    "$(awk -F, 'NR > 1 { n += $4 } END { print n }' "$T/out")"
check_eq "by-section: moved to another section" \
    "$(awk -F, '$1 == "moved" && $2 == "other-section"' "$T/f1.csv" | wc -l)" \
    "$(awk -F, 'NR > 1 { n += $5 } END { print n }' "$T/out")"
check_eq "by-section: sections" \
    "$(awk -F';' 'FNR > 1 { print $1 }' "$T/l0.csv" "$T/l1.csv" | sort -u | wc -l)" \
    "$(($(wc -l < "$T/out") - 1))"

# The order of the rows does not matter.
(head -n 1 "$T/l1.csv"; tail -n +2 "$T/l1.csv" | sort -t';' -k3) > "$T/s1.csv"
(head -n 1 "$T/l0.csv"; tail -n +2 "$T/l0.csv" | sort -r) > "$T/s0.csv"
"$LISTELEC" --lang en diff --format csv --only added,struck-off,moved,corrected,renumbered,unchanged \
    "$T/l0.csv" "$T/l1.csv" > "$T/a" 2>&1
"$LISTELEC" --lang en diff --format csv --only added,struck-off,moved,corrected,renumbered,unchanged \
    "$T/s0.csv" "$T/s1.csv" > "$T/b" 2>&1
checks=$((checks + 1))
cmp -s "$T/a" "$T/b" || { fail "shuffled rows: another result"; diff "$T/a" "$T/b" | head; }

# Deliveries: one password for both, or one each; wrong ones.
"$GEN" zip --electors 800 --seed 5 --list 0 --encryption aes256 \
    --password-fd 3 -o "$T/d0.zip" 3<"$T/pw" || fail "generator zip 0"
"$GEN" zip --electors 800 --seed 5 --list 1 --encryption aes256 \
    --password-fd 3 -o "$T/d1.zip" 3<"$T/pw" || fail "generator zip 1"
"$GEN" zip --electors 800 --seed 5 --list 1 --encryption aes256 \
    --password-fd 3 -o "$T/e1.zip" 3<"$T/pw2" || fail "generator zip 1 (2)"
"$GEN" csv --electors 800 --seed 5 --list 0 > "$T/d0.csv"
"$GEN" csv --electors 800 --seed 5 --list 1 > "$T/d1.csv"
"$LISTELEC" --lang en diff "$T/d0.csv" "$T/d1.csv" > "$T/plain" 2>&1
"$LISTELEC" --lang en diff --archive-password-fd 3 "$T/d0.zip" "$T/d1.zip" \
    > "$T/out" 2>"$T/err" 3<"$T/pw"
check_eq "zips, one password: status" 0 "$?"
check_eq "zips: as the CSV" "$(cat "$T/plain")" "$(cat "$T/out")"
"$LISTELEC" --lang en diff --archive-password-fd 3 \
    --new-archive-password-fd 4 "$T/d0.zip" "$T/e1.zip" > "$T/out" \
    2>"$T/err" 3<"$T/pw" 4<"$T/pw2"
check_eq "zips, two passwords: status" 0 "$?"
check_eq "zips, two passwords: as the CSV" "$(cat "$T/plain")" \
    "$(cat "$T/out")"
"$LISTELEC" --lang en diff --archive-password-fd 3 "$T/d0.zip" "$T/e1.zip" \
    > "$T/out" 2>"$T/err" 3<"$T/pw"
check_eq "NEW's password is another: status" 6 "$?"
check_grep "NEW's password is another: says" "--new-archive-password-fd" \
    "$T/err"
"$LISTELEC" --lang en diff --archive-password-fd 3 "$T/d0.zip" "$T/d1.csv" \
    > "$T/out" 2>"$T/err" 3<"$T/badpw"
check_eq "wrong password: status" 6 "$?"
"$LISTELEC" --lang en diff --archive-password-fd 3 "$T/d0.csv" "$T/d1.zip" \
    > "$T/out" 2>"$T/err" 3<"$T/pw"
check_eq "plain OLD, zip NEW: status" 0 "$?"
check_eq "plain OLD, zip NEW: as the CSV" "$(cat "$T/plain")" "$(cat "$T/out")"
run_le diff "$T/d0.zip" "$T/d1.zip"
check_eq "no terminal, no password: as query" \
    "$("$LISTELEC" query --count "$T/d0.zip" </dev/null >/dev/null 2>&1; echo $?)" \
    "$rc"

# Usage and data errors.
run_le diff "$T/l0.csv"
check_eq "one list: usage" 2 "$rc"
run_le diff --format zip-aes "$T/l0.csv" "$T/l1.csv"
check_eq "zip-aes format: usage" 2 "$rc"
printf 'Nom;Prénom\nRoy;Paul\n' > "$T/short.csv"
run_le --lang en diff "$T/short.csv" "$T/l1.csv"
check_eq "not a list: data" 7 "$rc"
check_grep "not a list: says which column" "Date de naissance" "$T/err"
run_le diff "$T/l0.csv" "$T/none.csv"
check_eq "missing file" 1 "$rc"

# The audit log: the comparison, and the export to a pipe or a file.
LOG="$XDG_STATE_HOME/listelec/audit.log"
check_grep "audit: diff" " diff old=$T/l0.csv new=$T/l1.csv" "$LOG"
check_grep "audit: the export" "command=diff to=stdout" "$LOG"

# Cells from the lists reach a terminal only through the sanitizer.
printf 'No section;No électeur;Nom;Prénom;Sexe;Date de naissance;Adresse;%s\r\n' \
    'Appartement;Municipalité;Code postal;' > "$T/esc0.csv"
printf '001;1;Roy\033[2J\007;Paul;M;1950-01-01;1 rue A;;Laval;H1A 1A1;\r\n' \
    >> "$T/esc0.csv"
cp "$T/esc0.csv" "$T/esc1.csv"
printf '001;2;Roy;Zoé;F;2008-01-01;1 rue A;;Laval;H1A 1A1;\r\n' \
    >> "$T/esc1.csv"
if command -v script >/dev/null; then
	script -qec "$LISTELEC diff --format table --only added,unchanged $T/esc0.csv $T/esc1.csv" \
	    /dev/null > "$T/tty" 2>&1
	check_grep "terminal: the row" "Zoé" "$T/tty"
	check_no_esc "terminal: no escape from a cell" "$T/tty"
fi

done_tests
