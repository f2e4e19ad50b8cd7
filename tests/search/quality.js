// quality.js: the search-quality test (run by run.sh). For each query of queries.tsv it
// opens DIR/search.html?q=QUERY in headless Chromium (playwright-core), reads the links
// of <ol id="search-results"> in order, and counts the query as found when one of its
// expected pages is among the first three. Prints every miss and the score; exits 1
// when fewer than MIN percent (default 90) are found, or when a page has a script error.
//
// Usage: node quality.js DIR queries.tsv [MIN]
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const [dir, tsv, minArg] = process.argv.slice(2);
  const min = Number(minArg || 90);
  const queries = fs.readFileSync(tsv, 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => { const [q, pages] = l.split('\t'); return { q, pages: pages.trim().split(/\s+/) }; });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let found = 0, first = 0;
  const base = 'file://' + path.resolve(dir) + '/';
  const t0 = Date.now();
  for (const { q, pages } of queries) {
    await page.goto(base + 'search.html?q=' + encodeURIComponent(q));
    const links = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
    const rank = links.findIndex((h) => pages.includes(h));
    if (rank >= 0 && rank < 3) {
      found++;
      if (rank === 0) first++;
    } else {
      console.log(`search: miss: "${q}": wanted ${pages[0]}${pages.length > 1 ? ' (or ' + (pages.length - 1) + ' more)' : ''}, ` +
        (rank < 0 ? 'not found' : `at rank ${rank + 1}`) + `; top 3: ${links.slice(0, 3).join(' ') || '(nothing)'}`);
    }
  }
  await browser.close();
  const pct = (100 * found) / queries.length;
  console.log(`search: ${found}/${queries.length} queries (${pct.toFixed(1)}%) find their service in the top 3, ` +
    `${first} at rank 1; ${((Date.now() - t0) / queries.length).toFixed(0)} ms a query (minimum ${min}%)`);
  for (const e of errors) console.log(`search: FAIL: script error: ${e}`);
  process.exit(pct >= min && errors.length === 0 && queries.length >= 60 ? 0 : 1);
}
main().catch((e) => { console.error(e); process.exit(1); });
