/*
 * job — a piece of work on a thread of its own (job.h).
 */
#include "config.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "listelec/job.h"
#include "listelec/xmalloc.h"

static void *
job_main(void *arg)
{
	struct job	*j = arg;

	j->fn(j);
	pthread_mutex_lock(&j->mu);
	j->done = 1;
	pthread_mutex_unlock(&j->mu);
	if (j->wake != NULL)
		j->wake();
	return (NULL);
}

void
job_start(struct job *j, void (*fn)(struct job *), void *arg,
    void (*wake)(void))
{
	memset(j, 0, sizeof *j);
	pthread_mutex_init(&j->mu, NULL);
	j->fn = fn;
	j->arg = arg;
	j->wake = wake;
	clock_gettime(CLOCK_MONOTONIC, &j->t0);
	if (pthread_create(&j->th, NULL, job_main, j) != 0)
		fatal("cannot start a thread");
	j->started = 1;
}

void
job_progress(struct job *j, uint64_t now, uint64_t total, size_t items)
{
	pthread_mutex_lock(&j->mu);
	j->now = now;
	j->total = total;
	j->items = items;
	pthread_mutex_unlock(&j->mu);
}

void
job_read(struct job *j, uint64_t *now, uint64_t *total, size_t *items)
{
	pthread_mutex_lock(&j->mu);
	if (now != NULL)
		*now = j->now;
	if (total != NULL)
		*total = j->total;
	if (items != NULL)
		*items = j->items;
	pthread_mutex_unlock(&j->mu);
}

double
job_elapsed(const struct job *j)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ((double)(t.tv_sec - j->t0.tv_sec) +
	    (double)(t.tv_nsec - j->t0.tv_nsec) / 1e9);
}

void
job_cancel(struct job *j)
{
	__atomic_store_n(&j->cancel, 1, __ATOMIC_RELEASE);
}

int
job_cancelled(const struct job *j)
{
	return (__atomic_load_n(&j->cancel, __ATOMIC_ACQUIRE));
}

int
job_done(struct job *j)
{
	int	 d;

	pthread_mutex_lock(&j->mu);
	d = j->done;
	pthread_mutex_unlock(&j->mu);
	return (d);
}

void
job_join(struct job *j)
{
	if (!j->started)
		return;
	pthread_join(j->th, NULL);
	pthread_mutex_destroy(&j->mu);
	j->started = 0;
}

void
job_lock(struct job *j)
{
	pthread_mutex_lock(&j->mu);
}

void
job_unlock(struct job *j)
{
	pthread_mutex_unlock(&j->mu);
}
