/* "Add to plan" (issue 27): a button inside every element carrying data-plan-entry (need pages'
 * provision entries, universal expectations) and on the checker's result. Picks live in the page
 * and the "My plan (n)" link's fragment; kept on the device only after the user says yes. */
