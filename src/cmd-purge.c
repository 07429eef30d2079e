/*
 * cmd-purge — `listelec purge [--yes]`: destroy the files listelec wrote.
 * The audit log names each of them: downloads (download file=), exports and
 * saved decrypted copies (export path=; an export to stdout has none), walk
 * sheets (sheet path=).
 * Those that still exist are listed once each (by name, then by device and
 * inode); after a y/n question on the terminal, or --yes, each regular file
 * whose SHA-256 is still the one recorded is overwritten with zeros over its
 * whole length, synced, unlinked, and its folder synced.  A file that
 * changed since is left (unless confirmed on the terminal), as is anything
 * that is not a regular file (a symlink is never followed).  One audit line
 * "purge" per file destroyed or left, then one summary line.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "listelec/audit.h"
#include "listelec/cmd.h"
#include "listelec/export.h"
#include "listelec/i18n.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define PURGE_BUF	65536		/* bytes read or zeroed at a time */
#define PURGE_MAXLINE	(1024 * 1024)	/* longer audit lines are skipped */

/* Why a listed file was left. */
enum purge_why {
	PURGE_DESTROYED,
	PURGE_CHANGED,
	PURGE_MISSING,
	PURGE_NOT_A_FILE,
	PURGE_ERROR,
	PURGE_NWHY
};

/* A file the audit log says listelec wrote. */
struct purge_file {
	char		*path;
	char		 sha256[65];	/* the last recorded; "" = none */
	int		 purged;	/* destroyed by a purge since */
	int		 listed;	/* exists: shown, to destroy */
	struct stat	 sb;		/* lstat when listed */
};

struct purge_list {
	struct purge_file	*v;
	size_t			 n;
	size_t			 cap;
};

static volatile sig_atomic_t purge_interrupted;

/* Help for purge. */
static int
purge_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec purge [--yes]\n"
"Destroy the files listelec wrote: every download, export and saved copy\n"
"that the audit log records and that still exists is listed with its size\n"
"and date; after your confirmation each one is overwritten with zeros,\n"
"synced, then removed.  A file that changed since listelec wrote it, or\n"
"that is not a regular file (a symbolic link), is named and left.\n"
"\n"
"  --yes                do not ask (required without a terminal); changed\n"
"                       files are then left and listed\n"
"  -h, --help           show this help\n"
"\n"
"Overwriting cannot reach the copies an SSD, a copy-on-write file system\n"
"(btrfs, ZFS), a snapshot or a backup keeps: see listelec(1).\n"
"Exit status: 0 all destroyed (or nothing to do), 8 some file left,\n"
"1 an I/O error, 2 no terminal and no --yes, 130 interrupted.\n"));
	return (status);
}

/* SIGINT, SIGTERM: set the flag (no SA_RESTART: a read returns). */
static void
purge_on_signal(int sig)
{
	(void)sig;
	purge_interrupted = 1;
}

/* The entry for path, added when new. */
static struct purge_file *
purge_find(struct purge_list *l, const char *path, int add)
{
	struct purge_file	*f;
	size_t			 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, path) == 0)
			return (&l->v[i]);
	if (!add)
		return (NULL);
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	return (f);
}

#define PURGE_MAXFIELDS	32

/* One audit line: a file written (download, export) or destroyed. */
static void
purge_line(struct purge_list *l, const char *line)
{
	char			 event[32], *keys[PURGE_MAXFIELDS];
	char			*values[PURGE_MAXFIELDS];
	const char		*path = NULL, *sha = NULL, *why = NULL;
	struct purge_file	*f;
	int			 n, i;

	n = audit_parse(line, event, sizeof event, keys, values,
	    PURGE_MAXFIELDS);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		if (strcmp(event, "download") == 0 &&
		    strcmp(keys[i], "file") == 0)
			path = values[i];
		else if (strcmp(event, "download") != 0 &&
		    strcmp(keys[i], "path") == 0)
			path = values[i];
		else if (strcmp(keys[i], "sha256") == 0)
			sha = values[i];
		else if (strcmp(keys[i], "why") == 0)
			why = values[i];
	}
	if (path != NULL && *path != '\0') {
		if (strcmp(event, "download") == 0 ||
		    strcmp(event, "export") == 0 ||
		    strcmp(event, "sheet") == 0) {
			f = purge_find(l, path, 1);
			f->purged = 0;
			f->sha256[0] = '\0';
			if (sha != NULL && strlen(sha) == 64)
				memcpy(f->sha256, sha, 65);
		} else if (strcmp(event, "purge") == 0 && why == NULL &&
		    (f = purge_find(l, path, 0)) != NULL)
			f->purged = 1;
	}
	for (i = 0; i < n; i++) {
		free(keys[i]);
		free(values[i]);
	}
}

/* Read the audit log into l; 0, 1 when there is none, -1 after saying. */
static int
purge_read_log(struct purge_list *l)
{
	char	*path, *line = NULL;
	size_t	 cap = 0;
	ssize_t	 len;
	FILE	*f;

	if ((path = audit_path()) == NULL) {
		msg_error(_("no HOME: there is no audit log"));
		return (-1);
	}
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT) {
			free(path);
			return (1);
		}
		msg_error(_("cannot read %s: %s"), path, strerror(errno));
		free(path);
		return (-1);
	}
	while ((len = getline(&line, &cap, f)) > 0)
		if (len < PURGE_MAXLINE && memchr(line, '\0', len) == NULL)
			purge_line(l, line);
	if (ferror(f)) {
		msg_error(_("cannot read %s: %s"), path, strerror(errno));
		free(line);
		fclose(f);
		free(path);
		return (-1);
	}
	free(line);
	fclose(f);
	free(path);
	return (0);
}

/*
 * A y/n question on the terminal.  Returns 1 yes, 0 no (or end of
 * input), -1 no terminal, -2 Ctrl-C.
 */
static int
purge_ask(const char *prompt)
{
	struct sigaction	 sa, oldint, oldterm;
	char			 buf[64], c;
	size_t			 n;
	ssize_t			 r;
	int			 fd, tries, answer = 0;

	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		return (-1);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = purge_on_signal;
	sigemptyset(&sa.sa_mask);
	purge_interrupted = 0;
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);
	for (tries = 0; tries < 3; tries++) {
		r = write(fd, prompt, strlen(prompt));
		n = 0;
		while ((r = read(fd, &c, 1)) == 1 && c != '\n')
			if (n < sizeof buf - 1)
				buf[n++] = c;
		if (purge_interrupted) {
			answer = -2;
			r = write(fd, "\n", 1);
			break;
		}
		if (r != 1)
			break;
		while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == ' '))
			n--;
		buf[n] = '\0';
		if (strcasecmp(buf, "y") == 0 || strcasecmp(buf, "yes") == 0 ||
		    strcasecmp(buf, "o") == 0 || strcasecmp(buf, "oui") == 0) {
			answer = 1;
			break;
		}
		if (strcasecmp(buf, "n") == 0 || strcasecmp(buf, "no") == 0 ||
		    strcasecmp(buf, "non") == 0)
			break;
	}
	(void)r;
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	close(fd);
	return (answer);
}

/* The folder of path (allocated) and its last component (in path). */
static char *
purge_dirname(const char *path, const char **base)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL) {
		*base = path;
		return (xstrdup("."));
	}
	*base = slash + 1;
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(slash - path)));
}

/* SHA-256 of the open file fd, in hex; 0, or -1 with errno. */
static int
purge_digest(int fd, char hex[65])
{
	struct sha256_ctx	 sha;
	unsigned char		 buf[PURGE_BUF], digest[SHA256_DIGEST_SIZE];
	ssize_t			 r;

	sha256_init(&sha);
	while ((r = read(fd, buf, sizeof buf)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		sha256_update(&sha, (size_t)r, buf);
	}
	sha256_digest(&sha, sizeof digest, digest);
	export_sha256_hex(digest, hex);
	return (0);
}

/* Zeros over the first size bytes of fd, then fsync; 0, or -1 (errno). */
static int
purge_zero(int fd, off_t size)
{
	static const unsigned char	 zeros[PURGE_BUF];
	off_t				 at = 0;
	size_t				 want;
	ssize_t				 w;

	while (at < size) {
		want = size - at < (off_t)sizeof zeros ?
		    (size_t)(size - at) : sizeof zeros;
		if ((w = pwrite(fd, zeros, want, at)) < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (w == 0) {
			errno = EIO;
			return (-1);
		}
		at += w;
	}
	return (fsync(fd));
}

/*
 * Destroy one listed file.  When its digest is not the recorded one,
 * ask (when ask) or leave it.  Fills hex (digest) and *size; on an error,
 * *err gets errno.  Returns what happened; -1 when interrupted at the
 * question.
 */
static int
purge_one(const struct purge_file *f, int ask, char hex[65], off_t *size,
    int *err)
{
	struct stat	 sb, now;
	const char	*base;
	char		*dir, *q;
	int		 dfd, fd = -1, r, why;

	*err = 0;
	*size = 0;
	hex[0] = '\0';
	dir = purge_dirname(f->path, &base);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (dfd < 0) {
		*err = errno;
		return (errno == ENOENT || errno == ENOTDIR ? PURGE_MISSING :
		    PURGE_ERROR);
	}
	fd = openat(dfd, base, O_RDWR | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		why = errno == ENOENT ? PURGE_MISSING : (errno == ELOOP ||
		    errno == ENXIO || errno == EISDIR) ? PURGE_NOT_A_FILE :
		    PURGE_ERROR;
		goto out;
	}
	if (fstat(fd, &sb) != 0) {
		*err = errno;
		why = PURGE_ERROR;
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		why = PURGE_NOT_A_FILE;
		goto out;
	}
	*size = sb.st_size;
	if (purge_digest(fd, hex) != 0) {
		*err = errno;
		why = PURGE_ERROR;
		goto out;
	}
	if (strcmp(hex, f->sha256) != 0) {
		if (!ask) {
			why = PURGE_CHANGED;
			goto out;
		}
		q = xasprintf(_("%s changed since listelec wrote it. Destroy "
		    "it too? (y/n) "), f->path);
		r = purge_ask(q);
		free(q);
		if (r == -2) {
			why = -1;
			goto out;
		}
		if (r != 1) {
			why = PURGE_CHANGED;
			goto out;
		}
	}
	if (sb.st_nlink > 1)
		msg_note(_("warning: %s has other names (hard links): they "
		    "now read zeros, and are not removed"), f->path);
	if (purge_zero(fd, sb.st_size) != 0) {
		*err = errno;
		why = PURGE_ERROR;
		goto out;
	}
	/* Only the file we overwrote loses its name. */
	if (fstatat(dfd, base, &now, AT_SYMLINK_NOFOLLOW) != 0 ||
	    now.st_dev != sb.st_dev || now.st_ino != sb.st_ino) {
		why = PURGE_MISSING;
		goto out;
	}
	if (unlinkat(dfd, base, 0) != 0 || fsync(dfd) != 0) {
		*err = errno;
		why = PURGE_ERROR;
		goto out;
	}
	why = PURGE_DESTROYED;
out:
	if (fd != -1)
		close(fd);
	close(dfd);
	return (why);
}

/* The audit line for one file; 0, or -1 after saying why. */
static int
purge_audit(const char *path, int why, const char *hex, off_t size)
{
	static const char *const words[] = {
		"", "changed", "missing", "not-a-file", "error"
	};
	char	 nb[32], *cause = NULL;
	int	 r;

	snprintf(nb, sizeof nb, "%lld", (long long)size);
	if (why == PURGE_DESTROYED) {
		const char *fields[] = { "path", path, "size", nb,
		    "sha256", hex, NULL };
		r = audit_record("purge", fields, &cause);
	} else {
		const char *fields[] = { "path", path, "why", words[why],
		    NULL };
		r = audit_record("purge", fields, &cause);
	}
	if (r != 0) {
		msg_error("%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* What was left, and why, for a message. */
static const char *
purge_reason(int why)
{
	switch (why) {
	case PURGE_CHANGED:
		return (_("changed since it was written"));
	case PURGE_MISSING:
		return (_("no longer there"));
	case PURGE_NOT_A_FILE:
		return (_("not a regular file"));
	default:
		return (_("I/O error"));
	}
}

/* List the files that still exist; returns how many. */
static size_t
purge_show(struct purge_list *l, size_t *gone)
{
	struct purge_file	*f;
	struct tm		 tm;
	char			 size[32], date[32];
	const char		*mark;
	size_t			 i, j, n = 0;

	*gone = 0;
	for (i = 0; i < l->n; i++) {
		f = &l->v[i];
		if (f->purged)
			continue;
		if (lstat(f->path, &f->sb) != 0) {
			(*gone)++;
			continue;
		}
		for (j = 0; j < i; j++)
			if (l->v[j].listed && l->v[j].sb.st_dev ==
			    f->sb.st_dev && l->v[j].sb.st_ino == f->sb.st_ino)
				break;
		if (j < i)
			continue;
		f->listed = 1;
		if (n++ == 0)
			msg_printf(stdout, "%s\n", _("Files listelec wrote, "
			    "according to the audit log:"));
		text_human_bytes(size, sizeof size, (int64_t)f->sb.st_size);
		localtime_r(&f->sb.st_mtime, &tm);
		strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
		if (S_ISLNK(f->sb.st_mode))
			mark = _(" (symbolic link: will be left)");
		else if (!S_ISREG(f->sb.st_mode))
			mark = _(" (not a regular file: will be left)");
		else
			mark = "";
		msg_printf(stdout, "  %9s  %s  %s%s\n", size, date, f->path,
		    mark);
	}
	return (n);
}

/* The summary line. */
static void
purge_summary(size_t destroyed, int64_t bytes, const size_t *left,
    size_t nleft)
{
	char	 size[32], *line, *part, *tmp;
	size_t	 why, kinds = 0;

	text_human_bytes(size, sizeof size, bytes);
	line = xasprintf(ngettext("%zu file destroyed (%s)",
	    "%zu files destroyed (%s)", destroyed), destroyed, size);
	if (nleft == 0) {
		msg_printf(stdout, _("%s; nothing left.\n"), line);
		free(line);
		return;
	}
	for (why = PURGE_CHANGED; why < PURGE_NWHY; why++)
		if (left[why] > 0)
			kinds++;
	part = NULL;
	for (why = PURGE_CHANGED; why < PURGE_NWHY; why++) {
		if (left[why] == 0)
			continue;
		if (kinds == 1)
			tmp = xstrdup(purge_reason(why));
		else
			tmp = xasprintf("%s%s%zu %s", part != NULL ? part : "",
			    part != NULL ? ", " : "", left[why],
			    purge_reason(why));
		free(part);
		part = tmp;
	}
	msg_printf(stdout, _("%s; %zu left: %s.\n"), line, nleft, part);
	free(part);
	free(line);
}

/* `listelec purge [--yes]`. */
static int
cmd_purge(int argc, char **argv, const struct cmd_common *common)
{
	static const struct option longopts[] = {
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct purge_list	 l;
	struct sigaction	 sa, oldint, oldterm;
	size_t			 i, n, gone, destroyed = 0, nleft = 0;
	size_t			 left[PURGE_NWHY];
	int64_t			 bytes = 0;
	off_t			 size;
	char			 hex[65], *q;
	int			 c, yes = 0, r, why, err, status = EXIT_OK;
	int			 ioerr = 0;

	(void)common;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'y')
			yes = 1;
		else if (c == 'h')
			return (purge_usage(stdout, EXIT_OK));
		else
			return (purge_usage(stderr, EXIT_USAGE));
	}
	if (optind != argc)
		return (purge_usage(stderr, EXIT_USAGE));

	memset(&l, 0, sizeof l);
	memset(left, 0, sizeof left);
	if ((r = purge_read_log(&l)) < 0)
		return (EXIT_RUNTIME);
	gone = 0;
	n = r == 0 ? purge_show(&l, &gone) : 0;
	if (gone > 0)
		msg_note(ngettext("%zu file the audit log records no longer "
		    "exists: removed without purge, its content may still be "
		    "on the disk.", "%zu files the audit log records no longer "
		    "exist: removed without purge, their content may still be "
		    "on the disk.", gone), gone);
	if (n == 0) {
		msg_printf(stdout, "%s\n", _("Nothing to purge: no file the "
		    "audit log records is still there."));
		goto out;
	}
	msg_note("%s", _("Overwriting cannot reach the copies an SSD, a "
	    "copy-on-write file system such as btrfs or ZFS, a snapshot or a "
	    "backup keeps: see listelec(1)."));
	if (!yes) {
		q = xasprintf(ngettext("Overwrite and remove the %zu file "
		    "listed? (y/n) ", "Overwrite and remove the %zu files "
		    "listed? (y/n) ", n), n);
		r = purge_ask(q);
		free(q);
		if (r == -1) {
			msg_error("%s", _("there is no terminal to confirm on: "
			    "run listelec purge --yes to destroy these files"));
			status = EXIT_USAGE;
			goto out;
		}
		if (r == -2) {
			msg_note("%s", _("Interrupted: nothing was "
			    "destroyed."));
			status = EXIT_INTERRUPTED;
			goto out;
		}
		if (r == 0) {
			msg_printf(stdout, "%s\n", _("Nothing was destroyed."));
			goto out;
		}
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = purge_on_signal;
	sigemptyset(&sa.sa_mask);
	purge_interrupted = 0;
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);
	for (i = 0; i < l.n && !purge_interrupted; i++) {
		if (!l.v[i].listed)
			continue;
		size = 0;
		hex[0] = '\0';
		err = 0;
		if (S_ISREG(l.v[i].sb.st_mode))
			why = purge_one(&l.v[i], !yes, hex, &size, &err);
		else
			why = PURGE_NOT_A_FILE;
		if (why < 0) {
			/* Ctrl-C at its question: this one is left, and
			   the rest is not touched. */
			purge_interrupted = 1;
			why = PURGE_CHANGED;
		}
		if (why == PURGE_DESTROYED) {
			destroyed++;
			bytes += (int64_t)size;
			msg_printf(stdout, _("destroyed %s\n"), l.v[i].path);
		} else {
			nleft++;
			left[why]++;
			if (why == PURGE_ERROR) {
				msg_error("%s: %s", l.v[i].path,
				    strerror(err));
				ioerr = 1;
			}
			msg_printf(stdout, _("left %s: %s\n"), l.v[i].path,
			    purge_reason(why));
		}
		if (purge_audit(l.v[i].path, why, hex, size) != 0)
			ioerr = 1;
	}
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	purge_summary(destroyed, bytes, left, nleft);
	if (purge_interrupted)
		status = EXIT_INTERRUPTED;
	else if (ioerr)
		status = EXIT_RUNTIME;
	else if (nleft > 0)
		status = EXIT_KEEP;
	if (fflush(stdout) != 0 && status == EXIT_OK)
		status = cmd_write_failed(errno, _("cannot write the list"));
out:
	for (i = 0; i < l.n; i++)
		free(l.v[i].path);
	free(l.v);
	return (status);
}

const struct cmd_entry cmd_purge_entry = {
	"purge", N_("[--yes]"),
	N_("destroy the files listelec wrote (overwrite, then remove)"),
	0, cmd_purge
};
