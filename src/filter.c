/*
 * filter — the filter language of DESIGN.md: parse an expression against a
 * table's columns, then match rows without any folded copy of the table.
 *
 * Each value is folded once at parse time.  Substring search scans a cell
 * for bytes that can begin a character whose folding holds the needle's
 * first byte (text_fold_leads: the letter in both cases and the lead bytes
 * of accented letters), then verifies each candidate by folding on the
 * fly, with an ASCII fast path.
 *
 * A run over many rows tests each term against the distinct values of
 * the columns it looks at (table_col_value; a bare value looks at every
 * column), once each, over both cores, giving a byte per value; the rows
 * are then read through their codes (table_col_codes), a lookup per
 * column per term.  filter_match tests one row's cells directly.
 *
 * Comparisons are numeric when both sides are numbers, by date when the
 * column holds dates or both sides are dates (a year, AAAA-MM or MM/AAAA
 * given against a date column stands for the whole period), else folded
 * natural text order.  An empty cell satisfies no comparison, except
 * col="" (the cell is empty) and col!="" (it is not).
 *
 * filter_run splits the values, then the rows, over threads, keeps the
 * rows' order and checks a cancel flag every few thousand of either.
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define FILTER_SSE2	1
#endif

#include "listelec/acm.h"
#include "listelec/filter.h"
#include "listelec/i18n.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define FILTER_CHUNK		4096	/* rows between checks of *cancel */
#define FILTER_MIN_THREAD	16384	/* rows worth a thread */
#define FILTER_MAX_THREADS	64
#define FILTER_MAX_EXPR		65536	/* bytes of an expression */
#define FILTER_MAX_TERMS	64	/* terms of an expression */
#define FILTER_MAX_ALTS		256	/* alternatives of a term */
#define FILTER_CELL_BUF		256	/* folded cells on the stack */
#define FILTER_VALUE_CHUNK	4096	/* values tested between checks */
#define FILTER_PREP_MIN		1024	/* rows worth testing values first */
#define FILTER_MULTI_MIN	4	/* alternatives worth an automaton */
#define FILTER_MAX_ORDER_ALTS	16	/* alternatives of a comparison */
#define FILTER_FOLD_BUF		4096	/* folded text on the stack */

enum filter_op {
	OP_CONTAINS,
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
};

/* One alternative of a term's value, prepared for matching. */
struct filter_alt {
	char		*folded;	/* the value folded */
	size_t		 flen;
	int		 empty;		/* "" as typed (a lone accent folds
					   to nothing but is no "") */
	const unsigned char *leads;	/* [256]: bytes that may start a
					   match (owned by the filter) */
	const unsigned char *cand2;	/* [256]: a bit per U+0080–U+07FF
					   folding to something holding c0 */
	unsigned char	 c0, m0;	/* first byte; 0x20 when a letter */
	unsigned char	 c1, m1;	/* second byte, when two */
	int		 two;		/* c0 ASCII and a second byte */
	int		 is_num;
	double		 num;
	int		 is_date;	/* [date_lo, date_hi] */
	int32_t		 date_lo;
	int32_t		 date_hi;
};

/* One term: [-] [column op] value|value… */
struct filter_term {
	int		 negate;
	long		 col;		/* -1: any column */
	enum filter_op	 op;
	struct filter_alt *alts;
	size_t		 nalts;
	int		 derived;	/* a bare value that may match a
					   derived column */
	struct acm	*acm;		/* many "contains" alternatives: all
					   searched in one pass */
};

struct filter {
	struct filter_term *terms;
	size_t		 nterms;
	size_t		 filecols;	/* columns read from the file */
	size_t		 ncols;		/* with the derived ones */
	unsigned char	*leads[256];	/* leads and cand2 by first byte */
};

/* A column a term looks at, prepared for a run: a byte per value. */
struct pcol {
	const char	*codes;		/* table_col_codes */
	unsigned	 w;
	size_t		 stride;
	uint8_t		*hit;		/* nonzero: the value holds the term */
	uint64_t	*bits;		/* the same, a bit per value */
	size_t		 col;
	size_t		 nvals;
	double		 share;		/* of the values, those that hit */
};

/* A term prepared: holds when a column hits, or (negated) none does. */
struct pterm {
	const struct filter_term *term;
	struct pcol	*cols;
	size_t		 ncols;
	int		 negate;
};

/* A filter prepared for the rows of one table. */
struct prep {
	struct pterm	*terms;
	size_t		 nterms;
	int		 none;		/* no row can match */
};

/* The parser's state. */
struct parser {
	const char	*s;
	size_t		 len;
	size_t		 i;
	const struct table *t;
	struct filter_error *err;
	struct filter	*f;
};

static int	 parse_error(struct parser *, size_t, size_t, const char *, ...)
		     __attribute__((format(printf, 4, 5)));
static int	 word_starts(const char *, const char *, size_t);
static char	*column_list(const struct table *, const char *);
static int	 parse_quoted(struct parser *, char **, size_t *);
static int	 parse_term(struct parser *, struct filter_term *);
static int	 parse_value(struct parser *, struct filter_term *, size_t);
static void	 prepare_alt(struct parser *, struct filter_alt *, const char *,
		     size_t, int);
static int	 date_period(const char *, size_t, int32_t *, int32_t *);
static void	 free_term(struct filter_term *);
static int	 build_automata(struct parser *, struct filter *);
static uint64_t	 fold_scan(const struct acm *, const char *, size_t,
		     uint64_t);
static int	 match_here(const unsigned char *, const unsigned char *,
		     const struct filter_alt *);
static const unsigned char *next_candidate(const unsigned char *,
		     const unsigned char *, const unsigned char *,
		     const struct filter_alt *);
static const unsigned char *find(const unsigned char *,
		     const unsigned char *, const unsigned char *,
		     const struct filter_alt *);
static int	 contains(const char *, size_t, const struct filter_alt *);
static int	 derived_maybe(const struct table *, size_t,
		     const struct filter_alt *);
static size_t	 run_subset(const struct filter *, const struct table *,
		     const uint32_t *, size_t, uint32_t *, unsigned,
		     volatile int *);
static int	 fold_equal(const char *, size_t, const struct filter_alt *);
static int	 fold_compare(const char *, size_t, const struct filter_alt *);
static int	 compare_alt(const char *, size_t, enum filter_op,
		     const struct filter_alt *, int);
static int	 term_cell(const struct filter_term *, const char *, size_t,
		     int);
static int	 term_any(const struct filter *, const struct filter_term *,
		     const struct table *, size_t);
static int	 term_match(const struct filter *, const struct filter_term *,
		     const struct table *, size_t);
static struct prep *prepare(const struct filter *, const struct table *,
		     unsigned, volatile int *);
static void	 prep_free(struct prep *);
static int	 prep_match(const struct prep *, size_t);
static void	*run_thread(void *);
static int	 is_space(int);

/* Lower-case an ASCII byte. */
static inline unsigned char
lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c);
}

/* Spaces that separate terms. */
static int
is_space(int c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

/* Fill err at pos/len with a formatted message; returns -1. */
static int
parse_error(struct parser *p, size_t pos, size_t len, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	p->err->pos = pos;
	p->err->len = len;
	p->err->message = xvasprintf(fmt, ap);
	va_end(ap);
	return (-1);
}

/* Nonzero when a word of the folded name, after the first, starts so. */
static int
word_starts(const char *name, const char *prefix, size_t n)
{
	const char	*p;

	for (p = name; *p != '\0'; p++) {
		if (p > name && strchr(" -_/.'", p[-1]) != NULL &&
		    strchr(" -_/.'", *p) == NULL && strncmp(p, prefix, n) == 0)
			return (1);
	}
	return (0);
}

/*
 * The table's column names, sanitized, joined by ", ".  With a prefix:
 * only those it could name, as table_col_find reads it (names starting
 * so, else names with a later word starting so).  Caller frees.
 */
static char *
column_list(const struct table *t, const char *prefix)
{
	char		*out = xstrdup(""), *name, *f, *next;
	size_t		 i, plen = prefix != NULL ? strlen(prefix) : 0;
	const char	*c;
	int		 pass, keep;

	for (pass = 0; pass < 2 && *out == '\0'; pass++) {
		for (i = 0; i < table_cols(t); i++) {
			c = table_col_name(t, i);
			keep = prefix == NULL;
			if (prefix != NULL) {
				f = text_fold_dup(c);
				keep = pass == 0 ?
				    strncmp(f, prefix, plen) == 0 :
				    word_starts(f, prefix, plen);
				free(f);
			}
			if (!keep)
				continue;
			name = text_sanitize(c, strlen(c), 0, 0);
			next = xasprintf("%s%s%s", out, *out != '\0' ?
			    ", " : "", name);
			free(name);
			free(out);
			out = next;
		}
		if (prefix == NULL)
			break;
	}
	return (out);
}

/*
 * A quoted phrase at p->i (on the '"'): \" and \\ are escapes.  Returns 0
 * with an allocated *out, or -1.
 */
static int
parse_quoted(struct parser *p, char **out, size_t *outlen)
{
	size_t	 start = p->i, n = 0;
	char	*buf;

	buf = xmalloc(p->len - p->i + 1);
	p->i++;
	while (p->i < p->len && p->s[p->i] != '"') {
		if (p->s[p->i] == '\\' && p->i + 1 < p->len &&
		    (p->s[p->i + 1] == '"' || p->s[p->i + 1] == '\\'))
			p->i++;
		buf[n++] = p->s[p->i++];
	}
	if (p->i >= p->len) {
		free(buf);
		return (parse_error(p, start, p->len - start,
		    _("Missing closing quote.")));
	}
	p->i++;
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return (0);
}

/*
 * A date or a period: AAAA-MM-JJ, JJ/MM/AAAA, AAAA-MM, MM/AAAA, AAAA.
 * Returns 0 with the first and last day, or -1.
 */
static int
date_period(const char *s, size_t len, int32_t *lo, int32_t *hi)
{
	char	buf[32];
	int	y, m;
	size_t	i, ndig = 0;

	if (text_parse_date(s, len, lo) == 0) {
		*hi = *lo;
		return (0);
	}
	if (len > 7)
		return (-1);
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			ndig++;
		else if (s[i] != '-' && s[i] != '/')
			return (-1);
	}
	y = m = 0;
	if (len == 4 && ndig == 4) {
		for (i = 0; i < 4; i++)
			y = y * 10 + (s[i] - '0');
		snprintf(buf, sizeof buf, "%04d-01-01", y);
		if (text_parse_date(buf, strlen(buf), lo) != 0)
			return (-1);
		snprintf(buf, sizeof buf, "%04d-12-31", y);
		return (text_parse_date(buf, strlen(buf), hi));
	}
	if (len == 7 && ndig == 6 && s[4] == '-') {
		for (i = 0; i < 4; i++)
			y = y * 10 + (s[i] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
	} else if (len == 7 && ndig == 6 && s[2] == '/') {
		m = (s[0] - '0') * 10 + (s[1] - '0');
		for (i = 3; i < 7; i++)
			y = y * 10 + (s[i] - '0');
	} else
		return (-1);
	if (m < 1 || m > 12)
		return (-1);
	snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
	if (text_parse_date(buf, strlen(buf), lo) != 0)
		return (-1);
	if (m == 12)
		snprintf(buf, sizeof buf, "%04d-01-01", y + 1);
	else
		snprintf(buf, sizeof buf, "%04d-%02d-01", y, m + 1);
	if (text_parse_date(buf, strlen(buf), hi) != 0)
		return (-1);
	(*hi)--;
	return (0);
}

/*
 * Prepare one alternative: fold it, find the bytes that may start a match
 * (once per first byte: kept in the filter), read it as a number and a
 * date.
 */
static void
prepare_alt(struct parser *p, struct filter_alt *a, const char *v,
    size_t len, int datecol)
{
	char		 enc[4], out[4];
	size_t		 need, n, k;
	uint32_t	 cp;
	unsigned char	*c;

	a->folded = xmalloc(2 * len + 1);
	need = text_fold(a->folded, 2 * len + 1, v, len);
	if (need > 2 * len)
		fatal("filter: folded value too long");
	a->flen = need;
	a->empty = len == 0;
	if (a->flen > 0) {
		a->c0 = (unsigned char)a->folded[0];
		a->m0 = a->c0 >= 'a' && a->c0 <= 'z' ? 0x20 : 0;
		if ((c = p->f->leads[a->c0]) == NULL) {
			c = p->f->leads[a->c0] = xcalloc(2, 256);
			text_fold_leads(a->c0, c);
			for (cp = 0x80; cp < 0x800; cp++) {
				text_utf8_encode(cp, enc);
				text_fold_char((const unsigned char *)enc, 2,
				    out, &n);
				for (k = 0; k < n; k++) {
					if ((unsigned char)out[k] == a->c0)
						c[256 + (cp >> 3)] |=
						    (unsigned char)
						    (1 << (cp & 7));
				}
			}
		}
		a->leads = c;
		a->cand2 = c + 256;
	}
	if (a->flen > 1 && a->c0 < 0x80) {
		a->two = 1;
		a->c1 = (unsigned char)a->folded[1];
		a->m1 = a->c1 >= 'a' && a->c1 <= 'z' ? 0x20 : 0;
	}
	a->is_num = text_parse_number(v, len, &a->num) == 0;
	if (text_parse_date(v, len, &a->date_lo) == 0) {
		a->date_hi = a->date_lo;
		a->is_date = 1;
	} else if (datecol && date_period(v, len, &a->date_lo,
	    &a->date_hi) == 0)
		a->is_date = 1;
}

/*
 * The value of a term at p->i: alternatives joined by '|', each a word
 * (up to a space or '|') or a quoted phrase.  start is where the term began.
 */
static int
parse_value(struct parser *p, struct filter_term *term, size_t start)
{
	char		*v;
	size_t		 vlen, wstart, cap = 0;
	int		 datecol;

	datecol = term->col >= 0 &&
	    table_col_type(p->t, (size_t)term->col) == TABLE_COL_DATE;
	for (;;) {
		wstart = p->i;
		if (p->i < p->len && p->s[p->i] == '"') {
			if (parse_quoted(p, &v, &vlen) != 0)
				return (-1);
			if (p->i < p->len && !is_space(p->s[p->i]) &&
			    p->s[p->i] != '|') {
				free(v);
				return (parse_error(p, wstart,
				    p->i - wstart + 1, _("Unexpected character "
				    "after a quoted phrase (put a space before "
				    "it).")));
			}
		} else {
			while (p->i < p->len && !is_space(p->s[p->i]) &&
			    p->s[p->i] != '|')
				p->i++;
			vlen = p->i - wstart;
			if (vlen == 0) {
				if (term->nalts == 0 && term->col >= 0)
					return (parse_error(p, start,
					    p->i - start, _("Missing value "
					    "after the operator.")));
				return (parse_error(p, start,
				    (p->i < p->len ? p->i + 1 : p->i) - start,
				    _("Empty alternative: \"|\" needs a value "
				    "on each side.")));
			}
			v = xstrndup(p->s + wstart, vlen);
		}
		if (term->nalts == FILTER_MAX_ALTS) {
			free(v);
			return (parse_error(p, wstart, vlen, _("More than %d "
			    "alternatives in one term: split the list, or "
			    "filter on a shorter prefix."), FILTER_MAX_ALTS));
		}
		if (term->nalts == FILTER_MAX_ORDER_ALTS &&
		    term->op != OP_CONTAINS && term->op != OP_EQ &&
		    term->op != OP_NE) {
			free(v);
			return (parse_error(p, wstart, vlen, _("More than %d "
			    "alternatives in one comparison (<, <=, >, >=): "
			    "keep the lowest or the highest."),
			    FILTER_MAX_ORDER_ALTS));
		}
		if (term->nalts == cap) {
			cap = cap == 0 ? 2 : 2 * cap;
			term->alts = xreallocarray(term->alts, cap,
			    sizeof *term->alts);
		}
		memset(&term->alts[term->nalts], 0, sizeof *term->alts);
		prepare_alt(p, &term->alts[term->nalts], v, vlen, datecol);
		term->nalts++;
		free(v);
		if (vlen == 0 && term->op != OP_EQ && term->op != OP_NE &&
		    term->op != OP_CONTAINS)
			return (parse_error(p, start, p->i - start,
			    _("A comparison needs a value.")));
		if (p->i < p->len && p->s[p->i] == '|') {
			p->i++;
			continue;
		}
		return (0);
	}
}

/* One term at p->i (not on a space). */
static int
parse_term(struct parser *p, struct filter_term *term)
{
	size_t		 start = p->i, nstart, nlen, oplen;
	char		*name = NULL, *list, *f;
	const char	*opname;
	long		 col;
	int		 quoted = 0;

	memset(term, 0, sizeof *term);
	term->col = -1;
	term->op = OP_CONTAINS;
	if (p->s[p->i] == '-') {
		term->negate = 1;
		p->i++;
		if (p->i >= p->len || is_space(p->s[p->i]))
			return (parse_error(p, start, 1,
			    _("Nothing after \"-\" (to search for a dash, "
			    "write \"-\" in quotes).")));
		start = p->i;
	}

	/* A column name is a word or a phrase followed by an operator. */
	nstart = p->i;
	if (p->s[p->i] == '"') {
		if (parse_quoted(p, &name, &nlen) != 0)
			return (-1);
		quoted = 1;
	} else {
		while (p->i < p->len && !is_space(p->s[p->i]) &&
		    strchr(":=!<>|\"", p->s[p->i]) == NULL)
			p->i++;
		nlen = p->i - nstart;
	}
	if (p->i >= p->len || strchr(":=!<>", p->s[p->i]) == NULL) {
		/* A bare value over every column. */
		free(name);
		p->i = nstart;
		return (parse_value(p, term, start));
	}
	if (!quoted)
		name = xstrndup(p->s + nstart, nlen);
	opname = p->s + p->i;
	switch (p->s[p->i]) {
	case ':':
		term->op = OP_CONTAINS;
		oplen = 1;
		break;
	case '=':
		term->op = OP_EQ;
		oplen = 1;
		break;
	case '!':
		if (p->i + 1 >= p->len || p->s[p->i + 1] != '=') {
			free(name);
			return (parse_error(p, p->i, 1,
			    _("\"!\" must be followed by \"=\" "
			    "(col!=value).")));
		}
		term->op = OP_NE;
		oplen = 2;
		break;
	case '<':
		oplen = p->i + 1 < p->len && p->s[p->i + 1] == '=' ? 2 : 1;
		term->op = oplen == 2 ? OP_LE : OP_LT;
		break;
	default:
		oplen = p->i + 1 < p->len && p->s[p->i + 1] == '=' ? 2 : 1;
		term->op = oplen == 2 ? OP_GE : OP_GT;
		break;
	}
	if (nlen == 0 && !quoted) {
		free(name);
		return (parse_error(p, start, p->i + oplen - start,
		    _("Missing column name before \"%.*s\"."), (int)oplen,
		    opname));
	}
	col = table_col_find(p->t, name);
	if (col < 0) {
		f = text_fold_dup(name);
		free(name);
		name = text_sanitize(p->s + nstart, p->i - nstart, 0, 0);
		if (col == -2) {
			list = column_list(p->t, f);
			parse_error(p, nstart, p->i - nstart,
			    _("Ambiguous column \"%s\": it could be %s."),
			    name, list);
		} else {
			list = column_list(p->t, NULL);
			parse_error(p, nstart, p->i - nstart,
			    _("Unknown column \"%s\". The columns are: %s."),
			    name, list);
		}
		free(list);
		free(f);
		free(name);
		return (-1);
	}
	free(name);
	term->col = col;
	p->i += oplen;
	if (p->i >= p->len || is_space(p->s[p->i]))
		return (parse_error(p, start, p->i - start,
		    _("Missing value after \"%.*s\" (write \"\" for an empty "
		    "cell)."), (int)oplen, opname));
	return (parse_value(p, term, start));
}

/* Parse an expression; see filter.h. */
int
filter_parse(const char *expr, const struct table *t, struct filter **out,
    struct filter_error *err)
{
	struct parser	 p;
	struct filter	*f;
	struct filter_term *term;
	size_t		 cap = 0, c, k, i;

	memset(err, 0, sizeof *err);
	memset(&p, 0, sizeof p);
	p.s = expr;
	p.len = strlen(expr);
	p.t = t;
	p.err = err;
	if (p.len > FILTER_MAX_EXPR) {
		parse_error(&p, 0, p.len, _("The filter is too long (more "
		    "than %d bytes)."), FILTER_MAX_EXPR);
		*out = NULL;
		return (-1);
	}

	f = xcalloc(1, sizeof *f);
	p.f = f;
	f->ncols = table_cols(t);
	for (c = 0; c < f->ncols; c++) {
		if (table_col_flags(t, c) & TABLE_COL_DERIVED)
			break;
	}
	f->filecols = c;

	for (;;) {
		while (p.i < p.len && is_space(p.s[p.i]))
			p.i++;
		if (p.i >= p.len)
			break;
		if (f->nterms == FILTER_MAX_TERMS) {
			parse_error(&p, p.i, 1, _("More than %d terms in the "
			    "filter."), FILTER_MAX_TERMS);
			filter_free(f);
			*out = NULL;
			return (-1);
		}
		if (f->nterms == cap) {
			cap = cap == 0 ? 4 : 2 * cap;
			f->terms = xreallocarray(f->terms, cap,
			    sizeof *f->terms);
		}
		if (parse_term(&p, &f->terms[f->nterms]) != 0) {
			free_term(&f->terms[f->nterms]);
			filter_free(f);
			*out = NULL;
			return (-1);
		}
		f->nterms++;
	}

	if (build_automata(&p, f) != 0) {
		filter_free(f);
		*out = NULL;
		return (-1);
	}

	/* Bare values that a derived column may hold look there too. */
	for (k = 0; k < f->nterms; k++) {
		term = &f->terms[k];
		if (term->col >= 0)
			continue;
		for (c = f->filecols; c < f->ncols; c++) {
			for (i = 0; i < term->nalts; i++) {
				if (derived_maybe(t, c, &term->alts[i]))
					term->derived = 1;
			}
		}
	}
	*out = f;
	return (0);
}

/*
 * A term of "contains" with many alternatives (none empty) gets an
 * automaton of them.  A filter too varied for that is refused rather than
 * left slow.
 */
static int
build_automata(struct parser *p, struct filter *f)
{
	struct filter_term	*term;
	const char		**needles = NULL;
	size_t			*lens = NULL, n = 0, cap = 0, k, i;
	unsigned		*bits = NULL;
	int			 r = 0;

	for (k = 0; k < f->nterms && r == 0; k++) {
		term = &f->terms[k];
		if (term->op != OP_CONTAINS || term->nalts < FILTER_MULTI_MIN)
			continue;
		for (i = 0; i < term->nalts; i++) {
			if (term->alts[i].flen == 0)
				break;
		}
		if (i < term->nalts)
			continue;
		if (cap < n + term->nalts) {
			cap = 2 * (n + term->nalts);
			needles = xreallocarray(needles, cap, sizeof *needles);
			lens = xreallocarray(lens, cap, sizeof *lens);
			bits = xreallocarray(bits, cap, sizeof *bits);
		}
		for (i = 0; i < term->nalts; i++) {
			needles[n + i] = term->alts[i].folded;
			lens[n + i] = term->alts[i].flen;
			bits[n + i] = (unsigned)k;
		}
		term->acm = acm_new(needles + n, lens + n, bits + n,
		    term->nalts);
		if (term->acm == NULL)
			r = -1;
	}
	if (r != 0)
		parse_error(p, 0, p->len, _("The filter's alternatives are "
		    "too many and too varied to search quickly: split it "
		    "into smaller filters."));
	free(needles);
	free(lens);
	free(bits);
	return (r);
}

/* Free a term's values. */
static void
free_term(struct filter_term *term)
{
	size_t	i;

	acm_free(term->acm);
	term->acm = NULL;

	for (i = 0; i < term->nalts; i++)
		free(term->alts[i].folded);
	free(term->alts);
	term->alts = NULL;
	term->nalts = 0;
}

/* Free a filter and its values; NULL is allowed. */
void
filter_free(struct filter *f)
{
	size_t	i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nterms; i++)
		free_term(&f->terms[i]);
	for (i = 0; i < 256; i++)
		free(f->leads[i]);
	free(f->terms);
	free(f);
}

/* Nonzero for the empty expression. */
int
filter_is_empty(const struct filter *f)
{
	return (f == NULL || f->nterms == 0);
}

/*
 * Does the folded text starting with the character at s (up to end) begin
 * with the needle?  A match may start inside that character's folding
 * (ß → "ss" holds "s…").
 */
static int
match_here(const unsigned char *s, const unsigned char *end,
    const struct filter_alt *a)
{
	const unsigned char	*needle = (const unsigned char *)a->folded;
	const unsigned char	*q;
	char			 buf[4];
	size_t			 used, n, k, j, i;

	if (*s < 0x80) {
		if (lower(*s) != needle[0])
			return (0);
		n = 1;
		buf[0] = (char)needle[0];
		used = 1;
	} else
		used = text_fold_char(s, (size_t)(end - s), buf, &n);
	for (k = 0; k < n; k++) {
		if ((unsigned char)buf[k] != needle[0])
			continue;
		/* The rest of this character's folding. */
		i = 1;
		for (j = k + 1; j < n && i < a->flen; j++, i++) {
			if ((unsigned char)buf[j] != needle[i])
				break;
		}
		if (j < n && i < a->flen)
			continue;
		/* Then the following characters. */
		q = s + used;
		while (i < a->flen) {
			if (q < end && *q < 0x80) {
				if (lower(*q) != needle[i])
					break;
				q++;
				i++;
				continue;
			}
			if (q >= end || *q == '\0')
				break;
			{
				char	b2[4];
				size_t	n2, m;

				q += text_fold_char(q, (size_t)(end - q), b2,
				    &n2);
				for (m = 0; m < n2 && i < a->flen; m++, i++) {
					if ((unsigned char)b2[m] != needle[i])
						break;
				}
				if (m < n2 && i < a->flen)
					break;
			}
		}
		if (i == a->flen)
			return (1);
	}
	return (0);
}

/*
 * May the character at q (q + 1 < end for two-byte ones) start a match?
 * Two-byte characters are checked exactly (é is no candidate for 'c').
 */
static inline int
lead_ok(const struct filter_alt *a, const unsigned char *q,
    const unsigned char *end)
{
	unsigned	cp;

	if (*q < 0x80 || !a->leads[*q])
		return (a->leads[*q]);
	if (*q < 0xc0)
		return (0);	/* matches start at a character */
	if (*q >= 0xc2 && *q < 0xe0 && q + 1 < end && (q[1] & 0xc0) == 0x80) {
		cp = ((unsigned)(*q & 0x1f) << 6) | (q[1] & 0x3f);
		return ((a->cand2[cp >> 3] >> (cp & 7)) & 1);
	}
	return (1);
}

/*
 * The first byte at or after p that may start a match (a superset: each is
 * verified), or end.  Bytes up to limit (>= end) may be read.  With SSE2,
 * 16 bytes at a time: the needle's first
 * byte in either case followed by its second (or by any non-ASCII byte),
 * or a UTF-8 lead byte that text_fold_leads allows.
 */
static const unsigned char *
next_candidate(const unsigned char *p, const unsigned char *end,
    const unsigned char *limit, const struct filter_alt *a)
{
#ifdef FILTER_SSE2
	const __m128i	 zero = _mm_setzero_si128();
	const __m128i	 cont = _mm_set1_epi8(-65);	/* 0xbf */
	const __m128i	 c0 = _mm_set1_epi8((char)a->c0);
	const __m128i	 m0 = _mm_set1_epi8((char)a->m0);
	const __m128i	 c1 = _mm_set1_epi8((char)a->c1);
	const __m128i	 m1 = _mm_set1_epi8((char)a->m1);
	__m128i		 x0, x1, e, lead;
	unsigned	 mask;

	while (p < end && limit - p >= 17) {
		x0 = _mm_loadu_si128((const __m128i *)(const void *)p);
		lead = _mm_and_si128(_mm_cmpgt_epi8(x0, cont),
		    _mm_cmplt_epi8(x0, zero));
		if (a->c0 < 0x80) {
			e = _mm_cmpeq_epi8(_mm_or_si128(x0, m0), c0);
			if (a->two) {
				x1 = _mm_loadu_si128((const __m128i *)
				    (const void *)(p + 1));
				e = _mm_and_si128(e, _mm_or_si128(
				    _mm_cmpeq_epi8(_mm_or_si128(x1, m1), c1),
				    _mm_cmplt_epi8(x1, zero)));
			}
			e = _mm_or_si128(e, lead);
		} else
			e = lead;
		mask = (unsigned)_mm_movemask_epi8(e);
		if (end - p < 16)
			mask &= (1U << (end - p)) - 1;
		while (mask != 0) {
			if (lead_ok(a, p + __builtin_ctz(mask), end))
				return (p + __builtin_ctz(mask));
			mask &= mask - 1;
		}
		p += 16;
	}
#endif
	(void)limit;
	while (p < end && !lead_ok(a, p, end))
		p++;
	return (p);
}

/* The first match of the needle in [p, end), or end; see next_candidate. */
static const unsigned char *
find(const unsigned char *p, const unsigned char *end,
    const unsigned char *limit, const struct filter_alt *a)
{
	while ((p = next_candidate(p, end, limit, a)) < end) {
		if (match_here(p, end, a))
			return (p);
		p++;
	}
	return (end);
}

/* Nonzero when the folded text of s[0..len) contains the needle. */
static int
contains(const char *s, size_t len, const struct filter_alt *a)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (a->flen == 0)
		return (1);
	if (a->flen > 2 * len)
		return (0);
	return (find(p, p + len, p + len, a) < p + len);
}

/*
 * Could a derived column hold the value?  Numbers (Âge) hold only digits
 * and signs; Fichier holds the source names; other columns: maybe.
 */
static int
derived_maybe(const struct table *t, size_t col, const struct filter_alt *a)
{
	const char	*name;
	size_t		 i;

	if (a->flen == 0)
		return (1);
	if (table_col_type(t, col) == TABLE_COL_NUMBER) {
		for (i = 0; i < a->flen; i++) {
			if (strchr("0123456789+-.,", a->folded[i]) == NULL)
				return (0);
		}
		return (1);
	}
	if (strcmp(table_col_name(t, col), "Fichier") == 0) {
		for (i = 0; i < table_sources(t); i++) {
			name = table_source_name(t, i);
			if (contains(name, strlen(name), a))
				return (1);
		}
		return (0);
	}
	return (1);
}

/* Nonzero when the folded cell equals the folded value. */
static int
fold_equal(const char *s, size_t len, const struct filter_alt *a)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len;
	const unsigned char	*needle = (const unsigned char *)a->folded;
	char			 buf[4];
	size_t			 i = 0, n, k;

	while (p < end) {
		if (*p < 0x80) {
			if (i >= a->flen || lower(*p) != needle[i])
				return (0);
			p++;
			i++;
			continue;
		}
		p += text_fold_char(p, (size_t)(end - p), buf, &n);
		for (k = 0; k < n; k++, i++) {
			if (i >= a->flen || (unsigned char)buf[k] != needle[i])
				return (0);
		}
	}
	return (i == a->flen);
}

/* Natural order of the folded cell against the folded value: <0, 0, >0. */
static int
fold_compare(const char *s, size_t len, const struct filter_alt *a)
{
	char	 stack[FILTER_CELL_BUF], *buf = stack;
	size_t	 need;
	int	 r;

	need = text_fold(buf, sizeof stack, s, len);
	if (need >= sizeof stack) {
		buf = xmalloc(need + 1);
		text_fold(buf, need + 1, s, len);
	}
	r = text_natcmp(buf, a->folded);
	if (buf != stack)
		free(buf);
	return (r);
}

/* One comparison of a non-empty cell with one alternative. */
static int
compare_alt(const char *s, size_t len, enum filter_op op,
    const struct filter_alt *a, int datecol)
{
	double	 v;
	int32_t	 d;
	int	 r;

	if (a->is_num && text_parse_number(s, len, &v) == 0) {
		r = v < a->num ? -1 : v > a->num;
	} else if (a->is_date && (datecol || a->date_lo == a->date_hi) &&
	    text_parse_date(s, len, &d) == 0) {
		switch (op) {
		case OP_EQ:
			return (d >= a->date_lo && d <= a->date_hi);
		case OP_NE:
			return (d < a->date_lo || d > a->date_hi);
		case OP_LT:
			return (d < a->date_lo);
		case OP_LE:
			return (d <= a->date_hi);
		case OP_GT:
			return (d > a->date_hi);
		default:
			return (d >= a->date_lo);
		}
	} else if (op == OP_EQ || op == OP_NE) {
		r = fold_equal(s, len, a) ? 0 : 1;
	} else
		r = fold_compare(s, len, a);
	switch (op) {
	case OP_EQ:
		return (r == 0);
	case OP_NE:
		return (r != 0);
	case OP_LT:
		return (r < 0);
	case OP_LE:
		return (r <= 0);
	case OP_GT:
		return (r > 0);
	default:
		return (r >= 0);
	}
}

/*
 * The bits an automaton finds in the folded text of s[0..len) (NULs kept:
 * they end matches), stopping at the first when want is 0.
 */
static uint64_t
fold_scan(const struct acm *a, const char *s, size_t len, uint64_t want)
{
	char		 stack[FILTER_FOLD_BUF], *buf = stack;
	size_t		 n;
	uint64_t	 bits;

	n = text_fold(buf, sizeof stack, s, len);
	if (n >= sizeof stack) {
		buf = xmalloc(n + 1);
		text_fold(buf, n + 1, s, len);
	}
	bits = acm_scan(a, buf, n, want);
	if (buf != stack)
		free(buf);
	return (bits);
}

/* Does one cell satisfy the term (before negation)? */
static int
term_cell(const struct filter_term *term, const char *s, size_t len,
    int datecol)
{
	const struct filter_alt	*a;
	size_t			 i;

	if (term->acm != NULL)
		return (fold_scan(term->acm, s, len, 0) != 0);
	for (i = 0; i < term->nalts; i++) {
		a = &term->alts[i];
		if (term->op == OP_CONTAINS) {
			if (contains(s, len, a))
				return (1);
			continue;
		}
		if (a->empty) {
			/* col="" is empty, col!="" is not. */
			if ((term->op == OP_EQ) == (len == 0))
				return (1);
			continue;
		}
		if (len == 0)
			continue;
		if (compare_alt(s, len, term->op, a, datecol))
			return (1);
	}
	return (0);
}

/* A bare value: does any column of the row contain it? */
static int
term_any(const struct filter *f, const struct filter_term *term,
    const struct table *t, size_t row)
{
	const char	*s;
	size_t		 c, len, n;

	n = term->derived ? f->ncols : f->filecols;
	for (c = 0; c < n; c++) {
		s = table_cell(t, row, c, &len);
		if (term_cell(term, s, len, 0))
			return (1);
	}
	return (0);
}

/* Does the term hold for the row (after negation)? */
static int
term_match(const struct filter *f, const struct filter_term *term,
    const struct table *t, size_t row)
{
	const char	*s;
	size_t		 len, col;
	int		 r;

	if (term->col < 0)
		r = term_any(f, term, t, row);
	else {
		col = (size_t)term->col;
		s = table_cell(t, row, col, &len);
		r = term_cell(term, s, len,
		    table_col_type(t, col) == TABLE_COL_DATE);
	}
	return (term->negate ? !r : r);
}

/* Nonzero when every term holds for the row. */
int
filter_match(const struct filter *f, const struct table *t, size_t row)
{
	size_t	i;

	if (f == NULL)
		return (1);
	for (i = 0; i < f->nterms; i++) {
		if (!term_match(f, &f->terms[i], t, row))
			return (0);
	}
	return (1);
}

/* The code of row in a column's codes (table_col_codes). */
static inline uint32_t
code_at(const struct pcol *pc, size_t row)
{
	return (table_code_load(pc->codes + row * pc->stride,
	    (unsigned)pc->w));
}

/* One share of the values to test: values [from, to) of a column. */
struct value_job {
	const struct pterm	*pt;
	struct pcol		*pc;
	size_t			 from, to;
};

/* The values' tests, shared by threads taking jobs in turn. */
struct value_run {
	const struct table	*t;
	struct value_job	*jobs;
	size_t			 njobs;
	size_t			 next;		/* atomic */
	volatile int		*cancel;
	int			 cancelled;	/* atomic */
};

/* Test values, a job at a time, until none is left. */
static void *
value_thread(void *arg)
{
	struct value_run	*vr = arg;
	struct value_job	*j;
	const char		*s;
	size_t			 k, v, len;
	int			 datecol;

	for (;;) {
		k = __atomic_fetch_add(&vr->next, 1, __ATOMIC_RELAXED);
		if (k >= vr->njobs)
			break;
		if (vr->cancel != NULL && *vr->cancel) {
			__atomic_store_n(&vr->cancelled, 1, __ATOMIC_RELAXED);
			break;
		}
		j = &vr->jobs[k];
		datecol = j->pt->term->col >= 0 && table_col_type(vr->t,
		    j->pc->col) == TABLE_COL_DATE;
		for (v = j->from; v < j->to; v++) {
			s = table_col_value(vr->t, j->pc->col, (uint32_t)v,
			    &len);
			j->pc->hit[v] = (uint8_t)term_cell(j->pt->term, s, len,
			    datecol);
		}
	}
	return (NULL);
}

/* Free a prepared filter. */
static void
prep_free(struct prep *p)
{
	size_t	i, k;

	if (p == NULL)
		return;
	for (i = 0; i < p->nterms; i++) {
		for (k = 0; k < p->terms[i].ncols; k++) {
			free(p->terms[i].cols[k].hit);
			free(p->terms[i].cols[k].bits);
		}
		free(p->terms[i].cols);
	}
	free(p->terms);
	free(p);
}

/*
 * Keep of a prepared term only the columns where some value hits; a term
 * that holds for every row is dropped, one that holds for none makes the
 * filter match nothing.  Returns nonzero to keep the term.
 */
static int
prep_trim(struct prep *p, struct pterm *pt)
{
	size_t	k, v, o = 0, hits;
	int	always = 0;

	struct pcol	*pc, tmp;
	size_t		 j;

	for (k = 0; k < pt->ncols; k++) {
		pc = &pt->cols[k];
		pc->bits = xcalloc(pc->nvals / 64 + 1, sizeof *pc->bits);
		for (hits = 0, v = 0; v < pc->nvals; v++) {
			if (pc->hit[v] != 0) {
				hits++;
				pc->bits[v / 64] |= UINT64_C(1) << (v % 64);
			}
		}
		free(pc->hit);
		pc->hit = NULL;
		pc->share = pc->nvals > 0 ? (double)hits / pc->nvals : 0;
		if (hits == pc->nvals && hits > 0)
			always = 1;
		if (hits == 0 || always) {
			free(pc->bits);
			continue;
		}
		pt->cols[o++] = *pc;
	}
	pt->ncols = o;
	/* The columns most values of which hit first: a row is decided
	   sooner. */
	for (k = 1; k < o; k++) {
		tmp = pt->cols[k];
		for (j = k; j > 0 && pt->cols[j - 1].share < tmp.share; j--)
			pt->cols[j] = pt->cols[j - 1];
		pt->cols[j] = tmp;
	}
	if (always) {
		for (k = 0; k < o; k++)
			free(pt->cols[k].bits);
		pt->ncols = 0;
		if (pt->negate)
			p->none = 1;
		return (0);
	}
	if (o == 0) {
		if (!pt->negate)
			p->none = 1;
		return (0);
	}
	return (1);
}

/*
 * Prepare the filter for t's rows: each term tested once against every
 * distinct value of its columns, over nthreads threads.  NULL when
 * cancelled, or when some column has no codes (then test rows one by
 * one).
 */
static struct prep *
prepare(const struct filter *f, const struct table *t, unsigned nthreads,
    volatile int *cancel)
{
	struct prep		*p;
	struct pterm		*pt;
	struct pcol		*pc;
	struct value_run	 vr;
	pthread_t		 tids[FILTER_MAX_THREADS];
	int			 started[FILTER_MAX_THREADS];
	size_t			 i, c, n, v, cap = 0, total = 0, o;
	unsigned		 k;

	p = xcalloc(1, sizeof *p);
	p->terms = xcalloc(f->nterms + 1, sizeof *p->terms);
	memset(&vr, 0, sizeof vr);
	vr.t = t;
	vr.cancel = cancel;
	for (i = 0; i < f->nterms; i++) {
		pt = &p->terms[i];
		pt->term = &f->terms[i];
		pt->negate = f->terms[i].negate;
		n = f->terms[i].col >= 0 ? 1 :
		    (f->terms[i].derived ? f->ncols : f->filecols);
		pt->cols = xcalloc(n + 1, sizeof *pt->cols);
		pt->ncols = n;
		for (c = 0; c < n; c++) {
			pc = &pt->cols[c];
			pc->col = f->terms[i].col >= 0 ?
			    (size_t)f->terms[i].col : c;
			pc->codes = table_col_codes(t, pc->col, &pc->w,
			    &pc->stride);
			pc->nvals = table_col_values(t, pc->col);
			pc->hit = xcalloc(pc->nvals + 1, 1);
			if (pc->codes == NULL && table_rows(t) > 0) {
				p->nterms = i + 1;
				prep_free(p);
				free(vr.jobs);
				return (NULL);
			}
			for (v = 0; v < pc->nvals; v += FILTER_VALUE_CHUNK) {
				if (vr.njobs == cap) {
					cap = cap ? 2 * cap : 64;
					vr.jobs = xreallocarray(vr.jobs, cap,
					    sizeof *vr.jobs);
				}
				vr.jobs[vr.njobs].pt = pt;
				vr.jobs[vr.njobs].pc = pc;
				vr.jobs[vr.njobs].from = v;
				vr.jobs[vr.njobs].to = v + FILTER_VALUE_CHUNK <
				    pc->nvals ? v + FILTER_VALUE_CHUNK :
				    pc->nvals;
				vr.njobs++;
				total += vr.jobs[vr.njobs - 1].to - v;
			}
		}
	}
	p->nterms = f->nterms;
	if (total < 4 * FILTER_VALUE_CHUNK)
		nthreads = 1;
	if (nthreads > FILTER_MAX_THREADS)
		nthreads = FILTER_MAX_THREADS;
	for (k = 1; k < nthreads; k++)
		started[k] = pthread_create(&tids[k], NULL, value_thread,
		    &vr) == 0;
	value_thread(&vr);
	for (k = 1; k < nthreads; k++) {
		if (started[k])
			pthread_join(tids[k], NULL);
	}
	free(vr.jobs);
	if (vr.cancelled || (cancel != NULL && *cancel)) {
		prep_free(p);
		return (NULL);
	}
	for (i = 0, o = 0; i < p->nterms; i++) {
		if (prep_trim(p, &p->terms[i]))
			p->terms[o++] = p->terms[i];
		else
			free(p->terms[i].cols);
	}
	p->nterms = o;
	return (p);
}

/* Nonzero when row matches the prepared filter. */
static inline int
prep_match(const struct prep *p, size_t row)
{
	const struct pterm	*pt;
	const struct pcol	*pc;
	size_t			 i, k;
	uint32_t		 code;
	int			 m;

	if (p->none)
		return (0);
	for (i = 0; i < p->nterms; i++) {
		pt = &p->terms[i];
		m = 0;
		for (k = 0; k < pt->ncols && !m; k++) {
			pc = &pt->cols[k];
			code = code_at(pc, row);
			m = (int)((pc->bits[code / 64] >> (code % 64)) & 1);
		}
		if ((m != 0) == (pt->negate != 0))
			return (0);
	}
	return (1);
}

/* One thread's share of filter_run. */
struct run_part {
	const struct prep	*p;
	const uint32_t		*in;
	size_t			 first;
	size_t			 last;
	uint32_t		*out;	/* room for last - first */
	size_t			 found;
	volatile int		*cancel;
	int			 cancelled;
};

/* Filter rows [first, last) of a part through their codes. */
static void *
run_thread(void *arg)
{
	struct run_part		*part = arg;
	size_t			 i, row, n = 0;

	for (i = part->first; i < part->last; i++) {
		if ((i - part->first) % FILTER_CHUNK == 0 &&
		    part->cancel != NULL && *part->cancel) {
			part->cancelled = 1;
			break;
		}
		row = part->in != NULL ? part->in[i] : i;
		if (prep_match(part->p, row))
			part->out[n++] = (uint32_t)row;
	}
	part->found = n;
	return (NULL);
}

/*
 * A large subset in another order (a sorted view): reading rows in that
 * order would jump around memory, so run over every row in table order,
 * mark the matches in a bitmap, then keep the subset's matching rows.
 */
static size_t
run_subset(const struct filter *f, const struct table *t, const uint32_t *in,
    size_t n, uint32_t *out, unsigned nthreads, volatile int *cancel)
{
	uint32_t	*all;
	uint64_t	*bits;
	size_t		 nrows = table_rows(t), m, i, k = 0;

	all = xcalloc(nrows + 1, sizeof *all);
	m = filter_run(f, t, NULL, nrows, all, nthreads, cancel);
	if (m == (size_t)-1) {
		free(all);
		return ((size_t)-1);
	}
	bits = xcalloc(nrows / 64 + 1, sizeof *bits);
	for (i = 0; i < m; i++)
		bits[all[i] / 64] |= (uint64_t)1 << (all[i] % 64);
	free(all);
	for (i = 0; i < n; i++) {
		if (in[i] < nrows && (bits[in[i] / 64] >> (in[i] % 64)) & 1)
			out[k++] = in[i];
	}
	free(bits);
	if (cancel != NULL && *cancel)
		return ((size_t)-1);
	return (k);
}

/* The threads to use: 0 is the number of cores. */
static unsigned
threads_for(unsigned nthreads)
{
	long	ncpu;

	if (nthreads == 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		nthreads = ncpu > 0 ? (unsigned)ncpu : 1;
	}
	if (nthreads > FILTER_MAX_THREADS)
		nthreads = FILTER_MAX_THREADS;
	return (nthreads);
}

/* Rows in[0..n) (or 0..n-1) one by one, cells read directly. */
static size_t
run_slow(const struct filter *f, const struct table *t, const uint32_t *in,
    size_t n, uint32_t *out, volatile int *cancel)
{
	size_t	i, row, k = 0;

	for (i = 0; i < n; i++) {
		if (i % FILTER_CHUNK == 0 && cancel != NULL && *cancel)
			return ((size_t)-1);
		row = in != NULL ? in[i] : i;
		if (filter_match(f, t, row))
			out[k++] = (uint32_t)row;
	}
	return (k);
}

/* Run the filter over rows, in order, over threads; see filter.h. */
size_t
filter_run(const struct filter *f, const struct table *t, const uint32_t *in,
    size_t n, uint32_t *out, unsigned nthreads, volatile int *cancel)
{
	struct run_part	 parts[FILTER_MAX_THREADS];
	pthread_t	 tids[FILTER_MAX_THREADS];
	int		 started[FILTER_MAX_THREADS];
	struct prep	*p;
	size_t		 k, total, per;
	int		 cancelled = 0;

	if (in == NULL && n > table_rows(t))
		n = table_rows(t);
	if (f == NULL || f->nterms == 0) {
		for (k = 0; k < n; k++)
			out[k] = in != NULL ? in[k] : (uint32_t)k;
		return (cancel != NULL && *cancel ? (size_t)-1 : n);
	}
	if (in != NULL && n >= FILTER_MIN_THREAD && n >= table_rows(t) / 4)
		return (run_subset(f, t, in, n, out, nthreads, cancel));
	nthreads = threads_for(nthreads);
	if (n < FILTER_PREP_MIN || (p = prepare(f, t, nthreads,
	    cancel)) == NULL) {
		if (cancel != NULL && *cancel)
			return ((size_t)-1);
		return (run_slow(f, t, in, n, out, cancel));
	}
	if (p->none) {
		prep_free(p);
		return (cancel != NULL && *cancel ? (size_t)-1 : 0);
	}
	if (n / FILTER_MIN_THREAD < nthreads)
		nthreads = (unsigned)(n / FILTER_MIN_THREAD);
	if (nthreads == 0)
		nthreads = 1;
	per = (n + nthreads - 1) / nthreads;
	for (k = 0; k < nthreads; k++) {
		memset(&parts[k], 0, sizeof parts[k]);
		parts[k].p = p;
		parts[k].in = in;
		parts[k].first = k * per < n ? k * per : n;
		parts[k].last = (k + 1) * per < n ? (k + 1) * per : n;
		parts[k].out = out + parts[k].first;
		parts[k].cancel = cancel;
		started[k] = 0;
	}
	for (k = 1; k < nthreads; k++) {
		if (pthread_create(&tids[k], NULL, run_thread, &parts[k]) == 0)
			started[k] = 1;
	}
	run_thread(&parts[0]);
	for (k = 1; k < nthreads; k++) {
		if (started[k])
			pthread_join(tids[k], NULL);
		else
			run_thread(&parts[k]);
	}
	prep_free(p);
	total = 0;
	for (k = 0; k < nthreads; k++) {
		if (parts[k].cancelled)
			cancelled = 1;
		if (cancelled)
			continue;
		/* Parts are in order; each moves down after the previous. */
		if (parts[k].out != out + total)
			memmove(out + total, parts[k].out,
			    parts[k].found * sizeof *out);
		total += parts[k].found;
	}
	if (cancelled || (cancel != NULL && *cancel))
		return ((size_t)-1);
	return (total);
}

/* The next matching index from rows[from]; see filter.h. */
long
filter_search(const struct filter *f, const struct table *t,
    const uint32_t *rows, size_t n, size_t from, int backward, int wrap)
{
	struct prep	*p = NULL;
	size_t		 i, k, row;

	if (n == 0)
		return (-1);
	if (from >= n)
		from = backward ? n - 1 : (wrap ? 0 : n);
	if (from >= n)
		return (-1);
	if (f != NULL && f->nterms > 0 && n >= FILTER_PREP_MIN)
		p = prepare(f, t, threads_for(0), NULL);
	for (k = 0; k < n; k++) {
		if (backward) {
			if (k > from && !wrap)
				break;
			i = (from + n - k) % n;
		} else {
			if (from + k >= n && !wrap)
				break;
			i = (from + k) % n;
		}
		row = rows != NULL ? rows[i] : i;
		if (p != NULL ? prep_match(p, row) : filter_match(f, t, row)) {
			prep_free(p);
			return ((long)i);
		}
	}
	prep_free(p);
	return (-1);
}

/* Nonzero when new surely narrows old; see filter.h. */
int
filter_narrows(const char *old, const char *new)
{
	size_t		 n = strlen(old), i;
	const char	*last, *p;
	unsigned char	 b;

	if (n == 0 || strncmp(old, new, n) != 0 || new[n] == '\0')
		return (0);
	if (is_space(old[n - 1]) || old[n - 1] == ':')
		return (0);
	/* A character cut in two folds to something else. */
	for (i = n, b = 0; i > 0 && ((b = (unsigned char)old[i - 1]) &
	    0xc0) == 0x80; i--)
		;
	if (b >= 0x80 && (n - i + 1 < 2 || (b >= 0xe0 && n - i + 1 < 3) ||
	    (b >= 0xf0 && n - i + 1 < 4)))
		return (0);
	for (p = new + n; *p != '\0'; p++)
		if (is_space(*p) || strchr("|\"-<>=!:\\", *p) != NULL)
			return (0);
	for (last = old + n; last > old && !is_space(last[-1]); last--)
		;
	if (*last == '-')
		return (0);
	for (p = last; *p != '\0'; p++)
		if (strchr("|\"<>=!\\", *p) != NULL)
			return (0);
	return (1);
}

/* Quote value for the filter language; see filter.h. */
char *
filter_quote(const char *value)
{
	size_t	 n = strlen(value), i, k = 0;
	char	*q = xmalloc(2 * n + 3);

	q[k++] = '"';
	for (i = 0; i < n; i++) {
		if (value[i] == '"' || value[i] == '\\')
			q[k++] = '\\';
		q[k++] = value[i];
	}
	q[k++] = '"';
	q[k] = '\0';
	return (q);
}

/* "column"="value"; see filter.h. */
char *
filter_term_equals(const char *column, const char *value)
{
	char	*n, *v, *e;

	n = filter_quote(column);
	v = filter_quote(value);
	e = xasprintf("%s=%s", n, v);
	free(n);
	free(v);
	return (e);
}
