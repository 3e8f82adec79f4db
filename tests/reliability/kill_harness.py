"""Kill -9 a store-writing command at seeded random moments; classify what is left.

Generic over any Python snippet run by ``python -c``: the snippet finds the
store path in ``sys.argv[1]``, prints ``GO`` (flushed) right before the write
it wants tested and, optionally, ``DONE`` right after it. Heavy imports can go
in a separate ``setup`` snippet: a server process (``python -c``) runs it once
and then forks one child per run, so twenty runs do not pay twenty start-ups
of lightgbm and pandas (``setup`` must not open a database or start threads).

The harness runs the command once to completion to learn the after-state and
the duration of the write, then, for each kill point, copies the
before-state aside, starts a run, waits for ``GO``, sleeps a stratified
random delay across the write, sends SIGKILL, reopens the store the way the
next CreditDesk start would, and compares it with the two states.

A state is ``None`` for "no store file" or a tuple of
``(table, row count, content checksum)`` sorted by table; tables named in
``volatile`` (timestamps, random ids) contribute their row count only.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tests.reliability.conftest import REPO, cli_env

State = tuple[tuple[str, int, str | None], ...] | None

_SERVER = textwrap.dedent("""
    import os, sys, traceback
    exec(compile({setup!r}, "<setup>", "exec"), {{"__name__": "__setup__"}})
    BODY = compile({body!r}, "<kill-test body>", "exec")
    print("READY", flush=True)
    sys.stdout.flush()
    for line in sys.stdin:
        store = line.rstrip("\\n")
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                sys.argv = ["-c", store]
                exec(BODY, {{"__name__": "__main__"}})
            except BaseException:
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        os.write(1, f"\\nPID {{pid}}\\n".encode())  # one write: atomic next to the child's lines
        _, status = os.waitpid(pid, 0)
        sys.stdout.flush()
        os.write(1, f"\\nEXIT {{os.waitstatus_to_exitcode(status)}}\\n".encode())
""")


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
    finished: bool  # the write had already ended when the kill came
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


class Runner:
    """Runs the snippet on a store path, one forked child per run (or one process where no fork)."""

    def __init__(self, snippet: str, setup: str = "") -> None:
        self.snippet, self.setup = snippet, setup
        self.server: subprocess.Popen | None = None
        if hasattr(os, "fork"):
            code = _SERVER.format(setup=setup, body=snippet)
            self.errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in close())
            self.server = subprocess.Popen(
                [sys.executable, "-c", code], env=cli_env(), cwd=REPO, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)
            self._expect("READY")

    def stderr(self) -> str:
        if self.server is None:
            return ""
        self.errors.seek(0)
        return self.errors.read()[-3000:]

    def _expect(self, word: str, timeout: float = 300) -> str:
        assert self.server is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.server.stdout.readline()
            if not line:
                raise RuntimeError(f"the kill-test server died: {self.stderr()}")
            if line.startswith(word):
                return line.strip()
        raise RuntimeError(f"the kill-test server never said {word}")

    def run(self, store: Path, delay: float | None) -> tuple[bool, float | None, int]:
        """Run on ``store``; kill ``delay`` s after GO (None: let it finish).

        Returns (finished before the kill, seconds from GO to DONE if seen, exit code).
        """
        if self.server is None:
            return self._run_process(store, delay)
        self.server.stdin.write(f"{store}\n")
        self.server.stdin.flush()
        pid, go, done, code = None, None, None, None
        while pid is None or go is None:
            for token in self._tokens():
                if token.startswith("PID "):
                    pid = int(token.split()[1])
                elif token == "GO":
                    go = time.monotonic()
                elif token.startswith("EXIT"):
                    raise RuntimeError(f"the run ended before GO ({token}): {self.stderr()}")
        finished = False
        if delay is not None:
            time.sleep(max(0.0, go + delay - time.monotonic()))
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                finished = True
        while code is None:
            for token in self._tokens():
                if token == "DONE":
                    done = time.monotonic() - go
                elif token.startswith("EXIT"):
                    code = int(token.split()[1])
        if delay is not None and done is not None and done <= delay:
            finished = True
        return finished, done, code

    def _run_process(self, store: Path, delay: float | None) -> tuple[bool, float | None, int]:
        code = f"{self.setup}\n{self.snippet}"
        proc = subprocess.Popen([sys.executable, "-c", code, str(store)], env=cli_env(), cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while (line := proc.stdout.readline()) and line.strip() != "GO":
            pass
        go = time.monotonic()
        finished = False
        if delay is not None:
            time.sleep(delay)
            finished = proc.poll() is not None
            if not finished:
                proc.kill()
        out, _ = proc.communicate(timeout=300)
        done = time.monotonic() - go if "DONE" in out and delay is None else None
        return finished, done, proc.returncode

    def _tokens(self) -> list[str]:
        """The markers on the server's next output line (a child's GO may share a parent's line)."""
        line = self.server.stdout.readline()
        if not line and self.server.poll() is not None:
            raise RuntimeError(f"the kill-test server died: {self.stderr()}")
        return re.findall(r"PID \d+|EXIT -?\d+|GO|DONE", line)

    def close(self) -> None:
        if self.server is not None:
            if self.server.poll() is None:
                self.server.stdin.close()
                self.server.wait(timeout=30)
            self.errors.close()


def run_kill_test(
    name: str,
    snippet: str,
    prepare: Callable[[Path], None],
    workdir: Path,
    *,
    setup: str = "",
    kills: int = 20,
    seed: int = 20261125,
    volatile: Iterable[str] = (),
    check: Callable[[Path], str | None] | None = None,
) -> KillReport:
    """Kill ``snippet`` at ``kills`` seeded points of its write; classify each store left.

    ``prepare(path)`` builds the before-state at ``path`` (or leaves it absent).
    ``check(path)``, if given, returns an error text for a store that matches a
    state but is still wrong (e.g. a decision log that no longer verifies).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    volatile = tuple(volatile)
    template = workdir / "before.duckdb"
    prepare(template)
    before = store_state(template, volatile)  # also checkpoints it: copies start clean
    runner = Runner(snippet, setup)
    try:
        after, write_seconds = _run_to_completion(name, runner, template, workdir, volatile)
        if after == before:
            raise RuntimeError(f"{name}: the command changed nothing; the kill test would prove nothing")
        rng = random.Random(seed)
        slots = [(i + rng.random()) / kills * write_seconds * 1.05 for i in range(kills)]
        rng.shuffle(slots)
        outcomes = []
        for i, delay in enumerate(slots):
            target = workdir / f"kill{i:02d}.duckdb"
            _copy_store(template, target)
            finished, _, _ = runner.run(target, delay)
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
                fresh, _ = _run_to_completion(name, runner, template, workdir, volatile)
                if fresh == state:
                    verdict, detail, after = "after", "after-state refreshed: the code changed", fresh
            if verdict in ("before", "after") and check is not None:
                problem = check(target)
                if problem:
                    verdict, detail = "between", problem
            outcomes.append(KillOutcome(delay, finished, verdict, detail, leftovers))
            for suffix in ("", ".wal"):
                Path(str(target) + suffix).unlink(missing_ok=True)
    finally:
        runner.close()
    return KillReport(name, write_seconds, outcomes)


def _run_to_completion(name: str, runner: Runner, template: Path, workdir: Path,
                       volatile: tuple[str, ...]) -> tuple[State, float]:
    """The after-state of a full run on a copy of ``template``, and the write's duration."""
    full = workdir / "full.duckdb"
    _copy_store(template, full)
    started = time.monotonic()
    _, done, code = runner.run(full, None)
    seconds = done if done is not None else time.monotonic() - started
    if code != 0:
        raise RuntimeError(f"{name}: the command failed when run to completion (exit {code}): "
                           f"{runner.stderr()}")
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
