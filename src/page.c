/*
 * page — reads an HTML page of the portal with libxml2's HTML parser
 * (HTML_PARSE_NONET, errors and warnings off, recover, a silent error sink
 * installed for the parse) and walks the tree once, collecting the forms
 * and their fields, the visible links, the visible text and the messages.
 * The charset comes from the Content-Type header, else a <meta>, else
 * UTF-8 when the bytes are valid UTF-8, else windows-1252; windows-1252 and
 * Latin-1 are transcoded here (text.c), others are left to libxml2.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "listelec/page.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define MAX_DEPTH	400	/* deeper elements are ignored */
#define MAX_ITEMS	4096	/* fields, labels, links, messages kept */

struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

struct page {
	char			 *title;
	char			 *text;
	char			 *base;		/* <base href>, else url */
	char			 *url;
	int			  based;	/* a <base> was seen */
	struct page_form	 *forms;
	size_t			  nforms;
	struct page_link	 *links;
	size_t			  nlinks;
	char			**messages;
	size_t			  nmessages;
	xmlNodePtr		 *labels;	/* during the walk only */
	size_t			  nlabels;
};

/* Append n bytes to b. */
static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* The buffer's string, "" when empty; the caller frees. */
static char *
buf_take(struct buf *b)
{
	char	*s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return (s);
}

/* Whitespace collapsed: runs to one space, kept newlines, trimmed. */
static char *
collapse(const char *s, int keep_newlines)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 pend = 0;	/* 0 none, 1 space, 2 newline */

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n' && keep_newlines) {
			pend = 2;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			if (pend == 0)
				pend = 1;
			continue;
		}
		/* U+00A0 no-break space counts as a space */
		if (c == 0xc2 && (unsigned char)s[1] == 0xa0) {
			if (pend == 0)
				pend = 1;
			s++;
			continue;
		}
		if (pend != 0 && b.len > 0)
			buf_add(&b, pend == 2 ? "\n" : " ", 1);
		pend = 0;
		buf_add(&b, s, 1);
	}
	return (buf_take(&b));
}

/* An attribute as an allocated string, or NULL; the caller frees. */
static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return (NULL);
	s = xstrdup((const char *)v);
	xmlFree(v);
	return (s);
}

/* An attribute, or "" when absent; the caller frees. */
static char *
attr0(xmlNodePtr n, const char *name)
{
	char	*s = attr(n, name);

	return (s != NULL ? s : xstrdup(""));
}

/* Nonzero when n is the element called name. */
static int
is(xmlNodePtr n, const char *name)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcmp((const char *)n->name, name) == 0);
}

/* Nonzero when the ASCII-lower-cased s, spaces removed, contains needle. */
static int
lowhas(const char *s, const char *needle, int nospace)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 r;

	for (; *s != '\0'; s++) {
		char c = (char)tolower((unsigned char)*s);

		if (nospace && isspace((unsigned char)c))
			continue;
		buf_add(&b, &c, 1);
	}
	r = b.s != NULL && strstr(b.s, needle) != NULL;
	free(b.s);
	return (r);
}

/* Nonzero when the element itself is hidden from the user. */
static int
hidden_elem(xmlNodePtr n)
{
	char	*v;
	int	 h = 0;

	if (xmlHasProp(n, (const xmlChar *)"hidden") != NULL)
		return (1);
	if ((v = attr(n, "aria-hidden")) != NULL) {
		h = lowhas(v, "true", 1);
		free(v);
		if (h)
			return (1);
	}
	if ((v = attr(n, "style")) != NULL) {
		h = lowhas(v, "display:none", 1) ||
		    lowhas(v, "visibility:hidden", 1);
		free(v);
	}
	return (h);
}

/* Nonzero for elements whose content is never shown. */
static int
skipped(xmlNodePtr n)
{
	static const char *const names[] = { "script", "style", "noscript",
	    "template", "head", "iframe", "object", "embed", "svg", NULL };
	size_t	i;

	for (i = 0; names[i] != NULL; i++)
		if (is(n, names[i]))
			return (1);
	return (0);
}

/* Nonzero for elements that start a new line of text. */
static int
block(xmlNodePtr n)
{
	static const char *const names[] = { "p", "div", "br", "li", "tr",
	    "h1", "h2", "h3", "h4", "h5", "h6", "form", "table", "ul", "ol",
	    "section", "article", "header", "footer", "nav", "main", "aside",
	    "fieldset", "legend", "dt", "dd", "dl", "option", "hr",
	    "blockquote", "pre", "address", "figure", "caption", "body",
	    "button", "label", NULL };
	size_t	i;

	if (n->type != XML_ELEMENT_NODE)
		return (0);
	for (i = 0; names[i] != NULL; i++)
		if (is(n, names[i]))
			return (1);
	return (0);
}

/* Raw visible text of n's subtree into b (lines when lines is set). */
static void
gather(xmlNodePtr n, struct buf *b, int lines, int depth)
{
	xmlNodePtr	c;

	if (depth > MAX_DEPTH)
		return;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			buf_add(b, (const char *)n->content,
			    strlen((const char *)n->content));
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (skipped(n) || hidden_elem(n) || is(n, "select") ||
	    is(n, "textarea"))
		return;
	if (lines && block(n))
		buf_add(b, "\n", 1);
	else if (block(n) || is(n, "td") || is(n, "th"))
		buf_add(b, " ", 1);
	for (c = n->children; c != NULL; c = c->next)
		gather(c, b, lines, depth + 1);
	if (lines && block(n))
		buf_add(b, "\n", 1);
	else if (is(n, "td") || is(n, "th"))
		buf_add(b, " ", 1);
}

/* Collapsed visible text of n; the caller frees. */
static char *
text_of(xmlNodePtr n)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*s;

	gather(n, &b, 0, 0);
	s = collapse(b.s != NULL ? b.s : "", 0);
	free(b.s);
	return (s);
}

/* ref resolved against the page's base; the caller frees. */
static char *
resolve(const struct page *p, const char *ref)
{
	xmlChar	*u;
	char	*s, *t;

	t = collapse(ref, 0);
	if (p->base == NULL)
		return (t);
	u = xmlBuildURI((const xmlChar *)t, (const xmlChar *)p->base);
	if (u == NULL)
		return (t);
	s = xstrdup((const char *)u);
	xmlFree(u);
	free(t);
	return (s);
}

/* The label text of field n: <label for=id>, else an enclosing label. */
static char *
label_of(struct page *p, xmlNodePtr n, const char *id)
{
	xmlNodePtr	 a;
	size_t		 i;
	char		*f;
	int		 hit;

	if (id != NULL && *id != '\0')
		for (i = 0; i < p->nlabels; i++) {
			f = attr(p->labels[i], "for");
			hit = f != NULL && strcmp(f, id) == 0;
			free(f);
			if (hit)
				return (text_of(p->labels[i]));
		}
	for (a = n->parent; a != NULL; a = a->parent)
		if (is(a, "label"))
			return (text_of(a));
	return (xstrdup(""));
}

/* Collect every <label for=…> of the document (before the walk). */
static void
find_labels(struct page *p, xmlNodePtr n, int depth)
{
	xmlNodePtr	c;

	if (depth > MAX_DEPTH)
		return;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "label") && p->nlabels < MAX_ITEMS &&
		    xmlHasProp(c, (const xmlChar *)"for") != NULL) {
			p->labels = xreallocarray(p->labels, p->nlabels + 1,
			    sizeof *p->labels);
			p->labels[p->nlabels++] = c;
		}
		if (is(c, "base") && !p->based) {
			char *h = attr(c, "href"), *b;

			if (h != NULL) {
				b = resolve(p, h);
				free(p->base);
				p->base = b;
				p->based = 1;
				free(h);
			}
		}
		find_labels(p, c->children, depth + 1);
	}
}

/* Map an input's type attribute to a kind; -1 when never submitted. */
static int
input_kind(const char *type)
{
	static const struct {
		const char	*name;
		int		 kind;
	} map[] = {
		{ "text", PAGE_FIELD_TEXT },
		{ "password", PAGE_FIELD_PASSWORD },
		{ "hidden", PAGE_FIELD_HIDDEN }, { "email", PAGE_FIELD_EMAIL },
		{ "checkbox", PAGE_FIELD_CHECKBOX },
		{ "radio", PAGE_FIELD_RADIO }, { "submit", PAGE_FIELD_SUBMIT },
		{ "image", PAGE_FIELD_SUBMIT }, { "reset", -1 },
		{ "button", -1 }
	};
	size_t	i;

	if (type == NULL || *type == '\0')
		return (PAGE_FIELD_TEXT);
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(type, map[i].name) == 0)
			return (map[i].kind);
	return (PAGE_FIELD_OTHER);
}

/* A new field in form f; its strings start empty. */
static struct page_field *
new_field(struct page_form *f, int kind, xmlNodePtr n, int decoy)
{
	struct page_field	*d;

	f->fields = xreallocarray(f->fields, f->nfields + 1,
	    sizeof *f->fields);
	d = &f->fields[f->nfields++];
	memset(d, 0, sizeof *d);
	d->kind = (enum page_field_kind)kind;
	d->name = attr0(n, "name");
	d->id = attr0(n, "id");
	d->hidden_decoy = decoy;
	return (d);
}

/* Options of a select (also inside optgroup) into d. */
static void
add_options(struct page_field *d, xmlNodePtr n, int depth)
{
	struct page_option	*o;
	xmlNodePtr		 c;
	char			*v;

	if (depth > 4)
		return;
	for (c = n->children; c != NULL && d->noptions < MAX_ITEMS;
	    c = c->next) {
		if (is(c, "optgroup")) {
			add_options(d, c, depth + 1);
			continue;
		}
		if (!is(c, "option"))
			continue;
		d->options = xreallocarray(d->options, d->noptions + 1,
		    sizeof *d->options);
		o = &d->options[d->noptions++];
		o->text = text_of(c);
		v = attr(c, "value");
		o->value = v != NULL ? v : xstrdup(o->text);
		o->selected = xmlHasProp(c,
		    (const xmlChar *)"selected") != NULL;
	}
}

/* A field element n of form f. */
static void
add_field(struct page *p, struct page_form *f, xmlNodePtr n, int decoy)
{
	struct page_field	*d;
	char			*type, *v;
	size_t			 i;
	int			 kind;

	if (f->nfields >= MAX_ITEMS)
		return;
	decoy = decoy || hidden_elem(n);
	if (is(n, "input")) {
		type = attr(n, "type");
		kind = input_kind(type);
		free(type);
		if (kind < 0)
			return;
		d = new_field(f, kind, n, decoy);
		v = attr(n, "value");
		if (kind == PAGE_FIELD_CHECKBOX || kind == PAGE_FIELD_RADIO)
			d->value = v != NULL ? v : xstrdup("on");
		else
			d->value = v != NULL ? v : xstrdup("");
		d->checked = xmlHasProp(n, (const xmlChar *)"checked") != NULL;
		if (kind == PAGE_FIELD_SUBMIT)
			d->label = collapse(d->value, 0);
		else if (kind == PAGE_FIELD_HIDDEN)
			d->label = xstrdup("");
		else
			d->label = label_of(p, n, d->id);
	} else if (is(n, "button")) {
		type = attr(n, "type");
		kind = type == NULL || strcasecmp(type, "submit") == 0;
		free(type);
		if (!kind)
			return;
		d = new_field(f, PAGE_FIELD_SUBMIT, n, decoy);
		d->value = attr0(n, "value");
		d->label = text_of(n);
	} else if (is(n, "select")) {
		d = new_field(f, PAGE_FIELD_SELECT, n, decoy);
		add_options(d, n, 0);
		d->label = label_of(p, n, d->id);
		for (i = 0; i < d->noptions; i++)
			if (d->options[i].selected)
				break;
		if (i == d->noptions && d->noptions > 0 &&
		    xmlHasProp(n, (const xmlChar *)"multiple") == NULL)
			i = 0;
		d->value = xstrdup(i < d->noptions ? d->options[i].value : "");
	} else {	/* textarea */
		xmlChar *c = xmlNodeGetContent(n);

		d = new_field(f, PAGE_FIELD_TEXTAREA, n, decoy);
		d->value = xstrdup(c != NULL ? (const char *)c : "");
		xmlFree(c);
		d->label = label_of(p, n, d->id);
	}
}

/* A new form from element n. */
static struct page_form *
add_form(struct page *p, xmlNodePtr n, int decoy)
{
	struct page_form	*f;
	char			*a, *m;

	p->forms = xreallocarray(p->forms, p->nforms + 1, sizeof *p->forms);
	f = &p->forms[p->nforms++];
	memset(f, 0, sizeof *f);
	a = attr(n, "action");
	if (a == NULL || *a == '\0')
		f->action = xstrdup(p->url != NULL ? p->url : "");
	else
		f->action = resolve(p, a);
	free(a);
	m = attr(n, "method");
	f->method = xstrdup(m != NULL && strcasecmp(m, "post") == 0 ?
	    "post" : "get");
	free(m);
	f->id = attr0(n, "id");
	f->hidden_decoy = decoy;
	return (f);
}

/* Nonzero when n looks like an error or notice message. */
static int
is_message(xmlNodePtr n)
{
	static const char *const words[] = { "error", "erreur", "alert",
	    "message", "notice", "avertissement", "confirmation", "succes",
	    "success", NULL };
	const char	*names[] = { "class", "id" };
	char		*v;
	size_t		 i, j;
	int		 hit = 0;

	if ((v = attr(n, "role")) != NULL) {
		hit = lowhas(v, "alert", 1);
		free(v);
		if (hit)
			return (1);
	}
	for (i = 0; i < 2 && !hit; i++) {
		if ((v = attr(n, names[i])) == NULL)
			continue;
		for (j = 0; words[j] != NULL && !hit; j++)
			hit = lowhas(v, words[j], 0);
		free(v);
	}
	return (hit);
}

/* Walk the siblings from n: forms, fields, links, messages. */
static void
walk(struct page *p, xmlNodePtr n, long form, int decoy, int inmsg,
    int depth)
{
	struct page_link	*l;
	xmlNodePtr		 c;
	char			*h, *t;
	long			 fm;
	int			 dc, im;

	if (depth > MAX_DEPTH)
		return;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || skipped(c))
			continue;
		fm = form;
		dc = decoy || hidden_elem(c);
		im = inmsg;
		if (is(c, "form") && form < 0 && p->nforms < MAX_ITEMS) {
			add_form(p, c, dc);
			fm = (long)p->nforms - 1;
		} else if (fm >= 0 && (is(c, "input") || is(c, "button") ||
		    is(c, "select") || is(c, "textarea")))
			add_field(p, &p->forms[fm], c, dc);
		if (is(c, "a") && !dc && p->nlinks < MAX_ITEMS &&
		    (h = attr(c, "href")) != NULL) {
			p->links = xreallocarray(p->links, p->nlinks + 1,
			    sizeof *p->links);
			l = &p->links[p->nlinks++];
			l->href = resolve(p, h);
			free(h);
			l->text = text_of(c);
			if (*l->text == '\0' &&
			    ((t = attr(c, "aria-label")) != NULL ||
			    (t = attr(c, "title")) != NULL)) {
				free(l->text);
				l->text = collapse(t, 0);
				free(t);
			}
		}
		if (!dc && !im && p->nmessages < MAX_ITEMS &&
		    is_message(c)) {
			t = text_of(c);
			if (*t != '\0') {
				p->messages = xreallocarray(p->messages,
				    p->nmessages + 1, sizeof *p->messages);
				p->messages[p->nmessages++] = t;
				im = 1;
			} else
				free(t);
		}
		if (is(c, "select") || is(c, "textarea"))
			continue;
		walk(p, c->children, fm, dc, im, depth + 1);
	}
}

/* The first <title>'s text under n, or NULL; the caller frees. */
static char *
find_title(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;
	xmlChar		*v;
	char		*s;

	if (depth > MAX_DEPTH)
		return (NULL);
	for (c = n; c != NULL; c = c->next) {
		if (is(c, "title")) {
			v = xmlNodeGetContent(c);
			s = collapse(v != NULL ? (const char *)v : "", 0);
			xmlFree(v);
			return (s);
		}
		if (c->type == XML_ELEMENT_NODE &&
		    (s = find_title(c->children, depth + 1)) != NULL)
			return (s);
	}
	return (NULL);
}

/* The charset value after "charset=" in s[0..len), or NULL; caller frees. */
static char *
charset_in(const char *s, size_t len)
{
	size_t	i, j;

	for (i = 0; i + 8 <= len; i++) {
		if (strncasecmp(s + i, "charset", 7) != 0)
			continue;
		j = i + 7;
		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j >= len || s[j] != '=')
			continue;
		j++;
		while (j < len && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
			j++;
		i = j;
		while (j < len && j - i < 40 && (isalnum((unsigned char)s[j]) ||
		    s[j] == '-' || s[j] == '_' || s[j] == '.' || s[j] == ':'))
			j++;
		if (j > i)
			return (xstrndup(s + i, j - i));
	}
	return (NULL);
}

/*
 * Nonzero when libxml2 (or iconv through it) knows the charset; the
 * handler found is closed again (an iconv one is allocated per call).
 */
static int
charset_known(const char *cs)
{
	xmlCharEncodingHandlerPtr	 h;

	if ((h = xmlFindCharEncodingHandler(cs)) == NULL)
		return (0);
	(void)xmlCharEncCloseFunc(h);
	return (1);
}

/* Nonzero when the charset is windows-1252 or one it extends. */
static int
is_1252(const char *cs)
{
	static const char *const names[] = { "windows-1252", "cp1252",
	    "iso-8859-1", "iso8859-1", "latin1", "iso_8859-1", "l1",
	    "us-ascii", "ascii", "x-cp1252", NULL };
	size_t	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(cs, names[i]) == 0)
			return (1);
	return (0);
}

/* Swallow libxml2's structured errors. */
static void
silent_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* Swallow libxml2's generic errors. */
static void
silent_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* Parse with libxml2, its error hooks silenced for the call. */
static htmlDocPtr
quiet_parse(const char *bytes, size_t len, const char *url,
    const char *enc)
{
	xmlStructuredErrorFunc	 oserr = xmlStructuredError;
	void			*osctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc	 ogerr = xmlGenericError;
	void			*ogctx = xmlGenericErrorContext;
	htmlDocPtr		 doc;

	xmlSetStructuredErrorFunc(NULL, silent_structured);
	xmlSetGenericErrorFunc(NULL, silent_generic);
	doc = htmlReadMemory(bytes, (int)len, url, enc, HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	xmlSetStructuredErrorFunc(osctx, oserr);
	xmlSetGenericErrorFunc(ogctx, ogerr);
	return (doc);
}

struct page *
page_parse(const char *bytes, size_t len, const char *url,
    const char *content_type, const char **cause)
{
	struct page	*p;
	struct buf	 b = { NULL, 0, 0 };
	htmlDocPtr	 doc;
	xmlNodePtr	 root;
	char		*cs, *conv = NULL;
	const char	*enc = "UTF-8";

	if (cause != NULL)
		*cause = NULL;
	if (bytes == NULL || len == 0) {
		if (cause != NULL)
			*cause = "empty page";
		return (NULL);
	}
	if (len > PAGE_MAX_BYTES) {
		if (cause != NULL)
			*cause = "page larger than 8 MiB";
		return (NULL);
	}
	cs = content_type != NULL ?
	    charset_in(content_type, strlen(content_type)) : NULL;
	if (cs == NULL)
		cs = charset_in(bytes, len < 4096 ? len : 4096);
	if (cs != NULL && !is_1252(cs) && (strcasecmp(cs, "utf-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0 ||
	    !charset_known(cs))) {
		free(cs);	/* UTF-8 or unknown: checked below */
		cs = NULL;
	}
	if (cs == NULL && !text_utf8_valid(bytes, len))
		cs = xstrdup("windows-1252");
	if (cs != NULL && is_1252(cs)) {
		conv = xmalloc(3 * len + 1);
		len = text_cp1252_to_utf8(conv, (const unsigned char *)bytes,
		    len);
		bytes = conv;
	} else if (cs != NULL && strcasecmp(cs, "utf-8") != 0 &&
	    strcasecmp(cs, "utf8") != 0 &&
	    charset_known(cs))
		enc = cs;
	doc = quiet_parse(bytes, len, url, enc);
	free(conv);
	free(cs);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		if (cause != NULL)
			*cause = "unreadable page";
		return (NULL);
	}
	p = xcalloc(1, sizeof *p);
	p->base = url != NULL ? xstrdup(url) : NULL;
	p->url = url != NULL ? xstrdup(url) : NULL;
	find_labels(p, root, 0);
	walk(p, root, -1, 0, 0, 0);
	p->title = find_title(root, 0);
	if (p->title == NULL)
		p->title = xstrdup("");
	gather(root, &b, 1, 0);
	p->text = collapse(b.s != NULL ? b.s : "", 1);
	free(b.s);
	free(p->labels);
	p->labels = NULL;
	xmlFreeDoc(doc);
	return (p);
}

void
page_free(struct page *p)
{
	struct page_form	*f;
	struct page_field	*d;
	size_t			 i, j, k;

	if (p == NULL)
		return;
	for (i = 0; i < p->nforms; i++) {
		f = &p->forms[i];
		for (j = 0; j < f->nfields; j++) {
			d = &f->fields[j];
			for (k = 0; k < d->noptions; k++) {
				free(d->options[k].value);
				free(d->options[k].text);
			}
			free(d->options);
			free(d->name);
			free(d->value);
			free(d->label);
			free(d->id);
		}
		free(f->fields);
		free(f->action);
		free(f->method);
		free(f->id);
	}
	free(p->forms);
	for (i = 0; i < p->nlinks; i++) {
		free(p->links[i].href);
		free(p->links[i].text);
	}
	free(p->links);
	for (i = 0; i < p->nmessages; i++)
		free(p->messages[i]);
	free(p->messages);
	free(p->labels);
	free(p->title);
	free(p->text);
	free(p->base);
	free(p->url);
	free(p);
}

size_t
page_nforms(const struct page *p)
{
	return (p != NULL ? p->nforms : 0);
}

const struct page_form *
page_form(const struct page *p, size_t i)
{
	return (p != NULL && i < p->nforms ? &p->forms[i] : NULL);
}

const struct page_form *
page_login_form(const struct page *p)
{
	size_t	i, j;

	for (i = 0; i < page_nforms(p); i++)
		for (j = 0; j < p->forms[i].nfields; j++)
			if (p->forms[i].fields[j].kind ==
			    PAGE_FIELD_PASSWORD)
				return (&p->forms[i]);
	return (NULL);
}

size_t
page_nlinks(const struct page *p)
{
	return (p != NULL ? p->nlinks : 0);
}

const struct page_link *
page_link(const struct page *p, size_t i)
{
	return (p != NULL && i < p->nlinks ? &p->links[i] : NULL);
}

const char *
page_text(const struct page *p)
{
	return (p != NULL ? p->text : "");
}

const char *
page_title(const struct page *p)
{
	return (p != NULL ? p->title : "");
}

size_t
page_nmessages(const struct page *p)
{
	return (p != NULL ? p->nmessages : 0);
}

const char *
page_message(const struct page *p, size_t i)
{
	return (p != NULL && i < p->nmessages ? p->messages[i] : NULL);
}

/* Folded words of s separated by single spaces, framed by spaces. */
static char *
words(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*f = text_fold_dup(s);
	const char	*q;
	int		 sp = 1;

	buf_add(&b, " ", 1);
	for (q = f; *q != '\0'; q++) {
		unsigned char c = (unsigned char)*q;

		if (isalnum(c) || c >= 0x80) {
			buf_add(&b, q, 1);
			sp = 0;
		} else if (c == '\'')
			continue;	/* l'extraction → lextraction */
		else if (!sp) {
			buf_add(&b, " ", 1);
			sp = 1;
		}
	}
	if (!sp)
		buf_add(&b, " ", 1);
	free(f);
	return (buf_take(&b));
}

int
page_match_text(const char *haystack, const char *needle)
{
	char	*h, *n;
	int	 r;

	if (haystack == NULL || needle == NULL)
		return (0);
	h = words(haystack);
	n = words(needle);
	r = strcmp(n, " ") != 0 && strstr(h, n) != NULL;
	free(h);
	free(n);
	return (r);
}
