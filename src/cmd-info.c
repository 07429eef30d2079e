/*
 * cmd-info — `listelec info FILE.zip`: the archive's tree, one entry per
 * line (kind, encryption, size, packed size, path), nested zips expanded
 * when they can be read without a password.  No password is asked.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/archive.h"
#include "listelec/cmd.h"
#include "listelec/i18n.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

/* Help for info. */
static int
info_usage(FILE *f, int status)
{
	msg_printf(f, "%s", _(
"Usage: listelec info FILE.zip\n"
"Show the archive's tree without a password: for each entry its kind,\n"
"encryption, size, packed size and path; nested zips are shown as folders\n"
"(\"Liste_CSV.zip/liste.csv\").  Entries inside an encrypted nested zip\n"
"are listed once the password is given to query or open.\n"));
	return (status);
}

/* Pad s (UTF-8, sanitized) on the right to width columns, to f. */
static void
put_padded(FILE *f, const char *s, size_t width)
{
	size_t	w;

	msg_write(f, s, strlen(s), 0);
	for (w = text_width(s, strlen(s)); w < width; w++)
		fputc(' ', f);
}

/* `listelec info FILE.zip`. */
static int
cmd_info(int argc, char **argv, const struct cmd_common *common)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct archive_entry	*e;
	struct archive			*a;
	enum archive_status		 st;
	char				*cause = NULL, *path;
	size_t				 i, n, kw = 0, ew = 0, len;
	int				 c, closed = 0;

	(void)common;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return (info_usage(stdout, EXIT_OK));
		default:
			return (info_usage(stderr, EXIT_USAGE));
		}
	}
	if (argc - optind != 1) {
		msg_error(_("info takes one archive"));
		return (info_usage(stderr, EXIT_USAGE));
	}
	st = archive_open(argv[optind], NULL, &a, &cause);
	if (st != ARCHIVE_OK) {
		msg_error("%s: %s", argv[optind], cause);
		free(cause);
		return (cmd_exit(CMD_FROM_ARCHIVE, st, 0));
	}
	n = archive_count(a);
	for (i = 0; i < n; i++) {
		e = archive_entry(a, i);
		len = text_width(archive_kind_name(e->kind),
		    strlen(archive_kind_name(e->kind)));
		if (len > kw)
			kw = len;
		len = text_width(archive_enc_name(e->enc),
		    strlen(archive_enc_name(e->enc)));
		if (len > ew)
			ew = len;
	}
	if (kw < strlen(_("KIND")))
		kw = text_width(_("KIND"), strlen(_("KIND")));
	if (ew < strlen(_("ENCRYPTION")))
		ew = text_width(_("ENCRYPTION"), strlen(_("ENCRYPTION")));

	put_padded(stdout, _("KIND"), kw + 2);
	put_padded(stdout, _("ENCRYPTION"), ew + 2);
	msg_printf(stdout, "%12s  %12s  %s\n", _("SIZE"), _("PACKED"),
	    _("PATH"));
	for (i = 0; i < n; i++) {
		e = archive_entry(a, i);
		put_padded(stdout, archive_kind_name(e->kind), kw + 2);
		put_padded(stdout, archive_enc_name(e->enc), ew + 2);
		printf("%12" PRIu64 "  %12" PRIu64 "  ", e->size, e->packed);
		len = strlen(e->path);
		path = xasprintf("%s%s", e->path,
		    e->kind == ARCHIVE_KIND_DIR &&
		    (len == 0 || e->path[len - 1] != '/') ? "/" : "");
		msg_write(stdout, path, strlen(path), 0);
		free(path);
		if (e->kind == ARCHIVE_KIND_ZIP && !e->expanded) {
			closed++;
			msg_printf(stdout, "  %s", _("(encrypted: contents "
			    "listed with the password)"));
		}
		fputc('\n', stdout);
	}
	if (closed > 0)
		msg_note(_("%d nested archive(s) can only be listed with the "
		    "password (listelec query or open)."), closed);
	archive_free(a);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_error(_("cannot write the listing"));
		return (EXIT_RUNTIME);
	}
	return (EXIT_OK);
}

const struct cmd_entry cmd_info_entry = {
	"info", N_("FILE.zip"),
	N_("the archive's tree: path, size, packed size, encryption, kind "
	    "(no password needed)"),
	0, cmd_info
};
