/*
 * cmd-common — what the subcommands share: asking for the archive
 * password (fd or terminal, three tries, empty answers asked again) and
 * the mapping from load failures to exit statuses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "listelec/cmd.h"
#include "listelec/i18n.h"
#include "listelec/load.h"
#include "listelec/secure.h"

#define PASSWORD_TRIES	3

/* load_options.ask_password for the line-mode commands. */
int
cmd_ask_password(void *arg, unsigned attempt, struct secret *pw)
{
	struct cmd_password	*cp = arg;
	char			*cause = NULL;
	int			 r;

	if (cp->fd >= 0) {
		if (attempt > 1) {
			msg_error(_("wrong archive password (read from file "
			    "descriptor %d)"), cp->fd);
			return (-1);
		}
		if (secure_read_fd(cp->fd, pw, &cause) != 0) {
			msg_error("%s", cause);
			free(cause);
			return (-1);
		}
		if (secret_len(pw) == 0) {
			msg_error(_("the archive password read from file "
			    "descriptor %d is empty"), cp->fd);
			return (-1);
		}
		cp->asked = 1;
		return (0);
	}
	if (attempt > PASSWORD_TRIES)
		return (-1);
	if (attempt > 1)
		msg_note(_("Wrong password. Try again (attempt %u of %d)."),
		    attempt, PASSWORD_TRIES);
	for (;;) {
		r = secure_read_tty(_("Archive password (from the returning "
		    "officer): "), pw, &cause);
		if (r == 1) {
			msg_error(_("the archive is encrypted and there is no "
			    "terminal to ask for its password: use "
			    "--archive-password-fd N"));
			return (-1);
		}
		if (r == -2) {
			cp->interrupted = 1;
			return (-1);
		}
		if (r < 0) {
			msg_error("%s", cause);
			free(cause);
			return (-1);
		}
		if (secret_len(pw) > 0)
			break;
		/* An empty password is never tried: ask again. */
		msg_note(_("The password is empty; type it, or press Ctrl-C "
		    "to give up."));
	}
	cp->asked = 1;
	return (0);
}

/* Exit status for a load_status. */
int
cmd_load_exit(int status)
{
	switch (status) {
	case LOAD_OK:
		return (EXIT_OK);
	case LOAD_ERR_USAGE:
		return (EXIT_USAGE);
	case LOAD_ERR_ARCHIVE:
		return (EXIT_ARCHIVE);
	case LOAD_ERR_PASSWORD:
		return (EXIT_PASSWORD);
	case LOAD_ERR_DATA:
		return (EXIT_DATA);
	case LOAD_ERR_CANCELLED:
		return (EXIT_INTERRUPTED);
	case LOAD_ERR_IO:
	default:
		return (EXIT_RUNTIME);
	}
}
