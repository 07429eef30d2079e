/*
 * test_revise — the successive lists of a riding (revise.h): list 0's
 * line numbers, determinism, the rates of each change, the categories
 * against the data of list k-1 and list k, the numbering rules, the change
 * marks, the changes-only list and the facts.
 *
 * No elector id leaves the generator: a row of list k names its place on
 * list k-1 (old_section, old_line), and the tests check that place holds
 * the same person (every column the row does not claim changed is equal),
 * and that every elector of list k-1 is named by exactly one row of list k.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "listelec/gen.h"
#include "listelec/revise.h"
#include "listelec/xmalloc.h"

#define SEED	20261005
#define BIG	100000

/* Nom .. Code postal: column i is the bit REVISE_F_NOM << i. */
#define NCOL	8
#define C_NOM	0
#define C_PRE	1
#define C_SEXE	2
#define C_NAIS	3
#define C_ADR	4
#define C_APT	5
#define C_MUNI	6
#define C_POST	7
#define PERSON_F (REVISE_F_NOM | REVISE_F_PRENOM | REVISE_F_SEXE | \
	REVISE_F_NAISSANCE)
#define DWELLING_F (REVISE_F_ADRESSE | REVISE_F_APPARTEMENT | \
	REVISE_F_MUNICIPALITE | REVISE_F_POSTAL)

/* A row held. */
struct elec {
	size_t		 section;
	unsigned	 line;
	const char	*col[NCOL];
	char		*buf;
	int		 cat;
	unsigned	 detail;
	unsigned	 fields;
	size_t		 old_section;
	unsigned	 old_line;
	unsigned	 named;		/* list k-1: rows of list k naming it */
};

/* A list held, in stream order, and by place. */
struct list {
	struct elec	*v;
	size_t		 n, cap;
	struct elec	**place;	/* not struck off, by section, line */
	size_t		 nplace;
	size_t		 sections;
};

/* A sorted set of strings. */
struct keys {
	char	**v;
	size_t	 n, cap;
};

/* Order by section, line. */
static int
by_place(const void *a, const void *b)
{
	const struct elec *x = *(struct elec *const *)a;
	const struct elec *y = *(struct elec *const *)b;

	if (x->section != y->section)
		return (x->section < y->section ? -1 : 1);
	return (x->line < y->line ? -1 : x->line > y->line);
}

/* List k of the riding, with flags, into l. */
static void
load(struct list *l, uint64_t seed, size_t electors, int k, int flags)
{
	struct revise		*r = revise_new(seed, electors, k, flags);
	const struct revise_row	*w;
	struct elec		*e;
	const char		*src[NCOL];
	size_t			 len, i, off;

	memset(l, 0, sizeof *l);
	while ((w = revise_next(r)) != NULL) {
		if (l->n == l->cap) {
			l->cap = l->cap == 0 ? 1024 : l->cap * 2;
			l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
		}
		e = &l->v[l->n++];
		memset(e, 0, sizeof *e);
		e->section = w->e.section_no;
		e->line = w->e.line;
		e->cat = w->cat;
		e->detail = w->detail;
		e->fields = w->fields;
		e->old_section = w->old_section;
		e->old_line = w->old_line;
		assert_false(w->e.hors_quebec);
		assert_int_equal(strtoul(w->e.section, NULL, 10),
		    w->e.section_no);
		src[C_NOM] = w->e.nom;
		src[C_PRE] = w->e.prenom;
		src[C_SEXE] = w->e.sexe;
		src[C_NAIS] = w->e.naissance;
		src[C_ADR] = w->e.adresse;
		src[C_APT] = w->e.appartement;
		src[C_MUNI] = w->e.municipalite;
		src[C_POST] = w->e.code_postal;
		for (i = 0, len = 0; i < NCOL; i++)
			len += strlen(src[i]) + 1;
		e->buf = xmalloc(len);
		for (i = 0, off = 0; i < NCOL; i++) {
			len = strlen(src[i]) + 1;
			memcpy(e->buf + off, src[i], len);
			e->col[i] = e->buf + off;
			off += len;
		}
	}
	l->sections = revise_sections(r);
	revise_free(r);
	l->place = xreallocarray(NULL, l->n + 1, sizeof *l->place);
	for (i = 0; i < l->n; i++)
		if (l->v[i].cat != REVISE_STRUCK)
			l->place[l->nplace++] = &l->v[i];
	qsort(l->place, l->nplace, sizeof *l->place, by_place);
}

/* Free a list held. */
static void
unload(struct list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].buf);
	free(l->v);
	free(l->place);
	memset(l, 0, sizeof *l);
}

/* The row at section s, line n (struck off excluded), or NULL. */
static struct elec *
find(const struct list *l, size_t s, unsigned n)
{
	struct elec	 key, *kp = &key, **p;

	key.section = s;
	key.line = n;
	p = bsearch(&kp, l->place, l->nplace, sizeof *l->place, by_place);
	return (p == NULL ? NULL : *p);
}

/* The columns (bits REVISE_F_*) in which a and b differ; a number in
   another section is another No électeur. */
static unsigned
diff(const struct elec *a, const struct elec *b)
{
	unsigned m = 0;
	size_t	 i;

	if (a->section != b->section)
		m |= REVISE_F_SECTION | REVISE_F_LINE;
	if (a->line != b->line)
		m |= REVISE_F_LINE;
	for (i = 0; i < NCOL; i++)
		if (strcmp(a->col[i], b->col[i]) != 0)
			m |= REVISE_F_NOM << i;
	return (m);
}

/* The columns cols (REVISE_F_* bits) of e joined; with the section when
   sec.  Allocated. */
static char *
key_of(const struct elec *e, unsigned cols, int sec)
{
	char	*k = xasprintf("%zu", sec ? e->section : 0), *t;
	size_t	 i;

	for (i = 0; i < NCOL; i++) {
		if ((cols & (REVISE_F_NOM << i)) == 0)
			continue;
		t = xasprintf("%s\x1f%s", k, e->col[i]);
		free(k);
		k = t;
	}
	return (k);
}

/* Add k (owned) to the set. */
static void
keys_add(struct keys *s, char *k)
{
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 1024 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = k;
}

/* Order strings. */
static int
by_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Sort the set; the number of duplicates. */
static size_t
keys_sort(struct keys *s)
{
	size_t	 i, dups = 0;

	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, by_str);
	for (i = 1; i < s->n; i++)
		dups += strcmp(s->v[i - 1], s->v[i]) == 0;
	return (dups);
}

/* Whether the sorted set holds k (freed). */
static int
keys_has(const struct keys *s, char *k)
{
	int	 found;

	found = bsearch(&k, s->v, s->n, sizeof *s->v, by_str) != NULL;
	free(k);
	return (found);
}

/* Free the set. */
static void
keys_free(struct keys *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* No two rows of l (struck off excluded) alike in every column but No
   section and No électeur, nor two with the same section and line. */
static void
assert_distinct(const struct list *l)
{
	struct keys	 all = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; i < l->nplace; i++)
		keys_add(&all, key_of(l->place[i], ~0U, 0));
	assert_int_equal(keys_sort(&all), 0);
	keys_free(&all);
	for (i = 1; i < l->nplace; i++)
		assert_true(by_place(&l->place[i - 1], &l->place[i]) < 0);
	for (i = 0; i < l->nplace; i++) {
		assert_true(l->place[i]->line >= 1);
		assert_true(l->place[i]->section >= 1 &&
		    l->place[i]->section <= l->sections);
	}
	/* Sections in order in the stream. */
	for (i = 1; i < l->n; i++)
		assert_true(l->v[i - 1].section <= l->v[i].section);
}

/* List 0: gen's list; in every section the lines are 1..n; no two
   electors alike. */
static void
test_list0(void **state)
{
	struct list			 l;
	struct gen			*g = gen_new(SEED, BIG);
	struct revise			*r = revise_new(SEED, BIG, 0, 0);
	const struct gen_elector	*e;
	const struct revise_row		*w;
	char				 a[GEN_ROW_MAX], b[GEN_ROW_MAX];
	size_t				 la, lb, i, j, n = 0;

	(void)state;
	/* The same rows as gen's, every one marked unchanged. */
	while ((e = gen_next(g)) != NULL) {
		w = revise_next(r);
		assert_non_null(w);
		la = gen_csv_row(e, a);
		lb = revise_csv_row(w, 0, b);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		assert_int_equal(w->cat, REVISE_SAME);
		assert_int_equal(w->fields, 0);
		n++;
	}
	assert_null(revise_next(r));
	assert_int_equal(n, BIG);
	assert_int_equal(revise_sections(r), gen_sections(g));
	gen_free(g);
	revise_free(r);

	load(&l, SEED, BIG, 0, REVISE_ALL);
	assert_int_equal(l.n, BIG);
	assert_int_equal(l.nplace, BIG);
	assert_int_equal(l.sections, (BIG + 175) / 350);
	/* By place: each section's lines are exactly 1..n. */
	for (i = 0; i < l.nplace; i = j) {
		for (j = i; j < l.nplace &&
		    l.place[j]->section == l.place[i]->section; j++)
			assert_int_equal(l.place[j]->line, j - i + 1);
		if (i > 0)
			assert_int_equal(l.place[i]->section,
			    l.place[i - 1]->section + 1);
	}
	assert_int_equal(l.place[0]->section, 1);
	assert_int_equal(l.place[l.nplace - 1]->section, l.sections);
	assert_distinct(&l);
	unload(&l);
}

/* FNV-1a of n bytes into h. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return (h);
}

/* Hash of every row of list k (struck off too), its data and what the
   generator says of it; rows counted. */
static uint64_t
list_hash(uint64_t seed, size_t electors, int k, size_t *rows)
{
	struct revise		*r = revise_new(seed, electors, k, REVISE_ALL);
	const struct revise_row	*w;
	char			 buf[GEN_ROW_MAX];
	uint64_t		 h = 1469598103934665603ULL;
	size_t			 len;

	*rows = 0;
	while ((w = revise_next(r)) != NULL) {
		len = revise_csv_row(w, 1, buf);
		h = fnv(h, buf, len);
		len = (size_t)snprintf(buf, sizeof buf, "%d,%u,%u,%zu,%u",
		    (int)w->cat, w->detail, w->fields, w->old_section,
		    w->old_line);
		h = fnv(h, buf, len);
		(*rows)++;
	}
	revise_free(r);
	return (h);
}

/* Two lists k of one seed, made side by side (their memory apart), row
   by row: the same bytes, the same categories. */
static void
assert_same_rows(uint64_t seed, size_t electors, int k)
{
	struct revise		*r1 = revise_new(seed, electors, k, REVISE_ALL);
	struct revise		*r2 = revise_new(seed, electors, k, REVISE_ALL);
	const struct revise_row	*w1, *w2;
	char			 a[GEN_ROW_MAX], b[GEN_ROW_MAX];
	size_t			 la, lb;

	while ((w1 = revise_next(r1)) != NULL) {
		w2 = revise_next(r2);
		assert_non_null(w2);
		la = revise_csv_row(w1, 1, a);
		lb = revise_csv_row(w2, 1, b);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		assert_int_equal(w1->cat, w2->cat);
		assert_int_equal(w1->detail, w2->detail);
		assert_int_equal(w1->fields, w2->fields);
		assert_int_equal(w1->old_section, w2->old_section);
		assert_int_equal(w1->old_line, w2->old_line);
	}
	assert_null(revise_next(r2));
	revise_free(r1);
	revise_free(r2);
}

/* The same seed gives the same lists 0, 1 and 2; another seed others. */
static void
test_deterministic(void **state)
{
	uint64_t a, b, c;
	size_t	 ra, rb, rc;
	int	 k;

	(void)state;
	for (k = 0; k < REVISE_LISTS; k++) {
		a = list_hash(SEED, BIG, k, &ra);
		b = list_hash(SEED, BIG, k, &rb);
		c = list_hash(SEED + 1, BIG, k, &rc);
		assert_true(ra > BIG * 9 / 10);
		assert_int_equal(ra, rb);
		assert_true(a == b);
		assert_true(a != c);
		assert_same_rows(SEED, BIG, k);
	}
	/* The lists differ from one another. */
	assert_true(list_hash(SEED, BIG, 1, &ra) !=
	    list_hash(SEED, BIG, 2, &rb));
}

/* Whether x is within 30 % of the documented rate (per 100 000) of n. */
static int
near_rate(size_t x, size_t n, double per100k)
{
	double	 want = (double)n * per100k / 100000.0;

	return ((double)x >= want * 0.7 && (double)x <= want * 1.3);
}

/* The rates of revise.h: struck off 1 %, moved 2.5 % (half within the
   section), corrected 0.3 %, added 1.5 % of list k-1. */
static void
test_rates(void **state)
{
	struct list	 l;
	size_t		 n = BIG, i, count[REVISE_RENUMBERED + 1];
	size_t		 same = 0, other = 0, dead_old = 0, old = 0;
	size_t		 dead_young = 0, young = 0, kept;
	int		 k;

	(void)state;
	for (k = 1; k < REVISE_LISTS; k++) {
		load(&l, SEED, BIG, k, REVISE_ALL);
		memset(count, 0, sizeof count);
		same = other = 0;
		for (i = 0; i < l.n; i++) {
			count[l.v[i].cat]++;
			if (l.v[i].cat == REVISE_MOVED) {
				same += (l.v[i].detail &
				    REVISE_D_SAME_SECTION) != 0;
				other += (l.v[i].detail &
				    REVISE_D_OTHER_SECTION) != 0;
			}
			if (l.v[i].cat == REVISE_STRUCK) {
				/* Born before 1951: 75 or more. */
				if (strncmp(l.v[i].col[C_NAIS], "1951",
				    4) < 0) {
					old++;
					dead_old += (l.v[i].detail &
					    REVISE_D_DECEASED) != 0;
				} else if (strncmp(l.v[i].col[C_NAIS], "1966",
				    4) > 0) {
					young++;
					dead_young += (l.v[i].detail &
					    REVISE_D_DECEASED) != 0;
				}
			}
		}
		/* List k-1 is the rows not added. */
		assert_int_equal(l.n - count[REVISE_ADDED], n);
		assert_true(near_rate(count[REVISE_STRUCK], n, 1000));
		assert_true(near_rate(count[REVISE_MOVED], n, 2500));
		assert_true(near_rate(same, n, 1250));
		assert_true(near_rate(other, n, 1250));
		assert_int_equal(same + other, count[REVISE_MOVED]);
		assert_true(near_rate(count[REVISE_CORRECTED], n, 300));
		assert_true(near_rate(count[REVISE_ADDED], n, 1500));
		assert_true(count[REVISE_RENUMBERED] > 0);
		kept = l.nplace;
		assert_int_equal(kept, n - count[REVISE_STRUCK] +
		    count[REVISE_ADDED]);
		n = kept;
		unload(&l);
	}
	/* The old more often deceased. */
	assert_true(old > 0 && young > 0);
	assert_true(dead_old * young > 2 * dead_young * old);
}

/* The dwelling of e in its section, joined. */
static char *
dwelling_of(const struct elec *e)
{
	return (key_of(e, DWELLING_F, 1));
}

/* Whether e arrived in its section on list k. */
static int
arrival(const struct elec *e)
{
	return (e->cat == REVISE_ADDED || e->cat == REVISE_MOVED);
}

/* Per section of list k: what changed, and the numbers of list k-1. */
struct sec {
	size_t	 before;	/* electors on list k-1 */
	unsigned maxline;	/* highest line on list k-1 */
	size_t	 changes;	/* revise.h's: struck, moved, added */
	size_t	 corrected;
	int	 renumbered;	/* a row of it is marked renumbered */
	int	 ren;		/* its changes reach 9 % */
};

/* Each row of list k against list k-1: the category is what the data
   show; the fields bits are the columns that differ. */
static void
check_rows(struct list *prev, struct list *cur, struct sec *sec)
{
	struct keys	 kept = { NULL, 0, 0 }, before = { NULL, 0, 0 };
	struct keys	 now = { NULL, 0, 0 };
	struct elec	*e, *p;
	size_t		 i;
	unsigned	 m, nb;

	for (i = 0; i < prev->nplace; i++)
		keys_add(&before, key_of(prev->place[i], PERSON_F |
		    REVISE_F_ADRESSE | REVISE_F_APPARTEMENT, 0));
	keys_sort(&before);
	for (i = 0; i < cur->n; i++) {
		e = &cur->v[i];
		if (e->cat == REVISE_STRUCK)
			continue;
		keys_add(&now, key_of(e, PERSON_F | REVISE_F_ADRESSE |
		    REVISE_F_APPARTEMENT, 0));
		if (!arrival(e))
			keys_add(&kept, dwelling_of(e));
	}
	keys_sort(&now);
	keys_sort(&kept);

	for (i = 0; i < cur->n; i++) {
		e = &cur->v[i];
		if (e->cat == REVISE_ADDED) {
			/* A new person, in the dwelling of one kept. */
			assert_int_equal(e->old_section, 0);
			assert_int_equal(e->old_line, 0);
			assert_int_equal(e->detail, 0);
			assert_false(keys_has(&before, key_of(e, PERSON_F |
			    REVISE_F_ADRESSE | REVISE_F_APPARTEMENT, 0)));
			assert_true(keys_has(&kept, dwelling_of(e)));
			sec[e->section].changes++;
			continue;
		}
		if ((p = find(prev, e->old_section, e->old_line)) == NULL) {
			fail_msg("%zu,%u: not on list k-1", e->old_section,
			    e->old_line);
			return;
		}
		p->named++;
		m = diff(e, p);
		switch (e->cat) {
		case REVISE_STRUCK:
			/* As on list k-1, and gone from list k. */
			assert_int_equal(m, 0);
			assert_int_equal(e->fields, 0);
			assert_true(e->detail == REVISE_D_MOVED_OUT ||
			    e->detail == REVISE_D_DECEASED);
			assert_false(keys_has(&now, key_of(e, PERSON_F |
			    REVISE_F_ADRESSE | REVISE_F_APPARTEMENT, 0)));
			sec[e->old_section].changes++;
			break;
		case REVISE_SAME:
			assert_int_equal(m, 0);
			assert_int_equal(e->detail, 0);
			break;
		case REVISE_RENUMBERED:
			assert_int_equal(m, REVISE_F_LINE);
			assert_int_equal(e->detail, 0);
			break;
		case REVISE_MOVED:
			/* The same person, in another dwelling, joining a
			   household of the section. */
			assert_int_equal(m & PERSON_F, 0);
			assert_true(m & (REVISE_F_ADRESSE |
			    REVISE_F_APPARTEMENT));
			assert_true(keys_has(&kept, dwelling_of(e)));
			if (e->detail == REVISE_D_SAME_SECTION)
				assert_int_equal(e->section, e->old_section);
			else {
				assert_int_equal(e->detail,
				    REVISE_D_OTHER_SECTION);
				assert_true(e->section > e->old_section &&
				    e->section <= e->old_section + 4);
				sec[e->old_section].changes++;
			}
			sec[e->section].changes++;
			break;
		case REVISE_CORRECTED:
			/* The same person at the same place; only the
			   corrected column differs (and the line when the
			   section is renumbered). */
			assert_int_equal(m & (REVISE_F_SECTION | DWELLING_F),
			    0);
			assert_true(e->detail != 0 && (e->detail &
			    ~(REVISE_D_NAME | REVISE_D_BIRTH |
			    REVISE_D_SEX)) == 0);
			nb = (m & REVISE_F_NOM ? 1 : 0) +
			    (m & REVISE_F_PRENOM ? 1 : 0);
			assert_int_equal(nb, e->detail & REVISE_D_NAME ?
			    1 : 0);
			assert_int_equal(!!(m & REVISE_F_NAISSANCE),
			    !!(e->detail & REVISE_D_BIRTH));
			assert_int_equal(!!(m & REVISE_F_SEXE),
			    !!(e->detail & REVISE_D_SEX));
			sec[e->section].corrected++;
			break;
		default:
			fail_msg("category %d", e->cat);
		}
		assert_int_equal(e->fields, m);
	}
	/* Every elector of list k-1 is named by exactly one row. */
	for (i = 0; i < prev->nplace; i++)
		assert_int_equal(prev->place[i]->named, 1);
	keys_free(&before);
	keys_free(&now);
	keys_free(&kept);
}

/* The numbering rules of revise.h, section by section. */
static void
check_lines(struct list *prev, struct list *cur, struct sec *sec)
{
	struct elec	*e;
	size_t		 i, j, s, nren = 0, narr;
	unsigned	*lines, want;
	int		 ren;

	for (i = 0; i < prev->nplace; i++) {
		e = prev->place[i];
		sec[e->section].before++;
		if (e->line > sec[e->section].maxline)
			sec[e->section].maxline = e->line;
	}
	for (i = 0; i < cur->nplace; i++) {
		e = cur->place[i];
		if (e->cat == REVISE_RENUMBERED)
			sec[e->section].renumbered = 1;
	}
	lines = xreallocarray(NULL, cur->nplace + 1, sizeof *lines);
	for (i = 0; i < cur->nplace; i = j) {
		s = cur->place[i]->section;
		for (j = i; j < cur->nplace && cur->place[j]->section == s;
		    j++)
			;
		/* Changes reaching 9 % renumber the section. */
		ren = sec[s].changes * 100 >= 9 * sec[s].before;
		if (ren != sec[s].renumbered)
			fail_msg("section %zu: %zu changes (and %zu "
			    "corrections) of %zu, renumbered %d", s,
			    sec[s].changes, sec[s].corrected, sec[s].before,
			    sec[s].renumbered);
		sec[s].ren = ren;
		nren += ren;
		if (ren) {
			/* 1..n (cur->place is by line). */
			for (want = 1; want <= j - i; want++)
				assert_int_equal(cur->place[i + want - 1]->line,
				    want);
			continue;
		}
		/* Kept lines kept; the arrivals after the highest of list
		   k-1, without gaps. */
		narr = 0;
		for (want = 0; i + want < j; want++) {
			e = cur->place[i + want];
			if (arrival(e))
				lines[narr++] = e->line;
			else {
				assert_int_equal(e->cat == REVISE_RENUMBERED,
				    0);
				assert_int_equal(e->line, e->old_line);
				assert_true(e->line <= sec[s].maxline);
			}
		}
		for (want = 0; want < narr; want++)
			assert_int_equal(lines[want],
			    sec[s].maxline + 1 + want);
	}
	free(lines);
	assert_true(nren > 0 && nren * 4 < cur->sections);
}

/* Walking order: in every section the lines rise along the rows; when
   renumbered, an arrival comes right after its household, else the
   arrivals come after the electors kept. */
static void
check_walk(const struct list *cur, const struct sec *sec)
{
	const struct elec *e, *prev = NULL;
	size_t		 i;
	int		 arrived = 0;
	char		*a, *b;

	for (i = 0; i < cur->n; i++) {
		e = &cur->v[i];
		if (e->cat == REVISE_STRUCK)
			continue;
		if (prev == NULL || prev->section != e->section) {
			prev = NULL;
			arrived = 0;
		}
		if (prev != NULL)
			assert_true(e->line > prev->line);
		if (sec[e->section].ren && arrival(e)) {
			assert_non_null(prev);
			a = dwelling_of(e);
			b = dwelling_of(prev);
			assert_string_equal(a, b);
			free(a);
			free(b);
		} else if (!sec[e->section].ren) {
			if (arrival(e))
				arrived = 1;
			else
				assert_false(arrived);
		}
		prev = e;
	}
}

/* List k-1 against list k, for lists 1 and 2. */
static void
test_categories(void **state)
{
	struct list	 prev, cur;
	struct sec	*sec;
	int		 k;

	(void)state;
	for (k = 1; k < REVISE_LISTS; k++) {
		load(&prev, SEED, BIG, k - 1, 0);
		load(&cur, SEED, BIG, k, REVISE_ALL);
		assert_int_equal(prev.sections, cur.sections);
		sec = xcalloc(cur.sections + 1, sizeof *sec);
		check_rows(&prev, &cur, sec);
		check_lines(&prev, &cur, sec);
		check_walk(&cur, sec);
		free(sec);
		unload(&prev);
		unload(&cur);
	}
}

/* Lists 1 and 2 at several sizes: no two rows at one place, no two
   electors alike. */
static void
test_places(void **state)
{
	static const size_t sizes[] = { 10, 1000, BIG };
	struct list	 l;
	size_t		 i;
	int		 k;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		for (k = 1; k < REVISE_LISTS; k++) {
			load(&l, SEED + i, sizes[i], k, 0);
			assert_true(l.n > 0);
			assert_distinct(&l);
			unload(&l);
		}
}

/* The marks of revise.h, Windows-1252, by category. */
static const char *const mark_cp1252[] = { "", "Ajout", "Radiation",
    "D\xe9m\xe9nagement", "Correction", "" };
static const char *const mark_utf8[] = { "", "Ajout", "Radiation",
    "Déménagement", "Correction", "" };

/* Whether the category is in the changes-only list. */
static int
is_change(int cat)
{
	return (cat == REVISE_ADDED || cat == REVISE_STRUCK ||
	    cat == REVISE_MOVED || cat == REVISE_CORRECTED);
}

/* The fact line expected of a row (the columns of the facts: category,
   detail, old_section, old_line, new_section, new_line, fields).
   Allocated. */
static char *
fact_of(const struct revise_row *w)
{
	static const char *const cats[] = { "", "added", "struck-off",
	    "moved", "corrected", "renumbered" };
	static const char *const cols[] = { "No section", "No électeur",
	    "Nom", "Prénom", "Sexe", "Date de naissance", "Adresse",
	    "Appartement", "Municipalité", "Code postal" };
	char		 det[64] = "", fields[512] = "", old[64] = ",";
	int		 width = (int)strlen(w->e.section);
	size_t		 i;

	if (w->detail == REVISE_D_SAME_SECTION)
		snprintf(det, sizeof det, "same-section");
	else if (w->detail == REVISE_D_OTHER_SECTION)
		snprintf(det, sizeof det, "other-section");
	else if (w->detail == REVISE_D_MOVED_OUT)
		snprintf(det, sizeof det, "moved-out");
	else if (w->detail == REVISE_D_DECEASED)
		snprintf(det, sizeof det, "deceased");
	else
		snprintf(det, sizeof det, "%s%s%s%s%s",
		    w->detail & REVISE_D_NAME ? "name" : "",
		    (w->detail & REVISE_D_NAME) &&
		    (w->detail & (REVISE_D_BIRTH | REVISE_D_SEX)) ? "+" : "",
		    w->detail & REVISE_D_BIRTH ? "birth" : "",
		    (w->detail & REVISE_D_BIRTH) &&
		    (w->detail & REVISE_D_SEX) ? "+" : "",
		    w->detail & REVISE_D_SEX ? "sex" : "");
	if (w->cat == REVISE_STRUCK)
		return (xasprintf("struck-off,%s,%0*zu,%u,,,", det, width,
		    w->old_section, w->old_line));
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (w->fields & (1U << i)) {
			if (fields[0] != '\0')
				strncat(fields, "|", sizeof fields -
				    strlen(fields) - 1);
			strncat(fields, cols[i], sizeof fields -
			    strlen(fields) - 1);
		}
	if (w->old_section != 0)
		snprintf(old, sizeof old, "%0*zu,%u", width, w->old_section,
		    w->old_line);
	return (xasprintf("%s,%s,%s,%s,%u,%s", cats[w->cat], det, old,
	    w->e.section, w->e.line, fields));
}

/* The facts of list k, one string a line (header first). */
static void
read_facts(uint64_t seed, size_t electors, int k, struct keys *lines,
    long *count)
{
	char	*buf = NULL, *p, *nl;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	assert_non_null(f);
	*count = revise_facts(seed, electors, k, f);
	assert_int_equal(fclose(f), 0);
	memset(lines, 0, sizeof *lines);
	for (p = buf; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		keys_add(lines, xstrndup(p, (size_t)(nl - p)));
	assert_int_equal(*p, '\0');
	free(buf);
}

/* The Modification column is each row's category; the changes-only list
   is the changed rows, the facts say every change. */
static void
test_marks(void **state)
{
	struct revise		*all, *ch, *def;
	const struct revise_row	*w, *wc, *wd;
	struct keys		 facts, want = { NULL, 0, 0 };
	char			 a[GEN_ROW_MAX], b[GEN_ROW_MAX], *fl;
	char			 c[GEN_ROW_MAX];
	size_t			 la, lb, lc, i, nch, nren;
	long			 count;
	int			 k;
	FILE			*full;

	(void)state;
	la = gen_csv_header(a);
	lb = revise_csv_header(b, 0);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	lb = revise_csv_header(b, 1);
	memcpy(a + la - 2, "Modification;\r\n", 15);
	assert_int_equal(lb, la - 2 + 15);
	assert_memory_equal(a, b, lb);

	for (k = 0; k < REVISE_LISTS; k++) {
		all = revise_new(SEED, BIG, k, REVISE_ALL);
		ch = revise_new(SEED, BIG, k, REVISE_CHANGES_ONLY);
		def = revise_new(SEED, BIG, k, 0);
		nch = 0;
		while ((w = revise_next(all)) != NULL) {
			assert_true(k > 0 || w->cat == REVISE_SAME);
			/* The mark, last column, of the row's category. */
			assert_string_equal(revise_mark(w),
			    mark_utf8[w->cat]);
			la = revise_csv_row(w, 0, a);
			lb = revise_csv_row(w, 1, b);
			lc = strlen(mark_cp1252[w->cat]);
			assert_int_equal(lb, la + lc + 1);
			assert_memory_equal(a, b, la - 2);
			assert_memory_equal(b + la - 2, mark_cp1252[w->cat],
			    lc);
			assert_memory_equal(b + lb - 3, ";\r\n", 3);
			if (k > 0 && w->cat != REVISE_SAME)
				keys_add(&want, fact_of(w));
			/* The default list: every row but the struck. */
			if (w->cat != REVISE_STRUCK) {
				wd = revise_next(def);
				assert_non_null(wd);
				lc = revise_csv_row(wd, 1, c);
				assert_int_equal(lc, lb);
				assert_memory_equal(b, c, lb);
			}
			if (!is_change(w->cat))
				continue;
			/* The changes only: the same rows, in order. */
			nch++;
			wc = revise_next(ch);
			assert_non_null(wc);
			lc = revise_csv_row(wc, 1, c);
			assert_int_equal(lc, lb);
			assert_memory_equal(b, c, lb);
			assert_int_equal(wc->cat, w->cat);
			assert_int_equal(wc->fields, w->fields);
			assert_int_equal(wc->old_section, w->old_section);
			assert_int_equal(wc->old_line, w->old_line);
		}
		assert_null(revise_next(ch));
		assert_null(revise_next(def));
		assert_true(k == 0 ? nch == 0 : nch > BIG / 50);
		revise_free(all);
		revise_free(ch);
		revise_free(def);

		/* The facts: the header, then a line a change. */
		read_facts(SEED, BIG, k, &facts, &count);
		assert_true(facts.n >= 1);
		assert_string_equal(facts.v[0], "category,detail,"
		    "old_section,old_line,new_section,new_line,fields");
		assert_int_equal(count, (long)facts.n - 1);
		assert_int_equal(facts.n - 1, want.n);
		free(facts.v[0]);
		facts.v[0] = facts.v[--facts.n];
		keys_sort(&facts);
		keys_sort(&want);
		for (i = 0, nren = 0; i < want.n; i++) {
			assert_string_equal(facts.v[i], want.v[i]);
			nren += strncmp(want.v[i], "renumbered,", 11) == 0;
		}
		assert_int_equal(want.n - nren, nch);
		/* Each changed row of the changes-only list is a fact. */
		ch = revise_new(SEED, BIG, k, REVISE_CHANGES_ONLY);
		while ((w = revise_next(ch)) != NULL) {
			fl = fact_of(w);
			assert_true(keys_has(&facts, fl));
		}
		revise_free(ch);
		keys_free(&facts);
		keys_free(&want);
	}

	/* A write error is told. */
	full = fopen("/dev/full", "w");
	assert_non_null(full);
	assert_int_equal(revise_facts(SEED, 1000, 1, full), -1);
	fclose(full);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list0),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_marks),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
