"use strict";
/*
 * Django's autocomplete boxes (select2) take their accessible name from the
 * option chosen, so an empty one (a new career entry's organisation) has
 * none. Name each box, and the text inside it, after its select's label.
 */
(() => {
    function labelAutocompletes(root) {
        root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
            const label = document.querySelector(`label[for="${select.id}"]`);
            const container = select.parentElement;
            if (!label) {
                return;
            }
            label.id = label.id || `${select.id}-label`;
            container
                .querySelectorAll(".select2-selection, .select2-selection__rendered")
                .forEach((box) => {
                    const named = (box.getAttribute("aria-labelledby") || "").split(" ");
                    if (!named.includes(label.id)) {
                        box.setAttribute("aria-labelledby", [label.id, ...named].join(" ").trim());
                    }
                });
        });
    }

    // Django makes the boxes in a jQuery ready handler (admin/js/autocomplete.js)
    // and when "Add another" adds an entry. Asked once the page has loaded,
    // jQuery runs this handler after its own, whichever script came first;
    // likewise this "formset:added" listener comes after Django's.
    window.addEventListener("load", () => {
        const ready = window.django && window.django.jQuery;
        const start = () => labelAutocompletes(document);
        if (ready) {
            ready(start);
        } else {
            start();
        }
        document.addEventListener("formset:added", (event) => labelAutocompletes(event.target));
    });
})();
