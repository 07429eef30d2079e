/*
 * msg — every message listelec prints on stdout or stderr goes through
 * here, and so through the terminal sanitizer: a file name or a portal
 * message holding escape sequences is shown with visible marks, never
 * obeyed.  When the terminal is not UTF-8 (LANG=C), accents are
 * transliterated rather than sent as bytes the terminal cannot show.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/cmd.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

static int	msg_ascii;

/* Remember whether output must be ASCII. */
void
msg_init(int ascii)
{
	msg_ascii = ascii;
}

/* Sanitize and write len bytes of s to f. */
void
msg_write(FILE *f, const char *s, size_t len, int keep_newlines)
{
	char	*clean;

	clean = text_sanitize(s, len, msg_ascii, keep_newlines);
	fputs(clean, f);
	free(clean);
}

/* Format, sanitize, write. */
static void
msg_vprint(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	char	*s;

	s = xvasprintf(fmt, ap);
	if (prefix != NULL)
		fputs(prefix, f);
	msg_write(f, s, strlen(s), 1);
	free(s);
}

/* "listelec: message" on stderr. */
void
msg_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	msg_vprint(stderr, "listelec: ", fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A note on stderr, no prefix. */
void
msg_note(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	msg_vprint(stderr, NULL, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Formatted, sanitized output to f. */
void
msg_printf(FILE *f, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	msg_vprint(f, NULL, fmt, ap);
	va_end(ap);
}
