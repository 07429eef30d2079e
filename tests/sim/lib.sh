# Shared helpers for the simulator's shell tests (sourced).  Each test
# starts its own listelec-sim on a free loopback port, talks to it with
# curl (cookies in a private jar) and stops it with SIGTERM.
set -u
LC_ALL=C.UTF-8
export LC_ALL
unset LANG LANGUAGE
: "${LISTELEC_SIM:=$top_builddir/src/listelec-sim}"
T=$(mktemp -d "${TMPDIR:-/tmp}/listelec-simtest.XXXXXX")
JAR=$T/jar
SIMPID=
fails=0
checks=0

P_LOGIN=services/PES.Portail.Authentification/index.php
P_FORGOT=services/PES.Portail.MotDePasseOublie/index.php
P_CHANGE=services/PES.Portail.ChangementMotDePasse/index.php
P_EXTRANET=services/PES.Extranet.Accueil/index.php
P_NOTICE=services/PES.Extranet.ListesElectorales/index.php
P_LISTS=services/PES.Extranet.ListesDisponibles/index.php

cleanup() {
	stop_sim
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ok CONDITION-DESCRIPTION: count a check that passed or failed ($? of the
# command just run).
check() {
	st=$?
	checks=$((checks + 1))
	if [ $st -ne 0 ]; then
		echo "FAIL: $*" >&2
		fails=$((fails + 1))
	fi
}

# Fail with a message and stop.
die() {
	echo "FAIL: $*" >&2
	exit 1
}

# start_sim [OPTION]...: start the simulator; sets URL and SIMPID.
start_sim() {
	stop_sim
	rm -f "$JAR"
	: > "$T/sim.out"
	"$LISTELEC_SIM" "$@" > "$T/sim.out" 2> "$T/sim.err" &
	SIMPID=$!
	i=0
	while ! grep -q '^listening on ' "$T/sim.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$SIMPID" 2>/dev/null; then
			cat "$T/sim.err" >&2
			die "the simulator did not start ($*)"
		fi
		sleep 0.1
	done
	URL=$(sed -n '1s/^listening on //p' "$T/sim.out")
}

# stop_sim: SIGTERM, then wait; sets SIMRC.
stop_sim() {
	SIMRC=
	if [ -n "$SIMPID" ]; then
		kill -TERM "$SIMPID" 2>/dev/null
		wait "$SIMPID"
		SIMRC=$?
		SIMPID=
		if grep -q -e 'Sanitizer' -e 'runtime error' "$T/sim.err"; then
			cat "$T/sim.err" >&2
			echo "FAIL: the simulator reported a memory error" >&2
			fails=$((fails + 1))
		fi
	fi
}

# get PATH [CURL-OPTION]...: GET with the jar into $T/page (body),
# $T/head (headers); prints the status.
get() {
	p=$1
	shift
	curl -s -o "$T/page" -D "$T/head" -c "$JAR" -b "$JAR" \
	    -w '%{http_code}' "$@" "$URL$p"
}

# post PATH FIELD=VALUE...: POST a form the same way.
post() {
	p=$1
	shift
	n=$#
	while [ "$n" -gt 0 ]; do
		f=$1
		shift
		set -- "$@" --data-urlencode "$f"
		n=$((n - 1))
	done
	curl -s -o "$T/page" -D "$T/head" -c "$JAR" -b "$JAR" \
	    -w '%{http_code}' "$@" "$URL$p"
}

# The anti-forgery token of the last page.
token() {
	sed -n 's/.*name="jeton" value="\([0-9a-f]*\)".*/\1/p' "$T/page" |
	    head -1
}

# The Location header of the last response.
location() {
	sed -n 's/^[Ll]ocation: *\([^\r]*\)\r*$/\1/p' "$T/head"
}

# has TEXT: the last page contains TEXT.
has() {
	grep -qF -- "$1" "$T/page"
}

# login USER PASSWORD: the login form; prints the status.
login() {
	get "$P_LOGIN" > /dev/null
	post "$P_LOGIN" "jeton=$(token)" "strCodeUtilisateur=$1" \
	    "strMotDePasse=$2"
}

# to_lists: from signed in, confirm the notice and reach the lists.
to_lists() {
	get "$P_NOTICE" > /dev/null
	post "$P_NOTICE" "jeton=$(token)" "chkConfirmation=O" > /dev/null
	get "$P_LISTS" > /dev/null
}

# list_link TITLE: the href of a list on the lists page.
list_link() {
	grep -o "<a href=\"[^\"]*\">$1</a>" "$T/page" |
	    sed 's/<a href="\/\([^"]*\)".*/\1/; s/&amp;/\&/g' | head -1
}

# The end: print a summary and exit.
finish() {
	stop_sim
	echo "$checks checks, $fails failed"
	[ $fails -eq 0 ]
	exit $?
}
