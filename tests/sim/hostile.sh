#!/bin/sh
# A hostile portal (listelec-sim's hostile faults): an Extranet that
# redirects to itself, a sign-in form that posts elsewhere, a download
# named with ../ and terminal escapes, a 40 MB page, a page nested 100 000
# deep.  Each ends with a clear message and the contract's exit status
# within 10 s of CPU; no password leaves for another site; nothing is
# written outside the chosen folder; no escape reaches the terminal.
. "${top_srcdir:-.}/tests/sim/lib.sh"
: "${LISTELEC:=$top_builddir/src/listelec}"
HOME=$T/home
XDG_STATE_HOME=$T/state
XDG_CONFIG_HOME=$T/config
export HOME XDG_STATE_HOME XDG_CONFIG_HOME
unset XDG_DOWNLOAD_DIR LISTELEC_PORTAL
mkdir -p -m 700 "$HOME"
printf 'Pratique-2026\n' > "$T/pw"
ESC=$(printf '\033')

# hostile FAULT: fetch the first list from a simulator with FAULT into
# $T/FAULT (a fresh 0700 folder); stdout, stderr in $T/out, $T/err; RC.
hostile() {
	start_sim --electors 300 --seed 9 --quiet --fault "$1"
	mkdir -m 700 "$T/$1"
	( ulimit -t 10; setsid "$LISTELEC" --portal "$URL" fetch \
	    --user benevole01 --password-fd 3 -o "$T/$1" --list décret \
	    --accept-notice 3< "$T/pw" > "$T/out" 2> "$T/err" < /dev/null )
	RC=$?
	! grep -q "$ESC" "$T/out" "$T/err"
	check "$1: no escape on stdout or stderr"
}

hostile redirect-loop
[ $RC -eq 4 ] && grep -q "too many redirections" "$T/err"
check "redirect-loop: refused after a few hops (rc $RC: $(cat "$T/err"))"

hostile foreign-form
[ $RC -eq 4 ] && grep -q "portail.example.invalid" "$T/err" &&
    grep -q "outside the portal" "$T/err"
check "foreign-form: the password is not sent elsewhere (rc $RC)"

hostile huge-page
[ $RC -eq 4 ] && grep -q "too large" "$T/err"
check "huge-page: a 40 MB page is refused (rc $RC: $(cat "$T/err"))"

hostile deep-page
[ $RC -eq 3 ] && grep -q "does not recognise" "$T/err"
check "deep-page: 100 000 levels, a clear refusal (rc $RC: $(cat "$T/err"))"

hostile hostile-name
saved=$(cat "$T/out")
[ $RC -eq 0 ] && [ "$(dirname "$saved")" = "$T/hostile-name" ] &&
    [ -f "$saved" ]
check "hostile-name: saved inside the folder (rc $RC: $saved)"
base=$(basename "$saved")
case $base in
.* | *"$ESC"* | *[[:cntrl:]]*) false ;;
*) true ;;
esac
check "hostile-name: no dot file, no control character ($base)"
[ "$(find "$T" -newer "$T/pw" -name '*.zip' | wc -l)" -eq 1 ]
check "hostile-name: no other zip anywhere under the test folder"

finish
