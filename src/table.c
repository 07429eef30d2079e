/*
 * table — the rows of one list in memory.  Every cell's UTF-8 text sits in
 * one growable buffer, NUL-terminated, a row's cells contiguous; one 64-bit
 * offset per row gives where the row starts (row i spans off[i] to
 * off[i + 1]).  Cell j of a row is found by skipping j NULs (rows are about
 * a hundred bytes); a per-thread cursor makes reading a row's cells left to
 * right linear.  No allocation per cell, no folded copy of the table.
 *
 * Cells past the header's width (ragged rows) are kept in the text and
 * reachable through table_raw_cell and table_row_width; table_cell shows
 * only the header's columns, then the derived ones.  Each row's source is
 * kept as runs (rows of one entry are contiguous).  Derived columns: Âge,
 * one byte per row, its text from a static table; Fichier, the source name.
 *
 * Sorting builds per-sort keys (numbers as sortable integers; text as a
 * folded, digit-aware byte string compared with memcmp) and merge-sorts an
 * array of (prefix, position) pairs: stable, cancellable.
 *
 * The text is the list itself: it lives in its own mapping, grown with
 * mremap (the kernel moves the pages; no copy is left behind in freed heap
 * memory) and wiped before it is unmapped.  The ages are wiped too.
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
#define TABLE_MAX_COLS	65536
#define TABLE_SAMPLE	2000		/* rows sampled to type columns */
#define AGE_MAX		150
#define AGE_NONE	255
#define SORTKEY_MAX	255		/* bytes of a text sort key */

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

struct table {
	uint64_t	 id;		/* for the per-thread cell cursor */

	struct column	*cols;
	size_t		 ncols;		/* file columns */
	size_t		 nall;		/* with derived */
	int		 has_header;

	char		*text;
	size_t		 textlen;
	size_t		 textcap;
	uint64_t	*off;		/* nrows + 1 entries */
	size_t		 nrows;
	size_t		 offcap;
	size_t		 ragged;

	char		**sources;
	size_t		 nsources;
	struct source_run *runs;
	size_t		 nruns;

	int		 finished;
	long		 birth_col;	/* file column of the date of birth */
	long		 age_col;	/* derived column index, or -1 */
	long		 file_col;	/* Fichier index, or -1 */
	uint8_t		*ages;
	int32_t		 today;
	int		 today_set;
};

/* A per-thread cursor: the last cell found, to read a row left to right. */
static __thread struct {
	uint64_t	 id;
	const char	*text;
	size_t		 row;
	size_t		 col;
	const char	*p;
} cursor;

static uint64_t		next_id = 1;
static pthread_mutex_t	id_lock = PTHREAD_MUTEX_INITIALIZER;

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
static int	 grow_text(struct table *, size_t, char **);
static int	 grow_rows(struct table *, char **);
static void	 add_source_run(struct table *, size_t);

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
	pthread_mutex_lock(&id_lock);
	t->id = next_id++;
	pthread_mutex_unlock(&id_lock);
	t->off = xmalloc(16 * sizeof *t->off);
	t->offcap = 16;
	t->off[0] = 0;
	t->birth_col = t->age_col = t->file_col = -1;
	return (t);
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
	for (i = 0; i < t->nsources; i++)
		free(t->sources[i]);
	free(t->sources);
	free(t->runs);
	text_unmap(t->text, t->textlen, t->textcap);
	free(t->off);
	if (t->ages != NULL)
		secure_wipe(t->ages, t->nrows + 1);
	free(t->ages);
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
	for (i = 0; i < n; i++) {
		t->cols[i].name = xstrndup(names[i], lens[i]);
		t->cols[i].folded = text_fold_dup(t->cols[i].name);
		t->cols[i].type = TABLE_COL_TEXT;
	}
	t->ncols = t->nall = n;
	t->has_header = 1;
	return (0);
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

/* Make room for need more bytes of text, within the limit. */
static int
grow_text(struct table *t, size_t need, char **cause)
{
	size_t	cap;

	if (t->textcap - t->textlen >= need)
		return (0);
	if (need > TABLE_MAX_TEXT - t->textlen) {
		if (cause != NULL)
			*cause = xasprintf(_("the list is too large (more "
			    "than %zu MiB of text)"), TABLE_MAX_TEXT >> 20);
		return (-1);
	}
	cap = t->textcap < 65536 ? 65536 : t->textcap;
	while (cap - t->textlen < need)
		cap = cap > TABLE_MAX_TEXT / 2 ? TABLE_MAX_TEXT : cap * 2;
	t->text = text_map(t->text, t->textcap, cap);
	t->textcap = cap;
	return (0);
}

/* Make room for one more row offset, within the limit. */
static int
grow_rows(struct table *t, char **cause)
{
	if (t->nrows + 2 <= t->offcap)
		return (0);
	if (t->nrows >= TABLE_MAX_ROWS) {
		if (cause != NULL)
			*cause = xasprintf(_("the list has too many rows "
			    "(more than %zu)"), TABLE_MAX_ROWS);
		return (-1);
	}
	t->offcap *= 2;
	t->off = xreallocarray(t->off, t->offcap, sizeof *t->off);
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

/* Close the row just written: offsets, ragged count. */
static void
end_row(struct table *t, size_t source, size_t n)
{
	add_source_run(t, source);
	if (n != t->ncols)
		t->ragged++;
	t->nrows++;
	t->off[t->nrows] = t->textlen;
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
			return (grow_text(t, TABLE_MAX_TEXT, cause));
		total += lens[i];
	}
	total += n;
	if (n == 0)
		total = 1;	/* an empty row still holds one empty cell */
	if (grow_text(t, total, cause) != 0 || grow_rows(t, cause) != 0)
		return (-1);
	p = t->text + t->textlen;
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
	t->textlen += total;
	end_row(t, source, n == 0 ? 1 : n);
	return (0);
}

/*
 * Add a row given as n NUL-terminated cells packed in len bytes (the form
 * csv.c builds): one copy.
 */
int
table_add_record(struct table *t, size_t source, const char *cells,
    size_t len, size_t n, char **cause)
{
	if (!t->has_header)
		fatal("table_add_record: no header");
	if (n == 0 || len == 0 || cells[len - 1] != '\0')
		fatal("table_add_record: bad record");
	if (grow_text(t, len, cause) != 0 || grow_rows(t, cause) != 0)
		return (-1);
	memcpy(t->text + t->textlen, cells, len);
	t->textlen += len;
	end_row(t, source, n);
	return (0);
}

/* Move src's rows to the end of dst. */
int
table_append(struct table *dst, struct table *src, char **cause)
{
	size_t		 i, base, nbase, r;
	uint64_t	 tbase;

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

	nbase = dst->nsources;
	for (i = 0; i < src->nsources; i++)
		table_add_source(dst, src->sources[i]);

	if (dst->nrows > TABLE_MAX_ROWS - src->nrows) {
		*cause = xasprintf(_("the list has too many rows (more than "
		    "%zu)"), TABLE_MAX_ROWS);
		return (-1);
	}
	if (dst->nrows == 0 && dst->text == NULL) {
		/* Adopt src's buffers: no copy. */
		dst->text = src->text;
		dst->textlen = src->textlen;
		dst->textcap = src->textcap;
		free(dst->off);
		dst->off = src->off;
		dst->offcap = src->offcap;
		dst->nrows = src->nrows;
		src->text = NULL;
		src->off = xmalloc(16 * sizeof *src->off);
		src->offcap = 16;
	} else {
		if (grow_text(dst, src->textlen, cause) != 0)
			return (-1);
		if (dst->offcap < dst->nrows + src->nrows + 1) {
			dst->offcap = dst->nrows + src->nrows + 1;
			dst->off = xreallocarray(dst->off, dst->offcap,
			    sizeof *dst->off);
		}
		if (src->textlen > 0)
			memcpy(dst->text + dst->textlen, src->text,
			    src->textlen);
		tbase = dst->textlen;
		for (r = 1; r <= src->nrows; r++)
			dst->off[dst->nrows + r] = tbase + src->off[r];
		dst->textlen += src->textlen;
		dst->nrows += src->nrows;
		text_unmap(src->text, src->textlen, src->textcap);
		src->text = NULL;
	}
	base = dst->nrows - src->nrows;
	for (i = 0; i < src->nruns; i++) {
		dst->nrows = base + src->runs[i].first;
		add_source_run(dst, nbase + src->runs[i].source);
	}
	dst->nrows = base + src->nrows;
	dst->ragged += src->ragged;

	src->textlen = src->textcap = 0;
	src->nrows = 0;
	src->off[0] = 0;
	src->ragged = 0;
	free(src->runs);
	src->runs = NULL;
	src->nruns = 0;
	cursor.id = 0;
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

/* Compute the ages and add the derived columns. */
/* The ages of rows [from, to) from their dates of birth. */
static void
ages_range(struct table *t, size_t from, size_t to)
{
	size_t		 r, len;
	const char	*s;
	int		 ty, tm, td, by, bm, bd, age;

	civil(t->today, &ty, &tm, &td);
	for (r = from; r < to; r++) {
		s = table_cell(t, r, (size_t)t->birth_col, &len);
		t->ages[r] = AGE_NONE;
		if (len == 0 || text_parse_ymd(s, len, &by, &bm, &bd) != 0)
			continue;
		/* Born after today: no age. */
		if (by > ty || (by == ty && (bm > tm || (bm == tm &&
		    bd > td))))
			continue;
		age = ty - by - (tm < bm || (tm == bm && td < bd));
		if (age >= 0 && age <= AGE_MAX)
			t->ages[r] = (uint8_t)age;
	}
}

#define AGES_THREAD_ROWS	200000	/* two cores past this */

struct ages_part {
	struct table	*t;
	size_t		 from, to;
};

static void *
ages_thread(void *arg)
{
	struct ages_part	*p = arg;

	ages_range(p->t, p->from, p->to);
	return (NULL);
}

static void
add_derived(struct table *t)
{
	struct ages_part	 part;
	pthread_t		 th;
	int			 threaded = 0;

	if (t->birth_col >= 0) {
		pthread_once(&age_once, age_init);
		if (!t->today_set)
			t->today = days_today();
		t->ages = xmalloc(t->nrows + 1);
		/* The second half of the rows on another core. */
		part.t = t;
		part.from = t->nrows / 2;
		part.to = t->nrows;
		if (t->nrows >= AGES_THREAD_ROWS)
			threaded = pthread_create(&th, NULL, ages_thread,
			    &part) == 0;
		ages_range(t, 0, threaded ? part.from : t->nrows);
		if (threaded)
			pthread_join(th, NULL);
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
	}
}

/* Type columns and add the derived ones; once. */
void
table_finish(struct table *t)
{
	if (t->finished)
		return;
	t->finished = 1;
	if (!t->has_header) {
		t->cols = xcalloc(2, sizeof *t->cols);
		t->has_header = 1;
	}
	/* The unused capacity was never touched: it costs no memory. */
	type_columns(t);
	add_derived(t);
	cursor.id = 0;
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

/* Cell i of the row as stored (ragged cells included), or NULL. */
const char *
table_raw_cell(const struct table *t, size_t row, size_t i, size_t *len)
{
	const char	*p, *end;
	size_t		 k = 0;

	if (row >= t->nrows)
		return (NULL);
	p = t->text + t->off[row];
	end = t->text + t->off[row + 1];
	if (cursor.id == t->id && cursor.text == t->text &&
	    cursor.row == row && cursor.col <= i) {
		p = cursor.p;
		k = cursor.col;
	}
	for (; k < i && p < end; k++)
		p += strlen(p) + 1;
	if (p >= end)
		return (NULL);
	cursor.id = t->id;
	cursor.text = t->text;
	cursor.row = row;
	cursor.col = i;
	cursor.p = p;
	if (len != NULL)
		*len = strlen(p);
	return (p);
}

void
table_prefetch(const struct table *t, size_t row, int text)
{
	if (row >= t->nrows)
		return;
	if (!text) {
		__builtin_prefetch(&t->off[row]);
		return;
	}
	__builtin_prefetch(t->text + t->off[row]);
	__builtin_prefetch(t->text + t->off[row] + 64);
}

/* The text of a cell; "" for a missing one. */
const char *
table_cell(const struct table *t, size_t row, size_t col, size_t *len)
{
	const char	*p;
	uint8_t		 a;

	if (row < t->nrows && col < t->ncols) {
		p = table_raw_cell(t, row, col, len);
		if (p != NULL)
			return (p);
	} else if (row < t->nrows && (long)col == t->age_col) {
		a = t->ages[row];
		if (a != AGE_NONE) {
			if (len != NULL)
				*len = strlen(age_text[a]);
			return (age_text[a]);
		}
	} else if (row < t->nrows && (long)col == t->file_col) {
		p = t->sources[table_row_source(t, row)];
		if (len != NULL)
			*len = strlen(p);
		return (p);
	}
	if (len != NULL)
		*len = 0;
	return ("");
}

/* Number of cells the row had in the file. */
size_t
table_row_width(const struct table *t, size_t row)
{
	const char	*p, *end;
	size_t		 n = 0;

	if (row >= t->nrows)
		return (0);
	p = t->text + t->off[row];
	end = t->text + t->off[row + 1];
	while (p < end && (p = memchr(p, '\0', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return (n);
}

size_t
table_ragged(const struct table *t)
{
	return (t->ragged);
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

/* Bytes held. */
size_t
table_memory(const struct table *t)
{
	size_t	n;

	n = t->textcap + t->offcap * sizeof *t->off +
	    t->nruns * sizeof *t->runs;
	if (t->ages != NULL)
		n += t->nrows;
	return (n);
}

/*
 * Sorting.  For each key and each position of rows[], a key: a number
 * (sortable 64-bit integer) or a text key (folded bytes, digit runs as
 * '0', their significant length, their digits, so that memcmp orders
 * naturally), plus an empty flag.  The first key's leading 8 bytes ride
 * along in the array being merged.
 */
struct sortcol {
	int		 desc;
	int		 text;		/* else numeric */
	uint64_t	*num;		/* numeric keys */
	char		*arena;		/* text keys */
	size_t		*koff;		/* n + 1 */
	uint8_t		*empty;
};

struct sortelem {
	uint64_t	pfx;
	uint32_t	pos;
};

struct sortctx {
	struct sortcol	*keys;
	size_t		 nkeys;
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

/*
 * Text keys by rank.  Most columns repeat few values (names, streets,
 * municipalities), so the distinct cell values are found with a hash
 * table, their text keys built and sorted once, and each row's key
 * becomes the rank of its value: the rows are then sorted as numbers.
 * Equal text keys get equal ranks, so the order is the text keys' order.
 * Gives up (0) when a column has too many distinct values to gain.
 */
#define DICT_MAX_SHARE	4	/* at most n / 4 distinct values */

struct dictval {
	const char	*s;
	size_t		 len;
	char		*key;		/* text key, in the dict's arena */
	size_t		 klen;
	uint32_t	 rank;
};

static int
dict_cmp(const void *a, const void *b, void *arg)
{
	const struct dictval	*v = arg;
	const struct dictval	*x = &v[*(const uint32_t *)a];
	const struct dictval	*y = &v[*(const uint32_t *)b];
	size_t			 m = x->klen < y->klen ? x->klen : y->klen;
	int			 c = memcmp(x->key, y->key, m);

	if (c != 0)
		return (c);
	return (x->klen < y->klen ? -1 : x->klen > y->klen);
}

/* 1 when k->num holds the ranks, 0 to build text keys instead, -1
   when cancelled. */
static int
build_ranks(const struct table *t, size_t col, struct sortcol *k,
    const uint32_t *rows, size_t n, volatile int *cancel)
{
	struct dictval	*v = NULL;
	uint32_t	*slot, *order = NULL, id, r;
	size_t		 nslot = 1024, nv = 0, cap = 0, i, j, len, limit;
	size_t		 alen = 0;
	const char	*s;
	char		*arena = NULL;
	uint64_t	 h;
	int		 ret = 0;

	limit = n / DICT_MAX_SHARE;
	slot = xcalloc(nslot, sizeof *slot);	/* id + 1, 0 = free */
	for (i = 0; i < n; i++) {
		if ((i & 0xffff) == 0 && cancel != NULL && *cancel) {
			ret = -1;
			goto out;
		}
		s = table_cell(t, rows[i], col, &len);
		k->empty[i] = len == 0;
		if (len == 0) {
			k->num[i] = 0;
			continue;
		}
		h = text_hash(s, len);
		for (j = (size_t)h & (nslot - 1); slot[j] != 0;
		    j = (j + 1) & (nslot - 1)) {
			id = slot[j] - 1;
			if (v[id].len == len && memcmp(v[id].s, s, len) == 0)
				break;
		}
		if (slot[j] == 0) {
			if (nv >= limit)
				goto out;		/* too many: give up */
			if (nv == cap) {
				cap = cap ? cap * 2 : 256;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[nv].s = s;
			v[nv].len = len;
			slot[j] = (uint32_t)++nv;
			if (nv * 2 > nslot) {
				/* More slots; every value placed again. */
				free(slot);
				nslot *= 2;
				slot = xcalloc(nslot, sizeof *slot);
				for (id = 0; id < nv; id++) {
					h = text_hash(v[id].s, v[id].len);
					for (j = (size_t)h & (nslot - 1);
					    slot[j] != 0; j = (j + 1) &
					    (nslot - 1))
						;
					slot[j] = id + 1;
				}
			}
			id = (uint32_t)nv - 1;
		} else
			id = slot[j] - 1;
		k->num[i] = id;
	}
	/* The distinct values' text keys, sorted: their ranks. */
	arena = xmalloc(nv * (SORTKEY_MAX + 8) + 1);
	for (id = 0; id < nv; id++) {
		v[id].key = arena + alen;
		v[id].klen = text_key(arena + alen, v[id].s, v[id].len);
		alen += v[id].klen;
	}
	order = xreallocarray(NULL, nv + 1, sizeof *order);
	for (id = 0; id < nv; id++)
		order[id] = id;
	qsort_r(order, nv, sizeof *order, dict_cmp, v);
	for (r = 0, i = 0; i < nv; i++) {
		if (i > 0 && (v[order[i]].klen != v[order[i - 1]].klen ||
		    memcmp(v[order[i]].key, v[order[i - 1]].key,
		    v[order[i]].klen) != 0))
			r++;
		v[order[i]].rank = r;
	}
	for (i = 0; i < n; i++)
		if (!k->empty[i])
			k->num[i] = v[k->num[i]].rank;
	ret = 1;
out:
	free(order);
	free(arena);
	free(slot);
	free(v);
	return (ret);
}

/* Build one key over rows[0..n). Returns -1 when cancelled. */
static int
build_key(const struct table *t, const struct table_sortkey *sk,
    struct sortcol *k, const uint32_t *rows, size_t n, volatile int *cancel)
{
	enum table_coltype	 type = table_col_type(t, sk->col);
	size_t			 i, len, cap = 0, used = 0;
	const char		*s;
	double			 d;
	int32_t			 days;
	uint8_t			 a;

	k->desc = sk->desc;
	k->empty = xmalloc(n + 1);
	k->text = type == TABLE_COL_TEXT;
	if (k->text && (long)sk->col != t->age_col) {
		k->num = xreallocarray(NULL, n + 1, sizeof *k->num);
		k->text = 0;
		switch (build_ranks(t, sk->col, k, rows, n, cancel)) {
		case 1:
			return (0);
		case -1:
			return (-1);
		}
		free(k->num);
		k->num = NULL;
		k->text = 1;
	}
	if (k->text) {
		k->koff = xreallocarray(NULL, n + 1, sizeof *k->koff);
		cap = 16 * n + SORTKEY_MAX + 8;
		k->arena = xmalloc(cap);
	} else
		k->num = xreallocarray(NULL, n + 1, sizeof *k->num);

	for (i = 0; i < n; i++) {
		if ((i & 0xffff) == 0 && cancel != NULL && *cancel)
			return (-1);
		if ((long)sk->col == t->age_col) {
			a = t->ages[rows[i]];
			k->empty[i] = a == AGE_NONE;
			k->num[i] = a;
			continue;
		}
		s = table_cell(t, rows[i], sk->col, &len);
		k->empty[i] = len == 0;
		if (k->text) {
			if (cap - used < SORTKEY_MAX + 8) {
				cap *= 2;
				k->arena = xrealloc(k->arena, cap);
			}
			k->koff[i] = used;
			if (len > 0)
				used += text_key(k->arena + used, s, len);
			continue;
		}
		if (len == 0)
			k->num[i] = 0;
		else if (type == TABLE_COL_NUMBER &&
		    text_parse_number(s, len, &d) == 0)
			k->num[i] = num_key(d);
		else if (type == TABLE_COL_DATE &&
		    text_parse_date(s, len, &days) == 0)
			k->num[i] = num_key((double)days);
		else
			k->num[i] = UINT64_MAX;	/* after every value */
	}
	if (k->text)
		k->koff[n] = used;
	return (0);
}

/*
 * Chunk depth of key k at position pos: 7 key bytes, big-endian, then a
 * byte holding how many of them are real, 8 when the key goes on; so
 * that comparing chunks as integers compares keys, a shorter key first.
 */
static uint64_t
chunk(const struct sortcol *k, uint32_t pos, size_t depth)
{
	const unsigned char	*s;
	size_t			 len, off, rem, i;
	uint64_t		 v = 0;

	if (!k->text)
		return (k->desc ? ~k->num[pos] : k->num[pos]);
	s = (const unsigned char *)k->arena + k->koff[pos];
	len = k->koff[pos + 1] - k->koff[pos];
	off = depth * 7;
	rem = len > off ? len - off : 0;
	for (i = 0; i < 7; i++)
		v = (v << 8) | (i < rem ? s[off + i] : 0);
	v = (v << 8) | (rem > 7 ? 8 : rem);
	return (k->desc ? ~v : v);
}

/* Nonzero when the key at pos goes on past chunk depth. */
static int
continues(const struct sortcol *k, uint32_t pos, size_t depth)
{
	return (k->text && k->koff[pos + 1] - k->koff[pos] > depth * 7 + 7);
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
 * keys before key (and on key's chunks before depth), by key from depth
 * on: empty cells last (at depth 0), then chunk by chunk, runs of equal
 * chunks refined by the next chunk or the next key.
 */
static int
sort_range(const struct sortctx *ctx, struct sortelem *a,
    struct sortelem *tmp, size_t lo, size_t hi, size_t key, size_t depth,
    volatile int *cancel)
{
	const struct sortcol	*k;
	size_t			 i, j, m, o;

	if (hi - lo < 2 || key == ctx->nkeys)
		return (0);
	if (cancel != NULL && *cancel)
		return (-1);
	k = &ctx->keys[key];
	m = hi;
	if (depth == 0) {
		/* Stable partition: the empty cells last. */
		for (i = lo, o = lo, j = 0; i < hi; i++) {
			if (k->empty[a[i].pos])
				tmp[j++] = a[i];
			else
				a[o++] = a[i];
		}
		memcpy(a + o, tmp, j * sizeof *a);
		m = o;
	}
	for (i = lo; i < m; i++)
		a[i].pfx = chunk(k, a[i].pos, depth);
	if ((m - lo > 512 ? rsort(a + lo, tmp + lo, m - lo, cancel) :
	    msort(a + lo, tmp + lo, m - lo, cancel)) != 0)
		return (-1);
	for (i = lo; i < m; i = j) {
		for (j = i + 1; j < m && a[j].pfx == a[i].pfx; j++)
			;
		if (j - i < 2)
			continue;
		if (continues(k, a[i].pos, depth)) {
			if (sort_range(ctx, a, tmp, i, j, key, depth + 1,
			    cancel) != 0)
				return (-1);
		} else if (sort_range(ctx, a, tmp, i, j, key + 1, 0,
		    cancel) != 0)
			return (-1);
	}
	if (m < hi && sort_range(ctx, a, tmp, m, hi, key + 1, 0, cancel) != 0)
		return (-1);
	return (0);
}

/* One key built on a thread of its own. */
struct keyjob {
	const struct table		*t;
	const struct table_sortkey	*sk;
	struct sortcol			*k;
	const uint32_t			*rows;
	size_t				 n;
	volatile int			*cancel;
	int				 r;
};

static void *
key_thread(void *arg)
{
	struct keyjob	*j = arg;

	j->r = build_key(j->t, j->sk, j->k, j->rows, j->n, j->cancel);
	return (NULL);
}

#define KEY_THREAD_ROWS	100000	/* a key on its own thread past this */

/*
 * Build every key; with several keys over many rows, the second one on
 * another thread (the two cores each read the rows once).  -1 cancelled.
 */
static int
build_keys(const struct table *t, const struct table_sortkey *keys,
    size_t nkeys, struct sortcol *k, const uint32_t *rows, size_t n,
    volatile int *cancel)
{
	struct keyjob	 j;
	pthread_t	 th;
	size_t		 i;
	int		 threaded = 0, r = 0;

	for (i = 0; i < nkeys; i++)
		if (keys[i].col >= t->nall)
			fatal("table_sort: no column %zu", keys[i].col);
	if (nkeys >= 2 && n >= KEY_THREAD_ROWS) {
		j.t = t;
		j.sk = &keys[1];
		j.k = &k[1];
		j.rows = rows;
		j.n = n;
		j.cancel = cancel;
		j.r = 0;
		threaded = pthread_create(&th, NULL, key_thread, &j) == 0;
	}
	for (i = 0; i < nkeys && r == 0; i++) {
		if (i == 1 && threaded)
			continue;
		r = build_key(t, &keys[i], &k[i], rows, n, cancel);
	}
	if (threaded) {
		pthread_join(th, NULL);
		if (r == 0)
			r = j.r;
	}
	return (r);
}

/* Stable sort of rows[0..n) by keys. */
int
table_sort(const struct table *t, const struct table_sortkey *keys,
    size_t nkeys, uint32_t *rows, size_t n, volatile int *cancel)
{
	struct sortctx		 ctx;
	struct sortelem		*a, *b;
	size_t			 i;
	int			 r = -1;

	if (n < 2 || nkeys == 0)
		return (0);
	if (n > TABLE_MAX_ROWS)
		fatal("table_sort: too many rows");
	ctx.nkeys = nkeys;
	ctx.keys = xcalloc(nkeys, sizeof *ctx.keys);
	a = xreallocarray(NULL, n, sizeof *a);
	b = xreallocarray(NULL, n, sizeof *b);
	if (build_keys(t, keys, nkeys, ctx.keys, rows, n, cancel) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		a[i].pos = (uint32_t)i;
		a[i].pfx = 0;
	}
	if (sort_range(&ctx, a, b, 0, n, 0, 0, cancel) != 0)
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
	for (i = 0; i < nkeys; i++) {
		free(ctx.keys[i].num);
		free(ctx.keys[i].arena);
		free(ctx.keys[i].koff);
		free(ctx.keys[i].empty);
	}
	free(ctx.keys);
	free(a);
	free(b);
	return (r);
}
