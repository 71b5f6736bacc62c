/*
 * The story's body as one ordered list of blocks, on the story's admin form
 * (articles/templates/admin/articles/article/body_inline.html).
 *
 * Without this script the body is a formset whose positions are typed by
 * hand. With it:
 *   - each block has Move up, Move down and Remove buttons and a handle to
 *     drag it by (HTML5 drag and drop), and buttons that add a paragraph,
 *     subheading, picture or pull quote after it (or at the end of the body);
 *   - the hidden positions follow the order on screen;
 *   - a block shows only the fields its kind needs;
 *   - the picture and quote choices of every block follow the pictures and
 *     quotes inlines above: a new row there is offered as "new-<its form
 *     index>" (articles.forms.StoryRows), labelled with the words typed, and
 *     follows its row when Django's inlines.js renumbers the rows.
 *
 * New blocks come from Django's own inlines.js ("add another" and the empty
 * form with __prefix__); its own remove link is not used for blocks, as it
 * renumbers forms in the order on screen, and a formset needs its saved
 * forms first. No inline script, no build step.
 */
(function () {
    "use strict";

    const NEW_ROW = "new-";
    const BLOCK_TYPE = "application/x-newsroom-body-block";

    function escapeRegExp(text) {
        return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }

    // The same words as articles.forms.StoryRows.label().
    function newRowLabel(what, index, text) {
        const words = text.split(/\s+/).filter(Boolean).join(" ");
        const name = "New " + what + " #" + (index + 1);
        if (!words) {
            return name + " (not written yet)";
        }
        return name + ": " + (words.length > 60 ? words.slice(0, 59) + "…" : words);
    }

    /*
     * The new rows of the pictures' or quotes' inline on the same form, which
     * a block may show before they are saved.
     */
    class StoryRows {
        constructor(prefix, relation, textField, what) {
            this.prefix = prefix;
            this.relation = relation;
            this.textField = textField;
            this.what = what;
            this.group = document.getElementById(prefix + "-group");
            this.keys = new WeakMap();
            this.nextKey = 1;
            this.textName = new RegExp("^" + escapeRegExp(prefix) + "-(\\d+)-" + textField + "$");
        }

        rows() {
            if (!this.group) {
                return [];
            }
            const selector = this.group.dataset.inlineType === "tabular"
                ? "tbody > tr.form-row:not(.empty-form)"
                : ".inline-related:not(.empty-form)";
            return Array.from(this.group.querySelectorAll(selector));
        }

        // Each new row as a block may name it now: {key, value, label}.
        entries() {
            const entries = [];
            for (const row of this.rows()) {
                const text = Array.from(row.querySelectorAll("[name]"))
                    .find((field) => this.textName.test(field.name));
                if (!text) {
                    continue;
                }
                const index = Number(this.textName.exec(text.name)[1]);
                const id = row.querySelector("input[name='" + this.prefix + "-" + index + "-id']");
                if (id && id.value) {
                    continue;
                }
                if (!this.keys.has(row)) {
                    this.keys.set(row, String(this.nextKey++));
                }
                entries.push({
                    key: this.keys.get(row),
                    value: NEW_ROW + index,
                    label: newRowLabel(this.what, index, text.value),
                });
            }
            return entries;
        }

        isText(field) {
            return this.textName.test(field.name || "");
        }
    }

    class BodyEditor {
        constructor(group) {
            this.group = group;
            this.prefix = group.dataset.prefix;
            this.list = group.querySelector(".body-editor__blocks");
            this.template = document.getElementById(this.prefix + "-empty");
            this.status = group.querySelector(".body-editor__status");
            this.blockTools = group.querySelector("template.body-editor__block-tools");
            this.addTools = group.querySelector("template.body-editor__add-tools");
            this.totalForms = document.getElementById("id_" + this.prefix + "-TOTAL_FORMS");
            this.maxForms = document.getElementById("id_" + this.prefix + "-MAX_NUM_FORMS");
            this.formIndex = new RegExp("^" + escapeRegExp(this.prefix) + "-(\\d+)-");
            this.sources = [];
            if (group.dataset.pictures) {
                this.sources.push(new StoryRows(group.dataset.pictures, "caption", "caption",
                    group.dataset.pictureName || "picture"));
            }
            if (group.dataset.quotes) {
                this.sources.push(new StoryRows(group.dataset.quotes, "quote", "text",
                    group.dataset.quoteName || "quote"));
            }
            this.dragged = null;
        }

        start() {
            if (!this.blockTools || !this.totalForms || !this.list) {
                // A body its reader may not change: shown as it is.
                return;
            }
            this.group.classList.add("body-editor--enhanced");
            this.sortByPosition();
            this.blocks().forEach((block) => this.enhance(block));
            this.dropBlankBlocks();
            if (this.addTools) {
                const end = this.addTools.content.firstElementChild.cloneNode(true);
                end.classList.add("body-editor__end");
                end.querySelector(".body-editor__add-label").textContent = "Add to the end:";
                end.setAttribute("aria-label", "Add to the end of the body");
                this.list.after(end);
            }
            this.sources.forEach((source) => this.syncChoices(source));
            this.renumber();

            this.group.addEventListener("click", (event) => this.clicked(event));
            this.group.addEventListener("change", (event) => {
                if (event.target.matches("select[name$='-kind']")) {
                    this.showKind(event.target.closest(".body-block"));
                }
            });
            this.list.addEventListener("dragstart", (event) => this.dragStart(event));
            this.list.addEventListener("dragover", (event) => this.dragOver(event));
            this.list.addEventListener("drop", (event) => this.drop(event));
            this.list.addEventListener("dragend", () => this.dragEnd());
            document.addEventListener("formset:added", (event) => this.rowAdded(event));
            document.addEventListener("formset:removed", (event) => this.rowRemoved(event));
            document.addEventListener("input", (event) => {
                const source = this.sources.find((s) => s.isText(event.target));
                if (source) {
                    this.syncChoices(source);
                }
            });
            const form = this.group.closest("form");
            if (form) {
                form.addEventListener("submit", () => {
                    this.sources.forEach((source) => this.syncChoices(source));
                    this.clearHiddenFields();
                });
            }
        }

        // The blocks in the order on screen (the empty form left out).
        blocks() {
            return Array.from(this.list.children).filter(
                (el) => el.classList.contains("body-block") && !el.classList.contains("empty-form")
            );
        }

        kept() {
            return this.blocks().filter((block) => !this.isRemoved(block));
        }

        // A field of the block's form, by its name in the form ("kind", "DELETE"…).
        field(block, name) {
            const index = this.indexOf(block);
            return block.querySelector("[name='" + this.prefix + "-" + index + "-" + name + "']");
        }

        indexOf(block) {
            const named = Array.from(block.querySelectorAll("[name]"))
                .find((el) => this.formIndex.test(el.name));
            return named ? Number(this.formIndex.exec(named.name)[1]) : -1;
        }

        isRemoved(block) {
            const deletion = this.field(block, "DELETE");
            return Boolean(deletion && deletion.checked);
        }

        /*
         * A form shown again after a refused save comes in the formset's
         * order: put the blocks back in the order of their positions. New
         * blocks never placed (position 0) stay at the end.
         */
        sortByPosition() {
            const blocks = this.blocks();
            const order = blocks.map((block, index) => {
                const position = Number((this.field(block, "position") || {}).value) || 0;
                const saved = block.classList.contains("has_original");
                return {block, index, key: saved || position > 0 ? position : Infinity};
            });
            order.sort((a, b) => (a.key - b.key) || (a.index - b.index));
            order.forEach(({block}) => {
                if (this.template) {
                    this.template.before(block);
                } else {
                    this.list.append(block);
                }
            });
        }

        enhance(block) {
            if (block.querySelector(".body-block__tools")) {
                return;
            }
            const header = block.querySelector(".body-block__header");
            const heading = block.querySelector(".body-block__heading");
            heading.id = block.id + "-title";
            const tools = this.blockTools.content.firstElementChild.cloneNode(true);
            const deletion = this.field(block, "DELETE");
            if (block.classList.contains("has_original") && !deletion) {
                // Removing a saved block is for those who may delete it.
                tools.querySelector("[data-action='remove']").remove();
            }
            tools.querySelectorAll("button").forEach((button) => {
                button.setAttribute("aria-describedby", heading.id);
            });
            header.append(tools);
            if (this.addTools) {
                const add = this.addTools.content.firstElementChild.cloneNode(true);
                add.querySelector(".body-editor__add-label").textContent = "Add after:";
                block.append(add);
            }
            block.querySelectorAll(".inline-deletelink").forEach((link) => link.parentNode.remove());
            this.showKind(block);
            this.showRemoved(block);
        }

        /*
         * The blank blocks the server adds for typing without this script:
         * a story that has a body gets new blocks from the buttons instead.
         */
        dropBlankBlocks() {
            const blocks = this.blocks();
            if (!blocks.some((block) => block.classList.contains("has_original"))) {
                return;
            }
            blocks.filter((block) => this.isBlank(block)).reverse().forEach((block) => {
                this.dropNewBlock(block);
            });
        }

        isBlank(block) {
            if (block.classList.contains("has_original")) {
                return false;
            }
            const kind = this.field(block, "kind");
            const initial = kind && Array.from(kind.options).find((option) => option.defaultSelected);
            return ["text", "caption", "quote"].every((name) => {
                const field = this.field(block, name);
                return !field || !field.value.trim();
            }) && (!kind || !initial || kind.value === initial.value)
                && !block.querySelector(".errorlist");
        }

        showKind(block) {
            const kind = this.field(block, "kind");
            if (!kind) {
                return;
            }
            block.dataset.kind = kind.value;
            this.renumber();
        }

        showRemoved(block) {
            const removed = this.isRemoved(block);
            block.classList.toggle("body-block--removed", removed);
            const button = block.querySelector("[data-action='remove']");
            if (button) {
                button.textContent = removed ? "Put back" : "Remove";
            }
        }

        // Positions, headings and buttons follow the order on screen.
        renumber() {
            const kept = this.kept();
            kept.forEach((block, index) => {
                const position = this.field(block, "position");
                if (position) {
                    position.value = index + 1;
                }
                this.title(block, "Block " + (index + 1));
                const up = block.querySelector("[data-action='up']");
                const down = block.querySelector("[data-action='down']");
                if (up) {
                    up.setAttribute("aria-disabled", String(index === 0));
                }
                if (down) {
                    down.setAttribute("aria-disabled", String(index === kept.length - 1));
                }
                const add = block.querySelector(".body-editor__add");
                if (add) {
                    add.setAttribute("aria-label", "Add after block " + (index + 1));
                }
            });
            this.blocks().filter((block) => this.isRemoved(block)).forEach((block) => {
                this.title(block, "Removed block");
            });
        }

        title(block, number) {
            const kind = this.field(block, "kind");
            const label = kind && kind.selectedOptions[0] ? kind.selectedOptions[0].textContent : "";
            block.querySelector(".body-block__number").textContent = number;
            block.querySelector(".body-block__kind").textContent = label ? ": " + label : "";
        }

        say(message) {
            // Cleared first, so that the same words are said again.
            this.status.textContent = "";
            window.setTimeout(() => { this.status.textContent = message; }, 50);
        }

        clicked(event) {
            const button = event.target.closest("button[data-action]");
            if (!button || !this.group.contains(button)) {
                return;
            }
            event.preventDefault();
            const block = button.closest(".body-block");
            const action = button.dataset.action;
            if (button.getAttribute("aria-disabled") === "true") {
                return;
            }
            if (action === "up" || action === "down") {
                this.move(block, action === "up" ? -1 : 1, button);
            } else if (action === "remove") {
                this.remove(block, button);
            } else if (action === "add") {
                this.add(button.dataset.kind, block);
            }
        }

        move(block, step, button) {
            const kept = this.kept();
            const from = kept.indexOf(block);
            const to = from + step;
            if (from < 0 || to < 0 || to >= kept.length) {
                return;
            }
            if (step < 0) {
                kept[to].before(block);
            } else {
                kept[to].after(block);
            }
            this.renumber();
            if (button) {
                // Moving the block may take focus away from its button.
                button.focus();
            }
            this.say("Block moved to position " + (to + 1) + " of " + kept.length + ".");
        }

        remove(block, button) {
            const deletion = this.field(block, "DELETE");
            if (block.classList.contains("has_original")) {
                if (!deletion) {
                    return;
                }
                deletion.checked = !deletion.checked;
                this.showRemoved(block);
                this.renumber();
                button.focus();
                this.say(deletion.checked
                    ? "Block removed: it goes when the story is saved. Put back keeps it."
                    : "Block put back.");
                return;
            }
            const next = this.kept()[this.kept().indexOf(block) + 1];
            this.dropNewBlock(block);
            this.renumber();
            const focus = next
                ? next.querySelector(".body-block__button")
                : this.group.querySelector(".body-editor__end .body-block__button");
            if (focus) {
                focus.focus();
            }
            this.say("Block removed.");
        }

        // A new block goes at once; the new blocks after it in the formset
        // move down one, so that the formset has no gap.
        dropNewBlock(block) {
            const index = this.indexOf(block);
            block.remove();
            const later = this.blocks()
                .map((other) => ({other, at: this.indexOf(other)}))
                .filter(({at}) => at > index)
                .sort((a, b) => a.at - b.at);
            later.forEach(({other, at}) => this.renumberForm(other, at, at - 1));
            this.totalForms.value = Number(this.totalForms.value) - 1;
        }

        renumberForm(block, from, to) {
            const pattern = new RegExp(
                "(^|[^A-Za-z0-9])" + escapeRegExp(this.prefix) + "-" + from + "(?!\\d)", "g"
            );
            const replacement = "$1" + this.prefix + "-" + to;
            const attributes = ["id", "name", "for", "aria-describedby", "aria-labelledby"];
            [block, ...block.querySelectorAll("*")].forEach((el) => {
                attributes.forEach((name) => {
                    const value = el.getAttribute(name);
                    if (value) {
                        el.setAttribute(name, value.replace(pattern, replacement));
                    }
                });
            });
        }

        add(kind, after) {
            const max = this.maxForms && this.maxForms.value;
            if (max !== "" && max !== undefined && Number(this.totalForms.value) >= Number(max)) {
                this.say("The body cannot take more blocks.");
                return;
            }
            const link = this.group.querySelector(".add-row a");
            if (!link) {
                return;
            }
            this.added = null;
            // inlines.js makes the new form from the empty one, and says so with formset:added.
            link.click();
            const block = this.added;
            if (!block) {
                return;
            }
            if (after) {
                after.after(block);
            }
            const select = this.field(block, "kind");
            select.value = kind;
            this.showKind(block);
            this.renumber();
            const name = {image: "caption", quote: "quote"}[kind] || "text";
            const first = this.field(block, name);
            if (first) {
                first.focus();
            }
            const label = select.selectedOptions[0] ? select.selectedOptions[0].textContent : kind;
            this.say(label + " added as block " + (this.kept().indexOf(block) + 1) + ".");
        }

        rowAdded(event) {
            const name = event.detail && event.detail.formsetName;
            if (name === this.prefix) {
                const block = event.target;
                const index = this.indexOf(block);
                block.id = this.prefix + "-" + index;
                this.enhance(block);
                this.sources.forEach((source) => this.syncChoices(source));
                this.added = block;
                return;
            }
            const source = this.sources.find((s) => s.prefix === name);
            if (source) {
                this.syncChoices(source);
            }
        }

        rowRemoved(event) {
            const name = event.detail && event.detail.formsetName;
            const source = this.sources.find((s) => s.prefix === name);
            if (source) {
                // inlines.js renumbers the rows left just after it says one went.
                window.setTimeout(() => this.syncChoices(source), 0);
            }
        }

        /*
         * Every block's choice of picture (or quote), the empty form's too,
         * offers the new rows of its inline as they now are. An option keeps
         * to its row when inlines.js renumbers the rows; a block whose new
         * row was taken away loses its choice, and is told.
         */
        syncChoices(source) {
            const entries = source.entries();
            const byKey = new Map(entries.map((entry) => [entry.key, entry]));
            const selects = Array.from(this.group.querySelectorAll("select"))
                .filter((select) => select.name.endsWith("-" + source.relation));
            selects.forEach((select) => {
                Array.from(select.options).forEach((option) => {
                    if (!option.value.startsWith(NEW_ROW) && !option.dataset.rowKey) {
                        return;
                    }
                    if (!option.dataset.rowKey) {
                        // Drawn by the server: the row now at that index.
                        const entry = entries.find((e) => e.value === option.value);
                        if (entry) {
                            option.dataset.rowKey = entry.key;
                        }
                    }
                    const entry = byKey.get(option.dataset.rowKey);
                    if (!entry) {
                        const lost = option.selected;
                        option.remove();
                        if (lost) {
                            select.value = "";
                            const block = select.closest(".body-block");
                            if (block && !block.classList.contains("empty-form")) {
                                this.say("The " + source.what + " of " +
                                    block.querySelector(".body-block__number").textContent +
                                    " was taken out above: choose another.");
                            }
                        }
                        return;
                    }
                    option.value = entry.value;
                    option.textContent = entry.label;
                });
                entries.forEach((entry) => {
                    const present = Array.from(select.options)
                        .some((option) => option.dataset.rowKey === entry.key);
                    if (!present) {
                        const option = new Option(entry.label, entry.value);
                        option.dataset.rowKey = entry.key;
                        select.add(option);
                    }
                });
            });
        }

        // What a block's kind does not show is not sent: a picture block keeps no stray text.
        clearHiddenFields() {
            const unused = {
                paragraph: ["caption", "quote"],
                subheading: ["caption", "quote"],
                image: ["text", "quote"],
                quote: ["text", "caption"],
            };
            this.blocks().forEach((block) => {
                (unused[block.dataset.kind] || []).forEach((name) => {
                    const field = this.field(block, name);
                    if (field) {
                        field.value = "";
                    }
                });
            });
        }

        // Drag and drop: a block dropped on another takes its place.

        dragStart(event) {
            const handle = event.target.closest && event.target.closest(".body-block__handle");
            if (!handle) {
                return;
            }
            this.dragged = handle.closest(".body-block");
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData(BLOCK_TYPE, this.dragged.id);
            event.dataTransfer.setDragImage(this.dragged, 16, 16);
            this.dragged.classList.add("body-block--dragging");
        }

        dropTarget(event) {
            if (!this.dragged) {
                return null;
            }
            const target = event.target.closest && event.target.closest(".body-block");
            if (!target || target === this.dragged || target.classList.contains("empty-form")
                || this.isRemoved(target) || !this.list.contains(target)) {
                return null;
            }
            return target;
        }

        placeAfter(target) {
            const kept = this.kept();
            return kept.indexOf(this.dragged) < kept.indexOf(target);
        }

        clearDropMarks() {
            this.list.querySelectorAll(".body-block--drop-before, .body-block--drop-after")
                .forEach((block) => {
                    block.classList.remove("body-block--drop-before", "body-block--drop-after");
                });
        }

        dragOver(event) {
            const target = this.dropTarget(event);
            if (!target) {
                return;
            }
            event.preventDefault();
            event.dataTransfer.dropEffect = "move";
            this.clearDropMarks();
            target.classList.add(
                this.placeAfter(target) ? "body-block--drop-after" : "body-block--drop-before"
            );
        }

        drop(event) {
            const target = this.dropTarget(event);
            if (!target) {
                return;
            }
            event.preventDefault();
            if (this.placeAfter(target)) {
                target.after(this.dragged);
            } else {
                target.before(this.dragged);
            }
            const kept = this.kept();
            this.renumber();
            this.say("Block moved to position " + (kept.indexOf(this.dragged) + 1) +
                " of " + kept.length + ".");
            this.dragEnd();
        }

        dragEnd() {
            this.clearDropMarks();
            if (this.dragged) {
                this.dragged.classList.remove("body-block--dragging");
            }
            this.dragged = null;
        }
    }

    function start() {
        document.querySelectorAll(".body-editor[data-prefix]").forEach((group) => {
            new BodyEditor(group).start();
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
