/*
 * portal — the walk through the portal.  Each step fetches or submits,
 * parses the answer (page.c) and names it by its contents (classify); the
 * labels looked for are all in labels[] below, so a changed portal is one
 * edit there.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listelec/audit.h"
#include "listelec/download.h"
#include "listelec/i18n.h"
#include "listelec/page.h"
#include "listelec/portal.h"
#include "listelec/secure.h"
#include "listelec/xmalloc.h"

#define PORTAL_MAX_ITEMS	64
#define DOWNLOAD_RESUMES	5

/* What a label is for. */
enum label_id {
	L_CHALLENGE,	/* text of a bot-protection page */
	L_LISTS_LINK,	/* the Extranet's link to the lists */
	L_NOTICE_BOX,	/* the notice's checkbox sentence */
	L_LISTS_PAGE,	/* the heading of the page of lists */
	L_FORGOT_LINK,	/* the sign-in page's forgotten-password link */
	L_SIGNIN,	/* the sign-in button */
	L_REMEMBER,	/* the "keep the user code" checkbox */
	L_LOCKED,	/* a locked-account message */
	L_GONE,		/* an already-downloaded message */
	L_DOCUMENT,	/* an item that is a document, not a list */
	L_NAV,		/* navigation links that are not items */
	L_CONTINUE,	/* the notice's button */
};

/* Every label the walk looks for (matched with page_match_text: case,
   accents, spacing and punctuation ignored). */
static const struct label {
	enum label_id	 id;
	const char	*text;
} labels[] = {
	{ L_CHALLENGE, "Verifying you are human" },
	{ L_CHALLENGE, "Checking your browser" },
	{ L_CHALLENGE, "Just a moment" },
	{ L_CHALLENGE, "Enable JavaScript and cookies to continue" },
	{ L_CHALLENGE, "Vérification que vous êtes humain" },
	{ L_LISTS_LINK, "Listes électorales et autres documents électoraux" },
	{ L_LISTS_LINK, "Lists of electors and other electoral documents" },
	{ L_LISTS_LINK, "Electoral lists and other electoral documents" },
	{ L_NOTICE_BOX, "Je confirme avoir pris connaissance" },
	{ L_NOTICE_BOX, "I confirm that I have read" },
	{ L_LISTS_PAGE, "Listes électorales disponibles" },
	{ L_LISTS_PAGE, "Available lists of electors" },
	{ L_LISTS_PAGE, "Available electoral lists" },
	{ L_FORGOT_LINK, "Mot de passe oublié" },
	{ L_FORGOT_LINK, "Forgot your password" },
	{ L_FORGOT_LINK, "Forgotten password" },
	{ L_SIGNIN, "Entrer" },
	{ L_SIGNIN, "Enter" },
	{ L_SIGNIN, "Se connecter" },
	{ L_SIGNIN, "Connexion" },
	{ L_SIGNIN, "Sign in" },
	{ L_REMEMBER, "Conserver le code utilisateur" },
	{ L_REMEMBER, "Remember the user code" },
	{ L_LOCKED, "verrouillé" },
	{ L_LOCKED, "locked" },
	{ L_GONE, "déjà été téléchargée" },
	{ L_GONE, "déjà téléchargée" },
	{ L_GONE, "already been downloaded" },
	{ L_GONE, "already downloaded" },
	{ L_GONE, "n'est plus disponible" },
	{ L_GONE, "no longer available" },
	{ L_DOCUMENT, "Instructions" },
	{ L_DOCUMENT, "Guide" },
	{ L_NAV, "Retour" },
	{ L_NAV, "Accueil" },
	{ L_NAV, "Déconnexion" },
	{ L_NAV, "English" },
	{ L_NAV, "Français" },
	{ L_NAV, "Aide" },
	{ L_NAV, "Back" },
	{ L_NAV, "Home" },
	{ L_NAV, "Sign out" },
	{ L_NAV, "Help" },
	{ L_CONTINUE, "Continuer" },
	{ L_CONTINUE, "Continue" },
};

struct portal {
	struct http		*h;
	char			*start;
	struct page		*page;
	char			*url;		/* of the page */
	enum portal_page	 where;
	char			*messages;
	enum http_status	 hst;
	unsigned		 requests;
	/* for a re-sign-in */
	char			*user;
	struct secret		*pw;
	int			 remember;
	int			 noticed;	/* the notice was accepted */
	int			 resigned;
	/* what the current page offers */
	struct portal_item	*items;
	size_t			 nitems;
	char			**questions;
	char			**qvalues;
	size_t			 nquestions;
	char			*rules;
	char			*notice;
	char			*box;
};

/* Nonzero when s holds a label of kind id. */
static int
is_label(const char *s, enum label_id id)
{
	size_t	 i;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (labels[i].id == id && page_match_text(s, labels[i].text))
			return (1);
	return (0);
}

/* Fields of kind k in form f not hidden as decoys. */
static size_t
count_fields(const struct page_form *f, enum page_field_kind k)
{
	size_t	 i, n = 0;

	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].kind == k && !f->fields[i].hidden_decoy)
			n++;
	return (n);
}

/* The first shown form with at least n fields of kind k, or NULL. */
static const struct page_form *
form_with(const struct page *pg, enum page_field_kind k, size_t n)
{
	const struct page_form	*f;
	size_t			 i;

	for (i = 0; i < page_nforms(pg); i++) {
		f = page_form(pg, i);
		if (!f->hidden_decoy && count_fields(f, k) >= n)
			return (f);
	}
	return (NULL);
}

/* The notice's checkbox: a shown checkbox labelled as such, or NULL. */
static const struct page_field *
notice_box(const struct page *pg, const struct page_form **form)
{
	const struct page_form	*f;
	size_t			 i, j;

	for (i = 0; i < page_nforms(pg); i++) {
		f = page_form(pg, i);
		if (f->hidden_decoy)
			continue;
		for (j = 0; j < f->nfields; j++)
			if (f->fields[j].kind == PAGE_FIELD_CHECKBOX &&
			    !f->fields[j].hidden_decoy &&
			    is_label(f->fields[j].label, L_NOTICE_BOX)) {
				if (form != NULL)
					*form = f;
				return (&f->fields[j]);
			}
	}
	return (NULL);
}

/* The first visible link labelled id, or NULL. */
static const struct page_link *
link_with(const struct page *pg, enum label_id id)
{
	size_t	 i;

	for (i = 0; i < page_nlinks(pg); i++)
		if (is_label(page_link(pg, i)->text, id))
			return (page_link(pg, i));
	return (NULL);
}

enum portal_page
portal_classify(const struct page *pg, int challenge_header)
{
	const struct page_form	*f;

	if (challenge_header || is_label(page_title(pg), L_CHALLENGE) ||
	    is_label(page_text(pg), L_CHALLENGE))
		return (PORTAL_PAGE_CHALLENGE);
	if (form_with(pg, PAGE_FIELD_PASSWORD, 2) != NULL)
		return (PORTAL_PAGE_CHANGE);
	if (form_with(pg, PAGE_FIELD_PASSWORD, 1) != NULL)
		return (PORTAL_PAGE_SIGNIN);
	if (notice_box(pg, NULL) != NULL)
		return (PORTAL_PAGE_NOTICE);
	if (is_label(page_text(pg), L_LISTS_PAGE))
		return (PORTAL_PAGE_LISTS);
	if (link_with(pg, L_LISTS_LINK) != NULL)
		return (PORTAL_PAGE_EXTRANET);
	if ((f = form_with(pg, PAGE_FIELD_EMAIL, 1)) != NULL)
		return (PORTAL_PAGE_FORGOT);
	return (PORTAL_PAGE_UNKNOWN);
}

/* Forget what the last page offered. */
static void
clear_offers(struct portal *p)
{
	size_t	 i;

	for (i = 0; i < p->nitems; i++) {
		free(p->items[i].title);
		free(p->items[i].url);
	}
	free(p->items);
	p->items = NULL;
	p->nitems = 0;
	for (i = 0; i < p->nquestions; i++) {
		free(p->questions[i]);
		free(p->qvalues[i]);
	}
	free(p->questions);
	free(p->qvalues);
	p->questions = p->qvalues = NULL;
	p->nquestions = 0;
	free(p->rules);
	free(p->notice);
	free(p->box);
	p->rules = p->notice = p->box = NULL;
}

/* The items of the page of lists: its links but the navigation. */
static void
read_items(struct portal *p)
{
	const struct page_link	*l;
	size_t			 i, j;

	for (i = 0; i < page_nlinks(p->page); i++) {
		l = page_link(p->page, i);
		if (*l->text == '\0' || is_label(l->text, L_NAV) ||
		    is_label(l->text, L_LISTS_LINK) ||
		    !http_same_site(p->h, l->href) ||
		    strcmp(l->href, p->url) == 0)
			continue;
		for (j = 0; j < p->nitems; j++)
			if (strcmp(p->items[j].url, l->href) == 0)
				break;
		if (j < p->nitems || p->nitems >= PORTAL_MAX_ITEMS)
			continue;
		p->items = xreallocarray(p->items, p->nitems + 1,
		    sizeof *p->items);
		p->items[p->nitems].title = xstrdup(l->text);
		p->items[p->nitems].url = xstrdup(l->href);
		p->items[p->nitems].document = is_label(l->text, L_DOCUMENT);
		p->nitems++;
	}
}

/* The change form's questions (the select's options with a value). */
static void
read_change(struct portal *p)
{
	const struct page_form	*f = form_with(p->page, PAGE_FIELD_PASSWORD,
				    2);
	const struct page_field	*fd;
	const char		*text = page_text(p->page), *s, *e;
	size_t			 i, j;

	for (i = 0; f != NULL && i < f->nfields; i++) {
		fd = &f->fields[i];
		if (fd->kind != PAGE_FIELD_SELECT || fd->hidden_decoy)
			continue;
		for (j = 0; j < fd->noptions; j++) {
			if (*fd->options[j].value == '\0')
				continue;
			p->questions = xreallocarray(p->questions,
			    p->nquestions + 1, sizeof *p->questions);
			p->qvalues = xreallocarray(p->qvalues,
			    p->nquestions + 1, sizeof *p->qvalues);
			p->questions[p->nquestions] =
			    xstrdup(fd->options[j].text);
			p->qvalues[p->nquestions] =
			    xstrdup(fd->options[j].value);
			p->nquestions++;
		}
		break;
	}
	/* The rules: the line of the page that speaks of characters. */
	for (s = text; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		{
			char *line = xstrndup(s, (size_t)(e - s));
			if (p->rules == NULL && (page_match_text(line,
			    "caractères") || page_match_text(line,
			    "characters")))
				p->rules = line;
			else
				free(line);
		}
	}
}

/* The notice's text: the page's text up to the checkbox sentence. */
static void
read_notice(struct portal *p)
{
	const struct page_field	*box = notice_box(p->page, NULL);
	const char		*text = page_text(p->page), *s, *e;
	char			*line, *head;
	size_t			 len = 0;

	p->box = xstrdup(box != NULL ? box->label : "");
	p->notice = xstrdup("");
	/* Start at the heading that repeats the title (past the site's
	   banner and menus), when there is one. */
	head = xstrndup(page_title(p->page), strcspn(page_title(p->page),
	    "|"));
	for (s = text; *head != '\0' && *s != '\0';
	    s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		line = xstrndup(s, (size_t)(e - s));
		if (page_match_text(line, head) && page_match_text(head,
		    line)) {
			text = s;
			free(line);
			break;
		}
		free(line);
	}
	free(head);
	for (s = text; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		line = xstrndup(s, (size_t)(e - s));
		if (is_label(line, L_NOTICE_BOX)) {
			free(line);
			break;
		}
		p->notice = xrealloc(p->notice, len + strlen(line) + 2);
		memcpy(p->notice + len, line, strlen(line));
		len += strlen(line);
		p->notice[len++] = '\n';
		p->notice[len] = '\0';
		free(line);
	}
}

/* Parse the answer r into the current page; its kind, or UNKNOWN. */
static enum portal_page
take(struct portal *p, struct http_response *r)
{
	const char	*why = NULL;
	size_t		 i, len = 0;
	const char	*m;

	page_free(p->page);
	p->page = NULL;
	free(p->url);
	p->url = xstrdup(r->url != NULL ? r->url : "");
	free(p->messages);
	p->messages = xstrdup("");
	clear_offers(p);
	p->page = page_parse(r->body != NULL ? r->body : "", r->body_len,
	    p->url, r->content_type, &why);
	if (p->page == NULL) {
		p->where = r->challenge ? PORTAL_PAGE_CHALLENGE :
		    PORTAL_PAGE_UNKNOWN;
		return (p->where);
	}
	for (i = 0; i < page_nmessages(p->page); i++) {
		m = page_message(p->page, i);
		p->messages = xrealloc(p->messages, len + strlen(m) + 2);
		if (len > 0)
			p->messages[len++] = '\n';
		memcpy(p->messages + len, m, strlen(m) + 1);
		len += strlen(m);
	}
	p->where = portal_classify(p->page, r->challenge);
	if (p->where == PORTAL_PAGE_LISTS)
		read_items(p);
	else if (p->where == PORTAL_PAGE_CHANGE)
		read_change(p);
	else if (p->where == PORTAL_PAGE_NOTICE)
		read_notice(p);
	/* A page with no message of its own that is not a step: its
	   heading says what happened (a server error page). */
	if (*p->messages == '\0' && p->where == PORTAL_PAGE_UNKNOWN) {
		free(p->messages);
		p->messages = xstrdup(page_text(p->page));
	}
	return (p->where);
}

/* The status of a transport failure (cause set by http). */
static enum portal_status
net(struct portal *p, enum http_status st)
{
	p->hst = st;
	return (PORTAL_NET);
}

/* GET url and take the page. */
static enum portal_status
get(struct portal *p, const char *url, char **cause)
{
	struct http_response	 r;
	enum http_status	 st;

	memset(&r, 0, sizeof r);
	p->requests++;
	st = http_get(p->h, url, &r, cause);
	if (st != HTTP_OK) {
		http_response_clear(&r);
		return (net(p, st));
	}
	take(p, &r);
	http_response_clear(&r);
	return (PORTAL_OK);
}

/* One value to put in a form: for field f, value v, or tick a box. */
struct fill {
	const struct page_field	*f;
	const char		*v;	/* NULL: tick (checkbox/radio) */
};

/*
 * Submit form as a browser would: every named field that is not a decoy
 * with its value (or the fill's), checked boxes only, and the one submit
 * button chosen (NULL: none).
 */
static enum portal_status
submit(struct portal *p, const struct page_form *form,
    const struct fill *fills, size_t nfills, const struct page_field *button,
    char **cause)
{
	struct http_response	 r;
	const struct page_field	*f;
	enum http_status	 st;
	const char		*v;
	char			*body = NULL, *action;
	size_t			 i, j;
	int			 on;

	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (*f->name == '\0' || f->hidden_decoy)
			continue;
		v = f->value;
		on = f->checked;
		for (j = 0; j < nfills; j++)
			if (fills[j].f == f) {
				if (fills[j].v != NULL)
					v = fills[j].v;
				on = 1;
			}
		switch (f->kind) {
		case PAGE_FIELD_SUBMIT:
			if (f != button)
				continue;
			break;
		case PAGE_FIELD_CHECKBOX:
		case PAGE_FIELD_RADIO:
			if (!on)
				continue;
			break;
		default:
			break;
		}
		http_form_add(&body, f->name, v);
	}
	if (body == NULL)
		body = xstrdup("");
	action = xstrdup(*form->action != '\0' ? form->action : p->url);
	memset(&r, 0, sizeof r);
	p->requests++;
	if (strcmp(form->method, "get") == 0) {
		char *u = xasprintf("%s%s%s", action,
		    strchr(action, '?') != NULL ? "&" : "?", body);
		st = http_same_site(p->h, u) ? http_get(p->h, u, &r, cause) :
		    http_post(p->h, u, "", &r, cause);
		secure_wipe(u, strlen(u));
		free(u);
	} else
		st = http_post(p->h, action, body, &r, cause);
	http_form_free(body);
	free(action);
	if (st != HTTP_OK) {
		http_response_clear(&r);
		return (net(p, st));
	}
	take(p, &r);
	http_response_clear(&r);
	return (PORTAL_OK);
}

/* The submit button of form labelled id, else its first, else NULL. */
static const struct page_field *
button(const struct page_form *form, enum label_id id)
{
	const struct page_field	*first = NULL;
	size_t			 i;

	for (i = 0; i < form->nfields; i++) {
		if (form->fields[i].kind != PAGE_FIELD_SUBMIT ||
		    form->fields[i].hidden_decoy)
			continue;
		if (is_label(form->fields[i].label, id) ||
		    is_label(form->fields[i].value, id))
			return (&form->fields[i]);
		if (first == NULL)
			first = &form->fields[i];
	}
	return (first);
}

/* The first shown field of kind k in form, or NULL. */
static const struct page_field *
field(const struct page_form *form, enum page_field_kind k, size_t nth)
{
	size_t	 i;

	for (i = 0; i < form->nfields; i++)
		if (form->fields[i].kind == k &&
		    !form->fields[i].hidden_decoy && nth-- == 0)
			return (&form->fields[i]);
	return (NULL);
}

/* What an unexpected page means. */
static enum portal_status
unexpected(struct portal *p, char **cause)
{
	switch (p->where) {
	case PORTAL_PAGE_CHALLENGE:
		*cause = xstrdup(_("the portal shows a bot-protection "
		    "challenge that only a web browser can pass: download the "
		    "list with a browser, then open it with `listelec open "
		    "FILE.zip`"));
		return (PORTAL_CHALLENGE);
	case PORTAL_PAGE_CHANGE:
		*cause = xstrdup(_("the portal asks for a new password"));
		return (PORTAL_CHANGE);
	default:
		break;
	}
	if (is_label(p->messages, L_GONE)) {
		*cause = xstrdup(p->messages);
		return (PORTAL_GONE);
	}
	if (*p->messages != '\0')
		*cause = xasprintf(_("the portal says: %s"), p->messages);
	else
		*cause = xstrdup(_("the portal showed a page listelec does not "
		    "recognise"));
	return (PORTAL_UNEXPECTED);
}

struct portal *
portal_new(const char *url, const struct http_options *o, char **cause)
{
	struct portal	*p;
	struct http	*h;

	if ((h = http_new(url, o, cause)) == NULL)
		return (NULL);
	p = xcalloc(1, sizeof *p);
	p->h = h;
	p->start = xstrdup(url);
	p->messages = xstrdup("");
	return (p);
}

void
portal_free(struct portal *p)
{
	if (p == NULL)
		return;
	clear_offers(p);
	page_free(p->page);
	http_free(p->h);
	secret_free(p->pw);
	free(p->user);
	free(p->url);
	free(p->start);
	free(p->messages);
	free(p);
}

const char *
portal_message(const struct portal *p)
{
	return (p->messages);
}

enum http_status
portal_http_status(const struct portal *p)
{
	return (p->hst);
}

enum portal_page
portal_where(const struct portal *p)
{
	return (p->where);
}

unsigned
portal_requests(const struct portal *p)
{
	return (p->requests);
}

enum portal_status
portal_start(struct portal *p, char **cause)
{
	enum portal_status st;

	if ((st = get(p, p->start, cause)) != PORTAL_OK)
		return (st);
	if (p->where == PORTAL_PAGE_SIGNIN)
		return (PORTAL_OK);
	return (unexpected(p, cause));
}

/* Reach the sign-in page (from wherever the walk is). */
static enum portal_status
to_signin(struct portal *p, char **cause)
{
	if (p->where == PORTAL_PAGE_SIGNIN)
		return (PORTAL_OK);
	return (portal_start(p, cause));
}

/* Sign in with what is kept; the page after it is taken. */
static enum portal_status
signin(struct portal *p, char **cause)
{
	const struct page_form	*form;
	const struct page_field	*user, *pass, *keep = NULL;
	struct fill		 fills[3];
	size_t			 n = 0, i;
	enum portal_status	 st;
	char			*host;

	if ((st = to_signin(p, cause)) != PORTAL_OK)
		return (st);
	form = page_login_form(p->page);
	pass = field(form, PAGE_FIELD_PASSWORD, 0);
	user = field(form, PAGE_FIELD_TEXT, 0);
	if (user == NULL)
		user = field(form, PAGE_FIELD_EMAIL, 0);
	for (i = 0; i < form->nfields; i++)
		if (form->fields[i].kind == PAGE_FIELD_CHECKBOX &&
		    is_label(form->fields[i].label, L_REMEMBER))
			keep = &form->fields[i];
	if (user != NULL)
		fills[n++] = (struct fill){ user, p->user };
	fills[n++] = (struct fill){ pass, secret_str(p->pw) };
	if (keep != NULL && p->remember)
		fills[n++] = (struct fill){ keep, NULL };
	if ((st = submit(p, form, fills, n, button(form, L_SIGNIN), cause)) !=
	    PORTAL_OK)
		return (st);
	switch (p->where) {
	case PORTAL_PAGE_EXTRANET:
		host = http_resolve(p->start, "/");
		{
			const char *f[] = { "user", p->user, "portal", host,
			    NULL };
			char *why = NULL;
			(void)audit_record("signin", f, &why);
			free(why);
		}
		free(host);
		return (PORTAL_OK);
	case PORTAL_PAGE_SIGNIN:
		if (is_label(p->messages, L_LOCKED)) {
			*cause = xstrdup(p->messages);
			return (PORTAL_LOCKED);
		}
		*cause = xstrdup(*p->messages != '\0' ? p->messages :
		    _("the portal refused the user code or the password"));
		return (PORTAL_REFUSED);
	default:
		return (unexpected(p, cause));
	}
}

enum portal_status
portal_signin(struct portal *p, const char *user,
    const struct secret *password, int remember, char **cause)
{
	free(p->user);
	p->user = xstrdup(user);
	if (p->pw == NULL)
		p->pw = secret_new();
	secret_set(p->pw, secret_str(password), secret_len(password));
	p->remember = remember;
	p->resigned = 0;
	return (signin(p, cause));
}

enum portal_status
portal_forgot(struct portal *p, const char *email, char **cause)
{
	const struct page_link	*l;
	const struct page_form	*form;
	struct fill		 fill;
	enum portal_status	 st;

	if ((st = to_signin(p, cause)) != PORTAL_OK)
		return (st);
	if ((l = link_with(p->page, L_FORGOT_LINK)) == NULL) {
		*cause = xstrdup(_("the sign-in page has no link for a "
		    "forgotten password"));
		return (PORTAL_UNEXPECTED);
	}
	{
		char *href = xstrdup(l->href);
		st = get(p, href, cause);
		free(href);
	}
	if (st != PORTAL_OK)
		return (st);
	if (p->where != PORTAL_PAGE_FORGOT)
		return (unexpected(p, cause));
	form = form_with(p->page, PAGE_FIELD_EMAIL, 1);
	fill = (struct fill){ field(form, PAGE_FIELD_EMAIL, 0), email };
	if ((st = submit(p, form, &fill, 1, button(form, L_SIGNIN), cause)) !=
	    PORTAL_OK)
		return (st);
	if (p->where == PORTAL_PAGE_FORGOT) {
		/* The form again: refused.  No form: the confirmation. */
		if (form_with(p->page, PAGE_FIELD_EMAIL, 1) != NULL) {
			*cause = xstrdup(*p->messages != '\0' ? p->messages :
			    _("the portal refused the e-mail address"));
			return (PORTAL_REFUSED);
		}
		return (PORTAL_OK);
	}
	if (p->where == PORTAL_PAGE_UNKNOWN || p->where ==
	    PORTAL_PAGE_SIGNIN)
		return (PORTAL_OK);
	return (unexpected(p, cause));
}

size_t
portal_nquestions(const struct portal *p)
{
	return (p->nquestions);
}

const char *
portal_question(const struct portal *p, size_t i)
{
	return (i < p->nquestions ? p->questions[i] : "");
}

const char *
portal_change_rules(const struct portal *p)
{
	return (p->rules != NULL ? p->rules : "");
}

enum portal_status
portal_change(struct portal *p, const struct secret *pw, size_t question,
    const char *answer, char **cause)
{
	const struct page_form	*form;
	const struct page_field	*sel = NULL, *ans = NULL;
	struct fill		 fills[4];
	size_t			 n = 0, i;
	enum portal_status	 st;
	char			*qv;

	if (p->where != PORTAL_PAGE_CHANGE) {
		*cause = xstrdup(_("the portal is not asking for a new "
		    "password"));
		return (PORTAL_UNEXPECTED);
	}
	form = form_with(p->page, PAGE_FIELD_PASSWORD, 2);
	for (i = 0; i < form->nfields; i++) {
		if (form->fields[i].hidden_decoy)
			continue;
		if (form->fields[i].kind == PAGE_FIELD_SELECT && sel == NULL)
			sel = &form->fields[i];
		if ((form->fields[i].kind == PAGE_FIELD_TEXT ||
		    form->fields[i].kind == PAGE_FIELD_TEXTAREA) && ans == NULL)
			ans = &form->fields[i];
	}
	fills[n++] = (struct fill){ field(form, PAGE_FIELD_PASSWORD, 0),
	    secret_str(pw) };
	fills[n++] = (struct fill){ field(form, PAGE_FIELD_PASSWORD, 1),
	    secret_str(pw) };
	qv = xstrdup(question < p->nquestions ? p->qvalues[question] : "");
	if (sel != NULL)
		fills[n++] = (struct fill){ sel, qv };
	if (ans != NULL)
		fills[n++] = (struct fill){ ans, answer };
	st = submit(p, form, fills, n, button(form, L_SIGNIN), cause);
	free(qv);
	if (st != PORTAL_OK)
		return (st);
	switch (p->where) {
	case PORTAL_PAGE_EXTRANET:
		if (p->pw == NULL)
			p->pw = secret_new();
		secret_set(p->pw, secret_str(pw), secret_len(pw));
		return (PORTAL_OK);
	case PORTAL_PAGE_CHANGE:
		*cause = xstrdup(*p->messages != '\0' ? p->messages :
		    _("the portal refused the new password"));
		return (PORTAL_REFUSED);
	case PORTAL_PAGE_SIGNIN:
		/* Some portals ask to sign in with the new password. */
		if (p->pw == NULL)
			p->pw = secret_new();
		secret_set(p->pw, secret_str(pw), secret_len(pw));
		return (signin(p, cause));
	default:
		return (unexpected(p, cause));
	}
}

/* The sign-in page came back: sign in again, once, and walk back to the
   page of lists (accepting the notice again if it was). */
static enum portal_status
resignin(struct portal *p, char **cause)
{
	enum portal_status st;

	if (p->resigned || p->pw == NULL || p->user == NULL) {
		*cause = xasprintf(_("the portal ended the session: %s"),
		    *p->messages != '\0' ? p->messages :
		    _("sign in again"));
		return (PORTAL_SESSION);
	}
	p->resigned = 1;
	if ((st = signin(p, cause)) != PORTAL_OK)
		return (st);
	return (PORTAL_OK);
}

/* From the Extranet to the notice or the lists. */
static enum portal_status
open_lists(struct portal *p, char **cause)
{
	const struct page_link	*l;
	enum portal_status	 st;
	char			*href;

	if (p->where != PORTAL_PAGE_EXTRANET) {
		*cause = xstrdup(_("the portal is not on its Extranet page"));
		return (PORTAL_UNEXPECTED);
	}
	if ((l = link_with(p->page, L_LISTS_LINK)) == NULL)
		return (unexpected(p, cause));
	href = xstrdup(l->href);
	st = get(p, href, cause);
	free(href);
	return (st);
}

enum portal_status
portal_open_lists(struct portal *p, char **cause)
{
	enum portal_status st;

	if ((st = open_lists(p, cause)) != PORTAL_OK)
		return (st);
	if (p->where == PORTAL_PAGE_SIGNIN) {
		if ((st = resignin(p, cause)) != PORTAL_OK)
			return (st);
		if ((st = open_lists(p, cause)) != PORTAL_OK)
			return (st);
	}
	if (p->where == PORTAL_PAGE_NOTICE || p->where == PORTAL_PAGE_LISTS)
		return (PORTAL_OK);
	if (p->where == PORTAL_PAGE_SIGNIN) {
		*cause = xasprintf(_("the portal ended the session: %s"),
		    p->messages);
		return (PORTAL_SESSION);
	}
	return (unexpected(p, cause));
}

const char *
portal_notice_text(const struct portal *p)
{
	return (p->notice != NULL ? p->notice : "");
}

const char *
portal_notice_checkbox(const struct portal *p)
{
	return (p->box != NULL ? p->box : "");
}

/* Tick the notice and submit it. */
static enum portal_status
accept_notice(struct portal *p, char **cause)
{
	const struct page_form	*form = NULL;
	const struct page_field	*box;
	struct fill		 fill;

	if ((box = notice_box(p->page, &form)) == NULL) {
		*cause = xstrdup(_("the portal is not showing the notice"));
		return (PORTAL_UNEXPECTED);
	}
	fill = (struct fill){ box, NULL };
	return (submit(p, form, &fill, 1, button(form, L_CONTINUE), cause));
}

enum portal_status
portal_accept_notice(struct portal *p, char **cause)
{
	enum portal_status st;

	if (p->where == PORTAL_PAGE_LISTS)
		return (PORTAL_OK);
	if ((st = accept_notice(p, cause)) != PORTAL_OK)
		return (st);
	if (p->where == PORTAL_PAGE_SIGNIN) {
		if ((st = resignin(p, cause)) != PORTAL_OK ||
		    (st = open_lists(p, cause)) != PORTAL_OK)
			return (st);
		if (p->where == PORTAL_PAGE_NOTICE &&
		    (st = accept_notice(p, cause)) != PORTAL_OK)
			return (st);
	}
	if (p->where == PORTAL_PAGE_LISTS) {
		p->noticed = 1;
		return (PORTAL_OK);
	}
	if (p->where == PORTAL_PAGE_NOTICE) {
		*cause = xstrdup(*p->messages != '\0' ? p->messages :
		    _("the portal did not take the confirmation"));
		return (PORTAL_REFUSED);
	}
	return (unexpected(p, cause));
}

size_t
portal_nitems(const struct portal *p)
{
	return (p->where == PORTAL_PAGE_LISTS ? p->nitems : 0);
}

const struct portal_item *
portal_item(const struct portal *p, size_t i)
{
	return (i < portal_nitems(p) ? &p->items[i] : NULL);
}

long
portal_find_item(const struct portal *p, const char *text)
{
	size_t	 i;
	long	 found = -1;

	for (i = 0; i < portal_nitems(p); i++)
		if (page_match_text(p->items[i].title, text)) {
			if (found >= 0)
				return (-2);
			found = (long)i;
		}
	return (found);
}

void
portal_saved_clear(struct portal_saved *s)
{
	free(s->path);
	memset(s, 0, sizeof *s);
}

/* A download in flight: the file and the caller's progress. */
struct fetch {
	struct download		*d;
	struct http_response	*r;
	int64_t			 offset;	/* asked from */
	int			 started;	/* first byte seen */
	int			 refused;	/* no room, or a bad range */
	char			*why;
	portal_progress		 progress;
	void			*arg;
};

/* The sink: check the answer at its first byte, then write. */
static int
fetch_sink(void *arg, const void *buf, size_t len)
{
	struct fetch	*f = arg;
	int64_t		 need;

	if (!f->started) {
		f->started = 1;
		if (f->offset > 0 && f->r->code == 200) {
			/* The whole file again (changed, or no Range). */
			if (download_restart(f->d) != 0)
				return (-1);
		} else if (f->r->code == 206 && f->r->range_start !=
		    download_size(f->d)) {
			f->refused = 1;
			f->why = xstrdup(_("the portal resumed at the wrong "
			    "place"));
			errno = EPROTO;
			return (-1);
		}
		need = f->r->length;
		if (need >= 0 && download_check_space(f->d, f->r->code == 206 ?
		    need + download_size(f->d) : need, &f->why) != 0) {
			f->refused = 1;
			errno = ENOSPC;
			return (-1);
		}
	}
	return (download_write(f->d, buf, len));
}

static int
fetch_progress(void *arg, int64_t now, int64_t total)
{
	struct fetch	*f = arg;
	int64_t		 base = f->r->code == 206 ? f->r->range_start : 0;

	if (f->progress == NULL)
		return (0);
	return (f->progress(f->arg, base + now, total >= 0 ? base + total :
	    (f->r->total >= 0 ? f->r->total : -1)));
}

/* Record a saved file in the audit log. */
static void
audit_saved(const struct portal *p, const struct portal_item *it,
    const struct portal_saved *s)
{
	char	 size[32], *why = NULL;

	snprintf(size, sizeof size, "%lld", (long long)s->size);
	{
		const char *f[] = { "title", it->title, "file", s->path,
		    "size", size, "sha256", s->sha256, "user",
		    p->user != NULL ? p->user : "", NULL };
		(void)audit_record("download", f, &why);
	}
	free(why);
}

/* The name to save under. */
static char *
save_name(const struct http_response *r, const struct portal_item *it)
{
	char	*fallback, *name;

	fallback = download_safe_name(it->title, "liste");
	if (!it->document && strstr(fallback, ".zip") == NULL) {
		char *z = xasprintf("%s.zip", fallback);
		free(fallback);
		fallback = z;
	}
	name = download_safe_name(r->filename, fallback);
	free(fallback);
	return (name);
}

/*
 * The session was lost during a download: sign in again, walk back to the
 * page of lists (the notice accepted again: the user did in this session)
 * and find the item by its title, whose link may have changed.
 */
static enum portal_status
relist(struct portal *p, struct portal_item *it, char **cause)
{
	enum portal_status	 st;
	size_t			 i;

	if ((st = resignin(p, cause)) != PORTAL_OK ||
	    (st = open_lists(p, cause)) != PORTAL_OK)
		return (st);
	if (p->where == PORTAL_PAGE_NOTICE &&
	    (st = accept_notice(p, cause)) != PORTAL_OK)
		return (st);
	if (p->where != PORTAL_PAGE_LISTS)
		return (unexpected(p, cause));
	for (i = 0; i < p->nitems; i++)
		if (strcmp(p->items[i].title, it->title) == 0) {
			free(it->url);
			it->url = xstrdup(p->items[i].url);
			return (PORTAL_OK);
		}
	*cause = xasprintf(_("the portal no longer offers %s"), it->title);
	return (PORTAL_GONE);
}

/* Download item it once into dir (resuming drops). */
static enum portal_status
download_item(struct portal *p, struct portal_item *it,
    const char *dir, portal_progress progress, void *arg,
    struct portal_saved *out, char **cause)
{
	struct http_response	 r;
	struct fetch		 f;
	enum http_status	 hs;
	enum portal_status	 st = PORTAL_OK;
	char			*etag = NULL, *name = NULL, *why = NULL;
	int64_t			 total = -1;
	unsigned		 resumes = 0, errors = 0;
	int			 rc, zip = !it->document;

	memset(&f, 0, sizeof f);
	memset(&r, 0, sizeof r);
	if ((f.d = download_begin(dir, cause)) == NULL)
		return (PORTAL_KEEP);
	f.r = &r;
	f.progress = progress;
	f.arg = arg;
	for (;;) {
		http_response_clear(&r);
		f.offset = download_size(f.d);
		f.started = 0;
		p->requests++;
		hs = http_download(p->h, it->url, f.offset, etag, fetch_sink,
		    fetch_progress, &f, &r, &why);
		if (r.streamed) {
			if (name == NULL)
				name = save_name(&r, it);
			if (r.etag != NULL && etag == NULL)
				etag = xstrdup(r.etag);
			if (r.code == 206 && r.total >= 0)
				total = r.total;
			else if (r.code == 200)
				total = r.length;
		}
		if (hs == HTTP_OK && r.streamed)
			break;
		if (hs == HTTP_OK) {
			/* A page instead of the file. */
			take(p, &r);
			if (f.offset == 0 && r.code >= 500 && errors++ < 2) {
				sleep(1);
				continue;
			}
			if (p->where == PORTAL_PAGE_SIGNIN && !p->resigned) {
				if ((st = relist(p, it, cause)) != PORTAL_OK)
					break;
				continue;
			}
			if (f.offset > 0) {
				st = PORTAL_KEEP;
				*cause = xasprintf(_("the download was cut and "
				    "the portal will not resume it: %s"),
				    *p->messages != '\0' ? p->messages :
				    _("no answer"));
			} else if (p->where == PORTAL_PAGE_SIGNIN) {
				st = PORTAL_SESSION;
				*cause = xasprintf(_("the portal ended the "
				    "session: %s"), p->messages);
			} else if (p->where == PORTAL_PAGE_CHALLENGE ||
			    is_label(p->messages, L_GONE))
				st = unexpected(p, cause);
			else {
				st = PORTAL_GONE;
				*cause = xasprintf(_("the portal sent a page "
				    "instead of the file: %s"),
				    *p->messages != '\0' ? p->messages :
				    page_title(p->page));
			}
			break;
		}
		if (hs == HTTP_ERR_WRITE || f.refused) {
			st = PORTAL_KEEP;
			*cause = xstrdup(f.why != NULL ? f.why : why);
			break;
		}
		if (hs == HTTP_ERR_ABORTED) {
			st = PORTAL_CANCELLED;
			*cause = why;
			why = NULL;
			break;
		}
		if ((hs == HTTP_ERR_DROPPED || hs == HTTP_ERR_TIMEOUT ||
		    hs == HTTP_ERR_NET) && download_size(f.d) > 0 &&
		    resumes++ < DOWNLOAD_RESUMES) {
			free(why);
			why = NULL;
			continue;
		}
		p->hst = hs;
		st = download_size(f.d) > 0 ? PORTAL_KEEP : PORTAL_NET;
		*cause = why;
		why = NULL;
		break;
	}
	free(why);
	free(f.why);
	if (st == PORTAL_OK) {
		rc = download_finish(f.d, name, total, zip, &out->path,
		    out->sha256, cause);
		if (rc == 0) {
			out->size = download_size(f.d);
			out->zip = zip;
			audit_saved(p, it, out);
		} else
			st = PORTAL_KEEP;
	}
	if (st != PORTAL_OK) {
		if (download_size(f.d) > 0) {
			char *kept = NULL, *kwhy = NULL;

			if (name == NULL)
				name = save_name(&r, it);
			(void)download_keep(f.d, name, &kept, &kwhy);
			free(kwhy);
			out->path = kept;
			out->size = download_size(f.d);
			out->partial = 1;
			if (st != PORTAL_CANCELLED)
				st = PORTAL_KEEP;
			download_free(f.d);
		} else
			download_discard(f.d);
	} else
		download_free(f.d);
	http_response_clear(&r);
	free(etag);
	free(name);
	return (st);
}

enum portal_status
portal_download(struct portal *p, size_t i, const char *dir,
    portal_progress progress, void *arg, struct portal_saved *out,
    char **cause)
{
	struct portal_item	 it;
	enum portal_status	 st;

	memset(out, 0, sizeof *out);
	if (i >= portal_nitems(p)) {
		*cause = xstrdup(_("no such list"));
		return (PORTAL_UNEXPECTED);
	}
	it.title = xstrdup(p->items[i].title);
	it.url = xstrdup(p->items[i].url);
	it.document = p->items[i].document;
	st = download_item(p, &it, dir, progress, arg, out, cause);
	free(it.title);
	free(it.url);
	return (st);
}
