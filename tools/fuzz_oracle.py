"""One fuzz case and its judgement: what it reads, how it runs (in a worker under an audit
hook, or the real CLI in a capped child) and what counts as a finding (tools/fuzz_campaign.py).
"""
from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from fuzz_mutate import CANARY_DIR, CANARY_TEXT
from fuzz_targets import TARGETS, lay_out, mutate

MEMORY = 2 * 1024 ** 3  # address space of a worker or CLI child
CASE_SECONDS = 60  # wall clock for one case, niced on a shared machine (a hang past it)
SLOW_SECONDS = 8  # a case slower than this is reported as slow (CPU time, not wall clock)
FONT_TOOLS = ("fc-list", "fc-match")
CJK = re.compile(r"[\u4e00-\u9fff]")
CLI_CHILD = ("import resource, sys\n"
             "resource.setrlimit(resource.RLIMIT_AS, ({m}, {m}))\n"
             "from reportgen.cli import main\nmain(sys.argv[1:])\n")


def plan(seed: int, number: int, seeds: dict[str, list[str]]) -> dict[str, Any]:
    """Case ``number`` of the campaign: its target, seed file and mutation (deterministic)."""
    rng = random.Random(f"{seed}:{number}")
    names = sorted(TARGETS)
    target = rng.choices(names, [TARGETS[n].weight for n in names])[0]
    kind = rng.choice([k for k in TARGETS[target].kinds if seeds.get(k)])
    return {"number": number, "target": target, "kind": kind, "seed": rng.choice(seeds[kind]),
            "rng": rng.random()}


def build_case(case: Path, job: dict[str, Any]) -> Path:
    """Lay the mutated input of ``job`` out in the empty folder ``case``."""
    rng = random.Random(job["rng"])
    seed = Path(job["seed"])
    data = mutate(rng, job["kind"], seed.read_bytes())
    return lay_out(case, job["kind"], seed, data)


# ----- the worker: in-process readers under an audit hook -----

class Watch:
    """What the running case did that it must not: audit events outside the case folder."""

    case: Path | None = None
    allowed: tuple[str, ...] = ()
    events: list[str] = []

    @classmethod
    def hook(cls, event: str, args: tuple[Any, ...]) -> None:
        if cls.case is None:
            return
        if event.startswith(("socket.connect", "socket.getaddrinfo", "urllib.Request")):
            cls.events.append(f"network: {event} {args[:2]!r}")
        elif event in ("subprocess.Popen", "os.system", "os.posix_spawn", "os.exec"):
            if event == "subprocess.Popen" and args[0] in FONT_TOOLS:
                return  # the font check asks fontconfig, whatever the input
            cls.events.append(f"process: {event} {str(args[:2])[:200]}")
        elif event == "open" and isinstance(args[0], (str, bytes)):
            path = os.fsdecode(args[0])
            mode, flags = args[1], args[2]
            if path.startswith(CANARY_DIR):
                cls.events.append(f"read outside the input: {path}")
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            full = os.path.abspath(path)  # O_TMPFILE opens the folder itself for writing
            if writing and not (full + os.sep).startswith(cls.allowed):
                cls.events.append(f"write outside the case folder: {full}")


def signature(exc: BaseException) -> str:
    """Exception type, the innermost reportgen frame and the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/reportgen/" in f.filename]
    where = [f"{Path(f.filename).name}:{f.name}" for f in (ours[-1:] + frames[-1:])]
    return f"{type(exc).__name__} at {' / '.join(where)}"


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def _leftovers(tmp: Path) -> list[str]:
    """Files left in the temporary folder, less WeasyPrint's font folders: those live as long as
    the font configuration the layout fitter keeps, and go with the process."""
    return [f for f in _files(tmp) if not f.startswith("weasyprint-")]


def check_refusal(error: Any, codes: tuple[int, ...], path: Path) -> list[str]:
    """What is wrong with a refusal: exit status, no Chinese, no file name."""
    problems = []
    text = str(error)
    if error.exit_code not in codes:
        problems.append(f"exit status {error.exit_code} (expected {codes}): {error.message[:200]}")
    if not CJK.search(error.message):
        problems.append(f"message without Chinese: {error.message[:200]}")
    if not any(name in text for name in (path.name, path.parent.name, "config", ".j2", "文档“")):
        problems.append(f"message without the file name: {error.message[:200]}")
    return problems


def run_in_process(job: dict[str, Any], case: Path, tmp: Path) -> dict[str, Any]:
    from reportgen.errors import ReportgenError

    target = TARGETS[job["target"]]
    assert target.run is not None
    try:
        path = build_case(case, job)
    except Exception:  # noqa: BLE001 (a mutation the XML or zip writer refused: no case)
        return {"outcome": "unbuilt", "findings": [], "traceback": traceback.format_exc()}
    before = {p: p.read_bytes() for p in case.rglob("*") if p.is_file()}
    Watch.case, Watch.events = case, []
    Watch.allowed = (str(case) + os.sep, str(tmp) + os.sep, "/dev/null")
    findings: list[str] = []
    outcome = "ok"
    cpu = time.process_time()
    try:
        result = target.run(case, path)
        report = getattr(getattr(result, "result", result), "report", None)
        if report is not None:  # collect: a form merged, or listed as unreadable
            outcome = "ok:unreadable" if report.unreadable else "ok:merged"
        if CANARY_TEXT in repr(result):
            findings.append("canary: the canary file's text is in the result")
    except ReportgenError as error:
        outcome = f"refused:{error.exit_code}"
        findings += [f"refusal: {p}" for p in check_refusal(error, target.codes, path)]
        if CANARY_TEXT in str(error):
            findings.append("canary: the canary file's text is in the message")
        if _files(case / "out"):
            findings.append(f"half-written output after a refusal: {_files(case / 'out')}")
    except MemoryError as exc:
        return {"outcome": "crash", "findings": [f"memory: {signature(exc)}"],
                "traceback": traceback.format_exc(), "restart": True}
    except Exception as exc:  # noqa: BLE001 (every other exception is the finding itself)
        return {"outcome": "crash", "findings": [f"crash: {signature(exc)}"],
                "traceback": traceback.format_exc(), "cpu": time.process_time() - cpu}
    finally:
        Watch.case = None
    findings += Watch.events
    for p, data in before.items():
        if not p.exists() or p.read_bytes() != data:
            findings.append(f"input changed: {p.relative_to(case)}")
    for out in (case / "out").rglob("*") if (case / "out").exists() else []:
        if out.is_file() and CANARY_TEXT.encode() in out.read_bytes():
            findings.append(f"canary: the canary file's text is in {out.name}")
    if _leftovers(tmp):
        findings.append(f"temporary files left: {_leftovers(tmp)[:5]}")
    return {"outcome": outcome, "findings": findings, "cpu": time.process_time() - cpu}


def worker(tmp: Path) -> None:
    """Read jobs (JSON lines) on stdin, answer each with a JSON line on stdout."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    import reportgen.cli  # noqa: F401 (imports before the first case's clock)
    sys.addaudithook(Watch.hook)
    answer = sys.stdout
    sys.stdout = sys.stderr  # whatever a reader prints must not mix with the answers
    for line in sys.stdin:
        job = json.loads(line)
        case = Path(job["case"])
        shutil.rmtree(case, ignore_errors=True)
        case.mkdir(parents=True)
        for leftover in tmp.iterdir():
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
        reply = run_in_process(job, case, tmp)
        answer.write(json.dumps(reply, ensure_ascii=False) + "\n")
        answer.flush()
        if reply.get("restart"):
            return


# ----- the CLI targets: the real command in a capped child -----

def _child(command: list[str], cwd: Path, env: dict[str, str], logs: Path
           ) -> tuple[int, str, str, float] | None:
    """Run ``command``: exit status, stdout, stderr and the CPU time of that child alone
    (os.wait4; RUSAGE_CHILDREN would also count a worker reaped meanwhile); None on a hang."""
    out, err = logs / "cli.out", logs / "cli.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=stderr,
                                   stdin=subprocess.DEVNULL)
    deadline = time.time() + CASE_SECONDS
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.time() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            return None
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return (process.returncode, out.read_text("utf-8", "replace"),
            err.read_text("utf-8", "replace"), usage.ru_utime + usage.ru_stime)


def run_cli(job: dict[str, Any], case: Path, tmp: Path) -> dict[str, Any]:
    target = TARGETS[job["target"]]
    try:
        path = build_case(case, job)
    except Exception:  # noqa: BLE001 (a mutation the XML or zip writer refused: no case)
        return {"outcome": "unbuilt", "findings": [], "traceback": traceback.format_exc()}
    before = {p: p.read_bytes() for p in case.rglob("*") if p.is_file()}
    args = [a.replace("{input}", path.name) for a in target.cli]
    env = {**os.environ, "TMPDIR": str(tmp), "HOME": str(tmp), "NO_COLOR": "1", "COLUMNS": "400"}
    done = _child([sys.executable, "-c", CLI_CHILD.format(m=MEMORY), *args], case, env,
                  tmp.parent)
    if done is None:
        return {"outcome": "hang", "findings": [f"hang: {job['target']} over {CASE_SECONDS} s"]}
    code, out, err, cpu = done
    findings = []
    if "Traceback" in err or "MemoryError" in err or code < 0:
        last = [line for line in err.strip().splitlines() if line.strip()][-1:] or [str(code)]
        findings.append(f"traceback: {job['target']} {last[0][:120]}")
    elif code != 0:
        if code not in target.codes:
            findings.append(f"exit status {code}: {err[:200]}")
        if not err.startswith("错误：") or not CJK.search(err):
            findings.append(f"refusal without a Chinese message: {err[:200]}")
        if _files(case / "out"):
            findings.append(f"half-written output after a refusal: {_files(case / 'out')}")
    for p, data in before.items():
        if not p.exists() or p.read_bytes() != data:
            findings.append(f"input changed: {p.relative_to(case)}")
    outside = [f for f in _files(case) if not f.startswith("out") and case / f not in before]
    if outside:
        findings.append(f"written outside the output folder: {outside[:5]}")
    if _files(tmp):
        findings.append(f"temporary files left: {_files(tmp)[:5]}")
    if CANARY_TEXT in out + err:
        findings.append("canary: the canary file's text is in the output")
    return {"outcome": "ok" if code == 0 else f"refused:{code}", "findings": findings,
            "cpu": cpu, "traceback": err[-4000:] if findings else ""}
