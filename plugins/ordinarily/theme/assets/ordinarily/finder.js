/* The Local Offer finder, "search the Local Offer for ..." in the theme's header search, and
 * "Back to your results" on service pages.
 *
 * Everything happens in the browser: the finder fetches static files (finder_index.py
 * describes them) and nothing a user types or chooses is sent anywhere. The family's area
 * (for "nearest") is kept out of the query string: it lives in the page, and in the address's
 * fragment (#near=AN2) only when the family asks for it there. Without JavaScript the finder
 * page still lists every service by need, type and place. */
(function () {
  "use strict";

  var PAGE = 10;
  var FOLD = 3;  /* chips shown on a phone before "Show all n filters" */
  var EARTH_MILES = 3958.8;
  /* Filters of one value each (selects), and the facet of meta.json each is answered from. */
  var SINGLE = { phase: "phases", audience: "audiences", place: "places" };
  /* Filters of several values: "any" matches a service with any chosen value, "all" only one
   * with every chosen value. `funding` shares its group with `free` (free, or any route). */
  var MULTI = { need: ["needs", "any"], type: ["types", "any"], day: ["days", "any"],
                when: ["when", "any"], feature: ["features", "all"], funding: ["funding", "any"] };
  var ORDER = ["need", "age", "phase", "type", "audience", "place", "free", "funding", "day",
               "when", "feature", "open"];
  var LABELS = { need: "Need", age: "Age", phase: "Phase", type: "Type", audience: "Who it is for",
                 place: "Where", free: "Cost", funding: "Funding", day: "Day", when: "When",
                 feature: "Venue", open: "Access" };

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

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* --- distance --- */
  function radians(d) { return d * Math.PI / 180; }

  function miles(a, b) {
    var dLat = radians(b[0] - a[0]), dLon = radians(b[1] - a[1]);
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(radians(a[0])) * Math.cos(radians(b[0])) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function milesWords(d) {
    var whole = Math.round(d);
    return d < 1 ? "less than a mile" : "about " + plural(whole, "mile", "miles");
  }

  /* The district of a typed outcode or full postcode ("an2", "AN2 4XY", "an24xy"). */
  function outcode(text) {
    var plain = String(text).toUpperCase().replace(/[^A-Z0-9 ]/g, "").trim();
    if (!plain) return "";
    if (plain.indexOf(" ") > 0) return plain.split(/\s+/)[0];
    return plain.length >= 5 ? plain.slice(0, -3) : plain;
  }

  /* --- spelling: optimal string alignment distance (a swap of two letters is one edit) --- */
  function edits(a, b) {
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d.push([i]); }
    for (j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length][b.length];
  }

  function Finder(root) {
    this.root = root;
    this.src = root.getAttribute("data-src");
    this.services = root.getAttribute("data-services");
    this.council = root.getAttribute("data-council") || "";
    this.form = root.querySelector("[data-ord-finder-form]");
    this.status = root.querySelector("[data-ord-finder-status]");
    this.list = root.querySelector("[data-ord-finder-results]");
    this.more = root.querySelector("[data-ord-more]");
    this.panel = root.querySelector("[data-ord-filters]");
    this.toggle = root.querySelector("[data-ord-toggle]");
    this.filterCount = root.querySelector("[data-ord-filter-count]");
    this.show = root.querySelector("[data-ord-show]");
    this.chips = root.querySelector("[data-ord-chips]");
    this.none = root.querySelector("[data-ord-none]");
    this.noneList = root.querySelector("[data-ord-none-list]");
    this.near = root.querySelector("[data-ord-near]");
    this.district = root.querySelector("[data-ord-district]");
    this.postcode = root.querySelector("[data-ord-postcode]");
    this.postcodeHint = root.querySelector("[data-ord-postcode-hint]");
    this.shareArea = root.querySelector("[data-ord-share-area]");
    this.cache = {};
    this.run = 0;
    this.results = [];
    this.shown = 0;
    this.titles = this.readTitles();
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
    var districts = {};
    meta.districts.forEach(function (d, n) { districts[d[0]] = { n: n, title: d[1], at: [d[2], d[3]] }; });
    var points = meta.points.map(function (list) {
      return list.map(function (p) { return typeof p === "number" ? [meta.districts[p][2], meta.districts[p][3]] : p; });
    });
    return {
      count: meta.count, chunk: meta.chunk, prefix: meta.prefix, facets: facets,
      free: bits(meta.free), open: bits(meta.open), wide: bits(meta.wide),
      ageFrom: bits(meta.ageFrom), ageTo: bits(meta.ageTo), districts: districts, points: points
    };
  };

  /* The words of each choice as the form shows them, before any count is added. */
  Finder.prototype.readTitles = function () {
    var titles = {}, form = this.form;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox][name]"), function (box) {
      var label = form.querySelector('label[for="' + box.id + '"]');
      var count = label.querySelector("[data-ord-count]");
      var text = Array.prototype.filter.call(label.childNodes, function (n) { return n !== count; })
        .map(function (n) { return n.textContent; }).join("").trim();
      titles[box.name + "=" + box.value] = text;
    });
    Array.prototype.forEach.call(form.querySelectorAll("select[name]"), function (select) {
      Array.prototype.forEach.call(select.options, function (o) {
        o.setAttribute("data-title", o.textContent);
        titles[select.name + "=" + o.value] = o.textContent;
      });
    });
    return titles;
  };

  /* --- the query: form <-> URL --- */
  Finder.prototype.checked = function (name) {
    return Array.prototype.map.call(
      this.form.querySelectorAll('input[name="' + name + '"]:checked'), function (b) { return b.value; });
  };

  Finder.prototype.query = function () {
    var form = this.form, q = { text: form.elements.query.value.trim() };
    Object.keys(SINGLE).concat(["age", "sort"]).forEach(function (name) {
      q[name] = form.elements[name] ? form.elements[name].value : "";
    });
    Object.keys(MULTI).forEach(function (name) { q[name] = this.checked(name); }, this);
    q.free = form.elements.free.checked;
    q.open = form.elements.open.checked;
    return q;
  };

  Finder.prototype.restore = function (params) {
    var form = this.form;
    form.reset();
    form.elements.query.value = params.get("query") || "";
    Object.keys(SINGLE).concat(["age", "sort"]).forEach(function (name) {
      var field = form.elements[name], value = params.get(name) || "";
      if (field && Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
        field.value = value;
      }
    });
    Object.keys(MULTI).forEach(function (name) {
      params.getAll(name).forEach(function (value) {
        var box = form.querySelector('input[name="' + name + '"][value="' + CSS.escape(value) + '"]');
        if (box) box.checked = true;
      });
    });
    ["free", "open"].forEach(function (name) { form.elements[name].checked = params.get(name) === "1"; });
  };

  function toParams(q) {
    var params = new URLSearchParams();
    if (q.text) params.set("query", q.text);
    ORDER.forEach(function (name) {
      if (name === "free" || name === "open") { if (q[name]) params.set(name, "1"); }
      else if (MULTI[name]) q[name].forEach(function (v) { params.append(name, v); });
      else if (q[name]) params.set(name, q[name]);
    });
    if (q.sort) params.set("sort", q.sort);
    return params;
  }

  /* Every chosen filter value, in the form's order: [name, value]. */
  function active(q) {
    var out = [];
    ORDER.forEach(function (name) {
      if (name === "free" || name === "open") { if (q[name]) out.push([name, "1"]); }
      else if (MULTI[name]) q[name].forEach(function (v) { out.push([name, v]); });
      else if (q[name] !== "") out.push([name, q[name]]);
    });
    return out;
  }

  function without(q, name, value) {
    var copy = Object.assign({}, q);
    if (MULTI[name]) copy[name] = q[name].filter(function (v) { return v !== value; });
    else copy[name] = name === "free" || name === "open" ? false : "";
    return copy;
  }

  /* --- matching: each group of filters is a test of one service --- */
  function optionTest(data, name, value) {
    if (name === "free" || name === "open") return function (i) { return has(data[name], i) === 1; };
    if (name === "age") {
      var age = Number(value);
      /* a not-stated age range is from 255 to 0, which holds no age */
      return function (i) { return data.ageFrom[i] <= age && age <= data.ageTo[i]; };
    }
    var facet = MULTI[name] ? MULTI[name][0] : SINGLE[name];
    var set = data.facets[facet] && data.facets[facet][value];
    return set ? function (i) { return has(set, i) === 1; } : function () { return false; };
  }

  /* The groups a query sets, each {key, test}; free and funding are one group ("cost"). */
  function groups(data, q) {
    var out = [];
    Object.keys(SINGLE).concat(["age"]).forEach(function (name) {
      if (q[name] !== "") out.push({ key: name, test: optionTest(data, name, q[name]) });
    });
    Object.keys(MULTI).forEach(function (name) {
      if (name === "funding" || !q[name].length) return;
      var tests = q[name].map(function (v) { return optionTest(data, name, v); });
      var all = MULTI[name][1] === "all";
      out.push({ key: name, test: function (i) {
        for (var t = 0; t < tests.length; t++) { if (tests[t](i) !== all) return !all; }
        return all;
      } });
    });
    if (q.free || q.funding.length) {
      var cost = q.funding.map(function (v) { return optionTest(data, "funding", v); });
      if (q.free) cost.push(optionTest(data, "free"));
      out.push({ key: "cost", test: function (i) { return cost.some(function (t) { return t(i); }); } });
    }
    if (q.open) out.push({ key: "open", test: optionTest(data, "open") });
    return out;
  }

  function groupOf(name) { return name === "free" || name === "funding" ? "cost" : name; }

  /* Services that pass every group but `skip`, among those the text found (null: all). */
  function passing(data, q, found, skip) {
    var tests = groups(data, q).filter(function (g) { return g.key !== skip; });
    var out = [];
    for (var i = 0; i < data.count; i++) {
      if (found && !found.has(i)) continue;
      var ok = true;
      for (var t = 0; t < tests.length && ok; t++) ok = tests[t].test(i);
      if (ok) out.push(i);
    }
    return out;
  }

  Finder.prototype.termScores = function (data, term) {
    /* Services having a word that starts with `term`: 2 if it is in the name, else 1. */
    return this.shard(data, term).then(function (shard) {
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

  Finder.prototype.shard = function (data, term) {
    return this.fetch("t/" + term.slice(0, data.prefix) + ".json").catch(function () { return {}; });
  };

  /* The text's scores: Map(service -> score) of services with every word, or null (no text). */
  Finder.prototype.found = function (data, q) {
    var terms = Array.from(new Set(words(q.text)));
    if (!terms.length) return Promise.resolve({ scores: null, terms: [], missing: [] });
    return Promise.all(terms.map(this.termScores.bind(this, data))).then(function (perTerm) {
      var total = new Map();
      perTerm[0].forEach(function (score, n) {
        var sum = score;
        for (var t = 1; t < perTerm.length; t++) {
          var s = perTerm[t].get(n);
          if (!s) return;
          sum += s;
        }
        total.set(n, sum);
      });
      var missing = terms.filter(function (term, t) { return !perTerm[t].size; });
      return { scores: total, terms: terms, missing: missing };
    });
  };

  /* A word of the index one or two edits from `term` (one for short words), the one most
   * services have when several are as near; "" when none is. */
  Finder.prototype.suggest = function (data, term) {
    return this.shard(data, term).then(function (shard) {
      var limit = term.length <= 4 ? 1 : 2, best = "", bestD = limit + 1, bestN = 0;
      Object.keys(shard).forEach(function (word) {
        if (Math.abs(word.length - term.length) > limit) return;
        var d = edits(term, word), n = shard[word][0].length + shard[word][1].length;
        if (d < bestD || (d === bestD && n > bestN)) { best = word; bestD = d; bestN = n; }
      });
      return best;
    });
  };

  /* --- distance sorting --- */
  Finder.prototype.origin = function (data) {
    var d = data.districts[this.area || ""];
    return d ? d.at : null;
  };

  Finder.prototype.distance = function (data, i, from) {
    var best = null;
    data.points[i].forEach(function (p) {
      var m = miles(from, p);
      if (best === null || m < best) best = m;
    });
    return best;
  };

  /* Based near the family by distance, then whole-area services, then those with no known
   * place; ties (and each later group) by name, which is the services' order. */
  Finder.prototype.byDistance = function (data, list, from) {
    var self = this;
    this.miles = {};
    list.forEach(function (i) { self.miles[i] = self.distance(data, i, from); });
    function rank(i) { return has(data.wide, i) ? 1 : self.miles[i] === null ? 2 : 0; }
    return list.slice().sort(function (a, b) {
      var ra = rank(a), rb = rank(b);
      if (ra !== rb) return ra - rb;
      if (ra === 0 && self.miles[a] !== self.miles[b]) return self.miles[a] - self.miles[b];
      return a - b;
    });
  };

  /* --- showing results --- */
  Finder.prototype.address = function (q) {
    var params = toParams(q).toString();
    var hash = this.area && this.shareArea && this.shareArea.checked ? "#near=" + this.area : "";
    return location.pathname + (params ? "?" + params : "") + hash;
  };

  Finder.prototype.update = function (changed) {
    var q = this.query(), run = ++this.run, self = this;
    var url = this.address(q);
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
    this.near.hidden = q.sort !== "distance";
    return this.meta.then(function (data) {
      return self.found(data, q).then(function (text) {
        if (run !== self.run) return;
        var found = text.scores ? new Set(text.scores.keys()) : null;
        var results = passing(data, q, found, null);
        var from = q.sort === "distance" ? self.origin(data) : null;
        if (from) results = self.byDistance(data, results, from);
        else if (text.scores) {
          results.sort(function (a, b) { return text.scores.get(b) - text.scores.get(a) || a - b; });
        }
        self.data = data;
        self.q = q;
        self.results = results;
        self.from = from;
        self.shown = 0;
        self.list.textContent = "";
        self.counts(data, q, found);
        self.drawChips(q, changed);
        self.drawCounts(results.length, q);
        return Promise.all([self.showMore(), self.noResults(data, q, found, text)]).then(function () {
          if (run === self.run) self.announce(results.length, q);
        });
      });
    }).catch(function () {
      if (run === self.run) {
        self.status.textContent = "The search could not load. Please reload the page, or use the lists below.";
      }
    });
  };

  /* Each choice's count: the services the query and every other group of filters give that
   * have this choice (the usual facet count). Ticking it within its own group gives this many
   * (or, for "all of these" venue features, at most this many). */
  Finder.prototype.counts = function (data, q, found) {
    var form = this.form, bases = {};
    function base(name) {
      var key = groupOf(name);
      if (!bases[key]) bases[key] = passing(data, q, found, key);
      return bases[key];
    }
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox][name]"), function (box) {
      var test = optionTest(data, box.name, box.value), n = 0;
      base(box.name).forEach(function (i) { if (test(i)) n++; });
      var span = form.querySelector('label[for="' + box.id + '"] [data-ord-count]');
      if (span) span.textContent = "(" + n + ")";
    });
    Object.keys(SINGLE).concat(["age"]).forEach(function (name) {
      var select = form.elements[name];
      if (!select) return;
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.value) return;
        var test = optionTest(data, name, o.value), n = 0;
        base(name).forEach(function (i) { if (test(i)) n++; });
        o.textContent = o.getAttribute("data-title") + " (" + n + ")";
      });
    });
  };

  Finder.prototype.title = function (name, value) {
    return this.titles[name + "=" + value] || value;
  };

  Finder.prototype.filterWords = function (name, value) {
    var label = name === "phase" ? this.form.querySelector('label[for="ord-phase"]').textContent : LABELS[name];
    return label + ": " + this.title(name, value);
  };

  Finder.prototype.drawChips = function (q, changed) {
    var self = this, chips = this.chips;
    chips.textContent = "";
    active(q).forEach(function (pair) {
      var li = el("li"), button = el("button", "ord-chip");
      button.type = "button";
      button.setAttribute("data-name", pair[0]);
      button.setAttribute("data-value", pair[1]);
      button.appendChild(el("span", "ord-visually-hidden", "Remove "));
      button.appendChild(document.createTextNode(self.filterWords(pair[0], pair[1])));
      var x = el("span", "ord-chip__x", "\u00d7");
      x.setAttribute("aria-hidden", "true");
      button.appendChild(x);
      li.appendChild(button);
      chips.appendChild(li);
    });
    chips.hidden = !chips.children.length;
    this.foldChips();
    if (changed && changed.chip !== undefined) {
      /* focus the chip now in the removed one's place, else the one before, else the count */
      var buttons = chips.querySelectorAll("li:not([hidden]) > button");
      var next = buttons[Math.min(changed.chip, buttons.length - 1)];
      (next || this.status).focus();
    }
  };

  /* On a phone, many chips would push the results off the first screen: show the first few
   * and a button that shows the rest (until the filters are cleared). */
  Finder.prototype.foldChips = function () {
    var items = this.chips.children, total = items.length;
    if (this.chipsOpen || this.wide() || total <= FOLD + 1) return;
    for (var i = FOLD; i < total; i++) items[i].hidden = true;
    var li = el("li"), button = el("button", "ord-chip ord-chip--more", "Show all " + total + " filters");
    button.type = "button";
    button.setAttribute("data-ord-more-chips", "");
    li.appendChild(button);
    this.chips.appendChild(li);
  };

  Finder.prototype.drawCounts = function (count, q) {
    var n = active(q).length;
    this.filterCount.textContent = "Filters (" + n + ")";
    this.show.textContent = count ? "Show " + plural(count, "result", "results") : "No results: show what to try";
  };

  Finder.prototype.announce = function (count, q) {
    var filtered = active(q).length > 0, text;
    if (!count) {
      text = "No services match" + (q.text ? " \u201c" + q.text + "\u201d" : "") +
        (filtered ? " with these filters. Try removing a filter." : ". Try other words.");
    } else {
      text = count + (count === 1 ? " service" : " services") + " found" +
        (q.text ? " for \u201c" + q.text + "\u201d" : "") + (filtered ? " with your filters" : "") + ".";
      if (q.sort === "distance") {
        text += this.from ? " Nearest to " + this.area + " first." : " Choose your area to sort by distance.";
      }
    }
    this.status.textContent = text;
  };

  /* No dead ends: a spelling the index knows, each filter whose removal alone finds services,
   * and who to call. */
  Finder.prototype.noResults = function (data, q, found, text) {
    var self = this;
    this.noneList.textContent = "";
    if (this.results.length) { this.none.hidden = true; return Promise.resolve(); }
    return Promise.all(text.missing.map(function (term) { return self.suggest(data, term); })).then(function (fixes) {
      var fixed = text.terms.map(function (term) {
        var m = text.missing.indexOf(term);
        return m >= 0 && fixes[m] ? fixes[m] : term;
      });
      if (fixes.some(Boolean)) {
        var li = el("li"), a = el("a", "", fixed.join(" "));
        var copy = Object.assign({}, q, { text: fixed.join(" ") });
        a.href = self.address(copy);
        a.setAttribute("data-ord-suggest", fixed.join(" "));
        li.appendChild(document.createTextNode("Did you mean "));
        li.appendChild(a);
        li.appendChild(document.createTextNode("?"));
        self.noneList.appendChild(li);
      }
      active(q).forEach(function (pair) {
        var n = passing(data, without(q, pair[0], pair[1]), found, null).length;
        if (!n) return;
        var li = el("li"), b = el("button", "ord-link-button",
          "Remove " + self.filterWords(pair[0], pair[1]) + ": " + plural(n, "service", "services"));
        b.type = "button";
        b.setAttribute("data-name", pair[0]);
        b.setAttribute("data-value", pair[1]);
        li.appendChild(b);
        self.noneList.appendChild(li);
      });
      self.none.hidden = false;
    });
  };

  Finder.prototype.showMore = function () {
    var self = this, data = this.data, run = this.run;
    var next = this.results.slice(this.shown, this.shown + PAGE);
    var chunks = Array.from(new Set(next.map(function (n) { return Math.floor(n / data.chunk); })));
    return Promise.all(chunks.map(function (c) { return self.fetch("c/" + c + ".json"); })).then(function (loaded) {
      if (run !== self.run) return null;  /* a newer search has replaced these results */
      var byChunk = {};
      chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
      var first = null;
      next.forEach(function (n) {
        var li = self.card(byChunk[Math.floor(n / data.chunk)][n % data.chunk], n);
        self.list.appendChild(li);
        first = first || li;
      });
      self.list.start = 1;
      self.shown += next.length;
      self.more.hidden = self.shown >= self.results.length;
      return first;
    });
  };

  /* Where the card's link takes the finder's state: in the fragment, never to a server. */
  Finder.prototype.fromState = function () {
    var params = toParams(this.q).toString();
    var state = "from=" + encodeURIComponent(params);
    if (this.area) state += "&near=" + encodeURIComponent(this.area);
    return state;
  };

  Finder.prototype.card = function (c, n) {
    /* c = [id, name, organisation, summary, ageFrom, ageTo, free, open, place, times, price,
     * features]; ages are null when the service's file says "not stated" */
    var li = el("li", "ord-listing");
    var h = el("h2", "ord-listing__name");
    var a = el("a");
    a.href = this.services + c[0] + "/#" + this.fromState();
    a.textContent = c[1];
    h.appendChild(a);
    li.appendChild(h);
    if (c[2]) li.appendChild(el("p", "ord-listing__org", c[2]));
    li.appendChild(el("p", "ord-listing__summary", c[3]));
    var facts = el("dl", "ord-listing__facts");
    var wide = has(this.data.wide, n);
    var place = c[8] + (this.from && this.miles[n] !== null && !wide ? " (" + milesWords(this.miles[n]) + ")" : "");
    this.fact(facts, "Where", place, wide ? "ord-listing__wide" : "");
    if (c[9]) this.fact(facts, "When", c[9]);
    this.fact(facts, "Cost", c[10]);
    this.fact(facts, "Ages", c[4] === null ? "Not stated" : c[4] === c[5] ? String(c[4]) : c[4] + " to " + c[5]);
    var chosen = this.q.feature.filter(function (f) { return c[11].indexOf(f) >= 0; });
    if (chosen.length) {
      this.fact(facts, "Venue", chosen.map(function (f) { return this.title("feature", f); }, this).join(", "));
    }
    li.appendChild(facts);
    if (c[7]) li.appendChild(el("p", "ord-listing__open", "No referral or diagnosis needed"));
    /* "Save to my list" (shortlist.js) */
    if (window.ordinarilyShortlist) li.appendChild(window.ordinarilyShortlist.button(c[0], c[1]));
    return li;
  };

  Finder.prototype.fact = function (list, term, value, cls) {
    var div = el("div", cls || "");
    div.appendChild(el("dt", "", term));
    div.appendChild(el("dd", "", value));
    list.appendChild(div);
  };

  /* --- the family's area: a district picked or typed, kept on this page --- */
  Finder.prototype.setArea = function (id) {
    this.area = id || "";
    if (this.district) this.district.value = this.area;
  };

  Finder.prototype.typedArea = function () {
    var self = this, typed = outcode(this.postcode.value);
    return this.meta.then(function (data) {
      if (!typed) { self.postcodeHint.textContent = ""; return; }
      if (data.districts[typed]) {
        self.setArea(typed);
        self.postcodeHint.textContent = "Using " + typed + ": " + data.districts[typed].title + ".";
      } else {
        self.postcodeHint.textContent = "We do not know the area " + typed +
          ". Choose your area from the list, or check the first part of the postcode.";
      }
    });
  };

  Finder.prototype.readHash = function () {
    var hash = new URLSearchParams(location.hash.slice(1));
    var near = hash.get("near");
    if (near) {
      this.setArea(near.toUpperCase());
      /* a link that carried the area keeps it in the address, unless it came from this
       * device's own "Back to your results" (private=1) */
      if (this.shareArea) this.shareArea.checked = hash.get("private") !== "1";
    }
  };

  Finder.prototype.setOpen = function (open) {
    this.panel.hidden = !open;
    this.toggle.setAttribute("aria-expanded", open ? "true" : "false");
  };

  Finder.prototype.wide = function () {
    return window.matchMedia("(min-width: 60em)").matches;
  };

  Finder.prototype.start = function () {
    var self = this, timer = null;
    this.form.hidden = false;
    this.restore(new URLSearchParams(location.search));
    this.readHash();
    this.setOpen(this.wide());
    this.toggle.addEventListener("click", function () {
      self.setOpen(self.panel.hidden);
    });
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
      var t = event.target;
      if (t.name === "query" || t === self.postcode) return;
      if (t === self.district) self.setArea(t.value);
      clearTimeout(timer);  /* this update includes any words still waiting to be searched */
      self.update();
    });
    if (this.postcode) {
      this.postcode.addEventListener("change", function () {
        self.typedArea().then(function () { self.update(); });
      });
      this.postcode.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        self.typedArea().then(function () { self.update(); });
      });
    }
    this.root.querySelector("[data-ord-clear]").addEventListener("click", function () {
      self.form.reset();
      self.chipsOpen = false;
      self.setArea("");
      self.update();
      self.form.elements.query.focus();
    });
    this.chips.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-ord-more-chips")) {
        self.chipsOpen = true;
        var hidden = self.chips.querySelector("li[hidden] button");
        Array.prototype.forEach.call(self.chips.querySelectorAll("li[hidden]"), function (li) { li.hidden = false; });
        button.parentNode.remove();
        if (hidden) hidden.focus();
        return;
      }
      var index = Array.prototype.indexOf.call(self.chips.querySelectorAll("li:not([hidden]) > button"), button);
      self.remove(button.getAttribute("data-name"), button.getAttribute("data-value"));
      self.update({ chip: index });
    });
    this.noneList.addEventListener("click", function (event) {
      var target = event.target;
      if (target.matches("button[data-name]")) {
        self.remove(target.getAttribute("data-name"), target.getAttribute("data-value"));
        self.update().then(function () { self.status.focus(); });
      } else if (target.matches("a[data-ord-suggest]")) {
        event.preventDefault();
        self.form.elements.query.value = target.getAttribute("data-ord-suggest");
        self.update().then(function () { self.status.focus(); });
      }
    });
    this.show.addEventListener("click", function () {
      if (!self.wide()) self.setOpen(false);
      self.status.focus();
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

  Finder.prototype.remove = function (name, value) {
    var form = this.form;
    if (MULTI[name]) {
      var box = form.querySelector('input[name="' + name + '"][value="' + CSS.escape(value) + '"]');
      if (box) box.checked = false;
    } else if (name === "free" || name === "open") {
      form.elements[name].checked = false;
    } else {
      form.elements[name].value = "";
    }
  };

  /* --- "Back to your results" on a service page reached from the finder --- */
  function backLink() {
    var slot = document.querySelector("[data-ord-back]");
    var meta = document.querySelector('meta[name="ordinarily:finder"]');
    if (!slot || !meta) return;
    var saved = history.state && history.state.ordFrom;
    var hash = new URLSearchParams(location.hash.slice(1));
    var from = hash.get("from") !== null ? { from: hash.get("from"), near: hash.get("near") || "" } : saved;
    if (!from) return;
    /* the finder's state stays in this tab's history, not in the address someone might copy */
    if (hash.get("from") !== null) {
      history.replaceState({ ordFrom: from }, "", location.pathname + location.search);
    }
    var target = new URL(meta.content, location.href);
    target.search = from.from ? "?" + from.from : "";
    target.hash = from.near ? "near=" + encodeURIComponent(from.near) + "&private=1" : "";
    var a = el("a", "ord-back", "Back to your results");
    a.href = target.href;
    slot.textContent = "";
    slot.appendChild(a);
    slot.hidden = false;
  }

  /* --- "search the Local Offer for ..." in the header search: a full-size button, first in
   * the results panel --- */
  function headerSearch() {
    var meta = document.querySelector('meta[name="ordinarily:finder"]');
    var input = document.querySelector("[data-md-component=search-query]");
    var wrap = document.querySelector(".md-search__scrollwrap");
    if (!meta || !input || !wrap) return;
    var finder = new URL(meta.content, location.href);
    var box = el("div", "ord-search-offer");
    var link = el("a", "ord-search-offer__link md-button md-button--primary");
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
    backLink();
    var root = document.querySelector("[data-ord-finder]");
    if (root && window.fetch && window.URLSearchParams) new Finder(root).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  window.ordinarilyFinder = { words: words, stop: stop, outcode: outcode };
})();
