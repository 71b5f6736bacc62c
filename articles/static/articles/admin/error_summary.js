/*
 * The "There is a problem" summary at the top of a refused form
 * (templates/admin/_error_summary.html).
 *
 * When the page has loaded, the focus moves to the summary: a screen reader
 * reads the reasons first, and the keyboard starts from their links. The
 * `load` event comes after Django's change_form.js, which would otherwise put
 * the focus on a new story's first field. A link to a field also puts the
 * focus in that field, not only the page at it. No inline script.
 */
(function () {
    "use strict";

    window.addEventListener("load", function () {
        const summary = document.getElementById("error-summary");
        if (!summary) {
            return;
        }
        summary.focus();
        summary.addEventListener("click", function (event) {
            const link = event.target.closest("a[href^='#']");
            const target = link && document.getElementById(link.hash.slice(1));
            if (!target || !target.matches("input, select, textarea")) {
                return;
            }
            event.preventDefault();
            target.scrollIntoView({block: "center"});
            target.focus({preventScroll: true});
        });
    });
}());
