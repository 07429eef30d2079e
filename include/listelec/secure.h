/*
 * secure — process hardening and secrets.  Secrets (the portal password,
 * the archive password) live in small locked buffers, are read from a file
 * descriptor or from the terminal with echo off — never from argv or the
 * environment — and are wiped when freed.
 */
#ifndef LISTELEC_SECURE_H
#define LISTELEC_SECURE_H

#include <stddef.h>

/* umask 077, no core dumps (RLIMIT_CORE 0, PR_SET_DUMPABLE 0), no SIGPIPE. */
void	 secure_harden(void);
/* Zero memory in a way the compiler keeps. */
void	 secure_wipe(void *, size_t);

#define SECRET_MAX	1024	/* longest secret, bytes */

struct secret;

/* A new empty secret in locked memory (mlock when allowed). */
struct secret	*secret_new(void);
/*
 * When a secret could not be locked in memory (RLIMIT_MEMLOCK), the errno
 * of that failure, once (then 0): the caller tells the user, once.
 */
int		 secure_lock_failed(void);
/* Wipe and free; NULL is fine. */
void		 secret_free(struct secret *);
/* The secret as a NUL-terminated string, borrowed until the next change. */
const char	*secret_str(const struct secret *);
size_t		 secret_len(const struct secret *);
/* Replace the contents with len bytes of s (wiping the old). */
int		 secret_set(struct secret *, const char *s, size_t len);

/*
 * Read the first line of fd N into s (CR/LF stripped, at most SECRET_MAX
 * bytes).  Returns 0, or -1 with *cause (the fd cannot be read, is empty).
 * The fd is read byte by byte so nothing past the line is consumed.
 */
int	 secure_read_fd(int fd, struct secret *s, char **cause);
/*
 * Ask on the controlling terminal (/dev/tty) with echo off, printing the
 * prompt (sanitized) first; the terminal's mode is restored even on ^C.
 * An empty answer is returned as an empty secret (callers ask again).
 * Returns 0, 1 when there is no terminal, -2 when interrupted (^C), -1 on
 * error (*cause set).
 */
int	 secure_read_tty(const char *prompt, struct secret *s, char **cause);
/* Parse an --*-fd argument: a non-negative integer; 0 or -1. */
int	 secure_parse_fd(const char *arg, int *fd);

/*
 * mkdir -p dir, the parts made 0700; the last part must be a folder of
 * ours that others cannot enter (made so when it is ours).  0, or -1 with
 * *cause.
 */
int	 secure_make_private_dir(const char *dir, char **cause);

#endif
