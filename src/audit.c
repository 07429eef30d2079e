/*
 * audit — the private audit log.  Each download, notice, open, export and
 * purge is one line: time, event, key=value fields, then who did it: the
 * local user and the host (a shared office box has several users).  The
 * file is created 0600 in 0700 folders under $XDG_STATE_HOME/listelec (default
 * ~/.local/state/listelec), opened O_APPEND|O_NOFOLLOW so a planted symlink
 * is refused.  No elector data and no secret is ever written: callers pass
 * paths, sizes, counts and digests.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listelec/audit.h"
#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/xmalloc.h"

static void	put_value(FILE *, const char *);

/* " user=NAME host=HOST": the local account (its uid when it has no
   name) and the machine. */
static void
audit_who(FILE *f)
{
	struct passwd	*pw = getpwuid(geteuid());
	char		 host[256], uid[32];

	if (pw == NULL || pw->pw_name == NULL || pw->pw_name[0] == '\0') {
		snprintf(uid, sizeof uid, "%lu", (unsigned long)geteuid());
		fputs(" user=", f);
		put_value(f, uid);
	} else {
		fputs(" user=", f);
		put_value(f, pw->pw_name);
	}
	if (gethostname(host, sizeof host) != 0)
		host[0] = '\0';
	host[sizeof host - 1] = '\0';
	fputs(" host=", f);
	put_value(f, host[0] != '\0' ? host : "?");
}

/* $XDG_STATE_HOME/listelec, or ~/.local/state/listelec; NULL without HOME. */
static char *
audit_dir(void)
{
	const char	*state, *home;

	state = getenv("XDG_STATE_HOME");
	if (state != NULL && state[0] == '/')
		return (xasprintf("%s/listelec", state));
	home = getenv("HOME");
	if (home == NULL || home[0] != '/')
		return (NULL);
	return (xasprintf("%s/.local/state/listelec", home));
}

/* Path of the log; caller frees. */
char *
audit_path(void)
{
	char	*dir, *path;

	if ((dir = audit_dir()) == NULL)
		return (NULL);
	path = xasprintf("%s/audit.log", dir);
	free(dir);
	return (path);
}

/* Append value to the line, quoted when needed, controls escaped. */
static void
put_value(FILE *f, const char *v)
{
	const unsigned char	*p;
	int			 quote = 0;

	if (*v == '\0')
		quote = 1;
	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p <= ' ' || *p == '"' || *p == '=' || *p == 0x7f)
			quote = 1;
	if (quote)
		fputc('"', f);
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < ' ' || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	if (quote)
		fputc('"', f);
}

/* Append one event line. */
int
audit_record(const char *event, const char *const *fields, char **cause)
{
	char		*dir, *path;
	char		 when[64];
	time_t		 now;
	struct tm	 tm;
	struct stat	 sb;
	FILE		*f;
	int		 fd;
	size_t		 i;

	if ((dir = audit_dir()) == NULL) {
		*cause = xstrdup(_("no HOME: cannot write the audit log"));
		return (-1);
	}
	if (secure_make_private_dir(dir, cause) != 0) {
		free(dir);
		return (-1);
	}
	path = xasprintf("%s/audit.log", dir);
	free(dir);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		*cause = xasprintf(_("cannot open the audit log %s: %s"), path,
		    strerror(errno));
		free(path);
		return (-1);
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid()) {
		*cause = xasprintf(_("the audit log %s is not your own file"),
		    path);
		close(fd);
		free(path);
		return (-1);
	}
	if ((sb.st_mode & 077) != 0)
		fchmod(fd, 0600);
	if ((f = fdopen(fd, "a")) == NULL) {
		*cause = xasprintf(_("cannot open the audit log %s: %s"), path,
		    strerror(errno));
		close(fd);
		free(path);
		return (-1);
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm);
	fprintf(f, "%s %s", when, event);
	for (i = 0; fields != NULL && fields[i] != NULL &&
	    fields[i + 1] != NULL; i += 2) {
		fprintf(f, " %s=", fields[i]);
		put_value(f, fields[i + 1]);
	}
	audit_who(f);
	fputc('\n', f);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
		*cause = xasprintf(_("cannot write the audit log %s: %s"), path,
		    strerror(errno));
		fclose(f);
		free(path);
		return (-1);
	}
	fclose(f);
	free(path);
	return (0);
}

/*
 * Reading the log back (purge): the inverse of put_value and
 * audit_record.
 */

/* Value of hex digit c, or -1. */
static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/*
 * Decode the value at *pp as put_value writes it: bare (up to a
 * space) or between double quotes, with \" \\ and \xHH escapes.  Advances
 * *pp past it.  Returns the value (caller frees), or NULL when malformed.
 */
static char *
read_value(const char **pp)
{
	const char	*p = *pp;
	char		*out;
	size_t		 n = 0;
	int		 quoted = 0, h, l;

	out = xmalloc(strlen(p) + 1);
	if (*p == '"') {
		quoted = 1;
		p++;
	}
	for (;;) {
		if (*p == '\0' || *p == '\n') {
			if (quoted)
				goto bad;
			break;
		}
		if (quoted && *p == '"') {
			p++;
			break;
		}
		if (!quoted && *p == ' ')
			break;
		if (*p != '\\') {
			out[n++] = *p++;
			continue;
		}
		p++;
		if (*p == '"' || *p == '\\')
			out[n++] = *p++;
		else if (*p == 'x' && (h = hex_digit(p[1])) >= 0 &&
		    (l = hex_digit(p[2])) >= 0 && (h != 0 || l != 0)) {
			out[n++] = (char)(h * 16 + l);
			p += 3;
		} else
			goto bad;
	}
	if (*p != '\0' && *p != ' ' && *p != '\n')
		goto bad;
	out[n] = '\0';
	*pp = p;
	return (out);
bad:
	free(out);
	return (NULL);
}

int
audit_parse(const char *line, char *event, size_t esize, char **keys,
    char **values, int max)
{
	const char	*p, *k;
	size_t		 len;
	int		 n = 0;

	if ((p = strchr(line, ' ')) == NULL)
		return (-1);
	p++;
	len = strcspn(p, " \n");
	if (len == 0 || len >= esize)
		return (-1);
	memcpy(event, p, len);
	event[len] = '\0';
	p += len;
	while (*p == ' ') {
		p++;
		k = p;
		len = strcspn(p, "= \n");
		if (len == 0 || p[len] != '=')
			goto bad;
		p += len + 1;
		if (n == max)
			goto bad;
		if ((values[n] = read_value(&p)) == NULL)
			goto bad;
		keys[n] = xstrndup(k, len);
		n++;
	}
	if (*p != '\0' && *p != '\n')
		goto bad;
	return (n);
bad:
	while (n-- > 0) {
		free(keys[n]);
		free(values[n]);
	}
	return (-1);
}
