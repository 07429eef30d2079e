/*
 * delivery — the simulated portal's archive (see delivery.h).  The outer
 * zip is written with zipw into the file; each inner zip is written by its
 * own zipw straight into the outer entry's data, which is then closed with
 * the CRC read back.  The list is generated once for the PDF and once more
 * for the CSV files: the generator is fast and deterministic, and nothing
 * but one page or one row is held at a time.  The three lists are the
 * successive states of one riding (revise.h): the electors come from the
 * seed alone, the list number picks the revision; the zip writers' own
 * randomness comes from the seed and the list.
 */
#include "config.h"

#include <sys/mman.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listelec/delivery.h"
#include "listelec/gen.h"
#include "listelec/i18n.h"
#include "listelec/revise.h"
#include "listelec/xmalloc.h"
#include "pdf.h"
#include "zipw.h"

static const char *const titles[DELIVERY_LISTS] = {
	"Liste des électeurs au décret",
	"Liste électorale après la révision spéciale",
	"Liste des électeurs au jour -11",
};

/* Folder names inside the archive (short, as a Windows user would see). */
static const char *const folders[DELIVERY_LISTS] = {
	"Liste électorale au décret",
	"Liste électorale révisée",
	"Liste électorale jour -11",
};

/* The list's title. */
const char *
delivery_title(int list)
{
	if (list < 0 || list >= DELIVERY_LISTS)
		return ("");
	return (titles[list]);
}

/* A 64-bit mix of the seed and the list. */
static uint64_t
mix(uint64_t seed, int list)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + (uint64_t)list * 0x632be5ab;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* Like uniqid(): 8 hex digits of seconds, 5 of microseconds. */
void
delivery_name(uint64_t seed, int list, char *name)
{
	uint64_t h = mix(seed, list);

	snprintf(name, 14, "%08x%05x",
	    (unsigned)(1788220800U + (unsigned)(h % 2000000U)),
	    (unsigned)((h >> 32) % 0xf4240U));
}

/* The sink of the PDF: the open zip entry. */
static int
pdf_to_zip(void *arg, const void *buf, size_t len)
{
	return (zipw_write(arg, buf, len));
}

/* Columns of the PDF list: line, name, sex, birth, address, apartment,
   municipality, postal code, change. */
static const double col_x[] = { 36, 62, 236, 260, 312, 472, 508, 640,
    692 };

/* Whether the list carries the Modification column. */
static int
marked(const struct delivery *d)
{
	return (d->list > 0 && (d->marks || d->changes_only));
}

/* The list's rows. */
static struct revise *
rows_new(const struct delivery *d)
{
	return (revise_new(d->seed, d->electors, d->list,
	    d->list > 0 && d->changes_only ? REVISE_CHANGES_ONLY : 0));
}

/* The page heading. */
static void
pdf_heading(struct pdf *pdf, const char *title, const char *section,
    size_t page, int marks)
{
	static const char *const heads[] = { "No", "Nom, prénom", "Sexe",
	    "Naissance", "Adresse", "App.", "Municipalité", "Code postal",
	    "Modification" };
	char	 buf[256];
	size_t	 i;

	pdf_text(pdf, 36, 576, 12, 1, title);
	snprintf(buf, sizeof buf, "Section de vote %s — page %zu", section,
	    page);
	pdf_text(pdf, 560, 576, 9, 0, buf);
	pdf_text(pdf, 36, 562, 7, 0, "Renseignements confidentiels — "
	    "Loi électorale, articles 551.1.1 et 551.2. Données fictives "
	    "(simulateur listelec).");
	for (i = 0; i < sizeof heads / sizeof heads[0] - !marks; i++)
		pdf_text(pdf, col_x[i], 544, 8, 1, heads[i]);
}

/* The PDF list, into the open entry of zw. */
static int
write_pdf(struct zipw *zw, const struct delivery *d, uint64_t seed)
{
	struct revise			*g = rows_new(d);
	const struct revise_row		*w;
	const struct gen_elector	*e;
	struct pdf			*pdf;
	char				 section[16] = "";
	double				 y = 0;
	size_t				 page = 0, rows = 0;
	const char			*cells[9];
	char				 name[2 * GEN_ROW_MAX], line[16];
	int				 marks = marked(d);

	(void)seed;
	pdf = pdf_new(pdf_to_zip, zw, 792, 612);
	while ((w = revise_next(g)) != NULL) {
		e = &w->e;
		if ((++rows & 4095) == 0 && d->cancel != NULL && *d->cancel)
			break;
		if (strcmp(section, e->section) != 0 || y < 40) {
			if (strcmp(section, e->section) != 0)
				page = 0;
			snprintf(section, sizeof section, "%s", e->section);
			pdf_page(pdf);
			pdf_heading(pdf, delivery_title(d->list), section,
			    ++page, marks);
			y = 530;
		}
		snprintf(name, sizeof name, "%s, %s", e->nom, e->prenom);
		snprintf(line, sizeof line, "%u", e->line);
		cells[0] = line;
		cells[1] = name;
		cells[2] = e->sexe;
		cells[3] = e->naissance;
		cells[4] = e->adresse;
		cells[5] = e->appartement;
		cells[6] = e->municipalite;
		cells[7] = e->code_postal;
		cells[8] = revise_mark(w);
		pdf_row(pdf, y, 8, marks ? 9 : 8, col_x, cells);
		y -= 11;
	}
	revise_free(g);
	if (pdf_finish(pdf) != 0)
		return (-1);
	return (d->cancel != NULL && *d->cancel ? -1 : 0);
}

/* The CSV zip's entries: one file per group of polling divisions. */
static int
write_csvs(struct zipw *zw, const struct delivery *d, uint64_t seed,
    const char *password)
{
	struct revise			*g = rows_new(d);
	const struct revise_row		*w;
	const struct gen_elector	*e;
	char				*name, *raw;
	char				 hdr[GEN_ROW_MAX];
	size_t				 hlen, cap = 1 << 16, n = 0;
	size_t				 group = 0, nsec = revise_sections(g);
	size_t				 first = 0, last, rows = 0;
	int				 width = 3, open = 0, r = -1;
	int				 marks = marked(d);
	char				*buf = xmalloc(cap + GEN_ROW_MAX);
	enum zipw_enc			 enc = d->aes ? ZIPW_AES256 :
					     ZIPW_ZIPCRYPTO;

	for (last = nsec; last > 999; last /= 10)
		width++;
	(void)seed;
	hlen = revise_csv_header(hdr, marks);
	while ((w = revise_next(g)) != NULL) {
		e = &w->e;
		if ((++rows & 4095) == 0 && d->cancel != NULL && *d->cancel)
			goto out;
		/* A file per group of sections (1-20, 21-40, ...), even
		   when some sections have no row. */
		if (!open || (e->section_no - 1) / DELIVERY_SECTIONS_PER_CSV !=
		    group) {
			group = (e->section_no - 1) /
			    DELIVERY_SECTIONS_PER_CSV;
			if (open && (zipw_write(zw, buf, n) != 0 ||
			    zipw_end(zw) != 0))
				goto out;
			n = 0;
			first = group * DELIVERY_SECTIONS_PER_CSV + 1;
			last = first + DELIVERY_SECTIONS_PER_CSV - 1;
			if (last > nsec)
				last = nsec;
			raw = xasprintf("Liste électorale - sections "
			    "%0*zu à %0*zu.csv", width, first, width, last);
			name = zipw_cp850(raw);
			free(raw);
			open = zipw_begin(zw, name, 1, enc, password) == 0;
			free(name);
			if (!open || zipw_write(zw, hdr, hlen) != 0)
				goto out;
		}
		n += revise_csv_row(w, marks, buf + n);
		if (n >= cap) {
			if (zipw_write(zw, buf, n) != 0)
				goto out;
			n = 0;
		}
	}
	if (open && (zipw_write(zw, buf, n) != 0 || zipw_end(zw) != 0))
		goto out;
	r = 0;
out:
	revise_free(g);
	free(buf);
	return (r);
}

/* The electors outside Québec, into the open entry. */
static int
write_hq(struct zipw *zw, const struct delivery *d, uint64_t seed)
{
	struct gen			*g = gen_new_hq(d->seed, d->electors);
	const struct gen_elector	*e;
	char				 buf[GEN_ROW_MAX];
	size_t				 n;
	int				 r = 0;

	/* The same electors on every list: none in a changes-only one. */
	(void)seed;
	n = gen_hq_csv_header(buf);
	r = zipw_write(zw, buf, n);
	while (r == 0 && !(d->list > 0 && d->changes_only) &&
	    (e = gen_next(g)) != NULL)
		r = zipw_write(zw, buf, gen_hq_csv_row(e, buf));
	gen_free(g);
	return (r);
}

/* The readme of the outer zip, in Windows-1252 with CRLF. */
static char *
readme(const struct delivery *d, size_t *len)
{
	char	*utf8, *out;

	utf8 = xasprintf(
	    "%s\r\n"
	    "\r\n"
	    "Ce dossier contient :\r\n"
	    "- Liste électorale PDF.zip : la liste électorale en format "
	    "PDF;\r\n"
	    "- Listes électorales CSV.zip : la liste en format CSV "
	    "(séparateur « ; »),\r\n"
	    "  un fichier par groupe de %d sections de vote;\r\n"
	    "- Électeurs hors Québec.zip : la liste des électeurs "
	    "domiciliés hors du Québec.\r\n"
	    "\r\n"
	    "Les fichiers sont protégés par le mot de passe que votre "
	    "directrice ou\r\n"
	    "directeur du scrutin vous a communiqué.\r\n"
	    "\r\n"
	    "Ces listes contiennent des renseignements personnels : "
	    "utilisez-les aux seules\r\n"
	    "fins prévues par la Loi électorale (articles 551.1.1 et "
	    "551.2).\r\n"
	    "\r\n"
	    "%s"
	    "Données fictives produites par le simulateur de listelec "
	    "(%zu électeurs sur la liste au décret).\r\n",
	    delivery_title(d->list), DELIVERY_SECTIONS_PER_CSV,
	    d->list > 0 && d->changes_only ?
	    "Cette livraison ne contient que les modifications depuis la "
	    "liste précédente\r\n(colonne « Modification » : Ajout, "
	    "Radiation, Déménagement, Correction).\r\n\r\n" :
	    marked(d) ? "La colonne « Modification » indique les "
	    "changements depuis la liste\r\nprécédente (Ajout, "
	    "Déménagement, Correction).\r\n\r\n" : "", d->electors);
	out = xmalloc(strlen(utf8) + 1);
	*len = gen_to_cp1252(utf8, out, strlen(utf8));
	free(utf8);
	return (out);
}

/* Start a stored outer entry holding an inner zip; the inner writer. */
static struct zipw *
inner_begin(struct zipw *outer, int fd, const char *folder, const char *file,
    uint64_t seed)
{
	char	*raw = xasprintf("%s/%s", folder, file), *name;
	int	 r;

	name = zipw_cp850(raw);
	free(raw);
	r = zipw_begin(outer, name, 0, ZIPW_PLAIN, NULL);
	free(name);
	if (r != 0)
		return (NULL);
	return (zipw_new(fd, zipw_data_offset(outer), seed));
}

/* Close an inner zip and its outer entry. */
static int
inner_end(struct zipw *outer, struct zipw *inner)
{
	off_t	 start = zipw_data_offset(outer), end;
	int	 r;

	r = zipw_close(inner, &end);
	zipw_free(inner);
	if (r != 0)
		return (-1);
	return (zipw_end_external(outer, end - start));
}

/* The CSV zip, written by a second thread into its own anonymous file
   while the first writes the PDF (two cores: about a third faster). */
struct side {
	const struct delivery	*d;
	uint64_t		 seed;
	int			 fd;
	off_t			 len;
	int			 err;
};

/* An anonymous file: memfd when there is one, else an unlinked temp. */
static int
anon_file(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		*tpl;
	int		 fd = -1;

#ifdef HAVE_MEMFD_CREATE
	fd = memfd_create("listelec-csv", MFD_CLOEXEC);
#endif
	if (fd >= 0)
		return (fd);
	tpl = xasprintf("%s/listelec-gen.XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	fd = mkstemp(tpl);
	if (fd >= 0)
		unlink(tpl);
	free(tpl);
	return (fd);
}

/* The second thread's work. */
static void *
side_main(void *arg)
{
	struct side	*sd = arg;
	struct zipw	*zw;
	off_t		 end;

	if ((sd->fd = anon_file()) < 0) {
		sd->err = errno;
		return (NULL);
	}
	zw = zipw_new(sd->fd, 0, sd->seed + 2);
	if (write_csvs(zw, sd->d, sd->seed, sd->d->password) != 0 ||
	    zipw_close(zw, &end) != 0)
		sd->err = zipw_errno(zw) != 0 ? zipw_errno(zw) : EIO;
	else
		sd->len = end;
	zipw_free(zw);
	return (NULL);
}

/* Copy the side file into the outer entry that starts at off. */
static int
copy_side(int to, off_t off, const struct side *sd)
{
	char	*buf = xmalloc(1 << 20);
	off_t	 pos = 0;
	ssize_t	 r, w;

	while (pos < sd->len) {
		r = pread(sd->fd, buf, (size_t)(sd->len - pos > (1 << 20) ?
		    (1 << 20) : sd->len - pos), pos);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		w = pwrite(to, buf, (size_t)r, off + pos);
		if (w != r)
			break;
		pos += r;
	}
	free(buf);
	return (pos == sd->len ? 0 : -1);
}

/* Write the archive. */
int
delivery_write(int fd, const struct delivery *d, off_t *size, char **cause)
{
	struct zipw	*outer, *in = NULL;
	uint64_t	 seed = mix(d->seed, d->list);
	enum zipw_enc	 enc = d->aes ? ZIPW_AES256 : ZIPW_ZIPCRYPTO;
	const char	*folder = folders[d->list];
	char		*name, *raw, *text;
	size_t		 len;
	off_t		 end;
	int		 r = -1, err = 0, running = 0;
	struct side	 sd;
	pthread_t	 thread;

	if (d->list < 0 || d->list >= DELIVERY_LISTS) {
		*cause = xstrdup(_("no such list"));
		return (-1);
	}
	if (ftruncate(fd, 0) != 0) {
		*cause = xasprintf(_("cannot truncate the archive: %s"),
		    strerror(errno));
		return (-1);
	}
	outer = zipw_new(fd, 0, seed);
	memset(&sd, 0, sizeof sd);
	sd.d = d;
	sd.seed = seed;
	sd.fd = -1;

	raw = xasprintf("%s/", folder);
	name = zipw_cp850(raw);
	free(raw);
	r = zipw_dir(outer, name);
	free(name);
	if (r != 0)
		goto fail;
	r = -1;

	if (pthread_create(&thread, NULL, side_main, &sd) == 0)
		running = 1;
	else
		side_main(&sd);		/* no second thread: do it here */

	/* The PDF zip first: the largest, "le premier en haut". */
	if ((in = inner_begin(outer, fd, folder, "Liste électorale PDF.zip",
	    seed + 1)) == NULL)
		goto fail;
	name = zipw_cp850("Liste électorale.pdf");
	r = zipw_begin(in, name, 0, enc, d->password);
	free(name);
	if (r != 0 || write_pdf(in, d, seed) != 0 || zipw_end(in) != 0)
		goto fail_inner;
	if (inner_end(outer, in) != 0) {
		in = NULL;
		goto fail;
	}

	/* The CSV zip, made meanwhile by the second thread. */
	if (running)
		pthread_join(thread, NULL);
	running = 0;
	if (sd.err != 0) {
		err = sd.err;
		goto fail;
	}
	raw = xasprintf("%s/Listes électorales CSV.zip", folder);
	name = zipw_cp850(raw);
	free(raw);
	r = zipw_begin(outer, name, 0, ZIPW_PLAIN, NULL);
	free(name);
	if (r != 0 || copy_side(fd, zipw_data_offset(outer), &sd) != 0 ||
	    zipw_end_external(outer, sd.len) != 0) {
		r = -1;
		goto fail;
	}
	close(sd.fd);
	sd.fd = -1;

	if ((in = inner_begin(outer, fd, folder, "Électeurs hors Québec.zip",
	    seed + 3)) == NULL)
		goto fail;
	name = zipw_cp850("Électeurs hors Québec.csv");
	r = zipw_begin(in, name, 1, enc, d->password);
	free(name);
	if (r != 0 || write_hq(in, d, seed) != 0 || zipw_end(in) != 0)
		goto fail_inner;
	if (inner_end(outer, in) != 0) {
		in = NULL;
		goto fail;
	}
	in = NULL;

	text = readme(d, &len);
	raw = xasprintf("%s/Lisez-moi.txt", folder);
	name = zipw_cp850(raw);
	free(raw);
	r = zipw_begin(outer, name, 1, ZIPW_PLAIN, NULL);
	free(name);
	if (r == 0)
		r = zipw_write(outer, text, len);
	free(text);
	if (r != 0 || zipw_end(outer) != 0)
		goto fail;
	if (zipw_close(outer, &end) != 0)
		goto fail;
	zipw_free(outer);
	*size = end;
	return (0);

fail_inner:
	err = zipw_errno(in);
	zipw_free(in);
fail:
	if (running)
		pthread_join(thread, NULL);
	if (sd.fd >= 0)
		close(sd.fd);
	if (err == 0)
		err = zipw_errno(outer);
	zipw_free(outer);
	*cause = xasprintf(_("cannot write the archive: %s"),
	    err != 0 ? strerror(err) : _("zip writer failed"));
	return (-1);
}

/* The instructions PDF, in memory. */
struct membuf {
	char	*p;
	size_t	 len, cap;
};

static int
mem_sink(void *arg, const void *buf, size_t len)
{
	struct membuf *m = arg;

	if (m->len + len > m->cap) {
		while (m->len + len > m->cap)
			m->cap = m->cap == 0 ? 4096 : m->cap * 2;
		m->p = xrealloc(m->p, m->cap);
	}
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return (0);
}

void
delivery_instructions(char **out, size_t *len)
{
	static const char *const lines[] = {
		"1. Enregistrez le fichier .zip téléchargé (« Enregistrer », "
		"et non « Ouvrir »).",
		"   La liste ne peut être téléchargée qu'une seule fois.",
		"2. Ouvrez le fichier .zip : il contient un dossier.",
		"3. Le dossier contient trois fichiers .zip :",
		"   - la liste électorale en format PDF (le plus volumineux);",
		"   - la liste en format CSV, un fichier par groupe de "
		"sections de vote;",
		"   - la liste des électeurs hors Québec.",
		"4. À l'ouverture d'un fichier, un mot de passe est demandé :",
		"   inscrivez le mot de passe que votre directrice ou "
		"directeur du scrutin",
		"   vous a communiqué.",
		"5. Les fichiers CSV sont encodés en Windows-1252, séparés par "
		"des points-virgules.",
		"",
		"Les listes contiennent des renseignements personnels : "
		"protégez-en le",
		"caractère confidentiel (Loi électorale, articles 551.1.1 et "
		"551.2).",
		"",
		"Document du simulateur listelec (données fictives).",
	};
	struct membuf	 m = { NULL, 0, 0 };
	struct pdf	*pdf = pdf_new(mem_sink, &m, 612, 792);
	size_t		 i;

	pdf_page(pdf);
	pdf_text(pdf, 56, 720, 14, 1, "Instructions pour l'extraction des "
	    "données");
	pdf_text(pdf, 56, 702, 14, 1, "de la liste électorale");
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		pdf_text(pdf, 56, 660 - 16 * (double)i, 10, 0, lines[i]);
	pdf_finish(pdf);
	*out = m.p;
	*len = m.len;
}
