/*
 * settings — the private settings file, $XDG_CONFIG_HOME/listelec/config
 * (default ~/.config/listelec/config): one "key=value" a line, 0600 in a
 * 0700 folder.  The user code when the user asks to remember it, the
 * portal, the download folder — never a password.
 */
#ifndef LISTELEC_SETTINGS_H
#define LISTELEC_SETTINGS_H

/* The value of key (allocated), NULL when unset or unreadable. */
char	*settings_get(const char *key);
/*
 * Set key to value (NULL removes it): the file is written again beside
 * itself and renamed over, so a crash leaves the old or the new one.
 * Values hold no newline.  0, or -1 with *cause.
 */
int	 settings_set(const char *key, const char *value, char **cause);

#endif
