/*
 * ui-export — exporting the shown rows and columns (CSV in UTF-8 or
 * Windows-1252 for Excel, TSV, JSON, or the CSV in a zip encrypted with
 * AES-256 for sending, its password typed twice in masked fields) and
 * saving a decrypted entry (the PDF
 * list, for printing), and walk sheets of the shown rows (route size,
 * format: sheet.h): a format, a file name, then the confidentiality
 * reminder; the file is created 0600 and never over another, and the
 * export is recorded in the audit log with its SHA-256 (never the data).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listelec/archive.h"
#include "listelec/audit.h"
#include "listelec/export.h"
#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/sheet.h"
#include "listelec/table.h"
#include "listelec/xmalloc.h"

#include "ui-int.h"

static const char *const choose_help[] = {
	N_("Choose the format of the exported file."),
};

static size_t
choose_helpfn(void *arg, const char **lines, size_t max)
{
	if (max == 0)
		return (0);
	lines[0] = _(choose_help[0]);
	return (1);
}

static const struct ui_list_ops choose_ops = {
	NULL, NULL, NULL, choose_helpfn, NULL, NULL
};

/* Choose one of items (1 to 9 choose at once); index or -1. */
static int
ui_choose(const char *title, const char *const *items, size_t n)
{
	struct ui_list	*l;
	const char	*keys[5];
	size_t		 i;
	int		 r;

	l = ui_list_new(title, &choose_ops, NULL,
	    UI_LIST_NUMBERS | UI_LIST_KEYCHOOSE);
	for (i = 0; i < n; i++)
		ui_list_add(l, items[i], 0, UI_LIST_NOTAG,
		    i < 9 ? '1' + (int)i : 0, NULL);
	keys[0] = _("Enter");
	keys[1] = _("choose");
	keys[2] = _("Esc");
	keys[3] = _("cancel");
	keys[4] = NULL;
	ui_list_set_keys(l, keys);
	r = ui_list_run(l);
	ui_list_free(l);
	return (r);
}

/* The reminder of the duty of confidentiality. */
static const char *
notice_text(void)
{
	return (_("The list of electors holds personal information. The Loi "
	    "électorale (art. 551.1.1 and 551.2) allows its use only for the "
	    "purposes of the Act, forbids communicating it to anyone else and "
	    "makes it an offence to use it otherwise. The file will be "
	    "readable by you only (mode 0600) and recorded in your audit "
	    "log; destroy it when you no longer need it (listelec purge)."));
}

#define ZIP_PASSWORD_MIN	12	/* shorter: a warning */

static const char *const zip_help[] = {
	N_("The zip is encrypted with AES-256 (WinZip AES): 7-Zip and "
	    "WinZip open it with this password."),
	N_("Tab moves to the next field; Enter exports; Esc cancels."),
	NULL
};

/*
 * The password of an encrypted zip, typed twice in masked fields (a
 * mismatch is refused; shorter than ZIP_PASSWORD_MIN characters, a
 * warning, then Enter again keeps it).  0 with pw set, -1 cancelled.
 */
static int
zip_password(struct secret *pw)
{
	struct ui_field	 f[3];
	struct ui_form	 form;
	const char	*help[sizeof zip_help / sizeof zip_help[0]];
	char		*err = NULL, *warned = NULL;
	size_t		 i, chars;
	int		 r = -1;

	for (i = 0; zip_help[i] != NULL; i++)
		help[i] = _(zip_help[i]);
	help[i] = NULL;
	memset(f, 0, sizeof f);
	memset(&form, 0, sizeof form);
	f[0].kind = UI_FIELD_SECRET;
	f[0].label = _("Password of the zip");
	f[1].kind = UI_FIELD_SECRET;
	f[1].label = _("The same password again");
	f[2].kind = UI_FIELD_BUTTON;
	f[2].label = _("Export");
	f[2].id = 1;
	form.title = _("Export: encrypted zip (AES-256)");
	form.intro = _("Give the password to the person who receives the "
	    "file by another way (by telephone, in person): never with the "
	    "file.");
	form.help = help;
	form.fields = f;
	form.nfields = 3;
	form.submit = 1;
	form.esc_label = _("cancel");
	for (;;) {
		form.error = err;
		if (ui_form(&form) < 0 || ui_quitting(NULL))
			break;
		free(err);
		err = NULL;
		if (f[0].line.len == 0 || f[0].line.len != f[1].line.len ||
		    memcmp(f[0].line.buf, f[1].line.buf, f[0].line.len) != 0) {
			err = xstrdup(_("The two passwords differ (or are "
			    "empty): type them again."));
			ui_line_clear(&f[0].line);
			ui_line_clear(&f[1].line);
			form.focus = 0;
			continue;
		}
		for (chars = 0, i = 0; i < f[0].line.len; i++)
			if (((unsigned char)f[0].line.buf[i] & 0xc0) != 0x80)
				chars++;
		if (chars < ZIP_PASSWORD_MIN && (warned == NULL ||
		    strcmp(warned, f[0].line.buf) != 0)) {
			if (warned != NULL) {
				secure_wipe(warned, strlen(warned));
				free(warned);
			}
			warned = xstrdup(f[0].line.buf);
			err = xasprintf(_("Warning: this password has fewer "
			    "than %d characters and is easy to guess; type a "
			    "longer one, or press Enter again to keep it."),
			    ZIP_PASSWORD_MIN);
			form.focus = 2;
			continue;
		}
		secret_set(pw, f[0].line.buf, f[0].line.len);
		r = 0;
		break;
	}
	if (warned != NULL) {
		secure_wipe(warned, strlen(warned));
		free(warned);
	}
	ui_form_wipe(&form);
	free(err);
	return (r);
}

/* Expand a leading ~/ (allocated). */
static char *
expand_path(const char *p)
{
	const char	*home = getenv("HOME");

	if (p[0] == '~' && p[1] == '/' && home != NULL && *home != '\0')
		return (xasprintf("%s%s", home, p + 1));
	return (xstrdup(p));
}

/* Suggested name: listelec-export-DATE-TIME.ext. */
static char *
default_name(const char *ext)
{
	char		 stamp[32];
	time_t		 now = time(NULL);
	struct tm	 tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	return (xasprintf("listelec-export-%s.%s", stamp, ext));
}

/*
 * Whether a cell of the export starts like a spreadsheet formula (rows
 * NULL: every row in table order).  Stops at the first: the export counts
 * them as it writes.
 */
static int
any_formula(const struct table *t, const uint32_t *rows, size_t nrows,
    const size_t *cols, size_t ncols)
{
	const char	*s;
	size_t		 r, c, len;

	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			s = table_cell(t, rows != NULL ? rows[r] : r, cols[c],
			    &len);
			if (export_formula_like(s, len))
				return (1);
		}
	return (0);
}

/* Export rows and columns after the format, the name and the notice. */
void
ui_export(struct table *t, const uint32_t *rows, size_t nrows,
    const size_t *cols, size_t ncols)
{
	const char		*formats[5];
	static const char	*ext[] = { "csv", "csv", "tsv", "json", "zip" };
	static const char	*fname[] = { "csv", "csv-cp1252", "tsv",
				    "json", "zip-aes" };
	struct secret		*zpw = NULL;
	struct export_options	 eo;
	struct export_job	 job;
	const char		*fields[8];
	char			 name[1024], *path, *def, *text;
	char			*cause = NULL, *sens = NULL, *tmp;
	char			 nc[32];
	size_t			 i, formulas = 0, unmappable = 0;
	int			 k, r;

	if (nrows == 0) {
		ui_message(1, "%s",
		    _("Nothing to export: no elector is shown"));
		return;
	}
	formats[0] = _("CSV, UTF-8");
	formats[1] = _("CSV, Windows-1252 (for Excel)");
	formats[2] = _("TSV (tab-separated), UTF-8");
	formats[3] = _("JSON");
	formats[4] = _("ZIP encrypted (AES-256), for sending");
	if ((k = ui_choose(_("Export the shown rows and columns: format"),
	    formats, 5)) < 0)
		return;
	def = default_name(ext[k]);
	if (ui_ask(_("Export: file name"), _("Save as: "), def, name,
	    sizeof name) != 0 || name[0] == '\0') {
		free(def);
		return;
	}
	free(def);

	for (i = 0; i < ncols; i++) {
		if (!(table_col_flags(t, cols[i]) & TABLE_COL_SENSITIVE))
			continue;
		tmp = xasprintf("%s%s%s", sens ? sens : "", sens ? ", " : "",
		    table_col_name(t, cols[i]));
		free(sens);
		sens = tmp;
	}
	text = xasprintf(ngettext("%zu elector and %zu columns will be "
	    "written to %s.%s%s\n\n%s", "%zu electors and %zu columns will be "
	    "written to %s.%s%s\n\n%s", nrows), nrows, ncols, name,
	    sens ? _(" Sensitive columns included: ") : "", sens ? sens : "",
	    notice_text());
	free(sens);
	k = k >= 0 ? k : 0;
	if (!ui_confirm(_("Confidentiality of the list of electors"), text,
	    _("I will use this export only as the law allows. "
	    "Write it? (y/n)"))) {
		free(text);
		ui_message(0, "%s", _("Export cancelled"));
		return;
	}
	free(text);
	if (k == 4) {
		zpw = secret_new();
		if (zip_password(zpw) != 0) {
			secret_free(zpw);
			ui_message(0, "%s", _("Export cancelled"));
			return;
		}
	}

	memset(&eo, 0, sizeof eo);
	if (k != 3 && any_formula(t, rows, nrows, cols, ncols)) {
		/* Never by default: it changes the data. */
		eo.neutralize = ui_confirm(_("Cells that look like formulas"),
		    _("Some cells begin with =, +, -, @ or a tab: a "
		    "spreadsheet may run them as formulas.\n\nA ' before them "
		    "keeps the spreadsheet from running them, but changes "
		    "those cells."), _("Put a ' before them? (y/n)"));
	}
	eo.format = k == 4 ? EXPORT_ZIP_AES : k == 3 ? EXPORT_JSON :
	    k == 2 ? EXPORT_TSV : EXPORT_CSV;
	eo.cp1252 = k == 1;
	eo.formulas = &formulas;
	eo.unmappable = &unmappable;
	path = expand_path(name);
	snprintf(nc, sizeof nc, "%zu", ncols);
	fields[0] = "path";
	fields[1] = path;
	fields[2] = "format";
	fields[3] = fname[k];
	fields[4] = "columns";
	fields[5] = nc;
	fields[6] = NULL;
	memset(&job, 0, sizeof job);
	job.t = t;
	job.rows = rows;
	job.nrows = nrows;
	job.cols = cols;
	job.ncols = ncols;
	job.opts = &eo;
	job.path = path;
	job.audit = fields;
	job.password = zpw != NULL ? secret_str(zpw) : NULL;
	r = export_run(&job, &cause);
	secret_free(zpw);
	if (r != 0) {
		if (r > 0)
			ui_message(1, _("Exported to %s, but the audit log "
			    "failed: %s"), path, cause);
		else
			ui_message(1, _("Not exported: %s"), cause);
		free(cause);
		free(path);
		return;
	}
	if (formulas > 0 && eo.neutralize)
		ui_message(0, _("%zu electors exported to %s; %zu cells "
		    "written with a leading '"), nrows, path, formulas);
	else if (formulas > 0 && eo.format != EXPORT_JSON)
		ui_message(1, _("%zu electors exported to %s; warning: %zu "
		    "cells begin with =, +, -, @ or a tab and a spreadsheet "
		    "may take them for formulas"), nrows, path, formulas);
	else if (k == 4)
		ui_message(0, ngettext("%zu elector exported to %s, encrypted "
		    "(AES-256)", "%zu electors exported to %s, encrypted "
		    "(AES-256)", nrows), nrows, path);
	else if (unmappable > 0)
		ui_message(1, _("%zu electors exported to %s; %zu characters "
		    "missing from Windows-1252 became ?"), nrows, path,
		    unmappable);
	else
		ui_message(0, ngettext("%zu elector exported to %s (readable "
		    "by you only)", "%zu electors exported to %s (readable by "
		    "you only)", nrows), nrows, path);
	free(path);
}

/* Save entry i decrypted to a private file, after the notice. */
void
ui_save_entry(struct archive *a, size_t i, const struct secret *pw)
{
	const struct archive_entry *e = archive_entry(a, i);
	const char	*fields[5];
	char		 name[1024];
	char		*path, *cause = NULL, *text;
	struct export_save sv;
	int		 r;

	if (ui_ask(_("Save a decrypted copy"), _("Save as: "), e->name, name,
	    sizeof name) != 0 || name[0] == '\0')
		return;
	text = xasprintf(_("The entry %s will be decrypted to %s, for "
	    "printing.\n\n%s"), e->path, name, notice_text());
	if (!ui_confirm(_("Confidentiality of the list of electors"), text,
	    _("I will use this copy only as the law allows. "
	    "Write it? (y/n)"))) {
		free(text);
		ui_message(0, "%s", _("Not saved"));
		return;
	}
	free(text);
	path = expand_path(name);
	fields[0] = "path";
	fields[1] = path;
	fields[2] = "entry";
	fields[3] = e->path;
	fields[4] = NULL;
	memset(&sv, 0, sizeof sv);
	sv.a = a;
	sv.entry = i;
	sv.password = pw != NULL && secret_len(pw) > 0 ? secret_str(pw) :
	    NULL;
	sv.path = path;
	sv.audit = fields;
	ui_message(0, "%s", _("Decrypting..."));
	if ((r = export_save_entry(&sv, &cause)) != 0) {
		if (r > 0)
			ui_message(1, _("Saved to %s, but the audit log "
			    "failed: %s"), path, cause);
		else
			ui_message(1, _("Not saved: %s"), cause ? cause : "");
		free(cause);
		free(path);
		return;
	}
	ui_message(0, _("Saved to %s (readable by you only)"), path);
	free(path);
}

/* A base name for the title of walk sheets. */
static const char *
sheet_title(const char *name)
{
	const char	*s = name != NULL ? strrchr(name, '/') : NULL;

	if (name == NULL)
		return ("listelec");
	return (s != NULL && s[1] != '\0' ? s + 1 : name);
}

/*
 * Walk sheets of the shown rows: the route size, the format, the file
 * name, the notice, then the file (sheet_save: 0600, audited, purged).
 */
void
ui_sheet(struct table *t, const uint32_t *rows, size_t nrows,
    const char *name)
{
	static const char	*ext[] = { "pdf", "pdf", "txt", "csv" };
	static const enum sheet_format fmt[] = { SHEET_PDF, SHEET_PDF,
				    SHEET_TEXT, SHEET_CSV };
	const char		*formats[4];
	struct sheet_options	 so;
	struct sheet_layout	 lo;
	struct sheet_save	 sv;
	struct sheet_plan	*plan = NULL;
	char			 answer[1024], date[32], stamp[32], *def;
	char			*path, *text, *cause = NULL, *end;
	unsigned long		 doors;
	time_t			 now = time(NULL);
	struct tm		 tm;
	int			 k, r;

	if (nrows == 0) {
		ui_message(1, "%s",
		    _("No walk sheets: no elector is shown"));
		return;
	}
	snprintf(answer, sizeof answer, "%d", SHEET_DOORS_DEFAULT);
	if (ui_ask(_("Walk sheets of the shown electors"),
	    _("Doors per route: "), answer, answer, sizeof answer) != 0)
		return;
	errno = 0;
	doors = strtoul(answer, &end, 10);
	if (answer[0] < '1' || answer[0] > '9' || *end != '\0' ||
	    errno != 0 || doors > SHEET_DOORS_MAX) {
		ui_message(1, _("No walk sheets: a route has 1 to %d doors, "
		    "not %s"), SHEET_DOORS_MAX, answer);
		return;
	}
	formats[0] = _("PDF, letter");
	formats[1] = _("PDF, letter landscape (a column for notes)");
	formats[2] = _("Text for a line printer (form feeds)");
	formats[3] = _("CSV, to type the results back in");
	if ((k = ui_choose(_("Walk sheets: format"), formats, 4)) < 0)
		return;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	def = xasprintf("listelec-sheets-%s.%s", stamp, ext[k]);
	if (ui_ask(_("Walk sheets: file name"), _("Save as: "), def, answer,
	    sizeof answer) != 0 || answer[0] == '\0') {
		free(def);
		return;
	}
	free(def);
	memset(&so, 0, sizeof so);
	so.side = SHEET_SIDE_BOTH;
	so.doors = (size_t)doors;
	if (sheet_plan_new(t, rows, nrows, &so, &plan, &cause) != 0) {
		ui_message(1, _("No walk sheets: %s"), cause);
		free(cause);
		return;
	}
	text = xasprintf(ngettext("%zu elector in %zu routes will be written "
	    "to %s.\n\n%s", "%zu electors in %zu routes will be written to "
	    "%s.\n\n%s", sheet_electors(plan)), sheet_electors(plan),
	    sheet_nroutes(plan), answer, notice_text());
	if (!ui_confirm(_("Confidentiality of the list of electors"), text,
	    _("I will use these sheets only as the law allows. "
	    "Write them? (y/n)"))) {
		free(text);
		sheet_plan_free(plan);
		ui_message(0, "%s", _("No walk sheets written"));
		return;
	}
	free(text);
	memset(&lo, 0, sizeof lo);
	lo.title = sheet_title(name);
	lo.date = date;
	lo.landscape = k == 1;
	path = expand_path(answer);
	memset(&sv, 0, sizeof sv);
	sv.plan = plan;
	sv.layout = &lo;
	sv.format = fmt[k];
	sv.file = name != NULL ? name : "";
	sv.path = path;
	ui_message(0, "%s", _("Laying out the sheets..."));
	r = sheet_save(&sv, &cause);
	if (r < 0)
		ui_message(1, _("No walk sheets written: %s"), cause != NULL ?
		    cause : "");
	else if (r > 0)
		ui_message(1, _("Walk sheets written to %s, but the audit log "
		    "failed: %s"), path, cause);
	else if (fmt[k] == SHEET_CSV)
		ui_message(0, ngettext("Walk sheets of %zu elector written "
		    "to %s (readable by you only)", "Walk sheets of %zu "
		    "electors written to %s (readable by you only)",
		    sheet_electors(plan)), sheet_electors(plan), path);
	else
		ui_message(0, ngettext("%zu page of walk sheets written to %s "
		    "(readable by you only)", "%zu pages of walk sheets "
		    "written to %s (readable by you only)", sv.pages),
		    sv.pages, path);
	free(cause);
	free(path);
	sheet_plan_free(plan);
}
