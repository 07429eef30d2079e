#!/bin/sh
# The simulated portal, page by page, as a browser (curl) walks it: login
# with its anti-forgery token and session cookie, the portal's error
# message, the Extranet, the notice that must come back checked, the lists,
# the instructions PDF, the one-time download and its archive, English.
. "${top_srcdir:-.}/tests/sim/lib.sh"

start_sim --electors 700 --seed 5 --quiet

# / sends to the login page.
st=$(get "")
[ "$st" = 302 ] && location | grep -q "/$P_LOGIN\$"
check "/ redirects to the login page"

# The login page: French, the form, the token, the cookie.
st=$(get "$P_LOGIN")
[ "$st" = 200 ]; check "login page status"
grep -qi '^content-type: text/html; charset=utf-8' "$T/head"
check "login page is declared HTML in UTF-8"
has "Services en ligne" && has "Conserver le code utilisateur" &&
    has 'value="Entrer"' && has "Mot de passe oublié?" &&
    has 'type="password"'
check "login page shows the form of the procedure"
tok=$(token)
[ ${#tok} -eq 32 ]; check "login page carries an anti-forgery token"
grep -qi '^set-cookie: PHPSESSID=[0-9a-f]*; path=/; HttpOnly' "$T/head"
check "session cookie is HttpOnly"
grep -qi '^set-cookie:.*Secure' "$T/head"
[ $? -ne 0 ]; check "no Secure cookie over http"

st=$(get "services/PES.Commun/css/pes.css")
[ "$st" = 200 ] && grep -qi '^content-type: text/css' "$T/head"
check "the style sheet the pages link to is served"

# The token must come back: missing or wrong, the login is refused.
st=$(post "$P_LOGIN" "strCodeUtilisateur=benevole01" \
    "strMotDePasse=Pratique-2026")
[ "$st" = 200 ] && has "jeton de sécurité invalide" &&
    ! grep -qi '^location:' "$T/head"
check "a login without the token is refused"
st=$(post "$P_LOGIN" "jeton=0123456789abcdef0123456789abcdef" \
    "strCodeUtilisateur=benevole01" "strMotDePasse=Pratique-2026")
has "jeton de sécurité invalide"; check "a login with a forged token is refused"

# Wrong password: the portal's own words.
st=$(login benevole01 wrong-password)
[ "$st" = 200 ] && has "Le code d&#39;utilisateur ou le mot de passe est invalide."
check "wrong password: the portal's message"

# Unknown pages need a session; without one they go to the login.
rm -f "$JAR"
st=$(get "$P_EXTRANET")
[ "$st" = 302 ] && location | grep -q "/$P_LOGIN\$"
check "the Extranet without a session goes to the login page"

# Right password (user code in other case): the Extranet.
st=$(login BENEVOLE01 Pratique-2026)
[ "$st" = 302 ] && location | grep -q "/$P_EXTRANET\$"
check "good login redirects to the Extranet"
st=$(get "$P_EXTRANET")
[ "$st" = 200 ] && has "Extranet des entités politiques provinciales" &&
    has ">Listes électorales et autres documents électoraux</a>" &&
    has ">Formulaires</a>"
check "the Extranet lists several services"

# The lists need the notice first.
st=$(get "$P_LISTS")
[ "$st" = 302 ] && location | grep -q "/$P_NOTICE\$"
check "the lists before the notice go to the notice"
st=$(get "$P_NOTICE")
has "Consentement à la confidentialité" && has "551.1.1" &&
    has "Je confirme avoir pris connaissance des renseignements ci-dessus" &&
    has 'type="checkbox"'
check "the notice page shows the text and the checkbox"
st=$(post "$P_NOTICE" "jeton=$(token)")
[ "$st" = 200 ] && has "Vous devez confirmer avoir pris connaissance"
check "the notice submitted unchecked is refused"
st=$(post "$P_NOTICE" "jeton=$(token)" "chkConfirmation=O")
[ "$st" = 302 ] && location | grep -q "/$P_LISTS\$"
check "the notice checked leads to the lists"

st=$(get "$P_LISTS")
has "Listes électorales disponibles" &&
    has "extraction des données de la liste électorale" &&
    has ">Liste des électeurs au décret</a>" &&
    has ">Liste électorale après la révision spéciale</a>" &&
    has ">Liste des électeurs au jour -11</a>"
check "the lists page shows the instructions and three lists"

# The instructions: a small PDF.
doc=$(grep -o '<a href="/[^"]*PES.Extranet.Documents[^"]*"' "$T/page" |
    sed 's/<a href="\///; s/"$//')
st=$(get "$doc")
[ "$st" = 200 ] && head -c 5 "$T/page" | grep -q '%PDF-' &&
    grep -qi '^content-type: application/pdf' "$T/head"
check "the instructions are a PDF"

# The download: attachment with a uniqid name, Content-Length.
get "$P_LISTS" > /dev/null
link=$(list_link "Liste des électeurs au décret")
[ -n "$link" ]; check "the first list has a link"
case $link in *d%C3%A9cret*|*decret*) false ;; *) true ;; esac
check "the list's link is opaque"
st=$(get "$link")
[ "$st" = 200 ]; check "download status"
grep -Eqi '^content-disposition: attachment; filename="[0-9a-f]{13}\.zip"' \
    "$T/head"
check "download named like uniqid()"
len=$(sed -n 's/^[Cc]ontent-[Ll]ength: *\([0-9]*\).*/\1/p' "$T/head")
[ "$len" = "$(wc -c < "$T/page")" ]; check "Content-Length matches"
cp "$T/page" "$T/list.zip"

# The archive: folder, readme, three encrypted zips; the CSV lists hold
# the announced electors.
mkdir "$T/x"
(cd "$T/x" && unzip -qq ../list.zip) 2>/dev/null
n=$(find "$T/x" -name '*.zip' | wc -l)
[ "$n" -eq 3 ]; check "the archive holds three zips"
[ "$(find "$T/x" -name 'Lisez-moi.txt' | wc -l)" -eq 1 ]
check "the archive holds a readme"
big=$(ls -S "$T"/x/*/*.zip | head -1)
case $big in *PDF*) true ;; *) false ;; esac
check "the PDF zip is the largest"
csvzip=$(ls "$T"/x/*/*CSV.zip)
rows=$(unzip -p -P Liste-Fictive-2026 "$csvzip" | grep -cv '^No section;')
[ "$rows" -eq 700 ]; check "the CSV lists hold 700 electors (got $rows)"
unzip -p -P wrong "$csvzip" > /dev/null 2>&1
[ $? -ne 0 ]; check "a wrong archive password is refused"
hdr=$(unzip -p -P Liste-Fictive-2026 "$csvzip" | head -1 | iconv -f CP1252 \
    -t UTF-8 | tr -d '\r')
[ "$hdr" = "No section;No électeur;Nom;Prénom;Sexe;Date de naissance;Adresse;Appartement;Municipalité;Code postal;" ] &&
    unzip -p -P Liste-Fictive-2026 "$csvzip" | head -1 | od -An -c |
    grep -q '\\r  *\\n'
check "the CSV header ends with ';' CRLF"

# Once only: a second download gives the "already downloaded" page.
st=$(get "$link")
[ "$st" = 200 ] && grep -qi '^content-type: text/html' "$T/head" &&
    has "Cette liste a déjà été téléchargée"
check "a second download says the list was already downloaded"

# The other lists are still available, each with its own name.
get "$P_LISTS" > /dev/null
link2=$(list_link "Liste des électeurs au jour -11")
st=$(get "$link2" -r 0-99)
[ "$st" = 206 ] && [ "$(wc -c < "$T/page")" -eq 100 ] &&
    grep -Eqi '^content-range: bytes 0-99/[0-9]+' "$T/head"
check "Range is honoured"

# English.
st=$(get "$P_EXTRANET?strLangue=en")
has "Lists of electors and other electoral documents" && has 'lang="en"'
check "?strLangue=en gives English pages"
st=$(get "$P_EXTRANET")
has "Extranet of provincial political entities"
check "the language sticks to the session"

# Sign out: the Extranet is closed again.
get "$P_LOGIN?action=deconnexion&strLangue=fr" > /dev/null
has "Vous êtes maintenant déconnecté"; check "sign-out message"
st=$(get "$P_EXTRANET")
[ "$st" = 302 ]; check "signed out: the Extranet goes to the login page"

# "Conserver le code utilisateur" keeps the code in a cookie.
get "$P_LOGIN" > /dev/null
post "$P_LOGIN" "jeton=$(token)" "strCodeUtilisateur=benevole01" \
    "strMotDePasse=Pratique-2026" "bConserver=1" > /dev/null
get "$P_LOGIN?action=deconnexion" > /dev/null
has 'value="benevole01"'; check "the kept user code fills the form"

stop_sim
[ "$SIMRC" = 0 ]; check "SIGTERM stops the simulator cleanly (rc $SIMRC)"
finish
