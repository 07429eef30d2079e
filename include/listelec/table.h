/*
 * table — rows and columns of one list in memory, laid out for speed: each
 * column's distinct values stored once (UTF-8, NUL-terminated) and a small
 * code per row, no allocation per cell.  Derived
 * columns (Âge from a date of birth, Fichier naming each row's source entry)
 * are virtual.  Sorting works on an array of row numbers (a view) so the
 * table itself never moves.  No curses; thread-safe for readers.
 */
#ifndef LISTELEC_TABLE_H
#define LISTELEC_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct table;

enum table_coltype {
	TABLE_COL_TEXT,
	TABLE_COL_NUMBER,	/* every non-empty sampled cell is a number */
	TABLE_COL_DATE,		/* every non-empty sampled cell is a date */
};

/* Flags describing a column. */
#define TABLE_COL_DERIVED	0x1	/* Âge or Fichier: not in the file */
#define TABLE_COL_BIRTHDATE	0x2	/* recognised as a date of birth */
#define TABLE_COL_NAME		0x4	/* identifies the person (pinned) */
#define TABLE_COL_SENSITIVE	0x8	/* date of birth, sex: flagged */

struct table	*table_new(void);
void		 table_free(struct table *);

/*
 * Building (one thread per table; csv.c drives it).  The header first, then
 * rows.  table_add_row copies n cells (len-carrying, UTF-8 already) and
 * records the row's source index (see table_add_source).  Returns 0, or -1
 * with *cause when a size limit is reached.
 */
int	 table_set_header(struct table *, const char *const *names,
	     const size_t *lens, size_t n);
size_t	 table_add_source(struct table *, const char *name);
int	 table_add_row(struct table *, size_t source, const char *const *cells,
	     const size_t *lens, size_t n, char **cause);
/*
 * The same for a row already packed as n NUL-terminated cells in len bytes
 * (csv.c's form; the cells must hold no other NUL): one copy.
 */
int	 table_add_record(struct table *, size_t source, const char *cells,
	     size_t len, size_t n, char **cause);
/*
 * The same with ends[i], i < n, where cell i's NUL is (an offset in
 * cells): the cells need not be looked for again.
 */
int	 table_add_record_ends(struct table *, size_t source,
	     const char *cells, size_t len, size_t n, const uint32_t *ends,
	     char **cause);
/*
 * Intern the rows added from now on on a thread of its own, the caller
 * going on with the next rows meanwhile (one list read on its own: both
 * cores busy).  Rows are kept in order; table_finish ends the thread.
 */
void	 table_build_threaded(struct table *);
/*
 * No more rows for a while (csv.c at the end of a file): intern what is
 * pending and release the building buffers (rows may still be added).
 */
void	 table_build_done(struct table *);
/*
 * Before t has a header: t's values go into dst's dictionaries, under a
 * lock per column, so that tables read on several threads and then
 * appended to dst in turn are looked up once.  dst takes the header of
 * the table marked first (the first to be appended); a table whose header
 * differs, or comes before that one's, keeps its own dictionaries.  Such
 * a table is only for table_append to dst (dst outlives it): do not read
 * it.
 */
void	 table_share_dicts(struct table *t, struct table *dst, int first);
/* Nonzero once a header is set; nonzero when names equal it once folded. */
int	 table_has_header(const struct table *);
int	 table_same_header(const struct table *, const char *const *names,
	     const size_t *lens, size_t n);
/*
 * Append every row of src to dst (same header, compared after folding);
 * src's sources are added to dst's.  src is emptied.  Returns 0 or -1.
 */
int	 table_append(struct table *dst, struct table *src, char **cause);
/*
 * The same for src holding the rest of dst's last source (one file read
 * in two parts on two threads): src's rows come from that source, none
 * is added.  Codes are given as one table read in one go would have
 * (src interning in dst's dictionaries, table_share_dicts: dst's own).
 */
int	 table_append_part(struct table *dst, struct table *src,
	     char **cause);
/*
 * About rows more rows are to be appended to t: the room for their codes
 * is reserved at once (address space, not memory), so appends move the
 * rows' pages in instead of copying them.  A hint only.
 */
void	 table_reserve(struct table *t, size_t rows);
/*
 * Finish building: type the columns from a sample, recognise names and
 * dates of birth, add the derived Âge column (whole years at today's date,
 * injected for tests with table_set_today) and, when there are several
 * sources, Fichier.  Idempotent.
 */
void	 table_finish(struct table *);
/* Today as days since 1970-01-01, for Âge; default the real date. */
void	 table_set_today(struct table *, int32_t days);

/* Reading. */
size_t	 table_rows(const struct table *);
size_t	 table_cols(const struct table *);		/* derived included */
/* Columns read from the file; the derived ones come after them. */
size_t	 table_file_cols(const struct table *);
const char *table_col_name(const struct table *, size_t col);
enum table_coltype table_col_type(const struct table *, size_t col);
int	 table_col_flags(const struct table *, size_t col);
/*
 * Find a column by name: folded, exact match first, else a unique prefix.
 * Returns the index, -1 when none, -2 when ambiguous.
 */
long	 table_col_find(const struct table *, const char *name);
/*
 * The text of a cell, NUL-terminated UTF-8 (unsanitized: sanitize before
 * display); "" for a cell missing from a short row.  Borrowed until
 * table_free.  *len, when not NULL, receives the length.
 */
const char *table_cell(const struct table *, size_t row, size_t col,
	     size_t *len);
/* Cells the row had in the file (ragged rows differ from the header). */
size_t	 table_row_width(const struct table *, size_t row);
/* Start reading a row into the cache (a hint, for rows read in a random
   order: sorted exports): its place (text 0), then its text (text 1). */
void	 table_prefetch(const struct table *, size_t row, int text);
/*
 * Cell i of the row as the file had it, 0 <= i < table_row_width: the way
 * to reach cells past the header's width (table_cell shows the header's
 * columns, then the derived ones).  NULL past the row's width.
 */
const char *table_raw_cell(const struct table *, size_t row, size_t i,
	     size_t *len);
/* Rows whose width differed from the header's. */
size_t	 table_ragged(const struct table *);
/* Numbered sources (CSV entries) and each row's source. */
size_t	 table_sources(const struct table *);
const char *table_source_name(const struct table *, size_t);
size_t	 table_row_source(const struct table *, size_t row);
/* Bytes held (codes, values, ragged cells), for the memory figures. */
size_t	 table_memory(const struct table *);

/*
 * Every column is also a set of distinct values, numbered from 0 (codes),
 * and a code per row: the filter tests a value once and the sort ranks
 * them once.  table_col_values is the number of codes (0 for a column
 * without them); table_col_value the text of one (NUL-terminated,
 * borrowed until table_free; "" past the end); table_cell_code the code
 * of a cell, whose text is table_cell's.  table_col_codes gives the codes
 * of every row at once: row r's is *width bytes (1, 2 or 4, native order,
 * maybe unaligned) at r * *stride from the pointer returned; NULL for a
 * column without them.  Valid once table_finish ran, until the table
 * changes.
 */
size_t	 table_col_values(const struct table *, size_t col);
const char *table_col_value(const struct table *, size_t col, uint32_t code,
	     size_t *len);
uint32_t table_cell_code(const struct table *, size_t row, size_t col);
const void *table_col_codes(const struct table *, size_t col,
	     unsigned *width, size_t *stride);

/* One sort key: a column, ascending or descending. */
#define TABLE_MAXKEYS	16	/* keys a sort takes at most */
struct table_sortkey {
	size_t	col;
	int	desc;
};
/*
 * Sort the row numbers in rows[0..n) by the keys: natural order, accent-
 * and case-insensitive, numbers and dates by value, empty cells last; stable
 * (equal rows keep their order).  Returns 0, or -1 when cancelled (*cancel
 * set nonzero by another thread; rows then unchanged).
 */
int	 table_sort(const struct table *, const struct table_sortkey *keys,
	     size_t nkeys, uint32_t *rows, size_t n, volatile int *cancel);

/* A code of w (1, 2 or 4) bytes at p, as table_col_codes lays them out. */
static inline uint32_t
table_code_load(const char *p, unsigned w)
{
	uint16_t	h;
	uint32_t	v;

	switch (w) {
	case 1:
		return ((unsigned char)*p);
	case 2:
		memcpy(&h, p, 2);
		return (h);
	default:
		memcpy(&v, p, 4);
		return (v);
	}
}

#endif
