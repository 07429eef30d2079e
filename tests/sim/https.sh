#!/bin/sh
# https: a test CA made here with openssl signs a certificate for
# 127.0.0.1; the simulator serves it; curl verifies it with --cacert,
# refuses it without, and the session cookie is marked Secure.
. "${top_srcdir:-.}/tests/sim/lib.sh"

cd "$T" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem \
    -days 2 -subj "/CN=listelec test CA" > /dev/null 2>&1
check "openssl: the test CA"
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr \
    -subj "/CN=127.0.0.1" > /dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > ext.cnf
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
    -out srv.pem -days 2 -extfile ext.cnf > /dev/null 2>&1
check "openssl: the server certificate"
cd - > /dev/null || exit 1

start_sim --electors 40 --quiet --tls-cert "$T/srv.pem" --tls-key "$T/srv.key"
case $URL in https://127.0.0.1:*/) true ;; *) false ;; esac
check "the URL is https ($URL)"

st=$(curl -s -o /dev/null -w '%{http_code}' "$URL$P_LOGIN")
[ "$st" = 000 ]; check "without the CA the certificate is refused"
st=$(get "$P_LOGIN" --cacert "$T/ca.pem")
[ "$st" = 200 ] && has "Services en ligne"
check "with --cacert the login page comes"
grep -qi '^set-cookie: PHPSESSID=.*; HttpOnly; Secure' "$T/head"
check "the session cookie is Secure under https"

CURL_CA_BUNDLE=$T/ca.pem
export CURL_CA_BUNDLE
st=$(login benevole01 Pratique-2026)
[ "$st" = 302 ] && location | grep -q "^https://127.0.0.1:.*/$P_EXTRANET\$"
check "login over https redirects within https"
to_lists
link=$(list_link "Liste des électeurs au décret")
st=$(get "$link" --cacert "$T/ca.pem")
[ "$st" = 200 ] && unzip -tqq "$T/page" > /dev/null 2>&1
check "the archive downloads over https"

# A key that does not go with the certificate: the start fails.
"$LISTELEC_SIM" --quiet --tls-cert "$T/srv.pem" --tls-key "$T/ca.key" \
    > /dev/null 2> "$T/err" &
pid=$!
wait $pid
rc=$?
[ $rc -ne 0 ]; check "a mismatched key is refused (rc $rc)"

finish
