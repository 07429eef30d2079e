#!/bin/sh
# Terminal behaviour: NO_COLOR (selection still shown in reverse video),
# LANG=C (accents transliterated, never mojibake), a CSV whose cells hold
# escape sequences (marks on screen; nothing from the data reaches the
# terminal), Ctrl-C (exit 130), and SIGTERM, SIGHUP and SIGSEGV in every
# screen restoring the terminal.
. "${top_srcdir:-.}/tests/screen/lib.sh"

small_csv "$T/small.csv"

# Colour, then NO_COLOR: no colour attributes, reverse video kept.
start -- open small.csv
wait_for '5 / 5 electors' || finish
tm capture-pane -e -p >"$T/color"
grep -Eq '\[[0-9;]*(3[0-7]|4[0-7])m' "$T/color" || fail "no colour by default"
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

SOCK=t$$n
start C.UTF-8 80 24 NO_COLOR=1 -- open small.csv
wait_for '5 / 5 electors' || finish
tm capture-pane -e -p >"$T/mono"
grep -Eq '\[[0-9;]*(3[0-7]|4[0-7])m' "$T/mono" && fail "colour under NO_COLOR"
grep -q "$(printf '\033')\[[0-9;]*7m" "$T/mono" || fail "no reverse video"
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# LANG=C: transliterated.
SOCK=t$$c
start C -- open small.csv
wait_for '5 / 5 electors' || finish
expect 'Tremblay +Eloise' "é, ï transliterated"
expect 'Belanger +Zoe' "é transliterated"
expect_not "$(printf '\303')" "UTF-8 bytes on a C terminal"
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# Hostile cells: ESC sequences, OSC 52, a C1 CSI, a bidi override.
SOCK=t$$e
esc=$(printf '\033')
{
	printf 'Nom;Prénom;Municipalité\n'
	printf 'Red\033[31mRED;"\033]52;c;SGVsbG8=\007x";Laval\n'
	printf 'Csi\302\233Xb;Bidi\342\200\256abc;Clear\033[2J\n'
} >"$T/evil.csv"
start -- open evil.csv
wait_for '2 / 2 electors' || finish
tm pipe-pane -o "cat >>'$T/pane.log'"
keys C-l j k
wait_for 'Red\^\[\[31mRED' || finish	# ESC shown as ^[ (after the ^L redraw)
expect '\^\[\]52;c;' "OSC 52 shown as a mark"
expect '<9B>' "C1 CSI shown as a mark"
keys q
expect_exit 0
tm pipe-pane
for bad in "${esc}[31mRED" "${esc}]52" "${esc}[2J"; do
	if grep -qF -- "$bad" "$T/pane.log" 2>/dev/null; then
		fail "the data sent an escape sequence to the terminal"
	fi
done
grep -q "$(printf '\342\200\256')" "$T/pane.log" &&
    fail "a bidi override reached the terminal"
tm kill-server >/dev/null 2>&1

# Ctrl-C: exit 130, terminal restored.
SOCK=t$$i
start -- open small.csv
wait_for '5 / 5 electors' || finish
keys C-c
expect_exit 130
tm kill-server >/dev/null 2>&1

# SIGTERM, SIGHUP (the SSH link dropping) and a crash signal (SIGSEGV), in
# every screen: the terminal restored, then 130 (or death by SIGSEGV,
# after the handler restored the terminal).
# screen_at SCREEN: start listelec and bring it to SCREEN.
screen_at() {
	if [ "$1" = wizard ]; then
		start -- training
		wait_for 'Start' || finish
		return
	fi
	start -- open small.csv
	wait_for '5 / 5 electors' || finish
	case $1 in
	record) keys Enter; wait_for 'Elector 1 of 5' || finish ;;
	counts) keys F; wait_for 'Counts of Nom' || finish ;;
	help) keys '?'; wait_for 'Help: keys of the table' || finish ;;
	filter) keys /; wait_for 'Enter keep' || finish ;;
	export) keys e; wait_for 'format' || finish ;;
	columns) keys c; wait_for 'Shown columns are marked' || finish ;;
	esac
}
n=0
for sig in TERM HUP SEGV; do
	for screen in table record counts help filter export columns wizard; do
		n=$((n + 1))
		SOCK=t$$g$n
		screen_at $screen
		pid=$(pgrep -P "$(cat "$T/pid")" 2>/dev/null | head -1)
		if [ -z "$pid" ]; then
			fail "$sig in the $screen: no pid"
			continue
		fi
		kill -$sig "$pid"
		wait_for 'EXIT=' || finish
		want=130
		# 139: killed by SIGSEGV; 1: AddressSanitizer's handler took
		# it after ours.
		[ $sig = SEGV ] && want='(139|1)'
		grep -Eq "EXIT=$want\$" "$T/screen" ||
		    fail "$sig in the $screen: $(grep EXIT= "$T/screen")"
		grep -Eq '(^| )icanon( |$)' "$T/screen" ||
		    fail "$sig in the $screen: icanon not restored"
		grep -Eq '(^| )echo( |$)' "$T/screen" ||
		    fail "$sig in the $screen: echo not restored"
		tm kill-server >/dev/null 2>&1
	done
done
finish
