"""The locustfile of bench/pages.py: every simulated user loads one page, again and again.

BENCH_PATH names the page, BENCH_COOKIE the session cookie ("" for a visitor). No think time:
the users are a closed loop, so the figures are the server's capacity at that concurrency.
"""

import os

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

PATH = os.environ["BENCH_PATH"]
COOKIE = os.environ.get("BENCH_COOKIE", "")
HEADERS = {"Accept-Encoding": "gzip", "Accept-Language": "fr"}
if COOKIE:
    HEADERS["Cookie"] = f"sessionid={COOKIE}"


class PageUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        with self.client.get(
            PATH, headers=HEADERS, name="page", catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
