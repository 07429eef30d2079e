/*
 * settings — the private settings file.  Read whole (it is small), written
 * whole to a temp file in the same folder, fsynced, renamed over.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/settings.h"
#include "listelec/xmalloc.h"

#define SETTINGS_MAX	65536

/* $XDG_CONFIG_HOME/listelec or ~/.config/listelec; NULL without HOME. */
static char *
settings_dir(void)
{
	const char	*x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (x != NULL && *x == '/')
		return (xasprintf("%s/listelec", x));
	if (home == NULL || *home != '/')
		return (NULL);
	return (xasprintf("%s/.config/listelec", home));
}

/* The file's bytes (allocated, NUL-terminated), "" when absent. */
static char *
slurp(const char *path)
{
	struct stat	 sb;
	char		*buf;
	ssize_t		 n;
	int		 fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return (xstrdup(""));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid() || sb.st_size > SETTINGS_MAX) {
		close(fd);
		return (xstrdup(""));
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	n = read(fd, buf, (size_t)sb.st_size);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return (buf);
}

char *
settings_get(const char *key)
{
	char	*dir, *path, *buf, *line, *next, *v = NULL;
	size_t	 k = strlen(key);

	if ((dir = settings_dir()) == NULL)
		return (NULL);
	path = xasprintf("%s/config", dir);
	free(dir);
	buf = slurp(path);
	free(path);
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (strncmp(line, key, k) == 0 && line[k] == '=') {
			free(v);
			v = xstrdup(line + k + 1);
		}
	}
	free(buf);
	return (v);
}

int
settings_set(const char *key, const char *value, char **cause)
{
	char	*dir, *path, *tmp, *buf, *line, *next;
	size_t	 k = strlen(key);
	FILE	*f;
	int	 fd;

	if (value != NULL && strchr(value, '\n') != NULL) {
		*cause = xstrdup(_("a setting cannot hold a line break"));
		return (-1);
	}
	if ((dir = settings_dir()) == NULL) {
		*cause = xstrdup(_("no HOME: cannot write the settings"));
		return (-1);
	}
	if (secure_make_private_dir(dir, cause) != 0) {
		free(dir);
		return (-1);
	}
	path = xasprintf("%s/config", dir);
	tmp = xasprintf("%s/.config-XXXXXX", dir);
	free(dir);
	buf = slurp(path);
	if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "w")) == NULL) {
		*cause = xasprintf(_("cannot write the settings: %s"),
		    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		goto fail;
	}
	for (line = buf; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (*line == '\0' || (strncmp(line, key, k) == 0 &&
		    line[k] == '='))
			continue;
		fprintf(f, "%s\n", line);
	}
	if (value != NULL)
		fprintf(f, "%s=%s\n", key, value);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f) ||
	    fclose(f) != 0 || rename(tmp, path) != 0) {
		*cause = xasprintf(_("cannot write the settings: %s"),
		    strerror(errno));
		unlink(tmp);
		goto fail;
	}
	free(buf);
	free(tmp);
	free(path);
	return (0);
fail:
	free(buf);
	free(tmp);
	free(path);
	return (-1);
}
