/*
 * sim-download.c — the files the portal hands out: the instructions PDF
 * and the one-time download of each list.  An archive is built on first
 * request (the first list at start, in the background) into an anonymous
 * file; a list may be sent once, then resumed with Range until its last
 * byte has gone.  The faults drop-after, no-range, slow, html-instead
 * and server-error (at the first download) act here.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "listelec/delivery.h"
#include "listelec/i18n.h"
#include "listelec/xmalloc.h"

#include "sim-int.h"

/* The instructions PDF, or NULL. */
static struct MHD_Response *
instructions_response(struct sim *s)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(s->instructions_len,
	    s->instructions, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return (NULL);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/pdf");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
	    "inline; filename=\"Instructions_extraction_liste.pdf\"");
	return (r);
}

/* The instructions PDF for this session's id, else the guide's page
   (a POST is a GET). */
void
route_doc(struct call *cl)
{
	const char	*v;
	int		 en_ = cl->en;

	v = MHD_lookup_connection_value(cl->c, MHD_GET_ARGUMENT_KIND, "id");
	if (v != NULL && strcmp(v, cl->ss->doc) == 0) {
		answer_response(cl, MHD_HTTP_OK,
		    instructions_response(cl->s));
		return;
	}
	sim_page_simple(&cl->page, en_, P_DOC, T("La confidentialité des "
	    "renseignements relatifs aux électeurs", "Confidentiality of "
	    "information about electors"), NULL, P_NOTICE,
	    T("Retour", "Back"));
}

/*
 * The lists: built once, each sent once (with resumes).
 */

/* Build list k's archive if needed (build_lock held by the caller). */
static int
build_archive(struct sim *s, int k, char **cause)
{
	struct archive	*a = &s->archives[k];
	struct delivery	 d;
	char		 path[] = "/tmp/listelec-sim.XXXXXX";
	const char	*tmp;
	char		*tpl = NULL;
	int		 fd = -1;

	if (a->built)
		return (0);
#ifdef HAVE_MEMFD_CREATE
	fd = memfd_create("listelec-sim", MFD_CLOEXEC);
#endif
	if (fd < 0) {
		tmp = getenv("TMPDIR");
		if (tmp != NULL && *tmp != '\0')
			tpl = xasprintf("%s/listelec-sim.XXXXXX", tmp);
		fd = mkstemp(tpl != NULL ? tpl : path);
		if (fd >= 0)
			unlink(tpl != NULL ? tpl : path);
		free(tpl);
	}
	if (fd < 0) {
		*cause = xasprintf(_("cannot create the archive: %s"),
		    strerror(errno));
		return (-1);
	}
	memset(&d, 0, sizeof d);
	d.seed = s->seed;
	d.electors = s->electors;
	d.aes = s->aes;
	d.password = s->archive_password;
	d.list = k;
	d.marks = s->marks;
	d.changes_only = s->changes_only;
	d.cancel = &s->stopping;
	if (delivery_write(fd, &d, &a->size, cause) != 0) {
		close(fd);
		return (-1);
	}
	a->fd = fd;
	a->built = 1;
	return (0);
}

/* The first list's archive, prepared in the background at start so a
   large list is ready by the time someone asks for it. */
void *
sim_prebuild(void *arg)
{
	struct sim	*s = arg;
	char		*cause = NULL;

	pthread_mutex_lock(&s->build_lock);
	if (build_archive(s, 0, &cause) != 0) {
		if (!s->stopping)
			sim_log(s, "archive: %s", cause);
	} else
		sim_log(s, "archive: the first list is ready (%llu bytes)",
		    (unsigned long long)s->archives[0].size);
	pthread_mutex_unlock(&s->build_lock);
	free(cause);
	return (NULL);
}

/* Read the archive for the response. */
static ssize_t
download_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct req	*rq = cls;
	struct sim	*s = rq->sim;
	uint64_t	 left;
	size_t		 n;
	ssize_t		 r;
	struct timespec	 ts;

	if (s->stopping)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	if (pos >= rq->len)
		return (MHD_CONTENT_READER_END_OF_STREAM);
	if (rq->drop >= 0 && rq->sent >= (uint64_t)rq->drop)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	left = rq->len - pos;
	n = left < max ? (size_t)left : max;
	if (rq->drop >= 0 && rq->sent + n > (uint64_t)rq->drop)
		n = (size_t)((uint64_t)rq->drop - rq->sent);
	if (s->slow > 0) {
		/* A tenth of a second's worth at a time. */
		uint64_t chunk = s->slow / 10 > 0 ? s->slow / 10 : 1;

		if (n > chunk)
			n = (size_t)chunk;
		ts.tv_sec = (time_t)(n / s->slow);
		ts.tv_nsec = (long)((n % s->slow) * 1000000000ULL / s->slow);
		nanosleep(&ts, NULL);
		if (s->stopping)
			return (MHD_CONTENT_READER_END_WITH_ERROR);
	}
	r = pread(rq->fd, buf, n, (off_t)(rq->start + pos));
	if (r <= 0)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	rq->sent += (uint64_t)r;
	return (r);
}

/* Parse "bytes=A-" or "bytes=A-B" against size; 1 when valid, 0 when
   unsatisfiable, -1 when not a single byte range (ignored). */
static int
parse_range(const char *h, uint64_t size, uint64_t *start, uint64_t *end)
{
	char		*p;
	unsigned long long a, z;

	if (h == NULL || strncmp(h, "bytes=", 6) != 0)
		return (-1);
	h += 6;
	if (*h < '0' || *h > '9')
		return (-1);	/* suffix ranges: not asked by clients here */
	errno = 0;
	a = strtoull(h, &p, 10);
	if (errno != 0 || *p != '-')
		return (-1);
	p++;
	if (*p == '\0')
		z = size - 1;
	else {
		if (*p < '0' || *p > '9')
			return (-1);
		z = strtoull(p, &p, 10);
		if (errno != 0 || *p != '\0')
			return (-1);
		if (z >= size)
			z = size - 1;
	}
	if (a >= size || a > z)
		return (0);
	*start = a;
	*end = z;
	return (1);
}

/* Whether list k may be sent (the lock held): the faults and the list's
   state; when not, the call holds the page that says why.  When it may,
   the call asks the dispatcher for download_send. */
static void
download_start(struct call *cl, int k)
{
	struct sim	*s = cl->s;
	struct sbuf	 b = { NULL, 0, 0 };
	const char	*range;
	int		 en_ = cl->en, state;

	if (s->server_error && s->server_error_at == 0) {
		s->server_error = 0;
		sim_page_simple(&b, en_, P_LISTS, T("Erreur du serveur",
		    "Server error"), T("Une erreur interne est survenue. "
		    "Veuillez réessayer plus tard.", "An internal error "
		    "occurred. Please try again later."), P_LISTS,
		    T("Retour aux listes", "Back to the lists"));
		answer_response(cl, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    sim_html_response(s, &b, NULL));
		return;
	}
	if (s->html_instead) {
		sim_page_simple(&b, en_, P_LISTS, T("Téléchargement",
		    "Download"), T("Le fichier demandé n'est pas disponible "
		    "pour le moment. Veuillez réessayer plus tard.",
		    "The requested file is not available at the moment. "
		    "Please try again later."), P_LISTS,
		    T("Retour aux listes", "Back to the lists"));
		answer_response(cl, MHD_HTTP_OK,
		    sim_html_response(s, &b, NULL));
		return;
	}
	range = s->no_range ? NULL : MHD_lookup_connection_value(cl->c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
	state = s->lists[k];
	if (state == LIST_DONE || (state == LIST_STARTED && range == NULL)) {
		sim_page_simple(&b, en_, P_LISTS, T("Liste déjà téléchargée",
		    "List already downloaded"), T("Cette liste a déjà été "
		    "téléchargée. Chaque liste ne peut être téléchargée qu'une "
		    "seule fois.", "This list has already been downloaded. "
		    "Each list can be downloaded only once."), P_LISTS,
		    T("Retour aux listes", "Back to the lists"));
		answer_response(cl, MHD_HTTP_OK,
		    sim_html_response(s, &b, NULL));
		return;
	}
	cl->answer = ANSWER_LIST;
	cl->list = k;
	cl->range = range;
}

/* The list named by this session's id (a POST or HEAD sends it without
   marking it begun), else 404. */
void
route_download(struct call *cl)
{
	const char	*v;
	int		 en_ = cl->en, k;

	v = MHD_lookup_connection_value(cl->c, MHD_GET_ARGUMENT_KIND, "id");
	for (k = 0; v != NULL && k < DELIVERY_LISTS; k++) {
		if (strcmp(v, cl->ss->dl[k]) == 0) {
			download_start(cl, k);
			return;
		}
	}
	sim_page_simple(&cl->page, en_, P_DOWNLOAD, T("Document introuvable",
	    "Document not found"), T("Le document demandé n'existe pas ou "
	    "n'est plus disponible.", "The requested document does not "
	    "exist or is no longer available."), P_LISTS,
	    T("Retour aux listes", "Back to the lists"));
	cl->status = MHD_HTTP_NOT_FOUND;
}

/* Send the list download_start allowed, the lock released: build the
   archive if needed, answer the Range, and (for a GET) mark the list
   begun and arm drop-after, in a critical section of its own. */
enum MHD_Result
sim_download_send(struct call *cl)
{
	struct sim		*s = cl->s;
	struct MHD_Connection	*c = cl->c;
	struct req		*rq = cl->rq;
	const char		*method = cl->method, *url = cl->url;
	struct MHD_Response	*r;
	struct sbuf		 b = { NULL, 0, 0 };
	uint64_t		 start = 0, end = 0, size;
	char			*cause = NULL, *v;
	int			 en_ = cl->en, k = cl->list, pr = -1;
	int			 partial = 0;

	pthread_mutex_lock(&s->build_lock);
	if (build_archive(s, k, &cause) != 0) {
		pthread_mutex_unlock(&s->build_lock);
		sim_log(s, "archive: %s", cause);
		free(cause);
		sim_page_simple(&b, en_, P_LISTS, T("Erreur du serveur",
		    "Server error"), T("Le fichier n'a pu être préparé.",
		    "The file could not be prepared."), NULL, NULL);
		return (sim_respond(s, c, method, url,
		    MHD_HTTP_INTERNAL_SERVER_ERROR,
		    sim_html_response(s, &b, NULL)));
	}
	pthread_mutex_unlock(&s->build_lock);
	size = (uint64_t)s->archives[k].size;

	if (cl->range != NULL) {
		pr = parse_range(cl->range, size, &start, &end);
		if (pr == 0) {
			r = MHD_create_response_from_buffer(0,
			    (void *)(uintptr_t)"", MHD_RESPMEM_PERSISTENT);
			if (r == NULL)
				return (MHD_NO);
			v = xasprintf("bytes */%" PRIu64, size);
			MHD_add_response_header(r,
			    MHD_HTTP_HEADER_CONTENT_RANGE, v);
			free(v);
			return (sim_respond(s, c, method, url,
			    MHD_HTTP_RANGE_NOT_SATISFIABLE, r));
		}
		partial = pr == 1;
	}
	if (!partial) {
		start = 0;
		end = size - 1;
	}

	pthread_mutex_lock(&s->lock);
	if (strcmp(method, "GET") == 0) {
		if (s->no_range)
			s->lists[k] = LIST_DONE;
		else if (s->lists[k] == LIST_AVAILABLE)
			s->lists[k] = LIST_STARTED;
		rq->drop = -1;
		if (s->drop_after >= 0 && !s->dropped[k]) {
			s->dropped[k] = 1;
			rq->drop = s->drop_after;
		}
	} else
		rq->drop = -1;
	pthread_mutex_unlock(&s->lock);

	rq->sim = s;
	rq->list = k;
	rq->start = start;
	rq->len = end - start + 1;
	rq->to_end = end == size - 1;
	rq->fd = s->archives[k].fd;
	r = MHD_create_response_from_callback(rq->len, 64 * 1024,
	    download_reader, rq, NULL);
	if (r == NULL)
		return (MHD_NO);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/zip");
	if (s->hostile & HOSTILE_NAME)
		v = xasprintf("attachment; filename=\"../../.%s\x1b]0;"
		    "pwned\x07\x1b[2J\x1b[31m.zip\"; filename*=UTF-8''"
		    "..%%2F..%%2F%%1B%%5B31m%s.zip", s->archives[k].name,
		    s->archives[k].name);
	else
		v = xasprintf("attachment; filename=\"%s.zip\"",
		    s->archives[k].name);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, v);
	free(v);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES,
	    s->no_range ? "none" : "bytes");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "private, no-transform");
	v = xasprintf("\"%s-%" PRIu64 "\"", s->archives[k].name, size);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, v);
	free(v);
	if (partial) {
		v = xasprintf("bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, start,
		    end, size);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, v);
		free(v);
	}
	return (sim_respond(s, c, method, url,
	    partial ? MHD_HTTP_PARTIAL_CONTENT : MHD_HTTP_OK, r));
}
