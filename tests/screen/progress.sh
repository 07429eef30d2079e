#!/bin/sh
# progress — `listelec query` on a terminal shows how far a long read is
# on stderr (only past its first second), then wipes the line so the
# answer stands alone; the filter, run in slices on a terminal, gives the
# same count as without one.  The process is stopped for a moment so the
# read lasts longer than a second on any machine.
. "${top_srcdir:-.}/tests/screen/lib.sh"

"$GEN" csv --electors 1000000 --seed 5 > "$T/big.csv"
want=$("$LISTELEC" query --count --filter 'nom:tremblay|roy|gagnon|côté' \
    "$T/big.csv")

for ui in en fr; do
	read=Reading filt=Filtering
	[ "$ui" = fr ] && read=Lecture filt=Filtrage
	SOCK=t$$$ui
	start -- --lang "$ui" query --count \
	    --filter 'nom:tremblay|roy|gagnon|côté' big.csv
	tm pipe-pane -o "cat >> '$T/raw-$ui'"
	pid=
	i=0
	while [ -z "$pid" ] && [ "$i" -lt 500 ]; do
		[ -f "$T/pid" ] &&
		    pid=$(pgrep -P "$(cat "$T/pid")" listelec 2>/dev/null)
		i=$((i + 1))
	done
	[ -n "$pid" ] || fail "$ui: listelec not seen running"
	# Whatever it is doing, make it last past a second, until it ends.
	while [ -n "$pid" ] && kill -STOP "$pid" 2>/dev/null; do
		sleep 1.1
		kill -CONT "$pid" 2>/dev/null
		sleep 0.05
	done
	wait_for 'EXIT=' || finish
	grep -q 'EXIT=0$' "$T/screen" || fail "$ui: not exit 0"
	grep -qx "$want" "$T/screen" || fail "$ui: the count $want not shown"
	grep -Eq "($read|$filt): +[0-9]+ %" "$T/raw-$ui" ||
	    fail "$ui: no \"$read: N %\" or \"$filt: N %\" line was written"
	grep -Eq "$read|$filt" "$T/screen" && fail "$ui: the line stayed"
	tm kill-server >/dev/null 2>&1
	rm -f "$T/pid"
done
finish
	grep -q 'EXIT=0$' "$T/screen" || fail "$ui: not exit 0"
	grep -qx "$want" "$T/screen" || fail "$ui: the count $want not shown"
	grep -q "$word: *[0-9]* %" "$T/raw-$word" ||
	    fail "$ui: no \"$word: N %\" line was written"
	grep -q "$word" "$T/screen" && fail "$ui: the progress line stayed"
	tm kill-server >/dev/null 2>&1
	rm -f "$T/pid"
done
finish
