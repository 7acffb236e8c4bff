"""Server CPU per request of the signed-in pages, at 500 and at 5,000 organisations.

Seeds the page benchmark's data set (bench/_pages_seed.py) twice: with 5,000 organisations
(the database bench/pages.py uses, <name>_bench_pages) and with 500 (<name>_bench_pages_500);
the meetings, forums, registrations and the action plan are the same in both. In each, every
page is requested in-process through Django's test client with a pre-made session, all
middleware included (bench/pages.py's `count` step: one warm-up request, one counted for its
queries, then the median CPU time, time.process_time, of nine more). CPU time is this
process's: Django's own work, PostgreSQL's aside, whatever else loads the machine.

Prints per page: CPU ms at 500 and at 5,000 organisations against the target (<= 10 ms), their
ratio against the target of a page that does not grow with the registry (<= 1.3x), whether
both are met, and the queries per request at each size. The action-plan dashboard has its own
targets: <= 30 ms of CPU and <= 60 KB of HTML at 5,000 organisations (its ratio is shown, not
targeted). Raises if a page does not answer 200 (a sign-in redirect included).

Needs DATABASE_URL pointing at a PostgreSQL server; the databases are dropped at the end
unless BENCH_KEEP_DB=1; BENCH_REUSE_DB=1 reuses kept ones instead of seeding again.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal python -m bench page_cpu

About 3 minutes on 2 cores, most of it seeding.
"""

import json
import os
from urllib.parse import urlsplit, urlunsplit

from bench.forum_registration import _maintenance
from bench.pages import PAGES, _database_urls, _env, _prepare, _python

SIZES = (500, 5_000)
PAGE_NAMES = (
    "stakeholder list",
    "stakeholder map",
    "organisation page",
    "my registrations",
    "calendar month",
    "action-plan dashboard",
)
# Not among bench/pages.py's pages (it is not loaded under locust): the representative's
# organisation, with its contacts, members, assessments and history.
ORGANISATION_PAGE = ("organisation page", "/stakeholders/organisations/{organization}/", "officer")
DASHBOARD = "action-plan dashboard"

TARGET_CPU_MS = 10
TARGET_RATIO = 1.3
TARGET_DASHBOARD_CPU_MS = 30
TARGET_DASHBOARD_KB = 60


def _pages(state):
    known = {name: (name, path, who) for name, path, who in [*PAGES, ORGANISATION_PAGE]}
    return [
        (name, path.format(**state), state[who] if who else "")
        for name, path, who in (known[name] for name in PAGE_NAMES)
    ]


def _database(organizations):
    """(maintenance URL, bench URL, bench name) of the data set with `organizations`."""
    maintenance, bench_url, bench_name = _database_urls()
    if organizations != SIZES[-1]:
        bench_name = f"{bench_name}_{organizations}"
        bench_url = urlunsplit(urlsplit(bench_url)._replace(path=f"/{bench_name}"))
    return maintenance, bench_url, bench_name


def measure(organizations):
    """Each page's status, queries, CPU ms and HTML bytes on the data set of that size."""
    maintenance, bench_url, bench_name = _database(organizations)
    env = _env(bench_url, "")
    # Plain static storage (nothing to collect: no page's static files are served here).
    env.pop("STATIC_ROOT")
    env.update(STATIC_MANIFEST="0", BENCH_ORGANIZATIONS=str(organizations))
    try:
        state = _prepare(maintenance, bench_url, bench_name, env)
        if "organization" not in state:
            raise RuntimeError(f"{bench_name} was seeded by an older seed: run without reuse")
        figures = _python(["-m", "bench.pages", "count", json.dumps(_pages(state))], env)
    finally:
        if os.environ.get("BENCH_KEEP_DB") != "1" and os.environ.get("BENCH_REUSE_DB") != "1":
            _maintenance(maintenance, f'DROP DATABASE IF EXISTS "{bench_name}"')
    for name, page in figures.items():
        if page["status"] != 200:
            raise RuntimeError(
                f"{name} answered HTTP {page['status']} at {organizations} organisations "
                "(a sign-in redirect is a 302): nothing was measured"
            )
    return figures


def _report(small, large):
    print(
        f"\n{'page':24}{'CPU ms @500':>12}{'@5,000':>8}{'target':>8}"
        f"{'ratio':>7}{'target':>8}{'met':>5}{'queries @500 / @5,000':>23}{'HTML KB':>9}"
    )
    missed = []
    for name in PAGE_NAMES:
        before, after = small[name], large[name]
        ratio = after["cpu_ms"] / before["cpu_ms"] if before["cpu_ms"] else float("inf")
        kb = after["html_bytes"] / 1024
        if name == DASHBOARD:
            met = after["cpu_ms"] <= TARGET_DASHBOARD_CPU_MS and kb <= TARGET_DASHBOARD_KB
            cpu_target, ratio_target = f"<={TARGET_DASHBOARD_CPU_MS}", "-"
            kb_shown = f"{kb:>6.0f}/<={TARGET_DASHBOARD_KB}"
        else:
            met = max(before["cpu_ms"], after["cpu_ms"]) <= TARGET_CPU_MS and ratio <= TARGET_RATIO
            cpu_target, ratio_target = f"<={TARGET_CPU_MS}", f"<={TARGET_RATIO}"
            kb_shown = f"{kb:>9.0f}"
        if not met:
            missed.append(name)
        print(
            f"{name:24}{before['cpu_ms']:>12.1f}{after['cpu_ms']:>8.1f}{cpu_target:>8}"
            f"{ratio:>6.2f}x{ratio_target:>8}{'yes' if met else 'no':>5}"
            f"{before['queries']:>16} / {after['queries']:<4}{kb_shown}"
        )
    print(
        "\nCPU: median of 9 in-process requests (time.process_time, test client, all "
        "middleware, DEBUG off); ratio: CPU at 5,000 organisations / at 500; "
        f"the dashboard: <= {TARGET_DASHBOARD_CPU_MS} ms and <= {TARGET_DASHBOARD_KB} KB of "
        "HTML at 5,000."
    )
    print("targets missed: " + (", ".join(missed) if missed else "none"))


def main():
    figures = {}
    for organizations in SIZES:
        print(f"measuring at {organizations} organisations", flush=True)
        figures[organizations] = measure(organizations)
    _report(figures[SIZES[0]], figures[SIZES[-1]])


if __name__ == "__main__":
    main()
