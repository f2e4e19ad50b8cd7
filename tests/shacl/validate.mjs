// validate.mjs: loket's linked data (catalogue.jsonld) against the official CPSV-AP 3.2
// SHACL shapes, through a JSON-LD processor, with the checks that SHACL cannot make.
//
// Usage: node validate.mjs SHAPES.ttl VOCABULARY.ttl BUILD/json...
// For each build folder (BUILD/json, holding catalogue.jsonld and catalogue.json):
//   1. jsonld.toRDF (jsonld.js, no base IRI) gives as many triples as the document has
//      statements, counted by walking the JSON; and again in jsonld.js's safe mode, which
//      fails on anything it would drop (relative IRIs, unknown terms, bad values);
//   2. rdf-validate-shacl with the shapes: no result at all (violations, warnings or infos);
//   3. every predicate and class is a term of CPSV-AP 3.2 (an IRI of the vocabulary or the
//      shapes), or rdf:type, skos:inScheme, skos:ConceptScheme (the loket concept scheme);
//   4. every IRI is absolute (http or https), every text literal has a language tag;
//   5. against catalogue.json of the same build: every service is there once, with its
//      title in its language and in every translation that has one, and as many channels,
//      costs, pieces of evidence, requirements (conditions), life events and languages;
//      every service's identifier is unique.
// Prints one line per build and the problems; exit status 0 only if there are none.
import fs from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const DCT = 'http://purl.org/dc/terms/';
const CV = 'http://data.europa.eu/m8g/';
const CPSV = 'http://purl.org/vocab/cpsv#';
const EXTRA_TERMS = new Set([RDF + 'type', SKOS + 'inScheme', SKOS + 'ConceptScheme']);

const [shapesFile, vocabFile, ...builds] = process.argv.slice(2);
if (!shapesFile || !vocabFile || builds.length === 0) {
  console.error('usage: node validate.mjs SHAPES.ttl VOCABULARY.ttl BUILD/json...');
  process.exit(2);
}

function parseTurtle(file) {
  return new N3.Parser({ baseIRI: 'file://' + path.resolve(file) }).parse(fs.readFileSync(file, 'utf8'));
}
const shapes = parseTurtle(shapesFile);
const terms = new Set(EXTRA_TERMS);
for (const q of [...shapes, ...parseTurtle(vocabFile)])
  for (const t of [q.subject, q.predicate, q.object]) if (t.termType === 'NamedNode') terms.add(t.value);

// The statements of a JSON-LD document as loket writes it (node objects in @graph, nested
// node objects, value objects, IRIs as {"@id"}), counted without a JSON-LD processor.
function countStatements(doc, problems) {
  let n = 0;
  const node = (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (k === '@id') continue;
      if (k.startsWith('@') && k !== '@type') {
        problems.push(`a keyword this count does not know: ${k}`);
        continue;
      }
      for (const item of Array.isArray(v) ? v : [v]) {
        n++;
        if (item && typeof item === 'object' && !('@value' in item) && Object.keys(item).some((x) => x !== '@id'))
          node(item);
      }
    }
  };
  for (const o of doc['@graph'] || []) node(o);
  return n;
}

function fromJsonld(term) {
  const f = N3.DataFactory;
  switch (term.termType) {
    case 'NamedNode':
      return f.namedNode(term.value);
    case 'BlankNode':
      return f.blankNode(term.value.replace(/^_:/, ''));
    case 'Literal':
      return term.language
        ? f.literal(term.value, term.language)
        : f.literal(term.value, f.namedNode(term.datatype.value));
    default:
      return f.defaultGraph();
  }
}

async function checkBuild(dir) {
  const problems = [];
  const file = path.join(dir, 'catalogue.jsonld');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const catalogue = JSON.parse(fs.readFileSync(path.join(dir, 'catalogue.json'), 'utf8'));

  // 1. no triple dropped
  const expected = countStatements(doc, problems);
  const raw = await jsonld.toRDF(doc, {});
  if (raw.length !== expected)
    problems.push(`jsonld.toRDF gives ${raw.length} triples of the ${expected} statements: ${expected - raw.length} dropped`);
  try {
    await jsonld.toRDF(doc, { safe: true });
  } catch (e) {
    problems.push(`jsonld.toRDF in safe mode: ${e.message}${e.details ? ' ' + JSON.stringify(e.details).slice(0, 300) : ''}`);
  }
  const quads = raw.map((q) =>
    N3.DataFactory.quad(fromJsonld(q.subject), fromJsonld(q.predicate), fromJsonld(q.object)));

  // 2. SHACL
  const validator = new SHACLValidator(shapes);
  const report = await validator.validate(validator.factory.dataset(quads));
  const results = report.results;
  const groups = new Map();
  for (const r of results) {
    const key = `${r.severity?.value.replace(/.*#/, '')}: ${r.path?.value || ''} ${r.message.map((m) => m.value).join(' ')}`;
    groups.set(key, (groups.get(key) || 0) + 1);
  }
  if (results.length) {
    problems.push(`${results.length} SHACL results (conforms: ${report.conforms})`);
    for (const [k, c] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) problems.push(`  ${c} x ${k}`);
  }

  // 3. terms of CPSV-AP only; 4. absolute IRIs, tagged texts
  const unknown = new Set();
  for (const q of quads) {
    if (!terms.has(q.predicate.value)) unknown.add(q.predicate.value);
    if (q.predicate.value === RDF + 'type' && !terms.has(q.object.value)) unknown.add(q.object.value);
    for (const t of [q.subject, q.object])
      if (t.termType === 'NamedNode' && !/^https?:\/\/[^/\s]+/.test(t.value)) unknown.add(`not an absolute http(s) IRI: ${t.value}`);
    if (q.subject.termType !== 'NamedNode') unknown.add('a blank node (a node without an IRI)');
    if (q.object.termType === 'Literal' && q.object.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' &&
        q.predicate.value !== DCT + 'identifier' && !q.predicate.value.startsWith(CV + 'telephone') && q.predicate.value !== CV + 'email')
      unknown.add(`a text without a language tag: ${q.predicate.value} "${q.object.value.slice(0, 40)}"`);
  }
  for (const u of [...unknown].sort()) problems.push(`not CPSV-AP: ${u}`);

  // 5. against catalogue.json
  const bySubject = new Map();
  for (const q of quads) {
    if (!bySubject.has(q.subject.value)) bySubject.set(q.subject.value, []);
    bySubject.get(q.subject.value).push(q);
  }
  const values = (s, p) => (bySubject.get(s) || []).filter((q) => q.predicate.value === p).map((q) => q.object);
  const services = new Map();
  for (const [s] of bySubject)
    if (values(s, RDF + 'type').some((o) => o.value === CPSV + 'PublicService')) {
      const ids = values(s, DCT + 'identifier').map((o) => o.value);
      for (const id of ids) {
        if (services.has(id)) problems.push(`two services with the identifier ${id}`);
        services.set(id, s);
      }
    }
  if (services.size !== catalogue.services.length)
    problems.push(`${services.size} public services in the linked data, ${catalogue.services.length} in catalogue.json`);
  for (const svc of catalogue.services) {
    const id = `${svc.agency}/${svc.id}`;
    const s = services.get(id);
    if (!s) {
      problems.push(`service ${id} is missing from the linked data`);
      continue;
    }
    const titles = values(s, DCT + 'title');
    const want = [[svc.language, svc.title]];
    for (const [lang, tr] of Object.entries(svc.translations || {})) if (tr.title) want.push([lang, tr.title]);
    for (const [lang, text] of want)
      if (!titles.some((t) => t.language === lang && t.value === text)) problems.push(`${id}: no dct:title "${text}"@${lang}`);
    if (titles.length !== want.length) problems.push(`${id}: ${titles.length} titles, ${want.length} expected`);
    const count = (list) => (Array.isArray(list) ? list.length : 0);
    for (const [p, n] of [[CV + 'hasChannel', count(svc.channels)], [CV + 'hasCost', count(svc.costs?.items)],
      [CPSV + 'hasInput', count(svc.evidence)], [CV + 'holdsRequirement', count(svc.conditions)],
      [CV + 'isGroupedBy', count(svc.life_events)], [DCT + 'language', new Set((svc.languages || []).map((l) => l.split('-')[0])).size]])
      if (values(s, p).length !== n) problems.push(`${id}: ${values(s, p).length} ${p.replace(/.*[#/]/, '')}, ${n} in catalogue.json`);
  }

  const types = new Map();
  for (const q of quads) if (q.predicate.value === RDF + 'type') types.set(q.object.value, (types.get(q.object.value) || 0) + 1);
  const summary = [...types].map(([t, c]) => `${c} ${t.replace(/.*[#/]/, '')}`).join(', ');
  console.log(`shacl: ${dir}: ${quads.length} triples (${expected} statements), ${results.length} SHACL results; ${summary}`);
  for (const p of problems) console.log(`  ${p}`);
  return problems.length === 0;
}

let ok = true;
for (const b of builds) ok = (await checkBuild(b)) && ok;
process.exit(ok ? 0 : 1);
