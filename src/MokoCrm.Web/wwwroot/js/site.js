// Searchable pickers: <select data-picker="/Lookup/url"> asks the server as the user types (never loads all rows).
document.querySelectorAll('select[data-picker]').forEach(function (select) {
  var url = select.getAttribute('data-picker');
  new TomSelect(select, {
    valueField: 'id', labelField: 'text', searchField: [], maxOptions: 50, preload: 'focus',
    load: function (query, callback) {
      fetch(url + (url.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(query), { headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.json(); }).then(callback).catch(function () { callback(); });
    }
  });
});
// Plain multi-selects with few options become searchable too.
document.querySelectorAll('select[data-searchable]').forEach(function (select) { new TomSelect(select, { plugins: ['remove_button'] }); });
// Confirm buttons: <button data-confirm="Delete this?">
document.querySelectorAll('[data-confirm]').forEach(function (el) {
  el.addEventListener('click', function (e) { if (!confirm(el.getAttribute('data-confirm'))) { e.preventDefault(); } });
});
// Address forms: choosing a country reloads the region picker with that country's regions.
document.querySelectorAll('select[data-region-target]').forEach(function (country) {
  country.addEventListener('change', function () {
    var target = document.querySelector(country.getAttribute('data-region-target'));
    if (!target) { return; }
    fetch('/Setup/Countries/' + encodeURIComponent(country.value) + '/regions', { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (regions) {
        target.innerHTML = '<option value="">—</option>';
        regions.forEach(function (r) { var o = document.createElement('option'); o.value = r.id; o.textContent = r.text; target.appendChild(o); });
      });
  });
});
