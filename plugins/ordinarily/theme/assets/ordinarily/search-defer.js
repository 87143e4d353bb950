/* On the Local Offer finder page only: Material fetches its search index
 * (search/search_index.json, the largest file a first visit downloads) as soon as the page
 * loads, although the finder has its own. This holds that one request back until the header
 * search is first used (its box focused or tapped, or a keyboard shortcut that opens it), then
 * sends it, so the search works as soon as the reader turns to it. Loaded before Material's
 * bundle (theme/main.html); Material asks for the index with XMLHttpRequest. Nothing else is
 * held back, and nothing is sent that Material would not send. */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json(\?|#|$)/;
  var proto = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (!proto) return;
  var open = proto.open, send = proto.send;
  var held = [], released = false;

  function release() {
    if (released) return;
    released = true;
    held.forEach(function (go) { go(); });
    held = [];
  }

  proto.open = function (method, url) {
    this.ordinarilyHeld = !released && INDEX.test(String(url));
    return open.apply(this, arguments);
  };

  proto.send = function () {
    if (this.ordinarilyHeld && !released) {
      var xhr = this, args = arguments;
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function inSearch(target) {
    return target && target.closest &&
      target.closest(".md-search, label[for='__search'], [data-md-component=search-query]");
  }

  document.addEventListener("focusin", function (e) { if (inSearch(e.target)) release(); }, true);
  document.addEventListener("pointerdown", function (e) { if (inSearch(e.target)) release(); }, true);
  document.addEventListener("click", function (e) { if (inSearch(e.target)) release(); }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search") release();
  }, true);
  document.addEventListener("keydown", function (e) {
    /* Material opens its search with "/", "s" or "f" when no field has focus */
    if (/^[/sfSF]$/.test(e.key)) release();
  }, true);
})();
