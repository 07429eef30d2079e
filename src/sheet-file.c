/*
 * sheet-file — a file of walk sheets, written as every export is
 * (export_run_custom: 0600, O_EXCL|O_NOFOLLOW, synced, SHA-256), and its
 * audit line "sheet", with the routes it holds, which purge reads to
 * destroy it.  Shared by `listelec sheet` and the table screen.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/export.h"
#include "listelec/sheet.h"
#include "listelec/xmalloc.h"

#define ROUTES_AUDIT_MAX	(256 * 1024)	/* route ids on the line */

/* Parse a format name. */
int
sheet_parse_format(const char *s, enum sheet_format *f)
{
	if (strcmp(s, "pdf") == 0)
		*f = SHEET_PDF;
	else if (strcmp(s, "text") == 0 || strcmp(s, "txt") == 0)
		*f = SHEET_TEXT;
	else if (strcmp(s, "csv") == 0)
		*f = SHEET_CSV;
	else
		return (-1);
	return (0);
}

/* The format a file name suggests. */
enum sheet_format
sheet_format_of_name(const char *path)
{
	const char	*dot = strrchr(path, '.');

	if (dot != NULL && (strcmp(dot, ".txt") == 0 ||
	    strcmp(dot, ".text") == 0))
		return (SHEET_TEXT);
	if (dot != NULL && strcmp(dot, ".csv") == 0)
		return (SHEET_CSV);
	return (SHEET_PDF);
}

/* A save under way: the pages, for the audit line made after. */
struct save_job {
	struct sheet_save	*s;
	char			 npages[32];
};

/* The body of the export: the writer through the export's sink. */
static int
sheet_body(void *sink, void *arg, char **cause)
{
	struct save_job		*j = arg;
	struct sheet_save	*s = j->s;

	switch (s->format) {
	case SHEET_PDF:
		s->pages = sheet_write_pdf(s->plan, s->layout,
		    export_sink_write, sink, cause);
		break;
	case SHEET_TEXT:
		s->pages = sheet_write_text(s->plan, s->layout,
		    export_sink_write, sink);
		break;
	case SHEET_CSV:
		s->pages = sheet_write_csv(s->plan, s->layout,
		    export_sink_write, sink, &s->formulas) == 0;
		break;
	}
	snprintf(j->npages, sizeof j->npages, "%zu", s->pages);
	return (s->pages > 0 ? 0 : -1);
}

/* The route ids, comma-separated, for the audit line (allocated). */
static char *
route_ids(const struct sheet_plan *p)
{
	const char	*id;
	char		*s;
	size_t		 i, len = 0, cap = 256, n;

	s = xmalloc(cap);
	s[0] = '\0';
	for (i = 0; i < sheet_nroutes(p); i++) {
		id = sheet_route(p, i)->id;
		n = strlen(id);
		if (len + n + 6 > ROUTES_AUDIT_MAX) {
			memcpy(s + len, ",...", 5);
			break;
		}
		if (len + n + 6 > cap) {
			cap = cap * 2 + n;
			s = xrealloc(s, cap);
		}
		if (i > 0)
			s[len++] = ',';
		memcpy(s + len, id, n + 1);
		len += n;
	}
	return (s);
}

/* Write the sheets as an export and audit them; see sheet.h. */
int
sheet_save(struct sheet_save *s, char **cause)
{
	static const char *const names[] = { "pdf", "text", "csv" };
	struct export_custom	 ec;
	struct save_job		 j;
	char			 nel[32], nro[32], *routes;
	const char		*fields[17];
	int			 r;

	routes = route_ids(s->plan);
	snprintf(nel, sizeof nel, "%zu", sheet_electors(s->plan));
	snprintf(nro, sizeof nro, "%zu", sheet_nroutes(s->plan));
	j.s = s;
	j.npages[0] = '\0';
	fields[0] = "file";
	fields[1] = s->file;
	fields[2] = s->path != NULL ? "path" : "to";
	fields[3] = s->path != NULL ? s->path : s->to;
	fields[4] = "format";
	fields[5] = names[s->format];
	fields[6] = "electors";
	fields[7] = nel;
	fields[8] = "pages";
	fields[9] = j.npages;	/* filled by the body, before the line */
	fields[10] = "routes";
	fields[11] = nro;
	fields[12] = "route_ids";
	fields[13] = routes;
	fields[14] = NULL;
	memset(&ec, 0, sizeof ec);
	ec.body = sheet_body;
	ec.arg = &j;
	ec.path = s->path;
	ec.out = s->path == NULL ? s->out : NULL;
	ec.event = "sheet";
	ec.audit = fields;
	s->pages = 0;
	r = export_run_custom(&ec, cause);
	s->error = ec.error;
	memcpy(s->sha256, ec.sha256, sizeof s->sha256);
	free(routes);
	return (r);
}
