#!/bin/sh
# The command line of listelec-sim: loopback only (exit 2 otherwise), bad
# options and faults (exit 2), the first line "listening on URL", the
# practice secrets printed at start, the request log without secrets, the
# clean stop on SIGINT and SIGTERM.
. "${top_srcdir:-.}/tests/sim/lib.sh"

for a in 0.0.0.0:0 192.168.1.10:8080 10.0.0.1:0 '[::]:0' \
    example.org:80 8080 127.0.0.1:99999; do
	"$LISTELEC_SIM" --listen "$a" > "$T/out" 2> "$T/err"
	rc=$?
	[ $rc -eq 2 ] && [ ! -s "$T/out" ] && [ -s "$T/err" ]
	check "--listen $a is refused with exit 2 (rc $rc)"
done
grep -q "loopback" "$T/err" || grep -q "listen" "$T/err"
check "the refusal says why"

for o in "--fault nosuch" "--fault lockout" "--fault drop-after=x" \
    "--electors 5" "--electors 7000000" "--encryption des" "--bogus"; do
	# shellcheck disable=SC2086
	"$LISTELEC_SIM" $o > /dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ]; check "$o is a usage error (rc $rc)"
done
"$LISTELEC_SIM" --help > "$T/help"
[ $? -eq 0 ] && grep -q -- "--fault NAME" "$T/help"
check "--help"

start_sim --listen 127.0.0.2:0 --electors 20 --user essai42 \
    --password 'Secret-Pratique-9' --archive-password 'Archive-Secret-7'
case $URL in http://127.0.0.2:*/) true ;; *) false ;; esac
check "listens on another loopback address ($URL)"
sed -n 2,9p "$T/sim.out" > "$T/defaults"
grep -q "essai42" "$T/defaults" && grep -q "Secret-Pratique-9" "$T/defaults" &&
    grep -q "Archive-Secret-7" "$T/defaults"
check "the practice secrets are printed at start"
login essai42 'Secret-Pratique-9' > /dev/null
get "$P_EXTRANET" > /dev/null
has "essai42"; check "the given user code and password sign in"
stop_sim
grep -q "POST /$P_LOGIN 302" "$T/sim.err"
check "the request log shows the requests"
! grep -q "Secret-Pratique-9" "$T/sim.err" &&
    ! grep -q "Archive-Secret-7" "$T/sim.err" &&
    ! grep -q "jeton" "$T/sim.err"
check "the request log holds no secret"
[ "$SIMRC" = 0 ]; check "SIGTERM: clean stop (rc $SIMRC)"

start_sim --electors 20 --quiet
kill -INT "$SIMPID"
wait "$SIMPID"
rc=$?
SIMPID=
[ $rc -eq 0 ]; check "SIGINT: clean stop (rc $rc)"

# A large list is being prepared in the background: the stop is prompt.
start_sim --electors 3000000 --quiet
sleep 0.5
t0=$(date +%s.%N)
stop_sim
t1=$(date +%s.%N)
[ "$SIMRC" = 0 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 3) }'
check "SIGTERM while a big list is prepared: prompt clean stop ($SIMRC)"

start_sim --listen '[::1]:0' --electors 20 --quiet
st=$(get "$P_LOGIN")
[ "$st" = 200 ]; check "IPv6 loopback ($URL)"
finish
