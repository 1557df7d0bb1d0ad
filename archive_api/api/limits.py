"""Rate limiting of search, per client address: a token bucket in each worker's memory.

A client may make ``limit`` searches at once, and one more every ``60 / limit`` seconds
after that (``ARCHIVE_SEARCH_RATE_LIMIT`` per minute; 0 turns the limit off). The state is
per worker process and lost on restart: with N workers a client that spreads its requests
gets up to N times the limit. Clients are told where they stand on every limited response:

- ``RateLimit-Limit``: the bucket's size;
- ``RateLimit-Remaining``: searches left now;
- ``RateLimit-Reset``: seconds until the bucket is full again;

and a search over the limit is answered 429 with ``Retry-After``: seconds until the next
one is allowed. The key is the address the request came from (``request.remote_addr``);
behind a reverse proxy, configure the proxy's address handling so that it is the client's.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, g, request

from archive_api.api.errors import PROBLEMS, problem_response

# Endpoints whose requests cost a search.
LIMITED_ENDPOINTS = frozenset({"search.search"})
MAX_CLIENTS = 10_000  # buckets kept; the least recently seen client is forgotten first
_STATE_KEY = "rate_limit_state"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the bucket is full
    retry_after: int  # seconds until one request is allowed (0 when allowed now)

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


class TokenBuckets:
    """``limit`` requests per ``period`` seconds per key, refilled continuously."""

    def __init__(
        self,
        limit: int,
        period: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_CLIENTS,
    ) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a rate limit needs limit >= 1 and period > 0")
        self.limit = limit
        self.rate = limit / period  # tokens per second
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, time
        self._lock = threading.Lock()

    def take(self, key: str) -> Decision:
        """Spend one token of ``key`` if it has one."""
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.pop(key, (float(self.limit), now))
            tokens = min(float(self.limit), tokens + (now - then) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        return Decision(
            allowed=allowed,
            limit=self.limit,
            remaining=int(tokens),
            reset=math.ceil((self.limit - tokens) / self.rate),
            retry_after=0 if allowed else max(1, math.ceil((1.0 - tokens) / self.rate)),
        )


def install_rate_limit(app: Flask, per_minute: int) -> None:
    """Limit ``LIMITED_ENDPOINTS`` to ``per_minute`` requests per client; 0: no limit."""
    if per_minute <= 0:
        return
    buckets = TokenBuckets(per_minute)

    def check() -> Response | None:
        if request.endpoint not in LIMITED_ENDPOINTS:
            return None
        decision = buckets.take(request.remote_addr or "unknown")
        setattr(g, _STATE_KEY, decision)
        if decision.allowed:
            return None
        return problem_response(
            PROBLEMS[429],
            f"More than {decision.limit} searches a minute from this address; "
            f"try again in {decision.retry_after} s.",
            headers=decision.headers(),
        )

    def annotate(response: Response) -> Response:
        decision: Decision | None = g.get(_STATE_KEY)
        if decision is not None:
            response.headers.update(decision.headers())
        return response

    app.before_request(check)
    app.after_request(annotate)
