/* Messages in the reader's language through GNU gettext (text domain
 * "disclose", catalogs built from po/ by msgfmt).  The English text is the
 * message id; po/zh_CN.po holds the Chinese.
 *
 *   _("text")          the text in the chosen language
 *   N_("text")         marks a text for extraction only (static tables);
 *                      translate it with _() where it is printed
 *   P_("one", "many", n)  singular or plural by n
 *   dc_i18n_zh("text") the Chinese text whatever language is chosen
 *                      (JSON carries both)
 *
 * dc_i18n_init() runs once, first thing in main(), before any message. */
#ifndef DC_I18N_H
#define DC_I18N_H

#include <libintl.h>

#define DC_TEXTDOMAIN "disclose"

#define _(s) dgettext(DC_TEXTDOMAIN, s)
#define N_(s) (s)
#define P_(s, p, n) dngettext(DC_TEXTDOMAIN, s, p, n)

enum dc_lang { DC_LANG_EN, DC_LANG_ZH };

/* The language the environment asks for (the command reads it; GNU
 * gettext's own rule): Chinese when `locale` -- the locale for messages,
 * the first of LC_ALL, LC_MESSAGES, LANG that is set; NULL when none is --
 * is not C/POSIX and `language` (LANGUAGE; its first entry we have a
 * catalog for) or, without `language`, `locale` starts with "zh". */
enum dc_lang dc_i18n_choose(const char *locale, const char *language);

/* Sets the language `lang` (from --lang or dc_i18n_choose()) and binds the
 * catalog found in `localedir` (NULL = dc_data_path(DC_DATA_LOCALE)).
 * Chinese works whether or not glibc has a zh_CN locale: only the
 * LC_MESSAGES category is set, to `locale` (the user's locale for
 * messages, as for dc_i18n_choose()) when glibc has it and to C.UTF-8
 * otherwise, and the catalog is chosen by setting LANGUAGE=zh_CN (glibc
 * ignores LANGUAGE only in the exact "C" locale).  Numbers, sorting and
 * character classes stay in the C locale.  Reads no environment. */
void dc_i18n_init(enum dc_lang lang, const char *locale,
                  const char *localedir);

/* The language chosen by dc_i18n_init() (English before it ran). */
enum dc_lang dc_i18n_lang(void);

/* The Chinese translation of a message id (the id itself when the catalog
 * lacks it), even while English is chosen; thread-safe. */
const char *dc_i18n_zh(const char *msgid);

/* Parses a --lang value; returns 0 and sets *out, or -1. */
int dc_i18n_parse_lang(const char *s, enum dc_lang *out);

/* Releases what dc_i18n_init() allocated (for leak checkers). */
void dc_i18n_free(void);

#endif
