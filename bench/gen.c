/*
 * listelec-gen — the synthetic data generator: the CSV list of fictitious
 * electors on stdout, or the whole delivery archive the simulator serves.
 *
 *	listelec-gen csv --electors N [--seed S] [--hq] [--list K] [--marks]
 *	    [--changes-only] [--facts FILE]
 *	listelec-gen zip --electors N [--seed S] [--encryption zipcrypto|aes256]
 *	    [--list K] [--marks] [--changes-only] [--facts FILE]
 *	    --password-fd N -o OUT.zip
 *
 * --list K: the riding's list K (0 au décret, 1 après la révision
 * spéciale, 2 au jour -11), each the one before after a revision (see
 * revise.h); --marks adds the Modification column, --changes-only gives
 * only the changed electors (lists 1 and 2); --facts FILE writes the truth
 * of every change from list K-1 to list K (0600, never over a file).
 * With --time, the elapsed time goes to stderr (for the benchmarks).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listelec/delivery.h"
#include "listelec/gen.h"
#include "listelec/revise.h"
#include "listelec/secure.h"
#include "listelec/xmalloc.h"

static int	 usage(FILE *, int);
static int	 parse_size(const char *, uint64_t, uint64_t, uint64_t *);
struct opts {
	uint64_t	 seed;
	size_t		 electors;
	int		 hq, list, marks, changes_only;
	const char	*facts;
};

static int	 write_csv(const struct opts *);
static double	 now(void);
static int	 write_zip(const struct opts *, int, int, const char *);
static int	 write_facts(const struct opts *);

/* The help; returns status. */
static int
usage(FILE *f, int status)
{
	fputs("Usage: listelec-gen csv --electors N [--seed S] [--hq]"
	    " [--list K] [--marks]\n"
	    "                    [--changes-only] [--facts FILE]\n"
	    "       listelec-gen zip --electors N [--seed S]"
	    " [--encryption zipcrypto|aes256]\n"
	    "                    [--list K] [--marks] [--changes-only]"
	    " [--facts FILE]\n"
	    "                    --password-fd N -o OUT.zip\n"
	    "Fictitious electors (never real ones), deterministic from the"
	    " seed.\n"
	    "  --electors N     number of electors of the first list"
	    " (10 to 6500000)\n"
	    "  --seed S         seed (default 1)\n"
	    "  --hq             csv: the electors living outside Quebec\n"
	    "  --list K         the riding's list K: 0 au decret (default),"
	    " 1 after the\n"
	    "                   special revision, 2 at day -11; each is the"
	    " one before\n"
	    "                   after a revision\n"
	    "  --marks          lists 1 and 2: a last column Modification"
	    " (Ajout,\n"
	    "                   Demenagement, Correction or empty)\n"
	    "  --changes-only   lists 1 and 2: only the changed electors,"
	    " with\n"
	    "                   Modification (Radiation: the old data)\n"
	    "  --facts FILE     lists 1 and 2: write every change from list"
	    " K-1 (CSV,\n"
	    "                   0600, FILE must not exist)\n"
	    "  --time           print the elapsed time on stderr\n", f);
	return (status);
}

/* A number in [lo, hi]; 0 or -1. */
static int
parse_size(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return (-1);
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return (-1);
	*out = v;
	return (0);
}

/* Seconds, monotonic. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* The CSV on stdout, buffered in large blocks. */
static int
write_csv(const struct opts *o)
{
	struct gen			*g = NULL;
	struct revise			*r = NULL;
	const struct gen_elector	*e;
	const struct revise_row		*w;
	size_t				 cap = 1 << 20, n = 0;
	char				*buf = xmalloc(cap + GEN_ROW_MAX);
	int				 marks = o->marks || o->changes_only;

	if (o->hq) {
		/* The same electors outside Québec on every list. */
		g = gen_new_hq(o->seed, o->electors);
		n = gen_hq_csv_header(buf);
	} else {
		r = revise_new(o->seed, o->electors, o->list,
		    o->changes_only ? REVISE_CHANGES_ONLY : 0);
		n = revise_csv_header(buf, marks);
	}
	for (;;) {
		if (g != NULL) {
			if ((e = gen_next(g)) == NULL)
				break;
			n += gen_hq_csv_row(e, buf + n);
		} else {
			if ((w = revise_next(r)) == NULL)
				break;
			n += revise_csv_row(w, marks, buf + n);
		}
		if (n >= cap) {
			if (fwrite(buf, 1, n, stdout) != n)
				break;
			n = 0;
		}
	}
	if (n > 0)
		fwrite(buf, 1, n, stdout);
	gen_free(g);
	revise_free(r);
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "listelec-gen: write error: %s\n",
		    strerror(errno));
		return (1);
	}
	return (0);
}

/* The facts of list K to a new file, 0600. */
static int
write_facts(const struct opts *o)
{
	FILE	*f;
	long	 n;
	int	 fd;

	fd = open(o->facts, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "listelec-gen: %s: %s\n", o->facts,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return (1);
	}
	n = revise_facts(o->seed, o->electors, o->list, f);
	if (fclose(f) != 0 || n < 0) {
		fprintf(stderr, "listelec-gen: %s: write error\n", o->facts);
		return (1);
	}
	fprintf(stderr, "listelec-gen: %ld facts in %s\n", n, o->facts);
	return (0);
}

/* The delivery archive of list K to out, password from fd. */
static int
write_zip(const struct opts *o, int aes, int pwfd, const char *out)
{
	struct delivery	 d;
	struct secret	*pw;
	char		*cause = NULL;
	off_t		 size;
	int		 fd, r;

	if (out == NULL || pwfd < 0) {
		fprintf(stderr, "listelec-gen: zip needs -o OUT.zip and "
		    "--password-fd N\n");
		return (2);
	}
	pw = secret_new();
	if (secure_read_fd(pwfd, pw, &cause) != 0) {
		fprintf(stderr, "listelec-gen: %s\n", cause);
		free(cause);
		secret_free(pw);
		return (1);
	}
	fd = open(out, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "listelec-gen: %s: %s\n", out,
		    strerror(errno));
		secret_free(pw);
		return (1);
	}
	memset(&d, 0, sizeof d);
	d.seed = o->seed;
	d.electors = o->electors;
	d.aes = aes;
	d.password = secret_str(pw);
	d.list = o->list;
	d.marks = o->marks;
	d.changes_only = o->changes_only;
	r = delivery_write(fd, &d, &size, &cause);
	secret_free(pw);
	if (r != 0 || close(fd) != 0) {
		fprintf(stderr, "listelec-gen: %s: %s\n", out,
		    cause != NULL ? cause : strerror(errno));
		free(cause);
		return (1);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "electors", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "encryption", required_argument, NULL, 'e' },
		{ "password-fd", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "hq", no_argument, NULL, 'q' },
		{ "list", required_argument, NULL, 'l' },
		{ "marks", no_argument, NULL, 'm' },
		{ "changes-only", no_argument, NULL, 'c' },
		{ "facts", required_argument, NULL, 'f' },
		{ "time", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t	 electors = 0, seed = 1, list = 0;
	const char	*mode, *out = NULL;
	int		 c, timing = 0, aes = 0, pwfd = -1, status;
	double		 t0;
	struct opts	 o;

	memset(&o, 0, sizeof o);
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_size(optarg, 10, 6500000, &electors) != 0) {
				fprintf(stderr, "listelec-gen: --electors: "
				    "a number from 10 to 6500000\n");
				return (2);
			}
			break;
		case 's':
			if (parse_size(optarg, 0, UINT64_MAX, &seed) != 0) {
				fprintf(stderr, "listelec-gen: bad --seed\n");
				return (2);
			}
			break;
		case 'e':
			if (strcmp(optarg, "aes256") == 0)
				aes = 1;
			else if (strcmp(optarg, "zipcrypto") == 0)
				aes = 0;
			else {
				fprintf(stderr, "listelec-gen: --encryption: "
				    "zipcrypto or aes256\n");
				return (2);
			}
			break;
		case 'p':
			if (secure_parse_fd(optarg, &pwfd) != 0) {
				fprintf(stderr, "listelec-gen: bad "
				    "--password-fd\n");
				return (2);
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'q':
			o.hq = 1;
			break;
		case 'l':
			if (parse_size(optarg, 0, 2, &list) != 0) {
				fprintf(stderr, "listelec-gen: --list: 0, 1 "
				    "or 2\n");
				return (2);
			}
			o.list = (int)list;
			break;
		case 'm':
			o.marks = 1;
			break;
		case 'c':
			o.changes_only = 1;
			break;
		case 'f':
			o.facts = optarg;
			break;
		case 't':
			timing = 1;
			break;
		case 'h':
			return (usage(stdout, 0));
		case 'V':
			puts("listelec-gen " PACKAGE_VERSION);
			return (0);
		default:
			return (usage(stderr, 2));
		}
	}
	if (optind + 1 != argc || electors == 0)
		return (usage(stderr, 2));
	if (o.list == 0 && (o.marks || o.changes_only || o.facts != NULL)) {
		fprintf(stderr, "listelec-gen: --marks, --changes-only and "
		    "--facts need --list 1 or 2\n");
		return (2);
	}
	o.seed = seed;
	o.electors = (size_t)electors;
	mode = argv[optind];
	t0 = now();
	if (strcmp(mode, "csv") != 0 && strcmp(mode, "zip") != 0)
		return (usage(stderr, 2));
	if (o.facts != NULL && (status = write_facts(&o)) != 0)
		return (status);
	if (strcmp(mode, "csv") == 0)
		status = write_csv(&o);
	else
		status = write_zip(&o, aes, pwfd, out);
	if (timing)
		fprintf(stderr, "listelec-gen: %s of %" PRIu64 " electors in "
		    "%.3f s\n", mode, electors, now() - t0);
	return (status);
}
