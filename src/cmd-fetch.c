/*
 * cmd-fetch — `listelec fetch`: the portal walk in line mode, for scripts
 * and screen readers.  On a terminal it asks what is missing (the user
 * code, the password with echo off, the list by number, the notice with an
 * explicit yes, a new password when the portal asks for one); without one
 * it fails clearly instead.  stdout is the saved path and nothing else;
 * progress goes to stderr when stderr is a terminal.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/download.h"
#include "listelec/i18n.h"
#include "listelec/portal.h"
#include "listelec/secure.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define DEFAULT_PORTAL	"https://www.pes.electionsquebec.qc.ca/"
#define LINE_MAX_BYTES	512
#define PASSWORD_TRIES	3

struct fetch_args {
	const char	*user;
	int		 password_fd;
	const char	*list;
	int		 list_only;
	int		 accept_notice;
	const char	*dir;
};

static volatile sig_atomic_t interrupted;

static int
fetch_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec fetch [OPTION]...\n"
"Sign in to the portal, accept the confidentiality notice and download a\n"
"list, in line mode (no full-screen interface): for scripts and screen\n"
"readers.  On success the saved file's path is printed on stdout.\n"
"\n"
"  --user CODE          the portal user code (asked when missing)\n"
"  --password-fd N      read the portal password from file descriptor N\n"
"                       (else asked on the terminal with echo off)\n"
"  --list TEXT          the list whose title holds TEXT (accents and case\n"
"                       ignored); else the lists are printed and, on a\n"
"                       terminal, you choose one by number\n"
"  --list-only          print the available lists, one per line, and stop\n"
"  --accept-notice      confirm the confidentiality notice (required\n"
"                       without a terminal; recorded in the audit log)\n"
"  -o DIR               save in DIR (default: $XDG_DOWNLOAD_DIR, else\n"
"                       ~/Téléchargements, ~/Downloads, ~/listelec)\n"
"  -h, --help           show this help\n"
"\n"
"Each list can be downloaded only once: the file is written to a private\n"
"temporary file, checked, then saved without overwriting anything; a cut\n"
"download is resumed, or kept as NAME.partial (exit status 8).\n"));
	return (status);
}

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* A line from the terminal, with echo; 0, 1 no terminal, -1 error/EOF. */
static int
ask_line(const char *prompt, char *buf, size_t size)
{
	FILE	*tty;
	size_t	 n;

	if ((tty = fopen("/dev/tty", "r+")) == NULL)
		return (1);
	msg_write(tty, prompt, strlen(prompt), 0);
	fflush(tty);
	if (fgets(buf, (int)size, tty) == NULL) {
		fclose(tty);
		return (-1);
	}
	fclose(tty);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return (0);
}

/* Nonzero when there is a terminal to ask on. */
static int
have_tty(void)
{
	FILE	*tty = fopen("/dev/tty", "r");

	if (tty == NULL)
		return (0);
	fclose(tty);
	return (1);
}

/* Say why the walk stopped; returns the exit status. */
static int
fail(struct portal *p, enum portal_status st, char *cause)
{
	msg_error("%s", cause != NULL ? cause : _("the portal walk failed"));
	free(cause);
	if (st == PORTAL_LOCKED)
		msg_note(_("Use the portal's \"forgotten password\" form to "
		    "unlock the account: sign in with `listelec` and choose "
		    "Forgot your password?"));
	return (cmd_exit(CMD_FROM_PORTAL, st, portal_http_status(p)));
}

struct progress {
	struct timespec	 t0;
	double		 last;
	int		 shown;
};

static double
elapsed(const struct timespec *t0)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return ((double)(now.tv_sec - t0->tv_sec) +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e9);
}

/* Bytes, rate and time left on stderr (a terminal), a few times a
   second. */
static int
show_progress(void *arg, int64_t now, int64_t total)
{
	struct progress	*pr = arg;
	double		 t = elapsed(&pr->t0), rate;
	char		 a[32], b[32], r[32], left[32] = "";

	if (interrupted)
		return (1);
	if (t - pr->last < 0.25 && (total < 0 || now < total))
		return (0);
	pr->last = t;
	rate = t > 0 ? (double)now / t : 0;
	text_human_bytes(a, sizeof a, now);
	text_human_bytes(r, sizeof r, (int64_t)rate);
	if (total > 0) {
		text_human_bytes(b, sizeof b, total);
		if (rate > 0 && now < total)
			snprintf(left, sizeof left, _(", %.0f s left"),
			    (double)(total - now) / rate);
		fputc('\r', stderr);
		fprintf(stderr, _("%s of %s (%.0f%%), %s/s%s   "), a, b,
		    100.0 * (double)now / (double)total, r, left);
	} else {
		fputc('\r', stderr);
		fprintf(stderr, _("%s, %s/s   "), a, r);
	}
	pr->shown = 1;
	return (0);
}

/* Ask the user code on the terminal when missing. */
static int
get_user(struct fetch_args *a, char *buf, size_t size)
{
	int	 r;

	if (a->user != NULL)
		return (0);
	r = ask_line(_("User code: "), buf, size);
	if (r == 1) {
		msg_error(_("no user code: use --user CODE"));
		return (-1);
	}
	if (r < 0 || *buf == '\0') {
		msg_error(_("no user code given"));
		return (-1);
	}
	a->user = buf;
	return (0);
}

/* The password: from the fd, or asked on the terminal. */
static int
get_password(const struct fetch_args *a, unsigned attempt, struct secret *pw)
{
	struct cmd_secret	 cs;
	char			 empty[256];
	int			 r;

	if (a->password_fd >= 0 && attempt > 1)
		return (-1);
	cs.fd = a->password_fd;
	cs.prompt = _("Portal password: ");
	cs.no_tty = _("no terminal to ask for the portal password: use "
	    "--password-fd N");
	snprintf(empty, sizeof empty, _("the password read from file "
	    "descriptor %d is empty"), a->password_fd);
	cs.empty_fd = empty;
	if ((r = cmd_read_secret(&cs, pw)) == -2)
		interrupted = 1;
	cmd_note_unlocked();
	return (r == 0 ? 0 : -1);
}

/* The forced change, on a terminal only. */
static enum portal_status
change_password(struct portal *p, char **cause)
{
	struct secret	*pw = secret_new(), *again = secret_new();
	char		 line[LINE_MAX_BYTES], *end;
	enum portal_status st = PORTAL_CHANGE;
	unsigned long	 q;
	size_t		 i;
	int		 tries;

	if (!have_tty()) {
		*cause = xstrdup(_("the portal asks for a new password "
		    "(first sign-in with a temporary password): sign in once "
		    "with `listelec` on a terminal to choose it"));
		goto out;
	}
	msg_note(_("The portal asks you to choose a new password."));
	if (*portal_change_rules(p) != '\0')
		msg_note("%s", portal_change_rules(p));
	for (tries = 0; tries < PASSWORD_TRIES; tries++) {
		if (secure_read_tty(_("New password: "), pw, cause) != 0 ||
		    secure_read_tty(_("New password again: "), again, cause) !=
		    0) {
			if (*cause == NULL)
				*cause = xstrdup(_("no new password given"));
			goto out;
		}
		if (secret_len(pw) > 0 && strcmp(secret_str(pw),
		    secret_str(again)) == 0)
			break;
		msg_note(_("The two passwords differ (or are empty); type "
		    "them again."));
	}
	if (tries == PASSWORD_TRIES) {
		*cause = xstrdup(_("the new password was not confirmed"));
		goto out;
	}
	for (i = 0; i < portal_nquestions(p); i++)
		msg_printf(stderr, "%3zu  %s\n", i + 1, portal_question(p, i));
	for (;;) {
		if (ask_line(_("Secret question (number): "), line,
		    sizeof line) != 0) {
			*cause = xstrdup(_("no secret question chosen"));
			goto out;
		}
		q = strtoul(line, &end, 10);
		if (*end == '\0' && q >= 1 && q <= portal_nquestions(p))
			break;
		msg_note(_("Type a number from 1 to %zu."),
		    portal_nquestions(p));
	}
	if (ask_line(_("Answer: "), line, sizeof line) != 0 || *line == '\0') {
		*cause = xstrdup(_("no answer given"));
		goto out;
	}
	st = portal_change(p, pw, q - 1, line, cause);
	secure_wipe(line, sizeof line);
out:
	secret_free(pw);
	secret_free(again);
	return (st);
}

/* Sign in (asking again on a terminal after a refusal). */
static enum portal_status
sign_in(struct portal *p, struct fetch_args *a, char **cause)
{
	struct secret		*pw = secret_new();
	enum portal_status	 st = PORTAL_REFUSED;
	unsigned		 attempt;

	for (attempt = 1;; attempt++) {
		if (get_password(a, attempt, pw) != 0) {
			st = interrupted ? PORTAL_CANCELLED : PORTAL_REFUSED;
			if (*cause == NULL)
				*cause = xstrdup(attempt > 1 ?
				    _("signing in failed") :
				    _("no portal password"));
			break;
		}
		free(*cause);
		*cause = NULL;
		st = portal_signin(p, a->user, pw, 0, cause);
		if (st != PORTAL_REFUSED || a->password_fd >= 0 ||
		    attempt >= PASSWORD_TRIES)
			break;
		msg_error("%s", *cause);
		msg_note(_("Try again (attempt %u of %d)."), attempt + 1,
		    PASSWORD_TRIES);
	}
	secret_free(pw);
	if (st == PORTAL_CHANGE) {
		free(*cause);
		*cause = NULL;
		st = change_password(p, cause);
	}
	return (st);
}

/* Show the notice and get an explicit yes. */
static enum portal_status
notice(struct portal *p, const struct fetch_args *a, char **cause)
{
	char		 line[32];
	const char	*how = "terminal";
	char		*box;
	enum portal_status st;
	int		 r;

	if (portal_where(p) == PORTAL_PAGE_LISTS)
		return (PORTAL_OK);
	if (!a->accept_notice) {
		if (!have_tty()) {
			*cause = xstrdup(_("the portal's confidentiality "
			    "notice must be confirmed: add --accept-notice (it "
			    "is recorded in the audit log)"));
			return (PORTAL_REFUSED);
		}
		msg_write(stderr, portal_notice_text(p),
		    strlen(portal_notice_text(p)), 1);
		msg_printf(stderr, "\n[ ] %s\n", portal_notice_checkbox(p));
		r = ask_line(_("Type yes to confirm: "), line, sizeof line);
		if (r != 0 || (strcasecmp(line, _("yes")) != 0 &&
		    strcasecmp(line, "yes") != 0 &&
		    strcasecmp(line, "oui") != 0)) {
			*cause = xstrdup(_("the notice was not confirmed: "
			    "nothing was downloaded"));
			return (PORTAL_REFUSED);
		}
	} else
		how = "--accept-notice";
	box = xstrdup(portal_notice_checkbox(p));
	st = portal_accept_notice(p, cause);
	if (st == PORTAL_OK) {
		const char *f[] = { "text", box, "by", how, NULL };
		char *why = NULL;

		if (audit_record("notice", f, &why) != 0) {
			msg_error("%s", why);
			free(why);
		}
	}
	free(box);
	return (st);
}

/* Print the lists, numbered (stderr), or one per line (stdout). */
static void
print_items(struct portal *p, FILE *f, int numbered)
{
	size_t	 i;

	for (i = 0; i < portal_nitems(p); i++) {
		if (numbered)
			msg_printf(f, "%3zu  %s\n", i + 1,
			    portal_item(p, i)->title);
		else
			msg_printf(f, "%s\n", portal_item(p, i)->title);
	}
}

/* The item to download: --list, else chosen by number on a terminal. */
static long
choose(struct portal *p, const struct fetch_args *a)
{
	char		 line[32], *end;
	unsigned long	 n;
	long		 i;

	if (portal_nitems(p) == 0) {
		msg_error(_("the portal offers no list"));
		return (-1);
	}
	if (a->list != NULL) {
		i = portal_find_item(p, a->list);
		if (i >= 0)
			return (i);
		msg_error(i == -2 ? _("several lists match \"%s\"; be more "
		    "precise:") : _("no list matches \"%s\"; the lists "
		    "are:"), a->list);
		print_items(p, stderr, 0);
		return (i == -2 ? -2 : -3);
	}
	if (!have_tty()) {
		msg_error(_("choose a list with --list TEXT; the lists are:"));
		print_items(p, stderr, 0);
		return (-2);
	}
	print_items(p, stderr, 1);
	for (;;) {
		if (ask_line(_("List to download (number): "), line,
		    sizeof line) != 0)
			return (-1);
		n = strtoul(line, &end, 10);
		if (*end == '\0' && n >= 1 && n <= portal_nitems(p))
			return ((long)n - 1);
		msg_note(_("Type a number from 1 to %zu."), portal_nitems(p));
	}
}

/* Parse the options; 0, 1 (help shown) or -1 (usage error). */
static int
fetch_options(int argc, char **argv, struct fetch_args *a)
{
	static const struct option longopts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "password-fd", required_argument, NULL, 'p' },
		{ "list", required_argument, NULL, 'l' },
		{ "list-only", no_argument, NULL, 'L' },
		{ "accept-notice", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	memset(a, 0, sizeof *a);
	a->password_fd = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			a->user = optarg;
			break;
		case 'p':
			if (secure_parse_fd(optarg, &a->password_fd) != 0) {
				msg_error(_("--password-fd takes a file "
				    "descriptor number, not %s"), optarg);
				return (-1);
			}
			break;
		case 'l':
			a->list = optarg;
			break;
		case 'L':
			a->list_only = 1;
			break;
		case 'a':
			a->accept_notice = 1;
			break;
		case 'o':
			a->dir = optarg;
			break;
		case 'h':
			fetch_usage(stdout, EXIT_OK);
			return (1);
		default:
			msg_error(_("fetch: unknown option %s"),
			    argv[optind - 1]);
			msg_note(_("Try 'listelec fetch --help'."));
			return (-1);
		}
	}
	if (optind < argc) {
		msg_error(_("fetch takes no file name: %s"), argv[optind]);
		return (-1);
	}
	return (0);
}

/* listelec fetch. */
static int
cmd_fetch(int argc, char **argv, const struct cmd_common *common)
{
	struct fetch_args	 a;
	struct http_options	 ho;
	struct portal		*p;
	struct portal_saved	 saved;
	struct progress		 pr;
	struct sigaction	 sa, oldint, oldterm;
	enum portal_status	 st;
	char			 user[LINE_MAX_BYTES], *cause = NULL;
	char			*dir = NULL, *note = NULL;
	const char		*url;
	long			 i;
	int			 r, status;

	if ((r = fetch_options(argc, argv, &a)) != 0)
		return (r > 0 ? EXIT_OK : EXIT_USAGE);
	url = common->portal != NULL ? common->portal : DEFAULT_PORTAL;
	memset(&ho, 0, sizeof ho);
	ho.ca_file = common->ca_file;
	ho.retries = 2;
	if ((p = portal_new(url, &ho, &cause)) == NULL) {
		msg_error("%s", cause);
		free(cause);
		return (EXIT_USAGE);
	}
	if (!a.list_only) {
		if ((dir = download_folder(a.dir, &note, &cause)) == NULL) {
			msg_error("%s", cause);
			free(cause);
			portal_free(p);
			return (EXIT_KEEP);
		}
		if (note != NULL)
			msg_note("%s", note);
		free(note);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);

	st = portal_start(p, &cause);
	if (st == PORTAL_OK && get_user(&a, user, sizeof user) != 0) {
		status = EXIT_USAGE;
		goto out;
	}
	if (st == PORTAL_OK)
		st = sign_in(p, &a, &cause);
	if (st == PORTAL_OK)
		st = portal_open_lists(p, &cause);
	if (st == PORTAL_OK && a.list_only && portal_where(p) ==
	    PORTAL_PAGE_NOTICE && !a.accept_notice && !have_tty()) {
		cause = xstrdup(_("the lists are behind the confidentiality "
		    "notice: add --accept-notice to list them"));
		st = PORTAL_REFUSED;
	}
	if (st == PORTAL_OK)
		st = notice(p, &a, &cause);
	if (st != PORTAL_OK) {
		status = fail(p, st, cause);
		goto out;
	}
	if (a.list_only) {
		print_items(p, stdout, 0);
		status = EXIT_OK;
		goto out;
	}
	if ((i = choose(p, &a)) < 0) {
		status = i == -1 ? EXIT_RUNTIME : i == -2 ? EXIT_USAGE :
		    EXIT_PORTAL;
		goto out;
	}
	msg_note(_("Downloading %s (it can be downloaded only once)…"),
	    portal_item(p, (size_t)i)->title);
	memset(&pr, 0, sizeof pr);
	clock_gettime(CLOCK_MONOTONIC, &pr.t0);
	pr.last = -1;
	st = portal_download(p, (size_t)i, dir,
	    isatty(STDERR_FILENO) ? show_progress : NULL, &pr, &saved, &cause);
	if (pr.shown)
		fputs("\n", stderr);
	if (st == PORTAL_OK) {
		msg_printf(stdout, "%s\n", saved.path);
		if (fflush(stdout) != 0)
			status = EXIT_RUNTIME;
		else
			status = EXIT_OK;
	} else {
		if (interrupted && st != PORTAL_OK)
			st = PORTAL_CANCELLED;
		status = fail(p, st, cause);
		if (saved.path != NULL)
			msg_note(_("What was received is kept in %s; the "
			    "portal may refuse a second download: keep this "
			    "file."), saved.path);
	}
	portal_saved_clear(&saved);
out:
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	if (interrupted && status != EXIT_OK)
		status = EXIT_INTERRUPTED;
	free(dir);
	portal_free(p);
	return (status);
}

const struct cmd_entry cmd_fetch_entry = {
	"fetch", N_("[OPTION]..."),
	N_("sign in, confirm the notice and download a list, in line mode "
	    "(scripts, screen readers)"),
	CMD_PORTAL, cmd_fetch
};
