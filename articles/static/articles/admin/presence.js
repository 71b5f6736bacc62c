/*
 * "X is also editing this story" on the story's change form.
 *
 * Every data-interval milliseconds the page tells the server (a POST to
 * data-url, with the form's CSRF token) that this editor still has the story
 * open, and shows whoever else the server has seen recently. The first notice
 * is rendered by the server (articles/presence.py); this script only keeps it
 * up to date. No inline script and no build step.
 */
(function () {
    "use strict";

    const notice = document.getElementById("also-editing");
    if (!notice) {
        return;
    }
    const list = notice.querySelector(".messagelist");
    const message = notice.querySelector(".warning");
    const form = notice.closest("form") || document;
    const token = form.querySelector("input[name='csrfmiddlewaretoken']");
    const interval = Number(notice.dataset.interval) || 15000;

    // The same words as presence.notice() on the server.
    function sentence(names) {
        if (names.length === 1) {
            return names[0] + " is also editing this story.";
        }
        return names.slice(0, -1).join(", ") + " and " + names[names.length - 1] +
            " are also editing this story.";
    }

    function show(others) {
        const names = others.map(function (other) { return other.name; });
        if (names.length === 0) {
            list.hidden = true;
            message.textContent = "";
            return;
        }
        const text = sentence(names);
        // Rewriting the same words would make screen readers say them again.
        if (message.textContent !== text) {
            message.textContent = text;
        }
        list.hidden = false;
    }

    async function beat() {
        try {
            const response = await fetch(notice.dataset.url, {
                method: "POST",
                credentials: "same-origin",
                headers: {"Accept": "application/json"},
                body: new URLSearchParams({csrfmiddlewaretoken: token ? token.value : ""}),
            });
            // Logged out, story deleted, server busy: keep the last notice and try again.
            if (response.ok && response.headers.get("Content-Type") === "application/json") {
                show((await response.json()).others);
            }
        } catch (error) {
            // The network is down; the next beat tries again.
        }
    }

    // One beat at a time, even when the server is slow to answer.
    function beatThenWait() {
        beat().finally(function () { window.setTimeout(beatThenWait, interval); });
    }

    window.setTimeout(beatThenWait, interval);
    // A tab in the background beats rarely (browsers slow its timers): say
    // at once that the editor is back.
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") {
            beat();
        }
    });
}());
