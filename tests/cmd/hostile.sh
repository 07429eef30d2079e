#!/bin/sh
# hostile — inputs made to hurt end as data or as a clear refusal, in
# bounded time: every phase linear in the bytes read (CPU limited with
# ulimit -t, far above what a linear reading needs and far below what the
# quadratic one took), messages that name the file once and never echo a
# 64 KiB filter whole.
. "$top_srcdir/tests/cmd/lib.sh"

# 4 096 columns x 3 000 rows of empty cells (12 MB; 27 KB zipped): the
# column typing read each cell by walking its row again (68 s of CPU).
awk 'BEGIN {
	for (c = 1; c <= 4096; c++) printf "%sc%d", (c > 1 ? ";" : ""), c
	printf "\n"
	for (r = 0; r < 3000; r++) {
		for (c = 1; c < 4096; c++) printf ";"
		printf "\n"
	}
}' > "$T/wide.csv"
(cd "$T" && zip -q wide.zip wide.csv)
check_eq "the wide zip is small" 1 "$([ "$(wc -c < "$T/wide.zip")" -lt 100000 ] && echo 1)"
( ulimit -t 10; "$LISTELEC" query --count "$T/wide.zip" > "$T/out" 2> "$T/err" )
check_eq "4096 empty columns: read within 10 s of CPU (exit)" 0 "$?"
check_eq "4096 empty columns: the rows" 3000 "$(cat "$T/out")"
( ulimit -t 10; "$LISTELEC" query --count "$T/wide.csv" > "$T/out" 2>&1 )
check_eq "4096 empty columns, plain CSV: the rows" 3000 "$(cat "$T/out")"

# 100 000 columns separated by ';', the delimiter sniffed: a header
# longer than the sample is still read with ';', and refused at the
# column limit, never taken silently as one column.
awk 'BEGIN {
	for (c = 1; c <= 100000; c++) printf "%sc%d", (c > 1 ? ";" : ""), c
	printf "\n"
	for (c = 1; c <= 100000; c++) printf "%sv", (c > 1 ? ";" : "")
	printf "\n"
}' > "$T/w100k.csv"
run_le query --count "$T/w100k.csv"
check_eq "100 000 columns: refused as data (exit 7)" 7 "$rc"
check_grep "100 000 columns: the limit said" "more than 4096 columns" "$T/err"

# A closed quoted field of 2 MB is data, kept whole.
awk 'BEGIN { printf "a;b\n1;\""; for (i = 0; i < 2000000; i++) printf "x";
    printf "\"\n2;y\n" }' > "$T/bigcell.csv"
run_le query --count "$T/bigcell.csv"
check_eq "a 2 MB cell: read" "0 2" "$rc $(cat "$T/out")"
run_le query --filter a=1 --columns b --format csv "$T/bigcell.csv"
check_eq "a 2 MB cell: exported whole" 2000005 "$(wc -c < "$T/out")"

# Degenerate files: clear answers, at once.
: > "$T/empty.csv"
run_le query --count "$T/empty.csv"
check_eq "an empty file: data not usable" 7 "$rc"
check_grep "an empty file: said" "empty" "$T/err"
printf 'a;b\n' > "$T/hdr.csv"
run_le query --count "$T/hdr.csv"
check_eq "a header only: no rows" "0 0" "$rc $(cat "$T/out")"
printf 'a;b\n1;\000x\n' > "$T/nul.csv"
run_le query --count "$T/nul.csv"
check_eq "a NUL byte: the row kept" "0 1" "$rc $(cat "$T/out")"
check_grep "a NUL byte: said" "NUL" "$T/err"
awk 'BEGIN { print "a;b"; for (i = 0; i < 10000000; i++) print "" }' \
    > "$T/lines.csv"
( ulimit -t 10; "$LISTELEC" query --count "$T/lines.csv" > "$T/out" )
check_eq "10 million empty lines: no rows, within 10 s of CPU" "0 0" \
    "$? $(cat "$T/out")"
rm -f "$T/lines.csv"

# Hostile archives (tests/mkzip): each refused with its reason and the
# documented status, within 10 s of CPU.
printf 'pw\n' > "$T/mkpw"
for case in bomb:5:"times its packed size" bomb-liar:7:"NUL bytes" \
    overlap:5:overlapping nest5:5:"nested more than" many:5:"entries" \
    lying-size:5:"corrupt or crafted" past-eof:5:truncated \
    truncated:5:incomplete html:5:"web page" empty:5:empty \
    garbage:5:"not a zip" dup:5:ambiguous; do
	kind=${case%%:*}
	rest=${case#*:}
	want=${rest%%:*}
	why=${rest#*:}
	"$MKZIP" --password-fd 3 "$kind" "$T/h-$kind.zip" 3<"$T/mkpw" \
	    >/dev/null 2>&1 || "$MKZIP" "$kind" "$T/h-$kind.zip" >/dev/null 2>&1
	( ulimit -t 10; "$LISTELEC" query --count --archive-password-fd 3 \
	    "$T/h-$kind.zip" 3<"$T/mkpw" > "$T/out" 2> "$T/err" )
	check_eq "$kind: exit status" "$want" "$?"
	check_grep "$kind: the reason" "$why" "$T/err"
done
# Entry names with escape sequences: shown as marks, never sent.
"$MKZIP" escname "$T/h-esc.zip" >/dev/null 2>&1
run_le info "$T/h-esc.zip"
check_no_esc "escaped names in info" "$T/out"

# A CSV error names the file once.
printf 'a;b\n"x;y\n' > "$T/q.csv"
run_le query --count "$T/q.csv"
check_eq "unclosed quote: exit 7" 7 "$rc"
check_grep "unclosed quote: the file and the line" "q.csv: line 2:" "$T/err"
check_nogrep "unclosed quote: the file named once" "q.csv: q.csv" "$T/err"

# A filter at the 64 KiB cap is refused without echoing it whole.
printf 'Nom;Prénom\nRoy;Marie\n' > "$T/s.csv"
long=$(awk 'BEGIN { printf "nom:"; for (i = 0; i < 70000; i++) printf "x" }')
run_le query --count --filter "$long" "$T/s.csv"
check_eq "a 70 KB filter: usage error" 2 "$rc"
check_grep "a 70 KB filter: said" "too long" "$T/err"
check_eq "a 70 KB filter: stderr stays short" 1 \
    "$([ "$(wc -c < "$T/err")" -lt 1000 ] && echo 1)"
# 9 000 alternatives (31 s on 300 000 rows before): refused at once.
alts=$(awk 'BEGIN { printf "nom="; for (i = 0; i < 9000; i++)
    printf "%s%03d", (i ? "|" : ""), i }')
( ulimit -t 10; "$LISTELEC" query --count --filter "$alts" "$T/s.csv" \
    > "$T/out" 2> "$T/err" )
check_eq "9 000 alternatives: usage error" 2 "$?"
check_grep "9 000 alternatives: the limit said" "256 alternatives" "$T/err"
# The costliest filter the limits allow — 64 bare terms of 256
# alternatives each, every term true so each is evaluated (90 s on 300 000
# rows before the automaton) — on 50 000 electors: within seconds, and the
# same count as the plain "e" that makes every term true.
"$GEN" csv --electors 50000 --seed 4 > "$T/l50.csv"
worst=$(awk 'BEGIN { srand(7); for (t = 0; t < 64; t++) {
	printf "%s", (t ? " " : ""); for (i = 0; i < 255; i++) {
	w = ""; for (k = 0; k < 3; k++) w = w sprintf("%c", 97 + int(rand() * 26))
	printf "%s|", w } printf "e" } }' | cut -c1-65000 | sed 's/ [^ ]*$//')
( ulimit -t 10; "$LISTELEC" query --count --filter "$worst" "$T/l50.csv" \
    > "$T/out" 2> "$T/err" )
check_eq "64 terms x 256 alternatives: done within 10 s of CPU" 0 "$?"
check_eq "64 terms x 256 alternatives: every row" \
    "$("$LISTELEC" query --count --filter e "$T/l50.csv")" "$(cat "$T/out")"
# Comparisons fold the cell for each alternative: 16 at most.
run_le query --count --filter "nom>a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q" \
    "$T/s.csv"
check_eq "17 alternatives in a comparison: usage error" 2 "$rc"
check_grep "17 alternatives in a comparison: the limit said" \
    "16 alternatives" "$T/err"
# The caret still points under the faulty term of a short one.
run_le query --count --filter 'nom:roy prénom>' "$T/s.csv"
check_eq "a filter error: usage error" 2 "$rc"
check_grep "a filter error: the expression shown" "nom:roy prénom>" "$T/err"
check_eq "a filter error: a caret line" 1 "$(grep -Ec '^ +\^+$' "$T/err")"
done_tests
