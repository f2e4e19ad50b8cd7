/* search.js: optional instant search over the portal's index; the portal works without it. */
(function () {
  var box = document.getElementById('search');
  var index = window.LOKET_INDEX;
  if (!box || !index) return;
  var label = document.createElement('label');
  label.setAttribute('for', 'search-input');
  label.textContent = box.getAttribute('data-label');
  var input = document.createElement('input');
  input.type = 'search';
  input.id = 'search-input';
  input.autocomplete = 'off';
  var list = document.createElement('ul');
  list.className = 'list';
  list.setAttribute('aria-live', 'polite');
  box.appendChild(label);
  box.appendChild(input);
  box.appendChild(list);
  function norm(s) { return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''); }
  input.addEventListener('input', function () {
    var q = norm(input.value.trim());
    while (list.firstChild) list.removeChild(list.firstChild);
    if (q.length < 2) return;
    var shown = 0;
    for (var i = 0; i < index.length && shown < 20; i++) {
      var e = index[i];
      if (norm(e.p + ' ' + e.t + ' ' + e.a).indexOf(q) < 0) continue;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.u;
      a.textContent = e.p + ': ' + e.t;
      li.appendChild(a);
      li.appendChild(document.createTextNode(' (' + e.a + ')'));
      list.appendChild(li);
      shown++;
    }
  });
})();
