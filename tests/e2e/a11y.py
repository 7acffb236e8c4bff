"""Accessibility checks with axe-core (npm's axe-core 4.14.1, vendored in vendor/axe.min.js).

The script is injected into the page by the test, so its context bypasses the portal's CSP
(`a11y_page` fixture); the portal's own pages never get inline script.
"""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def violations(page):
    """axe's serious and critical violations on the current page, as readable strings."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} – {targets}"
            )
    return found


def structure_problems(page):
    """The house rules axe does not check: one h1, a skip link, visible focus."""
    problems = []
    if page.locator("h1").count() != 1:
        problems.append(f"{page.locator('h1').count()} h1 elements")
    if page.locator("a.skip-link[href='#main']").count() != 1:
        problems.append("no skip link")
    # The skip link comes first in the Tab order and shows where the focus is. (Asked of the
    # page's first focusable element rather than of a Tab press: a page that puts the focus
    # on its one field, such as the check-in door, is right to do so.)
    first = page.evaluate(
        "() => { const el = document.querySelector("
        "'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]');"
        " return el ? el.className : ''; }"
    )
    if "skip-link" not in first:
        problems.append(f"the first focusable element is not the skip link: {first!r}")
    page.locator("a.skip-link").first.focus()
    outline = page.evaluate(
        "() => { const el = document.activeElement; const s = getComputedStyle(el);"
        " return [el.className, s.outlineStyle, s.outlineWidth,"
        " el.getBoundingClientRect().height]; }"
    )
    if "skip-link" not in outline[0] or outline[1] == "none" or not outline[3]:
        problems.append(f"the focused skip link is not visible: {outline}")
    return problems
