/*
 * cmd — the subcommands and what they share: exit statuses, the common
 * options, and messages to the user (always through the terminal
 * sanitizer).  main.c parses the common options and dispatches; each
 * cmd-*.c parses its own.  Only the cmd_* functions map failures to exit
 * statuses.
 */
#ifndef LISTELEC_CMD_H
#define LISTELEC_CMD_H

#include <stdio.h>

/* Exit statuses: the contract of DESIGN.md. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_PORTAL = 3,
	EXIT_NETWORK = 4,
	EXIT_ARCHIVE = 5,
	EXIT_PASSWORD = 6,
	EXIT_DATA = 7,
	EXIT_KEEP = 8,
	EXIT_INTERRUPTED = 130,
};

/* Options every subcommand takes. */
struct cmd_common {
	const char	*portal;	/* --portal or LISTELEC_PORTAL */
	const char	*ca_file;	/* --ca-file */
	const char	*lang;		/* --lang fr|en, NULL = from LANG */
	int		 no_color;	/* --no-color or NO_COLOR set */
	int		 ascii;		/* terminal is not UTF-8 (LANG=C) */
};

/* argv[0] is the subcommand's name; returns the exit status. */
int	cmd_info(int argc, char **argv, const struct cmd_common *);
int	cmd_query(int argc, char **argv, const struct cmd_common *);
int	cmd_open(int argc, char **argv, const struct cmd_common *);
int	cmd_training(int argc, char **argv, const struct cmd_common *);
int	cmd_audit(int argc, char **argv, const struct cmd_common *);
int	cmd_fetch(int argc, char **argv, const struct cmd_common *);
int	cmd_wizard(int argc, char **argv, const struct cmd_common *);

/*
 * Messages.  Every one goes through text_sanitize (ASCII transliteration
 * when the terminal is not UTF-8).  msg_error prefixes "listelec: ".
 */
void	msg_init(int ascii);
void	msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write s (len bytes) to f, sanitized; keep_newlines keeps '\n'. */
void	msg_write(FILE *f, const char *s, size_t len, int keep_newlines);
/* printf to f, sanitized (for stdout listings and help). */
void	msg_printf(FILE *f, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * The archive password for a command: from --archive-password-fd when fd
 * >= 0 (one attempt), else asked on the terminal with echo off (up to three
 * attempts, empty answers asked again).  Used as load_options.ask_password;
 * arg is a struct cmd_password.
 */
struct secret;
struct cmd_password {
	int	 fd;		/* -1 = ask on the terminal */
	int	 asked;		/* set once a password was given */
	int	 interrupted;	/* ^C at the prompt: exit 130 */
};
int	cmd_ask_password(void *arg, unsigned attempt, struct secret *pw);

/* Map a load_status (load.h) or archive_status (archive.h) to an exit
   status. */
int	cmd_load_exit(int load_status);
int	cmd_archive_exit(int archive_status);

#endif
