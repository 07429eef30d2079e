/*
 * sift — the table screen's background filter and sort, without curses:
 * one thread per table that sorts every row by the keys asked for (kept
 * while the keys stay the same), then filters that order, narrowing the
 * last result when the new expression only narrows the previous one
 * (filter_narrows).  A new job supersedes the running one, which stops at
 * its next cancellation point.  The caller's thread posts jobs and takes
 * results; wake (may be NULL) is called from the worker when a result or
 * an idle state is ready, so a screen can redraw.
 */
#ifndef LISTELEC_SIFT_H
#define LISTELEC_SIFT_H

#include <stddef.h>
#include <stdint.h>

#include "listelec/table.h"

struct filter;
struct sift;

/* A worker over t (borrowed until sift_free); the thread starts lazily. */
struct sift	*sift_new(struct table *t, void (*wake)(void *), void *arg);
/* Stop and join the thread; free every result. */
void		 sift_free(struct sift *);

/*
 * Post a job: the rows of filter f (taken; NULL or empty = every row) of
 * expression expr, in the order of keys[0..nkeys) (none = table order;
 * at most TABLE_MAXKEYS).  Returns the job's generation (1, 2, ...).
 */
unsigned	 sift_post(struct sift *, struct filter *f, const char *expr,
		    const struct table_sortkey *keys, size_t nkeys);

/*
 * The result of the last job posted, once ready: returns 1 with *rows
 * (taken by the caller: row numbers in order, or NULL meaning every row
 * in table order) and *n; 0 when it is not ready (or was taken).  *busy
 * (may be NULL) is set when a job is still queued or running.
 */
int		 sift_take(struct sift *, uint32_t **rows, size_t *n,
		    int *busy);

/* Wait until no job is queued or running (for tests and batch use). */
void		 sift_wait(struct sift *);

#endif
