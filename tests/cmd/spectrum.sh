#!/bin/sh
# spectrum — every file of csv-spectrum (Debian node-csv-spectrum: commas,
# quotes and line breaks inside quotes, CRLF, empty fields, UTF-8) gives,
# through `listelec query --format json`, the JSON its authors wrote.
# Both sides are compared with the white space outside strings removed.
. "$top_srcdir/tests/cmd/lib.sh"

dir=/usr/share/nodejs/csv-spectrum
[ -d "$dir/csvs" ] || { fail "csv-spectrum is not installed (apt-get install node-csv-spectrum)"; done_tests; }

# Remove white space outside JSON strings (escapes inside strings kept).
squeeze() {
	LC_ALL=C awk 'BEGIN { RS = "\001" } {
		out = ""; s = 0; esc = 0
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (s) {
				out = out c
				if (esc) esc = 0
				else if (c == "\\") esc = 1
				else if (c == "\"") s = 0
			} else if (c == "\"") { s = 1; out = out c }
			else if (c !~ /[ \t\r\n]/) out = out c
		}
		printf "%s", out
	}' "$1"
}

n=0
for csv in "$dir"/csvs/*.csv; do
	b=$(basename "$csv" .csv)
	run_le query --format json "$csv"
	check_eq "$b: exit" 0 "$rc"
	squeeze "$T/out" > "$T/got"
	squeeze "$dir/json/$b.json" > "$T/want"
	check_eq "$b" "$(cat "$T/want")" "$(cat "$T/got")"
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n csv-spectrum files found"
done_tests
