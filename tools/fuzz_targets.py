"""The fuzz campaign's readers: real seed inputs, how a case is laid out, and each reader's run.

A target names the seeds it mutates, how (text, bytes, zip parts) and the call that reads the
case in the worker; ``cli-*`` targets run the real CLI in a child process instead.
"""
from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from fuzz_mutate import mutate_bytes, mutate_text_file, mutate_zip

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
for helper in (ROOT / "tests", ROOT / "tests" / "loaders"):
    sys.path.insert(0, str(helper))

LEDGER_KINDS = ("yaml", "csv", "xlsx", "docx", "txt", "xls")
SUFFIX = {"yaml": ".yaml", "csv": ".csv", "xlsx": ".xlsx", "docx": ".docx", "txt": ".txt",
          "xls": ".xls", "form": ".xlsx"}
WORD_FOCUS = ("word/document.xml", "word/styles.xml", "word/numbering.xml")
EXCEL_FOCUS = ("xl/worksheets/", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml")


def _html_config(source: Path) -> str:
    """An example config whose documents are all written as HTML (cheap, and still rendered)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for document in data.get("documents", []):
        document["formats"] = ["html"]
        document.pop("publish", None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def make_seeds(folder: Path) -> dict[str, list[Path]]:
    """Write every seed once (real examples, files reportgen writes, the tests' documents)."""
    import import_docs as docs
    import ledger_samples as samples
    import openpyxl

    from reportgen.forms.split import split
    from reportgen.loaders import load_ledger
    from reportgen.pipeline import build

    seeds: dict[str, list[Path]] = {}

    def add(kind: str, name: str, data: bytes | None = None) -> Path:
        path = folder / kind / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
        seeds.setdefault(kind, []).append(path)
        return path

    for ledger in sorted(EXAMPLES.glob("*/台账.yaml")) + sorted(EXAMPLES.glob("*/history/*.yaml")):
        if ledger.name != "config.yaml":
            add("yaml", f"{ledger.parent.name}-{ledger.name}", ledger.read_bytes())
    add("yaml", "sample-en.yaml", samples.YAML_EN.encode())
    add("yaml", "sample-zh.yaml", samples.YAML_ZH.encode())
    header = samples.HEADER
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        samples.write_csv(add("csv", f"sample-{encoding}.csv"), [header, *samples.TABLE], encoding)
    zhanhe = load_ledger(EXAMPLES / "zhanhe-2022-08" / "台账.yaml").ledger
    rows = [["序号", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况"]] + [
        [item.seq or "", item.task, row.unit or "", row.person or "", row.progress or "",
         row.status or ""] for item in zhanhe.items for row in item.rows]
    samples.write_csv(add("csv", "zhanhe-gb18030.csv"), rows, "gb18030", title=False)
    samples.write_xlsx(add("xlsx", "sample.xlsx"))
    for name, lines in [("intro", docs.INTRO_BEFORE_TITLE), ("result", docs.RESULT_ON_TASK_LINE),
                        ("label", docs.LABEL_ON_TASK_LINE), ("units", docs.UNITS_AFTER_LABEL),
                        ("gaps", docs.LABEL_ALONE_AND_GAPS), ("signed", docs.SIGNED)]:
        docs.write_docx(add("docx", f"{name}.docx"), lines)
        docs.write_text(add("txt", f"{name}.txt"), lines, "gbk" if name == "units" else "utf-8")
    docs.write_table_docx(add("docx", "table.docx"))
    docs.write_xls(add("xls", "ledger.xls"))
    for seed in sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")):
        add("txt", seed.name, seed.read_bytes())
    # What reportgen itself writes: Word documents and Excel ledgers of every example.
    for example in sorted(EXAMPLES.glob("*/config.yaml")):
        out = folder / "built" / example.parent.name
        for fmt in ("docx", "xlsx"):
            try:
                result = build(example, out, [fmt])
            except Exception:  # noqa: BLE001 (an example without that format)
                continue
            for written in result.outputs:
                add(fmt, f"{example.parent.name}-{written.name}", written.read_bytes())
        add("config", f"{example.parent.name}.yaml", _html_config(example).encode())
    for profile in sorted((ROOT / "configs" / "profiles").glob("*.yaml")):
        add("profile", profile.name, profile.read_bytes())
    for template in sorted((ROOT / "templates").glob("*.j2")):
        add("template", template.name, template.read_bytes())
    for example in ("zhanhe-2022-08", "pingdingshan-2020-04"):
        ledger_path = EXAMPLES / example / "台账.yaml"
        forms = split(load_ledger(ledger_path).ledger, folder / "split" / example)
        for form in forms[:6]:
            add("form", f"{example}-{form.name}", form.read_bytes())
        book = openpyxl.load_workbook(forms[0])  # one form filled in as a unit would
        for row in book.worksheets[0].iter_rows(min_row=4, min_col=5, max_col=6):
            row[0].value, row[1].value = "已完成评级。\n下月验收。", "积极"
        book.save(add("form", f"{example}-填好-{forms[0].name}"))
    return seeds


def mutate(rng: random.Random, kind: str, data: bytes) -> bytes:
    """One mutated input of ``kind`` from a seed's bytes."""
    if kind in ("docx",):
        return mutate_zip(rng, data, WORD_FOCUS)
    if kind in ("xlsx", "form"):
        return mutate_zip(rng, data, EXCEL_FOCUS)
    if kind == "xls":
        return mutate_bytes(rng, data, rng.randint(1, 8))
    return mutate_text_file(rng, data)


def example_of(seed: Path) -> Path:
    """The example folder a config or form seed came from (pingdingshan for the rest)."""
    for example in sorted(EXAMPLES.iterdir()):
        if seed.name.startswith(example.name):
            return example
    return EXAMPLES / "pingdingshan-2020-04"


def lay_out(case: Path, kind: str, seed: Path, data: bytes) -> Path:
    """Write the case's files into ``case`` (an empty folder); the mutated input's path."""
    if kind in LEDGER_KINDS:
        path = case / f"台账{SUFFIX[kind]}"
    elif kind == "form":
        example = example_of(seed)
        shutil.copyfile(example / "台账.yaml", case / "台账.yaml")
        path = case / f"交回{seed.name.split('-', 3)[-1]}"
    else:
        example = EXAMPLES / "pingdingshan-2020-04" if kind != "config" else example_of(seed)
        shutil.copytree(example, case, dirs_exist_ok=True)
        config = case / "config.yaml"
        if kind != "config":
            config.write_text(_html_config(example / "config.yaml"), encoding="utf-8")
        path = {"config": config, "profile": case / "profiles" / "gbt9704.yaml",
                "template": case / "templates" / seed.name}[kind]
        path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


# ----- the readers, run in the worker -----

def _load(case: Path, path: Path) -> Any:
    from reportgen.loaders import load_ledger
    return load_ledger(path)


def _import(case: Path, path: Path) -> Any:
    from reportgen.pipeline.importing import import_files
    return import_files([path], case / "out" / "台账.yaml", case / "out" / "config.yaml")


def _build_html(case: Path, path: Path) -> Any:
    from reportgen.pipeline import build
    return build(case / "config.yaml", case / "out", ["html"])


def _collect(case: Path, path: Path) -> Any:
    from reportgen.forms.collect import collect, save_result
    from reportgen.loaders import load_ledger

    result = collect(load_ledger(case / "台账.yaml").ledger, [path])
    for unreadable in result.report.unreadable:
        if path.name not in unreadable.file and path.name not in unreadable.detail:
            raise AssertionError(f"unreadable form without its name: {unreadable}")
    save_result(result, case / "out" / "新台账.yaml")
    return result


def _web_ledger(case: Path, path: Path) -> Any:
    from reportgen.web.routes.ledger import check_ledger

    result = check_ledger(path, f"上传{path.suffix}")
    if not result["ok"] and "内部错误" in result["message"]:
        raise AssertionError(f"internal error shown on the page: {result['message']}")
    return result


def _web_collect(case: Path, path: Path) -> Any:
    from reportgen.pipeline import returns

    review = returns.review(case / "台账.yaml", [(path, "交回.xlsx")])
    review.sections()
    review.per_unit()
    returns.accept(review, case / "out" / "合并.yaml")
    return review


UPLOAD_NAMES = ["{stem}{suffix}", "../../../{stem}{suffix}", "/etc/{stem}{suffix}",
                "C:\\Windows\\{stem}{suffix}", "CON{suffix}", "{stem}\x00.exe{suffix}",
                "<script>{stem}</script>{suffix}", "\u202e{stem}{suffix}", "进" * 300 + "{suffix}",
                "{stem}{suffix}.", " {suffix}", "{suffix}", "{stem}", "%2e%2e%2f{stem}{suffix}"]


def _web_upload(case: Path, path: Path) -> Any:
    """The file posted to the workbench as a browser would (multipart, a hostile file name)."""
    import random
    import re

    from fastapi.testclient import TestClient

    from reportgen.web import Settings, create_app

    work = case / "work"
    work.mkdir()
    form = (case / "台账.yaml").exists()
    if form:
        shutil.copyfile(case / "台账.yaml", work / "台账.yaml")
    name = random.Random(path.read_bytes()[:64]).choice(UPLOAD_NAMES).format(
        stem=path.stem, suffix=path.suffix)
    upload = (name, path.read_bytes(), "application/octet-stream")
    with TestClient(create_app(work, Settings()), base_url="http://127.0.0.1:8000") as client:
        found = re.search(r'name="csrftoken" value="([^"]+)"', client.get("/ledger").text)
        assert found, "no CSRF token on /ledger"
        if form:
            got = client.post("/forms/collect", files={"returned": upload},
                              data={"csrftoken": found.group(1), "ledger": "台账.yaml"})
        else:
            got = client.post("/ledger/upload", files={"ledger": upload},
                              data={"csrftoken": found.group(1)})
    if got.status_code not in (200, 400, 413, 422) or "内部错误" in got.text \
            or "Traceback" in got.text:
        raise AssertionError(f"web upload of {name!r}: {got.status_code} {got.text[-300:]}")
    if sorted(p.name for p in work.iterdir()) != (["台账.yaml"] if form else []):
        raise AssertionError(f"the upload wrote into the working folder: {list(work.iterdir())}")
    return got.status_code


@dataclass(frozen=True)
class Target:
    """A reader under fuzz: the seed kinds it takes, its call (or CLI arguments), its weight."""

    kinds: tuple[str, ...]
    run: Callable[[Path, Path], Any] | None
    codes: tuple[int, ...]  # exit statuses its refusals may carry
    weight: int
    cli: tuple[str, ...] = ()


TARGETS: dict[str, Target] = {
    "ledger-yaml": Target(("yaml",), _load, (2, 3), 6),
    "ledger-csv": Target(("csv",), _load, (2,), 5),
    "ledger-xlsx": Target(("xlsx",), _load, (2,), 6),
    "import-docx": Target(("docx",), _import, (2,), 8),
    "import-txt": Target(("txt",), _import, (2,), 5),
    "import-xls": Target(("xls",), _import, (2,), 4),
    "config": Target(("config",), _build_html, (2, 3, 4), 4),
    "profile": Target(("profile",), _build_html, (3, 4), 3),
    "template": Target(("template",), _build_html, (3, 4), 4),
    "collect": Target(("form",), _collect, (2,), 7),
    "web-ledger": Target(("yaml", "csv", "xlsx", "docx"), _web_ledger, (), 3),
    "web-collect": Target(("form",), _web_collect, (2,), 2),
    "web-upload": Target(("yaml", "csv", "xlsx", "docx", "form"), _web_upload, (), 3),
    "cli-import": Target(("docx", "txt", "xls"), None, (2,), 2,
                         ("import", "{input}", "-o", "out/台账.yaml", "--config", "out/config.yaml")),
    "cli-collect": Target(("form",), None, (2,), 2,
                          ("collect", "台账.yaml", "{input}", "-o", "out/新台账.yaml")),
}
