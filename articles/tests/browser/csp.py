"""
Content-Security-Policy violations as a real browser reports them: the browser
tests that walk through the site and the admin assert there are none, so a
page that needs an inline script or style cannot slip in unnoticed.
"""


def csp_violations(page):
    """
    The list of every Content-Security-Policy violation reported from now on in
    ``page``'s browser context (pop-ups included), as Chromium's console words
    them, each with the page or script that caused it.
    """
    violations = []

    def note(message):
        # Code the test itself evaluates has no address: axe-core adds <style>
        # elements of its own while it audits, which is no fault of the page.
        source = message.location.get("url")
        if "Content Security Policy" in message.text and source:
            violations.append(f"{source}: {message.text}")

    page.context.on("console", note)
    return violations
