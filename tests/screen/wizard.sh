#!/bin/sh
# The wizard in tmux at 80x24, keys only: `listelec training` from the
# practice secrets to the table of electors (a wrong password first, the
# notice refused until ticked), in English and in French; two lists in one
# visit (Esc back to the lists, Esc at the archive password); the first-time
# path (forgotten password, the simulated e-mail, the temporary password,
# the forced change); Esc at each step; against listelec-sim with a slow
# link, a resize and a cancelled download (the partial file kept).
. "${top_srcdir:-.}/tests/screen/lib.sh"
SIM=${LISTELEC_SIM:-$top_builddir/src/listelec-sim}
AUDIT=$HOMEDIR/.local/state/listelec/audit.log

# --- the whole walk, English -----------------------------------------------
mkdir -p "$T/tmp"
start C.UTF-8 80 24 TMPDIR="$T/tmp" -- training --electors 200
wait_for 'Practice user code: benevole01' || finish
expect 'Archive password.*' "the archive password on the first screen"
expect 'Liste-Fictive-2026' "the practice archive password shown"
keys Enter
wait_for 'User code +\[' || finish
type_text 'benevole01'
keys Tab
type_text 'wrong-password'
expect_not 'wrong-password' "the password is masked"
keys Enter
wait_for "mot de passe est invalide" || finish
expect 'User code +\[benevole01' "the user code is kept after a refusal"
expect 'Password +\[ +\]' "the password field is emptied"
type_text 'Pratique-2026'
keys Enter
wait_for 'Confidentiality notice' || finish
expect '551\.1\.1' "the portal's notice text"
expect '\[ \] Je confirme avoir pris connaissance' "the checkbox sentence"
expect_not '^ *English$' "the site's menu is not part of the notice"
keys Enter
wait_for 'Tick the box with Space' || finish
keys Space
wait_for '\[x\] Je confirme' || finish
keys Enter
wait_for 'Lists of electors' || finish
expect ' 1  Instructions' "the documents are numbered"
expect ' 2  Liste des électeurs au décret' "the lists are numbered"
keys 2 Enter
wait_for 'Download complete' || finish
expect "Saved: $HOMEDIR/listelec/[0-9a-f]+\.zip" "the saved path is shown"
saved=$(sed -n 's/^ *Saved: \([^ ]*\).*/\1/p' "$T/screen")
[ "$(stat -c %a "$saved" 2>/dev/null)" = 600 ] || fail "the list is not 0600"
[ "$(stat -c %a "$HOMEDIR/listelec" 2>/dev/null)" = 700 ] ||
    fail "the folder is not 0700"
keys Enter
wait_for 'Archive password:' || finish
type_text 'Liste-Fictive-2026'
keys Enter
wait_for 'choose what to open' || finish
keys Enter
wait_for '200 / 200 electors' || finish
keys q
expect_exit 0
grep -q 'notice .*by=wizard' "$AUDIT" 2>/dev/null ||
    fail "the notice is not in the audit log"
grep -q "download .*file=$saved .*sha256=" "$AUDIT" 2>/dev/null ||
    fail "the download is not in the audit log"
# Every file written is 0600 in 0700 folders: the audit log, the list.
[ "$(stat -c %a "$AUDIT")" = 600 ] &&
    [ "$(stat -c %a "$(dirname "$AUDIT")")" = 700 ] &&
    [ "$(stat -c %a "$saved")" = 600 ] ||
    fail "modes: audit $(stat -c %a "$AUDIT"), list $(stat -c %a "$saved")"
# After the whole walk no secret is in any file of HOME or TMPDIR (the
# portal password, the archive password, a session cookie).
for secret in Pratique-2026 Liste-Fictive-2026 PHPSESSID; do
	grep -rlF -- "$secret" "$HOMEDIR" "$T/tmp" 2>/dev/null |
	    grep -q . && fail "$secret written to $(grep -rlF -- "$secret" \
	    "$HOMEDIR" "$T/tmp" | head -1)"
done
tm kill-server

# French training from the start to the lists: signed in, notice ticked.
fr_to_lists() {
	rm -rf "$HOMEDIR/listelec"
	start -- --lang fr training --electors 50
	wait_for "Code d'utilisateur d'entraînement : benevole01" || finish
	keys Enter
	wait_for "Code d'utilisateur +\[" || finish
	type_text 'benevole01'
	keys Tab
	type_text 'Pratique-2026'
	keys Enter
	wait_for 'Avis de confidentialité' || finish
	keys Space Enter
	wait_for 'Listes électorales' || finish
}

# --- French ----------------------------------------------------------------
fr_to_lists
keys Escape
wait_for 'Quitter listelec' || finish
keys y
expect_exit 0
tm kill-server

# --- two successive lists in one visit, French ----------------------------
# Esc after a download goes back to the lists (the next delivery), the
# saved one marked; Esc at the archive password leaves without an error
# and says how to open the list later.
fr_to_lists
keys 2 Enter
wait_for 'Enregistré : ' || finish
first=$(sed -n 's/^ *Enregistré : \([^ ]*\).*/\1/p' "$T/screen")
keys Escape
wait_for ' 2  Liste des électeurs au décret \(enregistrée\)' || finish
expect_not '3  .*enregistrée' "only the saved list is marked"
keys 3 Enter
wait_for 'Enregistré : ' || finish
second=$(sed -n 's/^ *Enregistré : \([^ ]*\).*/\1/p' "$T/screen")
[ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ] ||
    fail "two lists saved: [$first] [$second]"
keys Enter
wait_for "Mot de passe de l'archive" || finish
keys Escape
wait_for 'EXIT=' || finish
expect "Pas ouverte\. Pour l'ouvrir plus tard : listelec open" \
    "Esc at the password says how to open it later"
expect_not 'erron' "Esc at the password is not a wrong password"
expect_exit 0
[ -f "$first" ] && [ -f "$second" ] || fail "a saved list is missing"
tm kill-server

# --- the first-time path ---------------------------------------------------
start -- training --electors 50
wait_for 'Practice user code' || finish
keys Enter
wait_for 'Forgot your password' || finish
keys Down Down Down Down Enter
wait_for 'E-mail address +\[benevole@exemple' || finish
keys Enter
wait_for 'Simulated e-mail' || finish
temp=$(sed -n 's/^ *Mot de passe : *\([^ ]*\).*/\1/p' "$T/screen")
[ -n "$temp" ] || fail "no temporary password in the e-mail"
keys q
wait_for 'Un nouveau mot de passe vous a été envoyé' || finish
type_text 'benevole01'
keys Tab
type_text "$temp"
keys Enter
wait_for 'Choose a new password' || finish
expect 'au moins 8 caractères' "the portal's rules"
type_text 'Nouveau-2026'
keys Tab
type_text 'Autre-2026'
keys Tab Tab Enter
wait_for 'The two passwords differ' || finish
type_text 'Nouveau-2026'
keys Tab
type_text 'Nouveau-2026'
keys Tab Enter
wait_for 'Secret question' || finish
expect 'Plat préféré' "the portal's questions"
keys 2 Enter
wait_for 'Secret question: Nom de votre premier animal' || finish
type_text 'Minou'
keys Enter
wait_for 'Confidentiality notice' || finish
# Esc on the notice goes back to the sign-in.
keys Escape
wait_for 'User code +\[' || finish
keys Escape
wait_for 'Quit listelec' || finish
keys y
expect_exit 0
tm kill-server

# --- against listelec-sim: slow link, resize, cancel -----------------------
"$SIM" --listen 127.0.0.1:0 --quiet --electors 3000 --fault slow=20000 \
    >"$T/sim.out" 2>"$T/sim.err" &
simpid=$!
i=0
while ! grep -q '^listening on ' "$T/sim.out" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
url=$(sed -n '1s/^listening on //p' "$T/sim.out")
start -- --portal "$url"
wait_for 'User code +\[' || finish
expect_not 'Practice' "the real wizard has no practice secrets"
type_text 'benevole01'
keys Tab
type_text 'Pratique-2026'
keys Enter
wait_for 'Confidentiality notice' || finish
keys Space Enter
wait_for 'Lists of electors' || finish
keys 3 Enter
wait_for 'Downloading' || finish
wait_for 'kB/s' || finish
tm resize-window -x 100 -y 30 2>/dev/null
sleep 0.5
wait_for 'of .* s left' || finish
keys q
wait_for 'Cancel the download\?' || finish
expect 'may refuse' "cancelling says what it costs"
keys n
wait_for 'Downloading' || finish
keys q
wait_for 'Cancel the download\?' || finish
keys y
wait_for 'kept in .*\.partial' || finish
keys Enter
expect_exit 130
ls "$HOMEDIR"/listelec/*.partial >/dev/null 2>&1 ||
    fail "the partial file is not kept"
kill "$simpid" 2>/dev/null
wait "$simpid" 2>/dev/null

finish
