/*
 * test_settings — the private settings file (settings.c): values set,
 * read, replaced and removed; the file 0600 in 0700 folders even with a
 * permissive umask; a symbolic link planted at its place is never
 * followed (its target untouched); a value with a newline refused.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "listelec/settings.h"

static char	dir[] = "/tmp/test_settings.XXXXXX";
static char	path[256];

static void
read_back(const char *key, const char *want)
{
	char	*v = settings_get(key);

	if (want == NULL)
		assert_null(v);
	else {
		assert_non_null(v);
		assert_string_equal(v, want);
	}
	free(v);
}

static void
test_round_trip(void **state)
{
	char		*cause = NULL, cdir[300];
	struct stat	 st;
	mode_t		 old;

	(void)state;
	old = umask(0);
	read_back("user", NULL);
	assert_int_equal(settings_set("user", "dupont01", &cause), 0);
	assert_int_equal(settings_set("portal", "https://x.test/a b", &cause),
	    0);
	read_back("user", "dupont01");
	read_back("portal", "https://x.test/a b");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(cdir, sizeof cdir, "%s/listelec", dir);
	assert_int_equal(stat(cdir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	/* Replaced, then removed; the other key stays. */
	assert_int_equal(settings_set("user", "roy02", &cause), 0);
	read_back("user", "roy02");
	assert_int_equal(settings_set("user", NULL, &cause), 0);
	read_back("user", NULL);
	read_back("portal", "https://x.test/a b");
	/* A value with a newline would become a second line: refused. */
	assert_int_not_equal(settings_set("user", "a\nportal=evil", &cause),
	    0);
	free(cause);
	cause = NULL;
	read_back("portal", "https://x.test/a b");
	umask(old);
}

static void
test_symlink(void **state)
{
	char	 target[300], buf[32], *cause = NULL;
	FILE	*f;

	(void)state;
	snprintf(target, sizeof target, "%s/target", dir);
	f = fopen(target, "w");
	assert_non_null(f);
	fputs("canary\n", f);
	fclose(f);
	(void)unlink(path);
	assert_int_equal(symlink(target, path), 0);
	/* Reading does not follow it; writing replaces the link itself. */
	read_back("user", NULL);
	assert_int_equal(settings_set("user", "dupont01", &cause), 0);
	read_back("user", "dupont01");
	f = fopen(target, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "canary\n");
	unlink(target);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_symlink),
	};
	char	 sub[300];
	int	 r;

	if (mkdtemp(dir) == NULL)
		return (1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(path, sizeof path, "%s/listelec/config", dir);
	r = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	snprintf(sub, sizeof sub, "%s/listelec", dir);
	rmdir(sub);
	rmdir(dir);
	return (r);
}
