/*
 * filter — the filter language of DESIGN.md:
 *
 *	EXPR  := TERM (space TERM)*		every term must hold
 *	TERM  := ['-'] ( COLUMN OP VALUE | VALUE )	'-' negates
 *	OP    := ':' contains | '=' | '!=' | '<' | '<=' | '>' | '>='
 *	VALUE := word | "quoted phrase" ; alternatives joined by '|'
 *
 * Matching ignores case and accents (text.h folding).  Comparisons are
 * numeric when both sides are numbers, by date when the column holds dates
 * or both sides are dates (a year, AAAA-MM or MM/AAAA against a date column
 * is the whole period), else by folded natural text order; an empty cell
 * satisfies no comparison, but col="" matches an empty cell and col!=""
 * a non-empty one.  A column is named by its folded name or a unique
 * prefix, quoted when it holds spaces ("Code postal":h2x); inside quotes \"
 * and \\ escape.  No curses.
 */
#ifndef LISTELEC_FILTER_H
#define LISTELEC_FILTER_H

#include <stddef.h>
#include <stdint.h>

struct table;
struct filter;

/* Where and why an expression is wrong. */
struct filter_error {
	size_t	 pos;		/* byte offset of the faulty term in expr */
	size_t	 len;		/* its length in bytes */
	char	*message;	/* allocated, translated; lists the columns
				   for an unknown or ambiguous one */
};

/*
 * Parse expr against t's columns (borrowed until filter_free).  An empty or
 * blank expression gives a filter that matches every row.  Returns 0, or -1
 * with *err filled (free err->message).
 */
int	 filter_parse(const char *expr, const struct table *t,
	     struct filter **out, struct filter_error *err);
void	 filter_free(struct filter *);
/* Nonzero when the filter matches every row (empty expression). */
int	 filter_is_empty(const struct filter *);

/* Nonzero when row matches. */
int	 filter_match(const struct filter *, const struct table *, size_t row);

/*
 * Run the filter over rows in[0..n) (or over every row when in is NULL),
 * writing the matching row numbers in order to out (room for n).  Uses up
 * to nthreads threads (0 = the number of cores).  Returns the number
 * written, or (size_t)-1 when *cancel became nonzero (checked often: a new
 * keystroke supersedes a running filter).
 */
size_t	 filter_run(const struct filter *, const struct table *,
	     const uint32_t *in, size_t n, uint32_t *out, unsigned nthreads,
	     volatile int *cancel);

/*
 * Find the first index i, from rows[from] on (from included; backward:
 * from rows[from] down to rows[0]), whose row matches; wrapping past the
 * end when wrap.  rows NULL: row i is i.  Returns i, or -1 if none.
 */
long	 filter_search(const struct filter *, const struct table *,
	     const uint32_t *rows, size_t n, size_t from, int backward,
	     int wrap);

/*
 * Nonzero only when every row matching new surely matches old: new is old
 * with letters added to its last term, a positive "contains" (bare word or
 * col:word) without quotes, alternatives or escapes.  Anything else (a '|',
 * a '-', an operator, a ':' typed after a word, a space) answers 0.
 */
int	 filter_narrows(const char *old, const char *new);

/* value as a quoted phrase ("…" with \" and \\); caller frees. */
char	*filter_quote(const char *value);

/*
 * The term selecting the rows whose column is value (equal after folding;
 * "" an empty cell): "column"="value".  Caller frees.
 */
char	*filter_term_equals(const char *column, const char *value);

#endif
