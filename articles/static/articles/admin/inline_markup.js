/*
 * Bold, Italic and Link buttons for a paragraph's textarea in the story admin.
 *
 * Any <textarea data-inline-markup> gets a small toolbar just before it
 * (a <div class="inline-markup-toolbar" role="toolbar">), whether it is on the
 * page at load or added later (a new body block): a MutationObserver adds
 * toolbars to new textareas, and clicks and keys are handled by listeners on
 * the document, so a toolbar cloned along with a row works too. The buttons
 * wrap the selected words in <strong>, <em> or <a href="…">; Ctrl/Cmd+B, +I
 * and +K do the same from the keyboard. The server keeps only that markup
 * (Block.clean() sanitises every paragraph), so this script is a convenience,
 * never a safeguard.
 *
 * Only paragraphs take markup: when the textarea's row (the nearest
 * [data-block], .inline-related or <tr>) has a kind field (a <select> or
 * <input>, radio buttons included, whose name ends in "-kind"), the toolbar
 * shows only while it says "paragraph". No inline script and no build step.
 */
(function () {
    "use strict";

    const FIELD = "textarea[data-inline-markup]";
    const ROW = "[data-block], .inline-related, tr";
    const KIND = "select[name$='-kind'], input[name$='-kind']";
    const ACTIONS = [
        {name: "strong", label: "Bold", key: "b", title: "Bold (Ctrl+B)"},
        {name: "em", label: "Italic", key: "i", title: "Italic (Ctrl+I)"},
        {name: "a", label: "Link", key: "k", title: "Link (Ctrl+K)"},
    ];

    function toolbarOf(field) {
        const before = field.previousElementSibling;
        return before && before.classList.contains("inline-markup-toolbar") ? before : null;
    }

    function fieldOf(toolbar) {
        const after = toolbar.nextElementSibling;
        return after && after.matches(FIELD) ? after : null;
    }

    function kindOf(field) {
        const row = field.closest(ROW);
        const kind = row && (row.querySelector(KIND + ":checked") || row.querySelector(KIND));
        if (!kind || (kind.type === "radio" && !kind.checked)) {
            return "paragraph";
        }
        return kind.value;
    }

    function addToolbar(field) {
        if (toolbarOf(field)) {
            return;
        }
        const toolbar = document.createElement("div");
        toolbar.className = "inline-markup-toolbar";
        toolbar.setAttribute("role", "toolbar");
        toolbar.setAttribute("aria-label", "Text style");
        ACTIONS.forEach(function (action) {
            const button = document.createElement("button");
            button.type = "button";
            button.dataset.markup = action.name;
            button.title = action.title;
            button.textContent = action.label;
            toolbar.appendChild(button);
        });
        field.parentNode.insertBefore(toolbar, field);
        showFor(field);
    }

    function showFor(field) {
        const toolbar = toolbarOf(field);
        if (toolbar) {
            toolbar.hidden = kindOf(field) !== "paragraph";
        }
    }

    // A link's address as the server keeps it: http(s), mailto or relative.
    function address(typed) {
        const value = (typed || "").trim();
        if (!value) {
            return null;
        }
        if (/^(https?:|mailto:|\/|#|\?)/i.test(value)) {
            return value;
        }
        if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
            return null;
        }
        return (value.indexOf("@") > 0 && value.indexOf("/") < 0 ? "mailto:" : "https://") + value;
    }

    function attribute(value) {
        return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    }

    function replaceSelection(field, text, caret) {
        field.focus();
        const start = field.selectionStart;
        // execCommand keeps the browser's undo history; setRangeText where it is gone.
        if (!document.execCommand || !document.execCommand("insertText", false, text)) {
            field.setRangeText(text, start, field.selectionEnd, "end");
            field.dispatchEvent(new Event("input", {bubbles: true}));
        }
        if (caret !== undefined) {
            field.setSelectionRange(start + caret, start + caret);
        }
    }

    function apply(field, name) {
        const selected = field.value.slice(field.selectionStart, field.selectionEnd);
        let open = "<" + name + ">";
        if (name === "a") {
            const href = address(window.prompt("Link to (https://…, mailto:… or /path/):", ""));
            if (href === null) {
                return;
            }
            open = '<a href="' + attribute(href) + '">';
        }
        const close = "</" + name + ">";
        // With nothing selected, the caret goes between the tags to type into.
        replaceSelection(field, open + selected + close, selected ? undefined : open.length);
    }

    document.addEventListener("click", function (event) {
        const button = event.target.closest(".inline-markup-toolbar button[data-markup]");
        const field = button && fieldOf(button.parentNode);
        if (field) {
            apply(field, button.dataset.markup);
        }
    });

    document.addEventListener("keydown", function (event) {
        if (!(event.ctrlKey || event.metaKey) || event.altKey || !event.target.matches(FIELD)) {
            return;
        }
        const action = ACTIONS.find(function (each) { return each.key === event.key.toLowerCase(); });
        if (action && kindOf(event.target) === "paragraph") {
            event.preventDefault();
            apply(event.target, action.name);
        }
    });

    document.addEventListener("change", function (event) {
        if (event.target.matches(KIND)) {
            const row = event.target.closest(ROW);
            (row ? row.querySelectorAll(FIELD) : []).forEach(showFor);
        }
    });

    function addAll(root) {
        if (root.matches && root.matches(FIELD)) {
            addToolbar(root);
        }
        if (root.querySelectorAll) {
            root.querySelectorAll(FIELD).forEach(addToolbar);
        }
    }

    function start() {
        addAll(document);
        new MutationObserver(function (changes) {
            changes.forEach(function (change) { change.addedNodes.forEach(addAll); });
        }).observe(document.body, {childList: true, subtree: true});
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
