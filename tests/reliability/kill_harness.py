"""Kill -9 a store-writing command at seeded random moments; classify what is left.

Generic over any ``python -c`` snippet: the snippet receives the store path
as ``sys.argv[1]``, does its imports and set-up, prints ``GO`` (flushed) right
before the write it wants tested, and exits 0 when the write is done. The
harness runs it once to completion to learn the after-state and the
duration of the write, then, for each kill point, copies the before-state
aside, starts the snippet, waits for ``GO``, sleeps a stratified random
delay across the write's duration, sends SIGKILL, reopens the store the way
the next CreditDesk start would, and compares it with the two states.

A state is ``None`` for "no store file" or a tuple of
``(table, row count, content checksum)`` sorted by table; tables named in
``volatile`` (timestamps, random ids) contribute their row count only.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tests.reliability.conftest import cli_env

State = tuple[tuple[str, int, int | None], ...] | None


def store_state(path: Path, volatile: Iterable[str] = ()) -> State:
    """Table names, row counts and an order-independent content checksum; None if absent.

    Opens read-write, like the next start of the application: the write-ahead
    log is replayed and checkpointed.
    """
    if not path.exists():
        return None
    volatile = set(volatile)
    con = duckdb.connect(str(path))
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "ORDER BY table_name").fetchall()]
        state = []
        for table in tables:
            count = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            checksum = None
            if table not in volatile:
                checksum = con.execute(
                    f'SELECT coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR FROM "{table}" AS t'
                ).fetchone()[0]
            state.append((table, int(count), checksum))
        return tuple(state)
    finally:
        con.close()


def _copy_store(src: Path, dst: Path) -> None:
    for suffix in ("", ".wal"):
        target = Path(str(dst) + suffix)
        target.unlink(missing_ok=True)
        source = Path(str(src) + suffix)
        if source.exists():
            shutil.copyfile(source, target)


@dataclass
class KillOutcome:
    delay: float  # seconds after GO
    finished: bool  # the process had already exited when the kill came
    verdict: str  # "before" | "after" | "between" | "unreadable"
    detail: str = ""
    leftovers: list[str] = field(default_factory=list)


@dataclass
class KillReport:
    name: str
    write_seconds: float
    outcomes: list[KillOutcome]

    @property
    def between(self) -> list[KillOutcome]:
        return [o for o in self.outcomes if o.verdict in ("between", "unreadable")]

    def summary(self) -> str:
        counts = {v: sum(o.verdict == v for o in self.outcomes)
                  for v in ("before", "after", "between", "unreadable")}
        mid = sum(not o.finished for o in self.outcomes)
        litter = sum(bool(o.leftovers) for o in self.outcomes)
        return (f"{self.name}: {len(self.outcomes)} kill points over a {self.write_seconds:.2f} s "
                f"write ({mid} while running): " + ", ".join(f"{k} {v}" for k, v in counts.items())
                + f"; temp files left next to the store after {litter} kills")


def _start(snippet: str, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", snippet, str(store)], env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_go(proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip() == "GO":
            return
        if not line and proc.poll() is not None:
            raise RuntimeError(f"the command died before GO: {proc.stderr.read()[-2000:]}")
    raise RuntimeError("the command never printed GO")


def run_kill_test(
    name: str,
    snippet: str,
    prepare: Callable[[Path], None],
    workdir: Path,
    *,
    kills: int = 20,
    seed: int = 20261125,
    volatile: Iterable[str] = (),
    check: Callable[[Path], str | None] | None = None,
) -> KillReport:
    """Kill ``snippet`` at ``kills`` seeded points of its write; classify each store left.

    ``prepare(path)`` builds the before-state at ``path`` (or leaves it absent).
    ``check(path)``, if given, returns an error text for a store that matches a
    state but is still wrong (used for the decision log's chain).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    volatile = tuple(volatile)
    template = workdir / "before.duckdb"
    prepare(template)
    before = store_state(template, volatile)  # also checkpoints it: copies start clean

    after, write_seconds = _run_to_completion(name, snippet, template, workdir, volatile)
    if after == before:
        raise RuntimeError(f"{name}: the command changed nothing; the kill test would prove nothing")

    rng = random.Random(seed)
    slots = [(i + rng.random()) / kills * write_seconds * 1.05 for i in range(kills)]
    rng.shuffle(slots)
    outcomes = []
    for i, delay in enumerate(slots):
        target = workdir / f"kill{i:02d}.duckdb"
        _copy_store(template, target)
        proc = _start(snippet, target)
        _wait_go(proc)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        leftovers = sorted(p.name for p in workdir.iterdir()
                           if target.stem in p.name and p.name not in
                           (target.name, target.name + ".wal"))
        try:
            state = store_state(target, volatile)
        except duckdb.Error as exc:
            outcomes.append(KillOutcome(delay, finished, "unreadable", str(exc), leftovers))
            continue
        verdict = "before" if state == before else "after" if state == after else "between"
        detail = "" if verdict != "between" else _diff(before, after, state)
        if verdict == "between":
            # the code under test may have changed on disk since the reference run (others
            # edit concurrently): take a fresh after-state before calling it a failure
            fresh, _ = _run_to_completion(name, snippet, template, workdir, volatile)
            if fresh == state:
                verdict, detail, after = "after", "after-state refreshed: the code changed", fresh
        if verdict != "between" and check is not None:
            problem = check(target)
            if problem:
                verdict, detail = "between", problem
        outcomes.append(KillOutcome(delay, finished, verdict, detail, leftovers))
        for suffix in ("", ".wal"):
            Path(str(target) + suffix).unlink(missing_ok=True)
    return KillReport(name, write_seconds, outcomes)


def _run_to_completion(name: str, snippet: str, template: Path, workdir: Path,
                       volatile: tuple[str, ...]) -> tuple[State, float]:
    """The after-state of a full run on a copy of ``template``, and the write's duration."""
    full = workdir / "full.duckdb"
    _copy_store(template, full)
    proc = _start(snippet, full)
    _wait_go(proc)
    started = time.monotonic()
    _out, err = proc.communicate(timeout=300)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{name}: the command failed when run to completion: {err[-2000:]}")
    state = store_state(full, volatile)
    for suffix in ("", ".wal"):
        Path(str(full) + suffix).unlink(missing_ok=True)
    return state, seconds


def _diff(before: State, after: State, got: State) -> str:
    def as_dict(state: State) -> dict:
        return {t: (n, c) for t, n, c in (state or ())}

    b, a, g = as_dict(before), as_dict(after), as_dict(got)
    parts = []
    for table in sorted(set(b) | set(a) | set(g)):
        if g.get(table) not in (b.get(table), a.get(table)):
            parts.append(f"{table}: before {b.get(table, ('-',))[0]} rows, after "
                         f"{a.get(table, ('-',))[0]}, found {g.get(table, ('-',))[0]}")
    mixed = [t for t in sorted(set(b) | set(a) | set(g)) if g.get(t) == b.get(t) != a.get(t)]
    if mixed and not parts:
        parts.append("tables individually before/after but mixed: " + ", ".join(mixed))
    return "; ".join(parts) or ("store absent" if got is None else "differs")
