/*
 * audit — the private audit log, $XDG_STATE_HOME/listelec/audit.log
 * (default ~/.local/state/listelec/audit.log), file 0600 in 0700 folders.
 * One line per event: ISO 8601 time, event word, then key=value fields
 * (paths, sizes, SHA-256, counts).  Never an elector's data, never a secret.
 */
#ifndef LISTELEC_AUDIT_H
#define LISTELEC_AUDIT_H

#include <stddef.h>

/* Path of the log (allocated), honouring XDG_STATE_HOME and HOME. */
char	*audit_path(void);
/*
 * Append one event: event is a word ("notice", "download", "open",
 * "export", "purge"); fields is NULL-terminated pairs of key, value.
 * Values are quoted when they hold spaces; control characters escaped.
 * Returns 0, or -1 with *cause.
 */
int	 audit_record(const char *event, const char *const *fields,
	     char **cause);

/*
 * Split one line of the log as audit_record wrote it: *event gets the
 * event word (esize bytes of room), and the fields after it, decoded, go
 * to keys/values (at most max pairs; the caller frees each).  Returns the
 * number of pairs, or -1 when the line is malformed.
 */
int	 audit_parse(const char *line, char *event, size_t esize, char **keys,
	     char **values, int max);

#endif
