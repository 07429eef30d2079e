/*
 * ui-chooser — the archive's tree (kind, size, encryption) when it holds
 * several things: the CSV lists come preselected, Space toggles a CSV
 * entry, Enter opens the chosen ones as one table, w saves a decrypted
 * copy of another entry (the PDF list, for printing).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listelec/archive.h"
#include "listelec/i18n.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

struct chooser {
	struct archive		*a;
	const struct secret	*pw;
	const char		*name;
	char			*sel;		/* per entry */
	size_t			 n;
	size_t			 cur, top;
};

/* A size for people: 1.2 MB. */
static char *
human_size(uint64_t n)
{
	if (n < 1024)
		return (xasprintf(_("%llu B"), (unsigned long long)n));
	if (n < 1024 * 1024)
		return (xasprintf(_("%.1f kB"), (double)n / 1024));
	if (n < 1024ULL * 1024 * 1024)
		return (xasprintf(_("%.1f MB"), (double)n / (1024 * 1024)));
	return (xasprintf(_("%.1f GB"), (double)n / (1024.0 * 1024 * 1024)));
}

static void
ch_draw(struct ui_screen *s)
{
	struct chooser			*c = s->data;
	const struct archive_entry	*e;
	size_t				 i, h = (size_t)LINES - 4, nsel = 0;
	int				 y, x, namew, depth;
	char				*title, *sz, *line;
	const char			*p;
	attr_t				 a;
	const char			*keys[11];

	for (i = 0; i < c->n; i++)
		nsel += c->sel[i] != 0;
	title = xasprintf(_("%s: choose what to open (%zu chosen)"), c->name,
	    nsel);
	ui_str(0, 0, COLS, title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	free(title);
	namew = COLS - 40;
	ui_str(1, 6, namew, _("Entry"), ui_attr(UI_HEADER), 1);
	ui_str(1, 7 + namew, 8, _("Kind"), ui_attr(UI_HEADER), 1);
	ui_str(1, 16 + namew, 10, _("Size"), ui_attr(UI_HEADER), 1);
	ui_str(1, 27 + namew, COLS - 27 - namew, _("Encryption"),
	    ui_attr(UI_HEADER), 1);
	if (c->cur < c->top)
		c->top = c->cur;
	if (c->cur >= c->top + h)
		c->top = c->cur - h + 1;
	for (y = 2, i = c->top; i < c->n && (size_t)y < h + 2; i++, y++) {
		e = archive_entry(c->a, i);
		a = i == c->cur ? ui_attr(UI_SELECT) : A_NORMAL;
		if (i == c->cur) {
			ui_fill(y, 0, a);
			ui_cursor(y, 2);
		}
		if (e->kind == ARCHIVE_KIND_CSV)
			ui_str(y, 1, 4, c->sel[i] ? "[x]" : "[ ]", a, 0);
		depth = 0;
		for (p = e->path; *p != '\0'; p++)
			if (*p == '/' && p[1] != '\0')
				depth++;
		if (depth > 8)
			depth = 8;
		x = 6 + 2 * depth;
		line = xasprintf("%s%s", e->name,
		    e->kind == ARCHIVE_KIND_DIR || e->kind == ARCHIVE_KIND_ZIP ?
		    "/" : "");
		ui_str(y, x, namew - 2 * depth, line, a, 1);
		free(line);
		ui_str(y, 7 + namew, 8, archive_kind_name(e->kind), a, 1);
		if (e->kind != ARCHIVE_KIND_DIR) {
			sz = human_size(e->size);
			ui_str(y, 16 + namew, 10, sz, a, 1);
			free(sz);
			ui_str(y, 27 + namew, COLS - 27 - namew,
			    archive_enc_name(e->enc), a, 0);
		}
	}
	keys[0] = _("Space");
	keys[1] = _("choose a list");
	keys[2] = _("Enter");
	keys[3] = _("open");
	keys[4] = "w";
	keys[5] = _("save a decrypted copy");
	keys[6] = "q";
	keys[7] = _("quit");
	keys[8] = NULL;
	ui_keybar(LINES - 1, keys);
}

static int
ch_key(struct ui_screen *s, int code, int fn)
{
	struct chooser			*c = s->data;
	const struct archive_entry	*e = archive_entry(c->a, c->cur);
	size_t				 i, nsel = 0;

	if (fn) {
		switch (code) {
		case KEY_DOWN:
			code = 'j';
			break;
		case KEY_UP:
			code = 'k';
			break;
		case KEY_HOME:
			c->cur = 0;
			return (UI_REDRAW);
		case KEY_END:
			c->cur = c->n ? c->n - 1 : 0;
			return (UI_REDRAW);
		case KEY_ENTER:
			code = '\r';
			break;
		default:
			return (0);
		}
	}
	switch (code) {
	case 'j':
		if (c->cur + 1 < c->n)
			c->cur++;
		break;
	case 'k':
		if (c->cur > 0)
			c->cur--;
		break;
	case ' ':
	case 'x':
		if (e->kind == ARCHIVE_KIND_CSV)
			c->sel[c->cur] = !c->sel[c->cur];
		else
			ui_message(1, "%s", _("Only CSV lists open as a table; "
			    "w saves a decrypted copy of this one"));
		break;
	case 'w':
		if (e->kind == ARCHIVE_KIND_DIR || e->kind == ARCHIVE_KIND_ZIP)
			break;
		ui_save_entry(c->a, c->cur, c->pw);
		break;
	case '\r':
	case '\n':
		for (i = 0; i < c->n; i++)
			nsel += c->sel[i] != 0;
		if (nsel == 0 && e->kind == ARCHIVE_KIND_CSV) {
			c->sel[c->cur] = 1;
			nsel = 1;
		}
		if (nsel == 0) {
			ui_message(1, "%s", _("Choose a CSV list with Space "
			    "first"));
			break;
		}
		s->result = 0;
		return (UI_CLOSE);
	case 'q':
	case 27:
		s->result = -1;
		return (UI_CLOSE);
	default:
		return (0);
	}
	return (UI_REDRAW);
}

static const struct ui_screen_ops ch_ops = {
	ch_draw, ch_key, NULL, NULL, NULL
};

/* The chooser; 0 with the chosen entries in *idx, or -1. */
int
ui_chooser(struct archive *a, const struct secret *pw, const char *name,
    const size_t *sel, size_t nsel, size_t **idx, size_t *n)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);
	struct chooser		 c;
	size_t			 i, k = 0;
	int			 r;

	memset(&c, 0, sizeof c);
	c.a = a;
	c.pw = pw;
	c.name = name;
	c.n = archive_count(a);
	c.sel = xcalloc(c.n ? c.n : 1, 1);
	for (i = 0; i < nsel; i++) {
		if (sel[i] < c.n)
			c.sel[sel[i]] = 1;
	}
	for (i = 0; i < c.n; i++) {
		if (c.sel[i]) {
			c.cur = i;
			break;
		}
	}
	s->ops = &ch_ops;
	s->data = &c;
	r = ui_run(s);
	if (r == 0) {
		*idx = xcalloc(c.n ? c.n : 1, sizeof **idx);
		for (i = 0; i < c.n; i++)
			if (c.sel[i])
				(*idx)[k++] = i;
		*n = k;
	}
	free(c.sel);
	return (r == 0 ? 0 : -1);
}
