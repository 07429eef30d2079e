/*
 * pdf — a minimal PDF writer for the simulator (private to src/sim/): text
 * pages in Helvetica (WinAnsi), content streams deflated page by page and
 * sent to a sink as they are done, so a list of millions of electors never
 * sits in memory.
 */
#ifndef LISTELEC_SIM_PDF_H
#define LISTELEC_SIM_PDF_H

#include <stddef.h>

struct pdf;

/* The sink returns 0, or -1 to stop. */
struct pdf	*pdf_new(int (*sink)(void *, const void *, size_t), void *arg,
		     double width, double height);
/* End the current page (if any) and start a new one. */
int		 pdf_page(struct pdf *);
/* Text (UTF-8) at x, y in points, in size; bold or not. */
void		 pdf_text(struct pdf *, double x, double y, double size,
		     int bold, const char *);
/* One line of n cells (UTF-8) at y, each at its x; regular weight. */
void		 pdf_row(struct pdf *, double y, double size, size_t n,
		     const double *x, const char *const *cells);
/* End the document; 0 or -1 (the sink failed).  Frees. */
int		 pdf_finish(struct pdf *);

#endif
