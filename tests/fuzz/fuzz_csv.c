/*
 * fuzz_csv — libFuzzer target for the CSV reader and the table: the input
 * is fed in chunks whose sizes come from its first byte, and again whole;
 * both tables must be the same (chunk boundaries never change a cell).
 * Then the table is finished, every cell read, sorted on its last column
 * and the header key computed.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/csv.h"
#include "listelec/table.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Abort unless a and b hold the same rows and cells. */
static void
same(const struct table *a, const struct table *b)
{
	size_t		 r, c, la, lb;
	const char	*x, *y;

	if (table_rows(a) != table_rows(b) ||
	    table_file_cols(a) != table_file_cols(b))
		abort();
	for (c = 0; c < table_file_cols(a); c++)
		if (strcmp(table_col_name(a, c), table_col_name(b, c)) != 0)
			abort();
	for (r = 0; r < table_rows(a); r++) {
		if (table_row_width(a, r) != table_row_width(b, r))
			abort();
		for (c = 0; c < table_row_width(a, r); c++) {
			x = table_raw_cell(a, r, c, &la);
			y = table_raw_cell(b, r, c, &lb);
			if (la != lb || memcmp(x, y, la) != 0)
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_options	 o = { 0 };
	struct table		*t, *w;
	struct csv_reader	*r;
	enum csv_status		 wst;
	struct table_sortkey	 k = { 0, 0 };
	enum csv_status		 st = CSV_OK;
	char			*cause = NULL, *key;
	size_t			 step, i, n, row, col, len;
	uint32_t		*rows;

	if (size < 1)
		return (0);
	step = (size_t)(data[0] & 0x3f) + 1;
	o.encoding = (enum csv_encoding)((data[0] >> 6) & 3);
	/* Wide enough to reach quadratic phases (4 096 empty columns). */
	o.max_field = 65536;
	o.max_record = 1 << 20;
	o.max_columns = 4096;
	data++;
	size--;

	t = table_new();
	r = csv_reader_new(&o, t, "fuzz.csv");
	for (i = 0; i < size && st == CSV_OK; i += n) {
		n = size - i < step ? size - i : step;
		st = csv_reader_feed(r, data + i, n, &cause);
	}
	if (st == CSV_OK)
		st = csv_reader_finish(r, &cause);
	free(cause);
	cause = NULL;
	csv_reader_free(r);
	w = table_new();
	wst = csv_read_buffer(&o, w, "fuzz.csv", data, size, &cause);
	free(cause);
	if (wst != st)
		abort();
	if (st == CSV_OK)
		same(t, w);
	table_free(w);
	table_finish(t);
	for (row = 0; row < table_rows(t); row++) {
		for (col = 0; col < table_cols(t); col++)
			(void)table_cell(t, row, col, &len);
		for (col = 0; col < table_row_width(t, row); col++)
			(void)table_raw_cell(t, row, col, &len);
	}
	if (table_cols(t) > 0 && table_rows(t) > 0) {
		n = table_rows(t);
		rows = malloc(n * sizeof *rows);
		if (rows != NULL) {
			for (i = 0; i < n; i++)
				rows[i] = (uint32_t)i;
			k.col = table_cols(t) - 1;
			k.desc = data[0] & 1;
			(void)table_sort(t, &k, 1, rows, n, NULL);
			free(rows);
		}
	}
	table_free(t);
	key = csv_header_key(NULL, data, size);
	free(key);
	return (0);
}
