"""Variants, slots, turning points and emergence on a small archive of briefings built here:
one line reworded for good in 2018, said to different addressees, a slogan new in 2019, a
line gone quiet after 2017; and the whole official voice (``all``)."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from tifa.corpus import load_corpus
from tifa.corpus.tokens import tokenise
from tifa.tracking.formulations.changes import period_changes
from tifa.tracking.formulations.families import build_families
from tifa.tracking.formulations.keyphrases import inside_longer
from tifa.tracking.formulations.records import detail
from tifa.tracking.formulations.slots import key_words, slot_edits, template, who_only
from tifa.tracking.formulations.topics import WHOLE_VOICE, Topic
from tifa.tracking.formulations.variants import group
from tifa.tracking.versions.events import group_events
from tifa.tui.cli.main import main

OLD = "我们赞赏{who}恪守一个中国政策和中美三个联合公报原则"
NEW = "我们赞赏{who}恪守一个中国原则和中美三个联合公报规定"
WHO = ("美方", "美国政府", "荷方")
SLOGAN = "各国应携手构建人类卫生健康共同体"
QUIET = "台湾地区参与世卫大会必须符合一个中国原则"
FILLER = (
    "中方始终坚持独立自主的和平外交政策。",
    "我们愿同各国加强交流合作。",
    "关于你提到的问题，我没有可以提供的信息。",
    "台湾问题事关中国主权和领土完整。",
    "我们注意到有关报道。",
)
TOPIC = Topic("tw", "Taiwan", ("台湾", "一个中国", "三个联合公报", "人类卫生健康共同体"))


def words(text: str) -> tuple[str, ...]:
    return key_words(tokenise(text))


def test_slots_are_names_parties_numbers_and_dates_in_aligned_runs():
    a, b = (
        words("我们要求美方切实恪守一个中国原则"),
        words("我们要求新加坡政府切实恪守一个中国原则"),
    )
    assert slot_edits(a, b) == [("who", "美方", "新加坡政府")]
    assert template(a) == template(b)
    assert slot_edits(words("倡议提出三年多来"), words("倡议提出十年多来")) == [
        ("date", "三年", "十年")
    ]
    # a real rewording is no slot, nor is an addressee said on one side only
    assert slot_edits(words(OLD.format(who="美方")), words(NEW.format(who="美方"))) is None
    assert slot_edits(words("我们要求美方恪守承诺"), words("我们要求恪守承诺")) is None
    assert slot_edits(a, a) == []


def test_a_slots_fillers_are_counted_by_their_uses():
    """A variant's slot shows its fillers most used first, each counted by the events that
    say it there, as a variant's uses are: 荷方 said in three briefings in one wording ranks
    above 英方 said once in each of two wordings (counted once a wording, it ranked below);
    a briefing that says a wording twice is one use; and the main filler 5月 counts the
    uses that vary in the party only (7 briefings, not the main wording's 4)."""
    from tifa.tracking.formulations.variants import _slots

    base = words("我们要求美方5月停止")
    said = [base] * 5 + [words("我们要求荷方5月停止")] * 3
    said += [words("我们要求英方6月停止"), words("我们要求英方7月停止")]
    events = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]  # the first briefing says the main wording twice
    fillers = {kind: list(counts.items()) for kind, _, counts in _slots(base, said, events)}
    assert sorted(fillers["who"], key=lambda f: -f[1]) == [("美方", 4), ("荷方", 3), ("英方", 2)]
    assert dict(fillers["date"]) == {"5月": 7, "6月": 1, "7月": 1}


@pytest.mark.parametrize(
    ("a", "b", "slot"),
    [
        ("今年是中美建交40周年", "2019年是中美建交40周年", True),  # a date
        ("两名加拿大公民", "一个加拿大公民", True),  # how many
        ("第二届进口博览会", "首届进口博览会", True),  # which
        ("新中国成立70周年", "新中国成立70年来", False),  # an anniversary, the years since
        ("台湾是中国的一部分", "台湾是中国的一贯", False),  # jieba's numbers both
        ("中美建交40周年", "中美建交40年", False),
    ],
)
def test_a_number_is_a_slot_with_what_it_counts(a, b, slot):
    """Numbers and dates fill one slot when they say the same of it beside how many or when
    (``slots.counted``): 70周年 and 70年来, or 一部分 and 一贯, are different lines. On the MFA
    pages 新中国成立70年来 and 新中国成立70周年 were one line of the whole voice, and
    中国的一部分 took in 中国的一贯 (立场)."""
    assert (template(words(a)) == template(words(b))) is slot
    assert (slot_edits(words(a), words(b)) is not None) is slot


def test_a_pronoun_is_who_only_when_it_stands_for_people_sides_or_countries():
    """jieba's pronouns are demonstratives, interrogatives and quantifiers too: 这样的表态 is
    no other addressee's 美方的表态 (the MFA pages' whole voice listed 〈发言人｜美方｜这样｜
    特朗普总统〉的表态, and 中方〈严正｜这个〉立场), while 我们, 各国 and 彼此 are who."""
    assert template(words("这样的表态")) != template(words("美方的表态"))
    assert template(words("中方这个立场")) != template(words("中方严正立场"))
    assert slot_edits(words("我们的努力"), words("中方的努力")) == [("who", "我们", "中方")]
    assert slot_edits(words("各国共同利益"), words("双方共同利益")) == [("who", "各国", "双方")]
    assert slot_edits(words("增进彼此互信"), words("增进双方互信")) == [("who", "彼此", "双方")]
    # a pronoun that says how many is a number's slot: one line, two variants
    assert slot_edits(words("反对一切形式的恐怖主义"), words("反对任何形式的恐怖主义")) == [
        ("number", "一切", "任何")
    ]


def test_joining_words_alone_name_no_one_and_say_nothing():
    """``who_only`` sets the joining words aside (以及, 包括, 在内) and reads what is left; with
    nothing left the words say nothing and name no one, an answer, not an error (it raised
    one: a phrase's tail read for who it names may be joining words alone)."""
    assert who_only(("以及",), ("preposition", "function"))
    assert who_only(("包括", "在内"), ())
    assert not who_only(("包括", "美国", "在内", "发展"), ())


def test_a_template_shows_no_slot_inside_another():
    """Members may vary over overlapping stretches of one wording (两国 against 双方, 两国各
    against 防扩散): the template shows the most used, never one slot inside another (the MFA
    pages' whole voice listed 〈〈两国｜深化｜双方｜中非〉各｜防扩散〉领域), and places each slot
    where the wording says it, not inside fillers placed before it."""
    from collections import Counter

    from tifa.tracking.formulations.variants import _template

    overlapping = [
        ("who", "两国各", Counter({"两国各": 5, "防扩散": 2})),
        ("who", "两国", Counter({"两国": 5, "深化": 3, "双方": 2})),
    ]
    assert _template("两国各领域", overlapping) == "〈两国｜深化｜双方〉各领域"
    two = [
        ("who", "美方", Counter({"美方": 5, "中方": 2})),
        ("who", "中方", Counter({"中方": 2, "英方": 1})),
    ]
    assert _template("美方同中方对话", two) == "〈美方｜中方〉同〈中方｜英方〉对话"


def test_a_closing_de_and_jiebas_two_cuts_of_one_text_are_one_variant():
    """A cut keeps the 的 that ends its clause; with or without it the wording is one
    variant, and so is one text jieba cuts two ways (互利共赢 but 互利|共|赢|的 before 的:
    the MFA pages' 中美经贸合作的本质是互利共赢, 8 uses, and …共赢的, 6)."""
    bare, closed = words("中美经贸合作的本质是互利共赢"), words("中美经贸合作的本质是互利共赢的")
    assert closed[:-1] != bare  # jieba's other cut
    other = words("中美经贸合作是互利共赢的")
    said = [bare, closed, closed, other]
    whens = [(str(2016 + n), "", f"d{n}", 0) for n in range(4)]
    assert group(said, range(4), whens, lambda: [0.0] * 4, [False] * 4) == [0, 0, 0, 1]


def test_a_variant_tied_in_by_a_key_phrase_inside_a_longer_line_comes_after_the_family_own():
    """The most used variant is the family's label; one whose every use a key phrase tied in
    by being said inside a longer line (以实际行动维护中美关系大局和台海和平稳定, by
    实际行动维护中美) is not what the family says, and comes after its own lines."""
    tied = words("以实际行动维护中美关系大局和台海和平稳定")
    own = words("维护中美关系健康稳定发展")
    said = [tied] * 3 + [own] * 2
    whens = [(str(2016 + n), "", f"d{n}", 0) for n in range(5)]
    assert inside_longer("实际行动维护中美", tokenise("以实际行动维护中美关系大局和台海和平稳定"))
    assert not inside_longer("实现半岛无核化", tokenise("推动实现半岛无核化"))
    aside = [True] * 3 + [False] * 2
    assert group(said, range(5), whens, lambda: [0.0] * 5, aside) == [1, 1, 1, 0, 0]
    assert group(said, range(5), whens, lambda: [0.0] * 5, [False] * 5) == [0, 0, 0, 1, 1]


def test_a_family_core_takes_in_the_name_its_uses_fill_otherwise_not_who_speaks():
    """香港事务 and 新疆事务 are one line about different places: the core begins at the name
    (not at 事务, a fragment), and the cuts are one variant up to it. A pronoun or party before
    a line (我们敦促, 中方敦促) is who speaks, and with a verb of asking and who is asked
    (敦促美方, 希望有关各方) frames the request: the core is what is asked, whoever asks it of
    whom."""
    from tifa.tracking.formulations.cores import core_of

    def core(lines: list[str], uses: list[int]) -> str:
        said = [tuple(tokenise(t)) for t, n in zip(lines, uses, strict=True) for _ in range(n)]
        return core_of(said, range(len(said)))

    said = ["香港事务纯属中国内政", "新疆事务纯属中国内政", "西藏事务纯属中国内政"]
    assert core(said, [3, 2, 1]) == "香港事务纯属中国内政"
    assert slot_edits(words(said[0]), words(said[1])) == [("who", "香港", "新疆")]
    urged = ["我们敦促美方恪守一个中国原则", "中方敦促美方恪守一个中国原则", "各方恪守一个中国原则"]
    assert core(urged, [2, 2, 1]) == "恪守一个中国原则"
    hoped = ["我们希望有关各方保持克制", "中方希望有关各方保持克制", "希望朝美双方保持克制"]
    assert core(hoped, [2, 2, 1]) == "有关各方保持克制"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Four briefings a quarter, 2016–2020: the old wording until 2017, the new one from
    2018; the slogan from 2019 in every other briefing; the quiet line until 2017."""
    folder = tmp_path_factory.mktemp("briefings")
    n = 0
    for year in range(2016, 2021):
        for month, day in ((m, d) for m in (1, 2, 4, 5, 7, 8, 10, 11) for d in (8, 22)):
            n += 1
            line = (OLD if year < 2018 else NEW).format(who=WHO[n % 3]) + "。"
            said = [line, FILLER[n % 5], FILLER[(n + 2) % 5]]
            if year >= 2019 and n % 2:
                said.append(SLOGAN + "。")
            if year <= 2017 and n % 2 == 0:
                said.append(QUIET + "。")
            text = (
                f"{year}年{month}月{day}日外交部发言人耿爽主持例行记者会\n\n问：请问中方对此有何评论？\n\n"
                f"答：{''.join(said)}\n"
            )
            name = f"{year}-{month:02d}-{day:02d}_b{n:03d}.txt"
            (folder / name).write_text(text, encoding="utf-8")
    return load_corpus([str(folder)], tokens=True)


def families_of(corpus, topic=TOPIC, by="year"):
    return build_families(corpus, topic, events=group_events(corpus), by=by)


def holding(report, text):
    return [f for f in report.families if any(text in m.text for m in f.members)]


def test_one_family_two_variants_slots_folded(archive):
    report = families_of(archive)
    (fam,) = holding(report, "恪守一个中国")
    assert fam.uses == 80
    first, second = fam.variants[:2]
    assert first.template.startswith("我们赞赏〈") and "〉恪守一个中国原则" in first.template
    assert {s.kind for s in first.slots} == {"who"} and set(first.slots[0].fillers) == set(WHO)
    assert "一个中国政策" in second.wording and second.uses == 32
    assert [p for p, _ in second.periods] == ["2016", "2017"]
    assert fam.canonical("2017").index == 1 and fam.canonical("2018").index == 0
    change = next(c for c in fam.changes if c.to_period == "2018")
    assert change.reworded and ("replace", "政策", "原则") in [
        (e.op, e.a_text, e.b_text) for e in change.ops
    ]
    same = next(c for c in fam.changes if c.to_period == "2019")
    assert not same.reworded  # the same variant, perhaps to another addressee


def test_the_switch_is_an_overtaking_in_2018(archive):
    summaries = {s.period: s for s in period_changes(families_of(archive))}
    (took,) = summaries["2018"].overtook
    assert "一个中国原则" in took.variant.wording and "一个中国政策" in took.overtaken.wording
    assert took.before == 0.0 and took.after == 1.0
    assert took.member.period == "2018" and took.member.doc.startswith("2018-01")
    assert not any(s.overtook for p, s in summaries.items() if p != "2018")


def test_a_new_slogan_and_a_line_gone_quiet(archive):
    summaries = {s.period: s for s in period_changes(families_of(archive, by="quarter"))}
    (new,) = [c for s in summaries.values() for c in s.new if c.variant is None]
    assert new.period == "2019-Q1" and SLOGAN in new.member.text and new.chance < 0.05
    # the switch's wording is new too, as a variant of the older line (and it overtook)
    (wording,) = [c for s in summaries.values() for c in s.new if c.variant is not None]
    assert wording.period == "2018-Q1" and "一个中国原则" in wording.variant.wording
    assert wording.member.variant == wording.variant.index and wording.chance < 0.05 / 2
    (gone,) = [c for s in summaries.values() for c in s.dropped]
    assert gone.period == "2017-Q4" and gone.final and QUIET in gone.member.text
    # how established the line was, in the text and the exports' detail
    said = f"{gone.family.uses} uses since {gone.family.first}, not seen again"
    assert detail(gone) == said and gone.family.uses > 2


def test_a_term_with_a_gap_finds_the_slogan(archive):
    """人类…共同体 holds 人类卫生健康共同体 (as the community topic says), without naming it."""
    topic = Topic("community", "Community", ("人类…共同体",))
    report = families_of(archive, topic)
    (fam,) = report.families
    assert all(SLOGAN in m.text for m in fam.members) and fam.first == "2019"
    assert not families_of(archive, Topic("c", "C", ("人类…的共同体",))).families


def test_the_whole_voice_finds_the_slogan_without_a_topic(archive):
    report = families_of(archive, WHOLE_VOICE)
    assert report.topic.whole and all(f.topic == "all" for f in report.families)
    news = [c for s in period_changes(report) for c in s.new]
    assert any("人类卫生健康共同体" in c.member.text and c.period == "2019" for c in news)
    assert not any("我们注意到有关报道" in c.member.text for c in news)  # said all along


def test_cli_summarises_and_json_keeps_every_variant(archive, tmp_path):
    folder = str(archive.documents[0].path).rsplit("/", 1)[0]
    runner = CliRunner()
    text = runner.invoke(main, ["families", "taiwan", "--corpus", folder, "--limit", "1"])
    assert text.exit_code == 0, text.stderr
    assert text.stdout.count("\n  shares per period:") == 1 and "v0" in text.stdout
    result = runner.invoke(main, ["families", "taiwan", "--corpus", folder, "--format", "json"])
    data = json.loads(result.stdout)
    fam = next(f for f in data["families"] if f["uses"] == 80)
    assert {"variant", "wording", "template", "slots", "uses", "periods", "first", "last"} <= set(
        fam["variants"][0]
    )
    assert sum(v["uses"] for v in fam["variants"]) >= fam["uses"]
    assert {m["variant"] for m in fam["members"]} == {v["variant"] for v in fam["variants"]}
    changes = runner.invoke(main, ["changes", "taiwan", "--corpus", folder, "--format", "json"])
    took = next(p for p in json.loads(changes.stdout)["periods"] if p["period"] == "2018")
    assert took["overtook"][0]["share_after"] == 1.0
    assert took["overtook"][0]["after_periods"][0] == "2018"
    assert took["overtook"][0]["before_periods"][1] == "2017"
    # the text heads the item by what its cited use says, and names the variant that rose by
    # its wording only where that is not the same
    item = took["overtook"][0]
    said = item["cited"]["text"]
    rose = f"v{item['variant']}" + ("" if item["wording"] == said else f" {item['wording']}")
    shown = runner.invoke(main, ["changes", "taiwan", "--corpus", folder]).stdout
    assert f"{item['family']}  {said}  — {rose} from " in shown
    assert f"overtaking v{item['overtaken']} {item['overtaken_wording']}" in shown
    every = runner.invoke(main, ["changes", "all", "--corpus", folder, "--all"])
    assert every.exit_code == 0 and "人类卫生健康共同体" in every.stdout


def test_a_variant_is_the_cut_that_says_the_core_not_the_clauses_beside_it(tmp_path):
    """Some briefings add a clause after the line (…规定，妥善处理台湾问题): those uses are the
    same variant, cut to the line, and keep their whole window and its offsets."""
    for n in range(12):
        tail = "，妥善处理台湾问题" if n % 3 == 0 else ""
        line = NEW.format(who=WHO[n % 2]) + tail + "。"
        text = (
            f"2019年{n % 12 + 1}月8日外交部发言人主持例行记者会\n\n问：有何评论？\n\n答：{line}\n"
        )
        (tmp_path / f"2019-{n % 12 + 1:02d}-08_c{n:02d}.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus([str(tmp_path)], tokens=True)
    (fam,) = holding(families_of(corpus), "恪守一个中国原则")
    assert len(fam.variants) == 1 and fam.variants[0].uses == 12
    longer = [m for m in fam.members if "妥善处理台湾问题" in m.text]
    assert longer
    docs = {d.id: d for d in corpus.documents}
    for m in fam.members:
        assert m.wording.endswith("三个联合公报规定") and m.wording in m.text
        assert docs[m.doc].text[m.wording_start : m.wording_end] == m.wording
        assert docs[m.doc].raw[m.raw_wording_start : m.raw_wording_end] == m.wording


LINE = "台湾方面进行任何形式的官方往来"


@pytest.mark.parametrize(
    ("said", "core", "cut"),
    [
        ("美方不与台湾方面进行任何形式的官方往来", LINE, "不与台湾方面进行任何形式的官方往来"),
        ("菲方从未向台湾方面进行任何形式的官方往来", LINE, "从未向台湾方面进行任何形式的官方往来"),
        ("各国同台湾方面进行任何形式的官方往来", LINE, "同台湾方面进行任何形式的官方往来"),
        ("日方也停止台湾方面进行任何形式的官方往来", LINE, "台湾方面进行任何形式的官方往来"),
        ("在半岛核问题上", "半岛核问题", "在半岛核问题上"),
        # jieba tags 内 a noun; it closes 在…框架 all the same (MFA 2018-11-26)
        (
            "在联合国安理会相关决议框架内",
            "联合国安理会相关决议框架",
            "在联合国安理会相关决议框架内",
        ),
        # the core's 在 found again further off aligns there as cheaply; the cut starts at the
        # 在 next to the rest, and is then too little of its clause to stand for it
        ("现在就在一个中国原则基础上", "在一个中国原则基础上", "在一个中国原则基础上"),
        ("美国早在40多年前就在一个中国原则基础上同中国建交", "在一个中国原则基础上", None),
    ],
)
def test_a_cut_keeps_the_negation_or_preposition_that_governs_it(said, core, cut):
    """Cut to the core, a use keeps the words just before it that govern it (不 says the
    opposite without them, 向 and 同 who deals with whom), not the verb or adverb before
    those (停止, 也), which the family's other uses do not say; and a preposition the
    locative that closes its frame (在…上, 在…内)."""
    from tifa.tracking.formulations.cores import _inside

    start, end = _inside(tuple(tokenise(said)), said, (0, len(said)), core)
    assert said[start:end] == (said if cut is None else cut)


@pytest.mark.parametrize(
    ("said", "core", "cut"),
    [
        # MFA 2020-05-11, and its family's core
        (
            "中方的立场是一贯的、明确的",
            "中方在台湾问题上的立场是一贯和明确",
            "中方的立场是一贯的、明确的",
        ),
        ("这一立场是非常坚定、明确的", "这一立场是非常明确", "这一立场是非常坚定、明确的"),
        ("中美经贸摩擦是美方一手挑起的", "中美经贸摩擦是美方挑起", "中美经贸摩擦是美方一手挑起的"),
        # a 的 before a noun is no clause's end: the cut stops before it as before
        ("中方的立场是明确的态度", "中方的立场是明确", "中方的立场是明确"),
    ],
)
def test_a_cut_keeps_the_de_that_ends_its_clause(said, core, cut):
    """A 的 that ends the clause closes its predicate (立场是一贯的): a cut that the core
    does not match there still keeps it, or it would say 立场是一贯的、明确, no sentence."""
    from tifa.tracking.formulations.cores import _inside

    start, end = _inside(tuple(tokenise(said)), said, (0, len(said)), core)
    assert said[start:end] == cut


def test_a_silence_that_ends_is_returning_and_an_episode_is_no_drop(tmp_path):
    """A line said in 2016–17, silent through the twelve briefings of 2018 that discussed
    the topic, said again from 2019, is one item: returning in 2019, citing its last use
    before. A line said in twelve briefings of 2017 only was an episode: not dropped."""
    back = "中方提出的双轨并进思路仍然是解决半岛问题的现实可行方案"
    episode = "双暂停倡议是打破当前僵局的第一步"
    calm = "半岛局势总体趋向缓和"
    for year in range(2016, 2021):
        for month in range(1, 13):
            said = [calm] + ([back] if year != 2018 else []) + ([episode] if year == 2017 else [])
            answer = "。".join(said) + "。"
            head = f"{year}年{month}月8日外交部发言人主持例行记者会"
            text = f"{head}\n\n问：有何评论？\n\n答：{answer}\n"
            (tmp_path / f"{year}-{month:02d}-08.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus([str(tmp_path)], tokens=True)
    topic = Topic("pen", "Peninsula", ("双轨并进", "双暂停", "半岛"))
    summaries = {s.period: s for s in period_changes(families_of(corpus, topic))}
    (item,) = [c for s in summaries.values() for c in s.returning]
    assert item.period == "2019" and back in item.member.text and item.gap == ("2018",)
    assert item.last is not None and item.last.period == "2017" and back in item.last.text
    assert not any(s.dropped for s in summaries.values())


def test_the_chart_says_when_its_counts_add_up_to_more_than_the_uses():
    # Two editions or two sentences of one event can say two wordings: the event counts for
    # each, so the rows add up to more than the family's uses, and the summary says so.
    result = CliRunner().invoke(main, ["families", "taiwan", "--all"])
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.split("\ntaiwan-")[1:]
    noted = 0
    for block in blocks:
        uses = int(re.search(r"\n  (\d+) uses in ", block).group(1))  # under the label's sentence
        total = sum(int(n) for n in re.findall(r"\n    (?:v\d+|other wordings) +\S+ +(\d+)", block))
        said = f"counts for each: {total} for {uses} uses)" in block
        assert said == (total != uses), block
        noted += said
    assert noted


def test_word_classes_are_kept_once_per_dictionary_content(tmp_path, monkeypatch):
    """Another install of the same jieba (the same dictionary, another time) reuses the
    entry; another dictionary replaces it, so entries never pile up."""
    from tifa.tracking.formulations import wordclass

    cache = tmp_path / "cache"
    monkeypatch.setenv("TIFA_CACHE_DIR", str(cache))
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text(
        "美方 100 ns\n今天 50 t\n维护 30 v\n的 90 uj\n在 85 p\n都 80 d\n问题 70 n\n好 60 a\n"
        "长治久安 20 i\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(wordclass, "_dictionary", lambda: dictionary)
    cache.mkdir()
    (cache / "wordclass.5071852-1796429398.marshal").write_bytes(b"an older install's")
    # 长治久安 (an idiom): in the dictionary, of no class
    codes = {"美方": 0, "今天": 1, "维护": 4, "的": 5, "在": 6, "都": 7, "问题": 9, "好": 10}
    codes["长治久安"] = wordclass._LISTED
    assert wordclass._load() == codes
    (entry,) = cache.glob("wordclass.*.marshal")
    made = entry.stat().st_ino
    os.utime(dictionary, (1, 1))
    assert wordclass._load() == codes
    assert [e.stat().st_ino for e in cache.glob("wordclass.*.marshal")] == [made]
    dictionary.write_text("美方 100 ns\n", encoding="utf-8")
    assert wordclass._load() == {"美方": 0}
    assert [e.name for e in cache.glob("wordclass.*.marshal")] != [entry.name]
    assert len(list(cache.glob("wordclass.*.marshal"))) == 1


def test_ordinary_words_the_dictionary_tags_names_are_read_as_nouns(tmp_path, monkeypatch):
    """A word the dictionary tags a name that is two ordinary words, one saying what is done
    or how (丰硕成果, 严格执行, 友好往来; for a person's name an adverb too, 从严治党), takes
    its head's class (a verb or adjective; else a
    noun) when jieba's character model does not read it as a name either, and two times are
    a time (今天上午); a name the model reads as one stays (联合政府: 联合 is a verb), and so
    does one that is no such pair (以色列, 特区政府)."""
    from tifa.tracking.formulations import wordclass

    monkeypatch.setenv("TIFA_CACHE_DIR", str(tmp_path / "cache"))
    dictionary = tmp_path / "dict.txt"
    entries = {
        "丰硕": "a", "成果": "n", "丰硕成果": "nr", "严格": "ad", "执行": "v", "严格执行": "nr",
        "友好": "a", "往来": "t", "友好往来": "nr", "联合": "v", "政府": "n", "联合政府": "nt",
        "以色列": "ns", "特区": "n", "特区政府": "nt", "今天": "t", "上午": "t", "今天上午": "nr",
        "从严": "d", "治党": "n", "从严治党": "nr", "首都": "d", "博物馆": "n", "首都博物馆": "ns",
    }  # fmt: skip
    dictionary.write_text("".join(f"{w} 10 {t}\n" for w, t in entries.items()), "utf-8")
    monkeypatch.setattr(wordclass, "_dictionary", lambda: dictionary)
    classes = {w: wordclass._CODES[c] for w, c in wordclass._load().items()}
    assert [classes[w] for w in ("丰硕成果", "严格执行", "友好往来")] == ["noun", "verb", "noun"]
    assert [classes[w] for w in ("联合政府", "以色列", "特区政府")] == ["name"] * 3
    assert classes["今天上午"] == "time"
    # a person's name does not begin with an adverb; a place's may (jieba: 首都 an adverb)
    assert (classes["从严治党"], classes["首都博物馆"]) == ("noun", "name")


def test_a_word_of_no_class_is_told_from_one_jieba_made():
    """jieba's dictionary holds 所有 and 长治久安 with tags of no class; 杜特 and 孟晚 are
    pieces of names jieba made from their characters (``wordclass.listed``). A head is
    still a word of a class: 多边贸易 is a noun by 贸易."""
    from tifa.tracking.formulations.wordclass import head_class, listed, word_class

    assert [word_class(w) for w in ("所有", "长治久安", "杜特")] == [None, None, None]
    assert [listed(w) for w in ("所有", "长治久安", "杜特", "孟晚")] == [True, True, False, False]
    assert head_class("多边贸易") == "noun"


def test_the_character_model_loads_without_jiebas_pickles(tmp_path):
    """A jieba packaged without the pickles of its tables (a distribution's package may leave
    them out) gives the same readings from its modules."""
    from tifa.tracking.formulations import namereading

    model = namereading.CharacterModel(tmp_path)  # no pickles there
    packaged = namereading.CharacterModel.load()
    for word in ("丰硕成果", "联合政府", "以色列"):
        assert model.tags(word) == packaged.tags(word)


def test_the_character_model_reads_as_jiebas_own_viterbi_does():
    """``namereading`` walks jieba's tables as ``jieba.posseg``'s Viterbi does: the same
    path for phrases, names and a word of characters the tables hardly know."""
    from jieba.posseg import char_state_tab, prob_emit, prob_start, prob_trans
    from jieba.posseg.viterbi import viterbi

    from tifa.tracking.formulations import namereading

    model = namereading.CharacterModel.load()
    words = ("丰硕成果", "热烈祝贺", "联合政府", "以色列", "上海合作组织", "今天上午", "𠀀𠀁")
    # names read across a cut, and characters the tables lack between those they know
    across = ("以杜特尔特", "同梅德韦杰夫", "中方在孟晚舟", "𠀀中国𠀁")
    for word in words + across:
        _, path = viterbi(word, char_state_tab.P, prob_start.P, prob_trans.P, prob_emit.P)
        assert model.tags(word) == path, word
