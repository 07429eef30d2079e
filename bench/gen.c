/*
 * listelec-gen — the synthetic data generator: the CSV list of fictitious
 * electors on stdout, or the whole delivery archive the simulator serves.
 *
 *	listelec-gen csv --electors N [--seed S] [--hq]
 *	listelec-gen zip --electors N [--seed S] [--encryption zipcrypto|aes256]
 *	    --password-fd N -o OUT.zip
 *
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
#include "listelec/secure.h"
#include "listelec/xmalloc.h"

static int	 usage(FILE *, int);
static int	 parse_size(const char *, uint64_t, uint64_t, uint64_t *);
static int	 write_csv(uint64_t, size_t, int);
static double	 now(void);
static int	 write_zip(uint64_t, size_t, int, int, const char *);

/* The help; returns status. */
static int
usage(FILE *f, int status)
{
	fputs("Usage: listelec-gen csv --electors N [--seed S] [--hq]\n"
	    "       listelec-gen zip --electors N [--seed S]"
	    " [--encryption zipcrypto|aes256]\n"
	    "                    --password-fd N -o OUT.zip\n"
	    "Fictitious electors (never real ones), deterministic from the"
	    " seed.\n"
	    "  --electors N     number of electors (10 to 6500000)\n"
	    "  --seed S         seed (default 1)\n"
	    "  --hq             csv: the electors living outside Quebec\n"
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
write_csv(uint64_t seed, size_t electors, int hq)
{
	struct gen			*g;
	const struct gen_elector	*e;
	size_t				 cap = 1 << 20, n = 0;
	char				*buf = xmalloc(cap + GEN_ROW_MAX);

	g = hq ? gen_new_hq(seed, electors) : gen_new(seed, electors);
	n = hq ? gen_hq_csv_header(buf) : gen_csv_header(buf);
	while ((e = gen_next(g)) != NULL) {
		n += hq ? gen_hq_csv_row(e, buf + n) : gen_csv_row(e, buf + n);
		if (n >= cap) {
			if (fwrite(buf, 1, n, stdout) != n)
				break;
			n = 0;
		}
	}
	if (n > 0)
		fwrite(buf, 1, n, stdout);
	gen_free(g);
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "listelec-gen: write error: %s\n",
		    strerror(errno));
		return (1);
	}
	return (0);
}

/* The delivery archive (the first list) to out, password from fd. */
static int
write_zip(uint64_t seed, size_t electors, int aes, int pwfd, const char *out)
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
	d.seed = seed;
	d.electors = electors;
	d.aes = aes;
	d.password = secret_str(pw);
	d.list = 0;
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
		{ "time", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t	 electors = 0, seed = 1;
	const char	*mode, *out = NULL;
	int		 c, hq = 0, timing = 0, aes = 0, pwfd = -1, status;
	double		 t0;

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
			hq = 1;
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
	mode = argv[optind];
	t0 = now();
	if (strcmp(mode, "csv") == 0)
		status = write_csv(seed, (size_t)electors, hq);
	else if (strcmp(mode, "zip") == 0)
		status = write_zip(seed, (size_t)electors, aes, pwfd, out);
	else
		return (usage(stderr, 2));
	if (timing)
		fprintf(stderr, "listelec-gen: %s of %" PRIu64 " electors in "
		    "%.3f s\n", mode, electors, now() - t0);
	return (status);
}
