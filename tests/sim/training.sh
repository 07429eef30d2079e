#!/bin/sh
# listelec training: the practice secrets first, then the portal's URL;
# the portal works; q on stdin stops it (exit 0), and so does end of
# input; SIGINT stops it with 130.
. "${top_srcdir:-.}/tests/sim/lib.sh"
: "${LISTELEC:=$top_builddir/src/listelec}"

# start_training: with stdin from a fifo we hold open on fd 7.
start_training() {
	rm -f "$T/in"
	mkfifo "$T/in"
	"$LISTELEC" training --electors 40 --seed 3 "$@" < "$T/in" \
	    > "$T/tr.out" 2> "$T/tr.err" &
	TRPID=$!
	exec 7> "$T/in"
	i=0
	while ! grep -q '^Portal: ' "$T/tr.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && die "training did not start"
		sleep 0.1
	done
	URL=$(sed -n 's/^Portal: //p' "$T/tr.out")
}

start_training
head -4 "$T/tr.out" > "$T/first"
grep -q "user code: *benevole01" "$T/first" &&
    grep -q "password: *Pratique-2026" "$T/first" &&
    grep -q "archive password: *Liste-Fictive-2026" "$T/first"
check "the practice secrets come first"
case $URL in http://127.0.0.1:*/) true ;; *) false ;; esac
check "then a loopback URL ($URL)"
st=$(login benevole01 Pratique-2026)
[ "$st" = 302 ]; check "the practice portal signs in"
to_lists
link=$(list_link "Liste des électeurs au décret")
get "$link" > /dev/null
cp "$T/page" "$T/list.zip"
rows=$(cd "$T" && rm -rf x && mkdir x && cd x && unzip -qq ../list.zip &&
    unzip -p -P Liste-Fictive-2026 */*CSV.zip | grep -cv '^No section;')
[ "$rows" -eq 40 ]; check "the practice list holds 40 electors"
echo q >&7
wait $TRPID
rc=$?
exec 7>&-
[ $rc -eq 0 ]; check "q stops training (rc $rc)"
curl -s -o /dev/null "$URL"
[ $? -ne 0 ]; check "the portal is gone"

start_training --encryption aes256
exec 7>&-
wait $TRPID
rc=$?
[ $rc -eq 0 ]; check "end of input stops training (rc $rc)"

start_training
kill -INT $TRPID
wait $TRPID
rc=$?
exec 7>&-
[ $rc -eq 130 ]; check "Ctrl-C stops training with 130 (rc $rc)"

"$LISTELEC" training --electors 3 < /dev/null > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ]; check "a bad --electors is a usage error (rc $rc)"
finish
