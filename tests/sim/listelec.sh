#!/bin/sh
# The simulator's archive as listelec itself reads it: `listelec info`
# shows the tree (CP850 names decoded, nested zips, the encryption of each
# entry) without a password, and `listelec query --count` finds the
# announced number of electors with either encryption.
. "${top_srcdir:-.}/tests/sim/lib.sh"
: "${LISTELEC:=$top_builddir/src/listelec}"
GEN=${LISTELEC_GEN:-$top_builddir/bench/listelec-gen}

printf 'Essai-Info-3\n' > "$T/pw"
"$GEN" zip --electors 8000 --seed 6 --encryption zipcrypto --password-fd 3 \
    -o "$T/zc.zip" 3< "$T/pw"
"$GEN" zip --electors 8000 --seed 6 --encryption aes256 --password-fd 3 \
    -o "$T/aes.zip" 3< "$T/pw"

"$LISTELEC" info "$T/zc.zip" > "$T/info" 2> "$T/err"
check "listelec info reads the archive"
grep -q "Liste électorale au décret/Listes électorales CSV.zip\$" "$T/info"
check "info: the CP850 names are decoded"
n=$(grep -c "PKWARE .*Liste électorale au décret/Listes électorales CSV.zip/Liste électorale - sections" "$T/info")
[ "$n" -eq 2 ]; check "info: two ZipCrypto CSV files of sections ($n)"
grep -q "PKWARE .*Électeurs hors Québec.zip/Électeurs hors Québec.csv\$" \
    "$T/info"
check "info: the electors outside Québec"
grep -q "PKWARE .*Liste électorale PDF.zip/Liste électorale.pdf\$" "$T/info"
check "info: the PDF list"
"$LISTELEC" info "$T/aes.zip" > "$T/info" 2> "$T/err"
n=$(grep -c "AES-256 " "$T/info")
[ "$n" -eq 4 ]; check "info: four AES-256 entries ($n)"

for z in zc aes; do
	n=$("$LISTELEC" query --count --archive-password-fd 3 "$T/$z.zip" \
	    3< "$T/pw" 2> "$T/err")
	[ "$n" = 8000 ]; check "query --count on the $z archive: 8000 ($n)"
	grep -q "Électeurs hors Québec.csv" "$T/err"
	check "query: the electors outside Québec are left out with a note"
done
n=$("$LISTELEC" query --count --archive-password-fd 3 --entry \
    "Liste électorale au décret/Électeurs hors Québec.zip/Électeurs hors Québec.csv" \
    "$T/aes.zip" 3< "$T/pw" 2> /dev/null)
[ "$n" = 33 ]; check "query --entry: the 33 electors outside Québec ($n)"
printf 'wrong\n' > "$T/bad"
"$LISTELEC" query --count --archive-password-fd 3 "$T/zc.zip" 3< "$T/bad" \
    > /dev/null 2>&1
rc=$?
[ $rc -eq 6 ]; check "query with a wrong archive password: exit 6 ($rc)"
finish
