/* Ordinarily: the plan editor on /plans/<template>/ (issue 27).
 *
 * - Built from the page's #ord-plan-template JSON in place of the no-JavaScript blank form
 *   inside #ord-plan: every field type of a plan template, with fieldsets, labels, hints tied
 *   by aria-describedby and one live region for what happens.
 * - Rows (strategies, outcomes, people, contacts, needs, lines) are added, removed and moved
 *   with "Move up" / "Move down" buttons (WCAG 2.5.7) as well as by dragging; a move is
 *   announced and focus stays on the control that moved.
 * - On load, picks made with "Add to plan" (#add=, #needs=, or the device keys plan-picks and
 *   plan-needs) are merged into the default template's strategies and needs, then cleared.
 * - Kept on the device only through window.ordinarilyDevice and only after the user says yes
 *   (device key plan:<template-id>); without that the draft lives in this page only.
 * - What a family wrote in a field the template no longer has (plan.former, made by
 *   plan-file.js from a file or a kept draft) is shown, editable, under "No longer in this
 *   template" at the end, and printed, copied and saved with the rest.
 * - Print (a print-only copy of the plan, values as text), "Copy as text", "Download" and
 *   "Open a saved plan" (window.ordinarilyPlanFile, plan-file.js), and a review mode whose
 *   answers start the next plan.
 * Plain JavaScript, CSP-safe: no inline code, no eval; data is only ever set as textContent. */
(function () {
  "use strict";

  var root = document.getElementById("ord-plan");
  var source = document.getElementById("ord-plan-template");
  if (!root || !source) return;
  var template;
  try {
    template = JSON.parse(source.textContent);
  } catch (error) {
    return; /* the blank form stays: it prints */
  }
  var device = window.ordinarilyDevice || null;
  var KEY = "plan:" + template.id;
  var RECORD_KEY = "plan-record:" + template.id;
  var ROWS = {
    people: [["name", "Name or initials", "text"], ["role", "Role", "text"]],
    contacts: [["name", "Name", "text"], ["role", "Role", "text"], ["contact", "How to contact", "text"]],
    outcomes: [["outcome", "Outcome", "area"], ["measure", "How we will know", "area"]],
    strategies: [["who", "Who", "text"], ["how_often", "How often", "text"], ["from", "From when", "date"]],
    needs: [["note", "Note", "area"]]
  };
  var NOUN = {
    people: "person", contacts: "contact", outcomes: "outcome", strategies: "strategy",
    needs: "need", list: "line"
  };
  var HELPED = [["yes", "Yes"], ["partly", "Partly"], ["no", "No"]];

  var guide = { edition: "", entries: {}, formerly: {}, needs: [] };
  var plan = null;
  var record = null; /* the last review's record, after "Start the next plan" */
  var reviewing = false;
  var asked = false;
  var ui = {};

  /* ---------- small helpers ---------- */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function button(text, className, hiddenSuffix) {
    var b = el("button", "md-button " + (className || ""), text);
    b.type = "button";
    if (hiddenSuffix) b.appendChild(el("span", "ord-visually-hidden", hiddenSuffix));
    return b;
  }

  function copy(value) { return JSON.parse(JSON.stringify(value)); }

  function today() {
    var d = new Date();
    return isoDate(d);
  }

  function isoDate(d) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function reviewDefault() {
    var weeks = template.review_after_weeks;
    if (typeof weeks !== "number" || weeks <= 0) return "";
    var d = new Date();
    d.setDate(d.getDate() + weeks * 7);
    return isoDate(d);
  }

  function fields() {
    var all = [];
    (template.sections || []).forEach(function (section) {
      (section.fields || []).forEach(function (field) { all.push(field); });
    });
    return all;
  }

  /* Each field's label by id, saved with the plan: if a later edition of the template drops
     the field, what was written in it is shown under this label. */
  function labels() {
    var out = {};
    fields().forEach(function (field) { out[field.id] = field.label; });
    return out;
  }

  function fieldsOfType(type) {
    return fields().filter(function (f) { return f.type === type; });
  }

  /* A site-relative address on this site, or "" (never another origin or a javascript: link,
     whatever a plan file or kept draft says). */
  function siteUrl(url) {
    var plans = root.getAttribute("data-plans") || "./";
    try {
      var base = new URL(plans + "../", location.href);
      var resolved = new URL(String(url || "").replace(/^\/+/, ""), base);
      return resolved.origin === location.origin ? resolved.href : "";
    } catch (error) {
      return "";
    }
  }

  function say(text) {
    window.ordinarilyAnnounce(ui.status, text);
  }

  function alertUser(text) {
    ui.alert.textContent = text;
    ui.alert.hidden = !text;
  }

  /* ---------- the plan's data ---------- */
  function emptyValue(field) {
    if (field.type === "review-date") return reviewDefault();
    if (field.type === "self-review") {
      return (field.expectations || []).map(function (e) {
        return { key: e.key, title: e.title, mark: "", note: "" };
      });
    }
    if (ROWS[field.type] || field.type === "list") return [];
    return "";
  }

  function newPlan() {
    var values = {};
    fields().forEach(function (field) { values[field.id] = emptyValue(field); });
    return {
      format: "ordinarily-plan", version: 1, template: template.id, edition: guide.edition || "",
      saved: today(), values: values, status: "draft", labels: labels()
    };
  }

  /* Every field present and of the right shape, whatever the plan came from. */
  function complete(p) {
    if (!p || typeof p !== "object" || !p.values || typeof p.values !== "object") return newPlan();
    fields().forEach(function (field) {
      var value = p.values[field.id];
      var wantList = Array.isArray(emptyValue(field));
      if (value === undefined || value === null || Array.isArray(value) !== wantList) {
        p.values[field.id] = field.type === "review-date" && typeof value === "string" ? value : emptyValue(field);
      }
      if (field.type === "self-review") {
        var marks = {};
        p.values[field.id].forEach(function (row) { if (row && row.key) marks[row.key] = row; });
        p.values[field.id] = (field.expectations || []).map(function (e) {
          var row = marks[e.key] || {};
          return { key: e.key, title: e.title, mark: row.mark || "", note: row.note || "" };
        });
      }
    });
    p.template = template.id;
    if (p.status !== "reviewed") p.status = "draft";
    p.labels = labels();
    if (Array.isArray(p.former)) {
      p.former = p.former.filter(function (entry) {
        return entry && typeof entry.text === "string" && typeof entry.label === "string";
      });
    }
    if (!Array.isArray(p.former) || !p.former.length) delete p.former;
    return p;
  }

  function current(key) {
    var seen = 0;
    while (key && !guide.entries[key] && guide.formerly[key] && seen < 20) {
      key = guide.formerly[key];
      seen += 1;
    }
    return key;
  }

  /* The tier's title as the guide words it ("Universal"), for "From: <need>, <tier>". */
  function tierOf(key) {
    var entry = key && guide.entries[key];
    return entry ? String(entry.tier_title || entry.tier || "") : "";
  }

  function strategyRow(key, title, src, url) {
    return {
      key: key, title: title || "", source: src || "", url: url || "", who: "", how_often: "",
      from: "", helped: "", review_note: "", missing: false
    };
  }

  function fromGuide(key, fallback) {
    var found = current(key);
    var entry = guide.entries[found];
    if (entry) return strategyRow(found, entry.title, entry.source, entry.url);
    if (!fallback || !fallback.title) return null; /* an unknown key from a link is ignored */
    var row = strategyRow(key, String(fallback.title), String(fallback.source || ""), "");
    row.missing = true;
    return row;
  }

  /* ---------- picks from "Add to plan" ---------- */
  function fragmentPicks() {
    var hash = location.hash.replace(/^#/, "");
    var picks = { add: [], needs: [] };
    hash.split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 0) return;
      var name = part.slice(0, eq);
      if (name !== "add" && name !== "needs") return;
      part.slice(eq + 1).split(",").forEach(function (value) {
        var v;
        try { v = decodeURIComponent(value).trim(); } catch (error) { v = ""; }
        if (v) picks[name].push(v);
      });
    });
    return picks;
  }

  function mergePicks() {
    var picks = fragmentPicks();
    var kept = device && device.allowed() ? device.get("plan-picks") : null;
    var keptNeeds = device && device.allowed() ? device.get("plan-needs") : null;
    var fromFragment = picks.add.length || picks.needs.length;
    if (!fromFragment && !kept && !keptNeeds) return 0;
    if (template.id !== guide.default_template) return 0;
    var added = 0;
    var strategies = fieldsOfType("strategies").filter(function (f) {
      return f.id === guide.strategies_field;
    })[0] || fieldsOfType("strategies")[0];
    if (strategies) {
      var rows = plan.values[strategies.id];
      var have = {};
      rows.forEach(function (r) { if (r.key) have[r.key] = true; });
      var candidates = picks.add.map(function (key) { return [key, null]; });
      (Array.isArray(kept) ? kept : []).forEach(function (p) {
        if (p && typeof p.key === "string") candidates.push([p.key, p]);
      });
      candidates.forEach(function (pair) {
        var row = fromGuide(pair[0], pair[1]);
        if (row && !have[row.key]) {
          have[row.key] = true;
          rows.push(row);
          added += 1;
        }
      });
    }
    var needsField = fieldsOfType("needs")[0];
    if (needsField) {
      var needRows = plan.values[needsField.id];
      var haveNeed = {};
      needRows.forEach(function (r) { haveNeed[r.id] = true; });
      var ids = picks.needs.concat(Array.isArray(keptNeeds) ? keptNeeds : []);
      ids.forEach(function (id) {
        var need = findNeed(id);
        if (need && !haveNeed[need.id]) {
          haveNeed[need.id] = true;
          needRows.push({ id: need.id, title: need.title, note: "" });
          added += 1;
        }
      });
    }
    if (device && device.allowed()) {
      device.remove("plan-picks");
      device.remove("plan-needs");
    }
    if (fromFragment && window.history && history.replaceState) {
      history.replaceState(null, "", location.pathname + location.search);
    }
    return added;
  }

  function findNeed(id) {
    for (var i = 0; i < (guide.needs || []).length; i++) {
      if (guide.needs[i].id === id) return guide.needs[i];
    }
    return null;
  }

  /* ---------- keeping the draft ---------- */
  function keep() {
    plan.saved = today();
    if (device && device.allowed()) {
      device.set(KEY, plan);
      if (record) device.set(RECORD_KEY, record);
    }
  }

  function changed() {
    keep();
    renderPrint();
    if (device && !device.allowed() && !asked) offer();
  }

  /* Asked once, with the question every part of the site asks (device-store.js). */
  function offer() {
    asked = true;
    if (!device.ask) return;
    var box = device.ask({
      title: "Keep this draft on this device?",
      text: ["If you keep it, this draft stays in this browser on this device until you delete " +
        "it, so it is here when you come back. It is never sent to us or anyone else.",
        "Anyone who uses this device could read it: use initials, not names. If not, it is " +
        "gone when you close this page, unless you download it."],
      answer: function (yes) {
        box.remove();
        if (yes) {
          keep();
          say("This draft is kept on this device. You can delete it at any time.");
        } else {
          say("This draft is not kept on this device. It is gone when you close this page, unless you download it.");
        }
        describeKeeping();
        ui.keeping.focus();
      }
    });
    box.classList.add("ord-plan__consent");
    ui.consent.appendChild(box);
  }

  function describeKeeping() {
    var kept = device && device.allowed();
    ui.keeping.textContent = kept
      ? "This draft is kept on this device only, and never sent anywhere."
      : "This draft is only in this page: it is gone when you close it, unless you download it.";
    ui.forget.hidden = !kept;
  }

  /* ---------- building the editor ---------- */
  function build() {
    while (root.firstChild) root.removeChild(root.firstChild);
    root.classList.add("ord-plan--editing");

    root.appendChild(buildActions());
    var top = el("div", "ord-plan__top");
    ui.keeping = el("p", "ord-plan__keeping");
    ui.keeping.tabIndex = -1;
    top.appendChild(ui.keeping);
    ui.forget = button("Delete everything from this device", "ord-plan__forget");
    ui.forget.addEventListener("click", function () {
      if (device) device.forgetAll();
      asked = false;
      describeKeeping();
      say("Everything this website kept on this device is deleted. This draft stays in the page until you close it.");
    });
    top.appendChild(ui.forget);
    ui.consent = el("div", "ord-plan__consent-slot");
    top.appendChild(ui.consent);
    root.appendChild(top);

    ui.status = el("p", "ord-plan__status");
    ui.status.setAttribute("role", "status");
    ui.status.setAttribute("aria-live", "polite");
    root.appendChild(ui.status);
    ui.alert = el("p", "ord-plan__alert");
    ui.alert.setAttribute("role", "alert");
    ui.alert.hidden = true;
    root.appendChild(ui.alert);
    ui.copyBox = el("div", "ord-plan__copy");
    ui.copyBox.hidden = true;
    root.appendChild(ui.copyBox);

    ui.record = el("section", "ord-plan__record");
    ui.record.hidden = true;
    root.appendChild(ui.record);
    ui.review = el("section", "ord-plan__review");
    ui.review.hidden = true;
    root.appendChild(ui.review);

    ui.form = el("div", "ord-plan__form");
    root.appendChild(ui.form);
    /* At the end of the form too, after the last strategy's answer. */
    ui.reviewEnd = el("p", "ord-plan__review-end");
    ui.reviewEnd.hidden = true;
    var nextAtEnd = button("Start the next plan", "md-button--primary");
    nextAtEnd.addEventListener("click", startNext);
    ui.reviewEnd.appendChild(nextAtEnd);
    root.appendChild(ui.reviewEnd);
    ui.print = el("div", "ord-plan-print");
    root.appendChild(ui.print);
    describeKeeping();
    if (device) device.onChange(function () { describeKeeping(); });
  }

  function buildActions() {
    var bar = el("div", "ord-plan__actions");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Plan actions");
    var print = button("Print");
    print.addEventListener("click", function () { renderPrint(); window.print(); });
    var copyText = button("Copy as text");
    copyText.addEventListener("click", function () { copyAsText(textOf(plan), "the plan"); });
    var download = button("Download");
    download.addEventListener("click", downloadPlan);
    var openLabel = el("label", "md-button ord-plan__open", "Open a saved plan");
    var open = el("input", "ord-plan__file");
    open.type = "file";
    open.id = "ord-plan-open";
    open.accept = ".html,.htm,text/html";
    openLabel.htmlFor = open.id;
    open.addEventListener("change", function () {
      if (open.files && open.files[0]) openFile(open.files[0]);
      open.value = "";
    });
    ui.reviewButton = button("Review this plan");
    ui.reviewButton.hidden = !fieldsOfType("strategies").length; /* nothing to review */
    ui.reviewButton.addEventListener("click", function () { setReviewing(!reviewing); });
    [print, copyText, download].forEach(function (b) { bar.appendChild(b); });
    bar.appendChild(open);
    bar.appendChild(openLabel);
    bar.appendChild(ui.reviewButton);
    return bar;
  }

  function renderForm() {
    var focusId = document.activeElement && document.activeElement.id;
    while (ui.form.firstChild) ui.form.removeChild(ui.form.firstChild);
    (template.sections || []).forEach(function (section) {
      var box = el("section", "ord-plan__section");
      var heading = el("h2", "", section.title);
      heading.id = "ord-plan-s-" + section.id;
      box.setAttribute("aria-labelledby", heading.id);
      box.appendChild(heading);
      if (section.hint) box.appendChild(el("p", "ord-plan__hint", section.hint));
      (section.fields || []).forEach(function (field) { box.appendChild(renderField(field)); });
      ui.form.appendChild(box);
    });
    if (plan.former) ui.form.appendChild(renderFormer());
    renderPrint();
    if (focusId && document.getElementById(focusId)) document.getElementById(focusId).focus();
  }

  function fieldId(field) { return "ord-plan-f-" + field.id; }

  var FORMER_TITLE = "No longer in this template";
  var FORMER_INTRO = "This plan was started with an earlier edition of this template. These " +
    "parts are not in it any more, so what was written in them is kept here, with their old " +
    "names: move it to where it belongs now, or leave it. It is printed, copied and saved " +
    "with the plan.";

  /* plan.former, at the end of the form: each old field's text in a box under its old label. */
  function renderFormer() {
    var box = el("section", "ord-plan__section ord-plan__former");
    var heading = el("h2", "", FORMER_TITLE);
    heading.id = "ord-plan-former";
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(heading);
    var intro = el("p", "ord-plan__hint", FORMER_INTRO);
    intro.id = "ord-plan-former-hint";
    box.appendChild(intro);
    plan.former.forEach(function (entry, i) {
      var id = "ord-plan-former-" + i;
      var input = simpleInput("area", id, entry.text, function (v) { entry.text = v; });
      input.rows = Math.min(12, Math.max(3, entry.text.split("\n").length + 1));
      input.setAttribute("aria-describedby", intro.id);
      var wrap = el("div", "ord-plan__field ord-plan__field--former");
      var label = el("label", "ord-plan__label", entry.label);
      label.htmlFor = id;
      wrap.appendChild(label);
      wrap.appendChild(input);
      box.appendChild(wrap);
    });
    return box;
  }

  function hintFor(field, holder) {
    if (!field.hint) return "";
    var hint = el("p", "ord-plan__hint", field.hint);
    hint.id = fieldId(field) + "-hint";
    holder.appendChild(hint);
    return hint.id;
  }

  function renderField(field) {
    var wrap = el("div", "ord-plan__field ord-plan__field--" + field.type);
    wrap.setAttribute("data-field", field.id);
    if (field.type === "text" || field.type === "paragraphs" || field.type === "date" ||
        field.type === "review-date") {
      var label = el("label", "ord-plan__label", field.label);
      label.htmlFor = fieldId(field);
      wrap.appendChild(label);
      var hint = hintFor(field, wrap);
      var input = simpleInput(field.type === "paragraphs" ? "area" : field.type === "text" ? "text" : "date",
        fieldId(field), plan.values[field.id], function (v) { plan.values[field.id] = v; });
      if (hint) input.setAttribute("aria-describedby", hint);
      wrap.appendChild(input);
      return wrap;
    }
    var set = el("fieldset", "ord-plan__fieldset");
    set.appendChild(el("legend", "ord-plan__legend", field.label));
    var hintId = hintFor(field, set);
    if (field.type === "apdr") renderApdr(field, set, hintId);
    else if (field.type === "self-review") renderSelfReview(field, set);
    else renderRows(field, set, hintId);
    wrap.appendChild(set);
    return wrap;
  }

  function simpleInput(kind, id, value, onInput) {
    var input = kind === "area" ? el("textarea", "ord-plan__input ord-plan__input--area") : el("input", "ord-plan__input");
    if (kind === "area") input.rows = 3;
    else input.type = kind;
    input.id = id;
    input.value = typeof value === "string" ? value : "";
    input.addEventListener("input", function () { onInput(input.value); changed(); });
    return input;
  }

  function renderApdr(field, set, hintId) {
    var prompts = field.prompts || [];
    if (prompts.length) {
      var intro = el("p", "ord-plan__prompts-intro", "The guide's questions for this step:");
      set.appendChild(intro);
      var list = el("ul", "ord-plan__prompts");
      list.id = fieldId(field) + "-prompts";
      prompts.forEach(function (q) { list.appendChild(el("li", "", q)); });
      set.appendChild(list);
    }
    var label = el("label", "ord-plan__label", "Your notes");
    label.htmlFor = fieldId(field);
    set.appendChild(label);
    var input = simpleInput("area", fieldId(field), plan.values[field.id], function (v) { plan.values[field.id] = v; });
    input.rows = 5;
    var described = [hintId, prompts.length ? fieldId(field) + "-prompts" : ""].filter(Boolean).join(" ");
    if (described) input.setAttribute("aria-describedby", described);
    set.appendChild(input);
  }

  function renderSelfReview(field, set) {
    var choices = field.choices || [];
    var themes = {};
    (field.expectations || []).forEach(function (e) { themes[e.key] = e.theme || ""; });
    var list = null;
    var theme = null;
    plan.values[field.id].forEach(function (row, i) {
      if (!list || themes[row.key] !== theme) {
        theme = themes[row.key];
        if (theme) set.appendChild(el("h3", "ord-plan__theme", theme));
        list = el("ol", "ord-plan__rows ord-plan__rows--self-review");
        set.appendChild(list);
      }
      var item = el("li", "ord-plan__row");
      var inner = el("fieldset", "ord-plan__rowset");
      inner.appendChild(el("legend", "ord-plan__rowlegend", row.title));
      var base = fieldId(field) + "-" + i;
      var radios = el("div", "ord-plan__choices");
      choices.forEach(function (choice, c) {
        radios.appendChild(radioChoice(base + "-mark", base + "-mark-" + c, choice, choice,
          row.mark === choice, function () { row.mark = choice; changed(); }));
      });
      inner.appendChild(radios);
      inner.appendChild(labelled("Note", base + "-note",
        simpleInput("area", base + "-note", row.note, function (v) { row.note = v; })));
      item.appendChild(inner);
      list.appendChild(item);
    });
  }

  function labelled(text, id, input) {
    var box = el("div", "ord-plan__cell");
    var label = el("label", "ord-plan__label", text);
    label.htmlFor = id;
    box.appendChild(label);
    box.appendChild(input);
    return box;
  }

  /* What a row is called in announcements: its title, name or first words, or "strategy 2". */
  function rowTitle(field, row, i) {
    var name = field.type === "list" ? row : row.title || row.name || row.outcome || "";
    name = String(name || "").trim();
    return name || (NOUN[field.type] || "row") + " " + (i + 1);
  }

  function rowName(field, row, i) {
    var noun = NOUN[field.type] || "row";
    var name = field.type === "list" ? row : row.title || row.name || row.outcome || "";
    name = String(name || "").trim();
    var label = noun.charAt(0).toUpperCase() + noun.slice(1) + " " + (i + 1);
    return name ? label + ": " + name : label;
  }

  /* "Strategy 2: Give time to process and reply": the row's number and its title. */
  function rowLegend(field, row, i) {
    var noun = NOUN[field.type] || "row";
    var legend = el("legend", "ord-plan__rowlegend",
      noun.charAt(0).toUpperCase() + noun.slice(1) + " " + (i + 1));
    var title = field.type === "strategies" || field.type === "needs" ? row.title :
      row.name || row.outcome || "";
    if (String(title || "").trim()) {
      legend.appendChild(document.createTextNode(": "));
      legend.appendChild(el("span", "ord-plan__row-title", String(title).trim()));
    }
    return legend;
  }

  function renderRows(field, set, hintId) {
    var rows = plan.values[field.id];
    if (hintId) set.setAttribute("aria-describedby", hintId);
    if (field.type === "needs") {
      set.appendChild(needBoxes(field));
      if (rows.length) set.appendChild(el("p", "ord-plan__label", "What I find hard, in each need"));
    }
    var list = el("ol", "ord-plan__rows");
    list.setAttribute("data-rows", field.id);
    rows.forEach(function (row, i) { list.appendChild(renderRow(field, row, i)); });
    set.appendChild(list);
    if (field.type === "needs") return;
    if (!rows.length) set.appendChild(el("p", "ord-plan__empty", "None yet."));
    var adders = el("div", "ord-plan__adders");
    var text = field.type === "strategies" ? "Add your own strategy" : "Add " + articled(NOUN[field.type] || "row");
    var add = button(text);
    add.id = fieldId(field) + "-add";
    add.addEventListener("click", function () { addRow(field, blankRow(field)); });
    if (field.type === "strategies") {
      var more = el("p", "ord-plan__hint", "To add more from the guide, use \"Add to plan\" on the ");
      var needs = el("a", "", "need pages");
      needs.href = siteUrl("needs/");
      more.appendChild(needs);
      more.appendChild(document.createTextNode(". Unless this draft is kept on this device, " +
        "download it before you leave this page."));
      adders.appendChild(more);
    }
    adders.appendChild(add);
    set.appendChild(adders);
  }

  function articled(noun) { return (/^[aeiou]/.test(noun) ? "an " : "a ") + noun; }

  function blankRow(field) {
    if (field.type === "list") return "";
    if (field.type === "strategies") return strategyRow(null, "", "", "");
    var row = {};
    ROWS[field.type].forEach(function (col) { row[col[0]] = ""; });
    return row;
  }

  /* The guide's needs as checkboxes by area; a ticked need gets a row for its note. */
  function needBoxes(field) {
    var box = el("div", "ord-plan__needs");
    var groups = {};
    var rows = plan.values[field.id];
    (guide.needs || []).forEach(function (need) {
      var group = groups[need.area];
      if (!group) {
        var set = el("fieldset", "ord-plan__area");
        set.appendChild(el("legend", "ord-plan__rowlegend", need.area_title || need.area));
        group = groups[need.area] = el("div", "ord-plan__choices");
        set.appendChild(group);
        box.appendChild(set);
      }
      var id = fieldId(field) + "-need-" + need.id;
      var input = el("input");
      input.type = "checkbox";
      input.id = id;
      input.value = need.id;
      input.checked = rows.some(function (r) { return r.id === need.id; });
      input.addEventListener("change", function () { toggleNeed(field, need, input.checked, id); });
      var label = el("label", "", need.title);
      label.htmlFor = id;
      var pair = el("span", "ord-plan__choice");
      pair.appendChild(input);
      pair.appendChild(label);
      group.appendChild(pair);
    });
    return box;
  }

  function toggleNeed(field, need, on, focusId) {
    var rows = plan.values[field.id];
    var at = -1;
    rows.forEach(function (r, i) { if (r.id === need.id) at = i; });
    if (on && at < 0) rows.push({ id: need.id, title: need.title, note: "" });
    if (!on && at >= 0) rows.splice(at, 1);
    rerenderField(field);
    changed();
    focus(focusId);
    say((on ? "Added " : "Removed ") + need.title + ". " + rows.length +
      (rows.length === 1 ? " need" : " needs") + " in the plan.");
  }

  function renderRow(field, row, i) {
    var rows = plan.values[field.id];
    var item = el("li", "ord-plan__row");
    item.setAttribute("data-index", String(i));
    var base = fieldId(field) + "-" + i;
    var inner = el(field.type === "list" ? "div" : "fieldset", "ord-plan__rowset");
    var name = rowName(field, row, i);
    if (field.type !== "list") inner.appendChild(rowLegend(field, row, i));

    if (field.type === "list") {
      inner.appendChild(labelled("Line " + (i + 1), base + "-text",
        simpleInput("text", base + "-text", row, function (v) { rows[i] = v; })));
    } else if (field.type === "strategies") {
      renderStrategy(field, row, base, inner);
    } else {
      ROWS[field.type].forEach(function (col) {
        inner.appendChild(labelled(col[1], base + "-" + col[0],
          simpleInput(col[2], base + "-" + col[0], row[col[0]], function (v) { row[col[0]] = v; })));
      });
    }
    inner.appendChild(rowTools(field, i, name));
    item.appendChild(inner);
    dragging(field, item, i);
    return item;
  }

  function renderStrategy(field, row, base, inner) {
    if (row.key) {
      var from = el("p", "ord-plan__source");
      var where = [row.source, tierOf(row.key)].filter(Boolean).join(", ");
      from.appendChild(document.createTextNode("From: "));
      var entry = guide.entries[row.key];
      var href = entry && !row.missing ? siteUrl(entry.url) : "";
      if (href) {
        var link = el("a", "", where || row.title);
        link.href = href;
        from.appendChild(link);
      } else {
        from.appendChild(document.createTextNode(where || "the guide"));
      }
      if (row.missing) from.appendChild(el("strong", "ord-plan__missing", " (no longer in the guide)"));
      inner.appendChild(from);
    } else {
      inner.appendChild(labelled("Strategy", base + "-title",
        simpleInput("text", base + "-title", row.title, function (v) { row.title = v; })));
    }
    ROWS.strategies.forEach(function (col) {
      inner.appendChild(labelled(col[1], base + "-" + col[0],
        simpleInput(col[2], base + "-" + col[0], row[col[0]], function (v) { row[col[0]] = v; })));
    });
    if (reviewing) inner.appendChild(helpedSet(row, base));
  }

  /* One radio button and its label, as a pair the choices' row lays out. */
  function radioChoice(name, id, value, text, checked, onChange) {
    var radio = el("input");
    radio.type = "radio";
    radio.name = name;
    radio.id = id;
    radio.value = value;
    radio.checked = checked;
    radio.addEventListener("change", onChange);
    var label = el("label", "", text);
    label.htmlFor = id;
    var pair = el("span", "ord-plan__choice");
    pair.appendChild(radio);
    pair.appendChild(label);
    return pair;
  }

  function helpedSet(row, base) {
    var set = el("fieldset", "ord-plan__helped");
    set.appendChild(el("legend", "ord-plan__rowlegend", "Did it help?"));
    var radios = el("div", "ord-plan__choices");
    HELPED.forEach(function (pair) {
      radios.appendChild(radioChoice(base + "-helped", base + "-helped-" + pair[0], pair[0],
        pair[1], row.helped === pair[0],
        function () { row.helped = pair[0]; changed(); renderReview(); }));
    });
    set.appendChild(radios);
    set.appendChild(labelled("What happened (review note)", base + "-review-note",
      simpleInput("area", base + "-review-note", row.review_note, function (v) { row.review_note = v; })));
    return set;
  }

  function rowTools(field, i, name) {
    var tools = el("div", "ord-plan__tools");
    var count = plan.values[field.id].length;
    var up = button("Move up", "ord-plan__move", ": " + name);
    var down = button("Move down", "ord-plan__move", ": " + name);
    var remove = button("Remove", "ord-plan__remove", ": " + name);
    up.id = fieldId(field) + "-" + i + "-up";
    down.id = fieldId(field) + "-" + i + "-down";
    remove.id = fieldId(field) + "-" + i + "-remove";
    if (i === 0) up.setAttribute("aria-disabled", "true");
    if (i === count - 1) down.setAttribute("aria-disabled", "true");
    up.addEventListener("click", function () { move(field, i, i - 1, "up"); });
    down.addEventListener("click", function () { move(field, i, i + 1, "down"); });
    remove.addEventListener("click", function () { removeRow(field, i); });
    var grip = el("span", "ord-plan__grip", "Drag to move");
    grip.setAttribute("aria-hidden", "true");
    tools.appendChild(up);
    tools.appendChild(down);
    tools.appendChild(remove);
    tools.appendChild(grip);
    return tools;
  }

  function rerenderField(field) {
    var holder = ui.form.querySelector('[data-field="' + field.id + '"]');
    if (!holder) return renderForm();
    holder.parentNode.replaceChild(renderField(field), holder);
  }

  function focus(id) {
    var target = document.getElementById(id);
    if (target) target.focus();
  }

  function move(field, from, to, direction) {
    var rows = plan.values[field.id];
    if (to < 0 || to >= rows.length) {
      say(from === 0 ? "Already at the top." : "Already at the bottom.");
      return;
    }
    var moved = rows.splice(from, 1)[0];
    rows.splice(to, 0, moved);
    rerenderField(field);
    changed();
    if (reviewing) renderReview();
    /* The same button of the moved row (at an end it is aria-disabled, still focusable). */
    focus(fieldId(field) + "-" + to + "-" + direction);
    say("Moved " + rowTitle(field, moved, to) + " to position " + (to + 1) + " of " + rows.length + ".");
  }

  function removeRow(field, i) {
    var rows = plan.values[field.id];
    var name = rowTitle(field, rows[i], i);
    var removed = rows.splice(i, 1)[0];
    rerenderField(field);
    changed();
    if (reviewing) renderReview();
    if (rows.length) focus(fieldId(field) + "-" + Math.min(i, rows.length - 1) + "-remove");
    else if (field.type === "needs") focus(fieldId(field) + "-need-" + removed.id);
    else focus(fieldId(field) + "-add");
    say("Removed " + name + ". " + rows.length + " left.");
  }

  function addRow(field, row) {
    var rows = plan.values[field.id];
    rows.push(row);
    rerenderField(field);
    changed();
    var item = ui.form.querySelector('[data-rows="' + field.id + '"] > li:last-child');
    var first = item && item.querySelector("input, textarea, select");
    if (first) first.focus();
    say("Added " + (row.title ? row.title : articled(NOUN[field.type] || "row")) + ". " +
      rows.length + " in this list.");
  }

  /* Dragging is an extra: the buttons do the same with a keyboard or one pointer. */
  var drag = null;
  function dragging(field, item, i) {
    var grip = item.querySelector(".ord-plan__grip");
    /* The whole row drags, but only from its grip: a drag that starts anywhere else (selecting
       text in a box) is not a move. */
    var held = false;
    item.draggable = true;
    grip.addEventListener("mousedown", function () { held = true; });
    item.addEventListener("mouseup", function () { held = false; });
    item.addEventListener("dragstart", function (event) {
      if (!held) { event.preventDefault(); return; }
      held = false;
      drag = { field: field.id, from: i };
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", String(i));
      item.classList.add("ord-plan__row--dragging");
    });
    item.addEventListener("dragend", function () {
      item.classList.remove("ord-plan__row--dragging");
      drag = null;
    });
    item.addEventListener("dragover", function (event) {
      if (drag && drag.field === field.id) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }
    });
    item.addEventListener("drop", function (event) {
      if (!drag || drag.field !== field.id) return;
      event.preventDefault();
      var from = drag.from;
      drag = null;
      if (from !== i) move(field, from, i, from > i ? "up" : "down");
    });
  }

  /* ---------- review ---------- */
  function setReviewing(on) {
    reviewing = on;
    ui.reviewButton.textContent = on ? "Stop reviewing" : "Review this plan";
    renderForm();
    renderReview();
    if (on) {
      ui.reviewHeading.focus();
      say("Review mode: each strategy now asks whether it helped.");
    } else {
      say("Back to editing the plan.");
    }
  }

  function strategyRows() {
    var all = [];
    fieldsOfType("strategies").forEach(function (f) {
      plan.values[f.id].forEach(function (row) { all.push(row); });
    });
    return all;
  }

  function renderReview() {
    while (ui.review.firstChild) ui.review.removeChild(ui.review.firstChild);
    ui.review.hidden = !reviewing;
    ui.reviewEnd.hidden = !reviewing;
    if (!reviewing) return;
    var heading = el("h2", "", "Review this plan");
    heading.id = "ord-plan-review-title";
    heading.tabIndex = -1;
    ui.reviewHeading = heading;
    ui.review.setAttribute("aria-labelledby", heading.id);
    ui.review.appendChild(heading);
    ui.review.appendChild(el("p", "", "For each strategy below, answer \"Did it help?\" and note " +
      "what happened. Then start the next plan: strategies that did not help are left out of it " +
      "and listed as tried and stopped in this review's record."));
    fieldsOfType("apdr").filter(function (f) { return f.step === "review"; }).forEach(function (f) {
      var link = el("a", "", "The guide's review questions: " + f.label);
      link.href = "#" + fieldId(f);
      ui.review.appendChild(el("p")).appendChild(link);
    });
    var rows = strategyRows();
    var answered = rows.filter(function (r) { return r.helped; }).length;
    var no = rows.filter(function (r) { return r.helped === "no"; }).length;
    ui.review.appendChild(el("p", "ord-plan__review-count", answered + " of " + rows.length +
      " strategies answered; " + no + " did not help."));
    var next = button("Start the next plan", "md-button--primary");
    next.id = "ord-plan-next";
    next.addEventListener("click", startNext);
    ui.review.appendChild(next);
  }

  function startNext() {
    var stopped = [];
    record = copy(plan);
    record.status = "reviewed";
    record.saved = today();
    fieldsOfType("strategies").forEach(function (f) {
      plan.values[f.id].forEach(function (row) {
        if (row.helped === "no") {
          stopped.push({ key: row.key, title: row.title, source: row.source, review_note: row.review_note });
        }
      });
    });
    record.stopped = stopped;
    var nextPlan = copy(plan);
    nextPlan.status = "draft";
    delete nextPlan.stopped;
    var carried = 0;
    fieldsOfType("strategies").forEach(function (f) {
      nextPlan.values[f.id] = nextPlan.values[f.id].filter(function (row) {
        return row.helped !== "no";
      }).map(function (row) {
        row.helped = "";
        row.review_note = "";
        carried += 1;
        return row;
      });
    });
    fieldsOfType("review-date").forEach(function (f) { nextPlan.values[f.id] = reviewDefault(); });
    fieldsOfType("apdr").filter(function (f) { return f.step === "review"; }).forEach(function (f) {
      nextPlan.values[f.id] = "";
    });
    plan = nextPlan;
    reviewing = false;
    ui.reviewButton.textContent = "Review this plan";
    renderReview();
    renderForm();
    renderRecord();
    changed();
    ui.recordHeading.focus();
    say("The next plan is ready: " + carried + " strategies carried over, " + stopped.length +
      " tried and stopped. Revise the outcomes with the team.");
  }

  function renderRecord() {
    while (ui.record.firstChild) ui.record.removeChild(ui.record.firstChild);
    ui.record.hidden = !record;
    if (!record) return;
    var heading = el("h2", "", "Review record");
    heading.id = "ord-plan-record-title";
    heading.tabIndex = -1;
    ui.recordHeading = heading;
    ui.record.setAttribute("aria-labelledby", heading.id);
    ui.record.appendChild(heading);
    ui.record.appendChild(el("p", "", "The plan as it was reviewed on " + record.saved +
      ". The plan below is the next draft, made from its answers."));
    var h3 = el("h3", "", "Tried and stopped");
    ui.record.appendChild(h3);
    var stopped = record.stopped || [];
    if (!stopped.length) ui.record.appendChild(el("p", "", "None: every strategy carried over."));
    else {
      var list = el("ul", "ord-plan__stopped");
      stopped.forEach(function (s) {
        list.appendChild(el("li", "", s.title + (s.review_note ? ": " + s.review_note : "")));
      });
      ui.record.appendChild(list);
    }
    var tools = el("p", "ord-plan__record-tools");
    var dl = button("Download the review record");
    dl.addEventListener("click", function () { downloadThis(record); });
    var text = button("Copy the review record as text");
    text.addEventListener("click", function () { copyAsText(textOf(record), "the review record"); });
    tools.appendChild(dl);
    tools.appendChild(document.createTextNode(" "));
    tools.appendChild(text);
    ui.record.appendChild(tools);
  }

  /* ---------- text, print, files ---------- */
  function rowLines(field, row) {
    if (field.type === "list") return [String(row)];
    if (field.type === "needs") return [row.title + (row.note ? ": " + row.note : "")];
    if (field.type === "strategies") {
      var lines = [row.title + (row.missing ? " (no longer in the guide)" : "")];
      var where = [row.source, tierOf(row.key)].filter(Boolean).join(", ");
      if (row.key && where) lines.push("From: " + where);
      ROWS.strategies.forEach(function (col) { if (row[col[0]]) lines.push(col[1] + ": " + row[col[0]]); });
      var helped = HELPED.filter(function (h) { return h[0] === row.helped; })[0];
      if (helped) lines.push("Did it help? " + helped[1]);
      if (row.review_note) lines.push("Review note: " + row.review_note);
      return lines;
    }
    if (field.type === "self-review") {
      return [row.title + ": " + (row.mark || "not marked") + (row.note ? ". " + row.note : "")];
    }
    var cols = ROWS[field.type] || [];
    var parts = cols.map(function (col) { return row[col[0]] ? col[1] + ": " + row[col[0]] : ""; })
      .filter(Boolean);
    return [parts.join(". ") || "(blank)"];
  }

  function fieldText(field, value) {
    var out = [];
    if (Array.isArray(value)) {
      out.push(field.label + ":");
      if (!value.length) out.push("   None.");
      value.forEach(function (row, i) {
        rowLines(field, row).forEach(function (line, n) {
          out.push((n === 0 ? "   " + (i + 1) + ". " : "      ") + line);
        });
      });
    } else {
      var text = String(value || "").trim();
      if (text.indexOf("\n") >= 0) {
        out.push(field.label + ":");
        text.split(/\n+/).forEach(function (line) { out.push("   " + line); });
      } else {
        out.push(field.label + ": " + (text || "(blank)"));
      }
    }
    return out;
  }

  function textOf(p) {
    var out = [template.title + (p.status === "reviewed" ? " (review record)" : " (draft)")];
    out.push("Saved " + p.saved + (p.edition ? ", from the guide's " + p.edition + " edition" : "") + ".");
    (template.sections || []).forEach(function (section, s) {
      out.push("");
      out.push((s + 1) + ". " + section.title.toUpperCase());
      (section.fields || []).forEach(function (field) {
        fieldText(field, p.values[field.id]).forEach(function (line) { out.push(line); });
      });
    });
    if (p.former && p.former.length) {
      out.push("");
      out.push(FORMER_TITLE.toUpperCase());
      p.former.forEach(function (entry) {
        fieldText({ label: entry.label }, entry.text).forEach(function (line) { out.push(line); });
      });
    }
    if (p.stopped) {
      out.push("");
      out.push("TRIED AND STOPPED");
      if (!p.stopped.length) out.push("   None.");
      p.stopped.forEach(function (s, i) {
        out.push("   " + (i + 1) + ". " + s.title + (s.review_note ? ": " + s.review_note : ""));
      });
    }
    return out.join("\n") + "\n";
  }

  function copyAsText(text, what) {
    function fallback() {
      while (ui.copyBox.firstChild) ui.copyBox.removeChild(ui.copyBox.firstChild);
      var label = el("label", "ord-plan__label", "The text of " + what + ": select it all and copy it");
      label.htmlFor = "ord-plan-copy-text";
      var area = el("textarea", "ord-plan__input ord-plan__input--area");
      area.id = "ord-plan-copy-text";
      area.rows = 12;
      area.readOnly = true;
      area.value = text;
      var close = button("Close");
      close.addEventListener("click", function () { ui.copyBox.hidden = true; });
      ui.copyBox.appendChild(label);
      ui.copyBox.appendChild(area);
      ui.copyBox.appendChild(close);
      ui.copyBox.hidden = false;
      area.focus();
      area.select();
      say("Your browser did not let this page copy. The text is in the box: select it all and copy it.");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () {
        say("Copied " + what + " as text. Paste it into your own system.");
      }, fallback);
    } else {
      fallback();
    }
  }

  function renderPrint() {
    var view = ui.print;
    while (view.firstChild) view.removeChild(view.firstChild);
    if (plan.status === "reviewed") view.appendChild(el("p", "", "Review record"));
    view.appendChild(el("p", "ord-plan-print__saved", "Saved " + plan.saved +
      (plan.edition ? ", from the guide's " + plan.edition + " edition" : "") + "."));
    (template.sections || []).forEach(function (section) {
      view.appendChild(el("h2", "", section.title));
      (section.fields || []).forEach(function (field) {
        var value = plan.values[field.id];
        view.appendChild(el("h3", "", field.label));
        if (Array.isArray(value)) {
          if (!value.length) { view.appendChild(el("p", "ord-plan-print__blank", "None.")); return; }
          var list = el("ol");
          value.forEach(function (row) {
            var item = el("li");
            rowLines(field, row).forEach(function (line, n) {
              item.appendChild(el(n === 0 ? "strong" : "span", "ord-plan-print__line", line));
            });
            list.appendChild(item);
          });
          view.appendChild(list);
        } else {
          var text = String(value || "").trim();
          if (!text) view.appendChild(el("p", "ord-plan-print__blank", "Not filled in."));
          text.split(/\n+/).filter(Boolean).forEach(function (line) { view.appendChild(el("p", "", line)); });
        }
      });
    });
    if (plan.former && plan.former.length) {
      view.appendChild(el("h2", "", FORMER_TITLE));
      plan.former.forEach(function (entry) {
        view.appendChild(el("h3", "", entry.label));
        var lines = String(entry.text || "").split(/\n+/).filter(function (l) { return l.trim(); });
        if (!lines.length) view.appendChild(el("p", "ord-plan-print__blank", "Not filled in."));
        lines.forEach(function (line) { view.appendChild(el("p", "", line)); });
      });
    }
    if (record && record !== plan) {
      view.appendChild(el("h2", "", "Tried and stopped at the last review"));
      var stopped = el("ul");
      (record.stopped || []).forEach(function (s) { stopped.appendChild(el("li", "", s.title)); });
      if (!(record.stopped || []).length) view.appendChild(el("p", "", "None."));
      else view.appendChild(stopped);
    }
  }

  function files() {
    var api = window.ordinarilyPlanFile;
    if (!api) alertUser("Saving and opening plan files is not available in this browser.");
    return api || null;
  }

  function downloadThis(p) {
    var api = files();
    if (!api) return;
    try {
      api.download(p, template, guide);
      alertUser("");
      say("Downloaded " + (p.status === "reviewed" ? "the review record" : "the plan") +
        ". Keep the file somewhere safe: it holds everything typed here.");
    } catch (error) {
      alertUser("The plan could not be downloaded: " + (error && error.message ? error.message : "please try again."));
    }
  }

  function downloadPlan() { downloadThis(plan); }

  function openFile(file) {
    var api = files();
    if (!api) return;
    alertUser("");
    Promise.resolve().then(function () { return api.read(file); }).then(function (opened) {
      var migrated = api.migrate ? api.migrate(opened, guide, template) : opened;
      if (migrated.template && migrated.template !== template.id) {
        throw new Error("This file is a plan made with another template (" + migrated.template +
          "). Open it on that template's page from the list of plans.");
      }
      var wasReviewed = migrated.status === "reviewed";
      plan = complete(migrated);
      if (wasReviewed) {
        record = copy(plan);
        plan.status = "reviewed";
      }
      reviewing = false;
      ui.reviewButton.textContent = "Review this plan";
      renderReview();
      renderRecord();
      renderForm();
      changed();
      say("Opened the plan saved on " + (plan.saved || "an unknown date") + ". " +
        strategyRows().length + " strategies.");
    }).catch(function (error) {
      alertUser(error && error.message ? error.message : "This file could not be opened as a plan.");
    });
  }

  /* ---------- start ---------- */
  function start(loaded) {
    if (loaded && typeof loaded === "object") {
      guide = loaded;
      guide.entries = loaded.entries || {};
      guide.formerly = loaded.formerly || {};
      guide.needs = loaded.needs || [];
    }
    var kept = device && device.allowed() ? device.get(KEY) : null;
    var api = window.ordinarilyPlanFile;
    if (kept && api && api.migrate) {
      try { kept = api.migrate(kept, guide, template); } catch (error) { kept = null; }
    }
    plan = complete(kept || newPlan());
    record = device && device.allowed() ? device.get(RECORD_KEY) : null;
    build();
    var added = mergePicks();
    renderForm();
    renderRecord();
    if (added) {
      keep();
      say("Added " + added + " " + (added === 1 ? "pick" : "picks") + " from the guide to this plan.");
    }
    root.setAttribute("data-ready", "true");
  }

  var guideUrl = root.getAttribute("data-guide");
  if (!guideUrl || !window.fetch) start(null);
  else {
    fetch(guideUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(start, function () { start(null); });
  }
})();
