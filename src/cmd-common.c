/*
 * cmd-common — what the subcommands share: asking for the archive
 * password (fd or terminal, three tries, empty answers asked again) and
 * the options open and query share, the one table from the modules'
 * statuses to the exit statuses of the contract, quiet broken pipes, and
 * the progress line of long work.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listelec/archive.h"
#include "listelec/cmd.h"
#include "listelec/csv.h"
#include "listelec/filter.h"
#include "listelec/http.h"
#include "listelec/i18n.h"
#include "listelec/load.h"
#include "listelec/portal.h"
#include "listelec/secure.h"
#include "listelec/text.h"

#define PASSWORD_TRIES	3
#define FILTER_SHOW_BEFORE	30	/* bytes shown before a filter error */
#define FILTER_SHOW_AFTER	30	/* and after it */

/* Read a secret from its fd or the terminal; see cmd.h. */
int
cmd_read_secret(const struct cmd_secret *cs, struct secret *pw)
{
	char	*cause = NULL;
	int	 r;

	if (cs->fd >= 0) {
		if (secure_read_fd(cs->fd, pw, &cause) != 0) {
			msg_error("%s", cause);
			free(cause);
			return (-1);
		}
		if (secret_len(pw) == 0) {
			msg_error("%s", cs->empty_fd);
			return (-1);
		}
		return (0);
	}
	for (;;) {
		r = secure_read_tty(cs->prompt, pw, &cause);
		if (r == 1) {
			msg_error("%s", cs->no_tty);
			return (-1);
		}
		if (r == -2)
			return (-2);
		if (r < 0) {
			msg_error("%s", cause);
			free(cause);
			return (-1);
		}
		if (secret_len(pw) > 0)
			return (0);
		/* An empty password is never tried: ask again. */
		msg_note(_("The password is empty; type it, or press Ctrl-C "
		    "to give up."));
	}
}

void
cmd_note_unlocked(void)
{
	int	 e;

	if ((e = secure_lock_failed()) != 0)
		msg_note(_("note: a password could not be locked in memory "
		    "(%s), so it could reach the swap; raise the limit "
		    "(ulimit -l) to keep it out."), strerror(e));
}

/* load_options.ask_password for the line-mode commands. */
int
cmd_ask_password(void *arg, unsigned attempt, struct secret *pw)
{
	struct cmd_password	*cp = arg;
	struct cmd_secret	 cs;
	char			 empty[256];
	int			 r;

	if (cp->fd >= 0 && attempt > 1) {
		msg_error(_("wrong archive password (read from file "
		    "descriptor %d)"), cp->fd);
		return (-1);
	}
	if (attempt > PASSWORD_TRIES)
		return (-1);
	if (attempt > 1)
		msg_note(_("Wrong password. Try again (attempt %u of %d)."),
		    attempt, PASSWORD_TRIES);
	cs.fd = cp->fd;
	cs.prompt = _("Archive password (from the returning officer): ");
	cs.no_tty = _("the archive is encrypted and there is no terminal to "
	    "ask for its password: use --archive-password-fd N");
	snprintf(empty, sizeof empty, _("the archive password read from file "
	    "descriptor %d is empty"), cp->fd);
	cs.empty_fd = empty;
	if ((r = cmd_read_secret(&cs, pw)) == -2)
		cp->interrupted = 1;
	cmd_note_unlocked();
	if (r != 0)
		return (-1);
	cp->asked = 1;
	return (0);
}

/* Take one of the options open and query share. */
int
cmd_list_option(int c, const char *arg, struct load_options *lo, int *pwfd)
{
	switch (c) {
	case CMD_OPT_ENTRY:
		lo->entry = arg;
		return (1);
	case CMD_OPT_ENCODING:
		if (csv_parse_encoding(arg, &lo->csv.encoding) == 0)
			return (1);
		msg_error(_("--encoding takes auto, utf-8, cp1252 or latin1, "
		    "not '%s'"), arg);
		return (-1);
	case CMD_OPT_DELIMITER:
		if (csv_parse_delimiter(arg, &lo->csv.delimiter) == 0)
			return (1);
		msg_error(_("--delimiter takes auto, ',', ';', tab or '|', "
		    "not '%s'"), arg);
		return (-1);
	case CMD_OPT_PWFD:
		if (secure_parse_fd(arg, pwfd) == 0)
			return (1);
		msg_error(_("--archive-password-fd takes a file descriptor "
		    "number, not '%s'"), arg);
		return (-1);
	}
	return (0);
}

/*
 * Every module status that is not a plain runtime error, and its exit
 * status; a status missing here exits 1.
 */
static const struct {
	enum cmd_from	 from;
	int		 status;
	int		 exit;
} exit_table[] = {
	{ CMD_FROM_LOAD, LOAD_OK, EXIT_OK },
	{ CMD_FROM_LOAD, LOAD_ERR_IO, EXIT_RUNTIME },
	{ CMD_FROM_LOAD, LOAD_ERR_USAGE, EXIT_USAGE },
	{ CMD_FROM_LOAD, LOAD_ERR_ARCHIVE, EXIT_ARCHIVE },
	{ CMD_FROM_LOAD, LOAD_ERR_PASSWORD, EXIT_PASSWORD },
	{ CMD_FROM_LOAD, LOAD_ERR_DATA, EXIT_DATA },
	{ CMD_FROM_LOAD, LOAD_ERR_CANCELLED, EXIT_INTERRUPTED },

	{ CMD_FROM_ARCHIVE, ARCHIVE_OK, EXIT_OK },
	{ CMD_FROM_ARCHIVE, ARCHIVE_ERR_IO, EXIT_RUNTIME },
	{ CMD_FROM_ARCHIVE, ARCHIVE_ERR_FORMAT, EXIT_ARCHIVE },
	{ CMD_FROM_ARCHIVE, ARCHIVE_ERR_LIMIT, EXIT_ARCHIVE },
	{ CMD_FROM_ARCHIVE, ARCHIVE_ERR_PASSWORD, EXIT_PASSWORD },
	{ CMD_FROM_ARCHIVE, ARCHIVE_ERR_CANCELLED, EXIT_INTERRUPTED },

	{ CMD_FROM_PORTAL, PORTAL_OK, EXIT_OK },
	{ CMD_FROM_PORTAL, PORTAL_NET, EXIT_NETWORK },
	{ CMD_FROM_PORTAL, PORTAL_CHALLENGE, EXIT_PORTAL },
	{ CMD_FROM_PORTAL, PORTAL_REFUSED, EXIT_PORTAL },
	{ CMD_FROM_PORTAL, PORTAL_LOCKED, EXIT_PORTAL },
	{ CMD_FROM_PORTAL, PORTAL_CHANGE, EXIT_PORTAL },
	{ CMD_FROM_PORTAL, PORTAL_SESSION, EXIT_PORTAL },
	{ CMD_FROM_PORTAL, PORTAL_GONE, EXIT_PORTAL },
	{ CMD_FROM_PORTAL, PORTAL_UNEXPECTED, EXIT_PORTAL },
	{ CMD_FROM_PORTAL, PORTAL_KEEP, EXIT_KEEP },
	{ CMD_FROM_PORTAL, PORTAL_CANCELLED, EXIT_INTERRUPTED },

	{ CMD_FROM_HTTP, HTTP_OK, EXIT_OK },
	{ CMD_FROM_HTTP, HTTP_ERR_URL, EXIT_USAGE },
	{ CMD_FROM_HTTP, HTTP_ERR_DNS, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_CONNECT, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_TLS, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_TIMEOUT, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_DROPPED, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_NET, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_OFFSITE, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_LOOP, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_TOO_LARGE, EXIT_NETWORK },
	{ CMD_FROM_HTTP, HTTP_ERR_WRITE, EXIT_KEEP },
	{ CMD_FROM_HTTP, HTTP_ERR_ABORTED, EXIT_INTERRUPTED },
};

int
cmd_exit(enum cmd_from from, int status, int detail)
{
	size_t	 i;

	if (from == CMD_FROM_PORTAL && status == PORTAL_NET &&
	    detail != HTTP_OK)
		return (cmd_exit(CMD_FROM_HTTP, detail, 0));
	for (i = 0; i < sizeof exit_table / sizeof exit_table[0]; i++)
		if (exit_table[i].from == from &&
		    exit_table[i].status == status)
			return (exit_table[i].exit);
	return (EXIT_RUNTIME);
}

int
cmd_write_failed(int err, const char *message)
{
	if (err == EPIPE)
		return (EXIT_PIPE);
	msg_error("%s", message);
	return (EXIT_RUNTIME);
}

/* Seconds on the monotonic clock. */
static double
progress_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Start a progress line; see cmd.h. */
void
cmd_progress_init(struct cmd_progress *p, const char *what)
{
	memset(p, 0, sizeof *p);
	p->what = what;
	p->tty = isatty(STDERR_FILENO);
	p->start = p->last = progress_now();
}

/* Show how far the work is, past its first second, 5 times a second. */
void
cmd_progress_show(struct cmd_progress *p, uint64_t done, uint64_t total)
{
	double	 t;

	if (!p->tty)
		return;
	t = progress_now();
	if (t - p->start < 1.0 || (p->shown && t - p->last < 0.2))
		return;
	p->last = t;
	p->shown = 1;
	if (total > 0)
		fprintf(stderr, "\r%s: %3u %% ", p->what, (unsigned)(done >=
		    total ? 100 : done * 100 / total));
	else
		fprintf(stderr, "\r%s... ", p->what);
	fflush(stderr);
}

/* Wipe the line, if one was shown. */
void
cmd_progress_end(struct cmd_progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r%*s\r", 40, "");
	p->shown = 0;
}

/* The load's progress callback. */
void
cmd_progress_load(void *arg, uint64_t done, uint64_t total, size_t rows)
{
	(void)rows;
	cmd_progress_show(arg, done, total);
}

/* Print a filter error with a caret line under the faulty term; cmd.h. */
void
cmd_filter_error(const char *expr, const struct filter_error *err)
{
	size_t	pos, len, lead, w, i, n = strlen(expr), from, to;

	msg_error("%s", err->message);
	pos = err->pos <= n ? err->pos : n;
	len = err->len;
	if (pos + len > n)
		len = n - pos;
	/*
	 * The part of the expression around the error, at most a line of
	 * it (a filter of 64 KiB is never echoed whole), cut on characters.
	 */
	from = pos > FILTER_SHOW_BEFORE ? pos - FILTER_SHOW_BEFORE : 0;
	while (from > 0 && ((unsigned char)expr[from] & 0xc0) == 0x80)
		from--;
	if (len > FILTER_SHOW_AFTER)
		len = FILTER_SHOW_AFTER;
	to = pos + len + FILTER_SHOW_AFTER < n ? pos + len +
	    FILTER_SHOW_AFTER : n;
	while (to < n && ((unsigned char)expr[to] & 0xc0) == 0x80)
		to++;
	fputs(from > 0 ? "  ..." : "  ", stderr);
	msg_write(stderr, expr + from, to - from, 0);
	fputs(to < n ? "...\n  " : "\n  ", stderr);
	lead = (from > 0 ? 3 : 0) + text_width(expr + from, pos - from);
	w = len > 0 ? text_width(expr + pos, len) : 1;
	for (i = 0; i < lead; i++)
		fputc(' ', stderr);
	for (i = 0; i < w; i++)
		fputc('^', stderr);
	fputc('\n', stderr);
}
