/* Ordinarily: the plan editor on /plans/<template>/ (issue 27).
   Builds an editable draft from the page's #ord-plan-template JSON in place of the
   no-JavaScript blank form. Plain JavaScript, CSP-safe: no inline code, no eval, no innerHTML
   with data. Storage only through window.ordinarilyDevice, and only with the user's consent. */
