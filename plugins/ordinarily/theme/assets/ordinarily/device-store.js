/* Keeping things on the device: the one mechanism every part of the site uses (the Local
 * Offer shortlist now; drafts later). docs/architecture.md, "Keeping things on the device".
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
    get: get, set: set, remove: remove, onChange: onChange
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wireDeleteButtons);
  else wireDeleteButtons();
})();
