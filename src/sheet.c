/*
 * sheet — the walking order, addresses, households, buildings, routes and
 * pages of walk sheets (see sheet.h).
 *
 * Each distinct section, municipality, street, suffix, apartment and name
 * is interned once and ranked (natural, accent- and case-insensitive
 * order, text_natcmp), so the sort of the rows compares small integers.
 * A street is ordered by its name, after its type and particles ("rue des
 * Érables" as "Érables", then "rue des"), the way a street index reads;
 * "1re Avenue", whose type comes last, orders as written.  Addresses
 * without a civic number come after the numbered ones of their street.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/i18n.h"
#include "listelec/sheet.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define CIVIC_MAX_DIGITS	9
#define LONG_SEGMENT(n)		((n) + (n) / 2)	/* cut inside a street */

/* Distinct strings, each with an id, then a rank in natural order. */
struct intern {
	const char	**s;
	size_t		  n;
	size_t		  cap;
	uint32_t	 *slots;	/* id + 1; 0 = empty */
	size_t		  nslots;	/* a power of two */
	uint32_t	 *rank;
};

/* The sort key of one row. */
struct skey {
	uint32_t	 sec;
	uint32_t	 mun;
	uint32_t	 street;
	uint32_t	 side;		/* 0 odd, 1 even, 2 no number */
	uint32_t	 num;
	uint32_t	 suffix;
	uint32_t	 apt;
	uint32_t	 nom;
	uint32_t	 prenom;
	uint32_t	 line;
	uint32_t	 row;
};

struct sheet_plan {
	const struct table	*t;
	long			 col[SHEET_NFIELDS];
	size_t			 n;
	uint32_t		*rows;		/* walking order */
	uint32_t		*door_of;
	uint8_t			*household;	/* starts a household */
	struct sheet_door	*doors;
	size_t			 ndoors;
	struct sheet_route	*routes;
	size_t			 nroutes;
	size_t			 left_out;
};

/* Parse a side. */
int
sheet_parse_side(const char *s, enum sheet_side *side)
{
	if (strcmp(s, "both") == 0 || strcmp(s, "tous") == 0)
		*side = SHEET_SIDE_BOTH;
	else if (strcmp(s, "odd") == 0 || strcmp(s, "impair") == 0)
		*side = SHEET_SIDE_ODD;
	else if (strcmp(s, "even") == 0 || strcmp(s, "pair") == 0)
		*side = SHEET_SIDE_EVEN;
	else
		return (-1);
	return (0);
}

/* Read the civic number, its suffix and where the street starts. */
void
sheet_civic_parse(const char *a, struct sheet_civic *c)
{
	const char	*p = a, *q;
	uint32_t	 v = 0;
	int		 digits = 0;

	while (*p == ' ')
		p++;
	c->number = UINT32_MAX;
	c->suffix = p;
	c->suffix_len = 0;
	while (*p >= '0' && *p <= '9') {
		if (digits++ < CIVIC_MAX_DIGITS)
			v = v * 10 + (uint32_t)(*p - '0');
		p++;
	}
	if (digits == 0) {
		c->street = a;
		return;
	}
	c->number = v;
	/* 7015A, 7015-A: a suffix glued to the number. */
	q = p;
	while (*q != '\0' && *q != ' ')
		q++;
	if (q > p) {
		c->suffix = *p == '-' && q > p + 1 ? p + 1 : p;
		c->suffix_len = (size_t)(q - c->suffix);
		p = q;
	} else if (p[0] == ' ' && p[1] >= '1' && p[1] <= '9' &&
	    p[2] == '/' && p[3] >= '1' && p[3] <= '9' &&
	    (p[4] == ' ' || p[4] == '\0')) {
		/* 12 1/2 */
		c->suffix = p + 1;
		c->suffix_len = 3;
		p += 4;
	} else
		c->suffix = p;
	while (*p == ' ')
		p++;
	c->street = p;
}

/* Compare two suffixes of given lengths: none first, then natural. */
static int
suffix_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	char	*x, *y;
	int	 r;

	if (alen == 0 || blen == 0)
		return (alen == blen ? 0 : alen == 0 ? -1 : 1);
	x = xstrndup(a, alen);
	y = xstrndup(b, blen);
	r = text_natcmp(x, y);
	free(x);
	free(y);
	return (r);
}

/* Civic parts in order: the number, then the suffix ("" first). */
int
sheet_civic_cmp(const struct sheet_civic *a, const struct sheet_civic *b)
{
	if (a->number != b->number)
		return (a->number < b->number ? -1 : 1);
	return (suffix_cmp(a->suffix, a->suffix_len, b->suffix,
	    b->suffix_len));
}

/* Apartments in natural order, no apartment first. */
int
sheet_apt_cmp(const char *a, const char *b)
{
	if (*a == '\0' || *b == '\0')
		return (*a == *b ? 0 : *a == '\0' ? -1 : 1);
	return (text_natcmp(a, b));
}

/* Street types of Québec, folded; the name follows them. */
static const char *const street_types[] = {
	"rue", "avenue", "av", "boulevard", "boul", "bd", "chemin", "ch",
	"rang", "montee", "place", "croissant", "route", "cote", "terrasse",
	"impasse", "allee", "promenade", "carre", "cours", "ruelle",
	"rond-point", "square", "autoroute", "voie", "sentier", "passage",
	"quai", "esplanade", "parc", "circuit", "carrefour", "traverse",
	"ligne", "concession", "petit-rang", "cul-de-sac", NULL
};
/* Particles between a type and the name, folded, longest first. */
static const char *const particles[] = {
	"de la ", "de l'", "des ", "du ", "de ", "d'", "la ", "le ", "les ",
	"l'", NULL
};

/*
 * Bytes of s whose folded form begins with pat (folded, ASCII), or 0
 * when it does not: "Des " and "des " match "des ", "l\u2019" matches "l'".
 */
static size_t
fold_prefix(const char *s, const char *pat)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			 out[4];
	size_t			 i = 0, m = 0, used, olen, k;

	while (pat[m] != '\0') {
		if (u[i] == '\0')
			return (0);
		used = text_fold_char(u + i, strlen(s + i), out, &olen);
		for (k = 0; k < olen; k++, m++)
			if (pat[m] == '\0' || out[k] != pat[m])
				return (0);
		i += used;
	}
	return (i);
}

/* Where the name begins, past the type and the particles. */
size_t
sheet_street_name(const char *street)
{
	size_t		 i, off, len;

	for (i = 0; street_types[i] != NULL; i++)
		if ((off = fold_prefix(street, street_types[i])) > 0 &&
		    street[off] == ' ')
			break;
	if (street_types[i] == NULL)
		return (0);
	while (street[off] == ' ')
		off++;
	for (i = 0; particles[i] != NULL; i++)
		if ((len = fold_prefix(street + off, particles[i])) > 0) {
			off += len;
			break;
		}
	while (street[off] == ' ')
		off++;
	return (street[off] != '\0' ? off : 0);
}

/* Order of two streets: by name, then as written. */
static int
street_cmp(const char *a, const char *b)
{
	int	 r;

	if ((r = text_natcmp(a + sheet_street_name(a),
	    b + sheet_street_name(b))) != 0)
		return (r);
	return (text_natcmp(a, b));
}

/* Order of two suffixes as interned strings. */
static int
suffix_str_cmp(const char *a, const char *b)
{
	return (suffix_cmp(a, strlen(a), b, strlen(b)));
}

/* The id of s (len bytes, NUL-terminated at len or not: copied then). */
static uint32_t
intern_id(struct intern *in, const char *s, size_t len, int copy)
{
	uint64_t	 h;
	size_t		 i, j;
	uint32_t	 id;

	if (in->n * 2 >= in->nslots) {
		free(in->slots);
		in->nslots = in->nslots == 0 ? 64 : in->nslots * 2;
		in->slots = xcalloc(in->nslots, sizeof *in->slots);
		for (j = 0; j < in->n; j++) {
			h = text_hash(in->s[j], strlen(in->s[j]));
			i = (size_t)h & (in->nslots - 1);
			while (in->slots[i] != 0)
				i = (i + 1) & (in->nslots - 1);
			in->slots[i] = (uint32_t)j + 1;
		}
	}
	h = text_hash(s, len);
	i = (size_t)h & (in->nslots - 1);
	while ((id = in->slots[i]) != 0) {
		if (strncmp(in->s[id - 1], s, len) == 0 &&
		    in->s[id - 1][len] == '\0')
			return (id - 1);
		i = (i + 1) & (in->nslots - 1);
	}
	if (in->n == in->cap) {
		in->cap = in->cap == 0 ? 64 : in->cap * 2;
		in->s = xreallocarray(in->s, in->cap, sizeof *in->s);
	}
	in->s[in->n] = copy ? xstrndup(s, len) : s;
	in->slots[i] = (uint32_t)in->n + 1;
	return ((uint32_t)in->n++);
}

/* What rank_qcmp compares with. */
struct rank_arg {
	const struct intern	*in;
	int			(*cmp)(const char *, const char *);
};

/* qsort_r callback over ids of the interner being ranked. */
static int
rank_qcmp(const void *a, const void *b, void *arg)
{
	const struct rank_arg	*ra = arg;
	uint32_t		 x = *(const uint32_t *)a;
	uint32_t		 y = *(const uint32_t *)b;

	return (ra->cmp(ra->in->s[x], ra->in->s[y]));
}

/* Rank every id in the order cmp gives. */
static void
intern_rank(struct intern *in, int (*cmp)(const char *, const char *))
{
	struct rank_arg	 ra;
	uint32_t	*order;
	size_t		 i;

	order = xcalloc(in->n + 1, sizeof *order);
	for (i = 0; i < in->n; i++)
		order[i] = (uint32_t)i;
	ra.in = in;
	ra.cmp = cmp;
	qsort_r(order, in->n, sizeof *order, rank_qcmp, &ra);
	in->rank = xcalloc(in->n + 1, sizeof *in->rank);
	for (i = 0; i < in->n; i++)
		in->rank[order[i]] = (uint32_t)i;
	free(order);
}

/* Free an interner; copied strings too when copied. */
static void
intern_free(struct intern *in, int copied)
{
	size_t	 i;

	if (copied)
		for (i = 0; i < in->n; i++)
			free((char *)in->s[i]);
	free(in->s);
	free(in->slots);
	free(in->rank);
}

/* The rows' order. */
static int
skey_cmp(const void *va, const void *vb)
{
	const struct skey	*a = va, *b = vb;

#define KEY(f)	if (a->f != b->f) return (a->f < b->f ? -1 : 1)
	KEY(sec);
	KEY(mun);
	KEY(street);
	KEY(side);
	KEY(num);
	KEY(suffix);
	KEY(apt);
	KEY(nom);
	KEY(prenom);
	KEY(line);
	KEY(row);
#undef KEY
	return (0);
}

/* A column by the first of its names the table has. */
static long
find_col(const struct table *t, const char *const *names)
{
	long	 c;

	for (; *names != NULL; names++)
		if ((c = table_col_find(t, *names)) >= 0)
			return (c);
	return (-1);
}

/* A cell of col (-1: no such column, ""). */
static const char *
cell(const struct table *t, uint32_t row, long col, size_t *len)
{
	if (col < 0) {
		if (len != NULL)
			*len = 0;
		return ("");
	}
	return (table_cell(t, row, (size_t)col, len));
}

/* Close a route of doors [d0, d1) in the plan. */
static void
add_route(struct sheet_plan *p, size_t d0, size_t d1, const char *section,
    unsigned k)
{
	struct sheet_route	*r;
	size_t			 d;

	if (d1 <= d0)
		return;
	p->routes = xreallocarray(p->routes, p->nroutes + 1,
	    sizeof *p->routes);
	r = &p->routes[p->nroutes];
	memset(r, 0, sizeof *r);
	if (*section != '\0')
		snprintf(r->id, sizeof r->id, "%.30s-%u", section, k);
	else
		snprintf(r->id, sizeof r->id, "%u", k);
	r->first_door = (uint32_t)d0;
	r->ndoors = (uint32_t)(d1 - d0);
	r->first = p->doors[d0].first;
	for (d = d0; d < d1; d++) {
		r->n += p->doors[d].n;
		r->doors += p->doors[d].units;
		p->doors[d].route = (uint32_t)p->nroutes;
	}
	p->nroutes++;
}

/*
 * Cut doors [d0, d1) of one section into routes of about target doors:
 * segs holds the first door of each street side, nsegs of them, then d1.
 * Routes end at a street side's end, or between two addresses of a side
 * longer than LONG_SEGMENT; of those cuts, the ones whose routes stray
 * least from target (the sum of the squares of the differences, found by
 * dynamic programming over the possible cuts, a route of at most
 * ROUTE_SPAN times target unless one piece alone is longer).
 */
#define ROUTE_SPAN	3
static void
cut_section(struct sheet_plan *p, size_t d0, size_t d1, const size_t *segs,
    size_t nsegs, size_t target)
{
	const char	*section = cell(p->t, p->rows[p->doors[d0].first],
			    p->col[SHEET_SECTION], NULL);
	size_t		*cand, *from, m = 0, g, d, i, j, w, n;
	uint64_t	*pw, *best, cost, x;
	unsigned	 nr = 1;

	n = d1 - d0 + 2;
	cand = xcalloc(n, sizeof *cand);
	pw = xcalloc(n, sizeof *pw);
	/* The possible cuts; pw[i]: the doors before cut i. */
	cand[m++] = d0;
	for (g = 0; g < nsegs; g++) {
		w = 0;
		for (d = segs[g]; d < segs[g + 1]; d++)
			w += p->doors[d].units;
		for (d = segs[g]; d < segs[g + 1]; d++)
			if (d + 1 == segs[g + 1] || w > LONG_SEGMENT(target))
				cand[m++] = d + 1;
	}
	for (i = 1; i < m; i++) {
		pw[i] = pw[i - 1];
		for (d = cand[i - 1]; d < cand[i]; d++)
			pw[i] += p->doors[d].units;
	}
	best = xcalloc(m, sizeof *best);
	from = xcalloc(m, sizeof *from);
	for (i = 1; i < m; i++) {
		best[i] = UINT64_MAX;
		for (j = i; j-- > 0;) {
			x = pw[i] - pw[j];
			if (x > ROUTE_SPAN * target && j + 1 < i)
				break;
			x = x > target ? x - target : target - x;
			cost = best[j] + x * x;
			if (cost < best[i]) {
				best[i] = cost;
				from[i] = j;
			}
		}
	}
	/* The cuts, back from the end. */
	n = 0;
	for (i = m - 1; i > 0; i = from[i])
		pw[n++] = i;
	for (j = n, i = 0; j-- > 0; i = pw[j])
		add_route(p, cand[i], cand[pw[j]], section, nr++);
	free(cand);
	free(pw);
	free(best);
	free(from);
}

/* Group the sorted rows into addresses and households, then routes. */
static void
group(struct sheet_plan *p, const struct skey *k, size_t target)
{
	size_t	 i, d, s0, nsegs, cap = 0, *segs = NULL;

#define SAME_SEG(a, b)	((a).sec == (b).sec && (a).mun == (b).mun && \
	(a).street == (b).street && (a).side == (b).side)
#define SAME_DOOR(a, b)	(SAME_SEG(a, b) && (a).num == (b).num && \
	(a).suffix == (b).suffix)
	p->door_of = xcalloc(p->n + 1, sizeof *p->door_of);
	p->household = xcalloc(p->n + 1, 1);
	p->doors = xcalloc(p->n + 1, sizeof *p->doors);
	for (i = 0; i < p->n; i++) {
		if (i == 0 || !SAME_DOOR(k[i], k[i - 1])) {
			p->doors[p->ndoors].first = (uint32_t)i;
			p->doors[p->ndoors].units = 1;
			p->ndoors++;
		} else if (k[i].apt != k[i - 1].apt) {
			p->household[i] = 1;
			p->doors[p->ndoors - 1].units++;
		}
		p->door_of[i] = (uint32_t)(p->ndoors - 1);
		p->doors[p->ndoors - 1].n++;
	}
	/* Sections, each with its street sides. */
	for (s0 = 0; s0 < p->ndoors; s0 = d) {
		nsegs = 0;
		for (d = s0; d < p->ndoors && k[p->doors[d].first].sec ==
		    k[p->doors[s0].first].sec; d++) {
			if (d > s0 && SAME_SEG(k[p->doors[d].first],
			    k[p->doors[d - 1].first]))
				continue;
			if (nsegs + 2 > cap) {
				cap = cap == 0 ? 64 : cap * 2;
				segs = xreallocarray(segs, cap, sizeof *segs);
			}
			segs[nsegs++] = d;
		}
		segs[nsegs] = d;
		cut_section(p, s0, d, segs, nsegs, target);
	}
	free(segs);
#undef SAME_SEG
#undef SAME_DOOR
}

/* Order, group and cut the rows; see sheet.h. */
int
sheet_plan_new(const struct table *t, const uint32_t *rows, size_t n,
    const struct sheet_options *o, struct sheet_plan **out, char **cause)
{
	static const char *const names[SHEET_NFIELDS][6] = {
		{ "No section", "Section", "Section de vote", NULL },
		{ "No électeur", "No electeur", "Électeur", "No ligne",
		    "Ligne", NULL },
		{ "Nom", NULL },
		{ "Prénom", NULL },
		{ "Adresse", NULL },
		{ "Appartement", "App", NULL },
		{ "Municipalité", "Ville", NULL },
		{ "Âge", NULL },
	};
	struct intern		 in[6];	/* sec mun street suffix apt name */
	struct sheet_plan	*p;
	struct sheet_civic	 c;
	struct skey		*k;
	const char		*a, *s;
	size_t			 i, j, len, target;
	uint32_t		 row, *ids;
	double			 line;
	enum { I_SEC, I_MUN, I_STREET, I_SUF, I_APT, I_NAME };

	*out = NULL;
	p = xcalloc(1, sizeof *p);
	p->t = t;
	for (i = 0; i < SHEET_NFIELDS; i++)
		p->col[i] = find_col(t, names[i]);
	if (p->col[SHEET_ADRESSE] < 0 || p->col[SHEET_NOM] < 0) {
		*cause = xasprintf(_("the list has no %s column: walk sheets "
		    "need the address and the name of each elector"),
		    p->col[SHEET_ADRESSE] < 0 ? "Adresse" : "Nom");
		free(p);
		return (-1);
	}
	target = o->doors > 0 ? o->doors : SHEET_DOORS_DEFAULT;
	if (rows == NULL)
		n = table_rows(t);
	memset(in, 0, sizeof in);
	k = xcalloc(n + 1, sizeof *k);
	/* Per row: ids of its strings (ranks come after). */
	for (i = j = 0; i < n; i++) {
		row = rows != NULL ? rows[i] : (uint32_t)i;
		a = cell(t, row, p->col[SHEET_ADRESSE], NULL);
		sheet_civic_parse(a, &c);
		k[j].side = c.number == UINT32_MAX ? 2 : (c.number & 1) == 0;
		if (o->side != SHEET_SIDE_BOTH && (k[j].side == 2 ||
		    (int)k[j].side != (o->side == SHEET_SIDE_EVEN))) {
			if (k[j].side == 2)
				p->left_out++;
			continue;
		}
		k[j].row = row;
		k[j].num = c.number;
		s = cell(t, row, p->col[SHEET_SECTION], &len);
		k[j].sec = intern_id(&in[I_SEC], s, len, 0);
		s = cell(t, row, p->col[SHEET_MUNICIPALITE], &len);
		k[j].mun = intern_id(&in[I_MUN], s, len, 0);
		k[j].street = intern_id(&in[I_STREET], c.street,
		    strlen(c.street), 0);
		k[j].suffix = intern_id(&in[I_SUF], c.suffix, c.suffix_len,
		    1);
		s = cell(t, row, p->col[SHEET_APPARTEMENT], &len);
		k[j].apt = intern_id(&in[I_APT], s, len, 0);
		s = cell(t, row, p->col[SHEET_NOM], &len);
		k[j].nom = intern_id(&in[I_NAME], s, len, 0);
		s = cell(t, row, p->col[SHEET_PRENOM], &len);
		k[j].prenom = intern_id(&in[I_NAME], s, len, 0);
		s = cell(t, row, p->col[SHEET_LINE], &len);
		k[j].line = text_parse_number(s, len, &line) == 0 &&
		    line >= 0 && line < 4e9 ? (uint32_t)line : UINT32_MAX;
		j++;
	}
	n = j;
	intern_rank(&in[I_SEC], text_natcmp);
	intern_rank(&in[I_MUN], text_natcmp);
	intern_rank(&in[I_STREET], street_cmp);
	intern_rank(&in[I_SUF], suffix_str_cmp);
	intern_rank(&in[I_APT], sheet_apt_cmp);
	intern_rank(&in[I_NAME], text_natcmp);
	for (i = 0; i < n; i++) {
		k[i].sec = in[I_SEC].rank[k[i].sec];
		k[i].mun = in[I_MUN].rank[k[i].mun];
		k[i].street = in[I_STREET].rank[k[i].street];
		k[i].suffix = in[I_SUF].rank[k[i].suffix];
		k[i].apt = in[I_APT].rank[k[i].apt];
		k[i].nom = in[I_NAME].rank[k[i].nom];
		k[i].prenom = in[I_NAME].rank[k[i].prenom];
	}
	qsort(k, n, sizeof *k, skey_cmp);
	p->n = n;
	ids = xcalloc(n + 1, sizeof *ids);
	for (i = 0; i < n; i++)
		ids[i] = k[i].row;
	p->rows = ids;
	group(p, k, target);
	for (i = 0; i < 6; i++)
		intern_free(&in[i], i == I_SUF);
	free(k);
	*out = p;
	return (0);
}

/* Free a plan (NULL is fine). */
void
sheet_plan_free(struct sheet_plan *p)
{
	if (p == NULL)
		return;
	free(p->rows);
	free(p->door_of);
	free(p->household);
	free(p->doors);
	free(p->routes);
	free(p);
}

/* Reading the plan; see sheet.h. */
const struct table *
sheet_table(const struct sheet_plan *p)
{
	return (p->t);
}

/* Reading the plan; see sheet.h. */
size_t
sheet_electors(const struct sheet_plan *p)
{
	return (p->n);
}

/* Reading the plan; see sheet.h. */
uint32_t
sheet_row(const struct sheet_plan *p, size_t i)
{
	return (p->rows[i]);
}

/* Reading the plan; see sheet.h. */
uint32_t
sheet_door_of(const struct sheet_plan *p, size_t i)
{
	return (p->door_of[i]);
}

/* Reading the plan; see sheet.h. */
int
sheet_new_household(const struct sheet_plan *p, size_t i)
{
	return (p->household[i]);
}

/* Reading the plan; see sheet.h. */
size_t
sheet_ndoors(const struct sheet_plan *p)
{
	return (p->ndoors);
}

/* Reading the plan; see sheet.h. */
const struct sheet_door *
sheet_door(const struct sheet_plan *p, size_t i)
{
	return (&p->doors[i]);
}

/* Reading the plan; see sheet.h. */
size_t
sheet_nroutes(const struct sheet_plan *p)
{
	return (p->nroutes);
}

/* Reading the plan; see sheet.h. */
const struct sheet_route *
sheet_route(const struct sheet_plan *p, size_t i)
{
	return (&p->routes[i]);
}

/* Reading the plan; see sheet.h. */
size_t
sheet_left_out(const struct sheet_plan *p)
{
	return (p->left_out);
}

/* Reading the plan; see sheet.h. */
long
sheet_column(const struct sheet_plan *p, enum sheet_field f)
{
	return (p->col[f]);
}

/* Reading the plan; see sheet.h. */
const char *
sheet_cell(const struct sheet_plan *p, size_t i, enum sheet_field f)
{
	return (cell(p->t, p->rows[i], p->col[f], NULL));
}

/* The key of position i: section-line, or what there is. */
void
sheet_key(const struct sheet_plan *p, size_t i, char *buf, size_t size)
{
	const char	*sec = sheet_cell(p, i, SHEET_SECTION);
	const char	*line = sheet_cell(p, i, SHEET_LINE);

	if (*line == '\0')
		snprintf(buf, size, "%s", sec);
	else if (*sec == '\0')
		snprintf(buf, size, "%s", line);
	else
		snprintf(buf, size, "%s-%s", sec, line);
}

/* Append a page to *v. */
static void
add_page(struct sheet_page **v, size_t *n, size_t *cap, uint32_t route,
    uint32_t first, uint32_t end, int continued)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 64 : *cap * 2;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[*n].route = route;
	(*v)[*n].first = first;
	(*v)[*n].end = end;
	(*v)[*n].continued = continued;
	(*v)[*n].page = (*v)[*n].pages = 0;
	(*n)++;
}

/* Pages of lines_per_page lines; see sheet.h. */
size_t
sheet_paginate(const struct sheet_plan *p, size_t lines,
    struct sheet_page **out)
{
	struct sheet_page		*v = NULL;
	const struct sheet_route	*r;
	const struct sheet_door		*d;
	size_t				 n = 0, cap = 0, ri, di, used, first;
	size_t				 h, at, take, i, start;
	int				 cont;

	if (lines < 2)
		lines = 2;
	for (ri = 0; ri < p->nroutes; ri++) {
		r = &p->routes[ri];
		first = r->first;
		used = 0;
		start = n;
		cont = 0;
		for (di = r->first_door; di < r->first_door + r->ndoors;
		    di++) {
			d = &p->doors[di];
			h = 1 + d->n;
			if (used > 0 && used + h > lines) {
				add_page(&v, &n, &cap, (uint32_t)ri,
				    (uint32_t)first, d->first, cont);
				first = d->first;
				used = 0;
				cont = 0;
			}
			if (h <= lines) {
				used += h;
				continue;
			}
			/* Longer than a page: whole pages of it. */
			for (at = d->first; at < d->first + d->n;
			    at += take) {
				take = lines - 1;
				if (at + take >= d->first + d->n) {
					used = 1 + d->first + d->n - at;
					first = at;
					cont = at > d->first;
					break;
				}
				add_page(&v, &n, &cap, (uint32_t)ri,
				    (uint32_t)at, (uint32_t)(at + take),
				    at > d->first);
			}
		}
		if (first < r->first + r->n || n == start)
			add_page(&v, &n, &cap, (uint32_t)ri, (uint32_t)first,
			    r->first + r->n, cont);
		for (i = start; i < n; i++) {
			v[i].page = (uint32_t)(i - start + 1);
			v[i].pages = (uint32_t)(n - start);
		}
	}
	*out = v;
	return (n);
}

/* The notice of every page and file (translated). */
const char *
sheet_notice(void)
{
	return (_("Confidential \xe2\x80\x94 for electoral use only (Loi "
	    "\xc3\xa9lectorale, art. 551.1.1) \xe2\x80\x94 destroy after the "
	    "vote"));
}
