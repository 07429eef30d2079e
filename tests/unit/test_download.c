/*
 * test_download — the one-time download on disk (download.c), in temp
 * folders: the file names made safe, the folder chosen (-o, then
 * XDG_DOWNLOAD_DIR, then ~/Téléchargements, ~/Downloads, ~/listelec) and
 * made private, the hidden 0600 temp file, a zip saved under its name
 * without overwriting, its bytes and SHA-256, and what is left when the
 * bytes are not what was expected.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

#include <nettle/sha2.h>

#include "listelec/download.h"
#include "listelec/text.h"

int	mkzip_build(const char *kind, const char *out, const char *password,
	    char *info, size_t infosz);

#define FALLBACK	"liste-electorale.zip"

/* The temp folder of a test (realpath'd) and a buffer for paths. */
static char	 base[PATH_MAX];

/* dir/name into out, which must hold it. */
static void
join(char *out, size_t size, const char *dir, const char *name)
{
	int	 n = snprintf(out, size, "%s/%s", dir, name);

	assert_true(n >= 0 && (size_t)n < size);
}

/* base/rel (static buffer, one at a time per slot). */
static const char *
at(int slot, const char *rel)
{
	static char	 buf[4][PATH_MAX];

	join(buf[slot], sizeof buf[slot], base, rel);
	return (buf[slot]);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	(void)chmod(path, 0700);
	return (remove(path));
}

static int
setup(void **state)
{
	char	 tmpl[PATH_MAX], *r;
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpl, sizeof tmpl, "%s/test_download.XXXXXX",
	    t != NULL && *t == '/' ? t : "/tmp");
	if (mkdtemp(tmpl) == NULL || (r = realpath(tmpl, NULL)) == NULL)
		return (-1);
	snprintf(base, sizeof base, "%s", r);
	free(r);
	if (mkdir(at(0, "home"), 0700) != 0)
		return (-1);
	setenv("HOME", at(0, "home"), 1);
	unsetenv("XDG_DOWNLOAD_DIR");
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	return (nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS));
}

static void
make_dir(const char *path, mode_t mode)
{
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static mode_t
mode_of(const char *path)
{
	struct stat	 sb;

	assert_int_equal(lstat(path, &sb), 0);
	return (sb.st_mode & 07777);
}

static int
exists(const char *path)
{
	struct stat	 sb;

	return (lstat(path, &sb) == 0);
}

/* The whole file (caller frees). */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return (buf);
}

static void
spit(const char *path, const char *s)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fputs(s, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Entries of dir but . and ..; the first one's name into first. */
static size_t
entries(const char *dir, char *first, size_t size)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	size_t		 n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n++ == 0 && first != NULL)
			snprintf(first, size, "%s", e->d_name);
	}
	closedir(d);
	return (n);
}

/* The SHA-256 of buf in hex. */
static void
sha_hex(const void *buf, size_t len, char out[65])
{
	struct sha256_ctx	 c;
	unsigned char		 dg[SHA256_DIGEST_SIZE];
	size_t			 i;

	sha256_init(&c);
	sha256_update(&c, len, buf);
	sha256_digest(&c, sizeof dg, dg);
	for (i = 0; i < sizeof dg; i++)
		snprintf(out + 2 * i, 3, "%02x", dg[i]);
}

/* A zip made by tests/mkzip.c (caller frees). */
static char *
make_zip(const char *kind, size_t *len)
{
	const char	*path = at(3, "fixture.zip");
	char		*buf;

	assert_int_equal(mkzip_build(kind, path, NULL, NULL, 0), 0);
	buf = slurp(path, len);
	assert_int_equal(unlink(path), 0);
	return (buf);
}

/* download_safe_name(raw) must be want. */
static void
safe_is(const char *raw, const char *want)
{
	char	*got = download_safe_name(raw, FALLBACK);

	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("\"%s\" -> \"%s\", expected \"%s\"",
		    raw != NULL ? raw : "(null)", got, want);
	free(got);
}

/* download_safe_name(raw) as a user's file system gets it: one
   component, no control or hidden character, valid UTF-8, not hidden,
   at most 200 bytes; returned for more checks (caller frees). */
static char *
safe_ok(const char *raw)
{
	/* bidi embeddings, overrides, isolates and marks; CSI */
	static const char *const bad[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",
		"\xe2\x80\xad", "\xe2\x80\xae", "\xe2\x81\xa6",
		"\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",
		"\xe2\x80\x8e", "\xe2\x80\x8f", "\xc2\x9b",
	};
	char		*got;
	size_t		 i, n;

	got = download_safe_name(raw, FALLBACK);
	assert_non_null(got);
	n = strlen(got);
	assert_true(n > 0 && n <= 200);
	assert_true(text_utf8_valid(got, n));
	assert_true(got[0] != '.');
	assert_null(strchr(got, '/'));
	assert_null(strchr(got, '\\'));
	for (i = 0; i < n; i++)
		if ((unsigned char)got[i] < 0x20 || got[i] == 0x7f)
			fail_msg("control 0x%02x left in %s", got[i], got);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strstr(got, bad[i]) != NULL)
			fail_msg("hidden character left in %s", got);
	return (got);
}

static void
test_safe_name_paths(void **state)
{
	(void)state;
	safe_is("LE_101_2026.zip", "LE_101_2026.zip");
	safe_is("Liste \xc3\xa9lectorale 101.zip",
	    "Liste \xc3\xa9lectorale 101.zip");
	safe_is("../../x.zip", "x.zip");
	safe_is("/etc/passwd", "passwd");
	safe_is("..\\..\\Windows\\System32\\liste.zip", "liste.zip");
	safe_is("C:\\Users\\Public\\liste.zip", "liste.zip");
	safe_is("a/b\\c/d.zip", "d.zip");
	safe_is(".bashrc", "bashrc");
	safe_is("../.profile", "profile");
	safe_is(" . liste.zip ", "liste.zip");
}

static void
test_safe_name_controls(void **state)
{
	char	*s;

	(void)state;
	/* C0 controls and DEL dropped, not turned into anything */
	safe_is("liste\x01\x1b[31m\x7f.zip", "liste[31m.zip");
	safe_is("liste\n\r\t.zip", "liste.zip");
	/* a right-to-left override would show "liste.zip" for a .exe-like
	   name: replaced by a visible mark */
	s = safe_ok("liste\xe2\x80\xaepiz.exe");
	assert_true(strncmp(s, "liste", 5) == 0);
	assert_non_null(strstr(s, "piz.exe"));
	free(s);
	s = safe_ok("\xe2\x81\xa6" "a\xe2\x80\x8f" "b\xe2\x81\xa9.zip");
	free(s);
	/* C1 controls and invalid bytes */
	s = safe_ok("liste\xc2\x9b" "31m.zip");
	free(s);
	s = safe_ok("liste\xff\xfe.zip");
	assert_true(strcmp(s + strlen(s) - 4, ".zip") == 0);
	free(s);
}

static void
test_safe_name_fallback(void **state)
{
	static const char *const empty[] = {
		"", ".", "..", "../..", "/", "dossier/", "..\\", "   ",
		"\x01\x02\x1f", " . ", "...",
	};
	char	*s;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof empty / sizeof empty[0]; i++)
		safe_is(empty[i], FALLBACK);
	safe_is(NULL, FALLBACK);
	/* a copy the caller frees */
	s = download_safe_name("", "autre.zip");
	assert_string_equal(s, "autre.zip");
	free(s);
}

static void
test_safe_name_long(void **state)
{
	char	 raw[1024], *s;
	size_t	 i;

	(void)state;
	memset(raw, 'a', 300);
	memcpy(raw + 300, ".zip", 5);
	s = safe_ok(raw);
	assert_int_equal(strlen(s), 200);
	/* The stem is cut, the extension kept: it still opens as a zip. */
	assert_string_equal(s + 196, ".zip");
	assert_int_equal(s[195], 'a');
	free(s);
	/* 150 "é" (300 bytes): cut between characters, never inside */
	for (i = 0; i < 150; i++)
		memcpy(raw + 2 * i, "\xc3\xa9", 2);
	raw[300] = '\0';
	s = safe_ok(raw);
	assert_int_equal(strlen(s), 200);
	free(s);
	/* 1 + 3-byte characters: 199 bytes is the longest whole cut */
	raw[0] = 'x';
	for (i = 0; i < 100; i++)
		memcpy(raw + 1 + 3 * i, "\xe2\x82\xac", 3);	/* € */
	raw[301] = '\0';
	s = safe_ok(raw);
	assert_int_equal(strlen(s), 199);
	free(s);
	/* a long path whose last part is short */
	memset(raw, 'd', 900);
	memcpy(raw + 900, "/liste.zip", 11);
	safe_is(raw, "liste.zip");
}

/* download_folder(dir) must give want, private, with or without a note. */
static void
folder_is(const char *dir, const char *want, int noted)
{
	char	*got, *note = (char *)1, *cause = NULL;

	got = download_folder(dir, &note, &cause);
	if (got == NULL)
		fail_msg("download_folder(%s): %s", dir != NULL ? dir : "NULL",
		    cause != NULL ? cause : "?");
	assert_null(cause);
	assert_true(got[0] == '/');
	assert_string_equal(got, want);
	assert_int_equal(mode_of(got), 0700);
	if (noted) {
		assert_non_null(note);
		/* the note names the folder actually used */
		assert_non_null(strstr(note, got));
	} else
		assert_null(note);
	free(note);
	free(got);
}

/* download_folder(dir) must refuse, saying why. */
static void
folder_refused(const char *dir)
{
	char	*got, *note = NULL, *cause = NULL;

	got = download_folder(dir, &note, &cause);
	if (got != NULL)
		fail_msg("download_folder(%s) gave %s", dir, got);
	assert_non_null(cause);
	assert_null(note);
	free(cause);
}

static void
test_folder_option(void **state)
{
	char	cwd[PATH_MAX];

	(void)state;
	make_dir(at(0, "home/T\xc3\xa9l\xc3\xa9" "chargements"), 0700);
	make_dir(at(0, "home/Downloads"), 0700);
	make_dir(at(0, "xdg"), 0700);
	setenv("XDG_DOWNLOAD_DIR", at(0, "xdg"), 1);
	/* -o wins over everything, and is made (0700 at each level) */
	folder_is(at(0, "o/listes"), at(1, "o/listes"), 0);
	assert_int_equal(mode_of(at(0, "o")), 0700);
	/* an existing private folder as it is */
	folder_is(at(0, "xdg"), at(1, "xdg"), 0);
	/* a relative -o is made absolute */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(base), 0);
	folder_is("rel/dir", at(1, "rel/dir"), 0);
	folder_is("rel/../rel/./dir/", at(1, "rel/dir"), 0);
	assert_int_equal(chdir(cwd), 0);
	/* not a folder */
	spit(at(0, "fichier"), "x");
	folder_refused(at(0, "fichier"));
	folder_refused(at(0, "fichier/sous"));
}

static void
test_folder_xdg(void **state)
{
	(void)state;
	make_dir(at(0, "home/T\xc3\xa9l\xc3\xa9" "chargements"), 0700);
	make_dir(at(0, "home/Downloads"), 0700);
	make_dir(at(0, "xdg"), 0700);
	setenv("XDG_DOWNLOAD_DIR", at(0, "xdg"), 1);
	folder_is(NULL, at(1, "xdg"), 0);
	/* missing: made */
	setenv("XDG_DOWNLOAD_DIR", at(0, "xdg2/t"), 1);
	folder_is(NULL, at(1, "xdg2/t"), 0);
	/* relative (invalid for XDG): ignored */
	setenv("XDG_DOWNLOAD_DIR", "xdg", 1);
	folder_is(NULL, at(1, "home/T\xc3\xa9l\xc3\xa9" "chargements"), 0);
	setenv("XDG_DOWNLOAD_DIR", "", 1);
	folder_is(NULL, at(1, "home/T\xc3\xa9l\xc3\xa9" "chargements"), 0);
}

static void
test_folder_home(void **state)
{
	const char	*tele = at(2, "home/T\xc3\xa9l\xc3\xa9" "chargements");

	(void)state;
	make_dir(tele, 0700);
	make_dir(at(0, "home/Downloads"), 0700);
	folder_is(NULL, tele, 0);
	assert_int_equal(rmdir(tele), 0);
	folder_is(NULL, at(1, "home/Downloads"), 0);
	/* a file of that name is not a folder to use */
	spit(tele, "x");
	folder_is(NULL, at(1, "home/Downloads"), 0);
	assert_int_equal(unlink(tele), 0);
	assert_int_equal(rmdir(at(0, "home/Downloads")), 0);
	/* neither: ~/listelec, made */
	assert_false(exists(at(0, "home/listelec")));
	folder_is(NULL, at(1, "home/listelec"), 0);
	folder_is(NULL, at(1, "home/listelec"), 0);
}

static void
test_folder_shared(void **state)
{
	(void)state;
	/* writable by all: a private subfolder, and a note */
	make_dir(at(0, "public"), 0777);
	folder_is(at(0, "public"), at(1, "public/listelec"), 1);
	/* again: the same subfolder */
	folder_is(at(0, "public"), at(1, "public/listelec"), 1);
	/* readable by others (a usual ~/Downloads): the same */
	make_dir(at(0, "home/Downloads"), 0755);
	folder_is(NULL, at(1, "home/Downloads/listelec"), 1);
	assert_int_equal(mode_of(at(0, "home/Downloads")), 0755);
	/* a subfolder left open is shut */
	make_dir(at(0, "lu"), 0750);
	make_dir(at(0, "lu/listelec"), 0755);
	folder_is(at(0, "lu"), at(1, "lu/listelec"), 1);
	/* a link or a file in its place: refused, never followed */
	make_dir(at(0, "piege"), 0777);
	make_dir(at(0, "ailleurs"), 0700);
	assert_int_equal(symlink(at(0, "ailleurs"), at(1, "piege/listelec")),
	    0);
	folder_refused(at(0, "piege"));
	make_dir(at(0, "piege2"), 0777);
	spit(at(0, "piege2/listelec"), "x");
	folder_refused(at(0, "piege2"));
}

/* The one temp file of dir: hidden, .listelec-*.part, 0600. */
static void
temp_ok(const char *dir, char *name, size_t size)
{
	char	 path[PATH_MAX];
	size_t	 n;

	assert_int_equal(entries(dir, name, size), 1);
	n = strlen(name);
	assert_true(strncmp(name, ".listelec-", 10) == 0);
	assert_true(n > 15 && strcmp(name + n - 5, ".part") == 0);
	join(path, sizeof path, dir, name);
	assert_int_equal(mode_of(path), 0600);
}

static void
test_begin(void **state)
{
	struct download	*d, *d2;
	char		 name[256], *cause = NULL;
	mode_t		 old;

	(void)state;
	make_dir(at(0, "dl"), 0700);
	old = umask(0);		/* 0600 whatever the umask */
	d = download_begin(at(0, "dl"), &cause);
	umask(old);
	assert_non_null(d);
	assert_null(cause);
	temp_ok(at(0, "dl"), name, sizeof name);
	assert_int_equal(download_size(d), 0);
	d2 = download_begin(at(0, "dl"), &cause);
	assert_non_null(d2);
	assert_int_equal(entries(at(0, "dl"), NULL, 0), 2);
	download_discard(d2);
	download_discard(d);
	assert_int_equal(entries(at(0, "dl"), NULL, 0), 0);
	download_discard(NULL);
	download_free(NULL);
	/* no such folder */
	assert_null(download_begin(at(0, "absent"), &cause));
	assert_non_null(cause);
	free(cause);
}

/* Write buf in uneven chunks. */
static void
write_all(struct download *d, const char *buf, size_t len)
{
	size_t	 off = 0, k = 1;

	while (off < len) {
		if (k > len - off)
			k = len - off;
		assert_int_equal(download_write(d, buf + off, k), 0);
		off += k;
		k = k * 3 + 7;
	}
	assert_int_equal(download_size(d), (int64_t)len);
}

/* A download of buf finished under name; the saved path (caller frees). */
static char *
save(const char *dir, const char *buf, size_t len, const char *name,
    int zip)
{
	struct download	*d;
	char		*path = NULL, *cause = NULL, sha[65], want[65];
	char		*got;
	size_t		 glen;

	d = download_begin(dir, &cause);
	assert_non_null(d);
	write_all(d, buf, len);
	if (download_finish(d, name, (int64_t)len, zip, &path, sha,
	    &cause) != 0)
		fail_msg("download_finish(%s): %s", name,
		    cause != NULL ? cause : "?");
	download_free(d);
	assert_null(cause);
	assert_non_null(path);
	got = slurp(path, &glen);
	assert_int_equal(glen, len);
	assert_memory_equal(got, buf, len);
	free(got);
	sha_hex(buf, len, want);
	assert_string_equal(sha, want);
	assert_int_equal(mode_of(path), 0600);
	return (path);
}

static void
test_finish_zip(void **state)
{
	char	*zip, *path, *old;
	size_t	 n, olen;

	(void)state;
	make_dir(at(0, "dl"), 0700);
	zip = make_zip("plain", &n);
	path = save(at(0, "dl"), zip, n, "LE_101.zip", 1);
	assert_string_equal(path, at(1, "dl/LE_101.zip"));
	free(path);
	/* the temp file went with it */
	assert_int_equal(entries(at(0, "dl"), NULL, 0), 1);

	/* never over an existing file: " (2)", " (3)" before the
	   extension */
	path = save(at(0, "dl"), "%PDF-1.4 guide", 14, "LE_101.zip", 0);
	assert_string_equal(path, at(1, "dl/LE_101 (2).zip"));
	free(path);
	path = save(at(0, "dl"), zip, n, "LE_101.zip", 1);
	assert_string_equal(path, at(1, "dl/LE_101 (3).zip"));
	free(path);
	old = slurp(at(0, "dl/LE_101.zip"), &olen);
	assert_int_equal(olen, n);
	assert_memory_equal(old, zip, n);
	free(old);
	assert_int_equal(entries(at(0, "dl"), NULL, 0), 3);

	/* a name without extension */
	path = save(at(0, "dl"), zip, n, "liste", 1);
	assert_string_equal(path, at(1, "dl/liste"));
	free(path);
	path = save(at(0, "dl"), zip, n, "liste", 1);
	assert_string_equal(path, at(1, "dl/liste (2)"));
	free(path);

	/* a link in the way is not followed */
	spit(at(0, "cible"), "intact");
	assert_int_equal(symlink(at(0, "cible"), at(1, "dl/piege.zip")), 0);
	path = save(at(0, "dl"), zip, n, "piege.zip", 1);
	assert_string_equal(path, at(1, "dl/piege (2).zip"));
	free(path);
	old = slurp(at(0, "cible"), &olen);
	assert_int_equal(olen, 6);
	assert_memory_equal(old, "intact", 6);
	free(old);
	free(zip);
}

static void
test_finish_sha(void **state)
{
	char	*path;

	(void)state;
	make_dir(at(0, "dl"), 0700);
	/* FIPS 180-2's "abc", not only nettle against itself */
	path = save(at(0, "dl"), "abc", 3, "abc.txt", 0);
	free(path);
	{
		struct download	*d;
		char		*p = NULL, *cause = NULL, sha[65];

		d = download_begin(at(0, "dl"), &cause);
		assert_non_null(d);
		assert_int_equal(download_write(d, "abc", 3), 0);
		assert_int_equal(download_finish(d, "abc.txt", -1, 0, &p, sha,
		    &cause), 0);
		assert_string_equal(sha, "ba7816bf8f01cfea414140de5dae2223"
		    "b00361a396177a9cb410ff61f20015ad");
		assert_string_equal(p, at(1, "dl/abc (2).txt"));
		free(p);
		download_free(d);
	}
}

/* finish must fail with -1, leave nothing under name, and the bytes
   must be kept by download_keep as want_partial. */
static void
refused_then_kept(const char *dir, const char *buf, size_t len,
    const char *name, int64_t expect, const char *want_partial)
{
	struct download	*d;
	char		*path = NULL, *cause = NULL, sha[65];
	char		*got, full[PATH_MAX];
	size_t		 before, glen;

	before = entries(dir, NULL, 0);
	d = download_begin(dir, &cause);
	assert_non_null(d);
	write_all(d, buf, len);
	assert_int_equal(download_finish(d, name, expect, 1, &path, sha,
	    &cause), -1);
	assert_non_null(cause);
	assert_null(path);
	free(cause);
	cause = NULL;
	join(full, sizeof full, dir, name);
	assert_false(exists(full));
	/* the temp file stays for download_keep */
	assert_int_equal(entries(dir, NULL, 0), before + 1);
	assert_int_equal(download_keep(d, name, &path, &cause), 0);
	assert_null(cause);
	assert_string_equal(path, want_partial);
	got = slurp(path, &glen);
	assert_int_equal(glen, len);
	assert_memory_equal(got, buf, len);
	free(got);
	assert_int_equal(mode_of(path), 0600);
	free(path);
	download_free(d);
	/* the temp file became the partial one */
	assert_int_equal(entries(dir, NULL, 0), before + 1);
	assert_false(exists(full));
}

static void
test_finish_refused(void **state)
{
	static const char html[] = "<!DOCTYPE html><html><body><p>Votre "
	    "session a expir\xc3\xa9.</p></body></html>";
	char	*zip, *cut;
	size_t	 n, ncut;

	(void)state;
	make_dir(at(0, "dl"), 0700);
	zip = make_zip("plain", &n);
	cut = make_zip("truncated", &ncut);
	/* a page instead of the zip */
	refused_then_kept(at(0, "dl"), html, sizeof html - 1, "LE_101.zip",
	    -1, at(1, "dl/LE_101.zip.partial"));
	/* a zip cut short: its central directory does not read */
	refused_then_kept(at(0, "dl"), cut, ncut, "LE_101.zip", -1,
	    at(1, "dl/LE_101 (2).zip.partial"));
	/* a valid zip, but not the length announced, either way */
	refused_then_kept(at(0, "dl"), zip, n, "LE_102.zip", (int64_t)n + 1,
	    at(1, "dl/LE_102.zip.partial"));
	refused_then_kept(at(0, "dl"), zip, n, "LE_102.zip", (int64_t)n - 1,
	    at(1, "dl/LE_102 (2).zip.partial"));
	free(zip);
	free(cut);
}

static void
test_finish_empty(void **state)
{
	struct download	*d;
	char		*path = NULL, *cause = NULL, sha[65];

	(void)state;
	make_dir(at(0, "dl"), 0700);
	d = download_begin(at(0, "dl"), &cause);
	assert_non_null(d);
	assert_int_equal(download_finish(d, "vide.zip", -1, 0, &path, sha,
	    &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_false(exists(at(0, "dl/vide.zip")));
	download_discard(d);
	assert_int_equal(entries(at(0, "dl"), NULL, 0), 0);
}

static void
test_restart(void **state)
{
	struct download	*d;
	char		*zip, *path = NULL, *cause = NULL, sha[65], want[65];
	char		*got;
	size_t		 n, glen;

	(void)state;
	make_dir(at(0, "dl"), 0700);
	zip = make_zip("plain", &n);
	d = download_begin(at(0, "dl"), &cause);
	assert_non_null(d);
	write_all(d, "HTTP/1.1 200 OK and a first half", 32);
	assert_int_equal(download_restart(d), 0);
	assert_int_equal(download_size(d), 0);
	write_all(d, zip, n);
	assert_int_equal(download_finish(d, "LE.zip", (int64_t)n, 1, &path,
	    sha, &cause), 0);
	got = slurp(path, &glen);
	assert_int_equal(glen, n);
	assert_memory_equal(got, zip, n);
	sha_hex(zip, n, want);
	assert_string_equal(sha, want);
	free(got);
	free(path);
	free(zip);
	download_free(d);
}

static void
test_free_keeps(void **state)
{
	struct download	*d;
	char		 name[256], path[PATH_MAX], *cause = NULL, *got;
	size_t		 len;

	(void)state;
	make_dir(at(0, "dl"), 0700);
	d = download_begin(at(0, "dl"), &cause);
	assert_non_null(d);
	write_all(d, "les octets recus", 16);
	download_free(d);
	/* neither finished nor kept: left as it is, with its bytes */
	temp_ok(at(0, "dl"), name, sizeof name);
	join(path, sizeof path, at(0, "dl"), name);
	got = slurp(path, &len);
	assert_int_equal(len, 16);
	assert_memory_equal(got, "les octets recus", 16);
	free(got);
}

static void
test_check_space(void **state)
{
	struct download	*d;
	char		*cause = NULL;

	(void)state;
	make_dir(at(0, "dl"), 0700);
	d = download_begin(at(0, "dl"), &cause);
	assert_non_null(d);
	assert_int_equal(download_check_space(d, -1, &cause), 0);
	assert_int_equal(download_check_space(d, 1, &cause), 0);
	assert_null(cause);
	assert_int_equal(download_check_space(d, INT64_MAX / 4, &cause), -1);
	assert_non_null(cause);
	free(cause);
	download_discard(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_name_paths),
		cmocka_unit_test(test_safe_name_controls),
		cmocka_unit_test(test_safe_name_fallback),
		cmocka_unit_test(test_safe_name_long),
		cmocka_unit_test_setup_teardown(test_folder_option, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_folder_xdg, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_folder_home, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_folder_shared, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_begin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_zip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_finish_sha, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_finish_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_finish_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_restart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_free_keeps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_check_space, setup,
		    teardown),
	};

	umask(022);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
