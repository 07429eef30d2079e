/*
 * cmd-sheet — `listelec sheet [OPTIONS] FILE`: door-to-door walk sheets
 * from a list (a .csv, or the CSV lists of a zip), after the same filter
 * as query: PDF (default to a file), plain text for a line printer
 * (default on a terminal) or CSV, cut into routes of about N doors; or,
 * with --summary, only the routes and their counts.  A sheet written to
 * a file is an export: 0600, never overwriting, synced, its SHA-256 and
 * the routes it holds recorded in the audit log (event "sheet", which
 * purge destroys).  Text for a terminal goes through the sanitizer.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/export.h"
#include "listelec/filter.h"
#include "listelec/i18n.h"
#include "listelec/load.h"
#include "listelec/sheet.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

/* Help for sheet. */
static int
sheet_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec sheet [OPTION]... FILE\n"
"Door-to-door walk sheets from the electors of FILE (a .zip, any nesting,\n"
"  or a .csv), in walking order: section, municipality, street, side (odd\n"
"  numbers, then even), civic number (7015 < 7015A < 7017), apartment,\n"
"  name; cut into routes of about N doors.\n"
"\n"
"  --filter EXPR           only the electors EXPR matches (as query)\n"
"  --side SIDE             odd, even or both (default: both, odd first)\n"
"  --doors N               routes of about N doors (default 45); a unit of\n"
"                          a building is a door\n"
"  --summary               print the routes and their counts, no sheets\n"
"  --format FORMAT         pdf, text or csv (default: pdf to a file, text\n"
"                          on a terminal)\n"
"  -o, --output FILE       write the sheets to FILE (new, private)\n"
"  --landscape             letter landscape, with a column for notes\n"
"  --with age              print each elector's age (warned first)\n"
"  --title TEXT            the riding or list named on every page\n"
"                          (default: the file's name)\n"
"  --entry PATH            read this entry of the archive\n"
"  --encoding ENC          auto, utf-8, cp1252 or latin1 (default auto)\n"
"  --delimiter D           auto, ',', ';', tab or '|' (default auto)\n"
"  --archive-password-fd N read the archive password from file\n"
"                          descriptor N (first line); else it is asked on\n"
"                          the terminal with echo off\n"
"  -h, --help              show this help\n"
"\n"
"Every page carries the confidentiality notice; no date of birth, age or\n"
"sex is printed unless asked.  A file written is recorded in the audit log\n"
"and destroyed by listelec purge.  Example:\n"
"  listelec sheet --filter 'section=012' --doors 40 -o s012.pdf list.zip\n"));
	return (status);
}

/* Load notes go to stderr. */
static void
sheet_note(void *arg, const char *message)
{
	(void)arg;
	msg_note("%s", message);
}

/* Memory as a sink (text for the terminal). */
struct membuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* Append to the memory buffer. */
static int
mem_sink(void *arg, const void *buf, size_t len)
{
	struct membuf	*m = arg;

	if (len > m->cap - m->len) {
		while (len > m->cap - m->len)
			m->cap = m->cap == 0 ? 65536 : m->cap * 2;
		m->p = xrealloc(m->p, m->cap);
	}
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return (0);
}

/* s padded with spaces to width columns (allocated), right-aligned. */
static char *
pad(const char *s, size_t width, int right)
{
	size_t	 w = text_width(s, strlen(s));

	if (w >= width)
		return (xstrdup(s));
	return (right ? xasprintf("%*s%s", (int)(width - w), "", s) :
	    xasprintf("%s%*s", s, (int)(width - w), ""));
}

/* The routes and their counts, on stdout. */
static int
print_summary(const struct sheet_plan *p)
{
	const struct sheet_route	*r;
	const struct sheet_door		*d;
	size_t				 i, doors = 0;
	char				*h[4];

	h[0] = pad(_("Route"), 12, 0);
	h[1] = pad(_("Doors"), 6, 1);
	h[2] = pad(_("Electors"), 9, 1);
	h[3] = pad(_("Addresses"), 9, 1);
	msg_printf(stdout, "%s %s %s %s  %s\n", h[0], h[1], h[2], h[3],
	    _("From \xe2\x80\xa6 to"));
	for (i = 0; i < 4; i++)
		free(h[i]);
	for (i = 0; i < sheet_nroutes(p); i++) {
		r = sheet_route(p, i);
		d = sheet_door(p, r->first_door + r->ndoors - 1);
		msg_printf(stdout, "%-12s %6u %9u %9u  %s \xe2\x80\xa6 %s\n",
		    r->id, r->doors, r->n, r->ndoors,
		    sheet_cell(p, r->first, SHEET_ADRESSE),
		    sheet_cell(p, d->first, SHEET_ADRESSE));
		doors += r->doors;
	}
	msg_printf(stdout, _("%zu routes, %zu doors, %zu electors\n"),
	    sheet_nroutes(p), doors, sheet_electors(p));
	if (fflush(stdout) != 0)
		return (cmd_write_failed(errno, _("cannot write the summary")));
	return (EXIT_OK);
}

/*
 * Text (or CSV) on the terminal: sanitized, the pages separated by a
 * blank line instead of a form feed.
 */
static int
print_text(const struct sheet_plan *p, const struct sheet_layout *lo,
    int csv)
{
	struct membuf	 m;
	size_t		 i, start = 0, formulas;

	memset(&m, 0, sizeof m);
	if (csv)
		sheet_write_csv(p, lo, mem_sink, &m, &formulas);
	else
		sheet_write_text(p, lo, mem_sink, &m);
	for (i = 0; i <= m.len; i++) {
		if (i < m.len && m.p[i] != '\f')
			continue;
		msg_write(stdout, m.p + start, i - start, 1);
		if (i < m.len)
			fputs("\n", stdout);
		start = i + 1;
	}
	free(m.p);
	if (fflush(stdout) != 0)
		return (cmd_write_failed(errno, _("cannot write the sheets")));
	return (EXIT_OK);
}

/* The status for a failed write. */
static int
write_status(int error)
{
	if (error == EPIPE)
		return (EXIT_PIPE);
	if (error == EEXIST || error == ENOSPC || error == EDQUOT)
		return (EXIT_KEEP);
	return (EXIT_RUNTIME);
}

/* The last path component. */
static const char *
base_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return (s != NULL && s[1] != '\0' ? s + 1 : path);
}

/* `listelec sheet`. */
static int
cmd_sheet(int argc, char **argv, const struct cmd_common *common)
{
	enum { OPT_FILTER = 256, OPT_SIDE, OPT_DOORS, OPT_SUMMARY,
	    OPT_FORMAT, OPT_LANDSCAPE, OPT_WITH, OPT_TITLE };
	static const struct option longopts[] = {
		CMD_LIST_OPTIONS,
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "side", required_argument, NULL, OPT_SIDE },
		{ "doors", required_argument, NULL, OPT_DOORS },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "landscape", no_argument, NULL, OPT_LANDSCAPE },
		{ "with", required_argument, NULL, OPT_WITH },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct load_options	 lo;
	struct cmd_password	 pw = { -1, 0, 0 };
	struct sheet_options	 so;
	struct sheet_layout	 layout;
	struct sheet_save	 sv;
	struct filter_error	 ferr;
	struct filter		*flt = NULL;
	struct table		*t = NULL;
	struct sheet_plan	*plan = NULL;
	enum sheet_format	 format = SHEET_PDF;
	enum load_status	 ls;
	const char		*filter_expr = NULL, *out = NULL, *file;
	const char		*title = NULL;
	uint32_t		*rows = NULL;
	size_t			 nrows, i;
	char			*cause = NULL, *end;
	char			 nbuf[32], date[32];
	unsigned long		 v;
	int			 c, r, summary = 0, format_set = 0;
	int			 status = EXIT_USAGE, tty;
	struct tm		 tm;
	time_t			 now;

	load_options_init(&lo);
	memset(&so, 0, sizeof so);
	memset(&layout, 0, sizeof layout);
	so.side = SHEET_SIDE_BOTH;
	so.doors = SHEET_DOORS_DEFAULT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		if ((r = cmd_list_option(c, optarg, &lo, &pw.fd)) != 0) {
			if (r < 0)
				return (EXIT_USAGE);
			continue;
		}
		switch (c) {
		case OPT_FILTER:
			filter_expr = optarg;
			break;
		case OPT_SIDE:
			if (sheet_parse_side(optarg, &so.side) != 0) {
				msg_error(_("--side takes odd, even or both, "
				    "not '%s'"), optarg);
				return (EXIT_USAGE);
			}
			break;
		case OPT_DOORS:
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (*optarg < '1' || *optarg > '9' || *end != '\0' ||
			    errno != 0 || v > SHEET_DOORS_MAX) {
				msg_error(_("--doors takes a number of doors "
				    "from 1 to %d, not '%s'"), SHEET_DOORS_MAX,
				    optarg);
				return (EXIT_USAGE);
			}
			so.doors = (size_t)v;
			break;
		case OPT_SUMMARY:
			summary = 1;
			break;
		case OPT_FORMAT:
			if (sheet_parse_format(optarg, &format) != 0) {
				msg_error(_("--format takes pdf, text or csv, "
				    "not '%s'"), optarg);
				return (EXIT_USAGE);
			}
			format_set = 1;
			break;
		case OPT_LANDSCAPE:
			layout.landscape = 1;
			break;
		case OPT_WITH:
			if (strcmp(optarg, "age") != 0 &&
			    strcmp(optarg, "âge") != 0) {
				msg_error(_("--with takes age, not '%s' (the "
				    "date of birth and the sex are never "
				    "printed)"), optarg);
				return (EXIT_USAGE);
			}
			layout.with_age = 1;
			break;
		case OPT_TITLE:
			title = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			return (sheet_usage(stdout, EXIT_OK));
		default:
			return (sheet_usage(stderr, EXIT_USAGE));
		}
	}
	if (argc - optind != 1) {
		msg_error(argc - optind == 0 ? _("sheet needs a file") :
		    _("sheet takes one file"));
		return (sheet_usage(stderr, EXIT_USAGE));
	}
	file = argv[optind];
	tty = isatty(STDOUT_FILENO);
	if (summary && (out != NULL || format_set)) {
		msg_error(_("--summary prints the routes only: it takes "
		    "neither -o nor --format"));
		return (EXIT_USAGE);
	}
	if (!format_set)
		format = out != NULL ? sheet_format_of_name(out) : tty ?
		    SHEET_TEXT : SHEET_PDF;
	if (!summary && out == NULL && tty && format == SHEET_PDF) {
		msg_error(_("a PDF is not written to a terminal: use -o "
		    "FILE.pdf, or --format text"));
		return (EXIT_USAGE);
	}
	if (layout.with_age && !summary)
		msg_note("%s", _("warning: --with age prints each elector's "
		    "age on the sheets.  Use it only where the campaign "
		    "needs it (electors to drive to the poll, say), keep "
		    "the sheets out of sight, and destroy them after the "
		    "vote."));

	lo.ask_password = cmd_ask_password;
	lo.ask_arg = &pw;
	lo.note = sheet_note;
	ls = load_file(file, &lo, &t, &cause);
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
	memset(&ferr, 0, sizeof ferr);
	if (filter_parse(filter_expr != NULL ? filter_expr : "", t, &flt,
	    &ferr) != 0) {
		cmd_filter_error(filter_expr != NULL ? filter_expr : "", &ferr);
		free(ferr.message);
		goto out;
	}
	snprintf(nbuf, sizeof nbuf, "%zu", table_rows(t));
	{
		const char *fields[] = { "file", file, "command", "sheet",
		    "rows", nbuf, NULL };

		if (audit_record("open", fields, &cause) != 0) {
			msg_note(_("warning: %s"), cause);
			free(cause);
			cause = NULL;
		}
	}
	nrows = table_rows(t);
	rows = xreallocarray(NULL, nrows + 1, sizeof *rows);
	if (filter_is_empty(flt)) {
		for (i = 0; i < nrows; i++)
			rows[i] = (uint32_t)i;
	} else
		nrows = filter_run(flt, t, NULL, nrows, rows, 0, NULL);
	if (sheet_plan_new(t, rows, nrows, &so, &plan, &cause) != 0) {
		msg_error("%s: %s", file, cause);
		free(cause);
		status = EXIT_DATA;
		goto out;
	}
	if (sheet_column(plan, SHEET_LINE) < 0)
		msg_note("%s", _("note: the list has no No électeur column: "
		    "the key on the sheets is the section alone."));
	if (layout.with_age && sheet_column(plan, SHEET_AGE) < 0)
		msg_note("%s", _("note: the list has no date of birth: no "
		    "age is printed."));
	if (sheet_left_out(plan) > 0)
		msg_note(ngettext("note: %zu elector has no civic number and "
		    "is on neither side (--side).", "note: %zu electors have "
		    "no civic number and are on neither side (--side).",
		    sheet_left_out(plan)), sheet_left_out(plan));
	if (sheet_electors(plan) == 0 && nrows > 0 &&
	    so.side != SHEET_SIDE_BOTH) {
		msg_note(ngettext("No elector to put on sheets: the %zu "
		    "elector the filter keeps is not on that side (--side): "
		    "nothing was written.", "No elector to put on sheets: "
		    "none of the %zu electors the filter keeps is on that "
		    "side (--side): nothing was written.", nrows), nrows);
		status = EXIT_OK;
		goto out;
	}
	if (sheet_electors(plan) == 0) {
		msg_note("%s", _("No elector to put on sheets (the filter "
		    "matches none): nothing was written."));
		status = EXIT_OK;
		goto out;
	}
	if (summary) {
		status = print_summary(plan);
		goto out;
	}

	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	layout.title = title != NULL ? title : base_name(file);
	layout.date = date;
	layout.ascii = common->ascii && out == NULL && tty;
	if (out == NULL && tty) {
		status = print_text(plan, &layout, format == SHEET_CSV);
		goto out;
	}

	memset(&sv, 0, sizeof sv);
	sv.plan = plan;
	sv.layout = &layout;
	sv.format = format;
	sv.file = file;
	sv.path = out;
	sv.out = stdout;
	sv.to = "stdout";
	r = sheet_save(&sv, &cause);
	if (r < 0) {
		status = write_status(sv.error);
		if (status != EXIT_PIPE || out != NULL)
			msg_error("%s", cause != NULL ? cause :
			    _("cannot write the sheets"));
		free(cause);
		goto out;
	}
	if (r > 0) {
		msg_note(_("warning: %s"), cause);
		free(cause);
	}
	status = EXIT_OK;
	if (out != NULL && format == SHEET_CSV)
		msg_note(ngettext("%s: %zu elector.", "%s: %zu electors.",
		    sheet_electors(plan)), out, sheet_electors(plan));
	else if (out != NULL)
		msg_note(ngettext("%s: %zu page.", "%s: %zu pages.",
		    sv.pages), out, sv.pages);
	if (sv.formulas > 0)
		msg_note(_("warning: %zu cells begin with =, +, -, @ or a "
		    "tab: a spreadsheet may take them for formulas; open the "
		    "file as text and check those cells first."),
		    sv.formulas);
out:
	sheet_plan_free(plan);
	free(rows);
	filter_free(flt);
	table_free(t);
	return (status);
}

const struct cmd_entry cmd_sheet_entry = {
	"sheet", N_("[OPTION]... FILE"),
	N_("walk sheets (door-to-door) to print: PDF, text or CSV, cut "
	    "into routes"),
	0, cmd_sheet
};
