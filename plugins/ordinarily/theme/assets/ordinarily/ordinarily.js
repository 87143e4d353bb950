/* Ordinarily: progressive enhancements. Every page works without this script. Nothing a reader
   does here is stored or sent anywhere. */
(function () {
  "use strict";

  /* Every script's polite announcements (checker, next steps, plans): the live region is emptied
     and filled a moment later, so a screen reader hears a repeated message too. A newer message
     cancels one still waiting, so an earlier announcement never lands after a later one. */
  window.ordinarilyAnnounce = function (region, text) {
    window.clearTimeout(region.ordPending);
    region.textContent = "";
    region.ordPending = window.setTimeout(function () { region.textContent = text; }, 50);
  };

  function lowerFirst(text) { return text.charAt(0).toLowerCase() + text.slice(1); }

  /* Need pages: narrow provision to one phase with ?phase=<id>. Without the script every entry
     shows, labelled with its phases. */
  function phaseFilter(box) {
    var select = box.querySelector("select");
    var status = box.querySelector("[role=status]");
    var items = document.querySelectorAll("[data-phases]");
    var known = Array.prototype.map.call(select.options, function (o) { return o.value; });

    function apply(phase, announce) {
      var shown = 0;
      Array.prototype.forEach.call(items, function (el) {
        var phases = (el.getAttribute("data-phases") || "").split(" ");
        var visible = !phase || phases.indexOf(phase) !== -1;
        if (visible) { el.removeAttribute("data-ord-hidden"); shown += el.matches(".ord-entry") ? 1 : 0; }
        else { el.setAttribute("data-ord-hidden", ""); }
      });
      /* Lists ranked for one phase (the need page's services): the chosen phase's, or the
         general one when no phase is chosen. */
      document.querySelectorAll("[data-ord-phase-list]").forEach(function (list) {
        list.hidden = list.getAttribute("data-ord-phase-list") !== (phase || "");
      });
      var label = select.options[select.selectedIndex].text;
      var noun = box.getAttribute("data-noun") || "strategies";
      var text = phase ? "Showing " + shown + " " + noun + " for " + label + "." : "Showing " + noun + " for " + lowerFirst(select.options[0].text) + ".";
      if (announce) { status.textContent = text; } else { status.textContent = ""; status.setAttribute("data-initial", text); }
    }

    var params = new URLSearchParams(window.location.search);
    var initial = params.get("phase") || "";
    if (known.indexOf(initial) === -1) { initial = ""; }
    select.value = initial;
    box.hidden = false;
    apply(initial, false);
    if (initial) { status.textContent = status.getAttribute("data-initial"); }

    select.addEventListener("change", function () {
      var url = new URL(window.location.href);
      if (select.value) { url.searchParams.set("phase", select.value); } else { url.searchParams.delete("phase"); }
      window.history.replaceState(null, "", url.toString());
      apply(select.value, true);
    });
  }

  /* Collapsible sections (tiers on need pages, themes on universal expectations): the heading
     before each [data-ord-collapsible] block gets a button that shows or hides it. Sections are
     open without the script, open when the page loads, and all open in print (ordinarily.css).
     Nothing about them is kept: each visit starts with every section open. */
  function collapsible(body) {
    var heading = body.previousElementSibling;
    if (!heading || !/^H[2-6]$/.test(heading.tagName)) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ord-disclosure";
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-controls", body.id);
    var text = document.createElement("span");
    text.textContent = "Hide";
    var name = document.createElement("span");
    name.className = "ord-visually-hidden";
    name.textContent = " " + heading.textContent.trim();
    button.append(text, name);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      text.textContent = open ? "Hide" : "Show";
      body.hidden = !open;
    });
    heading.classList.add("ord-collapsible-heading");
    heading.append(button);
  }

  /* A link to an anchor inside a closed section opens that section first. */
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var body = target && target.closest("[data-ord-collapsible][hidden]");
    if (!body) { return; }
    var button = document.querySelector("[aria-controls='" + body.id + "']");
    if (button) { button.click(); }
    target.scrollIntoView();
  }

  /* A note opens as a box under the line that holds its term, across the width of the
     paragraph or list item, over what follows (a non-modal popover): the sentence around the
     term is never split. It stays where it is in the reading and Tab order, just after the
     button. */
  function placeNote(link, note) {
    var host = link.closest("p, li, dd, td, th, blockquote, figcaption") || link.parentElement;
    host.classList.add("ord-term-host");
    var line = link.getBoundingClientRect();
    var box = host.getBoundingClientRect();
    note.style.top = Math.round(line.bottom - box.top + 4) + "px";
  }

  /* Glossary terms: a small button after the first use of a term opens its note. */
  function glossaryToggles() {
    document.querySelectorAll("a[data-term-note]").forEach(function (link) {
      var note = document.getElementById(link.getAttribute("data-term-note"));
      if (!note) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ord-term__toggle";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", note.id);
      button.setAttribute("aria-label", "What " + link.textContent + " means");
      button.textContent = "?";
      function show(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        note.hidden = !open;
        if (open) { placeNote(link, note); }
      }
      button.addEventListener("click", function () {
        show(button.getAttribute("aria-expanded") !== "true");
      });
      /* Escape closes an open note from the button or a link inside the note. */
      [button, note].forEach(function (element) {
        element.addEventListener("keydown", function (event) {
          if (event.key !== "Escape" || note.hidden) { return; }
          event.preventDefault();
          show(false);
          button.focus();
        });
      });
      link.insertAdjacentElement("afterend", button);
    });
  }

  function start() {
    document.querySelectorAll("[data-ord-phase-filter]").forEach(phaseFilter);
    document.querySelectorAll("[data-ord-collapsible]").forEach(collapsible);
    window.addEventListener("hashchange", openTarget);
    glossaryToggles();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
