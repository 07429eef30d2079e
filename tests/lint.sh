#!/bin/sh
# lint — the style rules a reviewer checks first (STYLE.md §20, §11; the
# libzip and libcurl pitfalls of SECURITY-NOTES.md): lines of at most 80
# columns, no banned call, curses only in src/ui/, no secret from the
# environment.  Prints each violation; fails when there is one.
set -u
cd "${top_srcdir:-$(dirname "$0")/..}" || exit 1
fail=0

files=$(find src include tests bench -name '*.[ch]' 2>/dev/null | sort)

# 80 columns, tabs at 8, characters not bytes.
long=$(perl -CSD -ne '
	chomp; my $l = $_; my $c = 0;
	for my $ch (split //, $l) { $c = $ch eq "\t" ? ($c + 8) - ($c % 8) : $c + 1 }
	print "$ARGV:$.: $c columns\n" if $c > 80;
	close ARGV if eof;' $files)
if [ -n "$long" ]; then
	echo "Lines over 80 columns:"; echo "$long"; fail=1
fi

# Banned calls (a word boundary before, an opening parenthesis after).
banned='\b(strcpy|strcat|sprintf|vsprintf|atoi|atol|gets|system|tmpnam|tempnam|mktemp|zip_set_default_password|curl_easy_duphandle)[[:space:]]*\('
hits=$(grep -nE "$banned" $(echo "$files" | grep '^src\|^include') 2>/dev/null)
if [ -n "$hits" ]; then
	echo "Banned calls:"; echo "$hits"; fail=1
fi
hits=$(grep -nE 'CURLOPT_(FOLLOWLOCATION|NETRC|COOKIEJAR)' $(echo "$files" | grep '^src') 2>/dev/null)
if [ -n "$hits" ]; then
	echo "libcurl options we never use (follow redirects by hand, no netrc, no cookie jar):"
	echo "$hits"; fail=1
fi

# Only src/ui/ includes curses.
hits=$(grep -nE '#[[:space:]]*include[[:space:]]*<(n?curses|ncursesw/curses|form|menu|panel)\.h>' \
    $(echo "$files" | grep -v '^src/ui/\|^tests/') 2>/dev/null)
if [ -n "$hits" ]; then
	echo "curses outside src/ui/:"; echo "$hits"; fail=1
fi

# Secrets never from the environment.
hits=$(grep -nE 'getenv\("[A-Z_]*(PASS|SECRET|PW)' $(echo "$files" | grep '^src') 2>/dev/null)
if [ -n "$hits" ]; then
	echo "A secret read from the environment:"; echo "$hits"; fail=1
fi

# The core modules never print: messages go through msg.c (cmd-*.c and
# main.c) or the UI.  xmalloc.c's fatal path is the one exception.
core=$(echo "$files" | grep '^src/[a-z-]*\.c$' | \
    grep -v '^src/\(main\|msg\|xmalloc\|cmd-[a-z]*\)\.c$')
hits=$(grep -nE '\b(printf|vprintf|puts|putchar|perror)[[:space:]]*\(|\bstd(out|err|in)\b' \
    $core 2>/dev/null)
if [ -n "$hits" ]; then
	echo "stdio output in a core module (use msg.c or a hook):"
	echo "$hits"; fail=1
fi

[ "$fail" -eq 0 ] && echo "lint: clean ($(echo "$files" | wc -l) files)"
exit "$fail"
