/*
 * load — a file on disk to a finished table.  A zip (known by its magic
 * bytes, not its name) goes through archive.c: the entries are chosen
 * (--entry, or the largest group of CSV entries sharing one header), the
 * password asked through the caller's callback when an entry to read is
 * encrypted (three attempts are the callback's business: it returns -1 to
 * give up), then the entries are decrypted and parsed on worker threads —
 * one entry per thread when there are several, or, for one entry, inflate
 * and parse pipelined on two threads.  Each entry goes to its own table;
 * the tables are appended in entry order.  An entry's rows count only once
 * archive_stream returned ARCHIVE_OK (a wrong traditional-PKWARE password
 * can yield garbage first): after a CSV error on an encrypted entry the
 * rest is still drained so a wrong password is told as one.
 *
 * Callbacks (password, progress, notes) run on the calling thread only.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "listelec/archive.h"
#include "listelec/csv.h"
#include "listelec/i18n.h"
#include "listelec/load.h"
#include "listelec/secure.h"
#include "listelec/table.h"
#include "listelec/xmalloc.h"

#define HEAD_BYTES	65536		/* read to group entries by header */
#define READ_CHUNK	(1 << 20)	/* plain .csv files */
#define SPLIT_MIN	((uint64_t)8 << 20)	/* read in two halves from */
#define STEAL_MIN	((uint64_t)2 << 20)	/* the second thread takes
						   half of what is left */
#define PIPE_SLOTS	32
#define MAX_THREADS	16

/* One entry's read. */
struct job {
	size_t		 idx;
	const char	*name;
	int		 encrypted;
	struct table	*t;
	enum load_status st;
	char		*cause;
	size_t		 invalid;
	size_t		 nuls;
	int		 aborted;	/* stopped by another entry's error */
};

/* Shared by the workers of one load_entries pass. */
struct run {
	struct archive		*ar;
	const struct load_options *o;
	const char		*password;
	struct job		*jobs;
	size_t			 njobs;
	int			 pipeline;
	struct table		*dst;		/* the jobs' values go there */

	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	size_t			 next;
	unsigned		 running;
	uint64_t		 done;		/* atomic */
	uint64_t		 rows;		/* atomic */
	int			 stop;		/* atomic: an error elsewhere */
};

/* Feeding one entry's bytes to its CSV reader. */
struct feed {
	struct run		*run;
	struct job		*job;
	struct csv_reader	*r;
	enum csv_status		 cst;
	char			*ccause;
	size_t			 rows;
};

/* The pipe between the inflating and the parsing thread. */
struct pipe {
	pthread_mutex_t		 m;
	pthread_cond_t		 put;
	pthread_cond_t		 get;
	struct {
		char	*p;
		size_t	 len;
	}			 q[PIPE_SLOTS];
	size_t			 head;
	size_t			 count;
	int			 eof;
	int			 abort;
	struct run		*run;
	size_t			 idx;
	enum archive_status	 ast;
	char			*acause;
};

static int
cancelled(const struct load_options *o)
{
	return (o->cancel != NULL && *o->cancel);
}

/* Default options. */
void
load_options_init(struct load_options *o)
{
	memset(o, 0, sizeof *o);
}

/* Pass a note to the caller; takes msg. */
static void
note(const struct load_options *o, char *msg)
{
	if (o->note != NULL)
		o->note(o->note_arg, msg);
	free(msg);
}

/* Map an archive status to a load status. */
static enum load_status
from_archive(enum archive_status st)
{
	switch (st) {
	case ARCHIVE_OK:
		return (LOAD_OK);
	case ARCHIVE_ERR_IO:
		return (LOAD_ERR_IO);
	case ARCHIVE_ERR_PASSWORD:
		return (LOAD_ERR_PASSWORD);
	case ARCHIVE_ERR_CANCELLED:
		return (LOAD_ERR_CANCELLED);
	case ARCHIVE_ERR_FORMAT:
	case ARCHIVE_ERR_LIMIT:
	default:
		return (LOAD_ERR_ARCHIVE);
	}
}

/*
 * Make sure pw holds a password the archive accepts, asking through the
 * callback (attempt numbers continue in *attempt).
 */
static enum load_status
get_password(struct archive *ar, const struct load_options *o,
    struct secret *pw, unsigned *attempt, int check, char **cause)
{
	enum archive_status	 ast;
	char			*why = NULL;

	for (;;) {
		if (secret_len(pw) == 0) {
			if (o->ask_password == NULL) {
				*cause = xstrdup(_("the archive is encrypted: "
				    "a password is needed"));
				return (LOAD_ERR_PASSWORD);
			}
			if (cancelled(o)) {
				*cause = xstrdup(_("cancelled"));
				return (LOAD_ERR_CANCELLED);
			}
			if (o->ask_password(o->ask_arg, ++*attempt, pw) != 0 ||
			    secret_len(pw) == 0) {
				secret_set(pw, "", 0);
				*cause = xstrdup(*attempt > 1 ?
				    _("wrong archive password") :
				    _("no archive password given"));
				return (LOAD_ERR_PASSWORD);
			}
		}
		if (!check)
			return (LOAD_OK);
		ast = archive_check_password(ar, secret_str(pw), &why);
		if (ast == ARCHIVE_OK) {
			free(why);
			return (LOAD_OK);
		}
		if (ast != ARCHIVE_ERR_PASSWORD) {
			*cause = why;
			return (from_archive(ast));
		}
		free(why);
		why = NULL;
		secret_set(pw, "", 0);
	}
}

/*
 * Collect the first bytes of an entry: HEAD_BYTES, or fewer once they
 * hold twice the lines the delimiter is detected on (a record may span
 * lines), which key the header as HEAD_BYTES would.
 */
struct head {
	char	*p;
	size_t	 len;
	size_t	 lines;
};

static int
head_cb(void *arg, const void *buf, size_t len)
{
	struct head	*h = arg;
	size_t		 k = HEAD_BYTES - h->len;
	const char	*q, *end;

	if (k > len)
		k = len;
	memcpy(h->p + h->len, buf, k);
	for (q = h->p + h->len, end = q + k; q < end &&
	    (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		h->lines++;
	h->len += k;
	return (h->len >= HEAD_BYTES || h->lines > 2 * CSV_SAMPLE_LINES);
}

/*
 * Header keys of several entries read at once: each entry's first bytes
 * cost a key derivation (PBKDF2 for AES), so the reads share the cores.
 */
struct heads {
	struct archive		*ar;
	const size_t		*cand;
	size_t			 n;
	const char		*pw;
	const struct csv_options *csv;
	char			**keys;
	enum archive_status	*st;
	size_t			 next;
	pthread_mutex_t		 m;
};

static unsigned	threads_wanted(const struct load_options *);

/* Worker: read the next entries' first bytes and key their headers. */
static void *
heads_worker(void *arg)
{
	struct heads	*hs = arg;
	struct head	 h;
	enum archive_enc enc;
	char		*why;
	size_t		 i;

	h.p = xmalloc(HEAD_BYTES);
	for (;;) {
		pthread_mutex_lock(&hs->m);
		i = hs->next++;
		pthread_mutex_unlock(&hs->m);
		if (i >= hs->n)
			break;
		h.len = h.lines = 0;
		why = NULL;
		enc = archive_entry(hs->ar, hs->cand[i])->enc;
		hs->st[i] = archive_stream_head(hs->ar, hs->cand[i],
		    enc != ARCHIVE_ENC_NONE ? hs->pw : NULL, HEAD_BYTES,
		    head_cb, &h, &why);
		free(why);
		if (hs->st[i] == ARCHIVE_OK ||
		    hs->st[i] == ARCHIVE_ERR_CANCELLED)
			hs->keys[i] = csv_header_key(hs->csv, h.p, h.len);
		secure_wipe(h.p, h.len);
	}
	free(h.p);
	return (NULL);
}

/*
 * Key the headers of cand[from..n) on several threads with password pw;
 * st[i] receives each read's status (ARCHIVE_ERR_CANCELLED means the first
 * bytes were enough).
 */
static void
heads_parallel(struct archive *ar, const struct load_options *o,
    const char *pw, const size_t *cand, size_t from, size_t n, char **keys,
    enum archive_status *st)
{
	struct heads	 hs;
	pthread_t	 tid[MAX_THREADS];
	unsigned	 t, nt = threads_wanted(o), started = 0;

	memset(&hs, 0, sizeof hs);
	hs.ar = ar;
	hs.cand = cand;
	hs.n = n;
	hs.pw = pw;
	hs.csv = &o->csv;
	hs.keys = keys;
	hs.st = st;
	hs.next = from;
	pthread_mutex_init(&hs.m, NULL);
	for (t = 1; t < nt && t < n - from; t++)
		if (pthread_create(&tid[started], NULL, heads_worker, &hs) == 0)
			started++;
	heads_worker(&hs);
	for (t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&hs.m);
}

/* Append s to a ", "-separated list (allocated). */
static char *
list_add(char *list, const char *s)
{
	char	*n;

	if (list == NULL)
		return (xstrdup(s));
	n = xasprintf("%s, %s", list, s);
	free(list);
	return (n);
}

/* Nonzero when entry e lies under folder path (a nested zip is a folder). */
static int
under(const struct archive_entry *e, const char *path)
{
	size_t	n = strlen(path);

	while (n > 0 && path[n - 1] == '/')
		n--;
	return (strncmp(e->path, path, n) == 0 && e->path[n] == '/');
}

/* Group candidates by header; keep the largest group. */
static enum load_status
group(struct archive *ar, const struct load_options *o, struct secret *pw,
    unsigned *attempt, size_t *cand, size_t *n, char **cause)
{
	const struct archive_entry	*e;
	struct head			 h;
	char				**keys, *why = NULL, *left = NULL;
	uint64_t			*weight, best = 0;
	size_t				 i, j, k, bi = 0, count, bestc = 0;
	size_t				 n0 = *n;
	enum archive_status		 ast, *st;
	enum load_status		 ls = LOAD_OK;
	int				 parallel_done = 0;

	if (*n < 2)
		return (LOAD_OK);
	keys = xcalloc(*n, sizeof *keys);
	weight = xcalloc(*n, sizeof *weight);
	st = xcalloc(*n, sizeof *st);
	h.p = xmalloc(HEAD_BYTES);
	for (i = 0; i < *n; i++) {
		e = archive_entry(ar, cand[i]);
		if (i == 1 && !parallel_done && !cancelled(o)) {
			parallel_done = 1;
			/*
			 * The password is known to open the first entry: read
			 * the others' first bytes on every core, then go on
			 * one by one only for those that failed.
			 */
			heads_parallel(ar, o, secret_len(pw) > 0 ?
			    secret_str(pw) : NULL, cand, 1, *n, keys, st);
		}
		if (i >= 1 && (st[i] == ARCHIVE_OK ||
		    st[i] == ARCHIVE_ERR_CANCELLED))
			continue;
		free(keys[i]);
		keys[i] = NULL;
		if (e->enc != ARCHIVE_ENC_NONE && secret_len(pw) == 0 &&
		    (ls = get_password(ar, o, pw, attempt, 1, cause)) !=
		    LOAD_OK)
			goto out;
		h.len = h.lines = 0;
		ast = archive_stream_head(ar, cand[i],
		    e->enc != ARCHIVE_ENC_NONE ? secret_str(pw) : NULL,
		    HEAD_BYTES, head_cb, &h, &why);
		free(why);
		why = NULL;
		if (ast == ARCHIVE_ERR_PASSWORD && o->ask_password != NULL) {
			/* Passed the check but not this entry: ask again. */
			secret_set(pw, "", 0);
			if ((ls = get_password(ar, o, pw, attempt, 1, cause)) !=
			    LOAD_OK)
				goto out;
			i--;
			continue;
		}
		if (ast != ARCHIVE_OK && ast != ARCHIVE_ERR_CANCELLED) {
			ls = from_archive(ast);
			*cause = xasprintf(_("cannot read \"%s\""), e->path);
			goto out;
		}
		keys[i] = csv_header_key(&o->csv, h.p, h.len);
		secure_wipe(h.p, h.len);
	}
	/* Weigh each distinct key once, on its first entry. */
	for (i = 0; i < *n; i++) {
		for (j = 0; j < i; j++)
			if (keys[i] != NULL && keys[j] != NULL &&
			    strcmp(keys[i], keys[j]) == 0)
				break;
		k = j < i ? j : i;
		weight[k] += archive_entry(ar, cand[i])->size + 1;
	}
	for (i = 0; i < *n; i++) {
		for (count = 0, j = 0; j < *n; j++)
			count += j == i || (keys[i] != NULL &&
			    keys[j] != NULL && strcmp(keys[i], keys[j]) == 0);
		if (weight[i] > best || (weight[i] == best && count > bestc)) {
			best = weight[i];
			bestc = count;
			bi = i;
		}
	}
	for (i = 0, k = 0; i < *n; i++) {
		if (i == bi || (keys[i] != NULL && keys[bi] != NULL &&
		    strcmp(keys[i], keys[bi]) == 0))
			cand[k++] = cand[i];
		else
			left = list_add(left, archive_entry(ar, cand[i])->path);
	}
	*n = k;
	if (left != NULL) {
		note(o, xasprintf(_("left out (another header): %s; use "
		    "--entry to read one of them"), left));
		free(left);
	}
out:
	for (i = 0; i < n0; i++)
		free(keys[i]);
	free(keys);
	free(weight);
	free(st);
	free(h.p);
	return (ls);
}

/* Choose the entries to read. */
enum load_status
load_select(struct archive *ar, const struct load_options *o,
    struct secret *pw, size_t **idxp, size_t *np, char **cause)
{
	const struct archive_entry	*e;
	size_t				*cand, n = 0, i, count;
	long				 found = -1;
	char				*list = NULL, *why = NULL;
	const char			*base;
	enum archive_status		 ast;
	enum load_status		 ls;
	unsigned			 attempt = 0;
	struct secret			*own = NULL;

	*idxp = NULL;
	*np = 0;
	if (pw == NULL)
		pw = own = secret_new();
	/* Open the encrypted nested zips first: the lists may be inside. */
	while (archive_needs_password_to_expand(ar)) {
		if ((ls = get_password(ar, o, pw, &attempt, 0, cause)) !=
		    LOAD_OK)
			goto fail;
		ast = archive_expand(ar, secret_str(pw), &why);
		if (ast == ARCHIVE_OK)
			break;
		if (ast != ARCHIVE_ERR_PASSWORD || o->ask_password == NULL) {
			*cause = why;
			ls = from_archive(ast);
			goto fail;
		}
		free(why);
		why = NULL;
		secret_set(pw, "", 0);
	}
	free(why);

	count = archive_count(ar);
	cand = xcalloc(count + 1, sizeof *cand);
	if (o->entry != NULL) {
		found = archive_find(ar, o->entry);
		if (found >= 0) {
			e = archive_entry(ar, (size_t)found);
			if (e->kind != ARCHIVE_KIND_DIR &&
			    e->kind != ARCHIVE_KIND_ZIP) {
				cand[n++] = (size_t)found;
				goto done;
			}
			for (i = 0; i < count; i++) {
				e = archive_entry(ar, i);
				if (e->kind == ARCHIVE_KIND_CSV &&
				    under(e, o->entry))
					cand[n++] = i;
			}
		} else {
			/* Not a path: a unique entry name will do. */
			base = strrchr(o->entry, '/');
			base = base != NULL ? base + 1 : o->entry;
			for (i = 0; i < count; i++) {
				e = archive_entry(ar, i);
				if (e->kind != ARCHIVE_KIND_DIR &&
				    strcmp(e->name, base) == 0) {
					cand[n++] = i;
					list = list_add(list, e->path);
				}
			}
			if (n == 1) {
				free(list);
				goto done;
			}
			if (n > 1) {
				*cause = xasprintf(_("--entry %s is ambiguous: "
				    "%s"), o->entry, list);
				free(list);
				free(cand);
				ls = LOAD_ERR_USAGE;
				goto fail;
			}
		}
	} else {
		for (i = 0; i < count; i++)
			if (archive_entry(ar, i)->kind == ARCHIVE_KIND_CSV)
				cand[n++] = i;
	}
	if (n == 0) {
		for (i = 0; i < count; i++) {
			e = archive_entry(ar, i);
			if (e->kind != ARCHIVE_KIND_DIR)
				list = list_add(list, e->path);
		}
		if (o->entry != NULL)
			*cause = xasprintf(_("no entry %s in the archive; its "
			    "entries are: %s"), o->entry, list != NULL ? list :
			    _("(none)"));
		else
			*cause = xasprintf(_("no CSV list in the archive; "
			    "its entries are: %s (choose one with --entry)"),
			    list != NULL ? list : _("(none)"));
		free(list);
		free(cand);
		ls = LOAD_ERR_USAGE;
		goto fail;
	}
	if ((ls = group(ar, o, pw, &attempt, cand, &n, cause)) != LOAD_OK) {
		free(cand);
		goto fail;
	}
done:
	*idxp = cand;
	*np = n;
	secret_free(own);
	return (LOAD_OK);
fail:
	secret_free(own);
	return (ls);
}

/* Bytes of one entry to its reader (the archive's callback). */
static int
feed_cb(void *arg, const void *buf, size_t len)
{
	struct feed	*f = arg;
	struct run	*run = f->run;
	size_t		 rows;

	if (cancelled(run->o) || __atomic_load_n(&run->stop, __ATOMIC_RELAXED))
		return (1);
	__atomic_add_fetch(&run->done, len, __ATOMIC_RELAXED);
	if (f->cst != CSV_OK)
		return (f->job->encrypted ? 0 : 1);	/* drain, or stop */
	f->cst = csv_reader_feed(f->r, buf, len, &f->ccause);
	if (f->cst != CSV_OK)
		return (f->job->encrypted ? 0 : 1);
	rows = csv_reader_records(f->r);
	__atomic_add_fetch(&run->rows, rows - f->rows, __ATOMIC_RELAXED);
	f->rows = rows;
	return (0);
}

/* Pipe: the inflating side's callback. */
static int
pipe_put(void *arg, const void *buf, size_t len)
{
	struct pipe	*p = arg;
	char		*copy;
	size_t		 slot;

	if (cancelled(p->run->o))
		return (1);
	copy = xmalloc(len);
	memcpy(copy, buf, len);
	pthread_mutex_lock(&p->m);
	while (p->count == PIPE_SLOTS && !p->abort)
		pthread_cond_wait(&p->put, &p->m);
	if (p->abort) {
		pthread_mutex_unlock(&p->m);
		secure_wipe(copy, len);
		free(copy);
		return (1);
	}
	slot = (p->head + p->count) % PIPE_SLOTS;
	p->q[slot].p = copy;
	p->q[slot].len = len;
	p->count++;
	pthread_cond_signal(&p->get);
	pthread_mutex_unlock(&p->m);
	return (0);
}

/* Pipe: the inflating thread. */
static void *
pipe_thread(void *arg)
{
	struct pipe	*p = arg;

	p->ast = archive_stream(p->run->ar, p->idx, p->run->password,
	    pipe_put, p, &p->acause);
	pthread_mutex_lock(&p->m);
	p->eof = 1;
	pthread_cond_signal(&p->get);
	pthread_mutex_unlock(&p->m);
	return (NULL);
}

/* Stream one entry, inflating on a second thread. */
static enum archive_status
stream_pipelined(struct run *run, struct job *job, struct feed *f,
    char **acause)
{
	struct pipe	 p;
	pthread_t	 th;
	char		*buf;
	size_t		 len;
	int		 stop = 0;

	memset(&p, 0, sizeof p);
	pthread_mutex_init(&p.m, NULL);
	pthread_cond_init(&p.put, NULL);
	pthread_cond_init(&p.get, NULL);
	p.run = run;
	p.idx = job->idx;
	if (pthread_create(&th, NULL, pipe_thread, &p) != 0) {
		pthread_mutex_destroy(&p.m);
		pthread_cond_destroy(&p.put);
		pthread_cond_destroy(&p.get);
		return (archive_stream(run->ar, job->idx, run->password,
		    feed_cb, f, acause));
	}
	for (;;) {
		pthread_mutex_lock(&p.m);
		while (p.count == 0 && !p.eof)
			pthread_cond_wait(&p.get, &p.m);
		if (p.count == 0) {
			pthread_mutex_unlock(&p.m);
			break;
		}
		buf = p.q[p.head].p;
		len = p.q[p.head].len;
		p.head = (p.head + 1) % PIPE_SLOTS;
		p.count--;
		pthread_cond_signal(&p.put);
		pthread_mutex_unlock(&p.m);
		if (!stop && feed_cb(f, buf, len) != 0) {
			stop = 1;
			pthread_mutex_lock(&p.m);
			p.abort = 1;
			pthread_cond_signal(&p.put);
			pthread_mutex_unlock(&p.m);
		}
		secure_wipe(buf, len);
		free(buf);
	}
	pthread_join(th, NULL);
	pthread_mutex_destroy(&p.m);
	pthread_cond_destroy(&p.put);
	pthread_cond_destroy(&p.get);
	*acause = p.acause;
	return (p.ast);
}

/* Read one entry into its own table. */
static void
read_job(struct run *run, struct job *job)
{
	struct feed		 f;
	enum archive_status	 ast;
	char			*acause = NULL, *ccause = NULL;

	memset(&f, 0, sizeof f);
	f.run = run;
	f.job = job;
	job->t = table_new();
	if (run->njobs > 1)
		table_share_dicts(job->t, run->dst, job == &run->jobs[0]);
	else
		table_build_threaded(job->t);
	f.r = csv_reader_new(&run->o->csv, job->t, job->name);
	if (run->pipeline)
		ast = stream_pipelined(run, job, &f, &acause);
	else
		ast = archive_stream(run->ar, job->idx, job->encrypted ?
		    run->password : NULL, feed_cb, &f, &acause);
	if (ast == ARCHIVE_OK && f.cst == CSV_OK &&
	    (f.cst = csv_reader_finish(f.r, &ccause)) != CSV_OK)
		f.ccause = ccause;
	if (ast == ARCHIVE_OK && f.cst == CSV_OK) {
		job->st = LOAD_OK;
		job->invalid = csv_reader_invalid(f.r);
		job->nuls = csv_reader_nuls(f.r);
		__atomic_add_fetch(&run->rows, csv_reader_records(f.r) -
		    f.rows, __ATOMIC_RELAXED);
	} else if (ast == ARCHIVE_OK || (ast == ARCHIVE_ERR_CANCELLED &&
	    f.cst != CSV_OK && !cancelled(run->o))) {
		job->st = LOAD_ERR_DATA;
		job->cause = xasprintf("%s: %s", job->name,
		    f.ccause != NULL ? f.ccause : "");
	} else if (ast == ARCHIVE_ERR_CANCELLED) {
		job->st = LOAD_ERR_CANCELLED;
		job->cause = xstrdup(_("cancelled"));
	} else {
		job->st = from_archive(ast);
		job->cause = acause;
		acause = NULL;
	}
	if (job->st != LOAD_OK && job->st != LOAD_ERR_CANCELLED)
		__atomic_store_n(&run->stop, 1, __ATOMIC_RELAXED);
	if (job->st == LOAD_ERR_CANCELLED && !cancelled(run->o))
		job->aborted = 1;
	free(acause);
	free(f.ccause);
	csv_reader_free(f.r);
}

/* Worker: take entries until none is left. */
static void *
worker(void *arg)
{
	struct run	*run = arg;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&run->lock);
		i = run->next++;
		pthread_mutex_unlock(&run->lock);
		if (i >= run->njobs)
			break;
		read_job(run, &run->jobs[i]);
	}
	pthread_mutex_lock(&run->lock);
	run->running--;
	pthread_cond_signal(&run->cond);
	pthread_mutex_unlock(&run->lock);
	return (NULL);
}

static unsigned
threads_wanted(const struct load_options *o)
{
	long	n;

	if (o->nthreads > 0)
		return (o->nthreads > MAX_THREADS ? MAX_THREADS : o->nthreads);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return (1);
	return (n > MAX_THREADS ? MAX_THREADS : (unsigned)n);
}

/* One pass over the entries with one password. */
static enum load_status
run_once(struct run *run, uint64_t total, char **cause)
{
	const struct load_options	*o = run->o;
	pthread_t			 th[MAX_THREADS];
	unsigned			 nth, started = 0, k;
	size_t				 i;
	struct timespec			 ts;
	enum load_status		 ls = LOAD_OK;

	nth = threads_wanted(o);
	run->pipeline = run->njobs == 1 && nth >= 2;
	if (nth > run->njobs)
		nth = (unsigned)run->njobs;
	run->next = 0;
	run->done = run->rows = 0;
	run->stop = 0;
	pthread_mutex_init(&run->lock, NULL);
	pthread_cond_init(&run->cond, NULL);
	run->running = 0;
	/* libzip calls mktime on several threads: read the zone once. */
	tzset();
	for (k = 0; k < nth; k++) {
		pthread_mutex_lock(&run->lock);
		run->running++;
		pthread_mutex_unlock(&run->lock);
		if (pthread_create(&th[k], NULL, worker, run) != 0) {
			pthread_mutex_lock(&run->lock);
			run->running--;
			pthread_mutex_unlock(&run->lock);
			break;
		}
		started++;
	}
	if (started == 0) {
		/* No thread: read here. */
		run->running = 1;
		worker(run);
	}
	pthread_mutex_lock(&run->lock);
	while (run->running > 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&run->cond, &run->lock, &ts);
		if (o->progress != NULL && run->running > 0) {
			pthread_mutex_unlock(&run->lock);
			o->progress(o->progress_arg, __atomic_load_n(&run->done,
			    __ATOMIC_RELAXED), total, (size_t)__atomic_load_n(
			    &run->rows, __ATOMIC_RELAXED));
			pthread_mutex_lock(&run->lock);
		}
	}
	pthread_mutex_unlock(&run->lock);
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&run->lock);
	pthread_cond_destroy(&run->cond);

	/* The first failure in entry order; a wrong password first of all. */
	for (i = 0; i < run->njobs; i++) {
		if (run->jobs[i].st == LOAD_ERR_PASSWORD) {
			*cause = run->jobs[i].cause;
			run->jobs[i].cause = NULL;
			return (LOAD_ERR_PASSWORD);
		}
	}
	if (cancelled(o)) {
		*cause = xstrdup(_("cancelled"));
		return (LOAD_ERR_CANCELLED);
	}
	for (i = 0; i < run->njobs; i++) {
		if (run->jobs[i].st != LOAD_OK && !run->jobs[i].aborted) {
			ls = run->jobs[i].st;
			*cause = run->jobs[i].cause;
			run->jobs[i].cause = NULL;
			return (ls);
		}
	}
	return (ls);
}

/* Free the jobs' tables and messages, ready for another pass. */
static void
jobs_clear(struct job *jobs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		table_free(jobs[i].t);
		jobs[i].t = NULL;
		free(jobs[i].cause);
		jobs[i].cause = NULL;
		jobs[i].st = LOAD_OK;
		jobs[i].invalid = jobs[i].nuls = 0;
		jobs[i].aborted = 0;
	}
}

/* Notes about what was read. */
static void
read_notes(const struct load_options *o, const struct table *t,
    const struct job *jobs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (jobs[i].invalid > 0)
			note(o, xasprintf(_("%s: %zu bytes were not valid "
			    "UTF-8 and were read as Windows-1252"),
			    jobs[i].name, jobs[i].invalid));
		if (jobs[i].nuls > 0)
			note(o, xasprintf(_("%s: %zu NUL bytes replaced by "
			    "U+FFFD"), jobs[i].name, jobs[i].nuls));
	}
	if (table_ragged(t) > 0)
		note(o, xasprintf(_("rows whose number of cells differs from "
		    "the header's: %zu (kept as they are)"), table_ragged(t)));
}

/* Read the chosen entries into a new finished table. */
enum load_status
load_entries(struct archive *ar, const size_t *idx, size_t n,
    const struct load_options *o, struct secret *pw, struct table **out,
    char **cause)
{
	struct run			 run;
	struct job			*jobs;
	const struct archive_entry	*e, *e2;
	struct table			*t = NULL;
	struct secret			*own = NULL;
	uint64_t			 total = 0;
	size_t				 i, j, rows;
	int				 need = 0;
	unsigned			 attempt = 0;
	enum load_status		 ls;
	char				*why = NULL;

	*out = NULL;
	if (n == 0) {
		*cause = xstrdup(_("no entry to read"));
		return (LOAD_ERR_USAGE);
	}
	if (pw == NULL)
		pw = own = secret_new();
	jobs = xcalloc(n, sizeof *jobs);
	for (i = 0; i < n; i++) {
		e = archive_entry(ar, idx[i]);
		jobs[i].idx = idx[i];
		jobs[i].encrypted = e->enc != ARCHIVE_ENC_NONE;
		jobs[i].name = e->name;
		/* Two entries of the same name: show their paths. */
		for (j = 0; j < n; j++) {
			e2 = archive_entry(ar, idx[j]);
			if (j != i && strcmp(e2->name, e->name) == 0)
				jobs[i].name = e->path;
		}
		need |= jobs[i].encrypted;
		total += e->size;
	}
	memset(&run, 0, sizeof run);
	run.ar = ar;
	run.o = o;
	run.jobs = jobs;
	run.njobs = n;
	for (;;) {
		table_free(run.dst);		/* a new one for each pass */
		run.dst = table_new();
		if (need && secret_len(pw) == 0 &&
		    (ls = get_password(ar, o, pw, &attempt, 0, cause)) !=
		    LOAD_OK)
			goto out;
		run.password = need ? secret_str(pw) : NULL;
		ls = run_once(&run, total, cause);
		if (ls == LOAD_ERR_PASSWORD && o->ask_password != NULL) {
			jobs_clear(jobs, n);
			free(*cause);
			*cause = NULL;
			secret_set(pw, "", 0);
			continue;
		}
		if (ls != LOAD_OK)
			goto out;
		break;
	}
	t = run.dst;
	run.dst = NULL;
	for (i = 0, rows = 0; i < n; i++)
		rows += table_rows(jobs[i].t);
	table_reserve(t, rows);
	for (i = 0; i < n; i++) {
		if (table_append(t, jobs[i].t, &why) != 0) {
			*cause = xasprintf("%s: %s", jobs[i].name, why);
			free(why);
			table_free(t);
			t = NULL;
			ls = LOAD_ERR_DATA;
			goto out;
		}
		table_free(jobs[i].t);
		jobs[i].t = NULL;
	}
	table_finish(t);
	if (o->progress != NULL)
		o->progress(o->progress_arg, total, total, table_rows(t));
	read_notes(o, t, jobs, n);
	*out = t;
	ls = LOAD_OK;
out:
	jobs_clear(jobs, n);
	table_free(run.dst);
	free(jobs);
	secret_free(own);
	return (ls);
}

/*
 * The second half of a plain CSV, read on a thread of its own from a
 * line's start into a table of its own while the caller reads the first.
 * When it is done first and much of the first half is left, it takes the
 * end of that too (from a line's start past the middle of what is left:
 * the caller stops there), into a third table: the halves end together
 * whatever their rows cost.
 */
struct part {
	int			 fd;
	uint64_t		 from;
	uint64_t		 size;
	const struct load_options *o;
	struct csv_reader	*r;
	struct table		*t;
	struct csv_reader	*r3;		/* the end of the first half */
	struct table		*t3;
	uint64_t		 from3;		/* where it starts, or 0 */
	pthread_t		 thread;
	int			 failed;	/* a read, data or cancel */
	int			 failed3;
	int			 joined;
	uint64_t		 done;		/* atomic: bytes read */
	size_t			 rows;		/* atomic */
	pthread_mutex_t		 m;
	uint64_t		 limit;		/* where the caller stops */
	uint64_t		 claimed;	/* what it reads up to */
};

/*
 * Where the first line after off starts (read into buf, HEAD_BYTES at
 * least), or 0 when no line ends in the HEAD_BYTES from off.
 */
static uint64_t
line_after(int fd, uint64_t off, char *buf)
{
	ssize_t	 k;
	char	*nl;

	do
		k = pread(fd, buf, HEAD_BYTES, (off_t)off);
	while (k < 0 && errno == EINTR);
	nl = k > 0 ? memchr(buf, '\n', (size_t)k) : NULL;
	return (nl != NULL ? off + (uint64_t)(nl - buf) + 1 : 0);
}

/* Feed r with [off, end) of the file; nonzero on a failure. */
static int
part_read(struct part *pt, struct csv_reader *r, uint64_t off, uint64_t end,
    char *buf)
{
	ssize_t	 k;
	size_t	 want;

	while (off < end) {
		if (cancelled(pt->o))
			return (-1);
		want = end - off < READ_CHUNK ? (size_t)(end - off) :
		    READ_CHUNK;
		k = pread(pt->fd, buf, want, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return (-1);
		off += (uint64_t)k;
		__atomic_add_fetch(&pt->done, (uint64_t)k, __ATOMIC_RELAXED);
		if (csv_reader_feed(r, buf, (size_t)k, NULL) != CSV_OK)
			return (-1);
		__atomic_store_n(&pt->rows, csv_reader_records(pt->r) +
		    (pt->r3 != NULL ? csv_reader_records(pt->r3) : 0),
		    __ATOMIC_RELAXED);
	}
	return (0);
}

/*
 * The second half done: take the end of what the caller has not claimed
 * yet, from a line's start, when enough is left.
 */
static void
part_steal(struct part *pt, char *buf)
{
	uint64_t	 left, x, end = 0;

	pthread_mutex_lock(&pt->m);
	left = pt->limit - pt->claimed;
	x = pt->claimed + left / 2;
	pthread_mutex_unlock(&pt->m);
	if (left < STEAL_MIN || pt->r3 == NULL ||
	    (x = line_after(pt->fd, x, buf)) == 0)
		return;
	pthread_mutex_lock(&pt->m);
	if (x > pt->claimed && x < pt->limit) {
		pt->from3 = x;
		end = pt->limit;
		pt->limit = x;
	}
	pthread_mutex_unlock(&pt->m);
	if (pt->from3 == 0)
		return;
	if (part_read(pt, pt->r3, x, end, buf) != 0 ||
	    !csv_reader_at_record(pt->r3))
		pt->failed3 = 1;
}

/* How far the caller may read from done, at most *want more: claimed. */
static uint64_t
part_claim(struct part *pt, uint64_t done, size_t *want)
{
	uint64_t	limit;

	if (pt->joined) {
		if (*want > pt->limit - done)
			*want = (size_t)(pt->limit - done);
		return (pt->limit);
	}
	pthread_mutex_lock(&pt->m);
	limit = pt->limit;
	if (*want > limit - done)
		*want = (size_t)(limit - done);
	pt->claimed = done + *want;
	pthread_mutex_unlock(&pt->m);
	return (limit);
}

/* The second half's thread: read from pt->from to the end. */
static void *
part_main(void *arg)
{
	struct part	*pt = arg;
	char		*buf;

	buf = xmalloc(READ_CHUNK);
	if (part_read(pt, pt->r, pt->from, pt->size, buf) != 0 ||
	    csv_reader_finish(pt->r, NULL) != CSV_OK)
		pt->failed = 1;
	else
		part_steal(pt, buf);
	secure_wipe(buf, READ_CHUNK);
	free(buf);
	return (NULL);
}

/*
 * Start reading the second half of a file of size bytes on a thread,
 * from the first line start after its middle, when r has decided how to
 * read it (see csv_reader_part).  Returns the first half's end, or 0.
 */
static uint64_t
part_start(struct part *pt, int fd, uint64_t size, uint64_t done,
    struct csv_reader *r, struct table *hold, const struct load_options *o)
{
	char		*buf;
	uint64_t	 mid;

	memset(pt, 0, sizeof *pt);
	if (threads_wanted(o) < 2 || size < SPLIT_MIN)
		return (0);
	buf = xmalloc(HEAD_BYTES);
	mid = line_after(fd, size / 2, buf);
	secure_wipe(buf, HEAD_BYTES);
	free(buf);
	if (mid == 0 || mid >= size)
		return (0);
	pt->t = table_new();
	table_share_dicts(pt->t, hold, 0);
	if ((pt->r = csv_reader_part(r, pt->t)) == NULL) {
		table_free(pt->t);
		return (0);
	}
	pt->t3 = table_new();
	table_share_dicts(pt->t3, hold, 0);
	if ((pt->r3 = csv_reader_part(r, pt->t3)) == NULL) {
		table_free(pt->t3);
		pt->t3 = NULL;
	}
	pt->fd = fd;
	pt->from = mid;
	pt->size = size;
	pt->o = o;
	pt->limit = mid;
	pt->claimed = done;
	pthread_mutex_init(&pt->m, NULL);
	if (pthread_create(&pt->thread, NULL, part_main, pt) != 0) {
		pthread_mutex_destroy(&pt->m);
		csv_reader_free(pt->r);
		csv_reader_free(pt->r3);
		table_free(pt->t);
		table_free(pt->t3);
		pt->r = pt->r3 = NULL;
		pt->t = pt->t3 = NULL;
		return (0);
	}
	return (mid);
}

/* Wait for the second thread, once. */
static void
part_join(struct part *pt)
{
	if (pt->r == NULL || pt->joined)
		return;
	pthread_join(pt->thread, NULL);
	pthread_mutex_destroy(&pt->m);
	pt->joined = 1;
}

/* Take table *tp of the second thread (its reader's notes counted). */
static struct table *
part_take(struct table **tp, const struct csv_reader *r, size_t *invalid,
    size_t *nuls)
{
	struct table	*t = *tp;

	*tp = NULL;
	*invalid += csv_reader_invalid(r);
	*nuls += csv_reader_nuls(r);
	return (t);
}

/* Wait for the second thread and free what it read. */
static void
part_end(struct part *pt)
{
	if (pt->r == NULL)
		return;
	part_join(pt);
	csv_reader_free(pt->r);
	csv_reader_free(pt->r3);
	table_free(pt->t);
	table_free(pt->t3);
	memset(pt, 0, sizeof *pt);
}

/*
 * A plain CSV file, read in chunks.  A large one is read in two halves at
 * once (split at a line's start), the second into a table of its own,
 * appended at the end; the second thread, done first, may take the end
 * of the first half into a third (see struct part).  Where a part would
 * start and the reader before it does not end between records there (a
 * quoted line break), or a part fails, that part is dropped and the
 * reader before it reads on, so the outcome is the one of a single read.
 * A file read in one go interns on a thread of its own.
 */
static enum load_status
load_csv(int fd, const char *path, uint64_t size,
    const struct load_options *o, struct table **out, char **cause)
{
	struct table		*t, *t2 = NULL, *t3 = NULL, *hold = NULL;
	struct csv_reader	*r;
	struct part		 pt;
	struct job		 job;
	char			*buf, *why = NULL;
	const char		*base;
	ssize_t			 k;
	size_t			 want, zero = 0, invalid = 0, nuls = 0;
	uint64_t		 done = 0, last = 0, split = 0;
	enum csv_status		 st = CSV_OK;
	enum load_status	 ls = LOAD_OK;
	int			 first = 1;

	memset(&pt, 0, sizeof pt);
	if (o->parts != NULL)
		*o->parts = 1;
	base = strrchr(path, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : path;
	t = table_new();
	if (threads_wanted(o) >= 2 && size >= SPLIT_MIN) {
		/* Parts may be read: their values go in hold's. */
		hold = table_new();
		table_share_dicts(t, hold, 1);
	}
	r = csv_reader_new(&o->csv, t, base);
	buf = xmalloc(READ_CHUNK);
	for (;;) {
		if (cancelled(o)) {
			*cause = xstrdup(_("cancelled"));
			ls = LOAD_ERR_CANCELLED;
			goto out;
		}
		want = READ_CHUNK;
		if (split > 0)
			split = part_claim(&pt, done, &want);
		k = want > 0 ? read(fd, buf, want) : 0;
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			*cause = xasprintf(_("cannot read %s: %s"), path,
			    strerror(errno));
			ls = LOAD_ERR_IO;
			goto out;
		}
		if (k == 0 && split == 0)
			break;
		if (k == 0 && done < split) {
			/* Cut short before the middle: read as one. */
			part_end(&pt);
			split = 0;
			continue;
		}
		done += (uint64_t)k;
		if (k > 0 && (st = csv_reader_feed(r, buf, (size_t)k,
		    &why)) != CSV_OK)
			break;
		if (first) {
			first = 0;
			if ((split = part_start(&pt, fd, size, done, r, hold,
			    o)) == 0)
				table_build_threaded(t);  /* intern there */
			else if (split < done)
				fatal("load_csv: split before %ju", done);
		}
		if (split > 0 && done == part_claim(&pt, done, &zero)) {
			part_join(&pt);
			t3 = NULL;
			if (pt.from3 != 0 && done == pt.from3) {
				/*
				 * Where the second thread took over: on from
				 * there, or, when it could not (no record
				 * starts there, a failure), read on to the
				 * middle.
				 */
				if (pt.failed || pt.failed3 ||
				    !csv_reader_at_record(r)) {
					table_free(pt.t3);
					pt.t3 = NULL;
					pt.limit = split = pt.from;
					continue;
				}
				t3 = part_take(&pt.t3, pt.r3, &invalid, &nuls);
			} else if (pt.failed || !csv_reader_at_record(r)) {
				/* No record starts at the middle: on. */
				part_end(&pt);
				split = 0;
				invalid = nuls = 0;
				continue;
			}
			t2 = part_take(&pt.t, pt.r, &invalid, &nuls);
			if (o->parts != NULL)
				*o->parts = t3 != NULL ? 3 : 2;
			done += __atomic_load_n(&pt.done, __ATOMIC_RELAXED);
			break;
		}
		if (o->progress != NULL && done - last >= (4 << 20)) {
			o->progress(o->progress_arg, done + __atomic_load_n(
			    &pt.done, __ATOMIC_RELAXED), size,
			    csv_reader_records(r) + __atomic_load_n(&pt.rows,
			    __ATOMIC_RELAXED));
			last = done;
		}
	}
	if (st == CSV_OK)
		st = csv_reader_finish(r, &why);
	if (st != CSV_OK) {
		/* The caller names the file: "x.csv: line 2: ...". */
		*cause = why;
		why = NULL;
		ls = LOAD_ERR_DATA;
		goto out;
	}
	if (hold != NULL) {
		/*
		 * The parts' rows, in file order, in the table whose
		 * dictionaries they share (no value looked up again).
		 */
		table_reserve(hold, (t3 != NULL ? table_rows(t3) : 0) +
		    (t2 != NULL ? table_rows(t2) : 0));
		if (table_append(hold, t, &why) != 0 || (t3 != NULL &&
		    table_append_part(hold, t3, &why) != 0) || (t2 != NULL &&
		    table_append_part(hold, t2, &why) != 0))
			goto toolarge;
		table_free(t);
		t = hold;
		hold = NULL;
	}
	table_finish(t);
	if (o->progress != NULL)
		o->progress(o->progress_arg, done, size, table_rows(t));
	memset(&job, 0, sizeof job);
	job.name = base;
	job.invalid = csv_reader_invalid(r) + invalid;
	job.nuls = csv_reader_nuls(r) + nuls;
	read_notes(o, t, &job, 1);
	*out = t;
	t = NULL;
	goto out;
toolarge:
	/* (Only past the table's limits: the parts are one file.) */
	*cause = why;
	why = NULL;
	ls = LOAD_ERR_DATA;
out:
	part_end(&pt);
	table_free(t3);
	table_free(t2);
	table_free(hold);
	free(why);
	csv_reader_free(r);
	table_free(t);
	secure_wipe(buf, READ_CHUNK);
	free(buf);
	return (ls);
}

/* Nonzero when path's name ends in ".zip", in any case. */
static int
ends_with_zip(const char *path)
{
	size_t	n = strlen(path);

	return (n >= 4 && strcasecmp(path + n - 4, ".zip") == 0);
}

/* A .csv or a .zip, by content. */
enum load_status
load_file(const char *path, const struct load_options *o, struct table **out,
    char **cause)
{
	struct archive		*ar = NULL;
	struct secret		*pw;
	struct stat		 sb;
	unsigned char		 magic[5];
	ssize_t			 k;
	size_t			*idx = NULL, n = 0;
	enum archive_status	 ast;
	enum load_status	 ls;
	int			 fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*cause = xasprintf(_("cannot open %s: %s"), path,
		    strerror(errno));
		return (LOAD_ERR_IO);
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf(_("%s is not a regular file"), path);
		close(fd);
		return (LOAD_ERR_IO);
	}
	do
		k = read(fd, magic, sizeof magic);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		*cause = xasprintf(_("cannot read %s: %s"), path,
		    strerror(errno));
		close(fd);
		return (LOAD_ERR_IO);
	}
	/*
	 * A zip by its magic; a file named .zip that is not one (the portal's
	 * HTML error page saved as .zip, a cut download) goes the same way so
	 * the archive reader says what it is (exit 5), never read as a CSV.
	 */
	if ((k >= 4 && magic[0] == 'P' && magic[1] == 'K' &&
	    ((magic[2] == 3 && magic[3] == 4) ||
	    (magic[2] == 5 && magic[3] == 6))) || ends_with_zip(path)) {
		close(fd);
		ast = archive_open(path, &o->limits, &ar, cause);
		if (ast != ARCHIVE_OK)
			return (from_archive(ast));
		pw = secret_new();
		ls = load_select(ar, o, pw, &idx, &n, cause);
		if (ls == LOAD_OK)
			ls = load_entries(ar, idx, n, o, pw, out, cause);
		free(idx);
		secret_free(pw);
		archive_free(ar);
		return (ls);
	}
	if (k >= 5 && memcmp(magic, "%PDF-", 5) == 0) {
		*cause = xasprintf(_("%s is a PDF document, not a CSV list"),
		    path);
		close(fd);
		return (LOAD_ERR_DATA);
	}
	if (o->entry != NULL) {
		*cause = xasprintf(_("--entry needs a zip archive; %s is not "
		    "one"), path);
		close(fd);
		return (LOAD_ERR_USAGE);
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		*cause = xasprintf(_("cannot read %s: %s"), path,
		    strerror(errno));
		close(fd);
		return (LOAD_ERR_IO);
	}
	ls = load_csv(fd, path, (uint64_t)sb.st_size, o, out, cause);
	close(fd);
	return (ls);
}
