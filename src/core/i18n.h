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

/* Chooses the language: `lang` ("zh", "zh_CN", "en", "C"; NULL = ask the
 * environment) and binds the catalog found in `localedir` (NULL =
 * dc_data_path(DC_DATA_LOCALE): $DISCLOSE_LOCALEDIR, else the installed
 * share/locale, else the build tree's locale/).  Returns 0,
 * or -1 when `lang` names no language we have (English is then chosen).
 *
 * The environment asks for Chinese when the locale for messages -- the first
 * set of LC_ALL, LC_MESSAGES, LANG -- is not C/POSIX and LANGUAGE (its first
 * entry) or, without LANGUAGE, that locale starts with "zh"; GNU gettext's
 * own rule.  Chinese works whether or not glibc has a zh_CN locale: only the
 * LC_MESSAGES category is set, to the user's locale when glibc has it and
 * to C.UTF-8 otherwise, and the catalog is chosen through LANGUAGE=zh_CN
 * (glibc ignores LANGUAGE only in the exact "C" locale).  Numbers, sorting
 * and character classes stay in the C locale. */
int dc_i18n_init(const char *lang, const char *localedir);

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
