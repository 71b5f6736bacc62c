"use strict";
/*
 * The newsroom's additions to Django's admin, on every admin page
 * (templates/admin/base_site.html, loaded with defer). They give a name to
 * the boxes Django leaves unnamed for screen readers:
 *
 * - Django's autocomplete boxes (select2) take their accessible name from
 *   the option chosen, so an empty one (a story's publisher, a new career
 *   entry's organisation) has none, and a multiple one's search box (tags,
 *   authors) has none at all. Each is named after its select's label, or its
 *   column in a table of rows.
 * - A field in a table of rows (a tabular inline: a story's corrections, the
 *   front page's pinned stories) has its column's heading above it but no
 *   label; each is named after its column, a date and time pair as
 *   "<column>: date" and "<column>: time".
 *
 * select2 redraws its boxes whenever the choice changes, and "Add another"
 * adds rows, so the names are given again whenever the page changes.
 */
(() => {
    // The column headings of a tabular inline, by field name ("column-text").
    function columnHeading(cell) {
        const table = cell.closest("table");
        const name = Array.from(cell.classList)
            .find((name) => name.startsWith("field-"))
            ?.slice("field-".length);
        if (!table || !name) {
            return null;
        }
        return table.querySelector(`thead th.column-${CSS.escape(name)}`);
    }

    function headingText(heading) {
        // The heading's own words, without the help icon's text.
        return Array.from(heading.childNodes)
            .filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent)
            .join(" ")
            .replace(/\s+/g, " ")
            .trim();
    }

    function isNamed(field) {
        return (
            (field.labels && field.labels.length > 0) ||
            field.hasAttribute("aria-label") ||
            field.hasAttribute("aria-labelledby")
        );
    }

    function nameTabularFields(root) {
        root.querySelectorAll(".inline-group .tabular tr.form-row td").forEach((cell) => {
            const fields = Array.from(
                cell.querySelectorAll("input:not([type='hidden']), select, textarea"),
            ).filter((field) => !field.closest(".select2-container"));
            if (!fields.length) {
                return;
            }
            let column;
            if (cell.classList.contains("delete")) {
                const headings = cell.closest("table")?.querySelectorAll("thead th");
                column = headings && headings.length ? headingText(headings[headings.length - 1]) : "";
            } else {
                const heading = columnHeading(cell);
                column = heading ? headingText(heading) : "";
            }
            if (!column) {
                return;
            }
            fields.forEach((field) => {
                if (isNamed(field)) {
                    return;
                }
                let name = column;
                if (field.classList.contains("vDateField")) {
                    name = `${column}: date`;
                } else if (field.classList.contains("vTimeField")) {
                    name = `${column}: time`;
                }
                field.setAttribute("aria-label", name);
            });
        });
    }

    // The id of what names an autocomplete's select: its label, or its column's heading.
    function namingId(select) {
        let naming = select.id ? document.querySelector(`label[for="${CSS.escape(select.id)}"]`) : null;
        if (!naming) {
            const cell = select.closest(".tabular td");
            naming = cell ? columnHeading(cell) : null;
        }
        if (!naming) {
            return null;
        }
        if (!naming.id) {
            naming.id = naming.tagName === "LABEL" ? `${select.id}-label` : `${select.id}-column`;
        }
        return naming.id;
    }

    function labelledBy(element, id) {
        const named = (element.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
        if (!named.includes(id)) {
            element.setAttribute("aria-labelledby", [id, ...named].join(" "));
        }
    }

    function nameAutocompletes(root) {
        root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
            const container = select.nextElementSibling;
            if (!container || !container.classList.contains("select2")) {
                return;
            }
            const id = namingId(select);
            if (!id) {
                return;
            }
            container
                .querySelectorAll(
                    ".select2-selection, .select2-selection__rendered, .select2-search__field",
                )
                .forEach((box) => labelledBy(box, id));
            // "Remove all items" is a mouse-only "×" inside the list of
            // choices; the keyboard removes them with Backspace.
            container.querySelectorAll(".select2-selection__clear").forEach((clear) => {
                clear.setAttribute("aria-hidden", "true");
            });
        });
    }

    function nameAll() {
        nameTabularFields(document);
        nameAutocompletes(document);
    }

    let scheduled = false;
    function nameSoon() {
        if (!scheduled) {
            scheduled = true;
            queueMicrotask(() => {
                scheduled = false;
                nameAll();
            });
        }
    }

    nameAll();
    // Only elements coming and going are watched: the names given here
    // (attributes) do not wake the observer again.
    new MutationObserver(nameSoon).observe(document.body, { childList: true, subtree: true });
})();
