#!/bin/sh
# The account: lockout after repeated failures, the forgotten-password
# form, the temporary password "e-mailed" on the simulator's console, the
# forced change with its rules, and the force-change fault.
. "${top_srcdir:-.}/tests/sim/lib.sh"

start_sim --electors 50 --quiet --fault lockout=3 \
    --email jeanne@exemple.qc.ca

# Three failures lock the account; then even the right password fails.
login benevole01 bad1 > /dev/null
has "mot de passe est invalide"; check "first failure"
login benevole01 bad2 > /dev/null
has "mot de passe est invalide"; check "second failure"
login benevole01 bad3 > /dev/null
has "Votre compte est verrouillé"; check "third failure locks"
st=$(login benevole01 Pratique-2026)
[ "$st" = 200 ] && has "Votre compte est verrouillé"
check "a locked account refuses the right password"

# Forgotten password: the form, its token, the e-mail check.
st=$(get "$P_FORGOT")
has "Mot de passe oublié" && has 'name="strCourriel"' && has ">Envoyer</button>"
check "the forgotten-password form"
post "$P_FORGOT" "jeton=$(token)" "strCourriel=autre@exemple.qc.ca" > /dev/null
has "ne correspond à aucun compte"; check "an unknown e-mail is refused"
grep -q "Mot de passe :" "$T/sim.out"
[ $? -ne 0 ]; check "no e-mail for an unknown address"
post "$P_FORGOT" "jeton=$(token)" "strCourriel=Jeanne@Exemple.qc.ca" > /dev/null
has "Un nouveau mot de passe vous a été envoyé par courriel."
check "the confirmation of the procedure"
temp=$(sed -n 's/^Mot de passe : //p' "$T/sim.out" | tail -1)
[ ${#temp} -eq 10 ]; check "the temporary password is printed on the console"
grep -q "Code utilisateur : benevole01" "$T/sim.out"
check "the e-mail gives the user code"

# The old password no longer works; the temporary one forces a change.
login benevole01 Pratique-2026 > /dev/null
has "mot de passe est invalide"; check "the old password is replaced"
st=$(login benevole01 "$temp")
[ "$st" = 302 ] && location | grep -q "/$P_CHANGE\$"
check "the temporary password leads to the change page"
st=$(get "$P_EXTRANET")
[ "$st" = 302 ] && location | grep -q "/$P_CHANGE\$"
check "the Extranet is closed until the password is changed"
get "$P_CHANGE" > /dev/null
has "Changement de mot de passe" && has "Plat préféré" &&
    has 'name="strNouveauMotDePasse"' && has 'name="strConfirmation"' &&
    has 'value="Sauvegarder"' && has "<select"
check "the change page of the procedure"

change() {
	post "$P_CHANGE" "jeton=$(token)" "strNouveauMotDePasse=$1" \
	    "strConfirmation=$2" "intQuestion=$3" "strReponse=$4"
}
change Abcdefg1 Abcdefg2 1 pizza > /dev/null
has "Les deux mots de passe ne sont pas identiques."
check "rule: the two entries must match"
change short1 short1 1 pizza > /dev/null
has "au moins 8 caractères, dont au moins une lettre et un chiffre"
check "rule: length"
change abcdefghij abcdefghij 1 pizza > /dev/null
has "au moins 8 caractères, dont au moins une lettre et un chiffre"
check "rule: a digit"
change "$temp" "$temp" 1 pizza > /dev/null
has "différent de l&#39;ancien"; check "rule: not the old password"
change Nouveau-2026 Nouveau-2026 "" pizza > /dev/null
has "Veuillez sélectionner une question secrète."; check "rule: a question"
change Nouveau-2026 Nouveau-2026 1 "" > /dev/null
has "Veuillez inscrire une réponse"; check "rule: an answer"
st=$(change Nouveau-2026 Nouveau-2026 1 pizza)
[ "$st" = 302 ] && location | grep -q "/$P_EXTRANET\$"
check "Sauvegarder with valid values leads to the Extranet"
get "$P_EXTRANET" > /dev/null
has "Votre mot de passe a été modifié."; check "the change is confirmed"

# From now on the new password signs in directly.
rm -f "$JAR"
st=$(login benevole01 Nouveau-2026)
[ "$st" = 302 ] && location | grep -q "/$P_EXTRANET\$"
check "the new password signs in"

# force-change: the first login demands a new password.
start_sim --electors 10 --quiet --fault force-change
st=$(login benevole01 Pratique-2026)
[ "$st" = 302 ] && location | grep -q "/$P_CHANGE\$"
check "force-change: the first login goes to the change page"

# expire-after: the session is lost; the login page says so.
start_sim --electors 10 --quiet --fault expire-after=3
login benevole01 Pratique-2026 > /dev/null
get "$P_EXTRANET" > /dev/null
has "Extranet des entités"; check "expire-after: works before the limit"
get "$P_NOTICE" > /dev/null
get "$P_NOTICE" > /dev/null
st=$(get "$P_NOTICE")
[ "$st" = 302 ] && location | grep -q "/$P_LOGIN\$"
check "expire-after: the session is lost after N requests"
get "$P_LOGIN" > /dev/null
has "Votre session a expiré"; check "expire-after: the login page says so"

finish
