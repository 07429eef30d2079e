/*
 * download — the one-time download on disk.  Bytes go to a temp file made
 * with mkstemp (0600, O_EXCL) in the target's own folder, so the final
 * link is a rename within one file system; the final name is made with
 * linkat, which fails rather than overwrite, trying " (2)", " (3)", …
 * The SHA-256 is computed by a second thread that reads back what was
 * written, behind the writer (so the network thread only writes), and
 * that starts the disk's writeback as it goes, so the final fsync has
 * little left to wait for.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "listelec/archive.h"
#include "listelec/download.h"
#include "listelec/export.h"
#include "listelec/i18n.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define NAME_MAX_BYTES	200
#define TRIES_MAX	100
#define HASH_CHUNK	(1024 * 1024)		/* read back at a time */
#define WRITEBACK_STEP	((int64_t)16 * 1024 * 1024)

struct download {
	char		*dir;
	int		 dfd;
	int		 fd;
	char		*tmp;		/* base name of the temp file */
	int64_t		 size;
	int		 done;		/* linked or kept: nothing to remove */

	/* The hasher thread; sha and hashed are its own until joined. */
	pthread_t	 hth;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 hstarted;
	int		 hwaiting;	/* the hasher waits for bytes */
	int		 hstop;		/* hash up to avail, then end */
	int		 habort;	/* end now */
	int64_t		 avail;		/* bytes written, for the hasher */
	int64_t		 hashed;
	int		 herror;	/* errno of a failed read back */
	struct sha256_ctx sha;
};

/* The hasher: SHA-256 of the file as written, and early writeback. */
static void *
hasher_main(void *arg)
{
	struct download	*d = arg;
	unsigned char	*buf = xmalloc(HASH_CHUNK);
	int64_t		 end, synced = 0;
	size_t		 n;
	ssize_t		 r;

	pthread_mutex_lock(&d->mu);
	for (;;) {
		while (d->hashed == d->avail && !d->hstop && !d->habort) {
			d->hwaiting = 1;
			pthread_cond_wait(&d->cv, &d->mu);
		}
		d->hwaiting = 0;
		if (d->habort || (d->hashed == d->avail && d->hstop))
			break;
		end = d->avail;
		pthread_mutex_unlock(&d->mu);
		while (d->hashed < end && d->herror == 0) {
			n = end - d->hashed < HASH_CHUNK ?
			    (size_t)(end - d->hashed) : HASH_CHUNK;
			r = pread(d->fd, buf, n, (off_t)d->hashed);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				d->herror = r < 0 ? errno : EIO;
				break;
			}
			sha256_update(&d->sha, (size_t)r, buf);
			d->hashed += r;
		}
#ifdef SYNC_FILE_RANGE_WRITE
		if (d->hashed - synced >= WRITEBACK_STEP) {
			(void)sync_file_range(d->fd, synced, d->hashed - synced,
			    SYNC_FILE_RANGE_WRITE);
			synced = d->hashed;
		}
#else
		(void)synced;
#endif
		pthread_mutex_lock(&d->mu);
		if (d->herror != 0)
			break;
	}
	pthread_mutex_unlock(&d->mu);
	free(buf);
	return (NULL);
}

/* Stop the hasher: after the last byte (finish), or at once (abort). */
static void
hasher_stop(struct download *d, int abort)
{
	if (!d->hstarted)
		return;
	pthread_mutex_lock(&d->mu);
	if (abort)
		d->habort = 1;
	d->hstop = 1;
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
	pthread_join(d->hth, NULL);
	d->hstarted = 0;
	d->hstop = d->habort = 0;
}

/* mkdir -p dir, making missing parts 0700; 0 or -1 with *cause. */
static int
make_dirs(const char *dir, char **cause)
{
	char	*p, *s;

	p = xstrdup(dir);
	for (s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				*cause = xasprintf(_("cannot create the folder "
				    "%s: %s"), p, strerror(errno));
				free(p);
				return (-1);
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return (0);
}

/* 1 when dir is ours and shut to others, 0 when not, -1 with *cause. */
static int
is_private(const char *dir, char **cause)
{
	struct stat	 sb;

	if (lstat(dir, &sb) != 0) {
		*cause = xasprintf(_("cannot use the folder %s: %s"), dir,
		    strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode)) {
		*cause = xasprintf(_("%s is not a folder"), dir);
		return (-1);
	}
	return (sb.st_uid == geteuid() && (sb.st_mode & 077) == 0);
}

/* The default folder (allocated). */
static char *
default_folder(void)
{
	const char	*home = getenv("HOME"), *x = getenv("XDG_DOWNLOAD_DIR");
	static const char *const names[] = { "Téléchargements", "Downloads" };
	struct stat	 sb;
	size_t		 i;
	char		*p;

	if (x != NULL && *x == '/')
		return (xstrdup(x));
	if (home == NULL || *home != '/')
		home = "/";
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		p = xasprintf("%s/%s", home, names[i]);
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			return (p);
		free(p);
	}
	return (xasprintf("%s/listelec", strcmp(home, "/") == 0 ? "" : home));
}

char *
download_folder(const char *dir, char **note, char **cause)
{
	struct stat	 sb;
	char		*d, *sub;
	int		 priv;

	*note = NULL;
	d = dir != NULL ? xstrdup(dir) : default_folder();
	if (*d == '\0') {
		free(d);
		d = xstrdup(".");
	}
	if (make_dirs(d, cause) != 0) {
		free(d);
		return (NULL);
	}
	if ((sub = realpath(d, NULL)) != NULL) {
		free(d);
		d = sub;
	}
	if ((priv = is_private(d, cause)) < 0) {
		free(d);
		return (NULL);
	}
	if (priv)
		return (d);
	/* Others can read or write it: keep the list in a folder of ours. */
	sub = xasprintf("%s/listelec", d);
	if (mkdir(sub, 0700) != 0 && errno != EEXIST) {
		*cause = xasprintf(_("%s can be read or written by other users "
		    "and a private folder cannot be made in it: %s"), d,
		    strerror(errno));
		free(d);
		free(sub);
		return (NULL);
	}
	if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    sb.st_uid == geteuid() && (sb.st_mode & 077) != 0)
		(void)chmod(sub, 0700);
	if ((priv = is_private(sub, cause)) <= 0) {
		if (priv == 0)
			*cause = xasprintf(_("%s can be read or written by "
			    "other users, and %s is not private to you"), d,
			    sub);
		free(d);
		free(sub);
		return (NULL);
	}
	*note = xasprintf(_("%s can be read by other users: saving in the "
	    "private folder %s"), d, sub);
	free(d);
	return (sub);
}

char *
download_safe_name(const char *raw, const char *fallback)
{
	const char	*p, *base;
	char		*out, *clean;
	size_t		 n = 0, len, k;

	if (raw == NULL)
		raw = "";
	base = raw;
	for (p = raw; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	len = strlen(base);
	out = xmalloc(len + 1);
	for (p = base; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f)
			continue;
		if (n == 0 && (c == '.' || c == ' '))
			continue;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	/* Only whole, valid UTF-8 and no terminal controls (C1). */
	if (!text_utf8_valid(out, n) || text_needs_sanitize(out, n)) {
		clean = text_sanitize(out, n, 0, 0);
		free(out);
		out = clean;
		n = strlen(out);
		for (k = 0; k < n; k++)
			if (out[k] == '/' || out[k] == '\\')
				out[k] = '_';
	}
	if (n > NAME_MAX_BYTES) {
		/* Cut the stem, keep a short extension (".zip"). */
		const char	*dot = strrchr(out, '.');
		size_t		 ext = dot != NULL ? strlen(dot) : 0;

		if (ext > 16)
			ext = 0;
		k = text_utf8_complete(out, NAME_MAX_BYTES - ext);
		memmove(out + k, out + n - ext, ext);
		n = k + ext;
		out[n] = '\0';
	}
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	if (n == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
		free(out);
		return (xstrdup(fallback));
	}
	return (out);
}

struct download *
download_begin(const char *dir, char **cause)
{
	struct download	*d;
	char		*path;
	int		 fd, dfd;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		*cause = xasprintf(_("cannot open the folder %s: %s"), dir,
		    strerror(errno));
		return (NULL);
	}
	path = xasprintf("%s/.listelec-XXXXXX.part", dir);
	fd = mkstemps(path, 5);
	if (fd < 0) {
		*cause = xasprintf(_("cannot create a file in %s: %s"), dir,
		    strerror(errno));
		free(path);
		close(dfd);
		return (NULL);
	}
	(void)fchmod(fd, 0600);
	d = xcalloc(1, sizeof *d);
	d->dir = xstrdup(dir);
	d->dfd = dfd;
	d->fd = fd;
	d->tmp = xstrdup(strrchr(path, '/') + 1);
	free(path);
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	sha256_init(&d->sha);
	return (d);
}

int
download_write(void *arg, const void *buf, size_t len)
{
	struct download	*d = arg;
	const char	*p = buf;
	ssize_t		 w;

	while (len > 0) {
		w = write(d->fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		d->size += w;
		p += w;
		len -= (size_t)w;
	}
	if (!d->hstarted) {
		if (pthread_create(&d->hth, NULL, hasher_main, d) != 0)
			fatal("cannot start a thread");
		d->hstarted = 1;
	}
	pthread_mutex_lock(&d->mu);
	d->avail = d->size;
	if (d->hwaiting)
		pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
	return (0);
}

int
download_restart(struct download *d)
{
	hasher_stop(d, 1);
	if (ftruncate(d->fd, 0) != 0 || lseek(d->fd, 0, SEEK_SET) != 0)
		return (-1);
	d->size = 0;
	d->avail = d->hashed = 0;
	d->herror = 0;
	sha256_init(&d->sha);
	return (0);
}

int64_t
download_size(const struct download *d)
{
	return (d->size);
}

int
download_check_space(struct download *d, int64_t need, char **cause)
{
	struct statvfs	 sv;
	int64_t		 avail;

	if (need < 0 || fstatvfs(d->fd, &sv) != 0)
		return (0);
	avail = (int64_t)sv.f_bavail * (int64_t)sv.f_frsize;
	if (avail + d->size >= need)
		return (0);
	*cause = xasprintf(_("not enough free space in %s: the file needs "
	    "%lld bytes and %lld are free"), d->dir, (long long)need,
	    (long long)avail);
	return (-1);
}

/* Link the temp file under name (suffix when taken); 0 or -1 (errno). */
static int
link_noclobber(struct download *d, const char *name, const char *suffix,
    char **out)
{
	const char	*dot;
	char		*try, *stem, *ext;
	unsigned	 n;

	dot = strrchr(name, '.');
	if (dot == NULL || dot == name)
		dot = name + strlen(name);
	stem = xstrndup(name, (size_t)(dot - name));
	ext = xstrdup(dot);
	for (n = 1; n <= TRIES_MAX; n++) {
		if (n == 1)
			try = xasprintf("%s%s%s", stem, ext, suffix);
		else
			try = xasprintf("%s (%u)%s%s", stem, n, ext, suffix);
		if (linkat(d->dfd, d->tmp, d->dfd, try, 0) == 0) {
			(void)unlinkat(d->dfd, d->tmp, 0);
			*out = try;
			free(stem);
			free(ext);
			return (0);
		}
		free(try);
		if (errno != EEXIST)
			break;
	}
	free(stem);
	free(ext);
	return (-1);
}

int
download_finish(struct download *d, const char *name, int64_t expect,
    int zip, char **path, char sha256[65], char **cause)
{
	struct archive	*a = NULL;
	unsigned char	 dg[SHA256_DIGEST_SIZE];
	char		*tmppath, *base, *why = NULL;
	enum archive_status ast;

	if (expect >= 0 && d->size != expect) {
		*cause = xasprintf(_("the file is incomplete: %lld of %lld "
		    "bytes"), (long long)d->size, (long long)expect);
		return (-1);
	}
	if (d->size == 0) {
		*cause = xstrdup(_("the portal sent an empty file"));
		return (-1);
	}
	hasher_stop(d, 0);
	if (d->herror != 0 || d->hashed != d->size) {
		*cause = xasprintf(_("cannot read the file back: %s"),
		    strerror(d->herror != 0 ? d->herror : EIO));
		return (-2);
	}
	if (fsync(d->fd) != 0) {
		*cause = xasprintf(_("cannot write the file to disk: %s"),
		    strerror(errno));
		return (-2);
	}
	if (zip) {
		tmppath = xasprintf("%s/%s", d->dir, d->tmp);
		ast = archive_open(tmppath, NULL, &a, &why);
		free(tmppath);
		archive_free(a);
		if (ast != ARCHIVE_OK) {
			*cause = xasprintf(_("the file is not a readable zip "
			    "archive: %s"), why != NULL ? why : "");
			free(why);
			return (-1);
		}
	}
	if (link_noclobber(d, name, "", &base) != 0) {
		*cause = xasprintf(_("cannot save %s in %s: %s"), name, d->dir,
		    strerror(errno));
		return (-2);
	}
	d->done = 1;
	(void)fsync(d->dfd);
	sha256_digest(&d->sha, sizeof dg, dg);
	export_sha256_hex(dg, sha256);
	*path = xasprintf("%s/%s", d->dir, base);
	free(base);
	return (0);
}

int
download_keep(struct download *d, const char *name, char **path,
    char **cause)
{
	char	*base;

	hasher_stop(d, 1);
	(void)fsync(d->fd);
	if (link_noclobber(d, name, ".partial", &base) != 0) {
		*cause = xasprintf(_("cannot rename the partial file: %s"),
		    strerror(errno));
		*path = xasprintf("%s/%s", d->dir, d->tmp);
		d->done = 1;
		return (-1);
	}
	(void)fsync(d->dfd);
	d->done = 1;
	*path = xasprintf("%s/%s", d->dir, base);
	free(base);
	return (0);
}

void
download_free(struct download *d)
{
	if (d == NULL)
		return;
	hasher_stop(d, 1);
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->cv);
	if (d->fd >= 0)
		close(d->fd);
	close(d->dfd);
	free(d->dir);
	free(d->tmp);
	free(d);
}

void
download_discard(struct download *d)
{
	if (d == NULL)
		return;
	if (!d->done)
		(void)unlinkat(d->dfd, d->tmp, 0);
	download_free(d);
}
