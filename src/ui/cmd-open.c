/*
 * cmd-open — `listelec open FILE`: the archive password in a masked field
 * (three tries) or from --archive-password-fd, the chooser when the
 * archive holds several things, the load on a background thread behind a
 * progress bar (rows, rate, time left; Esc cancels), then the table
 * screen.  Maps every failure to the exit statuses of cmd.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listelec/archive.h"
#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/i18n.h"
#include "listelec/job.h"
#include "listelec/load.h"
#include "listelec/secure.h"
#include "listelec/table.h"
#include "listelec/view.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

#define OPEN_IDLE_DEFAULT	(15 * 60)
#define OPEN_PREVIEW_BYTES	(64 * 1024)	/* read for the first rows */

/* The background load and what the progress screen reads of it. */
struct loader {
	struct job		 job;		/* the load; its lock guards
						   the results and notes */
	const char		*path;		/* a CSV file, or NULL */
	struct archive		*a;		/* or these entries of a */
	size_t			*idx;
	size_t			 n;
	struct load_options	 opts;
	struct secret		*pw;

	enum load_status	 st;
	struct table		*t;
	char			*cause;
	char			*notes;

	/* The first rows, read apart while the whole list loads. */
	struct job		 pjob;
	struct table		*pt;		/* once pjob is done */
	struct view		*pv;
};

/* Bytes gathered for the preview. */
struct preview_buf {
	char	*buf;
	size_t	 len;
};

/* Give the load the password already checked (one attempt). */
static int
open_give_password(void *arg, unsigned attempt, struct secret *out)
{
	struct loader	*l = arg;

	if (attempt > 1 || l->pw == NULL || secret_len(l->pw) == 0)
		return (-1);
	return (secret_set(out, secret_str(l->pw), secret_len(l->pw)));
}

/* Progress from the loading threads. */
static void
open_progress(void *arg, uint64_t done, uint64_t total, size_t rows)
{
	struct loader	*l = arg;

	job_progress(&l->job, done, total, rows);
}

/* A note (entries left out, ragged rows): kept for the table's key bar. */
static void
open_note(void *arg, const char *message)
{
	struct loader	*l = arg;
	char		*s;

	job_lock(&l->job);
	s = xasprintf("%s%s%s", l->notes ? l->notes : "", l->notes ? "; " : "",
	    message);
	free(l->notes);
	l->notes = s;
	job_unlock(&l->job);
}

/* The load's work. */
static void
open_load(struct job *j)
{
	struct loader		*l = j->arg;
	struct table		*t = NULL;
	char			*cause = NULL;
	enum load_status	 st;

	if (l->path != NULL)
		st = load_file(l->path, &l->opts, &t, &cause);
	else
		st = load_entries(l->a, l->idx, l->n, &l->opts, l->pw, &t,
		    &cause);
	job_lock(j);
	l->st = st;
	l->t = t;
	l->cause = cause;
	job_unlock(j);
}

/* Gather the first bytes of the entry; stop once there are enough. */
static int
preview_chunk(void *arg, const void *buf, size_t len)
{
	struct preview_buf	*b = arg;
	size_t			 n = OPEN_PREVIEW_BYTES - b->len;

	if (len < n)
		n = len;
	memcpy(b->buf + b->len, buf, n);
	b->len += n;
	return (b->len >= OPEN_PREVIEW_BYTES);
}

/*
 * The preview thread: the first rows of the (first) list, parsed apart so
 * that they show while the whole list loads.  Bytes not yet confirmed by
 * the archive's integrity check: shown only, never exported.
 */
static void
open_preview(struct job *j)
{
	struct loader		*l = j->arg;
	struct preview_buf	 b;
	struct csv_reader	*r;
	struct table		*t;
	char			*cause = NULL;
	ssize_t			 n;
	int			 fd;

	b.buf = xmalloc(OPEN_PREVIEW_BYTES);
	b.len = 0;
	if (l->path != NULL) {
		if ((fd = open(l->path, O_RDONLY | O_CLOEXEC)) != -1) {
			while (b.len < OPEN_PREVIEW_BYTES && (n = read(fd,
			    b.buf + b.len, OPEN_PREVIEW_BYTES - b.len)) > 0)
				b.len += (size_t)n;
			close(fd);
		}
	} else if (l->n > 0) {
		(void)archive_stream(l->a, l->idx[0], secret_len(l->pw) > 0 ?
		    secret_str(l->pw) : NULL, preview_chunk, &b, &cause);
		free(cause);
		cause = NULL;
	}
	t = table_new();
	r = csv_reader_new(&l->opts.csv, t, "");
	if (b.len == 0 || csv_reader_feed(r, b.buf, b.len, &cause) != CSV_OK ||
	    table_rows(t) == 0) {
		table_free(t);
		t = NULL;
	}
	free(cause);
	csv_reader_free(r);
	secure_wipe(b.buf, b.len);
	free(b.buf);
	l->pt = t;		/* read once the job is done */
}

/* View callbacks over the preview table. */
static size_t
preview_head_width(void *arg, size_t col)
{
	const char	*s = table_col_name(arg, col);

	return (ui_width(s, strlen(s)));
}

static size_t
preview_cell_width(void *arg, uint32_t row, size_t col)
{
	size_t		 len;
	const char	*s = table_cell(arg, row, col, &len);

	return (ui_width(s, len));
}

/* Draw the preview's header and first rows from line y, h lines. */
static void
preview_draw(struct loader *l, int y, int h)
{
	struct view_source	 src;
	struct view_place	 pl[64];
	size_t			 n, k, i, len;
	const char		*cell;

	if (h < 2)
		return;
	if (l->pv == NULL) {
		src.ncols = table_cols(l->pt);
		src.head_width = preview_head_width;
		src.cell_width = preview_cell_width;
		src.arg = l->pt;
		l->pv = view_new(&src, table_rows(l->pt), NULL);
	}
	view_resize(l->pv, (size_t)COLS, (size_t)h - 1);
	view_fit(l->pv);
	n = view_layout(l->pv, pl, sizeof pl / sizeof pl[0]);
	ui_fill(y, 0, ui_attr(UI_HEADER));
	for (k = 0; k < n; k++)
		ui_str(y, (int)pl[k].x, (int)pl[k].w,
		    table_col_name(l->pt, pl[k].col), ui_attr(UI_HEADER), 1);
	for (i = 0; i + 1 < (size_t)h && i < table_rows(l->pt); i++) {
		for (k = 0; k < n; k++) {
			cell = table_cell(l->pt, (uint32_t)i, pl[k].col, &len);
			ui_text(y + 1 + (int)i, (int)pl[k].x, (int)pl[k].w,
			    cell, len, A_DIM, 1);
		}
	}
}

/* The progress screen. */
static void
prog_draw(struct ui_screen *s)
{
	struct loader	*l = s->data;
	uint64_t	 done, total;
	size_t		 rows;
	double		 el = job_elapsed(&l->job), frac = 0, rate, left;
	int		 y = 2, w = COLS - 4, k, fill;
	struct table	*pt;
	char		*line;
	const char	*keys[3];

	job_read(&l->job, &done, &total, &rows);
	pt = l->pjob.started && job_done(&l->pjob) ? l->pt : NULL;
	ui_str(0, 0, COLS, _("Opening the list"), ui_attr(UI_TITLE) | A_REVERSE,
	    1);
	if (total > 0) {
		frac = (double)done / (double)total;
		if (frac > 1)
			frac = 1;
	}
	fill = (int)(frac * (double)w);
	ui_str(y, 2, w, "", A_NORMAL, 1);
	for (k = 0; k < w; k++)
		ui_str(y, 2 + k, 1, k < fill ? (ui_ascii() ? "#" :
		    "\xe2\x96\x88") : (ui_ascii() ? "." : "\xc2\xb7"),
		    k < fill ? ui_attr(UI_HEADER) : A_DIM, 0);
	rate = el > 0.05 ? (double)rows / el : 0;
	if (job_cancelled(&l->job))
		line = xstrdup(_("Cancelling..."));
	else if (total > 0 && done > 0 && frac < 1) {
		left = el * ((double)total - (double)done) / (double)done;
		line = xasprintf(_("%zu rows read, %.0f rows/s, about %.0f s "
		    "left (%.0f%%)"), rows, rate, left + 0.5, frac * 100);
	} else
		line = xasprintf(_("%zu rows read, %.0f rows/s"), rows, rate);
	ui_str(y + 1, 2, w, line, A_NORMAL, 0);
	free(line);
	if (pt != NULL)
		preview_draw(l, y + 3, LINES - y - 4);
	keys[0] = _("Esc");
	keys[1] = _("cancel");
	keys[2] = NULL;
	ui_keybar(LINES - 1, keys);
	ui_cursor(y + 1, 2);
}

static int
prog_key(struct ui_screen *s, int code, int fn)
{
	struct loader	*l = s->data;

	if (!fn && (code == 27 || code == 'q' || code == 3)) {
		job_cancel(&l->job);
		return (UI_REDRAW);
	}
	return (0);
}

static int
prog_tick(struct ui_screen *s)
{
	struct loader	*l = s->data;

	if (job_done(&l->job)) {
		s->result = 0;
		return (UI_CLOSE);
	}
	return (UI_REDRAW);
}

static const struct ui_screen_ops prog_ops = {
	prog_draw, prog_key, NULL, prog_tick, NULL
};

/* Check a password typed in the field against the archive. */
static int
open_check(void *arg, const struct secret *pw, char **cause)
{
	struct archive		*a = arg;
	enum archive_status	 st;

	st = archive_check_password(a, secret_str(pw), cause);
	if (st == ARCHIVE_OK && archive_needs_password_to_expand(a))
		st = archive_expand(a, secret_str(pw), cause);
	if (st == ARCHIVE_OK)
		return (0);
	if (st == ARCHIVE_ERR_PASSWORD) {
		free(*cause);
		*cause = xstrdup(_("Wrong password"));
		return (-1);
	}
	return (-2);
}

/* Nonzero when the archive holds more than one thing to look at. */
static int
open_several(struct archive *a)
{
	size_t	i, n = 0;
	const struct archive_entry *e;

	for (i = 0; i < archive_count(a); i++) {
		e = archive_entry(a, i);
		if (e->kind == ARCHIVE_KIND_DIR ||
		    (e->kind == ARCHIVE_KIND_ZIP && e->expanded))
			continue;
		n++;
	}
	return (n > 1);
}

/* Nonzero when the file starts like a zip. */
static int
open_is_zip(const char *path)
{
	unsigned char	b[4];
	int		fd;
	ssize_t		n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	n = read(fd, b, sizeof b);
	close(fd);
	return (n == 4 && b[0] == 'P' && b[1] == 'K' &&
	    (b[2] == 3 || b[2] == 5 || b[2] == 7) &&
	    (b[3] == 4 || b[3] == 6 || b[3] == 8));
}

/* Help for open. */
static int
open_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec open [OPTION]... FILE\n"
"Show a list of electors (a .zip, any nesting, or a .csv) in a table.\n"
"\n"
"  --entry PATH               open this entry of the archive\n"
"  --archive-password-fd N    read the archive password from fd N\n"
"  --encoding auto|utf-8|cp1252|latin1\n"
"  --delimiter auto|,|;|tab||\n"
"  --idle-lock SECONDS        blank the screen after this idle time\n"
"                             (default 900; 0 never)\n"
"  -h, --help                 show this help\n"
"\n"
"In the table, ? or F1 lists every key.\n"));
	msg_printf(f, "%s", _(
"\n"
"  listelec open --diff [DIFF-OPTION]... OLD NEW\n"
"the table screen on what changed between two deliveries: the change\n"
"first, changed cells written old→new (the options of listelec diff).\n"));
	return (status);
}

enum {
	OPT_IDLE = 256,
};

static const struct option open_longopts[] = {
	CMD_LIST_OPTIONS,
	{ "idle-lock", required_argument, NULL, OPT_IDLE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Strip the folders from a path for the status line. */
static const char *
open_base(const char *p)
{
	const char	*s = strrchr(p, '/');

	return (s != NULL && s[1] != '\0' ? s + 1 : p);
}

/*
 * One run of `listelec open`: each step returns 0 to go on, or sets status
 * (and why, said once the terminal is restored) and returns -1.
 */
struct open_run {
	struct loader		 l;
	const struct cmd_common	*common;
	const char		*file;
	struct archive		*a;
	struct secret		*pw;
	int			 fd;
	unsigned long		 idle;
	size_t			*sel, nsel;
	int			 status;
	char			*why;
};

/*
 * Stop with status; why (taken) is shown after the screen ends: an error,
 * or a note when the status is EXIT_OK (the user left).
 */
static int
open_fail(struct open_run *o, int status, char *why)
{
	o->status = status;
	free(o->why);
	o->why = why;
	return (-1);
}

/* The user quit or was interrupted on a screen. */
static int
open_quit(struct open_run *o)
{
	if (!ui_quitting(&o->status))
		o->status = EXIT_OK;
	return (-1);
}

/* The command line. */
static int
open_args(struct open_run *o, int argc, char **argv)
{
	char	*end;
	int	 c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", open_longopts, NULL)) != -1) {
		if ((r = cmd_list_option(c, optarg, &o->l.opts, &o->fd)) != 0) {
			if (r < 0)
				return (open_fail(o, EXIT_USAGE, NULL));
			continue;
		}
		switch (c) {
		case OPT_IDLE:
			errno = 0;
			o->idle = strtoul(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    o->idle > 86400) {
				msg_error(_("--idle-lock takes seconds (0 to "
				    "86400), not '%s'"), optarg);
				return (open_fail(o, EXIT_USAGE, NULL));
			}
			break;
		case 'h':
			return (open_fail(o, open_usage(stdout, EXIT_OK),
			    NULL));
		default:
			return (open_fail(o, open_usage(stderr, EXIT_USAGE),
			    NULL));
		}
	}
	if (argc - optind != 1) {
		msg_error(argc - optind == 0 ? _("open needs a file") :
		    _("open takes one file"));
		return (open_fail(o, open_usage(stderr, EXIT_USAGE), NULL));
	}
	o->file = argv[optind];
	return (0);
}

/* The file is readable, the password from its fd, the zip's directory. */
static int
open_file(struct open_run *o)
{
	enum archive_status	 ast;
	char			*cause = NULL;

	if (access(o->file, R_OK) != 0)
		return (open_fail(o, EXIT_RUNTIME, xasprintf("%s: %s",
		    o->file, strerror(errno))));
	o->pw = secret_new();
	o->l.pw = o->pw;
	if (o->fd >= 0 && secure_read_fd(o->fd, o->pw, &cause) != 0)
		return (open_fail(o, EXIT_PASSWORD, cause));
	if (!open_is_zip(o->file))
		return (0);
	ast = archive_open(o->file, &o->l.opts.limits, &o->a, &cause);
	if (ast != ARCHIVE_OK) {
		open_fail(o, cmd_exit(CMD_FROM_ARCHIVE, ast, 0),
		    xasprintf("%s: %s", o->file, cause ? cause : ""));
		free(cause);
		return (-1);
	}
	return (0);
}

/* The full screen. */
static int
open_screen(struct open_run *o)
{
	char	*cause = NULL;

	if (ui_start(o->common->ascii, o->common->no_color, &cause) != 0)
		return (open_fail(o, EXIT_RUNTIME, cause));
	return (0);
}

/* The archive password: checked from the fd, or asked (three tries). */
static int
open_password(struct open_run *o)
{
	char	*cause = NULL;
	int	 r;

	if (o->a == NULL || (!archive_encrypted(o->a) &&
	    !archive_needs_password_to_expand(o->a)))
		return (0);
	if (o->fd >= 0)
		r = open_check(o->a, o->pw, &cause);
	else {
		r = ui_password(open_base(o->file), o->pw, 3, open_check, o->a,
		    &cause);
		if (ui_quitting(NULL)) {
			free(cause);
			return (open_quit(o));
		}
		if (r == -3) {
			/* Left before opening: nothing wrong, said how. */
			free(cause);
			return (open_fail(o, EXIT_OK, xasprintf(_("Not "
			    "opened. To open it later: listelec open %s"),
			    o->file)));
		}
	}
	if (r == 0)
		return (0);
	if (r == -2) {
		open_fail(o, EXIT_ARCHIVE, xasprintf("%s: %s", o->file,
		    cause ? cause : ""));
		free(cause);
		return (-1);
	}
	free(cause);
	return (open_fail(o, EXIT_PASSWORD, xasprintf(o->fd >= 0 ?
	    _("%s: wrong archive password") :
	    _("%s: archive password missing or wrong"), o->file)));
}

/* The lists to load: --entry, the CSV lists, or the user's choice. */
static int
open_choose(struct open_run *o)
{
	struct loader		*l = &o->l;
	enum load_status	 ls;
	char			*cause = NULL;
	int			 several;

	if (o->a == NULL) {
		l->path = o->file;
		return (0);
	}
	several = l->opts.entry == NULL && open_several(o->a);
	ls = load_select(o->a, &l->opts, o->pw, &o->sel, &o->nsel, &cause);
	if (ls != LOAD_OK && !several) {
		open_fail(o, cmd_exit(CMD_FROM_LOAD, ls, 0),
		    xasprintf("%s: %s", o->file, cause ? cause : ""));
		free(cause);
		return (-1);
	}
	free(cause);
	l->a = o->a;
	if (!several) {
		l->idx = o->sel;
		l->n = o->nsel;
		o->sel = NULL;
		return (0);
	}
	if (ui_chooser(o->a, o->pw, open_base(o->file), o->sel, o->nsel,
	    &l->idx, &l->n) != 0)
		return (open_quit(o));
	return (0);
}

/* The load in the background, behind the progress screen. */
static int
open_read(struct open_run *o)
{
	struct loader		*l = &o->l;
	struct ui_screen	*s;
	int			 quit;

	l->opts.cancel = &l->job.cancel;	/* a fixed address */
	job_start(&l->job, open_load, l, ui_wake);
	job_start(&l->pjob, open_preview, l, ui_wake);
	s = xcalloc(1, sizeof *s);
	s->ops = &prog_ops;
	s->data = l;
	(void)ui_run(s);
	quit = ui_quitting(NULL);
	if (quit)
		job_cancel(&l->job);
	job_join(&l->job);
	job_join(&l->pjob);
	view_free(l->pv);
	table_free(l->pt);
	l->pv = NULL;
	l->pt = NULL;
	if (quit)
		return (open_quit(o));
	if (l->st == LOAD_ERR_CANCELLED)
		return (open_fail(o, EXIT_INTERRUPTED,
		    xstrdup(_("cancelled"))));
	if (l->st != LOAD_OK)
		return (open_fail(o, cmd_exit(CMD_FROM_LOAD, l->st, 0),
		    xasprintf("%s: %s", o->file, l->cause ? l->cause : "")));
	return (0);
}

/* The audit line, then the table screen until the user quits. */
static int
open_show(struct open_run *o)
{
	struct loader	*l = &o->l;
	char		*cause = NULL, nbuf[32];
	const char	*fields[] = { "file", o->file, "command", "open",
			    "rows", nbuf, NULL };

	snprintf(nbuf, sizeof nbuf, "%zu", table_rows(l->t));
	if (audit_record("open", fields, &cause) != 0) {
		ui_message(1, _("warning: %s"), cause);
		free(cause);
	}
	if (l->notes != NULL)
		ui_message(0, "%s", l->notes);
	ui_set_lock((unsigned)o->idle, o->pw);
	(void)ui_run(ui_table_new(l->t, open_base(o->file)));
	return (open_quit(o));
}

/*
 * `listelec open --diff [OPTIONS] OLD NEW`: the table screen on what
 * changed, the category first and changed cells written old→new (diff's
 * options; argv[at] is --diff).
 */
static int
open_diff(int argc, char **argv, int at, const struct cmd_common *common)
{
	struct table	*t = NULL;
	struct secret	*pw = NULL;
	char		**av, *cause = NULL, *title;
	int		 i, ac = 0, status;

	av = xcalloc((size_t)argc + 1, sizeof *av);
	av[ac++] = (char *)"diff";
	for (i = 1; i < argc; i++)
		if (i != at)
			av[ac++] = argv[i];
	status = cmd_diff_table(ac, av, common, &t, &pw);
	if (status != EXIT_OK || t == NULL) {
		free(av);
		secret_free(pw);
		return (status);
	}
	title = ac >= 3 ? xasprintf("%s %s %s", open_base(av[ac - 2]),
	    common->ascii ? "->" : "→", open_base(av[ac - 1])) :
	    xstrdup("diff");
	free(av);
	if (ui_start(common->ascii, common->no_color, &cause) != 0) {
		msg_error("%s", cause);
		free(cause);
		status = EXIT_RUNTIME;
	} else {
		ui_set_lock(OPEN_IDLE_DEFAULT, pw);
		(void)ui_run(ui_table_new(t, title));
		if (!ui_quitting(&status))
			status = EXIT_OK;
		ui_stop();
	}
	free(title);
	table_free(t);
	secret_free(pw);
	return (status);
}

int
cmd_open(int argc, char **argv, const struct cmd_common *common)
{
	struct open_run	 o;
	struct loader	*l = &o.l;
	int		 i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--diff") == 0)
			return (open_diff(argc, argv, i, common));

	memset(&o, 0, sizeof o);
	o.common = common;
	o.fd = -1;
	o.idle = OPEN_IDLE_DEFAULT;
	load_options_init(&l->opts);
	l->opts.ask_password = open_give_password;
	l->opts.ask_arg = l;
	l->opts.progress = open_progress;
	l->opts.progress_arg = l;
	l->opts.note = open_note;
	l->opts.note_arg = l;

	if (open_args(&o, argc, argv) == 0 && open_file(&o) == 0 &&
	    open_screen(&o) == 0 && open_password(&o) == 0 &&
	    open_choose(&o) == 0 && open_read(&o) == 0)
		(void)open_show(&o);

	/* The one way out: the terminal back, then what went wrong. */
	ui_stop();
	cmd_note_unlocked();
	if (o.why != NULL && o.status == EXIT_OK)
		msg_note("%s", o.why);
	else if (o.why != NULL)
		msg_error("%s", o.why);
	else if (o.status == EXIT_INTERRUPTED)
		msg_error("%s", _("interrupted"));
	free(o.why);
	free(l->cause);
	free(l->notes);
	free(l->idx);
	free(o.sel);
	table_free(l->t);
	archive_free(o.a);
	secret_free(o.pw);
	return (o.status);
}

const struct cmd_entry cmd_open_entry = {
	"open", N_("FILE"),
	N_("table screen on a .zip (any nesting) or a .csv"),
	0, cmd_open
};
