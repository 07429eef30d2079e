/*
 * listelec-sim — the simulated Élections Québec portal, alone, on
 * loopback.  Prints "listening on URL" first, then the practice secrets,
 * logs each request on stderr (never a secret), prints the simulated
 * e-mails on stdout, and stops cleanly on SIGINT or SIGTERM.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/cmd.h"
#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/sim.h"
#include "listelec/xmalloc.h"

static int	usage(FILE *, int);
static void	on_log(void *, const char *);
static void	on_mail(void *, const char *);

/* The help; returns status. */
static int
usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec-sim [OPTION]...\n"
"Serve a simulated Élections Québec portal with fictitious electors, on\n"
"loopback only, until SIGINT or SIGTERM.\n"
"\n"
"  --listen ADDR:PORT       address (loopback only; default 127.0.0.1:0,\n"
"                           port 0 picks a free port)\n"
"  --tls-cert FILE          certificate (PEM): serve https\n"
"  --tls-key FILE           private key (PEM)\n"
"  --user CODE              practice user code\n"
"  --password PW            practice portal password\n"
"  --archive-password PW    practice archive password\n"
"  --email ADDR             the account's e-mail (forgotten password)\n"
"  --electors N             electors of the first list (10 to 6500000;\n"
"                           default 2000); the two later lists are the\n"
"                           same riding revised\n"
"  --seed N                 seed of the fictitious electors (default 1)\n"
"  --encryption KIND        zipcrypto (default) or aes256\n"
"  --marks                  the revised lists carry a Modification column\n"
"  --changes-only           the revised lists hold only the changes\n"
"  --fault NAME[=ARG]       lockout=N, expire-after=N, force-change,\n"
"                           already-downloaded, drop-after=BYTES,\n"
"                           no-range, html-instead, slow=BYTES_PER_S,\n"
"                           server-error[=N], challenge, redirect-loop,\n"
"                           foreign-form, hostile-name, huge-page,\n"
"                           deep-page (repeatable)\n"
"  --quiet                  no request log\n"
"  -h, --help               show this help\n"
"  --version                show the version\n"
"\n"
"The first line on stdout is \"listening on URL\".  The secrets given\n"
"here are practice secrets for the simulator only.\n"));
	return (status);
}

/* The request log: one sanitized line on stderr. */
static void
on_log(void *arg, const char *line)
{
	(void)arg;
	msg_printf(stderr, "listelec-sim: %s\n", line);
	fflush(stderr);
}

/* A simulated e-mail, on stdout. */
static void
on_mail(void *arg, const char *text)
{
	(void)arg;
	msg_printf(stdout, "%s\n%s\n%s\n", _("--- simulated e-mail ---"),
	    text, "---");
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "user", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'p' },
		{ "archive-password", required_argument, NULL, 'a' },
		{ "email", required_argument, NULL, 'm' },
		SIM_OPTIONS,
		{ "fault", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct sim_options	 o;
	struct sim		*s;
	sigset_t		 set;
	char			*cause = NULL;
	size_t			 i;
	int			 c, r, sig;

	secure_harden();
	i18n_init(NULL);
	msg_init(!i18n_utf8());
	sim_options_init(&o);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((r = sim_option(&o, c, optarg, &cause)) != 0) {
			if (r > 0)
				continue;
			msg_error("%s", cause);
			free(cause);
			return (EXIT_USAGE);
		}
		switch (c) {
		case 'l':
			if (sim_listen_check(optarg, &cause) != 0) {
				msg_error("%s", cause);
				free(cause);
				return (EXIT_USAGE);
			}
			o.listen = optarg;
			break;
		case 'c':
			o.tls_cert = optarg;
			break;
		case 'k':
			o.tls_key = optarg;
			break;
		case 'u':
			o.user = optarg;
			break;
		case 'p':
			o.password = optarg;
			break;
		case 'a':
			o.archive_password = optarg;
			break;
		case 'm':
			o.email = optarg;
			break;
		case 'f':
			if (sim_fault_check(optarg, &cause) != 0) {
				msg_error("%s", cause);
				free(cause);
				return (EXIT_USAGE);
			}
			if (o.nfaults == SIM_MAX_FAULTS) {
				msg_error(_("too many --fault options"));
				return (EXIT_USAGE);
			}
			o.faults[o.nfaults++] = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			return (usage(stdout, EXIT_OK));
		case 'V':
			msg_printf(stdout, "listelec-sim %s\n",
			    PACKAGE_VERSION);
			return (EXIT_OK);
		default:
			return (usage(stderr, EXIT_USAGE));
		}
	}
	if (optind != argc)
		return (usage(stderr, EXIT_USAGE));
	if ((o.tls_cert == NULL) != (o.tls_key == NULL)) {
		msg_error(_("--tls-cert and --tls-key go together"));
		return (EXIT_USAGE);
	}
	o.log = on_log;
	o.mail = on_mail;

	/* The server's threads inherit the blocked signals; we wait. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	if (sim_start(&o, &s, &cause) != 0) {
		msg_error("%s", cause);
		free(cause);
		return (EXIT_RUNTIME);
	}
	msg_printf(stdout, "listening on %s\n", sim_url(s));
	msg_printf(stdout, _("user code: %s\n"), sim_user(s));
	msg_printf(stdout, _("password: %s\n"), sim_password(s));
	msg_printf(stdout, _("archive password: %s\n"),
	    sim_archive_password(s));
	msg_printf(stdout, _("e-mail: %s\n"), sim_email(s));
	msg_printf(stdout, _("electors: %zu, seed: %llu, encryption: %s\n"),
	    o.electors, (unsigned long long)o.seed, o.aes ? "aes256" :
	    "zipcrypto");
	for (i = 0; i < o.nfaults; i++)
		msg_printf(stdout, _("fault: %s\n"), o.faults[i]);
	fflush(stdout);

	while (sigwait(&set, &sig) != 0)
		;
	if (!o.quiet) {
		msg_printf(stderr, _("listelec-sim: stopping (signal %d)\n"),
		    sig);
		fflush(stderr);
	}
	sim_stop(s);
	return (EXIT_OK);
}
