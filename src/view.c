/*
 * view — the table screen's model: rows shown, scroll position, selection,
 * columns (order, hidden, pinned, fitted widths), sort keys and frequency
 * counts.  Pure logic, no curses; see view.h.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/view.h"
#include "listelec/xmalloc.h"

static void	view_clamp(struct view *);
static void	view_scroll_to_sel(struct view *);
static void	view_redisp(struct view *, size_t);

/* A new view of total rows, every column shown in table order. */
struct view *
view_new(const struct view_source *src, size_t total, const int *pinned)
{
	struct view	*v;
	size_t		 i;

	v = xcalloc(1, sizeof *v);
	v->src = *src;
	v->ncols = src->ncols;
	v->cols = xcalloc(v->ncols ? v->ncols : 1, sizeof *v->cols);
	v->disp = xcalloc(v->ncols ? v->ncols : 1, sizeof *v->disp);
	for (i = 0; i < v->ncols; i++) {
		v->cols[i].col = i;
		v->cols[i].pinned = pinned != NULL && pinned[i];
		v->cols[i].fitted = VIEW_MINWIDTH;
		if (src->head_width != NULL) {
			v->cols[i].fitted = src->head_width(src->arg, i);
			if (v->cols[i].fitted > VIEW_MAXWIDTH)
				v->cols[i].fitted = VIEW_MAXWIDTH;
			if (v->cols[i].fitted < VIEW_MINWIDTH)
				v->cols[i].fitted = VIEW_MINWIDTH;
		}
		v->cols[i].width = v->cols[i].fitted;
	}
	v->total = total;
	v->rows = NULL;
	v->nrows = total;
	v->height = 1;
	v->width = 80;
	view_update_disp(v);
	return (v);
}

/* Free a view and its rows; NULL is fine. */
void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	free(v->rows);
	free(v->cols);
	free(v->disp);
	free(v);
}

/* Table row number of shown row i. */
uint32_t
view_row(const struct view *v, size_t i)
{
	if (v->rows == NULL)
		return ((uint32_t)i);
	return (v->rows[i]);
}

/* Replace the rows shown, keeping the selected row when it still is. */
void
view_set_rows(struct view *v, uint32_t *rows, size_t n)
{
	uint32_t	 old = 0;
	size_t		 i, offset = 0;
	int		 had = v->nrows > 0;

	if (had) {
		old = view_row(v, v->sel);
		offset = v->sel - v->top;
	}
	free(v->rows);
	v->rows = rows;
	v->nrows = n;
	if (had && n > 0) {
		for (i = 0; i < n; i++) {
			if (view_row(v, i) == old)
				break;
		}
		if (i < n) {
			v->sel = i;
			v->top = i >= offset ? i - offset : 0;
		}
	}
	view_clamp(v);
}

/* Give the model the screen's size. */
void
view_resize(struct view *v, size_t width, size_t height)
{
	v->width = width;
	v->height = height > 0 ? height : 1;
	view_update_disp(v);
	view_clamp(v);
}

/* Keep sel, top and cur within bounds, the selection on screen. */
static void
view_clamp(struct view *v)
{
	if (v->nrows == 0) {
		v->sel = v->top = 0;
	} else {
		if (v->sel >= v->nrows)
			v->sel = v->nrows - 1;
		if (v->nrows <= v->height)
			v->top = 0;
		else if (v->top > v->nrows - v->height)
			v->top = v->nrows - v->height;
		view_scroll_to_sel(v);
	}
	if (v->ndisp == 0)
		v->cur = 0;
	else if (v->cur >= v->ndisp)
		v->cur = v->ndisp - 1;
}

/* Scroll the least so that the selected row is on screen. */
static void
view_scroll_to_sel(struct view *v)
{
	if (v->sel < v->top)
		v->top = v->sel;
	else if (v->sel >= v->top + v->height)
		v->top = v->sel - v->height + 1;
}

/* Move the selection by drows rows. */
void
view_move(struct view *v, long drows)
{
	if (v->nrows == 0)
		return;
	if (drows < 0 && (size_t)-drows > v->sel)
		v->sel = 0;
	else if (drows > 0 && (size_t)drows >= v->nrows - v->sel)
		v->sel = v->nrows - 1;
	else
		v->sel = (size_t)((long)v->sel + drows);
	view_scroll_to_sel(v);
}

/* Page by dpages screens: the rows scroll and the selection follows. */
void
view_page(struct view *v, long dpages)
{
	size_t	page = v->height, off, maxtop;

	if (v->nrows == 0)
		return;
	off = v->sel - v->top;
	maxtop = v->nrows > v->height ? v->nrows - v->height : 0;
	if (dpages > 0) {
		if (v->top == maxtop) {
			v->sel = v->nrows - 1;
			return;
		}
		v->top += page * (size_t)dpages;
		if (v->top > maxtop)
			v->top = maxtop;
	} else if (dpages < 0) {
		if (v->top == 0) {
			v->sel = 0;
			return;
		}
		if (page * (size_t)-dpages > v->top)
			v->top = 0;
		else
			v->top -= page * (size_t)-dpages;
	}
	v->sel = v->top + off;
	if (v->sel >= v->nrows)
		v->sel = v->nrows - 1;
}

/* Select shown row index (clamped). */
void
view_goto(struct view *v, size_t index)
{
	if (v->nrows == 0)
		return;
	v->sel = index < v->nrows ? index : v->nrows - 1;
	view_scroll_to_sel(v);
}

/* First row. */
void
view_home(struct view *v)
{
	view_goto(v, 0);
}

/* Last row. */
void
view_end(struct view *v)
{
	if (v->nrows > 0)
		view_goto(v, v->nrows - 1);
}

/* Move the selected column by dcols. */
void
view_col_move(struct view *v, long dcols)
{
	if (v->ndisp == 0)
		return;
	if (dcols < 0 && (size_t)-dcols > v->cur)
		v->cur = 0;
	else if (dcols > 0 && (size_t)dcols >= v->ndisp - v->cur)
		v->cur = v->ndisp - 1;
	else
		v->cur = (size_t)((long)v->cur + dcols);
}

/* First shown column. */
void
view_col_first(struct view *v)
{
	v->cur = 0;
	v->left = 0;
}

/* Last shown column. */
void
view_col_last(struct view *v)
{
	if (v->ndisp > 0)
		v->cur = v->ndisp - 1;
}

/* Table column under the selection, or (size_t)-1. */
size_t
view_cur_col(const struct view *v)
{
	if (v->ndisp == 0)
		return ((size_t)-1);
	return (v->cols[v->disp[v->cur]].col);
}

/* Fit widths to the header and the rows on screen (never shrinking). */
void
view_fit(struct view *v)
{
	struct view_col	*c;
	size_t		 i, d, w;

	if (v->src.cell_width == NULL)
		return;
	for (d = 0; d < v->ndisp; d++) {
		c = &v->cols[v->disp[d]];
		for (i = v->top; i < v->nrows && i < v->top + v->height; i++) {
			if (c->fitted >= VIEW_MAXWIDTH)
				break;
			w = v->src.cell_width(v->src.arg, view_row(v, i),
			    c->col);
			if (w > VIEW_MAXWIDTH)
				w = VIEW_MAXWIDTH;
			if (w > c->fitted)
				c->fitted = w;
		}
		if (!c->user)
			c->width = c->fitted;
	}
	view_update_disp(v);
}

/* Narrow or widen the selected column. */
void
view_widen(struct view *v, long delta)
{
	struct view_col	*c;
	long		 w;

	if (v->ndisp == 0)
		return;
	c = &v->cols[v->disp[v->cur]];
	w = (long)c->width + delta;
	if (w < VIEW_MINWIDTH)
		w = VIEW_MINWIDTH;
	if (v->width > 2 && w > (long)v->width - 2)
		w = (long)v->width - 2;
	if (w < VIEW_MINWIDTH)
		w = VIEW_MINWIDTH;
	c->width = (size_t)w;
	c->user = 1;
}

/* Total width of pinned columns, each with its one-column gap. */
static size_t
view_pinned_width(const struct view *v)
{
	size_t	d, w = 0;

	for (d = 0; d < v->npinned; d++)
		w += v->cols[v->disp[d]].width + 1;
	return (w);
}

/* Place columns on screen; keeps the selected one visible. */
size_t
view_layout(struct view *v, struct view_place *out, size_t max)
{
	size_t	 n = 0, x = 0, d, w, pw, avail, sum;

	if (v->ndisp == 0 || max == 0)
		return (0);
	pw = view_pinned_width(v);
	if (v->left < v->npinned)
		v->left = v->npinned;
	if (v->left >= v->ndisp)
		v->left = v->ndisp > v->npinned ? v->ndisp - 1 : v->npinned;
	/* Scroll so that the selected (unpinned) column fits. */
	if (v->cur >= v->npinned) {
		if (v->cur < v->left)
			v->left = v->cur;
		avail = v->width > pw ? v->width - pw : 0;
		for (;;) {
			sum = 0;
			for (d = v->left; d <= v->cur; d++)
				sum += v->cols[v->disp[d]].width + 1;
			if (sum <= avail + 1 || v->left == v->cur)
				break;
			v->left++;
		}
	}
	for (d = 0; d < v->ndisp && n < max && x < v->width; d++) {
		if (d >= v->npinned && d < v->left)
			continue;
		w = v->cols[v->disp[d]].width;
		if (w > v->width - x)
			w = v->width - x;
		out[n].d = d;
		out[n].col = v->cols[v->disp[d]].col;
		out[n].x = x;
		out[n].w = w;
		n++;
		x += w + 1;
	}
	return (n);
}

/* Rebuild the display sequence: pinned shown columns, then the others. */
void
view_update_disp(struct view *v)
{
	view_redisp(v, view_cur_col(v));
}

/* Rebuild the display sequence, keeping table column oldcol selected. */
static void
view_redisp(struct view *v, size_t oldcol)
{
	size_t	i, n = 0, pinw = 0;

	for (i = 0; i < v->ncols; i++) {
		if (v->cols[i].hidden || !v->cols[i].pinned)
			continue;
		/* Pinned columns may take at most half the screen. */
		if (pinw + v->cols[i].width + 1 > v->width / 2)
			break;
		pinw += v->cols[i].width + 1;
		v->disp[n++] = i;
	}
	v->npinned = n;
	for (i = 0; i < v->ncols; i++) {
		if (v->cols[i].hidden)
			continue;
		if (v->cols[i].pinned) {
			size_t	k;

			for (k = 0; k < v->npinned; k++)
				if (v->disp[k] == i)
					break;
			if (k < v->npinned)
				continue;
		}
		v->disp[n++] = i;
	}
	v->ndisp = n;
	v->cur = 0;
	for (i = 0; i < n; i++) {
		if (v->cols[v->disp[i]].col == oldcol) {
			v->cur = i;
			break;
		}
	}
	if (v->left > n)
		v->left = n;
}

/* Hide or show column i of the user's order. */
void
view_col_hide(struct view *v, size_t i, int hidden)
{
	if (i >= v->ncols)
		return;
	v->cols[i].hidden = hidden;
	view_update_disp(v);
	view_clamp(v);
}

/* Move column i by delta places in the user's order. */
size_t
view_col_reorder(struct view *v, size_t i, long delta)
{
	struct view_col	 c;
	size_t		 j, oldcol = view_cur_col(v);

	if (i >= v->ncols)
		return (i);
	if (delta < 0 && (size_t)-delta > i)
		j = 0;
	else if (delta > 0 && (size_t)delta >= v->ncols - i)
		j = v->ncols - 1;
	else
		j = (size_t)((long)i + delta);
	c = v->cols[i];
	if (j < i)
		memmove(&v->cols[j + 1], &v->cols[j], (i - j) * sizeof c);
	else if (j > i)
		memmove(&v->cols[i], &v->cols[i + 1], (j - i) * sizeof c);
	v->cols[j] = c;
	view_redisp(v, oldcol);
	return (j);
}

/* Make col the first sort key; the other keys follow. */
void
view_sort_by(struct view *v, size_t col, int desc)
{
	size_t	i, n = 0;
	struct table_sortkey keys[VIEW_MAXKEYS];

	keys[n].col = col;
	keys[n].desc = desc;
	n++;
	for (i = 0; i < v->nkeys && n < VIEW_MAXKEYS; i++) {
		if (v->keys[i].col != col)
			keys[n++] = v->keys[i];
	}
	memcpy(v->keys, keys, n * sizeof keys[0]);
	v->nkeys = n;
}

/* No sort: table order. */
void
view_sort_clear(struct view *v)
{
	v->nkeys = 0;
}

/* Frequency counting: open addressing over the values' hashes. */
struct freq_slot {
	uint64_t	hash;
	size_t		item;		/* index + 1; 0 = empty */
};

/* A count in progress: the values seen and their hash slots. */
struct freq_counter {
	struct view_freq	*f;
	struct freq_slot	*slots;
	size_t			 nslots;
	size_t			 cap;
};

static void
counter_init(struct freq_counter *c)
{
	c->f = xcalloc(1, sizeof *c->f);
	c->cap = 64;
	c->f->items = xcalloc(c->cap, sizeof *c->f->items);
	c->nslots = 1024;
	c->slots = xcalloc(c->nslots, sizeof *c->slots);
}

/* Count the value s (len bytes) n more times. */
static void
counter_add(struct freq_counter *c, const char *s, size_t len, size_t n)
{
	struct view_freq	*f = c->f;
	struct freq_slot	*ns;
	uint64_t		 h = text_hash(s, len);
	size_t			 k, j, m;

	for (k = h & (c->nslots - 1); c->slots[k].item != 0;
	    k = (k + 1) & (c->nslots - 1)) {
		struct view_freq_item *it = &f->items[c->slots[k].item - 1];

		if (c->slots[k].hash == h && it->len == len &&
		    memcmp(it->value, s, len) == 0) {
			it->count += n;
			return;
		}
	}
	if (f->n == c->cap) {
		c->cap *= 2;
		f->items = xreallocarray(f->items, c->cap, sizeof *f->items);
	}
	f->items[f->n].value = s;
	f->items[f->n].len = len;
	f->items[f->n].count = n;
	f->n++;
	c->slots[k].hash = h;
	c->slots[k].item = f->n;
	if (f->n * 2 <= c->nslots)
		return;
	m = c->nslots * 2;
	ns = xcalloc(m, sizeof *ns);
	for (j = 0; j < c->nslots; j++) {
		if (c->slots[j].item == 0)
			continue;
		k = c->slots[j].hash & (m - 1);
		while (ns[k].item != 0)
			k = (k + 1) & (m - 1);
		ns[k] = c->slots[j];
	}
	free(c->slots);
	c->slots = ns;
	c->nslots = m;
}

/* One part of the rows, counted on its own thread. */
struct freq_part {
	struct freq_counter	 c;
	const uint32_t		*rows;
	size_t			 from, to, col;
	const char		*(*cell)(void *, uint32_t, size_t, size_t *);
	void			*arg;
	volatile int		*cancel;
	int			 cancelled;
};

static void *
freq_part_run(void *arg)
{
	struct freq_part	*p = arg;
	const char		*s;
	size_t			 i, len;

	for (i = p->from; i < p->to; i++) {
		if (p->cancel != NULL && (i & 4095) == 0 && *p->cancel) {
			p->cancelled = 1;
			break;
		}
		s = p->cell(p->arg, p->rows != NULL ? p->rows[i] :
		    (uint32_t)i, p->col, &len);
		counter_add(&p->c, s, len, 1);
	}
	return (NULL);
}

#define FREQ_THREAD_ROWS	200000	/* two cores past this */

/*
 * Run fn over two parts of n rows, the second (b, its end already n) on a
 * thread of its own when there are many: *a_to and *b_from get the split.
 * Without a thread, a takes every row.
 */
static void
halves(void *(*fn)(void *), void *a, size_t *a_to, void *b, size_t *b_from,
    size_t n)
{
	pthread_t	th;
	int		threaded = 0;

	*a_to = *b_from = n >= FREQ_THREAD_ROWS ? n / 2 : n;
	if (*b_from < n)
		threaded = pthread_create(&th, NULL, fn, b) == 0;
	if (!threaded)
		*a_to = n;
	(void)fn(a);
	if (threaded)
		pthread_join(th, NULL);
}

/* Count the values of a column over rows (two cores for many rows). */
struct view_freq *
view_freq_new(const uint32_t *rows, size_t n, size_t col,
    const char *(*cell)(void *, uint32_t, size_t, size_t *), void *arg,
    volatile int *cancel)
{
	struct freq_part	 part[2];
	struct view_freq	*f, *g;
	size_t			 i, k;

	for (k = 0; k < 2; k++) {
		memset(&part[k], 0, sizeof part[k]);
		counter_init(&part[k].c);
		part[k].rows = rows;
		part[k].col = col;
		part[k].cell = cell;
		part[k].arg = arg;
		part[k].cancel = cancel;
	}
	part[1].to = n;
	halves(freq_part_run, &part[0], &part[0].to, &part[1], &part[1].from,
	    n);
	f = part[0].c.f;
	g = part[1].c.f;
	/* The second half's counts into the first's. */
	for (i = 0; i < g->n; i++)
		counter_add(&part[0].c, g->items[i].value, g->items[i].len,
		    g->items[i].count);
	f = part[0].c.f;
	free(part[0].c.slots);
	free(part[1].c.slots);
	view_freq_free(g);
	if (part[0].cancelled || part[1].cancelled) {
		view_freq_free(f);
		return (NULL);
	}
	f->rows = n;
	for (i = 0; i < f->n; i++) {
		if (f->items[i].count > f->max)
			f->max = f->items[i].count;
	}
	view_freq_sort(f, 0, NULL);
	return (f);
}

/* One part of the rows, their codes counted on its own thread. */
struct code_part {
	const uint32_t		*rows;
	size_t			 from, to;
	const char		*codes;		/* table_col_codes */
	unsigned		 w;
	size_t			 stride;
	uint32_t		*count;		/* per code */
	size_t			 nvals;
	volatile int		*cancel;
	int			 cancelled;
};

static void *
code_part_run(void *arg)
{
	struct code_part	*p = arg;
	size_t			 i, r;
	uint32_t		 c;

	for (i = p->from; i < p->to; i++) {
		if (p->cancel != NULL && (i & 65535) == 0 && *p->cancel) {
			p->cancelled = 1;
			break;
		}
		r = p->rows != NULL ? p->rows[i] : i;
		c = table_code_load(p->codes + r * p->stride, p->w);
		if (c < p->nvals)
			p->count[c]++;
	}
	return (NULL);
}

static const char *
table_cell_cb(void *arg, uint32_t row, size_t col, size_t *len)
{
	return (table_cell(arg, row, col, len));
}

/*
 * The counts of a table's column; see view.h.  Where the column has codes
 * (distinct codes, distinct texts): a count per code, then the values
 * counted, no text read per row.
 */
struct view_freq *
view_freq_table(const struct table *t, const uint32_t *rows, size_t n,
    size_t col, volatile int *cancel)
{
	struct code_part	 part[2];
	struct view_freq	*f = NULL;
	struct view_freq_item	*it;
	const char		*codes;
	unsigned		 w;
	size_t			 stride, nvals, k, c, cap = 64;

	if ((codes = table_col_codes(t, col, &w, &stride)) == NULL)
		return (view_freq_new(rows, n, col, table_cell_cb,
		    (void *)(uintptr_t)t, cancel));
	nvals = table_col_values(t, col);
	for (k = 0; k < 2; k++) {
		memset(&part[k], 0, sizeof part[k]);
		part[k].rows = rows;
		part[k].codes = codes;
		part[k].w = w;
		part[k].stride = stride;
		part[k].nvals = nvals;
		part[k].cancel = cancel;
		part[k].count = xcalloc(nvals + 1, sizeof *part[k].count);
	}
	part[1].to = n;
	halves(code_part_run, &part[0], &part[0].to, &part[1], &part[1].from,
	    n);
	if (!part[0].cancelled && !part[1].cancelled) {
		f = xcalloc(1, sizeof *f);
		f->items = xcalloc(cap, sizeof *f->items);
		for (c = 0; c < nvals; c++) {
			if (part[0].count[c] + part[1].count[c] == 0)
				continue;
			if (f->n == cap) {
				cap *= 2;
				f->items = xreallocarray(f->items, cap,
				    sizeof *f->items);
			}
			it = &f->items[f->n++];
			it->value = table_col_value(t, col, (uint32_t)c,
			    &it->len);
			it->count = (size_t)part[0].count[c] +
			    part[1].count[c];
			if (it->count > f->max)
				f->max = it->count;
		}
		f->rows = n;
		view_freq_sort(f, 0, NULL);
	}
	free(part[0].count);
	free(part[1].count);
	return (f);
}

static int (*freq_cmp)(const char *, const char *);

/* Order of two values: cmp or bytes. */
static int
freq_value_cmp(const struct view_freq_item *a, const struct view_freq_item *b)
{
	int	r;
	size_t	m;

	if (freq_cmp != NULL && (r = freq_cmp(a->value, b->value)) != 0)
		return (r);
	m = a->len < b->len ? a->len : b->len;
	if ((r = memcmp(a->value, b->value, m)) != 0)
		return (r);
	return (a->len < b->len ? -1 : a->len > b->len);
}

/* qsort: largest count first, then by value. */
static int
freq_by_count(const void *pa, const void *pb)
{
	const struct view_freq_item *a = pa, *b = pb;

	if (a->count != b->count)
		return (a->count > b->count ? -1 : 1);
	return (freq_value_cmp(a, b));
}

/* qsort: by value. */
static int
freq_by_value(const void *pa, const void *pb)
{
	return (freq_value_cmp(pa, pb));
}

/* Sort the values by count or by value. */
void
view_freq_sort(struct view_freq *f, int by_value,
    int (*cmp)(const char *, const char *))
{
	freq_cmp = cmp;
	qsort(f->items, f->n, sizeof *f->items,
	    by_value ? freq_by_value : freq_by_count);
	freq_cmp = NULL;
}

/* Free counts; NULL is fine. */
void
view_freq_free(struct view_freq *f)
{
	if (f == NULL)
		return;
	free(f->items);
	free(f);
}
