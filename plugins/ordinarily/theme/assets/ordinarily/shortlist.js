/* The family's shortlist of Local Offer services ("My list"), with no account.
 *
 * - "Save to my list" buttons (aria-pressed toggles) on finder result cards (finder.js calls
 *   window.ordinarilyShortlist.button(id, name)) and on service pages (<div data-ord-save>).
 * - Without the family's consent the list lives only in this page and in the "My list" link's
 *   fragment (#services=a,b), which browsers never send to a server. The first save asks once,
 *   "Keep my list on this device?"; with a yes it is kept by device-store.js under its prefix.
 * - The list page (/local-offer/my-list/) shows the saved services' cards, and prints and
 *   shares them. A shared link carries the ids, and the family's area only if they tick it. */
(function () {
  "use strict";

  var KEY = "shortlist";
  var device = window.ordinarilyDevice;
  var items = [];          /* [{id, name}] in the order saved */
  var buttons = [];
  var bar = null, live = null, myLink = null, prompt = null, asked = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fragment() { return device ? device.fragment() : {}; }

  var ID = /^[a-z0-9][a-z0-9-]*$/;
  function idsFrom(text) {
    var seen = {};
    return String(text || "").split(",").filter(function (id) {
      if (!ID.test(id) || seen[id]) return false;
      seen[id] = true;
      return true;
    });
  }

  function kept() {
    var list = device && device.get(KEY);
    return Array.isArray(list) ? list.filter(function (x) { return x && ID.test(x.id); }) : [];
  }

  function keep() { if (device) device.set(KEY, items); }

  function has(id) { return items.some(function (x) { return x.id === id; }); }

  function listUrl(extra) {
    var finder = document.querySelector('meta[name="ordinarily:finder"]');
    var base = new URL((finder ? finder.content : "/local-offer/") + "my-list/", location.href);
    var ids = items.map(function (x) { return x.id; }).join(",");
    return base.pathname + (ids ? "#services=" + ids + (extra || "") : "");
  }

  /* --- the bar: "My list (n)" and the polite status --- */
  function ensureBar(anchor, after) {
    if (bar) return;
    bar = el("div", "ord-mylist-bar");
    myLink = el("a", "ord-mylist-bar__link");
    live = el("p", "ord-mylist-bar__status");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    bar.appendChild(myLink);
    bar.appendChild(live);
    anchor.parentNode.insertBefore(bar, after ? anchor.nextSibling : anchor);
    refresh();
  }

  function refresh() {
    if (myLink) {
      var near = fragment().near;
      myLink.href = listUrl(near ? "&near=" + encodeURIComponent(near) : "");
      myLink.textContent = "My list (" + items.length + ")";
      /* shown once there is a list, or something to say: it takes no room before */
      bar.hidden = !items.length && !live.textContent && !prompt;
    }
    buttons.forEach(function (b) { draw(b.node, has(b.id)); });
  }

  function draw(button, saved) {
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    button.firstChild.textContent = saved ? "Saved: remove from my list" : "Save to my list";
  }

  function say(text) {
    if (!live) return;
    live.textContent = text;
    bar.hidden = false;
  }

  function count() {
    return items.length === 1 ? "Your list has 1 service." : "Your list has " + items.length + " services.";
  }

  function toggle(id, name) {
    if (has(id)) {
      items = items.filter(function (x) { return x.id !== id; });
      say("Removed " + name + " from your list. " + count());
    } else {
      items.push({ id: id, name: name });
      say("Saved " + name + " to your list. " + count());
      if (device && !device.allowed() && !asked) offer();
    }
    keep();
    refresh();
  }

  /* --- asked once: keep the list on this device? (device-store.js asks) --- */
  function offer() {
    asked = true;
    prompt = device.ask({
      title: "Keep my list on this device?",
      text: ["If you keep it, your list stays in this browser on this " +
        "device until you delete it, so it is here when you come back. It is never sent to us " +
        "or anyone else. If not, it is gone when you close this page."],
      answer: function (yes) {
        if (!yes) {
          close("Your list is not kept on this device. It is gone when you close this page.");
          return;
        }
        keep();
        close("Your list is kept on this device. You can delete it at any time from your list.");
      }
    });
    bar.appendChild(prompt);
  }

  function close(text) {
    if (prompt) prompt.remove();
    prompt = null;
    say(text);
    if (myLink) myLink.focus();
  }

  /* --- buttons --- */
  function button(id, name) {
    var node = el("button", "md-button ord-save-button");
    node.type = "button";
    node.appendChild(document.createTextNode(""));
    node.appendChild(el("span", "ord-visually-hidden", ": " + name));
    buttons.push({ id: id, node: node });
    draw(node, has(id));
    node.addEventListener("click", function () { toggle(id, name); });
    return node;
  }

  function servicePage() {
    var hook = document.querySelector("[data-ord-save]");
    if (!hook) return;
    var id = hook.getAttribute("data-id"), name = hook.getAttribute("data-name");
    if (!ID.test(id || "")) return;
    hook.appendChild(button(id, name || id));
    hook.hidden = false;
    ensureBar(hook, true);
  }

  function finderPage() {
    var finder = document.querySelector("[data-ord-finder]");
    if (finder) ensureBar(finder.querySelector("[data-ord-finder-status]") || finder);
  }

  /* --- the list page --- */
  function ListPage(root) {
    this.root = root;
    this.src = root.getAttribute("data-src");
    this.services = root.getAttribute("data-services");
    this.status = root.querySelector("[data-ord-shortlist-status]");
    this.list = root.querySelector("[data-ord-shortlist-items]");
    this.empty = root.querySelector("[data-ord-shortlist-empty]");
    this.actions = root.querySelector("[data-ord-shortlist-actions]");
    this.near = fragment().near || "";
  }

  ListPage.prototype.fetch = function (path) {
    return fetch(this.src + path, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  };

  ListPage.prototype.start = function () {
    var self = this, given = fragment().services;
    var ids = given !== undefined ? idsFrom(given) : kept().map(function (x) { return x.id; });
    var nojs = document.querySelector("[data-ord-shortlist-nojs]");
    if (nojs) nojs.hidden = true;
    this.root.hidden = false;
    var area = this.root.querySelector("[data-ord-shortlist-area]");
    if (area) area.hidden = !this.near;
    this.root.querySelector("[data-ord-shortlist-print]").addEventListener("click", function () { window.print(); });
    this.root.querySelector("[data-ord-shortlist-copy]").addEventListener("click", function () { self.share(); });
    if (device) device.onChange(function (allowed) { if (!allowed) self.status.textContent = "Everything this website kept on this device is deleted. The list below stays until you close this page."; });
    this.status.textContent = ids.length ? "Loading your list\u2026" : "";
    return this.cards(ids).then(function (cards) {
      items = cards.filter(function (c) { return c.card; }).map(function (c) { return { id: c.id, name: c.card[1] }; });
      if (given !== undefined && device && device.allowed()) keep();
      self.draw(cards);
    }).catch(function () {
      self.status.textContent = "Your list could not load. Please reload the page.";
    });
  };

  ListPage.prototype.cards = function (ids) {
    var self = this;
    var prefixes = Array.from(new Set(ids.map(function (id) { return id.slice(0, 2); })));
    return Promise.all(prefixes.map(function (p) {
      return self.fetch("ids/" + p + ".json").catch(function () { return { chunk: 1, ids: {} }; });
    })).then(function (shards) {
      var where = {}, chunk = 1;
      shards.forEach(function (s) { chunk = s.chunk; Object.keys(s.ids).forEach(function (id) { where[id] = s.ids[id]; }); });
      var files = Array.from(new Set(ids.filter(function (id) { return id in where; })
        .map(function (id) { return Math.floor(where[id] / chunk); })));
      return Promise.all(files.map(function (f) { return self.fetch("c/" + f + ".json"); })).then(function (loaded) {
        var byFile = {};
        files.forEach(function (f, i) { byFile[f] = loaded[i]; });
        return ids.map(function (id) {
          var n = where[id];
          return { id: id, card: n === undefined ? null : byFile[Math.floor(n / chunk)][n % chunk] };
        });
      });
    });
  };

  ListPage.prototype.draw = function (cards) {
    var self = this, gone = [];
    this.list.textContent = "";
    cards.forEach(function (c) {
      if (c.card) self.list.appendChild(self.card(c.card));
      else gone.push(c.id);
    });
    this.empty.hidden = items.length > 0;
    this.actions.querySelector("[data-ord-shortlist-print]").hidden = !items.length;
    this.actions.querySelector("[data-ord-shortlist-copy]").hidden = !items.length;
    var text = items.length ? count() : "";
    if (gone.length) {
      text += (text ? " " : "") + (gone.length === 1 ? "One saved service is" : gone.length + " saved services are") +
        " no longer listed (" + gone.join(", ") + "). Ask the service, or search the Local Offer again.";
    }
    this.status.textContent = text;
  };

  ListPage.prototype.card = function (c) {
    /* c: the finder's card, [id, name, organisation, summary, age from, age to, free, open,
     * place, times, price, features]; the price is offer_words' words, as on the finder's
     * cards and the service page */
    var self = this, li = el("li", "ord-listing ord-shortlist__item");
    var h = el("h2", "ord-listing__name");
    var a = el("a");
    a.href = this.services + c[0] + "/";
    a.textContent = c[1];
    h.appendChild(a);
    li.appendChild(h);
    if (c[2]) li.appendChild(el("p", "ord-listing__org", c[2]));
    li.appendChild(el("p", "ord-listing__summary", c[3]));
    var facts = el("ul", "ord-shortlist__facts");
    var ages = c[4] === null ? "Ages not stated" : c[4] === c[5] ? "Age " + c[4] : "Ages " + c[4] + " to " + c[5];
    [c[8], c[9], c[10], ages]
      .forEach(function (fact) { if (fact) facts.appendChild(el("li", "", fact)); });
    li.appendChild(facts);
    var remove = el("button", "md-button ord-shortlist__remove", "Remove");
    remove.type = "button";
    remove.appendChild(el("span", "ord-visually-hidden", " " + c[1] + " from my list"));
    remove.addEventListener("click", function () { self.remove(c[0], c[1], li); });
    li.appendChild(remove);
    return li;
  };

  ListPage.prototype.remove = function (id, name, li) {
    var next = li.nextElementSibling || li.previousElementSibling;
    items = items.filter(function (x) { return x.id !== id; });
    li.remove();
    keep();
    var ids = items.map(function (x) { return x.id; }).join(",");
    history.replaceState(null, "", location.pathname + (ids ? "#services=" + ids : "") + (this.near && ids ? "&near=" + encodeURIComponent(this.near) : ""));
    this.status.textContent = "Removed " + name + ". " + count();
    this.empty.hidden = items.length > 0;
    var focus = next && next.querySelector("a");
    (focus || this.root.querySelector("h2") || document.body).focus();
  };

  ListPage.prototype.share = function () {
    var include = this.root.querySelector("[data-ord-shortlist-include]");
    var near = include && include.checked && this.near ? "&near=" + encodeURIComponent(this.near) : "";
    var link = new URL(listUrl(near), location.href).href;
    var box = this.root.querySelector("[data-ord-shortlist-link]");
    var field = this.root.querySelector("[data-ord-shortlist-link-text]");
    var done = this.root.querySelector("[data-ord-shortlist-copied]");
    field.value = link;
    box.hidden = false;
    var copied = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(link) : Promise.reject(new Error("no clipboard"));
    copied.then(function () {
      done.textContent = "Link copied. Paste it into a message or an email.";
    }, function () {
      field.select();
      done.textContent = "Select the link below and copy it.";
    });
  };

  function init() {
    items = kept();
    var root = document.querySelector("[data-ord-shortlist]");
    if (root && window.fetch) {
      new ListPage(root).start();
      return;
    }
    servicePage();
    finderPage();
  }

  window.ordinarilyShortlist = { button: button, ids: function () { return items.map(function (x) { return x.id; }); } };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
