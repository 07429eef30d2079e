# lib.sh — shared by the command-level tests: a private temporary HOME,
# assertions that print what differs, and fixtures made at test time.
# Every elector in them is generated; none is real.
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${LISTELEC:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/listelec-test.XXXXXX")
export HOME="$T/home" XDG_STATE_HOME="$T/home/state" XDG_CONFIG_HOME="$T/home/config"
mkdir -p "$HOME"
unset LISTELEC_PORTAL NO_COLOR LANGUAGE
export LANG=C.UTF-8 LC_ALL=C.UTF-8
GEN="$top_builddir/bench/listelec-gen"
MKZIP="$top_builddir/tests/mkzip"
failures=0
checks=0
trap 'rm -rf "$T"' EXIT

# fail MESSAGE: record a failure.
fail() {
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		fail "$1: expected [$2], got [$3]"
	fi
}

# check_grep WHAT PATTERN FILE: FILE contains the fixed string PATTERN.
check_grep() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$3" || { fail "$1: [$2] not in $3:"; sed -n '1,20p' "$3"; }
}

# check_nogrep WHAT PATTERN FILE: FILE does not contain PATTERN.
check_nogrep() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$3"; then
		fail "$1: [$2] found in $3"
	fi
}

# check_no_esc WHAT FILE: not a single ESC, CSI (0x9b as a C1 character) or BEL.
check_no_esc() {
	checks=$((checks + 1))
	if LC_ALL=C grep -q "$(printf '[\033\007]')" "$2" ||
	    LC_ALL=C grep -q "$(printf '\302\233')" "$2"; then
		fail "$1: control sequence in $2:"; od -c "$2" | head -20
	fi
}

# run_le: run listelec, stdout to $T/out, stderr to $T/err, status in $rc.
run_le() {
	"$LISTELEC" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}

# done_tests: summary and exit status.
done_tests() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}

printf 'practice-pw\n' > "$T/pw"
printf 'wrong-pw\n' > "$T/badpw"
