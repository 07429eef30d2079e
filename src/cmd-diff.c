/*
 * cmd-diff — `listelec diff [OPTIONS] OLD NEW`: what changed between two
 * deliveries (zips, any nesting, or CSV files) of one riding, matched by
 * diff.c without an elector id.  Prints one summary line (counts per
 * category, electors before and after), or the per-section statement
 * (--by-section), or one row per change (--format csv|tsv|json|table),
 * whose cells show what changed as old→new.  --only keeps some categories;
 * --exit-code exits 1 when there are differences.  Both reads are logged
 * in the audit log, and so is the output when it leaves for a file or a
 * pipe; everything shown on a terminal goes through the sanitizer.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/diff.h"
#include "listelec/export.h"
#include "listelec/i18n.h"
#include "listelec/load.h"
#include "listelec/secure.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define PASSWORD_TRIES	3
#define SEL_DISAGREE	(1U << DIFF_NCATS)	/* --only disagreement */
#define FIXED_COLS	7	/* change, detail, fields, 2 x section+line */

/* The answer the two lists share (when NEW has no password of its own). */
struct diff_password;
struct diff_shared {
	struct secret			*s;
	const struct diff_password	*from;	/* who gave it */
};

/* The archive password of one list. */
struct diff_password {
	int			 fd;		/* -1: the terminal */
	const char		*prompt;
	struct diff_shared	*shared;	/* or NULL */
	int			 shared_only;	/* from one fd: no other try */
	int			 interrupted;
};

/* The two lists are read at once: their questions, one at a time. */
static pthread_mutex_t	ask_lock = PTHREAD_MUTEX_INITIALIZER;

/* One list to read (on a thread of its own for NEW). */
struct diff_load {
	const char		*file;
	struct load_options	*lo;
	struct diff_password	*dp;
	struct table		*t;
	int			 status;
};

/* Help for diff. */
static int
diff_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec diff [OPTION]... OLD NEW\n"
"What changed between two deliveries of a riding's list (a .zip, any\n"
"  nesting, or a .csv): added, struck off, moved, corrected, renumbered.\n"
"  Electors are matched without an id, only where a key is unique in both\n"
"  lists; duplicates that cannot be told apart are listed as ambiguous.\n"
"\n"
"  --by-section            the statement per section: before, added, struck\n"
"                          off, moved in and out, corrected, after\n"
"  --format FORMAT         one row per change: csv, tsv, json or table\n"
"                          (changed cells shown as old→new)\n"
"  --only CAT,...          only these categories: added, struck-off, moved,\n"
"                          corrected, renumbered, ambiguous, unchanged,\n"
"                          disagreement (with the change marks)\n"
"  --exit-code             exit with status 1 when there are differences\n"
"  --no-marks              ignore NEW's Modification column\n"
"  --entry PATH            read this entry of both archives\n"
"  --encoding ENC          auto, utf-8, cp1252 or latin1 (default auto)\n"
"  --delimiter D           auto, ',', ';', tab or '|' (default auto)\n"
"  --archive-password-fd N read the archive password (of both, unless\n"
"                          --new-archive-password-fd) from file\n"
"                          descriptor N (first line); else it is asked on\n"
"                          the terminal with echo off\n"
"  --new-archive-password-fd M  NEW's archive password, from descriptor M\n"
"  -h, --help              show this help\n"
"\n"
"Without --format or --by-section, one summary line.  Example:\n"
"  listelec diff --format csv --only added,moved decret.zip revision.zip\n"));
	return (status);
}

/* Load notes go to stderr. */
static void
diff_note(void *arg, const char *message)
{
	(void)arg;
	msg_note("%s", message);
}

/* load_options.ask_password: the shared answer first, else ask. */
static int
ask_password(void *arg, unsigned attempt, struct secret *pw)
{
	struct diff_password	*dp = arg;
	struct diff_shared	*sh;
	struct cmd_secret	 cs;
	char			 empty[256];
	unsigned		 asked = attempt;
	int			 r;

	sh = dp->shared;
	if (sh != NULL && sh->from != NULL && sh->from != dp) {
		/* The other list's answer first. */
		if (attempt == 1)
			return (secret_set(pw, secret_str(sh->s),
			    secret_len(sh->s)) == 0 ? 0 : -1);
		if (dp->shared_only) {
			msg_error(_("the two archives have different passwords "
			    "(the one read from file descriptor %d opens only "
			    "one): give NEW's with --new-archive-password-fd "
			    "M"), dp->fd);
			return (-1);
		}
		asked = attempt - 1;
	}
	if (dp->fd >= 0 && asked > 1) {
		if (dp->shared_only)
			msg_error(_("wrong archive password (read from file "
			    "descriptor %d); when NEW has another, give it "
			    "with --new-archive-password-fd M"), dp->fd);
		else
			msg_error(_("wrong archive password (read from file "
			    "descriptor %d)"), dp->fd);
		return (-1);
	}
	if (asked > PASSWORD_TRIES)
		return (-1);
	if (asked > 1)
		msg_note(_("Wrong password. Try again (attempt %u of %d)."),
		    asked, PASSWORD_TRIES);
	cs.fd = dp->fd;
	cs.prompt = dp->prompt;
	cs.no_tty = _("the archive is encrypted and there is no terminal to "
	    "ask for its password: use --archive-password-fd N");
	snprintf(empty, sizeof empty, _("the archive password read from file "
	    "descriptor %d is empty"), dp->fd);
	cs.empty_fd = empty;
	if ((r = cmd_read_secret(&cs, pw)) == -2)
		dp->interrupted = 1;
	cmd_note_unlocked();
	if (r != 0)
		return (-1);
	if (sh != NULL && secret_set(sh->s, secret_str(pw),
	    secret_len(pw)) == 0)
		sh->from = dp;
	return (0);
}

/* ask_password, one list at a time. */
static int
diff_ask_password(void *arg, unsigned attempt, struct secret *pw)
{
	int	 r;

	pthread_mutex_lock(&ask_lock);
	r = ask_password(arg, attempt, pw);
	pthread_mutex_unlock(&ask_lock);
	return (r);
}

/* Load one list; EXIT_OK or the exit status after saying why. */
static int
load_list(const char *file, struct load_options *lo, struct diff_password *dp,
    struct table **t)
{
	enum load_status	 ls;
	char			*cause = NULL;

	lo->ask_password = diff_ask_password;
	lo->ask_arg = dp;
	lo->note = diff_note;
	ls = load_file(file, lo, t, &cause);
	if (ls == LOAD_OK)
		return (EXIT_OK);
	if (dp->interrupted) {
		free(cause);
		return (EXIT_INTERRUPTED);
	}
	if (cause != NULL)
		msg_error("%s: %s", file, cause);
	free(cause);
	return (cmd_exit(CMD_FROM_LOAD, ls, 0));
}

/* Thread body: load_list for NEW. */
static void *
load_thread(void *arg)
{
	struct diff_load	*dl = arg;

	dl->status = load_list(dl->file, dl->lo, dl->dp, &dl->t);
	return (NULL);
}

/* Nonzero when the file begins like a zip (a password may be asked). */
static int
is_zip(const char *path)
{
	unsigned char	 b[4];
	FILE		*f;
	int		 r = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return (0);
	if (fread(b, 1, sizeof b, f) == sizeof b && b[0] == 'P' &&
	    b[1] == 'K')
		r = 1;
	fclose(f);
	return (r);
}

/* Parse --only; 0, or -1 after saying why. */
static int
parse_only(const char *arg, unsigned *sel)
{
	char	*copy, *tok, *save, *f, *g;
	int	 c;

	*sel = 0;
	copy = xstrdup(arg);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if ((c = diff_parse_cat(tok)) >= 0) {
			*sel |= 1U << c;
			continue;
		}
		f = text_fold_dup(tok);
		g = text_fold_dup(_("disagreement"));
		c = strcmp(f, "disagreement") == 0 ||
		    strcmp(f, "desaccord") == 0 || strcmp(f, g) == 0;
		free(f);
		free(g);
		if (c) {
			*sel |= SEL_DISAGREE;
			continue;
		}
		msg_error(_("--only: no category '%s'; they are: added, "
		    "struck-off, moved, corrected, renumbered, ambiguous, "
		    "unchanged, disagreement"), tok);
		free(copy);
		return (-1);
	}
	free(copy);
	if (*sel == 0) {
		msg_error(_("--only names no category"));
		return (-1);
	}
	return (0);
}

/* Nonzero when a change is among those selected. */
static int
selected(const struct diff_change *ch, unsigned sel)
{
	return ((sel & (1U << ch->cat)) != 0 ||
	    ((sel & SEL_DISAGREE) != 0 && ch->disagree));
}

/* A cell of a role or column, "" when the list has none. */
static const char *
cell_of(const struct table *t, long col, uint32_t row)
{
	if (col < 0 || row == DIFF_NONE)
		return ("");
	return (table_cell(t, row, (size_t)col, NULL));
}

/* The header of the table of changes (translated). */
static void
changes_header(const struct diff *d, const char **names, size_t *n)
{
	size_t	 i, k = 0;

	names[k++] = _("Change");
	names[k++] = _("Detail");
	names[k++] = _("Fields");
	names[k++] = _("Section before");
	names[k++] = _("Line before");
	names[k++] = _("Section after");
	names[k++] = _("Line after");
	if (diff_has_marks(d)) {
		names[k++] = _("Mark");
		names[k++] = _("Disagrees");
	}
	for (i = 0; i < diff_ncolumns(d); i++)
		names[k++] = diff_column(d, i)->name;
	*n = k;
}

/*
 * The table of the selected changes: category, detail, the fields that
 * changed, section and line before and after, the mark, then the list's
 * columns with old→new in the cells that changed.
 */
static int
changes_table(const struct diff *d, const struct table *old,
    const struct table *new, unsigned sel, int ascii, struct table **out,
    char **cause)
{
	const struct diff_change	*chs, *ch;
	const struct diff_column	*dc;
	const char			**cells, *arrow = ascii ? "->" : "→";
	const char			*o, *v;
	char				**own, detail[128], fields[1024];
	size_t				*lens, nch, ncells, i, j, k, flen;
	long				 sec[2], line[2], markcol;
	uint32_t			 before, after;
	struct table			*t;
	int				 r = 0;

	ncells = FIXED_COLS + 2 + diff_ncolumns(d);
	cells = xreallocarray(NULL, ncells, sizeof *cells);
	own = xcalloc(ncells, sizeof *own);
	lens = xreallocarray(NULL, ncells, sizeof *lens);
	t = table_new();
	changes_header(d, cells, &ncells);
	for (i = 0; i < ncells; i++)
		lens[i] = strlen(cells[i]);
	table_set_header(t, cells, lens, ncells);
	table_add_source(t, "diff");
	for (i = 0; i < 2; i++) {
		sec[i] = diff_role_col(d, DIFF_COL_SECTION, (int)i);
		line[i] = diff_role_col(d, DIFF_COL_LINE, (int)i);
	}
	markcol = diff_role_col(d, DIFF_COL_MARK, 1);
	chs = diff_changes(d, &nch);
	for (i = 0; i < nch && r == 0; i++) {
		ch = &chs[i];
		if (!selected(ch, sel))
			continue;
		k = 0;
		cells[k++] = diff_cat_name(ch->cat);
		if (ch->cat == DIFF_AMBIGUOUS)
			snprintf(detail, sizeof detail, _("group %u"),
			    (unsigned)ch->group);
		else
			diff_detail(ch->detail, 1, detail, sizeof detail);
		cells[k++] = detail;
		fields[0] = '\0';
		for (j = 0, flen = 0; j < diff_ncolumns(d); j++) {
			if ((ch->fields & (UINT64_C(1) << j)) == 0)
				continue;
			flen += (size_t)snprintf(fields + flen,
			    sizeof fields - flen, "%s%s", flen > 0 ? "|" : "",
			    diff_column(d, j)->name);
			if (flen >= sizeof fields)
				flen = sizeof fields - 1;
		}
		cells[k++] = fields;
		before = ch->old_row;
		after = ch->new_row;
		if (ch->cat == DIFF_STRUCK && before == DIFF_NONE) {
			/* A Radiation matching no old elector: its data. */
			cells[k++] = cell_of(new, sec[1], after);
			cells[k++] = cell_of(new, line[1], after);
			cells[k++] = "";
			cells[k++] = "";
		} else {
			cells[k++] = cell_of(old, sec[0], before);
			cells[k++] = cell_of(old, line[0], before);
			cells[k++] = cell_of(new, sec[1], after);
			cells[k++] = cell_of(new, line[1], after);
		}
		if (diff_has_marks(d)) {
			if (ch->mark == DIFF_BADMARK)
				cells[k++] = cell_of(new, markcol, after);
			else if (ch->mark >= 0)
				cells[k++] = diff_cat_name(ch->mark);
			else
				cells[k++] = "";
			cells[k++] = ch->disagree ? _("yes") : "";
		}
		for (j = 0; j < diff_ncolumns(d); j++) {
			dc = diff_column(d, j);
			o = cell_of(old, dc->old_col, before);
			v = cell_of(new, dc->new_col, after);
			if ((ch->fields & (UINT64_C(1) << j)) != 0) {
				own[k] = xasprintf("%s%s%s", o, arrow, v);
				cells[k] = own[k];
			} else
				cells[k] = after != DIFF_NONE ? v : o;
			k++;
		}
		for (j = 0; j < k; j++)
			lens[j] = strlen(cells[j]);
		if (table_add_row(t, 0, cells, lens, k, cause) != 0)
			r = -1;
		for (j = 0; j < k; j++) {
			free(own[j]);
			own[j] = NULL;
		}
	}
	free(cells);
	free(own);
	free(lens);
	if (r != 0) {
		table_free(t);
		return (-1);
	}
	table_finish(t);
	*out = t;
	return (0);
}

/* The per-section statement as a table (with a total row for a screen). */
static struct table *
section_table(const struct diff *d, int total)
{
	const struct diff_section	*s;
	struct diff_section		 sum;
	const char			*names[10], *cells[10];
	char				 buf[9][32];
	size_t				 lens[10], n, i, j, v[9];
	struct table			*t;
	char				*cause = NULL;

	names[0] = _("Section");
	names[1] = _("Before");
	names[2] = _("Added");
	names[3] = _("Struck off");
	names[4] = _("Moved in");
	names[5] = _("Moved out");
	names[6] = _("Corrected");
	names[7] = _("Ambiguous before");
	names[8] = _("Ambiguous after");
	names[9] = _("After");
	for (i = 0; i < 10; i++)
		lens[i] = strlen(names[i]);
	t = table_new();
	table_set_header(t, names, lens, 10);
	table_add_source(t, "diff");
	s = diff_sections(d, &n);
	memset(&sum, 0, sizeof sum);
	sum.name = _("Total");
	for (i = 0; i <= n; i++) {
		if (i == n && !total)
			break;
		if (i < n) {
			sum.before += s[i].before;
			sum.added += s[i].added;
			sum.struck += s[i].struck;
			sum.moved_in += s[i].moved_in;
			sum.moved_out += s[i].moved_out;
			sum.corrected += s[i].corrected;
			sum.ambiguous_before += s[i].ambiguous_before;
			sum.ambiguous_after += s[i].ambiguous_after;
			sum.after += s[i].after;
		}
		{
			const struct diff_section *x = i < n ? &s[i] : &sum;

			v[0] = x->before;
			v[1] = x->added;
			v[2] = x->struck;
			v[3] = x->moved_in;
			v[4] = x->moved_out;
			v[5] = x->corrected;
			v[6] = x->ambiguous_before;
			v[7] = x->ambiguous_after;
			v[8] = x->after;
			cells[0] = x->name;
		}
		for (j = 0; j < 9; j++) {
			snprintf(buf[j], sizeof buf[j], "%zu", v[j]);
			cells[j + 1] = buf[j];
		}
		for (j = 0; j < 10; j++)
			lens[j] = strlen(cells[j]);
		if (table_add_row(t, 0, cells, lens, 10, &cause) != 0) {
			free(cause);
			break;
		}
	}
	table_finish(t);
	return (t);
}

/* The summary line: electors before and after, counts per category. */
static void
summary(FILE *f, const struct diff *d, unsigned sel, int only)
{
	static const enum diff_cat order[] = { DIFF_ADDED, DIFF_STRUCK,
	    DIFF_MOVED, DIFF_CORRECTED, DIFF_RENUMBERED, DIFF_AMBIGUOUS,
	    DIFF_UNCHANGED };
	size_t	 i;
	int	 first = 1;

	msg_printf(f, _("%zu electors before, %zu after"), diff_before(d),
	    diff_after(d));
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (only && (sel & (1U << order[i])) == 0)
			continue;
		msg_printf(f, "%s", first ? _("; ") : ", ");
		msg_printf(f, _("%s: %zu"), diff_cat_name(order[i]),
		    diff_count(d, order[i]));
		first = 0;
	}
	if (diff_has_marks(d))
		msg_printf(f, _("; %zu disagree with the change marks"),
		    diff_disagreements(d));
	if (diff_changes_only(d))
		msg_printf(f, "%s", _(" (NEW is a changes-only statement)"));
	msg_printf(f, "\n");
}

/*
 * Write a table to stdout: sanitized on a terminal; an export recorded
 * in the audit log when stdout is a file or a pipe.  0 or -1.
 */
static int
write_out(const struct table *t, enum export_format format, int ascii,
    const char *oldf, const char *newf, int *err, char **cause)
{
	const char		*fields[] = { "old", oldf, "new", newf,
				    "command", "diff", "to", "stdout", NULL };
	struct export_options	 eo;
	struct export_job	 j;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*mem;
	size_t			*cols, i;
	int			 r;

	memset(&eo, 0, sizeof eo);
	eo.format = format;
	eo.ascii_only = ascii;
	memset(&j, 0, sizeof j);
	j.t = t;
	j.nrows = table_rows(t);
	/* The file's columns only: no derived Âge. */
	cols = xreallocarray(NULL, table_file_cols(t) + 1, sizeof *cols);
	for (i = 0; i < table_file_cols(t); i++)
		cols[i] = i;
	j.cols = cols;
	j.ncols = table_file_cols(t);
	j.opts = &eo;
	*err = 0;
	if (!isatty(STDOUT_FILENO)) {
		j.out = stdout;
		j.audit = fields;
		r = export_run(&j, cause);
		*err = j.error;
		if (r > 0) {
			msg_note(_("warning: %s"), *cause);
			free(*cause);
			*cause = NULL;
		}
		free(cols);
		return (r < 0 ? -1 : 0);
	}
	if (format == EXPORT_TABLE) {
		j.out = stdout;
		r = export_run(&j, cause);
		*err = j.error;
		free(cols);
		return (r);
	}
	if ((mem = open_memstream(&buf, &len)) == NULL) {
		*cause = xstrdup(_("out of memory"));
		free(cols);
		return (-1);
	}
	j.out = mem;
	r = export_run(&j, cause);
	fclose(mem);
	if (r == 0)
		msg_write(stdout, buf, len, 1);
	free(buf);
	free(cols);
	return (r);
}

/*
 * `listelec diff`; with screen, only the table of the changes for the
 * table screen (*screen) and a copy of OLD's password (*lockpw) for its
 * lock.
 */
static int
diff_main(int argc, char **argv, const struct cmd_common *common,
    struct table **screen, struct secret **lockpw)
{
	enum { OPT_BY_SECTION = 256, OPT_FORMAT, OPT_ONLY, OPT_EXIT_CODE,
	    OPT_NEW_PWFD, OPT_NO_MARKS };
	static const struct option longopts[] = {
		CMD_LIST_OPTIONS,
		{ "new-archive-password-fd", required_argument, NULL,
		    OPT_NEW_PWFD },
		{ "by-section", no_argument, NULL, OPT_BY_SECTION },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "only", required_argument, NULL, OPT_ONLY },
		{ "exit-code", no_argument, NULL, OPT_EXIT_CODE },
		{ "no-marks", no_argument, NULL, OPT_NO_MARKS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct load_options	 lo, lo2;
	struct diff_options	 dopts;
	struct diff_password	 pold, pnew;
	struct diff_shared	 shared;
	struct secret		*kept = NULL;
	struct table		*told = NULL, *tnew = NULL, *out = NULL;
	struct diff		*d = NULL;
	const struct diff_change *chs;
	enum export_format	 format = EXPORT_TABLE;
	const char		*oldf, *newf;
	char			*cause = NULL, nold[32], nnew[32];
	unsigned		 sel;
	size_t			 nch, i, differ = 0;
	int			 c, r, pwfd = -1, newfd = -1, by_section = 0;
	int			 format_set = 0, only = 0, exit_code = 0;
	int			 status, err, threaded;
	struct diff_load	 dl;
	pthread_t		 th;

	load_options_init(&lo);
	memset(&dopts, 0, sizeof dopts);
	sel = ((1U << DIFF_NCATS) - 1) & ~(1U << DIFF_UNCHANGED);
	sel |= SEL_DISAGREE;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((r = cmd_list_option(c, optarg, &lo, &pwfd)) != 0) {
			if (r < 0)
				return (EXIT_USAGE);
			continue;
		}
		switch (c) {
		case OPT_NEW_PWFD:
			if (secure_parse_fd(optarg, &newfd) != 0) {
				msg_error(_("--new-archive-password-fd takes a "
				    "file descriptor number, not '%s'"),
				    optarg);
				return (EXIT_USAGE);
			}
			break;
		case OPT_BY_SECTION:
			by_section = 1;
			break;
		case OPT_FORMAT:
			if (export_parse_format(optarg, &format) != 0 ||
			    format == EXPORT_ZIP_AES) {
				msg_error(_("--format takes csv, tsv, json or "
				    "table, not '%s'"), optarg);
				return (EXIT_USAGE);
			}
			format_set = 1;
			break;
		case OPT_ONLY:
			if (parse_only(optarg, &sel) != 0)
				return (EXIT_USAGE);
			only = 1;
			break;
		case OPT_EXIT_CODE:
			exit_code = 1;
			break;
		case OPT_NO_MARKS:
			dopts.no_marks = 1;
			break;
		case 'h':
			return (diff_usage(stdout, EXIT_OK));
		default:
			return (diff_usage(stderr, EXIT_USAGE));
		}
	}
	if (argc - optind != 2) {
		msg_error(_("diff takes two lists: OLD and NEW"));
		return (diff_usage(stderr, EXIT_USAGE));
	}
	oldf = argv[optind];
	newf = argv[optind + 1];
	if (pwfd >= 0 && pwfd == newfd)
		newfd = -1;

	/* NEW takes OLD's answer first unless it has its own source. */
	kept = secret_new();
	memset(&pold, 0, sizeof pold);
	memset(&pnew, 0, sizeof pnew);
	pold.fd = pwfd;
	pold.prompt = _("Archive password of OLD (from the returning "
	    "officer): ");
	pnew.prompt = _("Archive password of NEW (from the returning "
	    "officer): ");
	shared.s = kept;
	shared.from = NULL;
	pold.shared = &shared;		/* OLD's answer locks the screen */
	if (newfd >= 0)
		pnew.fd = newfd;
	else {
		/* One answer for both: the descriptor gives one line. */
		pnew.shared = &shared;
		pnew.fd = pwfd;
		pold.shared_only = pnew.shared_only = pwfd >= 0;
	}
	/*
	 * Both lists at once, unless a password may be asked on the
	 * terminal: then OLD first, so that NEW tries OLD's answer.
	 */
	lo2 = lo;
	memset(&dl, 0, sizeof dl);
	dl.file = newf;
	dl.lo = &lo2;
	dl.dp = &pnew;
	threaded = (pold.fd >= 0 || !is_zip(oldf)) &&
	    (pnew.fd >= 0 || !is_zip(newf)) &&
	    pthread_create(&th, NULL, load_thread, &dl) == 0;
	status = load_list(oldf, &lo, &pold, &told);
	if (threaded)
		pthread_join(th, NULL);
	else if (status == EXIT_OK)
		load_thread(&dl);
	tnew = dl.t;
	if (status == EXIT_OK)
		status = dl.status;
	if (status != EXIT_OK)
		goto out;

	snprintf(nold, sizeof nold, "%zu", table_rows(told));
	snprintf(nnew, sizeof nnew, "%zu", table_rows(tnew));
	{
		const char *fields[] = { "old", oldf, "new", newf, "command",
		    "diff", "old_rows", nold, "new_rows", nnew, NULL };

		if (audit_record("diff", fields, &cause) != 0) {
			msg_note(_("warning: %s"), cause);
			free(cause);
			cause = NULL;
		}
	}

	if ((r = diff_run(told, tnew, &dopts, &d, &cause)) != 0) {
		if (r == -2) {
			status = EXIT_INTERRUPTED;
			goto out;
		}
		msg_error("%s", cause);
		free(cause);
		status = EXIT_DATA;
		goto out;
	}
	if (screen != NULL) {
		status = EXIT_OK;
		if (changes_table(d, told, tnew, sel, common->ascii, screen,
		    &cause) != 0) {
			msg_error("%s", cause);
			free(cause);
			status = EXIT_RUNTIME;
		}
		*lockpw = kept;		/* OLD's, or the one both share */
		kept = NULL;
		goto out;
	}
	chs = diff_changes(d, &nch);
	for (i = 0; i < nch; i++)
		if (chs[i].cat != DIFF_UNCHANGED || chs[i].disagree)
			if (selected(&chs[i], sel))
				differ++;

	status = EXIT_OK;
	if (by_section) {
		out = section_table(d, !format_set || format == EXPORT_TABLE);
		if (!format_set)
			format = EXPORT_TABLE;
	} else if (format_set) {
		if (changes_table(d, told, tnew, sel, common->ascii, &out,
		    &cause) != 0) {
			msg_error("%s", cause);
			free(cause);
			status = EXIT_RUNTIME;
			goto out;
		}
	}
	if (out != NULL) {
		if (write_out(out, format, common->ascii, oldf, newf, &err,
		    &cause) != 0 || fflush(stdout) != 0) {
			status = cmd_write_failed(err != 0 ? err : errno,
			    cause != NULL ? cause : _("cannot write the "
			    "result"));
			free(cause);
			goto out;
		}
	}
	if (out == NULL || (by_section && format == EXPORT_TABLE))
		summary(stdout, d, sel, only);
	if (fflush(stdout) != 0) {
		status = cmd_write_failed(errno, _("cannot write the result"));
		goto out;
	}
	if (exit_code && differ > 0)
		status = EXIT_RUNTIME;	/* 1: they differ */
out:
	diff_free(d);
	table_free(out);
	table_free(told);
	table_free(tnew);
	secret_free(kept);
	return (status);
}

/* `listelec diff`. */
static int
cmd_diff(int argc, char **argv, const struct cmd_common *common)
{
	return (diff_main(argc, argv, common, NULL, NULL));
}

int
cmd_diff_table(int argc, char **argv, const struct cmd_common *common,
    struct table **t, struct secret **pw)
{
	*t = NULL;
	*pw = NULL;
	return (diff_main(argc, argv, common, t, pw));
}

const struct cmd_entry cmd_diff_entry = {
	"diff", N_("[OPTION]... OLD NEW"),
	N_("what changed between two deliveries: added, struck off, moved, "
	    "corrected"),
	0, cmd_diff
};
