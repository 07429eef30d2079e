/*
 * test_audit — the audit log: created 0600 in 0700 folders even under
 * umask 000, one line per event with quoted and escaped values, and a
 * symlink planted in its place refused.
 */
#include "config.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "listelec/audit.h"

static char	tmpdir[] = "/tmp/test_audit.XXXXXX";

/* Run a shell command, checking it succeeds. */
static void
sh(const char *fmt, const char *arg)
{
	char	cmd[512];

	snprintf(cmd, sizeof cmd, fmt, arg);
	assert_int_equal(WEXITSTATUS(system(cmd)), 0);
}

static int
setup(void **state)
{
	char	path[256];

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return (-1);
	snprintf(path, sizeof path, "%s/state", tmpdir);
	setenv("XDG_STATE_HOME", path, 1);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	sh("rm -rf '%s'", tmpdir);
	return (0);
}

/* The whole log as a string (allocated). */
static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "r");
	char	*buf = calloc(1, 4096);

	assert_non_null(f);
	assert_true(fread(buf, 1, 4095, f) > 0);
	fclose(f);
	return (buf);
}

/* The local user's name, as audit lines give it. */
static const char *
user_name(void)
{
	struct passwd	*pw = getpwuid(geteuid());

	assert_non_null(pw);
	return (pw->pw_name);
}

/* The host's name. */
static const char *
host_name(void)
{
	static char	host[256];

	assert_int_equal(gethostname(host, sizeof host), 0);
	return (host);
}

static void
test_record_private(void **state)
{
	const char	*fields[] = { "file", "/home/x/5cc8a95c9558d.zip",
	    "rows", "42", "note", "two words \"q\"\x1b[2J", NULL };
	char		*cause = NULL, *path, *log, dir[300], who[600];
	char		 want[900];
	struct stat	 sb;

	(void)state;
	umask(0);
	assert_int_equal(audit_record("export", fields, &cause), 0);
	path = audit_path();
	assert_non_null(path);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(dir, sizeof dir, "%s/state/listelec", tmpdir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(audit_record("open", NULL, &cause), 0);
	log = slurp(path);
	snprintf(who, sizeof who, " user=%s host=%s\n", user_name(),
	    host_name());
	snprintf(want, sizeof want, " export file=/home/x/5cc8a95c9558d.zip "
	    "rows=42 note=\"two words \\\"q\\\"\\x1b[2J\"%s", who);
	assert_non_null(strstr(log, want));
	assert_null(strchr(log, '\x1b'));
	snprintf(want, sizeof want, " open%s", who);
	assert_non_null(strstr(log, want));
	free(log);
	free(path);
}

static void
test_symlink_refused(void **state)
{
	char	*cause = NULL, *path, target[300];
	struct stat sb;

	(void)state;
	path = audit_path();
	unlink(path);
	snprintf(target, sizeof target, "%s/canary", tmpdir);
	sh("echo canary > '%s'", target);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(audit_record("open", NULL, &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_size, 7);	/* untouched */
	free(path);
}

/* What audit_record writes, audit_parse reads back unchanged. */
static void
test_parse_round_trip(void **state)
{
	const char	*fields[] = { "path", "/home/a b/l\"iste\\x.csv",
	    "note", "tab\there\x1b[2J\x7f é", "rows", "5", NULL };
	char		*cause = NULL, *path, *log, *line, *keys[8], *vals[8];
	char		 event[32];
	int		 n, i;

	(void)state;
	assert_int_equal(audit_record("export", fields, &cause), 0);
	path = audit_path();
	log = slurp(path);
	line = strstr(log, " export path=");
	assert_non_null(line);
	while (line > log && line[-1] != '\n')
		line--;
	n = audit_parse(line, event, sizeof event, keys, vals, 8);
	assert_int_equal(n, 5);
	assert_string_equal(event, "export");
	/* Who: the local user and the host, after the fields. */
	assert_string_equal(keys[3], "user");
	assert_string_equal(vals[3], user_name());
	assert_string_equal(keys[4], "host");
	assert_string_equal(vals[4], host_name());
	for (i = 3; i < n; i++) {
		free(keys[i]);
		free(vals[i]);
	}
	for (i = 0; i < 3; i++) {
		assert_string_equal(keys[i], fields[2 * i]);
		assert_string_equal(vals[i], fields[2 * i + 1]);
		free(keys[i]);
		free(vals[i]);
	}
	/* Malformed lines are refused. */
	assert_int_equal(audit_parse("2026 export path=\"open", event,
	    sizeof event, keys, vals, 8), -1);
	assert_int_equal(audit_parse("2026 export path=\\q", event,
	    sizeof event, keys, vals, 8), -1);
	assert_int_equal(audit_parse("2026", event, sizeof event, keys, vals,
	    8), -1);
	free(log);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_private),
		cmocka_unit_test(test_parse_round_trip),
		cmocka_unit_test(test_symlink_refused),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
