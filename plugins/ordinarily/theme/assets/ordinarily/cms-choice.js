/* The web forms' widget for a value of several shapes (/admin/ only; issue 28).

   Decap CMS has no field that can show and write "true, false or 'not stated'", or "a list of
   ids, 'all' or 'not stated'". This one shows each as radio buttons in a group named by the
   field's label: "Yes", "No", "Not stated"; or "All", "Not stated" and "Choose:", which shows a
   checkbox for each of the council's options. The button of the file's value is the one
   chosen (none when the file has no value), and a save writes exactly the value picked.

   cms/schema_fields.py writes the field from the schemas: `widget: ordinarily-choice`,
   `choices` (label and value of each fixed value, in order) and, for a list, `list_label` and
   `options` (label and value of each id). Ids a file names that are not options stay in the
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

  function checkbox(id, label, checked, onChange) {
    return h("div", { className: "ordinarily-choice__option", key: id },
      h("input", { type: "checkbox", id: id, checked: checked, onChange: onChange }),
      h("label", { htmlFor: id }, label));
  }

  var Control = createClass({
    getInitialState: function () {
      var value = plainValue(this.props.value);
      return { list: Array.isArray(value) ? value : [] };
    },

    /* Called by Decap before a save: a list must name at least one. */
    isValid: function () {
      var value = plainValue(this.props.value);
      if (Array.isArray(value) && value.length === 0) {
        return { error: { message: this.props.field.get("label") + ": tick at least one, " +
          "or pick another answer." } };
      }
      return true;
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
      var choices = plainValue(field.get("choices")) || [];
      var buttons = choices.map(function (c, i) {
        return radio(id + "-" + i, id, c.label, !isList && value === c.value,
          function () { self.pick(c.value); });
      });
      if (field.has("options")) {
        buttons.push(radio(id + "-list", id, field.get("list_label") || "Choose:", isList,
          this.pickList));
      }
      return h("fieldset", {
        id: id,
        className: (props.classNameWrapper || "") + " ordinarily-choice",
        onFocus: props.setActiveStyle,
        onBlur: props.setInactiveStyle
      },
        h("legend", { className: "ordinarily-choice__legend" }, field.get("label")),
        h("div", { className: "ordinarily-choice__choices" }, buttons),
        isList ? this.checkboxes(value) : null);
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
