/* bvduty website: filters that make the plain lists quicker to use (progressive enhancement).
   Without this script every page is complete: the action plan lists its actions by theme, owner
   and status under headings to link to, and the sector overview lists authorities by letter.
   With it, the action plan gains three drop-down filters and the sector overview a search box.
   It reads only the page itself: nothing is fetched, nothing stored. */
(function () {
  "use strict";

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    if (text) { element.textContent = text; }
    return element;
  }

  /* The section a heading of this id heads (ids are on headings, as in the paper). */
  function section(id) {
    var heading = document.getElementById(id);
    return heading ? heading.closest("section") : null;
  }

  /* The groups of a list section (#by-theme, #by-owner, #by-status): name -> action anchors. */
  function groups(section) {
    var found = [];
    section.querySelectorAll(":scope > section").forEach(function (group) {
      var heading = group.querySelector("h3, h4");
      var ids = {};
      group.querySelectorAll("li a[href^='#action-']").forEach(function (link) {
        ids[link.getAttribute("href").slice(1)] = true;
      });
      found.push({ name: heading ? heading.textContent : "", ids: ids });
    });
    return found;
  }

  function actionFilters(main) {
    var plan = section("plan");
    var lists = ["by-theme", "by-owner", "by-status"].map(section);
    if (!plan || lists.some(function (s) { return !s; })) { return; }
    var labels = ["Theme", "Owner", "Status"];
    var form = make("form", { "class": "filters", "role": "search", "aria-label": "Filter actions" });
    var fieldset = make("fieldset");
    fieldset.appendChild(make("legend", {}, "Filter the action plan"));
    var selects = [];
    var sets = lists.map(function (section, index) {
      var found = groups(section);
      var id = "filter-" + labels[index].toLowerCase();
      var wrap = make("div");
      wrap.appendChild(make("label", { "for": id }, labels[index]));
      var select = make("select", { "id": id });
      select.appendChild(make("option", { "value": "" }, "All"));
      found.forEach(function (group, n) {
        select.appendChild(make("option", { "value": String(n) }, group.name));
      });
      wrap.appendChild(select);
      fieldset.appendChild(wrap);
      selects.push(select);
      return found;
    });
    form.appendChild(fieldset);
    var status = make("p", { "role": "status", "aria-live": "polite" });
    form.appendChild(status);
    var rows = Array.prototype.slice.call(plan.querySelectorAll("tr > th[id^='action-']"));

    function apply() {
      var shown = 0;
      rows.forEach(function (cell) {
        var keep = selects.every(function (select, index) {
          return select.value === "" || sets[index][Number(select.value)].ids[cell.id];
        });
        cell.parentNode.hidden = !keep;
        if (keep) { shown += 1; }
      });
      plan.querySelectorAll(":scope > section").forEach(function (group) {
        group.hidden = !group.querySelector("tbody tr:not([hidden])");
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " actions.";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    plan.parentNode.insertBefore(form, plan);
    apply();
  }

  function authoritySearch(main) {
    var find = section("find");
    var list = section("a-to-z");
    var matrix = section("matrix");
    if (!find || !list || !matrix) { return; }
    var form = make("form", { "class": "filters", "role": "search", "aria-label": "Authorities" });
    form.appendChild(make("label", { "for": "search-authority" }, "Find an authority by name"));
    var input = make("input", { "id": "search-authority", "type": "search", "autocomplete": "off" });
    form.appendChild(input);
    var status = make("p", { "role": "status", "aria-live": "polite" });
    form.appendChild(status);
    var letters = Array.prototype.slice.call(list.querySelectorAll(":scope > section"));
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var rows = Array.prototype.slice.call(matrix.querySelectorAll("tbody tr"));

    function matches(element, words) {
      var text = element.textContent.toLowerCase();
      return words.every(function (word) { return text.indexOf(word) !== -1; });
    }

    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        item.hidden = !matches(item, words);
        if (!item.hidden) { shown += 1; }
      });
      rows.forEach(function (row) {
        var name = row.querySelector("th");
        row.hidden = !matches(name || row, words);
      });
      letters.forEach(function (letter) {
        letter.hidden = !letter.querySelector("li:not([hidden])");
      });
      status.textContent = words.length ? shown + " of " + items.length + " authorities match." : "";
    }
    input.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var heading = find.querySelector("h2");
    heading.parentNode.insertBefore(form, heading.nextSibling);
  }

  var main = document.getElementById("main-content");
  if (!main) { return; }
  if (main.getAttribute("data-page") === "actions") { actionFilters(main); }
  if (main.getAttribute("data-page") === "sector") { authoritySearch(main); }
}());
