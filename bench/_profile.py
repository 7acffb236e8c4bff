"""Where a key page spends its time, in-process, on the benchmark's seeded database.

    DATABASE_URL=postgres://.../portal python -m bench._profile [page name] [--profile]

Needs a database kept by `BENCH_KEEP_DB=1 python -m bench pages`. Prints per page the median
wall-clock and CPU time (this process's: PostgreSQL's is not in it) of 15 requests through
the test client, all middleware included, with its query count and size. --profile adds the
40 most expensive functions (cumulative time; --tottime: own time), --sql each query with
its time.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv):
    from bench.pages import HOST, PAGES, _database_urls

    _maintenance, bench_url, bench_name = _database_urls()
    state = json.loads((Path(tempfile.gettempdir()) / f"{bench_name}.json").read_text())
    os.environ.update(
        DATABASE_URL=bench_url,
        DJANGO_SETTINGS_MODULE="bench._settings",
        STATIC_MANIFEST="0",
        DEBUG="0",
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    wanted = [a for a in argv if not a.startswith("--")]
    for name, path, who in PAGES:
        if wanted and name not in wanted:
            continue
        client = Client(HTTP_HOST=HOST)
        if who:
            client.cookies["sessionid"] = state[who]
        url = path.format(**state)
        client.get(url)
        times, cpu = [], []
        for _ in range(15):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - begin)
            cpu.append(time.process_time() - begin_cpu)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{name:24} {response.status_code} {statistics.median(times) * 1000:7.1f} ms"
            f" ({statistics.median(cpu) * 1000:5.1f} ms CPU)"
            f" {len(queries):3} queries {len(response.content) // 1024:4} KB",
            flush=True,
        )
        if "--profile" in argv:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                client.get(url)
            profiler.disable()
            order = "tottime" if "--tottime" in argv else "cumulative"
            pstats.Stats(profiler).sort_stats(order).print_stats(40)
        if "--sql" in argv:
            for query in queries:
                print(f"  {query['time']}s {query['sql'][:300]}")


if __name__ == "__main__":
    main(sys.argv[1:])
