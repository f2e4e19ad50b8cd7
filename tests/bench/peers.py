#!/usr/bin/env python3
"""peers.py: the peers' side of loket's benchmark, made from gen's JSON catalogue.

usage:
  peers.py hugo JSONDIR SITEDIR       a Hugo site of the catalogue (layouts from hugo/ beside this file)
  peers.py leaflets JSONDIR HTMLDIR   one HTML leaflet per service and translation, for WeasyPrint
  peers.py weasyprint HTMLDIR PDFDIR  print every leaflet to PDF in this one process; prints the pages
  peers.py pages DIR                  the number of pages of the PDFs DIR/*/*.pdf

JSONDIR is written by `gen --json` (the same documents as the YAML catalogue).
Each service becomes one page and each translation one more, as in loket's
portal and leaflets: <agency>/<service> and <agency>/<service>.<lang> (Hugo:
<service>-<lang>, since Hugo reads a .<lang>.md suffix as a site language).
Only the standard library is used, except WeasyPrint for `weasyprint`.
"""
import glob
import hashlib
import html
import json
import os
import re
import shutil
import sys

# The words of the pages, in Dutch and English (loket's labels, abridged).
LABELS = {
    "nl": {
        "agency": "Organisatie", "other_languages": "Andere talen", "how_to_apply": "Zo vraagt u het aan",
        "steps": "Stappen", "here_you_can": "Hier kunt u", "log_in_with": "Inloggen met",
        "opening_hours": "Openingstijden", "phone": "Telefoon", "email": "E-mail", "website": "Website",
        "who": "Wie kan het aanvragen", "for_whom": "Voor wie", "need": "Wat heeft u nodig",
        "paper": "(alleen op papier of aan de balie)", "costs": "Wat kost het", "free": "Gratis",
        "pay_with": "Betalen kan", "how_long": "Hoe lang duurt het", "no_response": "Als u geen antwoord krijgt",
        "outcome": "Wat krijgt u", "redress": "Bezwaar en beroep", "legal_basis": "Wetten en regels",
        "contact": "Contact", "in_person": "U moet zelf langskomen voor", "sdg": "Europese dienst (SDG)",
        "modified": "Laatst gecontroleerd", "more_info": "Meer informatie", "processing_time": "Doorlooptijd",
        "channel": {"online": "Online", "app": "App", "email": "E-mail", "phone": "Telefoon", "video": "Video",
                    "post": "Post", "counter": "Balie", "home-visit": "Huisbezoek"},
        "can": {"inform": "informatie krijgen", "download-form": "het formulier downloaden", "identify": "inloggen",
                "submit": "aanvragen", "sign": "ondertekenen", "provide-evidence": "bewijsstukken aanleveren",
                "pay": "betalen", "acknowledge": "een ontvangstbevestiging krijgen",
                "track-status": "de status volgen", "receive-outcome": "het besluit ontvangen",
                "notify-completion": "bericht krijgen als het klaar is"},
        "identification": {"digid": "DigiD", "eherkenning": "eHerkenning", "eidas": "een Europees inlogmiddel (eIDAS)",
                           "id-document": "uw identiteitsbewijs", "none": "niet nodig"},
        "days": {"mon": "maandag", "tue": "dinsdag", "wed": "woensdag", "thu": "donderdag", "fri": "vrijdag",
                 "sat": "zaterdag", "sun": "zondag"},
        "appointment": {"required": "Alleen op afspraak", "optional": "Afspraak maken kan",
                        "none": "Geen afspraak nodig"},
        "payment": {"online": "online", "card-at-counter": "met de pinpas aan de balie", "cash": "contant",
                    "invoice": "met een factuur", "direct-debit": "met automatische incasso"},
        "audience": {"citizen": "Inwoners", "business": "Ondernemers"},
        "rule": {"tacit-approval": "Dan krijgt u wat u vroeg (positieve fictieve beschikking)",
                 "none": "Dan gebeurt er niets vanzelf", "other": "Zie de toelichting"},
        "units": {"D": "dagen", "W": "weken", "M": "maanden", "Y": "jaar"},
        "languages": {"nl": "Nederlands", "en": "English"},
    },
    "en": {
        "agency": "Organisation", "other_languages": "Other languages", "how_to_apply": "How to apply",
        "steps": "Steps", "here_you_can": "Here you can", "log_in_with": "Log in with",
        "opening_hours": "Opening hours", "phone": "Phone", "email": "Email", "website": "Website",
        "who": "Who can apply", "for_whom": "For", "need": "What you need",
        "paper": "(only on paper or at the counter)", "costs": "What it costs", "free": "Free",
        "pay_with": "You can pay", "how_long": "How long it takes", "no_response": "If you get no answer",
        "outcome": "What you get", "redress": "Objection and appeal", "legal_basis": "Laws and rules",
        "contact": "Contact", "in_person": "You have to come in person to", "sdg": "European service (SDG)",
        "modified": "Last checked", "more_info": "More information", "processing_time": "Processing time",
        "channel": {"online": "Online", "app": "App", "email": "Email", "phone": "Phone", "video": "Video",
                    "post": "Post", "counter": "Counter", "home-visit": "Home visit"},
        "can": {"inform": "get information", "download-form": "download the form", "identify": "log in",
                "submit": "apply", "sign": "sign", "provide-evidence": "provide evidence", "pay": "pay",
                "acknowledge": "get an acknowledgement", "track-status": "track the status",
                "receive-outcome": "receive the decision", "notify-completion": "be told when it is done"},
        "identification": {"digid": "DigiD", "eherkenning": "eHerkenning", "eidas": "a European login (eIDAS)",
                           "id-document": "your identity document", "none": "not needed"},
        "days": {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
                 "sat": "Saturday", "sun": "Sunday"},
        "appointment": {"required": "By appointment only", "optional": "You can make an appointment",
                        "none": "No appointment needed"},
        "payment": {"online": "online", "card-at-counter": "by card at the counter", "cash": "in cash",
                    "invoice": "by invoice", "direct-debit": "by direct debit"},
        "audience": {"citizen": "Citizens", "business": "Businesses"},
        "rule": {"tacit-approval": "Then you get what you asked for", "none": "Then nothing happens by itself",
                 "other": "See the explanation"},
        "units": {"D": "days", "W": "weeks", "M": "months", "Y": "years"},
        "languages": {"nl": "Nederlands", "en": "English"},
    },
}
TRANSLATED = ("title", "summary", "description", "conditions", "steps", "outcome", "redress")


def die(msg):
    sys.exit(f"peers.py: {msg}")


def catalogue(jsondir):
    """Yields (agency, page, name) for every service and translation of gen's JSON catalogue: name
    is <service> or <service>.<lang>. A translation page is the service with the translated fields
    put in place and its language set."""
    agencies = sorted(glob.glob(os.path.join(jsondir, "*", "agency.json")))
    if not agencies:
        die(f"{jsondir}: no */agency.json (write it with gen --json)")
    for agency_file in agencies:
        with open(agency_file, encoding="utf-8") as f:
            agency = json.load(f)
        for path in sorted(glob.glob(os.path.join(os.path.dirname(agency_file), "*-*.json"))):
            with open(path, encoding="utf-8") as f:
                svc = json.load(f)
            yield agency, svc, svc["id"]
            for lang, tr in sorted(svc.get("translations", {}).items()):
                page = {k: v for k, v in svc.items() if k != "translations"}
                page.update({k: v for k, v in tr.items() if k in TRANSLATED})
                page.update(language=lang, translation_of=svc["id"])
                yield agency, page, f"{svc['id']}.{lang}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ------------------------------------------------------------------ Hugo
def yaml_block(value, indent=""):
    """value (a mapping) as block-style YAML lines; scalars are JSON, which YAML 1.2 reads alike."""
    lines = []
    for key, v in value.items():
        if isinstance(v, dict) and v:
            lines.append(f"{indent}{key}:")
            lines += yaml_block(v, indent + "  ")
        elif isinstance(v, list) and v:
            lines.append(f"{indent}{key}:")
            for item in v:
                if isinstance(item, dict):
                    sub = yaml_block(item, indent + "  ")
                    lines.append(indent + "- " + sub[0][len(indent) + 2:])
                    lines += sub[1:]
                else:
                    lines.append(f"{indent}- {json.dumps(item, ensure_ascii=False)}")
        else:
            lines.append(f"{indent}{key}: {json.dumps(v, ensure_ascii=False)}")
    return lines


def front_matter(fields, body=""):
    return "---\n" + "\n".join(yaml_block(fields)) + "\n---\n" + body + "\n"


def hugo(jsondir, site):
    """The site: layouts and config from hugo/, labels as data, a section per agency with its
    agency fields, a page per service (front matter: every field but the description, which is
    the Markdown body) and per translation (<service>-<lang>, the translated fields in place)."""
    if os.path.exists(site):
        shutil.rmtree(site)
    shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hugo"), site)
    write(os.path.join(site, "data", "labels.json"), json.dumps(LABELS, ensure_ascii=False))
    write(os.path.join(site, "content", "a-z.md"),
          front_matter({"title": "Alle producten van A tot Z", "layout": "az", "outputs": ["HTML"]}))
    seen = set()
    for agency, page, name in catalogue(jsondir):
        if agency["id"] not in seen:
            seen.add(agency["id"])
            write(os.path.join(site, "content", agency["id"], "_index.md"),
                  front_matter(dict(agency, title=agency["name"])))
        fields = {k: v for k, v in page.items() if k != "description"}
        write(os.path.join(site, "content", agency["id"], name.replace(".", "-") + ".md"),
              front_matter(fields, page["description"]))


# ------------------------------------------------------------------ leaflets
def esc(s):
    return html.escape(str(s), quote=True)


def qr_svg(text):
    """A 33x33 pattern of modules standing in for the QR code of text (loket draws a real one)."""
    bits = b"".join(hashlib.sha256(f"{text}{i}".encode()).digest() for i in range(5))
    d = "".join(f"M{i % 33} {i // 33}h1v1h-1z" for i in range(33 * 33) if bits[i // 8] >> (i % 8) & 1)
    return f'<svg class="qr" viewBox="0 0 33 33" xmlns="http://www.w3.org/2000/svg"><path d="{d}"/></svg>'


def duration(iso, lbl):
    m = re.fullmatch(r"P(\d+)([DWMY])", iso or "")
    return f"{m.group(1)} {lbl['units'][m.group(2)]}" if m else esc(iso)


def leaflet(agency, s, lang):
    """One service's leaflet as an HTML document in the order of loket's: header, title, summary,
    the How-to-apply box with the channels and the code, then the sections in two columns."""
    lbl = LABELS.get(lang, LABELS["nl"])
    url = f"{agency['website']}/loket/{s['id']}"
    out = [f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(s["title"])}</title>'
           f'</head><body><div class="band">{esc(agency["name"])}</div>'
           f'<footer><span>{lbl["modified"]}: {esc(s["modified"])}<br>{lbl["more_info"]}: {esc(url)}</span></footer>'
           f'<h1>{esc(s["product"].capitalize())}</h1><p class="subtitle">{esc(s["title"])}</p>'
           f'<p>{esc(s["summary"])}</p><div class="box"><div class="code">{qr_svg(url)}<p>{esc(url)}</p></div>'
           f'<h2>{lbl["how_to_apply"]}</h2>']
    for c in s["channels"]:
        out.append(f'<p><strong>{lbl["channel"][c["type"]]}</strong>')
        for key in ("url", "phone", "email"):
            if key in c:
                out.append(f": {esc(c[key])}")
        out.append(f'<br>{lbl["here_you_can"]}: {", ".join(lbl["can"][x] for x in c["can"])}.')
        if "identification" in c:
            out.append(f' {lbl["log_in_with"]}: {", ".join(lbl["identification"][x] for x in c["identification"])}.')
        if "address" in c:
            a = c["address"]
            out.append(f'<br>{esc(a["street"])}, {esc(a["postal_code"])} {esc(a["city"])}')
        for h in c.get("opening_hours", []):
            out.append(f'<br>{lbl["opening_hours"]}: {", ".join(lbl["days"][d] for d in h["days"])} '
                       f'{esc(h["from"])}&ndash;{esc(h["to"])}')
        if "appointment" in c:
            out.append(f'<br>{lbl["appointment"][c["appointment"]]}')
        out.append("</p>")
    out.append('</div><div class="columns">')
    if s.get("steps"):
        out.append(f'<h2>{lbl["steps"]}</h2><ol>' + "".join(
            f'<li><strong>{esc(st["title"])}.</strong> {esc(st["text"])}</li>' for st in s["steps"]) + "</ol>")
    out.append(f'<h2>{lbl["who"]}</h2><p><strong>{lbl["for_whom"]}:</strong> '
               f'{", ".join(lbl["audience"][a] for a in s["audience"])}.</p>')
    out.append("<ul>" + "".join(f"<li>{esc(c)}</li>" for c in s.get("conditions", [])) + "</ul>")
    if s.get("evidence"):
        out.append(f'<h2>{lbl["need"]}</h2><ul>' + "".join(
            f'<li><strong>{esc(e["name"])}</strong>{"" if e.get("digital", True) else " " + lbl["paper"]}'
            f'{"<br>" + esc(e["description"]) if "description" in e else ""}</li>' for e in s["evidence"]) + "</ul>")
    costs = s["costs"]
    out.append(f'<h2>{lbl["costs"]}</h2>')
    if costs.get("free"):
        out.append(f'<p>{lbl["free"]}</p>')
    else:
        out.append("<ul>" + "".join(f'<li>{esc(i["description"])}: <strong>&euro; {i["amount"]:.2f}</strong></li>'
                                    for i in costs.get("items", [])) + "</ul>")
        if costs.get("payment_methods"):
            out.append(f'<p>{lbl["pay_with"]}: {", ".join(lbl["payment"][m] for m in costs["payment_methods"])}.</p>')
    if "processing_time" in s:
        pt = s["processing_time"]
        out.append(f'<h2>{lbl["how_long"]}</h2><p><strong>{lbl["processing_time"]}:</strong> '
                   f'{duration(pt.get("duration"), lbl)}.</p><p>{esc(pt.get("text", ""))}</p>')
    if "no_response" in s:
        nr = s["no_response"]
        out.append(f'<h3>{lbl["no_response"]}</h3><p>{lbl["rule"][nr["rule"]]}. {esc(nr.get("text", ""))}</p>')
    if "physical_presence" in s:
        pp = s["physical_presence"]
        out.append(f'<p><strong>{lbl["in_person"]}:</strong> {esc(", ".join(pp.get("steps", [])))}</p>')
    for key in ("outcome", "redress"):
        if key in s:
            out.append(f"<h2>{lbl[key]}</h2><p>{esc(s[key])}</p>")
    if s.get("legal_basis"):
        out.append(f'<h2>{lbl["legal_basis"]}</h2><ul>' +
                   "".join(f'<li>{esc(lb["title"])}</li>' for lb in s["legal_basis"]) + "</ul>")
    contact = dict(agency.get("contact", {}), **s.get("contact", {}))
    out.append(f'<h2>{lbl["contact"]}</h2><p>')
    for key, label in (("phone", "phone"), ("email", "email"), ("url", "website")):
        if key in contact:
            out.append(f'{lbl[label]}: <strong>{esc(contact[key])}</strong><br>')
    if "address" in contact:
        a = contact["address"]
        out.append(f'{esc(a["street"])}, {esc(a["postal_code"])} {esc(a["city"])}')
    out.append("</p></div></body></html>\n")
    return "".join(out)


def leaflets(jsondir, htmldir):
    if os.path.exists(htmldir):
        shutil.rmtree(htmldir)
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "leaflet.css"),
                os.path.join(os.makedirs(htmldir) or htmldir, "leaflet.css"))
    for agency, page, name in catalogue(jsondir):
        write(os.path.join(htmldir, agency["id"], name + ".html"), leaflet(agency, page, page.get("language", "nl")))


def weasyprint(htmldir, pdfdir):
    """Every leaflet to PDF, in this one process: the style sheet and fonts are loaded once."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=os.path.join(htmldir, "leaflet.css"), font_config=fonts)
    files = pages = 0
    for src in sorted(glob.glob(os.path.join(htmldir, "*", "*.html"))):
        dst = os.path.join(pdfdir, os.path.relpath(src, htmldir))[:-len(".html")] + ".pdf"
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        doc = HTML(filename=src).render(stylesheets=[css], font_config=fonts)
        doc.write_pdf(dst)
        files += 1
        pages += len(doc.pages)
    print(f"{files} leaflets, {pages} pages")


def count_pages(pdfdir):
    """Pages of the PDFs DIR/*/*.pdf: the /Type /Page objects (cairo and pydyf write them uncompressed)."""
    page = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
    files = pages = 0
    for path in glob.glob(os.path.join(pdfdir, "*", "*.pdf")):
        with open(path, "rb") as f:
            pages += len(page.findall(f.read()))
        files += 1
    print(f"{files} leaflets, {pages} pages")


def main(argv):
    commands = {"hugo": (hugo, 2), "leaflets": (leaflets, 2), "weasyprint": (weasyprint, 2), "pages": (count_pages, 1)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    commands[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
