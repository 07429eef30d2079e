/*
 * main — the command line: common options, the subcommand dispatch, help
 * and version.  Exit statuses are those of cmd.h (the DESIGN.md contract).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/cmd.h"
#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/ui.h"
#include "listelec/xmalloc.h"

static int	usage(FILE *, int);

/* Every command, in the order --help lists them. */
static const struct cmd_entry *const commands[] = {
	&cmd_open_entry,
	&cmd_query_entry,
	&cmd_diff_entry,
	&cmd_sheet_entry,
	&cmd_info_entry,
	&cmd_fetch_entry,
	&cmd_training_entry,
	&cmd_purge_entry,
	&cmd_audit_entry,
};
#define NCOMMANDS	(sizeof commands / sizeof commands[0])

#define HELP_INDENT	23	/* where the summaries start */
#define HELP_WIDTH	79

/* Columns of s, counting characters (the help is plain text). */
static size_t
help_width(const char *s, size_t len)
{
	size_t	 i, w = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return (w);
}

/* One command of the "Commands:" part: name and arguments, summary. */
static void
usage_command(FILE *f, const struct cmd_entry *e)
{
	const char	*sum = _(e->summary), *word, *end;
	char		*head;
	size_t		 col, w;

	head = *e->args != '\0' ? xasprintf("  %s %s", e->name, _(e->args)) :
	    xasprintf("  %s", e->name);
	msg_printf(f, "%s", head);
	col = help_width(head, strlen(head));
	free(head);
	if (col > HELP_INDENT - 1) {
		msg_printf(f, "\n");
		col = 0;
	}
	for (; col < HELP_INDENT - 1; col++)
		msg_printf(f, " ");
	for (word = sum; *word != '\0'; word = end) {
		while (*word == ' ')
			word++;
		if ((end = strchr(word, ' ')) == NULL)
			end = word + strlen(word);
		w = help_width(word, (size_t)(end - word));
		if (col > HELP_INDENT - 1 && col + 1 + w > HELP_WIDTH) {
			msg_printf(f, "\n%*s", HELP_INDENT - 1, "");
			col = HELP_INDENT - 1;
		}
		msg_printf(f, " %.*s", (int)(end - word), word);
		col += 1 + w;
	}
	msg_printf(f, "\n");
}

/* The general help, on f; returns status. */
static int
usage(FILE *f, int status)
{
	size_t	 i;

	msg_printf(f, "%s", _(
"Usage: listelec [OPTION]... [COMMAND [ARG]...]\n"
"Read Québec's lists of electors safely, from a terminal.\n"
"\n"
"With no command, the wizard signs in to the portal, confirms the\n"
"confidentiality notice, downloads the list you choose and opens it.\n"
"\n"
"Commands:\n"));
	for (i = 0; i < NCOMMANDS; i++)
		usage_command(f, commands[i]);
	msg_printf(f, "%s", _(
"\n"
"Common options:\n"
"  --portal URL         the portal (default: the real one;\n"
"                       environment LISTELEC_PORTAL)\n"
"  --ca-file FILE       trust this CA file for TLS\n"
"  --lang fr|en         language of messages (default: from LANG)\n"
"  --no-color           no colours (also when NO_COLOR is set)\n"
"  -h, --help           show this help (after a command: its help)\n"
"  --version            show the version\n"
"\n"
"Passwords are never taken from the command line or the environment: they\n"
"are asked on the terminal with echo off, or read from a file descriptor\n"
"(--password-fd N, --archive-password-fd N).\n"
"\n"
"Exit status: 0 success, 1 runtime error, 2 usage error, 3 portal refused,\n"
"4 network or TLS failure, 5 archive unreadable, 6 archive password missing\n"
"or wrong, 7 data not usable, 8 refused to lose data, 130 interrupted,\n"
"141 the reader of the output went away.\n"
"\n"
"See listelec(1) (man listelec; in French: man -L fr listelec).\n"));
	return (status);
}

/* Take the value of a common option from argv[*i] (--opt=V or --opt V). */
static int
take_value(int argc, char **argv, int *i, const char *name, const char **out)
{
	size_t	 n = strlen(name);
	char	*a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return (0);
	if (a[n] == '=') {
		*out = a + n + 1;
		return (1);
	}
	if (a[n] != '\0')
		return (0);
	if (*i + 1 >= argc) {
		msg_error(_("option %s needs a value"), name);
		return (-1);
	}
	*out = argv[++*i];
	return (1);
}

int
main(int argc, char **argv)
{
	struct cmd_common	 common;
	const char		*nc, *lang = NULL;
	char			**rest;
	int			 i, nrest = 0, r, status, portal_given = 0;
	size_t			 j;

	secure_harden();
	/*
	 * With TZ unset, glibc reads /etc/localtime again at every mktime,
	 * and libzip calls mktime for each entry's date: a large delivery
	 * spent more than a second there.  The same zone, read once.
	 */
	if (getenv("TZ") == NULL)
		(void)setenv("TZ", ":/etc/localtime", 0);
	atexit(ui_end);
	fatal_set_hook(ui_end);

	memset(&common, 0, sizeof common);
	common.portal = NULL;
	nc = getenv("NO_COLOR");
	common.no_color = nc != NULL && *nc != '\0';

	/* First pass: --lang, so that every later message is translated. */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--lang", 6) == 0) {
			if (argv[i][6] == '=')
				lang = argv[i] + 7;
			else if (argv[i][6] == '\0' && i + 1 < argc)
				lang = argv[i + 1];
		}
	}
	if (i18n_init(lang) != 0) {
		i18n_init(NULL);
		msg_init(!i18n_utf8());
		msg_error(_("--lang takes fr or en, not %s"), lang);
		return (EXIT_USAGE);
	}
	common.lang = lang;
	common.ascii = !i18n_utf8();
	msg_init(common.ascii);

	/* Take the common options out of argv, wherever they stand. */
	rest = xcalloc((size_t)argc + 1, sizeof *rest);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				rest[nrest++] = argv[i++];
			break;
		}
		if ((r = take_value(argc, argv, &i, "--lang", &lang)) != 0 ||
		    (r = take_value(argc, argv, &i, "--portal",
		    &common.portal)) != 0 ||
		    (r = take_value(argc, argv, &i, "--ca-file",
		    &common.ca_file)) != 0) {
			if (r < 0) {
				free(rest);
				return (EXIT_USAGE);
			}
			continue;
		}
		if (strcmp(argv[i], "--no-color") == 0 ||
		    strcmp(argv[i], "--no-colour") == 0) {
			common.no_color = 1;
			continue;
		}
		rest[nrest++] = argv[i];
	}
	portal_given = common.portal != NULL || common.ca_file != NULL;
	if (common.portal == NULL)
		common.portal = getenv("LISTELEC_PORTAL");

	if (nrest == 0) {
		status = cmd_wizard(0, rest, &common);
		free(rest);
		return (status);
	}
	if (strcmp(rest[0], "-h") == 0 || strcmp(rest[0], "--help") == 0) {
		free(rest);
		return (usage(stdout, EXIT_OK));
	}
	if (strcmp(rest[0], "--version") == 0 || strcmp(rest[0], "-V") == 0) {
		printf("listelec %s\n", PACKAGE_VERSION);
		free(rest);
		return (EXIT_OK);
	}
	for (j = 0; j < NCOMMANDS; j++) {
		if (strcmp(rest[0], commands[j]->name) != 0)
			continue;
		if (portal_given && (commands[j]->flags & CMD_PORTAL) == 0)
			msg_note(_("%s does not use the portal: --portal and "
			    "--ca-file are ignored."), commands[j]->name);
		status = commands[j]->exec(nrest, rest, &common);
		free(rest);
		return (status);
	}
	if (rest[0][0] == '-')
		msg_error(_("unknown option %s"), rest[0]);
	else
		msg_error(_("unknown command %s"), rest[0]);
	msg_note(_("Try 'listelec --help'."));
	free(rest);
	return (EXIT_USAGE);
}
