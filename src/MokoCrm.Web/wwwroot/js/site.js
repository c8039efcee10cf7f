// Searchable pickers: <select data-picker="/Lookup/url"> asks the server as the user types (never loads all rows).
document.querySelectorAll('select[data-picker]').forEach(function (select) {
  var url = select.getAttribute('data-picker');
  // data-picker-with="otherFieldId": the other field's value is sent too (the record type of "Link to…").
  var withId = select.getAttribute('data-picker-with');
  var other = withId ? document.getElementById(withId) : null;
  var picker = new TomSelect(select, {
    valueField: 'id', labelField: 'text', searchField: [], maxOptions: 50, preload: 'focus',
    load: function (query, callback) {
      var extra = other ? '&' + encodeURIComponent(other.id) + '=' + encodeURIComponent(other.value) : '';
      fetch(url + (url.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(query) + extra, { headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.json(); }).then(callback).catch(function () { callback(); });
    }
  });
  if (other) {
    other.addEventListener('change', function () { picker.clear(); picker.clearOptions(); picker.load(''); });
  }
});
// <select data-autosubmit> (list filters) sends its form as soon as a value is chosen.
document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
  select.addEventListener('change', function () { select.form.submit(); });
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
// Document lines: picking a product fills the description, unit price (excl. tax) and VAT rate, still editable.
document.querySelectorAll('select[data-product-defaults]').forEach(function (select) {
  select.addEventListener('change', function () {
    if (!select.value) { return; }
    var form = select.form;
    fetch(select.getAttribute('data-product-defaults') + encodeURIComponent(select.value), { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { return; }
        var set = function (name, value) { var el = form.querySelector('[name="' + name + '"]'); if (el) { el.value = value; } };
        set('Kind', 'Product');
        set('Description', p.label);
        set('PriceBasis', 'ExclTax');
        set('UnitPrice', p.price);
        var vat = form.querySelector('[name="VatRate"]');
        if (vat) { Array.prototype.forEach.call(vat.options, function (o) { if (o.value !== '' && parseFloat(o.value) === p.vat) { vat.value = o.value; } }); }
      });
  });
});
// List tick boxes (ListSelection): the header's box ticks or unticks every row box bound to the same form.
document.querySelectorAll('input[data-select-all]').forEach(function (all) {
  var boxes = function () { return document.querySelectorAll('input[type=checkbox][form="' + all.getAttribute('data-select-all') + '"]'); };
  all.addEventListener('change', function () { boxes().forEach(function (b) { b.checked = all.checked; }); });
});
