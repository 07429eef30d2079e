/*
 * page — the portal client's reader of HTML pages: parses a page with
 * libxml2 (no network, errors silenced, the declared charset honoured,
 * windows-1252 when undeclared and not UTF-8) and extracts what a browser
 * would show or submit: forms with every field, links with their visible
 * text, the visible text, the title and the error or notice messages.
 * Script, style, noscript, template and comments are ignored, and so are
 * hidden decoys (hidden attribute, display:none, visibility:hidden,
 * aria-hidden=true).  Every string is UTF-8 with whitespace collapsed.
 * No output; thread-safe apart from libxml2's error hooks, which are set
 * for the duration of a parse and restored.
 */
#ifndef LISTELEC_PAGE_H
#define LISTELEC_PAGE_H

#include <stddef.h>

/* The largest page page_parse accepts. */
#define PAGE_MAX_BYTES	(8u * 1024 * 1024)

struct page;

enum page_field_kind {
	PAGE_FIELD_TEXT,
	PAGE_FIELD_PASSWORD,
	PAGE_FIELD_HIDDEN,
	PAGE_FIELD_EMAIL,
	PAGE_FIELD_CHECKBOX,
	PAGE_FIELD_RADIO,
	PAGE_FIELD_SELECT,
	PAGE_FIELD_SUBMIT,
	PAGE_FIELD_TEXTAREA,
	PAGE_FIELD_OTHER
};

/* One <option> of a select; strings owned by the page. */
struct page_option {
	char	*value;		/* value attribute, else its text */
	char	*text;		/* visible text */
	int	 selected;
};

/* One field a browser would submit; strings owned by the page. */
struct page_field {
	enum page_field_kind	 kind;
	char			*name;	/* "" when absent */
	char			*value;	/* initial value; "on" for a checkbox
					   without one; a select's selected
					   option */
	char			*label;	/* <label> text, or a submit's
					   visible text; "" when none */
	char			*id;	/* "" when absent */
	int			 checked;
	int			 hidden_decoy;	/* inside a hidden element of
						   the form: never fill it */
	struct page_option	*options;	/* select only */
	size_t			 noptions;
};

/* One form; strings owned by the page. */
struct page_form {
	char			*action;	/* absolute URL */
	char			*method;	/* "get" or "post" */
	char			*id;		/* "" when absent */
	int			 hidden_decoy;	/* the form is not shown */
	struct page_field	*fields;
	size_t			 nfields;
};

/* One visible link; strings owned by the page. */
struct page_link {
	char	*href;		/* absolute URL */
	char	*text;		/* visible text (else aria-label, title, alt) */
};

/*
 * Parse len bytes of HTML fetched from url (absolute; the base of relative
 * URLs unless the page has <base href>).  content_type (may be NULL) is the
 * HTTP header; its charset= wins over a <meta> one.  Returns a page the
 * caller frees with page_free, or NULL with *cause (may be NULL) set to a
 * static, untranslated reason: no input, too large, unparseable.
 */
struct page	*page_parse(const char *bytes, size_t len, const char *url,
		    const char *content_type, const char **cause);
/* Free a page and everything it owns; NULL is fine. */
void		 page_free(struct page *);

/* Forms in document order; pointers valid until page_free. */
size_t			 page_nforms(const struct page *);
const struct page_form	*page_form(const struct page *, size_t);
/* First form holding a password field, or NULL; borrowed. */
const struct page_form	*page_login_form(const struct page *);

/* Visible links in document order; borrowed. */
size_t			 page_nlinks(const struct page *);
const struct page_link	*page_link(const struct page *, size_t);

/* Visible text, blocks separated by "\n"; borrowed, never NULL. */
const char	*page_text(const struct page *);
/* The <title>, "" when none; borrowed. */
const char	*page_title(const struct page *);
/*
 * Visible error and notice messages (role=alert, or a class or id holding
 * error, erreur, alert, message, notice or avertissement); borrowed.
 */
size_t		 page_nmessages(const struct page *);
const char	*page_message(const struct page *, size_t);

/*
 * Nonzero when needle's words occur, in order and whole, in haystack,
 * ignoring case, accents, spacing and punctuation ("Mot de passe oublié?"
 * matches "mot de passe OUBLIE").  An empty needle never matches.
 */
int		 page_match_text(const char *haystack, const char *needle);

#endif
