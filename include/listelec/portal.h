/*
 * portal — the walk through the Élections Québec portal, as a state
 * machine over pages recognised by what they contain (never by URL or
 * exact markup): the sign-in form, a bot-protection challenge, the
 * forgotten-password form, the forced password change, the Extranet, the
 * confidentiality notice, the page of lists and the download.  Every label
 * the walk looks for is in one table in portal.c.  It submits what a
 * browser would for the control chosen (hidden fields included, one submit
 * button), re-signs in once when the sign-in page comes back (the password
 * is kept in locked memory for the session only) and keeps the portal's
 * own messages for the caller to show (sanitized).  No output, no UI.
 */
#ifndef LISTELEC_PORTAL_H
#define LISTELEC_PORTAL_H

#include <stddef.h>
#include <stdint.h>

#include "listelec/http.h"

struct portal;
struct secret;

enum portal_status {
	PORTAL_OK = 0,
	PORTAL_NET,		/* transport failure: see http_status */
	PORTAL_CHALLENGE,	/* bot protection: needs a browser */
	PORTAL_REFUSED,		/* bad credentials, a form refused */
	PORTAL_LOCKED,		/* the account is locked */
	PORTAL_CHANGE,		/* a new password must be chosen first */
	PORTAL_SESSION,		/* the session was lost and came back lost */
	PORTAL_GONE,		/* list already downloaded or unavailable */
	PORTAL_UNEXPECTED,	/* a page the walk does not recognise */
	PORTAL_KEEP,		/* refused to lose data (target, disk) */
	PORTAL_CANCELLED,	/* the caller stopped the download */
};

/* What a page is, by its contents. */
enum portal_page {
	PORTAL_PAGE_UNKNOWN,
	PORTAL_PAGE_CHALLENGE,
	PORTAL_PAGE_SIGNIN,
	PORTAL_PAGE_FORGOT,
	PORTAL_PAGE_CHANGE,
	PORTAL_PAGE_EXTRANET,
	PORTAL_PAGE_NOTICE,
	PORTAL_PAGE_LISTS,
};

/* A document or list of the page of lists. */
struct portal_item {
	char	*title;		/* visible text */
	char	*url;		/* absolute */
	int	 document;	/* instructions or a guide, not a list */
};

/*
 * A session on the portal at url (https, or http to loopback).  Returns
 * NULL with *cause when the address is refused (see http_new).
 */
struct portal	*portal_new(const char *url, const struct http_options *,
		    char **cause);
/* Free the session; the kept password is wiped.  NULL is fine. */
void		 portal_free(struct portal *);

/*
 * The portal's own messages on the last page (errors, notices,
 * confirmations), raw UTF-8: sanitize before showing.  "" when none.
 */
const char	*portal_message(const struct portal *);
/* The transport status of the last PORTAL_NET. */
enum http_status portal_http_status(const struct portal *);
/* The page the walk is on. */
enum portal_page portal_where(const struct portal *);
/* Requests made so far (tests count them: a challenge is never looped). */
unsigned	 portal_requests(const struct portal *);

/* Load the first page; PORTAL_OK when it is the sign-in page. */
enum portal_status portal_start(struct portal *, char **cause);
/*
 * Sign in.  PORTAL_OK on the Extranet; PORTAL_CHANGE when the portal asks
 * for a new password (portal_change next); PORTAL_REFUSED or
 * PORTAL_LOCKED with the portal's message.  The password is copied into
 * locked memory for a later re-sign-in.  remember ticks the portal's
 * "keep the user code" box.
 */
enum portal_status portal_signin(struct portal *, const char *user,
		    const struct secret *password, int remember,
		    char **cause);
/* Ask for a new password by e-mail; PORTAL_OK with the portal's
   confirmation in portal_message, PORTAL_REFUSED with its error. */
enum portal_status portal_forgot(struct portal *, const char *email,
		    char **cause);
/* The secret questions the change form offers (after PORTAL_CHANGE). */
size_t		 portal_nquestions(const struct portal *);
const char	*portal_question(const struct portal *, size_t);
/* The change form's rules ("at least 8 characters…"), "" when none. */
const char	*portal_change_rules(const struct portal *);
/*
 * Choose the new password (asked twice by the caller), the question and
 * the answer.  PORTAL_OK on the Extranet (the new password is then the
 * one kept); PORTAL_REFUSED with the portal's message (the form again).
 */
enum portal_status portal_change(struct portal *, const struct secret *pw,
		    size_t question, const char *answer, char **cause);

/*
 * From the Extranet, follow the link to the lists.  PORTAL_OK on the
 * notice (portal_notice_*), or straight on the page of lists when the
 * portal skips it (portal_where says which).
 */
enum portal_status portal_open_lists(struct portal *, char **cause);
/* The notice's text (blocks separated by "\n") and its checkbox's
   sentence; "" when not on the notice. */
const char	*portal_notice_text(const struct portal *);
const char	*portal_notice_checkbox(const struct portal *);
/* Tick the box and continue; PORTAL_OK on the page of lists. */
enum portal_status portal_accept_notice(struct portal *, char **cause);

/* The documents and lists offered (on the page of lists). */
size_t			 portal_nitems(const struct portal *);
const struct portal_item *portal_item(const struct portal *, size_t);
/*
 * Index of the one item whose title holds text (accents, case, spacing and
 * punctuation ignored); -1 when none, -2 when several.
 */
long		 portal_find_item(const struct portal *, const char *text);

/* Progress of a download: bytes saved and expected (-1 unknown); nonzero
   cancels. */
typedef int	(*portal_progress)(void *arg, int64_t now, int64_t total);

/* What a download produced.  Strings allocated; portal_saved_clear. */
struct portal_saved {
	char		*path;		/* the saved file, or the partial one */
	int64_t		 size;
	char		 sha256[65];	/* hex */
	int		 partial;	/* path is a kept partial file */
	int		 zip;		/* the bytes are a readable zip */
};
void	portal_saved_clear(struct portal_saved *);

/*
 * Download item i into the private folder dir (see download.h): streamed
 * to a private temp file, resumed with Range after a dropped connection,
 * verified (length; a list must be a zip whose central directory reads),
 * fsynced and renamed to the portal's file name without overwriting.
 * PORTAL_OK with out filled; PORTAL_KEEP with out->path naming the kept
 * partial file (disk full, no resume); PORTAL_GONE with the portal's
 * message (already downloaded); PORTAL_NET.
 */
enum portal_status portal_download(struct portal *, size_t i,
		    const char *dir, portal_progress, void *arg,
		    struct portal_saved *out, char **cause);

/* What a parsed page is (exposed for the tests). */
struct page;
enum portal_page portal_classify(const struct page *, int challenge_header);

#endif
