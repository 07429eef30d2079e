/*
 * sift — the background filter and sort of the table screen (sift.h): one
 * worker thread, the last job posted wins, results taken by generation.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/filter.h"
#include "listelec/sift.h"
#include "listelec/table.h"
#include "listelec/xmalloc.h"

struct sift {
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 started;
	int		 quit;
	struct table	*t;
	size_t		 total;
	void		(*wake)(void *);
	void		*wake_arg;
	unsigned	 gen;		/* jobs posted */

	/* The job posted (taken by the thread). */
	int		 job;
	unsigned	 jgen;
	struct filter	*jf;
	char		*jexpr;
	struct table_sortkey jkeys[TABLE_MAXKEYS];
	size_t		 njkeys;
	volatile int	 cancel;
	int		 running;

	/* The last result. */
	int		 done;
	unsigned	 rgen;
	uint32_t	*rrows;		/* NULL: every row in table order */
	size_t		 rn;

	/* The thread's own: all rows in the sort order (NULL: table order). */
	uint32_t	*base;
	struct table_sortkey bkeys[TABLE_MAXKEYS];
	size_t		 nbkeys;
	/* and the last complete result, to narrow it as the user types. */
	char		*lexpr;
	uint32_t	*lrows;
	size_t		 ln;
};

/* Same sort keys. */
static int
keys_equal(const struct table_sortkey *a, size_t na,
    const struct table_sortkey *b, size_t nb)
{
	size_t	i;

	if (na != nb)
		return (0);
	for (i = 0; i < na; i++)
		if (a[i].col != b[i].col || a[i].desc != b[i].desc)
			return (0);
	return (1);
}

/* A fresh array of n row numbers (at least one slot). */
static uint32_t *
rows_new(size_t n)
{
	return (xreallocarray(NULL, n ? n : 1, sizeof (uint32_t)));
}

/* Sort the base order by keys unless it already is; -1 when cancelled. */
static int
sift_sort(struct sift *s, const struct table_sortkey *keys, size_t nkeys,
    int *resorted)
{
	uint32_t	*tmp;
	size_t		 i;

	*resorted = 0;
	if (keys_equal(keys, nkeys, s->bkeys, s->nbkeys))
		return (0);
	*resorted = 1;
	if (nkeys == 0) {
		free(s->base);
		s->base = NULL;
		s->nbkeys = 0;
		return (0);
	}
	tmp = rows_new(s->total);
	for (i = 0; i < s->total; i++)
		tmp[i] = (uint32_t)i;
	if (table_sort(s->t, keys, nkeys, tmp, s->total, &s->cancel) != 0) {
		free(tmp);
		return (-1);
	}
	free(s->base);
	s->base = tmp;
	memcpy(s->bkeys, keys, nkeys * sizeof *keys);
	s->nbkeys = nkeys;
	return (0);
}

/*
 * Filter the base order (or narrow the last result); *out NULL means
 * every row in table order.  Returns the count, or (size_t)-1 cancelled.
 */
static size_t
sift_filter(struct sift *s, struct filter *f, const char *expr,
    int resorted, uint32_t **out)
{
	*out = NULL;
	if (f == NULL || filter_is_empty(f)) {
		if (s->base != NULL) {
			*out = rows_new(s->total);
			memcpy(*out, s->base, s->total * sizeof **out);
		}
		return (s->total);
	}
	if (!resorted && s->lexpr != NULL && filter_narrows(s->lexpr, expr)) {
		*out = rows_new(s->ln);
		return (filter_run(f, s->t, s->lrows, s->ln, *out, 0,
		    &s->cancel));
	}
	*out = rows_new(s->total);
	return (filter_run(f, s->t, s->base, s->total, *out, 0, &s->cancel));
}

/* Keep a complete result to narrow the next one from. */
static void
sift_remember(struct sift *s, char *expr, const uint32_t *rows, size_t n)
{
	free(s->lexpr);
	free(s->lrows);
	s->lrows = rows_new(n);
	memcpy(s->lrows, rows, n * sizeof *rows);
	s->ln = n;
	s->lexpr = expr;
}

/* The worker thread: sort the base order when asked, then filter. */
static void *
sift_main(void *arg)
{
	struct sift		*s = arg;
	struct filter		*f;
	struct table_sortkey	 keys[TABLE_MAXKEYS];
	size_t			 nkeys, m = 0;
	unsigned		 gen;
	uint32_t		*out;
	int			 cancelled, resorted;
	char			*expr;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->job && !s->quit)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->quit)
			break;
		f = s->jf;
		s->jf = NULL;
		expr = s->jexpr;
		s->jexpr = NULL;
		gen = s->jgen;
		nkeys = s->njkeys;
		memcpy(keys, s->jkeys, sizeof keys);
		s->job = 0;
		s->cancel = 0;
		s->running = 1;
		pthread_mutex_unlock(&s->mu);

		out = NULL;
		cancelled = sift_sort(s, keys, nkeys, &resorted) != 0;
		if (!cancelled &&
		    (m = sift_filter(s, f, expr, resorted, &out)) ==
		    (size_t)-1)
			cancelled = 1;
		filter_free(f);
		if (resorted) {
			free(s->lexpr);
			free(s->lrows);
			s->lexpr = NULL;
			s->lrows = NULL;
		}
		if (!cancelled && out != NULL) {
			sift_remember(s, expr, out, m);
			expr = NULL;
		}
		free(expr);

		pthread_mutex_lock(&s->mu);
		s->running = 0;
		if (cancelled || gen != s->jgen)
			free(out);
		else {
			free(s->rrows);
			s->rrows = out;
			s->rn = m;
			s->rgen = gen;
			s->done = 1;
		}
		/* The screen's wake-up only writes a byte: safe under the
		   lock, and done before sift_wait can return. */
		if (s->wake != NULL)
			s->wake(s->wake_arg);
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return (NULL);
}

struct sift *
sift_new(struct table *t, void (*wake)(void *), void *arg)
{
	struct sift	*s = xcalloc(1, sizeof *s);

	s->t = t;
	s->total = table_rows(t);
	s->wake = wake;
	s->wake_arg = arg;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	return (s);
}

unsigned
sift_post(struct sift *s, struct filter *f, const char *expr,
    const struct table_sortkey *keys, size_t nkeys)
{
	unsigned	 gen;

	if (nkeys > TABLE_MAXKEYS)
		nkeys = TABLE_MAXKEYS;
	pthread_mutex_lock(&s->mu);
	if (!s->started) {
		if (pthread_create(&s->th, NULL, sift_main, s) != 0)
			fatal("cannot start a thread");
		s->started = 1;
	}
	if (s->job) {
		filter_free(s->jf);
		free(s->jexpr);
	}
	s->jf = f;
	s->jexpr = xstrdup(expr != NULL ? expr : "");
	gen = s->jgen = ++s->gen;
	s->njkeys = nkeys;
	if (nkeys > 0)
		memcpy(s->jkeys, keys, nkeys * sizeof *keys);
	s->job = 1;
	s->cancel = 1;		/* the running one is superseded */
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return (gen);
}

int
sift_take(struct sift *s, uint32_t **rows, size_t *n, int *busy)
{
	int	 r = 0;

	pthread_mutex_lock(&s->mu);
	if (s->done && s->rgen == s->gen) {
		*rows = s->rrows;
		*n = s->rn;
		s->rrows = NULL;
		s->done = 0;
		r = 1;
	}
	if (busy != NULL)
		*busy = s->job || s->running;
	pthread_mutex_unlock(&s->mu);
	return (r);
}

void
sift_wait(struct sift *s)
{
	pthread_mutex_lock(&s->mu);
	while (s->started && (s->job || s->running))
		pthread_cond_wait(&s->cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
}

void
sift_free(struct sift *s)
{
	if (s == NULL)
		return;
	if (s->started) {
		pthread_mutex_lock(&s->mu);
		s->quit = 1;
		s->cancel = 1;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->th, NULL);
	}
	if (s->job) {
		filter_free(s->jf);
		free(s->jexpr);
	}
	free(s->lexpr);
	free(s->lrows);
	free(s->rrows);
	free(s->base);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}
