#!/bin/sh
# man — both man pages render without warnings, and every option that a
# --help shows (the program's and each command's) is documented in the
# English and the French page.
set -u
: "${top_srcdir:?}" "${LISTELEC:?}"
fail=0
en=$top_srcdir/man/listelec.1
fr=$top_srcdir/man/fr/listelec.1

for page in "$en" "$fr"; do
	w=$(LC_ALL=C.UTF-8 groff -k -mdoc -Tutf8 -ww -z "$page" 2>&1)
	if [ -n "$w" ]; then
		echo "groff warnings in $page:"; echo "$w"; fail=1
	fi
done

# The commands, from the table that --help is generated from.
cmds=$(LC_ALL=C.UTF-8 "$LISTELEC" --lang en --help 2>/dev/null |
    sed -n '/^Commands:/,/^$/p' | grep -E '^  [a-z]' | awk '{ print $1 }')
[ "$(echo "$cmds" | wc -l)" -ge 6 ] || {
	echo "fewer than 6 commands in --help: $cmds"; exit 1; }
opts=$( (for c in "" $cmds; do
	"$LISTELEC" $c --help 2>/dev/null
done; "${LISTELEC_SIM:?}" --help 2>/dev/null) |
    grep -oE -- '--[a-z][a-z-]+' | sort -u)
[ -n "$opts" ] || { echo "no option found in --help"; exit 1; }
for o in $opts; do
	# In mdoc an option is written Fl \-name (hyphens escaped).
	pat=$(printf '%s' "${o#--}" | sed 's/-/\\\\-/g')
	for page in "$en" "$fr"; do
		if ! grep -q -- "Fl \\\\-$pat\\b" "$page"; then
			echo "$o is in --help but not in $page"; fail=1
		fi
	done
done
# Every command of the program is a section of both pages.
for c in $cmds; do
	for page in "$en" "$fr"; do
		grep -q "^\.Ss $c" "$page" || grep -q "^\.Ss \"$c" "$page" || {
			echo "command $c has no section in $page"; fail=1; }
	done
done
[ "$fail" -eq 0 ] && echo "man pages: $(echo "$opts" | wc -l) options documented in both"
exit "$fail"
