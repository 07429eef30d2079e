/*
 * acm — Aho–Corasick over byte classes (see acm.h).  The bytes the needles
 * use get classes 1..k, every other byte (NUL among them) class 0, which
 * always leads back to the root.  The trie is built in a dense table of
 * states × classes, then completed breadth first into a full automaton:
 * a scan is one table load per byte, whatever the number of needles.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listelec/acm.h"
#include "listelec/xmalloc.h"

struct acm {
	uint32_t	*delta;		/* nstates × nclass */
	uint64_t	*out;		/* bits ending at each state */
	size_t		 nclass;
	size_t		 nstates;
	unsigned char	 cls[256];
};

/* Build the automaton; NULL when it would be too large. */
struct acm *
acm_new(const char *const *needles, const size_t *lens, const unsigned *bits,
    size_t n)
{
	struct acm	*a;
	uint32_t	*queue, *fail, *row, u, r;
	size_t		 i, j, bound = 1, nclass = 1, head, tail, c;
	unsigned char	 cls[256];

	memset(cls, 0, sizeof cls);
	for (i = 0; i < n; i++) {
		for (j = 0; j < lens[i]; j++) {
			c = (unsigned char)needles[i][j];
			if (c != 0 && cls[c] == 0)
				cls[c] = (unsigned char)nclass++;
		}
		bound += lens[i];
	}
	if (bound > ACM_MAX_CELLS / nclass)
		return (NULL);

	a = xcalloc(1, sizeof *a);
	memcpy(a->cls, cls, sizeof cls);
	a->nclass = nclass;
	a->delta = xcalloc(bound * nclass, sizeof *a->delta);
	a->out = xcalloc(bound, sizeof *a->out);
	a->nstates = 1;

	/* The trie: state 0 is the root, which is nobody's child. */
	for (i = 0; i < n; i++) {
		r = 0;
		for (j = 0; j < lens[i]; j++) {
			c = cls[(unsigned char)needles[i][j]];
			row = a->delta + (size_t)r * nclass;
			if (row[c] == 0)
				row[c] = (uint32_t)a->nstates++;
			r = row[c];
		}
		if (lens[i] > 0)
			a->out[r] |= UINT64_C(1) << (bits[i] & 63);
	}

	/*
	 * Breadth first: a child's failure is where its parent's failure
	 * goes on the same class; a missing edge is its failure's edge.
	 */
	queue = xcalloc(a->nstates, sizeof *queue);
	fail = xcalloc(a->nstates, sizeof *fail);
	head = tail = 0;
	for (c = 1; c < nclass; c++) {
		if ((u = a->delta[c]) != 0)
			queue[tail++] = u;
	}
	while (head < tail) {
		r = queue[head++];
		row = a->delta + (size_t)r * nclass;
		for (c = 1; c < nclass; c++) {
			if ((u = row[c]) != 0) {
				fail[u] = a->delta[(size_t)fail[r] * nclass +
				    c];
				a->out[u] |= a->out[fail[u]];
				queue[tail++] = u;
			} else
				row[c] = a->delta[(size_t)fail[r] * nclass + c];
		}
	}
	free(queue);
	free(fail);
	a->delta = xreallocarray(a->delta, a->nstates * nclass,
	    sizeof *a->delta);
	a->out = xreallocarray(a->out, a->nstates, sizeof *a->out);
	return (a);
}

/* Free; NULL is fine. */
void
acm_free(struct acm *a)
{
	if (a == NULL)
		return;
	free(a->delta);
	free(a->out);
	free(a);
}

/* The bits found in s[0..len), early out once want is covered. */
uint64_t
acm_scan(const struct acm *a, const char *s, size_t len, uint64_t want)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len;
	const uint32_t		*delta = a->delta;
	size_t			 nclass = a->nclass;
	uint32_t		 st = 0;
	uint64_t		 m = 0;

	while (p < end) {
		st = delta[(size_t)st * nclass + a->cls[*p++]];
		if (a->out[st] != 0) {
			m |= a->out[st];
			if ((m & want) == want)
				break;
		}
	}
	return (m);
}
