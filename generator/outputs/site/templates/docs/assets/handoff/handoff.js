/* Handoff site runtime: ROI calculators and list filters. The calculators' arithmetic is
   compiled from the content's ROI expressions (window.handoffRoi); this file only wires
   inputs to outputs and formats numbers the way the Python side does. */
(function () {
  "use strict";

  var H = {
    // Halves away from zero, like Excel's ROUND and Handoff's Python evaluator.
    round: function (x, digits) {
      var scale = Math.pow(10, digits || 0);
      return Math.sign(x) * Math.floor(Math.abs(x) * scale + 0.5) / scale;
    }
  };

  function digitsFor(value) {
    if (Math.abs(value) >= 100 || value === Math.trunc(value)) return 0;
    return Math.abs(value) >= 10 ? 1 : 2;
  }

  function format(value, kind, unit, currency, locale) {
    if (value === null || value === undefined) return "n/a";
    var text;
    if (kind === "currency") {
      var whole = Math.abs(value) >= 100 || value === Math.trunc(value);
      text = new Intl.NumberFormat(locale, {
        style: "currency", currency: currency, currencyDisplay: "narrowSymbol",
        minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2
      }).format(value);
    } else {
      text = new Intl.NumberFormat(locale, { maximumFractionDigits: digitsFor(value) }).format(value);
      if (kind === "percent") text += "%";
    }
    return unit ? text + " " + unit : text;
  }

  function evaluate(spec, inputs) {
    var v = Object.assign({}, spec.constants, inputs);
    spec.outputs.forEach(function (out) {
      var missing = out.deps.some(function (d) { return v[d] === null || v[d] === undefined; });
      var result = missing ? null : out.f(v, H);
      v[out.id] = (result === null || !isFinite(result)) ? null : result;
    });
    return v;
  }

  function setupCalculator(root) {
    var spec = (window.handoffRoi || {})[root.dataset.offer];
    if (!spec) return;
    var currency = root.dataset.currency, locale = root.dataset.locale;
    var fields = root.querySelectorAll("input[data-input]");
    function update() {
      var inputs = {};
      fields.forEach(function (field) {
        var value = field.value === "" ? null : Number(field.value);
        inputs[field.dataset.input] = (value === null || isNaN(value)) ? null : value;
        field.setAttribute("aria-invalid", field.checkValidity() ? "false" : "true");
      });
      var values = evaluate(spec, inputs);
      root.querySelectorAll("output[data-output]").forEach(function (out) {
        var value = values[out.dataset.output];
        out.dataset.value = value === null ? "" : String(value);
        out.textContent = format(value, out.dataset.format, out.dataset.unit, currency, locale);
      });
    }
    fields.forEach(function (field) { field.addEventListener("input", update); });
    // Enter in a field would submit the form and reload the page; the results update as you type.
    var form = root.querySelector("form");
    if (form) { form.addEventListener("submit", function (event) { event.preventDefault(); }); }
    update();
  }

  function setupFilter(group) {
    var target = document.getElementById(group.dataset.filterFor);
    if (!target) return;
    group.addEventListener("click", function (event) {
      var chip = event.target.closest("button[data-value]");
      if (!chip) return;
      group.querySelectorAll("button").forEach(function (b) { b.classList.toggle("hf-chip--on", b === chip); });
      var wanted = chip.dataset.value;
      target.querySelectorAll("[data-filter-value]").forEach(function (marker) {
        var item = marker.closest("li") || marker;
        item.hidden = wanted !== "" && marker.dataset.filterValue !== wanted;
      });
    });
  }

  function init() {
    document.querySelectorAll(".hf-roi").forEach(setupCalculator);
    document.querySelectorAll(".hf-filter").forEach(setupFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
