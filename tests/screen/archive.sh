#!/bin/sh
# Opening a generated AES-256 delivery archive: the masked password field
# (a wrong password, then the right one; the typed text never shown), the
# chooser with the CSV list preselected, the rows and counts; three wrong
# passwords exit 6; --archive-password-fd opens without a prompt.
. "${top_srcdir:-.}/tests/screen/lib.sh"

[ -x "$GEN" ] || { echo "no $GEN" >&2; exit 99; }
printf 'pratique-2026\n' >"$T/pw"
"$GEN" zip --electors 300 --seed 7 --encryption aes256 --password-fd 3 \
    -o "$T/list.zip" 3<"$T/pw" || { fail "generator"; finish; }

# Wrong, then right.
start -- open list.zip
wait_for 'Archive password:' || finish
type_text 'not-the-password'
expect_not 'not-the-password' "password echoed"
expect 'Archive password: \*{16}' "password masked"
keys Enter
wait_for 'Wrong password \(attempt 2 of 3\)' || finish
type_text 'pratique-2026'
keys Enter
wait_for 'choose what to open' || finish
expect '\[x\] .*[Cc][Ss][Vv] ' "the CSV list preselected"
expect '[Pp][Dd][Ff] ' "the PDF list listed"
expect 'AES-256' "encryption shown"
# Save a decrypted copy of the PDF list (after the notice), 0600, logged.
keys Home j j
keys w
wait_for 'Save as:' || finish
keys C-u
type_text 'copy.pdf'
keys Enter
wait_for '551\.1\.1' || finish
keys y
wait_for 'Saved to copy.pdf' || finish
head -c 5 "$T/copy.pdf" 2>/dev/null | grep -q '%PDF-' || fail "not a PDF"
[ "$(stat -c %a "$T/copy.pdf" 2>/dev/null)" = 600 ] || fail "PDF mode"
grep -q 'export.*copy.pdf.*sha256=' \
    "$HOMEDIR/.local/state/listelec/audit.log" 2>/dev/null ||
    fail "saved PDF not in the audit log"
keys Enter
wait_for '300 / 300 electors' || finish
expect '^Nom +Prénom' "header"
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# Three wrong passwords: exit 6, terminal restored.
SOCK=t$$b
start -- open list.zip
wait_for 'Archive password:' || finish
for w in one two three; do
	type_text "$w"
	keys Enter
done
expect_exit 6
tm kill-server >/dev/null 2>&1

# The password from a file descriptor: no prompt; straight to the list
# with --entry.
SOCK=t$$c
cat >"$T/fd.sh" <<EOF
exec 4<'$T/pw'
exec '$LISTELEC' "\$@" --archive-password-fd 4
EOF
LISTELEC_REAL=$LISTELEC
LISTELEC=$T/fd-wrapper
printf '#!/bin/sh\nexec sh %s "$@"\n' "'$T/fd.sh'" >"$LISTELEC"
chmod 700 "$LISTELEC"
start -- open --idle-lock 2 list.zip
wait_for 'choose what to open' || finish
expect_not 'Archive password' "asked although given on an fd"
keys Enter
wait_for '300 / 300 electors' || finish
# Idle: blanked, and the archive password asked again.
wait_for 'type the archive password again' 60 || finish
expect_not 'electors' "electors shown while locked"
type_text 'wrong'
keys Enter
wait_for 'Wrong password' || finish
type_text 'pratique-2026'
keys Enter
wait_for '300 / 300 electors' || finish
keys q
expect_exit 0
tm kill-server >/dev/null 2>&1

# A wrong password on the fd: exit 6, no prompt.
SOCK=t$$d
printf 'nope\n' >"$T/pw"
start -- open list.zip
expect_exit 6
LISTELEC=$LISTELEC_REAL
finish
