/* Ordinarily: "What can I do next?". The page lists every step without this script; the script
   shows the questions and, as they are answered, only the steps that apply, with Print and
   Copy as text. Nothing a reader chooses is stored or sent anywhere: no storage, no cookies,
   no query string, no fragment. Arriving from the checker's result, the address's fragment
   (#needs=<id>,<id>, which browsers never send to a server) names the needs it suggested: the
   script shows the page's own links to their family views, and ignores any id it does not list. */
(function () {
  "use strict";

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  var announce = window.ordinarilyAnnounce;

  /* A step's condition from data-ord-when ("told=no not-sure;support=none"): question id ->
     the answers any of which will do. The mirror of Step.applies (docs/next-steps.md). */
  function condition(step) {
    var when = Object.create(null);
    (step.getAttribute("data-ord-when") || "").split(";").forEach(function (part) {
      var cut = part.indexOf("=");
      if (cut > 0) { when[part.slice(0, cut)] = part.slice(cut + 1).split(" "); }
    });
    return when;
  }

  /* Every question the reader answered must have one of the step's answers; a question left
     unanswered counts as met, so skipping a question never hides a step. */
  function applies(when, answers) {
    return Object.keys(when).every(function (question) {
      return !(question in answers) || when[question].indexOf(answers[question]) !== -1;
    });
  }

  function chosen(ui) {
    var answers = Object.create(null);
    ui.inputs.forEach(function (input) { if (input.checked) { answers[input.name] = input.value; } });
    return answers;
  }

  function update(ui, speak) {
    var answers = chosen(ui), shown = 0, answered = Object.keys(answers).length;
    ui.steps.forEach(function (step) {
      var fits = applies(step.when, answers);
      step.node.hidden = !fits;
      if (fits) { shown += 1; }
    });
    var total = ui.steps.length;
    var text = answered === 0
      ? "Showing all " + total + " steps. Answer the questions to see only the steps for you."
      : "Showing " + shown + " of " + total + " steps for your answers.";
    ui.fallback.hidden = true;
    ui.copied.textContent = "";
    if (speak) { announce(ui.status, text); } else { ui.status.textContent = text; }
    ui.empty.hidden = shown !== 0;
  }

  /* The need ids in the fragment, in its order, each once. The fragment is untrusted: it only
     chooses among the page's own links, and nothing from it is ever written into the page. */
  function fragmentNeeds() {
    var ids = [];
    window.location.hash.slice(1).split("&").forEach(function (part) {
      if (part.indexOf("needs=") !== 0) { return; }
      part.slice("needs=".length).split(",").forEach(function (raw) {
        var id;
        try { id = decodeURIComponent(raw); } catch (e) { return; }
        if (id && ids.indexOf(id) === -1) { ids.push(id); }
      });
    });
    return ids;
  }

  /* "Read about these needs for families": near the top of the steps, and again in each step
     that links the checker. Nothing shows unless the fragment names a need the page lists. */
  function showFamilies(ui) {
    if (!ui.families) { return; }
    var chosen = fragmentNeeds().map(function (id) { return ui.familyItems[id]; })
      .filter(function (item) { return item; });
    ui.families.querySelector("ul").replaceChildren.apply(ui.families.querySelector("ul"), chosen);
    ui.families.hidden = chosen.length === 0;
    all(ui.box, "[data-ord-next-families-here]").forEach(function (slot) {
      slot.replaceChildren.apply(slot, Array.prototype.map.call(ui.families.children,
        function (child) { return child.cloneNode(true); }));
      slot.hidden = ui.families.hidden;
    });
  }

  function familiesText(ui) {
    if (!ui.families || ui.families.hidden) { return []; }
    var lines = [ui.families.querySelector("p").textContent.trim()];
    all(ui.families, "a").forEach(function (a) { lines.push("- " + a.textContent.trim() + ": " + a.href); });
    return lines.concat([""]);
  }

  function stepText(step, number) {
    var node = step.node;
    var lines = [number + ". " + node.querySelector("h3").textContent.trim()];
    all(node, ".ord-next-step__body > *").forEach(function (part) {
      var items = all(part, "li");
      if (items.length) {
        items.forEach(function (li) { lines.push("- " + li.textContent.trim().replace(/\s+/g, " ")); });
      } else {
        lines.push(part.textContent.trim().replace(/\s+/g, " "));
      }
    });
    all(node, ".ord-next-step__links a").forEach(function (a) {
      lines.push("- " + a.textContent.trim() + ": " + a.href);
    });
    return lines.join("\n");
  }

  function asText(ui) {
    var answers = chosen(ui), lines = [document.title.split(" - ")[0], ""];
    var asked = ui.questions.filter(function (q) { return q.name in answers; });
    if (asked.length) {
      lines.push("Your answers:");
      asked.forEach(function (q) {
        var input = ui.form.querySelector("input[name='" + q.name + "']:checked");
        var label = ui.form.querySelector("label[for='" + input.id + "']");
        lines.push("- " + q.legend + " " + label.textContent.trim());
      });
      lines.push("");
    }
    lines = lines.concat(familiesText(ui));
    lines.push("Your next steps:", "");
    var number = 0;
    ui.steps.forEach(function (step) {
      if (!step.node.hidden) { number += 1; lines.push(stepText(step, number), ""); }
    });
    lines.push(window.location.href.split("#")[0].split("?")[0]);
    return lines.join("\n");
  }

  function copyFallback(ui, text) {
    var copied = false;
    ui.fallback.hidden = false;
    ui.textarea.value = text;
    ui.textarea.focus();
    ui.textarea.select();
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    announce(ui.copied, copied ? "Copied the steps as text."
      : "The text is selected below: copy it with Ctrl+C, or Cmd+C on a Mac.");
  }

  function copy(ui) {
    var text = asText(ui);
    if (!navigator.clipboard || !window.isSecureContext) { return copyFallback(ui, text); }
    navigator.clipboard.writeText(text).then(function () {
      announce(ui.copied, "Copied the steps as text. Paste them where you need them.");
    }, function () { copyFallback(ui, text); });
  }

  function start(box) {
    var form = box.querySelector("[data-ord-next-form]");
    var tools = box.querySelector("[data-ord-next-tools]");
    var list = box.querySelector("[data-ord-next-steps]");
    var empty = document.createElement("p");
    empty.className = "ord-next__empty";
    empty.hidden = true;
    empty.textContent = "No step matches all of your answers. Clear an answer, or read every " +
      "step: select Clear my answers.";
    list.parentNode.insertBefore(empty, list);
    var families = box.querySelector("[data-ord-next-families]"), familyItems = Object.create(null);
    if (families) {
      all(families, "[data-ord-need]").forEach(function (item) {
        familyItems[item.getAttribute("data-ord-need")] = item;
      });
    }
    var ui = {
      box: box, form: form, families: families, familyItems: familyItems, status: box.querySelector("[data-ord-next-status]"), empty: empty,
      inputs: all(form, "[data-ord-next-answer]"),
      questions: all(form, "fieldset").map(function (f) {
        return { name: f.querySelector("input").name, legend: f.querySelector("legend").textContent.trim() };
      }),
      steps: all(box, "[data-ord-next-step]").map(function (node) {
        return { node: node, when: condition(node) };
      }),
      copied: box.querySelector("[data-ord-next-copied]"),
      fallback: box.querySelector("[data-ord-next-fallback]"),
      textarea: box.querySelector("[data-ord-next-text]")
    };
    all(box, "[data-ord-next-nojs]").forEach(function (node) { node.hidden = true; });
    form.hidden = false;
    tools.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () { update(ui, true); });
    box.querySelector("[data-ord-next-clear]").addEventListener("click", function () {
      ui.inputs.forEach(function (input) { input.checked = false; });
      update(ui, true);
    });
    box.querySelector("[data-ord-next-print]").addEventListener("click", function () { window.print(); });
    box.querySelector("[data-ord-next-copy]").addEventListener("click", function () { copy(ui); });
    update(ui, false);
    showFamilies(ui);
    window.addEventListener("hashchange", function () { showFamilies(ui); });
  }

  function init() {
    all(document, "[data-ord-next]").forEach(function (box) {
      if (box.getAttribute("data-ord-ready")) { return; }
      box.setAttribute("data-ord-ready", "yes");
      start(box);
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
}());
