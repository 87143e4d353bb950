/* Keeping things on the device: the one mechanism every part of the site uses (the Local
 * Offer shortlist, a plan's picks and drafts). docs/architecture.md, "Keeping things on the
 * device". Two small helpers are shared too: `fragment()` reads the address's fragment, and
 * `ask()` makes the one consent question.
 *
 * - Nothing is written anywhere (cookies, localStorage, sessionStorage, IndexedDB) until the
 *   family says yes once (`allow()`). That yes is itself kept under the prefix, so before it
 *   storage stays empty.
 * - Everything is kept in localStorage under keys starting "ordinarily:"; `forgetAll()` deletes
 *   every such key, and touches nothing else.
 * - Nothing kept here is ever sent anywhere: no script of this site reads it into a request. */
(function () {
  "use strict";

  var PREFIX = "ordinarily:";
  var CONSENT = PREFIX + "allowed";
  var listeners = [];

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; /* storage switched off in the browser: nothing can be kept */
    }
  }

  function allowed() {
    var s = storage();
    try {
      return !!s && s.getItem(CONSENT) === "yes";
    } catch (error) {
      return false;
    }
  }

  function notify() {
    listeners.forEach(function (listener) { listener(allowed()); });
  }

  function allow() {
    var s = storage();
    if (!s) return false;
    try {
      s.setItem(CONSENT, "yes");
    } catch (error) {
      return false;
    }
    notify();
    return true;
  }

  function forgetAll() {
    var s = storage();
    if (!s) return;
    var keys = [];
    for (var i = 0; i < s.length; i++) {
      var key = s.key(i);
      if (key && key.lastIndexOf(PREFIX, 0) === 0) keys.push(key);
    }
    keys.forEach(function (key) { s.removeItem(key); });
    notify();
  }

  function get(key) {
    var s = storage();
    if (!s || !allowed()) return null;
    try {
      var raw = s.getItem(PREFIX + key);
      return raw === null ? null : JSON.parse(raw);
    } catch (error) {
      return null;
    }
  }

  function set(key, value) {
    var s = storage();
    if (!s || !allowed()) return false;
    try {
      s.setItem(PREFIX + key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false; /* full or refused: the page keeps working with what it holds */
    }
  }

  function remove(key) {
    var s = storage();
    if (s && allowed()) s.removeItem(PREFIX + key);
  }

  function onChange(listener) { listeners.push(listener); }

  /* The address's fragment as {name: value} ("#services=a,b&near=x"). Lists travel there
   * without consent because browsers never send the fragment to a server. */
  function fragment() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq <= 0) return;
      try {
        out[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
      } catch (error) { /* a malformed escape: that part is ignored */ }
    });
    return out;
  }

  /* The question every part asks once before keeping anything ("Keep my list on this
   * device?"): returns the prompt, for the caller to place. "Keep it" allows keeping (allow())
   * and then calls answer(true); "Not now" calls answer(false) and keeps nothing. The caller
   * removes the prompt. options: {title, text: [paragraphs], answer(yes)}. */
  var asked = 0;
  function ask(options) {
    function el(tag, cls, text) {
      var node = document.createElement(tag);
      if (cls) node.className = cls;
      if (text !== undefined) node.textContent = text;
      return node;
    }
    asked += 1;
    var prompt = el("div", "ord-consent");
    prompt.setAttribute("role", "group");
    var title = el("p", "ord-consent__title", options.title);
    title.id = "ord-consent-title-" + asked;
    prompt.setAttribute("aria-labelledby", title.id);
    prompt.appendChild(title);
    (options.text || []).forEach(function (text) { prompt.appendChild(el("p", "", text)); });
    var row = el("p", "ord-consent__buttons");
    var yes = el("button", "md-button md-button--primary", "Keep it");
    var no = el("button", "md-button", "Not now");
    yes.type = no.type = "button";
    row.appendChild(yes);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(no);
    prompt.appendChild(row);
    yes.addEventListener("click", function () { options.answer(allow()); });
    no.addEventListener("click", function () { options.answer(false); });
    return prompt;
  }

  /* Every "Delete everything from this device" button on any page. */
  function wireDeleteButtons() {
    var buttons = document.querySelectorAll("[data-ord-forget]");
    Array.prototype.forEach.call(buttons, function (button) {
      var status = document.getElementById(button.getAttribute("aria-controls") || "");
      button.hidden = false;
      button.addEventListener("click", function () {
        forgetAll();
        if (status) status.textContent = "Done: this website has nothing kept on this device.";
      });
    });
    var notes = document.querySelectorAll("[data-ord-device-state]");
    function describe() {
      Array.prototype.forEach.call(notes, function (note) {
        note.textContent = allowed()
          ? "You have chosen to keep things on this device."
          : "Nothing from this website is kept on this device.";
      });
    }
    describe();
    onChange(describe);
  }

  window.ordinarilyDevice = {
    prefix: PREFIX, allowed: allowed, allow: allow, forgetAll: forgetAll,
    get: get, set: set, remove: remove, onChange: onChange, fragment: fragment, ask: ask
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wireDeleteButtons);
  else wireDeleteButtons();
})();
