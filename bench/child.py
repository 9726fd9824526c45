"""Entry point of one benchmark child process: ``python -m bench.child TASK ROWS WORKDIR``."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench import compare, tasks


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("task")
    parser.add_argument("rows", type=int)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--profile", type=Path, help="write cProfile statistics to this file")
    args = parser.parse_args(argv)
    registry = {**tasks.TASKS, **compare.TASKS}
    task = registry[args.task]
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        steps = profiler.runcall(task, args.rows, args.workdir)
        profiler.dump_stats(str(args.profile))
    else:
        steps = task(args.rows, args.workdir)
    print(json.dumps({"steps": steps}))


if __name__ == "__main__":
    main()
