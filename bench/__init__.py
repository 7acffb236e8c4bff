"""Benchmarks: `make bench` or `python -m bench [NAME ...]` (see bench/__main__.py)."""

import os

# The benchmarks run the portal with DEBUG off, as production does, and the portal then refuses
# to start without a real SECRET_KEY. Every benchmark process (and the gunicorn, worker and
# child processes it starts, which inherit this environment) gets a key for benchmarks only,
# fixed so that sessions stored in a kept database (BENCH_REUSE_DB=1) stay valid.
os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "Tz4pW8nL" * 6)


def figure(label, measured, target, met):
    """One figure of a benchmark as `make bench` prints them all: measured / target / met.

    `measured` and `target` are already formatted with their units (e.g. "1,234 ms",
    "< 2,000 ms"); `met` is a bool. Returns `met`, so a benchmark can collect them.
    """
    print(f"{label:<44} {measured:>14} / {target:<16} met: {'yes' if met else 'NO'}", flush=True)
    return met
