/*
 * ui-table — the table screen: header always visible, name columns pinned,
 * widths fitted to what was seen, vi and less movement with counts, the
 * live filter line (parsed at once so errors show under the faulty term,
 * run on a background thread that the next keystroke supersedes), sort
 * keys (sorted in the same thread), search with highlight, and the doors
 * to the record view, the column list, the frequency view, the export and
 * the help.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listelec/filter.h"
#include "listelec/i18n.h"
#include "listelec/sift.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/view.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

#define HISTORY_MAX	50

enum tmode {
	MODE_TABLE,
	MODE_FILTER,
	MODE_SEARCH,
	MODE_JUMP,
};

struct tscreen {
	struct table	*t;
	struct view	*v;
	char		*name;		/* the file's name, for the status */
	struct sift	*sift;		/* the background filter and sort */
	int		 busy;

	enum tmode	 mode;
	struct ui_line	 line;
	char		*applied;	/* the filter shown (or being run) */
	char		*before;	/* the filter when the line opened */
	int		 err;		/* the typed filter has an error */
	struct filter_error ferr;

	char		*hist[HISTORY_MAX];
	size_t		 nhist, hpos;
	char		*draft;

	char		*needle;	/* search, folded */
	char		*needle_raw;
	struct filter	*sfilter;	/* the search as a bare "phrase" */

	long		 count;		/* typed count prefix, 0 = none */
};

static void	 tscreen_post(struct tscreen *, const char *expr);

/* The worker's wake-up: redraw from the screen's thread. */
static void
ts_wake(void *arg)
{
	(void)arg;
	ui_wake();
}

/* View callbacks: widths of sanitized text. */
static size_t
ts_head_width(void *arg, size_t col)
{
	struct tscreen	*ts = arg;
	const char	*s = table_col_name(ts->t, col);

	return (ui_width(s, strlen(s)) + 1);
}

static size_t
ts_cell_width(void *arg, uint32_t row, size_t col)
{
	struct tscreen	*ts = arg;
	size_t		 len;
	const char	*s = table_cell(ts->t, row, col, &len);

	return (ui_width(s, len));
}

/* Parse expr and post it; on an error keep the shown rows. */
static void
tscreen_post(struct tscreen *ts, const char *expr)
{
	struct filter	*f = NULL;
	char		*copy;

	free(ts->ferr.message);
	memset(&ts->ferr, 0, sizeof ts->ferr);
	ts->err = 0;
	if (filter_parse(expr, ts->t, &f, &ts->ferr) != 0) {
		ts->err = 1;
		return;
	}
	copy = xstrdup(expr);		/* expr may be ts->applied */
	free(ts->applied);
	ts->applied = copy;
	(void)sift_post(ts->sift, f, copy, ts->v->keys, ts->v->nkeys);
	ts->busy = 1;
}

/* Take a finished result into the view. */
static int
ts_tick(struct ui_screen *s)
{
	struct tscreen	*ts = s->data;
	uint32_t	*rows;
	size_t		 n;
	int		 bits = 0, busy;

	if (!ts->busy)
		return (0);
	if (sift_take(ts->sift, &rows, &n, &busy)) {
		view_set_rows(ts->v, rows, n);
		bits = UI_REDRAW;
	}
	if (!busy) {
		ts->busy = 0;
		bits = UI_REDRAW;
	}
	return (bits);
}

/* Lines given to rows. */
static int
ts_rows_height(const struct tscreen *ts)
{
	int	h = LINES - 3;		/* header, status, key bar */

	if (ts->mode != MODE_TABLE)
		h--;
	return (h > 1 ? h : 1);
}

/*
 * Find the folded needle in a cell: byte range [*a, *b) of the cell.
 * Returns 0 when found.
 */
static int
ts_find(const char *cell, size_t len, const char *needle, size_t *a, size_t *b)
{
	char		 out[4], *fold;
	size_t		*map, i = 0, n = 0, used, outlen, k, nl;
	const char	*hit;
	int		 r = -1;

	if (needle == NULL || *needle == '\0' || len == 0)
		return (-1);
	nl = strlen(needle);
	fold = xmalloc(3 * len + 1);
	map = xreallocarray(NULL, 3 * len + 1, sizeof *map);
	while (i < len) {
		used = text_fold_char((const unsigned char *)cell + i, len - i,
		    out, &outlen);
		for (k = 0; k < outlen; k++) {
			map[n] = i;
			fold[n++] = out[k];
		}
		i += used ? used : 1;
	}
	map[n] = len;
	fold[n] = '\0';
	if ((hit = strstr(fold, needle)) != NULL) {
		*a = map[hit - fold];
		k = (size_t)(hit - fold) + nl;
		/* End: the start of the next source character. */
		while (k < n && map[k] == map[k - 1])
			k++;
		*b = k < n ? map[k] : len;
		r = 0;
	}
	free(map);
	free(fold);
	return (r);
}

/* Does shown row i contain the needle in a shown column? */
static int
ts_row_matches(struct tscreen *ts, size_t i)
{
	struct view	*v = ts->v;
	size_t		 d, len, a, b;
	const char	*s;
	uint32_t	 row = view_row(v, i);

	for (d = 0; d < v->ndisp; d++) {
		s = table_cell(ts->t, row, v->cols[v->disp[d]].col, &len);
		if (ts_find(s, len, ts->needle, &a, &b) == 0)
			return (1);
	}
	return (0);
}

/* Does shown row i hold the search (any column, as the filter does)? */
static int
ts_row_found(struct tscreen *ts, size_t i)
{
	if (ts->sfilter != NULL)
		return (filter_match(ts->sfilter, ts->t, view_row(ts->v, i)));
	return (ts_row_matches(ts, i));
}

/* Move to the next (or previous) shown row holding the needle. */
static void
ts_search(struct tscreen *ts, int backward)
{
	struct view	*v = ts->v;
	size_t		 i, k, from;
	long		 hit;

	if (ts->needle == NULL) {
		ui_message(1, "%s", _("No search yet: press & to search"));
		return;
	}
	if (v->nrows == 0)
		return;
	hit = -1;
	if (ts->sfilter != NULL) {
		from = backward ? (v->sel + v->nrows - 1) % v->nrows :
		    (v->sel + 1) % v->nrows;
		hit = filter_search(ts->sfilter, ts->t, v->rows, v->nrows, from,
		    backward, 1);
	} else {
		for (k = 1; k <= v->nrows; k++) {
			if (backward)
				i = (v->sel + v->nrows - k) % v->nrows;
			else
				i = (v->sel + k) % v->nrows;
			if (ts_row_matches(ts, i)) {
				hit = (long)i;
				break;
			}
		}
	}
	if (hit < 0) {
		ui_message(1, _("Not found: %s"), ts->needle_raw);
		return;
	}
	i = (size_t)hit;
	if (backward ? i > v->sel : i < v->sel)
		ui_message(0, "%s", backward ?
		    _("Search wrapped to the bottom") :
		    _("Search wrapped to the top"));
	view_goto(v, i);
}

/* Draw one cell, with the search match highlighted. */
static void
ts_draw_cell(struct tscreen *ts, int y, const struct view_place *p,
    const char *s, size_t len, attr_t attr)
{
	size_t	a, b, x0, w;

	ui_text(y, (int)p->x, (int)p->w, s, len, attr, 1);
	if (ts->needle == NULL || ts_find(s, len, ts->needle, &a, &b) != 0)
		return;
	x0 = ui_width(s, a);
	w = ui_width(s + a, b - a);
	if (x0 + w >= p->w)
		return;		/* cut off: the mark shows there is more */
	ui_text(y, (int)(p->x + x0), (int)w, s + a, b - a,
	    attr | ui_attr(UI_MATCH), 0);
}

/* The header: names with the sort direction. */
static void
ts_draw_header(struct tscreen *ts, const struct view_place *pl, size_t n)
{
	struct view	*v = ts->v;
	size_t		 i, k;
	char		*h;
	const char	*arrow;
	attr_t		 a;

	ui_fill(0, 0, ui_attr(UI_HEADER));
	for (i = 0; i < n; i++) {
		arrow = "";
		for (k = 0; k < v->nkeys; k++) {
			if (v->keys[k].col == pl[i].col) {
				if (ui_ascii())
					arrow = v->keys[k].desc ? "v" : "^";
				else
					arrow = v->keys[k].desc ?
					    "\xe2\x86\x93" : "\xe2\x86\x91";
				break;
			}
		}
		h = xasprintf("%s%s", table_col_name(ts->t, pl[i].col), arrow);
		a = ui_attr(UI_HEADER);
		if (pl[i].d == v->cur)
			a |= A_REVERSE;
		ui_str(0, (int)pl[i].x, (int)pl[i].w, h, a, 1);
		free(h);
		if (v->npinned > 0 && pl[i].d == v->npinned - 1 &&
		    pl[i].x + pl[i].w < (size_t)COLS)
			ui_str(0, (int)(pl[i].x + pl[i].w), 1,
			    ui_ascii() ? "|" : "\xe2\x94\x82",
			    ui_attr(UI_HEADER), 0);
	}
}

/* The status line: file, shown / total, filter, sort. */
static void
ts_draw_status(struct tscreen *ts, int y)
{
	struct view	*v = ts->v;
	char		*left, *right, *sort = NULL, *tmp;
	size_t		 k, rw;

	for (k = 0; k < v->nkeys; k++) {
		tmp = xasprintf("%s%s%s%s", sort ? sort : "", sort ? "," : "",
		    table_col_name(ts->t, v->keys[k].col),
		    v->keys[k].desc ? (ui_ascii() ? " v" : " \xe2\x86\x93") :
		    (ui_ascii() ? " ^" : " \xe2\x86\x91"));
		free(sort);
		sort = tmp;
	}
	left = xasprintf(ngettext("%zu / %zu elector%s", "%zu / %zu electors%s",
	    v->total), v->nrows, v->total, ts->busy ? _(" (working...)") : "");
	if (ts->applied != NULL && *ts->applied != '\0') {
		tmp = xasprintf(_("%s | filter: %s"), left, ts->applied);
		free(left);
		left = tmp;
	}
	if (sort != NULL) {
		tmp = xasprintf(_("%s | sort: %s"), left, sort);
		free(left);
		left = tmp;
	}
	if (v->nrows > 0)
		right = xasprintf(_("row %zu  %s"), v->sel + 1, ts->name);
	else
		right = xasprintf("%s", ts->name);
	ui_fill(y, 0, ui_attr(UI_STATUS));
	rw = ui_width(right, strlen(right));
	ui_str(y, 0, COLS, left, ui_attr(UI_STATUS), 0);
	if (rw + 2 + ui_width(left, strlen(left)) < (size_t)COLS)
		ui_str(y, COLS - (int)rw, (int)rw, right, ui_attr(UI_STATUS),
		    0);
	free(left);
	free(right);
	free(sort);
}

/* The bottom lines while a line is being typed. */
static void
ts_draw_edit(struct tscreen *ts, int y)
{
	const char	*prompt;
	const char	*keys[9];
	int		 px;

	if (ts->mode == MODE_FILTER)
		prompt = _("Filter: ");
	else if (ts->mode == MODE_SEARCH)
		prompt = _("Search: ");
	else
		prompt = _("Go to row: ");
	ui_line_draw(&ts->line, y, 0, COLS, prompt, A_NORMAL);
	if (ts->mode == MODE_FILTER && ts->err) {
		size_t	cx, cw, i;
		char	marks[256];

		px = (int)ui_width(prompt, strlen(prompt));
		cx = ui_line_col(&ts->line, ts->ferr.pos > ts->line.len ?
		    ts->line.len : ts->ferr.pos);
		cw = 1;
		if (ts->ferr.pos + ts->ferr.len <= ts->line.len)
			cw = ui_line_col(&ts->line,
			    ts->ferr.pos + ts->ferr.len) - cx;
		if (cw == 0)
			cw = 1;
		if (cw > sizeof marks - 1)
			cw = sizeof marks - 1;
		for (i = 0; i < cw; i++)
			marks[i] = '^';
		marks[cw] = '\0';
		/* Under the term, as long as the line has not scrolled. */
		if (px + cx + cw < (size_t)COLS) {
			ui_str(y + 1, px + (int)cx, (int)cw, marks,
			    ui_attr(UI_ERROR), 0);
			ui_str(y + 1, px + (int)(cx + cw) + 1,
			    COLS - px - (int)(cx + cw) - 1,
			    ts->ferr.message != NULL ? ts->ferr.message : "",
			    ui_attr(UI_ERROR), 0);
		} else
			ui_str(y + 1, 0, COLS, ts->ferr.message != NULL ?
			    ts->ferr.message : "", ui_attr(UI_ERROR), 0);
		/* The cursor stays in the line. */
		ui_line_draw(&ts->line, y, 0, COLS, prompt, A_NORMAL);
		return;
	}
	keys[0] = _("Enter");
	keys[1] = _("keep");
	keys[2] = _("Esc");
	keys[3] = ts->mode == MODE_FILTER ? _("clear") : _("cancel");
	keys[4] = NULL;
	if (ts->mode == MODE_FILTER) {
		keys[4] = ui_ascii() ? "Up/Dn" : "\xe2\x86\x91\xe2\x86\x93";
		keys[5] = _("history");
		keys[6] = NULL;
	}
	ui_keybar(y + 1, keys);
	ui_line_draw(&ts->line, y, 0, COLS, prompt, A_NORMAL);
}

/* Draw the table screen. */
static void
ts_draw(struct ui_screen *s)
{
	struct tscreen		*ts = s->data;
	struct view		*v = ts->v;
	struct view_place	 pl[256];
	size_t			 n, i, k, len;
	int			 y, h, cy = -1, cx = 0;
	uint32_t		 row;
	const char		*cell;
	attr_t			 a;
	static const char *keys[] = {
		"/", N_("filter"), "s", N_("sort"), "Enter", N_("record"),
		"F", N_("counts"), "c", N_("columns"), "e", N_("export"),
		"?", N_("help"), "q", N_("quit"), NULL
	};
	const char		*tk[17];

	h = ts_rows_height(ts);
	view_resize(v, (size_t)COLS, (size_t)h);
	view_fit(v);
	n = view_layout(v, pl, sizeof pl / sizeof pl[0]);
	ts_draw_header(ts, pl, n);
	for (y = 1, i = v->top; y <= h && i < v->nrows; y++, i++) {
		row = view_row(v, i);
		if (i == v->sel)
			ui_fill(y, 0, ui_attr(UI_SELECT));
		for (k = 0; k < n; k++) {
			cell = table_cell(ts->t, row, pl[k].col, &len);
			a = A_NORMAL;
			if (i == v->sel) {
				a = ui_attr(UI_SELECT);
				if (pl[k].d == v->cur) {
					a = ui_attr(UI_CURSOR);
					cy = y;
					cx = (int)pl[k].x;
				}
			}
			ts_draw_cell(ts, y, &pl[k], cell, len, a);
			if (v->npinned > 0 && pl[k].d == v->npinned - 1 &&
			    pl[k].x + pl[k].w < (size_t)COLS)
				ui_str(y, (int)(pl[k].x + pl[k].w), 1,
				    ui_ascii() ? "|" : "\xe2\x94\x82",
				    i == v->sel ? ui_attr(UI_SELECT) :
				    ui_attr(UI_MARK), 0);
		}
	}
	if (v->nrows == 0)
		ui_str(2, 2, COLS - 4, ts->busy ? _("Working...") :
		    _("No elector matches the filter."), A_BOLD, 0);
	ts_draw_status(ts, h + 1);
	if (ts->mode != MODE_TABLE) {
		ts_draw_edit(ts, h + 2);
		return;
	}
	for (i = 0; keys[i] != NULL; i++)
		tk[i] = (i % 2 == 1 || strcmp(keys[i], "Enter") == 0) ?
		    _(keys[i]) : keys[i];
	tk[i] = NULL;
	ui_keybar(h + 2, tk);
	if (cy >= 0)
		ui_cursor(cy, cx);
	else
		ui_cursor(1, 0);
}

/* Add a filter to the history (most recent last, no duplicates). */
static void
ts_history_add(struct tscreen *ts, const char *expr)
{
	size_t	i;

	if (*expr == '\0')
		return;
	for (i = 0; i < ts->nhist; i++) {
		if (strcmp(ts->hist[i], expr) == 0) {
			free(ts->hist[i]);
			memmove(&ts->hist[i], &ts->hist[i + 1],
			    (ts->nhist - i - 1) * sizeof ts->hist[0]);
			ts->nhist--;
			break;
		}
	}
	if (ts->nhist == HISTORY_MAX) {
		free(ts->hist[0]);
		memmove(&ts->hist[0], &ts->hist[1],
		    (HISTORY_MAX - 1) * sizeof ts->hist[0]);
		ts->nhist--;
	}
	ts->hist[ts->nhist++] = xstrdup(expr);
}

/* Open the line in a mode. */
static void
ts_open_line(struct tscreen *ts, enum tmode mode)
{
	ts->mode = mode;
	ui_line_clear(&ts->line);
	if (mode == MODE_FILTER) {
		free(ts->before);
		ts->before = xstrdup(ts->applied != NULL ? ts->applied : "");
		ui_line_set(&ts->line, ts->before);
		ts->hpos = ts->nhist;
		ts->err = 0;
	} else if (mode == MODE_SEARCH && ts->needle_raw != NULL)
		ui_line_set(&ts->line, ts->needle_raw);
}

/* Set the search needle. */
static void
ts_set_needle(struct tscreen *ts, const char *raw)
{
	struct filter_error	 e;
	char			*q;
	size_t			 i, k = 0, n;

	free(ts->needle);
	free(ts->needle_raw);
	filter_free(ts->sfilter);
	ts->needle = ts->needle_raw = NULL;
	ts->sfilter = NULL;
	if (*raw == '\0')
		return;
	ts->needle_raw = xstrdup(raw);
	ts->needle = text_fold_dup(raw);
	/* The same matching as a bare "phrase" of the filter language. */
	n = strlen(raw);
	q = xmalloc(2 * n + 3);
	q[k++] = '"';
	for (i = 0; i < n; i++) {
		if (raw[i] == '"' || raw[i] == '\\')
			q[k++] = '\\';
		q[k++] = raw[i];
	}
	q[k++] = '"';
	q[k] = '\0';
	memset(&e, 0, sizeof e);
	if (filter_parse(q, ts->t, &ts->sfilter, &e) != 0) {
		free(e.message);
		ts->sfilter = NULL;
	}
	free(q);
}

/* A key while the line is open. */
static int
ts_key_line(struct tscreen *ts, int code, int fn)
{
	int	r;

	if (!fn && code == 27) {
		if (ts->mode == MODE_FILTER) {
			ui_line_clear(&ts->line);
			tscreen_post(ts, "");
			ts->err = 0;
		}
		ts->mode = MODE_TABLE;
		return (UI_REDRAW);
	}
	if (!fn && (code == '\r' || code == '\n')) {
		if (ts->mode == MODE_FILTER) {
			if (ts->err)
				return (UI_REDRAW);	/* fix it first */
			ts_history_add(ts, ts->line.buf);
		} else if (ts->mode == MODE_SEARCH) {
			ts_set_needle(ts, ts->line.buf);
			ts->mode = MODE_TABLE;
			if (ts->needle != NULL && ts->v->nrows > 0 &&
			    !ts_row_found(ts, ts->v->sel))
				ts_search(ts, 0);
			return (UI_REDRAW);
		} else {
			char		*end;
			unsigned long	 n = strtoul(ts->line.buf, &end, 10);

			if (end == ts->line.buf || *end != '\0' || n == 0)
				ui_message(1, "%s", _("Type a row number"));
			else
				view_goto(ts->v, (size_t)n - 1);
		}
		ts->mode = MODE_TABLE;
		return (UI_REDRAW);
	}
	if (ts->mode == MODE_FILTER && fn && (code == KEY_UP ||
	    code == KEY_DOWN)) {
		if (code == KEY_UP && ts->hpos > 0) {
			if (ts->hpos == ts->nhist) {
				free(ts->draft);
				ts->draft = xstrdup(ts->line.buf);
			}
			ts->hpos--;
			ui_line_set(&ts->line, ts->hist[ts->hpos]);
		} else if (code == KEY_DOWN && ts->hpos < ts->nhist) {
			ts->hpos++;
			ui_line_set(&ts->line, ts->hpos == ts->nhist ?
			    (ts->draft ? ts->draft : "") : ts->hist[ts->hpos]);
		} else
			return (0);
		tscreen_post(ts, ts->line.buf);
		return (UI_REDRAW);
	}
	r = ui_line_key(&ts->line, code, fn);
	if (r == UI_LINE_CHANGED && ts->mode == MODE_FILTER)
		tscreen_post(ts, ts->line.buf);
	return (r != UI_LINE_IGNORED ? UI_REDRAW : 0);
}

/* Apply a filter chosen elsewhere (frequency view). */
static void
ts_apply(struct tscreen *ts, const char *expr)
{
	tscreen_post(ts, expr);
	if (ts->err) {
		ui_message(1, "%s", ts->ferr.message ? ts->ferr.message : "");
		ts->err = 0;
	} else
		ts_history_add(ts, expr);
}

/* Cells shown, in screen order (allocated). */
static size_t *
ts_shown_cols(struct tscreen *ts, size_t *n)
{
	size_t	*cols, d;

	cols = xcalloc(ts->v->ndisp ? ts->v->ndisp : 1, sizeof *cols);
	for (d = 0; d < ts->v->ndisp; d++)
		cols[d] = ts->v->cols[ts->v->disp[d]].col;
	*n = ts->v->ndisp;
	return (cols);
}

/*
 * The keys of the table screen.  An action gets the count typed before
 * the key (1 when none; had says whether one was typed) and returns the
 * screen bits.
 */
typedef int (*ts_action)(struct ui_screen *, struct tscreen *, long, int);

static int
act_down(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_move(ts->v, n);
	return (UI_REDRAW);
}

static int
act_up(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_move(ts->v, -n);
	return (UI_REDRAW);
}

static int
act_left(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_col_move(ts->v, -n);
	return (UI_REDRAW);
}

static int
act_right(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_col_move(ts->v, n);
	return (UI_REDRAW);
}

static int
act_page_down(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_page(ts->v, n);
	return (UI_REDRAW);
}

static int
act_page_up(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_page(ts->v, -n);
	return (UI_REDRAW);
}

/* Half a screen of rows. */
static long
ts_half(const struct view *v)
{
	return ((long)(v->height > 1 ? v->height / 2 : 1));
}

static int
act_half_down(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_move(ts->v, n * ts_half(ts->v));
	return (UI_REDRAW);
}

static int
act_half_up(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_move(ts->v, -n * ts_half(ts->v));
	return (UI_REDRAW);
}

static int
act_first(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	if (had)
		view_goto(ts->v, (size_t)n - 1);
	else
		view_home(ts->v);
	return (UI_REDRAW);
}

static int
act_last(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	if (had)
		view_goto(ts->v, (size_t)n - 1);
	else
		view_end(ts->v);
	return (UI_REDRAW);
}

static int
act_jump(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ts_open_line(ts, MODE_JUMP);
	return (UI_REDRAW);
}

static int
act_col_first(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_col_first(ts->v);
	return (UI_REDRAW);
}

static int
act_col_last(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_col_last(ts->v);
	return (UI_REDRAW);
}

static int
act_filter(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ts_open_line(ts, MODE_FILTER);
	return (UI_REDRAW);
}

static int
act_search(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ts_open_line(ts, MODE_SEARCH);
	return (UI_REDRAW);
}

static int
act_search_cell(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	struct view	*v = ts->v;
	size_t		 col;

	if ((col = view_cur_col(v)) != (size_t)-1 && v->nrows > 0) {
		ts_set_needle(ts, table_cell(ts->t, view_row(v, v->sel), col,
		    NULL));
		ts_search(ts, 0);
	}
	return (UI_REDRAW);
}

static int
act_next(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ts_search(ts, 0);
	return (UI_REDRAW);
}

static int
act_previous(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ts_search(ts, 1);
	return (UI_REDRAW);
}

static int
act_unmark(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	if (ts->needle != NULL)
		ts_set_needle(ts, "");
	return (UI_REDRAW);
}

/* Sort by the current column (down: descending). */
static int
ts_sort(struct tscreen *ts, int down)
{
	size_t	 col;

	if ((col = view_cur_col(ts->v)) == (size_t)-1)
		return (UI_REDRAW);
	view_sort_by(ts->v, col, down);
	tscreen_post(ts, ts->applied != NULL ? ts->applied : "");
	return (UI_REDRAW);
}

static int
act_sort(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	return (ts_sort(ts, 0));
}

static int
act_sort_down(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	return (ts_sort(ts, 1));
}

static int
act_unsort(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_sort_clear(ts->v);
	tscreen_post(ts, ts->applied != NULL ? ts->applied : "");
	return (UI_REDRAW);
}

static int
act_narrow(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_widen(ts->v, -n * 2);
	return (UI_REDRAW);
}

static int
act_widen(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	view_widen(ts->v, n * 2);
	return (UI_REDRAW);
}

static int
act_fit(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	struct view_col	*c;

	if (ts->v->ndisp > 0) {
		c = &ts->v->cols[ts->v->disp[ts->v->cur]];
		c->user = 0;
		c->width = c->fitted;
	}
	return (UI_REDRAW);
}

static int
act_hide(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	if (ts->v->ndisp > 1) {
		view_col_hide(ts->v, ts->v->disp[ts->v->cur], 1);
		ui_message(0, "%s", _("Column hidden: c shows the list of "
		    "columns"));
	}
	return (UI_REDRAW);
}

static int
act_columns(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ui_columns(ts->t, ts->v);
	return (UI_REDRAW);
}

static int
act_record(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	struct view	*v = ts->v;
	size_t		*all, i;

	if (v->nrows == 0)
		return (UI_REDRAW);
	all = xcalloc(table_cols(ts->t), sizeof *all);
	for (i = 0; i < table_cols(ts->t); i++)
		all[i] = i;
	i = ui_record(ts->t, v->rows, v->nrows, v->sel, all,
	    table_cols(ts->t));
	free(all);
	view_goto(v, i);
	return (UI_REDRAW);
}

static int
act_freq(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	struct view	*v = ts->v;
	size_t		 col;
	char		*expr = NULL, *both;

	if ((col = view_cur_col(v)) == (size_t)-1)
		return (UI_REDRAW);
	if (ui_freq(ts->t, v->rows, v->nrows, col, &expr) == 1 &&
	    expr != NULL) {
		if (ts->applied != NULL && *ts->applied != '\0')
			both = xasprintf("%s %s", ts->applied, expr);
		else
			both = xstrdup(expr);
		ts_apply(ts, both);
		free(both);
	}
	free(expr);
	return (UI_REDRAW);
}

static int
act_export(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	size_t	*cols, ncols;

	cols = ts_shown_cols(ts, &ncols);
	ui_export(ts->t, ts->v->rows, ts->v->nrows, cols, ncols);
	free(cols);
	return (UI_REDRAW);
}

static int
act_sheet(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ui_sheet(ts->t, ts->v->rows, ts->v->nrows, ts->name);
	return (UI_REDRAW);
}

static int
act_help(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	ui_help();
	return (UI_REDRAW);
}

static int
act_quit(struct ui_screen *s, struct tscreen *ts, long n, int had)
{
	s->result = 0;
	return (UI_CLOSE);
}

/*
 * The key table: a key (a character, or a curses KEY_* when fn), whether
 * a count typed first applies, the action, and the help.  A row with no
 * help is listed with the row before it (another key for the same thing);
 * a row with no key is a heading of the help; a row with no action is a
 * key the screen loop handles (listed in the help only).  "\n" in a help
 * continues it on the next line.
 */
struct ts_binding {
	int		 key;
	int		 fn;
	int		 count;
	ts_action	 action;
	const char	*help;
};

#define TS_CTRL(c)	((c) & 0x1f)

static const struct ts_binding ts_bindings[] = {
	{ 0, 0, 0, NULL, N_("Moving") },
	{ 'j', 0, 1, act_down, N_("next row (a count first: 5j)") },
	{ KEY_DOWN, 1, 1, act_down, NULL },
	{ TS_CTRL('N'), 0, 1, act_down, NULL },
	{ 'k', 0, 1, act_up, N_("previous row") },
	{ KEY_UP, 1, 1, act_up, NULL },
	{ TS_CTRL('P'), 0, 1, act_up, NULL },
	{ 'l', 0, 1, act_right, N_("next column") },
	{ KEY_RIGHT, 1, 1, act_right, NULL },
	{ '\t', 0, 1, act_right, NULL },
	{ 'h', 0, 1, act_left, N_("previous column") },
	{ KEY_LEFT, 1, 1, act_left, NULL },
	{ KEY_BTAB, 1, 1, act_left, NULL },
	{ ' ', 0, 1, act_page_down, N_("next page") },
	{ KEY_NPAGE, 1, 1, act_page_down, NULL },
	{ TS_CTRL('F'), 0, 1, act_page_down, NULL },
	{ 'b', 0, 1, act_page_up, N_("previous page") },
	{ KEY_PPAGE, 1, 1, act_page_up, NULL },
	{ TS_CTRL('B'), 0, 1, act_page_up, NULL },
	{ 'd', 0, 1, act_half_down, N_("half a page down") },
	{ TS_CTRL('D'), 0, 1, act_half_down, NULL },
	{ 'u', 0, 1, act_half_up, N_("half a page up") },
	{ TS_CTRL('U'), 0, 1, act_half_up, NULL },
	{ 'g', 0, 1, act_first, N_("first row; 25g goes to row 25") },
	{ KEY_HOME, 1, 1, act_first, NULL },
	{ 'G', 0, 1, act_last, N_("last row; 25G goes to row 25") },
	{ KEY_END, 1, 1, act_last, NULL },
	{ ':', 0, 0, act_jump, N_("go to a row: type its number, then "
	    "Enter") },
	{ '0', 0, 0, act_col_first, N_("first column") },
	{ '^', 0, 0, act_col_first, NULL },
	{ '$', 0, 0, act_col_last, N_("last column") },

	{ 0, 0, 0, NULL, N_("Filtering and searching") },
	{ '/', 0, 0, act_filter, N_("filter line, applied while you type;\n"
	    "Enter keeps it, Esc clears it, Up/Down history;\n"
	    "e.g.  belanger   mun:laval   age>=65\n"
	    "      nom:gagnon|roy   -sexe=F") },
	{ 'f', 0, 0, act_filter, NULL },
	{ '&', 0, 0, act_search, N_("search the shown rows (accents "
	    "ignored)") },
	{ '*', 0, 0, act_search_cell, N_("search the value of the current "
	    "cell") },
	{ 'n', 0, 0, act_next, N_("next match") },
	{ 'N', 0, 0, act_previous, N_("previous match") },
	{ 27, 0, 0, act_unmark, N_("stop highlighting the search") },

	{ 0, 0, 0, NULL, N_("Sorting and columns") },
	{ 's', 0, 0, act_sort, N_("sort by this column, ascending; the "
	    "previous\nsort stays as a secondary key") },
	{ 'S', 0, 0, act_sort_down, N_("sort by this column, descending") },
	{ 'r', 0, 0, act_unsort, N_("back to the order of the file") },
	{ '<', 0, 1, act_narrow, N_("narrow the column") },
	{ '>', 0, 1, act_widen, N_("widen the column") },
	{ '_', 0, 0, act_fit, N_("fit the column to its content again") },
	{ '-', 0, 0, act_hide, N_("hide the column") },
	{ 'c', 0, 0, act_columns, N_("column list: Space hides or shows,\n"
	    "K J (or + -) move a column up / down") },

	{ 0, 0, 0, NULL, N_("Views") },
	{ '\r', 0, 0, act_record, N_("every field of the elector") },
	{ '\n', 0, 0, act_record, NULL },
	{ KEY_ENTER, 1, 0, act_record, NULL },
	{ 'F', 0, 0, act_freq, N_("counts of each value of the column;\n"
	    "Enter there filters the table by the value") },
	{ 'e', 0, 0, act_export, N_("export the shown rows and columns (CSV,"
	    "\nExcel CSV, TSV, JSON) to a private file") },
	{ 'w', 0, 0, act_sheet, N_("walk sheets of the shown electors (PDF,"
	    "\ntext, CSV), in routes of the size asked") },

	{ 0, 0, 0, NULL, N_("Other") },
	{ '?', 0, 0, act_help, N_("this help") },
	{ KEY_F(1), 1, 0, act_help, NULL },
	{ TS_CTRL('L'), 0, 0, NULL, N_("redraw the screen") },
	{ 'q', 0, 0, act_quit, N_("quit (from other screens: back)") },
};
#define TS_NBINDINGS	(sizeof ts_bindings / sizeof ts_bindings[0])

/* A key on the table: the count prefix, then the table's row. */
static int
ts_key(struct ui_screen *s, int code, int fn)
{
	struct tscreen	*ts = s->data;
	long		 count = ts->count > 0 ? ts->count : 1;
	int		 had = ts->count > 0;
	size_t		 i;

	if (ts->mode != MODE_TABLE)
		return (ts_key_line(ts, code, fn));
	if (!fn && code >= '0' && code <= '9' && (code != '0' || had)) {
		ts->count = (had ? ts->count : 0) * 10 + (code - '0');
		if (ts->count > 100000000)
			ts->count = 100000000;
		ui_message(0, "%ld", ts->count);
		return (UI_REDRAW);
	}
	ts->count = 0;
	for (i = 0; i < TS_NBINDINGS; i++) {
		const struct ts_binding *b = &ts_bindings[i];

		if (b->action == NULL || b->key != code || b->fn != (fn != 0))
			continue;
		return (b->action(s, ts, b->count ? count : 1, had &&
		    b->count));
	}
	return (0);
}

/* The name of a key for the help (translated). */
static const char *
ts_key_name(const struct ts_binding *b, char *buf, size_t size)
{
	static const struct {
		int		 key;
		const char	*name;
	} fnames[] = {
		{ KEY_DOWN, N_("Down") }, { KEY_UP, N_("Up") },
		{ KEY_LEFT, N_("Left") }, { KEY_RIGHT, N_("Right") },
		{ KEY_NPAGE, N_("PgDn") }, { KEY_PPAGE, N_("PgUp") },
		{ KEY_HOME, N_("Home") }, { KEY_END, N_("End") },
		{ KEY_BTAB, N_("Shift-Tab") }, { KEY_F(1), "F1" },
		{ KEY_ENTER, NULL },
	};
	size_t	 i;

	if (b->fn) {
		for (i = 0; i < sizeof fnames / sizeof fnames[0]; i++)
			if (fnames[i].key == b->key)
				return (fnames[i].name != NULL ?
				    _(fnames[i].name) : NULL);
		return (NULL);
	}
	switch (b->key) {
	case ' ':
		return (_("Space"));
	case '\t':
		return ("Tab");
	case '\r':
		return (_("Enter"));
	case '\n':
		return (NULL);		/* the same key as Enter */
	case 27:
		return (_("Esc"));
	}
	if (b->key < 32)
		snprintf(buf, size, "^%c", b->key + '@');
	else
		snprintf(buf, size, "%c", b->key);
	return (buf);
}

#define TS_HELP_KEYS	22	/* where the help's texts start */

/*
 * The help's lines, from the key table (allocated, *n of them; the
 * caller frees each and the array).
 */
static char **
ts_help_lines(size_t *n)
{
	char		**lines = NULL, *keys, *tmp, buf[8], *text, *line;
	char		*save, *part;
	const char	*name;
	size_t		 nl = 0, i, k, w;

	for (i = 0; i < TS_NBINDINGS; i++) {
		const struct ts_binding *b = &ts_bindings[i];

		if (b->help == NULL)
			continue;
		lines = xreallocarray(lines, nl + 8, sizeof *lines);
		if (b->key == 0 && !b->fn) {
			if (nl > 0)
				lines[nl++] = xstrdup("");
			lines[nl++] = xstrdup(_(b->help));
			continue;
		}
		keys = xstrdup("");
		for (k = i; k < TS_NBINDINGS; k++) {
			if (k > i && ts_bindings[k].help != NULL)
				break;
			name = ts_key_name(&ts_bindings[k], buf, sizeof buf);
			if (name == NULL)
				continue;
			tmp = xasprintf("%s%s%s", keys, *keys ? " " : "",
			    name);
			free(keys);
			keys = tmp;
		}
		text = xstrdup(_(b->help));
		for (part = strtok_r(text, "\n", &save), k = 0; part != NULL;
		    part = strtok_r(NULL, "\n", &save), k++) {
			w = ui_width(keys, strlen(keys));
			if (k == 0 && w + 3 <= TS_HELP_KEYS)
				line = xasprintf("  %s%*s%s", keys,
				    (int)(TS_HELP_KEYS - 2 - w), "", part);
			else if (k == 0)
				line = xasprintf("  %s\n%*s%s", keys,
				    TS_HELP_KEYS, "", part);
			else
				line = xasprintf("%*s%s", TS_HELP_KEYS, "",
				    part);
			lines = xreallocarray(lines, nl + 2, sizeof *lines);
			/* A line too long for its keys: two lines. */
			if ((tmp = strchr(line, '\n')) != NULL) {
				*tmp = '\0';
				lines[nl++] = xstrdup(line);
				lines[nl++] = xstrdup(tmp + 1);
				free(line);
			} else
				lines[nl++] = line;
		}
		free(text);
		free(keys);
	}
	*n = nl;
	return (lines);
}

/* The help page of the table screen, generated from its key table. */
void
ui_help(void)
{
	static const char *const notes[] = {
		N_("The screen blanks after 15 minutes without a key and asks "
		    "for the"),
		N_("archive password again before showing the electors."),
		N_("Exported lists are personal information protected by the "
		    "Loi"),
		N_("électorale (art. 551.1.1 and 551.2): "
		    "use them only as the law allows."),
	};
	char		**lines;
	const char	**all;
	size_t		 n, i, k = 0;

	lines = ts_help_lines(&n);
	all = xcalloc(n + 6, sizeof *all);
	for (i = 0; i < n; i++)
		all[k++] = lines[i];
	all[k++] = "";
	for (i = 0; i < sizeof notes / sizeof notes[0]; i++)
		all[k++] = _(notes[i]);
	(void)ui_pager(_("Help: keys of the table"), all, k);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(all);
}

/* The size changed: the next draw refits. */
static void
ts_resize(struct ui_screen *s)
{
	(void)s;
}

/* Free the screen's state (the table is the caller's). */
static void
ts_free(struct ui_screen *s)
{
	struct tscreen	*ts = s->data;
	size_t		 i;

	sift_free(ts->sift);
	view_free(ts->v);
	free(ts->name);
	free(ts->applied);
	free(ts->before);
	free(ts->draft);
	free(ts->needle);
	free(ts->needle_raw);
	filter_free(ts->sfilter);
	free(ts->ferr.message);
	for (i = 0; i < ts->nhist; i++)
		free(ts->hist[i]);
	ui_line_clear(&ts->line);
	free(ts);
}

static const struct ui_screen_ops ts_ops = {
	ts_draw, ts_key, ts_resize, ts_tick, ts_free
};

/* The table screen over t. */
struct ui_screen *
ui_table_new(struct table *t, const char *name)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct tscreen		*ts = xcalloc(1, sizeof *ts);
	struct view_source	 src;
	int			*pinned;
	size_t			 i, n = table_cols(t);

	ts->t = t;
	ts->name = xstrdup(name);
	ts->sift = sift_new(t, ts_wake, NULL);
	pinned = xcalloc(n ? n : 1, sizeof *pinned);
	for (i = 0; i < n; i++)
		pinned[i] = (table_col_flags(t, i) & TABLE_COL_NAME) != 0;
	src.ncols = n;
	src.head_width = ts_head_width;
	src.cell_width = ts_cell_width;
	src.arg = ts;
	ts->v = view_new(&src, table_rows(t), pinned);
	free(pinned);
	s->ops = &ts_ops;
	s->data = ts;
	s->secret = 1;
	return (s);
}
