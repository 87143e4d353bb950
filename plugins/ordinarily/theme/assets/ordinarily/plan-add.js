/* "Add to plan" (issue 27): a button inside every element carrying data-plan-entry (need pages'
 * provision entries, universal expectations, the checker result's first steps) and, on the
 * checker result, "Start a plan with these".
 *
 * - Each button is a toggle (aria-pressed); every change is announced in a polite live region
 *   ("Added to your plan: <title>. 3 in your plan.") and a "My plan (n)" link beside the button
 *   leads to the default plan template with the picks in the fragment
 *   (/plans/<template>/#add=<key>,<key>&needs=<id>,<id>), which browsers never send to a server.
 * - Nothing is kept without consent: the first pick asks once, "Keep my plan on this device?"
 *   (device-store.js asks). After a yes the picks are kept under "plan-picks" and "plan-needs"
 *   until the plan page takes them (plan-editor.js) or the user deletes everything.
 * - The plans section is on when the page carries <meta name="ordinarily:plans">; the default
 *   template comes from its data-default-template or from guide.json's default_template. */
(function () {
  "use strict";

  var PICKS = "plan-picks", NEEDS = "plan-needs";
  var KEY = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;
  var ID = /^[a-z0-9][a-z0-9-]*$/;
  var device = window.ordinarilyDevice;
  var picks = [];   /* [{key, title, source, url}] in the order added */
  var needs = [];   /* [need id] */
  var rows = [];    /* [{key, title, row, button, link}] */
  var plans = null, template = null, live = null, lastRow = null, asked = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function has(key) { return picks.some(function (p) { return p.key === key; }); }

  function clean(list) {
    return Array.isArray(list) ? list.filter(function (p) {
      return p && typeof p.key === "string" && KEY.test(p.key) && typeof p.title === "string";
    }).map(function (p) {
      return { key: p.key, title: p.title.slice(0, 500), source: String(p.source || "").slice(0, 500),
        url: String(p.url || "").slice(0, 500) };
    }) : [];
  }

  function keptPicks() { return clean(device && device.get(PICKS)); }

  function keptNeeds() {
    var list = device && device.get(NEEDS);
    return Array.isArray(list) ? list.filter(function (id) { return typeof id === "string" && ID.test(id); }) : [];
  }

  function keep() {
    if (!device || !device.allowed()) return;
    device.set(PICKS, picks);
    device.set(NEEDS, needs);
  }

  /* --- where the plan is --- */
  function planHref() {
    var base = template ? new URL(template + "/", plans) : plans;
    var parts = [];
    if (picks.length) parts.push("add=" + picks.map(function (p) { return p.key; }).join(","));
    if (needs.length) parts.push("needs=" + needs.join(","));
    return base.pathname + (parts.length ? "#" + parts.join("&") : "");
  }

  function defaultTemplate(meta) {
    var given = meta.getAttribute("data-default-template");
    if (given && ID.test(given)) return Promise.resolve(given);
    if (!window.fetch) return Promise.resolve(null);
    return fetch(new URL("guide.json", plans).href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("guide.json: " + r.status);
      return r.json();
    }).then(function (guide) {
      return guide && ID.test(guide.default_template || "") ? guide.default_template : null;
    }).catch(function () { return null; });
  }

  /* A link's address relative to the site root (the folder above /plans/), without its query. */
  function siteRelative(href) {
    var url = new URL(href, location.href), root = new URL("../", plans).pathname;
    var path = url.pathname.indexOf(root) === 0 ? url.pathname.slice(root.length) : url.pathname;
    return path + url.hash;
  }

  /* --- what the user sees and hears --- */
  function count() { return picks.length + " in your plan."; }

  function say(text) {
    if (live) window.ordinarilyAnnounce(live, text);
  }

  function refresh() {
    var href = planHref(), label = "My plan (" + picks.length + ")";
    rows = rows.filter(function (r) { return r.row.isConnected; });
    rows.forEach(function (r) {
      var picked = has(r.key);
      r.button.setAttribute("aria-pressed", picked ? "true" : "false");
      r.button.firstChild.textContent = picked ? "In your plan: remove" : "Add to plan";
      r.link.href = href;
      r.link.textContent = label;
      r.link.hidden = !(picked || (r.row === lastRow && picks.length));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-ord-plan-link]"), function (link) {
      link.href = href;
      link.textContent = label;
      link.hidden = !picks.length;
    });
  }

  function toggle(entry, row) {
    lastRow = row;
    if (has(entry.key)) {
      picks = picks.filter(function (p) { return p.key !== entry.key; });
      say("Removed from your plan: " + entry.title + ". " + count());
    } else {
      picks.push(entry);
      say("Added to your plan: " + entry.title + ". " + count());
      if (device && !device.allowed() && !asked) offer(row);
    }
    keep();
    refresh();
  }

  /* --- asked once: keep the plan on this device? --- */
  function offer(row) {
    asked = true;
    var back = row.querySelector("button");
    var prompt = device.ask({
      title: "Keep my plan on this device?",
      text: ["If you keep it, what you add stays in this browser on this device until you " +
        "delete it, so it is waiting on the plan page when you come back. It is never sent to " +
        "us or anyone else. If not, it is only in this page and its \u201cMy plan\u201d link.",
        "In a plan, use initials, not names."],
      answer: function (yes) {
        var note = el("p", "ord-plan-add__note", yes
          ? "Your plan is kept on this device. You can delete it at any time from the privacy page."
          : "Your plan is not kept on this device. Use the \u201cMy plan\u201d link before you leave this page.");
        if (yes) keep();
        prompt.parentNode.replaceChild(note, prompt);
        say(note.textContent);
        back.focus();
      }
    });
    row.parentNode.insertBefore(prompt, row.nextSibling);
  }

  /* --- the buttons --- */
  function entryOf(node) {
    var key = node.getAttribute("data-plan-entry") || "";
    if (!KEY.test(key)) return null;
    var title = node.getAttribute("data-plan-title") || key;
    var h1 = document.querySelector("article h1, h1");
    var source = node.getAttribute("data-plan-source") || (h1 ? h1.textContent.trim() : "");
    var link = node.id ? "#" + node.id : (node.querySelector("a[href]") || {}).href || "";
    return { key: key, title: title, source: source, url: link ? siteRelative(link) : "" };
  }

  function addButton(node) {
    if (node.querySelector(".ord-plan-add")) return;
    var entry = entryOf(node);
    if (!entry) return;
    var inline = node.tagName === "LI";
    var row = el(inline ? "span" : "p", "ord-plan-add");
    var button = el("button", "md-button ord-plan-add__button");
    button.type = "button";
    button.appendChild(document.createTextNode("Add to plan"));
    button.appendChild(el("span", "ord-visually-hidden", ": " + entry.title));
    var link = el("a", "ord-plan-add__link");
    link.hidden = true;
    row.appendChild(button);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(link);
    if (inline) node.appendChild(document.createTextNode(" "));
    node.appendChild(row);
    rows.push({ key: entry.key, title: entry.title, row: row, button: button, link: link });
    button.addEventListener("click", function () { toggle(entry, row); });
  }

  function addButtons(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-plan-entry]"), addButton);
    refresh();
  }

  /* --- the checker result: "Start a plan with these" --- */
  function startBlock(results, ready) {
    var body = results.querySelector("[data-ord-results-body]") || results;
    var list = body.querySelector(".ord-results");
    if (!list || body.querySelector(".ord-plan-start")) return;
    var block = el("p", "ord-plan-start");
    var start = el("button", "md-button md-button--primary ord-plan-start__button", "Start a plan with these");
    start.type = "button";
    var link = el("a", "ord-plan-add__link");
    link.setAttribute("data-ord-plan-link", "");
    link.hidden = true;
    block.appendChild(start);
    block.appendChild(document.createTextNode(" "));
    block.appendChild(link);
    list.parentNode.insertBefore(block, list);
    start.addEventListener("click", function () {
      Array.prototype.forEach.call(list.querySelectorAll("[data-plan-need]"), function (n) {
        var id = n.getAttribute("data-plan-need");
        if (ID.test(id) && needs.indexOf(id) === -1) needs.push(id);
      });
      Array.prototype.forEach.call(list.querySelectorAll("[data-plan-entry]"), function (n) {
        var entry = entryOf(n);
        if (entry && !has(entry.key)) picks.push(entry);
      });
      keep();
      refresh();
      say("Starting a plan with " + needs.length + (needs.length === 1 ? " need and " : " needs and ") + count());
      ready.then(function () { location.href = planHref(); });
    });
    refresh();
  }

  function init() {
    var meta = document.querySelector('meta[name="ordinarily:plans"]');
    if (!meta || !meta.content || !device) return;
    if (!document.querySelector("[data-plan-entry], [data-ord-checker]")) return;
    plans = new URL(meta.content, location.href);
    picks = keptPicks();
    needs = keptNeeds();
    live = el("p", "ord-visually-hidden ord-plan-add-live");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    (document.querySelector("article") || document.body).appendChild(live);
    var ready = defaultTemplate(meta).then(function (id) { template = id; refresh(); });
    addButtons(document);
    document.addEventListener("ordinarily:checker-result", function (event) {
      addButtons(event.target);
      startBlock(event.target, ready);
    });
    device.onChange(function (allowed) { if (!allowed) asked = false; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
