#!/bin/sh
# Every fault of the simulator, seen from a client: a dropped download
# resumed with Range (and the result is the very archive listelec-gen
# makes), no-range, html-instead, slow, server-error, challenge,
# already-downloaded.
. "${top_srcdir:-.}/tests/sim/lib.sh"
GEN=${LISTELEC_GEN:-$top_builddir/bench/listelec-gen}

# first_list: sign in, confirm, print the first list's link.
first_list() {
	login benevole01 Pratique-2026 > /dev/null
	to_lists
	list_link "Liste des électeurs au décret"
}

# The reference archive, as listelec-gen makes it.
printf 'Liste-Fictive-2026\n' > "$T/pw"
"$GEN" zip --electors 300 --seed 9 --password-fd 3 -o "$T/ref.zip" 3< "$T/pw"
check "listelec-gen zip"
size=$(wc -c < "$T/ref.zip")

# drop-after: the connection closes mid-download; Range resumes it.
start_sim --electors 300 --seed 9 --quiet --fault drop-after=5000
link=$(first_list)
curl -s -o "$T/part.zip" -c "$JAR" -b "$JAR" "$URL$link"
rc=$?
got=$(wc -c < "$T/part.zip")
[ $rc -ne 0 ] && [ "$got" -le 5000 ] && [ "$got" -lt "$size" ]
check "drop-after: the download is cut (curl rc $rc, $got bytes)"
st=$(get "$link")
has "déjà été téléchargée"; check "a retry without Range is refused"
st=$(curl -s -o "$T/rest" -D "$T/head" -c "$JAR" -b "$JAR" -w '%{http_code}' \
    -r "$got-" "$URL$link")
[ "$st" = 206 ] && grep -qi "^content-range: bytes $got-$((size - 1))/$size" \
    "$T/head"
check "the retry with Range gets 206 and the rest"
cat "$T/part.zip" "$T/rest" > "$T/whole.zip"
cmp -s "$T/whole.zip" "$T/ref.zip"
check "the resumed archive is byte for byte listelec-gen's"
st=$(get "$link" -r 0-10)
has "déjà été téléchargée"; check "once complete, even a Range is refused"
rows=$(cd "$T" && rm -rf x && mkdir x && cd x && unzip -qq ../whole.zip &&
    unzip -p -P Liste-Fictive-2026 */*CSV.zip | grep -cv '^No section;')
[ "$rows" -eq 300 ]; check "the resumed archive holds 300 electors"

# no-range: Range ignored, a broken download counts as consumed.
start_sim --electors 300 --seed 9 --quiet --fault no-range \
    --fault drop-after=2000
link=$(first_list)
curl -s -o "$T/part.zip" -c "$JAR" -b "$JAR" "$URL$link"
[ $? -ne 0 ]; check "no-range: the first download is cut"
st=$(get "$link" -r 2000-)
[ "$st" = 200 ] && has "déjà été téléchargée"
check "no-range: the broken download was consumed"

start_sim --electors 300 --seed 9 --quiet --fault no-range
link=$(first_list)
st=$(get "$link" -r 0-99)
[ "$st" = 200 ] && [ "$(wc -c < "$T/page")" -eq "$size" ] &&
    grep -qi '^accept-ranges: none' "$T/head"
check "no-range: Range is ignored"

# html-instead: a 200 HTML page instead of the zip.
start_sim --electors 30 --quiet --fault html-instead
link=$(first_list)
st=$(get "$link")
[ "$st" = 200 ] && grep -qi '^content-type: text/html' "$T/head" &&
    has "n&#39;est pas disponible pour le moment" &&
    ! grep -qi '^content-disposition' "$T/head"
check "html-instead: an HTML page with status 200"

# slow: the download takes at least size / rate seconds (about 1 s).
rate=$size
start_sim --electors 300 --seed 9 --quiet --fault slow=$rate
link=$(first_list)
t=$(curl -s -o "$T/slow.zip" -c "$JAR" -b "$JAR" -w '%{time_total}' \
    "$URL$link")
n=$(wc -c < "$T/slow.zip")
awk -v t="$t" -v n="$n" -v r="$rate" 'BEGIN { exit !(t >= 0.8 * n / r) }'
check "slow: $n bytes took $t s at $rate B/s"
cmp -s "$T/slow.zip" "$T/ref.zip"
check "slow: the archive arrives whole"

# server-error: one 500, then it works.
start_sim --electors 30 --quiet --fault server-error
link=$(first_list)
st=$(get "$link")
[ "$st" = 500 ] && has "Une erreur interne est survenue"
check "server-error: the first download gets 500"
st=$(get "$link")
[ "$st" = 200 ] && grep -qi '^content-type: application/zip' "$T/head"
check "server-error: the retry gets the zip"

start_sim --electors 30 --quiet --fault server-error=2
st=$(get "$P_LOGIN"); [ "$st" = 200 ]; check "server-error=2: request 1"
st=$(get "$P_LOGIN"); [ "$st" = 500 ]; check "server-error=2: request 2 fails"
st=$(get "$P_LOGIN"); [ "$st" = 200 ]; check "server-error=2: request 3"

# challenge: a bot-protection page that only a browser could pass.
start_sim --electors 30 --quiet --fault challenge
st=$(get "$P_LOGIN")
[ "$st" = 403 ] && grep -qi '^cf-mitigated: challenge' "$T/head" &&
    has "cf-turnstile" && has "Just a moment"
check "challenge: an interstitial instead of the login page"

# already-downloaded: every list was taken before.
start_sim --electors 30 --quiet --fault already-downloaded
link=$(first_list)
st=$(get "$link")
[ "$st" = 200 ] && has "Cette liste a déjà été téléchargée"
check "already-downloaded: the page instead of the zip"

finish
