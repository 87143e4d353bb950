/* The web forms' widget for a value of several shapes (/admin/ only; issue 28).

   Decap CMS has no field that can show and write "true, false or 'not stated'", or "a list of
   ids, 'all' or 'not stated'". This one shows each as radio buttons in a group named by the
   field's label: "Yes", "No", "Not stated"; or "All", "Not stated" and "Choose:", which shows a
   checkbox for each of the council's options. The button of the file's value is the one
   chosen (none when the file has no value), and a save writes exactly the value picked.
   A set of fields or 'not stated' (a service's ages and contact) is "Not stated" and "Give the
   details:", which shows a text box for each of the set's fields; a save writes exactly `not
   stated`, or the set with only the fields given, each checked as the schema says first.

   cms/schema_fields.py writes the field from the schemas: `widget: ordinarily-choice`,
   `choices` (label and value of each fixed value, in order) and, for a list, `list_label` and
   `options` (label and value of each id); for a set of fields, `object_label` and `fields`
   (Decap field settings: name, label, hint, required, widget `number` with `value_type`, `min`
   and `max`, or `string` with `pattern: [regex, message]`). Ids a file names that are not options stay in the
   list, shown by their id: nothing a contributor wrote is dropped.

   Plain script, no build step: React's `h` and `createClass`, which the Decap bundle puts on
   window, after decap-cms.js. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  if (!CMS || !h || !createClass) {
    return;
  }

  function plainValue(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  function radio(id, name, label, checked, onChange) {
    return h("div", { className: "ordinarily-choice__option", key: id },
      h("input", { type: "radio", id: id, name: name, checked: checked, onChange: onChange }),
      h("label", { htmlFor: id, id: id + "-label" }, label));
  }

  function isDetails(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function subFields(field) {
    return plainValue(field.get("fields")) || [];
  }

  /* What a field's text box says: a whole number as written, a number for a number field. */
  function parsed(sub, text) {
    var words = text.trim();
    if (sub.widget === "number" && /^-?[0-9]+$/.test(words)) {
      return parseInt(words, 10);
    }
    return words;  // not a number: kept as typed, so the check before a save can name it
  }

  /* Why one field's value would be refused by the schema, or "". */
  function fault(sub, value) {
    var name = "\u201c" + sub.label + "\u201d";
    if (value === undefined) {
      return sub.required ? "give " + name + "." : "";
    }
    if (sub.widget === "number") {
      var low = sub.min === undefined ? -Infinity : sub.min;
      var high = sub.max === undefined ? Infinity : sub.max;
      if (typeof value !== "number" || !Number.isInteger(value) || value < low ||
          value > high) {
        return name + " must be a whole number" + (sub.min !== undefined &&
          sub.max !== undefined ? " from " + sub.min + " to " + sub.max : "") + ".";
      }
      return "";
    }
    if (sub.pattern && !new RegExp(sub.pattern[0]).test(String(value))) {
      return name + ": " + sub.pattern[1];
    }
    return "";
  }

  function checkbox(id, label, checked, onChange) {
    return h("div", { className: "ordinarily-choice__option", key: id },
      h("input", { type: "checkbox", id: id, checked: checked, onChange: onChange }),
      h("label", { htmlFor: id }, label));
  }

  var Control = createClass({
    getInitialState: function () {
      var value = plainValue(this.props.value);
      var texts = {};
      if (isDetails(value)) {
        Object.keys(value).forEach(function (k) { texts[k] = String(value[k]); });
      }
      return { list: Array.isArray(value) ? value : [], texts: texts };
    },

    /* Called by Decap before a save: a list must name at least one. */
    isValid: function () {
      var value = plainValue(this.props.value);
      var label = this.props.field.get("label");
      if (Array.isArray(value) && value.length === 0) {
        return { error: { message: label + ": tick at least one, " +
          "or pick another answer." } };
      }
      if (isDetails(value)) {
        var faults = subFields(this.props.field).map(function (sub) {
          return fault(sub, value[sub.name]);
        }).filter(Boolean);
        if (Object.keys(value).length === 0) {
          faults.unshift("give at least one of the details, or pick \u201cNot stated\u201d.");
        }
        if (faults.length) {
          return { error: { message: label + ": " + faults.join(" ") } };
        }
      }
      return true;
    },

    /* An Immutable map, as Decap keeps objects: only the fields given, in the form's order;
       keys the form has no field for are kept. */
    asMap: function (texts) {
      var value = plainValue(this.props.value);
      var map = this.props.field.clear();
      var names = [];
      subFields(this.props.field).forEach(function (sub) {
        names.push(sub.name);
        var text = texts[sub.name];
        if (text !== undefined && text.trim() !== "") {
          map = map.set(sub.name, parsed(sub, text));
        }
      });
      if (isDetails(value)) {
        Object.keys(value).forEach(function (k) {
          if (names.indexOf(k) === -1) {
            map = map.set(k, value[k]);
          }
        });
      }
      return map;
    },

    pickDetails: function () {
      this.props.onChange(this.asMap(this.state.texts));
    },

    edit: function (name, text) {
      var texts = Object.assign({}, this.state.texts);
      texts[name] = text;
      this.setState({ texts: texts });
      this.props.onChange(this.asMap(texts));
    },

    details: function () {
      var self = this;
      var id = this.props.forID;
      return h("div", { className: "ordinarily-choice__details", role: "group",
                        "aria-labelledby": id + "-details-label" },
        subFields(this.props.field).map(function (sub) {
          var box = id + "-field-" + sub.name;
          var attrs = { type: "text", id: box, name: sub.name, autoComplete: "off",
                        value: self.state.texts[sub.name] || "",
                        onChange: function (e) { self.edit(sub.name, e.target.value); } };
          if (sub.widget === "number") {
            attrs.inputMode = "numeric";
            attrs.className = "ordinarily-choice__number";
          }
          if (sub.hint) {
            attrs["aria-describedby"] = box + "-hint";
          }
          return h("div", { className: "ordinarily-choice__field", key: box },
            h("label", { htmlFor: box }, sub.label),
            sub.hint ? h("p", { id: box + "-hint", className: "ordinarily-choice__hint" },
              sub.hint) : null,
            h("input", attrs));
        }));
    },

    /* An Immutable list, as Decap keeps lists: made from the field's own options. */
    asList: function (ids) {
      var list = this.props.field.get("options").clear();
      return list.push.apply(list, ids);
    },

    pick: function (value) {
      this.props.onChange(value);
    },

    pickList: function () {
      this.props.onChange(this.asList(this.state.list));
    },

    toggle: function (id) {
      var value = plainValue(this.props.value);
      var list = Array.isArray(value) ? value.slice() : [];
      var at = list.indexOf(id);
      if (at === -1) {
        list.push(id);  // added at the end: the file's own order is kept
      } else {
        list.splice(at, 1);
      }
      this.setState({ list: list });
      this.props.onChange(this.asList(list));
    },

    checkboxes: function (chosen) {
      var self = this;
      var id = this.props.forID;
      var options = plainValue(this.props.field.get("options")) || [];
      var known = options.map(function (o) { return String(o.value); });
      chosen.forEach(function (v) {
        if (known.indexOf(String(v)) === -1) {
          options.push({ label: String(v), value: v });
        }
      });
      return h("fieldset", { className: "ordinarily-choice__list",
                             "aria-labelledby": id + "-list-label" },
        options.map(function (o, i) {
          return checkbox(id + "-option-" + i, o.label, chosen.indexOf(o.value) !== -1,
            function () { self.toggle(o.value); });
        }));
    },

    render: function () {
      var self = this;
      var props = this.props;
      var field = props.field;
      var id = props.forID;
      var value = plainValue(props.value);
      var isList = Array.isArray(value);
      var hasDetails = isDetails(value);
      var choices = plainValue(field.get("choices")) || [];
      var buttons = choices.map(function (c, i) {
        return radio(id + "-" + i, id, c.label, !isList && !hasDetails && value === c.value,
          function () { self.pick(c.value); });
      });
      if (field.has("options")) {
        buttons.push(radio(id + "-list", id, field.get("list_label") || "Choose:", isList,
          this.pickList));
      }
      if (field.has("object_label")) {
        buttons.push(radio(id + "-details", id, field.get("object_label"), hasDetails,
          this.pickDetails));
      }
      return h("fieldset", {
        id: id,
        className: (props.classNameWrapper || "") + " ordinarily-choice",
        onFocus: props.setActiveStyle,
        onBlur: props.setInactiveStyle
      },
        h("legend", { className: "ordinarily-choice__legend" }, field.get("label")),
        h("div", { className: "ordinarily-choice__choices" }, buttons),
        isList ? this.checkboxes(value) : null,
        hasDetails ? this.details() : null);
    }
  });

  var Preview = createClass({
    render: function () {
      var field = this.props.field;
      var value = plainValue(this.props.value);
      var words = "";
      if (Array.isArray(value)) {
        var options = plainValue(field.get("options")) || [];
        words = value.map(function (v) {
          var o = options.filter(function (x) { return x.value === v; })[0];
          return o ? o.label : String(v);
        }).join(", ");
      } else if (isDetails(value)) {
        words = subFields(field).filter(function (sub) {
          return value[sub.name] !== undefined;
        }).map(function (sub) { return sub.label + ": " + value[sub.name]; }).join(", ");
      } else {
        var c = (plainValue(field.get("choices")) || []).filter(function (x) {
          return x.value === value;
        })[0];
        words = c ? c.label : "";
      }
      return h("p", null, words);
    }
  });

  CMS.registerWidget("ordinarily-choice", Control, Preview);
}());
