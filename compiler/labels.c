/* labels.c: the fixed words of the uniform presentation, in Dutch and English. */
#include "labels.h"

#include <string.h>

static const char *const nl[L__MAX] = {
        [L_HOW_TO_APPLY] = "Zo vraagt u het aan",
        [L_WHO_CAN_APPLY] = "Wie kan het aanvragen",
        [L_WHAT_YOU_NEED] = "Wat heeft u nodig",
        [L_COSTS] = "Wat kost het",
        [L_HOW_LONG] = "Hoe lang duurt het",
        [L_WHAT_YOU_GET] = "Wat krijgt u",
        [L_OBJECTION] = "Bezwaar en beroep",
        [L_LEGAL_BASIS] = "Wetten en regels",
        [L_CONTACT] = "Contact",
        [L_LAST_REVIEWED] = "Laatst gecontroleerd",
        [L_SUMMARY] = "Samenvatting",
        [L_STEPS] = "Stappen",
        [L_AUDIENCE] = "Voor wie",
        [L_CITIZENS] = "Inwoners",
        [L_BUSINESSES] = "Ondernemers",
        [L_PAPER_ONLY] = "alleen op papier of aan de balie",
        [L_FREE] = "Gratis",
        [L_PAYMENT_METHODS] = "Zo kunt u betalen",
        [L_NO_RESPONSE] = "Als u geen antwoord krijgt",
        [L_OPENING_HOURS] = "Openingstijden",
        [L_APPOINTMENT_REQUIRED] = "Alleen op afspraak",
        [L_APPOINTMENT_OPTIONAL] = "Afspraak maken kan",
        [L_IDENTIFICATION] = "Inloggen met",
        [L_YOU_CAN] = "Hier kunt u",
        [L_LEVEL_FULLY_ONLINE] = "U kunt dit helemaal online regelen",
        [L_LEVEL_PARTLY_ONLINE] = "Gedeeltelijk online",
        [L_LEVEL_FORM_DOWNLOAD_ONLY] = "Niet online: u kunt wel het formulier downloaden",
        [L_LEVEL_OFFLINE] = "Niet online: kom naar de balie of bel ons",
        [L_NOT_ONLINE_MISSING] = "Dit kan niet online",
        [L_VISIT_REQUIRED] = "U moet zelf langskomen voor",
        [L_HOME] = "Home",
        [L_SERVICES_AZ] = "Alle producten van A tot Z",
        [L_BY_AGENCY] = "Per organisatie",
        [L_BY_LIFE_EVENT] = "Per levensgebeurtenis",
        [L_BY_AUDIENCE] = "Voor inwoners en ondernemers",
        [L_BY_LEVEL] = "Per digitaal niveau",
        [L_SKIP_TO_CONTENT] = "Naar de inhoud",
        [L_SEARCH] = "Zoeken",
        [L_OTHER_LANGUAGES] = "Andere talen",
        [L_AGENCY] = "Organisatie",
        [L_LANGUAGES] = "Talen",
        [L_PHONE] = "Telefoon",
        [L_EMAIL] = "E-mail",
        [L_WEBSITE] = "Website",
        [L_ADDRESS] = "Adres",
        [L_KEY_FACTS] = "In het kort",
        [L_BREADCRUMBS] = "U bent hier",
        [L_START_ONLINE] = "Direct online regelen",
        [L_LEAFLET_PDF] = "Folder om te printen (PDF)",
        [L_DIGITAL_LEVEL] = "Online",
        [L_WHERE_TO_GO] = "Waar kunt u terecht",
        [L_SEARCH_BUTTON] = "Zoeken",
        [L_SEARCH_NOSCRIPT] = "Zoeken werkt alleen met JavaScript. Zonder JavaScript vindt u elke dienst in de lijst",
        [L_SEARCH_FOUND] = "%d resultaten voor “%s”",
        [L_SEARCH_NONE] = "Niets gevonden voor “%s”. Probeer een ander woord of kijk in de lijst van A tot Z.",
        [L_SEARCH_TERMS] = "Zoek een dienst",
        [L_LETTER_INDEX] = "Naar letter",
        [L_FILTER_AGENCY] = "Alleen de diensten van",
        [L_ALL_AGENCIES] = "Alle organisaties",
        [L_PAGE_NOT_FOUND] = "Pagina niet gevonden",
        [L_PAGE_NOT_FOUND_TEXT] =
                "Deze pagina bestaat niet (meer). Zoek de dienst die u nodig heeft, of kijk in de lijst van A tot Z.",
        [L_NEWS_FEED] = "Nieuw en gewijzigd (Atom-feed)",
        [L_PRODUCT] = "Product",
        [L_MORE_INFORMATION] = "Meer informatie",
};

static const char *const en[L__MAX] = {
        [L_HOW_TO_APPLY] = "How to apply",
        [L_WHO_CAN_APPLY] = "Who can apply",
        [L_WHAT_YOU_NEED] = "What you need",
        [L_COSTS] = "Costs",
        [L_HOW_LONG] = "How long it takes",
        [L_WHAT_YOU_GET] = "What you get",
        [L_OBJECTION] = "Objection and appeal",
        [L_LEGAL_BASIS] = "Laws and rules",
        [L_CONTACT] = "Contact",
        [L_LAST_REVIEWED] = "Last reviewed",
        [L_SUMMARY] = "Summary",
        [L_STEPS] = "Steps",
        [L_AUDIENCE] = "For whom",
        [L_CITIZENS] = "Residents",
        [L_BUSINESSES] = "Businesses",
        [L_PAPER_ONLY] = "only on paper or at the counter",
        [L_FREE] = "Free",
        [L_PAYMENT_METHODS] = "How to pay",
        [L_NO_RESPONSE] = "If you get no answer",
        [L_OPENING_HOURS] = "Opening hours",
        [L_APPOINTMENT_REQUIRED] = "By appointment only",
        [L_APPOINTMENT_OPTIONAL] = "You can make an appointment",
        [L_IDENTIFICATION] = "Log in with",
        [L_YOU_CAN] = "Here you can",
        [L_LEVEL_FULLY_ONLINE] = "You can do this fully online",
        [L_LEVEL_PARTLY_ONLINE] = "Partly online",
        [L_LEVEL_FORM_DOWNLOAD_ONLY] = "Not online: you can download the form",
        [L_LEVEL_OFFLINE] = "Not online: visit the counter or call us",
        [L_NOT_ONLINE_MISSING] = "Not possible online",
        [L_VISIT_REQUIRED] = "You must come in person for",
        [L_HOME] = "Home",
        [L_SERVICES_AZ] = "All services A to Z",
        [L_BY_AGENCY] = "By organisation",
        [L_BY_LIFE_EVENT] = "By life event",
        [L_BY_AUDIENCE] = "For residents and businesses",
        [L_BY_LEVEL] = "By digital level",
        [L_SKIP_TO_CONTENT] = "Skip to content",
        [L_SEARCH] = "Search",
        [L_OTHER_LANGUAGES] = "Other languages",
        [L_AGENCY] = "Organisation",
        [L_LANGUAGES] = "Languages",
        [L_PHONE] = "Phone",
        [L_EMAIL] = "Email",
        [L_WEBSITE] = "Website",
        [L_ADDRESS] = "Address",
        [L_KEY_FACTS] = "At a glance",
        [L_BREADCRUMBS] = "You are here",
        [L_START_ONLINE] = "Start online",
        [L_LEAFLET_PDF] = "Leaflet to print (PDF)",
        [L_DIGITAL_LEVEL] = "Online",
        [L_WHERE_TO_GO] = "Where to go",
        [L_SEARCH_BUTTON] = "Search",
        [L_SEARCH_NOSCRIPT] = "Search needs JavaScript. Without it, you find every service in the list",
        [L_SEARCH_FOUND] = "%d results for “%s”",
        [L_SEARCH_NONE] = "Nothing found for “%s”. Try another word or look in the A to Z list.",
        [L_SEARCH_TERMS] = "Find a service",
        [L_LETTER_INDEX] = "Go to letter",
        [L_FILTER_AGENCY] = "Only the services of",
        [L_ALL_AGENCIES] = "All organisations",
        [L_PAGE_NOT_FOUND] = "Page not found",
        [L_PAGE_NOT_FOUND_TEXT] =
                "This page does not exist (any more). Search for the service you need, or look in the A to Z list.",
        [L_NEWS_FEED] = "New and changed (Atom feed)",
        [L_PRODUCT] = "Product",
        [L_MORE_INFORMATION] = "More information",
};

static int is_nl(const char *lang) { return lang && !strncmp(lang, "nl", 2) && (lang[2] == '\0' || lang[2] == '-'); }

int label_has_language(const char *lang)
{
	return is_nl(lang) || (lang && !strncmp(lang, "en", 2) && (lang[2] == '\0' || lang[2] == '-'));
}

const char *label(const char *lang, enum label l) { return is_nl(lang) ? nl[l] : en[l]; }

const char *label_level(const char *lang, enum level lv)
{
	static const enum label map[LEVEL__MAX] = {L_LEVEL_FULLY_ONLINE, L_LEVEL_PARTLY_ONLINE,
	                                           L_LEVEL_FORM_DOWNLOAD_ONLY, L_LEVEL_OFFLINE};
	return label(lang, map[lv]);
}

const char *label_capability(const char *lang, enum capability c)
{
	static const char *const cap_nl[CAP__MAX] = {"informatie krijgen",
	                                             "het formulier downloaden",
	                                             "inloggen",
	                                             "aanvragen",
	                                             "ondertekenen",
	                                             "bewijsstukken aanleveren",
	                                             "betalen",
	                                             "een ontvangstbevestiging krijgen",
	                                             "de status volgen",
	                                             "het besluit ontvangen",
	                                             "een bericht krijgen als het klaar is"};
	static const char *const cap_en[CAP__MAX] = {"get information",
	                                             "download the form",
	                                             "log in",
	                                             "apply",
	                                             "sign",
	                                             "provide evidence",
	                                             "pay",
	                                             "get an acknowledgement",
	                                             "track the status",
	                                             "receive the decision",
	                                             "be notified when it is done"};
	return is_nl(lang) ? cap_nl[c] : cap_en[c];
}

const char *label_channel(const char *lang, enum channel_type t)
{
	static const char *const ch_nl[CH__MAX] = {"Online",      "App",  "E-mail", "Telefoon",
	                                           "Videobellen", "Post", "Balie",  "Huisbezoek"};
	static const char *const ch_en[CH__MAX] = {"Online",     "App",  "Email",   "Phone",
	                                           "Video call", "Post", "Counter", "Home visit"};
	return is_nl(lang) ? ch_nl[t] : ch_en[t];
}

const char *label_day(const char *lang, const char *day)
{
	static const char *const keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	static const char *const d_nl[] = {"maandag", "dinsdag",  "woensdag", "donderdag",
	                                   "vrijdag", "zaterdag", "zondag"};
	static const char *const d_en[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
	                                   "Friday", "Saturday", "Sunday"};
	for (int i = 0; i < 7; i++)
		if (!strcmp(keys[i], day))
			return is_nl(lang) ? d_nl[i] : d_en[i];
	return day;
}

const char *label_no_response(const char *lang, const char *rule)
{
	if (!strcmp(rule, "tacit-approval"))
		return is_nl(lang) ? "Van rechtswege verleend: u krijgt wat u vroeg"
		                   : "Tacit approval: you get what you asked for";
	if (!strcmp(rule, "none"))
		return is_nl(lang) ? "U kunt de organisatie in gebreke stellen"
		                   : "You can give the agency formal notice";
	return is_nl(lang) ? "Zie de toelichting" : "See the explanation";
}

const char *label_identification(const char *lang, const char *ident)
{
	if (!strcmp(ident, "digid"))
		return "DigiD";
	if (!strcmp(ident, "eherkenning"))
		return "eHerkenning";
	if (!strcmp(ident, "eidas"))
		return is_nl(lang) ? "Europese inlogmiddelen (eIDAS)" : "European login (eIDAS)";
	if (!strcmp(ident, "id-document"))
		return is_nl(lang) ? "uw identiteitsbewijs" : "your identity document";
	return is_nl(lang) ? "zonder inloggen" : "no login needed";
}
