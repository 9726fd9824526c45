"""Deterministic synthetic ledgers for the benchmark: N unit rows of realistic Chinese progress."""
from __future__ import annotations

import random
from pathlib import Path

import yaml

from reportgen.model import Item, Ledger, UnitRow

SECTIONS = [
    "一、加快构建现代产业体系", "二、持续扩大有效投资", "三、全面深化改革开放",
    "四、推进城乡融合发展", "五、持续保障和改善民生", "六、加强生态环境保护",
]
UNITS = [
    "区财政局", "区发改委", "区应急局", "区住建局", "区工信局", "区商务局", "区统计局",
    "区教体局", "区卫健委", "区民政局", "区人社局", "区自然资源局", "区交通局", "区市场监管局",
    "区农业农村和水利局", "区文广旅局", "区金融局", "区城管局", "区委组织部", "区委宣传部",
    "区退役军人事务局", "区行政审批局", "区医保局", "区司法局", "生态环境分局", "区税务局",
    "湛河新区指挥部", "区企业发展服务中心", "区市场中心", "区机关事务服务中心",
    "高阳路街道", "荆山街道", "河滨街道", "九里山街道", "曹镇乡",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
VERBS = ["加快推进", "统筹推进", "持续深化", "扎实开展", "全面落实", "积极争取", "大力实施",
         "稳步推进", "着力提升", "不断完善"]
OBJECTS = ["老旧小区改造", "专项债券项目储备", "重点项目建设", "营商环境优化", "乡村振兴示范村创建",
           "规上工业企业培育", "城市更新行动", "高标准农田建设", "招商引资工作", "背街小巷整治",
           "基层医疗服务能力建设", "义务教育学校建设", "污染防治攻坚", "安全生产专项整治",
           "数字政府建设", "就业创业服务", "养老服务体系建设", "水系连通工程", "道路拆迁工作",
           "企业上规入库"]
TASK_TAILS = ["建立工作台账，加快整治提升进度", "做实项目前期，争取更多政策性资金支持",
              "确保年底前全面完成目标任务", "形成可复制可推广的经验做法", "推动各项政策措施落地见效",
              "提高群众满意度和获得感"]
PHRASES = [
    "成立了以主要负责同志为组长的工作专班，明确责任分工，倒排工期、挂图作战。",
    "截至10月底，已完成年度目标任务的{pct}%，累计完成投资{money}亿元。",
    "目前已签订协议{n}户，剩余{m}户正在进行入户沟通，预计11月中旬前完成。",
    "积极与省、市有关部门对接沟通，争取上级资金{wan}万元，已下达{wan2}万元。",
    "组织召开专题推进会{n}次，现场协调解决土地、资金等方面的问题{m}个。",
    "项目可研报告已编制完成，正在办理用地预审和环评等前期手续。",
    "受疫情和资金等因素影响，部分工程进度滞后于计划，下一步将加大督导力度。",
    "建立周调度、月通报工作机制，对进展缓慢的事项及时预警、跟踪问效。",
    "全区谋划项目{n}个，总投资{money}亿元，其中已开工{m}个，完成投资{pct}%。",
    "印发了《实施方案》，细化工作措施{n}条，层层压实工作责任。",
    "主体工程已完工，正在进行附属设施施工和竣工验收准备工作。",
    "开展入企走访{n}家次，帮助企业解决融资、用工、用地等问题{m}个。",
    "已完成招标，施工单位已进场，目前正在进行基础施工。",
    "对照年度目标逐项梳理，形成问题清单、任务清单和责任清单，实行销号管理。",
    "9月30日已实现通车，配套绿化和照明工程同步推进。",
    "向上争取专项债券资金{money}亿元，资金已拨付到位。",
]
# Statuses by weight, close to seed 002 (22 / 18 / 6 / 10), plus a few rows without progress.
STATUSES = [("积极", 22), ("正常", 18), ("一般", 6), ("滞后", 10), (None, 2)]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _progress(rng: random.Random, length: int = 210) -> str:
    """About ``length`` characters of progress text, sometimes in two paragraphs."""
    parts: list[str] = []
    while sum(len(p) for p in parts) < length - 20:
        phrase = rng.choice(PHRASES)
        parts.append(phrase.format(pct=rng.randint(30, 98), money=round(rng.uniform(0.2, 60), 2),
                                   n=rng.randint(2, 90), m=rng.randint(1, 30),
                                   wan=rng.randint(100, 20000), wan2=rng.randint(50, 9000)))
    if len(parts) > 3 and rng.random() < 0.3:
        cut = len(parts) // 2
        return "".join(parts[:cut]) + "\n" + "".join(parts[cut:])
    return "".join(parts)


def _task(rng: random.Random) -> str:
    return (f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
            f"{rng.choice(TASK_TAILS)}")


def make_ledger(rows: int, seed: int = 2022) -> Ledger:
    """A ledger with exactly ``rows`` unit rows, 1–5 per item, in sections; same seed, same ledger."""
    rng = random.Random(seed * 1_000_003 + rows)
    names = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]
    items: list[Item] = []
    left = rows
    while left > 0:
        count = min(left, rng.choice((1, 1, 1, 2, 2, 3, 4, 5)))
        left -= count
        units = rng.sample(UNITS, count)
        unit_rows = []
        for unit in units:
            status = rng.choices(names, weights)[0]
            joint = rng.random() < 0.05
            unit_rows.append(UnitRow(
                unit=f"{unit} {rng.choice(UNITS)}" if joint else unit,
                person=_person(rng),
                progress=_progress(rng) if status else None,
                status=status))
        section = SECTIONS[min(len(SECTIONS) - 1, len(items) * len(SECTIONS) * 3 // (rows + 1))]
        items.append(Item(seq=str(len(items) + 1), section=section, task=_task(rng),
                          rows=unit_rows))
    return Ledger(title=f"某区2022年重点工作任务推进情况台账（{rows}行）", period="2022年8-10月",
                  items=items)


def ledger_dict(ledger: Ledger) -> dict[str, object]:
    """The ledger in the canonical YAML data contract."""
    items = []
    for item in ledger.items:
        units = [{k: v for k, v in (("unit", r.unit), ("person", r.person),
                                    ("progress", r.progress), ("status", r.status)) if v}
                 for r in item.rows]
        items.append({"seq": item.seq, "section": item.section, "task": item.task, "units": units})
    return {"title": ledger.title, "period": ledger.period, "date": "2022-11-12", "items": items}


def write_fixture(rows: int, folder: Path, formats: tuple[str, ...] = ("docx", "xlsx", "pdf"),
                  ) -> Path:
    """A ledger YAML and a bulletin config in ``folder``; returns the config path."""
    folder.mkdir(parents=True, exist_ok=True)
    ledger = make_ledger(rows)
    (folder / "台账.yaml").write_text(
        yaml.safe_dump(ledger_dict(ledger), allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8")
    config = {
        "ledger": "台账.yaml", "office": "某区督查局", "date": "2022-11-12",
        "documents": [
            {"kind": "bulletin", "file": "督查通报", "formats": list(formats),
             "params": {"issue_no": 8, "title": "关于2022年重点工作任务最新进展情况通报",
                        "requirements": ["各部门、各单位务必把冲刺四季度作为当前工作的重点。"]}},
        ],
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
