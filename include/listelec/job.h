/*
 * job — one piece of work on a thread of its own: the shape every
 * background step shares (the load behind `open`'s progress bar, the
 * wizard's network steps and its download).  The caller starts it, reads
 * its progress, may cancel it, asks whether it is done and joins it; the
 * work polls the cancel flag (also given to the modules that take an
 * `int *cancel`) and publishes progress.  wake (may be NULL) is called when
 * the work ends, so that a screen redraws.  No curses here.
 */
#ifndef LISTELEC_JOB_H
#define LISTELEC_JOB_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct job {
	pthread_t	 th;
	pthread_mutex_t	 mu;		/* progress, and the work's results */
	volatile int	 cancel;	/* set by job_cancel */
	int		 done;		/* the work returned */
	int		 started;
	struct timespec	 t0;		/* when it started */
	uint64_t	 now, total;	/* progress: units done, of total */
	size_t		 items;		/* progress: rows or items */
	void		(*fn)(struct job *);
	void		*arg;		/* the work's own */
	void		(*wake)(void);
};

/* Run fn(job) on a new thread; arg is left in job->arg. */
void	 job_start(struct job *, void (*fn)(struct job *), void *arg,
	    void (*wake)(void));
/* From the work: progress (total 0 or UINT64_MAX: unknown). */
void	 job_progress(struct job *, uint64_t now, uint64_t total,
	    size_t items);
/* A consistent copy of the progress (any pointer may be NULL). */
void	 job_read(struct job *, uint64_t *now, uint64_t *total,
	    size_t *items);
/* Seconds since job_start. */
double	 job_elapsed(const struct job *);
/* Ask the work to stop; it stops at its next check. */
void	 job_cancel(struct job *);
int	 job_cancelled(const struct job *);
/* Nonzero once the work has returned (its results are then readable). */
int	 job_done(struct job *);
/* Wait for the work to return; the job can then be started again. */
void	 job_join(struct job *);
/* The job's lock, for results the work and the caller share. */
void	 job_lock(struct job *);
void	 job_unlock(struct job *);

#endif
