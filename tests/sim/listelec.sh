#!/bin/sh
# The simulator's archive as listelec itself reads it: `listelec info`
# shows the tree (CP850 names decoded, nested zips, the encryption of each
# entry) without a password.
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
finish
