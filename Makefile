# reportgen — 常用命令 / common commands
#   make example   安装并用示例数据生成全部文档（输出到 输出/），并把湛河区三期示例台账记入历史（输出/reportgen.db）
#   make test      安装并运行全部检查与测试（ruff、mypy、pytest）
#   make bench     运行性能基准
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: install example test lint bench clean

$(BIN)/.installed: pyproject.toml scripts/install-system.sh
	sh scripts/install-system.sh --test
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	touch $@

install: $(BIN)/.installed

example: install
	$(BIN)/reportgen build examples/zhanhe-2022-08/config.yaml -o 输出/湛河区督查通报第8期
	$(BIN)/reportgen build examples/zhanhe-2022-08/history/config.yaml -o 输出/湛河区督查通报第9期（与上期对比）
	$(BIN)/reportgen build examples/pingdingshan-2020-04/config.yaml -o 输出/平顶山市4月份附件
	$(BIN)/reportgen build examples/sanmenxia-2021-05/config.yaml -o 输出/三门峡市进展情况报告
	$(BIN)/reportgen record examples/zhanhe-2022-08/history/2022年6-7月.yaml --db 输出/reportgen.db --replace
	$(BIN)/reportgen record examples/zhanhe-2022-08/config.yaml --db 输出/reportgen.db --replace
	$(BIN)/reportgen record examples/zhanhe-2022-08/history/config.yaml --db 输出/reportgen.db --replace
	$(BIN)/reportgen history --db 输出/reportgen.db
	$(BIN)/reportgen history 区发改委 --db 输出/reportgen.db
	$(BIN)/reportgen duban examples/zhanhe-2022-08/督办.yaml -o 输出/湛河区督办通知单 --db 输出/reportgen.db
	$(BIN)/reportgen rank examples/zhanhe-2022-08/config.yaml -o 输出/湛河区督办通知单/单位排名.xlsx

lint: install
	$(BIN)/ruff check reportgen tests tools bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) 输出 test-output build dist
