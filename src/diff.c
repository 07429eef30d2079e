/*
 * diff — matching two lists of electors without an elector id (see
 * diff.h for the passes and what the marks do).  Each row's parts (names,
 * birth date, address, sex, section, line) are folded and hashed once, on
 * one thread per list; each pass then counts its key over the rows still
 * unmatched in one open-addressing table and links the keys seen once on
 * each side, after checking the parts themselves.  Rows that share a key
 * with duplicates are joined into ambiguous groups (union-find).  The
 * result is sorted by section (natural order) and line, with ties broken
 * by the cells, so that it does not depend on the order of the rows.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/diff.h"
#include "listelec/i18n.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define FNV_OFFSET	UINT64_C(1469598103934665603)
#define FNV_PRIME	UINT64_C(1099511628211)
#define MAX_COLUMNS	64	/* columns compared (the fields mask) */
#define MAX_CELLS	256	/* cells of a row read for comparison */
#define NAME_MAX_FOLD	128	/* folded name bytes for the edit distance */
#define PREFETCH_AHEAD	8
#define CANCEL_EVERY	65536
#define RADIX_BITS	11
#define RADIX_MASK	((1U << RADIX_BITS) - 1)

/* The passes, in the order they run. */
enum pass {
	PASS_EXACT,	/* person, address, sex, section and line */
	PASS_SEX,	/* person, address and sex */
	PASS_SAME,	/* person and address */
	PASS_SECTION,	/* person and section: moved in the section */
	PASS_PERSON,	/* person: moved */
	PASS_FIRST,	/* address, birth, Nom; Prénom close */
	PASS_LAST,	/* address, birth, Prénom; Nom close */
	PASS_BIRTH,	/* Nom, Prénom, address: birth corrected */
	NPASSES
};

/* A row's parts, folded and hashed. */
struct rkey {
	uint64_t	 nom;
	uint64_t	 prenom;
	uint64_t	 addr;
	uint64_t	 raw;		/* the cells as written, but for the
					   section, line and mark: hashed */
	uint32_t	 birth;		/* yyyymmdd, else a hash | 1 << 31 */
	uint32_t	 section;
	uint32_t	 line;
	uint16_t	 sex;
	int8_t		 mark;
};

/* Row states. */
#define ST_FREE		0	/* waiting for a link */
#define ST_LINKED	1
#define ST_OUT		2	/* new row marked Ajout: kept out */
#define ST_RAD		3	/* new row marked Radiation (statement) */

/* One list. */
struct side {
	const struct table	*t;
	size_t			 n;
	struct rkey		*k;
	uint32_t		*link;	/* the other side's row */
	uint8_t			*state;
	uint8_t			*pass;	/* the pass that linked it */
	uint8_t			*amb;	/* flagged ambiguous */
	uint8_t			*probe;	/* Ajout row that matches an old one */
	long			 col[DIFF_COL_OTHER];
	const struct diff	*d;
	/* The previous row's cells (households share an address). */
	const char		*memo[DIFF_COL_OTHER];
	size_t			 memolen[DIFF_COL_OTHER];
	uint64_t		 memo_addr;
	uint32_t		 memo_section;
};

/* A slot of a pass's table. */
struct slot {
	uint64_t	 key;
	uint32_t	 old;	/* the row, DIFF_NONE, or SLOT_MANY */
	uint32_t	 new;	/* the same, or SLOT_FLAG: ambiguous */
};
#define SLOT_MANY	(UINT32_MAX - 1)
#define SLOT_FLAG	(UINT32_MAX - 2)

/* A section: its key, one row showing it, its rank. */
struct sect {
	uint64_t	 key;
	int		 side;
	uint32_t	 row;
	uint32_t	 rank;
	int		 used;
};

struct diff {
	struct side		 s[2];	/* 0 old, 1 new */
	volatile int		*cancel;
	int			 marks;
	int			 statement;
	uint32_t		*parent;	/* union-find, old then new */
	struct slot		*tab;		/* the passes' table */
	size_t			 tabsize;
	uint32_t		*ro, *rn;	/* the rows of a pass */
	uint64_t		*ko, *kn;	/* and their keys */

	struct diff_column	 cols[MAX_COLUMNS];
	size_t			 ncols;
	int			 same_layout;	/* raw keys compare */

	struct diff_change	*ch;
	size_t			 nch;
	size_t			 count[DIFF_NCATS];
	size_t			 before, after, disagree;

	struct sect		*sects;
	size_t			 sectcap, nsects;
	struct diff_section	*stat;
};

/* The columns by role, as the lists name them. */
static const char *const role_names[DIFF_COL_OTHER] = {
	"No section", "No électeur", "Nom", "Prénom", "Sexe",
	"Date de naissance", "Adresse", "Appartement", "Municipalité",
	"Code postal", "Modification",
};

static const char *const cat_tokens[DIFF_NCATS] = {
	"unchanged", "added", "struck-off", "moved", "corrected",
	"renumbered", "ambiguous",
};
static const char *const cat_names[DIFF_NCATS] = {
	N_("unchanged"), N_("added"), N_("struck-off"), N_("moved"),
	N_("corrected"), N_("renumbered"), N_("ambiguous"),
};
/* Other words for the categories: the change marks, and the French. */
static const struct {
	const char	*word;
	int		 cat;
} cat_words[] = {
	{ "inchange", DIFF_UNCHANGED },
	{ "ajout", DIFF_ADDED },
	{ "radiation", DIFF_STRUCK },
	{ "radie", DIFF_STRUCK },
	{ "demenagement", DIFF_MOVED },
	{ "correction", DIFF_CORRECTED },
	{ "corrige", DIFF_CORRECTED },
	{ "renumerotation", DIFF_RENUMBERED },
	{ "renumerote", DIFF_RENUMBERED },
	{ "ambigu", DIFF_AMBIGUOUS },
};
static const struct {
	unsigned	 bit;
	const char	*token;
	const char	*name;
} detail_words[] = {
	{ DIFF_SAME_SECTION, "same-section", N_("same-section") },
	{ DIFF_OTHER_SECTION, "other-section", N_("other-section") },
	{ DIFF_NAME, "name", N_("name") },
	{ DIFF_BIRTH, "birth", N_("birth") },
	{ DIFF_SEX, "sex", N_("sex") },
	{ DIFF_ADDRESS, "address", N_("address") },
	{ DIFF_OTHER, "other", N_("other") },
};

/* The final mix of a 64-bit hash (MurmurHash3's). */
static inline uint64_t
fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (h);
}

/* Combine a part into a key. */
static inline uint64_t
mix(uint64_t h, uint64_t v)
{
	return (fmix(h ^ (v + UINT64_C(0x9e3779b97f4a7c15) + (h << 6) +
	    (h >> 2))));
}

/* The folded form of an ASCII byte kept in keys (letters, digits), or 0. */
static inline unsigned char
keep_ascii(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return (c);
	if (c >= 'A' && c <= 'Z')
		return ((unsigned char)(c + 'a' - 'A'));
	if (c >= '0' && c <= '9')
		return (c);
	return (0);
}

/*
 * Fold s for a key: case and accents folded, only letters and digits kept
 * (hyphens, spaces, apostrophes and dots dropped).  Calls put for each
 * byte kept.
 */
#define FOLD_EACH(s, len, put) do {					\
	const unsigned char	*p_ = (const unsigned char *)(s);	\
	const unsigned char	*e_ = p_ + (len);			\
	unsigned char		 c_;					\
	char			 o_[4];					\
	size_t			 n_, i_, u_;				\
									\
	while (p_ < e_) {						\
		if (*p_ < 0x80) {					\
			if ((c_ = keep_ascii(*p_++)) != 0)		\
				put(c_);				\
			continue;					\
		}							\
		u_ = text_fold_char(p_, (size_t)(e_ - p_), o_, &n_);	\
		p_ += u_;						\
		for (i_ = 0; i_ < n_; i_++) {				\
			c_ = (unsigned char)o_[i_];			\
			if (c_ < 0x80 && (c_ = keep_ascii(c_)) == 0)	\
				continue;				\
			put(c_);					\
		}							\
	}								\
} while (0)

/* A hash of len bytes, eight at a time. */
static uint64_t
bytes_hash(const unsigned char *b, size_t len)
{
	uint64_t	h = FNV_OFFSET ^ len, w;
	size_t		i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, b + i, 8);
		h = (h ^ w) * UINT64_C(0x9fb21c651e98df25);
		h ^= h >> 29;
	}
	if (i < len) {
		for (w = 0; i < len; i++)
			w = w << 8 | b[i];
		h = (h ^ w) * UINT64_C(0x9fb21c651e98df25);
	}
	return (fmix(h));
}

/* The hash of s folded for a key (the folded bytes, by chunks). */
static uint64_t
fold_hash(const char *s, size_t len)
{
	unsigned char	buf[256];
	uint64_t	h = 0;
	size_t		n = 0;

#define HASH_PUT(c)	do {						\
	buf[n++] = (c);							\
	if (n == sizeof buf) {						\
		h = mix(h, bytes_hash(buf, n));				\
		n = 0;							\
	}								\
} while (0)
	FOLD_EACH(s, len, HASH_PUT);
#undef HASH_PUT
	return (h == 0 ? bytes_hash(buf, n) : mix(h, bytes_hash(buf, n)));
}

/* s folded for a key into buf (size bytes, NUL added); its length. */
static size_t
fold_copy(const char *s, size_t len, char *buf, size_t size)
{
	size_t	n = 0;

#define COPY_PUT(c)	do {						\
	if (n + 1 < size)						\
		buf[n++] = (char)(c);					\
} while (0)
	FOLD_EACH(s, len, COPY_PUT);
#undef COPY_PUT
	buf[n] = '\0';
	return (n);
}

/* Leading and trailing spaces off. */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* Nonzero when s is digits only (and not empty). */
static int
all_digits(const char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return (0);
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return (0);
	return (1);
}

/* A number's hash, leading zeros ignored ("007" = "7"). */
static uint64_t
number_hash(const char *s, size_t len)
{
	while (len > 1 && *s == '0') {
		s++;
		len--;
	}
	return (fold_hash(s, len) ^ UINT64_C(0x5bd1e995));
}

/* A part that may be a number: as a number when it is, else folded. */
static uint64_t
part_hash(const char *s, size_t len)
{
	trim(&s, &len);
	if (all_digits(s, len))
		return (number_hash(s, len));
	return (fold_hash(s, len));
}

/* A date of birth as yyyymmdd, else the folded text (high bit set). */
static uint32_t
birth_key(const char *s, size_t len)
{
	int	y, m, d;

	trim(&s, &len);
	if (len == 0)
		return (0);
	if (text_parse_ymd(s, len, &y, &m, &d) == 0)
		return ((uint32_t)(y * 10000 + m * 100 + d));
	return ((uint32_t)fold_hash(s, len) | UINT32_C(0x80000000));
}

/* A line number, or 0. */
static uint32_t
line_key(const char *s, size_t len)
{
	uint64_t	v = 0;
	size_t		i;

	trim(&s, &len);
	if (!all_digits(s, len) || len > 9)
		return (0);
	for (i = 0; i < len; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return ((uint32_t)v);
}

/*
 * The address key: civic number (leading zeros ignored), its suffix
 * (7015A, 7015-A, 7015 A, 12 1/2), the street folded, the apartment, the
 * municipality.
 */
static uint64_t
address_key(const char *s, size_t len, const char *apt, size_t aptlen,
    const char *city, size_t citylen)
{
	size_t		 i = 0, j, k;
	uint64_t	 h = UINT64_C(0xad0e55);

	trim(&s, &len);
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	h = mix(h, i > 0 ? number_hash(s, i) : 0);
	if (i > 0 && i < len) {
		/* A fraction: " 1/2". */
		j = i + 1;
		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
		if ((s[i] == ' ' || s[i] == '-') && j > i + 1 && j < len &&
		    s[j] == '/') {
			k = j + 1;
			while (k < len && s[k] >= '0' && s[k] <= '9')
				k++;
			if (k > j + 1 && (k == len || s[k] == ' ')) {
				h = mix(h, fold_hash(s + i + 1, k - i - 1) ^ 1);
				i = k;
				goto street;
			}
		}
		/* A lone letter: "7015 A rue ...". */
		if (s[i] == ' ' && i + 1 < len &&
		    keep_ascii((unsigned char)s[i + 1]) != 0 &&
		    (s[i + 1] < '0' || s[i + 1] > '9') &&
		    (i + 2 == len || s[i + 2] == ' ')) {
			h = mix(h, fold_hash(s + i + 1, 1));
			i += 2;
			goto street;
		}
		/* Letters: "7015A", "7015-A". */
		j = s[i] == '-' ? i + 1 : i;
		k = j;
		while (k < len && keep_ascii((unsigned char)s[k]) != 0 &&
		    (s[k] < '0' || s[k] > '9'))
			k++;
		if (k > j && k - j <= 3 && (k == len || s[k] == ' ')) {
			h = mix(h, fold_hash(s + j, k - j));
			i = k;
			goto street;
		}
	}
	h = mix(h, 0);
street:
	h = mix(h, fold_hash(s + i, len - i));
	h = mix(h, part_hash(apt, aptlen));
	return (mix(h, fold_hash(city, citylen)));
}

/* The category a mark names, DIFF_NOMARK for none, else DIFF_BADMARK. */
static int
mark_key(const char *s, size_t len)
{
	char	 buf[64];
	int	 c;

	trim(&s, &len);
	if (len == 0)
		return (DIFF_UNCHANGED);
	if (len >= sizeof buf)
		return (DIFF_BADMARK);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if ((c = diff_parse_cat(buf)) < 0)
		return (DIFF_BADMARK);
	return (c);
}

/*
 * Read the cells of a row (at most max) in order; returns how many.
 */
static size_t
row_cells(const struct table *t, size_t row, const char **p, size_t *len,
    size_t max)
{
	size_t		 w = table_row_width(t, row), i;
	const char	*c;

	if (w > max)
		w = max;
	if (w == 0 || (c = table_raw_cell(t, row, 0, &len[0])) == NULL)
		return (0);
	p[0] = c;
	for (i = 1; i < w; i++)
		p[i] = table_raw_cell(t, row, i, &len[i]);
	return (w);
}

/* Nonzero when a role's cell is the same as in the previous row. */
static inline int
same_cell(const struct side *s, const char **p, const size_t *l,
    enum diff_role r)
{
	return (s->memo[r] != NULL && s->memolen[r] == l[r] &&
	    memcmp(s->memo[r], p[r], l[r]) == 0);
}

/* Nonzero when column i is the section, the line or the mark. */
static inline int
raw_skip(const struct side *s, size_t i)
{
	return ((long)i == s->col[DIFF_COL_SECTION] ||
	    (long)i == s->col[DIFF_COL_LINE] ||
	    (long)i == s->col[DIFF_COL_MARK]);
}

/*
 * The row's cells as written, the section, line and mark left out: a hash
 * of each run of cells, cell by cell.
 */
static uint64_t
raw_key(const struct side *s, const char **c, const size_t *l, size_t w)
{
	uint64_t	 h = w;
	size_t		 i, j;

	for (i = 0; i < w; i = j) {
		if (raw_skip(s, i)) {
			j = i + 1;
			continue;
		}
		for (j = i; j < w && !raw_skip(s, j); j++)
			h = mix(h ^ i, bytes_hash((const unsigned char *)c[j],
			    l[j]));
	}
	return (h);
}

/* The parts of one row. */
static void
row_key(struct side *s, size_t row, struct rkey *k)
{
	const char	*p[DIFF_COL_OTHER], *c[MAX_CELLS];
	size_t		 l[DIFF_COL_OTHER], cl[MAX_CELLS], w, r;
	long		 col;

	w = row_cells(s->t, row, c, cl, MAX_CELLS);
	for (r = 0; r < DIFF_COL_OTHER; r++) {
		col = s->col[r];
		if (col >= 0 && (size_t)col < w) {
			p[r] = c[col];
			l[r] = cl[col];
		} else {
			p[r] = "";
			l[r] = 0;
		}
	}
	k->nom = fold_hash(p[DIFF_COL_NOM], l[DIFF_COL_NOM]);
	k->prenom = fold_hash(p[DIFF_COL_PRENOM], l[DIFF_COL_PRENOM]);
	k->birth = birth_key(p[DIFF_COL_BIRTH], l[DIFF_COL_BIRTH]);
	if (same_cell(s, p, l, DIFF_COL_ADDRESS) &&
	    same_cell(s, p, l, DIFF_COL_APT) &&
	    same_cell(s, p, l, DIFF_COL_CITY))
		k->addr = s->memo_addr;
	else {
		k->addr = address_key(p[DIFF_COL_ADDRESS],
		    l[DIFF_COL_ADDRESS], p[DIFF_COL_APT], l[DIFF_COL_APT],
		    p[DIFF_COL_CITY], l[DIFF_COL_CITY]);
		s->memo_addr = k->addr;
	}
	if (same_cell(s, p, l, DIFF_COL_SECTION))
		k->section = s->memo_section;
	else {
		k->section = (uint32_t)part_hash(p[DIFF_COL_SECTION],
		    l[DIFF_COL_SECTION]);
		s->memo_section = k->section;
	}
	for (r = 0; r < DIFF_COL_OTHER; r++) {
		s->memo[r] = p[r];
		s->memolen[r] = l[r];
	}
	k->sex = (uint16_t)fold_hash(p[DIFF_COL_SEX], l[DIFF_COL_SEX]);
	k->line = line_key(p[DIFF_COL_LINE], l[DIFF_COL_LINE]);
	k->raw = raw_key(s, c, cl, w);
	k->mark = s->col[DIFF_COL_MARK] >= 0 ?
	    (int8_t)mark_key(p[DIFF_COL_MARK], l[DIFF_COL_MARK]) :
	    DIFF_NOMARK;
}

/* Thread body: the keys of every row of one side. */
static void *
side_keys(void *arg)
{
	struct side	*s = arg;
	size_t		 i;

	for (i = 0; i < s->n; i++) {
		if ((i % CANCEL_EVERY) == 0 && s->d->cancel != NULL &&
		    *s->d->cancel)
			break;
		row_key(s, i, &s->k[i]);
	}
	return (NULL);
}

/* Combine a part into a pass's key (mixed once at the end). */
static inline uint64_t
kmix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * UINT64_C(0x9fb21c651e98df25);
	return ((h << 29) | (h >> 35));
}

/* A pass's key of a row. */
static uint64_t
pass_key(enum pass p, const struct rkey *k)
{
	uint64_t	h = (uint64_t)p + 1;

	switch (p) {
	case PASS_EXACT:
		h = kmix(kmix(h, k->section), k->line);
		FALLTHROUGH;
	case PASS_SEX:
		h = kmix(h, k->sex);
		FALLTHROUGH;
	case PASS_SAME:
		h = kmix(h, k->addr);
		FALLTHROUGH;
	case PASS_PERSON:
		h = kmix(kmix(kmix(h, k->nom), k->prenom), k->birth);
		break;
	case PASS_SECTION:
		h = kmix(kmix(kmix(kmix(h, k->nom), k->prenom), k->birth),
		    k->section);
		break;
	case PASS_FIRST:
		h = kmix(kmix(kmix(h, k->addr), k->birth), k->nom);
		break;
	case PASS_LAST:
		h = kmix(kmix(kmix(h, k->addr), k->birth), k->prenom);
		break;
	case PASS_BIRTH:
		h = kmix(kmix(kmix(h, k->nom), k->prenom), k->addr);
		break;
	default:
		break;
	}
	h = fmix(h);
	return (h != 0 ? h : 1);
}

/*
 * Optimal string alignment distance between a and b, or limit + 1 when
 * it is above limit.
 */
static size_t
edit_distance(const char *a, size_t la, const char *b, size_t lb,
    size_t limit)
{
	size_t	 d[3][NAME_MAX_FOLD + 1], i, j, best, v, *r0, *r1, *r2;

	if ((la > lb ? la - lb : lb - la) > limit)
		return (limit + 1);
	r0 = d[0];
	r1 = d[1];
	r2 = d[2];
	for (j = 0; j <= lb; j++)
		r1[j] = j;
	for (i = 1; i <= la; i++) {
		r2[0] = i;
		best = i;
		for (j = 1; j <= lb; j++) {
			v = r1[j - 1] + (a[i - 1] != b[j - 1]);
			if (r1[j] + 1 < v)
				v = r1[j] + 1;
			if (r2[j - 1] + 1 < v)
				v = r2[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && r0[j - 2] + 1 < v)
				v = r0[j - 2] + 1;
			r2[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return (limit + 1);
		/* Rotate: r0 <- r1 <- r2. */
		{
			size_t *tmp = r0;

			r0 = r1;
			r1 = r2;
			r2 = tmp;
		}
	}
	return (r1[lb]);
}

/*
 * Nonzero when two spellings of a name are close: once folded, at most
 * one edit apart (two for names of 6 letters or more), and not equal.
 */
static int
names_close(const char *a, size_t la, const char *b, size_t lb)
{
	char	 fa[NAME_MAX_FOLD + 1], fb[NAME_MAX_FOLD + 1];
	size_t	 na, nb, limit, dist;

	na = fold_copy(a, la, fa, sizeof fa);
	nb = fold_copy(b, lb, fb, sizeof fb);
	if (na == 0 || nb == 0 || na >= NAME_MAX_FOLD || nb >= NAME_MAX_FOLD)
		return (0);
	limit = (na < nb ? na : nb) >= 6 ? 2 : 1;
	dist = edit_distance(fa, na, fb, nb, limit);
	return (dist >= 1 && dist <= limit);
}

/* The text of a role's cell of a row ("" when absent). */
static const char *
role_cell(const struct side *s, enum diff_role r, size_t row, size_t *len)
{
	if (s->col[r] < 0) {
		*len = 0;
		return ("");
	}
	return (table_cell(s->t, row, (size_t)s->col[r], len));
}

/* Nonzero when old row i and new row j agree on what pass p compares. */
static int
pass_equal(const struct diff *d, enum pass p, size_t i, size_t j)
{
	const struct rkey	*a = &d->s[0].k[i], *b = &d->s[1].k[j];
	const char		*x, *y;
	size_t			 lx, ly;
	enum diff_role		 r;

	switch (p) {
	case PASS_EXACT:
		if (a->section != b->section || a->line != b->line)
			return (0);
		FALLTHROUGH;
	case PASS_SEX:
		if (a->sex != b->sex)
			return (0);
		FALLTHROUGH;
	case PASS_SAME:
		if (a->addr != b->addr)
			return (0);
		FALLTHROUGH;
	case PASS_PERSON:
		return (a->nom == b->nom && a->prenom == b->prenom &&
		    a->birth == b->birth);
	case PASS_SECTION:
		return (a->nom == b->nom && a->prenom == b->prenom &&
		    a->birth == b->birth && a->section == b->section);
	case PASS_FIRST:
	case PASS_LAST:
		if (a->addr != b->addr || a->birth != b->birth)
			return (0);
		if (p == PASS_FIRST ? a->nom != b->nom : a->prenom != b->prenom)
			return (0);
		r = p == PASS_FIRST ? DIFF_COL_PRENOM : DIFF_COL_NOM;
		x = role_cell(&d->s[0], r, i, &lx);
		y = role_cell(&d->s[1], r, j, &ly);
		return (names_close(x, lx, y, ly));
	case PASS_BIRTH:
		return (a->nom == b->nom && a->prenom == b->prenom &&
		    a->addr == b->addr && a->birth != b->birth);
	default:
		return (0);
	}
}

/* Union-find: the root of x. */
static uint32_t
uf_find(uint32_t *parent, uint32_t x)
{
	uint32_t	r = x, n;

	while (parent[r] != r)
		r = parent[r];
	while (parent[x] != r) {
		n = parent[x];
		parent[x] = r;
		x = n;
	}
	return (r);
}

/* Union-find: join the groups of a and b (the smaller index is root). */
static void
uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* Find or add key in a pass's table. */
static inline struct slot *
slot_get(struct slot *tab, size_t mask, uint64_t key, int add)
{
	size_t	 h = (size_t)key & mask;

	for (;;) {
		if (tab[h].key == key)
			return (&tab[h]);
		if (tab[h].key == 0) {
			if (!add)
				return (NULL);
			tab[h].key = key;
			tab[h].old = tab[h].new = DIFF_NONE;
			return (&tab[h]);
		}
		h = (h + 1) & mask;
	}
}

/* Count a row into a slot's side: its first row, or several. */
static inline void
slot_count(uint32_t *side, uint32_t row)
{
	*side = *side == DIFF_NONE ? row : SLOT_MANY;
}

/* Link old row i and new row j. */
static void
link_rows(struct diff *d, size_t i, size_t j, enum pass p)
{
	d->s[0].state[i] = ST_LINKED;
	d->s[0].link[i] = (uint32_t)j;
	d->s[0].pass[i] = (uint8_t)p;
	d->s[1].state[j] = ST_LINKED;
	d->s[1].link[j] = (uint32_t)i;
	d->s[1].pass[j] = (uint8_t)p;
}

/* Modes of a pass. */
#define RUN_LINK	0	/* link the unique pairs */
#define RUN_PROBE	1	/* only note the new rows that would link */

/*
 * One pass over the old rows still free and the new rows in state want:
 * count the key on each side, link (or probe) the keys seen once on each
 * side whose parts agree, and join into ambiguous groups the rows of keys
 * seen on both sides with duplicates (when flag is nonzero).  Returns -1
 * when cancelled.
 */
static int
run_pass(struct diff *d, enum pass p, int want, int mode, int flag)
{
	struct side	*o = &d->s[0], *n = &d->s[1];
	uint32_t	*ro = d->ro, *rn = d->rn, u;
	uint64_t	*ko = d->ko, *kn = d->kn;
	size_t		 no = 0, nn = 0, i, size, mask;
	struct slot	*tab, *sl;
	int		 flagged = 0;

	for (i = 0; i < o->n; i++)
		if (o->state[i] == ST_FREE)
			ro[no++] = (uint32_t)i;
	for (i = 0; i < n->n; i++)
		if (n->state[i] == want)
			rn[nn++] = (uint32_t)i;
	if (no == 0 || nn == 0)
		return (0);
	for (i = 0; i < no; i++)
		ko[i] = pass_key(p, &o->k[ro[i]]);
	for (i = 0; i < nn; i++)
		kn[i] = pass_key(p, &n->k[rn[i]]);
	/* Only old rows are added: a table twice their number. */
	for (size = 64; size < 2 * no; size *= 2)
		/* nothing */;
	mask = size - 1;
	if (size > d->tabsize) {
		free(d->tab);
		d->tab = xcalloc(size, sizeof *d->tab);
		d->tabsize = size;
	} else
		memset(d->tab, 0, size * sizeof *d->tab);
	tab = d->tab;

	for (i = 0; i < no; i++) {
		if (i + PREFETCH_AHEAD < no)
			__builtin_prefetch(&tab[ko[i + PREFETCH_AHEAD] & mask]);
		sl = slot_get(tab, mask, ko[i], 1);
		slot_count(&sl->old, ro[i]);
	}
	for (i = 0; i < nn; i++) {
		if (i + PREFETCH_AHEAD < nn)
			__builtin_prefetch(&tab[kn[i + PREFETCH_AHEAD] & mask]);
		if ((sl = slot_get(tab, mask, kn[i], 0)) != NULL)
			slot_count(&sl->new, rn[i]);
	}
	if (d->cancel != NULL && *d->cancel)
		return (-1);

	/* The new rows in order (their old rows mostly follow). */
	for (i = 0; i < nn; i++) {
		if (i + PREFETCH_AHEAD < nn)
			__builtin_prefetch(&tab[kn[i + PREFETCH_AHEAD] & mask]);
		if ((sl = slot_get(tab, mask, kn[i], 0)) == NULL ||
		    sl->new == SLOT_FLAG)
			continue;
		if (sl->new == rn[i] && sl->old != SLOT_MANY) {
			if (!pass_equal(d, p, sl->old, rn[i]))
				continue;
			if (mode == RUN_PROBE)
				n->probe[rn[i]] = 1;
			else
				link_rows(d, sl->old, rn[i], p);
		} else if (flag && mode == RUN_LINK) {
			/* Duplicates: the group's first row comes next. */
			sl->new = SLOT_FLAG;
			sl->old = DIFF_NONE;
			flagged = 1;
		}
	}
	if (!flagged)
		return (0);
	if (d->parent == NULL) {
		d->parent = xreallocarray(NULL, o->n + n->n + 1,
		    sizeof *d->parent);
		for (i = 0; i < o->n + n->n; i++)
			d->parent[i] = (uint32_t)i;
	}
	for (i = 0; i < no + nn; i++) {
		sl = slot_get(tab, mask, i < no ? ko[i] : kn[i - no], 0);
		if (sl == NULL || sl->new != SLOT_FLAG)
			continue;
		if (i < no) {
			o->amb[ro[i]] = 1;
			u = ro[i];
		} else {
			n->amb[rn[i - no]] = 1;
			u = (uint32_t)o->n + rn[i - no];
		}
		if (sl->old == DIFF_NONE)
			sl->old = u;
		else
			uf_union(d->parent, u, sl->old);
	}
	return (0);
}

/* Find the columns of one side; -1 with *cause when essential ones lack. */
static int
find_columns(struct side *s, int is_new, char **cause)
{
	long	 c;
	size_t	 r;

	for (r = 0; r < DIFF_COL_OTHER; r++) {
		c = table_col_find(s->t, role_names[r]);
		if (c >= 0 && (table_col_flags(s->t, (size_t)c) &
		    TABLE_COL_DERIVED) != 0)
			c = -1;
		s->col[r] = c;
	}
	if (!is_new)
		s->col[DIFF_COL_MARK] = -1;
	for (r = DIFF_COL_NOM; r <= DIFF_COL_ADDRESS; r++) {
		if (r == DIFF_COL_SEX)
			continue;
		if (s->col[r] < 0) {
			*cause = xasprintf(is_new ?
			    _("the new list has no column '%s'") :
			    _("the old list has no column '%s'"),
			    role_names[r]);
			return (-1);
		}
	}
	return (0);
}

/* The columns compared: the new list's, found in the old by name. */
static void
compare_columns(struct diff *d)
{
	const struct table	*o = d->s[0].t, *n = d->s[1].t;
	struct diff_column	*c;
	size_t			 i, r;
	long			 oc;

	for (i = 0; i < table_file_cols(n) && d->ncols < MAX_COLUMNS; i++) {
		if ((long)i == d->s[1].col[DIFF_COL_MARK])
			continue;
		c = &d->cols[d->ncols++];
		c->name = table_col_name(n, i);
		c->new_col = (long)i;
		c->role = DIFF_COL_OTHER;
		for (r = 0; r < DIFF_COL_OTHER; r++)
			if (d->s[1].col[r] == (long)i)
				c->role = (enum diff_role)r;
		if (c->role != DIFF_COL_OTHER)
			oc = d->s[0].col[c->role];
		else {
			oc = table_col_find(o, c->name);
			if (oc >= 0 && (table_col_flags(o, (size_t)oc) &
			    TABLE_COL_DERIVED) != 0)
				oc = -1;
		}
		c->old_col = oc;
	}
	/*
	 * The same columns in the same places (the mark aside, last): equal
	 * raw keys then mean equal cells.
	 */
	d->same_layout = d->ncols < MAX_COLUMNS &&
	    table_file_cols(o) + (d->s[1].col[DIFF_COL_MARK] >= 0) ==
	    table_file_cols(n) && (d->s[1].col[DIFF_COL_MARK] < 0 ||
	    (size_t)d->s[1].col[DIFF_COL_MARK] == table_file_cols(n) - 1);
	for (i = 0; i < d->ncols; i++)
		if (d->cols[i].old_col != d->cols[i].new_col)
			d->same_layout = 0;
}

/* Nonzero when two cells differ (spaces around ignored). */
static int
cells_differ(const char *a, size_t la, const char *b, size_t lb)
{
	trim(&a, &la);
	trim(&b, &lb);
	return (la != lb || memcmp(a, b, la) != 0);
}

/* Classify a linked pair: category, detail, fields. */
static void
classify(struct diff *d, struct diff_change *ch)
{
	const struct rkey	*a = &d->s[0].k[ch->old_row];
	const struct rkey	*b = &d->s[1].k[ch->new_row];
	const char		*oc[MAX_CELLS], *nc[MAX_CELLS], *x, *y;
	size_t			 ol[MAX_CELLS], nl[MAX_CELLS], ow, nw, i;
	size_t			 lx, ly;
	const struct diff_column *c;
	unsigned		 det = 0, place = 0;
	int			 differ;

	ch->fields = 0;
	if (d->same_layout && a->raw == b->raw && a->birth == b->birth &&
	    d->s[0].pass[ch->old_row] <= PASS_SAME) {
		/* The same cells: only the section and line may differ. */
		for (i = 0; i < d->ncols; i++) {
			c = &d->cols[i];
			if ((c->role == DIFF_COL_SECTION &&
			    a->section != b->section) ||
			    (c->role == DIFF_COL_LINE && a->line != b->line))
				ch->fields |= UINT64_C(1) << i;
		}
		ch->cat = ch->fields != 0 ? DIFF_RENUMBERED : DIFF_UNCHANGED;
		ch->detail = 0;
		return;
	}
	ow = row_cells(d->s[0].t, ch->old_row, oc, ol, MAX_CELLS);
	nw = row_cells(d->s[1].t, ch->new_row, nc, nl, MAX_CELLS);
	for (i = 0; i < d->ncols; i++) {
		c = &d->cols[i];
		x = c->old_col >= 0 && (size_t)c->old_col < ow ?
		    oc[c->old_col] : "";
		lx = c->old_col >= 0 && (size_t)c->old_col < ow ?
		    ol[c->old_col] : 0;
		y = (size_t)c->new_col < nw ? nc[c->new_col] : "";
		ly = (size_t)c->new_col < nw ? nl[c->new_col] : 0;
		switch (c->role) {
		case DIFF_COL_BIRTH:
			differ = a->birth != b->birth;
			break;
		case DIFF_COL_SECTION:
			differ = a->section != b->section;
			break;
		case DIFF_COL_LINE:
			differ = a->line != 0 && b->line != 0 ?
			    a->line != b->line : cells_differ(x, lx, y, ly);
			break;
		default:
			differ = cells_differ(x, lx, y, ly);
			break;
		}
		if (!differ)
			continue;
		ch->fields |= UINT64_C(1) << i;
		switch (c->role) {
		case DIFF_COL_NOM:
		case DIFF_COL_PRENOM:
			det |= DIFF_NAME;
			break;
		case DIFF_COL_BIRTH:
			det |= DIFF_BIRTH;
			break;
		case DIFF_COL_SEX:
			det |= DIFF_SEX;
			break;
		case DIFF_COL_ADDRESS:
		case DIFF_COL_APT:
		case DIFF_COL_CITY:
		case DIFF_COL_POSTAL:
			det |= DIFF_ADDRESS;
			break;
		case DIFF_COL_SECTION:
		case DIFF_COL_LINE:
			place = 1;
			break;
		default:
			det |= DIFF_OTHER;
			break;
		}
	}
	if (d->s[0].pass[ch->old_row] == PASS_PERSON ||
	    d->s[0].pass[ch->old_row] == PASS_SECTION) {
		ch->cat = DIFF_MOVED;
		ch->detail = a->section == b->section ? DIFF_SAME_SECTION :
		    DIFF_OTHER_SECTION;
	} else if (det != 0) {
		ch->cat = DIFF_CORRECTED;
		ch->detail = (uint8_t)det;
	} else if (place) {
		ch->cat = DIFF_RENUMBERED;
		ch->detail = 0;
	} else {
		ch->cat = DIFF_UNCHANGED;
		ch->detail = 0;
	}
}

/* Nonzero when a mark and a category agree. */
static int
mark_agrees(int mark, int cat)
{
	if (mark == DIFF_NOMARK || cat == DIFF_AMBIGUOUS)
		return (1);
	if (mark == DIFF_UNCHANGED)
		return (cat == DIFF_UNCHANGED || cat == DIFF_RENUMBERED);
	return (mark == cat);
}

/* The section slot of key (added when new). */
static struct sect *
sect_get(struct diff *d, uint64_t key)
{
	struct sect	*old;
	size_t		 i, h, oldcap;

	if (d->nsects * 2 >= d->sectcap) {
		old = d->sects;
		oldcap = d->sectcap;
		d->sectcap = oldcap == 0 ? 256 : oldcap * 2;
		d->sects = xcalloc(d->sectcap, sizeof *d->sects);
		for (i = 0; i < oldcap; i++) {
			if (!old[i].used)
				continue;
			h = (size_t)old[i].key & (d->sectcap - 1);
			while (d->sects[h].used)
				h = (h + 1) & (d->sectcap - 1);
			d->sects[h] = old[i];
		}
		free(old);
	}
	h = (size_t)key & (d->sectcap - 1);
	while (d->sects[h].used) {
		if (d->sects[h].key == key)
			return (&d->sects[h]);
		h = (h + 1) & (d->sectcap - 1);
	}
	d->sects[h].used = 1;
	d->sects[h].key = key;
	d->sects[h].row = DIFF_NONE;
	d->nsects++;
	return (&d->sects[h]);
}

/* The section of a row as written. */
static const char *
sect_text(const struct diff *d, int side, uint32_t row)
{
	size_t	len;

	return (role_cell(&d->s[side], DIFF_COL_SECTION, row, &len));
}

/* qsort_r: sections by their text, natural order. */
static int
sect_cmp(const void *a, const void *b, void *arg)
{
	const struct diff	*sort_diff = arg;
	const struct sect	*x = *(const struct sect *const *)a;
	const struct sect	*y = *(const struct sect *const *)b;

	return (text_natcmp(sect_text(sort_diff, x->side, x->row),
	    sect_text(sort_diff, y->side, y->row)));
}

/* Rank the sections of both lists (natural order of their names). */
static void
rank_sections(struct diff *d)
{
	struct sect	**v, *sc;
	size_t		 i, k, n;
	int		 side;

	for (side = 1; side >= 0; side--) {
		for (i = 0; i < d->s[side].n; i++) {
			sc = sect_get(d, d->s[side].k[i].section);
			if (sc->row == DIFF_NONE) {
				sc->side = side;
				sc->row = (uint32_t)i;
			}
		}
	}
	v = xreallocarray(NULL, d->nsects + 1, sizeof *v);
	for (i = 0, n = 0; i < d->sectcap; i++)
		if (d->sects[i].used)
			v[n++] = &d->sects[i];
	qsort_r(v, n, sizeof *v, sect_cmp, d);
	for (k = 0; k < n; k++)
		v[k]->rank = (uint32_t)k;
	d->stat = xcalloc(n + 1, sizeof *d->stat);
	for (k = 0; k < n; k++)
		d->stat[k].name = sect_text(d, v[k]->side, v[k]->row);
	free(v);
}

/* The rank of a row's section. */
static uint32_t
sect_rank(struct diff *d, int side, uint32_t row)
{
	return (sect_get(d, d->s[side].k[row].section)->rank);
}

/* An entry to sort: the place in its list, then the change. */
struct order {
	uint64_t	 place;		/* rank * (last line + 1) + line */
	uint32_t	 ch;		/* the change, from the part's start */
	uint32_t	 tie;		/* its parts, hashed (for a tie) */
};

/* The changes being sorted, for the comparison. */
struct order_ctx {
	const struct diff	*d;
	const struct diff_change *base;
};

/* The side and row of a change being sorted. */
static void
order_row(const struct order_ctx *c, const struct order *o, int *side,
    uint32_t *row)
{
	const struct diff_change	*ch = &c->base[o->ch];

	*side = ch->new_row != DIFF_NONE;
	*row = *side ? ch->new_row : ch->old_row;
}

/*
 * qsort_r, for rows of one place: by their parts hashed, then by the
 * cells, so that the order of the rows in the files never matters.
 */
static int
order_cmp(const void *a, const void *b, void *arg)
{
	const struct order_ctx	*c = arg;
	const struct order	*x = a, *y = b;
	const struct table	*tx, *ty;
	const char		*cx, *cy;
	size_t			 i, n;
	uint32_t		 rx, ry;
	int			 sx, sy, r;

	if (x->tie != y->tie)
		return (x->tie < y->tie ? -1 : 1);
	order_row(c, x, &sx, &rx);
	order_row(c, y, &sy, &ry);
	tx = c->d->s[sx].t;
	ty = c->d->s[sy].t;
	n = table_file_cols(tx) < table_file_cols(ty) ? table_file_cols(tx) :
	    table_file_cols(ty);
	for (i = 0; i < n; i++) {
		cx = table_cell(tx, rx, i, NULL);
		cy = table_cell(ty, ry, i, NULL);
		if ((r = strcmp(cx, cy)) != 0)
			return (r);
	}
	return (rx < ry ? -1 : rx > ry);
}

/* Sort v[0..n) by place, stable (least significant digit first). */
static void
radix_sort(struct order *v, size_t n, uint64_t max)
{
	struct order	*tmp, *a = v, *b, *x;
	size_t		 count[1 << RADIX_BITS], i, sum, c;
	unsigned	 shift;

	tmp = xreallocarray(NULL, n, sizeof *tmp);
	b = tmp;
	for (shift = 0; shift < 64 && (max >> shift) != 0;
	    shift += RADIX_BITS) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(a[i].place >> shift) & RADIX_MASK]++;
		for (i = 0, sum = 0; i < (1 << RADIX_BITS); i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			b[count[(a[i].place >> shift) & RADIX_MASK]++] = a[i];
		x = a;
		a = b;
		b = x;
	}
	if (a != v)
		memcpy(v, a, n * sizeof *v);
	free(tmp);
}

/*
 * Sort entries [from, to) of the changes by place in their list: section
 * rank, then line, by a radix sort; rows of one place (no line numbers,
 * or duplicates) by their parts and cells, so that the order of the rows
 * in the files never shows.
 */
static void
sort_part(struct diff *d, size_t from, size_t to)
{
	struct order		*v;
	struct order_ctx	 ctx;
	struct diff_change	*copy;
	const struct rkey	*k;
	size_t			 i, j, m, n = to - from;
	uint64_t		 maxline = 0, max = 0;
	uint32_t		 row;
	int			 side, sorted = 1;

	if (n < 2)
		return;
	ctx.d = d;
	ctx.base = d->ch + from;
	v = xreallocarray(NULL, n, sizeof *v);
	for (i = 0; i < n; i++) {
		v[i].ch = (uint32_t)i;
		order_row(&ctx, &v[i], &side, &row);
		if (d->s[side].k[row].line > maxline)
			maxline = d->s[side].k[row].line;
	}
	for (i = 0; i < n; i++) {
		order_row(&ctx, &v[i], &side, &row);
		v[i].place = (uint64_t)sect_rank(d, side, row) *
		    (maxline + 1) + d->s[side].k[row].line;
		if (v[i].place > max)
			max = v[i].place;
		if (i > 0 && v[i].place <= v[i - 1].place)
			sorted = 0;
	}
	if (sorted) {
		free(v);
		return;
	}
	radix_sort(v, n, max);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].place == v[i].place; j++)
			/* nothing */;
		if (j - i < 2)
			continue;
		for (m = i; m < j; m++) {
			order_row(&ctx, &v[m], &side, &row);
			k = &d->s[side].k[row];
			v[m].tie = (uint32_t)mix(mix(mix(mix(mix(k->nom,
			    k->prenom), k->birth), k->addr), k->sex),
			    (uint64_t)(uint8_t)k->mark);
		}
		qsort_r(v + i, j - i, sizeof *v, order_cmp, &ctx);
	}
	copy = xreallocarray(NULL, n, sizeof *copy);
	for (i = 0; i < n; i++)
		copy[i] = ctx.base[v[i].ch];
	memcpy(d->ch + from, copy, n * sizeof *copy);
	free(copy);
	free(v);
}

/* Number the ambiguous groups in the order they are listed. */
static void
number_groups(struct diff *d)
{
	uint32_t	*num, root, next = 1;
	size_t		 i, total = d->s[0].n + d->s[1].n;
	struct diff_change *ch;

	if (d->parent == NULL)
		return;
	num = xcalloc(total + 1, sizeof *num);
	for (i = 0; i < d->nch; i++) {
		ch = &d->ch[i];
		if (ch->cat != DIFF_AMBIGUOUS)
			continue;
		root = uf_find(d->parent, ch->new_row != DIFF_NONE ?
		    (uint32_t)d->s[0].n + ch->new_row : ch->old_row);
		if (num[root] == 0)
			num[root] = next++;
		ch->group = num[root];
	}
	free(num);
}

/* The per-section statement and the totals. */
static void
statement(struct diff *d)
{
	struct diff_change	*ch;
	struct diff_section	*so, *sn;
	size_t			 i;

	for (i = 0; i < d->nch; i++) {
		ch = &d->ch[i];
		so = ch->old_row != DIFF_NONE ?
		    &d->stat[sect_rank(d, 0, ch->old_row)] : NULL;
		/* A Radiation row of a statement is not an elector after. */
		sn = ch->new_row != DIFF_NONE &&
		    d->s[1].state[ch->new_row] != ST_RAD &&
		    !(d->statement && ch->cat == DIFF_STRUCK) ?
		    &d->stat[sect_rank(d, 1, ch->new_row)] : NULL;
		if (so != NULL)
			so->before++;
		if (sn != NULL)
			sn->after++;
		if (so != NULL && sn == NULL && ch->cat == DIFF_UNCHANGED)
			so->after++;	/* statement: not mentioned */
		if (so != NULL && sn != NULL && so != sn) {
			so->moved_out++;
			sn->moved_in++;
		}
		switch (ch->cat) {
		case DIFF_ADDED:
			if (sn != NULL)
				sn->added++;
			break;
		case DIFF_STRUCK:
			if (so != NULL)
				so->struck++;
			break;
		case DIFF_CORRECTED:
			if (sn != NULL)
				sn->corrected++;
			break;
		case DIFF_AMBIGUOUS:
			if (so != NULL)
				so->ambiguous_before++;
			if (sn != NULL)
				sn->ambiguous_after++;
			break;
		default:
			break;
		}
		d->count[ch->cat]++;
		if (ch->disagree)
			d->disagree++;
	}
	for (i = 0; i < d->nsects; i++) {
		d->before += d->stat[i].before;
		d->after += d->stat[i].after;
	}
}

/* Changes [from, to) of the new side to classify. */
struct classify_range {
	struct diff	*d;
	size_t		 from, to;
};

/* Thread body: classify the linked pairs of a range. */
static void *
classify_part(void *arg)
{
	struct classify_range	*r = arg;
	struct diff_change	*ch;
	size_t			 i;

	for (i = r->from; i < r->to; i++) {
		ch = &r->d->ch[i];
		if (ch->old_row == DIFF_NONE ||
		    r->d->s[1].state[ch->new_row] != ST_LINKED)
			continue;
		classify(r->d, ch);
		ch->disagree = !mark_agrees(ch->mark, ch->cat) ||
		    r->d->s[1].probe[ch->new_row];
	}
	return (NULL);
}

/* Build the list of changes from the links. */
static void
collect(struct diff *d)
{
	struct side		*o = &d->s[0], *n = &d->s[1];
	struct diff_change	*ch;
	struct classify_range	 half[2];
	pthread_t		 th;
	size_t			 i, k = 0, split;
	int			 mark, threaded;

	d->ch = xreallocarray(NULL, o->n + n->n + 1, sizeof *d->ch);
	for (i = 0; i < n->n; i++) {
		if (n->state[i] == ST_LINKED && n->pass[i] == NPASSES)
			continue;	/* a Radiation: on the old side */
		ch = &d->ch[k++];
		memset(ch, 0, sizeof *ch);
		ch->old_row = DIFF_NONE;
		ch->new_row = (uint32_t)i;
		mark = n->k[i].mark;
		ch->mark = (int8_t)mark;
		if (n->state[i] == ST_RAD) {
			ch->cat = DIFF_STRUCK;	/* matches no old elector */
			ch->disagree = 1;
			continue;
		}
		if (n->state[i] == ST_LINKED) {
			ch->old_row = n->link[i];
			continue;	/* classified below */
		} else if (n->amb[i])
			ch->cat = DIFF_AMBIGUOUS;
		else
			ch->cat = DIFF_ADDED;
		ch->disagree = !mark_agrees(mark, ch->cat) || n->probe[i];
	}
	split = k;
	/* The linked pairs, on two threads. */
	half[0].d = half[1].d = d;
	half[0].from = 0;
	half[0].to = half[1].from = split / 2;
	half[1].to = split;
	threaded = pthread_create(&th, NULL, classify_part, &half[1]) == 0;
	classify_part(&half[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		classify_part(&half[1]);
	for (i = 0; i < o->n; i++) {
		if (o->state[i] == ST_LINKED && o->pass[i] != NPASSES)
			continue;
		ch = &d->ch[k++];
		memset(ch, 0, sizeof *ch);
		ch->old_row = (uint32_t)i;
		ch->new_row = DIFF_NONE;
		ch->mark = DIFF_NOMARK;
		if (o->state[i] == ST_LINKED) {
			ch->cat = DIFF_STRUCK;	/* by a Radiation */
			ch->mark = DIFF_STRUCK;
		} else if (o->amb[i])
			ch->cat = DIFF_AMBIGUOUS;
		else
			ch->cat = d->statement ? DIFF_UNCHANGED : DIFF_STRUCK;
	}
	d->nch = k;
	rank_sections(d);
	sort_part(d, 0, split);
	sort_part(d, split, k);
	number_groups(d);
	statement(d);
}

/* Allocate a side's arrays. */
static void
side_init(struct diff *d, struct side *s, const struct table *t)
{
	s->t = t;
	s->d = d;
	s->n = table_rows(t);
	s->k = xreallocarray(NULL, s->n + 1, sizeof *s->k);
	s->link = xreallocarray(NULL, s->n + 1, sizeof *s->link);
	s->state = xcalloc(s->n + 1, 1);
	s->pass = xcalloc(s->n + 1, 1);
	s->amb = xcalloc(s->n + 1, 1);
	s->probe = xcalloc(s->n + 1, 1);
}

int
diff_run(const struct table *old, const struct table *new,
    const struct diff_options *opts, struct diff **out, char **cause)
{
	struct diff	*d;
	struct side	*o, *n;
	pthread_t	 th;
	size_t		 i, marked = 0, unmarked = 0, rad = 0;
	int		 threaded, p, r;

	*out = NULL;
	d = xcalloc(1, sizeof *d);
	d->cancel = opts != NULL ? opts->cancel : NULL;
	o = &d->s[0];
	n = &d->s[1];
	side_init(d, o, old);
	side_init(d, n, new);
	if (find_columns(o, 0, cause) != 0 || find_columns(n, 1, cause) != 0) {
		diff_free(d);
		return (-1);
	}
	if (opts != NULL && opts->no_marks)
		n->col[DIFF_COL_MARK] = -1;
	if (o->n >= SLOT_FLAG / 2 || n->n >= SLOT_FLAG / 2) {
		*cause = xstrdup(_("too many rows to compare"));
		diff_free(d);
		return (-1);
	}
	compare_columns(d);
	d->ro = xreallocarray(NULL, o->n + 1, sizeof *d->ro);
	d->ko = xreallocarray(NULL, o->n + 1, sizeof *d->ko);
	d->rn = xreallocarray(NULL, n->n + 1, sizeof *d->rn);
	d->kn = xreallocarray(NULL, n->n + 1, sizeof *d->kn);

	threaded = pthread_create(&th, NULL, side_keys, n) == 0;
	side_keys(o);
	if (threaded)
		pthread_join(th, NULL);
	else
		side_keys(n);
	if (d->cancel != NULL && *d->cancel)
		goto cancelled;

	/* The marks: who is kept out, and is it a statement? */
	d->marks = n->col[DIFF_COL_MARK] >= 0;
	for (i = 0; d->marks && i < n->n; i++) {
		if (n->k[i].mark == DIFF_UNCHANGED)
			unmarked++;
		else
			marked++;
		if (n->k[i].mark == DIFF_STRUCK)
			rad++;
	}
	d->statement = d->marks && marked > 0 && (unmarked == 0 || rad > 0);
	for (i = 0; d->marks && i < n->n; i++) {
		if (n->k[i].mark == DIFF_ADDED)
			n->state[i] = ST_OUT;
		else if (n->k[i].mark == DIFF_STRUCK && d->statement)
			n->state[i] = ST_RAD;
	}

	if (d->statement) {
		/* Radiations strike off the old rows they are. */
		for (p = PASS_EXACT; p <= PASS_SAME; p++)
			if (run_pass(d, (enum pass)p, ST_RAD, RUN_LINK, 0) != 0)
				goto cancelled;
		for (i = 0; i < n->n; i++) {
			if (n->state[i] != ST_LINKED)
				continue;
			o->pass[n->link[i]] = NPASSES;
			n->pass[i] = NPASSES;
		}
	}
	for (p = 0; p < NPASSES; p++) {
			r = run_pass(d, (enum pass)p, ST_FREE, RUN_LINK,
		    p == PASS_SAME || p == PASS_PERSON || p == PASS_BIRTH);
		if (r != 0)
			goto cancelled;
	}
	/*
	 * Rows marked Ajout that are an old elector left unlinked (struck
	 * off); not in a statement, whose old rows left are unchanged.
	 */
	for (p = 0; d->marks && !d->statement && p < NPASSES; p++)
		if (run_pass(d, (enum pass)p, ST_OUT, RUN_PROBE, 0) != 0)
			goto cancelled;
	collect(d);
	*out = d;
	return (0);

cancelled:
	diff_free(d);
	return (-2);
}

void
diff_free(struct diff *d)
{
	int	 i;

	if (d == NULL)
		return;
	for (i = 0; i < 2; i++) {
		free(d->s[i].k);
		free(d->s[i].link);
		free(d->s[i].state);
		free(d->s[i].pass);
		free(d->s[i].amb);
		free(d->s[i].probe);
	}
	free(d->parent);
	free(d->tab);
	free(d->ro);
	free(d->rn);
	free(d->ko);
	free(d->kn);
	free(d->ch);
	free(d->sects);
	free(d->stat);
	free(d);
}

const struct diff_change *
diff_changes(const struct diff *d, size_t *n)
{
	*n = d->nch;
	return (d->ch);
}

size_t
diff_count(const struct diff *d, enum diff_cat c)
{
	return ((unsigned)c < DIFF_NCATS ? d->count[c] : 0);
}

size_t
diff_before(const struct diff *d)
{
	return (d->before);
}

size_t
diff_after(const struct diff *d)
{
	return (d->after);
}

size_t
diff_disagreements(const struct diff *d)
{
	return (d->disagree);
}

int
diff_has_marks(const struct diff *d)
{
	return (d->marks);
}

int
diff_changes_only(const struct diff *d)
{
	return (d->statement);
}

size_t
diff_ncolumns(const struct diff *d)
{
	return (d->ncols);
}

const struct diff_column *
diff_column(const struct diff *d, size_t i)
{
	return (i < d->ncols ? &d->cols[i] : NULL);
}

long
diff_role_col(const struct diff *d, enum diff_role r, int side)
{
	if ((unsigned)r >= DIFF_COL_OTHER || side < 0 || side > 1)
		return (-1);
	return (d->s[side].col[r]);
}

const struct diff_section *
diff_sections(const struct diff *d, size_t *n)
{
	*n = d->nsects;
	return (d->stat);
}

const char *
diff_cat_token(enum diff_cat c)
{
	return ((unsigned)c < DIFF_NCATS ? cat_tokens[c] : "");
}

const char *
diff_cat_name(enum diff_cat c)
{
	return ((unsigned)c < DIFF_NCATS ? _(cat_names[c]) : "");
}

int
diff_parse_cat(const char *s)
{
	char	*f, *g;
	size_t	 i;
	int	 c = -1;

	f = text_fold_dup(s);
	for (i = 0; i < DIFF_NCATS && c < 0; i++) {
		if (strcmp(f, cat_tokens[i]) == 0)
			c = (int)i;
		else {
			g = text_fold_dup(_(cat_names[i]));
			if (strcmp(f, g) == 0)
				c = (int)i;
			free(g);
		}
	}
	for (i = 0; i < sizeof cat_words / sizeof cat_words[0] && c < 0; i++)
		if (strcmp(f, cat_words[i].word) == 0)
			c = cat_words[i].cat;
	if (c < 0 && strcmp(f, "struck off") == 0)
		c = DIFF_STRUCK;
	free(f);
	return (c);
}

void
diff_detail(unsigned detail, int translated, char *buf, size_t size)
{
	size_t	 i, len = 0;
	int	 n;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < sizeof detail_words / sizeof detail_words[0]; i++) {
		if ((detail & detail_words[i].bit) == 0)
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len > 0 ? "+" : "",
		    translated ? _(detail_words[i].name) :
		    detail_words[i].token);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}
