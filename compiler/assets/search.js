/* search.js: the portal's search over the index loket built (assets/search-index.js).
 * search.html?q=WORDS lists the results in rank order in <ol id="search-results">.
 * A query word matches an indexed stem: its own stem (the index knows every word of the
 * catalogue), an indexed stem it starts with (verhuizen -> verhuiz), a stem it begins
 * (evenement -> evenementen...), or a word one or two typing mistakes away. Synonyms
 * from the standard's vocabulary add their term. Results that match more query words come
 * first; then the higher score: a word in the title counts most, then the product name,
 * the life event, the summary, the description and the agency. */
(function () {
  'use strict';
  var ix = window.LOKET_SEARCH;
  var list = document.getElementById('search-results');
  var form = document.getElementById('search-form');
  if (!ix || !list || !form) return;
  var status = document.getElementById('search-status');
  var input = form.querySelector('input[name="q"]');
  var lang = document.documentElement.lang || 'nl';
  var stop = {};
  ix.stop.forEach(function (w) { stop[w] = 1; });
  var vocabulary = Object.keys(ix.terms).concat(Object.keys(ix.words));

  function words(s) {
    return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .split(/[^a-z0-9\u0080-\uffff]+/).filter(function (w) { return w.length > 0; });
  }

  /* Edit distance (a swap of two neighbours counts one) of a and b when it is at most
   * max, else max + 1. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var older = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      var cur = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var c = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (older && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) c = Math.min(c, older[j - 2] + 1);
        cur[j] = c;
        if (c < best) best = c;
      }
      if (best > max) return max + 1;
      older = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function stemOf(w) { return ix.words[w] || (ix.terms[w] ? w : null); }

  /* The stems a query word reaches, each with how well it matched (0..1). */
  function reach(w) {
    var found = {}, any = false;
    function add(stem, q) { if (ix.terms[stem] && !(found[stem] >= q)) { found[stem] = q; any = true; } }
    var s = stemOf(w);
    if (s) add(s, 1);
    if (w.length >= 5) {
      for (var k = w.length - 1; k >= 4 && k >= w.length - 4; k--) {
        var head = w.slice(0, k);
        if (ix.terms[head]) { add(head, 0.9); break; }
        if (ix.words[head]) { add(ix.words[head], 0.9); break; }
      }
    }
    if (!any && w.length >= 4) {
      for (var t in ix.terms) if (t.length > w.length && t.lastIndexOf(w, 0) === 0) add(t, 0.7);
    }
    if (!any && w.length >= 4) {
      var max = w.length >= 8 ? 2 : 1;
      vocabulary.forEach(function (v) {
        if (v.length < 3) return;
        var d = distance(w, v, max);
        if (d <= max) add(stemOf(v) || v, d === 1 ? 0.6 : 0.5);
      });
    }
    if (!any && w.length >= 7) {
      /* A compound the catalogue does not have: its two parts, both needed. */
      for (var i = 3; i <= w.length - 3; i++) {
        var a = stemOf(w.slice(0, i)), b = stemOf(w.slice(i));
        if (a && b) { add(a, 0.5); add(b, 0.5); break; }
      }
    }
    return found;
  }

  /* Query words into slots: a slot matches when any of its alternatives does. */
  function slots(q) {
    var ws = words(q), out = [], i = 0;
    while (i < ws.length) {
      var used = 0;
      for (var n = Math.min(3, ws.length - i); n >= 1 && !used; n--) {
        var phrase = ws.slice(i, i + n).join(' ');
        if (ix.syn[phrase]) {
          var alts = [ws.slice(i, i + n).filter(function (w) { return !stop[w]; }), words(ix.syn[phrase])];
          out.push(alts);
          used = n;
        }
      }
      if (!used) {
        if (!stop[ws[i]] || ws.length === 1) out.push([[ws[i]]]);
        used = 1;
      }
      i += used;
    }
    return out;
  }

  /* The score of each document for one alternative (all of its words). */
  function scoreWords(ws) {
    var total = null;
    ws.forEach(function (w) {
      var per = {}, stems = reach(w);
      for (var s in stems) {
        var p = ix.terms[s];
        for (var k = 0, doc = 0; k < p.length; k += 2) {
          doc += p[k]; /* document numbers are stored as differences */
          var v = p[k + 1] * stems[s];
          if (!(per[doc] >= v)) per[doc] = v;
        }
      }
      if (total === null) { total = per; return; }
      var both = {};
      for (var d in per) if (total[d] !== undefined) both[d] = total[d] + per[d];
      total = both;
    });
    return total || {};
  }

  function search(q) {
    var hits = {};
    slots(q).forEach(function (alts) {
      var best = {};
      alts.forEach(function (ws) {
        if (!ws.length) return;
        var sc = scoreWords(ws);
        for (var d in sc) if (!(best[d] >= sc[d])) best[d] = sc[d];
      });
      for (var d in best) {
        var h = hits[d] || (hits[d] = {doc: +d, slots: 0, score: 0});
        h.slots++;
        h.score += best[d];
      }
    });
    var out = [];
    for (var d in hits) out.push(hits[d]);
    out.sort(function (a, b) {
      return b.slots - a.slots || b.score - a.score ||
        (ix.docs[a.doc][3] === lang ? 0 : 1) - (ix.docs[b.doc][3] === lang ? 0 : 1) || a.doc - b.doc;
    });
    return out;
  }

  var params = new URLSearchParams(window.location.search);
  var q = (params.get('q') || '').trim();
  input.value = q;
  if (!q) return;
  var results = search(q).slice(0, 50);
  results.forEach(function (h) {
    var d = ix.docs[h.doc];
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = d[0];
    a.textContent = d[1];
    if (d[3] !== lang) a.lang = d[3];
    li.appendChild(a);
    var meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = ' ' + ix.agencies[d[2]];
    li.appendChild(meta);
    list.appendChild(li);
  });
  if (status) {
    status.textContent = (status.getAttribute(results.length ? 'data-found' : 'data-none') || '')
      .replace('%d', String(results.length)).replace('%s', q);
  }
})();
