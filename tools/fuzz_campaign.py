"""Long fuzz campaign over every reader of untrusted files (off CI; docs/security.md, 模糊测试).

Run it niced, for as long as there is time:

    nice -n 19 .venv/bin/python tools/fuzz_campaign.py --minutes 60 --seed 1

Each case is one mutated input (tools/fuzz_mutate.py) of one reader (tools/fuzz_targets.py),
judged by tools/fuzz_oracle.py. A case is decided by the campaign seed and its number alone, so
``--replay N`` rebuilds case N and runs it in the foreground. In-process readers run in worker processes capped by RLIMIT_AS and
a per-case wall-clock limit (a worker that overruns it is killed: a hang); ``cli-*`` targets run
the real CLI in a capped child. A finding is any other exception, a refusal with the wrong exit
status or without a Chinese message naming the file, a traceback on stderr, output left behind
by a failure, a leaked temporary file, a read of the canary file, a network or process call, or
a write outside the case folder. Findings go to OUT/findings/<signature>/ with the case files,
the traceback and a replay command; OUT/summary.json counts cases, outcomes and CPU time.

Not under tests/: pytest would collect a ``test_*`` file there, and this runs for hours.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))
from fuzz_mutate import CANARY_DIR, CANARY_TEXT  # noqa: E402
from fuzz_oracle import (  # noqa: E402
    CASE_SECONDS,
    SLOW_SECONDS,
    Watch,
    plan,
    run_cli,
    run_in_process,
    worker,
)
from fuzz_targets import ROOT, TARGETS, make_seeds  # noqa: E402

__all__ = ["Campaign", "main", "plan", "run_cli", "run_in_process"]


class Campaign:
    """Shared state of the scheduler threads: the next case number, counts and findings."""

    def __init__(self, args: argparse.Namespace, seeds: dict[str, list[str]]) -> None:
        self.args, self.seeds, self.out = args, seeds, Path(args.out)
        self.lock = threading.Lock()
        self.number = args.start
        self.counts: dict[str, dict[str, int]] = {}
        self.findings: dict[str, dict[str, Any]] = {}
        self.slowest: dict[str, tuple[float, int]] = {}  # target -> (CPU seconds, case number)
        self.cpu = 0.0
        self.started = time.time()
        self.deadline = self.started + args.minutes * 60

    def next_job(self) -> dict[str, Any] | None:
        with self.lock:
            if time.time() > self.deadline or (self.args.cases and
                                                self.number >= self.args.start + self.args.cases):
                return None
            self.number += 1
            return plan(self.args.seed, self.number - 1, self.seeds)

    def record(self, job: dict[str, Any], reply: dict[str, Any], case: Path, wall: float) -> None:
        findings = list(reply.get("findings", []))
        if reply.get("cpu", 0) > SLOW_SECONDS:
            findings.append(f"slow: {job['target']} {reply['cpu']:.0f} s of CPU")
        with self.lock:
            self.cpu += reply.get("cpu", wall)
            counts = self.counts.setdefault(job["target"], {})
            counts[reply["outcome"]] = counts.get(reply["outcome"], 0) + 1
            slowest = self.slowest.get(job["target"], (0.0, 0))
            if reply.get("cpu", 0) > slowest[0]:
                self.slowest[job["target"]] = (round(reply["cpu"], 2), job["number"])
            for finding in findings:
                key = re.sub(r"\d+", "N", re.sub(r"“[^”]*”|'[^']*'|<[^>]*>|（[^）]*）|\[.*\]", "…",
                                                  finding))[:90]
                digest = hashlib.sha1(f"{job['target']}|{key}".encode()).hexdigest()[:10]
                entry = self.findings.setdefault(digest, {"finding": finding, "target":
                                                          job["target"], "cases": []})
                if len(entry["cases"]) < 3:
                    folder = self.out / "findings" / digest / str(job["number"])
                    shutil.copytree(case, folder, dirs_exist_ok=True)
                    (folder / "traceback.txt").write_text(reply.get("traceback", ""), "utf-8")
                    entry["cases"].append(job["number"])
                    print(f"[{job['number']}] {job['target']}: {finding}", flush=True)
            self.save()

    def save(self) -> None:
        total = sum(sum(c.values()) for c in self.counts.values())
        summary = {"seed": self.args.seed, "first_case": self.args.start, "cases": total,
                   "cpu_hours": round(self.cpu / 3600, 3),
                   "wall_minutes": round((time.time() - self.started) / 60, 1),
                   "targets": self.counts, "slowest_cpu_seconds": self.slowest,
                   "findings": self.findings,
                   "replay": f"tools/fuzz_campaign.py --seed {self.args.seed} --replay N"}
        temp = self.out / "summary.json.tmp"  # replaced whole: a reader never sees half of it
        temp.write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
        temp.replace(self.out / "summary.json")


def _start_worker(tmp: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONDONTWRITEBYTECODE": "1"}
    with (tmp.parent / "worker.log").open("w") as log:  # what a dying worker last said
        return subprocess.Popen([sys.executable, __file__, "--worker", str(tmp)], env=env,
                                text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=log)


def scheduler(campaign: Campaign, slot: int) -> None:
    """One worker's loop: send cases, collect replies, kill and restart on a hang or a death."""
    base = campaign.out / f"slot{slot}"
    tmp, case = base / "tmp", base / "case"
    tmp.mkdir(parents=True, exist_ok=True)
    process = _start_worker(tmp)
    while (job := campaign.next_job()) is not None:
        started = time.time()
        if TARGETS[job["target"]].cli:
            shutil.rmtree(case, ignore_errors=True)
            shutil.rmtree(tmp, ignore_errors=True)
            case.mkdir(parents=True)
            tmp.mkdir()
            reply = run_cli(job, case, tmp)
            campaign.record(job, reply, case, time.time() - started)
            continue
        assert process.stdin and process.stdout
        process.stdin.write(json.dumps({**job, "case": str(case)}) + "\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], CASE_SECONDS)
        line = process.stdout.readline() if ready else ""
        if line:
            reply = json.loads(line)
        else:
            process.kill()
            process.wait()
            hang = not ready
            reply = {"outcome": "hang" if hang else "died", "findings": [
                f"hang: over {CASE_SECONDS} s" if hang else f"worker died: {process.returncode}"]}
            reply["restart"] = True
            reply["traceback"] = (base / "worker.log").read_text("utf-8", "replace")[-6000:]
        campaign.record(job, reply, case, time.time() - started)
        if reply.get("restart"):
            process.kill()
            process.wait()
            process = _start_worker(tmp)
    process.kill()
    process.wait()


def replay(args: argparse.Namespace, seeds: dict[str, list[str]]) -> None:
    """Rebuild case ``--replay`` into OUT/replay and run it here (traceback printed)."""
    job = plan(args.seed, args.replay, seeds)
    sys.addaudithook(Watch.hook)
    import tempfile
    case, tmp = Path(args.out) / "replay" / "case", Path(args.out) / "replay" / "tmp"
    shutil.rmtree(case.parent, ignore_errors=True)
    case.mkdir(parents=True)
    tmp.mkdir()
    os.environ["TMPDIR"] = tempfile.tempdir = str(tmp)  # as in a worker
    print(json.dumps(job, ensure_ascii=False))
    if TARGETS[job["target"]].cli:
        print(json.dumps(run_cli(job, case, tmp), ensure_ascii=False, indent=1))
    else:
        print(json.dumps(run_in_process(job, case, tmp), ensure_ascii=False, indent=1))
    print(f"case files: {case}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--cases", type=int, default=0, help="stop after this many cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first case number")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "fuzz-out"))
    parser.add_argument("--replay", type=int)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(Path(args.worker))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    Path(CANARY_DIR).mkdir(exist_ok=True)
    (Path(CANARY_DIR) / "secret.txt").write_text(CANARY_TEXT, "utf-8")
    index = out / "seeds" / "index.json"
    if not index.exists():
        seeds = {k: [str(p) for p in v] for k, v in make_seeds(out / "seeds").items()}
        index.write_text(json.dumps(seeds, ensure_ascii=False, indent=1), "utf-8")
    seeds = json.loads(index.read_text("utf-8"))
    if args.replay is not None:
        replay(args, seeds)
        return
    campaign = Campaign(args, seeds)
    threads = [threading.Thread(target=scheduler, args=(campaign, s)) for s in range(args.jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    campaign.save()
    total = sum(sum(c.values()) for c in campaign.counts.values())
    print(f"{total} cases, {campaign.cpu / 3600:.2f} CPU hours, {len(campaign.findings)} findings;"
          f" summary: {out / 'summary.json'}")


if __name__ == "__main__":
    main()
