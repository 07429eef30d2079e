/*
 * cmd-audit — `listelec audit`: print the private audit log (downloads,
 * notices, opens, exports, purges), sanitized for the terminal.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/i18n.h"

/* Help for audit. */
static int
audit_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec audit\n"
"Show the private audit log: one line per download, notice, open, export\n"
"and purge, with paths, sizes and SHA-256 digests (never an elector's data\n"
"nor a password).\n"));
	return (status);
}

/* `listelec audit`. */
static int
cmd_audit(int argc, char **argv, const struct cmd_common *common)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char	*path, *line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;
	FILE	*f;
	int	 c;

	(void)common;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h')
			return (audit_usage(stdout, EXIT_OK));
		return (audit_usage(stderr, EXIT_USAGE));
	}
	if (optind != argc)
		return (audit_usage(stderr, EXIT_USAGE));
	if ((path = audit_path()) == NULL) {
		msg_error(_("no HOME: there is no audit log"));
		return (EXIT_RUNTIME);
	}
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT) {
			msg_note(_("The audit log %s is empty: nothing was "
			    "recorded yet."), path);
			free(path);
			return (EXIT_OK);
		}
		msg_error(_("cannot read %s: %s"), path, strerror(errno));
		free(path);
		return (EXIT_RUNTIME);
	}
	while ((n = getline(&line, &cap, f)) > 0)
		msg_write(stdout, line, (size_t)n, 1);
	free(line);
	fclose(f);
	free(path);
	return (EXIT_OK);
}

const struct cmd_entry cmd_audit_entry = {
	"audit", "",
	N_("show the private audit log"),
	0, cmd_audit
};
