/*
 * xmalloc — allocation that never returns NULL, and fatal() for broken
 * invariants.  Both run the fatal hook first so the terminal is restored
 * before anything is printed.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/xmalloc.h"

static void (*fatal_hook)(void);

/* Set the function run before fatal() prints. */
void
fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

/* Restore the terminal, print the message and abort. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;

	if (fatal_hook != NULL)
		fatal_hook();
	fputs("listelec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* malloc or die. */
void *
xmalloc(size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		fatal("out of memory (%zu bytes)", n);
	return (p);
}

/* calloc or die. */
void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("out of memory (%zu × %zu bytes)", n, size);
	return (p);
}

/* realloc or die. */
void *
xrealloc(void *old, size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = realloc(old, n)) == NULL)
		fatal("out of memory (%zu bytes)", n);
	return (p);
}

/* realloc for n elements of size, checking the product. */
void *
xreallocarray(void *old, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatal("allocation overflow (%zu × %zu)", n, size);
	return (xrealloc(old, n * size));
}

/* strdup or die. */
char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

/* strndup or die. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

/* vasprintf or die. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory (formatting)");
	return (s);
}

/* asprintf or die. */
char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return (s);
}
