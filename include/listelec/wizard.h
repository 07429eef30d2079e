/*
 * wizard — the full-screen walk from the portal's sign-in to the table of
 * electors (`listelec`, `listelec training`).  src/ui/cmd-wizard.c.
 */
#ifndef LISTELEC_WIZARD_H
#define LISTELEC_WIZARD_H

struct cmd_common;

/* The practice portal's secrets, shown on the training's first screen. */
struct wizard_training {
	const char	*user;
	const char	*password;
	const char	*archive_password;
	const char	*email;
};

struct wizard_options {
	const char			*url;	/* NULL: the real portal */
	const char			*dir;	/* NULL: the default folder */
	const struct wizard_training	*training;	/* NULL: real */
};

/* Run the walk; returns the exit status (DESIGN.md). */
int	 wizard_run(const struct wizard_options *, const struct cmd_common *);
/* sim_options.mail for the training: the e-mail is shown in the wizard
   (thread-safe). */
void	 wizard_mail(void *arg, const char *text);

#endif
