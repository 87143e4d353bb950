/* The Local Offer finder, and "search the Local Offer for ..." in the theme's header search.
 *
 * Everything happens in the browser: the finder fetches static files (finder_index.py
 * describes them) and nothing a user types or chooses is sent anywhere. Without JavaScript the
 * finder page still lists every service by need, type and place. */
(function () {
  "use strict";

  var PAGE = 10;
  var FACETS = { need: "needs", phase: "phases", type: "types", audience: "audiences", place: "places" };
  var FLAGS = ["free", "open"];

  /* --- words(): mirrors finder_index.words in Python; change both together --- */
  var stop = new Set();
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

  function singular(w) {
    if (w.length > 4 && w.slice(-3) === "ies") return w.slice(0, -3) + "y";
    if (w.length > 3 && w.slice(-1) === "s" && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  function words(text) {
    var plain = String(text).toLowerCase().normalize("NFKD").replace(MARKS, "");
    return plain.split(/[^a-z0-9]+/)
      .filter(function (w) { return w.length > 1 && !stop.has(w); })
      .map(singular);
  }

  /* --- data --- */
  function bits(base64) {
    var raw = atob(base64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function has(set, n) { return (set[n >> 3] >> (n & 7)) & 1; }

  function Finder(root) {
    this.root = root;
    this.src = root.getAttribute("data-src");
    this.services = root.getAttribute("data-services");
    this.form = root.querySelector("[data-ord-finder-form]");
    this.status = root.querySelector("[data-ord-finder-status]");
    this.list = root.querySelector("[data-ord-finder-results]");
    this.more = root.querySelector("[data-ord-more]");
    this.cache = {};
    this.run = 0;
    this.results = [];
    this.shown = 0;
    this.meta = this.fetch("meta.json").then(this.prepare.bind(this));
  }

  Finder.prototype.fetch = function (path) {
    if (!this.cache[path]) {
      var url = this.src + path;
      this.cache[path] = fetch(url, { credentials: "omit" }).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    }
    return this.cache[path];
  };

  Finder.prototype.prepare = function (meta) {
    meta.stop.forEach(function (w) { stop.add(w); });
    var facets = {};
    Object.keys(meta.facets).forEach(function (name) {
      facets[name] = {};
      Object.keys(meta.facets[name]).forEach(function (value) {
        facets[name][value] = bits(meta.facets[name][value]);
      });
    });
    return {
      count: meta.count, chunk: meta.chunk, prefix: meta.prefix, facets: facets,
      free: bits(meta.free), open: bits(meta.open),
      ageFrom: bits(meta.ageFrom), ageTo: bits(meta.ageTo)
    };
  };

  /* --- the query: form <-> URL --- */
  Finder.prototype.query = function () {
    var q = { text: this.form.elements.query.value.trim() };
    Object.keys(FACETS).forEach(function (name) {
      var field = this.form.elements[name];
      q[name] = field ? field.value : "";
    }, this);
    q.age = this.form.elements.age.value;
    FLAGS.forEach(function (name) { q[name] = this.form.elements[name].checked; }, this);
    return q;
  };

  Finder.prototype.restore = function (params) {
    var form = this.form;
    form.elements.query.value = params.get("query") || "";
    Object.keys(FACETS).concat(["age"]).forEach(function (name) {
      var field = form.elements[name], value = params.get(name) || "";
      if (field && Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
        field.value = value;
      }
    });
    FLAGS.forEach(function (name) { form.elements[name].checked = params.get(name) === "1"; });
  };

  function toParams(q) {
    var params = new URLSearchParams();
    if (q.text) params.set("query", q.text);
    Object.keys(FACETS).concat(["age"]).forEach(function (name) { if (q[name]) params.set(name, q[name]); });
    FLAGS.forEach(function (name) { if (q[name]) params.set(name, "1"); });
    return params;
  }

  /* --- matching --- */
  Finder.prototype.candidates = function (data, q) {
    var n = data.count, keep = new Uint8Array(n);
    var sets = [];
    Object.keys(FACETS).forEach(function (name) {
      if (q[name] && data.facets[FACETS[name]][q[name]]) sets.push(data.facets[FACETS[name]][q[name]]);
    });
    FLAGS.forEach(function (name) { if (q[name]) sets.push(data[name]); });
    var age = q.age === "" ? -1 : Number(q.age);
    for (var i = 0; i < n; i++) {
      var ok = 1;
      for (var s = 0; s < sets.length && ok; s++) ok = has(sets[s], i);
      /* a not-stated age range is from 255 to 0, which holds no age */
      if (ok && age >= 0) ok = data.ageFrom[i] <= age && age <= data.ageTo[i] ? 1 : 0;
      keep[i] = ok;
    }
    return keep;
  };

  Finder.prototype.termScores = function (data, term) {
    /* Services having a word that starts with `term`: 2 if it is in the name, else 1. */
    return this.fetch("t/" + term.slice(0, data.prefix) + ".json").catch(function () {
      return {};
    }).then(function (shard) {
      var scores = new Map();
      Object.keys(shard).forEach(function (word) {
        if (word.lastIndexOf(term, 0) !== 0) return;
        [1, 0].forEach(function (field) {
          var n = 0;
          shard[word][field].forEach(function (delta) {
            n += delta;
            scores.set(n, Math.max(scores.get(n) || 0, field === 0 ? 2 : 1));
          });
        });
      });
      return scores;
    });
  };

  Finder.prototype.match = function (data, q) {
    var keep = this.candidates(data, q);
    var terms = Array.from(new Set(words(q.text)));
    if (!terms.length) {
      var all = [];
      for (var i = 0; i < data.count; i++) if (keep[i]) all.push(i);
      return Promise.resolve(all);
    }
    return Promise.all(terms.map(this.termScores.bind(this, data))).then(function (perTerm) {
      var total = new Map();
      perTerm[0].forEach(function (score, n) {
        if (!keep[n]) return;
        var sum = score;
        for (var t = 1; t < perTerm.length; t++) {
          var s = perTerm[t].get(n);
          if (!s) return;
          sum += s;
        }
        total.set(n, sum);
      });
      return Array.from(total.keys()).sort(function (a, b) {
        return total.get(b) - total.get(a) || a - b;
      });
    });
  };

  /* --- showing results --- */
  Finder.prototype.update = function () {
    var q = this.query(), run = ++this.run, self = this;
    var params = toParams(q).toString();
    var url = location.pathname + (params ? "?" + params : "");
    if (url !== location.pathname + location.search) history.replaceState(null, "", url);
    return this.meta.then(function (data) {
      return self.match(data, q).then(function (results) {
        if (run !== self.run) return;
        self.data = data;
        self.results = results;
        self.shown = 0;
        self.list.textContent = "";
        return self.showMore().then(function () {
          if (run === self.run) self.announce(results.length, q);
        });
      });
    }).catch(function () {
      if (run === self.run) {
        self.status.textContent = "The search could not load. Please reload the page, or use the lists below.";
      }
    });
  };

  Finder.prototype.announce = function (count, q) {
    var filtered = Object.keys(FACETS).some(function (k) { return q[k]; }) || q.age !== "" || q.free || q.open;
    var text;
    if (!count) {
      text = "No services match" + (q.text ? " \u201c" + q.text + "\u201d" : "") +
        (filtered ? " with these filters. Try removing a filter." : ". Try other words.");
    } else {
      text = count + (count === 1 ? " service" : " services") + " found" +
        (q.text ? " for \u201c" + q.text + "\u201d" : "") + (filtered ? " with your filters" : "") + ".";
    }
    this.status.textContent = text;
  };

  Finder.prototype.showMore = function () {
    var self = this, data = this.data;
    var next = this.results.slice(this.shown, this.shown + PAGE);
    var chunks = Array.from(new Set(next.map(function (n) { return Math.floor(n / data.chunk); })));
    return Promise.all(chunks.map(function (c) { return self.fetch("c/" + c + ".json"); })).then(function (loaded) {
      var byChunk = {};
      chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
      var first = null;
      next.forEach(function (n) {
        var li = self.card(byChunk[Math.floor(n / data.chunk)][n % data.chunk]);
        self.list.appendChild(li);
        first = first || li;
      });
      self.list.start = 1;
      self.shown += next.length;
      self.more.hidden = self.shown >= self.results.length;
      return first;
    });
  };

  Finder.prototype.card = function (c) {
    /* c = [id, name, organisation, summary, ageFrom, ageTo, free, open]; ages and free are
     * null when the service's file says "not stated" */
    var li = el("li", "ord-listing");
    var h = el("h2", "ord-listing__name");
    var a = el("a");
    a.href = this.services + c[0] + "/";
    a.textContent = c[1];
    h.appendChild(a);
    li.appendChild(h);
    if (c[2]) li.appendChild(el("p", "ord-listing__org", c[2]));
    li.appendChild(el("p", "ord-listing__summary", c[3]));
    var facts = el("p", "ord-listing__facts");
    facts.appendChild(el("span", "", c[4] === null ? "Ages not stated" :
      c[4] === c[5] ? "Age " + c[4] : "Ages " + c[4] + " to " + c[5]));
    facts.appendChild(el("span", "", c[6] === null ? "Cost not stated" : c[6] ? "Free" : "Charges apply"));
    if (c[7]) facts.appendChild(el("span", "", "No referral or diagnosis needed"));
    li.appendChild(facts);
    return li;
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  Finder.prototype.start = function () {
    var self = this, timer = null;
    this.form.hidden = false;
    this.restore(new URLSearchParams(location.search));
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      self.update();
    });
    this.form.elements.query.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.update(); }, 150);
    });
    this.form.addEventListener("change", function (event) {
      if (event.target.name === "query") return;
      clearTimeout(timer);  /* this update includes any words still waiting to be searched */
      self.update();
    });
    this.root.querySelector("[data-ord-clear]").addEventListener("click", function () {
      self.form.reset();
      self.update();
      self.form.elements.query.focus();
    });
    this.more.addEventListener("click", function () {
      self.showMore().then(function (first) {
        if (first) {
          var link = first.querySelector("a");
          if (link) link.focus();
        }
      });
    });
    this.update();
  };

  /* --- "search the Local Offer for ..." in the header search --- */
  function headerSearch() {
    var meta = document.querySelector('meta[name="ordinarily:finder"]');
    var input = document.querySelector("[data-md-component=search-query]");
    var wrap = document.querySelector(".md-search__scrollwrap");
    if (!meta || !input || !wrap) return;
    var finder = new URL(meta.content, location.href);
    var box = el("div", "ord-search-offer");
    var link = el("a", "ord-search-offer__link");
    box.appendChild(link);
    box.hidden = true;
    wrap.insertBefore(box, wrap.firstChild);
    function sync() {
      var text = input.value.trim();
      box.hidden = !text;
      var target = new URL(finder.href);
      if (text) target.searchParams.set("query", text);
      link.href = target.href;
      link.textContent = "Search the Local Offer for \u201c" + text + "\u201d";
    }
    input.addEventListener("input", sync);
    input.addEventListener("focus", sync);
    sync();
  }

  function init() {
    headerSearch();
    var root = document.querySelector("[data-ord-finder]");
    if (root && window.fetch && window.URLSearchParams) new Finder(root).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  window.ordinarilyFinder = { words: words, stop: stop };
})();
