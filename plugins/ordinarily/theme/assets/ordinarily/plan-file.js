/* A plan as a file (issue 27): window.ordinarilyPlanFile, which plan-editor.js calls.
 *
 * - html(plan, template, guide): a standalone HTML document that reads well in any browser and
 *   word processor (the plan as headings, paragraphs and tables in the template's order, the
 *   guide's edition and the date saved), with the plan's data embedded as
 *   <script type="application/json" id="ordinarily-plan-data">, which never runs. Every value
 *   goes in escaped, as text.
 * - download(plan, template, guide): saves that document as <template-id>-<date>.html.
 * - read(file[, template]): a file chosen by the user is untrusted input. It is refused over
 *   1 MB; only its #ordinarily-plan-data element is parsed (with DOMParser: nothing in it runs
 *   or loads) and only that element's JSON is read, and that is checked field by field against the template (the page's
 *   #ord-plan-template unless given): unknown keys are dropped, types are checked, no string may
 *   be longer than 5,000 characters and no list longer than 200 rows. Anything else is refused
 *   with a plain sentence (the Error's message) for the user.
 * - migrate(plan, guide[, template]): follows guide.formerly for every strategy and self-review
 *   key (a renamed entry gets its new key, title and url); a key not in guide.entries is kept and
 *   marked missing: true ("no longer in the guide"). Given the template, a value whose field the
 *   template no longer has moves to plan.former, as for a file.
 * - A field the template no longer has (a later edition removed it, or its section) is never
 *   dropped: its value becomes plain text in plan.former, [{id, label, text}], with the label
 *   the plan saved for it in plan.labels (or its id), for the editor to show under "No longer
 *   in this template" and to save again. The same caps apply, and it is only ever text.
 * The format and its row keys: docs/architecture.md, "A plan as a file". */
(function () {
  "use strict";

  var MAX_BYTES = 1024 * 1024, MAX_TEXT = 5000, MAX_ROWS = 200;
  var KEY = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;
  var ID = /^[a-z0-9][a-z0-9-]*$/;
  var DATE = /^(\d{4}-\d{2}-\d{2})?$/;
  var NOT_A_PLAN = "This file is not a plan saved from this guide. Choose a file you downloaded " +
    "from a plan page of this guide.";
  var TEXT_TYPES = ["text", "paragraphs", "date", "review-date", "apdr"];
  /* Each kind of row: its keys, all strings unless named in `other`. */
  var ROWS = {
    people: { keys: ["name", "role"] },
    contacts: { keys: ["name", "role", "contact"] },
    outcomes: { keys: ["outcome", "measure"] },
    needs: { keys: ["id", "title", "note"] },
    "self-review": { keys: ["key", "title", "mark", "note"] },
    strategies: { keys: ["key", "title", "source", "url", "who", "how_often", "from", "helped",
      "review_note", "missing"] },
    stopped: { keys: ["key", "title", "source", "review_note"] }
  };
  var HELPED = ["", "yes", "partly", "no"];
  /* A field the template no longer has: its rows' keys as words, for its text. Keys that only
     point into the guide are left out. */
  var WORDS = {
    name: "Name", role: "Role", contact: "How to contact", outcome: "Outcome",
    measure: "How we will know", title: "Title", note: "Note", mark: "Where we are",
    source: "From the guide", who: "Who", how_often: "How often", from: "From when",
    helped: "Did it help?", review_note: "Review note"
  };
  var UNWORDED = ["key", "id", "url", "missing"];
  var ROW_KEY = /^[a-z][a-z0-9_-]{0,40}$/i;
  var MAX_FORMER = MAX_BYTES; /* a former field's text: at most what a file can hold */

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function plain(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function refuse(message) { return new Error(message); }

  /* --- reading: checking untrusted data against the template --- */
  function text(value, label) {
    if (typeof value !== "string") {
      throw refuse("This file cannot be opened: \u201c" + label + "\u201d is not written the way " +
        "this guide saves it. " + NOT_A_PLAN);
    }
    if (value.length > MAX_TEXT) {
      throw refuse("This file cannot be opened: \u201c" + label + "\u201d is longer than 5,000 " +
        "characters, and a plan saved from this guide never is.");
    }
    return value;
  }

  function rows(value, label) {
    if (!Array.isArray(value)) {
      throw refuse("This file cannot be opened: \u201c" + label + "\u201d is not a list. " + NOT_A_PLAN);
    }
    if (value.length > MAX_ROWS) {
      throw refuse("This file cannot be opened: \u201c" + label + "\u201d has more than 200 rows, " +
        "and a plan saved from this guide never has.");
    }
    return value;
  }

  function entryKey(value, label, nullable) {
    if (nullable && (value === null || value === undefined)) return null;
    if (typeof value !== "string" || !KEY.test(value)) {
      throw refuse("This file cannot be opened: a row of \u201c" + label + "\u201d names an entry of " +
        "the guide in a way this guide never does. " + NOT_A_PLAN);
    }
    return value;
  }

  /* A site-relative address from the guide ("needs/x/y/#entry"), never one with a scheme such
     as javascript:, nor one to another site: anything else becomes "". */
  function siteUrl(value) {
    return /^[a-z0-9][a-z0-9._\/#-]*$/i.test(value) && !/^[a-z][a-z0-9+.-]*:/i.test(value) &&
      value.indexOf("//") === -1 ? value : "";
  }

  function row(kind, value, label) {
    if (!plain(value)) {
      throw refuse("This file cannot be opened: a row of \u201c" + label + "\u201d is not written " +
        "the way this guide saves it. " + NOT_A_PLAN);
    }
    var out = {};
    ROWS[kind].keys.forEach(function (key) {
      var given = own(value, key) ? value[key] : undefined;
      if (key === "key") out.key = entryKey(given, label, kind === "strategies");
      else if (key === "missing") out.missing = given === true;
      else if (key === "id") {
        out.id = text(given === undefined ? "" : given, label);
        if (!ID.test(out.id)) throw refuse("This file cannot be opened: a need in \u201c" + label +
          "\u201d is not one of this guide's. " + NOT_A_PLAN);
      } else out[key] = text(given === undefined ? "" : given, label);
    });
    if (own(out, "url")) out.url = siteUrl(out.url);
    if (own(out, "helped") && HELPED.indexOf(out.helped) === -1) out.helped = "";
    if (own(out, "from") && !DATE.test(out.from)) out.from = "";
    return out;
  }

  function fieldValue(field, value) {
    var label = field.label || field.id;
    if (TEXT_TYPES.indexOf(field.type) !== -1) {
      var t = text(value, label);
      return (field.type === "date" || field.type === "review-date") && !DATE.test(t) ? "" : t;
    }
    if (field.type === "list") {
      return rows(value, label).map(function (line) { return text(line, label); });
    }
    if (own(ROWS, field.type)) {
      return rows(value, label).map(function (r) { return row(field.type, r, label); });
    }
    return undefined; /* a field type this script does not know: dropped */
  }

  /* --- fields the template no longer has: kept as text --- */
  function formerRowText(value, label, strict) {
    if (typeof value === "string") return strict ? text(value, label) : value.slice(0, MAX_TEXT);
    if (!plain(value)) {
      if (strict) {
        throw refuse("This file cannot be opened: a row of \u201c" + label + "\u201d is not " +
          "written the way this guide saves it. " + NOT_A_PLAN);
      }
      return "";
    }
    var parts = [];
    Object.keys(value).slice(0, 40).forEach(function (key) {
      var given = value[key];
      if (!ROW_KEY.test(key) || UNWORDED.indexOf(key) !== -1 || typeof given !== "string") return;
      var words = strict ? text(given, label) : given.slice(0, MAX_TEXT);
      if (key === "helped") words = { yes: "Yes", partly: "Partly", no: "No" }[words] || "";
      if (words.trim()) {
        parts.push((own(WORDS, key) ? WORDS[key] : key.replace(/[_-]+/g, " ")) + ": " + words.trim());
      }
    });
    if (value.missing === true && parts.length) parts.push("(no longer in the guide)");
    return parts.join(". ");
  }

  /* A value of any shape a plan saves, as plain text: a string as it is, a list as numbered
     lines. Anything else is not a value this guide ever saved. */
  function formerText(value, label, strict) {
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return strict ? text(value, label) : value.slice(0, MAX_TEXT);
    if (Array.isArray(value)) {
      var list = strict ? rows(value, label) : value.slice(0, MAX_ROWS);
      return list.map(function (r) { return formerRowText(r, label, strict); })
        .filter(function (line) { return line.trim(); })
        .map(function (line, i) { return (i + 1) + ". " + line; }).join("\n");
    }
    if (strict) {
      throw refuse("This file cannot be opened: \u201c" + label + "\u201d is not written the way " +
        "this guide saves it. " + NOT_A_PLAN);
    }
    return "";
  }

  /* The label a plan saved for a field (plan.labels), or the field's id. */
  function labelOf(labels, id) {
    return labelText(plain(labels) && own(labels, id) ? labels[id] : "", id);
  }

  function labelText(given, id) {
    return typeof given === "string" && given.trim() && given.length <= 300 ? given.trim() : id;
  }

  /* plan.former as saved: [{id, label, text}], checked; an entry with no text is left out. */
  function formerList(value, strict) {
    if (value === undefined || value === null) return [];
    var list = strict ? rows(value, "No longer in this template") :
      (Array.isArray(value) ? value.slice(0, MAX_ROWS) : []);
    var out = [];
    list.forEach(function (entry) {
      if (!plain(entry) || typeof entry.id !== "string" || !ID.test(entry.id) ||
          typeof entry.text !== "string") {
        if (strict) throw refuse(NOT_A_PLAN);
        return;
      }
      if (entry.text.length > MAX_FORMER) {
        if (strict) {
          throw refuse("This file cannot be opened: \u201cNo longer in this template\u201d " +
            "is longer than a plan saved from this guide ever is.");
        }
        return;
      }
      if (!entry.text.trim()) return;
      out.push({ id: entry.id, label: labelText(entry.label, entry.id), text: entry.text });
    });
    return out;
  }

  /* Moves every value whose field `known` does not list into plan.former, as text. */
  function retire(values, labels, known, former, strict) {
    Object.keys(values).forEach(function (id) {
      if (own(known, id)) return;
      if (!ID.test(id)) {
        if (strict) throw refuse(NOT_A_PLAN);
        return;
      }
      var label = labelOf(labels, id);
      var words = formerText(values[id], label, strict);
      if (words.trim()) former.push({ id: id, label: label, text: words });
    });
    return former;
  }

  function pageTemplate() {
    var node = document.getElementById("ord-plan-template");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (error) { return null; }
  }

  function fields(template) {
    var out = [];
    ((template && template.sections) || []).forEach(function (section) {
      (section.fields || []).forEach(function (field) { out.push(field); });
    });
    return out;
  }

  /* The plan data found in a file, checked: plain data only, or an Error for the user. */
  function validate(data, template) {
    if (!plain(data) || data.format !== "ordinarily-plan" || data.version !== 1 || !plain(data.values)) {
      throw refuse(NOT_A_PLAN);
    }
    var id = text(data.template, "template");
    if (!ID.test(id)) throw refuse(NOT_A_PLAN);
    if (template && template.id && id !== template.id) {
      throw refuse("This file is a plan made with another template (\u201c" + id + "\u201d), not \u201c" +
        (template.title || template.id) + "\u201d. Open it from that template's page.");
    }
    var plan = {
      format: "ordinarily-plan", version: 1, template: id,
      edition: text(own(data, "edition") ? data.edition : "", "edition"),
      saved: text(own(data, "saved") ? data.saved : "", "saved"),
      values: {}, status: data.status === "reviewed" ? "reviewed" : "draft"
    };
    var known = {};
    fields(template).forEach(function (field) {
      if (!ID.test(field.id || "")) return;
      known[field.id] = true;
      if (!own(data.values, field.id)) return;
      var value = fieldValue(field, data.values[field.id]);
      if (value !== undefined) plan.values[field.id] = value;
    });
    var former = formerList(data.former, true);
    if (template) retire(data.values, data.labels, known, former, true);
    if (former.length) plan.former = former;
    if (own(data, "stopped")) {
      plan.stopped = rows(data.stopped, "Tried and stopped").map(function (r) {
        return row("stopped", r, "Tried and stopped");
      });
    }
    return plan;
  }

  /* The plan in a saved document's text. Only the data element is ever parsed: the rest of
     the file (which may carry scripts, event handlers and styles) never reaches even an inert
     parser, whose checks against the page's Content-Security-Policy would report them. The
     element's text ends where an HTML parser ends it, at the first "</script"; DOMParser reads
     it back (nothing in it runs), and only its JSON is used. */
  var START = /<script\b[^>]*>/gi;
  function dataText(source) {
    var match;
    START.lastIndex = 0;
    while ((match = START.exec(source))) {
      var tag = match[0];
      if (!/\bid\s*=\s*["']?ordinarily-plan-data["'\s>]/i.test(tag)) continue;
      if (!/\btype\s*=\s*["']?application\/json["'\s>]/i.test(tag)) return null;
      var from = match.index + tag.length;
      var end = source.toLowerCase().indexOf("</script", from);
      if (end === -1) return null;
      var doc = new DOMParser().parseFromString('<script type="application/json" id="data">' +
        source.slice(from, end) + "</script>", "text/html");
      var node = doc.getElementById("data");
      return node ? node.textContent : null;
    }
    return null;
  }

  function parse(source, template) {
    var found = dataText(String(source));
    if (found === null) throw refuse(NOT_A_PLAN);
    var data;
    try { data = JSON.parse(found); } catch (error) { throw refuse(NOT_A_PLAN); }
    return validate(data, template === undefined ? pageTemplate() : template);
  }

  function read(file, template) {
    return new Promise(function (resolve, reject) {
      if (!file || typeof file.size !== "number") { reject(refuse(NOT_A_PLAN)); return; }
      if (file.size > MAX_BYTES) {
        reject(refuse("This file is too big to be a plan saved from this guide: a plan file is " +
          "never bigger than 1 MB."));
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        try { resolve(parse(String(reader.result), template)); } catch (error) { reject(error); }
      };
      reader.onerror = function () { reject(refuse("This file could not be read. Try choosing it again.")); };
      reader.readAsText(file);
    });
  }

  /* --- editions: following `formerly` --- */
  function migrateRow(r, guide) {
    if (!plain(r) || typeof r.key !== "string") return r;
    var entries = guide.entries || {}, formerly = guide.formerly || {}, key = r.key, seen = {};
    while (!own(entries, key) && own(formerly, key) && !own(seen, key)) {
      seen[key] = true;
      key = formerly[key];
    }
    var copy = Object.assign({}, r);
    if (!own(entries, key)) {
      copy.missing = true;
      return copy;
    }
    var entry = entries[key];
    if (key !== r.key) {
      copy.key = key;
      copy.title = entry.title;
      copy.url = entry.url;
      if (own(copy, "source") && entry.source) copy.source = entry.source;
    }
    if (own(copy, "missing")) copy.missing = false;
    return copy;
  }

  function migrate(plan, guide, template) {
    var out = JSON.parse(JSON.stringify(plan));
    if (template && plain(out.values)) {
      var known = {};
      fields(template).forEach(function (field) { known[field.id] = true; });
      var former = retire(out.values, out.labels, known, formerList(out.former, false), false);
      Object.keys(out.values).forEach(function (id) { if (!own(known, id)) delete out.values[id]; });
      if (former.length) out.former = former;
      else delete out.former;
    }
    Object.keys(out.values || {}).forEach(function (id) {
      if (Array.isArray(out.values[id])) {
        out.values[id] = out.values[id].map(function (r) { return migrateRow(r, guide || {}); });
      }
    });
    if (Array.isArray(out.stopped)) {
      out.stopped = out.stopped.map(function (r) { return migrateRow(r, guide || {}); });
    }
    if (guide && typeof guide.edition === "string") out.edition = guide.edition;
    return out;
  }

  /* --- writing: the standalone document --- */
  function esc(value) {
    return String(value === undefined || value === null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function plansBase() {
    var root = document.getElementById("ord-plan");
    var meta = document.querySelector('meta[name="ordinarily:plans"]');
    var href = (root && root.getAttribute("data-plans")) || (meta && meta.content) || "../";
    return new URL(href, location.href);
  }

  /* An address from the guide, made absolute for a file opened away from the site; only
     http(s) addresses are ever written as links. */
  function absolute(url) {
    if (!url || !siteUrl(url)) return "";
    var full = new URL(url, new URL("../", plansBase()));
    return full.protocol === "http:" || full.protocol === "https:" ? full.href : "";
  }

  function siteName(guide) {
    if (guide && typeof guide.site_name === "string" && guide.site_name) return guide.site_name;
    var topic = document.querySelector(".md-header__topic .md-ellipsis");
    if (topic && topic.textContent.trim()) return topic.textContent.trim();
    var parts = document.title.split(" - ");
    return parts[parts.length - 1].trim();
  }

  function paragraphs(value) {
    var lines = String(value || "").split(/\n\s*\n/).filter(function (p) { return p.trim(); });
    if (!lines.length) return '<p class="empty">Not filled in.</p>';
    return lines.map(function (p) { return "<p>" + esc(p.trim()).replace(/\n/g, "<br>") + "</p>"; }).join("\n");
  }

  function table(headings, body) {
    if (!body.length) return '<p class="empty">None.</p>';
    return "<table>\n<thead><tr>" + headings.map(function (h) { return '<th scope="col">' + esc(h) + "</th>"; }).join("") +
      "</tr></thead>\n<tbody>\n" + body.map(function (cells) {
        return "<tr>" + cells.map(function (c) { return "<td>" + c + "</td>"; }).join("") + "</tr>";
      }).join("\n") + "\n</tbody>\n</table>";
  }

  function linked(title, url) {
    var href = absolute(url);
    return href ? '<a href="' + esc(href) + '">' + esc(title) + "</a>" : esc(title);
  }

  var HELPED_WORDS = { "": "", yes: "Yes", partly: "Partly", no: "No" };

  function strategyCells(r) {
    var title = linked(r.title, r.url) + (r.missing ? " <em>(no longer in the guide)</em>" : "");
    return [title, esc(r.key ? r.source : "Our own"), esc(r.who), esc(r.how_often), esc(r.from),
      esc(HELPED_WORDS[r.helped] || "") + (r.review_note ? "<br>" + esc(r.review_note) : "")];
  }

  function fieldHtml(field, value) {
    var list = Array.isArray(value) ? value : [];
    switch (field.type) {
      case "people":
        return table(["Name or initials", "Role"], list.map(function (r) { return [esc(r.name), esc(r.role)]; }));
      case "contacts":
        return table(["Name", "Role", "How to contact"],
          list.map(function (r) { return [esc(r.name), esc(r.role), esc(r.contact)]; }));
      case "outcomes":
        return table(["Outcome", "How we will know"], list.map(function (r) { return [esc(r.outcome), esc(r.measure)]; }));
      case "needs":
        return table(["Need", "Note"], list.map(function (r) { return [esc(r.title), esc(r.note)]; }));
      case "self-review":
        return table(["Expectation", "Where we are", "Note"], list.map(function (r) {
          return [esc(r.title) + (r.missing ? " <em>(no longer in the guide)</em>" : ""), esc(r.mark), esc(r.note)];
        }));
      case "strategies":
        return table(["Strategy", "From the guide", "Who", "How often", "From", "Did it help?"], list.map(strategyCells));
      case "list":
        return list.length ? "<ul>\n" + list.map(function (l) { return "<li>" + esc(l) + "</li>"; }).join("\n") + "\n</ul>"
          : '<p class="empty">None.</p>';
      case "apdr":
        return (field.prompts && field.prompts.length ? "<ul class=\"prompts\">\n" + field.prompts.map(function (q) {
          return "<li>" + esc(q) + "</li>";
        }).join("\n") + "\n</ul>\n" : "") + paragraphs(value);
      default:
        return paragraphs(typeof value === "string" ? value : "");
    }
  }

  var STYLE = "body{font-family:Arial,Helvetica,sans-serif;font-size:12pt;line-height:1.45;max-width:48rem;" +
    "margin:1.5rem auto;padding:0 1rem;color:#0b0c0c}h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.6em;" +
    "border-bottom:1px solid #b1b4b6}h3{font-size:1.05em;margin-bottom:0.3em}table{border-collapse:collapse;" +
    "width:100%;margin:0.4em 0 1em}th,td{border:1px solid #6f777b;padding:0.3em 0.5em;text-align:left;" +
    "vertical-align:top}th{background:#f3f2f1}.empty{color:#505a5f}.meta{color:#505a5f}" +
    "@page{size:A4;margin:15mm}";

  /* The day the plan was saved, YYYY-MM-DD (today when it has no such date). */
  function savedOn(plan) {
    var given = String((plan && plan.saved) || "").slice(0, 10);
    return /^\d{4}-\d{2}-\d{2}$/.test(given) ? given : new Date().toISOString().slice(0, 10);
  }

  function html(plan, template, guide) {
    var values = (plan && plan.values) || {};
    var planUrl = new URL((ID.test(template.id) ? template.id + "/" : ""), plansBase()).href;
    var date = savedOn(plan);
    var status = plan.status === "reviewed" ? "Reviewed" : "Draft";
    var out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      "<title>" + esc(template.title) + " (" + esc(date) + ")</title>",
      "<style>" + STYLE + "</style>", "</head>", "<body>",
      "<h1>" + esc(template.title) + "</h1>",
      '<p class="meta">' + status + ", saved " + esc(date) + ". Guide edition: " +
        esc(plan.edition || (guide && guide.edition) || "not stated") + ".</p>",
      '<p class="meta">Made with <a href="' + esc(planUrl) + '">' + esc(siteName(guide)) +
        "'s Ordinarily Available Provision guide</a>. To carry on with this plan, open this file " +
        "from that page.</p>"];
    ((template && template.sections) || []).forEach(function (section) {
      out.push("<h2>" + esc(section.title) + "</h2>");
      (section.fields || []).forEach(function (field) {
        out.push("<h3>" + esc(field.label) + "</h3>");
        out.push(fieldHtml(field, values[field.id]));
      });
    });
    var former = formerList(plan.former, false);
    if (former.length) {
      out.push("<h2>No longer in this template</h2>");
      out.push('<p class="meta">What was written in parts of the plan that this edition of the ' +
        "template no longer has, kept so that nothing is lost.</p>");
      former.forEach(function (entry) {
        out.push("<h3>" + esc(entry.label) + "</h3>");
        out.push(paragraphs(entry.text));
      });
    }
    if (plan.stopped && plan.stopped.length) {
      out.push("<h2>Tried and stopped</h2>");
      out.push(table(["Strategy", "From the guide", "Review note"], plan.stopped.map(function (r) {
        return [esc(r.title), esc(r.source), esc(r.review_note)];
      })));
    }
    var data = JSON.stringify(plan).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
    out.push('<script type="application/json" id="ordinarily-plan-data">' + data + "</script>");
    out.push("</body>", "</html>", "");
    return out.join("\n");
  }

  function download(plan, template, guide) {
    var date = savedOn(plan);
    var blob = new Blob([html(plan, template, guide)], { type: "text/html;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = template.id + "-" + date + ".html";
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  window.ordinarilyPlanFile = { html: html, download: download, read: read, parse: parse, migrate: migrate };
})();
