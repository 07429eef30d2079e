/*
 * test_view — the table screen's model: scrolling and paging clamp,
 * column widths follow the content seen, pinned columns stay, the
 * selection survives a filter, frequency counts.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "listelec/csv.h"
#include "listelec/table.h"
#include "listelec/view.h"
#include "listelec/xmalloc.h"

/* A fictitious table: 3 columns, cell (r, c) is cells[c][r % 4]. */
static const char *heads[] = { "Nom", "Prénom", "Municipalité" };
static const char *cells[3][4] = {
	{ "Tremblay", "Gagnon", "Roy", "Bouchard-Lévesque" },
	{ "Éloïse", "Jean", "Zoé", "Marc" },
	{ "Laval", "Laval", "Québec", "Trois-Rivières" },
};

/* Display width of a UTF-8 string (no wide characters here). */
static size_t
width(const char *s)
{
	size_t	w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return (w);
}

static size_t
head_width(void *arg, size_t col)
{
	(void)arg;
	return (width(heads[col]));
}

static size_t
cell_width(void *arg, uint32_t row, size_t col)
{
	(void)arg;
	return (width(cells[col][row % 4]));
}

static const char *
cell(void *arg, uint32_t row, size_t col, size_t *len)
{
	(void)arg;
	*len = strlen(cells[col][row % 4]);
	return (cells[col][row % 4]);
}

/* Cell "n<row % 3000>" for the hash growth test. */
static char numbuf[3000][8];

static const char *
numcell(void *arg, uint32_t row, size_t col, size_t *len)
{
	(void)arg;
	(void)col;
	row %= 3000;
	if (numbuf[row][0] == '\0')
		snprintf(numbuf[row], sizeof numbuf[row], "n%u", (unsigned)row);
	*len = strlen(numbuf[row]);
	return (numbuf[row]);
}

static struct view *
make(size_t total, const int *pinned)
{
	struct view_source src = { 3, head_width, cell_width, NULL };

	return (view_new(&src, total, pinned));
}

/* Row movement and paging stop at both ends; the selection stays on screen. */
static void
test_scroll_clamps(void **state)
{
	struct view	*v = make(100, NULL);

	(void)state;
	view_resize(v, 80, 10);
	view_move(v, -5);
	assert_int_equal(v->sel, 0);
	view_move(v, 15);
	assert_int_equal(v->sel, 15);
	assert_int_equal(v->top, 6);		/* row 15 on the last line */
	view_move(v, 1000);
	assert_int_equal(v->sel, 99);
	assert_int_equal(v->top, 90);
	view_home(v);
	assert_int_equal(v->sel, 0);
	assert_int_equal(v->top, 0);
	view_goto(v, 500);
	assert_int_equal(v->sel, 99);
	view_resize(v, 80, 200);		/* taller than the list */
	assert_int_equal(v->top, 0);
	assert_int_equal(v->sel, 99);
	view_free(v);
}

/* A page moves by one screen; the last page ends on the last row. */
static void
test_paging(void **state)
{
	struct view	*v = make(25, NULL);

	(void)state;
	view_resize(v, 80, 10);
	view_move(v, 2);
	view_page(v, 1);
	assert_int_equal(v->top, 10);
	assert_int_equal(v->sel, 12);
	view_page(v, 1);
	assert_int_equal(v->top, 15);		/* clamped: last screen */
	assert_int_equal(v->sel, 17);
	view_page(v, 1);			/* already at the end */
	assert_int_equal(v->sel, 24);
	view_page(v, -1);
	assert_int_equal(v->top, 5);
	view_page(v, -1);
	assert_int_equal(v->top, 0);
	view_page(v, -1);
	assert_int_equal(v->sel, 0);
	view_end(v);
	assert_int_equal(v->sel, 24);
	assert_int_equal(v->top, 15);
	view_free(v);
}

/* An empty list: nothing moves, nothing crashes. */
static void
test_empty(void **state)
{
	struct view	*v = make(0, NULL);

	(void)state;
	view_resize(v, 80, 10);
	view_move(v, 3);
	view_page(v, 1);
	view_end(v);
	assert_int_equal(v->sel, 0);
	assert_int_equal(v->nrows, 0);
	view_free(v);
}

/* Widths start at the header's and grow with the cells seen. */
static void
test_fit(void **state)
{
	struct view	*v = make(100, NULL);

	(void)state;
	view_resize(v, 80, 3);			/* rows 0..2 on screen */
	assert_int_equal(v->cols[0].width, 3);	/* "Nom" */
	assert_int_equal(v->cols[1].width, 6);	/* "Prénom" */
	view_fit(v);
	assert_int_equal(v->cols[0].width, 8);	/* "Tremblay" */
	assert_int_equal(v->cols[2].width, 12);	/* "Municipalité" */
	view_move(v, 3);			/* row 3 comes on screen */
	view_fit(v);
	assert_int_equal(v->cols[0].width, 17);	/* "Bouchard-Lévesque" */
	assert_int_equal(v->cols[2].width, 14);	/* "Trois-Rivières" */
	/* The user narrows: fitting no longer widens it. */
	view_col_first(v);
	view_widen(v, -100);
	assert_int_equal(v->cols[0].width, VIEW_MINWIDTH);
	view_fit(v);
	assert_int_equal(v->cols[0].width, VIEW_MINWIDTH);
	view_widen(v, 4);
	assert_int_equal(v->cols[0].width, VIEW_MINWIDTH + 4);
	view_free(v);
}

/* Pinned columns stay at the left when the others scroll. */
static void
test_pinned(void **state)
{
	int		 pinned[3] = { 1, 0, 0 };
	struct view	*v = make(10, pinned);
	struct view_place p[8];
	size_t		 n;

	(void)state;
	view_resize(v, 30, 3);
	view_fit(v);			/* widths 8, 6, 12 */
	assert_int_equal(v->npinned, 1);
	n = view_layout(v, p, 8);
	assert_int_equal(n, 3);
	assert_int_equal(p[0].col, 0);
	assert_int_equal(p[1].col, 1);
	assert_int_equal(p[1].x, 9);
	/* Widen Prénom so that Municipalité no longer fits beside it. */
	view_col_move(v, 1);
	view_widen(v, 14);		/* 20 */
	view_col_move(v, 1);		/* select Municipalité */
	assert_int_equal(view_cur_col(v), 2);
	n = view_layout(v, p, 8);
	assert_int_equal(p[0].col, 0);	/* still first */
	assert_int_equal(p[0].x, 0);
	assert_int_equal(p[1].col, 2);	/* Prénom scrolled away */
	assert_int_equal(p[1].x, 9);
	/* Hiding the pinned column gives its place back. */
	view_col_hide(v, 0, 1);
	assert_int_equal(v->npinned, 0);
	assert_int_equal(view_cur_col(v), 2);
	n = view_layout(v, p, 8);
	assert_int_equal(p[0].x, 0);
	assert_int_not_equal(p[0].col, 0);
	view_free(v);
}

/* Pinned columns never take more than half the screen. */
static void
test_pinned_narrow(void **state)
{
	int		 pinned[3] = { 1, 1, 0 };
	struct view	*v = make(10, pinned);

	(void)state;
	view_resize(v, 20, 3);
	view_fit(v);		/* 8 + 1 fits in 10, 6 + 1 more does not */
	assert_int_equal(v->npinned, 1);
	view_resize(v, 80, 3);
	assert_int_equal(v->npinned, 2);
	view_free(v);
}

/* After a filter the selected row stays selected when still shown. */
static void
test_selection_after_filter(void **state)
{
	struct view	*v = make(100, NULL);
	uint32_t	*rows;
	size_t		 i;

	(void)state;
	view_resize(v, 80, 10);
	view_goto(v, 40);			/* row 40, last line */
	assert_int_equal(v->sel - v->top, 9);
	/* Keep the even rows: row 40 is now index 20. */
	rows = xcalloc(50, sizeof *rows);
	for (i = 0; i < 50; i++)
		rows[i] = (uint32_t)(2 * i);
	view_set_rows(v, rows, 50);
	assert_int_equal(v->sel, 20);
	assert_int_equal(view_row(v, v->sel), 40);
	assert_int_equal(v->sel - v->top, 9);	/* same place on screen */
	/* Keep rows 0..4 only: row 40 is gone, selection clamped. */
	rows = xcalloc(5, sizeof *rows);
	for (i = 0; i < 5; i++)
		rows[i] = (uint32_t)i;
	view_set_rows(v, rows, 5);
	assert_int_equal(v->sel, 4);
	assert_int_equal(v->top, 0);
	/* Nothing matches, then everything again. */
	view_set_rows(v, NULL, 0);
	assert_int_equal(v->nrows, 0);
	view_set_rows(v, NULL, 100);
	assert_int_equal(v->sel, 0);
	view_free(v);
}

/* Columns: reorder and hide keep the selected column. */
static void
test_columns(void **state)
{
	struct view	*v = make(10, NULL);
	size_t		 j;

	(void)state;
	view_resize(v, 80, 5);
	view_col_last(v);
	assert_int_equal(view_cur_col(v), 2);
	j = view_col_reorder(v, 2, -5);
	assert_int_equal(j, 0);
	assert_int_equal(v->cols[0].col, 2);
	assert_int_equal(v->cols[1].col, 0);
	assert_int_equal(view_cur_col(v), 2);
	assert_int_equal(v->cur, 0);
	view_col_hide(v, 1, 1);
	assert_int_equal(v->ndisp, 2);
	view_col_move(v, 5);
	assert_int_equal(view_cur_col(v), 1);
	view_free(v);
}

/* Sorting by a column keeps the previous keys as secondary. */
static void
test_sort_keys(void **state)
{
	struct view	*v = make(10, NULL);

	(void)state;
	view_sort_by(v, 2, 0);
	view_sort_by(v, 0, 1);
	assert_int_equal(v->nkeys, 2);
	assert_int_equal(v->keys[0].col, 0);
	assert_int_equal(v->keys[0].desc, 1);
	assert_int_equal(v->keys[1].col, 2);
	view_sort_by(v, 2, 1);	/* again on 2: moves first, no duplicate */
	assert_int_equal(v->nkeys, 2);
	assert_int_equal(v->keys[0].col, 2);
	assert_int_equal(v->keys[0].desc, 1);
	assert_int_equal(v->keys[1].col, 0);
	view_sort_clear(v);
	assert_int_equal(v->nkeys, 0);
	view_free(v);
}

/* Frequency counts over the shown rows, by count and by value. */
static void
test_freq(void **state)
{
	struct view_freq *f;
	uint32_t	 rows[10];
	size_t		 i;
	volatile int	 cancel = 0;

	(void)state;
	for (i = 0; i < 10; i++)
		rows[i] = (uint32_t)i;
	/* Municipalité of rows 0..9: L L Q T L L Q T L L */
	f = view_freq_new(rows, 10, 2, cell, NULL, &cancel);
	assert_non_null(f);
	assert_int_equal(f->n, 3);
	assert_int_equal(f->rows, 10);
	assert_int_equal(f->max, 6);
	assert_string_equal(f->items[0].value, "Laval");
	assert_int_equal(f->items[0].count, 6);
	assert_int_equal(f->items[1].count, 2);
	assert_int_equal(f->items[2].count, 2);
	assert_string_equal(f->items[1].value, "Québec");
	view_freq_sort(f, 1, strcmp);
	assert_string_equal(f->items[0].value, "Laval");
	assert_string_equal(f->items[1].value, "Québec");
	assert_string_equal(f->items[2].value, "Trois-Rivières");
	view_freq_free(f);
	/* Many distinct values: the hash grows; each counted twice. */
	f = view_freq_new(NULL, 6000, 0, numcell, NULL, NULL);
	assert_int_equal(f->n, 3000);
	assert_int_equal(f->max, 2);
	assert_int_equal(f->items[2999].count, 2);
	view_freq_sort(f, 1, strcmp);
	assert_string_equal(f->items[0].value, "n0");
	assert_string_equal(f->items[1].value, "n1");
	assert_string_equal(f->items[2].value, "n10");
	view_freq_free(f);
	cancel = 1;
	assert_null(view_freq_new(rows, 10, 2, cell, NULL, &cancel));

	/* Many rows: counted on two cores, then merged; the same counts. */
	{
		size_t		 n = 300000, total = 0, j, len;
		uint32_t	*many = xreallocarray(NULL, n, sizeof *many);

		for (i = 0; i < 3000; i++)	/* filled before the threads */
			(void)numcell(NULL, (uint32_t)i, 0, &len);
		for (j = 0; j < n; j++)
			many[j] = (uint32_t)(n - 1 - j);
		f = view_freq_new(many, n, 0, numcell, NULL, NULL);
		assert_non_null(f);
		assert_int_equal(f->n, 3000);
		assert_int_equal(f->rows, n);
		assert_int_equal(f->max, 100);
		for (j = 0; j < f->n; j++) {
			assert_int_equal(f->items[j].count, 100);
			total += f->items[j].count;
		}
		assert_int_equal(total, n);
		view_freq_free(f);
		cancel = 1;
		assert_null(view_freq_new(many, n, 0, numcell, NULL, &cancel));
		free(many);
	}
}

static const char *
table_cb(void *arg, uint32_t row, size_t col, size_t *len)
{
	return (table_cell(arg, row, col, len));
}

/*
 * A table's counts through its codes (view_freq_table) equal the counts
 * of its cells' texts, item for item: a column of few values (1-byte
 * codes), one of many (2-byte), Âge (a byte per row), empty cells, short
 * rows; over every row, a subset in another order, and few rows.
 */
static void
test_freq_codes(void **state)
{
	struct table		*t = table_new();
	struct view_freq	*a, *b;
	char			*csv, *cause = NULL;
	size_t			 len = 0, cap = 1 << 24, n = 240000, i, k, m;
	size_t			 cols[4];
	uint32_t		*rows;

	(void)state;
	csv = xmalloc(cap);
	len += (size_t)snprintf(csv + len, cap - len,
	    "Nom;Code postal;Date de naissance;Municipalité\n");
	for (i = 0; i < n; i++) {
		if (i % 997 == 5)
			len += (size_t)snprintf(csv + len, cap - len,
			    "Roy\n");	/* a short row */
		else
			len += (size_t)snprintf(csv + len, cap - len,
			    "%s;H%zuX %zu;19%02zu-0%zu-1%zu;%s\n",
			    cells[0][i % 4], i % 3000, i % 7, 20 + i % 80,
			    1 + i % 9, i % 10, i % 11 == 0 ? "" : "Laval");
	}
	assert_int_equal(csv_read_buffer(NULL, t, "l.csv", csv, len, &cause),
	    CSV_OK);
	table_finish(t);
	assert_int_equal(table_rows(t), n);
	rows = xreallocarray(NULL, n, sizeof *rows);
	cols[0] = 0;
	cols[1] = 1;
	cols[2] = (size_t)table_col_find(t, "âge");
	cols[3] = 3;
	for (k = 0; k < 4; k++) {
		assert_non_null(table_col_codes(t, cols[k], &(unsigned){ 0 },
		    &(size_t){ 0 }));
		for (m = 0; m < 3; m++) {
			size_t	nr = m == 0 ? n : m == 1 ? n / 3 : 10;

			for (i = 0; i < nr; i++)
				rows[i] = (uint32_t)(m == 0 ? i :
				    (n - 1 - 3 * i) % n);
			a = view_freq_table(t, m == 0 ? NULL : rows, nr,
			    cols[k], NULL);
			b = view_freq_new(m == 0 ? NULL : rows, nr, cols[k],
			    table_cb, t, NULL);
			assert_non_null(a);
			assert_non_null(b);
			assert_int_equal(a->n, b->n);
			assert_int_equal(a->rows, b->rows);
			assert_int_equal(a->max, b->max);
			for (i = 0; i < a->n; i++) {
				assert_int_equal(a->items[i].count,
				    b->items[i].count);
				assert_int_equal(a->items[i].len,
				    b->items[i].len);
				assert_memory_equal(a->items[i].value,
				    b->items[i].value, a->items[i].len);
			}
			view_freq_free(a);
			view_freq_free(b);
		}
	}
	free(rows);
	free(csv);
	table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scroll_clamps),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_pinned),
		cmocka_unit_test(test_pinned_narrow),
		cmocka_unit_test(test_selection_after_filter),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_sort_keys),
		cmocka_unit_test(test_freq_codes),
		cmocka_unit_test(test_freq),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
