/* Ordinarily: the quick needs checker. The page is a checklist that works without this script;
   the script adds suggestions worked out in the browser from checker.json, read from this site.
   Nothing a reader ticks is stored or sent anywhere. */
(function () {
  "use strict";

  /* The ranking rule, the mirror of ordinarily.checker.rank (docs/checker.md): a need's score is
     the number of ticked observations that point to it; observations outside the phase are
     ignored; needs scoring 0 are left out; ties keep the guide's order. */
  function rank(data, ticked, phase) {
    var chosen = Object.create(null), order = Object.create(null), led = Object.create(null);
    var ids = [];
    ticked.forEach(function (id) { chosen[id] = true; });
    data.needs.forEach(function (n) { order[n.id] = n.order; });
    data.observations.forEach(function (o) {
      if (!chosen[o.id] || (phase && o.phases.indexOf(phase) === -1)) { return; }
      o.needs.forEach(function (id) {
        if (!led[id]) { led[id] = []; ids.push(id); }
        led[id].push(o.id);
      });
    });
    ids.sort(function (a, b) { return (led[b].length - led[a].length) || (order[a] - order[b]); });
    return ids.map(function (id) { return [id, led[id]]; });
  }

  window.ordinarilyChecker = { rank: rank };

  var NOT_A_DIAGNOSIS = "This is not a diagnosis.";
  var WHAT_IT_MEANS = "These are needs worth reading about, based " +
    "on what you ticked. The graduated approach responds to need, not to a label: talk with " +
    "the child, their family and the setting's special educational needs coordinator before " +
    "deciding what to try.";

  /* Small DOM helpers: text always goes in as text, never as HTML. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  function list(tag, items, render) {
    return el(tag, {}, items.map(function (item) { return el("li", {}, [].concat(render(item))); }));
  }

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function byId(items) {
    var map = Object.create(null);
    items.forEach(function (item) { map[item.id] = item; });
    return map;
  }

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  var announce = window.ordinarilyAnnounce;

  function setHidden(node, hide) {
    if (hide) { node.setAttribute("data-ord-hidden", ""); } else { node.removeAttribute("data-ord-hidden"); }
  }

  /* The form: the chosen phase, what is ticked, and hiding observations outside the phase. */
  function chosenPhase(ui) {
    var checked = ui.phases.filter(function (input) { return input.checked; })[0];
    return checked ? checked.value : "";
  }

  function tickedIds(ui) {
    return ui.boxes.filter(function (b) { return b.checked && !b.disabled; })
      .map(function (b) { return b.value; });
  }

  function filterPhase(ui) {
    var phase = chosenPhase(ui), shown = 0;
    ui.boxes.forEach(function (input) {
      var item = input.closest(".ord-obs");
      var fits = !phase || item.getAttribute("data-ord-phases").split(" ").indexOf(phase) !== -1;
      input.disabled = !fits;
      setHidden(item, !fits);
      shown += fits ? 1 : 0;
    });
    ui.themes.forEach(function (fieldset) {
      var empty = !fieldset.querySelector("[data-ord-observation]:not(:disabled)");
      fieldset.disabled = empty;
      setHidden(fieldset, empty);
    });
    return shown;
  }

  function phaseChanged(ui) {
    var shown = filterPhase(ui);
    var phase = ui.phaseById[chosenPhase(ui)];
    announce(ui.status, "Showing " + shown + " of " + ui.boxes.length + " things you might notice, for " +
      phase.title + ".");
    answersChanged(ui);
  }

  function answersChanged(ui) {
    ui.error.hidden = true;
    var count = tickedIds(ui).length;
    ui.count.textContent = "(" + count + " ticked)";
    /* After the first tick the buttons stick to the bottom of the screen. */
    if (count) { document.documentElement.setAttribute("data-ord-checker-bar", ""); }
    else { document.documentElement.removeAttribute("data-ord-checker-bar"); }
    if (!ui.results.hidden) { ui.stale.hidden = false; }
  }

  /* "Start again": no phase, no ticks, no result; focus goes back to the first question. */
  function reset(ui) {
    ui.phases.forEach(function (r) { r.checked = false; });
    ui.boxes.forEach(function (b) { b.checked = false; });
    filterPhase(ui);
    ui.body.replaceChildren();
    if (ui.next) { ui.next.hidden = true; }
    ui.results.hidden = true;
    ui.stale.hidden = true;
    ui.text = "";
    document.documentElement.removeAttribute("data-ord-checker-result");
    answersChanged(ui);
    ui.phases[0].focus();
    announce(ui.status, "Every answer is cleared. Start again by choosing the " + ui.data.labels.phase + ".");
  }

  function problem(ui, message, target) {
    ui.error.textContent = "There is a problem: " + message;
    ui.error.hidden = false;
    announce(ui.status, message);
    if (target) { target.focus(); }
  }

  /* The result: what led to each suggested need, its first steps, questions and when to seek
     more help. URLs are relative to the site root in the data; `ui.root` leads there. */
  function needHref(ui, need, phase, anchor) {
    return ui.root + need.url + "?phase=" + encodeURIComponent(phase) + (anchor ? "#" + anchor : "");
  }

  function stepItem(ui, need, phase, step) {
    return [el("a", { href: needHref(ui, need, phase, step.anchor) }, [step.title]), " ",
      el("span", { "class": "ord-tag" }, [step.tier_title])];
  }

  /* The steps as a list whose items carry their plan keys (<need-id>/<entry-id>), for
     plan-add.js's "Add to plan" buttons. */
  function stepList(ui, need, phase, steps) {
    var ul = list("ul", steps, function (s) { return stepItem(ui, need, phase, s); });
    Array.prototype.forEach.call(ul.children, function (li, i) {
      li.setAttribute("data-plan-entry", need.id + "/" + steps[i].id);
      li.setAttribute("data-plan-title", steps[i].title);
      li.setAttribute("data-plan-source", need.title);
    });
    return ul;
  }

  function section(title, children) {
    return [el("h4", {}, [title])].concat(children);
  }

  /* What the guide calls an area or a phase, to start a line ("Area of need", "Stage"). */
  function label(ui, name) {
    var word = ui.data.labels[name];
    return word.charAt(0).toUpperCase() + word.slice(1);
  }

  /* Where the guide marks no first steps for a phase, the data gives the first entries for it
     at the checker's tiers instead; they are never called first steps. */
  function marked(need, phase) {
    return need.first_steps_marked.indexOf(phase) !== -1;
  }

  function fromEntries(ui, steps) {
    var titles = [];
    steps.forEach(function (s) { if (titles.indexOf(s.tier_title) === -1) { titles.push(s.tier_title); } });
    var names = titles.length > 1 ? titles.slice(0, -1).join(", ") + " and " + titles[titles.length - 1] : titles[0];
    return "No first steps are marked for this need at this " + ui.data.labels.phase +
      ". These are the first entries listed under " + names + ".";
  }

  function needResult(ui, ranked, phase, index) {
    var need = ui.needById[ranked[0]], steps = need.first_steps[phase] || [];
    var texts = ranked[1].map(function (id) { return ui.obsById[id].text; });
    var parts = [
      el("h3", {}, [el("span", {}, [(index + 1) + "."]), " ",
        el("a", { href: needHref(ui, need, phase) }, [need.title])]),
      el("p", { "class": "ord-result__area" }, [label(ui, "area") + ": " + need.area_title]),
      el("p", {}, ["Suggested because you ticked:"]),
      list("ul", texts, function (t) { return t; })
    ];
    if (need.families_url) {
      parts.splice(2, 0, el("p", { "class": "ord-result__families" }, ["For parents and carers: ",
        el("a", { href: ui.root + need.families_url }, [need.title + " for families"])]));
    }
    if (!steps.length) {
      parts = parts.concat(section("First steps to try",
        [el("p", {}, ["No first steps are listed for this " + ui.data.labels.phase + ": read the need page."])]));
    } else if (marked(need, phase)) {
      parts = parts.concat(section("First steps to try",
        [stepList(ui, need, phase, steps)]));
    } else {
      parts = parts.concat(section("Where to start", [el("p", {}, [fromEntries(ui, steps)]),
        stepList(ui, need, phase, steps)]));
    }
    if (need.assess.length) {
      parts = parts.concat(section("Questions to ask at the Assess step",
        [list("ul", need.assess, function (q) { return q; })]));
    }
    if (need.seek_help.length) {
      parts = parts.concat(section("When to seek more help",
        [list("ul", need.seek_help, function (s) { return s; })]));
    }
    return el("li", { "class": "ord-result", "data-plan-need": need.id }, parts);
  }

  function answers(ui, phase, ticks) {
    var p = ui.phaseById[phase];
    return [
      el("h3", {}, ["Your answers"]),
      el("p", {}, [el("strong", {}, [label(ui, "phase") + ": "]), p.title + " (ages " + p.ages + ")"]),
      el("p", {}, [el("strong", {}, ["What you have noticed:"])]),
      list("ul", ticks, function (id) { return ui.obsById[id].text; })
    ];
  }

  function assessQuestions(ui) {
    var step = ui.data.assess;
    return [
      el("h3", {}, ["Questions for every child at the " + step.title + " step"]),
      el("p", {}, ["From ", el("a", { href: ui.root + step.url }, ["Assess, plan, do, review"]),
        ", the graduated approach:"]),
      list("ul", step.questions, function (q) { return q; })
    ];
  }

  /* "What can I do next?" (when that page is on): the suggested needs that have a family view
     travel in the fragment, which browsers never send to a server. */
  function nextLink(ui, ranking) {
    if (!ui.next) { return; }
    var link = ui.next.querySelector("a"), base = link.getAttribute("href").split("#")[0];
    var ids = ranking.map(function (r) { return ui.needById[r[0]]; })
      .filter(function (need) { return need.families_url; })
      .map(function (need) { return encodeURIComponent(need.id); });
    link.setAttribute("href", base + (ids.length ? "#needs=" + ids.join(",") : ""));
    ui.next.hidden = false;
  }

  function render(ui, phase, ticks, ranking) {
    var count = plural(ranking.length, "need", "needs");
    ui.body.replaceChildren.apply(ui.body, [
      el("p", { "class": "ord-checker__disclaimer" }, [el("strong", {}, [NOT_A_DIAGNOSIS]), " " + WHAT_IT_MEANS])
    ].concat(answers(ui, phase, ticks), [
      el("h3", {}, [count + " to read about, most ticks first"]),
      el("ol", { "class": "ord-results" }, ranking.map(function (r, i) { return needResult(ui, r, phase, i); }))
    ], assessQuestions(ui)));
    nextLink(ui, ranking);
    ui.text = asText(ui, phase, ticks, ranking);
    ui.fallback.hidden = true;
    ui.copied.textContent = "";
    /* plan-add.js adds "Add to plan" and "Start a plan with these" (when plans are on). */
    ui.results.dispatchEvent(new CustomEvent("ordinarily:checker-result", { bubbles: true }));
  }

  /* The same result as plain text, for "Copy as text". */
  function absolute(href) { return new URL(href, window.location.href).href; }

  function needText(ui, ranked, phase, index) {
    var need = ui.needById[ranked[0]], lines = ["", (index + 1) + ". " + need.title + ": " +
      absolute(needHref(ui, need, phase))];
    var bullet = function (text) { lines.push("   - " + text); };
    lines.push("   Suggested because you ticked:");
    ranked[1].forEach(function (id) { bullet(ui.obsById[id].text); });
    var steps = need.first_steps[phase] || [];
    if (steps.length && !marked(need, phase)) {
      lines.push("   Where to start: " + fromEntries(ui, steps));
    } else {
      lines.push("   First steps to try:");
    }
    steps.forEach(function (s) {
      bullet(s.title + " (" + s.tier_title + "): " + absolute(needHref(ui, need, phase, s.anchor)));
    });
    if (need.assess.length) { lines.push("   Questions to ask at the Assess step:"); }
    need.assess.forEach(bullet);
    if (need.seek_help.length) { lines.push("   When to seek more help:"); }
    need.seek_help.forEach(bullet);
    return lines;
  }

  function asText(ui, phase, ticks, ranking) {
    var p = ui.phaseById[phase], lines = [ui.data.title + ": suggestions", "",
      NOT_A_DIAGNOSIS + " " + WHAT_IT_MEANS, "",
      label(ui, "phase") + ": " + p.title + " (ages " + p.ages + ")", "", "What you have noticed:"];
    ticks.forEach(function (id) { lines.push("- " + ui.obsById[id].text); });
    lines.push("", plural(ranking.length, "need", "needs") + " to read about, most ticks first:");
    ranking.forEach(function (r, i) { lines = lines.concat(needText(ui, r, phase, i)); });
    lines.push("", "Questions for every child at the " + ui.data.assess.title + " step (" +
      absolute(ui.root + ui.data.assess.url) + "):");
    ui.data.assess.questions.forEach(function (q) { lines.push("- " + q); });
    if (ui.next) {
      var link = ui.next.querySelector("a");
      lines.push("", link.textContent.trim() + ": " + link.href);
    }
    return lines.join("\n") + "\n";
  }

  /* The buttons. */
  function show(ui) {
    var phase = chosenPhase(ui), ticks = tickedIds(ui);
    if (!phase) { return problem(ui, "choose the " + ui.data.labels.phase + " the child or young person is in.", ui.phases[0]); }
    if (!ticks.length) {
      return problem(ui, "tick at least one thing you have noticed.", ui.boxes.filter(function (b) { return !b.disabled; })[0]);
    }
    var ranking = rank(ui.data, ticks, phase);
    ui.error.hidden = true;
    render(ui, phase, ticks, ranking);
    ui.results.hidden = false;
    ui.stale.hidden = true;
    document.documentElement.setAttribute("data-ord-checker-result", "");
    ui.heading.focus({ preventScroll: true });
    ui.heading.scrollIntoView({ block: "start" });
    announce(ui.status, plural(ranking.length, "need", "needs") + " suggested for " +
      ui.phaseById[phase].title + ". This is not a diagnosis.");
  }

  function copyFallback(ui) {
    var copied = false;
    ui.fallback.hidden = false;
    ui.textarea.value = ui.text;
    ui.textarea.focus();
    ui.textarea.select();
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    announce(ui.copied, copied ? "Copied the suggestions as text."
      : "The text is selected below: copy it with Ctrl+C, or Cmd+C on a Mac.");
  }

  function copy(ui) {
    if (!navigator.clipboard || !window.isSecureContext) { return copyFallback(ui); }
    navigator.clipboard.writeText(ui.text).then(function () {
      announce(ui.copied, "Copied the suggestions as text. Paste them where you need them.");
    }, function () { copyFallback(ui); });
  }

  /* Start: read the page's parts, load the data from this site, then wire everything up. */
  function parts(box) {
    var results = document.querySelector("[data-ord-results]");
    var one = function (root, name) { return root.querySelector("[data-ord-" + name + "]"); };
    return {
      box: box, root: box.getAttribute("data-root") || "", results: results,
      phases: all(box, "[data-ord-phase]"), boxes: all(box, "[data-ord-observation]"),
      themes: all(box, "[data-ord-theme]"), actions: one(box, "actions"), error: one(box, "error"),
      button: one(box, "show"), reset: one(box, "reset"), count: one(box, "count"), status: one(box, "status"), heading: results.querySelector("h2"),
      stale: one(results, "stale"), body: one(results, "results-body"), copied: one(results, "copied"),
      fallback: one(results, "fallback"), textarea: one(results, "text"), text: "",
      next: one(results, "next-link")
    };
  }

  function wire(ui, data) {
    ui.data = data;
    ui.needById = byId(data.needs);
    ui.obsById = byId(data.observations);
    ui.phaseById = byId(data.phases);
    ui.phases.forEach(function (r) { r.addEventListener("change", function () { phaseChanged(ui); }); });
    ui.boxes.forEach(function (b) { b.addEventListener("change", function () { answersChanged(ui); }); });
    ui.button.addEventListener("click", function () { show(ui); });
    ui.reset.addEventListener("click", function () { reset(ui); });
    /* Which needs an observation may suggest is shown in the result only, never before ticking. */
    all(ui.box, "[data-ord-may]").forEach(function (n) { n.hidden = true; });
    /* Without the script the page links "What can I do next?" after the list; with it, the
       result does, with the suggested needs. */
    all(ui.box, "[data-ord-next-nojs]").forEach(function (n) { n.hidden = true; });
    ui.results.querySelector("[data-ord-copy]").addEventListener("click", function () { copy(ui); });
    ui.results.querySelector("[data-ord-print]").addEventListener("click", function () { window.print(); });
    all(ui.box, "[data-ord-js-only]").forEach(function (n) { n.hidden = false; });
    ui.actions.hidden = false;
    if (chosenPhase(ui)) { filterPhase(ui); }
    answersChanged(ui);
  }

  function unavailable(ui) {
    ui.actions.hidden = false;
    ui.button.hidden = true;
    ui.reset.hidden = true;
    ui.error.textContent = "Suggestions are not available just now. The list still works: " +
      "follow the links after each thing you have noticed.";
    ui.error.hidden = false;
  }

  function start(box) {
    var ui = parts(box);
    fetch(box.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("checker data: " + response.status); }
        return response.json();
      })
      .then(function (data) { wire(ui, data); }, function () { unavailable(ui); });
  }

  function startAll() { all(document, "[data-ord-checker]").forEach(start); }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", startAll); }
  else { startAll(); }
})();
