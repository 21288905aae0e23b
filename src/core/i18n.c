/* Language choice and message catalog binding; see i18n.h for the rule. */
#include "i18n.h"
#include "core.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static enum dc_lang chosen = DC_LANG_EN;
/* LC_MESSAGES of a locale in which the catalog answers (glibc honours
 * LANGUAGE there): used by dc_i18n_zh() while English is chosen. */
static locale_t zh_locale = (locale_t)0;

int
dc_i18n_parse_lang(const char *s, enum dc_lang *out)
{
    if (!s)
        return -1;
    if (strncmp(s, "zh", 2) == 0 && (s[2] == '\0' || s[2] == '_' ||
                                      s[2] == '-' || s[2] == '.')) {
        *out = DC_LANG_ZH;
        return 0;
    }
    if ((strncmp(s, "en", 2) == 0 && (s[2] == '\0' || s[2] == '_' ||
                                       s[2] == '-' || s[2] == '.')) ||
        strcmp(s, "C") == 0 || strcmp(s, "POSIX") == 0 ||
        strncmp(s, "C.", 2) == 0) {
        *out = DC_LANG_EN;
        return 0;
    }
    return -1;
}

/* GNU gettext's rule, with the two languages we have. */
enum dc_lang
dc_i18n_choose(const char *locale, const char *language)
{
    if (!locale || !*locale || strcmp(locale, "C") == 0 ||
        strcmp(locale, "POSIX") == 0)
        return DC_LANG_EN;
    enum dc_lang l;
    if (language && *language) {
        /* "fr:zh_CN:en": the first entry we have a catalog for */
        char entry[64];
        for (const char *p = language; *p;) {
            size_t n = strcspn(p, ":");
            if (n > 0 && n < sizeof entry) {
                memcpy(entry, p, n);
                entry[n] = '\0';
                if (dc_i18n_parse_lang(entry, &l) == 0)
                    return l;
            }
            p += n;
            if (*p == ':')
                p++;
        }
        return DC_LANG_EN;
    }
    return dc_i18n_parse_lang(locale, &l) == 0 ? l : DC_LANG_EN;
}

/* A locale for LC_MESSAGES that is not "C": the user's when glibc has it. */
static int
set_messages_locale(const char *locale)
{
    const char *got = locale && *locale ? setlocale(LC_MESSAGES, locale)
                                        : NULL;
    if (got && strcmp(got, "C") != 0 && strcmp(got, "POSIX") != 0)
        return 0;
    if (setlocale(LC_MESSAGES, "C.UTF-8"))
        return 0;
    return setlocale(LC_MESSAGES, "en_US.UTF-8") ? 0 : -1;
}

void
dc_i18n_init(enum dc_lang lang, const char *locale, const char *localedir)
{
    chosen = lang;
    if (!localedir || !*localedir)
        localedir = dc_data_path(DC_DATA_LOCALE);
    bindtextdomain(DC_TEXTDOMAIN, localedir);
    bind_textdomain_codeset(DC_TEXTDOMAIN, "UTF-8");
    /* strerror() and friends: glibc's own catalog, converted to the
     * LC_CTYPE charset ("C": ASCII, so "?????") unless told otherwise */
    bind_textdomain_codeset("libc", "UTF-8");
    /* The catalog is always zh_CN; whether it is used depends on the
     * LC_MESSAGES locale: "C" (English) ignores LANGUAGE. */
    setenv("LANGUAGE", "zh_CN", 1);
    if (chosen == DC_LANG_ZH) {
        if (set_messages_locale(locale) != 0)
            chosen = DC_LANG_EN;
    } else {
        setlocale(LC_MESSAGES, "C");
    }
    if (!zh_locale) {
        zh_locale = newlocale(LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0);
        if (!zh_locale)
            zh_locale = newlocale(LC_MESSAGES_MASK, "en_US.UTF-8", (locale_t)0);
        if (zh_locale)
            atexit(dc_i18n_free);
    }
    textdomain(DC_TEXTDOMAIN);
    if (chosen == DC_LANG_ZH && dgettext(DC_TEXTDOMAIN, "")[0] == '\0')
        fprintf(stderr, /* in English, of course, without its catalog */
                _("disclose: warning: no Chinese message catalog in %s "
                  "(set DISCLOSE_LOCALEDIR); messages are in English\n"),
                localedir);
}

enum dc_lang
dc_i18n_lang(void)
{
    return chosen;
}

const char *
dc_i18n_zh(const char *msgid)
{
    if (chosen == DC_LANG_ZH)
        return dgettext(DC_TEXTDOMAIN, msgid);
    if (!zh_locale)
        return msgid;
    locale_t old = uselocale(zh_locale);
    const char *s = dgettext(DC_TEXTDOMAIN, msgid);
    uselocale(old);
    return s;
}

void
dc_i18n_free(void)
{
    if (zh_locale) {
        freelocale(zh_locale);
        zh_locale = (locale_t)0;
    }
}
