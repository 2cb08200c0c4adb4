"""A client for `lag serve`, the landscape-aware growing service. Standard library only.

    from lag_client import LagClient

    lag = LagClient("http://127.0.0.1:8421")            # token: LAG_SERVE_TOKEN, or token=...
    sel = lag.create_selection(["stack-top", "midas", "zero-new"],
                               policy="successive-halving(r=20, eta=2)", final_step=1000)
    ...
    decision = sel.report("midas", step, loss)           # after each training step
    if decision["decision"] == "stop": ...
    print(sel.status()["winner"])

Every error the service answers (4xx) raises LagError with its status and message, which names
the field that was wrong.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["LagClient", "Selection", "LagError"]


class LagError(Exception):
    """The service refused a request: `status` is the HTTP status, `message` says why."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class LagClient:
    """Talks to one `lag serve` instance."""

    def __init__(self, url="http://127.0.0.1:8421", token=None, timeout=30.0):
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get("LAG_SERVE_TOKEN")
        self.timeout = timeout

    def create_selection(self, candidates, policy="fixed-lag(k=50)", scorer="last",
                         metric="train", final_step=1000):
        """Starts a selection among `candidates` (names, or {"name": ..., "spec": ...})."""
        body = {"candidates": list(candidates), "policy": policy, "scorer": scorer,
                "metric": metric, "finalStep": int(final_step)}
        return Selection(self, self._call("POST", "/v1/selections", body)["id"])

    def selection(self, selection_id):
        """A handle on an existing selection (after a restart of your loop, say)."""
        return Selection(self, selection_id)

    def health(self):
        return self._call("GET", "/v1/health")

    def _call(self, method, path, body=None):
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            # allow_nan: a diverged loss goes as NaN, which the service reads as divergence.
            data = json.dumps(body, allow_nan=True).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        request = urllib.request.Request(self.url + path, data=data, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            try:
                message = json.loads(e.read().decode("utf-8")).get("error", e.reason)
            except ValueError:
                message = e.reason
            raise LagError(e.code, message) from None


class Selection:
    """One selection: report steps, ask for decisions, read the ranking."""

    def __init__(self, client, selection_id):
        self.client = client
        self.id = selection_id

    def report(self, candidate, step, loss, eval_loss=None, tokens=None, flops=None, primitives=None):
        """Records one step; returns the candidate's decision ({"decision": "continue"|"stop", ...}).

        primitives: mean reasoning-primitive accuracy in [0, 1], when the loop measures it."""
        answer = self.report_many(
            [_report(candidate, step, loss, eval_loss, tokens, flops, primitives)])
        return answer["decisions"][candidate]

    def report_many(self, reports):
        """Records a batch of report dicts (all or none); returns {"accepted", "decisions"}."""
        return self.client._call("POST", f"/v1/selections/{self.id}/reports",
                                 {"reports": list(reports)})

    def decision(self, candidate):
        query = urllib.parse.urlencode({"candidate": candidate})
        return self.client._call("GET", f"/v1/selections/{self.id}/decision?{query}")

    def should_stop(self, candidate):
        return self.decision(candidate)["decision"] == "stop"

    def status(self):
        """Ranking with scores and standard errors, winner and ties when decided, lag curve so far."""
        return self.client._call("GET", f"/v1/selections/{self.id}")


def _report(candidate, step, loss, eval_loss=None, tokens=None, flops=None, primitives=None):
    r = {"candidate": candidate, "step": int(step), "loss": float(loss)}
    if eval_loss is not None:
        r["evalLoss"] = float(eval_loss)
    if primitives is not None:
        r["primitives"] = float(primitives)
    if tokens is not None:
        r["tokens"] = tokens
    if flops is not None:
        r["flops"] = flops
    return r
