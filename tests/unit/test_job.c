/*
 * test_job — the shape of every background step (job.c): the work runs on
 * its own thread, its progress reads consistently, cancel stops it, the
 * wake-up comes once it has returned, and a job starts again after join.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "listelec/job.h"

static int	wakes;

static void
wake(void)
{
	__atomic_add_fetch(&wakes, 1, __ATOMIC_RELAXED);
}

/* Counts to 1000, publishing progress; stops when cancelled. */
static void
count(struct job *j)
{
	int		*result = j->arg;
	uint64_t	 i;
	struct timespec	 ts = { 0, 1000000 };

	for (i = 1; i <= 1000; i++) {
		if (job_cancelled(j)) {
			*result = -1;
			return;
		}
		job_progress(j, i, 1000, (size_t)i * 2);
		if (i % 100 == 0)
			nanosleep(&ts, NULL);
	}
	job_lock(j);
	*result = 1;
	job_unlock(j);
}

/* Waits for its cancellation, whatever it takes. */
static void
until_cancelled(struct job *j)
{
	int		*result = j->arg;
	struct timespec	 ts = { 0, 1000000 };

	while (!job_cancelled(j))
		nanosleep(&ts, NULL);
	*result = -1;
}

static void
test_runs_to_the_end(void **state)
{
	struct job	 j;
	int		 result = 0;
	uint64_t	 now, total;
	size_t		 items;
	struct timespec	 ts = { 0, 1000000 };

	(void)state;
	wakes = 0;
	job_start(&j, count, &result, wake);
	while (!job_done(&j)) {
		job_read(&j, &now, &total, &items);
		/* Consistent: items is twice now whenever read. */
		assert_int_equal(items, (size_t)now * 2);
		assert_true(total == 0 || total == 1000);
		nanosleep(&ts, NULL);
	}
	assert_int_equal(result, 1);
	job_read(&j, &now, NULL, NULL);
	assert_int_equal(now, 1000);
	assert_true(job_elapsed(&j) >= 0);
	job_join(&j);
	/* The wake-up comes once, after the work (by join at the latest). */
	assert_int_equal(__atomic_load_n(&wakes, __ATOMIC_RELAXED), 1);
	/* Again, on the same struct. */
	result = 0;
	job_start(&j, count, &result, NULL);
	job_join(&j);
	assert_int_equal(result, 1);
	assert_int_equal(job_done(&j), 1);
}

static void
test_cancel(void **state)
{
	struct job	 j;
	int		 result = 0;

	(void)state;
	job_start(&j, until_cancelled, &result, wake);
	assert_int_equal(job_cancelled(&j), 0);
	job_cancel(&j);
	job_join(&j);
	assert_int_equal(result, -1);
	assert_int_equal(job_done(&j), 1);
	/* The flag is the one modules take as int *cancel. */
	job_start(&j, until_cancelled, &result, NULL);
	result = 0;
	__atomic_store_n(&j.cancel, 1, __ATOMIC_RELEASE);
	job_join(&j);
	assert_int_equal(result, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_to_the_end),
		cmocka_unit_test(test_cancel),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
