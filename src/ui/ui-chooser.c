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
	struct ui_list		*l;
	char			*title;
	const char		*keys[9];
};

static const char *const ch_help[] = {
	N_("The archive holds several things; the CSV lists come chosen."),
	N_("  Space x             choose a CSV list, or not"),
	N_("  Enter               open the chosen lists as one table"),
	N_("  w                   save a decrypted copy of the entry"),
	N_("                      (the PDF list, for printing)"),
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

/* The number of chosen entries. */
static size_t
ch_chosen(struct chooser *c)
{
	size_t	i, n = 0;

	for (i = 0; i < ui_list_count(c->l); i++)
		n += ui_list_item(c->l, i)->tag == 1;
	return (n);
}

/* The title with the count of chosen entries. */
static void
ch_title(struct chooser *c)
{
	free(c->title);
	c->title = xasprintf(_("%s: choose what to open (%zu chosen)"),
	    c->name, ch_chosen(c));
	ui_list_set_title(c->l, c->title);
}

/* The column names below the title. */
static int
ch_head(void *arg, struct ui_list *l, int y)
{
	int	namew = COLS - 40;

	ui_str(y, 5, namew + 1, _("Entry"), ui_attr(UI_HEADER), 1);
	ui_str(y, 7 + namew, 8, _("Kind"), ui_attr(UI_HEADER), 1);
	ui_str(y, 16 + namew, 10, _("Size"), ui_attr(UI_HEADER), 1);
	ui_str(y, 27 + namew, COLS - 27 - namew, _("Encryption"),
	    ui_attr(UI_HEADER), 1);
	return (y + 1);
}

/* An entry: its name (indented), kind, size and encryption. */
static void
ch_draw(void *arg, struct ui_list *l, size_t i, int y, int x, attr_t a)
{
	struct chooser			*c = arg;
	const struct archive_entry	*e = archive_entry(c->a, i);
	int				 namew = COLS - 40;
	char				*sz;

	ui_str(y, x, namew + 5 - x, ui_list_item(l, i)->text, a, 1);
	ui_str(y, 7 + namew, 8, archive_kind_name(e->kind), a, 1);
	if (e->kind != ARCHIVE_KIND_DIR) {
		sz = human_size(e->size);
		ui_str(y, 16 + namew, 10, sz, a, 1);
		free(sz);
		ui_str(y, 27 + namew, COLS - 27 - namew,
		    archive_enc_name(e->enc), a, 0);
	}
}

/* Space, x, w and Enter; the list has the rest. */
static int
ch_key(void *arg, struct ui_list *l, int code, int fn)
{
	struct chooser			*c = arg;
	size_t				 cur = ui_list_current(l);
	struct ui_list_item		*it = ui_list_item(l, cur);
	const struct archive_entry	*e = archive_entry(c->a, cur);

	if (fn && code == KEY_ENTER)
		code = '\r';
	else if (fn || it == NULL)
		return (UI_LIST_PASS);
	switch (code) {
	case ' ':
	case 'x':
		if (it->tag == UI_LIST_NOTAG) {
			ui_message(1, "%s", _("Only CSV lists open as a table; "
			    "w saves a decrypted copy of this one"));
			return (UI_REDRAW);
		}
		it->tag = !it->tag;
		ch_title(c);
		return (UI_REDRAW);
	case 'w':
		if (e->kind == ARCHIVE_KIND_DIR || e->kind == ARCHIVE_KIND_ZIP)
			return (0);
		ui_save_entry(c->a, cur, c->pw);
		return (UI_REDRAW);
	case '\r':
	case '\n':
		if (ch_chosen(c) == 0 && it->tag != UI_LIST_NOTAG)
			it->tag = 1;
		if (ch_chosen(c) == 0) {
			ui_message(1, "%s", _("Choose a CSV list with Space "
			    "first"));
			return (UI_REDRAW);
		}
		return (ui_list_close(l, 0));
	}
	return (UI_LIST_PASS);
}

/* The chooser's lines for the help page. */
static size_t
ch_helpfn(void *arg, const char **lines, size_t max)
{
	size_t	i, n = sizeof ch_help / sizeof ch_help[0];

	for (i = 0; i < n && i < max; i++)
		lines[i] = _(ch_help[i]);
	return (i);
}

static const struct ui_list_ops ch_ops = {
	ch_head, ch_draw, ch_key, ch_helpfn, NULL, NULL
};

/* The chooser; 0 with the chosen entries in *idx, or -1. */
int
ui_chooser(struct archive *a, const struct secret *pw, const char *name,
    const size_t *sel, size_t nsel, size_t **idx, size_t *n)
{
	const struct archive_entry	*e;
	struct chooser			 c;
	const char			*p;
	char				*text;
	size_t				 i, k = 0, count = archive_count(a);
	int				 r, depth, first = -1;

	memset(&c, 0, sizeof c);
	c.a = a;
	c.pw = pw;
	c.name = name;
	c.l = ui_list_new(NULL, &ch_ops, &c, UI_LIST_TAGS);
	for (i = 0; i < count; i++) {
		e = archive_entry(a, i);
		depth = 0;
		for (p = e->path; *p != '\0'; p++)
			if (*p == '/' && p[1] != '\0')
				depth++;
		text = xasprintf("%s%s", e->name,
		    e->kind == ARCHIVE_KIND_DIR || e->kind == ARCHIVE_KIND_ZIP ?
		    "/" : "");
		ui_list_add(c.l, text, depth, e->kind == ARCHIVE_KIND_CSV ? 0 :
		    UI_LIST_NOTAG, 0, NULL);
		free(text);
	}
	for (i = 0; i < nsel; i++) {
		if (sel[i] >= count ||
		    ui_list_item(c.l, sel[i])->tag == UI_LIST_NOTAG)
			continue;
		ui_list_item(c.l, sel[i])->tag = 1;
		if (first < 0 || sel[i] < (size_t)first)
			first = (int)sel[i];
	}
	if (first >= 0)
		ui_list_set_current(c.l, (size_t)first);
	ch_title(&c);
	c.keys[0] = _("Space");
	c.keys[1] = _("choose a list");
	c.keys[2] = _("Enter");
	c.keys[3] = _("open");
	c.keys[4] = "w";
	c.keys[5] = _("save a decrypted copy");
	c.keys[6] = "q";
	c.keys[7] = _("quit");
	c.keys[8] = NULL;
	ui_list_set_keys(c.l, c.keys);
	r = ui_list_run(c.l);
	if (r == 0) {
		*idx = xcalloc(count ? count : 1, sizeof **idx);
		for (i = 0; i < count; i++)
			if (ui_list_item(c.l, i)->tag == 1)
				(*idx)[k++] = i;
		*n = k;
	}
	ui_list_free(c.l);
	free(c.title);
	return (r == 0 ? 0 : -1);
}
