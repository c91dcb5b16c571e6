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

  // Decimals shown, as generator/context/formatting.py decides them.
  function numberDigits(value) {
    if (Math.abs(value) >= 100 || value === Math.trunc(value)) return 0;
    return Math.abs(value) >= 10 ? 1 : 2;
  }
  function moneyDigits(value) {
    return Math.abs(value) >= 100 || value === Math.trunc(value) ? 0 : 2;
  }

  // Group an integer's digits as the locale does: sizes [first, rest], e.g. [3, 3] or [3, 2].
  function group(digits, rules) {
    var first = rules.grouping[0], rest = rules.grouping[1], parts = [];
    if (digits.length <= first) return digits;
    parts.unshift(digits.slice(-first));
    digits = digits.slice(0, -first);
    while (digits.length > rest) { parts.unshift(digits.slice(-rest)); digits = digits.slice(0, -rest); }
    parts.unshift(digits);
    return parts.join(rules.group);
  }

  // The same string babel gives in Python: the locale's rules come from the page
  // (window.handoffNumbers, written by Handoff from the company locale), not the browser's.
  function formatWith(rules, value, digits, fixed, affixes) {
    var rounded = H.round(value, digits);
    var text = Math.abs(rounded).toFixed(digits);
    var whole = text.split(".")[0], fraction = text.split(".")[1] || "";
    if (!fixed) fraction = fraction.replace(/0+$/, "");
    text = group(whole, rules) + (fraction ? rules.decimal + fraction : "");
    return rounded < 0 ? affixes[2] + text + affixes[3] : affixes[0] + text + affixes[1];
  }

  function format(value, kind, unit, currency, locale) {
    if (value === null || value === undefined) return "n/a";
    var rules = window.handoffNumbers, text;
    if (rules) {
      if (kind === "currency") text = formatWith(rules, value, moneyDigits(value), true, rules.money);
      else text = formatWith(rules, value, numberDigits(value), false, kind === "percent" ? rules.percent : rules.number);
    } else if (kind === "currency") {
      // A page from a project's own template without the rules: the browser's formatting.
      var cents = moneyDigits(value);
      text = new Intl.NumberFormat(locale, {
        style: "currency", currency: currency, minimumFractionDigits: cents, maximumFractionDigits: cents
      }).format(value);
    } else {
      text = new Intl.NumberFormat(locale, { maximumFractionDigits: numberDigits(value) }).format(value);
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

  // Why an input cannot be used, as the key of its message (data-msg-*), or null when it can.
  function problemWith(field) {
    var raw = field.value.trim();
    if (field.validity.badInput || raw === "" || isNaN(Number(raw))) return "empty";
    var value = Number(raw);
    if (field.min !== "" && value < Number(field.min)) return "min";
    if (field.max !== "" && value > Number(field.max)) return "max";
    if (field.dataset.whole === "true" && value !== Math.trunc(value)) return "whole";
    return null;
  }

  // Cost against benefit as two bars on one scale, and the same in words for screen readers
  // (the bars are hidden from them). Nothing to compare until both values exist.
  function drawChart(root, values, currency, locale) {
    var chart = root.querySelector(".hf-roi-chart");
    if (!chart) return;
    var cost = values[chart.dataset.cost], benefit = values[chart.dataset.benefit];
    var known = typeof cost === "number" && typeof benefit === "number";
    var scale = known ? Math.max(Math.abs(cost), Math.abs(benefit)) : 0;
    [["cost", cost], ["benefit", benefit]].forEach(function (pair) {
      var bar = chart.querySelector('[data-bar="' + pair[0] + '"]');
      var value = pair[1];
      var width = known && scale > 0 ? Math.max(0, value) / scale * 100 : 0;
      bar.querySelector(".hf-roi-bar__fill").style.width = width.toFixed(1) + "%";
      bar.querySelector(".hf-roi-bar__value").textContent = known ? format(value, "currency", "", currency, locale) : "–";
    });
    var text = chart.querySelector(".hf-roi-chart__text");
    text.textContent = known
      ? text.dataset.benefitLabel + ": " + format(benefit, "currency", "", currency, locale) + "; " +
        text.dataset.costLabel + ": " + format(cost, "currency", "", currency, locale) + "."
      : "Enter your numbers to compare the cost with the benefit.";
    chart.classList.toggle("hf-roi-chart--empty", !known);
  }

  function setupCalculator(root) {
    var spec = (window.handoffRoi || {})[root.dataset.offer];
    if (!spec) return;
    var currency = root.dataset.currency, locale = root.dataset.locale;
    var fields = root.querySelectorAll("input[data-input]");
    var status = root.querySelector(".hf-roi-status");
    function update() {
      var inputs = {}, invalid = [];
      fields.forEach(function (field) {
        var problem = problemWith(field);
        var message = document.getElementById(field.id + "-error");
        field.setAttribute("aria-invalid", problem ? "true" : "false");
        if (message) {
          message.textContent = problem ? (message.dataset["msg" + problem.charAt(0).toUpperCase() + problem.slice(1)] || "Enter a number.") : "";
          message.hidden = !problem;
        }
        if (problem) invalid.push(field);
        inputs[field.dataset.input] = problem ? null : Number(field.value);
      });
      // An estimate from an impossible answer is worse than none: show no result until it is fixed.
      var values = invalid.length ? {} : evaluate(spec, inputs);
      root.querySelectorAll("output[data-output]").forEach(function (out) {
        var value = invalid.length ? null : values[out.dataset.output];
        out.dataset.value = value === null || value === undefined ? "" : String(value);
        out.textContent = invalid.length ? "–" : format(value, out.dataset.format, out.dataset.unit, currency, locale);
      });
      root.classList.toggle("hf-roi--invalid", invalid.length > 0);
      drawChart(root, invalid.length ? {} : values, currency, locale);
      if (status) {
        status.hidden = !invalid.length;
        status.textContent = invalid.length
          ? "Check " + invalid.map(function (f) { return "\u201c" + f.labels[0].textContent.trim() + "\u201d"; }).join(" and ") + " to see your results."
          : "";
      }
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
    var chips = group.querySelectorAll("button[data-value]");
    group.addEventListener("click", function (event) {
      var chip = event.target.closest("button[data-value]");
      if (!chip) return;
      chips.forEach(function (b) {
        b.setAttribute("aria-pressed", b === chip ? "true" : "false");
        b.classList.toggle("hf-chip--on", b === chip);
      });
      var wanted = chip.dataset.value;
      target.querySelectorAll("[data-filter-value]").forEach(function (marker) {
        var item = marker.closest("li") || marker;
        item.hidden = wanted !== "" && marker.dataset.filterValue !== wanted;
      });
      // A heading over nothing is noise: hide each group (an FAQ topic) with no item left.
      target.querySelectorAll("[data-filter-group]").forEach(function (section) {
        var shown = Array.prototype.some.call(section.querySelectorAll("[data-filter-value]"), function (marker) {
          return !(marker.closest("li") || marker).hidden;
        });
        section.hidden = !shown;
      });
      // Say what the filter did, for screen readers (role="status" is polite) and for everyone.
      var status = group.parentNode.querySelector(".hf-filter-status");
      if (status) {
        var markers = target.querySelectorAll("[data-filter-value]");
        var visible = Array.prototype.filter.call(markers, function (m) { return !(m.closest("li") || m).hidden; }).length;
        status.textContent = wanted === "" ? "" : "Showing " + visible + " of " + markers.length + " " + status.dataset.noun + ": " + chip.textContent.trim() + ".";
      }
    });
  }

  // Say "swipe" only where there is something to swipe to.
  function markOverflow() {
    document.querySelectorAll(".hf-table-wrap").forEach(function (wrap) {
      wrap.dataset.overflows = wrap.scrollWidth > wrap.clientWidth + 1 ? "true" : "false";
    });
  }

  function init() {
    document.querySelectorAll(".hf-roi").forEach(setupCalculator);
    document.querySelectorAll(".hf-filter").forEach(setupFilter);
    markOverflow();
    window.addEventListener("resize", markOverflow);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
