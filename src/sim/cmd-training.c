/*
 * cmd-training — `listelec training`: the simulated portal, in-process, on
 * a free loopback port, with fictitious electors.  It prints the practice
 * user code, password and archive password first, then the portal's URL,
 * and serves until q (or end of input) on stdin, or SIGINT/SIGTERM.  The
 * simulated e-mails (the temporary password of the forgotten-password
 * form) are printed as they are sent.
 */
#include "config.h"

#include <sys/signalfd.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listelec/cmd.h"
#include "listelec/i18n.h"
#include "listelec/sim.h"
#include "listelec/wizard.h"
#include "listelec/xmalloc.h"

static int	training_usage(FILE *, int);
static void	training_mail(void *, const char *);
static int	training_wait(void);

/* The help of the subcommand. */
static int
training_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec training [OPTION]...\n"
"Practise against a simulated portal with fictitious electors, on this\n"
"computer only.  The practice user code, password and archive password\n"
"are shown first.\n"
"\n"
"  --electors N         electors of the first list (10 to 6500000; default\n"
"                       2000); the two later lists are the same riding\n"
"                       revised\n"
"  --seed N             seed of the fictitious electors (default 1)\n"
"  --encryption KIND    zipcrypto (default) or aes256\n"
"  --marks              the revised lists carry a Modification column\n"
"  --changes-only       the revised lists hold only the changes\n"
"  --serve              only serve the practice portal (print its address;\n"
"                       the default without a terminal)\n"
"  -h, --help           show this help\n"
"\n"
"On a terminal, the wizard walks you through the practice portal: sign-in,\n"
"notice, list, download, then the table of electors.  With --serve, stop\n"
"with q and Enter, or Ctrl-C.\n"));
	return (status);
}

/* A simulated e-mail: shown to the trainee. */
static void
training_mail(void *arg, const char *text)
{
	(void)arg;
	msg_printf(stdout, "\n%s\n%s\n%s\n", _("--- simulated e-mail ---"),
	    text, "---");
	fflush(stdout);
}

/* Wait for q or end of input on stdin, or SIGINT/SIGTERM (blocked by the
   caller); returns the exit status. */
static int
training_wait(void)
{
	struct pollfd	 pfd[2];
	sigset_t	 set;
	char		 buf[256];
	ssize_t		 n, i;
	int		 sfd, status = EXIT_OK, stdin_open = 1;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0) {
		msg_error("signalfd: %s", strerror(errno));
		return (EXIT_RUNTIME);
	}
	for (;;) {
		pfd[0].fd = sfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = stdin_open ? STDIN_FILENO : -1;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			status = EXIT_RUNTIME;
			break;
		}
		if (pfd[0].revents & POLLIN) {
			status = EXIT_INTERRUPTED;
			break;
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(STDIN_FILENO, buf, sizeof buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;			/* end of input */
			for (i = 0; i < n; i++)
				if (buf[i] == 'q' || buf[i] == 'Q')
					break;
			if (i < n)
				break;
		}
		if (pfd[1].revents & POLLNVAL)
			stdin_open = 0;
	}
	close(sfd);
	return (status);
}

/* listelec training. */
static int
cmd_training(int argc, char **argv, const struct cmd_common *common)
{
	static const struct option longopts[] = {
		SIM_OPTIONS,
		{ "serve", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sim_options	 o;
	struct sim		*s;
	sigset_t		 set, old;
	char			*cause = NULL;
	int			 c, r, status, serve = 0;

	sim_options_init(&o);
	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		if ((r = sim_option(&o, c, optarg, &cause)) != 0) {
			if (r > 0)
				continue;
			msg_error("%s", cause);
			free(cause);
			return (EXIT_USAGE);
		}
		switch (c) {
		case 'S':
			serve = 1;
			break;
		case 'h':
			return (training_usage(stdout, EXIT_OK));
		default:
			return (training_usage(stderr, EXIT_USAGE));
		}
	}
	if (optind != argc)
		return (training_usage(stderr, EXIT_USAGE));
	o.quiet = 1;
	if (!serve && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		serve = 1;
	o.mail = serve ? training_mail : wizard_mail;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	if (sim_start(&o, &s, &cause) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		msg_error("%s", cause);
		free(cause);
		return (EXIT_RUNTIME);
	}
	if (!serve) {
		struct wizard_training	 tr;
		struct wizard_options	 wo;

		/* The simulator's threads keep the signals blocked; the
		   wizard takes them. */
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		memset(&tr, 0, sizeof tr);
		tr.user = sim_user(s);
		tr.password = sim_password(s);
		tr.archive_password = sim_archive_password(s);
		tr.email = sim_email(s);
		memset(&wo, 0, sizeof wo);
		wo.url = sim_url(s);
		wo.training = &tr;
		status = wizard_run(&wo, common);
		sim_stop(s);
		return (status);
	}
	msg_printf(stdout, "%s\n", _("Practice portal with fictitious "
	    "electors (training)"));
	msg_printf(stdout, _("  user code:        %s\n"), sim_user(s));
	msg_printf(stdout, _("  password:         %s\n"), sim_password(s));
	msg_printf(stdout, _("  archive password: %s\n"),
	    sim_archive_password(s));
	msg_printf(stdout, _("  e-mail (for \"Forgot your password?\"): %s\n"),
	    sim_email(s));
	msg_printf(stdout, _("Portal: %s\n"), sim_url(s));
	msg_printf(stdout, "%s\n", _("Sign in with `listelec --portal URL` or "
	    "`listelec fetch --portal URL` on this computer; the downloaded "
	    "zip opens with listelec open."));
	msg_printf(stdout, "%s\n", _("Stop with q and Enter, or Ctrl-C."));
	fflush(stdout);

	status = training_wait();
	sim_stop(s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return (status);
}

const struct cmd_entry cmd_training_entry = {
	"training", N_("[OPTION]..."),
	N_("practise the whole walk against a simulated portal with "
	    "fictitious electors"),
	0, cmd_training
};
