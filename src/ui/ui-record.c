/*
 * ui-record — the record view (every field of one elector, vertically,
 * with the column names; the previous and next records a key away) and the
 * help screen listing every key of the table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listelec/i18n.h"
#include "listelec/table.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

struct record {
	struct table	*t;
	const uint32_t	*rows;		/* NULL: table order */
	size_t		 n;
	size_t		 sel;
	const size_t	*cols;
	size_t		 ncols;
	size_t		 top;		/* first field shown */
	size_t		 field;		/* selected field */
};

/* Draw the fields of the selected record. */
static void
rec_draw(struct ui_screen *s)
{
	struct record	*r = s->data;
	uint32_t	 row;
	size_t		 i, namew = 0, w, len, h = (size_t)LINES - 2;
	const char	*name, *cell;
	char		*title;
	int		 y;
	const char	*keys[11];

	row = r->rows != NULL ? r->rows[r->sel] : (uint32_t)r->sel;
	title = xasprintf(_("Elector %zu of %zu"), r->sel + 1, r->n);
	ui_str(0, 0, COLS, title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	free(title);
	for (i = 0; i < r->ncols; i++) {
		name = table_col_name(r->t, r->cols[i]);
		w = ui_width(name, strlen(name));
		if (w > namew)
			namew = w;
	}
	if (namew > (size_t)COLS / 3)
		namew = (size_t)COLS / 3;
	if (r->field < r->top)
		r->top = r->field;
	if (r->field >= r->top + h)
		r->top = r->field - h + 1;
	for (y = 1, i = r->top; i < r->ncols && (size_t)y <= h; i++, y++) {
		attr_t	a = i == r->field ? ui_attr(UI_SELECT) : A_NORMAL;

		if (i == r->field)
			ui_fill(y, 0, a);
		name = table_col_name(r->t, r->cols[i]);
		ui_str(y, 1, (int)namew, name, a | A_BOLD, 1);
		cell = table_cell(r->t, row, r->cols[i], &len);
		ui_text(y, (int)namew + 3, COLS - (int)namew - 4, cell, len,
		    a, 0);
		if (i == r->field)
			ui_cursor(y, (int)namew + 3);
	}
	keys[0] = ui_ascii() ? "Up/Dn" : "\xe2\x86\x91\xe2\x86\x93";
	keys[1] = _("field");
	keys[2] = ui_ascii() ? "Left/Right" : "\xe2\x86\x90\xe2\x86\x92";
	keys[3] = _("previous/next elector");
	keys[4] = "q";
	keys[5] = _("back to the table");
	keys[6] = NULL;
	ui_keybar(LINES - 1, keys);
}

/* Keys of the record view. */
static int
rec_key(struct ui_screen *s, int code, int fn)
{
	struct record	*r = s->data;

	if (fn) {
		if (code == KEY_F(1)) {
			ui_help();
			return (UI_REDRAW);
		}
		/* Left/Right and the page keys go to another elector. */
		if (code == KEY_LEFT || code == KEY_PPAGE)
			code = 'p';
		else if (code == KEY_RIGHT || code == KEY_NPAGE)
			code = 'n';
		else if ((code = ui_list_key(code)) == 0 || code == '\r')
			return (0);
	}
	switch (code) {
	case 'j':
		if (r->field + 1 < r->ncols)
			r->field++;
		break;
	case 'k':
		if (r->field > 0)
			r->field--;
		break;
	case 'g':
		r->field = 0;
		break;
	case 'G':
		r->field = r->ncols ? r->ncols - 1 : 0;
		break;
	case 'n':
	case 'l':
	case ' ':
		if (r->sel + 1 < r->n)
			r->sel++;
		break;
	case 'p':
	case 'h':
	case 'b':
		if (r->sel > 0)
			r->sel--;
		break;
	case '?':
		ui_help();
		break;
	case 'q':
	case 27:
	case '\r':
	case '\n':
		s->result = 0;
		return (UI_CLOSE);
	default:
		return (0);
	}
	return (UI_REDRAW);
}

static const struct ui_screen_ops rec_ops = {
	rec_draw, rec_key, NULL, NULL, NULL
};

/* Show the record view from sel; returns the record selected at the end. */
size_t
ui_record(struct table *t, const uint32_t *rows, size_t n, size_t sel,
    const size_t *cols, size_t ncols)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct record		 r;

	memset(&r, 0, sizeof r);
	r.t = t;
	r.rows = rows;
	r.n = n;
	r.sel = sel;
	r.cols = cols;
	r.ncols = ncols;
	s->ops = &rec_ops;
	s->data = &r;
	s->secret = 1;
	(void)ui_run(s);
	return (r.sel);
}

/* Every key of the table screen, for the help page. */
