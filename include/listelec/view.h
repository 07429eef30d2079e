/*
 * view — the table screen's model, without curses: which rows are shown
 * (row numbers of the table, in display order), the scroll position, the
 * selected row and column, the columns' order, hidden and pinned state and
 * widths fitted to the content seen, the sort keys, and frequency counts of
 * a column.  Cells are reached through a callback so the model can be
 * tested without a table.  Not thread-safe: the UI thread owns it.
 */
#ifndef LISTELEC_VIEW_H
#define LISTELEC_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "listelec/table.h"

#define VIEW_MAXKEYS	8	/* sort keys kept (<= TABLE_MAXKEYS) */
#define VIEW_MAXWIDTH	40	/* widest a column is fitted to by itself */
#define VIEW_MINWIDTH	3	/* narrowest a column can be made */

/* How the model reaches the cells' display width (sanitized text). */
struct view_source {
	size_t	  ncols;
	/* Display width of the column's header. */
	size_t	(*head_width)(void *arg, size_t col);
	/* Display width of cell (row, col); row is a table row number. */
	size_t	(*cell_width)(void *arg, uint32_t row, size_t col);
	void	 *arg;
};

struct view_col {
	size_t	col;		/* table column */
	int	hidden;
	int	pinned;		/* stays at the left when scrolling right */
	size_t	fitted;		/* widest content seen (capped) */
	size_t	width;		/* width shown */
	int	user;		/* width set by the user: fitting stops */
};

struct view {
	struct view_source src;

	struct view_col	*cols;		/* every column, in the user's order */
	size_t		 ncols;

	uint32_t	*rows;		/* rows shown, in order (owned) */
	size_t		 nrows;
	size_t		 total;		/* rows in the table */

	size_t		 top;		/* index of the first row on screen */
	size_t		 sel;		/* index of the selected row */
	size_t		 cur;		/* selected column: index into disp */
	size_t		 left;		/* first scrolling column shown */

	size_t		 height;	/* rows on screen */
	size_t		 width;		/* columns on screen */

	/* The display sequence: pinned visible columns, then the others. */
	size_t		*disp;		/* indexes into cols */
	size_t		 ndisp;
	size_t		 npinned;	/* of disp, those pinned and shown so */

	struct table_sortkey keys[VIEW_MAXKEYS];	/* table.h */
	size_t		 nkeys;
};

/* One column placed on screen by view_layout. */
struct view_place {
	size_t	d;		/* index into disp */
	size_t	col;		/* table column */
	size_t	x;		/* screen column */
	size_t	w;		/* width given (the column's or less) */
};

/*
 * A view of total rows, all shown in table order; pinned[i] nonzero pins
 * column i (NULL: none).  The source is copied.
 */
struct view	*view_new(const struct view_source *, size_t total,
		    const int *pinned);
void		 view_free(struct view *);

/*
 * Replace the rows shown (takes rows, an xmalloc'd array of n row numbers;
 * NULL with n = total means every row in order).  The selected row stays
 * selected, at the same place on screen, when it is still shown; otherwise
 * the selection index is clamped.
 */
void	 view_set_rows(struct view *, uint32_t *rows, size_t n);
/* Table row number of the shown row at index i (i < nrows). */
uint32_t view_row(const struct view *, size_t i);
/* Screen size given to the rows (height lines) and columns (width). */
void	 view_resize(struct view *, size_t width, size_t height);

/* Movements; every one clamps and keeps the selection on screen. */
void	 view_move(struct view *, long drows);
void	 view_page(struct view *, long dpages);
void	 view_goto(struct view *, size_t index);
void	 view_home(struct view *);
void	 view_end(struct view *);
void	 view_col_move(struct view *, long dcols);
void	 view_col_first(struct view *);
void	 view_col_last(struct view *);
/* Table column selected, or (size_t)-1 when no column is shown. */
size_t	 view_cur_col(const struct view *);

/* Fit the columns' widths to the header and the rows now on screen. */
void	 view_fit(struct view *);
/* Narrow or widen the selected column by delta (user width from now on). */
void	 view_widen(struct view *, long delta);
/*
 * Place the columns on screen: pinned ones first, then from left on,
 * until width is used (the last may be cut).  Makes sure the selected
 * column is visible by moving left.  Writes up to max places; returns the
 * number written.
 */
size_t	 view_layout(struct view *, struct view_place *, size_t max);

/* Hide or show column index i of cols (the user's order). */
void	 view_col_hide(struct view *, size_t i, int hidden);
/* Move column index i of cols by delta places; returns its new index. */
size_t	 view_col_reorder(struct view *, size_t i, long delta);
/* Rebuild disp after changing cols by hand. */
void	 view_update_disp(struct view *);

/*
 * Sort by table column col first: an existing key on col is removed, the
 * others are kept as secondary keys in their order.
 */
void	 view_sort_by(struct view *, size_t col, int desc);
void	 view_sort_clear(struct view *);

/* Frequency of the values of one column over the shown rows. */
struct view_freq_item {
	const char	*value;		/* borrowed from the cell callback */
	size_t		 len;
	size_t		 count;
};
struct view_freq {
	struct view_freq_item	*items;
	size_t			 n;
	size_t			 rows;		/* rows counted */
	size_t			 max;		/* largest count */
};
/*
 * Count the values of rows[0..n) in column col; cell returns the text
 * (borrowed for as long as the result lives; called from two threads at
 * once over many rows).  Equal bytes make one value.
 * Sorted by count, largest first (ties by value).  Returns NULL when
 * *cancel became nonzero.
 */
struct view_freq *view_freq_new(const uint32_t *rows, size_t n, size_t col,
		    const char *(*cell)(void *arg, uint32_t row, size_t col,
		    size_t *len), void *arg, volatile int *cancel);
/*
 * The counts of column col of table t over rows[0..n) (NULL: every row),
 * as view_freq_new over its cells; a column's codes are counted where it
 * has them (table_col_codes), no text read per row.
 */
struct table;
struct view_freq *view_freq_table(const struct table *t,
		    const uint32_t *rows, size_t n, size_t col,
		    volatile int *cancel);
/*
 * Sort by count (largest first) or by value with cmp (NUL-terminated
 * values; NULL = byte order).  Ties keep a total order.
 */
void	 view_freq_sort(struct view_freq *, int by_value,
	     int (*cmp)(const char *, const char *));
void	 view_freq_free(struct view_freq *);

#endif
