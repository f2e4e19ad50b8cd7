/* render_sc.c: the Samenwerkende Catalogi 4.0 back-end: one feed per agency,
 * sc/<agency>.xml (overheidproduct:scproducten), built with libxml2's tree API, which
 * escapes every text and attribute by construction. Reads the model only. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "html.h"
#include "load_sc.h"
#include "render.h"
#include "xml.h"

#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

struct feed {
	xmlNsPtr product, dcterms, owms;
};

static const xmlChar *X(const char *s) { return (const xmlChar *)s; }

/* An element with text under parent: libxml2 escapes it; xml_chars first replaces what
 * XML 1.0 cannot hold at all (U+FFFE, U+FFFF), which libxml2 would write as it is. */
static xmlNodePtr text_el(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	struct buf b = {0};
	xml_chars(&b, text ? text : "");
	xmlNodePtr el = xmlNewTextChild(parent, ns, X(name), X(b.p ? b.p : ""));
	buf_free(&b);
	return el;
}

/* An attribute, made to fit XML 1.0 like text_el's text. */
static void attr(xmlNodePtr el, const char *name, const char *value)
{
	struct buf b = {0};
	xml_chars(&b, value);
	xmlNewProp(el, X(name), X(b.p ? b.p : ""));
	buf_free(&b);
}

/* The schemes of an agency's type: overheid:authority (SC's AgentScheme) and
 * dcterms:spatial (SC's LocationScheme). The national layer governs the Netherlands. */
static void schemes(enum agency_type t, const char **authority, const char **spatial)
{
	switch (t) {
	case AG_MUNICIPALITY:
		*authority = *spatial = "overheid:Gemeente";
		break;
	case AG_PROVINCE:
		*authority = *spatial = "overheid:Provincie";
		break;
	case AG_WATER_AUTHORITY:
		*authority = *spatial = "overheid:Waterschap";
		break;
	case AG_MINISTRY:
		*authority = "overheid:Ministerie";
		*spatial = "overheid:Koninkrijksdeel";
		break;
	default:
		*authority = "overheid:AndereOrganisatie";
		*spatial = "overheid:Koninkrijksdeel";
		break;
	}
}

/* onlineAanvragen: digid when a digital channel can submit with DigiD, ja when one can
 * submit otherwise, nee otherwise; *url is that channel's URL (the first such channel). */
static const char *online_request(const struct service *s, const char **url)
{
	const struct channel *digid = NULL, *other = NULL;
	for (size_t i = 0; i < s->nchannels; i++) {
		const struct channel *c = &s->channels[i];
		if (!model_channel_is_digital(c->type) || !(c->can & (1u << CAP_SUBMIT)) || c->url == NULL)
			continue;
		if ((c->ident & (1u << ID_DIGID)) && digid == NULL)
			digid = c;
		else if (other == NULL)
			other = c;
	}
	*url = digid ? digid->url : other ? other->url : NULL;
	return digid ? "digid" : other ? "ja" : "nee";
}

static void product(const struct render_ctx *ctx, const struct feed *f, xmlNodePtr root, const struct service *s)
{
	const struct agency *a = s->agency;
	xmlNodePtr p = xmlNewChild(root, f->product, X("scproduct"), NULL);
	attr(p, "owms-version", "4.0");
	xmlNodePtr meta = xmlNewChild(p, f->product, X("meta"), NULL);

	xmlNodePtr kern = xmlNewChild(meta, f->product, X("owmskern"), NULL);
	struct buf url = {0};
	if (*ctx->base_url)
		buf_printf(&url, "%s/", ctx->base_url);
	buf_printf(&url, "html/%s/%s.html", a->id, s->id); /* the portal page: the canonical URL */
	text_el(kern, f->dcterms, "identifier", url.p);
	buf_free(&url);
	text_el(kern, f->dcterms, "title", s->title);
	text_el(kern, f->dcterms, "language", s->language);
	attr(text_el(kern, f->dcterms, "type", "productbeschrijving"), "scheme", "overheid:Informatietype");
	text_el(kern, f->dcterms, "modified", node_get_str(s->root, "modified"));
	const char *uri = node_get_str(a->root, "uri");
	if (uri) { /* SC requires a resourceIdentifier: without the agency's OWMS URI, neither is written */
		const char *auth_scheme, *spatial_scheme;
		schemes(a->type, &auth_scheme, &spatial_scheme);
		xmlNodePtr sp;
		if (!strcmp(spatial_scheme, "overheid:Koninkrijksdeel")) {
			sp = text_el(kern, f->dcterms, "spatial", "Nederland");
			attr(sp, "scheme", spatial_scheme);
			attr(sp, "resourceIdentifier", "http://standaarden.overheid.nl/owms/terms/Nederland");
		} else {
			sp = text_el(kern, f->dcterms, "spatial", a->name);
			attr(sp, "scheme", spatial_scheme);
			attr(sp, "resourceIdentifier", uri);
		}
		xmlNodePtr au = text_el(kern, f->owms, "authority", a->name);
		attr(au, "scheme", auth_scheme);
		attr(au, "resourceIdentifier", uri);
	}

	xmlNodePtr mantel = xmlNewChild(meta, f->product, X("owmsmantel"), NULL);
	if (s->audience_citizen)
		attr(text_el(mantel, f->dcterms, "audience", "particulier"), "scheme", "overheid:Doelgroep");
	if (s->audience_business)
		attr(text_el(mantel, f->dcterms, "audience", "ondernemer"), "scheme", "overheid:Doelgroep");
	text_el(mantel, f->dcterms, "abstract", s->summary);

	xmlNodePtr sc = xmlNewChild(meta, f->product, X("scmeta"), NULL);
	text_el(sc, f->product, "productID", s->id);
	const char *request_url;
	text_el(sc, f->product, "onlineAanvragen", online_request(s, &request_url));
	if (request_url)
		attr(text_el(sc, f->product, "aanvraagURL", request_url), "resourceIdentifier", request_url);
	const char *contact_url = node_get_str(node_get(s->root, "contact"), "url");
	if (contact_url)
		attr(text_el(sc, f->product, "contactpunt", contact_url), "resourceIdentifier", contact_url);
	const struct product *pr = vocab_product(ctx->vocab, s->product);
	xmlNodePtr upn = text_el(sc, f->product, "uniformeProductnaam", pr ? pr->name : s->product);
	attr(upn, "scheme", "overheid:UniformeProductnaam");
	if (pr && pr->uri)
		attr(upn, "resourceIdentifier", pr->uri);

	/* The body: the description as HTML (html.c), carried as text as PDC systems do. */
	xmlNodePtr body = xmlNewChild(p, f->product, X("body"), NULL);
	struct buf html = {0};
	html_rich_text(&html, s->description, NULL);
	text_el(body, f->product, "productHTML", html.p ? html.p : "");
	buf_free(&html);
}

/* The feed of one agency; its services are adjacent in ctx->services. */
static int agency_feed(const struct render_ctx *ctx, const struct agency *a)
{
	size_t count = 0;
	for (size_t i = 0; i < ctx->nservices; i++)
		count += ctx->services[i]->agency == a;
	if (count == 0)
		return 0; /* SC 4.0 requires at least one product: no feed */
	xmlDocPtr doc = xmlNewDoc(X("1.0"));
	xmlNodePtr root = xmlNewNode(NULL, X("scproducten"));
	struct feed f;
	f.product = xmlNewNs(root, X(SC_NS_PRODUCT), X("overheidproduct"));
	xmlSetNs(root, f.product);
	f.owms = xmlNewNs(root, X(SC_NS_OWMS), X("overheid"));
	f.dcterms = xmlNewNs(root, X(SC_NS_DCTERMS), X("dcterms"));
	xmlNsPtr xsi = xmlNewNs(root, X(NS_XSI), X("xsi"));
	xmlNewNsProp(root, xsi, X("schemaLocation"),
	             X(SC_NS_PRODUCT " http://standaarden.overheid.nl/sc/4.0/xsd/sc.xsd"));
	xmlDocSetRootElement(doc, root);
	for (size_t i = 0; i < ctx->nservices; i++)
		if (ctx->services[i]->agency == a)
			product(ctx, &f, root, ctx->services[i]);
	xmlChar *mem = NULL;
	int size = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (mem == NULL)
		die("out of memory");
	struct buf path = {0};
	buf_printf(&path, "sc/%s.xml", a->id);
	int rc = render_file(ctx, path.p, mem, (size_t)size);
	buf_free(&path);
	xmlFree(mem);
	return rc;
}

int render_sc(const struct render_ctx *ctx)
{
	xmlInitParser();
	for (size_t i = 0; i < ctx->nagencies; i++)
		if (agency_feed(ctx, ctx->agencies[i]) != 0)
			return -1;
	return 0;
}
