/* test_i18n.c: the language: chosen from --lang or the environment, the catalogue compiled
 * into loket (lookups, plurals, fallback), messages filled in Dutch (arguments reordered). */
#include "unit.h"

#include <errno.h>

#include "i18n.h"

static void clear_env(void)
{
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

static void test_set(void **state)
{
	(void)state;
	assert_int_equal(i18n_set("fr"), -1);
	assert_int_equal(i18n_set("nl_NL"), -1); /* --lang takes the language only */
	assert_int_equal(i18n_set("en"), 0);
	assert_string_equal(i18n_lang_name(), "en");
	assert_string_equal(_("error"), "error");
	assert_int_equal(i18n_set("nl"), 0);
	assert_int_equal(i18n_lang(), LANG_NL);
	assert_string_equal(_("error"), "fout");
	assert_string_equal(_("hint"), "tip");
	assert_string_equal(_("no such message in the catalogue"), "no such message in the catalogue");
	assert_string_equal(_(""), ""); /* not the catalogue's header */
	i18n_set("en");
}

static void test_plural(void **state)
{
	(void)state;
	i18n_set("nl");
	assert_string_equal(i18n_ngettext("%zu error", "%zu errors", 1), "%zu fout");
	assert_string_equal(i18n_ngettext("%zu error", "%zu errors", 0), "%zu fouten");
	assert_string_equal(i18n_ngettext("%zu error", "%zu errors", 2), "%zu fouten");
	assert_string_equal(i18n_ngettext("%zu apple", "%zu apples", 2), "%zu apples");
	i18n_set("en");
	assert_string_equal(i18n_ngettext("%zu error", "%zu errors", 1), "%zu error");
	assert_string_equal(i18n_ngettext("%zu error", "%zu errors", 3), "%zu errors");
}

static void test_environment(void **state)
{
	(void)state;
	clear_env();
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_EN);
	setenv("LANG", "nl_NL.UTF-8", 1); /* no nl_NL locale needs to exist */
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_NL);
	setenv("LC_ALL", "C", 1); /* LC_ALL before LANG: C is English */
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_EN);
	unsetenv("LC_ALL");
	setenv("LC_MESSAGES", "en_GB.UTF-8", 1);
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_EN);
	setenv("LANGUAGE", "de:nl:en", 1); /* the first language loket speaks */
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_NL);
	setenv("LANGUAGE", "fr", 1); /* none: the locale decides */
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_EN);
	clear_env();
	setenv("LC_MESSAGES", "nl_BE@euro", 1);
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_NL);
	setenv("LC_MESSAGES", "nlx", 1); /* not a Dutch locale name */
	i18n_from_env();
	assert_int_equal(i18n_lang(), LANG_EN);
	clear_env();
	i18n_set("en");
}

static void test_messages_in_dutch(void **state)
{
	(void)state;
	i18n_set("nl");
	struct msgq q = {0};
	struct pos p = {"a.yaml", 1, 1};
	msg_emit(&q, MSG_SCH001, p, "summary");
	assert_string_equal(q.d[0].text, "verplicht veld 'summary' ontbreekt");
	assert_null(q.d[0].hint);
	/* The Dutch text takes the arguments in another order (%2$s before %1$s); the hint
	 * still takes the arguments after the text's. */
	msg_emit(&q, MSG_VOC003, p, "Gemeente", "paspoort", "Rijk");
	assert_string_equal(q.d[1].text,
	                    "de productenlijst noemt bij 'paspoort' de bestuurslaag Gemeente niet (wel: Rijk)");
	msg_emit(&q, MSG_SCH004_NEAR, p, "titel", "title");
	assert_string_equal(q.d[2].text, "onbekend veld 'titel'");
	assert_string_equal(q.d[2].hint, "Bedoelt u 'title'?");
	/* Codes and severities for machines stay as they are. */
	assert_string_equal(msg_code_name(q.d[2].code), "SCH004");
	assert_string_equal(msg_sev_name(q.d[2].sev), "error");
	assert_string_equal(msg_sev_word(q.d[2].sev), "fout");
	assert_string_equal(msg_code_title(CODE_SCH004), "onbekend veld");
	assert_string_equal(msg_code_title_untranslated(CODE_SCH004), "unknown field");
	/* %% is a percent sign, not a conversion: it takes no argument. */
	msg_emit0(&q, MSG_YML009_DIRECTIVE, p);
	assert_string_equal(q.d[3].text, "YAML-directives (%YAML, %TAG) zijn niet toegestaan");
	assert_string_equal(i18n_strerror(ENOENT), "Bestand of map bestaat niet");
	msg_free(&q);
	i18n_set("en");
	assert_string_equal(i18n_strerror(ENOENT), "No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_set),
	        cmocka_unit_test(test_plural),
	        cmocka_unit_test(test_environment),
	        cmocka_unit_test(test_messages_in_dutch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
