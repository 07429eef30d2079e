#!/bin/sh
# info — `listelec info` shows the tree of a delivered archive without a
# password (CP850 names decoded, nested zips as folders, encryption and
# kinds), sanitizes hostile names, and reports unreadable files with the
# statuses of the contract.
. "$top_srcdir/tests/cmd/lib.sh"

"$GEN" zip --electors 300 --seed 3 --encryption aes256 --password-fd 3 \
    -o "$T/d.zip" 3<"$T/pw" || fail "generator"
run_le info "$T/d.zip"
check_eq "delivery: exit" 0 "$rc"
check_grep "CP850 folder name decoded" "Liste électorale au décret/" "$T/out"
check_grep "nested CSV zip listed as a folder" "CSV.zip/" "$T/out"
check_grep "encryption shown" "AES-256" "$T/out"
check_grep "pdf kind" "pdf" "$T/out"
check_grep "csv kind" "csv" "$T/out"
check_no_esc "listing" "$T/out"

"$GEN" zip --electors 300 --seed 3 --encryption zipcrypto --password-fd 3 \
    -o "$T/z.zip" 3<"$T/pw" || fail "generator"
run_le info "$T/z.zip"
check_grep "PKWARE shown" "PKWARE" "$T/out"

# French headings with --lang fr.
run_le --lang fr info "$T/d.zip"
check_grep "French headings" "CHIFFREMENT" "$T/out"

# Hostile names are shown with marks, never sent to the terminal.
"$MKZIP" escname "$T/esc.zip" </dev/null || fail "mkzip escname"
run_le info "$T/esc.zip"
check_no_esc "hostile entry name" "$T/out"

# Unreadable inputs.
printf '<!DOCTYPE html>\n<html><body>Session expirée</body></html>\n' > "$T/page.zip"
run_le info "$T/page.zip"
check_eq "HTML page: exit" 5 "$rc"
check_grep "HTML page: says what it is" "web page" "$T/err"
head -c 3000 "$T/d.zip" > "$T/half.zip"
run_le info "$T/half.zip"
check_eq "truncated: exit" 5 "$rc"
run_le info "$T/missing.zip"
check_eq "missing file: exit" 1 "$rc"
run_le info
check_eq "no argument: exit" 2 "$rc"
for k in bomb overlap nest5 many dup; do
	"$MKZIP" "$k" "$T/$k.zip" </dev/null >/dev/null 2>&1 || { fail "mkzip $k"; continue; }
	run_le info "$T/$k.zip"
	check_eq "$k: exit 5" 5 "$rc"
done

done_tests
