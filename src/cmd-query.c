/*
 * cmd-query — `listelec query [OPTIONS] FILE`: read a list (a .csv, or the
 * CSV lists of a zip), keep the rows the filter matches, sort them, keep
 * the chosen columns, and write the result on stdout (csv, tsv, json, an
 * aligned table, or the CSV in an AES-256 zip to send), or only their
 * number with --count.  Anything printed to
 * a terminal goes through the sanitizer.  The read is logged in the audit
 * log; so is the output when it leaves for a file or a pipe.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/csv.h"
#include "listelec/export.h"
#include "listelec/filter.h"
#include "listelec/i18n.h"
#include "listelec/load.h"
#include "listelec/secure.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define EXPORT_PASSWORD_MIN	12	/* shorter: a warning */
#define QUERY_SLICE_MIN		65536	/* rows filtered between progress */


/* Help for query. */
static int
query_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec query [OPTION]... FILE\n"
"Filter, sort and select the electors of FILE (a .zip, any nesting, or a\n"
"  .csv) and write the result on stdout.\n"
"\n"
"  --entry PATH            read this entry of the archive (a nested zip\n"
"                          counts as a folder: Liste_CSV.zip/liste.csv);\n"
"                          default: the CSV lists, read as one table\n"
"  --filter EXPR           keep the rows EXPR matches (see FILTERS)\n"
"  --columns A,B,...       keep these columns, in this order\n"
"  --sort COL[:desc]       sort by COL (repeatable: first is main key)\n"
"  --format FORMAT         csv, tsv, json, table or zip-aes (default:\n"
"                          table on a terminal, else csv); zip-aes: the CSV\n"
"                          in a zip encrypted with AES-256, for sending\n"
"  --export-password-fd N  zip-aes: read its password from file descriptor\n"
"                          N (first line); else it is asked twice on the\n"
"                          terminal with echo off\n"
"  --neutralize-formulas   csv, tsv, zip-aes: put ' before a cell that\n"
"                          begins with = + - @ or a tab, so a spreadsheet\n"
"                          never runs it (this changes those cells)\n"
"  --count                 print only the number of matching rows\n"
"  --encoding ENC          auto, utf-8, cp1252 or latin1 (default auto)\n"
"  --delimiter D           auto, ',', ';', tab or '|' (default auto)\n"
"  --archive-password-fd N read the archive password from file\n"
"                          descriptor N (first line); else it is asked on\n"
"                          the terminal with echo off\n"
"  -h, --help              show this help\n"
"\n"
"FILTERS: terms separated by spaces must all hold.  A bare word matches any\n"
"column; COLUMN:word contains, COLUMN=word equals, != < <= > >= compare\n"
"(numbers, dates, else text); -TERM negates; \"a phrase\"; a|b either.\n"
"Case and accents are ignored (belanger finds Bélanger); a unique prefix\n"
"names a column (mun: = Municipalité).  Example:\n"
"  listelec query --filter 'adresse:laurier âge>=65' --sort nom list.zip\n"));
	return (status);
}

/* The columns of t as "A, B, C" (allocated). */
static char *
column_list(const struct table *t)
{
	char	*s = xstrdup(""), *n;
	size_t	 i;

	for (i = 0; i < table_cols(t); i++) {
		n = xasprintf("%s%s%s", s, i > 0 ? ", " : "",
		    table_col_name(t, i));
		free(s);
		s = n;
	}
	return (s);
}

/* Resolve one column name for --columns / --sort; -1 after a message. */
static long
find_column(const struct table *t, const char *name, const char *option)
{
	long	 col;
	char	*list;

	col = table_col_find(t, name);
	if (col >= 0)
		return (col);
	list = column_list(t);
	if (col == -2)
		msg_error(_("%s: column name '%s' is ambiguous; the columns "
		    "are: %s"), option, name, list);
	else
		msg_error(_("%s: no column '%s'; the columns are: %s"), option,
		    name, list);
	free(list);
	return (-1);
}

/* Load notes go to stderr. */
static void
query_note(void *arg, const char *message)
{
	(void)arg;
	msg_note("%s", message);
}

/* Nonzero when there is a controlling terminal to ask on. */
static int
have_tty(void)
{
	int	 fd;

	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		return (0);
	close(fd);
	return (1);
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t
utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return (n);
}

/*
 * The password of a zip-aes export: the first line of fd, else asked
 * twice on the terminal (the two must match).  EXIT_OK, or the exit
 * status after saying why.
 */
static int
export_password(int fd, struct secret *pw)
{
	struct secret	*again;
	char		*cause = NULL;
	int		 r, status;

	if (fd >= 0) {
		if (secure_read_fd(fd, pw, &cause) != 0) {
			msg_error("%s", cause);
			free(cause);
			return (EXIT_USAGE);
		}
		if (secret_len(pw) == 0) {
			msg_error(_("the export password read from file "
			    "descriptor %d is empty"), fd);
			return (EXIT_USAGE);
		}
		goto check;
	}
	again = secret_new();
	for (;;) {
		r = secure_read_tty(_("Password of the encrypted zip: "), pw,
		    &cause);
		if (r == 0 && secret_len(pw) == 0) {
			msg_note(_("The password is empty; type it, or press "
			    "Ctrl-C to give up."));
			continue;
		}
		if (r == 0)
			r = secure_read_tty(_("The same password again: "),
			    again, &cause);
		if (r == 1) {
			msg_error(_("no terminal to ask for the password of "
			    "the encrypted zip: use --export-password-fd N"));
			status = EXIT_USAGE;
			break;
		}
		if (r == -2) {
			status = EXIT_INTERRUPTED;
			break;
		}
		if (r < 0) {
			msg_error("%s", cause);
			free(cause);
			status = EXIT_RUNTIME;
			break;
		}
		if (secret_len(pw) == secret_len(again) &&
		    memcmp(secret_str(pw), secret_str(again),
		    secret_len(pw)) == 0) {
			status = EXIT_OK;
			break;
		}
		msg_note(_("The two passwords differ; type them again."));
	}
	secret_free(again);
	if (status != EXIT_OK)
		return (status);
check:
	if (utf8_chars(secret_str(pw), secret_len(pw)) < EXPORT_PASSWORD_MIN)
		msg_note(_("warning: the password has fewer than %d "
		    "characters; a longer one (a short sentence) is much "
		    "harder to guess"), EXPORT_PASSWORD_MIN);
	return (EXIT_OK);
}

/*
 * Write the result to stdout, sanitized when stdout is a terminal; an
 * export (recorded in the audit log) when it is a file or a pipe.
 */
static int
write_result(struct export_job *j, const char *file, char **cause)
{
	const char	*fields[] = { "file", file, "to", "stdout", NULL,
			    NULL, NULL };
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*mem;
	int		 r;

	if (j->opts->format == EXPORT_ZIP_AES) {
		fields[4] = "format";
		fields[5] = "zip-aes";
	}
	if (!isatty(STDOUT_FILENO)) {
		j->out = stdout;
		j->audit = fields;
		r = export_run(j, cause);
		if (r > 0) {
			msg_note(_("warning: %s"), *cause);
			free(*cause);
			*cause = NULL;
		}
		return (r < 0 ? -1 : 0);
	}
	if (j->opts->format == EXPORT_TABLE) {
		j->out = stdout;
		return (export_run(j, cause));
	}
	/* CSV/TSV/JSON to a terminal: the cells must not reach it raw. */
	if ((mem = open_memstream(&buf, &len)) == NULL) {
		*cause = xstrdup(_("out of memory"));
		return (-1);
	}
	j->out = mem;
	r = export_run(j, cause);
	fclose(mem);
	if (r == 0)
		msg_write(stdout, buf, len, 1);
	free(buf);
	return (r);
}

/*
 * The rows of t that flt keeps, into rows (room for every row).  On a
 * terminal, in slices so that a long run shows how far it is.
 */
static size_t
query_filter(const struct filter *flt, const struct table *t, uint32_t *rows)
{
	struct cmd_progress	 prog;
	uint32_t		*in;
	size_t			 nrows = table_rows(t), n = 0, at, step, i;

	cmd_progress_init(&prog, _("Filtering"));
	if (!prog.tty || nrows < QUERY_SLICE_MIN)
		return (filter_run(flt, t, NULL, nrows, rows, 0, NULL));
	step = nrows / 100 > QUERY_SLICE_MIN ? nrows / 100 : QUERY_SLICE_MIN;
	in = xreallocarray(NULL, step, sizeof *in);
	for (at = 0; at < nrows; at += step) {
		if (step > nrows - at)
			step = nrows - at;
		for (i = 0; i < step; i++)
			in[i] = (uint32_t)(at + i);
		n += filter_run(flt, t, in, step, rows + n, 0, NULL);
		cmd_progress_show(&prog, at + step, nrows);
	}
	cmd_progress_end(&prog);
	free(in);
	return (n);
}

/* `listelec query`. */
static int
cmd_query(int argc, char **argv, const struct cmd_common *common)
{
	enum { OPT_FILTER = 256, OPT_COLUMNS, OPT_SORT, OPT_FORMAT,
	    OPT_COUNT, OPT_EXPORT_PWFD, OPT_NEUTRALIZE };
	static const struct option longopts[] = {
		CMD_LIST_OPTIONS,
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "columns", required_argument, NULL, OPT_COLUMNS },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "count", no_argument, NULL, OPT_COUNT },
		{ "neutralize-formulas", no_argument, NULL, OPT_NEUTRALIZE },
		{ "export-password-fd", required_argument, NULL,
		    OPT_EXPORT_PWFD },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct load_options	 lo;
	struct cmd_progress	 prog;
	struct cmd_password	 pw = { -1, 0, 0 };
	struct export_options	 eo;
	struct export_job	 job;
	struct filter_error	 ferr;
	struct table_sortkey	 keys[TABLE_MAXKEYS];
	const char		*sortspec[TABLE_MAXKEYS];
	const char		*filter_expr = NULL, *columns = NULL, *file;
	struct filter		*flt = NULL;
	struct secret		*zpw = NULL;
	struct table		*t = NULL;
	uint32_t		*rows = NULL;
	size_t			*cols = NULL, ncols = 0, nrows, nkeys = 0, i;
	char			*cause = NULL, *copy, *tok, *save, *colon;
	char			 nbuf[32];
	size_t			 formulas = 0;
	int			 c, r, count = 0, format_set = 0, status;
	int			 zfd = -1;
	enum load_status	 ls;
	long			 col;

	load_options_init(&lo);
	memset(&eo, 0, sizeof eo);
	eo.format = isatty(STDOUT_FILENO) ? EXPORT_TABLE : EXPORT_CSV;
	eo.ascii_only = common->ascii;
	eo.formulas = &formulas;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((r = cmd_list_option(c, optarg, &lo, &pw.fd)) != 0) {
			if (r < 0)
				return (EXIT_USAGE);
			continue;
		}
		switch (c) {
		case OPT_FILTER:
			filter_expr = optarg;
			break;
		case OPT_COLUMNS:
			columns = optarg;
			break;
		case OPT_SORT:
			if (nkeys == TABLE_MAXKEYS) {
				msg_error(_("at most %d --sort keys"),
				    TABLE_MAXKEYS);
				return (EXIT_USAGE);
			}
			sortspec[nkeys++] = optarg;
			break;
		case OPT_FORMAT:
			if (export_parse_format(optarg, &eo.format) != 0) {
				msg_error(_("--format takes csv, tsv, json, "
				    "table or zip-aes, not '%s'"), optarg);
				return (EXIT_USAGE);
			}
			format_set = 1;
			break;
		case OPT_NEUTRALIZE:
			eo.neutralize = 1;
			break;
		case OPT_COUNT:
			count = 1;
			break;
		case OPT_EXPORT_PWFD:
			if (secure_parse_fd(optarg, &zfd) != 0) {
				msg_error(_("--export-password-fd takes a file "
				    "descriptor number, not '%s'"), optarg);
				return (EXIT_USAGE);
			}
			break;
		case 'h':
			return (query_usage(stdout, EXIT_OK));
		default:
			return (query_usage(stderr, EXIT_USAGE));
		}
	}
	(void)format_set;
	if (argc - optind != 1) {
		msg_error(argc - optind == 0 ? _("query needs a file") :
		    _("query takes one file"));
		return (query_usage(stderr, EXIT_USAGE));
	}
	file = argv[optind];
	if (zfd >= 0 && eo.format != EXPORT_ZIP_AES) {
		msg_error(_("--export-password-fd goes with --format "
		    "zip-aes"));
		return (EXIT_USAGE);
	}
	if (eo.format == EXPORT_ZIP_AES && !count) {
		if (isatty(STDOUT_FILENO)) {
			msg_error(_("a zip is not written to a terminal: "
			    "redirect the output to a file (> liste.zip)"));
			return (EXIT_USAGE);
		}
		if (zfd < 0 && !have_tty()) {
			msg_error(_("no terminal to ask for the password of "
			    "the encrypted zip: use --export-password-fd N"));
			return (EXIT_USAGE);
		}
	}

	lo.ask_password = cmd_ask_password;
	lo.ask_arg = &pw;
	lo.note = query_note;
	cmd_progress_init(&prog, _("Reading"));
	lo.progress = cmd_progress_load;
	lo.progress_arg = &prog;
	ls = load_file(file, &lo, &t, &cause);
	cmd_progress_end(&prog);
	if (ls != LOAD_OK) {
		if (pw.interrupted) {
			free(cause);
			return (EXIT_INTERRUPTED);
		}
		if (cause != NULL)
			msg_error("%s: %s", file, cause);
		free(cause);
		return (cmd_exit(CMD_FROM_LOAD, ls, 0));
	}

	status = EXIT_USAGE;
	memset(&ferr, 0, sizeof ferr);
	if (filter_parse(filter_expr != NULL ? filter_expr : "", t, &flt,
	    &ferr) != 0) {
		cmd_filter_error(filter_expr, &ferr);
		free(ferr.message);
		goto out;
	}
	for (i = 0; i < nkeys; i++) {
		copy = xstrdup(sortspec[i]);
		keys[i].desc = 0;
		if ((colon = strrchr(copy, ':')) != NULL &&
		    (strcmp(colon + 1, "desc") == 0 ||
		    strcmp(colon + 1, "asc") == 0)) {
			keys[i].desc = strcmp(colon + 1, "desc") == 0;
			*colon = '\0';
		}
		col = find_column(t, copy, "--sort");
		free(copy);
		if (col < 0)
			goto out;
		keys[i].col = (size_t)col;
	}
	if (columns != NULL) {
		copy = xstrdup(columns);
		cols = xreallocarray(NULL, strlen(columns) + 1, sizeof *cols);
		for (tok = strtok_r(copy, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			if ((col = find_column(t, tok, "--columns")) < 0) {
				free(copy);
				goto out;
			}
			cols[ncols++] = (size_t)col;
		}
		free(copy);
		if (ncols == 0) {
			msg_error(_("--columns names no column"));
			goto out;
		}
	}

	nrows = table_rows(t);
	rows = xreallocarray(NULL, nrows + 1, sizeof *rows);
	if (filter_is_empty(flt)) {
		for (i = 0; i < nrows; i++)
			rows[i] = (uint32_t)i;
	} else
		nrows = query_filter(flt, t, rows);

	snprintf(nbuf, sizeof nbuf, "%zu", table_rows(t));
	{
		const char *fields[] = { "file", file, "command", "query",
		    "rows", nbuf, NULL };

		if (audit_record("open", fields, &cause) != 0) {
			msg_note(_("warning: %s"), cause);
			free(cause);
			cause = NULL;
		}
	}

	if (count) {
		printf("%zu\n", nrows);
		status = fflush(stdout) == 0 ? EXIT_OK :
		    cmd_write_failed(errno, _("cannot write the result"));
		goto out;
	}
	if (eo.format == EXPORT_ZIP_AES) {
		zpw = secret_new();
		if ((status = export_password(zfd, zpw)) != EXIT_OK)
			goto out;
	}
	if (nkeys > 0)
		table_sort(t, keys, nkeys, rows, nrows, NULL);
	memset(&job, 0, sizeof job);
	job.t = t;
	job.rows = rows;
	job.nrows = nrows;
	job.cols = cols;
	job.ncols = cols != NULL ? ncols : table_cols(t);
	job.opts = &eo;
	job.password = zpw != NULL ? secret_str(zpw) : NULL;
	if (write_result(&job, file, &cause) != 0 || fflush(stdout) != 0) {
		status = cmd_write_failed(job.error != 0 ? job.error : errno,
		    cause != NULL ? cause : _("cannot write the result"));
		free(cause);
		goto out;
	}
	status = EXIT_OK;
	if (formulas > 0 && eo.neutralize && (eo.format == EXPORT_CSV ||
	    eo.format == EXPORT_TSV || eo.format == EXPORT_ZIP_AES))
		msg_note(_("%zu cells that began with =, +, -, @ or a tab were "
		    "written with a leading ' (--neutralize-formulas)."),
		    formulas);
	else if (formulas > 0 && (eo.format == EXPORT_CSV ||
	    eo.format == EXPORT_TSV || eo.format == EXPORT_ZIP_AES))
		msg_note(_("warning: %zu cells begin with =, +, -, @ or a tab: "
		    "a spreadsheet may take them for formulas; open the file "
		    "as text, check those cells first, or export again with "
		    "--neutralize-formulas (it changes those cells)."),
		    formulas);
out:
	secret_free(zpw);
	free(rows);
	free(cols);
	filter_free(flt);
	table_free(t);
	return (status);
}

const struct cmd_entry cmd_query_entry = {
	"query", N_("[OPTION]... FILE"),
	N_("filter, sort and select in batch; result on stdout"),
	0, cmd_query
};
