#!/bin/sh
# Walk sheets from the table screen at 80x24: filter the rows (section
# 002), w, the route size, the format, the file name, the confidentiality
# notice; the PDF holds only the shown electors, in routes of that size,
# mode 0600, recorded in the audit log as a sheet; Esc at the first
# question writes nothing.
. "${top_srcdir:-.}/tests/screen/lib.sh"

"$GEN" csv --electors 1200 --seed 5 > "$T/list.csv"
start -- open list.csv
wait_for '1200 / 1200 electors' || finish
keys /
wait_for '^Filter:' || finish
type_text 'section=002'
keys Enter
wait_for '[0-9]+ / 1200 electors \| filter: section=002' || finish
shown=$(grep -oE '[0-9]+ / 1200 electors' "$T/screen" | head -1 |
    cut -d' ' -f1)
[ "${shown:-0}" -gt 0 ] || fail "no electors shown"

# Esc at the route size: nothing written.
keys w
wait_for 'Doors per route:' || finish
keys Escape
wait_gone 'Doors per route:' || finish

keys w
wait_for 'Doors per route: 45' || finish
keys C-u
type_text '20'
keys Enter
wait_for 'PDF, letter' || finish
keys 1
wait_for 'Save as: listelec-sheets-[0-9-]*\.pdf' || finish
keys C-u
type_text 'routes.pdf'
keys Enter
wait_for '551\.1\.1' || finish
expect "$shown electors in [0-9]+ routes" "the count before writing"
keys y
wait_for 'pages of walk sheets written to routes.pdf' 300 || finish

[ -f "$T/routes.pdf" ] || fail "sheet file missing"
mode=$(stat -c %a "$T/routes.pdf" 2>/dev/null)
[ "$mode" = 600 ] || fail "sheet mode is $mode, not 600"
pdftotext -layout "$T/routes.pdf" "$T/routes.txt" || fail "pdftotext"
keys_in=$(grep -cE '^ *[0-9]+-[0-9]+ ' "$T/routes.txt")
[ "$keys_in" -eq "$shown" ] ||
    fail "the sheets hold $keys_in electors, $shown shown"
grep -E '^ *[0-9]+-[0-9]+ ' "$T/routes.txt" | grep -vqE '^ *002-' &&
    fail "an elector of another section on the sheets"
grep -q 'Route 002-2' "$T/routes.txt" || fail "no second route of 20 doors"
log=$HOMEDIR/.local/state/listelec/audit.log
grep -q ' sheet .*routes.pdf.*route_ids=002-1,002-2.*sha256=' "$log" ||
    fail "the sheets are not in the audit log"
keys q
expect_exit 0
finish
