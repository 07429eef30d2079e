/*
 * secure — process hardening and secret buffers.  A secret lives in one
 * page of locked memory (mlock, MADV_DONTDUMP where available), is read
 * from a file descriptor or from /dev/tty with echo off, and is wiped with
 * explicit_bzero before it is freed.  Nothing here ever reads the
 * environment or argv for a secret.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#ifdef HAVE_PRCTL
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/xmalloc.h"

struct secret {
	char	*buf;		/* SECRET_MAX + 1 bytes, locked when possible */
	size_t	 len;
	size_t	 size;		/* mapping size */
};

/* umask 077, no core dumps, not ptrace-able by the same user, no SIGPIPE. */
void
secure_harden(void)
{
	struct rlimit	rl = { 0, 0 };

	umask(077);
	setrlimit(RLIMIT_CORE, &rl);
#if defined(HAVE_PRCTL) && defined(PR_SET_DUMPABLE) && \
    !defined(LISTELEC_SANITIZERS)
	/* Sanitizer builds need to be dumpable for their reports. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	signal(SIGPIPE, SIG_IGN);
}

/* Zero n bytes at p; the compiler may not drop it. */
void
secure_wipe(void *p, size_t n)
{
	if (p == NULL || n == 0)
		return;
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(p, n);
#else
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
#endif
}

/* The errno of the first mlock that failed, until someone is told. */
static int	lock_errno;
static int	lock_told;	/* only the first failure */

int
secure_lock_failed(void)
{
	return (__atomic_exchange_n(&lock_errno, 0, __ATOMIC_ACQ_REL));
}

/* A new, empty secret in its own locked page. */
struct secret *
secret_new(void)
{
	struct secret	*s;
	long		 page;

	s = xcalloc(1, sizeof *s);
	page = sysconf(_SC_PAGESIZE);
	if (page <= 0)
		page = 4096;
	s->size = ((SECRET_MAX + 1 + (size_t)page - 1) / (size_t)page) *
	    (size_t)page;
	s->buf = mmap(NULL, s->size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->buf == MAP_FAILED)
		fatal("cannot map memory for a secret: %s", strerror(errno));
#ifdef HAVE_MLOCK
	/* Best effort (RLIMIT_MEMLOCK): a failure is told once. */
	if (mlock(s->buf, s->size) != 0 && !lock_told) {
		lock_told = 1;
		__atomic_store_n(&lock_errno, errno, __ATOMIC_RELEASE);
	}
#endif
#if defined(HAVE_MADVISE) && defined(MADV_DONTDUMP)
	(void)madvise(s->buf, s->size, MADV_DONTDUMP);
#endif
	s->buf[0] = '\0';
	return (s);
}

/* Wipe, unlock and free; NULL is fine. */
void
secret_free(struct secret *s)
{
	if (s == NULL)
		return;
	secure_wipe(s->buf, s->size);
#ifdef HAVE_MLOCK
	(void)munlock(s->buf, s->size);
#endif
	munmap(s->buf, s->size);
	free(s);
}

/* The secret as a string, borrowed. */
const char *
secret_str(const struct secret *s)
{
	return (s->buf);
}

/* Length in bytes. */
size_t
secret_len(const struct secret *s)
{
	return (s->len);
}

/* Replace the contents; -1 when longer than SECRET_MAX. */
int
secret_set(struct secret *s, const char *p, size_t len)
{
	secure_wipe(s->buf, s->size);
	s->len = 0;
	if (len > SECRET_MAX)
		return (-1);
	memcpy(s->buf, p, len);
	s->buf[len] = '\0';
	s->len = len;
	return (0);
}

/* Read one line from fd into s, byte by byte; strip CR/LF. */
static int
read_line(int fd, struct secret *s, int *interrupted, char **cause)
{
	char	c;
	ssize_t	n;
	int	too_long = 0;

	secure_wipe(s->buf, s->size);
	s->len = 0;
	for (;;) {
		n = read(fd, &c, 1);
		if (n < 0) {
			if (errno == EINTR) {
				if (interrupted != NULL) {
					*interrupted = 1;
					return (-1);
				}
				continue;
			}
			*cause = xasprintf(_("cannot read the password: %s"),
			    strerror(errno));
			return (-1);
		}
		if (n == 0 || c == '\n')
			break;
		if (s->len >= SECRET_MAX) {
			too_long = 1;
			continue;
		}
		s->buf[s->len++] = c;
	}
	c = 0;
	if (s->len > 0 && s->buf[s->len - 1] == '\r')
		s->len--;
	s->buf[s->len] = '\0';
	if (too_long) {
		secure_wipe(s->buf, s->size);
		s->len = 0;
		*cause = xasprintf(_("the password is longer than %d bytes"),
		    SECRET_MAX);
		return (-1);
	}
	return (0);
}

/* First line of fd into s. */
int
secure_read_fd(int fd, struct secret *s, char **cause)
{
	struct stat	sb;

	if (fstat(fd, &sb) != 0) {
		*cause = xasprintf(_("file descriptor %d is not open"), fd);
		return (-1);
	}
	if (read_line(fd, s, NULL, cause) != 0)
		return (-1);
	return (0);
}

static volatile sig_atomic_t	tty_interrupted;

/* SIGINT while the prompt is up: note it; read() returns EINTR. */
static void
tty_sigint(int sig)
{
	(void)sig;
	tty_interrupted = 1;
}

/* Ask on /dev/tty with echo off. */
int
secure_read_tty(const char *prompt, struct secret *s, char **cause)
{
	struct termios		 old, noecho;
	struct sigaction	 sa, oldint, oldterm;
	int			 fd, r, intr = 0;
	ssize_t			 w;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return (1);
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return (1);
	}
	noecho = old;
	noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	noecho.c_lflag |= ICANON | ISIG;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tty_sigint;	/* no SA_RESTART: read returns */
	sigemptyset(&sa.sa_mask);
	tty_interrupted = 0;
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);

	w = write(fd, prompt, strlen(prompt));
	(void)w;
	tcsetattr(fd, TCSAFLUSH, &noecho);
	r = read_line(fd, s, &intr, cause);
	tcsetattr(fd, TCSAFLUSH, &old);
	w = write(fd, "\n", 1);
	(void)w;
	close(fd);

	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	if (intr || tty_interrupted) {
		secure_wipe(s->buf, s->size);
		s->len = 0;
		return (-2);
	}
	return (r);
}

/* A file descriptor number from an option's argument. */
int
secure_parse_fd(const char *arg, int *fd)
{
	char	*end;
	long	 v;

	if (arg == NULL || *arg == '\0')
		return (-1);
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > INT_MAX)
		return (-1);
	*fd = (int)v;
	return (0);
}

/* mkdir -p with mode 0700 for the parts we create; refuse others' folders. */
int
secure_make_private_dir(const char *dir, char **cause)
{
	char		*p, *s;
	struct stat	 sb;

	p = xstrdup(dir);
	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				*cause = xasprintf(_("cannot create %s: %s"), p,
				    strerror(errno));
				free(p);
				return (-1);
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	if (lstat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		*cause = xasprintf(_("%s is not a folder"), p);
		free(p);
		return (-1);
	}
	if (sb.st_uid != geteuid() || (sb.st_mode & 077) != 0) {
		if (sb.st_uid == geteuid() && chmod(p, 0700) == 0) {
			free(p);
			return (0);
		}
		*cause = xasprintf(_("%s is not private to you"), p);
		free(p);
		return (-1);
	}
	free(p);
	return (0);
}
