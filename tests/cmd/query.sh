#!/bin/sh
# query — `listelec query` end to end on archives and CSV files made here:
# counts against the generator, accent-insensitive filters, sorting,
# columns, formats (zip-aes too), passwords (fd, wrong, missing), errors
# and their exit statuses, sanitized output, and the audit log.
. "$top_srcdir/tests/cmd/lib.sh"

N=600
"$GEN" zip --electors $N --seed 7 --encryption aes256 --password-fd 3 \
    -o "$T/aes.zip" 3<"$T/pw" || fail "generator (aes)"
"$GEN" zip --electors $N --seed 7 --encryption zipcrypto --password-fd 3 \
    -o "$T/zc.zip" 3<"$T/pw" || fail "generator (zipcrypto)"
# The reference rows, extracted by Info-ZIP's unzip (independent of
# listelec): the CSV files of the inner zip, one header kept.
unzip -p "$T/zc.zip" '*CSV.zip' > "$T/inner.zip"
unzip -P practice-pw -p "$T/inner.zip" |
    awk 'NR == 1 { h = $0; print; next } $0 != h' > "$T/list.csv"
iconv -f cp1252 -t utf-8 "$T/list.csv" | tr -d '\r' > "$T/list.utf8"
check_eq "reference rows" "$N" "$(($(wc -l < "$T/list.utf8") - 1))"

# Counts: the archive holds the N electors, in either encryption.
for z in aes zc; do
	run_le query --count --archive-password-fd 3 "$T/$z.zip" 3<"$T/pw"
	check_eq "$z: exit status" 0 "$rc"
	check_eq "$z: --count" "$N" "$(cat "$T/out")"
done
# The list of electors outside Québec has another header: left out, named.
check_grep "note on the left-out entry" "hors" "$T/err"

# The bare CSV gives the same count, and the same rows as the archive.
run_le query --count "$T/list.csv"
check_eq "csv --count" "$N" "$(cat "$T/out")"

# Accent- and case-insensitive: belanger finds Bélanger and BELANGER.
expect=$(grep -ciE 'b(e|é|É|E)langer' "$T/list.utf8")
run_le query --count --filter belanger --archive-password-fd 3 "$T/aes.zip" 3<"$T/pw"
check_eq "filter belanger" "$expect" "$(cat "$T/out")"
[ "$expect" -gt 0 ] || fail "the generator planted no Bélanger"

# A column filter and a negation partition the rows.
run_le query --count --filter 'sexe=F' "$T/list.csv"; f=$(cat "$T/out")
run_le query --count --filter '-sexe=F' "$T/list.csv"; m=$(cat "$T/out")
check_eq "sexe=F plus -sexe=F" "$N" "$((f + m))"
expect=$(awk -F';' 'NR > 1 && $5 == "F"' "$T/list.utf8" | wc -l)
check_eq "sexe=F" "$expect" "$f"

# Alternatives, numeric comparison on the section, unique prefix.
first=$(awk -F';' 'NR == 2 { print $1 }' "$T/list.utf8")
expect=$(awk -F';' -v s="$first" 'NR > 1 && ($1 == s || $1 == "002")' "$T/list.utf8" | wc -l)
run_le query --count --filter "section=$first|002" "$T/list.csv"
check_eq "section alternatives" "$expect" "$(cat "$T/out")"

# Âge is derived from the date of birth, as of today.
cutoff=$(date -d '-65 years' +%Y-%m-%d)
expect=$(awk -F';' -v c="$cutoff" 'NR > 1 && $6 != "" && $6 <= c' "$T/list.utf8" | wc -l)
run_le query --count --filter 'âge>=65' "$T/list.csv"
check_eq "âge>=65" "$expect" "$(cat "$T/out")"
run_le query --count --filter "naissance<=$cutoff" "$T/list.csv"
check_eq "date comparison" "$expect" "$(cat "$T/out")"

# Wrong password: exit 6, not a single row.
run_le query --archive-password-fd 3 "$T/zc.zip" 3<"$T/badpw"
check_eq "wrong password (zipcrypto): exit" 6 "$rc"
check_eq "wrong password: no output" "" "$(cat "$T/out")"
run_le query --count --archive-password-fd 3 "$T/aes.zip" 3<"$T/badpw"
check_eq "wrong password (aes): exit" 6 "$rc"
# No password and no terminal: exit 6 with the way out.
setsid -w "$LISTELEC" query --count "$T/aes.zip" </dev/null >"$T/out" 2>"$T/err"
check_eq "no terminal: exit" 6 "$?"
check_grep "no terminal: message" "--archive-password-fd" "$T/err"

# Small hand-made CSV: quoting, sorting, formats.
printf 'Nom;Prénom;No civique;Note\r\n' > "$T/s.csv"
printf 'Zèbre;Luc;12;"a;b"\r\n' >> "$T/s.csv"
printf 'École;Anne;101;"dit ""Nan"""\r\n' >> "$T/s.csv"
printf 'Bélanger;Marc;12A;\r\n' >> "$T/s.csv"
printf 'Abbott;Zoé;2;"deux\r\nlignes"\r\n' >> "$T/s.csv"
printf 'Belanger;Éric;9;\r\n' >> "$T/s.csv"

run_le query --sort nom --columns nom --format csv "$T/s.csv"
# Equal once folded (Bélanger, Belanger): the file's order is kept (stable).
check_eq "natural, accent-insensitive, stable sort" \
    "$(printf 'Nom\nAbbott\nBélanger\nBelanger\nÉcole\nZèbre')" \
    "$(tr -d '\r' < "$T/out")"
run_le query --sort 'no c:desc' --columns 'no c' --format csv "$T/s.csv"
check_eq "natural numbers, descending" \
    "$(printf 'No civique\n101\n12A\n12\n9\n2')" "$(tr -d '\r' < "$T/out")"
run_le query --filter 'nom:ecole' --format csv "$T/s.csv"
check_eq "csv quoting" "$(printf 'Nom,Prénom,No civique,Note\nÉcole,Anne,101,"dit ""Nan"""')" \
    "$(tr -d '\r' < "$T/out")"
run_le query --filter 'prénom=zoe' --format json "$T/s.csv"
check_eq "json" '[{"Nom": "Abbott", "Prénom": "Zoé", "No civique": "2", "Note": "deux\r\nlignes"}]' \
    "$(tr -d '\n' < "$T/out")"
run_le query --filter 'luc' --format tsv --columns note,nom "$T/s.csv"
check_eq "tsv with --columns order" "$(printf 'Note\tNom\na;b\tZèbre')" "$(tr -d '\r' < "$T/out")"

# Cells a spreadsheet would run as formulas are written as they are (no
# row is ever corrected) but the user is warned.
printf 'Nom;Note\nRoy;=HYPERLINK("x")\nTremblay;ok\n' > "$T/f.csv"
run_le query --format csv "$T/f.csv"
check_grep "formula cell kept" '"=HYPERLINK(""x"")"' "$T/out"
check_grep "formula warning" "1 cells begin with" "$T/err"

# Usage errors: exit 2, with the columns listed and the term marked.
run_le query --filter 'rue:laurier' "$T/s.csv"
check_eq "unknown column: exit" 2 "$rc"
check_grep "unknown column: columns listed" "Prénom" "$T/err"
check_grep "unknown column: caret" "^^^" "$T/err"
run_le query --filter 'n:x' --count "$T/s.csv"
check_eq "ambiguous prefix: exit" 2 "$rc"
printf 'No section;Date de naissance;Date de décès\n1;2;3\n' > "$T/w.csv"
run_le query --filter 'naissance=2' --count "$T/w.csv"
check_eq "prefix of a header's word" 1 "$(cat "$T/out")"
run_le query --filter 'de=2' --count "$T/w.csv"
check_eq "ambiguous word prefix: exit" 2 "$rc"
check_grep "ambiguous word prefix: columns listed" "Date de décès" "$T/err"
run_le query --columns nom,inconnue "$T/s.csv"
check_eq "unknown --columns: exit" 2 "$rc"
run_le query --format xml "$T/s.csv"
check_eq "bad --format: exit" 2 "$rc"
run_le query --bogus "$T/s.csv"
check_eq "bad option: exit" 2 "$rc"
run_le query
check_eq "no file: exit" 2 "$rc"

# Data errors: a forced encoding the bytes contradict; not a list.
run_le query --encoding utf-8 --count "$T/list.csv"
check_eq "cp1252 read as forced utf-8: exit" 7 "$rc"
printf '<!DOCTYPE html><html><body>Erreur</body></html>\n' > "$T/page.zip"
run_le query --count "$T/page.zip"
check_eq "HTML page saved as .zip: exit" 5 "$rc"
head -c 20000 "$T/aes.zip" > "$T/cut.zip"
run_le query --count --archive-password-fd 3 "$T/cut.zip" 3<"$T/pw"
check_eq "truncated zip: exit" 5 "$rc"
run_le query --count "$T/nonexistent.csv"
check_eq "missing file: exit" 1 "$rc"

# Cells holding terminal escapes never reach the terminal raw.
printf 'Nom;Note\n"\033]52;c;cm0gLXJmIH4=\007";"\033[2J\302\233x\342\200\256"\n' > "$T/esc.csv"
run_le query --format table "$T/esc.csv"
check_no_esc "table output" "$T/out"
check_grep "escape shown as a mark" "^[" "$T/out"

# The audit log: the read is recorded, private, with no elector in it.
log="$XDG_STATE_HOME/listelec/audit.log"
check_grep "audit: open recorded" " open file=$T/aes.zip" "$log"
check_eq "audit: mode" 600 "$(stat -c %a "$log")"
name=$(awk -F';' 'NR == 2 { print $3 }' "$T/list.utf8")
check_nogrep "audit: no elector name" "$name" "$log"
check_nogrep "audit: no password" "practice-pw" "$log"
run_le query --format csv "$T/s.csv"
check_grep "audit: export to a pipe with its digest" "export file=$T/s.csv to=stdout rows=5 sha256=$(sha256sum < "$T/out" | cut -c1-64)" "$log"

# zip-aes: the CSV in one AES-256 entry, for sending; listelec reads it
# back with the same count, unzip lists one entry, the log has its digest.
run_le query --format zip-aes --export-password-fd 3 --filter 'sexe=F' \
    --archive-password-fd 4 "$T/aes.zip" 3<"$T/pw" 4<"$T/pw"
check_eq "zip-aes: exit" 0 "$rc"
cp "$T/out" "$T/out.zip"
check_grep "zip-aes: short password warned" "fewer than 12" "$T/err"
run_le query --count --archive-password-fd 3 "$T/out.zip" 3<"$T/pw"
check_eq "zip-aes: count read back" "$f" "$(cat "$T/out")"
check_eq "zip-aes: one entry" 1 "$(unzip -Z1 "$T/out.zip" | wc -l)"
unzip -l "$T/out.zip" > "$T/ul"
check_grep "zip-aes: unzip -l" " liste.csv" "$T/ul"
check_grep "zip-aes: audit line with the zip's digest" "export file=$T/aes.zip to=stdout format=zip-aes rows=$f sha256=$(sha256sum < "$T/out.zip" | cut -c1-64)" "$log"
run_le query --count --archive-password-fd 3 "$T/out.zip" 3<"$T/badpw"
check_eq "zip-aes: wrong password refused" 6 "$rc"
# Without the fd and without a terminal: a usage error naming the way out.
setsid -w "$LISTELEC" query --format zip-aes "$T/s.csv" </dev/null >"$T/out" 2>"$T/err"
check_eq "zip-aes, no terminal: exit" 2 "$?"
check_grep "zip-aes, no terminal: message" "--export-password-fd" "$T/err"
run_le query --export-password-fd 3 "$T/s.csv" 3<"$T/pw"
check_eq "--export-password-fd without zip-aes: exit" 2 "$rc"
# A zip is not written to a terminal (script(1) gives stdout a pty).
if command -v script >/dev/null 2>&1; then
	script -qec "'$LISTELEC' query --format zip-aes --export-password-fd 3 '$T/s.csv' 3<'$T/pw'" /dev/null >"$T/out" 2>&1
	check_eq "zip-aes to a terminal: exit" 2 "$?"
	check_grep "zip-aes to a terminal: says to redirect" "redirect" "$T/out"
fi

# listelec audit prints the log, sanitized.
run_le audit
check_eq "audit: exit" 0 "$rc"
check_grep "audit: the reads" " open file=$T/aes.zip" "$T/out"
check_grep "audit: the exports" " export file=$T/s.csv" "$T/out"
check_no_esc "audit output" "$T/out"
HOME="$T/empty" XDG_STATE_HOME="$T/empty/state" run_le audit
check_eq "audit with no log: exit" 0 "$rc"
check_grep "audit with no log: says so" "nothing was recorded" "$T/err"

# Formula-like cells: left as they are with a warning naming the option;
# --neutralize-formulas puts a ' before them, and only them.
printf 'Nom;Note\nRoy;=1+1\nGagnon;@SUM\nCote;ok\n' > "$T/fx.csv"
run_le query --format csv "$T/fx.csv"
check_grep "formulas: kept as they are" "Roy,=1+1" "$T/out"
check_grep "formulas: the warning names the option" "--neutralize-formulas" "$T/err"
run_le query --format csv --neutralize-formulas "$T/fx.csv"
check_eq "neutralized: the rows" "Nom,Note
Roy,'=1+1
Gagnon,'@SUM
Cote,ok" "$(tr -d '\r' < "$T/out")"
check_grep "neutralized: said" "leading '" "$T/err"

# A password that cannot be locked in memory (no memlock allowance): said
# once, the command still works.  Unprivileged: root may always lock.
run_le query --count --archive-password-fd 3 "$T/zc.zip" 3<"$T/pw"
check_nogrep "memory locked: no note" "could not be locked" "$T/err"
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$T/nobody"
	chown 65534:65534 "$T/nobody"
	chmod 755 "$T"
	chmod 644 "$T/zc.zip" "$T/pw"
	# The build folder may be closed to others: a copy they can run.
	cp "$LISTELEC" "$T/listelec"
	chmod 755 "$T/listelec"
	le="$T/listelec"
	asuser="prlimit --memlock=0 setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=$T/nobody XDG_STATE_HOME=$T/nobody/state"
else
	le=$LISTELEC
	asuser="prlimit --memlock=0 env"
fi
$asuser "$le" query --count --archive-password-fd 3 "$T/zc.zip" \
    3<"$T/pw" > "$T/out" 2> "$T/err"
check_eq "memory not locked: still read" "0 $N" "$? $(cat "$T/out")"
# (AddressSanitizer makes mlock a no-op that succeeds: the sanitizer
# build cannot see the failure; the plain build checks it.)
if ! ldd "$LISTELEC" 2>/dev/null | grep -q libasan; then
	check_eq "memory not locked: said once" 1 \
	    "$(grep -c 'could not be locked' "$T/err")"
fi

# --portal given to a command that does not use the portal: a note, and
# the command runs.
run_le --portal https://portal.example query --count "$T/fx.csv"
check_eq "--portal with query: runs" "0 3" "$rc $(cat "$T/out")"
check_grep "--portal with query: the note" "does not use the portal" "$T/err"
run_le query --count "$T/fx.csv"
check_nogrep "no --portal: no note" "does not use the portal" "$T/err"

# A reader that goes away (| head) ends the export quietly with 141, as
# SIGPIPE would; no "Broken pipe" on stderr, no export in the audit log.
"$GEN" csv --electors 20000 --seed 3 > "$T/big.csv"
before=$(grep -c ' export ' "$log")
( "$LISTELEC" query --format csv "$T/big.csv" 2>"$T/err"; echo $? > "$T/rc" ) |
    head -n 1 > "$T/out"
check_eq "broken pipe: exit 141" 141 "$(cat "$T/rc")"
check_eq "broken pipe: nothing on stderr" "" "$(cat "$T/err")"
check_grep "broken pipe: the header went through" "No section,No électeur,Nom" "$T/out"
check_eq "broken pipe: no export recorded" "$before" "$(grep -c ' export ' "$log")"
( "$LISTELEC" query --format csv "$T/big.csv" 2>"$T/err"; echo $? > "$T/rc" ) \
    > /dev/full
check_eq "disk full: exit 1" 1 "$(cat "$T/rc")"
check_grep "disk full: said" "No space" "$T/err"

done_tests
