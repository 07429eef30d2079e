/*
 * xmalloc — allocation for sizes we control.  These never return NULL: on
 * failure they restore the terminal (through the fatal hook) and abort.
 * Sizes that come from input are checked against a limit before calling.
 */
#ifndef LISTELEC_XMALLOC_H
#define LISTELEC_XMALLOC_H

#include <stddef.h>
#include <stdarg.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Allocated formatted string; caller frees. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list)
	     __attribute__((format(printf, 1, 0)));

/* A broken invariant: run the hook (ui_end), print, abort. */
void	 fatal(const char *, ...)
	     __attribute__((noreturn, format(printf, 1, 2)));
/* Run before fatal() prints; the UI sets it to restore the terminal. */
void	 fatal_set_hook(void (*)(void));

#endif
