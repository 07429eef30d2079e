/*
 * test_http — the transport's rules that need no network (http.c): which
 * addresses a session may be opened on, which URLs are on its site, how
 * references resolve, the form encoding a server decodes, and the refusals
 * made before any connection (off the site, a port nothing listens on).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "listelec/http.h"

#define PORTAL	"https://www.pes.electionsquebec.qc.ca/services/PES/"

/* A session that must be accepted (no cause left). */
static struct http *
open_ok(const char *url)
{
	struct http	*h;
	char		*cause = NULL;

	h = http_new(url, NULL, &cause);
	if (h == NULL)
		fail_msg("%s refused: %s", url, cause != NULL ? cause : "?");
	assert_null(cause);
	return (h);
}

/* An address that must be refused; returns the cause (caller frees). */
static char *
open_refused(const char *url)
{
	struct http	*h;
	char		*cause = NULL;

	h = http_new(url, NULL, &cause);
	if (h != NULL)
		fail_msg("%s accepted", url != NULL ? url : "(null)");
	assert_non_null(cause);
	assert_true(*cause != '\0');
	return (cause);
}

static void
test_new_https(void **state)
{
	static const char *const ok[] = {
		PORTAL,
		"https://www.pes.electionsquebec.qc.ca",
		"https://portail.test:8443/pes/login.do?strLangue=fr",
		"HTTPS://Portail.Test/",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		http_free(open_ok(ok[i]));
	http_free(NULL);
}

static void
test_new_loopback(void **state)
{
	static const char *const ok[] = {
		"http://localhost/",
		"http://LocalHost:8080/services/PES/",
		"http://127.0.0.1:1/",
		"http://127.0.0.1/",
		"http://127.45.6.7:9000/x",
		"http://127.255.255.254/",
		"http://[::1]/",
		"http://[::1]:8080/services/PES/",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		http_free(open_ok(ok[i]));
}

/* Plain http off this computer: refused, saying why, before any
   connection (the addresses below would hang or fail otherwise). */
static void
test_new_plain_refused(void **state)
{
	static const char *const bad[] = {
		"http://www.pes.electionsquebec.qc.ca/services/PES/",
		"http://192.0.2.1/",
		"http://10.0.0.1:8080/",
		"http://192.168.1.10/",
		"http://128.0.0.1/",
		"http://126.255.255.255/",
		"http://0.0.0.0/",
		"http://localhost.example.com/",
		"http://127.0.0.1.nip.io/",
		"http://evil.example/127.0.0.1/",
		"http://127.0.0.1@evil.example/",
		"http://[::2]/",
		"http://[2001:db8::1]:8080/",
		"http://listelec-test.invalid/",
	};
	time_t	 t0 = time(NULL);
	size_t	 i;
	char	*cause;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = open_refused(bad[i]);
		/* The user learns the rule and which address broke it. */
		if (strstr(cause, "https") == NULL ||
		    strstr(cause, bad[i]) == NULL)
			fail_msg("unclear cause for %s: %s", bad[i], cause);
		free(cause);
	}
	/* No DNS look-up, no connect timeout. */
	assert_true(time(NULL) - t0 < 3);
}

static void
test_new_other_schemes(void **state)
{
	static const char *const bad[] = {
		"ftp://localhost/liste.zip",
		"ftp://www.pes.electionsquebec.qc.ca/",
		"file:///etc/passwd",
		"gopher://127.0.0.1/",
		"ws://localhost/",
		"ldap://127.0.0.1/",
	};
	size_t	 i;
	char	*cause;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = open_refused(bad[i]);
		free(cause);
	}
}

static void
test_new_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"not a url",
		"www.pes.electionsquebec.qc.ca",
		"/services/PES/",
		"https://",
		"://portail.test/",
		"https://exa mple.org/",
		"https://[::1/",
		"http://[",
	};
	size_t	 i;
	char	*cause;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = open_refused(bad[i]);
		free(cause);
	}
	cause = open_refused(NULL);
	free(cause);
}

static void
test_same_site_https(void **state)
{
	struct http	*h;
	static const char *const yes[] = {
		PORTAL,
		"https://www.pes.electionsquebec.qc.ca/",
		"https://www.pes.electionsquebec.qc.ca:443/autre?x=1",
		"https://WWW.PES.ElectionsQuebec.qc.ca/Services/",
		"https://www.pes.electionsquebec.qc.ca/a#frag",
	};
	static const char *const no[] = {
		"https://www.pes.electionsquebec.qc.ca:8443/",
		"https://pes.electionsquebec.qc.ca/",
		"https://www.electionsquebec.qc.ca/",
		"https://www.pes.electionsquebec.qc.ca.evil.example/",
		"https://www.pes.electionsquebec.qc.ca@evil.example/",
		"https://evil.example/www.pes.electionsquebec.qc.ca/",
		/* https to http: a downgrade, never */
		"http://www.pes.electionsquebec.qc.ca/",
		"http://www.pes.electionsquebec.qc.ca:443/",
		"ftp://www.pes.electionsquebec.qc.ca/",
		/* not a full URL */
		"/services/PES/",
		"",
		"https://",
		NULL,
	};
	size_t	i;

	(void)state;
	h = open_ok(PORTAL);
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!http_same_site(h, yes[i]))
			fail_msg("%s should be on the site", yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (http_same_site(h, no[i]))
			fail_msg("%s should be off the site", no[i]);
	http_free(h);
}

static void
test_same_site_loopback(void **state)
{
	struct http	*h;
	static const char *const yes[] = {
		"http://127.0.0.1:8080/",
		"http://127.0.0.1:8080/services/PES/connexion?x=1",
		/* the https form of the same host: an upgrade */
		"https://127.0.0.1/",
		"https://127.0.0.1:8443/services/",
	};
	static const char *const no[] = {
		"http://127.0.0.1/",
		"http://127.0.0.1:8081/",
		"http://127.0.0.2:8080/",
		"http://localhost:8080/",
		"https://localhost:8080/",
		"http://10.0.0.1:8080/",
	};
	size_t	i;

	(void)state;
	h = open_ok("http://127.0.0.1:8080/services/PES/");
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!http_same_site(h, yes[i]))
			fail_msg("%s should be on the site", yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (http_same_site(h, no[i]))
			fail_msg("%s should be off the site", no[i]);
	http_free(h);
}

/* http_resolve(base, ref) must be want (NULL: refused). */
static void
resolves(const char *base, const char *ref, const char *want)
{
	char	*got = http_resolve(base, ref);

	if (want == NULL && got != NULL)
		fail_msg("%s + %s: %s, expected a refusal", base, ref, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s + %s: %s, expected %s", base, ref,
		    got != NULL ? got : "(null)", want);
	free(got);
}

static void
test_resolve(void **state)
{
	const char	*base = "https://portail.test/services/PES/"
			    "connexion.aspx?strLangue=fr#haut";

	(void)state;
	/* relative */
	resolves(base, "listes.aspx",
	    "https://portail.test/services/PES/listes.aspx");
	resolves(base, "./listes.aspx",
	    "https://portail.test/services/PES/listes.aspx");
	resolves(base, "sous/page.aspx?id=4",
	    "https://portail.test/services/PES/sous/page.aspx?id=4");
	/* absolute path */
	resolves(base, "/services/PES.Commun/css/pes.css",
	    "https://portail.test/services/PES.Commun/css/pes.css");
	/* full URL, whatever the base */
	resolves(base, "https://autre.test/x?y=1", "https://autre.test/x?y=1");
	resolves(NULL, "https://autre.test/x", "https://autre.test/x");
	/* scheme-relative */
	resolves(base, "//cdn.test/a.js", "https://cdn.test/a.js");
	/* dot segments, never above the root */
	resolves(base, "../PES.Commun/aide.aspx",
	    "https://portail.test/services/PES.Commun/aide.aspx");
	resolves(base, "../../index.html", "https://portail.test/index.html");
	resolves(base, "../../../../../x", "https://portail.test/x");
	resolves(base, "a/../b/./c", "https://portail.test/services/PES/b/c");
	/* query strings: the base's is replaced */
	resolves(base, "?strLangue=en",
	    "https://portail.test/services/PES/connexion.aspx?strLangue=en");
	resolves(base, "telecharger.aspx?id=a1b2&fmt=zip",
	    "https://portail.test/services/PES/telecharger.aspx?id=a1b2&"
	    "fmt=zip");
	/* fragments: the document stays the base's (RFC 3986 5.4.1) */
	resolves(base, "#contenu",
	    "https://portail.test/services/PES/connexion.aspx?strLangue=fr"
	    "#contenu");
	resolves(base, "listes.aspx#l2",
	    "https://portail.test/services/PES/listes.aspx#l2");
	/* an empty reference is the base's document */
	resolves(base, "",
	    "https://portail.test/services/PES/connexion.aspx?strLangue=fr");
	/* a redirect from a loopback portal */
	resolves("http://127.0.0.1:8080/services/PES/connexion",
	    "/services/PES/extranet",
	    "http://127.0.0.1:8080/services/PES/extranet");
	/* malformed, or relative with nothing to resolve against */
	resolves(base, "http://[", NULL);
	resolves(base, "https://exa mple.org/", NULL);
	resolves(NULL, "listes.aspx", NULL);
	resolves("pas une adresse", "listes.aspx", NULL);
}

/* The value of %XX, or -1. */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Decode one form-encoded component as a server does (+ is a space). */
static char *
unform(const char *s, size_t n)
{
	char	*out = malloc(n + 1), *o = out;
	size_t	 i;
	int	 hi, lo;

	assert_non_null(out);
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] == '%') {
			assert_true(i + 2 < n);
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			assert_true(hi >= 0 && lo >= 0);
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	return (out);
}

/* The body must decode, pair by pair, to names[i]=values[i]. */
static void
decodes(const char *body, const char *const *names,
    const char *const *values, size_t n)
{
	const char	*p = body, *amp, *eq;
	char		*k, *v;
	size_t		 i;

	for (i = 0; i < n; i++) {
		assert_non_null(p);
		amp = strchr(p, '&');
		if (amp == NULL)
			amp = p + strlen(p);
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL)
			fail_msg("pair %zu of %s has no =", i, body);
		k = unform(p, (size_t)(eq - p));
		v = unform(eq + 1, (size_t)(amp - eq - 1));
		assert_string_equal(k, names[i]);
		assert_string_equal(v, values[i]);
		free(k);
		free(v);
		p = *amp == '&' ? amp + 1 : NULL;
	}
	if (p != NULL)
		fail_msg("%s has more than %zu pairs", body, n);
}

static void
test_form(void **state)
{
	static const char *const names[] = {
		"strCodeUtilisateur", "strMotDePasse", "bConserver",
		"intQuestion", "strReponse", "champ vide", "a=b&c",
	};
	static const char *const values[] = {
		"jean tremblay", "x&y=z+1 %41", "1",
		"3", "Crème brûlée à l'érable", "", "é",
	};
	const char	*p;
	char		*body = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		http_form_add(&body, names[i], values[i]);
	assert_non_null(body);
	decodes(body, names, values, sizeof names / sizeof names[0]);
	/* Only what the encoding allows: no raw space, no byte >= 0x80,
	   and a literal + would read as a space. */
	for (p = body; *p != '\0'; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && strchr("-._~%&=+*", *p) ==
		    NULL)
			fail_msg("raw byte 0x%02x in %s", (unsigned char)*p,
			    body);
	/* Accents are sent as UTF-8. */
	assert_non_null(strstr(body, "%C3%A8"));	/* è */
	assert_non_null(strstr(body, "=%C3%A9"));	/* é, last value */
	/* The first pair has no leading "&", none ends the body. */
	assert_true(strncmp(body, "strCodeUtilisateur=", 19) == 0);
	assert_true(body[strlen(body) - 1] != '&');
	http_form_free(body);
	http_form_free(NULL);

	body = NULL;
	http_form_add(&body, "solo", "un deux");
	decodes(body, (const char *const []){ "solo" },
	    (const char *const []){ "un deux" }, 1);
	http_form_free(body);
}

/* Off the site: refused before any request (no network needed). */
static void
test_offsite_refused(void **state)
{
	struct http_response	 r;
	struct http		*h;
	enum http_status	 st;
	char			*cause = NULL;

	(void)state;
	memset(&r, 0, sizeof r);
	h = open_ok("http://127.0.0.1:1/services/PES/");
	st = http_get(h, "https://www.pes.electionsquebec.qc.ca/", &r, &cause);
	assert_int_equal(st, HTTP_ERR_OFFSITE);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	http_response_clear(&r);
	/* credentials never leave the site */
	st = http_post(h, "http://evil.example/voler", "strMotDePasse=x", &r,
	    &cause);
	assert_int_equal(st, HTTP_ERR_OFFSITE);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "evil.example"));
	free(cause);
	cause = NULL;
	http_response_clear(&r);
	/* a malformed address */
	st = http_get(h, "http://[", &r, &cause);
	assert_int_equal(st, HTTP_ERR_URL);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	http_response_clear(&r);
	http_free(h);

	/* From https, the http form of the same host is off the site. */
	h = open_ok(PORTAL);
	st = http_get(h, "http://www.pes.electionsquebec.qc.ca/services/PES/",
	    &r, &cause);
	assert_int_equal(st, HTTP_ERR_OFFSITE);
	free(cause);
	cause = NULL;
	http_response_clear(&r);
	st = http_post(h, "http://www.pes.electionsquebec.qc.ca/x", "a=b", &r,
	    &cause);
	assert_int_equal(st, HTTP_ERR_OFFSITE);
	free(cause);
	http_response_clear(&r);
	http_free(h);
}

/* A loopback port nothing listens on: a connect failure, quickly, even
   with retries. */
static void
test_connect_refused(void **state)
{
	struct http_options	 o;
	struct http_response	 r;
	struct http		*h;
	enum http_status	 st;
	char			*cause = NULL;
	time_t			 t0 = time(NULL);

	(void)state;
	memset(&o, 0, sizeof o);
	o.connect_timeout = 5;
	h = http_new("http://127.0.0.1:1/", &o, &cause);
	assert_non_null(h);
	memset(&r, 0, sizeof r);
	st = http_get(h, "/services/PES/", &r, &cause);
	assert_int_equal(st, HTTP_ERR_CONNECT);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "127.0.0.1"));
	assert_int_equal(r.code, 0);
	free(cause);
	cause = NULL;
	http_response_clear(&r);
	http_free(h);

	o.retries = 2;
	o.backoff_ms = 10;
	h = http_new("http://127.0.0.1:1/", &o, &cause);
	assert_non_null(h);
	st = http_get(h, "http://127.0.0.1:1/x", &r, &cause);
	assert_int_equal(st, HTTP_ERR_CONNECT);
	assert_non_null(cause);
	free(cause);
	http_response_clear(&r);
	http_free(h);
	assert_true(time(NULL) - t0 < 5);
}

int
main(void)
{
	static const char *const proxies[] = {
		"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
		"all_proxy", "ALL_PROXY",
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_https),
		cmocka_unit_test(test_new_loopback),
		cmocka_unit_test(test_new_plain_refused),
		cmocka_unit_test(test_new_other_schemes),
		cmocka_unit_test(test_new_garbage),
		cmocka_unit_test(test_same_site_https),
		cmocka_unit_test(test_same_site_loopback),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_offsite_refused),
		cmocka_unit_test(test_connect_refused),
	};
	size_t	i;

	/* A proxy would answer for 127.0.0.1:1. */
	for (i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		unsetenv(proxies[i]);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
