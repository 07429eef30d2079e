#!/bin/sh
# listelec fetch against listelec-sim: the happy path (the very bytes the
# portal serves, 0600 in 0700, the audit line with the SHA-256, stdout the
# path only), refusals (password, lockout, challenge without a loop,
# notice, forced change), lost sessions, the one-time download's faults
# (drop with and without Range, html-instead, server error, slow, disk
# full, target exists, shared folder), https with a test CA, and secrets
# never in argv, the environment or on disk.  No terminal: setsid.
. "${top_srcdir:-.}/tests/sim/lib.sh"
: "${LISTELEC:=$top_builddir/src/listelec}"
GEN=${LISTELEC_GEN:-$top_builddir/bench/listelec-gen}
HOME=$T/home
XDG_STATE_HOME=$T/state
XDG_CONFIG_HOME=$T/config
export HOME XDG_STATE_HOME XDG_CONFIG_HOME
unset XDG_DOWNLOAD_DIR LISTELEC_PORTAL
mkdir -p -m 700 "$HOME"
printf 'Pratique-2026\n' > "$T/pw"
printf 'mauvais-mot\n' > "$T/badpw"
printf 'Liste-Fictive-2026\n' > "$T/apw"
AUDIT=$XDG_STATE_HOME/listelec/audit.log

# The archive the simulator serves for list 1 at 300 electors, seed 9.
"$GEN" zip --electors 300 --seed 9 --password-fd 3 -o "$T/ref.zip" 3< "$T/apw"
check "listelec-gen zip"

# fetch DIR [OPTION]...: listelec fetch with no terminal, the practice
# user and password on fd 3; stdout in $T/out, stderr in $T/err, rc in RC.
fetch() {
	d=$1
	shift
	setsid "$LISTELEC" --portal "$URL" fetch --user benevole01 \
	    --password-fd 3 -o "$d" "$@" 3< "$T/pw" > "$T/out" 2> "$T/err" \
	    < /dev/null
	RC=$?
}

# mode FILE: its octal mode.
mode() {
	stat -c %a "$1"
}

# --- the happy path --------------------------------------------------------
start_sim --electors 300 --seed 9
fetch "$T/dl" --list "électeurs au DÉCRET" --accept-notice
[ $RC -eq 0 ]; check "fetch succeeds (rc $RC: $(cat "$T/err"))"
saved=$(cat "$T/out")
[ "$(wc -l < "$T/out")" -eq 1 ] && [ -f "$saved" ] &&
    [ "$saved" = "$T/dl/$(basename "$saved")" ]
check "stdout is the saved path and nothing else ($saved)"
case $saved in */6*.zip|*/[0-9a-f]*.zip) true ;; *) false ;; esac
check "the file has the portal's name ($saved)"
cmp -s "$saved" "$T/ref.zip"; check "the bytes are those the portal served"
[ "$(mode "$saved")" = 600 ] && [ "$(mode "$T/dl")" = 700 ]
check "file 0600 ($(mode "$saved")) in a 0700 folder ($(mode "$T/dl"))"
sum=$(sha256sum "$saved" | cut -d' ' -f1)
grep -q "download .*file=$saved .*sha256=$sum" "$AUDIT"
check "the audit log records the download with its SHA-256"
grep -q 'notice .*by=--accept-notice' "$AUDIT" &&
    grep -q 'notice text=.*Je confirme' "$AUDIT"
check "the audit log records the notice and how it was confirmed"
grep -q 'signin user=benevole01' "$AUDIT"; check "the audit log records the sign-in"
! grep -q -e Pratique-2026 -e PHPSESSID "$AUDIT"
check "no password or cookie in the audit log"
! ls -a "$T/dl" | grep -q '\.part'; check "no temp file left behind"
"$LISTELEC" info "$saved" > /dev/null; check "listelec info reads the saved zip"

# The same list again: the portal refuses; nothing is saved over.
fetch "$T/dl" --list "décret" --accept-notice
[ $RC -eq 3 ] && grep -q "déjà été téléchargée" "$T/err" && [ ! -s "$T/out" ]
check "a second download: the portal's message, exit 3 (rc $RC)"
[ "$(ls "$T/dl" | wc -l)" -eq 1 ]; check "the second try saved nothing"

# --list-only prints the titles, one per line.
fetch "$T/dl" --list-only --accept-notice
[ $RC -eq 0 ] && grep -qx "Liste électorale après la révision spéciale" \
    "$T/out" && grep -q "^Instructions pour l'extraction" "$T/out" &&
    [ "$(wc -l < "$T/out")" -eq 4 ]
check "--list-only lists the documents and lists"
fetch "$T/dl" --list "liste"  --accept-notice
[ $RC -eq 2 ] && grep -q "several lists match" "$T/err"
check "an ambiguous --list is a usage error (rc $RC)"
fetch "$T/dl" --list "nulle part" --accept-notice
[ $RC -eq 3 ] && grep -q "no list matches" "$T/err"
check "an unknown --list: exit 3 (rc $RC)"
fetch "$T/dl" --list "jour -11"
[ $RC -eq 3 ] && grep -q -- "--accept-notice" "$T/err"
check "without a terminal the notice needs --accept-notice (rc $RC)"

# The instructions document is saved the same way (not a zip).
fetch "$T/doc" --list "Instructions" --accept-notice
[ $RC -eq 0 ] && head -c 5 "$(cat "$T/out")" | grep -q '%PDF-'
check "the instructions PDF is saved (rc $RC)"

# --- refusals --------------------------------------------------------------
setsid "$LISTELEC" --portal "$URL" fetch --user benevole01 --password-fd 3 \
    -o "$T/dl" --list décret --accept-notice 3< "$T/badpw" > "$T/out" \
    2> "$T/err" < /dev/null
RC=$?
[ $RC -eq 3 ] && grep -q "mot de passe est invalide" "$T/err"
check "a wrong password: the portal's message, exit 3 (rc $RC)"
stop_sim

start_sim --electors 30 --fault lockout=1
setsid "$LISTELEC" --portal "$URL" fetch --user benevole01 --password-fd 3 \
    -o "$T/dl" --accept-notice 3< "$T/badpw" > "$T/out" 2> "$T/err" < /dev/null
RC=$?
[ $RC -eq 3 ] && grep -q "verrouillé" "$T/err"
check "a locked account: the portal's message, exit 3 (rc $RC)"

start_sim --electors 30 --fault challenge
fetch "$T/dl" --list décret --accept-notice
n=$(grep -c 'GET\|POST' "$T/sim.err")
[ $RC -eq 3 ] && grep -q "browser" "$T/err" && grep -q "listelec open" "$T/err"
check "a challenge: the way out is said, exit 3 (rc $RC)"
[ "$n" -le 3 ]; check "a challenge is not looped on ($n requests)"

start_sim --electors 30 --fault force-change
fetch "$T/dl" --list décret --accept-notice
[ $RC -eq 3 ] && grep -q "listelec" "$T/err" && grep -q "new password" "$T/err"
check "a forced change without a terminal: sign in once with listelec (rc $RC)"

# --- lost sessions ---------------------------------------------------------
start_sim --electors 300 --seed 9 --quiet --fault expire-after=4
fetch "$T/exp" --list décret --accept-notice
[ $RC -eq 0 ] && cmp -s "$(cat "$T/out")" "$T/ref.zip"
check "an expired session: signed in again once, the list saved (rc $RC: $(cat "$T/err"))"
start_sim --electors 300 --seed 9 --quiet --fault expire-after=1
fetch "$T/exp1" --list décret --accept-notice
[ $RC -eq 3 ] && [ ! -s "$T/out" ]
check "a session lost again after the re-sign-in: exit 3 (rc $RC)"

# --- the one-time download -------------------------------------------------
start_sim --electors 300 --seed 9 --quiet --fault drop-after=8000
fetch "$T/drop" --list décret --accept-notice
[ $RC -eq 0 ] && cmp -s "$(cat "$T/out")" "$T/ref.zip"
check "a dropped connection is resumed with Range (rc $RC: $(cat "$T/err"))"

start_sim --electors 300 --seed 9 --quiet --fault drop-after=8000 \
    --fault no-range
fetch "$T/norange" --list décret --accept-notice
part=$(ls "$T/norange"/*.partial 2>/dev/null | head -1)
[ $RC -eq 8 ] && [ ! -s "$T/out" ] && [ -n "$part" ] &&
    [ "$(wc -c < "$part")" -eq 8000 ] && grep -q "$part" "$T/err"
check "no resume: the partial file is kept and named, exit 8 (rc $RC)"
! ls "$T/norange" | grep -q '\.zip$'
check "no resume: nothing is saved under the zip's name"
cmp -s -n 8000 "$part" "$T/ref.zip"; check "the partial file holds the first bytes"

# Already downloaded: the portal's message, exit 3, nothing saved.
start_sim --electors 30 --quiet --fault already-downloaded
fetch "$T/already" --list décret --accept-notice
[ $RC -eq 3 ] && grep -q "déjà été téléchargée" "$T/err" &&
    [ ! -s "$T/out" ] && [ -z "$(ls "$T/already" 2>/dev/null)" ]
check "a list already downloaded: the portal's message, exit 3 (rc $RC)"
# The second download of the same list from the same portal too.
start_sim --electors 30 --seed 4 --quiet
fetch "$T/twice" --list décret --accept-notice
first=$RC
fetch "$T/twice" --list décret --accept-notice
[ $first -eq 0 ] && [ $RC -eq 3 ] && grep -q "déjà été téléchargée" "$T/err" &&
    [ "$(ls "$T/twice" | wc -l)" -eq 1 ]
check "the same list twice: the second is refused, the first kept (rc $first, $RC)"

start_sim --electors 30 --quiet --fault html-instead
fetch "$T/html" --list décret --accept-notice
[ $RC -eq 3 ] && grep -q "pas disponible pour le moment" "$T/err" &&
    [ -z "$(ls "$T/html")" ]
check "an HTML page instead of the zip: its message, nothing saved (rc $RC)"

start_sim --electors 300 --seed 9 --quiet --fault server-error
fetch "$T/err500" --list décret --accept-notice
[ $RC -eq 0 ] && cmp -s "$(cat "$T/out")" "$T/ref.zip"
check "a server error is retried (rc $RC: $(cat "$T/err"))"

size=$(wc -c < "$T/ref.zip")
start_sim --electors 300 --seed 9 --quiet --fault slow=$((size * 2))
fetch "$T/slow" --list décret --accept-notice
[ $RC -eq 0 ] && cmp -s "$(cat "$T/out")" "$T/ref.zip"
check "a slow link (rc $RC)"

# Disk full: a file-size limit makes the write fail (SIGXFSZ ignored).
start_sim --electors 300 --seed 9 --quiet
(
	trap '' XFSZ
	ulimit -f 16	# 16 blocks of 512 bytes, the archive is 19 kB
	fetch "$T/full" --list décret --accept-notice
	echo $RC > "$T/rc"
)
RC=$(cat "$T/rc")
part=$(ls "$T/full"/*.partial 2>/dev/null | head -1)
[ "$RC" -eq 8 ] && [ -n "$part" ] && grep -q "$part" "$T/err" &&
    [ ! -s "$T/out" ]
check "a write failure mid-download: partial kept and named, exit 8 (rc $RC)"

# The target exists: a suffix, never an overwrite.
start_sim --electors 300 --seed 9 --quiet
mkdir -m 700 "$T/exists"
name=$(basename "$saved")
printf 'precious\n' > "$T/exists/$name"
fetch "$T/exists" --list décret --accept-notice
[ $RC -eq 0 ] && [ "$(cat "$T/exists/$name")" = precious ] &&
    [ "$(cat "$T/out")" = "$T/exists/${name%.zip} (2).zip" ]
check "an existing file is never overwritten (rc $RC: $(cat "$T/out"))"

# A folder others can write to: a private subfolder.
start_sim --electors 300 --seed 9 --quiet
mkdir -m 1777 "$T/shared"
fetch "$T/shared" --list décret --accept-notice
[ $RC -eq 0 ] && [ "$(dirname "$(cat "$T/out")")" = "$T/shared/listelec" ] &&
    [ "$(mode "$T/shared/listelec")" = 700 ]
check "a shared folder gets a private subfolder (rc $RC: $(cat "$T/out"))"

# The default folder: ~/Downloads when it exists, else ~/listelec.
start_sim --electors 300 --seed 9 --quiet
setsid "$LISTELEC" --portal "$URL" fetch --user benevole01 --password-fd 3 \
    --list décret --accept-notice 3< "$T/pw" > "$T/out" 2> "$T/err" < /dev/null
[ $? -eq 0 ] && [ "$(dirname "$(cat "$T/out")")" = "$HOME/listelec" ]
check "without -o the list goes to ~/listelec ($(cat "$T/out"))"

# --- the address -----------------------------------------------------------
"$LISTELEC" --portal http://192.0.2.1/ fetch --user x --password-fd 3 \
    --accept-notice 3< "$T/pw" > "$T/out" 2> "$T/err"
RC=$?
[ $RC -eq 2 ] && grep -q "https" "$T/err"
check "plain http off loopback is refused before connecting (rc $RC)"
URL=http://127.0.0.1:1/
fetch "$T/dl" --accept-notice
[ $RC -eq 4 ] && grep -q "cannot connect" "$T/err"
check "a refused connection: exit 4 (rc $RC)"

# --- https -----------------------------------------------------------------
cd "$T" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
    -days 2 -subj "/CN=listelec test CA" > /dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr \
    -subj "/CN=127.0.0.1" > /dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > ext.cnf
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
    -out srv.pem -days 2 -extfile ext.cnf > /dev/null 2>&1
check "openssl: the test CA and certificate"
cd - > /dev/null || exit 1
start_sim --electors 300 --seed 9 --quiet --tls-cert "$T/srv.pem" \
    --tls-key "$T/srv.key"
fetch "$T/tls" --list décret --accept-notice
[ $RC -eq 4 ] && grep -q "TLS" "$T/err"
check "an untrusted certificate: exit 4 (rc $RC: $(cat "$T/err"))"
setsid "$LISTELEC" --portal "$URL" --ca-file "$T/ca.pem" fetch \
    --user benevole01 --password-fd 3 -o "$T/tls" --list décret \
    --accept-notice 3< "$T/pw" > "$T/out" 2> "$T/err" < /dev/null
[ $? -eq 0 ] && cmp -s "$(cat "$T/out")" "$T/ref.zip"
check "with --ca-file the list comes over https"

# --- secrets ---------------------------------------------------------------
start_sim --electors 300 --seed 9 --quiet --fault slow=20000
setsid "$LISTELEC" --portal "$URL" fetch --user benevole01 --password-fd 3 \
    -o "$T/sec" --list décret --accept-notice 3< "$T/pw" > "$T/out" \
    2> "$T/err" < /dev/null &
pid=$!
sleep 1
leak=0
for p in $(pgrep -f listelec); do
	for f in cmdline environ; do
		tr '\0' '\n' < "/proc/$p/$f" 2>/dev/null |
		    grep -q Pratique-2026 && leak=1
	done
done
wait $pid
[ $leak -eq 0 ]; check "the password is in no process's argv or environment"
! grep -r -l -a -e Pratique-2026 -e PHPSESSID "$HOME" "$XDG_STATE_HOME" \
    "$T"/dl "$T"/sec 2>/dev/null | grep -q .
check "no password or cookie written to disk"

# The wizard without a terminal: says so, and points to fetch.
setsid "$LISTELEC" --portal "$URL" < /dev/null > "$T/out" 2> "$T/err"
RC=$?
[ $RC -eq 1 ] && grep -q "need a terminal" "$T/err" &&
    grep -q "listelec fetch" "$T/err"
check "the wizard without a terminal points to fetch (rc $RC)"

finish
