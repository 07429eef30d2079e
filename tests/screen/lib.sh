# Shared by the screen tests: a private tmux server at a fixed size, the
# program run under env -i with only TERM, LANG and HOME, keys sent,
# the screen captured and polled with a timeout (never fixed sleeps).
# Sourced; the test sets nothing before.  Output is kept only on failure.

LISTELEC=${LISTELEC:-$top_builddir/src/listelec}
GEN=${GEN:-$top_builddir/bench/listelec-gen}

if ! command -v tmux >/dev/null 2>&1; then
	echo "screen tests skipped: tmux is not installed" >&2
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/listelec-screen.XXXXXX")
chmod 700 "$T"
SOCK=t$$
HOMEDIR=$T/home
mkdir -m 700 "$HOMEDIR"
failed=0

# tmux on our socket.
tm() {
	tmux -L "$SOCK" "$@"
}

# Clean up; keep the folder (and say where) on failure.
finish() {
	tm kill-server >/dev/null 2>&1
	if [ "$failed" -ne 0 ]; then
		echo "screen test failed; files kept in $T" >&2
		exit 1
	fi
	rm -rf "$T"
	exit 0
}
trap 'failed=1; finish' INT TERM

# fail MESSAGE: note a failure with the last screen.
fail() {
	echo "FAIL: $*" >&2
	if [ -f "$T/screen" ]; then
		echo "--- screen:" >&2
		cat "$T/screen" >&2
		echo "---" >&2
	fi
	failed=1
}

# start [LANG [COLS ROWS [ENV...]]] -- ARGS: run listelec ARGS in a new
# server; after it exits the pane prints EXIT=status and the tty modes.
start() {
	lang=C.UTF-8
	cols=80
	rows=24
	extra=
	if [ "$1" != "--" ]; then lang=$1; shift; fi
	if [ "$1" != "--" ]; then cols=$1; rows=$2; shift 2; fi
	while [ "$1" != "--" ]; do extra="$extra $1"; shift; done
	shift
	args=
	for a in "$@"; do
		args="$args '$a'"
	done
	# The leak checker's list of the font libraries' own (sanitizer build).
	lsan=
	[ -n "${LSAN_OPTIONS:-}" ] && lsan="LSAN_OPTIONS='$LSAN_OPTIONS'"
	cat >"$T/run.sh" <<EOF
cd '$T'
trap '' INT
echo \$\$ > '$T/pid'
env -i TERM=screen LANG=$lang HOME='$HOMEDIR' $lsan $extra '$LISTELEC' $args
st=\$?
echo "MODES: \$(stty -a | tr ' ;' '\n\n' | grep -E '^-?(echo|icanon)\$' | tr '\n' ' ')"
echo "EXIT=\$st"
exec sleep 600
EOF
	tm -f /dev/null new-session -d -x "$cols" -y "$rows" "sh '$T/run.sh'"
}

# capture: the screen into $T/screen.
capture() {
	tm capture-pane -p >"$T/screen" 2>/dev/null
}

# wait_for PATTERN [TENTHS]: poll the screen until grep -E finds PATTERN.
wait_for() {
	i=0
	while [ "$i" -lt "${2:-100}" ]; do
		capture
		if grep -Eq -- "$1" "$T/screen"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for: $1"
	return 1
}

# wait_gone PATTERN [TENTHS]: poll until PATTERN is no longer on screen.
wait_gone() {
	i=0
	while [ "$i" -lt "${2:-100}" ]; do
		capture
		if ! grep -Eq -- "$1" "$T/screen"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "still on screen: $1"
	return 1
}

# keys KEY...: tmux send-keys.
keys() {
	tm send-keys "$@"
}

# type TEXT: literal text.
type_text() {
	tm send-keys -l -- "$1"
}

# expect PATTERN MESSAGE: the current screen shows PATTERN.
expect() {
	capture
	grep -Eq -- "$1" "$T/screen" || fail "$2 (no '$1')"
}

# expect_not PATTERN MESSAGE.
expect_not() {
	capture
	if grep -Eq -- "$1" "$T/screen"; then
		fail "$2 (found '$1')"
	fi
}

# expect_exit STATUS: the program ended with STATUS and the terminal is
# back in canonical mode with echo.
expect_exit() {
	wait_for "EXIT=[0-9]+" 100 || return 1
	grep -q "EXIT=$1\$" "$T/screen" || fail "exit status is not $1"
	grep -Eq '(^| )echo( |$)' "$T/screen" || fail "echo not restored"
	grep -Eq '(^| )icanon( |$)' "$T/screen" || fail "icanon not restored"
}

# A small list of fictitious electors (UTF-8, ';').
small_csv() {
	printf '%s\n' \
	    'No section;Nom;Prénom;Sexe;Date de naissance;Adresse;Municipalité' \
	    '001;Tremblay;Éloïse;F;1950-03-02;12 rue des Érables;Laval' \
	    '001;Gagnon;Jean;M;1990-11-20;4 avenue du Parc;Laval' \
	    '002;Bélanger;Zoé;F;1944-01-05;77 chemin Sainte-Foy;Québec' \
	    '003;Roy;Marc;M;1975-07-14;9 rue Principale;Trois-Rivières' \
	    '003;Belanger;Luc;M;1961-09-30;15 rue du Moulin;Trois-Rivières' \
	    >"$1"
}
