/*
 * test_secure — secrets: reading the first line of a file descriptor
 * (nothing past it consumed, CR/LF stripped, limits), the buffer's
 * contents and wiping, the fd argument parser, and the hardening (umask,
 * no core dumps).
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "listelec/secure.h"

/* Write s to a new pipe; return its read end. */
static int
pipe_with(const char *s)
{
	int	fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], s, strlen(s)), (ssize_t)strlen(s));
	close(fds[1]);
	return (fds[0]);
}

static void
test_read_fd_first_line(void **state)
{
	struct secret	*s = secret_new();
	char		*cause = NULL, rest[16];
	int		 fd;

	(void)state;
	fd = pipe_with("Mot2passe!\r\nsecond line\n");
	assert_int_equal(secure_read_fd(fd, s, &cause), 0);
	assert_string_equal(secret_str(s), "Mot2passe!");
	assert_int_equal(secret_len(s), 10);
	/* Nothing past the first line was consumed. */
	memset(rest, 0, sizeof rest);
	assert_int_equal(read(fd, rest, 11), 11);
	assert_string_equal(rest, "second line");
	close(fd);
	secret_free(s);
}

static void
test_read_fd_no_newline_and_empty(void **state)
{
	struct secret	*s = secret_new();
	char		*cause = NULL;
	int		 fd;

	(void)state;
	fd = pipe_with("é-accent");
	assert_int_equal(secure_read_fd(fd, s, &cause), 0);
	assert_string_equal(secret_str(s), "é-accent");
	close(fd);
	fd = pipe_with("");
	assert_int_equal(secure_read_fd(fd, s, &cause), 0);
	assert_int_equal(secret_len(s), 0);
	assert_string_equal(secret_str(s), "");
	close(fd);
	secret_free(s);
}

static void
test_read_fd_too_long_and_closed(void **state)
{
	struct secret	*s = secret_new();
	char		*cause = NULL, *big;
	int		 fd, fds[2];

	(void)state;
	big = malloc(SECRET_MAX + 10);
	memset(big, 'x', SECRET_MAX + 8);
	big[SECRET_MAX + 8] = '\n';
	big[SECRET_MAX + 9] = '\0';
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], big, SECRET_MAX + 9),
	    SECRET_MAX + 9);
	close(fds[1]);
	fd = fds[0];
	assert_int_equal(secure_read_fd(fd, s, &cause), -1);
	assert_non_null(cause);
	assert_int_equal(secret_len(s), 0);
	free(cause);
	close(fd);
	free(big);

	cause = NULL;
	assert_int_equal(secure_read_fd(fd, s, &cause), -1);	/* closed */
	assert_non_null(cause);
	free(cause);
	secret_free(s);
}

static void
test_secret_set_and_wipe(void **state)
{
	struct secret	*s = secret_new();
	const char	*p;

	(void)state;
	assert_int_equal(secret_set(s, "abcdef", 6), 0);
	p = secret_str(s);
	assert_string_equal(p, "abcdef");
	assert_int_equal(secret_set(s, "xy", 2), 0);
	/* The old bytes past the new value are gone, not just hidden. */
	assert_int_equal(p[3], 0);
	assert_int_equal(p[5], 0);
	assert_string_equal(secret_str(s), "xy");
	assert_int_equal(secret_set(s, "z", SECRET_MAX + 1), -1);
	assert_int_equal(secret_len(s), 0);
	secret_free(s);
	secret_free(NULL);
}

static void
test_wipe(void **state)
{
	char	buf[8] = "secret!";
	int	i;

	(void)state;
	secure_wipe(buf, sizeof buf);
	for (i = 0; i < 8; i++)
		assert_int_equal(buf[i], 0);
	secure_wipe(NULL, 4);
}

static void
test_parse_fd(void **state)
{
	int	fd = -1;

	(void)state;
	assert_int_equal(secure_parse_fd("3", &fd), 0);
	assert_int_equal(fd, 3);
	assert_int_equal(secure_parse_fd("0", &fd), 0);
	assert_int_equal(fd, 0);
	assert_int_equal(secure_parse_fd("-1", &fd), -1);
	assert_int_equal(secure_parse_fd("3x", &fd), -1);
	assert_int_equal(secure_parse_fd("", &fd), -1);
	assert_int_equal(secure_parse_fd(NULL, &fd), -1);
	assert_int_equal(secure_parse_fd("99999999999", &fd), -1);
}

static void
test_harden(void **state)
{
	struct rlimit	rl;
	mode_t		old;

	(void)state;
	umask(0);
	secure_harden();
	old = umask(0);
	assert_int_equal(old, 077);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_fd_first_line),
		cmocka_unit_test(test_read_fd_no_newline_and_empty),
		cmocka_unit_test(test_read_fd_too_long_and_closed),
		cmocka_unit_test(test_secret_set_and_wipe),
		cmocka_unit_test(test_wipe),
		cmocka_unit_test(test_parse_fd),
		cmocka_unit_test(test_harden),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
