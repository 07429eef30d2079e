/*
 * ui-form — a form screen: a title, wrapped text, then fields, check
 * boxes and buttons, one of them focused.  The wizard's sign-in,
 * forgotten-password and password-change screens are forms.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

#define FORM_LABEL_MAX	28	/* columns kept for a field's label */

/* Nonzero for a field that takes typing. */
static int
typing(const struct ui_field *f)
{
	return (f->kind == UI_FIELD_TEXT || f->kind == UI_FIELD_SECRET);
}

/* Index of the last field that takes typing, or nfields. */
static size_t
last_typing(const struct ui_form *f)
{
	size_t	 i, last = f->nfields;

	for (i = 0; i < f->nfields; i++)
		if (typing(&f->fields[i]))
			last = i;
	return (last);
}

/* Widest label, in columns, capped. */
static int
label_width(const struct ui_form *f)
{
	size_t	 i, w, max = 0;

	for (i = 0; i < f->nfields; i++) {
		if (!typing(&f->fields[i]))
			continue;
		w = ui_width(f->fields[i].label, strlen(f->fields[i].label));
		if (w > max)
			max = w;
	}
	return (max > FORM_LABEL_MAX ? FORM_LABEL_MAX : (int)max);
}

/* Draw wrapped text from row y, at most to row ymax; the next row. */
static int
draw_wrapped(int y, int ymax, const char *text, attr_t attr)
{
	char	**lines;
	size_t	  n, i;

	lines = ui_wrap(text, COLS - 4, &n);
	for (i = 0; i < n && y < ymax; i++, y++)
		ui_str(y, 2, COLS - 4, lines[i], attr, 0);
	ui_wrap_free(lines, n);
	return (y);
}

static void
form_draw(struct ui_screen *s)
{
	struct ui_form		*f = s->data;
	struct ui_field		*fd;
	const char		*keys[9];
	int			 y = 2, lw = label_width(f), x, cy = -1, cx = 0;
	int			 ymax = LINES - 2;
	size_t			 i;

	ui_str(0, 0, COLS, f->title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	if (f->intro != NULL)
		y = draw_wrapped(y, ymax - (int)f->nfields - 2, f->intro,
		    A_NORMAL) + 1;
	if (f->info != NULL)
		y = draw_wrapped(y, ymax - (int)f->nfields - 1, f->info,
		    A_BOLD) + 1;
	if (f->error != NULL)
		y = draw_wrapped(y, ymax - (int)f->nfields, f->error,
		    ui_attr(UI_ERROR)) + 1;
	for (i = 0; i < f->nfields && y < ymax; i++, y++) {
		fd = &f->fields[i];
		x = 2;
		switch (fd->kind) {
		case UI_FIELD_TEXT:
		case UI_FIELD_SECRET:
			ui_str(y, x, lw, fd->label, A_BOLD, 1);
			x += lw + 1;
			fd->line.masked = fd->kind == UI_FIELD_SECRET;
			ui_str(y, x, 1, "[", A_NORMAL, 0);
			ui_line_draw(&fd->line, y, x + 1, COLS - x - 3, "",
			    i == f->focus ? ui_attr(UI_SELECT) : A_UNDERLINE);
			ui_str(y, COLS - 2, 1, "]", A_NORMAL, 0);
			if (i == f->focus) {
				cy = y;
				cx = x + 1 + (int)ui_line_col(&fd->line,
				    fd->line.pos);
				if (cx > COLS - 3)
					cx = COLS - 3;
			}
			break;
		case UI_FIELD_CHECK:
			x += lw + 1;
			ui_str(y, x, 4, fd->checked ? "[x]" : "[ ]",
			    i == f->focus ? ui_attr(UI_SELECT) : A_NORMAL, 0);
			ui_str(y, x + 4, COLS - x - 6, fd->label,
			    i == f->focus ? A_BOLD : A_NORMAL, 0);
			if (i == f->focus) {
				cy = y;
				cx = x + 1;
			}
			break;
		case UI_FIELD_BUTTON:
			x += lw + 1;
			{
				char *b = xasprintf("< %s >", fd->label);
				ui_str(y, x, COLS - x - 2, b, i == f->focus ?
				    ui_attr(UI_SELECT) : A_BOLD, 0);
				free(b);
			}
			if (i == f->focus) {
				cy = y;
				cx = x + 2;
			}
			break;
		}
	}
	i = 0;
	keys[i++] = "Tab";
	keys[i++] = _("next");
	keys[i++] = _("Enter");
	keys[i++] = _("confirm");
	keys[i++] = _("Esc");
	keys[i++] = f->esc_label != NULL ? f->esc_label : _("back");
	keys[i++] = "F1";
	keys[i++] = _("help");
	keys[i] = NULL;
	ui_keybar(LINES - 1, keys);
	if (cy >= 0)
		ui_cursor(cy, cx);
}

/* Move the focus by dir (+1, -1), wrapping. */
static void
focus_move(struct ui_form *f, int dir)
{
	if (f->nfields == 0)
		return;
	if (dir > 0)
		f->focus = (f->focus + 1) % f->nfields;
	else
		f->focus = (f->focus + f->nfields - 1) % f->nfields;
}

/* The help: the form's own lines, then the keys. */
static void
help(const struct ui_form *f)
{
	const char	*lines[64];
	size_t		 n = 0, i;
	static const char *const keys[] = {
		N_("Tab, Down        next field"),
		N_("Shift-Tab, Up    previous field"),
		N_("Space            tick or untick a box"),
		N_("Enter            press the button; in the last field, "
		    "confirm"),
		N_("Esc              go back"),
		N_("F1               this help"),
	};

	for (i = 0; f->help != NULL && f->help[i] != NULL && n < 48; i++)
		lines[n++] = f->help[i];
	if (n > 0)
		lines[n++] = "";
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		lines[n++] = _(keys[i]);
	(void)ui_pager(_("Help"), lines, n);
}

static int
form_key(struct ui_screen *s, int code, int fn)
{
	struct ui_form	*f = s->data;
	struct ui_field	*fd = f->nfields > 0 ? &f->fields[f->focus] : NULL;

	if (fn) {
		switch (code) {
		case KEY_DOWN:
			focus_move(f, 1);
			return (UI_REDRAW);
		case KEY_UP:
		case KEY_BTAB:
			focus_move(f, -1);
			return (UI_REDRAW);
		case KEY_F(1):
			help(f);
			return (UI_REDRAW);
		case KEY_ENTER:
			code = '\r';
			fn = 0;
			break;
		default:
			if (fd != NULL && typing(fd))
				return (ui_line_key(&fd->line, code, fn) !=
				    UI_LINE_IGNORED ? UI_REDRAW : 0);
			return (0);
		}
	}
	switch (code) {
	case 27:
		s->result = -1;
		return (UI_CLOSE);
	case '\t':
		focus_move(f, 1);
		return (UI_REDRAW);
	case '\r':
	case '\n':
		if (fd == NULL)
			return (0);
		if (fd->kind == UI_FIELD_BUTTON) {
			s->result = fd->id;
			return (UI_CLOSE);
		}
		if (typing(fd) && f->focus == last_typing(f)) {
			s->result = f->submit;
			return (UI_CLOSE);
		}
		if (fd->kind == UI_FIELD_CHECK) {
			fd->checked = !fd->checked;
			return (UI_REDRAW);
		}
		focus_move(f, 1);
		return (UI_REDRAW);
	}
	if (fd != NULL && typing(fd))
		return (ui_line_key(&fd->line, code, fn) != UI_LINE_IGNORED ?
		    UI_REDRAW : 0);
	if (code == ' ' && fd != NULL && fd->kind == UI_FIELD_CHECK) {
		fd->checked = !fd->checked;
		return (UI_REDRAW);
	}
	if (code == '?') {
		help(f);
		return (UI_REDRAW);
	}
	if (code == 'j') {
		focus_move(f, 1);
		return (UI_REDRAW);
	}
	if (code == 'k') {
		focus_move(f, -1);
		return (UI_REDRAW);
	}
	return (0);
}

static const struct ui_screen_ops form_ops = {
	form_draw, form_key, NULL, NULL, NULL
};

int
ui_form(struct ui_form *f)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);

	if (f->focus >= f->nfields)
		f->focus = 0;
	s->ops = &form_ops;
	s->data = f;
	return (ui_run(s));
}

void
ui_form_wipe(struct ui_form *f)
{
	size_t	 i;

	for (i = 0; i < f->nfields; i++)
		ui_line_clear(&f->fields[i].line);
}
