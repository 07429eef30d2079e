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
	size_t			 top, sel;
	char			*expr;
};

/* Cell text for the counting. */
static const char *
freq_cell(void *arg, uint32_t row, size_t col, size_t *len)
{
	return (table_cell(arg, row, col, len));
}

/* The expression selecting the rows whose col is value. */
char *
ui_freq_expr(const struct table *t, size_t col, const char *value)
{
	return (filter_term_equals(table_col_name(t, col), value));
}

static void
freq_draw(struct ui_screen *s)
{
	struct freq		*q = s->data;
	struct view_freq	*f = q->f;
	size_t			 h = (size_t)LINES - 3, i, valw = 0, w, bar, k;
	int			 y, barw;
	char			*title, *num;
	const char		*keys[9];
	attr_t			 a;

	title = xasprintf(_("Counts of %s: %zu values in %zu electors"),
	    table_col_name(q->t, q->col), f->n, f->rows);
	ui_str(0, 0, COLS, title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	free(title);
	for (i = 0; i < f->n && i < 2000; i++) {
		w = ui_width(f->items[i].value, f->items[i].len);
		if (w > valw)
			valw = w;
	}
	if (valw < 8)
		valw = 8;
	if (valw > (size_t)COLS / 2)
		valw = (size_t)COLS / 2;
	ui_str(1, 1, (int)valw, _("Value"), ui_attr(UI_HEADER), 1);
	ui_str(1, (int)valw + 2, 9, _("Count"), ui_attr(UI_HEADER), 1);
	ui_str(1, (int)valw + 12, 6, "%", ui_attr(UI_HEADER), 1);
	barw = COLS - (int)valw - 20;
	if (q->sel < q->top)
		q->top = q->sel;
	if (q->sel >= q->top + h)
		q->top = q->sel - h + 1;
	for (y = 2, i = q->top; i < f->n && (size_t)y < h + 2; i++, y++) {
		a = i == q->sel ? ui_attr(UI_SELECT) : A_NORMAL;
		if (i == q->sel) {
			ui_fill(y, 0, a);
			ui_cursor(y, 1);
		}
		if (f->items[i].len == 0)
			ui_str(y, 1, (int)valw, _("(empty)"), a | A_DIM, 1);
		else
			ui_text(y, 1, (int)valw, f->items[i].value,
			    f->items[i].len, a, 1);
		num = xasprintf("%9zu", f->items[i].count);
		ui_str(y, (int)valw + 2, 9, num, a, 0);
		free(num);
		num = xasprintf("%5.1f", f->rows ? 100.0 *
		    (double)f->items[i].count / (double)f->rows : 0.0);
		ui_str(y, (int)valw + 12, 6, num, a, 0);
		free(num);
		if (barw > 0 && f->max > 0) {
			bar = (size_t)((double)barw *
			    (double)f->items[i].count / (double)f->max + 0.5);
			if (bar == 0)
				bar = 1;
			for (k = 0; k < bar; k++)
				ui_str(y, (int)valw + 19 + (int)k, 1,
				    ui_ascii() ? "#" : "\xe2\x96\x88",
				    a | ui_attr(UI_MARK), 0);
		}
	}
	keys[0] = _("Enter");
	keys[1] = _("filter by this value");
	keys[2] = "s";
	keys[3] = q->by_value ? _("sort by count") : _("sort by value");
	keys[4] = "q";
	keys[5] = _("back");
	keys[6] = NULL;
	ui_keybar(LINES - 1, keys);
}

static int
freq_key(struct ui_screen *s, int code, int fn)
{
	struct freq	*q = s->data;
	size_t		 page = LINES > 4 ? (size_t)LINES - 3 : 1, n = q->f->n;

	if (fn) {
		if (code == KEY_F(1)) {
			ui_help();
			return (UI_REDRAW);
		}
		if ((code = ui_list_key(code)) == 0)
			return (0);
	}
	switch (code) {
	case 'j':
		if (q->sel + 1 < n)
			q->sel++;
		break;
	case 'k':
		if (q->sel > 0)
			q->sel--;
		break;
	case ' ':
		q->sel = q->sel + page < n ? q->sel + page : (n ? n - 1 : 0);
		break;
	case 'b':
		q->sel = q->sel > page ? q->sel - page : 0;
		break;
	case 'g':
		q->sel = 0;
		break;
	case 'G':
		q->sel = n ? n - 1 : 0;
		break;
	case 's':
		q->by_value = !q->by_value;
		view_freq_sort(q->f, q->by_value, text_natcmp);
		q->sel = q->top = 0;
		break;
	case '\r':
	case '\n':
		if (n == 0)
			break;
		q->expr = ui_freq_expr(q->t, q->col, q->f->items[q->sel].value);
		s->result = 1;
		return (UI_CLOSE);
	case '?':
		ui_help();
		break;
	case 'q':
	case 27:
		s->result = 0;
		return (UI_CLOSE);
	default:
		return (0);
	}
	return (UI_REDRAW);
}

static const struct ui_screen_ops freq_ops = {
	freq_draw, freq_key, NULL, NULL, NULL
};

/* The frequency view; 1 with *expr set when a value was chosen. */
int
ui_freq(struct table *t, const uint32_t *rows, size_t n, size_t col,
    char **expr)
{
	struct ui_screen	*s;
	struct freq		 q;
	int			 r;

	memset(&q, 0, sizeof q);
	q.t = t;
	q.col = col;
	q.f = view_freq_new(rows, n, col, freq_cell, t, NULL);
	s = xcalloc(1, sizeof *s);
	s->ops = &freq_ops;
	s->data = &q;
	s->secret = 1;
	r = ui_run(s);
	view_freq_free(q.f);
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
	size_t		 sel, top;
};

static void
cols_draw(struct ui_screen *s)
{
	struct cols	*c = s->data;
	struct view	*v = c->v;
	size_t		 h = (size_t)LINES - 3, i;
	int		 y;
	attr_t		 a;
	char		*line;
	const char	*keys[9];

	ui_str(0, 0, COLS, _("Columns"), ui_attr(UI_TITLE) | A_REVERSE, 1);
	ui_str(1, 1, COLS - 2, _("Shown columns are marked [x]; pinned ones "
	    "stay at the left."), A_NORMAL, 0);
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + h)
		c->top = c->sel - h + 1;
	for (y = 2, i = c->top; i < v->ncols && (size_t)y < h + 2; i++, y++) {
		a = i == c->sel ? ui_attr(UI_SELECT) : A_NORMAL;
		if (i == c->sel) {
			ui_fill(y, 0, a);
			ui_cursor(y, 2);
		}
		line = xasprintf("[%s] %s%s", v->cols[i].hidden ? " " : "x",
		    table_col_name(c->t, v->cols[i].col),
		    v->cols[i].pinned ? _(" (pinned)") : "");
		ui_str(y, 1, COLS - 2, line, a, 0);
		free(line);
	}
	keys[0] = _("Space");
	keys[1] = _("show/hide");
	keys[2] = "K J";
	keys[3] = _("move up/down");
	keys[4] = "q";
	keys[5] = _("back");
	keys[6] = NULL;
	ui_keybar(LINES - 1, keys);
}

static int
cols_key(struct ui_screen *s, int code, int fn)
{
	struct cols	*c = s->data;
	struct view	*v = c->v;
	size_t		 shown = 0, i;

	if (fn) {
		switch (code) {
		case KEY_DOWN:
			code = 'j';
			break;
		case KEY_UP:
			code = 'k';
			break;
		case KEY_SR:
			code = 'K';
			break;
		case KEY_SF:
			code = 'J';
			break;
		default:
			return (0);
		}
	}
	switch (code) {
	case 'j':
		if (c->sel + 1 < v->ncols)
			c->sel++;
		break;
	case 'k':
		if (c->sel > 0)
			c->sel--;
		break;
	case ' ':
	case 'x':
		for (i = 0; i < v->ncols; i++)
			if (!v->cols[i].hidden)
				shown++;
		if (!v->cols[c->sel].hidden && shown == 1) {
			ui_message(1, "%s",
			    _("At least one column stays shown"));
			break;
		}
		view_col_hide(v, c->sel, !v->cols[c->sel].hidden);
		break;
	case 'K':
	case '+':
		c->sel = view_col_reorder(v, c->sel, -1);
		break;
	case 'J':
	case '-':
		c->sel = view_col_reorder(v, c->sel, 1);
		break;
	case 'q':
	case 27:
	case '\r':
	case '\n':
	case 'c':
		s->result = 0;
		return (UI_CLOSE);
	default:
		return (0);
	}
	return (UI_REDRAW);
}

static const struct ui_screen_ops cols_ops = {
	cols_draw, cols_key, NULL, NULL, NULL
};

/* The column list over v. */
void
ui_columns(struct table *t, struct view *v)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct cols		 c;

	memset(&c, 0, sizeof c);
	c.t = t;
	c.v = v;
	s->ops = &cols_ops;
	s->data = &c;
	(void)ui_run(s);
}
