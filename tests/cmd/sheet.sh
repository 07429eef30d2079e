#!/bin/sh
# sheet — `listelec sheet` on generated lists: the PDF read back with
# pdftotext (walking order, the notice and page numbers on every page, no
# building split across pages, page counts against pdfinfo), the text
# format's 66-line pages and form feeds, CSV, --summary against the
# routes of the CSV, --side, --filter, --with age (warned; no date of
# birth otherwise), French, a list without No électeur, files 0600 never
# overwritten, the audit line (SHA-256, routes) and purge destroying the
# sheets.  Every elector is generated.
. "$top_srcdir/tests/cmd/lib.sh"

LOG="$XDG_STATE_HOME/listelec/audit.log"
S="$T/sheets"
mkdir -p "$S"
chmod 700 "$S"
today=$(date +%Y-%m-%d)

"$GEN" csv --electors 3000 --seed 11 > "$T/list.csv" || fail "generator"

# --- PDF --------------------------------------------------------------
run_le sheet -o "$S/all.pdf" "$T/list.csv"
check_eq "sheet -o all.pdf: status" 0 "$rc"
check_eq "all.pdf: mode" 600 "$(stat -c %a "$S/all.pdf")"
pages=$(pdfinfo "$S/all.pdf" | awk '/^Pages:/ { print $2 }')
check_grep "the page count is said" "all.pdf: $pages pages." "$T/err"
[ "${pages:-0}" -gt 20 ] || fail "all.pdf: only ${pages:-0} pages"
pdftotext -layout "$S/all.pdf" "$T/all.txt" || fail "pdftotext"
# Every page (pdftotext ends each with a form feed) has the notice, the
# page within its route, and its number in the file.
awk -v want="$pages" '
	BEGIN { RS = "\f" }
	NF == 0 { next }
	{ n++ }
	!/Confidential — for electoral use only \(Loi électorale, art\. 551\.1\.1\)/ {
		print "page " n ": no notice"; bad = 1 }
	!/Page [0-9]+ of [0-9]+/ { print "page " n ": no route page"; bad = 1 }
	!/Route [0-9]+-[0-9]+/ { print "page " n ": no route id"; bad = 1 }
	!/Volunteer: _+/ { print "page " n ": no volunteer line"; bad = 1 }
	{
		if (!match($0, /sheet [0-9]+\/[0-9]+/)) {
			print "page " n ": no sheet number"; bad = 1
		} else {
			s = substr($0, RSTART + 6, RLENGTH - 6)
			if (s != n "/" want) {
				print "page " n ": says " s; bad = 1 }
		}
	}
	END { if (n != want) { print n " pages read, " want " in pdfinfo"; bad = 1 }
	    exit bad }' "$T/all.txt" > "$T/pages.err" ||
    fail "pages of all.pdf: $(head -5 "$T/pages.err")"

# Page X of Y: within each route, 1..Y in turn.
awk '
	BEGIN { RS = "\f" }
	NF == 0 { next }
	{
		match($0, /Route [0-9]+-[0-9]+/); r = substr($0, RSTART + 6, RLENGTH - 6)
		match($0, /Page [0-9]+ of [0-9]+/); split(substr($0, RSTART + 5, RLENGTH - 5), a, " of ")
		if (r != last) { if (expect != 0 && expect <= total) { print r ": route " last " ended early"; bad = 1 }; expect = 1; last = r }
		if (a[1] != expect) { print "route " r ": page " a[1] " where " expect " was due"; bad = 1 }
		total = a[2]; expect++
	}
	END { exit bad }' "$T/all.txt" > "$T/routes.err" ||
    fail "route pages: $(head -3 "$T/routes.err")"

# No building split: the electors under a building's heading on one page
# are all of them ("building: U units, E electors"), unless the building
# alone is longer than a page (40 rows and more): then it starts a page,
# fills it, and goes on under "(continued)" headings.
awk '
	BEGIN { RS = "\f" }
	function close_b() {
		if (want != "" && got != want && (want < 40 || !top)) {
			print "page " n ": " addr " has " got " of " want; bad = 1 }
		if (want != "" && want >= 40) big++
		want = ""
	}
	NF == 0 { next }
	{
		n++; want = ""; rows = 0
		k = split($0, line, "\n")
		for (i = 1; i <= k; i++) {
			l = line[i]
			if (l ~ /^ *[0-9]+-[0-9]+ /) { got++; rows++; continue }
			if (l ~ /building: [0-9]+ units, [0-9]+ electors/) {
				close_b()
				top = rows == 0
				match(l, /[0-9]+ electors/)
				want = substr(l, RSTART, RLENGTH) + 0
				addr = l; sub(/ *building.*/, "", addr); got = 0
				buildings++
				continue
			}
			if (l ~ /[^ ]/) close_b()	# another address, the foot
		}
		close_b()
	}
	END { if (buildings < 5) { print "only " buildings " buildings"; bad = 1 }
	    exit bad }' "$T/all.txt" > "$T/build.err" ||
    fail "buildings: $(head -3 "$T/build.err")"
# "(continued)" only for those longer than a page.
grep '(continued)' "$T/all.txt" | grep -oE '[0-9]+ electors' |
    awk '$1 < 40 { print; bad = 1 } END { exit bad }' > "$T/cont.err" ||
    fail "a short address continued on a next page: $(cat "$T/cont.err")"

# No date of birth, age or sex by default: the only date is today's.
dates=$(grep -oE '(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}' "$T/all.txt" |
    grep -v "^$today\$" | head -3)
check_eq "no date of birth on the sheets" "" "$dates"
check_nogrep "no age column" "Age " "$T/all.txt"

# The audit line: event sheet, the path, its SHA-256 and routes.
sha=$(sha256sum < "$S/all.pdf" | cut -d' ' -f1)
line=$(grep " sheet " "$LOG" | grep -F "$S/all.pdf")
case $line in
*"sha256=$sha"*) : ;;
*) fail "audit line of all.pdf: [$line] lacks sha256=$sha" ;;
esac
case $line in
*"format=pdf"*"routes="*"route_ids="*"001-1,"*) : ;;
*) fail "audit line of all.pdf: [$line] lacks the routes" ;;
esac
check_nogrep "the audit log holds no elector's name" \
    "$(sed -n 2p "$T/list.csv" | iconv -f cp1252 -t utf-8 | cut -d';' -f3)" "$LOG"

# Never overwritten: exit 8, the file unchanged.
run_le sheet -o "$S/all.pdf" "$T/list.csv"
check_eq "sheet -o existing: status" 8 "$rc"
check_grep "sheet -o existing: said" "already exists" "$T/err"
check_eq "the existing file is untouched" "$sha" \
    "$(sha256sum < "$S/all.pdf" | cut -d' ' -f1)"

# --- the walking order ------------------------------------------------
# One street given shuffled: the odd side 7013, 7015, 7015A, 7017, then
# the even side 12, 12 1/2, 14; apartments 2 < 10 < B; another street
# after it by name (rue des Érables before rue Fleury).
printf '%s\r\n' \
    'No section;No électeur;Nom;Prénom;Sexe;Date de naissance;Adresse;Appartement;Municipalité;Code postal;' \
    '001;1;Roy;Léa;F;1970-01-02;14 rue Fleury;;Lévis;G6V 1A1;' \
    '001;2;Roy;Luc;M;1971-01-02;7017 rue Fleury;;Lévis;G6V 1A1;' \
    '001;3;Roy;Zoé;F;1972-01-02;12 1/2 rue Fleury;;Lévis;G6V 1A1;' \
    '001;4;Roy;Marc;M;1973-01-02;7015A rue Fleury;;Lévis;G6V 1A1;' \
    '001;5;Roy;Anne;F;1974-01-02;7013 rue Fleury;;Lévis;G6V 1A1;' \
    '001;6;Roy;Paul;M;1975-01-02;12 rue Fleury;;Lévis;G6V 1A1;' \
    '001;7;Roy;Rose;F;1976-01-02;7015 rue Fleury;;Lévis;G6V 1A1;' \
    '001;8;Côté;Jean;M;1977-01-02;31 rue des Érables;B;Lévis;G6V 1A1;' \
    '001;9;Côté;Lise;F;1978-01-02;31 rue des Érables;10;Lévis;G6V 1A1;' \
    '001;10;Côté;Guy;M;1979-01-02;31 rue des Érables;2;Lévis;G6V 1A1;' |
    iconv -f utf-8 -t cp1252 > "$T/order.csv"
run_le sheet --format pdf -o "$S/order.pdf" "$T/order.csv"
check_eq "order.pdf: status" 0 "$rc"
pdftotext -layout "$S/order.pdf" - | grep -E '^ *001-[0-9]+ ' |
    awk '{ print $1 }' | tr '\n' ' ' > "$T/order.got"
check_eq "walking order in the PDF" \
    "001-10 001-9 001-8 001-5 001-7 001-4 001-2 001-6 001-3 001-1 " \
    "$(cat "$T/order.got")"
pdftotext -layout "$S/order.pdf" - > "$T/order.txt"
check_grep "a building line" "building: 3 units, 3 electors" "$T/order.txt"
check_grep "accents on paper" "31 rue des Érables" "$T/order.txt"
check_grep "the boxes" "□" "$T/order.txt"

# --side even: the even side only.
run_le sheet --side even --format csv -o "$S/even.csv" "$T/order.csv"
check_eq "--side even: status" 0 "$rc"
check_eq "--side even: the even numbers" "12 rue Fleury|12 1/2 rue Fleury|14 rue Fleury|" \
    "$(awk -F, 'NR > 2 { printf "%s|", $5 }' "$S/even.csv")"

# --- text -------------------------------------------------------------
run_le sheet --format text -o "$S/all.txt" "$T/list.csv"
check_eq "text: status" 0 "$rc"
tpages=$(sed -n 's/.*all.txt: \([0-9]*\) pages\./\1/p' "$T/err")
ff=$(tr -cd '\f' < "$S/all.txt" | wc -c)
check_eq "text: a form feed between pages" "$((tpages - 1))" "$ff"
awk 'BEGIN { RS = "\f" } { n = gsub(/\n/, "\n"); if (n != 66) { print NR ": " n " lines"; bad = 1 } } END { exit bad }' \
    "$S/all.txt" > "$T/tl.err" || fail "text pages of 66 lines: $(head -3 "$T/tl.err")"
check_eq "text: the notice on every page" "$tpages" \
    "$(grep -c 'Confidential — for electoral use only' "$S/all.txt")"
check_eq "text: mode" 600 "$(stat -c %a "$S/all.txt")"
# The extension chooses the format.
check_eq "text by its extension" "" "$(head -c 4 "$S/all.txt" | grep '%PDF')"

# --- CSV and --summary ------------------------------------------------
run_le sheet --format csv -o "$S/all.csv" "$T/list.csv"
check_eq "csv: status" 0 "$rc"
check_eq "csv: one record per elector" 3000 "$(($(wc -l < "$S/all.csv") - 2))"
check_grep "csv: the notice first" "Confidential" "$S/all.csv"
run_le sheet --summary "$T/list.csv"
check_eq "--summary: status" 0 "$rc"
routes=$(awk -F, 'NR > 2 { print $1 }' "$S/all.csv" | sort -u | wc -l)
check_grep "--summary: the totals" "$routes routes, " "$T/out"
check_grep "--summary: every elector" ", 3000 electors" "$T/out"
check_eq "--summary: a line per route" "$routes" \
    "$(grep -cE '^[0-9]+-[0-9]+ ' "$T/out")"
# Each route's electors in the summary equal the CSV's.
awk -F, 'NR > 2 { n[$1]++ } END { for (r in n) print r, n[r] }' \
    "$S/all.csv" | sort > "$T/csv.routes"
awk '/^[0-9]+-[0-9]+ / { print $1, $3 }' "$T/out" | sort > "$T/sum.routes"
check_eq "--summary: electors per route as on the sheets" \
    "$(cat "$T/csv.routes")" "$(cat "$T/sum.routes")"
# Route sizes near --doors: most routes within half of N.
run_le sheet --summary --doors 30 "$T/list.csv"
awk '/^[0-9]+-[0-9]+ / { n++; if ($2 >= 15 && $2 <= 45) ok++ } END { exit !(n > 0 && ok * 10 >= n * 9) }' \
    "$T/out" || fail "--doors 30: routes far from 30 doors: $(head -5 "$T/out")"
check_nogrep "--summary writes no file" "summary" "$LOG"

# --filter, as query.
run_le sheet --filter 'section=002' --format csv -o "$S/s002.csv" "$T/list.csv"
check_eq "--filter: status" 0 "$rc"
check_eq "--filter: section 002 only" "002" \
    "$(awk -F, 'NR > 2 { print $3 }' "$S/s002.csv" | sort -u)"

# A filter that does not parse: exit 2, no file, the term under a caret
# line in screen columns (é is one column), as query.
run_le sheet --filter 'âge>=65 rué:laurier' -o "$S/bad.pdf" "$T/list.csv"
check_eq "bad --filter: exit" 2 "$rc"
[ -e "$S/bad.pdf" ] && fail "bad --filter wrote a file"
check_grep "bad --filter: the expression" "  âge>=65 rué:laurier" "$T/err"
check_eq "bad --filter: the caret under rué" "          ^^^" \
    "$(grep -F '^' "$T/err" | head -1)"
run_le --lang fr sheet --filter 'rué:laurier' -o "$S/bad.pdf" "$T/list.csv"
check_grep "bad --filter in French" "colonne" "$T/err"

# --side that leaves no one: said so, not blamed on the filter; no file.
printf '%s\r\n' 'No section;No électeur;Nom;Adresse;' \
    '001;1;Roy;7 rue Fleury;' '001;2;Roy;9 rue Fleury;' > "$T/odd.csv"
run_le sheet --side even -o "$S/odd.pdf" "$T/odd.csv"
check_eq "--side even, odd only: status" 0 "$rc"
check_grep "--side even, odd only: said" "none of the 2 electors the filter keeps is on that side" "$T/err"
[ -e "$S/odd.pdf" ] && fail "--side even, odd only: a file"

# --with age: warned first, an Age column.
run_le sheet --with age --format text -o "$S/age.txt" "$T/order.csv"
check_grep "--with age warns" "warning: --with age" "$T/err"
check_grep "--with age: the column" " Age " "$S/age.txt"
run_le sheet --with sexe -o "$S/sex.pdf" "$T/order.csv"
check_eq "--with sexe: usage error" 2 "$rc"
[ -e "$S/sex.pdf" ] && fail "--with sexe wrote a file"

# --landscape: letter, 792 x 612.
run_le sheet --landscape -o "$S/land.pdf" "$T/order.csv"
check_grep "landscape page size" "792 x 612" "$(pdfinfo "$S/land.pdf" > "$T/info"; echo "$T/info")"

# French.
run_le --lang fr sheet -o "$S/fr.pdf" "$T/order.csv"
check_eq "French: status ($(cat "$T/err"))" 0 "$rc"
pdftotext "$S/fr.pdf" "$T/fr.txt"
check_grep "French notice" "Confidentiel — usage électoral seulement (Loi électorale, art. 551.1.1) — à détruire après le scrutin" "$T/fr.txt"
check_grep "French legend" "absent" "$T/fr.txt"

# Without No électeur: said, and the key is the section.
iconv -f cp1252 -t utf-8 "$T/order.csv" | cut -d';' -f1,3- |
    iconv -f utf-8 -t cp1252 > "$T/noline.csv"
run_le sheet --format csv -o "$S/noline.csv" "$T/noline.csv"
check_eq "no No électeur: status" 0 "$rc"
check_grep "no No électeur: said" "no No électeur column" "$T/err"
check_eq "no No électeur: key is the section" "001" \
    "$(awk -F, 'NR == 3 { print $2 }' "$S/noline.csv")"

# A cell with escapes never reaches paper or a terminal raw.
printf '%s\r\n' \
    'No section;No électeur;Nom;Adresse;' \
    "001;1;$(printf 'X\033]52;c;AAAA\007Y');5 rue Main;" > "$T/esc.csv"
run_le sheet --format text -o "$S/esc.txt" "$T/esc.csv"
check_no_esc "escapes in text sheets" "$S/esc.txt"

# To a pipe: the PDF on stdout, recorded as to=stdout.
"$LISTELEC" sheet "$T/order.csv" 2>"$T/err" | head -c 5 > "$T/head"
check_eq "PDF on stdout" "%PDF-" "$(cat "$T/head")"

# --- purge destroys the sheets ----------------------------------------
setsid -w "$LISTELEC" purge --yes </dev/null >"$T/out" 2>"$T/err"
check_eq "purge: status" 0 "$?"
for f in all.pdf all.txt all.csv order.pdf land.pdf fr.pdf; do
	[ -e "$S/$f" ] && fail "purge left $f"
	check_grep "purge names $f" "destroyed $S/$f" "$T/out"
done

done_tests
