"""Scripted failures: the next N requests of a route fail, stall or lose their connection.

Routes are written ``"<METHOD> <path prefix>"`` (``"POST /v1/uploads"``, ``"GET /v1/jobs"``
matches ``GET /v1/jobs/job_…``) or ``"PUT storage"`` for any storage PUT.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

STORAGE_ROUTE = "PUT storage"


@dataclass
class FailRule:
    route: str
    count: int
    status: int
    retry_after: float | None
    code: str | None = None


@dataclass
class DelayRule:
    route: str
    seconds: float
    count: int


class Hold:
    """Requests on a route wait here until :meth:`release` (tests: "in flight" without sleeps).

    ``count`` requests are caught; later ones pass. ``wait_held(n)`` blocks until ``n``
    requests are being held, so a test knows the request really is in flight.
    """

    MAX_SECONDS = 120.0  # never hang a test run: a forgotten hold lets go by itself

    def __init__(self, route: str, count: int) -> None:
        self.route = route
        self.remaining = count
        self.held = 0
        self._released = threading.Event()
        self._cond = threading.Condition()

    def release(self) -> None:
        self._released.set()

    def wait_held(self, n: int = 1, timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.held >= n, timeout)

    def _hold(self) -> None:
        with self._cond:
            self.held += 1
            self._cond.notify_all()
        self._released.wait(self.MAX_SECONDS)


def route_matches(rule_route: str, method: str, path: str, is_storage: bool) -> bool:
    """Does a request match a rule's route?"""
    rule_method, _, prefix = rule_route.strip().partition(" ")
    if rule_method.upper() not in ("*", method.upper()):
        return False
    if prefix == "storage":
        return is_storage
    if is_storage:
        return False
    prefix = prefix.rstrip("/")
    return path == prefix or path.startswith(prefix + "/")


def _check_route(route: str) -> None:
    method, _, prefix = route.strip().partition(" ")
    if not method or not (prefix == "storage" or prefix.startswith("/")):
        raise ValueError(f"route must look like 'POST /v1/uploads' or 'PUT storage', not {route!r}")


class Faults:
    """Thread-safe queue of scripted faults; each rule is consumed as it fires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fails: list[FailRule] = []
        self._delays: list[DelayRule] = []
        self._cuts: list[list[int]] = []  # [nbytes, remaining count]
        self._failed_jobs = 0
        self._holds: list[Hold] = []

    def hold(self, route: str, count: int = 1) -> Hold:
        """The next ``count`` requests on ``route`` wait (before their body is read) until
        the returned hold is released."""
        _check_route(route)
        hold = Hold(route, count)
        with self._lock:
            self._holds.append(hold)
        return hold

    def fail_next(
        self,
        route: str,
        count: int,
        status: int,
        retry_after: float | None = None,
        code: str | None = None,
    ) -> None:
        """The next ``count`` requests on ``route`` answer ``status`` (429 adds Retry-After)."""
        _check_route(route)
        if count < 1 or not 400 <= status <= 599:
            raise ValueError("count must be >= 1 and status a 4xx/5xx code")
        if status == 429 and retry_after is None:
            retry_after = 1
        with self._lock:
            self._fails.append(FailRule(route, count, status, retry_after, code))

    def garble_next(self, route: str, count: int = 1) -> None:
        """The next ``count`` requests on ``route`` answer 200 with a body that is not the
        contract's (no ``data``): a client must not retry that forever."""
        _check_route(route)
        if count < 1:
            raise ValueError("count must be >= 1")
        with self._lock:
            self._fails.append(FailRule(route, count, 200, None))

    def cut_put_after(self, nbytes: int, count: int = 1) -> None:
        """The next ``count`` storage PUTs read ``nbytes`` of body, then drop the connection."""
        if nbytes < 0 or count < 1:
            raise ValueError("nbytes must be >= 0 and count >= 1")
        with self._lock:
            self._cuts.append([nbytes, count])

    def delay(self, route: str, seconds: float, count: int = 1) -> None:
        """The next ``count`` requests on ``route`` are answered ``seconds`` late (real time)."""
        _check_route(route)
        with self._lock:
            self._delays.append(DelayRule(route, seconds, count))

    def fail_jobs_next(self, count: int) -> None:
        """The next ``count`` jobs created end FAILED."""
        with self._lock:
            self._failed_jobs += count

    def clear(self) -> None:
        """Forget every scripted fault."""
        with self._lock:
            self._fails.clear()
            self._delays.clear()
            self._cuts.clear()
            self._failed_jobs = 0
            holds, self._holds = self._holds, []
        for hold in holds:
            hold.release()

    # --- consumed by the server -------------------------------------------------------------

    def take_delay(self, method: str, path: str, is_storage: bool) -> float:
        """Also where a held request waits for its release."""
        hold = None
        with self._lock:
            for h in self._holds:
                if h.remaining > 0 and route_matches(h.route, method, path, is_storage):
                    h.remaining -= 1
                    hold = h
                    break
        if hold is not None:
            hold._hold()
        with self._lock:
            for rule in self._delays:
                if rule.count > 0 and route_matches(rule.route, method, path, is_storage):
                    rule.count -= 1
                    self._delays = [r for r in self._delays if r.count > 0]
                    return rule.seconds
        return 0.0

    def take_failure(self, method: str, path: str, is_storage: bool) -> FailRule | None:
        with self._lock:
            for rule in self._fails:
                if rule.count > 0 and route_matches(rule.route, method, path, is_storage):
                    rule.count -= 1
                    self._fails = [r for r in self._fails if r.count > 0]
                    return rule
        return None

    def take_cut(self) -> int | None:
        with self._lock:
            if not self._cuts:
                return None
            cut = self._cuts[0]
            cut[1] -= 1
            if cut[1] <= 0:
                self._cuts.pop(0)
            return cut[0]

    def take_job_failure(self) -> bool:
        with self._lock:
            if self._failed_jobs > 0:
                self._failed_jobs -= 1
                return True
            return False
