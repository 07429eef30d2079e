#!/bin/sh
# listelec-gen: the CSV on stdout (Windows-1252, ';', trailing ';', CRLF,
# the announced rows), and the delivery archive as other tools read it:
# ZipCrypto with unzip -P, AES-256 with 7z, a wrong password refused.
. "${top_srcdir:-.}/tests/sim/lib.sh"
GEN=${LISTELEC_GEN:-$top_builddir/bench/listelec-gen}

"$GEN" csv --electors 1000 --seed 4 > "$T/l.csv"
check "listelec-gen csv"
[ "$(wc -l < "$T/l.csv")" -eq 1001 ]; check "1000 rows and a header"
[ "$(grep -c "$(printf ';\r$')" "$T/l.csv")" -eq 1001 ]
check "every line ends with ';' CRLF"
iconv -f UTF-8 -t UTF-8 "$T/l.csv" > /dev/null 2>&1
[ $? -ne 0 ]; check "the CSV is not UTF-8 (Windows-1252 accents)"
iconv -f CP1252 -t UTF-8 "$T/l.csv" | grep -q "Prénom"
check "the CSV is Windows-1252"
"$GEN" csv --electors 1000 --seed 4 | cmp -s - "$T/l.csv"
check "the same seed gives the same list"
"$GEN" csv --electors 5 > /dev/null 2>&1
[ $? -eq 2 ]; check "fewer than 10 electors is a usage error"

printf 'Essai-Archive-1\n' > "$T/pw"
"$GEN" zip --electors 900 --seed 4 --encryption zipcrypto --password-fd 3 \
    -o "$T/zc.zip" 3< "$T/pw"
check "listelec-gen zip zipcrypto"
"$GEN" zip --electors 900 --seed 4 --encryption aes256 --password-fd 3 \
    -o "$T/aes.zip" 3< "$T/pw"
check "listelec-gen zip aes256"

mkdir "$T/zc" "$T/aes"
(cd "$T/zc" && unzip -qq ../zc.zip && cd ./*/ &&
    for z in *.zip; do unzip -tqq -P Essai-Archive-1 "$z" || exit 1; done)
check "unzip -P tests every ZipCrypto entry"
n=$(cd "$T/zc" && unzip -p -P Essai-Archive-1 ./*/*CSV.zip |
    grep -cv '^No section;')
[ "$n" -eq 900 ]; check "unzip: 900 electors (got $n)"
(cd "$T/zc" && unzip -p -P wrong ./*/*CSV.zip > /dev/null 2>&1)
[ $? -ne 0 ]; check "unzip: a wrong password is refused"

(cd "$T/aes" && 7z x -y ../aes.zip > /dev/null && cd ./*/ &&
    for z in *.zip; do 7z t -pEssai-Archive-1 "$z" > /dev/null || exit 1; done)
check "7z tests every AES-256 entry"
n=$(cd "$T/aes"/*/ && 7z l -slt ./*CSV.zip | grep -c '^Method = AES-256 Deflate')
[ "$n" -ge 1 ]; check "7z: the CSV entries are AES-256"
n=$(cd "$T/aes"/*/ && 7z x -so -pEssai-Archive-1 ./*CSV.zip 2>/dev/null |
    grep -cv '^No section;')
[ "$n" -eq 900 ]; check "7z: 900 electors (got $n)"
(cd "$T/aes"/*/ && 7z t -pwrong ./*CSV.zip > /dev/null 2>&1)
[ $? -ne 0 ]; check "7z: a wrong password is refused"
finish
