/*
 * table — the rows of one list in memory, a column at a time.  Each file
 * column is a dictionary: its distinct values once (UTF-8, NUL-terminated,
 * one after another) and a code per row, 1, 2 or 4 bytes wide as the
 * number of values needs.  Lists repeat few values (names, streets,
 * municipalities, sections, postal codes, dates), so the codes and values
 * take a fraction of the file; a filter term is tested once per distinct
 * value and then runs over the codes, and a sort runs over ranks of the
 * values computed once per column (table_sort).  A cell is reached
 * without walking its row.
 *
 * Values are interned as rows arrive: the previous row's value first
 * (lists come sorted by section and address), then a hash table, dropped
 * when the table is finished.  Cells past the header's width (ragged rows)
 * and the width of such rows are kept apart, in row order, for
 * table_raw_cell and table_row_width; a short row's missing cells are ""
 * in the dictionaries.  Each row's source is kept as runs.  Derived
 * columns: Âge, one byte per row (its values the static texts "0" to
 * "150"); Fichier, a code per row naming its source.
 *
 * The values, the codes and the ragged cells are the list itself: they
 * live in mappings of their own, grown with mremap (the kernel moves the
 * pages; no copy is left behind in freed heap memory) and wiped before
 * they are unmapped.  Each code row ends with a byte for the row's age.
 */
#include "config.h"

#include <sys/mman.h>

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#if SIZE_MAX > 0xffffffffUL
#define TABLE_MAX_TEXT	((size_t)16 << 30)	/* 16 GiB of cell text */
#else
#define TABLE_MAX_TEXT	((size_t)1 << 30)
#endif
#define TABLE_MAX_ROWS	((size_t)UINT32_MAX - 1)
#define TABLE_MAX_ROW	((size_t)1 << 30)	/* a row's text: a batch's
						   offsets stay 32 bits */
#define TABLE_MAX_COLS	65536
#define TABLE_SAMPLE	2000		/* rows sampled to type columns */
#define AGE_MAX		150
#define AGE_NONE	255
#define AGE_VALUES	256		/* Âge's codes: the age, or "" */
#define SORTKEY_MAX	255		/* bytes of a text sort key */
#define SBUF_MIN	65536		/* first size of a mapping (address
				   space: fewer moves as it grows) */
#define BATCH_ROWS	512		/* rows interned together */
#define BATCH_BYTES	65536		/* their first room */
#define REMAP_BLOCK	65536		/* rows a merge remaps at a time */
#define PREFETCH_VALS	2048		/* values from which a column's
					   lookups are fetched ahead */
#define PROBE_AHEAD	4		/* slots of a probe looked at then */
#define SLOT_TAG	UINT64_C(0xffffffff00000000)	/* a slot's hash
							   bits */

/* A mapping holding list data: grown by text_map, wiped by text_unmap. */
struct sbuf {
	char	*p;
	size_t	 len;		/* bytes used */
	size_t	 cap;
};

struct dict;

/*
 * The codes of some columns, row by row: each row stride bytes, a column
 * at its offset, 1, 2 or 4 bytes wide (native order, unaligned); so a
 * row's codes share a cache line or two.
 */
struct coderows {
	struct sbuf	 b;		/* len: rows * stride */
	size_t		 stride;
	struct dict	*dicts;		/* the columns laid out here */
	size_t		 ndicts;
	size_t		 tail;		/* bytes after their codes (Âge) */
};

/* One column's values and codes. */
struct dict {
	struct coderows	*cr;		/* where its codes are */
	size_t		 coff;		/* their offset in a row */
	unsigned	 w;		/* their width: 1, 2 or 4 */
	struct sbuf	 vals;		/* the distinct values, each with NUL */
	uint64_t	*voff;		/* nvals + 1 starts in vals */
	size_t		 nvals;
	size_t		 voffcap;
	uint64_t	*slot;		/* hash: code + 1, 0 free, and the
					   hash's high half; NULL when dropped
					   (rebuilt on demand) */
	size_t		 nslot;
	uint32_t	 last;		/* code of the last value interned */
	uint32_t	*rank;		/* sort rank per code (UINT32_MAX for
					   ""), made by the first sort */
};

struct column {
	char		*name;
	char		*folded;
	enum table_coltype type;
	int		 flags;
};

struct source_run {
	size_t	first;		/* first row of the run */
	size_t	source;
};

/* A cell of a batch: where it is in buf. */
struct bcell {
	uint32_t	 off;		/* a batch holds under 4 GiB */
	uint32_t	 len;
};

/*
 * Rows added, waiting to be interned together.  The builder splits them
 * into cells, marks those equal to the cell above and hashes the others;
 * the interning (maybe on the worker) looks them up.
 */
struct batch {
	struct sbuf	 buf;		/* the rows, packed as added */
	size_t		 rest[BATCH_ROWS];	/* where cells past the
						   header's start in buf */
	size_t		 end[BATCH_ROWS];	/* where each row ends */
	uint32_t	 width[BATCH_ROWS];	/* their cells */
	size_t		 src[BATCH_ROWS];	/* their sources */
	size_t		 n;
	size_t		 rcap;		/* rows it takes before interning */
	size_t		 cstride;	/* rcap and a few: see add_packed */
	/*
	 * The header's cells of its rows, a column after another (cstride
	 * each), so that interning walks each column's cells in order: where
	 * they are, whether each equals the cell above, their hashes.
	 */
	struct bcell	*cells;
	unsigned char	*same;
	uint64_t	*hash;
	uint32_t	*defer;		/* columns left for later (their
					   shared dictionary was busy) */
};

/* The thread interning the batches while the builder fills the next. */
struct worker {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct batch	*todo;		/* handed over, not interned yet */
	int		 stop;
};

/* One of the two halves of a merge's remapping (append). */
struct remap_job {
	struct table	*dst;
	struct table	*src;
	uint32_t	**remaps;	/* per column: src code to dst's */
	unsigned char	*mine;		/* per column: the job taking it */
	unsigned char	 which;
	size_t		 base;		/* dst's rows before src's */
	size_t		 r0, r1;	/* src's rows this job copies */
};

/* A function and its argument, for both(). */
struct both_arg {
	void	(*fn)(void *);
	void	*arg;
};

/* A row whose width differs from the header's. */
struct ragged_row {
	uint32_t	row;
	uint32_t	width;		/* cells it had in the file */
	size_t		xoff;		/* its cells past the header */
};

struct table {
	struct column	*cols;
	size_t		 ncols;		/* file columns */
	size_t		 nall;		/* with derived */
	int		 has_header;

	struct dict	*dicts;		/* one per file column */
	struct coderows	 crows;		/* their codes */
	size_t		 nrows;
	size_t		 inlen;		/* bytes of cell text added */
	struct ragged_row *rag;
	size_t		 nrag;
	size_t		 ragcap;
	struct sbuf	 extra;		/* ragged rows' cells past the header */
	struct sbuf	 scratch;	/* table_add_row's packed row */
	struct batch	 batch[2];	/* rows added, not yet interned */
	unsigned	 cur;		/* the batch being filled */
	size_t		 nadded;	/* rows added, interned or not */
	struct worker	*worker;	/* interning on a thread, or NULL */

	char		**sources;
	size_t		 nsources;
	struct source_run *runs;
	size_t		 nruns;

	int		 finished;
	long		 birth_col;	/* file column of the date of birth */
	long		 age_col;	/* derived column index, or -1 */
	long		 file_col;	/* Fichier index, or -1 */
	int		 has_ages;	/* the last byte of each code row */
	int32_t		 today;
	int		 today_set;
	struct dict	 filedict;	/* Fichier: a code per row */
	struct coderows	 filerows;

	pthread_mutex_t	 rank_lock;	/* the ranks, made by readers */
	uint32_t	*age_rank;

	/*
	 * Tables read on other threads may intern their values in this
	 * one's dictionaries (table_share_dicts): a lock per column.
	 */
	size_t		 reserve;	/* rows more to come (table_reserve) */
	struct table	*shared;	/* whose dictionaries rows use */
	int		 shared_ok;	/* the same header: they do */
	int		 shared_first;	/* its header may become dst's */
	pthread_mutex_t	 share_lock;
	pthread_mutex_t	*col_locks;	/* ncols, once shared */
};

static char		age_text[AGE_MAX + 1][4];
static pthread_once_t	age_once = PTHREAD_ONCE_INIT;

static void	 age_init(void);
static int32_t	 days_today(void);
static void	 civil(int32_t, int *, int *, int *);
static int	 word_in(const char *, const char *const *);
static void	 type_columns(struct table *);
static void	 add_derived(struct table *);
static char	*text_map(char *, size_t, size_t);
static void	 text_unmap(char *, size_t, size_t);
static void	 add_source_run(struct table *, size_t);
static void	 dict_free(struct dict *);
static unsigned	 code_width(size_t);
static void	 coderows_layout(struct coderows *);
static uint32_t	 dict_intern(struct dict *, const char *, size_t);
static const struct dict *col_dict(const struct table *, size_t);
static void	 flush_batch(struct table *, struct batch *);
static void	 pending(const struct table *);
static void	 stop_worker(struct table *);
static void	 share_header(struct table *, const char *const *,
		     const size_t *, size_t);
static int	 append(struct table *, struct table *, int, char **);
static void	*both_main(void *);

/* Fill the static texts "0" to "150" for Âge. */
static void
age_init(void)
{
	int	i;

	for (i = 0; i <= AGE_MAX; i++)
		snprintf(age_text[i], sizeof age_text[i], "%d", i);
}

/* Today's local date as days since 1970-01-01. */
static int32_t
days_today(void)
{
	time_t		now = time(NULL);
	struct tm	tm;
	long		y, m, d, era, yoe, doy, doe;

	if (localtime_r(&now, &tm) == NULL)
		return ((int32_t)(now / 86400));
	y = tm.tm_year + 1900L;
	m = tm.tm_mon + 1L;
	d = tm.tm_mday;
	/* days_from_civil (Howard Hinnant's algorithm). */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return ((int32_t)(era * 146097 + doe - 719468));
}

/* Days since 1970-01-01 to year, month, day. */
static void
civil(int32_t days, int *yp, int *mp, int *dp)
{
	long	z = (long)days + 719468, era, doe, yoe, doy, mp0, y;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp0 = (5 * doy + 2) / 153;
	*dp = (int)(doy - (153 * mp0 + 2) / 5 + 1);
	*mp = (int)(mp0 < 10 ? mp0 + 3 : mp0 - 9);
	*yp = (int)(y + (*mp <= 2));
}

/* A new empty table. */
struct table *
table_new(void)
{
	struct table	*t;

	t = xcalloc(1, sizeof *t);
	t->birth_col = t->age_col = t->file_col = -1;
	pthread_mutex_init(&t->rank_lock, NULL);
	pthread_mutex_init(&t->share_lock, NULL);
	return (t);
}

/* Wipe and release a mapping. */
static void
sbuf_free(struct sbuf *b)
{
	text_unmap(b->p, b->len, b->cap);
	memset(b, 0, sizeof *b);
}

/*
 * Room for need more bytes in a batch's rows.  From the heap, not a
 * mapping of their own: a delivery's hundreds of tables, one after
 * another, take the pages the last one left instead of faulting in fresh
 * ones.  The old rows are wiped, not left behind by realloc.
 */
static void __attribute__((noinline))
batch_grow(struct sbuf *b, size_t need)
{
	size_t	 cap = b->cap < BATCH_BYTES ? BATCH_BYTES : b->cap;
	char	*p;

	while (cap - b->len < need)
		cap *= 2;
	p = xmalloc(cap);
	if (b->len > 0)
		memcpy(p, b->p, b->len);
	secure_wipe(b->p, b->len);
	free(b->p);
	b->p = p;
	b->cap = cap;
}

/* Free a batch's buffers (its rows were interned), ready for reuse. */
static void
batch_free(struct batch *bt)
{
	secure_wipe(bt->buf.p, bt->buf.len);
	free(bt->buf.p);
	memset(&bt->buf, 0, sizeof bt->buf);
	free(bt->cells);
	free(bt->same);
	free(bt->hash);
	free(bt->defer);
	bt->cells = NULL;
	bt->same = NULL;
	bt->hash = NULL;
	bt->defer = NULL;
	bt->rcap = bt->cstride = 0;
}

/*
 * Wipe bytes [from, to) of a mapping read for the last time and give the
 * pages wholly inside back to the kernel (the mapping stays).
 */
static void
sbuf_release(struct sbuf *b, size_t from, size_t to)
{
	uintptr_t	pa, pb;
	long		pg = sysconf(_SC_PAGESIZE);

	if (to <= from)
		return;
	secure_wipe(b->p + from, to - from);
	if (pg <= 0)
		return;
	pa = ((uintptr_t)(b->p + from) + (uintptr_t)pg - 1) &
	    ~((uintptr_t)pg - 1);
	pb = (uintptr_t)(b->p + to) & ~((uintptr_t)pg - 1);
	if (pb > pa)
		(void)madvise((void *)pa, (size_t)(pb - pa), MADV_DONTNEED);
}

/* Grow a mapping to hold need more bytes. */
static void
sbuf_grow(struct sbuf *b, size_t need)
{
	size_t	cap;

	cap = b->cap < SBUF_MIN ? SBUF_MIN : b->cap;
	while (cap - b->len < need)
		cap *= 2;
	b->p = text_map(b->p, b->cap, cap);
	b->cap = cap;
}

/* Make room for need more bytes in a mapping (sizes checked by callers). */
static inline void
sbuf_room(struct sbuf *b, size_t need)
{
	if (b->cap - b->len < need)
		sbuf_grow(b, need);
}

/* A column's dictionary, empty, its codes at byte coff of cr's rows. */
static void
dict_init(struct dict *d, struct coderows *cr, size_t coff)
{
	memset(d, 0, sizeof *d);
	d->cr = cr;
	d->coff = coff;
	d->w = 1;
	d->voff = xcalloc(16, sizeof *d->voff);
	d->voffcap = 16;
}

/* Code rows for n columns of dicts, empty: a byte each, tail bytes more. */
static void
coderows_init(struct coderows *cr, struct dict *dicts, size_t n, size_t tail)
{
	size_t	i;

	memset(cr, 0, sizeof *cr);
	cr->dicts = dicts;
	cr->ndicts = n;
	cr->tail = tail;
	cr->stride = n + tail;
	for (i = 0; i < n; i++)
		dict_init(&dicts[i], cr, i);
}

/* Wipe and free a dictionary (its values and ranks). */
static void
dict_free(struct dict *d)
{
	sbuf_free(&d->vals);
	free(d->voff);
	free(d->slot);
	free(d->rank);
	memset(d, 0, sizeof *d);
}

/* Free a table and everything it holds; NULL is fine. */
void
table_free(struct table *t)
{
	size_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nall; i++) {
		free(t->cols[i].name);
		free(t->cols[i].folded);
	}
	free(t->cols);
	for (i = 0; t->dicts != NULL && i < t->ncols; i++)
		dict_free(&t->dicts[i]);
	free(t->dicts);
	sbuf_free(&t->crows.b);
	dict_free(&t->filedict);
	sbuf_free(&t->filerows.b);
	for (i = 0; i < t->nsources; i++)
		free(t->sources[i]);
	free(t->sources);
	free(t->runs);
	free(t->rag);
	sbuf_free(&t->extra);
	sbuf_free(&t->scratch);
	stop_worker(t);
	batch_free(&t->batch[0]);
	batch_free(&t->batch[1]);
	free(t->age_rank);
	pthread_mutex_destroy(&t->rank_lock);
	for (i = 0; t->col_locks != NULL && i < t->ncols; i++)
		pthread_mutex_destroy(&t->col_locks[i]);
	free(t->col_locks);
	pthread_mutex_destroy(&t->share_lock);
	free(t);
}

/* Set the header: n names (UTF-8, len-carrying). */
int
table_set_header(struct table *t, const char *const *names,
    const size_t *lens, size_t n)
{
	size_t	i;

	if (t->has_header)
		fatal("table_set_header: header already set");
	if (n > TABLE_MAX_COLS)
		return (-1);
	t->cols = xcalloc(n + 2, sizeof *t->cols);
	t->dicts = xcalloc(n + 1, sizeof *t->dicts);
	for (i = 0; i < n; i++) {
		t->cols[i].name = xstrndup(names[i], lens[i]);
		t->cols[i].folded = text_fold_dup(t->cols[i].name);
		t->cols[i].type = TABLE_COL_TEXT;
	}
	coderows_init(&t->crows, t->dicts, n, 1);
	t->ncols = t->nall = n;
	t->has_header = 1;
	if (t->shared != NULL)
		share_header(t, names, lens, n);
	return (0);
}

/*
 * The header of a table sharing dst's dictionaries: dst takes the first
 * table's; the rows use dst's dictionaries when the headers agree (a
 * table whose header comes before the first's keeps its own).
 */
static void
share_header(struct table *t, const char *const *names, const size_t *lens,
    size_t n)
{
	struct table	*dst = t->shared;
	size_t		 i;

	pthread_mutex_lock(&dst->share_lock);
	if (t->shared_first && !dst->has_header && dst->nrows == 0 &&
	    table_set_header(dst, names, lens, n) == 0) {
		dst->col_locks = xcalloc(n + 1, sizeof *dst->col_locks);
		for (i = 0; i < n; i++)
			pthread_mutex_init(&dst->col_locks[i], NULL);
	}
	t->shared_ok = dst->col_locks != NULL &&
	    table_same_header(dst, names, lens, n);
	pthread_mutex_unlock(&dst->share_lock);
	if (!t->shared_ok)
		return;
	/*
	 * Codes as wide as the shared dictionaries' already: the rows are
	 * laid out once, not widened at the first batch.
	 */
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&dst->col_locks[i]);
		t->dicts[i].w = code_width(dst->dicts[i].nvals);
		pthread_mutex_unlock(&dst->col_locks[i]);
	}
	coderows_layout(&t->crows);
}

/* Intern t's rows in dst's dictionaries; see table.h. */
void
table_share_dicts(struct table *t, struct table *dst, int first)
{
	if (t->has_header || t == dst)
		return;
	t->shared = dst;
	t->shared_first = first;
}

/* Nonzero when names[0..n) equal the table's header once folded. */
int
table_same_header(const struct table *t, const char *const *names,
    const size_t *lens, size_t n)
{
	size_t	 i;
	char	*name, *f;
	int	 same;

	if (!t->has_header || n != t->ncols)
		return (0);
	for (i = 0; i < n; i++) {
		name = xstrndup(names[i], lens[i]);
		f = text_fold_dup(name);
		same = strcmp(f, t->cols[i].folded) == 0;
		free(f);
		free(name);
		if (!same)
			return (0);
	}
	return (1);
}

/* Nonzero once the header is set. */
int
table_has_header(const struct table *t)
{
	return (t->has_header);
}

/* Add a source name; returns its number. */
size_t
table_add_source(struct table *t, const char *name)
{
	t->sources = xreallocarray(t->sources, t->nsources + 1,
	    sizeof *t->sources);
	t->sources[t->nsources] = xstrdup(name != NULL ? name : "");
	return (t->nsources++);
}

/*
 * The text's mapping, from old (cap oldcap; NULL for none) to cap bytes:
 * moved by the kernel where it can, else copied and the old one wiped.
 */
static char *
text_map(char *old, size_t oldcap, size_t cap)
{
	void	*p;

	if (old != NULL) {
#ifdef MREMAP_MAYMOVE
		p = mremap(old, oldcap, cap, MREMAP_MAYMOVE);
		if (p != MAP_FAILED)
			return (p);
#endif
	}
	p = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		fatal("out of memory (%zu bytes)", cap);
	if (old != NULL) {
		memcpy(p, old, oldcap);
		secure_wipe(old, oldcap);
		munmap(old, oldcap);
	}
	return (p);
}

/* Wipe the first used bytes of the text, then unmap it. */
static void
text_unmap(char *text, size_t used, size_t cap)
{
	if (text == NULL)
		return;
	secure_wipe(text, used);
	munmap(text, cap);
}

/* Why rows more rows and len more bytes of text do not fit; see below. */
static int __attribute__((noinline, cold))
room_refused(const struct table *t, size_t rows, size_t len, char **cause)
{
	if (rows == 1 && len > TABLE_MAX_ROW) {
		if (cause != NULL)
			*cause = xasprintf(_("a row is too large (more than "
			    "%zu MiB of text)"), TABLE_MAX_ROW >> 20);
	} else if (len > TABLE_MAX_TEXT - t->inlen) {
		if (cause != NULL)
			*cause = xasprintf(_("the list is too large (more "
			    "than %zu MiB of text)"), TABLE_MAX_TEXT >> 20);
	} else if (cause != NULL)
		*cause = xasprintf(_("the list has too many rows "
		    "(more than %zu)"), TABLE_MAX_ROWS);
	return (-1);
}

/*
 * Check that rows more rows and len more bytes of text fit the limits (a
 * single row: at most TABLE_MAX_ROW bytes).
 */
static inline int
check_room(const struct table *t, size_t rows, size_t len, char **cause)
{
	if ((rows == 1 && len > TABLE_MAX_ROW) ||
	    len > TABLE_MAX_TEXT - t->inlen ||
	    rows > TABLE_MAX_ROWS - t->nadded)
		return (room_refused(t, rows, len, cause));
	return (0);
}

/* Record that the next row comes from source. */
static void
add_source_run(struct table *t, size_t source)
{
	if (t->nruns > 0 && t->runs[t->nruns - 1].source == source)
		return;
	if (t->nruns > 0 && t->runs[t->nruns - 1].first == t->nrows) {
		t->runs[t->nruns - 1].source = source;
		return;
	}
	t->runs = xreallocarray(t->runs, t->nruns + 1, sizeof *t->runs);
	t->runs[t->nruns].first = t->nrows;
	t->runs[t->nruns].source = source;
	t->nruns++;
}

/* Store a code of w bytes at p. */
static inline void
code_store(char *p, unsigned w, uint32_t code)
{
	uint16_t	h = (uint16_t)code;

	switch (w) {
	case 1:
		*p = (char)(unsigned char)code;
		break;
	case 2:
		memcpy(p, &h, 2);
		break;
	default:
		memcpy(p, &code, 4);
		break;
	}
}

/* The code of row in d. */
static inline uint32_t
dict_code(const struct dict *d, size_t row)
{
	return (table_code_load(d->cr->b.p + row * d->cr->stride + d->coff,
	    d->w));
}

/* The age of row, the last byte of its code row. */
static inline uint8_t *
age_at(const struct table *t, size_t row)
{
	return ((uint8_t *)t->crows.b.p + (row + 1) * t->crows.stride - 1);
}

/* Codes of width w as wide as nvals values need. */
static unsigned
code_width(size_t nvals)
{
	if (nvals <= 256)
		return (1);
	if (nvals <= 65536)
		return (2);
	return (4);
}

/* Each dictionary's offset in cr's rows, from their widths; the stride. */
static void
coderows_layout(struct coderows *cr)
{
	size_t	i, o;

	for (i = 0, o = 0; i < cr->ndicts; i++) {
		cr->dicts[i].coff = o;
		o += cr->dicts[i].w;
	}
	cr->stride = o + cr->tail;
}

/*
 * Lay cr's rows out again with d's codes w bytes wide, in place: the
 * mapping grows (mremap moves its pages, nothing is copied) and the rows
 * move up from the last one, each to where it was or further, so no row
 * is overwritten before it has moved and no fresh pages are written
 * beyond the growth.  A row is the bytes before d's code, the code
 * widened, the bytes after it (moved first: they go furthest).
 */
static void
coderows_widen(struct coderows *cr, struct dict *d, unsigned w)
{
	size_t		 os = cr->stride, nrows = os > 0 ? cr->b.len / os : 0;
	size_t		 pre = d->coff, post = os - d->coff - d->w, r;
	unsigned	 ow = d->w;
	uint32_t	 code;
	char		*src, *dst;

	d->w = w;
	coderows_layout(cr);
	sbuf_room(&cr->b, nrows * (cr->stride - os) + 1);
	for (r = nrows; r-- > 0;) {
		src = cr->b.p + r * os;
		dst = cr->b.p + r * cr->stride;
		code = table_code_load(src + pre, ow);
		memmove(dst + pre + w, src + pre + ow, post);
		memmove(dst, src, pre);
		code_store(dst + pre, w, code);
	}
	cr->b.len = nrows * cr->stride;
}

/*
 * Set the codes of rows row..row+n (their code rows there already), each
 * below nvals (the values of the dictionary they come from): the width is
 * settled once, then a loop per width.
 */
static void
put_codes(struct dict *d, size_t row, const uint32_t *code, size_t n,
    size_t nvals)
{
	struct coderows	*cr = d->cr;
	uint16_t	 h;
	size_t		 i, stride;
	char		*p;

	if (code_width(nvals) > d->w)
		coderows_widen(cr, d, code_width(nvals));
	stride = cr->stride;
	p = cr->b.p + row * stride + d->coff;
	switch (d->w) {
	case 1:
		for (i = 0; i < n; i++)
			p[i * stride] = (char)(unsigned char)code[i];
		break;
	case 2:
		for (i = 0; i < n; i++) {
			h = (uint16_t)code[i];
			memcpy(p + i * stride, &h, 2);
		}
		break;
	default:
		for (i = 0; i < n; i++)
			memcpy(p + i * stride, &code[i], 4);
		break;
	}
}

/* Load 8, 4 or 2 bytes from p (unaligned). */
static inline uint64_t
load8(const char *p)
{
	uint64_t	v;

	memcpy(&v, p, 8);
	return (v);
}

static inline uint32_t
load4(const char *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return (v);
}

static inline uint16_t
load2(const char *p)
{
	uint16_t	v;

	memcpy(&v, p, 2);
	return (v);
}

/*
 * The last bytes of s[0..len): the 8 ending at len when there are 8, else
 * all of them (overlapping loads, no byte loop).
 */
static inline uint64_t
tail_word(const char *s, size_t len)
{
	if (len >= 8)
		return (load8(s + len - 8));
	if (len >= 4)
		return ((uint64_t)load4(s) << 32 | load4(s + len - 4));
	if (len >= 2)
		return ((uint64_t)load2(s) << 16 | load2(s + len - 2));
	return (len == 1 ? (unsigned char)*s : 0);
}

/* Nonzero when a[0..len) and b[0..len) are equal (short values inline). */
static inline int
same_bytes(const char *a, const char *b, size_t len)
{
	size_t	i;

	if (len > 32)
		return (memcmp(a, b, len) == 0);
	for (i = 0; i + 8 < len; i += 8)
		if (load8(a + i) != load8(b + i))
			return (0);
	return (tail_word(a, len) == tail_word(b, len));
}

/*
 * The hash of a value: 8 bytes at a time, the last 8 (or fewer) read at
 * once, mixed (murmur3's finaliser).
 */
static inline uint64_t
value_hash(const char *s, size_t len)
{
	uint64_t	h = UINT64_C(0x9e3779b97f4a7c15) ^ len;
	size_t		i;

	for (i = 0; i + 8 < len; i += 8) {
		h = (h ^ load8(s + i)) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 32;
	}
	h = (h ^ tail_word(s, len)) * UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 29;
	return (h);
}

/*
 * The first slot of hash h: its high half first (the tag a slot keeps),
 * so that a table of up to 2^32 slots grows without hashing again.
 */
static inline size_t
slot_pos(uint64_t h, size_t nslot)
{
	return ((size_t)(h >> 32 | h << 32) & (nslot - 1));
}

/*
 * nslot free slots.  Written before they are read: calloc's untouched
 * pages are the shared zero page, and the first store to each would then
 * fault again and flush the other threads' TLBs (a tenth of a large
 * load's system time).
 */
static uint64_t *
slots_new(size_t nslot)
{
	uint64_t	*s;

	s = xreallocarray(NULL, nslot, sizeof *s);
	memset(s, 0, nslot * sizeof *s);
	return (s);
}

/* Place every value in a hash table of nslot slots. */
static void
dict_rehash(struct dict *d, size_t nslot)
{
	size_t		 j, id;
	uint64_t	 h;

	free(d->slot);
	d->nslot = nslot;
	d->slot = slots_new(nslot);
	for (id = 0; id < d->nvals; id++) {
		h = value_hash(d->vals.p + d->voff[id],
		    (size_t)(d->voff[id + 1] - d->voff[id] - 1));
		for (j = slot_pos(h, nslot); d->slot[j] != 0;
		    j = (j + 1) & (nslot - 1))
			;
		d->slot[j] = (id + 1) | (h & SLOT_TAG);
	}
}

/* Twice the slots, placed by their tags (no value read). */
static void
dict_grow(struct dict *d)
{
	uint64_t	*old = d->slot, s;
	size_t		 n = d->nslot, nslot = 2 * n, i, j;

	if (nslot > (size_t)UINT32_MAX + 1) {
		dict_rehash(d, nslot);	/* (frees old) */
		return;
	}
	d->slot = slots_new(nslot);
	d->nslot = nslot;
	for (i = 0; i < n; i++) {
		if ((s = old[i]) == 0)
			continue;
		for (j = (size_t)(s >> 32) & (nslot - 1); d->slot[j] != 0;
		    j = (j + 1) & (nslot - 1))
			;
		d->slot[j] = s;
	}
	free(old);
}

/* The hash table of d, rebuilt when it was dropped. */
static void
dict_slots(struct dict *d)
{
	size_t	nslot;

	if (d->slot != NULL)
		return;
	for (nslot = 1024; nslot < 2 * d->nvals + 2; nslot *= 2)
		;
	dict_rehash(d, nslot);
}

/* The code of value s[0..len) (no NUL inside) of hash h, added if new. */
static uint32_t
dict_intern_hash(struct dict *d, const char *s, size_t len, uint64_t h)
{
	size_t		 j;
	uint32_t	 id;
	uint64_t	 tag;

	dict_slots(d);
	tag = h & SLOT_TAG;
	for (j = slot_pos(h, d->nslot); d->slot[j] != 0;
	    j = (j + 1) & (d->nslot - 1)) {
		if ((d->slot[j] & SLOT_TAG) != tag)
			continue;
		id = (uint32_t)d->slot[j] - 1;
		if (d->voff[id + 1] - d->voff[id] == len + 1 &&
		    same_bytes(d->vals.p + d->voff[id], s, len))
			return (d->last = id);
	}
	/* A new value (the row limit bounds their number). */
	sbuf_room(&d->vals, len + 1);
	memcpy(d->vals.p + d->vals.len, s, len);
	d->vals.p[d->vals.len + len] = '\0';
	d->vals.len += len + 1;
	if (d->nvals + 2 > d->voffcap) {
		d->voffcap *= 2;
		d->voff = xreallocarray(d->voff, d->voffcap, sizeof *d->voff);
	}
	id = (uint32_t)d->nvals++;
	d->voff[d->nvals] = d->vals.len;
	d->slot[j] = ((uint64_t)id + 1) | tag;
	if (d->nvals * 2 > d->nslot)
		dict_grow(d);
	if (d->rank != NULL) {
		free(d->rank);
		d->rank = NULL;
	}
	return (d->last = id);
}

/* Nonzero when d's value code is s[0..len). */
static inline int
is_value(const struct dict *d, uint32_t code, const char *s, size_t len)
{
	return (d->voff[code + 1] - d->voff[code] == len + 1 &&
	    same_bytes(d->vals.p + d->voff[code], s, len));
}

/*
 * The code of value s[0..len) of hash h, plus one, when the value is in
 * the first slot its hash names (most lookups of a known value), else 0:
 * dict_intern_hash then probes on, or adds it.  The slots are there.
 */
static inline uint32_t
first_slot(const struct dict *d, const char *s, size_t len, uint64_t h)
{
	uint64_t	sl = d->slot[slot_pos(h, d->nslot)];
	uint32_t	id = (uint32_t)sl;

	if (sl == 0 || ((sl ^ h) & SLOT_TAG) != 0 ||
	    !is_value(d, id - 1, s, len))
		return (0);
	return (id);
}

/* The code of value s[0..len) (no NUL inside), added when new. */
static uint32_t
dict_intern(struct dict *d, const char *s, size_t len)
{
	const char	*v;

	if (d->nvals > 0) {
		v = d->vals.p + d->voff[d->last];
		if (d->voff[d->last + 1] - d->voff[d->last] == len + 1 &&
		    memcmp(v, s, len) == 0)
			return (d->last);
	}
	return (dict_intern_hash(d, s, len, value_hash(s, len)));
}

/* The value of code in d. */
static inline const char *
dict_value(const struct dict *d, uint32_t code, size_t *len)
{
	if (len != NULL)
		*len = (size_t)(d->voff[code + 1] - d->voff[code] - 1);
	return (d->vals.p + d->voff[code]);
}

/*
 * Intern column c of the batch (its lock taken when the dictionary is
 * shared; released here): each cell equal to the one above it taking its
 * code, the others looked up, their slots fetched ahead.
 */
static void
intern_column(struct table *t, struct batch *bt, size_t c)
{
	struct bcell		*bc;
	const unsigned char	*same;
	uint64_t		*hash;
	const char		*p;
	size_t			 i, j, k, nb = bt->n;
	uint32_t		 code[BATCH_ROWS], cand[BATCH_ROWS];
	uint64_t		 sl;
	size_t			 nv;
	struct dict		*d, *vd;
	int			 big;

	d = &t->dicts[c];
	vd = t->shared_ok ? &t->shared->dicts[c] : d;
	bc = &bt->cells[c * bt->cstride];
	same = &bt->same[c * bt->cstride];
	hash = &bt->hash[c * bt->cstride];
	dict_slots(vd);
	big = vd->nvals >= PREFETCH_VALS;	/* fixed: nvals grows below */
	/*
	 * A large dictionary: the slots fetched ahead; then, from the first
	 * slot of each probe that holds the cell's tag (its candidate), the
	 * start of that value; then the value (misses taken side by side,
	 * not one after another in the lookup, which checks the candidate
	 * and probes only when it is not the cell).  A small one stays in
	 * the cache: its first slot is looked at, then the probe.
	 */
	for (i = 0; big && i < nb; i++)
		if (!same[i])
			__builtin_prefetch(&vd->slot[slot_pos(
			    hash[i], vd->nslot)]);
	for (i = 0; i < nb; i++)
		cand[i] = 0;
	for (i = 0; big && i < nb; i++) {
		if (same[i])
			continue;
		/* The first slot of its probe with its tag, a few on. */
		for (j = slot_pos(hash[i], vd->nslot), k = 0; k < PROBE_AHEAD;
		    j = (j + 1) & (vd->nslot - 1), k++) {
			if ((sl = vd->slot[j]) == 0)
				break;
			if (((sl ^ hash[i]) & SLOT_TAG) == 0) {
				cand[i] = (uint32_t)sl;
				__builtin_prefetch(&vd->voff[cand[i] - 1]);
				break;
			}
		}
	}
	for (i = 0; big && i < nb; i++)
		if (cand[i] != 0)
			__builtin_prefetch(vd->vals.p +
			    vd->voff[cand[i] - 1]);
	for (i = 0; i < nb; i++) {
		p = bt->buf.p + bc[i].off;
		if (same[i] && i > 0)
			code[i] = code[i - 1];
		else if (big ? (cand[i] != 0 &&
		    is_value(vd, cand[i] - 1, p, bc[i].len)) :
		    (cand[i] = first_slot(vd, p, bc[i].len, hash[i])) != 0)
			code[i] = cand[i] - 1;
		else
			code[i] = dict_intern_hash(vd, p, bc[i].len, hash[i]);
	}
	vd->last = code[nb - 1];
	nv = vd->nvals;
	if (t->shared_ok)
		pthread_mutex_unlock(&t->shared->col_locks[c]);
	/*
	 * As wide as the dictionary's values need (sharing: the
	 * other table's, so that the tables sharing it end with its
	 * widths and join without a rewrite).
	 */
	put_codes(d, t->nrows, code, nb, nv);
}

/*
 * Intern the rows of the batch, a column at a time (intern_column).  Cells
 * past the header's go apart.
 */
static void
flush_batch(struct table *t, struct batch *bt)
{
	const char		*p, *end;
	size_t			 i, c, k, nd, nb = bt->n, l, base;
	size_t			 nc = t->ncols;

	if (nb == 0)
		return;
	base = t->nrows;
	for (i = 0; i < nb; i++) {
		t->nrows = base + i;	/* add_source_run's row */
		add_source_run(t, bt->src[i]);
		if (bt->width[i] != nc) {
			if (t->nrag == t->ragcap) {
				t->ragcap = t->ragcap ? 2 * t->ragcap : 16;
				t->rag = xreallocarray(t->rag, t->ragcap,
				    sizeof *t->rag);
			}
			t->rag[t->nrag].row = (uint32_t)t->nrows;
			t->rag[t->nrag].width = bt->width[i];
			t->rag[t->nrag].xoff = t->extra.len;
			t->nrag++;
			p = bt->buf.p + bt->rest[i];
			end = bt->buf.p + bt->end[i];
			if (p < end) {
				sbuf_room(&t->extra, (size_t)(end - p));
				memcpy(t->extra.p + t->extra.len, p,
				    (size_t)(end - p));
				t->extra.len += (size_t)(end - p);
			}
		}
	}
	t->nrows = base;
	/* Room for the batch's code rows at once. */
	if (t->crows.b.len < (t->nrows + nb) * t->crows.stride) {
		sbuf_room(&t->crows.b, (t->nrows + nb) * t->crows.stride -
		    t->crows.b.len);
		t->crows.b.len = (t->nrows + nb) * t->crows.stride;
	}
	/*
	 * A column another part is interning into the shared dictionary
	 * waits until the others are done, rather than both parts taking
	 * the columns in the same order, one behind the other.
	 */
	for (c = 0, nd = 0; c < nc; c++) {
		if (t->shared_ok &&
		    pthread_mutex_trylock(&t->shared->col_locks[c]) != 0)
			bt->defer[nd++] = (uint32_t)c;
		else
			intern_column(t, bt, c);
	}
	for (k = 0; k < nd; k++) {
		pthread_mutex_lock(&t->shared->col_locks[bt->defer[k]]);
		intern_column(t, bt, bt->defer[k]);
	}
	t->nrows += nb;
	l = bt->buf.len;
	secure_wipe(bt->buf.p, l);
	bt->buf.len = 0;
	bt->n = 0;
}

/* The worker: intern each batch handed over, until told to stop. */
static void *
worker_main(void *arg)
{
	struct table	*t = arg;
	struct worker	*w = t->worker;
	struct batch	*bt;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->todo == NULL && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->todo == NULL)
			break;
		bt = w->todo;
		pthread_mutex_unlock(&w->lock);
		flush_batch(t, bt);
		pthread_mutex_lock(&w->lock);
		w->todo = NULL;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return (NULL);
}

/* Wait until the worker has interned what it was given. */
static void
wait_worker(struct table *t)
{
	struct worker	*w = t->worker;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->todo != NULL)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

/* Stop the worker, if any, once it is done. */
static void
stop_worker(struct table *t)
{
	struct worker	*w = t->worker;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
	t->worker = NULL;
}

/* Intern rows on a thread of their own from now on; see table.h. */
void
table_build_threaded(struct table *t)
{
	struct worker	*w;

	if (t->worker != NULL || t->finished)
		return;
	w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	t->worker = w;
	if (pthread_create(&w->thread, NULL, worker_main, t) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->cond);
		free(w);
		t->worker = NULL;
	}
}

/* Intern what is pending, end the worker, free the building buffers. */
void
table_build_done(struct table *t)
{
	size_t	c;

	pending(t);
	stop_worker(t);
	batch_free(&t->batch[0]);
	batch_free(&t->batch[1]);
	sbuf_free(&t->scratch);
	for (c = 0; c < t->ncols; c++) {
		free(t->dicts[c].slot);
		t->dicts[c].slot = NULL;
		t->dicts[c].nslot = 0;
	}
}

/* Hand the full batch to the worker (or intern it here) and switch. */
static void
submit(struct table *t)
{
	struct worker	*w = t->worker;

	if (w == NULL) {
		flush_batch(t, &t->batch[t->cur]);
		return;
	}
	pthread_mutex_lock(&w->lock);
	while (w->todo != NULL)
		pthread_cond_wait(&w->cond, &w->lock);
	w->todo = &t->batch[t->cur];
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	t->cur ^= 1;
}

/* Hand the batch over before it is full: the next, empty. */
static struct batch * __attribute__((noinline, cold))
batch_next(struct table *t)
{
	submit(t);
	t->batch[t->cur].buf.len = 0;
	return (&t->batch[t->cur]);
}

/* Intern the rows still in the batches (a table read while built). */
static void
pending(const struct table *t)
{
	struct table	*m = (struct table *)(uintptr_t)t;

	if (m->worker == NULL && m->batch[m->cur].n == 0)
		return;
	wait_worker(m);
	flush_batch(m, &m->batch[m->cur]);
}

/*
 * The ends (NULs) of the first max cells of s[0..len) into ends; returns
 * how many were found.  16 bytes at a time where SSE2 is there.
 */
static size_t
cell_ends(const char *s, size_t len, size_t *ends, size_t max)
{
	size_t		i = 0, k = 0;
#ifdef __SSE2__
	const __m128i	zero = _mm_setzero_si128();
	unsigned	mask;

	for (; i + 16 <= len && k < max; i += 16) {
		mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)(s + i)),
		    zero));
		for (; mask != 0 && k < max; mask &= mask - 1)
			ends[k++] = i + (size_t)__builtin_ctz(mask);
	}
#endif
	for (; i < len && k < max; i++)
		if (s[i] == '\0')
			ends[k++] = i;
	return (k);
}

/*
 * Keep a row of n cells packed in len bytes for the next batch; ends,
 * when not NULL, gives where each of the first min(n, header) cells ends
 * (its NUL), else they are looked for.
 */
static void
add_packed(struct table *t, size_t source, const char *cells, size_t len,
    size_t n, const uint32_t *ends0)
{
	struct batch	*bt = &t->batch[t->cur];
	struct bcell	*bc;
	const char	*base;
	unsigned char	*same;
	uint64_t	*hash;
	size_t		 c, nc = t->ncols, o, k, j, pos, scan, want, ends[64];
	size_t		 rc, n0;
	int		 eq;

	if (bt->n == 0)
		bt->buf.len = 0;
	if (bt->cells == NULL) {
		/* 512 rows, or fewer of a wide header (64 Ki cells). */
		bt->rcap = (65536 + nc) / (nc + 1);
		if (bt->rcap > BATCH_ROWS)
			bt->rcap = BATCH_ROWS;
		/*
		 * Columns not a power of two apart: a row's cells, written
		 * one per column, would all fall in one cache set and evict
		 * each other.
		 */
		bt->cstride = bt->rcap + 5;
		bt->cells = xreallocarray(NULL, bt->cstride * nc + 1,
		    sizeof *bt->cells);
		bt->same = xmalloc(bt->cstride * nc + 1);
		bt->hash = xreallocarray(NULL, bt->cstride * nc + 1,
		    sizeof *bt->hash);
		bt->defer = xreallocarray(NULL, nc + 1, sizeof *bt->defer);
	}
	if (bt->n > 0 && bt->buf.len + len > UINT32_MAX)
		bt = batch_next(t);	/* its cells' offsets stay 32 bits */
	rc = bt->cstride;
	n0 = bt->n;
	if (bt->buf.cap - bt->buf.len < len)
		batch_grow(&bt->buf, len);
	o = bt->buf.len;
	memcpy(bt->buf.p + o, cells, len);
	bt->buf.len += len;
	/* Its cells (their ends found 64 at a time). */
	base = bt->buf.p;
	bc = &bt->cells[n0];		/* its cell c: bc[c * rc] */
	pos = o;
	c = 0;
	if (ends0 != NULL) {
		for (; c < nc && c < n; c++) {
			bc[c * rc].off = pos;
			bc[c * rc].len = o + ends0[c] - pos;
			pos = o + ends0[c] + 1;
		}
	}
	while (c < nc && c < n && pos < o + len) {
		want = nc - c < n - c ? nc - c : n - c;
		if (want > 64)
			want = 64;
		if ((k = cell_ends(base + pos, o + len - pos, ends, want)) == 0)
			break;
		for (scan = pos, j = 0; j < k; j++, c++) {
			bc[c * rc].off = pos;
			bc[c * rc].len = scan + ends[j] - pos;
			pos = scan + ends[j] + 1;
		}
	}
	bt->rest[bt->n] = pos;
	for (; c < nc; c++) {
		bc[c * rc].off = o + len - 1;	/* a NUL: "" */
		bc[c * rc].len = 0;
	}
	/* Which equal the cell above; the others hashed while in cache. */
	same = bt->same + n0;
	hash = bt->hash + n0;
	for (c = 0; c < nc; c++, bc += rc) {
		eq = n0 > 0 && bc[-1].len == bc->len &&
		    same_bytes(base + bc[-1].off, base + bc->off, bc->len);
		same[c * rc] = eq;
		if (!eq)
			hash[c * rc] = value_hash(base + bc->off, bc->len);
	}
	bt->end[bt->n] = o + len;
	bt->width[bt->n] = (uint32_t)n;
	bt->src[bt->n] = source;
	bt->n++;
	t->inlen += len;
	t->nadded++;
	if (bt->n == bt->rcap)
		submit(t);
}

/* Copy one row of n cells. */
int
table_add_row(struct table *t, size_t source, const char *const *cells,
    const size_t *lens, size_t n, char **cause)
{
	size_t	 i, total = 0, rem;
	char	*p, *q, *z;

	if (!t->has_header)
		fatal("table_add_row: no header");
	for (i = 0; i < n; i++) {
		if (lens[i] > TABLE_MAX_TEXT - total - n)
			return (check_room(t, 1, TABLE_MAX_TEXT, cause));
		total += lens[i];
	}
	total += n;
	if (n == 0)
		total = 1;	/* an empty row still holds one empty cell */
	if (check_room(t, 1, total, cause) != 0)
		return (-1);
	t->scratch.len = 0;
	sbuf_room(&t->scratch, total);
	p = t->scratch.p;
	for (i = 0; i < n; i++) {
		memcpy(p, cells[i], lens[i]);
		/* A NUL would end the cell early: it becomes a space. */
		q = p;
		rem = lens[i];
		while (rem > 0 && (z = memchr(q, '\0', rem)) != NULL) {
			*z = ' ';
			rem -= (size_t)(z + 1 - q);
			q = z + 1;
		}
		p += lens[i];
		*p++ = '\0';
	}
	if (n == 0)
		*p++ = '\0';
	t->scratch.len = total;
	add_packed(t, source, t->scratch.p, total, n == 0 ? 1 : n, NULL);
	secure_wipe(t->scratch.p, total);
	return (0);
}

/*
 * Add a row given as n NUL-terminated cells packed in len bytes (the form
 * csv.c builds).
 */
int
table_add_record(struct table *t, size_t source, const char *cells,
    size_t len, size_t n, char **cause)
{
	if (!t->has_header)
		fatal("table_add_record: no header");
	if (n == 0 || len == 0 || cells[len - 1] != '\0')
		fatal("table_add_record: bad record");
	if (check_room(t, 1, len, cause) != 0)
		return (-1);
	add_packed(t, source, cells, len, n, NULL);
	return (0);
}

/* table_add_record with the cells' ends known; see table.h. */
int
table_add_record_ends(struct table *t, size_t source, const char *cells,
    size_t len, size_t n, const uint32_t *ends, char **cause)
{
	if (!t->has_header)
		fatal("table_add_record: no header");
	if (n == 0 || len == 0 || cells[len - 1] != '\0')
		fatal("table_add_record: bad record");
	if (check_room(t, 1, len, cause) != 0)
		return (-1);
	add_packed(t, source, cells, len, n, ends);
	return (0);
}

/* Run fn(a) here and fn(b) on a thread of its own (here too unless two). */
static void
both(void (*fn)(void *), void *a, void *b, int two)
{
	struct both_arg	 ba;
	pthread_t	 th;

	ba.fn = fn;
	ba.arg = b;
	if (!two || pthread_create(&th, NULL, both_main, &ba) != 0) {
		fn(a);
		fn(b);
		return;
	}
	fn(a);
	pthread_join(th, NULL);
}

/* both()'s thread. */
static void *
both_main(void *arg)
{
	struct both_arg	*ba = arg;

	ba->fn(ba->arg);
	return (NULL);
}

/* Find or add in dst the values of src's columns this job takes. */
static void
remap_values(void *arg)
{
	struct remap_job	*j = arg;
	const struct dict	*sd;
	struct dict		*dd;
	size_t			 c, i;

	for (c = 0; c < j->dst->ncols; c++) {
		if (j->mine[c] != j->which)
			continue;
		sd = &j->src->dicts[c];
		dd = &j->dst->dicts[c];
		for (i = 0; i < sd->nvals; i++)
			j->remaps[c][i] = dict_intern(dd, sd->vals.p +
			    sd->voff[i], (size_t)(sd->voff[i + 1] -
			    sd->voff[i] - 1));
	}
}

/*
 * Copy n codes of width fw (stride fs) to width tw (stride ts) through
 * map (NULL: as they are).
 */
static void
copy_codes(char *to, size_t ts, unsigned tw, const char *from, size_t fs,
    unsigned fw, const uint32_t *map, size_t n)
{
	size_t	r;

#define COPY_CODES(F, T) do {						\
	F	x_;							\
	T	y_;							\
	for (r = 0; r < n; r++) {					\
		memcpy(&x_, from + r * fs, sizeof x_);			\
		y_ = (T)(map != NULL ? map[x_] : x_);			\
		memcpy(to + r * ts, &y_, sizeof y_);			\
	}								\
} while (0)
	switch (fw * 8 + tw) {
	case 1 * 8 + 1:
		COPY_CODES(uint8_t, uint8_t);
		break;
	case 1 * 8 + 2:
		COPY_CODES(uint8_t, uint16_t);
		break;
	case 1 * 8 + 4:
		COPY_CODES(uint8_t, uint32_t);
		break;
	case 2 * 8 + 2:
		COPY_CODES(uint16_t, uint16_t);
		break;
	case 2 * 8 + 4:
		COPY_CODES(uint16_t, uint32_t);
		break;
	case 4 * 8 + 4:
		COPY_CODES(uint32_t, uint32_t);
		break;
	default:
		for (r = 0; r < n; r++)
			code_store(to + r * ts, tw, map != NULL ?
			    map[table_code_load(from + r * fs, fw)] :
			    table_code_load(from + r * fs, fw));
		break;
	}
#undef COPY_CODES
}

/*
 * Put src's code rows after dst's base rows without writing a page that
 * was not written already: src's rows are rewritten in their own mapping
 * in dst's layout (remaps: src codes to dst's per column, or NULL), moved
 * up by g, the offset of dst's end in its last page, and that page's
 * first g bytes put before them; then the kernel moves src's pages onto
 * dst's mapping from that page on (mremap).  Fresh pages cost more than
 * the copy (each is zeroed, here by the hypervisor too).  The rows are
 * rewritten from the last block: a block's rows go where they were or
 * further, over blocks done already.  Returns -1, nothing changed, when
 * it does not apply (small lists, no mremap): the caller copies.
 */
static int
move_rows(struct table *dst, struct table *src, uint32_t **remaps,
    size_t base)
{
#if defined(MREMAP_MAYMOVE) && defined(MREMAP_FIXED)
	struct coderows	*dc = &dst->crows, *sc = &src->crows;
	const struct dict *sd, *dd;
	long		 pg = sysconf(_SC_PAGESIZE);
	size_t		 ds = dc->stride, ss = sc->stride, n = src->nrows;
	size_t		 g, head, need, cap, r0, r1, c, r, tail, blk, more;
	int		 same;
	char		*tmp, *to;
	void		*p;

	if (pg <= 0 || n == 0 || ds < ss || (dc->b.p == NULL && base > 0) ||
	    sc->b.p == NULL || n * ss < 16 * (size_t)pg ||
	    dc->b.len != base * ds || sc->b.len < n * ss)
		return (-1);
	head = base * ds - (base * ds) % (size_t)pg;
	g = base * ds - head;
	need = g + n * ds;
	tail = dc->tail < sc->tail ? dc->tail : sc->tail;
	if (sc->b.cap < need)
		sbuf_room(&sc->b, need - sc->b.len);
	/*
	 * dst's mapping must reach past where src's whole mapping will lie
	 * (mremap puts it over whatever is there), with room for the rows
	 * to come after it (table_reserve), twice over: each comes as a
	 * mapping of its own, up to twice its rows.  Once pages are moved
	 * in, the mapping cannot grow without a copy.
	 */
	more = dst->reserve > n ? dst->reserve - n : 0;
	for (cap = dc->b.cap; base > 0 && cap < head + sc->b.cap +
	    (size_t)pg * 4 + 2 * more * ds; cap *= 2)
		;
	if (cap > dc->b.cap) {
		p = mremap(dc->b.p, dc->b.cap, cap, MREMAP_MAYMOVE);
		if (p == MAP_FAILED)
			return (-1);
		dc->b.p = p;
		dc->b.cap = cap;
	}
	for (same = remaps == NULL && ds == ss, c = 0; c < dst->ncols; c++)
		same = same && src->dicts[c].coff == dst->dicts[c].coff &&
		    src->dicts[c].w == dst->dicts[c].w;
	if (same) {
		/* The same layout: the rows move up as they are. */
		if (g > 0)
			memmove(sc->b.p + g, sc->b.p, n * ss);
		goto place;
	}
	blk = n < REMAP_BLOCK ? n : REMAP_BLOCK;
	tmp = xreallocarray(NULL, blk, ss);
	for (r1 = n; r1 > 0; r1 = r0) {
		r0 = r1 > blk ? r1 - blk : 0;
		memcpy(tmp, sc->b.p + r0 * ss, (r1 - r0) * ss);
		to = sc->b.p + g + r0 * ds;
		for (c = 0; c < dst->ncols; c++) {
			sd = &src->dicts[c];
			dd = &dst->dicts[c];
			copy_codes(to + dd->coff, ds, dd->w, tmp + sd->coff,
			    ss, sd->w, remaps != NULL ? remaps[c] : NULL,
			    r1 - r0);
		}
		for (r = 0; tail > 0 && r < r1 - r0; r++)
			memcpy(to + r * ds + ds - tail, tmp + r * ss + ss -
			    tail, tail);
	}
	secure_wipe(tmp, blk * ss);
	free(tmp);
place:
	if (base == 0) {
		/* dst had no rows: it takes src's mapping. */
		sbuf_free(&dc->b);
		dc->b = sc->b;
		dc->b.len = n * ds;
		memset(&sc->b, 0, sizeof sc->b);
		return (0);
	}
	memcpy(sc->b.p, dc->b.p + head, g);
	secure_wipe(dc->b.p + head, g);		/* its page goes */
	sc->b.len = need;
	p = MAP_FAILED;
	if (head + sc->b.cap <= dc->b.cap)
		p = mremap(sc->b.p, sc->b.cap, sc->b.cap, MREMAP_MAYMOVE |
		    MREMAP_FIXED, dc->b.p + head);
	if (p == MAP_FAILED) {
		/* (Too many mappings, say): dst's page back, rows copied. */
		memcpy(dc->b.p + head, sc->b.p, g);
		sbuf_room(&dc->b, n * ds);
		memcpy(dc->b.p + base * ds, sc->b.p + g, n * ds);
		dc->b.len = (base + n) * ds;
		sbuf_free(&sc->b);
		return (0);
	}
	dc->b.len = (base + n) * ds;
	memset(&sc->b, 0, sizeof sc->b);
	dst->reserve -= dst->reserve < n ? dst->reserve : n;
	return (0);
#else
	(void)dst;
	(void)src;
	(void)remaps;
	(void)base;
	return (-1);
#endif
}

/* Copy src's rows r0..r1 to dst (room made), a column at a time. */
static void
remap_rows(void *arg)
{
	struct remap_job	*j = arg;
	const struct dict	*sd;
	const struct dict	*dd;
	size_t			 c, n = j->r1 - j->r0;

	for (c = 0; c < j->dst->ncols && n > 0; c++) {
		sd = &j->src->dicts[c];
		dd = &j->dst->dicts[c];
		copy_codes(j->dst->crows.b.p + (j->base + j->r0) *
		    j->dst->crows.stride + dd->coff, j->dst->crows.stride,
		    dd->w, j->src->crows.b.p + j->r0 * j->src->crows.stride +
		    sd->coff, j->src->crows.stride, sd->w, j->remaps[c], n);
	}
}

/* Room for rows more rows to be appended; see table.h. */
void
table_reserve(struct table *t, size_t rows)
{
	t->reserve = rows;
}

/* Move src's rows to the end of dst. */
int
table_append(struct table *dst, struct table *src, char **cause)
{
	return (append(dst, src, 0, cause));
}

/* Move src's rows, the rest of dst's last source, to the end of dst. */
int
table_append_part(struct table *dst, struct table *src, char **cause)
{
	return (append(dst, src, 1, cause));
}

/*
 * Move src's rows to the end of dst; part: they come from dst's last
 * source (src's sources are not added).
 */
static int
append(struct table *dst, struct table *src, int part, char **cause)
{
	struct dict	*sd, *dd;
	struct coderows	*cr;
	uint32_t	**remaps;
	struct remap_job rj[2];
	size_t		 load[2], bc, k, r0, r1;
	size_t		 i, c, base, nbase;

	pending(dst);
	pending(src);
	if (!src->has_header)
		return (0);
	if (!dst->has_header) {
		const char	**n;
		size_t		 *l;

		n = xreallocarray(NULL, src->ncols + 1, sizeof *n);
		l = xreallocarray(NULL, src->ncols + 1, sizeof *l);
		for (i = 0; i < src->ncols; i++) {
			n[i] = src->cols[i].name;
			l[i] = strlen(n[i]);
		}
		table_set_header(dst, n, l, src->ncols);
		free(n);
		free(l);
	} else {
		if (dst->ncols != src->ncols)
			goto differ;
		for (i = 0; i < src->ncols; i++)
			if (strcmp(dst->cols[i].folded,
			    src->cols[i].folded) != 0)
				goto differ;
	}
	if (check_room(dst, src->nrows, src->inlen, cause) != 0)
		return (-1);

	nbase = dst->nsources;
	if (part && nbase == 0)
		part = 0;
	for (i = 0; !part && i < src->nsources; i++)
		table_add_source(dst, src->sources[i]);
	base = dst->nrows;
	if (src->shared == dst && src->shared_ok) {
		/* Codes of dst's values already: copied, no lookup. */
		for (c = 0; c < dst->ncols; c++) {
			dd = &dst->dicts[c];
			if (code_width(dd->nvals) > dd->w)
				coderows_widen(&dst->crows, dd,
				    code_width(dd->nvals));
		}
		cr = &dst->crows;
		if (move_rows(dst, src, NULL, base) != 0) {
			sbuf_room(&cr->b, (base + src->nrows) * cr->stride -
			    cr->b.len);
			cr->b.len = (base + src->nrows) * cr->stride;
			for (c = 0; c < dst->ncols; c++) {
				sd = &src->dicts[c];
				dd = &dst->dicts[c];
				copy_codes(cr->b.p + base * cr->stride +
				    dd->coff, cr->stride, dd->w,
				    src->crows.b.p + sd->coff,
				    src->crows.stride, sd->w, NULL,
				    src->nrows);
			}
		}
		for (c = 0; c < src->ncols; c++)
			dict_free(&src->dicts[c]);	/* unused: dst's held */
		sbuf_free(&src->crows.b);
		coderows_init(&src->crows, src->dicts, src->ncols, 1);
	} else if (base == 0 && dst->nrag == 0 && dst->col_locks == NULL) {
		/* Adopt src's dictionaries and codes: no copy. */
		for (c = 0; c < dst->ncols; c++) {
			dict_free(&dst->dicts[c]);
			dst->dicts[c] = src->dicts[c];
			dst->dicts[c].cr = &dst->crows;
		}
		sbuf_free(&dst->crows.b);
		dst->crows.b = src->crows.b;
		dst->crows.stride = src->crows.stride;
		memset(&src->crows.b, 0, sizeof src->crows.b);
		coderows_init(&src->crows, src->dicts, src->ncols, 1);
	} else {
		/*
		 * Each of src's values found or added in dst, the columns
		 * shared between two threads (the largest first to the
		 * lighter); then the widths; then the rows, half each.
		 */
		remaps = xcalloc(dst->ncols + 1, sizeof *remaps);
		memset(rj, 0, sizeof rj);
		rj[0].mine = xcalloc(dst->ncols + 1, 1);
		for (k = 0; k < 2; k++) {
			rj[k].dst = dst;
			rj[k].src = src;
			rj[k].remaps = remaps;
			rj[k].mine = rj[0].mine;
			rj[k].which = (unsigned char)k;
			rj[k].base = base;
		}
		for (load[0] = load[1] = 0, i = 0; i < dst->ncols; i++) {
			for (c = 0, bc = SIZE_MAX; c < dst->ncols; c++)
				if (remaps[c] == NULL && (bc == SIZE_MAX ||
				    src->dicts[c].nvals >
				    src->dicts[bc].nvals))
					bc = c;
			remaps[bc] = xreallocarray(NULL,
			    src->dicts[bc].nvals + 1, sizeof *remaps[bc]);
			k = load[1] < load[0];
			rj[0].mine[bc] = (unsigned char)k;
			load[k] += src->dicts[bc].nvals + 1;
		}
		both(remap_values, &rj[0], &rj[1], dst->ncols > 1 &&
		    src->nrows >= 16384);
		for (c = 0; c < dst->ncols; c++) {
			dd = &dst->dicts[c];
			if (code_width(dd->nvals) > dd->w)
				coderows_widen(&dst->crows, dd,
				    code_width(dd->nvals));
		}
		cr = &dst->crows;
		if (move_rows(dst, src, remaps, base) == 0)
			r0 = src->nrows;	/* moved */
		else {
			sbuf_room(&cr->b, (base + src->nrows) * cr->stride -
			    cr->b.len);
			cr->b.len = (base + src->nrows) * cr->stride;
			r0 = 0;
		}
		/* A block of rows at a time, src's released behind. */
		for (; r0 < src->nrows; r0 = r1) {
			r1 = src->nrows - r0 > REMAP_BLOCK ? r0 + REMAP_BLOCK :
			    src->nrows;
			rj[0].r0 = r0;
			rj[0].r1 = rj[1].r0 = r0 + (r1 - r0) / 2;
			rj[1].r1 = r1;
			both(remap_rows, &rj[0], &rj[1], r1 - r0 >= 16384);
			sbuf_release(&src->crows.b, r0 * src->crows.stride,
			    r1 * src->crows.stride);
		}
		src->crows.b.len = 0;		/* (wiped) */
		free(rj[0].mine);
		for (c = 0; c < dst->ncols; c++)
			free(remaps[c]);
		free(remaps);
		for (c = 0; c < dst->ncols; c++)
			dict_free(&src->dicts[c]);
		sbuf_free(&src->crows.b);
		coderows_init(&src->crows, src->dicts, src->ncols, 1);
	}
	for (i = 0; i < src->nrag; i++) {
		if (dst->nrag == dst->ragcap) {
			dst->ragcap = dst->ragcap ? 2 * dst->ragcap : 16;
			dst->rag = xreallocarray(dst->rag, dst->ragcap,
			    sizeof *dst->rag);
		}
		dst->rag[dst->nrag] = src->rag[i];
		dst->rag[dst->nrag].row += (uint32_t)base;
		dst->rag[dst->nrag].xoff += dst->extra.len;
		dst->nrag++;
	}
	if (src->extra.len > 0) {
		sbuf_room(&dst->extra, src->extra.len);
		memcpy(dst->extra.p + dst->extra.len, src->extra.p,
		    src->extra.len);
		dst->extra.len += src->extra.len;
	}
	sbuf_free(&src->extra);
	for (i = 0; i < src->nruns; i++) {
		dst->nrows = base + src->runs[i].first;
		add_source_run(dst, part ? nbase - 1 :
		    nbase + src->runs[i].source);
	}
	dst->nrows = base + src->nrows;
	dst->inlen += src->inlen;
	dst->nadded += src->nrows;

	src->nrows = 0;
	src->nadded = 0;
	src->inlen = 0;
	src->nrag = 0;
	free(src->runs);
	src->runs = NULL;
	src->nruns = 0;
	return (0);

differ:
	*cause = xasprintf(_("the lists to merge have different headers"));
	return (-1);
}

/* Nonzero when a word of folded text s is one of words. */
static int
word_in(const char *s, const char *const *words)
{
	const char	*p = s, *q;
	size_t		 i, n;

	while (*p != '\0') {
		while (*p != '\0' && !(*p >= 'a' && *p <= 'z'))
			p++;
		q = p;
		while (*q >= 'a' && *q <= 'z')
			q++;
		n = (size_t)(q - p);
		for (i = 0; n > 0 && words[i] != NULL; i++)
			if (strlen(words[i]) == n &&
			    memcmp(words[i], p, n) == 0)
				return (1);
		p = q;
	}
	return (0);
}

/*
 * Nonzero when folded header s names a person: its first word is a name
 * word ("nom", "prénom", …) and the others only qualify it ("nom de
 * famille", "nom de l'électeur", not "nom de la municipalité").
 */
static int
is_name(const char *s)
{
	static const char *const first[] = { "nom", "noms", "prenom",
	    "prenoms", "name", "surname", "firstname", "lastname", "givenname",
	    NULL };
	static const char *const rest[] = { "de", "d", "du", "l", "famille",
	    "electeur", "electrice", "usuel", "complet", "legal", "name",
	    NULL };
	const char	*p = s, *q;
	char		 w[32];
	size_t		 n, i;
	int		 k = 0, ok;

	for (;;) {
		while (*p != '\0' && !(*p >= 'a' && *p <= 'z'))
			p++;
		if (*p == '\0')
			return (k > 0);
		for (q = p; *q >= 'a' && *q <= 'z'; q++)
			;
		n = (size_t)(q - p);
		if (n >= sizeof w)
			return (0);
		memcpy(w, p, n);
		w[n] = '\0';
		ok = 0;
		for (i = 0; (k == 0 ? first : rest)[i] != NULL; i++)
			if (strcmp((k == 0 ? first : rest)[i], w) == 0)
				ok = 1;
		if (!ok)
			return (0);
		k++;
		p = q;
	}
}

/* Type the file columns from a sample of rows; flag names and birthdates. */
static void
type_columns(struct table *t)
{
	static const char *const sexes[] = { "sexe", "sex", "genre", "gender",
	    NULL };
	static const char *const births[] = { "naissance", "dob", "birth",
	    "birthdate", "datenaissance", "ddn", NULL };
	size_t		 c, r, step, len, open;
	size_t		*seen;
	uint8_t		*num, *date;
	const char	*s;
	double		 d;
	int32_t		 days;

	/*
	 * A sample of rows, each read once from left to right (reading a
	 * column at a time would walk every row again for each column).
	 */
	seen = xcalloc(t->ncols + 1, sizeof *seen);
	num = xmalloc(t->ncols + 1);
	date = xmalloc(t->ncols + 1);
	memset(num, 1, t->ncols + 1);
	memset(date, 1, t->ncols + 1);
	step = t->nrows / TABLE_SAMPLE + 1;
	open = t->ncols;		/* columns still number or date */
	for (r = 0; r < t->nrows && open > 0; r += step) {
		for (c = 0; c < t->ncols; c++) {
			if (!num[c] && !date[c])
				continue;
			s = table_cell(t, r, c, &len);
			if (len == 0)
				continue;
			seen[c]++;
			if (num[c] && text_parse_number(s, len, &d) != 0)
				num[c] = 0;
			if (date[c] && text_parse_date(s, len, &days) != 0)
				date[c] = 0;
			if (!num[c] && !date[c])
				open--;
		}
	}
	for (c = 0; c < t->ncols; c++) {
		if (seen[c] == 0)
			t->cols[c].type = TABLE_COL_TEXT;
		else if (date[c])
			t->cols[c].type = TABLE_COL_DATE;
		else if (num[c])
			t->cols[c].type = TABLE_COL_NUMBER;
		else
			t->cols[c].type = TABLE_COL_TEXT;

		if (is_name(t->cols[c].folded))
			t->cols[c].flags |= TABLE_COL_NAME;
		if (word_in(t->cols[c].folded, sexes))
			t->cols[c].flags |= TABLE_COL_SENSITIVE;
		if (t->cols[c].type == TABLE_COL_DATE &&
		    (word_in(t->cols[c].folded, births) ||
		    strstr(t->cols[c].folded, "naissance") != NULL ||
		    strstr(t->cols[c].folded, "birth") != NULL)) {
			t->cols[c].flags |= TABLE_COL_BIRTHDATE |
			    TABLE_COL_SENSITIVE;
			if (t->birth_col < 0)
				t->birth_col = (long)c;
		}
	}
	free(seen);
	free(num);
	free(date);
}


/* The age at today of a date of birth; AGE_NONE when none. */
static uint8_t
age_of(const struct table *t, const char *s, size_t len)
{
	int	ty, tm, td, by, bm, bd, age;

	civil(t->today, &ty, &tm, &td);
	if (len == 0 || text_parse_ymd(s, len, &by, &bm, &bd) != 0)
		return (AGE_NONE);
	/* Born after today: no age. */
	if (by > ty || (by == ty && (bm > tm || (bm == tm && bd > td))))
		return (AGE_NONE);
	age = ty - by - (tm < bm || (tm == bm && td < bd));
	if (age < 0 || age > AGE_MAX)
		return (AGE_NONE);
	return ((uint8_t)age);
}

/* Rows r0..r1 of t's ages, from the age of each date of birth. */
struct age_job {
	struct table		*t;
	const struct dict	*d;
	const uint8_t		*byval;
	size_t			 r0, r1;
};

static void
put_ages(void *arg)
{
	struct age_job	*j = arg;
	size_t		 r;

	for (r = j->r0; r < j->r1; r++)
		*age_at(j->t, r) = j->byval[dict_code(j->d, r)];
}

/*
 * Compute the ages (once per distinct date of birth) and add the derived
 * columns; Fichier gets a code per row, its source.
 */
static void
add_derived(struct table *t)
{
	const struct dict	*d;
	struct age_job		 aj[2];
	uint8_t			*byval;
	uint32_t		*fcode, code[BATCH_ROWS];
	size_t			 r, v, len, i, k;
	const char		*s;

	if (t->birth_col >= 0) {
		pthread_once(&age_once, age_init);
		if (!t->today_set)
			t->today = days_today();
		d = &t->dicts[t->birth_col];
		byval = xmalloc(d->nvals + 1);
		for (v = 0; v < d->nvals; v++) {
			s = dict_value(d, (uint32_t)v, &len);
			byval[v] = age_of(t, s, len);
		}
		if (t->crows.b.len < t->nrows * t->crows.stride) {
			sbuf_room(&t->crows.b, t->nrows * t->crows.stride -
			    t->crows.b.len);
			t->crows.b.len = t->nrows * t->crows.stride;
		}
		memset(aj, 0, sizeof aj);
		for (i = 0; i < 2; i++) {
			aj[i].t = t;
			aj[i].d = d;
			aj[i].byval = byval;
		}
		aj[0].r1 = aj[1].r0 = t->nrows / 2;
		aj[1].r1 = t->nrows;
		both(put_ages, &aj[0], &aj[1], t->nrows >= 65536);
		t->has_ages = 1;
		free(byval);
		t->age_col = (long)t->nall;
		t->cols[t->nall].name = xstrdup("Âge");
		t->cols[t->nall].folded = text_fold_dup("Âge");
		t->cols[t->nall].type = TABLE_COL_NUMBER;
		t->cols[t->nall].flags = TABLE_COL_DERIVED;
		t->nall++;
	}
	if (t->nsources > 1) {
		t->file_col = (long)t->nall;
		t->cols[t->nall].name = xstrdup("Fichier");
		t->cols[t->nall].folded = xstrdup("fichier");
		t->cols[t->nall].type = TABLE_COL_TEXT;
		t->cols[t->nall].flags = TABLE_COL_DERIVED;
		t->nall++;
		coderows_init(&t->filerows, &t->filedict, 1, 0);
		/* Equal names share a code. */
		fcode = xreallocarray(NULL, t->nsources, sizeof *fcode);
		for (i = 0; i < t->nsources; i++)
			fcode[i] = dict_intern(&t->filedict, t->sources[i],
			    strlen(t->sources[i]));
		/* As wide as the names need from the start (no widening). */
		t->filedict.w = code_width(t->filedict.nvals);
		coderows_layout(&t->filerows);
		sbuf_room(&t->filerows.b, t->nrows * t->filerows.stride + 1);
		t->filerows.b.len = t->nrows * t->filerows.stride;
		/* A run's rows, BATCH_ROWS at a time. */
		for (i = 0, r = 0; i < t->nruns; i++) {
			v = i + 1 < t->nruns ? t->runs[i + 1].first : t->nrows;
			for (k = 0; k < BATCH_ROWS; k++)
				code[k] = fcode[t->runs[i].source];
			for (; r < v; r += len) {
				len = v - r < BATCH_ROWS ? v - r : BATCH_ROWS;
				put_codes(&t->filedict, r, code, len,
				    t->filedict.nvals);
			}
		}
		free(fcode);
	}
}

/* Type columns and add the derived ones; once. */
void
table_finish(struct table *t)
{
	table_build_done(t);
	if (t->finished)
		return;
	t->finished = 1;
	if (!t->has_header) {
		t->cols = xcalloc(2, sizeof *t->cols);
		t->has_header = 1;
	}
	type_columns(t);
	add_derived(t);
	/* The hash tables are for building: dropped (rebuilt if needed). */
	free(t->filedict.slot);
	t->filedict.slot = NULL;
}

/* Set today's date for Âge (days since 1970-01-01). */
void
table_set_today(struct table *t, int32_t days)
{
	t->today = days;
	t->today_set = 1;
}

size_t
table_rows(const struct table *t)
{
	pending(t);
	return (t->nrows);
}

size_t
table_cols(const struct table *t)
{
	return (t->nall);
}

/* Columns read from the file (derived ones follow them). */
size_t
table_file_cols(const struct table *t)
{
	return (t->ncols);
}

const char *
table_col_name(const struct table *t, size_t col)
{
	if (col >= t->nall)
		return ("");
	return (t->cols[col].name);
}

enum table_coltype
table_col_type(const struct table *t, size_t col)
{
	if (col >= t->nall)
		return (TABLE_COL_TEXT);
	return (t->cols[col].type);
}

int
table_col_flags(const struct table *t, size_t col)
{
	if (col >= t->nall)
		return (0);
	return (t->cols[col].flags);
}

/* Nonzero when a word after the first of header h starts with f[0..n). */
static int
word_prefix(const char *h, const char *f, size_t n)
{
	const char	*p;

	for (p = h; *p != '\0'; p++) {
		if (p > h && strchr(" -_/.'", p[-1]) != NULL &&
		    strchr(" -_/.'", *p) == NULL && strncmp(p, f, n) == 0)
			return (1);
	}
	return (0);
}

/*
 * Find a column: folded exact match, else unique folded prefix, else
 * unique prefix of one of the header's words.
 */
long
table_col_find(const struct table *t, const char *name)
{
	char	*f;
	size_t	 i, n;
	long	 found = -1;

	f = text_fold_dup(name);
	n = strlen(f);
	for (i = 0; i < t->nall; i++) {
		if (strcmp(t->cols[i].folded, f) == 0) {
			free(f);
			return ((long)i);
		}
	}
	for (i = 0; n > 0 && i < t->nall; i++) {
		if (strncmp(t->cols[i].folded, f, n) != 0)
			continue;
		if (found >= 0) {
			found = -2;
			break;
		}
		found = (long)i;
	}
	/*
	 * No header starts so: a unique prefix of a later word of a header
	 * ("section" for "No section", "naissance" for "Date de naissance").
	 */
	if (found == -1) {
		for (i = 0; n > 0 && i < t->nall; i++) {
			if (!word_prefix(t->cols[i].folded, f, n))
				continue;
			if (found >= 0) {
				found = -2;
				break;
			}
			found = (long)i;
		}
	}
	free(f);
	return (found);
}


/* The ragged entry of row, or NULL when the row has the header's width. */
static const struct ragged_row *
find_ragged(const struct table *t, size_t row)
{
	size_t	lo = 0, hi = t->nrag, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->rag[mid].row < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nrag && t->rag[lo].row == row)
		return (&t->rag[lo]);
	return (NULL);
}

/* Cell i of the row as stored (ragged cells included), or NULL. */
const char *
table_raw_cell(const struct table *t, size_t row, size_t i, size_t *len)
{
	const struct ragged_row	*rr;
	const char		*p;
	size_t			 k, w = t->ncols;

	pending(t);
	if (row >= t->nrows)
		return (NULL);
	rr = t->nrag > 0 ? find_ragged(t, row) : NULL;
	if (rr != NULL)
		w = rr->width;
	if (i >= w)
		return (NULL);
	if (i < t->ncols)
		return (dict_value(&t->dicts[i], dict_code(&t->dicts[i], row),
		    len));
	p = t->extra.p + rr->xoff;
	for (k = t->ncols; k < i; k++)
		p += strlen(p) + 1;
	if (len != NULL)
		*len = strlen(p);
	return (p);
}

/*
 * Rows read ahead (table_prefetch with text 1), per thread: a row's value
 * starts are fetched first, its values PREFETCH_LAG rows later, once the
 * starts are in the cache.
 */
#define PREFETCH_LAG	8
#define PREFETCH_BIG	4096	/* values past which a column misses */
static __thread struct {
	const struct table	*t;
	size_t			 rows[PREFETCH_LAG];
	unsigned		 head;
	unsigned		 n;
} ahead;

/* Fetch the starts (values 0) or the values (1) of the big columns. */
static void
prefetch_values(const struct table *t, size_t row, int values)
{
	const struct dict	*d;
	size_t			 c;
	uint32_t		 code;

	for (c = 0; c < t->ncols; c++) {
		d = &t->dicts[c];
		if (d->nvals <= PREFETCH_BIG)
			continue;
		code = dict_code(d, row);
		if (!values)
			__builtin_prefetch(&d->voff[code]);
		else
			__builtin_prefetch(d->vals.p + d->voff[code]);
	}
}

/*
 * Bring a row's codes (text 0) or its values (text 1) into the cache:
 * the code rows and the age, then the value starts, then the values.
 */
void
table_prefetch(const struct table *t, size_t row, int text)
{
	size_t	old;

	pending(t);
	if (row >= t->nrows)
		return;
	if (!text) {
		__builtin_prefetch(t->crows.b.p + row * t->crows.stride);
		__builtin_prefetch(t->crows.b.p + (row + 1) *
		    t->crows.stride - 1);
		if (t->filerows.b.p != NULL)
			__builtin_prefetch(t->filerows.b.p + row *
			    t->filerows.stride);
		return;
	}
	if (ahead.t != t) {
		ahead.t = t;
		ahead.n = ahead.head = 0;
	}
	prefetch_values(t, row, 0);
	if (ahead.n == PREFETCH_LAG) {
		old = ahead.rows[ahead.head];
		if (old < t->nrows)
			prefetch_values(t, old, 1);
	} else
		ahead.n++;
	ahead.rows[ahead.head] = row;
	ahead.head = (ahead.head + 1) % PREFETCH_LAG;
}

/* The text of a cell; "" for a missing one. */
const char *
table_cell(const struct table *t, size_t row, size_t col, size_t *len)
{
	const struct dict	*d;
	uint8_t			 a;

	pending(t);
	if (row < t->nrows && col < t->ncols) {
		d = &t->dicts[col];
		return (dict_value(d, dict_code(d, row), len));
	} else if (row < t->nrows && (long)col == t->age_col) {
		a = *age_at(t, row);
		if (a != AGE_NONE) {
			if (len != NULL)
				*len = strlen(age_text[a]);
			return (age_text[a]);
		}
	} else if (row < t->nrows && (long)col == t->file_col) {
		d = &t->filedict;
		return (dict_value(d, dict_code(d, row), len));
	}
	if (len != NULL)
		*len = 0;
	return ("");
}

/* Number of cells the row had in the file. */
size_t
table_row_width(const struct table *t, size_t row)
{
	const struct ragged_row	*rr;

	pending(t);
	if (row >= t->nrows)
		return (0);
	rr = t->nrag > 0 ? find_ragged(t, row) : NULL;
	return (rr != NULL ? rr->width : t->ncols);
}

/* The dictionary of a file column or of Fichier; NULL for another. */
static const struct dict *
col_dict(const struct table *t, size_t col)
{
	if (col < t->ncols)
		return (&t->dicts[col]);
	if ((long)col == t->file_col)
		return (&t->filedict);
	return (NULL);
}

/* Distinct values of a column (codes 0 to n - 1). */
size_t
table_col_values(const struct table *t, size_t col)
{
	const struct dict	*d = col_dict(t, col);

	pending(t);
	if (d != NULL)
		return (d->nvals);
	if ((long)col == t->age_col)
		return (AGE_VALUES);
	return (0);
}

/* The text of a column's value code. */
const char *
table_col_value(const struct table *t, size_t col, uint32_t code,
    size_t *len)
{
	const struct dict	*d = col_dict(t, col);

	pending(t);
	if (d != NULL && code < d->nvals)
		return (dict_value(d, code, len));
	if ((long)col == t->age_col && code <= AGE_MAX) {
		pthread_once(&age_once, age_init);
		if (len != NULL)
			*len = strlen(age_text[code]);
		return (age_text[code]);
	}
	if (len != NULL)
		*len = 0;
	return ("");
}

/* The code of a cell: the value table_col_value gives for it. */
uint32_t
table_cell_code(const struct table *t, size_t row, size_t col)
{
	const struct dict	*d = col_dict(t, col);

	pending(t);
	if (row >= t->nrows)
		return (0);
	if (d != NULL)
		return (dict_code(d, row));
	if ((long)col == t->age_col)
		return (*age_at(t, row));
	return (0);
}

/* A column's codes, *width bytes each, *stride bytes apart; or NULL. */
const void *
table_col_codes(const struct table *t, size_t col, unsigned *width,
    size_t *stride)
{
	const struct dict	*d = col_dict(t, col);

	pending(t);
	if (d != NULL && d->cr->b.p != NULL) {
		*width = d->w;
		*stride = d->cr->stride;
		return (d->cr->b.p + d->coff);
	}
	if ((long)col == t->age_col && t->crows.b.p != NULL) {
		*width = 1;
		*stride = t->crows.stride;
		return (age_at(t, 0));
	}
	return (NULL);
}

size_t
table_ragged(const struct table *t)
{
	pending(t);
	return (t->nrag);
}

size_t
table_sources(const struct table *t)
{
	return (t->nsources);
}

const char *
table_source_name(const struct table *t, size_t i)
{
	if (i >= t->nsources)
		return ("");
	return (t->sources[i]);
}

/* The row's source, by binary search over the runs. */
size_t
table_row_source(const struct table *t, size_t row)
{
	size_t	lo = 0, hi = t->nruns, mid;

	pending(t);
	if (t->nruns == 0)
		return (0);
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (t->runs[mid].first <= row)
			lo = mid;
		else
			hi = mid;
	}
	return (t->runs[lo].source);
}


/* Bytes held (codes and ages, values, ragged cells). */
size_t
table_memory(const struct table *t)
{
	size_t			 n, c;
	const struct dict	*d;

	pending(t);
	n = t->extra.cap + t->scratch.cap + t->nruns * sizeof *t->runs +
	    t->ragcap * sizeof *t->rag;
	n += t->crows.b.cap + t->filerows.b.cap;
	for (c = 0; c <= t->ncols; c++) {
		d = c < t->ncols ? &t->dicts[c] : &t->filedict;
		n += d->vals.cap + d->voffcap * sizeof *d->voff +
		    d->nslot * sizeof *d->slot;
	}
	return (n);
}


/*
 * Sorting.  Each column's distinct values are ranked once, by the order
 * the column's type gives (text: the folded, digit-aware keys of text_key
 * compared with memcmp; numbers and dates by value, unreadable ones after
 * every value), equal keys sharing a rank; the ranks are kept for the next
 * sort.  A sort then maps each key's codes to ordinals (empty cells after
 * every value, descending keys reversed), packs as many keys as fit in 64
 * bits into one integer per row, and sorts (integer, position) pairs with
 * a stable radix or merge sort, ties refined by the next packed word.
 */
struct sortcol {
	uint64_t	*num;		/* one packed word per position */
};

struct sortelem {
	uint64_t	pfx;
	uint32_t	pos;
};

struct sortctx {
	struct sortcol	*keys;
	size_t		 nkeys;
};

/* A distinct value being ranked. */
struct rankval {
	const char	*key;		/* text key, in an arena */
	size_t		 klen;
	uint64_t	 num;		/* numeric key */
	uint32_t	 code;
};

/* Double to an integer with the same order. */
static uint64_t
num_key(double d)
{
	uint64_t	u;

	if (d == 0)
		d = 0;		/* -0 and +0 alike */
	memcpy(&u, &d, sizeof u);
	return ((u & (UINT64_C(1) << 63)) ? ~u : u | (UINT64_C(1) << 63));
}

/* Build the text sort key of s into out (SORTKEY_MAX + 8 bytes room). */
static size_t
text_key(char *out, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	const unsigned char	*q;
	size_t			 o = 0, nd, fl, i;
	char			 f[4];

	while (p < end && o < SORTKEY_MAX) {
		if (*p >= '0' && *p <= '9') {
			while (p < end && *p == '0')
				p++;
			q = p;
			while (q < end && *q >= '0' && *q <= '9')
				q++;
			nd = (size_t)(q - p);
			out[o++] = '0';
			out[o++] = (char)(nd > 255 ? 255 : nd);
			for (i = 0; i < nd && o < SORTKEY_MAX; i++)
				out[o++] = (char)p[i];
			p = q;
		} else if (*p < 0x80) {
			out[o++] = (char)(*p >= 'A' && *p <= 'Z' ?
			    *p + 32 : *p);
			p++;
		} else {
			fl = 0;
			p += text_fold_char(p, (size_t)(end - p), f, &fl);
			for (i = 0; i < fl && i < 4; i++)
				out[o++] = f[i];
		}
	}
	return (o > SORTKEY_MAX ? SORTKEY_MAX : o);
}


/* Order of two text keys. */
static int
rank_text_cmp(const void *a, const void *b)
{
	const struct rankval	*x = a, *y = b;
	size_t			 m = x->klen < y->klen ? x->klen : y->klen;
	int			 c = memcmp(x->key, y->key, m);

	if (c != 0)
		return (c);
	return (x->klen < y->klen ? -1 : x->klen > y->klen);
}

/* Order of two numeric keys. */
static int
rank_num_cmp(const void *a, const void *b)
{
	const struct rankval	*x = a, *y = b;

	return (x->num < y->num ? -1 : x->num > y->num);
}

/*
 * The rank of each value of column col by the column's order (UINT32_MAX
 * for ""): computed on the first call, then kept.  Safe from several
 * threads: the table's readers share one copy.
 */
static const uint32_t *
col_ranks(const struct table *t, size_t col)
{
	struct table		*m = (struct table *)(uintptr_t)t;
	struct dict		*d = (struct dict *)(uintptr_t)col_dict(t, col);
	uint32_t		**slot, *rank;
	struct rankval		*v;
	enum table_coltype	 type = table_col_type(t, col);
	size_t			 nv = table_col_values(t, col), i, k = 0, len;
	size_t			 alen = 0;
	const char		*s;
	char			*arena = NULL;
	double			 x;
	int32_t			 days;
	uint32_t		 r;

	slot = d != NULL ? &d->rank : &m->age_rank;
	pthread_mutex_lock(&m->rank_lock);
	if (*slot != NULL) {
		pthread_mutex_unlock(&m->rank_lock);
		return (*slot);
	}
	rank = xreallocarray(NULL, nv + 1, sizeof *rank);
	v = xreallocarray(NULL, nv + 1, sizeof *v);
	if (type == TABLE_COL_TEXT)
		arena = xmalloc(nv * (SORTKEY_MAX + 8) + 1);
	for (i = 0; i < nv; i++) {
		s = table_col_value(t, col, (uint32_t)i, &len);
		rank[i] = UINT32_MAX;
		if (len == 0)
			continue;
		v[k].code = (uint32_t)i;
		if (type == TABLE_COL_TEXT) {
			v[k].key = arena + alen;
			v[k].klen = text_key(arena + alen, s, len);
			alen += v[k].klen;
		} else if (type == TABLE_COL_NUMBER &&
		    text_parse_number(s, len, &x) == 0)
			v[k].num = num_key(x);
		else if (type == TABLE_COL_DATE &&
		    text_parse_date(s, len, &days) == 0)
			v[k].num = num_key((double)days);
		else
			v[k].num = UINT64_MAX;	/* after every value */
		k++;
	}
	if (k > 1)
		qsort(v, k, sizeof *v, type == TABLE_COL_TEXT ?
		    rank_text_cmp : rank_num_cmp);
	for (r = 0, i = 0; i < k; i++) {
		if (i > 0 && (type == TABLE_COL_TEXT ?
		    rank_text_cmp(&v[i], &v[i - 1]) :
		    rank_num_cmp(&v[i], &v[i - 1])) != 0)
			r++;
		rank[v[i].code] = r;
	}
	free(arena);
	free(v);
	*slot = rank;
	pthread_mutex_unlock(&m->rank_lock);
	return (rank);
}

/* Packed word of one sort, a key at a time. */
struct sortkey_map {
	uint32_t	*ord;		/* ordinal of each code */
	unsigned	 bits;
	const char	*codes;		/* NULL: ask table_cell_code */
	unsigned	 w;
	size_t		 stride;
	size_t		 col;
	size_t		 word;		/* which packed word */
};

/* Fill the packed words of positions [from, to). */
struct pack_job {
	const struct table	*t;
	const struct sortkey_map *maps;
	size_t			 nmaps;
	struct sortcol		*words;
	const uint32_t		*rows;
	size_t			 from, to;
	volatile int		*cancel;
	int			 r;
};


static void *
pack_thread(void *arg)
{
	struct pack_job			*j = arg;
	const struct sortkey_map	*m;
	size_t				 i, k, row;
	uint32_t			 code;
	uint64_t			*num;

	for (i = j->from; i < j->to; i++) {
		if ((i & 0xffff) == 0 && j->cancel != NULL && *j->cancel) {
			j->r = -1;
			return (NULL);
		}
		row = j->rows[i];
		for (k = 0; k < j->nmaps; k++) {
			m = &j->maps[k];
			code = m->codes != NULL ? table_code_load(m->codes +
			    row * m->stride, m->w) :
			    table_cell_code(j->t, row, m->col);
			num = &j->words[m->word].num[i];
			if (k == 0 || m->word != j->maps[k - 1].word)
				*num = m->ord[code];
			else
				*num = (*num << m->bits) | m->ord[code];
		}
	}
	return (NULL);
}

#define KEY_THREAD_ROWS	100000	/* two cores past this */

/*
 * The packed words of rows[0..n): *nwords of them, the first key in the
 * highest bits of word 0.  -1 when cancelled.
 */
static int
build_keys(const struct table *t, const struct table_sortkey *keys,
    size_t nkeys, struct sortcol *words, size_t *nwords, const uint32_t *rows,
    size_t n, volatile int *cancel)
{
	struct sortkey_map	 maps[TABLE_MAXKEYS];
	struct pack_job		 j[2];
	pthread_t		 th;
	const uint32_t		*rank;
	size_t			 i, c, nv, used = 0, word = 0;
	uint32_t		 top;
	int			 threaded = 0, r;

	for (i = 0; i < nkeys; i++)
		if (keys[i].col >= t->nall)
			fatal("table_sort: no column %zu", keys[i].col);
	for (i = 0; i < nkeys; i++) {
		rank = col_ranks(t, keys[i].col);
		nv = table_col_values(t, keys[i].col);
		for (top = 0, c = 0; c < nv; c++)
			if (rank[c] != UINT32_MAX && rank[c] + 1 > top)
				top = rank[c] + 1;
		/* Ordinals 0 .. top - 1 for values, top for "". */
		maps[i].ord = xreallocarray(NULL, nv + 1, sizeof *maps[i].ord);
		for (c = 0; c < nv; c++) {
			if (rank[c] == UINT32_MAX)
				maps[i].ord[c] = top;
			else
				maps[i].ord[c] = keys[i].desc ?
				    top - 1 - rank[c] : rank[c];
		}
		for (maps[i].bits = 1; maps[i].bits < 32 &&
		    (top >> maps[i].bits) != 0; maps[i].bits++)
			;
		if (used + maps[i].bits > 64) {
			word++;
			used = 0;
		}
		used += maps[i].bits;
		maps[i].word = word;
		maps[i].col = keys[i].col;
		maps[i].codes = table_col_codes(t, keys[i].col, &maps[i].w,
		    &maps[i].stride);
	}
	*nwords = word + 1;
	for (i = 0; i < *nwords; i++)
		words[i].num = xreallocarray(NULL, n + 1, sizeof *words[i].num);
	for (i = 0; i < 2; i++) {
		j[i].t = t;
		j[i].maps = maps;
		j[i].nmaps = nkeys;
		j[i].words = words;
		j[i].rows = rows;
		j[i].from = i == 0 ? 0 : n / 2;
		j[i].to = i == 0 ? n / 2 : n;
		j[i].cancel = cancel;
		j[i].r = 0;
	}
	if (n >= KEY_THREAD_ROWS)
		threaded = pthread_create(&th, NULL, pack_thread, &j[1]) == 0;
	if (!threaded)
		j[0].to = n;
	pack_thread(&j[0]);
	if (threaded)
		pthread_join(th, NULL);
	r = j[0].r != 0 || (threaded && j[1].r != 0) ? -1 : 0;
	for (i = 0; i < nkeys; i++)
		free(maps[i].ord);
	return (r);
}

/* Word depth of the keys at pos (all numeric: depth is always 0). */
static uint64_t
chunk(const struct sortcol *k, uint32_t pos, size_t depth)
{
	(void)depth;
	return (k->num[pos]);
}

static int
elem_less(const struct sortelem *a, const struct sortelem *b)
{
	return (a->pfx < b->pfx || (a->pfx == b->pfx && a->pos < b->pos));
}

/* Sort a[0..n) by (pfx, pos), tmp as room.  -1 when cancelled. */
static int
msort(struct sortelem *a, struct sortelem *tmp, size_t n,
    volatile int *cancel)
{
	struct sortelem	*src = a, *dst = tmp, *sw, e;
	size_t		 lo, mid, hi, x, y, o, w;

	for (lo = 0; lo < n; lo += 16) {
		hi = lo + 16 < n ? lo + 16 : n;
		for (x = lo + 1; x < hi; x++) {
			e = a[x];
			for (y = x; y > lo && elem_less(&e, &a[y - 1]); y--)
				a[y] = a[y - 1];
			a[y] = e;
		}
	}
	for (w = 16; w < n; w *= 2) {
		if (cancel != NULL && *cancel)
			return (-1);
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = lo + 2 * w < n ? lo + 2 * w : n;
			if (mid >= hi || !elem_less(&src[mid], &src[mid - 1])) {
				memcpy(dst + lo, src + lo,
				    (hi - lo) * sizeof *a);
				continue;
			}
			x = lo;
			y = mid;
			o = lo;
			while (x < mid && y < hi) {
				if (elem_less(&src[y], &src[x]))
					dst[o++] = src[y++];
				else
					dst[o++] = src[x++];
			}
			while (x < mid)
				dst[o++] = src[x++];
			while (y < hi)
				dst[o++] = src[y++];
		}
		sw = src;
		src = dst;
		dst = sw;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	return (0);
}

/*
 * Sort a[0..n), in position order, by pfx: a stable LSD radix sort, byte
 * passes where every element has the same byte skipped.
 */
static int
rsort(struct sortelem *a, struct sortelem *tmp, size_t n, volatile int *cancel)
{
	size_t		(*cnt)[256], i, b, sum, c;
	struct sortelem	*src = a, *dst = tmp, *sw;
	uint64_t	 v;
	unsigned	 by;

	cnt = xcalloc(8, sizeof *cnt);
	for (i = 0; i < n; i++) {
		v = a[i].pfx;
		for (b = 0; b < 8; b++)
			cnt[b][(v >> (8 * b)) & 0xff]++;
	}
	for (b = 0; b < 8; b++) {
		if (cancel != NULL && *cancel) {
			free(cnt);
			return (-1);
		}
		if (cnt[b][(src[0].pfx >> (8 * b)) & 0xff] == n)
			continue;	/* one value: nothing to do */
		for (sum = 0, c = 0; c < 256; c++) {
			i = cnt[b][c];
			cnt[b][c] = sum;
			sum += i;
		}
		for (i = 0; i < n; i++) {
			by = (unsigned)((src[i].pfx >> (8 * b)) & 0xff);
			dst[cnt[b][by]++] = src[i];
		}
		sw = src;
		src = dst;
		dst = sw;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	free(cnt);
	return (0);
}

/*
 * Sort a[lo..hi), whose elements are in position order and equal on the
 * packed words before word, by that word; runs of equal words are refined
 * by the next one.
 */
static int
sort_range(const struct sortctx *ctx, struct sortelem *a,
    struct sortelem *tmp, size_t lo, size_t hi, size_t word,
    volatile int *cancel)
{
	const struct sortcol	*k;
	size_t			 i, j;

	if (hi - lo < 2 || word == ctx->nkeys)
		return (0);
	if (cancel != NULL && *cancel)
		return (-1);
	k = &ctx->keys[word];
	for (i = lo; i < hi; i++)
		a[i].pfx = chunk(k, a[i].pos, 0);
	if ((hi - lo > 512 ? rsort(a + lo, tmp + lo, hi - lo, cancel) :
	    msort(a + lo, tmp + lo, hi - lo, cancel)) != 0)
		return (-1);
	if (word + 1 == ctx->nkeys)
		return (0);
	for (i = lo; i < hi; i = j) {
		for (j = i + 1; j < hi && a[j].pfx == a[i].pfx; j++)
			;
		if (j - i >= 2 && sort_range(ctx, a, tmp, i, j, word + 1,
		    cancel) != 0)
			return (-1);
	}
	return (0);
}

/* Stable sort of rows[0..n) by keys. */
int
table_sort(const struct table *t, const struct table_sortkey *keys,
    size_t nkeys, uint32_t *rows, size_t n, volatile int *cancel)
{
	struct sortctx		 ctx;
	struct sortcol		 words[TABLE_MAXKEYS];
	struct sortelem		*a, *b;
	size_t			 i, nwords = 0;
	int			 r = -1;

	pending(t);
	if (n < 2 || nkeys == 0)
		return (0);
	if (n > TABLE_MAX_ROWS)
		fatal("table_sort: too many rows");
	if (nkeys > TABLE_MAXKEYS)
		fatal("table_sort: too many keys");
	memset(words, 0, sizeof words);
	a = xreallocarray(NULL, n, sizeof *a);
	b = xreallocarray(NULL, n, sizeof *b);
	if (build_keys(t, keys, nkeys, words, &nwords, rows, n, cancel) != 0)
		goto out;
	ctx.keys = words;
	ctx.nkeys = nwords;
	for (i = 0; i < n; i++) {
		a[i].pos = (uint32_t)i;
		a[i].pfx = 0;
	}
	if (sort_range(&ctx, a, b, 0, n, 0, cancel) != 0)
		goto out;
	if (cancel != NULL && *cancel)
		goto out;
	/* b is free: write the sorted row numbers through it. */
	for (i = 0; i < n; i++)
		b[i].pos = rows[a[i].pos];
	for (i = 0; i < n; i++)
		rows[i] = b[i].pos;
	r = 0;
out:
	for (i = 0; i < TABLE_MAXKEYS; i++)
		free(words[i].num);
	free(a);
	free(b);
	return (r);
}

