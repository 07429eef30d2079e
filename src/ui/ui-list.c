/*
 * ui-list — the list widget: items (text, depth, tag, shortcut key) in
 * rows below a title and the caller's head lines, the selection kept in
 * view, the keys every list answers (moving, paging, search, help, q and
 * Esc) and the key bar.  Screens give callbacks for what differs: drawing
 * a row, their own keys (taken first), help lines, sort and swap.  A
 * pager is a list of lines without a selection bar.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/i18n.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

#define UI_LIST_MAXDEPTH	8
#define UI_LIST_MAXKEYS		32
#define UI_LIST_MAXHELP		64

struct ui_list {
	const char		*title;
	const struct ui_list_ops *ops;
	void			*arg;
	int			 flags;

	struct ui_list_item	*items;
	size_t			 n, cap;
	size_t			 cur, top;
	size_t			 height;	/* rows at the last draw */
	size_t			 hit;		/* pager: the line found */
	int			 found;

	const char *const	*keys;
	int			 cancel;
	int			 result;

	int			 prompt;	/* typing a search */
	struct ui_line		 line;
	char			*search;	/* folded; NULL before / */
};

static void	ui_list_draw(struct ui_screen *);
static int	ui_list_keyfn(struct ui_screen *, int, int);
static void	ui_list_help(struct ui_list *);

static const struct ui_screen_ops ui_list_screen_ops = {
	ui_list_draw, ui_list_keyfn, NULL, NULL, NULL
};

/* The list's own keys, for the help page. */
static const char *const ui_list_help_move[] = {
	N_("  j k, Down Up        next / previous line"),
	N_("  b PgUp ^B           previous page"),
	N_("  g Home, G End       first / last line"),
	N_("  /                   search; Enter starts it, n finds the next"),
};

/* A new, empty list. */
struct ui_list *
ui_list_new(const char *title, const struct ui_list_ops *ops, void *arg,
    int flags)
{
	struct ui_list	*l = xcalloc(1, sizeof *l);

	l->title = title;
	l->ops = ops;
	l->arg = arg;
	l->flags = flags;
	l->cancel = -1;
	return (l);
}

/* Free a list and its items' texts; NULL is a no-op. */
void
ui_list_free(struct ui_list *l)
{
	if (l == NULL)
		return;
	ui_list_clear(l);
	free(l->items);
	free(l->search);
	ui_line_clear(&l->line);
	free(l);
}

/* Append an item. */
size_t
ui_list_add(struct ui_list *l, const char *text, int depth, int tag, int key,
    void *data)
{
	struct ui_list_item	*it;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = xreallocarray(l->items, l->cap, sizeof *l->items);
	}
	it = &l->items[l->n];
	it->text = xstrdup(text);
	it->depth = depth < 0 ? 0 : depth;
	it->tag = tag;
	it->key = key;
	it->data = data;
	return (l->n++);
}

/* Remove every item; the selection goes back to the first. */
void
ui_list_clear(struct ui_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->items[i].text);
	l->n = 0;
	l->cur = l->top = 0;
	l->found = 0;
}

/* The number of items. */
size_t
ui_list_count(const struct ui_list *l)
{
	return (l->n);
}

/* Item i (NULL past the end). */
struct ui_list_item *
ui_list_item(struct ui_list *l, size_t i)
{
	return (i < l->n ? &l->items[i] : NULL);
}

/* The selected item's index (0 in an empty list). */
size_t
ui_list_current(const struct ui_list *l)
{
	return (l->cur);
}

/* Select item i. */
void
ui_list_set_current(struct ui_list *l, size_t i)
{
	if (l->n == 0)
		i = 0;
	else if (i >= l->n)
		i = l->n - 1;
	l->cur = i;
}

/* Change the title. */
void
ui_list_set_title(struct ui_list *l, const char *title)
{
	l->title = title;
}

/* The caller's key bar pairs. */
void
ui_list_set_keys(struct ui_list *l, const char *const *pairs)
{
	l->keys = pairs;
}

/* What q and Esc return. */
void
ui_list_set_cancel(struct ui_list *l, int result)
{
	l->cancel = result;
}

/* Close with result; returns the bit for key(). */
int
ui_list_close(struct ui_list *l, int result)
{
	l->result = result;
	return (UI_CLOSE);
}

/* Rows for the items when the first is at row first. */
static size_t
ui_list_rows(int first)
{
	return (LINES - 1 > first ? (size_t)(LINES - 1 - first) : 1);
}

/* The page: the rows at the last draw. */
static size_t
ui_list_page(const struct ui_list *l)
{
	if (l->height > 0)
		return (l->height);
	return (ui_list_rows(2));
}

/* The largest first row that still fills the page. */
static size_t
ui_list_maxtop(const struct ui_list *l, size_t h)
{
	return (l->n > h ? l->n - h : 0);
}

/* Keep the selection in view (lists) and the top in range. */
static void
ui_list_fit(struct ui_list *l, size_t h)
{
	size_t	max = ui_list_maxtop(l, h);

	if (l->flags & UI_LIST_PAGER) {
		if (l->top > max)
			l->top = max;
		return;
	}
	if (l->n == 0) {
		l->cur = l->top = 0;
		return;
	}
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->top > max)
		l->top = max;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
}

/* Draw the title, the head lines, the rows and the key bar. */
static void
ui_list_draw(struct ui_screen *s)
{
	struct ui_list		*l = s->data;
	struct ui_list_item	*it;
	const char		*bar[UI_LIST_MAXKEYS + 3];
	char			 num[32];
	size_t			 h, i, k;
	int			 y, first, x, pager = l->flags & UI_LIST_PAGER;
	attr_t			 a;

	if (l->title != NULL)
		ui_str(0, 0, COLS, l->title, ui_attr(UI_TITLE) | A_REVERSE, 1);
	if (l->ops != NULL && l->ops->head != NULL)
		first = l->ops->head(l->arg, l, 1);
	else
		first = pager ? 1 : 2;
	h = ui_list_rows(first);
	l->height = h;
	ui_list_fit(l, h);
	for (y = first, i = l->top; i < l->n && y < LINES - 1; i++, y++) {
		it = &l->items[i];
		a = A_NORMAL;
		if (pager && l->found && i == l->hit)
			a = ui_attr(UI_MATCH);
		if (!pager && i == l->cur) {
			a = ui_attr(UI_SELECT);
			ui_fill(y, 0, a);
		}
		x = 1;
		if (l->flags & UI_LIST_TAGS) {
			if (it->tag != UI_LIST_NOTAG)
				ui_str(y, x, 4, it->tag ? "[x]" : "[ ]", a, 0);
			x += 4;
		}
		if (l->flags & UI_LIST_NUMBERS) {
			snprintf(num, sizeof num, "%2zu", i + 1);
			ui_str(y, x + 1, 4, num, a, 0);
			x += 5;
		}
		x += 2 * (it->depth > UI_LIST_MAXDEPTH ? UI_LIST_MAXDEPTH :
		    it->depth);
		if (!pager && i == l->cur)
			ui_cursor(y, x);
		if (l->ops != NULL && l->ops->draw != NULL)
			l->ops->draw(l->arg, l, i, y, x, a);
		else
			ui_str(y, x, COLS - x - 1, it->text, a, !pager);
	}
	if (pager)
		ui_cursor(first, 0);

	if (l->prompt) {
		ui_line_draw(&l->line, LINES - 1, 0, COLS, _("Search: "),
		    A_NORMAL);
		return;
	}
	k = 0;
	for (i = 0; l->keys != NULL && l->keys[i] != NULL &&
	    l->keys[i + 1] != NULL && k < UI_LIST_MAXKEYS; i += 2) {
		bar[k++] = l->keys[i];
		bar[k++] = l->keys[i + 1];
	}
	if (!pager) {
		bar[k++] = "?";
		bar[k++] = _("help");
	}
	bar[k] = NULL;
	ui_keybar(LINES - 1, (const char *const *)bar);
}

/* Find the search from the item after start, round to the start. */
static int
ui_list_find(struct ui_list *l, size_t start, size_t *at)
{
	char	*f;
	size_t	 i, k;
	int	 match;

	if (l->search == NULL || l->n == 0)
		return (0);
	for (k = 1; k <= l->n; k++) {
		i = (start + k) % l->n;
		f = text_fold_dup(l->items[i].text);
		match = strstr(f, l->search) != NULL;
		free(f);
		if (match) {
			*at = i;
			return (1);
		}
	}
	return (0);
}

/* Go to the next match of the search, or say there is none. */
static void
ui_list_next(struct ui_list *l)
{
	size_t	at, from;

	if (l->search == NULL) {
		ui_message(1, "%s", _("No search yet: type / first"));
		return;
	}
	if (l->flags & UI_LIST_PAGER)
		from = l->found ? l->hit : l->top == 0 ? l->n - 1 :
		    l->top - 1;
	else
		from = l->cur;
	if (!ui_list_find(l, from, &at)) {
		ui_message(1, _("Not found: %s"), l->line.buf);
		return;
	}
	if (l->flags & UI_LIST_PAGER) {
		l->hit = at;
		l->found = 1;
		if (at < l->top || at >= l->top + ui_list_page(l))
			l->top = at;
	} else
		l->cur = at;
}

/* A key while the search is typed. */
static int
ui_list_prompt_key(struct ui_list *l, int code, int fn)
{
	if (!fn && code == 27) {
		l->prompt = 0;
		return (UI_REDRAW);
	}
	if ((!fn && (code == '\r' || code == '\n')) ||
	    (fn && code == KEY_ENTER)) {
		l->prompt = 0;
		if (l->line.len == 0)
			return (UI_REDRAW);
		free(l->search);
		l->search = text_fold_dup(l->line.buf);
		l->found = 0;
		ui_list_next(l);
		return (UI_REDRAW);
	}
	(void)ui_line_key(&l->line, code, fn);
	return (UI_REDRAW);
}

/* Move by delta items (lists) or lines (pagers), within the ends. */
static void
ui_list_move(struct ui_list *l, long delta, int page)
{
	size_t	*p, last, h = ui_list_page(l);

	if (l->flags & UI_LIST_PAGER) {
		p = &l->top;
		last = ui_list_maxtop(l, h);
	} else {
		p = &l->cur;
		last = l->n ? l->n - 1 : 0;
		/* A page turns the view with the selection. */
		if (page && delta > 0)
			l->top += (size_t)delta;
		else if (page)
			l->top = l->top > (size_t)-delta ?
			    l->top - (size_t)-delta : 0;
	}
	if (delta < 0)
		*p = *p > (size_t)-delta ? *p - (size_t)-delta : 0;
	else
		*p = *p + (size_t)delta < last ? *p + (size_t)delta : last;
	ui_list_fit(l, h);
}

/* Swap the selected item with the one delta away. */
static void
ui_list_swap(struct ui_list *l, long delta)
{
	struct ui_list_item	 tmp;
	size_t			 a = l->cur, b;

	if (l->n == 0 || (delta < 0 && a == 0) ||
	    (delta > 0 && a + 1 >= l->n))
		return;
	b = delta < 0 ? a - 1 : a + 1;
	if (!l->ops->swap(l->arg, l, a, b))
		return;
	tmp = l->items[a];
	l->items[a] = l->items[b];
	l->items[b] = tmp;
	l->cur = b;
}

/* The help page: the caller's lines, then the list's keys. */
static void
ui_list_help(struct ui_list *l)
{
	const char	*lines[UI_LIST_MAXHELP + 16];
	size_t		 n = 0, i;
	int		 numbers = 0;

	if (l->ops != NULL && l->ops->help != NULL)
		n = l->ops->help(l->arg, lines, UI_LIST_MAXHELP);
	if (n > 0)
		lines[n++] = "";
	lines[n++] = _("Keys of this list");
	lines[n++] = _(ui_list_help_move[0]);
	if (l->flags & UI_LIST_TAGS)
		lines[n++] = _("  PgDn ^F             next page");
	else
		lines[n++] = _("  Space PgDn ^F       next page");
	for (i = 1; i < sizeof ui_list_help_move / sizeof *ui_list_help_move;
	    i++)
		lines[n++] = _(ui_list_help_move[i]);
	for (i = 0; i < l->n; i++)
		if (l->items[i].key >= '1' && l->items[i].key <= '9')
			numbers = 1;
	if (numbers && (l->flags & UI_LIST_KEYCHOOSE))
		lines[n++] = _("  1 to 9              choose by number");
	else if (numbers)
		lines[n++] = _("  1 to 9              go to that number");
	if (l->ops != NULL && l->ops->swap != NULL)
		lines[n++] = _("  K J, + -            move the line up / down");
	if (l->ops != NULL && l->ops->sort != NULL)
		lines[n++] = _("  s                   change the order");
	lines[n++] = _("  ? F1                this help");
	lines[n++] = _("  q Esc               back");
	(void)ui_pager(_("Help"), lines, n);
}

/* A key: the prompt, help, shortcuts, the caller's, then the list's. */
static int
ui_list_keyfn(struct ui_screen *s, int code, int fn)
{
	struct ui_list	*l = s->data;
	size_t		 i, page = ui_list_page(l);
	int		 r, pager = l->flags & UI_LIST_PAGER;

	if (l->prompt)
		return (ui_list_prompt_key(l, code, fn));
	if ((!fn && code == '?') || (fn && code == KEY_F(1))) {
		if (pager) {
			s->result = l->cancel;
			return (UI_CLOSE);
		}
		ui_list_help(l);
		return (UI_REDRAW);
	}
	if (!fn && code != 0) {
		for (i = 0; i < l->n; i++) {
			if (l->items[i].key != code)
				continue;
			l->cur = i;
			if (!(l->flags & UI_LIST_KEYCHOOSE))
				return (UI_REDRAW);
			code = '\r';
			break;
		}
	}
	if (l->ops != NULL && l->ops->key != NULL) {
		l->result = 0;
		r = l->ops->key(l->arg, l, code, fn);
		if (r != UI_LIST_PASS) {
			if (r & UI_CLOSE)
				s->result = l->result;
			return (r);
		}
	}
	if (fn) {
		/* As the letters; the pages as ^F ^B (Space may tag). */
		switch (code) {
		case KEY_NPAGE:
			code = 6;
			break;
		case KEY_PPAGE:
			code = 2;
			break;
		case KEY_SR:
			code = 'K';
			break;
		case KEY_SF:
			code = 'J';
			break;
		default:
			if ((code = ui_list_key(code)) == 0)
				return (0);
			break;
		}
	}
	switch (code) {
	case '\r':
	case '\n':
		if (pager) {
			ui_list_move(l, 1, 0);
			break;
		}
		if (l->n == 0)
			return (0);
		s->result = (int)l->cur;
		return (UI_CLOSE);
	case 'j':
		ui_list_move(l, 1, 0);
		break;
	case 'k':
		ui_list_move(l, -1, 0);
		break;
	case ' ':
		if (l->flags & UI_LIST_TAGS)
			return (0);
		FALLTHROUGH;
	case 6:		/* ^F */
		ui_list_move(l, (long)page, 1);
		break;
	case 'b':
	case 2:		/* ^B */
		ui_list_move(l, -(long)page, 1);
		break;
	case 'g':
		l->cur = l->top = 0;
		break;
	case 'G':
		ui_list_move(l, (long)l->n, 0);
		if (!pager)
			l->top = ui_list_maxtop(l, page);
		ui_list_fit(l, page);
		break;
	case '/':
		ui_line_clear(&l->line);
		l->prompt = 1;
		break;
	case 'n':
		ui_list_next(l);
		break;
	case 'K':
	case '+':
	case 'J':
	case '-':
		if (pager || l->ops == NULL || l->ops->swap == NULL)
			return (0);
		ui_list_swap(l, code == 'K' || code == '+' ? -1 : 1);
		break;
	case 's':
		if (pager || l->ops == NULL || l->ops->sort == NULL)
			return (0);
		l->ops->sort(l->arg, l);
		l->cur = l->top = 0;
		break;
	case 'q':
	case 27:
		s->result = l->cancel;
		return (UI_CLOSE);
	default:
		return (0);
	}
	return (UI_REDRAW);
}

/* Run the list on the screen loop. */
int
ui_list_run(struct ui_list *l)
{
	struct ui_screen	*s = xcalloc(1, sizeof *s);

	l->prompt = 0;
	s->ops = &ui_list_screen_ops;
	s->data = l;
	s->secret = (l->flags & UI_LIST_SECRET) != 0;
	return (ui_run(s));
}
