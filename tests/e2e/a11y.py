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
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const el = document.activeElement; const s = getComputedStyle(el);"
        " return [el.className, s.outlineStyle, s.outlineWidth]; }"
    )
    if "skip-link" not in outline[0] or outline[1] == "none":
        problems.append(f"the first Tab does not show a focused skip link: {outline}")
    return problems
