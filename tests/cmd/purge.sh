#!/bin/sh
# purge — `listelec purge` on files recorded in the audit log as audit.c
# writes them (quoted names, escapes): the unchanged ones are overwritten
# and removed, a changed one, a symlink and its target are left, a hard
# link reads zeros, the input of a query to stdout is never touched;
# without a terminal --yes is required (exit 2); a second purge lists
# what was left again (exit 8).  No terminal: setsid.
. "$top_srcdir/tests/cmd/lib.sh"

LOG="$XDG_STATE_HOME/listelec/audit.log"
E="$T/exports"
mkdir -p "$E/sub dir" "$T/dl"

"$GEN" csv --electors 50 --seed 3 > "$T/list.csv" || fail "generator (csv)"
"$GEN" zip --electors 20 --seed 4 --encryption aes256 --password-fd 3 \
    -o "$T/dl/liste.zip" 3<"$T/pw" || fail "generator (zip)"
cp "$T/list.csv" "$T/list.orig"

# Two exports by query to stdout: the log says file=... to=stdout (and an
# open line): the input is not listelec's to destroy.
"$LISTELEC" query --format csv --columns nom,prénom "$T/list.csv" \
    > "$E/one.csv" 2>"$T/err" || fail "query one: $(cat "$T/err")"
"$LISTELEC" query --format csv --filter sexe=F "$T/list.csv" \
    > "$E/sub dir/two words.csv" 2>"$T/err" || fail "query two"
check_grep "query to stdout is audited" "to=stdout" "$LOG"

# audit_line EVENT KEY PATH REST: a line as audit.c writes it (the value
# quoted when it holds a space, a quote or '='; \ and " escaped).
audit_line() {
	v=$(printf '%s' "$3" | sed 's/[\\"]/\\&/g')
	case $3 in
	*[\ \"=]*) v="\"$v\"" ;;
	esac
	sha=$(sha256sum < "$3" | cut -d' ' -f1)
	printf '%s %s %s=%s %s sha256=%s\n' "$(date +%Y-%m-%dT%H:%M:%S%z)" \
	    "$1" "$2" "$v" "$4" "$sha" >> "$LOG"
}
printf 'a;b\n1;2\n' > "$E/back\\slash\"q.csv"
printf 'x;y\n3;4\n' > "$E/changed.csv"
printf 'gone\n' > "$E/deleted.csv"
printf 'target;canary\n' > "$T/target.csv"
cp "$T/target.csv" "$T/target.orig"
ln -s "$T/target.csv" "$E/link.csv"
printf '%%PDF-1.4 fictitious\n' > "$E/copy.pdf"
ln "$E/one.csv" "$T/hardlink.csv"
s1=$(wc -c < "$E/one.csv")

audit_line download file "$T/dl/liste.zip" \
    "title=\"Liste au décret\" size=$(wc -c < "$T/dl/liste.zip")"
audit_line export path "$E/one.csv" "format=csv columns=2 rows=50"
audit_line export path "$E/one.csv" "format=csv columns=2 rows=50"
audit_line export path "$E/sub dir/two words.csv" "format=csv columns=10"
audit_line export path "$E/back\\slash\"q.csv" "format=csv columns=2"
audit_line export path "$E/changed.csv" "format=csv columns=2 rows=1"
audit_line export path "$E/deleted.csv" "format=csv columns=1 rows=1"
audit_line export path "$E/link.csv" "format=csv columns=2 rows=0"
audit_line export path "$E/copy.pdf" "entry=Liste/liste.pdf bytes=20"
printf 'x;y\n3;5\n' > "$E/changed.csv"
rm "$E/deleted.csv"
cp "$E/changed.csv" "$T/changed.orig"

# Without a terminal and without --yes: exit 2, the list shown, nothing
# removed.
setsid -w "$LISTELEC" purge </dev/null >"$T/out" 2>"$T/err"
rc=$?
check_eq "no terminal, no --yes: exit status" 2 "$rc"
check_grep "no terminal: says --yes" "--yes" "$T/err"
check_grep "no terminal: the list" "two words.csv" "$T/out"
for f in "$E/one.csv" "$E/sub dir/two words.csv" "$T/dl/liste.zip"; do
	[ -f "$f" ] || fail "no terminal: $f removed"
done
check_nogrep "no terminal: no purge line" " purge " "$LOG"

# The list: each file once, the deleted one not listed, the query's input
# not listed; sizes and dates.
check_eq "one.csv listed once" 1 "$(grep -c 'one\.csv' "$T/out")"
check_nogrep "deleted file not listed" "deleted.csv" "$T/out"
check_nogrep "the query's input not listed" "$T/list.csv" "$T/out"
check_grep "a date" "$(date +%Y-%m-%d)" "$T/out"
check_grep "the deleted one counted" "no longer exist" "$T/err"
check_grep "the symlink is marked" "link.csv (symbolic link" "$T/out"

# --yes without a terminal.
setsid -w "$LISTELEC" purge --yes </dev/null >"$T/out" 2>"$T/err"
rc=$?
check_eq "--yes: exit status (a file left)" 8 "$rc"
for f in "$E/one.csv" "$E/sub dir/two words.csv" "$T/dl/liste.zip" \
    "$E/back\\slash\"q.csv" "$E/copy.pdf"; do
	checks=$((checks + 1))
	[ -e "$f" ] && fail "--yes: $f still there"
done
checks=$((checks + 1))
cmp -s "$E/changed.csv" "$T/changed.orig" ||
    fail "the changed file was touched"
checks=$((checks + 1))
cmp -s "$T/target.csv" "$T/target.orig" || fail "the symlink's target touched"
checks=$((checks + 1))
[ -L "$E/link.csv" ] || fail "the symlink was removed"
checks=$((checks + 1))
cmp -s "$T/list.csv" "$T/list.orig" || fail "the query's input was touched"
# The hard link made beforehand reads zeros, and purge warned.
check_eq "hard link: same size" "$s1" "$(wc -c < "$T/hardlink.csv")"
check_eq "hard link: only zeros" 0 \
    "$(tr -d '\000' < "$T/hardlink.csv" | wc -c)"
check_grep "hard link: warned" "hard links" "$T/err"
check_grep "limits said" "copy-on-write" "$T/err"
check_grep "changed one named" "left $E/changed.csv: changed" "$T/out"
check_grep "symlink named" "left $E/link.csv: not a regular file" "$T/out"
check_grep "summary" "5 files destroyed (" "$T/out"
check_grep "summary: left" \
    "; 2 left: 1 changed since it was written, 1 not a regular file." "$T/out"

# The audit lines: one per file destroyed (path, size, sha256), one per
# file left (why=).
check_eq "purge lines" 7 "$(grep -c ' purge ' "$LOG")"
sha=$(sha256sum < "$T/changed.orig" | cut -d' ' -f1)
check_grep "audit: destroyed" \
    "purge path=$E/one.csv size=$s1 sha256=" "$LOG"
check_grep "audit: quoted path" \
    "purge path=\"$E/sub dir/two words.csv\" size=" "$LOG"
check_grep "audit: escapes" "purge path=\"$E/back\\\\slash\\\"q.csv\"" "$LOG"
check_grep "audit: changed" "purge path=$E/changed.csv why=changed" "$LOG"
check_grep "audit: symlink" "purge path=$E/link.csv why=not-a-file" "$LOG"
run_le audit
check_grep "listelec audit shows purges" "why=changed" "$T/out"

# A second purge lists again what was left, and leaves it (exit 8); the
# destroyed ones are not listed.
setsid -w "$LISTELEC" purge --yes </dev/null >"$T/out" 2>"$T/err"
rc=$?
check_eq "second purge: exit status" 8 "$rc"
check_nogrep "second purge: destroyed not listed" "one.csv" "$T/out"
check_grep "second purge: changed listed" "changed.csv" "$T/out"
check_grep "second purge: summary" "0 files destroyed" "$T/out"

# Once the user removes those, nothing is left to purge: exit 0.
rm "$E/changed.csv" "$E/link.csv"
setsid -w "$LISTELEC" purge </dev/null >"$T/out" 2>"$T/err"
rc=$?
check_eq "nothing to purge: exit status" 0 "$rc"
check_grep "nothing to purge" "Nothing to purge" "$T/out"

# No audit log at all: nothing to purge.
rm -f "$LOG"
setsid -w "$LISTELEC" purge --yes </dev/null >"$T/out" 2>"$T/err"
check_eq "no log: exit status" 0 "$?"

# In French.
LC_ALL=C.UTF-8 "$LISTELEC" --lang fr purge --help > "$T/out" 2>&1
check_grep "help in French" "--yes" "$T/out"
run_le purge --bogus
check_eq "bad option: exit status" 2 "$rc"
done_tests
