/* A plan as a file (issue 27): window.ordinarilyPlanFile writes a standalone HTML document with
 * the plan's data embedded, saves it, reads it back as untrusted input and follows `formerly`
 * between editions of the guide. */
