/* i18n.h: the language of loket's words for people (English or Dutch), GNU gettext style. */
#ifndef LOKET_I18N_H
#define LOKET_I18N_H

#include <stddef.h>

/* The languages loket speaks; English is the source language of every message. */
enum i18n_lang { LANG_EN, LANG_NL, LANG__MAX };

/* Choose the language: "nl" or "en" (as --lang takes it); returns 0, or -1 for another value. */
int i18n_set(const char *lang);
/* Choose the language from the environment, as gettext does: the first of LANGUAGE's
 * languages that loket speaks, else the first non-empty of LC_ALL, LC_MESSAGES, LANG
 * (nl, nl_NL.UTF-8, nl_BE... mean Dutch); English otherwise. Needs no generated locale. */
void i18n_from_env(void);
enum i18n_lang i18n_lang(void);
/* "en" or "nl". */
const char *i18n_lang_name(void);

/* The translation of msgid into the chosen language (from the catalogue compiled into
 * loket, compiler/po/nl.po), or msgid itself. The result is static; thread-safe once the
 * language is chosen. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The same for a message with a plural: one for n == 1, many otherwise (both languages). */
const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
        __attribute__((format_arg(1), format_arg(2)));

/* strerror(e) in the chosen language: the common errors of reading and writing files
 * are translated; others, and English, are the C library's text. */
const char *i18n_strerror(int e);

/* The gettext conventions, so xgettext finds every string (make po-update). */
#define _(s)  i18n_gettext(s)
#define N_(s) s

#endif
