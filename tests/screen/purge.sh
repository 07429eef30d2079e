#!/bin/sh
# purge — `listelec purge` on a terminal: the y/n question (an unclear
# answer asked again, n destroys nothing), a changed file asked about on
# its own and left on n, Ctrl-C at the question (exit 130, nothing
# destroyed).  The terminal's modes come back.
. "${top_srcdir:-.}/tests/screen/lib.sh"

LOG=$HOMEDIR/.local/state/listelec/audit.log
mkdir -p "$HOMEDIR/.local/state/listelec"

# setup: a.csv unchanged, c.csv changed since its audit line.
setup() {
	: > "$LOG"
	for f in a c; do
		printf '%s;x\n' "$f" > "$T/$f.csv"
		printf '%s export path=%s format=csv sha256=%s\n' \
		    "$(date +%Y-%m-%dT%H:%M:%S%z)" "$T/$f.csv" \
		    "$(sha256sum < "$T/$f.csv" | cut -d' ' -f1)" >> "$LOG"
	done
	printf 'changed\n' >> "$T/c.csv"
}

setup
start -- purge
wait_for 'files listed\? \(y/n\)' || finish
type_text 'maybe'
keys Enter
wait_for 'listed\? \(y/n\) maybe' || finish
type_text 'n'
keys Enter
wait_for 'Nothing was destroyed' || finish
expect_exit 0
[ -f "$T/a.csv" ] && [ -f "$T/c.csv" ] || fail "n: a file was removed"
tm kill-server >/dev/null 2>&1

SOCK=t$$y
setup
start -- purge
wait_for 'files listed\? \(y/n\)' || finish
type_text 'y'
keys Enter
wait_for 'c\.csv changed since listelec wrote it' ||
    finish
type_text 'n'
keys Enter
wait_for '1 file destroyed' || finish
expect '1 left: changed since it was written' "the summary"
expect_exit 8
[ -e "$T/a.csv" ] && fail "y: a.csv still there"
[ -f "$T/c.csv" ] || fail "y, n: the changed c.csv was removed"
tm kill-server >/dev/null 2>&1

SOCK=t$$c
setup
start -- purge
wait_for 'files listed\? \(y/n\)' || finish
keys C-c
expect_exit 130
[ -f "$T/a.csv" ] && [ -f "$T/c.csv" ] || fail "Ctrl-C: a file was removed"
finish
