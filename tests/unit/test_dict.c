/*
 * test_dict — the columns as dictionaries (table.c) and the runs over
 * codes (filter.c), as a property over generated lists (gen.c): every
 * cell reads back as it was added (ragged rows, a column of more than
 * 65,536 values, a NUL in a cell, lists merged from several tables, with
 * their own dictionaries or sharing the merged one's, a list read in two
 * parts and joined with table_append_part, giving the codes of one read);
 * filter_run, filter_match and filter_search give the rows a plain
 * reference gives for column terms, alternatives, comparisons, bare
 * words, negation and Âge; table_sort gives the order of a stable
 * reference sort for several key sets, ascending and descending.  The
 * references read cells with table_cell only and compare with text_fold,
 * text_natcmp and the text.h parsers, never with codes or ranks.
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

#include "listelec/filter.h"
#include "listelec/gen.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define NFILE	12		/* the generator's 10 columns, Id, Note */
#define TODAY	20731		/* 2026-10-05, GEN_REF_DATE */

static const char *const header[NFILE] = { "No section", "No électeur",
    "Nom", "Prénom", "Sexe", "Date de naissance", "Adresse", "Appartement",
    "Municipalité", "Code postal", "Id", "Note" };
/* (No "007" beside "7": text_natcmp tells them apart by their bytes, the
   sort keeps them equal, in row order.) */
static const char *const notes[] = { "", "", "", "bénévole", "12", "L’œuvre",
    "Straße", "70", "7", "oeuvre d'art", "-3.5", "ÉLODIE", "Élodie" };
static const char *const sources[] = { "nord.csv", "sud.csv", "Est.csv" };

/* The list as added: cells per row (NULL past a row's width). */
struct list {
	size_t	  n;
	char	***cells;	/* [row][i] */
	size_t	 *width;
	size_t	 *source;
};

/* A row of the list: the generator's cells, an Id, a Note, ragged now and
   then. */
static void
make_row(struct list *l, size_t r, const struct gen_elector *e)
{
	char	 num[16], id[24];
	size_t	 w = NFILE, i;
	const char *c[NFILE + 2];

	snprintf(num, sizeof num, "%u", e->line);
	snprintf(id, sizeof id, "X%zu", r * 7919 % 1000003);
	c[0] = e->section;
	c[1] = num;
	c[2] = e->nom;
	c[3] = e->prenom;
	c[4] = e->sexe;
	c[5] = e->naissance;
	c[6] = e->adresse;
	c[7] = e->appartement;
	c[8] = e->municipalite;
	c[9] = e->code_postal;
	c[10] = id;
	c[11] = notes[r * 31 % (sizeof notes / sizeof notes[0])];
	c[12] = "x1";
	c[13] = "x2";
	if (r % 1000 == 999)
		w = NFILE - 3;		/* short */
	else if (r % 1500 == 1499)
		w = NFILE + 2;		/* long */
	l->cells[r] = xcalloc(w + 1, sizeof *l->cells[r]);
	for (i = 0; i < w; i++)
		l->cells[r][i] = xstrdup(c[i]);
	if (r == 5) {
		free(l->cells[r][11]);
		l->cells[r][11] = xstrdup("a b");
	}
	l->width[r] = w;
	l->source[r] = r * 3 / l->n;
}

/* n generated rows. */
static struct list *
make_list(uint64_t seed, size_t n)
{
	struct list			*l = xcalloc(1, sizeof *l);
	struct gen			*g = gen_new(seed, n);
	const struct gen_elector	*e;
	size_t				 r = 0;

	l->n = n;
	l->cells = xcalloc(n, sizeof *l->cells);
	l->width = xcalloc(n, sizeof *l->width);
	l->source = xcalloc(n, sizeof *l->source);
	while (r < n && (e = gen_next(g)) != NULL)
		make_row(l, r++, e);
	assert_int_equal(r, n);
	gen_free(g);
	return (l);
}

static void
free_list(struct list *l)
{
	size_t	r, i;

	for (r = 0; r < l->n; r++) {
		for (i = 0; i < l->width[r]; i++)
			free(l->cells[r][i]);
		free(l->cells[r]);
	}
	free(l->cells);
	free(l->width);
	free(l->source);
	free(l);
}

/* Add rows [from, to) of l to t, source numbers shifted by base; row 5
   has a NUL in its note, which reads back as a space. */
static void
add_rows(struct table *t, const struct list *l, size_t from, size_t to,
    size_t base)
{
	const char	*c[NFILE + 2];
	size_t		 r, i, lens[NFILE + 2];
	char		*cause = NULL;

	for (r = from; r < to; r++) {
		for (i = 0; i < l->width[r]; i++) {
			c[i] = l->cells[r][i];
			lens[i] = strlen(c[i]);
		}
		if (r == 5) {
			c[11] = "a\0b";
			lens[11] = 3;
		}
		assert_int_equal(table_add_row(t, l->source[r] - base, c, lens,
		    l->width[r], &cause), 0);
	}
}

/* A new table with the header (and the sources from first on), its
   values in share's dictionaries when not NULL. */
static struct table *
new_shared(size_t first, size_t nsrc, struct table *share, int sfirst)
{
	struct table	*t = table_new();
	size_t		 lens[NFILE], i;

	if (share != NULL)
		table_share_dicts(t, share, sfirst);
	for (i = 0; i < NFILE; i++)
		lens[i] = strlen(header[i]);
	assert_int_equal(table_set_header(t, header, lens, NFILE), 0);
	for (i = first; i < first + nsrc; i++)
		table_add_source(t, sources[i]);
	table_set_today(t, TODAY);
	return (t);
}

static struct table *
new_table(size_t first, size_t nsrc)
{
	return (new_shared(first, nsrc, NULL, 0));
}

/* The list in one table, rows added one by one (interned on a thread). */
static struct table *
build_direct(struct list *l)
{
	struct table	*t = new_table(0, 3);

	table_build_threaded(t);

	add_rows(t, l, 0, l->n, 0);
	table_finish(t);
	return (t);
}

/* The list as three tables, one per source, merged. */
static struct table *
build_merged(struct list *l)
{
	struct table	*t = table_new(), *part;
	size_t		 s, from = 0, to;
	char		*cause = NULL;

	table_set_today(t, TODAY);
	for (s = 0; s < 3; s++) {
		for (to = from; to < l->n && l->source[to] == s; to++)
			;
		part = new_table(s, 1);
		add_rows(part, l, from, to, s);
		assert_int_equal(table_append(t, part, &cause), 0);
		assert_int_equal(table_rows(part), 0);
		table_free(part);
		from = to;
	}
	table_finish(t);
	return (t);
}

/*
 * The list as three tables sharing the dictionaries of the one they are
 * merged into; the second's header is set before the first's (it keeps
 * its own dictionaries).
 */
static struct table *
build_shared(struct list *l)
{
	struct table	*t = table_new(), *part[3];
	size_t		 s, from[4], to;
	char		*cause = NULL;

	table_set_today(t, TODAY);
	part[1] = new_shared(1, 1, t, 0);
	part[0] = new_shared(0, 1, t, 1);
	part[2] = new_shared(2, 1, t, 0);
	from[0] = 0;
	for (s = 0; s < 3; s++) {
		for (to = from[s]; to < l->n && l->source[to] == s; to++)
			;
		from[s + 1] = to;
	}
	for (s = 0; s < 3; s++)
		add_rows(part[s], l, from[s], from[s + 1], s);
	for (s = 0; s < 3; s++) {
		assert_int_equal(table_append(t, part[s], &cause), 0);
		table_free(part[s]);
	}
	table_finish(t);
	return (t);
}

/*
 * The list as one table and a part holding the rest of its last source
 * (a file read in two halves), appended with table_append_part.
 */
static struct table *
build_parts(struct list *l)
{
	struct table	*t = new_table(0, 3), *part;
	size_t		 s2, mid;
	char		*cause = NULL;

	for (s2 = 0; s2 < l->n && l->source[s2] != 2; s2++)
		;
	mid = s2 + (l->n - s2) / 4;
	add_rows(t, l, 0, mid, 0);
	part = new_table(2, 1);
	add_rows(part, l, mid, l->n, 2);
	assert_int_equal(table_append_part(t, part, &cause), 0);
	assert_int_equal(table_rows(part), 0);
	table_free(part);
	table_finish(t);
	assert_int_equal(table_sources(t), 3);
	return (t);
}

/* Every cell reads back as added, through every way in. */
static void
check_cells(const struct table *t, const struct list *l)
{
	size_t		 r, i, len, nall = table_cols(t), v, nv;
	const char	*s, *want, *x;
	unsigned	 w;
	size_t		 stride;
	const char	*codes;
	uint16_t	 h;
	uint32_t	 code, v32;

	assert_int_equal(table_rows(t), l->n);
	assert_int_equal(table_file_cols(t), NFILE);
	assert_int_equal(nall, NFILE + 2);	/* Âge, Fichier */
	assert_string_equal(table_col_name(t, NFILE), "Âge");
	assert_string_equal(table_col_name(t, NFILE + 1), "Fichier");
	assert_true(table_ragged(t) > 0);
	for (r = 0; r < l->n; r++) {
		assert_int_equal(table_row_width(t, r), l->width[r]);
		for (i = 0; i < NFILE + 2; i++) {
			s = table_raw_cell(t, r, i, &len);
			want = i < l->width[r] ? l->cells[r][i] : NULL;
			if (want == NULL) {
				assert_null(s);
				continue;
			}
			assert_non_null(s);
			assert_string_equal(s, want);
			assert_int_equal(len, strlen(want));
		}
		for (i = 0; i < nall; i++) {
			s = table_cell(t, r, i, &len);
			assert_int_equal(strlen(s), len);
			if (i < NFILE)
				assert_string_equal(s, i < l->width[r] ?
				    l->cells[r][i] : "");
			else if (i == NFILE + 1)
				assert_string_equal(s,
				    sources[l->source[r]]);
			/* The code gives the same text. */
			code = table_cell_code(t, r, i);
			assert_true(code < table_col_values(t, i));
			x = table_col_value(t, i, code, NULL);
			assert_string_equal(x, s);
			codes = table_col_codes(t, i, &w, &stride);
			assert_non_null(codes);
			codes += r * stride;
			h = 0;
			v32 = 0;
			if (w == 2)
				memcpy(&h, codes, 2);
			if (w == 4)
				memcpy(&v32, codes, 4);
			assert_int_equal(code, w == 1 ?
			    (unsigned char)codes[0] : w == 2 ? h : v32);
		}
	}
	/* Id has a value per row: codes four bytes wide. */
	(void)table_col_codes(t, 10, &w, &stride);
	assert_int_equal(w, l->n > 65536 ? 4 : 2);
	/* The values of a column are distinct. */
	nv = table_col_values(t, 2);
	for (v = 1; v < nv; v++)
		assert_string_not_equal(table_col_value(t, 2, (uint32_t)v,
		    NULL), table_col_value(t, 2, (uint32_t)v - 1, NULL));
}

/* Reference filters: terms of a kind over a column (-1: any column). */
enum ref_kind { R_CONTAINS, R_EQ, R_NUM_GE, R_NUM_LT, R_TEXT_GE, R_DATE_LT };

struct ref_term {
	int		 negate;
	long		 col;
	enum ref_kind	 kind;
	const char	*vals[6];	/* alternatives, NULL-ended */
};

struct ref_filter {
	const char	*expr;
	struct ref_term	 terms[3];
	size_t		 nterms;
};

#define C_SEC	0
#define C_NOM	2
#define C_PRE	3
#define C_SEXE	4
#define C_NAIS	5
#define C_ADR	6
#define C_APP	7
#define C_MUN	8
#define C_ID	10
#define C_NOTE	11
#define C_AGE	12
#define C_FILE	13

static const struct ref_filter filters[] = {
	{ "mun:mont", { { 0, C_MUN, R_CONTAINS, { "mont" } } }, 1 },
	{ "sec=002|003", { { 0, C_SEC, R_EQ, { "002", "003" } } }, 1 },
	{ "belanger", { { 0, -1, R_CONTAINS, { "belanger" } } }, 1 },
	{ "âge>=65", { { 0, C_AGE, R_NUM_GE, { "65" } } }, 1 },
	{ "âge>=65 -sexe=F", { { 0, C_AGE, R_NUM_GE, { "65" } },
	    { 1, C_SEXE, R_EQ, { "f" } } }, 2 },
	{ "âge<30 prénom>=m", { { 0, C_AGE, R_NUM_LT, { "30" } },
	    { 0, C_PRE, R_TEXT_GE, { "m" } } }, 2 },
	{ "naissance<1950-06-01", { { 0, C_NAIS, R_DATE_LT,
	    { "1950-06-01" } } }, 1 },
	{ "appartement=\"\"", { { 0, C_APP, R_EQ, { "" } } }, 1 },
	{ "-appartement=\"\" -note:e", { { 1, C_APP, R_EQ, { "" } },
	    { 1, C_NOTE, R_CONTAINS, { "e" } } }, 2 },
	{ "rue 12", { { 0, -1, R_CONTAINS, { "rue" } },
	    { 0, -1, R_CONTAINS, { "12" } } }, 2 },
	{ "oeuvre", { { 0, -1, R_CONTAINS, { "oeuvre" } } }, 1 },
	{ "nom:tr|ga|bo|la|ro", { { 0, C_NOM, R_CONTAINS,
	    { "tr", "ga", "bo", "la", "ro" } } }, 1 },
	{ "fichier:est", { { 0, C_FILE, R_CONTAINS, { "est" } } }, 1 },
	{ "est.csv", { { 0, -1, R_CONTAINS, { "est.csv" } } }, 1 },
	{ "id:x12 -adresse:e", { { 0, C_ID, R_CONTAINS, { "x12" } },
	    { 1, C_ADR, R_CONTAINS, { "e" } } }, 2 },
	{ "-belanger|levesque", { { 1, -1, R_CONTAINS,
	    { "belanger", "levesque" } } }, 1 },
	{ "zzzq", { { 0, -1, R_CONTAINS, { "zzzq" } } }, 1 },
};

/* The folded text of a cell; caller frees. */
static char *
fold(const char *s)
{
	return (text_fold_dup(s));
}

/* Does one cell satisfy one alternative of the reference term? */
static int
ref_cell(const struct ref_term *rt, const char *cell, const char *val)
{
	char	*fc, *fv;
	double	 a, b;
	int32_t	 d, dv;
	int	 r = 0;

	if (rt->kind == R_EQ && val[0] == '\0')
		return (cell[0] == '\0');
	if (cell[0] == '\0' && rt->kind != R_CONTAINS)
		return (0);
	fc = fold(cell);
	fv = fold(val);
	switch (rt->kind) {
	case R_CONTAINS:
		r = strstr(fc, fv) != NULL;
		break;
	case R_EQ:
		r = strcmp(fc, fv) == 0;
		break;
	case R_NUM_GE:
	case R_NUM_LT:
		if (text_parse_number(cell, strlen(cell), &a) == 0 &&
		    text_parse_number(val, strlen(val), &b) == 0)
			r = rt->kind == R_NUM_GE ? a >= b : a < b;
		break;
	case R_TEXT_GE:
		r = text_natcmp(fc, fv) >= 0;
		break;
	case R_DATE_LT:
		if (text_parse_date(cell, strlen(cell), &d) == 0 &&
		    text_parse_date(val, strlen(val), &dv) == 0)
			r = d < dv;
		break;
	}
	free(fc);
	free(fv);
	return (r);
}

/* The reference: does row match? */
static int
ref_match(const struct table *t, const struct ref_filter *rf, size_t row)
{
	const struct ref_term	*rt;
	size_t			 k, c, i, from, to;
	int			 m;

	for (k = 0; k < rf->nterms; k++) {
		rt = &rf->terms[k];
		from = rt->col < 0 ? 0 : (size_t)rt->col;
		to = rt->col < 0 ? table_cols(t) : from + 1;
		m = 0;
		for (c = from; c < to && !m; c++)
			for (i = 0; rt->vals[i] != NULL && !m; i++)
				m = ref_cell(rt, table_cell(t, row, c, NULL),
				    rt->vals[i]);
		if (m == rt->negate)
			return (0);
	}
	return (1);
}

/* Rows of in[0..n) (or every row) the reference keeps. */
static size_t
ref_run(const struct table *t, const struct ref_filter *rf,
    const uint32_t *in, size_t n, uint32_t *out)
{
	size_t	i, k = 0, row;

	for (i = 0; i < n; i++) {
		row = in != NULL ? in[i] : i;
		if (ref_match(t, rf, row))
			out[k++] = (uint32_t)row;
	}
	return (k);
}

/* A reference sort key. */
static const struct table *sort_t;
static const struct table_sortkey *sort_keys;
static size_t sort_nkeys;
static char **sort_fold;	/* [key * rows + row] folded text */

/* Compare two non-empty cells of one key the reference way. */
static int
ref_key_cmp(size_t k, uint32_t a, uint32_t b)
{
	size_t			 col = sort_keys[k].col, n = table_rows(sort_t);
	enum table_coltype	 type = table_col_type(sort_t, col);
	const char		*x = table_cell(sort_t, a, col, NULL);
	const char		*y = table_cell(sort_t, b, col, NULL);
	double			 dx, dy;
	int32_t			 ix, iy;
	int			 okx, oky;

	if (type == TABLE_COL_TEXT)
		return (text_natcmp(sort_fold[k * n + a],
		    sort_fold[k * n + b]));
	if (type == TABLE_COL_NUMBER) {
		okx = text_parse_number(x, strlen(x), &dx) == 0;
		oky = text_parse_number(y, strlen(y), &dy) == 0;
	} else {
		okx = text_parse_date(x, strlen(x), &ix) == 0;
		oky = text_parse_date(y, strlen(y), &iy) == 0;
		dx = ix;
		dy = iy;
	}
	if (!okx || !oky)
		return (okx - oky > 0 ? -1 : okx != oky);	/* unreadable
								   after */
	return (dx < dy ? -1 : dx > dy);
}

/* The reference order: key by key, empty last, then position in rows. */
static const uint32_t *sort_in;

static int
ref_cmp(const void *pa, const void *pb)
{
	uint32_t	 pa_ = *(const uint32_t *)pa;
	uint32_t	 pb_ = *(const uint32_t *)pb;
	uint32_t	 a = sort_in[pa_], b = sort_in[pb_];
	size_t		 k;
	int		 ea, eb, c;

	for (k = 0; k < sort_nkeys; k++) {
		ea = table_cell(sort_t, a, sort_keys[k].col, NULL)[0] == '\0';
		eb = table_cell(sort_t, b, sort_keys[k].col, NULL)[0] == '\0';
		if (ea || eb) {
			if (ea != eb)
				return (ea ? 1 : -1);
			continue;
		}
		c = ref_key_cmp(k, a, b);
		if (c != 0)
			return (sort_keys[k].desc ? -c : c);
	}
	return (pa_ < pb_ ? -1 : pa_ > pb_);
}

/* table_sort of rows[0..n) against the reference. */
static void
check_sort(const struct table *t, const struct table_sortkey *keys,
    size_t nkeys, const uint32_t *in, size_t n)
{
	uint32_t	*got, *want;
	size_t		 k, r, nr = table_rows(t);

	got = xreallocarray(NULL, n + 1, sizeof *got);
	want = xreallocarray(NULL, n + 1, sizeof *want);
	memcpy(got, in, n * sizeof *got);
	for (r = 0; r < n; r++)
		want[r] = (uint32_t)r;		/* positions, then rows */
	assert_int_equal(table_sort(t, keys, nkeys, got, n, NULL), 0);
	sort_t = t;
	sort_keys = keys;
	sort_nkeys = nkeys;
	sort_fold = xcalloc(nkeys * nr + 1, sizeof *sort_fold);
	for (k = 0; k < nkeys; k++)
		for (r = 0; r < nr; r++)
			sort_fold[k * nr + r] = fold(table_cell(t, r,
			    keys[k].col, NULL));
	sort_in = in;
	qsort(want, n, sizeof *want, ref_cmp);
	for (r = 0; r < n; r++)
		want[r] = in[want[r]];
	for (r = 0; r < n; r++)
		if (got[r] != want[r])
			fail_msg("sort key %zu%s...: position %zu: row %u "
			    "(%s, %s), want %u (%s, %s)", keys[0].col,
			    keys[0].desc ? " desc" : "", r, got[r],
			    table_cell(t, got[r], keys[0].col, NULL),
			    table_cell(t, got[r], keys[nkeys - 1].col, NULL),
			    want[r], table_cell(t, want[r], keys[0].col, NULL),
			    table_cell(t, want[r], keys[nkeys - 1].col, NULL));
	for (k = 0; k < nkeys * nr; k++)
		free(sort_fold[k]);
	free(sort_fold);
	free(got);
	free(want);
}

/* Filters and sorts of one table against the references. */
static void
check_table(const struct table *t)
{
	static const struct table_sortkey k1[] = { { C_NOM, 0 }, { C_PRE, 0 } };
	static const struct table_sortkey k2[] = { { C_NOM, 1 }, { C_PRE, 0 },
	    { C_AGE, 1 } };
	static const struct table_sortkey k3[] = { { C_ADR, 0 }, { C_APP, 1 } };
	static const struct table_sortkey k4[] = { { C_NAIS, 1 } };
	static const struct table_sortkey k5[] = { { C_NOTE, 0 }, { 1, 1 } };
	static const struct table_sortkey k6[] = { { C_SEXE, 0 },
	    { C_FILE, 1 }, { C_MUN, 0 }, { C_ID, 1 } };
	static const struct table_sortkey k7[] = { { C_SEC, 1 }, { C_AGE, 0 },
	    { C_NOTE, 1 }, { C_SEXE, 0 }, { C_APP, 0 }, { C_PRE, 1 },
	    { C_NOM, 0 }, { C_ID, 0 } };
	struct filter		*f;
	struct filter_error	 err;
	uint32_t		*all, *want, *got, *sub;
	size_t			 n = table_rows(t), i, k, nw, ng, ns, mid;
	long			 first;

	all = xreallocarray(NULL, n + 1, sizeof *all);
	want = xreallocarray(NULL, n + 1, sizeof *want);
	got = xreallocarray(NULL, n + 1, sizeof *got);
	sub = xreallocarray(NULL, n + 1, sizeof *sub);
	for (i = 0; i < n; i++)
		all[i] = (uint32_t)i;
	/* A subset in another order: every third row, backwards. */
	for (ns = 0, i = n; i > 0; i--)
		if (i % 3 != 0)
			sub[ns++] = (uint32_t)(i - 1);
	mid = ns < 5000 ? ns : 5000;
	for (k = 0; k < sizeof filters / sizeof filters[0]; k++) {
		if (filter_parse(filters[k].expr, t, &f, &err) != 0)
			fail_msg("%s: %s", filters[k].expr, err.message);
		nw = ref_run(t, &filters[k], NULL, n, want);
		ng = filter_run(f, t, NULL, n, got, 2, NULL);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, nw * sizeof *want);
		ng = filter_run(f, t, NULL, n, got, 1, NULL);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, nw * sizeof *want);
		for (i = 0; i < n; i += 7)
			assert_int_equal(filter_match(f, t, i) != 0,
			    ref_match(t, &filters[k], i));
		first = nw > 0 ? (long)want[0] : -1;
		assert_int_equal(filter_search(f, t, NULL, n, 0, 0, 0), first);
		/* Over a subset, large (sorted views) and small. */
		nw = ref_run(t, &filters[k], sub, ns, want);
		ng = filter_run(f, t, sub, ns, got, 0, NULL);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, nw * sizeof *want);
		nw = ref_run(t, &filters[k], sub, mid, want);
		ng = filter_run(f, t, sub, mid, got, 0, NULL);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, nw * sizeof *want);
		nw = ref_run(t, &filters[k], sub, 700, want);
		ng = filter_run(f, t, sub, 700, got, 0, NULL);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, nw * sizeof *want);
		filter_free(f);
	}
	check_sort(t, k1, 2, all, n);
	check_sort(t, k2, 3, all, n);
	check_sort(t, k3, 2, all, n);
	check_sort(t, k4, 1, all, n);
	check_sort(t, k5, 2, all, n);
	check_sort(t, k6, 4, all, n);
	check_sort(t, k7, 8, all, n);
	check_sort(t, k1, 2, sub, ns);
	check_sort(t, k6, 4, sub, 900);
	free(all);
	free(want);
	free(got);
	free(sub);
}

/* Lists of a few sizes and seeds, built directly and merged. */
static void
test_property(void **state)
{
	static const struct { uint64_t seed; size_t n; } lists[] = {
		{ 7, 3000 }, { 11, 20000 }, { 3, 70000 },
	};
	struct list	*l;
	struct table	*a, *b, *d, *p;
	size_t		 i, r, c;

	(void)state;
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		l = make_list(lists[i].seed, lists[i].n);
		a = build_direct(l);
		b = build_merged(l);
		d = build_shared(l);
		p = build_parts(l);
		check_cells(a, l);
		check_cells(b, l);
		check_cells(d, l);
		check_cells(p, l);
		for (r = 0; r < l->n; r++)
			for (c = 0; c < table_cols(a); c++) {
				assert_string_equal(table_cell(a, r, c, NULL),
				    table_cell(b, r, c, NULL));
				assert_string_equal(table_cell(a, r, c, NULL),
				    table_cell(d, r, c, NULL));
				assert_string_equal(table_cell(a, r, c, NULL),
				    table_cell(p, r, c, NULL));
				/* In two parts: the codes of one read. */
				assert_int_equal(table_cell_code(a, r, c),
				    table_cell_code(p, r, c));
			}
		check_table(a);
		if (l->n <= 20000) {
			/* (The largest: cells compared only.) */
			check_table(b);
			check_table(d);
			check_table(p);
		}
		table_free(a);
		table_free(b);
		table_free(d);
		table_free(p);
		free_list(l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_property),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
