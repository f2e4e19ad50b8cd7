// audit.js: the accessibility audit of the loket portal in a real browser (run by run.sh).
// For each page, opened from a file:// URL in headless Chromium (playwright-core):
//   - axe-core with the WCAG 2.0 and 2.1 A and AA rules: zero violations;
//   - no dialog ever opens (no script from agency text runs), no script error, no
//     request fails (the style sheet and scripts load), no javascript:/data: link;
//   - at 320 CSS pixels wide nothing scrolls sideways (WCAG 1.4.10 Reflow);
//   - the first Tab reaches the skip link, and it shows on screen.
// On the home page the search box is also used: results appear, agency text in them
// stays text, and the page with results passes axe as well.
// With --shots DIR it writes the screenshots of docs/ instead of (after) the audit.
//
// Usage: node audit.js --base DIR --pages LIST [--base DIR --pages LIST ...] [--shots DIR]
//   DIR is an html/ folder of loket build; LIST is comma-separated paths below it.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE = require.resolve('axe-core/axe.min.js');

function parseArgs(argv) {
  const sets = [];
  let shots = null, shotBase = null;
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--base') sets.push({ base: path.resolve(v), pages: [] });
    else if (k === '--pages') sets[sets.length - 1].pages.push(...v.split(',').filter(Boolean));
    else if (k === '--shots') shots = path.resolve(v);
    else if (k === '--shot-base') shotBase = path.resolve(v);
    else throw new Error(`unknown argument ${k}`);
  }
  return { sets, shots, shotBase };
}

const fileUrl = (base, rel) => 'file://' + path.join(base, rel);

async function audit(context, url, label, problems, extra) {
  const page = await context.newPage();
  const events = [];
  page.on('dialog', async (d) => { events.push(`a ${d.type()} dialog opened: ${JSON.stringify(d.message())}`); await d.dismiss(); });
  page.on('pageerror', (e) => events.push(`script error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') events.push(`console error: ${m.text()}`); });
  page.on('requestfailed', (r) => events.push(`request failed: ${r.url()} (${r.failure() && r.failure().errorText})`));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });

  const axeRun = async (label) => {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
        // No XMLHttpRequest for the style sheets: a file:// page cannot fetch them (CORS),
        // and axe then reads the rules it can from the page itself.
        preload: false,
      });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160), why: n.failureSummary })),
        count: v.nodes.length,
      }));
    }, TAGS);
    for (const v of result) {
      problems.push(`${label}: axe ${v.id} (${v.impact}, ${v.count} element${v.count === 1 ? '' : 's'}): ${v.help}`);
      for (const n of v.nodes) problems.push(`    ${n.target}: ${n.html}\n      ${(n.why || '').replace(/\n/g, '\n      ')}`);
    }
    return result.length;
  };
  let violations = await axeRun(label);

  // Links: only http(s), mailto, tel and the portal's own files.
  const badLinks = await page.evaluate(() => [...document.querySelectorAll('[href],[src]')]
    .map((e) => e.href || e.src).filter((u) => u && !/^(https?:|mailto:|tel:|file:)/i.test(u)));
  for (const u of badLinks) problems.push(`${label}: a link with a forbidden scheme: ${u}`);

  // The skip link: the first Tab stop, visible when focused.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    if (!a || !a.classList.contains('skip')) return `the first Tab stop is ${a ? a.outerHTML.slice(0, 80) : 'nothing'}, not the skip link`;
    const r = a.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth ? '' : 'the focused skip link is off screen';
  });
  if (skip) problems.push(`${label}: ${skip}`);

  if (extra) violations += await extra(page, label, axeRun, problems);

  // Reflow: 320 CSS pixels wide, no sideways scrolling.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.waitForTimeout(50);
  const reflow = await page.evaluate(() => {
    const w = document.documentElement.scrollWidth;
    if (w <= 320) return null;
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 320.5)
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > 320.5))
      .slice(0, 5).map((e) => `<${e.tagName.toLowerCase()}${e.className ? ' class="' + e.className + '"' : ''}> ${e.textContent.trim().slice(0, 60)}`);
    return { w, wide };
  });
  if (reflow) {
    problems.push(`${label}: at 320 px the page is ${reflow.w} px wide (scrolls sideways); too wide:`);
    for (const e of reflow.wide) problems.push(`    ${e}`);
  }
  await page.close();
  for (const e of events) problems.push(`${label}: ${e}`);
  return { violations, events: events.length, reflow: !!reflow };
}

// The search page: search.html?q=... lists results in <ol id="search-results"> (made by
// search.js from the index); agency text in them stays text (the regression catalogue has
// a title <script>alert(1)</script>), and the page with results passes axe as well.
async function useSearch(page, label, axeRun, problems) {
  const before = problems.length;
  const url = page.url().split('?')[0];
  for (const q of ['paspoort', 'grofvuil']) {
    await page.goto(url + '?q=' + q, { waitUntil: 'load' });
    if ((await page.locator('#search-results li a').count()) > 0) break;
    if (q === 'grofvuil') problems.push(`${label}: the search finds nothing for "paspoort" nor "grofvuil"`);
  }
  await page.goto(url + '?q=script', { waitUntil: 'load' });
  const r = await page.evaluate(() => ({
    elements: document.querySelectorAll('#search-results script, #search-results img, #search-results svg').length,
  }));
  if (r.elements) problems.push(`${label}: agency text in the search results became elements`);
  const n = await axeRun(`${label} (with search results)`);
  return n + problems.length - before;
}

async function screenshots(context, base, dir) {
  const page = await context.newPage();
  const shot = async (rel, width, file, fullPage) => {
    await page.setViewportSize({ width, height: width > 800 ? 900 : 812 });
    await page.goto(fileUrl(base, rel), { waitUntil: 'load' });
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(dir, file), fullPage });
    console.log(`screenshot: ${path.join(dir, file)}`);
  };
  for (const [rel, name] of [['index.html', 'home'], ['a-z.html', 'az'],
    ['gemeente-voorbeeldstad/paspoort-aanvragen.html', 'service'], ['search.html?q=parkeren', 'search']]) {
    await shot(rel, 1280, `portal-${name}-1280.png`, true);
    await shot(rel, 320, `portal-${name}-320.png`, true);
  }
  await page.close();
}

(async () => {
  const { sets, shots, shotBase } = parseArgs(process.argv.slice(2));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-a11y-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      locale: 'nl-NL',
      timezoneId: 'UTC',
    });
    // Nothing may leave the machine: the portal is read from disk.
    await context.route(/^(https?|wss?):/, (route) => route.abort());
    const problems = [];
    let pages = 0;
    for (const set of sets) {
      for (const rel of set.pages) {
        const file = path.join(set.base, rel);
        if (!fs.existsSync(file)) { problems.push(`${rel}: missing (${file})`); continue; }
        const before = problems.length;
        const label = `${path.basename(path.dirname(set.base))}/${rel}`;
        await audit(context, fileUrl(set.base, rel), label, problems, rel === 'search.html' ? useSearch : null);
        pages++;
        console.log(`${problems.length === before ? 'ok  ' : 'FAIL'} ${label}`);
      }
    }
    if (shots) await screenshots(context, shotBase || sets[0].base, shots);
    for (const p of problems) console.log(p);
    console.log(`a11y: ${pages} pages audited, ${problems.length === 0 ? 'no problems' : problems.length + ' problem lines'}`);
    process.exitCode = problems.length === 0 ? 0 : 1;
  } catch (e) {
    console.error(`a11y: ${e.stack || e}`);
    process.exitCode = 2;
  } finally {
    if (context) await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})();
