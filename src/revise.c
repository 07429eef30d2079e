/*
 * revise — successive lists of one riding (see revise.h).  A pipeline of
 * stages: stage 0 turns gen's electors into items, stage k reads the rows
 * of stage k-1 one section at a time, applies revision k to the section
 * and hands out its rows, the struck-off ones last (as they were).  The
 * only other memory is the movers bound for a later section.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/gen.h"
#include "listelec/revise.h"
#include "listelec/xmalloc.h"

/* Rates, per 100 000 electors of list k-1 (additions: per 10 000 kept). */
#define R_STRUCK	1000
#define R_MOVED		2500
#define R_CORRECTED	300
#define R_ADDED		155
#define RENUMBER_PCT	9	/* changes that renumber a section */
#define MOVE_SPAN	4	/* other-section moves: the next 4 */

struct item {
	uint64_t	 id;
	uint64_t	 walk;		/* walking order within the section */
	size_t		 section;
	size_t		 old_section;
	size_t		 dest;		/* movers: the section bound for */
	unsigned	 line;
	unsigned	 old_line;
	unsigned	 cat;
	unsigned	 detail;
	unsigned	 fields;
	const char	*muni;
	char		 sexe[2];
	char		 naissance[11];
	char		 postal[16];
	char		 apt[16];
	char		 nom[96];
	char		 prenom[64];
	char		 adresse[160];
};

struct vec {
	struct item	*v;
	size_t		 n, cap;
};

struct stage {
	int		 k;
	uint64_t	 seed;
	struct stage	*up;
	struct gen	*g;		/* stage 0: the list */
	struct gen	*persons;	/* stage k: draws the additions */
	uint64_t	 index;		/* stage 0: electors so far */
	size_t		 nsections;

	struct item	 one;		/* stage 0's row */
	struct item	 look;		/* the next row of the stage above */
	int		 have_look;
	int		 done;

	struct vec	 cur;		/* the section read */
	struct vec	 keep;		/* its electors kept */
	struct vec	 ins;		/* electors arriving */
	struct vec	 movers;	/* moving within the section */
	struct vec	 gone;		/* struck off */
	struct vec	 pend;		/* moving to a later section */
	struct vec	 out;		/* the section's rows to hand out */
	size_t		 iout;
	size_t		*adds;		/* kept electors hosting an addition */
	uint64_t	*addh;
	size_t		 nadds, capadds;
};

struct revise {
	struct stage	*st[REVISE_LISTS];
	struct stage	*top;
	int		 flags;
	int		 width;
	char		 section[24];
	struct revise_row row;
};

/* A 64-bit mix (splitmix64's finalizer). */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* The fate hash of an elector in revision k; salt tells uses apart. */
static uint64_t
fate(const struct stage *st, uint64_t id, uint64_t salt)
{
	return (mix64(mix64(st->seed + 0x9e3779b97f4a7c15ULL * (uint64_t)st->k)
	    ^ mix64(id * 0xd6e8feb86659fd93ULL + salt)));
}

/* Copy a string into a fixed buffer, cut if need be. */
static void
copy(char *dst, size_t room, const char *src)
{
	size_t	 n = strlen(src);

	if (n >= room)
		n = room - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Append a copy of it to v; the copy. */
static struct item *
push(struct vec *v, const struct item *it)
{
	if (v->n == v->cap) {
		v->cap = v->cap == 0 ? 64 : v->cap * 2;
		v->v = xreallocarray(v->v, v->cap, sizeof *v->v);
	}
	v->v[v->n] = *it;
	return (&v->v[v->n++]);
}

/* Same dwelling. */
static int
same_dwelling(const struct item *a, const struct item *b)
{
	return (strcmp(a->adresse, b->adresse) == 0 &&
	    strcmp(a->apt, b->apt) == 0);
}

/* Same person at the same dwelling (what no two rows may share). */
static int
same_key(const struct item *a, const struct item *b)
{
	return (same_dwelling(a, b) && strcmp(a->nom, b->nom) == 0 &&
	    strcmp(a->prenom, b->prenom) == 0 &&
	    strcmp(a->naissance, b->naissance) == 0);
}

/* Whether it would duplicate a row of keep or ins other than itself. */
static int
duplicate(const struct stage *st, const struct item *it)
{
	size_t	 i;

	for (i = 0; i < st->keep.n; i++)
		if (&st->keep.v[i] != it && same_key(&st->keep.v[i], it))
			return (1);
	for (i = 0; i < st->ins.n; i++)
		if (&st->ins.v[i] != it && same_key(&st->ins.v[i], it))
			return (1);
	return (0);
}

/* The walking key after the last elector of a dwelling. */
static uint64_t
walk_after(const struct stage *st, const struct item *dw)
{
	uint64_t w = dw->walk;
	size_t	 i;

	for (i = 0; i < st->keep.n; i++)
		if (same_dwelling(&st->keep.v[i], dw) && st->keep.v[i].walk > w)
			w = st->keep.v[i].walk;
	for (i = 0; i < st->ins.n; i++)
		if (same_dwelling(&st->ins.v[i], dw) && st->ins.v[i].walk > w)
			w = st->ins.v[i].walk;
	return (w + 1);
}

/* Stage 0: gen's next elector as an item. */
static const struct item *
stage0_next(struct stage *st)
{
	const struct gen_elector *e = gen_next(st->g);
	struct item		*it = &st->one;

	if (e == NULL)
		return (NULL);
	it->id = st->index++;
	it->walk = st->index << 16;
	it->section = it->old_section = e->section_no;
	it->line = it->old_line = e->line;
	it->cat = REVISE_SAME;
	it->detail = it->fields = 0;
	it->muni = e->municipalite;
	copy(it->sexe, sizeof it->sexe, e->sexe);
	copy(it->naissance, sizeof it->naissance, e->naissance);
	copy(it->postal, sizeof it->postal, e->code_postal);
	copy(it->apt, sizeof it->apt, e->appartement);
	copy(it->nom, sizeof it->nom, e->nom);
	copy(it->prenom, sizeof it->prenom, e->prenom);
	copy(it->adresse, sizeof it->adresse, e->adresse);
	return (it);
}

static const struct item *stage_next(struct stage *);

/* The next row of list k-1 into st->look (struck-off rows skipped). */
static void
pull(struct stage *st)
{
	const struct item *it;

	st->have_look = 0;
	while ((it = stage_next(st->up)) != NULL &&
	    it->cat == REVISE_STRUCK)
		;
	if (it == NULL)
		return;
	st->look = *it;
	st->look.old_section = it->section;
	st->look.old_line = it->line;
	st->look.cat = REVISE_SAME;
	st->look.detail = st->look.fields = 0;
	st->have_look = 1;
}

/* Latin-1 letters (U+00C0..U+00FF) without their accent; '?' for none. */
static const char unaccent[] =
    "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";

/* A spelling correction of s (room n): an accent dropped, or one added,
   or a vowel changed, or a letter added. */
static void
respell(char *s, size_t n)
{
	static const char from[] = "aiouy", to[] = "eyaoi";
	size_t	 len = strlen(s), i;
	const char *p;

	for (i = 0; i + 1 < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char d = (unsigned char)s[i + 1];

		if (c == 0xc3 && d >= 0x80 && d <= 0xbf &&
		    unaccent[d - 0x80] != '?') {
			s[i] = unaccent[d - 0x80];
			memmove(s + i + 1, s + i + 2, len - i - 1);
			return;
		}
	}
	for (i = 1; i < len; i++)
		if (s[i] == 'e' && len + 2 < n) {
			memmove(s + i + 2, s + i + 1, len - i);
			s[i] = (char)0xc3;
			s[i + 1] = (char)0xa9;
			return;
		}
	for (i = 1; i < len; i++)
		if ((p = strchr(from, s[i])) != NULL) {
			s[i] = to[p - from];
			return;
		}
	if (len + 1 < n) {
		s[len] = 'e';
		s[len + 1] = '\0';
	}
}

/* A date of birth corrected: day and month swapped, or a day or three
   earlier. */
static void
rebirth(char *d, uint64_t u)
{
	unsigned y, m, j, t;

	if (sscanf(d, "%4u-%2u-%2u", &y, &m, &j) != 3)
		return;
	if (j <= 12 && j != m && (j <= 3 || (u & 1) == 0)) {
		t = m;
		m = j;
		j = t;
	} else if (j > 3)
		j -= 1 + (unsigned)((u >> 1) % 3);
	else
		j += 1 + (unsigned)((u >> 1) % 3);
	snprintf(d, 11, "%04u-%02u-%02u", y % 10000, m % 100, j % 100);
}

/* Correct it as u says; undone if it would duplicate a row. */
static void
correct(struct stage *st, struct item *it, uint64_t u)
{
	struct item	 was = *it;
	unsigned	 kind = (unsigned)((u >> 40) % 10);

	if (kind <= 4 || kind == 9) {
		if ((u >> 44) & 1) {
			respell(it->nom, sizeof it->nom);
			it->fields |= REVISE_F_NOM;
		} else {
			respell(it->prenom, sizeof it->prenom);
			it->fields |= REVISE_F_PRENOM;
		}
		it->detail |= REVISE_D_NAME;
	}
	if (kind >= 5 && kind <= 7) {
		rebirth(it->naissance, u >> 48);
		it->fields |= REVISE_F_NAISSANCE;
		it->detail |= REVISE_D_BIRTH;
	}
	if (kind >= 8) {
		it->sexe[0] = it->sexe[0] == 'F' ? 'M' : 'F';
		it->fields |= REVISE_F_SEXE;
		it->detail |= REVISE_D_SEX;
	}
	it->cat = REVISE_CORRECTED;
	if (duplicate(st, it))
		*it = was;
}

/* Move m into the dwelling of dw in section s. */
static void
move_into(struct stage *st, struct item *m, const struct item *dw, size_t s)
{
	m->fields = 0;
	if (s != m->old_section)
		m->fields |= REVISE_F_SECTION;
	if (strcmp(m->adresse, dw->adresse) != 0)
		m->fields |= REVISE_F_ADRESSE;
	if (strcmp(m->apt, dw->apt) != 0)
		m->fields |= REVISE_F_APPARTEMENT;
	if (strcmp(m->muni, dw->muni) != 0)
		m->fields |= REVISE_F_MUNICIPALITE;
	if (strcmp(m->postal, dw->postal) != 0)
		m->fields |= REVISE_F_POSTAL;
	copy(m->adresse, sizeof m->adresse, dw->adresse);
	copy(m->apt, sizeof m->apt, dw->apt);
	copy(m->postal, sizeof m->postal, dw->postal);
	m->muni = dw->muni;
	m->walk = walk_after(st, dw);
	m->section = s;
	m->cat = REVISE_MOVED;
	m->detail = s == m->old_section ? REVISE_D_SAME_SECTION :
	    REVISE_D_OTHER_SECTION;
}

/* Land a mover in a dwelling of section s other than its own, not where
   it would duplicate a row; 0, or -1 when there is none. */
static int
land(struct stage *st, const struct item *m, size_t s)
{
	struct item	 c;
	size_t		 i, t, n = st->keep.n;

	if (n == 0)
		return (-1);
	t = (size_t)(fate(st, m->id, 0x1a4d) % n);
	for (i = 0; i < n; i++) {
		const struct item *dw = &st->keep.v[(t + i) % n];

		if (same_dwelling(dw, m))
			continue;
		c = *m;
		copy(c.adresse, sizeof c.adresse, dw->adresse);
		copy(c.apt, sizeof c.apt, dw->apt);
		if (duplicate(st, &c))
			continue;
		c = *m;
		move_into(st, &c, dw, s);
		push(&st->ins, &c);
		return (0);
	}
	return (-1);
}

/* A new elector in the dwelling of host, drawn from h. */
static void
add(struct stage *st, const struct item *host, uint64_t h)
{
	struct gen_person p;
	struct item	  a;
	int		  tries;

	memset(&a, 0, sizeof a);
	a.id = h | (1ULL << 63);
	a.section = host->section;
	a.cat = REVISE_ADDED;
	a.muni = host->muni;
	copy(a.adresse, sizeof a.adresse, host->adresse);
	copy(a.apt, sizeof a.apt, host->apt);
	copy(a.postal, sizeof a.postal, host->postal);
	for (tries = 0; tries < 8; tries++) {
		/* Most just turned 18 and have the household's surname. */
		int young = (h >> 20) % 10 < 6;

		gen_person(st->persons, h + (uint64_t)tries, young,
		    young ? host->nom : NULL, &p);
		copy(a.nom, sizeof a.nom, p.nom);
		copy(a.prenom, sizeof a.prenom, p.prenom);
		copy(a.sexe, sizeof a.sexe, p.sexe);
		copy(a.naissance, sizeof a.naissance, p.naissance);
		if (!duplicate(st, &a))
			break;
	}
	if (tries == 8)
		return;
	a.walk = walk_after(st, host);
	push(&st->ins, &a);
}

/* Order by walking key. */
static int
by_walk(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->walk != y->walk)
		return (x->walk < y->walk ? -1 : 1);
	return (x->id < y->id ? -1 : x->id > y->id);
}

/* Age on GEN_REF_DATE of an AAAA-MM-JJ date. */
static int
age_of(const char *d)
{
	unsigned y = 0, m = 0, j = 0;

	if (sscanf(d, "%4u-%2u-%2u", &y, &m, &j) != 3)
		return (50);
	return (2026 - (int)y - (m > 10 || (m == 10 && j > 5)));
}

/* Read section and revise it into st->out. */
static void
revise_section(struct stage *st)
{
	struct item	*it;
	size_t		 s, i, j, changes = 0, maxline = 0;
	uint64_t	 u, a;
	int		 last, renumber, age, pct;

	st->out.n = st->keep.n = st->ins.n = st->movers.n = st->gone.n = 0;
	st->cur.n = st->nadds = 0;
	st->iout = 0;
	if (!st->have_look && st->pend.n == 0) {
		st->done = 1;
		return;
	}
	s = st->have_look ? st->look.section : st->pend.v[0].dest;
	while (st->have_look && st->look.section == s) {
		push(&st->cur, &st->look);
		pull(st);
	}
	last = !st->have_look;

	/* The fates of the section's electors. */
	for (i = 0; i < st->cur.n; i++) {
		it = &st->cur.v[i];
		if (it->line > maxline)
			maxline = it->line;
		u = fate(st, it->id, 0);
		if (u % 100000 < R_STRUCK) {
			age = age_of(it->naissance);
			pct = age >= 75 ? 60 : age >= 60 ? 25 : 5;
			it->cat = REVISE_STRUCK;
			it->detail = (u >> 24) % 100 < (uint64_t)pct ?
			    REVISE_D_DECEASED : REVISE_D_MOVED_OUT;
			it->fields = 0;
			push(&st->gone, it);
			changes++;
			continue;
		}
		if (u % 100000 < R_STRUCK + R_MOVED) {
			it->dest = s;
			if ((u >> 32) & 1)
				it->dest = s + 1 + (size_t)((u >> 33) %
				    MOVE_SPAN);
			if (it->dest > st->nsections)
				it->dest = s;
			push(it->dest == s ? &st->movers : &st->pend, it);
			changes++;
			continue;
		}
		it = push(&st->keep, it);
		if (u % 100000 < R_STRUCK + R_MOVED + R_CORRECTED)
			it->cat = REVISE_CORRECTED;	/* done below */
		a = fate(st, it->id, 0xadd);
		if (a % 10000 < R_ADDED) {
			if (st->nadds == st->capadds) {
				st->capadds = st->capadds == 0 ? 16 :
				    st->capadds * 2;
				st->adds = xreallocarray(st->adds,
				    st->capadds, sizeof *st->adds);
				st->addh = xreallocarray(st->addh,
				    st->capadds, sizeof *st->addh);
			}
			st->adds[st->nadds] = st->keep.n - 1;
			st->addh[st->nadds++] = a;
		}
	}
	for (i = 0; i < st->keep.n; i++) {
		it = &st->keep.v[i];
		if (it->cat == REVISE_CORRECTED) {
			it->cat = REVISE_SAME;
			/* Not a change of the numbering (revise.h). */
			correct(st, it, fate(st, it->id, 0));
		}
	}

	/* The electors arriving: from earlier sections, from this one,
	   and the new ones. */
	for (i = 0, j = 0; i < st->pend.n; i++) {
		it = &st->pend.v[i];
		if (it->dest <= s || last) {
			if (land(st, it, s) == 0) {
				changes++;
				continue;
			}
			if (!last) {
				it->dest = s + 1;	/* nowhere here */
				st->pend.v[j++] = *it;
				continue;
			}
			/* Nowhere at all (a tiny list): the address kept. */
			it->section = s;
			it->fields = REVISE_F_SECTION;
			it->walk = UINT64_MAX - (uint64_t)i;
			push(&st->ins, it);
			changes++;
		} else
			st->pend.v[j++] = *it;
	}
	st->pend.n = j;
	for (i = 0; i < st->movers.n; i++) {
		if (land(st, &st->movers.v[i], s) != 0) {
			/* Nowhere to go: stays (no change). */
			it = push(&st->keep, &st->movers.v[i]);
			it->cat = REVISE_SAME;
			changes--;
		}
	}
	j = st->ins.n;
	for (i = 0; i < st->nadds; i++)
		add(st, &st->keep.v[st->adds[i]], st->addh[i]);
	changes += st->ins.n - j;

	/* Lines: kept, the arrivals after the highest; or all renumbered
	   in walking order. */
	renumber = st->cur.n > 0 && changes * 100 >= RENUMBER_PCT * st->cur.n;
	if (st->ins.n > 1)
		qsort(st->ins.v, st->ins.n, sizeof *st->ins.v, by_walk);
	for (i = 0; i < st->keep.n; i++)
		push(&st->out, &st->keep.v[i]);
	for (i = 0; i < st->ins.n; i++) {
		it = push(&st->out, &st->ins.v[i]);
		it->line = (unsigned)(maxline + 1 + i);
	}
	if (renumber) {
		if (st->out.n > 1)
			qsort(st->out.v, st->out.n, sizeof *st->out.v,
			    by_walk);
		for (i = 0; i < st->out.n; i++)
			st->out.v[i].line = (unsigned)(i + 1);
	}
	for (i = 0; i < st->out.n; i++) {
		it = &st->out.v[i];
		it->section = s;
		if (it->cat == REVISE_ADDED)
			continue;
		if (it->line != it->old_line || s != it->old_section)
			it->fields |= REVISE_F_LINE;
		if (it->cat == REVISE_MOVED && (it->fields &
		    (REVISE_F_ADRESSE | REVISE_F_APPARTEMENT)) == 0)
			it->cat = REVISE_SAME, it->detail = 0;
		if (it->cat == REVISE_SAME && it->fields != 0)
			it->cat = REVISE_RENUMBERED;
	}
	for (i = 0; i < st->gone.n; i++)
		push(&st->out, &st->gone.v[i]);
}

/* The next row of the stage's list (struck-off ones included). */
static const struct item *
stage_next(struct stage *st)
{
	if (st->k == 0)
		return (stage0_next(st));
	while (st->iout == st->out.n) {
		if (st->done)
			return (NULL);
		revise_section(st);
	}
	return (&st->out.v[st->iout++]);
}

/* Free a stage. */
static void
stage_free(struct stage *st)
{
	if (st == NULL)
		return;
	gen_free(st->g);
	gen_free(st->persons);
	free(st->cur.v);
	free(st->keep.v);
	free(st->ins.v);
	free(st->movers.v);
	free(st->gone.v);
	free(st->pend.v);
	free(st->out.v);
	free(st->adds);
	free(st->addh);
	free(st);
}

/* The list. */
struct revise *
revise_new(uint64_t seed, size_t electors, int list, int flags)
{
	struct revise	*r = xcalloc(1, sizeof *r);
	struct stage	*st;
	size_t		 n;
	int		 k;

	if (list < 0)
		list = 0;
	if (list >= REVISE_LISTS)
		list = REVISE_LISTS - 1;
	for (k = 0; k <= list; k++) {
		st = xcalloc(1, sizeof *st);
		st->k = k;
		st->seed = seed;
		if (k == 0) {
			st->g = gen_new(seed, electors);
			st->nsections = gen_sections(st->g);
		} else {
			st->up = r->st[k - 1];
			st->nsections = st->up->nsections;
			st->persons = gen_new(seed ^ (uint64_t)k, 1);
			pull(st);
		}
		r->st[k] = st;
	}
	r->top = r->st[list];
	r->flags = flags;
	r->width = 3;
	for (n = r->top->nsections; n > 999; n /= 10)
		r->width++;
	return (r);
}

/* The next row. */
const struct revise_row *
revise_next(struct revise *r)
{
	const struct item	*it;
	struct revise_row	*w = &r->row;
	struct gen_elector	*e = &w->e;

	for (;;) {
		if ((it = stage_next(r->top)) == NULL)
			return (NULL);
		if (r->flags & REVISE_ALL)
			break;
		if (r->flags & REVISE_CHANGES_ONLY) {
			if (it->cat != REVISE_SAME &&
			    it->cat != REVISE_RENUMBERED)
				break;
		} else if (it->cat != REVISE_STRUCK)
			break;
	}
	memset(w, 0, sizeof *w);
	snprintf(r->section, sizeof r->section, "%0*zu", r->width,
	    it->section);
	e->section = r->section;
	e->section_no = it->section;
	e->line = it->line;
	e->nom = it->nom;
	e->prenom = it->prenom;
	e->sexe = it->sexe;
	e->naissance = it->naissance;
	e->adresse = it->adresse;
	e->appartement = it->apt;
	e->municipalite = it->muni;
	e->code_postal = it->postal;
	e->province_pays = "Québec";
	w->cat = r->top->k == 0 ? REVISE_SAME : (enum revise_cat)it->cat;
	w->detail = it->detail;
	w->fields = it->fields;
	if (it->cat != REVISE_ADDED) {
		w->old_section = it->old_section;
		w->old_line = it->old_line;
	}
	return (w);
}

/* Polling divisions. */
size_t
revise_sections(const struct revise *r)
{
	return (r->top->nsections);
}

/* Free; NULL is fine. */
void
revise_free(struct revise *r)
{
	int	 k;

	if (r == NULL)
		return;
	for (k = 0; k < REVISE_LISTS; k++)
		stage_free(r->st[k]);
	free(r);
}

/* The change mark. */
const char *
revise_mark(const struct revise_row *w)
{
	switch (w->cat) {
	case REVISE_ADDED:
		return ("Ajout");
	case REVISE_STRUCK:
		return ("Radiation");
	case REVISE_MOVED:
		return ("Déménagement");
	case REVISE_CORRECTED:
		return ("Correction");
	default:
		return ("");
	}
}

/* The header, with Modification when marks. */
size_t
revise_csv_header(char *buf, int marks)
{
	size_t	 n = gen_csv_header(buf);

	if (!marks)
		return (n);
	n -= 2;
	n += gen_to_cp1252("Modification;\r\n", buf + n, GEN_ROW_MAX - n);
	return (n);
}

/* A row, with its mark when marks. */
size_t
revise_csv_row(const struct revise_row *w, int marks, char *buf)
{
	size_t	 n = gen_csv_row(&w->e, buf);

	if (!marks)
		return (n);
	n -= 2;
	n += gen_to_cp1252(revise_mark(w), buf + n, GEN_ROW_MAX - 3 - n);
	buf[n++] = ';';
	buf[n++] = '\r';
	buf[n++] = '\n';
	return (n);
}

/* Header names of the fields. */
void
revise_fields_str(unsigned fields, char *buf, size_t n)
{
	static const char *const names[] = { "No section", "No électeur",
	    "Nom", "Prénom", "Sexe", "Date de naissance", "Adresse",
	    "Appartement", "Municipalité", "Code postal" };
	size_t	 i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if ((fields & (1U << i)) == 0)
			continue;
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0,
		    "%s%s", len > 0 ? "|" : "", names[i]);
		if (len >= n) {
			buf[n - 1] = '\0';
			return;
		}
	}
}

/* The detail word(s) of a row. */
static void
detail_str(const struct revise_row *w, char *buf, size_t n)
{
	size_t	 len = 0;

	buf[0] = '\0';
	if (w->detail & REVISE_D_SAME_SECTION)
		snprintf(buf, n, "same-section");
	else if (w->detail & REVISE_D_OTHER_SECTION)
		snprintf(buf, n, "other-section");
	else if (w->detail & REVISE_D_MOVED_OUT)
		snprintf(buf, n, "moved-out");
	else if (w->detail & REVISE_D_DECEASED)
		snprintf(buf, n, "deceased");
	else {
		if (w->detail & REVISE_D_NAME)
			len += (size_t)snprintf(buf + len, n - len, "name");
		if ((w->detail & REVISE_D_BIRTH) && len < n)
			len += (size_t)snprintf(buf + len, n - len, "%sbirth",
			    len > 0 ? "+" : "");
		if ((w->detail & REVISE_D_SEX) && len < n)
			snprintf(buf + len, n - len, "%ssex",
			    len > 0 ? "+" : "");
	}
}

/* A struck-off fact kept for the end. */
struct struck {
	size_t		 section;
	unsigned	 line;
	unsigned	 detail;
};

/* The facts file. */
long
revise_facts(uint64_t seed, size_t electors, int list, FILE *f)
{
	static const char *const cats[] = { "", "added", "struck-off",
	    "moved", "corrected", "renumbered" };
	struct revise		*r = revise_new(seed, electors, list,
				    REVISE_ALL);
	const struct revise_row	*w;
	struct struck		*sk = NULL;
	struct revise_row	 tmp;
	size_t			 nsk = 0, capsk = 0, i;
	long			 count = 0;
	char			 det[64], fields[256], os[24], ns[24];

	fprintf(f, "category,detail,old_section,old_line,new_section,"
	    "new_line,fields\n");
	while (list > 0 && (w = revise_next(r)) != NULL) {
		if (w->cat == REVISE_SAME)
			continue;
		if (w->cat == REVISE_STRUCK) {
			if (nsk == capsk) {
				capsk = capsk == 0 ? 1024 : capsk * 2;
				sk = xreallocarray(sk, capsk, sizeof *sk);
			}
			sk[nsk].section = w->e.section_no;
			sk[nsk].line = w->e.line;
			sk[nsk++].detail = w->detail;
			continue;
		}
		detail_str(w, det, sizeof det);
		revise_fields_str(w->fields, fields, sizeof fields);
		os[0] = '\0';
		if (w->old_section != 0)
			snprintf(os, sizeof os, "%0*zu,%u", r->width,
			    w->old_section, w->old_line);
		else
			snprintf(os, sizeof os, ",");
		snprintf(ns, sizeof ns, "%s,%u", w->e.section, w->e.line);
		fprintf(f, "%s,%s,%s,%s,%s\n", cats[w->cat], det, os, ns,
		    fields);
		count++;
	}
	memset(&tmp, 0, sizeof tmp);
	for (i = 0; i < nsk; i++) {
		tmp.detail = sk[i].detail;
		detail_str(&tmp, det, sizeof det);
		fprintf(f, "struck-off,%s,%0*zu,%u,,,\n", det, r->width,
		    sk[i].section, sk[i].line);
		count++;
	}
	free(sk);
	revise_free(r);
	if (fflush(f) != 0 || ferror(f))
		return (-1);
	return (count);
}
