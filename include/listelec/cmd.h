/*
 * cmd — the subcommands and what they share: exit statuses, the common
 * options, and messages to the user (always through the terminal
 * sanitizer).  Each cmd-*.c exports one struct cmd_entry; main.c keeps the
 * table, parses the common options, dispatches and generates the
 * "Commands:" part of --help from it.  Only the cmd_* functions map
 * failures to exit statuses, through cmd_exit's one table.
 */
#ifndef LISTELEC_CMD_H
#define LISTELEC_CMD_H

#include <stdint.h>
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
	EXIT_PIPE = 141,	/* the reader of stdout went away: quietly */
};

/* Options every subcommand takes. */
struct cmd_common {
	const char	*portal;	/* --portal or LISTELEC_PORTAL */
	const char	*ca_file;	/* --ca-file */
	const char	*lang;		/* --lang fr|en, NULL = from LANG */
	int		 no_color;	/* --no-color or NO_COLOR set */
	int		 ascii;		/* terminal is not UTF-8 (LANG=C) */
};

/*
 * One subcommand.  exec gets argv[0] = the name; returns the exit status.
 * args and summary are N_()-marked: --help translates them.
 */
#define CMD_PORTAL	0x1	/* talks to a portal: --portal, --ca-file */
struct cmd_entry {
	const char	*name;
	const char	*args;		/* the usage line after the name */
	const char	*summary;	/* one line of --help */
	int		 flags;		/* CMD_* */
	int		(*exec)(int, char **, const struct cmd_common *);
};
extern const struct cmd_entry cmd_open_entry;
extern const struct cmd_entry cmd_query_entry;
extern const struct cmd_entry cmd_info_entry;
extern const struct cmd_entry cmd_fetch_entry;
extern const struct cmd_entry cmd_training_entry;
extern const struct cmd_entry cmd_purge_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_sheet_entry;

/* `listelec` alone: the wizard (sign-in to the table). */
int	cmd_wizard(int argc, char **argv, const struct cmd_common *);
/* `listelec open FILE` (the wizard opens what it saved). */
int	cmd_open(int argc, char **argv, const struct cmd_common *);
/*
 * For `listelec open --diff OLD NEW`: diff's options and lists (argv[0] =
 * "diff") to the table of the changes (*t, caller frees) and a copy of
 * OLD's password for the screen lock (*pw, may be NULL; caller frees).
 * Returns the exit status (EXIT_OK with *t set).
 */
struct table;
struct secret;
int	cmd_diff_table(int argc, char **argv, const struct cmd_common *,
	    struct table **t, struct secret **pw);

/*
 * The options open and query share: --entry, --encoding, --delimiter and
 * --archive-password-fd.  CMD_LIST_OPTIONS goes into a getopt_long table;
 * cmd_list_option takes getopt's answer c: 1 when it was one of them
 * (stored in lo, or *pwfd), 0 when it was not, -1 after saying why the
 * value is wrong (exit 2).
 */
enum {
	CMD_OPT_ENTRY = 200,
	CMD_OPT_ENCODING,
	CMD_OPT_DELIMITER,
	CMD_OPT_PWFD,
};
#define CMD_LIST_OPTIONS						\
	{ "entry", required_argument, NULL, CMD_OPT_ENTRY },		\
	{ "encoding", required_argument, NULL, CMD_OPT_ENCODING },	\
	{ "delimiter", required_argument, NULL, CMD_OPT_DELIMITER },	\
	{ "archive-password-fd", required_argument, NULL, CMD_OPT_PWFD }
struct load_options;
int	cmd_list_option(int c, const char *arg, struct load_options *lo,
	    int *pwfd);

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

/*
 * Read one secret: from fd when fd >= 0, else on the terminal with echo
 * off (an empty answer is asked again).  The messages are the caller's
 * (translated): no_tty when there is no terminal, empty_fd when the fd
 * gave nothing.  Returns 0; -1 after saying why; -2 when
 * the user pressed Ctrl-C at the prompt.
 */
struct cmd_secret {
	int		 fd;
	const char	*prompt;
	const char	*no_tty;
	const char	*empty_fd;
};
int	cmd_read_secret(const struct cmd_secret *, struct secret *pw);
/* Tell the user, once, that a secret could not be locked in memory. */
void	cmd_note_unlocked(void);

/*
 * The exit status of a module's status: one table for every command.
 * For CMD_FROM_PORTAL, PORTAL_NET is refined by the http status (give it
 * as detail; a bad address is a usage error).
 */
enum cmd_from {
	CMD_FROM_LOAD,		/* enum load_status */
	CMD_FROM_ARCHIVE,	/* enum archive_status */
	CMD_FROM_PORTAL,	/* enum portal_status */
	CMD_FROM_HTTP,		/* enum http_status */
};
int	cmd_exit(enum cmd_from, int status, int detail);

/*
 * After a failed write to stdout (errno in err): EXIT_PIPE without a word
 * when the reader went away (EPIPE: `listelec query | head`), else the
 * message and EXIT_RUNTIME.
 */
int	cmd_write_failed(int err, const char *message);

/*
 * A progress line on stderr for work that runs long (reading, filtering a
 * province): only when stderr is a terminal, only after the first second,
 * a few times a second, and wiped at the end so the output stays clean.
 * what is the translated name of the work ("Reading", "Filtering").
 */
struct cmd_progress {
	const char	*what;
	int		 tty;
	int		 shown;
	double		 start;
	double		 last;
};
void	cmd_progress_init(struct cmd_progress *, const char *what);
void	cmd_progress_show(struct cmd_progress *, uint64_t done,
	    uint64_t total);
void	cmd_progress_end(struct cmd_progress *);
/* As load_options.progress, arg a struct cmd_progress. */
void	cmd_progress_load(void *arg, uint64_t done, uint64_t total,
	    size_t rows);

/*
 * A filter that does not parse, on stderr: the message, then the part of
 * the expression around the faulty term (a line of it at most) with a
 * caret line under the term, in screen columns.  query and sheet.
 */
struct filter_error;
void	cmd_filter_error(const char *expr, const struct filter_error *);

#endif
