"""The client of `lag serve`, the landscape-aware growing service. Standard library only.

    from lag_client import LagClient

    lag = LagClient("http://127.0.0.1:8421")          # token: LAG_SERVE_TOKEN, or token=...
    sel = lag.create_selection(["stack-top", "midas", "zero-new"],
                               policy="successive-halving(r=20, eta=2)", final_step=1000)
    trial = sel.trial("midas")
    decision = trial.report(loss, step, eval_loss=...)   # after each step: Optuna's order
    if trial.should_prune(): ...                          # never true for the winner

A request the service refuses raises LagError with its HTTP status and message, which names the
field that was wrong; a bad argument is refused before it is sent (LagInputError); a service that
does not answer after the retries raises LagUnavailable.
"""

from __future__ import annotations

import json
import math
import operator
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = [
    "LagClient",
    "Selection",
    "Trial",
    "Decision",
    "Ranked",
    "Confidence",
    "TrackRecord",
    "SelectionStatus",
    "LagError",
    "LagInputError",
    "LagUnavailable",
]


class LagError(Exception):
    """The service refused a request: `status` is the HTTP status, `message` says why."""

    def __init__(self, status: int, message: str) -> None:
        # Status 0 is a refusal before anything was sent: no HTTP status to show.
        super().__init__(message if status == 0 else f"{status}: {message}")
        self.status = status
        self.message = message


class LagInputError(LagError, ValueError):
    """An argument the service would refuse, caught before sending (status 0)."""

    def __init__(self, message: str) -> None:
        super().__init__(0, message)


class LagUnavailable(LagError):
    """The service did not answer (not started, gone, or starting too slowly)."""

    def __init__(self, url: str, attempts: int, reason: str) -> None:
        super().__init__(
            0,
            f"no lag serve at {url} after {attempts} attempts ({reason}): start one with"
            " `./lag serve` in the lag checkout, or pass the URL it prints")
        self.reason = reason


@dataclass(frozen=True)
class Decision:
    """What the loop should do with one candidate now.

    action: "continue" (train to train_until), "wait" (pause at this step until the others catch
    up, then ask again), "stop" (it lost or was dropped, or it won and then diverged), "won" (the
    selection is over and it won: keep training it to train_until, the end of the stage) or
    "done" (it won and reached the end of the stage: stop; later reports are refused).
    A pick is final: nothing reported after it changes it.
    """

    candidate: str
    action: str
    train_until: Optional[int]
    winner: bool
    reason: str

    @property
    def should_stop(self) -> bool:
        """True only for "stop": a waiting candidate pauses, the winner trains on."""
        return self.action == "stop"

    @staticmethod
    def of(d: Mapping[str, Any]) -> "Decision":
        until = d.get("trainUntil")
        return Decision(
            candidate=d["candidate"],
            action=d["decision"],
            train_until=int(until) if until is not None else None,
            winner=bool(d.get("winner", False)),
            reason=d.get("reason", ""),
        )


@dataclass(frozen=True)
class Ranked:
    """One candidate's place at the lag: its score, and its difference to the leader with a 95%
    interval (None where unknown)."""

    rank: int
    name: str
    score: Optional[float]
    std_error: Optional[float]
    difference: Optional[float]
    difference_low: Optional[float]
    difference_high: Optional[float]
    steps_trained: int
    status: str


@dataclass(frozen=True)
class TrackRecord:
    """How the bank's calibrated picks at this lag fared on its studies of the stage's regime, each
    study picked by a model fitted without it: the P(best) they claimed on average, how many came
    true, and their regret in seed-noise SDs."""

    lag: int
    studies: int
    regime: str
    picks: int
    claimed_best: Optional[float]
    came_best: int
    claimed_within: Optional[float]
    came_within: int
    mean_regret: Optional[float]
    worst_regret: Optional[float]

    @staticmethod
    def of(d: Mapping[str, Any]) -> "TrackRecord":
        return TrackRecord(
            lag=int(d.get("lag", 0)),
            studies=int(d.get("studies", 0)),
            regime=d.get("regime", ""),
            picks=int(d.get("picks", 0)),
            claimed_best=d.get("claimedBest"),
            came_best=int(d.get("cameBest", 0)),
            claimed_within=d.get("claimedWithin"),
            came_within=int(d.get("cameWithin", 0)),
            mean_regret=d.get("meanRegret"),
            worst_regret=d.get("worstRegret"),
        )


@dataclass(frozen=True)
class Confidence:
    """Each candidate's calibrated P(best) and P(within one seed-noise SD of the best), what they
    measure (`measures`, in words), and the pick's track record in the bank (None where none was
    computed). Empty probabilities, with `measures` saying why, where there is no bank or no pick
    yet."""

    measures: str
    likeliest: str
    p_best: Dict[str, float]
    p_within: Dict[str, float]
    track_record: Optional[TrackRecord]

    @staticmethod
    def of(d: Mapping[str, Any]) -> "Confidence":
        track = d.get("trackRecord")
        return Confidence(
            measures=d.get("measures", ""),
            likeliest=d.get("likeliest", ""),
            p_best=dict(d.get("pBest", {})),
            p_within=dict(d.get("pWithin", {})),
            track_record=TrackRecord.of(track) if track else None,
        )


@dataclass(frozen=True)
class SelectionStatus:
    """A selection as the service sees it. `winner` is None while it is open (then
    `provisional_winner` is the current leader). `raw` is the whole answer."""

    id: str
    status: str
    winner: Optional[str]
    provisional_winner: Optional[str]
    lag: int
    tied_with_winner: List[str]
    uncertainty: str
    tie_break: str
    ranking: List[Ranked]
    confidence: Confidence
    raw: Dict[str, Any] = field(repr=False)

    @property
    def decided(self) -> bool:
        return self.status == "decided"

    @staticmethod
    def of(d: Mapping[str, Any]) -> "SelectionStatus":
        ranking = [
            Ranked(
                rank=r.get("rank", i + 1),
                name=r["name"],
                score=r.get("score"),
                std_error=r.get("stdError"),
                difference=r.get("difference"),
                difference_low=r.get("differenceLow"),
                difference_high=r.get("differenceHigh"),
                steps_trained=r.get("stepsTrained", 0),
                status=r.get("status", ""),
            )
            for i, r in enumerate(d.get("ranking", []))
        ]
        return SelectionStatus(
            id=d.get("id", ""),
            status=d.get("status", ""),
            winner=d.get("winner"),
            provisional_winner=d.get("provisionalWinner"),
            lag=int(d.get("lag", 0)),
            tied_with_winner=list(d.get("tiedWithWinner", [])),
            uncertainty=d.get("uncertainty", ""),
            tie_break=(d.get("tieBreak") or {}).get("rule", ""),
            ranking=ranking,
            confidence=Confidence.of(d.get("confidence") or {}),
            raw=dict(d),
        )


Candidate = Union[str, Mapping[str, str]]


class LagClient:
    """Talks to one `lag serve` instance.

    retries: how many times a request that found no service (connection refused: still
    starting) is tried again, with a backoff doubling from `backoff` seconds (by default about
    1.5 s in all before LagUnavailable). Requests the service answered are never retried; reports
    are idempotent per (candidate, replica, step) anyway. A malformed `url` is a LagInputError.
    Without `url`, the LAG_URL environment variable, else http://127.0.0.1:8421 (`lag serve`'s).
    """

    def __init__(
        self,
        url: Optional[str] = None,
        token: Optional[str] = None,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 0.1,
    ) -> None:
        if url is None:
            url = os.environ.get("LAG_URL", "http://127.0.0.1:8421")
        parsed = urllib.parse.urlparse(url) if isinstance(url, str) else None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise LagInputError(f"url={url!r}: expected http://HOST:PORT, e.g. http://127.0.0.1:8421")
        try:
            parsed.port  # an out-of-range or non-numeric port raises here
        except ValueError as e:
            raise LagInputError(f"url={url!r}: {e}") from None
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get("LAG_SERVE_TOKEN")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def create_selection(
        self,
        candidates: Sequence[Candidate],
        policy: Optional[str] = None,
        scorer: Optional[str] = None,
        metric: str = "eval",
        final_step: int = 1000,
        replicas: int = 1,
        flops_per_step: Optional[float] = None,
        schedule: Optional[Dict[str, Any]] = None,
    ) -> "Selection":
        """Starts a selection among `candidates` (names, or {"name": ..., "spec": ...}).

        policy, scorer: None leaves them to the service: with `schedule` and metric "eval", the
            rule's choice, `lag select`'s default too (on forty-one studies
            "hedged(confidence=0.8, budget=0.3, weigh=regime)" with scorer "anneal": the bank's
            prior for the stage's regime against the annealing law's prediction of the stage's
            end; "prior", the bank's order with no lag, on thirty-eight); otherwise
            fixed-lag(k=50) with last.
        metric: what the scorer reads, "eval" (the held-out loss; report eval_loss) or "train".
        schedule: the stage's learning-rate schedule as your loop runs it, steps 0 to final_step:
            {"shape": "wsd(decay=0.2)" or "cosine", "lr": peak, "warmup": steps,
            "minLrRatio": rate at final_step / peak (default 0.1)}.
        final_step: the end of the stage, the step the scores predict.
        replicas: data orders each candidate is trained from (report each with replica=r).
        flops_per_step: the training FLOPs of one step of a candidate (6 x parameters x tokens per
            step, say): every report without its own flops then carries step x flops_per_step, so
            the selection's trade (overhead FLOPs, regret) is filled. Without it, and without
            per-report flops, the trade says the FLOPs were not given.
        """
        names = [c if isinstance(c, str) else c.get("name", "") for c in candidates]
        if not names:
            raise LagInputError("candidates: give at least one")
        final_step = _whole("final_step", final_step, minimum=1)
        replicas = _whole("replicas", replicas, minimum=1)
        if flops_per_step is not None:
            flops_per_step = _finite("flops_per_step", flops_per_step)
            if flops_per_step <= 0:
                raise LagInputError(f"flops_per_step={flops_per_step}: must be > 0")
        body: Dict[str, Any] = {
            "candidates": list(candidates),
            "metric": metric,
            "finalStep": final_step,
            "replicas": replicas,
        }
        if policy is not None:
            body["policy"] = policy
        if scorer is not None:
            body["scorer"] = scorer
        if schedule is not None:
            if not isinstance(schedule, dict):
                raise LagInputError("schedule: give a dict with shape and lr")
            body["schedule"] = dict(schedule)
        created = self._call("POST", "/v1/selections", body)
        sel = Selection(self, created["id"], names, replicas, flops_per_step)
        # Names the prior cannot rank (a loop that grows its own way): said, not hidden.
        sel.unplaced = list(created.get("unplaced", []))
        sel.note = created.get("note", "")
        return sel

    def selection(self, selection_id: str) -> "Selection":
        """A handle on an existing selection (after a restart of your loop, say)."""
        status = self._call("GET", f"/v1/selections/{urllib.parse.quote(selection_id)}")
        request = status.get("request", {})
        names = [c if isinstance(c, str) else c.get("name") for c in request.get("candidates", [])]
        return Selection(self, selection_id, names, int(request.get("replicas", 1)))

    def health(self) -> Dict[str, Any]:
        return self._call("GET", "/v1/health")

    def _call(self, method: str, path: str, body: Any = None) -> Dict[str, Any]:
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            # allow_nan: a diverged loss goes as NaN, which the service reads as divergence.
            data = json.dumps(body, allow_nan=True).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        delay = self.backoff
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(
                self.url + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as e:
                raise LagError(e.code, _message(e)) from None
            except (urllib.error.URLError, ConnectionError, socket.timeout) as e:
                reason = getattr(e, "reason", e)
                refused = isinstance(reason, ConnectionRefusedError) or isinstance(
                    e, ConnectionRefusedError)
                # Only a refused connection is surely unseen by the service: retry that alone.
                if not refused or attempt == self.retries:
                    raise LagUnavailable(self.url, attempt + 1, str(reason)) from None
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")


class Selection:
    """One selection: report steps, ask for decisions, read the ranking."""

    def __init__(
        self,
        client: LagClient,
        selection_id: str,
        candidates: Iterable[str],
        replicas: int = 1,
        flops_per_step: Optional[float] = None,
    ) -> None:
        self.client = client
        self.id = selection_id
        self.candidates = list(candidates)
        self.replicas = replicas
        self.flops_per_step = flops_per_step
        self.unplaced: List[str] = []
        self.note = ""
        self._trials: Dict[Tuple[str, int], "Trial"] = {}

    def trial(self, candidate: str, replica: int = 0) -> "Trial":
        """The per-candidate handle, as Optuna's trial: report, should_prune, is_winner.
        One handle per candidate and replica: asking again gives the same one."""
        self._check(candidate, replica)
        key = (candidate, replica)
        if key not in self._trials:
            self._trials[key] = Trial(self, candidate, replica)
        return self._trials[key]

    def training(self, step: int) -> List["Trial"]:
        """The trials to train at this step, so a loop cannot forget to pause or stop one:

            for step in range(1, stage_steps + 1):
                for trial in sel.training(step):
                    trial.report(train_step(models[trial.candidate]), step)

        A trial is in it while it is told to continue to this step or beyond, and the winner until
        the end of the stage. One that waits at a rung is asked again at every call and comes back
        once the others have caught up; one that was stopped, or is done, never comes back (free
        its model: `trial.should_prune()`). Every candidate and replica is in it until it reports.
        """
        step = _whole("step", step, minimum=0)
        out = []
        for candidate in self.candidates:
            for replica in range(self.replicas):
                trial = self.trial(candidate, replica)
                if trial._last is None:
                    out.append(trial)  # it has not reported yet: everything starts training
                    continue
                d = trial._current()
                if d.action in ("continue", "won") and d.train_until is not None \
                        and step <= d.train_until:
                    out.append(trial)
        return out

    def report(
        self,
        candidate: str,
        step: int,
        loss: float,
        eval_loss: Optional[float] = None,
        eval_batch_losses: Optional[Sequence[float]] = None,
        replica: int = 0,
        tokens: Optional[float] = None,
        flops: Optional[float] = None,
        primitives: Optional[float] = None,
    ) -> Decision:
        """Records one step (a NaN or infinite loss marks the candidate diverged) and returns the
        candidate's decision.

        eval_batch_losses: the held-out loss of each fixed eval batch whose mean is eval_loss, the
        same batches for every candidate: candidates are then compared batch by batch.
        primitives: mean reasoning-primitive accuracy in [0, 1], when the loop measures it.
        """
        r = self._report(candidate, step, loss, eval_loss, eval_batch_losses, replica, tokens,
                         flops, primitives)
        answer = self.report_many([r])
        return answer[candidate]

    def report_many(self, reports: Sequence[Mapping[str, Any]]) -> Dict[str, Decision]:
        """Records report dicts in the service's layout (all or none); returns each reported
        candidate's decision."""
        answer = self.client._call(
            "POST", f"/v1/selections/{self.id}/reports", {"reports": list(reports)})
        return {name: Decision.of(d) for name, d in answer.get("decisions", {}).items()}

    def decision(self, candidate: str) -> Decision:
        self._check(candidate, 0)
        query = urllib.parse.urlencode({"candidate": candidate})
        return Decision.of(
            self.client._call("GET", f"/v1/selections/{self.id}/decision?{query}"))

    def status(self) -> SelectionStatus:
        """Ranking with scores and intervals, winner and ties when decided, lag curve so far."""
        return SelectionStatus.of(self.client._call("GET", f"/v1/selections/{self.id}"))

    def _check(self, candidate: str, replica: int) -> None:
        if self.candidates and candidate not in self.candidates:
            raise LagInputError(
                f"candidate={candidate!r}: not in this selection ({', '.join(self.candidates)})")
        replica = _whole("replica", replica, minimum=0)
        if replica >= self.replicas:
            raise LagInputError(f"replica={replica}: this selection has {self.replicas}")

    def _report(self, candidate, step, loss, eval_loss, eval_batch_losses, replica, tokens,
                flops, primitives) -> Dict[str, Any]:
        self._check(candidate, replica)
        step = _whole("step", step, minimum=0)
        r: Dict[str, Any] = {"candidate": candidate, "step": step, "loss": _number("loss", loss)}
        if replica:
            r["replica"] = replica
        if eval_loss is not None:
            r["evalLoss"] = _finite("eval_loss", eval_loss)
        if eval_batch_losses is not None:
            r["evalBatchLosses"] = [_finite("eval_batch_losses", v) for v in eval_batch_losses]
        if primitives is not None:
            r["primitives"] = _finite("primitives", primitives)
        if tokens is not None:
            r["tokens"] = _finite("tokens", tokens)
        if flops is not None:
            r["flops"] = _finite("flops", flops)
        elif self.flops_per_step is not None:
            r["flops"] = step * self.flops_per_step
        return r


class Trial:
    """One candidate (one replica) of a selection, in Optuna's terms.

        trial.report(loss, step, eval_loss=...)   # Optuna's report(value, step)
        if trial.should_prune():
            break            # never true for the winner: it trains on to the end of the stage
    """

    def __init__(self, selection: Selection, candidate: str, replica: int = 0) -> None:
        self.selection = selection
        self.candidate = candidate
        self.replica = replica
        self._last: Optional[Decision] = None

    def report(
        self,
        value: Optional[float] = None,
        step: Optional[int] = None,
        eval_loss: Optional[float] = None,
        eval_batch_losses: Optional[Sequence[float]] = None,
        *,
        loss: Optional[float] = None,
    ) -> Decision:
        """Reports a step's training loss, in Optuna's order: report(value, step).

        `loss=` is accepted for `value` (report(loss=2.3, step=7)). Before 0.2 the order was
        (step, loss); a swapped call is refused with a hint, since a step is a whole number.
        """
        if loss is not None:
            if value is not None:
                raise LagInputError("report: give the loss once, as value or as loss=")
            value = loss
        if value is None or step is None:
            raise LagInputError("report: needs the loss and the step: report(value, step)")
        if isinstance(step, float) and not step.is_integer() and float(value).is_integer():
            raise LagInputError(
                f"step={step!r}: must be a whole number; the order is Optuna's, report(value, step)"
                f" (did you mean report({step!r}, {value!r})?)")
        self._last = self.selection.report(
            self.candidate, step, value, eval_loss=eval_loss,
            eval_batch_losses=eval_batch_losses, replica=self.replica)
        return self._last

    def decision(self) -> Decision:
        """Asks the service again (a waiting candidate does, until the others catch up)."""
        self._last = self.selection.decision(self.candidate)
        return self._last

    def should_prune(self) -> bool:
        """Whether to stop training this candidate: it lost or was dropped. Never the winner.
        A candidate that waits at a rung is not pruned (yet): pause it and ask again."""
        return self._current().action == "stop"

    def is_winner(self) -> bool:
        """Whether the selection is over and this candidate won it."""
        return self._current().winner

    def is_done(self) -> bool:
        """Whether this candidate won and has reached the end of the stage."""
        return self._current().action == "done"

    def _current(self) -> Decision:
        # "continue" holds until train_until and "stop"/"done" are final; a "wait" changes when the
        # other candidates report, so it is asked again.
        if self._last is None or self._last.action == "wait":
            return self.decision()
        return self._last


def _whole(name: str, value: Any, minimum: int) -> int:
    # 1.5 or "3" as a step would silently become another step; bool is an int in Python.
    # operator.index takes ints and integer scalars of numpy and torch, and nothing else.
    try:
        if isinstance(value, bool):
            raise TypeError
        v = operator.index(value)
    except TypeError:
        raise LagInputError(f"{name}={value!r}: must be a whole number (int)") from None
    if v < minimum:
        raise LagInputError(f"{name}={v}: must be >= {minimum}")
    return v


def _number(name: str, value: Any) -> float:
    # Python floats and ints, and numpy or torch scalars (loss.item() is a float already).
    if isinstance(value, (bool, str, bytes)) or not hasattr(value, "__float__"):
        raise LagInputError(f"{name}={value!r}: must be a number")
    return float(value)


def _finite(name: str, value: Any) -> float:
    v = _number(name, value)
    if not math.isfinite(v):
        raise LagInputError(f"{name}={value!r}: must be finite (a non-finite loss marks divergence)")
    return v


def _message(e: urllib.error.HTTPError) -> str:
    try:
        return json.loads(e.read().decode("utf-8")).get("error", e.reason)
    except ValueError:
        return str(e.reason)
