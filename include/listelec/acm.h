/*
 * acm — many needles searched in one pass (Aho–Corasick, as a full
 * automaton over the bytes the needles use).  The filter uses it for a
 * term with many alternatives, so `code:H2X|H2Y|…` costs one walk of the
 * cell instead of one search per alternative.  Each needle carries a bit
 * (0..63); a scan returns the bits of the needles found.
 */
#ifndef LISTELEC_ACM_H
#define LISTELEC_ACM_H

#include <stddef.h>
#include <stdint.h>

struct acm;

/* Transitions an automaton may hold (4 bytes each): beyond, acm_new
   refuses (a filter of 64 KiB over ordinary text needs far fewer). */
#define ACM_MAX_CELLS	(4u * 1024 * 1024)

/*
 * An automaton for needles[0..n) (lens[i] bytes each, at least 1, no NUL
 * byte), needle i reporting bits[i] (0..63).  NULL when it would hold more
 * than ACM_MAX_CELLS transitions.
 */
struct acm	*acm_new(const char *const *needles, const size_t *lens,
		     const unsigned *bits, size_t n);
void		 acm_free(struct acm *);
/*
 * The bits of the needles found in s[0..len), stopping as soon as every
 * bit of want is found.  A NUL byte in s ends any match (cells of a row
 * are NUL-separated).
 */
uint64_t	 acm_scan(const struct acm *, const char *s, size_t len,
		     uint64_t want);

#endif
