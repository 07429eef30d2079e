/*
 * ui-freq — the frequency view of one column (each value, its count, its
 * share and a bar; sorted by count or by value; Enter filters the table by
 * the value) and the column list (hide, show, reorder).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listelec/filter.h"
#include "listelec/i18n.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/view.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

struct freq {
	struct table		*t;
	size_t			 col;
	struct view_freq	*f;
	int			 by_value;
	char			*expr;
	char			*title;
	size_t			 valw;
	const char		*keys[7];
};

static const char *const freq_help[] = {
	N_("Counts of each value of the column among the shown electors."),
	N_("  Enter               filter the table by this value"),
};

static const char *const cols_help[] = {
	N_("Shown columns are marked [x]; pinned ones stay at the left."),
	N_("  Space x             show or hide the column"),
	N_("  Enter c q           back to the table"),
};

/* The expression selecting the rows whose col is value. */
char *
ui_freq_expr(const struct table *t, size_t col, const char *value)
{
	return (filter_term_equals(table_col_name(t, col), value));
}

/* Copy up to max translated lines of help. */
static size_t
help_lines(const char *const *help, size_t n, const char **lines, size_t max)
{
	size_t	i;

	for (i = 0; i < n && i < max; i++)
		lines[i] = _(help[i]);
	return (i);
}

/* The items: one per value, in the order of f. */
static void
freq_fill(struct freq *q, struct ui_list *l)
{
	struct view_freq	*f = q->f;
	char			*v;
	size_t			 i;

	ui_list_clear(l);
	for (i = 0; i < f->n; i++) {
		v = xstrndup(f->items[i].value, f->items[i].len);
		ui_list_add(l, v, 0, UI_LIST_NOTAG, 0, NULL);
		free(v);
	}
	q->keys[3] = q->by_value ? _("sort by count") : _("sort by value");
}

/* The column names. */
static int
freq_head(void *arg, struct ui_list *l, int y)
{
	struct freq	*q = arg;
	size_t		 i, w;

	q->valw = 0;
	for (i = 0; i < q->f->n && i < 2000; i++) {
		w = ui_width(q->f->items[i].value, q->f->items[i].len);
		if (w > q->valw)
			q->valw = w;
	}
	if (q->valw < 8)
		q->valw = 8;
	if (q->valw > (size_t)COLS / 2)
		q->valw = (size_t)COLS / 2;
	ui_str(y, 1, (int)q->valw, _("Value"), ui_attr(UI_HEADER), 1);
	ui_str(y, (int)q->valw + 2, 9, _("Count"), ui_attr(UI_HEADER), 1);
	ui_str(y, (int)q->valw + 12, 6, "%", ui_attr(UI_HEADER), 1);
	return (y + 1);
}

/* A value, its count, its share and its bar. */
static void
freq_draw(void *arg, struct ui_list *l, size_t i, int y, int x, attr_t a)
{
	struct freq		*q = arg;
	struct view_freq	*f = q->f;
	size_t			 valw = q->valw, bar, k;
	int			 barw = COLS - (int)valw - 20;
	char			*num;

	if (f->items[i].len == 0)
		ui_str(y, x, (int)valw, _("(empty)"), a | A_DIM, 1);
	else
		ui_text(y, x, (int)valw, f->items[i].value, f->items[i].len, a,
		    1);
	num = xasprintf("%9zu", f->items[i].count);
	ui_str(y, (int)valw + 2, 9, num, a, 0);
	free(num);
	num = xasprintf("%5.1f", f->rows ? 100.0 *
	    (double)f->items[i].count / (double)f->rows : 0.0);
	ui_str(y, (int)valw + 12, 6, num, a, 0);
	free(num);
	if (barw > 0 && f->max > 0) {
		bar = (size_t)((double)barw * (double)f->items[i].count /
		    (double)f->max + 0.5);
		if (bar == 0)
			bar = 1;
		for (k = 0; k < bar; k++)
			ui_str(y, (int)valw + 19 + (int)k, 1,
			    ui_ascii() ? "#" : "\xe2\x96\x88",
			    a | ui_attr(UI_MARK), 0);
	}
}

/* Enter filters by the value. */
static int
freq_key(void *arg, struct ui_list *l, int code, int fn)
{
	struct freq	*q = arg;
	size_t		 cur = ui_list_current(l);

	if ((fn && code == KEY_ENTER) || (!fn && (code == '\r' ||
	    code == '\n'))) {
		if (q->f->n == 0)
			return (0);
		q->expr = ui_freq_expr(q->t, q->col, q->f->items[cur].value);
		return (ui_list_close(l, 1));
	}
	return (UI_LIST_PASS);
}

static size_t
freq_helpfn(void *arg, const char **lines, size_t max)
{
	return (help_lines(freq_help, sizeof freq_help / sizeof *freq_help,
	    lines, max));
}

/* s: by value, or by count again. */
static void
freq_sort(void *arg, struct ui_list *l)
{
	struct freq	*q = arg;

	q->by_value = !q->by_value;
	view_freq_sort(q->f, q->by_value, text_natcmp);
	freq_fill(q, l);
}

static const struct ui_list_ops freq_ops = {
	freq_head, freq_draw, freq_key, freq_helpfn, freq_sort, NULL
};

/* The frequency view; 1 with *expr set when a value was chosen. */
int
ui_freq(struct table *t, const uint32_t *rows, size_t n, size_t col,
    char **expr)
{
	struct ui_list	*l;
	struct freq	 q;
	int		 r;

	memset(&q, 0, sizeof q);
	q.t = t;
	q.col = col;
	q.f = view_freq_table(t, rows, n, col, NULL);
	q.title = xasprintf(_("Counts of %s: %zu values in %zu electors"),
	    table_col_name(t, col), q.f->n, q.f->rows);
	q.keys[0] = _("Enter");
	q.keys[1] = _("filter by this value");
	q.keys[2] = "s";
	q.keys[4] = "q";
	q.keys[5] = _("back");
	q.keys[6] = NULL;
	l = ui_list_new(q.title, &freq_ops, &q, UI_LIST_SECRET);
	ui_list_set_cancel(l, 0);
	ui_list_set_keys(l, q.keys);
	freq_fill(&q, l);
	r = ui_list_run(l);
	ui_list_free(l);
	view_freq_free(q.f);
	free(q.title);
	if (r == 1)
		*expr = q.expr;
	else
		free(q.expr);
	return (r);
}

/* The column list. */
struct cols {
	struct table	*t;
	struct view	*v;
};

/* The column's name, and whether it is pinned. */
static char *
cols_text(struct cols *c, size_t i)
{
	return (xasprintf("%s%s", table_col_name(c->t, c->v->cols[i].col),
	    c->v->cols[i].pinned ? _(" (pinned)") : ""));
}

static int
cols_head(void *arg, struct ui_list *l, int y)
{
	ui_str(y, 1, COLS - 2, _("Shown columns are marked [x]; pinned ones "
	    "stay at the left."), A_NORMAL, 0);
	return (y + 1);
}

/* Space shows or hides; Enter and c go back. */
static int
cols_key(void *arg, struct ui_list *l, int code, int fn)
{
	struct cols	*c = arg;
	struct view	*v = c->v;
	size_t		 shown = 0, i, cur = ui_list_current(l);

	if (fn)
		return (code == KEY_ENTER ? ui_list_close(l, 0) :
		    UI_LIST_PASS);
	switch (code) {
	case ' ':
	case 'x':
		if (cur >= v->ncols)
			return (0);
		for (i = 0; i < v->ncols; i++)
			if (!v->cols[i].hidden)
				shown++;
		if (!v->cols[cur].hidden && shown == 1) {
			ui_message(1, "%s",
			    _("At least one column stays shown"));
			return (UI_REDRAW);
		}
		view_col_hide(v, cur, !v->cols[cur].hidden);
		ui_list_item(l, cur)->tag = !v->cols[cur].hidden;
		return (UI_REDRAW);
	case '\r':
	case '\n':
	case 'c':
		return (ui_list_close(l, 0));
	}
	return (UI_LIST_PASS);
}

static size_t
cols_helpfn(void *arg, const char **lines, size_t max)
{
	return (help_lines(cols_help, sizeof cols_help / sizeof *cols_help,
	    lines, max));
}

/* K J: move the column. */
static int
cols_swap(void *arg, struct ui_list *l, size_t a, size_t b)
{
	struct cols	*c = arg;

	(void)view_col_reorder(c->v, a, (long)b - (long)a);
	return (1);
}

static const struct ui_list_ops cols_ops = {
	cols_head, NULL, cols_key, cols_helpfn, NULL, cols_swap
};

/* The column list over v. */
void
ui_columns(struct table *t, struct view *v)
{
	struct ui_list	*l;
	struct cols	 c;
	char		*text;
	size_t		 i;
	const char	*keys[7];

	c.t = t;
	c.v = v;
	keys[0] = _("Space");
	keys[1] = _("show/hide");
	keys[2] = "K J";
	keys[3] = _("move up/down");
	keys[4] = "q";
	keys[5] = _("back");
	keys[6] = NULL;
	l = ui_list_new(_("Columns"), &cols_ops, &c, UI_LIST_TAGS);
	ui_list_set_cancel(l, 0);
	ui_list_set_keys(l, keys);
	for (i = 0; i < v->ncols; i++) {
		text = cols_text(&c, i);
		ui_list_add(l, text, 0, !v->cols[i].hidden, 0, NULL);
		free(text);
	}
	(void)ui_list_run(l);
	ui_list_free(l);
}
