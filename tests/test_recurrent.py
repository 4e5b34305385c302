"""The whole official voice (``recurrent``) lists a recurring line whole: a line longer than
the phrases it is found by, said again and again, is one formulation, not its fragments; a
line said in two wordings is those two wordings, not the stretch they share."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tifa.corpus import Corpus, load_corpus
from tifa.tracking.formulations.changes import PeriodChange, _said_in_words, period_changes
from tifa.tracking.formulations.clauses import (
    Candidate,
    aside,
    ends_frame,
    inside_frame,
    opener,
)
from tifa.tracking.formulations.cores import cuts_marks
from tifa.tracking.formulations.families import build_families
from tifa.tracking.formulations.nested import said_inside
from tifa.tracking.formulations.recurrent import MAX_WORDS, voice_candidates
from tifa.tracking.formulations.render import changes_text, families_text, render_changes
from tifa.tracking.formulations.summary import _Shown, top
from tifa.tracking.formulations.topics import WHOLE_VOICE, Topic
from tifa.tracking.formulations.wordclass import head_class, word_class
from tifa.tracking.periods import bin_documents
from tifa.tracking.versions.events import event_index, group_events
from tifa.tui.app import TifaApp
from tifa.tui.cli.main import main

from helpers import open_families, settle

LINE = "中国政府维护国家主权、安全、发展利益的决心坚定不移"
TWO = ("停止以任何形式干预香港事务", "停止以任何方式插手香港事务")
OPENERS = ("关于你提到的问题", "我要强调的是", "我们多次表明", "需要指出的是")
ASKED = ("我们敦促美方", "我们要求英方", "有关国家应当", "希望澳方")
# sixteen countries, one a briefing over four years: a different name before each use
COUNTRIES = (
    "叙利亚",
    "阿富汗",
    "利比亚",
    "埃及",
    "巴勒斯坦",
    "古巴",
    "缅甸",
    "委内瑞拉",
    "苏丹",
    "伊拉克",
    "黎巴嫩",
    "索马里",
    "越南",
    "乌克兰",
    "伊朗",
    "朝鲜",
)
FILLER = ("我们注意到有关报道。", "中方愿同各方加强沟通协调。", "我没有可以提供的信息。")


def briefings(folder: Path, said: Callable[[int, int], str], per_year: int = 4) -> Corpus:
    """``per_year`` briefings a year, 2017–2020, the n-th of a year answering ``said(year,
    n)``: the archive, with its words."""
    for year in range(2017, 2021):
        for n in range(per_year):
            text = (
                f"{year}年{n + 2}月{n + 3}日外交部发言人华春莹主持例行记者会\n\n"
                f"问：请问中方对此有何评论？\n\n答：{said(year, n)}\n"
            )
            (folder / f"{year}-{n + 2:02d}-{n + 3:02d}.txt").write_text(text, "utf-8")
    return load_corpus([str(folder)], tokens=True)


def voice(archive: Corpus) -> tuple[Candidate, ...]:
    """The whole voice's occurrences, by year."""
    binning = bin_documents(archive.documents, "year", None)
    return voice_candidates(archive, binning, event_index(group_events(archive)))


def listed(folder: Path, said: Callable[[int, int], str], per_year: int = 4) -> set[str]:
    """The texts of the whole voice's occurrences in ``briefings(folder, said, per_year)``."""
    return {c.text for c in voice(briefings(folder, said, per_year))}


def listed_after(folder: Path, *lines: tuple[str, tuple[str, ...]]) -> set[str]:
    """``listed`` when the n-th briefing of each year says, for each stem of ``lines``, the
    stem and its n-th ending."""
    return listed(folder, lambda year, n: "".join(f"{stem}{ends[n]}。" for stem, ends in lines))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Four briefings a year, 2017–2020; from 2019 each says LINE after a clause that
    varies, and one of the two wordings of TWO after words that vary."""

    def said(year: int, n: int) -> str:
        lines = [FILLER[n % 3], FILLER[(n + 1) % 3]]
        if year >= 2019:
            lines += [f"{OPENERS[n]}，{LINE}。", f"{ASKED[n]}{TWO[n % 2]}。"]
        return "".join(lines)

    return briefings(tmp_path_factory.mktemp("voice"), said)


def test_a_line_longer_than_a_phrase_is_listed_whole(archive):
    found = voice(archive)
    said = [c for c in found if "决心" in c.text]
    assert len(said[0].tokens) > MAX_WORDS
    assert {c.text for c in said} == {LINE} and len(said) == 8  # verbatim, 、 as printed
    for c in said:
        doc = archive.get(c.doc)
        assert doc.text[c.start : c.end] == LINE
    assert {c.text for c in found if "香港" in c.text} == set(TWO)


def test_a_rare_third_word_before_a_line_does_not_hold_it_back(tmp_path):
    """各领域务实合作 is said after 各 in 26 of 32 briefings, and 等 and 财金 before it in three
    each. Three words make recurring longer phrases, but the two most said are beside it in
    29 of its 32 uses, so the line is 各领域务实合作, not 领域务实合作, whose 各 is cut off. A term
    said after many words in its events stays the term (``现代化建设`` of the congress
    reports): the two most said must hold as many of its uses, not only of its events."""
    subjects = "两国双方中俄中法中巴中非中欧中日中韩中美中德中英中印中澳中越中泰"
    others = {(2017, 0): "经贸、人文等", (2018, 1): "经贸、人文等", (2019, 2): "经贸、人文等"}
    others |= dict.fromkeys(((2017, 3), (2018, 4), (2019, 5)), "财金")

    def said(year: int, n: int) -> str:
        who = subjects[2 * (n + 8 * (year % 2)) :][:2]  # each said twice: too rarely to recur
        return f"{who}{others.get((year, n), '各')}领域务实合作。"

    uses = [c.text for c in voice(briefings(tmp_path, said, per_year=8))]
    assert uses.count("各领域务实合作") == 26
    assert uses.count("领域务实合作") <= 3


def test_a_line_two_long_reports_each_say_again_and_again_recurs(tmp_path):
    """A congress report says a new slogan many times, and the next report again: two events
    only, each saying it three times or more (``REPEATED``), and the slogan recurs
    (新时代中国特色社会主义思想 in 2017 and 2022). A line two events say, one of them only
    twice, does not: in a briefing archive that is a line said twice more than once."""
    slogan = (
        "全党要深入学习新时代中国特色社会主义思想。",
        "我们必须用新时代中国特色社会主义思想武装头脑。",
        "新时代中国特色社会主义思想是行动指南。",
    )
    twice = (
        "各国要推进绿色低碳转型发展。",
        "我们将加快绿色低碳转型发展。",
        "绿色低碳转型发展势在必行。",
    )

    def said(year: int, n: int) -> str:
        if year == 2017:
            return "".join(slogan + twice)
        if year == 2019:
            return "".join(slogan + twice[:2])
        return FILLER[year % 3]

    found = [c.text for c in voice(briefings(tmp_path, said, per_year=1))]
    assert found.count("新时代中国特色社会主义思想") == 6
    assert not [t for t in found if "绿色低碳" in t]


_THREE = ((2017, 0), (2018, 2), (2020, 1))  # the briefings that also say the shorter line


def test_the_uses_a_longer_line_leaves_stay_with_the_phrase_when_they_recur(tmp_path):
    """Every briefing says 各方应共同维护地区和平稳定, so 维护地区和平稳定 grows into it (共同
    before it in all its events); three also open a clause with 维护地区和平稳定. Those uses
    recur on their own and stay with the shorter line, not lost to the longer one: the
    congress reports say 中华民族伟大复兴 59 times, 42 after 实现."""

    def said(year: int, n: int) -> str:
        alone = "维护地区和平稳定符合各方共同利益。" if (year, n) in _THREE else ""
        return f"{OPENERS[n]}，各方应共同维护地区和平稳定。{alone}{FILLER[n % 3]}"

    found = [c.text for c in voice(briefings(tmp_path, said))]
    assert found.count("各方应共同维护地区和平稳定") == 16
    assert found.count("维护地区和平稳定") == 3


def test_who_is_named_and_one_word_is_no_formulation(tmp_path):
    """〈叙利亚｜阿富汗｜委内瑞拉｜…〉问题 names a different country each time and says one
    short word of it: no formulation, however often said. 〈台湾｜香港｜澳门〉是中国的一部分
    says more than a word of who it names, and 〈朝鲜半岛｜利比亚〉局势 is said mostly of one:
    both stay."""
    countries = ("叙利亚", "阿富汗", "委内瑞拉", "巴勒斯坦", "朝鲜半岛", "利比亚")
    verbs = ("关注", "讨论", "重视", "谈到", "评论", "研究")
    ends = ("取得进展", "备受关注", "十分复杂", "有所缓和", "仍然严峻", "引起热议")
    parts = ("台湾", "香港", "澳门")

    def said(year: int, n: int) -> str:
        k = year - 2017
        line = f"国际社会{verbs[(n + k) % 6]}{countries[n]}问题{ends[(n + 2 * k) % 6]}。"
        if n < 3 and k < 3:
            line += f"{parts[(n + k) % 3]}是中国的一部分。"
        if n < 3 or (n == 3 and k < 3):
            line += f"{'朝鲜半岛' if n < 3 else '利比亚'}局势{ends[(n + k) % 6]}。"
        return line

    uses = [c.text for c in voice(briefings(tmp_path, said, per_year=6))]
    assert not [t for t in uses if t.endswith("问题")]
    assert {f"{p}是中国的一部分" for p in parts} <= set(uses)
    assert {"朝鲜半岛局势", "利比亚局势"} <= set(uses)


def test_a_piece_of_a_quoted_slogan_is_no_line(tmp_path):
    """支持“阿人主导 goes on in three ways: 、阿人所有”, 、阿人治理” or ” alone. Where it stops
    inside the quote it opens, it is a piece of the quoted slogan, and no use listed cuts a
    quote or title mark; the lines that hold the slogan whole are listed."""
    ends = ("、阿人所有”", "”", "、阿人治理”")
    who = ("中方一贯", "国际社会应当", "各方都应", "我们始终", "中国坚定", "联合国一直")

    def said(year: int, n: int) -> str:
        k = 6 * (year - 2017) + n
        return f"{who[(n + year) % 6]}支持“阿人主导{ends[k % 3]}的和平和解进程。"

    uses = [c.text for c in voice(briefings(tmp_path, said, per_year=6))]
    assert not [t for t in uses if cuts_marks(t)]
    assert {f"支持“阿人主导{e}的和平和解进程" for e in ends} <= set(uses)
    assert cuts_marks("《条约”") and cuts_marks("阿人所有”的")
    assert not cuts_marks("《公约》和“议定书”") and not cuts_marks("“一带一路”建设")


def test_changes_list_the_line_not_its_fragments(archive):
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    new = {c.member.text for s in period_changes(report) if s.period == "2019" for c in s.new}
    assert LINE in new  # (TWO, new with it, is listed under it: they change together)
    assert not [t for t in new if t in LINE and t != LINE]
    assert not [t for t in new if t in TWO[0] + TWO[1] and t not in TWO]


def test_the_summaries_show_a_new_line_in_its_sentence(archive):
    """The text, Markdown and HTML summaries of ``tifa changes`` give each use they cite in
    its sentence, the use marked, the same whether the report was built or kept from the
    run before; CSV and JSON, which hold every change, cite it only. ``tifa families`` gives
    the use each family's label is printed from so."""
    folder = str(Path(archive.documents[0].path).parent)
    runner = CliRunner()

    def changes(*extra: str, command: str = "changes") -> str:
        result = runner.invoke(main, [command, "all", "--corpus", folder, *extra])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    built = changes()
    marked = re.compile(rf"^      (?:{'|'.join(OPENERS)})，【{LINE}】。$", re.M)
    assert marked.search(built), built
    assert changes() == built  # kept: the documents read from the index
    assert f"<mark>{LINE}</mark>" in changes("--format", "html")
    assert f"【{LINE}】" in changes("--format", "md")
    assert "【" not in changes("--format", "csv") + changes("--format", "json")
    families = changes(command="families")
    assert re.search(rf"^all-\d+  {LINE}\n  [^\n]+，【{LINE}】。$", families, re.M), families
    assert f"<mark>{LINE}</mark>" in changes("--format", "html", command="families")


def test_no_phrase_begins_or_ends_inside_a_date_or_a_number(tmp_path):
    """Visits announced for other dates each time (jieba cuts 12月9日至11日 into 12 月 9 日至 11
    日): the line is 对中国进行国事访问 (对 says who is visited), never 日至11日对中国进行; a
    number said with its unit is listed whole (9·19共同声明, 100多个国家)."""

    def said(year: int, n: int) -> str:
        day = f"{n + 2}月{year - 2010 + n}日至{year - 2008 + n}日"  # no date said twice
        return (
            f"应国务院总理邀请，有关国家总理将于{day}对中国进行国事访问。"
            f"我们愿同各方一道落实9·19共同声明。已有100多个国家表示支持。"
        )

    found = listed(tmp_path, said, per_year=5)
    assert "对中国进行国事访问" in found
    assert any("9·19共同声明" in t for t in found)
    assert any("100多个国家" in t for t in found)
    inside = re.compile(r"^(?:日至|日|月|至|多个)|(?:至|\d)$")
    assert not [t for t in found if inside.search(t)], found


ENDS = ("原则", "新型国际关系", "方向", "精神", "道路", "理念", "目标", "基础")  # eight


def test_a_word_jieba_cuts_into_characters_is_no_edge(tmp_path):
    """jieba reads 共赢 as one word after 互利, and as 共 赢 after 合作 (合作 共 赢 的 原则):
    the line is 双方将坚持相互尊重、公平正义、合作共赢, not …合作 with its last word taken off
    as two one-character words; 的, said before words that vary, is an edge."""
    archive = briefings(
        tmp_path,
        lambda year, n: (
            f"{OPENERS[n]}，双方将坚持相互尊重、公平正义、合作共赢的{ENDS[(4 * year + n) % 8]}。"
            "我们愿同各方实现互利共赢。"
        ),
    )
    doc = archive.documents[0]
    assert ("合作", "共", "赢", "的") in {
        s.tokens[k : k + 4] for s in doc.sentences for k in range(len(s.tokens or ()))
    }
    found = {c.text for c in voice(archive)}
    assert "双方将坚持相互尊重、公平正义、合作共赢" in found
    assert not [t for t in found if t.endswith(("合作", "共", "的"))]


def test_a_name_jieba_cuts_in_two_is_no_edge(tmp_path):
    """jieba does not know 孟晚舟 and cuts it 孟晚|舟: the phrase ends with the name, not
    at 孟晚 (舟 is no function word)."""
    lines = (
        "我们要求立即释放孟晚舟。",
        "我们再次要求立即释放孟晚舟女士。",
        "中方要求立即释放孟晚舟并让她回国。",
        "加方应当立即释放孟晚舟，纠正错误。",
    )
    found = listed(tmp_path, lambda year, n: lines[n])
    assert "要求立即释放孟晚舟" in found
    assert not [t for t in found if t.endswith("孟晚")]


def test_no_phrase_begins_inside_a_name_jieba_cuts_in_two(tmp_path):
    """jieba cuts 杜特尔特 杜特|尔特, and 以杜特|尔特 after 以: a name it lacks, read from its
    characters in each context. No phrase begins at 尔特 (尔特总统成功访华 was a line of the
    MFA pages), because jieba's character model reads one person's name across the cut; a
    place it reads into what follows (朝鲜|半岛核问题) keeps its edge."""
    plain = "去年10月杜特尔特总统成功访华，两国关系实现全面改善。"
    after_yi = "以杜特尔特总统成功访华为标志，两国关系实现全面改善。"  # too rare to recur
    said = {0: plain, 1: after_yi}  # in 2017 and 2018; plain alone in 2019

    def lines(year: int, n: int) -> str:
        if year <= 2018 or (year == 2019 and n == 0):
            return said.get(n, FILLER[n % 3])
        return f"我们愿同朝鲜半岛核问题有关各方保持沟通。{FILLER[n % 3]}"

    archive = briefings(tmp_path, lines)
    said_words = [s.tokens or () for d in archive.documents for s in d.sentences]
    cut = {pair for words in said_words for pair in pairwise(words)}
    assert {("杜特", "尔特"), ("以杜特", "尔特")} <= cut  # jieba's cuts, in these texts
    found = {c.text for c in voice(archive)}
    assert not [t for t in found if t.startswith("尔特")]
    assert "杜特尔特总统成功访华" in found  # 以 read as a word of its own again
    assert "我们愿同朝鲜半岛核问题有关各方保持沟通" in found


def test_the_character_model_rejoins_the_halves_of_a_persons_name_only():
    """``CharacterModel.rejoined``: one person's name across a cut jieba made, as the model
    reads the two words together (孟晚|舟, 以杜特|尔特 and 王受|文将 hold 孟晚舟, 杜特尔特
    and 王受文), not a cut it makes too (愿同|欧方, 这是|美国), nor a place or organisation
    read into what follows it (朝鲜|半岛核问题, 中非|命运共同体, 福建省|卫健委)."""
    from tifa.tracking.formulations.namereading import CharacterModel

    model = CharacterModel.load()
    assert [model.rejoined(*p) for p in (("孟晚", "舟"), ("以杜特", "尔特"), ("王受", "文将"))] == [
        ("孟晚舟",),
        ("以", "杜特尔特"),
        ("王受文", "将"),
    ]
    assert not any(
        model.rejoined(*p)
        for p in (
            ("愿同", "欧方"),
            ("这是", "美国"),
            ("朝鲜", "半岛核问题"),
            ("中非", "命运共同体"),
            ("福建省", "卫健委"),
        )
    )


def test_a_word_that_carries_the_sense_stays_at_an_edge(tmp_path):
    """A negation, a preposition or a prefix of one character said in every use of a line is
    part of it: 不针对第三方 (not 针对第三方, which says the opposite), 对中国的敌意 (not
    中国的敌意, the hostility China holds), 次区域合作 (jieba: 次 区域合作); a function word
    (的, 和) or a preposition left hanging at the end (在) is not."""
    subjects = ("中俄合作", "这一机制", "中日韩合作", "两国关系")
    lines = [
        f"{subjects[n]}不针对第三方。我们反对{subjects[n]}对中国的敌意和。"
        f"{subjects[n - 1]}次区域合作机制在"
        for n in range(4)
    ]
    found = listed(tmp_path, lambda year, n: lines[n])
    assert {"不针对第三方", "对中国的敌意", "次区域合作机制"} <= found
    assert not [t for t in found if t.startswith("的") or t.endswith(("的", "和", "在"))]


def test_a_de_that_ends_its_clause_ends_the_line(tmp_path):
    """A 的 that ends its clause closes the predicate (是…的), so it is part of the line:
    立场是一贯的、明确的, not 立场是一贯的、明确. Before a noun it still qualifies that noun,
    and is left out. A line that ends its clause on 的 too rarely to recur keeps those uses
    with the rest of its own: 中美经贸合作是互利共赢 is said 16 times, twice ending on 的."""
    issues = ("南海", "涉藏", "人权", "涉疆")
    bases = "基础前提关键保障动力源泉纽带桥梁方向目标支柱引擎核心要义途径选择"

    def said(year: int, n: int) -> str:
        trade = (
            "中美经贸合作是互利共赢的。"
            if (year, n) in {(2017, 0), (2019, 2)}
            else f"中美经贸合作是互利共赢的{bases[2 * (4 * (year - 2017) + n) :][:2]}。"
        )
        return f"中方在{issues[n]}问题上的立场是一贯的、明确的。{trade}"

    uses = [c.text for c in voice(briefings(tmp_path, said))]
    assert len([t for t in uses if t.endswith("问题上的立场是一贯的、明确的")]) == 16
    assert not [t for t in uses if t.endswith("明确")]
    assert uses.count("中美经贸合作是互利共赢") == 16
    assert "中美经贸合作是互利共赢的" not in uses


def test_a_conjunction_that_opens_a_line_is_no_part_of_it(tmp_path):
    """以及 links a line to what was said before it (双方就X以及共同关心的国际和地区问题交换了
    意见): at a line's start it is left out, as a one-character function word is; and a term
    too short to be found (国际社会 of 以及国际社会) is no line once it is."""
    topics = ("双边关系", "经贸合作", "人文交流", "地区形势")
    rest = ("的支持", "的关注", "的努力", "的理解")

    def said(year: int, n: int) -> str:
        return (
            f"双方就{topics[n]}以及共同关心的国际和地区问题交换了意见。"
            f"我们感谢{topics[(n + year) % 4]}以及国际社会{rest[(n + 2 * year) % 4]}。"
        )

    uses = {c.text for c in voice(briefings(tmp_path, said))}
    assert not [t for t in uses if t.startswith("以及")]
    assert "共同关心的国际和地区问题交换了意见" in uses
    assert "国际社会" not in uses


def test_a_stem_that_leans_on_what_follows_is_no_formulation(tmp_path):
    """我们敦促美方立即停止 is said before a different object in each briefing, and never ends
    its clause: it ends on a verb (停止), and 敦促美方立即 on an adverb, each leaning on what
    follows, and neither is listed; the lines it begins, which recur, are. 中方坚决反对 also
    ends on a verb, but ends its clause in half its uses: a line."""
    objects = ("对台军售", "干涉中国内政", "单边制裁", "挑衅行为")

    made = ("贡献", "努力", "探索", "尝试")  # 积极: an adjective said as an adverb

    def said(year: int, n: int) -> str:
        against = "中方坚决反对。" if n % 2 else f"中方坚决反对{objects[n]}。"
        return f"我们敦促美方立即停止{objects[n]}。{against}各方都为此作出了积极{made[n]}。"

    found = listed(tmp_path, said)
    assert "中方坚决反对" in found
    assert {f"我们敦促美方立即停止{o}" for o in objects} <= found
    assert {f"各方都为此作出了积极{m}" for m in made} <= found
    assert not [t for t in found if t.endswith(("停止", "立即", "积极"))]


def test_one_use_in_ten_of_a_stem_may_end_its_clause(tmp_path):
    """中方高度重视 is said 194 times on the MFA pages and ends its clause in 3 of them: a stem
    all the same. One use in ten may stray (``STRAYING``): here one of thirteen ends its
    clause, and the stem is not listed, the lines it begins are; 我们坚决支持 ends its clause in
    two of fourteen, more than one in ten, and is a line."""
    objects = ("同各国的友好合作", "两国人民的友谊", "地区和平稳定", "南南合作")

    def said(year: int, n: int) -> str:
        k = (year - 2017) * 3 + n
        valued = "对此，中方高度重视。" if k == 5 else ""
        backed = "我们坚决支持。" if k in (5, 9) else ""
        return f"{valued}中方高度重视{objects[k % 4]}。{backed}我们坚决支持{objects[k % 4]}。"

    found = listed(tmp_path, said, per_year=3)
    assert "中方高度重视" not in found
    assert {f"中方高度重视{o}" for o in objects} <= found
    assert "我们坚决支持" in found


def test_who_a_verb_addresses_before_a_comma_leans_on_what_follows(tmp_path):
    """我们希望有关各方 is said before what is hoped of them, once after a comma: the parties
    are addressed, and what follows the comma is what they are asked. It is a stem all the
    same. 国际社会各方 before a comma is who the sentence goes on about, no verb of it
    addressing them, and stays."""
    asks = (
        "保持克制停止挑衅冷静行事相向而行恢复对话加强沟通妥善处理尊重事实"
        "遵守协议减少对抗积极配合务实合作增进互信共同努力正视问题化解分歧"
    )

    def said(year: int, n: int) -> str:
        k = 4 * (year - 2017) + n
        ask, other = asks[2 * k : 2 * k + 2], asks[2 * (15 - k) : 2 * (15 - k) + 2]
        comma = "，" if k == 5 else ""
        return f"我们希望有关各方{comma}{ask}。国际社会各方，都应{other}。"

    uses = {c.text for c in voice(briefings(tmp_path, said))}
    assert not [t for t in uses if t.endswith("希望有关各方")]
    assert "国际社会各方" in uses


def test_the_subject_of_a_clause_a_verb_takes_leans_on_its_predicate(tmp_path):
    """我们也希望有关方面 is said before what is hoped of them, a different thing each time: 希望
    takes a clause for its object here, its subject 有关方面 and its predicate after, so the
    phrase is a stem. 外国驻华记者 is said before a different predicate too, but 驻华
    qualifies the noun after it and never follows an adverb as a predicate's verb does: a
    subject, which stays a line."""
    asks = (
        "保持克制停止挑衅冷静行事相向而行恢复对话加强沟通妥善处理尊重事实遵守协议减少对抗积极配合"
        "务实合作增进互信共同努力正视问题化解分歧客观看待理性处理慎重行事顾全大局着眼长远"
        "以诚相待求同存异谨言慎行"
    )

    def said(year: int, n: int) -> str:
        k = 6 * (year - 2017) + n
        ask, other = asks[2 * k : 2 * k + 2], asks[2 * (23 - k) : 2 * (23 - k) + 2]
        return f"我们也希望有关方面{ask}。外国驻华记者{other}。"

    uses = {c.text for c in voice(briefings(tmp_path, said, per_year=6))}
    assert not [t for t in uses if t.endswith("有关方面")]
    assert "外国驻华记者" in uses


def test_who_is_noticed_leans_on_what_is_noticed(tmp_path):
    """我们注意到特朗普总统 is said before what was noticed of him, a different thing each time
    (多次表示…, 宣布参选的报道, 已提名…: the MFA pages' 44 uses of 注意到特朗普总统): noticing
    takes what follows for its object, whether the archive shows it so often enough or not, and
    jieba cuts the verb from its complement (注意|到). The phrase is a stem, not listed, and so
    is one that names someone by office and name, as ``slots`` reads them (日本首相安倍晋三:
    jieba keeps 日本首相 whole)."""
    noticed = (
        "多次表示期待同习近平主席再次会晤",
        "宣布参选的报道",
        "在就职演讲中主要阐述国内政策",
        "已提名新一任国务卿",
    )
    found = listed_after(
        tmp_path, ("我们注意到特朗普总统", noticed), ("中方注意到日本首相安倍晋三", noticed)
    )
    assert not [t for t in found if t.endswith(("特朗普总统", "安倍晋三"))]


def test_a_word_that_almost_never_ends_a_clause_leans_on_what_follows(tmp_path):
    """双方合作的重要 is said before a different noun in each briefing and never ends its
    clause. jieba calls 重要 an adjective, which would end a line; but in this archive it ends
    none of the 24 clauses it is said in, so it leans on what follows, and the phrase is a
    stem. 中国司法机关 is said before a different predicate and never ends a clause either:
    a subject, which stays a line (nouns are not read so). But 致力于, a noun to jieba, is
    said right after an adverb (始终) as verbs are, and 中方始终致力于 is a stem too."""
    heads = ("意义", "作用", "成果", "基础", "内容", "方向")
    acts = ("审理了此案", "作出了判决", "公开了案情", "依据事实办案", "通报了进展", "受理了上诉")
    aims = (
        "维护地区和平",
        "推动对话协商",
        "促进共同发展",
        "深化务实合作",
        "加强人文交流",
        "扩大贸易往来",
    )

    def said(year: int, n: int) -> str:
        return f"双方合作的重要{heads[n]}日益显现。中国司法机关{acts[n]}。中方始终致力于{aims[n]}。"

    found = listed(tmp_path, said, per_year=len(heads))
    assert {h for h in heads if any(t.startswith(f"双方合作的重要{h}") for t in found)} == set(
        heads
    )
    assert {a for a in aims if f"中方始终致力于{a}" in found} == set(aims)
    assert not [t for t in found if t.endswith(("重要", "致力于"))]
    assert "中国司法机关" in found


def test_an_adverb_before_de_qualifies_the_noun_after_it(tmp_path):
    """双方保持着密切 is said before six different nouns, two of them through 的: 密切
    (jieba: an adjective said as an adverb) qualifies the noun after 的 as it does the noun
    right after it, so the phrase is a stem, not listed, while the lines are. 中方的立场是明确的,
    whose 的 ends the clause, says what is said: a line."""
    kept = ("沟通", "的沟通", "联系", "的协调", "协调", "合作")

    def said(year: int, n: int) -> str:
        return f"双方保持着密切{kept[n]}。中方的立场是明确的。"

    found = listed(tmp_path, said, per_year=len(kept))
    assert {f"双方保持着密切{k}" for k in kept} <= found
    assert not [t for t in found if t.endswith("密切")]
    assert [t for t in found if t.startswith("中方的立场是明确")]


def test_a_stem_that_ends_on_how_often_or_how_soon_is_no_formulation(tmp_path):
    """我们已经多次 and 我们会及时 are said before a different verb in each briefing: 多次
    (jieba: a number) says how many times, 及时 (jieba: a conjunction) how soon, and each
    leans on its verb as an adverb does, so neither is listed; 这不是第一次, which ends its
    clause, is a line."""
    verbs = ("表明立场", "阐明态度", "作出回应", "介绍情况")
    news = ("发布消息", "通报情况", "提供信息", "作出安排")

    def said(year: int, n: int) -> str:
        return f"我们已经多次{verbs[n]}。我们会及时{news[n]}。这不是第一次。"

    found = listed(tmp_path, said)
    assert "这不是第一次" in found
    assert not [t for t in found if t.endswith(("多次", "及时"))]


def test_a_stem_that_ends_on_a_preposition_is_no_formulation(tmp_path):
    """中方愿根据 is said before a different object in each briefing: 根据 (a preposition of
    two characters, which stays at a phrase's end where 在 or 对 would not) leans on its
    object as a verb does, so the phrase is a stem, not listed, while the lines are."""
    grounds = ("国际法", "事实真相", "实际需要", "双方共识")

    def said(year: int, n: int) -> str:
        return f"中方愿根据{grounds[n]}妥善处理有关问题。"

    found = listed(tmp_path, said)
    assert {f"中方愿根据{g}妥善处理有关问题" for g in grounds} <= found
    assert not [t for t in found if t.endswith("根据")]


def test_a_stem_that_ends_on_who_is_addressed_is_no_formulation(tmp_path):
    """我们希望美方 opens a different line in each briefing, once through 的 (美方的有关部门):
    it ends on the party addressed, which points past it to what is hoped of it, so it is
    a stem and not listed, while the lines it opens, which recur, are; and so is 注意到有关,
    before 的 too. A line that ends on a party and ends its clause in one use is said
    whole: 中美双方应当尊重各方."""
    hoped = ("停止干涉中国内政", "恪守一个中国原则", "的有关部门停止制裁", "客观看待中国发展")
    noted = ("报道", "的报道", "消息", "情况")

    def said(year: int, n: int) -> str:
        respect = "中美双方应当尊重各方。" if n == 0 else "中美双方应当尊重各方的关切。"
        return f"我们希望美方{hoped[n]}。我们注意到有关{noted[n]}。{respect}"

    found = listed(tmp_path, said)
    assert {f"我们希望美方{h}" for h in hoped} <= found
    assert "我们注意到有关消息" in found and "中美双方应当尊重各方" in found
    assert not [t for t in found if t.endswith(("美方", "有关"))]


def test_a_name_a_verb_governs_is_a_stem_and_a_named_subject_a_line(tmp_path):
    """维护朝鲜半岛 is said before a different noun in each briefing: the name is the verb's
    object's qualifier, the phrase a stem, not listed, and the lines it opens are. A name
    that ends a subject, after 的, is said whole before its predicates:
    以习近平同志为核心的党中央."""
    kept = ("和平稳定", "长治久安", "无核化进程", "和平机制建设")
    does = ("高度重视", "作出部署", "统筹推进", "坚强领导")
    found = listed_after(
        tmp_path, ("我们愿共同维护朝鲜半岛", kept), ("以习近平同志为核心的党中央", does)
    )
    assert {f"我们愿共同维护朝鲜半岛{k}" for k in kept} <= found
    assert not [t for t in found if t.endswith("朝鲜半岛")]
    assert "以习近平同志为核心的党中央" in found


def test_oppose_is_a_verb_that_governs_the_name_after_it(tmp_path):
    """jieba's dictionary tags 反对 (oppose) an adverb; tifa reads it as the verb it is, so
    中方坚决反对美国, said before what the US is opposed for (在韩国部署萨德系统, 实施单边制裁 …:
    the MFA pages' 37 uses), governs the name, and is a stem, not listed, as 维护朝鲜半岛 is."""
    assert head_class("反对") == "verb" and head_class("同意") == "verb"
    what = ("在韩国部署萨德系统", "实施单边制裁", "干涉中国内政", "售台武器")
    found = listed_after(tmp_path, ("中方坚决反对美国", what))
    assert {f"中方坚决反对美国{w}" for w in what} <= found
    assert not [t for t in found if t.endswith("美国")]


def test_with_after_an_adverb_or_a_predicates_verb_is_a_preposition(tmp_path):
    """与 and 同 join two nouns (对话与合作), and a phrase that ends on the second is said
    whole; after an adverb or a verb said as a predicate's verb they are the preposition
    "with", and a phrase that ends on its object (我们将继续同国际社会, before 一道 or
    加强合作: the MFA pages' 14 uses of 继续同国际社会) leans on the verb that follows."""
    adverbs = ("共同", "积极", "进一步", "也")
    goes_on = ("一道努力", "加强合作", "携手应对挑战", "深化交流")

    def said(year: int, n: int) -> str:
        return (
            f"我们将继续同国际社会{goes_on[(n + year) % 4]}。"
            f"双方愿{adverbs[n % 4]}继续推进对话与合作。"
        )

    found = listed(tmp_path, said, per_year=8)
    assert not [t for t in found if t.endswith("国际社会")]
    assert {t for t in found if t.endswith("对话与合作")}


def test_a_verb_said_as_an_adverb_opens_the_predicate_after_an_object(tmp_path):
    """jieba tags 持续 a verb said as an adverb (vd), which tifa reads as the adverb it is said
    as: 推动中日关系 before 持续健康稳定发展 or 持续改善, as before 改善和发展 (the MFA pages'
    29 uses), is the stem of the lines, the predicate of its object following, and is not
    listed."""
    assert head_class("持续") == "adverb"
    adverbs = ("共同", "积极", "进一步", "继续")
    goes_on = ("持续健康稳定发展", "改善和发展", "持续改善", "向前发展")

    def said(year: int, n: int) -> str:
        return f"中方愿{adverbs[n % 4]}推动中日关系{goes_on[(n + year) % 4]}。"

    found = listed(tmp_path, said, per_year=8)
    assert {f"推动中日关系{g}" for g in goes_on} <= found
    assert not [t for t in found if t.endswith("中日关系")]


def test_a_noun_that_runs_on_into_its_head_is_a_stem(tmp_path):
    """我们将继续完善社会主义 is said before a different noun in each briefing (市场经济体制,
    法治体系 …): its last word qualifies the noun that follows, so it ends inside a compound
    whose head is not said, and it is not listed; the lines it begins, which recur, are.
    各方应当加强国际合作 runs on into a noun in some uses but ends its clause in others: a
    line."""
    objects = ("市场经济体制", "法治体系", "民主政治制度", "文化事业")
    more = ("", "机制", "平台", "")
    found = listed_after(
        tmp_path, ("我们将继续完善社会主义", objects), ("各方应当加强国际合作", more)
    )
    assert {f"我们将继续完善社会主义{o}" for o in objects} <= found
    assert "各方应当加强国际合作" in found
    assert not [t for t in found if t.endswith("社会主义")]


def test_a_verb_after_a_verb_before_de_qualifies_the_noun_after_it(tmp_path):
    """两国外长进行了深入 is said before 的 and a different noun in each briefing: 深入 (jieba:
    a verb) qualifies that noun, which is 进行's object, so the phrase is a stem, not listed,
    while the lines are. 外防输入、内防反弹 before 的 is a list whose items qualify the noun
    together: a line."""
    talks = ("交流", "沟通", "讨论", "磋商")
    kind = ("策略", "方针", "原则", "做法")

    def said(year: int, n: int) -> str:
        return f"两国外长进行了深入的{talks[n]}。中方坚持外防输入、内防反弹的{kind[n]}。"

    found = listed(tmp_path, said)
    assert {f"两国外长进行了深入的{t}" for t in talks} <= found
    assert not [t for t in found if t.endswith("深入")]
    assert [t for t in found if t.endswith("外防输入、内防反弹")]


def test_an_adjective_after_a_verb_before_de_qualifies_the_noun_after_it(tmp_path):
    """发挥了重要 is said before a different noun in each briefing, once with 的 between
    (发挥了重要的作用): 重要 qualifies that noun, the object of 发挥, so the phrase is a stem
    there too, not a line said whole before 的."""
    subjects = ("中方", "双方", "两国", "各方", "东盟", "欧盟", "联合国", "世卫组织")
    roles = "作用贡献角色影响力量桥梁纽带平台支柱引擎窗口基石"

    def said(year: int, n: int) -> str:
        k = 6 * (year - 2017) + n
        role = "的作用" if k == 0 else roles[2 * (k % 12) : 2 * (k % 12) + 2]
        return f"{subjects[k % 8]}发挥了重要{role}。"

    found = listed(tmp_path, said, per_year=6)
    assert not [t for t in found if t.endswith("重要")]


def test_a_phrase_that_begins_on_the_head_of_a_compound_before_de_is_a_tail(tmp_path):
    """问题的政治解决 follows a different country in each briefing (叙利亚问题的政治解决): it
    begins on the head of a noun the country opens, a tail of sixteen lines each said once,
    and is not listed; so is 领域的务实合作 after 各, 重要, 这些 or 安全. 中国人民的感情, said
    whole after a verb, is."""
    which = ("各", "重要", "这些", "安全")  # a determiner, an adjective, a noun: 各领域

    def said(year: int, n: int) -> str:
        country = COUNTRIES[4 * (year - 2017) + n]
        return (
            f"中方一贯主张推动{country}问题的政治解决。这严重伤害了中国人民的感情。"
            f"双方愿加强{which[(n + year) % 4]}领域的务实合作。"
        )

    found = listed(tmp_path, said)
    assert not [t for t in found if t.startswith(("问题", "领域"))]
    assert any("中国人民的感情" in t for t in found)


def test_one_use_in_ten_of_a_tail_may_begin_elsewhere(tmp_path):
    """问题的政治解决 after fifteen countries and once after a verb (推动问题的政治解决, a use
    that begins no compound) is still the tail of those lines: one use in ten may stray
    (``STRAYING``), as it may for a stem. Twice in sixteen, it is a line."""

    def said(strays: int) -> Callable[[int, int], str]:
        def one(year: int, n: int) -> str:
            k = 4 * (year - 2017) + n
            country = COUNTRIES[k] if k < 16 - strays else ""
            return f"中方一贯主张推动{country}问题的政治解决。"

        return one

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert not [t for t in listed(one, said(1)) if t.startswith("问题")]
    assert "问题的政治解决" in listed(two, said(2))


def test_a_phrase_that_ends_on_a_prepositions_object_leans_on_its_verb(tmp_path):
    """双方通过对话协商 is said before a different verb each time (解决分歧, 化解矛盾 …): it
    ends on the object of 通过, whose verb follows, a stem. 以人权为借口 opens with its
    preposition and is said whole, whatever follows it."""
    lead = ("我们希望", "中方支持", "国际社会鼓励", "各方期待")
    verbs = ("解决分歧", "化解矛盾", "管控分歧", "处理问题")
    who = ("美方", "个别国家", "一些西方政客", "有关势力")
    acts = ("干涉中国内政", "抹黑中国", "攻击中方", "制造事端")

    def said(year: int, n: int) -> str:
        k = (n + year) % 4
        return f"{lead[n]}双方通过对话协商{verbs[k]}。{who[n]}以人权为借口{acts[k]}。"

    found = listed(tmp_path, said)
    assert not [t for t in found if t.endswith("通过对话协商")]
    assert "以人权为借口" in found


def test_a_phrase_a_preposition_opens_leans_on_the_noun_after_de_it_governs(tmp_path):
    """本着相互尊重 is said before 的 and a different head each time (的原则, 的精神 …): 本着
    governs 相互尊重的原则, so the phrase ends inside its object, a stem. 以联合国为核心 closes the
    frame 以…为 it opens and is said whole before 的 (以联合国为核心的国际体系), and so is
    中国经济长期向好, whose 向 jieba cuts from 好."""
    lead = ("中方愿", "我们将", "双方应", "各方要")
    heads = ("原则", "精神", "态度", "方针")
    verbs = ("坚定维护", "共同捍卫", "积极支持", "始终践行")
    systems = ("国际体系", "多边体系", "国际秩序", "全球治理体系")

    trends = ("基本面", "势头", "态势", "趋势")
    lead_ins = ("我们认为", "事实表明", "我们相信", "专家指出")

    def said(year: int, n: int) -> str:
        k = (n + year) % 4
        return (
            f"{lead[n]}本着相互尊重的{heads[k]}发展关系。"
            f"{lead[n]}{verbs[k]}以联合国为核心的{systems[n]}。"
            f"{lead_ins[n]}，中国经济长期向好的{trends[k]}没有改变。"
        )

    found = listed(tmp_path, said)
    assert not [t for t in found if t.endswith("本着相互尊重")]
    assert "以联合国为核心" in found
    assert "中国经济长期向好" in found  # 向|好: jieba's cut of one word, no preposition


def test_a_noun_before_its_head_in_one_use_qualifies_it_before_de_too(tmp_path):
    """各国应当共同维护地区和全球 runs on into a noun in some briefings (和平稳定) and into 的
    and a noun in others (的和平与繁荣): both times its nouns qualify what follows, the
    object of 维护, so it is a stem, not listed, while the lines are. 诬蔑抹黑中国 is only
    said before 的 and a noun: it may be the whole act the noun is of (诬蔑抹黑中国的言论), a
    line. 世界和平的建设者 ends on the head of its own noun phrase, the first item of a list
    (、全球发展的贡献者, 和国际秩序的维护者): a line."""
    object_ = ("和平稳定", "的和平与繁荣", "的安全", "公共卫生安全")
    act = ("的言论", "的做法", "的行径", "的图谋")
    roles = ("、全球发展的贡献者", "和国际秩序的维护者", "、国际秩序的维护者", "和全球发展的贡献者")

    def said(year: int, n: int) -> str:
        return (
            f"各国应当共同维护地区和全球{object_[n]}。我们坚决反对诬蔑抹黑中国{act[n]}。"
            f"中国始终是世界和平的建设者{roles[n]}。"
        )

    found = listed(tmp_path, said)
    assert {f"各国应当共同维护地区和全球{o}" for o in object_} <= found
    assert not [t for t in found if t.endswith("全球")]
    assert "我们坚决反对诬蔑抹黑中国" in found
    assert "中国始终是世界和平的建设者" in found


def test_items_joined_to_a_noun_after_de_run_on_into_its_head(tmp_path):
    """就共同关心的国际 runs on into 问题 or 形势, or into 和地区 and then 问题: 国际 and
    地区 qualify that head together, so the phrase is a stem, not listed, while the lines
    are. (世界和平的建设者 before 和国际秩序的维护者, where the items' head is said before a 的
    of its own, stays: ``test_a_noun_before_its_head_in_one_use_qualifies_it_before_de_too``.)"""
    who = ("双方", "两国外长", "中方愿同各方", "两国领导人还")
    rest = ("和地区问题交换了意见", "问题深入交换意见", "和地区问题保持沟通", "形势交换看法")

    def said(year: int, n: int) -> str:
        return f"{who[(n + year) % 4]}就共同关心的国际{rest[n]}。"

    found = listed(tmp_path, said)
    assert all(any(t.endswith(f"就共同关心的国际{r}") for t in found) for r in rest)
    assert not [t for t in found if t.endswith("国际")]


def test_a_phrase_that_ends_on_the_first_of_joined_nouns_is_cut_inside_them(tmp_path):
    """各方应共同维护本地区的和平 is followed in each briefing by 与 and another noun (与稳定,
    与安宁 …), whether the clause ends there or goes on: it ends inside the pair, a stem, not
    listed, while the lines are."""
    pair = ("与稳定", "与安宁", "与稳定发挥建设性作用", "与繁荣作出贡献")
    found = listed_after(tmp_path, ("各方应共同维护本地区的和平", pair))
    assert {f"各方应共同维护本地区的和平{p}" for p in pair} <= found
    assert "各方应共同维护本地区的和平" not in found


def test_a_noun_before_an_adjective_in_every_use_is_a_stem(tmp_path):
    """各方都认为当前半岛局势 is said before a different adjective in each briefing (敏感复杂,
    复杂严峻 …: jieba's adjectives, here what is said of the situation): its predicate
    follows, so it is a stem, not listed, while the lines are."""
    state = ("敏感复杂", "复杂严峻", "紧张", "稳定向好")
    found = listed_after(tmp_path, ("各方都认为当前半岛局势", state))
    assert {f"各方都认为当前半岛局势{s}" for s in state} <= found
    assert "各方都认为当前半岛局势" not in found


def test_a_name_a_verb_governs_in_one_use_qualifies_the_object_before_de(tmp_path):
    """我们希望美国政府 runs on into what the government should do in some briefings and into
    的 and a noun in others (的政策): the name is 希望's object, or qualifies it, so the phrase
    is a stem, not listed, while the lines are."""
    wish = ("能够及时回应", "的政策有利于两国", "采取切实措施", "的有关人士停止挑衅")
    found = listed_after(tmp_path, ("我们希望美国政府", wish))
    assert {f"我们希望美国政府{w}" for w in wish} <= found
    assert "我们希望美国政府" not in found


def test_a_word_jieba_leaves_without_a_class_is_read_by_its_head(tmp_path):
    """jieba keeps 积极参与 (an idiom) and 多边贸易 (a fixed phrase) whole and gives them no
    class; read by their heads, 参与 a verb and 贸易 a noun, 中方将继续积极参与 before a
    different object in each briefing and 我们将坚定维护多边贸易 before 体制, 体系 … are stems,
    not listed, while the lines are; so is 我们愿同各方加强区域 before 经贸合作 or 互联互通,
    fixed phrases whose heads are nouns. A name jieba's dictionary lacks has no such head."""
    assert (head_class("积极参与"), head_class("多边贸易")) == ("verb", "noun")
    assert head_class("华春莹") is None and head_class("王毅") is None
    objects = ("国际合作", "全球治理", "联合国维和行动", "地区事务")
    (tmp_path / "verb").mkdir(), (tmp_path / "noun").mkdir()
    found = listed_after(tmp_path / "verb", ("中方将继续积极参与", objects))
    assert {f"中方将继续积极参与{o}" for o in objects} <= found
    assert "中方将继续积极参与" not in found
    heads = ("体制", "体系", "规则和秩序", "的权威性")
    found = listed_after(tmp_path / "noun", ("我们将坚定维护多边贸易", heads))
    assert "我们将坚定维护多边贸易体制" in found
    assert "我们将坚定维护多边贸易" not in found
    (tmp_path / "head").mkdir()
    nouns = ("经贸合作", "互联互通", "交流合作", "安全合作")
    found = listed_after(tmp_path / "head", ("我们愿同各方加强区域", nouns))
    assert {f"我们愿同各方加强区域{n}" for n in nouns} <= found
    assert "我们愿同各方加强区域" not in found


def test_a_noun_phrase_that_any_opens_is_the_subject_of_what_follows(tmp_path):
    """我们坚决反对任何国家 is said before a different predicate in each briefing: 任何国家 is
    the subject of what follows, the phrase a stem, not listed, while the lines are.
    中方将采取一切必要措施 also runs on in every use, but 一切 opens a whole object, and what
    follows says what the measures are for: a line."""
    done = ("干涉中国内政", "以任何借口插手", "损害中国利益", "搞单边制裁")
    kept = ("维护国家主权", "保护公民安全", "捍卫企业权益", "确保正当权益")
    found = listed_after(tmp_path, ("我们坚决反对任何国家", done), ("中方将采取一切必要措施", kept))
    assert {f"我们坚决反对任何国家{d}" for d in done} <= found
    assert not [t for t in found if t.endswith("任何国家")]
    assert "中方将采取一切必要措施" in found


def test_names_joined_by_and_are_who_is_spoken_of(tmp_path):
    """习近平主席同特朗普总统 opens a different line in each briefing: names joined by 同 say
    who is spoken of, not what (as a topic's key phrases may not: ``keyphrases._says``), and
    are not listed, while the lines are, nor are names a preposition relates (美方对中国);
    是中国的一部分, where 的 joins a name to what is said of it, is."""
    did = ("举行会晤", "通电话", "共同出席活动", "交换意见")
    whose = ("台湾", "香港", "澳门", "西藏")
    towards = ("极限施压", "无端指责", "横加干涉", "的指责毫无道理")  # before 的: said whole

    def said(year: int, n: int) -> str:
        return f"习近平主席同特朗普总统{did[n]}。{whose[n]}是中国的一部分。美方对中国{towards[n]}。"

    found = listed(tmp_path, said)
    assert "是中国的一部分" in found
    assert {f"习近平主席同特朗普总统{d}" for d in did} <= found
    assert "习近平主席同特朗普总统" not in found
    assert "美方对中国" not in found  # names a preposition relates


def test_the_speakers_asides_are_no_formulations(tmp_path):
    """我们多次强调 and 我刚才已经回答了这个问题 are the spokesperson speaking of their own
    speaking (``clauses.aside``, as for a topic's windows): not listed, while the line they
    introduce is. A phrase is left out, not its clause: 我们讲一切从实际出发 is an aside, and
    一切从实际出发, said there and elsewhere, a line."""
    line = "中方坚定维护国家主权和领土完整"
    opener = ("我们多次强调", "我们已经多次强调", "我们一直强调", "我们多次强调")
    principle = ("我们讲", "坚持", "必须", "")

    def said(year: int, n: int) -> str:
        return f"{opener[n]}，{line}。我刚才已经回答了这个问题。{principle[n]}一切从实际出发。"

    found = listed(tmp_path, said)
    assert line in found and "一切从实际出发" in found
    assert not [t for t in found if "强调" in t or "回答" in t or t.startswith("我们讲")]


def test_a_line_said_inside_a_longer_one_is_not_dropped_nor_new(tmp_path):
    """坚持走和平发展道路 is said on its own in 2017–2018 and inside
    坚持走和平发展道路的决心坚定不移 in 2019–2020. Its words are said after 2018, so it was
    not dropped then; and the longer line's words are not said before 2019, so it is new
    then. A change of the whole voice is listed only when the text bears it out
    (``nested``), whatever family holds each use."""
    short, long = "坚持走和平发展道路", "坚持走和平发展道路的决心坚定不移"
    opener = ("我们始终认为", "大家都看到", "历史证明", "事实表明")

    def said(year: int, n: int) -> str:
        return f"{opener[n]}，{short if year < 2019 else long}。"

    archive = briefings(tmp_path, said)
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    (line,) = [f for f in report.families if f.label == long]
    (alone,) = [f for f in report.families if f.label == short]
    assert said_inside(report.families, [alone]) == {alone.id: {"2019", "2020"}}
    assert said_inside(report.families, [line]) == {}
    at = {str(year): n for n, year in enumerate(range(2017, 2021))}
    dropped = PeriodChange("2018", "dropped", alone, alone.members[-1])
    new = PeriodChange("2019", "new", line, line.members[0])
    assert _said_in_words([dropped, new], report.families, at) == [new]


def test_a_use_after_a_negation_is_no_use_of_the_phrase(tmp_path):
    """附加任何政治条件 said after 不 in half the briefings, and after adverbs that vary in the
    others (so the phrase does not grow over either): the first are 不附加任何政治条件, and
    the phrase's own uses say it plainly; a negation said too rarely (决不, once) takes its
    use out of both."""
    subjects = ("中方援助", "这类贷款", "美方的援助", "有的国家")

    def said(year: int, n: int) -> str:
        if year == 2017 and n == 0:
            return "我们决不附加任何政治条件。"
        how = "不" if n < 2 else ("总是", "往往", "经常", "常常")[(year + n) % 4]
        return f"{subjects[(year + n) % 4]}{how}附加任何政治条件。"

    archive = briefings(tmp_path, said)
    found = voice(archive)
    said = {c.text for c in found}
    assert {"不附加任何政治条件", "附加任何政治条件"} <= said
    plain = [c for c in found if c.text.endswith("附加任何政治条件") and c.text[0] != "不"]
    assert plain and not [c for c in plain if archive.get(c.doc).text[c.start - 1] == "不"]
    assert not [t for t in said if "决不" in t]


def test_a_topic_marker_that_opens_a_clause_is_no_part_of_a_phrase(tmp_path):
    """关于中美经贸磋商 opens the answer's first clause in every briefing: the frame of what
    follows, so the line is 中美经贸磋商取得积极进展 and no phrase opens with 关于 (nor 至于,
    对于). A title that opens with 关于 keeps it, inside a clause or after 《: it is the
    title's first word."""
    markers = ("关于", "至于", "对于", "关于")
    title = "关于做好不明原因肺炎救治工作的紧急通知"

    def said(year: int, n: int) -> str:
        return f"{markers[n]}中美经贸磋商取得积极进展，我没有更多信息。卫健委印发了{title}。" + (
            f"《{title}》已经印发。" if n % 2 else ""
        )

    found = listed(tmp_path, said)
    assert "中美经贸磋商取得积极进展" in found
    assert not [t for t in found if t.startswith(("关于中", "至于", "对于"))]
    assert any(title in t for t in found)
    assert not [t for t in found if t.startswith(title[2:])]


def test_an_aside_whose_pronoun_jieba_glues_to_a_verb_is_an_aside(tmp_path):
    """jieba cuts 我愿再次强调 as 我愿 再次 强调 and 我要再次重申 as 我要 再次 重申: the
    spokesperson speaking of their own speaking all the same, not listed, while the line they
    introduce is. 我国 (our country) is no pronoun and a verb: 我国政府一贯强调 is who speaks."""
    line = "台湾是中国领土不可分割的一部分"
    opener = ("我愿再次强调", "我要再次重申", "我愿再次重申", "我要再次强调")

    def said(year: int, n: int) -> str:
        return f"{opener[n]}，{line}。"

    found = listed(tmp_path, said)
    assert line in found
    assert not [t for t in found if "强调" in t or "重申" in t]
    assert not aside(("我国", "政府", "一贯", "强调"))


def test_as_someone_said_is_an_aside(tmp_path):
    """正如你提到的 and 正如中方多次指出的 point to what was said elsewhere (正如 and a verb of
    saying, asking or noticing): asides, not listed, while the line they introduce is. The
    MFA pages listed 正如你所说 (30 uses) and 正如我刚才所说 (28)."""
    line = "中美两国合则两利、斗则俱伤"
    opener = ("正如你提到的", "正如中方多次指出的", "正如大家所看到的", "正如习近平主席指出的")

    def said(year: int, n: int) -> str:
        return f"{opener[n]}，{line}。"

    found = listed(tmp_path, said)
    assert line in found
    assert not [t for t in found if "正如" in t or t.endswith("的")]
    assert not aside(("正如", "一个", "中国", "原则"))  # no verb of saying: no aside


def test_a_de_that_ends_the_clause_stays_where_other_uses_go_on(tmp_path):
    """中方的立场是一贯的 ends its clause in some briefings, and goes on in others (…一贯的、
    明确的, …一贯和明确的): the line is listed whole where it ends so, its 的 with it, and not
    as …立场是一贯, a stem none of whose other uses ends there (the MFA pages' voice listed
    立场是一贯 16th, 191 uses). A 的 before 、 or 和 closes the first of predicates a list
    says: the line goes on past it."""
    who = ("中方的", "我们的")
    ends = ("的", "的、明确的", "和明确的", "、明确的")

    def said(year: int, n: int) -> str:  # 一贯 said 32 times: enough to read it
        return f"{who[(n // 4 + year) % 2]}立场是一贯{ends[n % 4]}。"

    found = listed(tmp_path, said, per_year=8)
    assert {"中方的立场是一贯的", "我们的立场是一贯的"} <= found
    assert not [t for t in found if t.endswith("一贯")]


def test_an_object_that_is_the_subject_of_what_follows_leans(tmp_path):
    """推动两国关系 is followed by an adverb in every use (不断向前发展, 稳步向前发展 …): the
    object of 推动, a verb said as a predicate's (after adverbs: 共同推动, 积极推动), is the
    subject of the predicate the adverb opens, and the line goes on; a stem, not listed (the
    MFA pages listed 维护两国关系 and 维护网络空间). 驻华 is never said after an adverb: it
    qualifies the noun after it, and 驻华外交官 stays a term however often a predicate
    follows."""
    adverbs = ("共同", "积极", "进一步", "一直")
    goes_on = (
        "不断向前发展",
        "稳步向前发展",
        "不断取得新进展",
        "始终沿着正确轨道前进",
        "更好地造福两国人民",
        "长期稳定发展",
        "更加紧密地合作",
        "一直保持高水平",
    )
    where = ("美国", "英国", "日本", "法国")
    done = ("一直依法履职", "都能正常开展工作", "也已获准前往", "已经获准离境")

    def said(year: int, n: int) -> str:
        line = f"双方应{adverbs[n % 4]}推动两国关系{goes_on[(n + 8 * (year % 2)) % 8]}"
        return f"{line}。{where[n % 4]}驻华外交官{done[(n + year) % 4]}。"

    found = listed(tmp_path, said, per_year=8)
    assert "推动两国关系" not in found
    assert "双方应共同推动两国关系不断向前发展" in found and "驻华外交官" in found


def test_an_object_whose_predicate_a_verb_or_preposition_opens_leans(tmp_path):
    """推动半岛核问题 (the MFA pages' 46 uses) is followed by the predicate of its object in
    every use, opened by a verb (取得新的进展), a preposition (通过政治外交方式解决), a time
    word (早日回到…) or an adverb, and once by 的 and a noun (为推动半岛核问题的妥善解决):
    pushing the nuclear issue to be solved, the line goes on, and the phrase is a stem."""
    adverbs = ("共同", "积极", "进一步", "继续")
    goes_on = (
        "取得新的进展",
        "得到妥善解决",
        "通过政治外交方式解决",
        "朝着正确方向发展",
        "早日回到对话协商的轨道",
        "重回对话协商轨道",
        "不断取得进展",
        "的妥善解决作出努力",
    )

    def said(year: int, n: int) -> str:
        return f"中方愿{adverbs[n % 4]}推动半岛核问题{goes_on[(n + 8 * (year % 2)) % 8]}。"

    found = listed(tmp_path, said, per_year=8)
    assert "推动半岛核问题" not in found
    assert "中方愿共同推动半岛核问题取得新的进展" in found


def test_a_noun_joined_to_a_determiners_noun_leans(tmp_path):
    """和 before a determiner or a number joins one more item to the noun a phrase ends on
    (深化两国关系和各领域合作, 和其他方面的交流): the phrase ends inside the items, as before a
    noun (维护中国公民和机构的合法权益)."""
    joined = ("和各领域务实合作", "和各方面交流", "和其他领域合作", "和三方合作")

    def said(year: int, n: int) -> str:
        return f"双方同意深化中非关系{joined[(n + year) % 4]}。"

    found = listed(tmp_path, said)
    assert "双方同意深化中非关系" not in found
    assert "双方同意深化中非关系和各领域务实合作" in found


def test_together_with_is_a_frame_even_where_jieba_glues_its_preposition(tmp_path):
    """同…一道 and 与…一道 (together with) frame the line that follows: 中方愿同国际社会一道，
    共同维护… says who China works with, and the line after the comma. jieba glues 同 to 愿
    (愿同, a word its dictionary lacks) and leaves 与 apart (愿|与): a frame either way, so
    neither 国际社会一道 (a use cut inside the frame: the MFA pages' 127 uses) nor
    中方愿同国际社会一道 (the frame, its line after the comma) is listed; the line is."""
    line = "共同维护地区和平稳定"
    with_whom = (
        "中方愿同国际社会一道",
        "中方愿与国际社会一道",
        "我们愿同各方一道",
        "中方愿与各方一道",
    )

    def said(year: int, n: int) -> str:
        return f"{with_whom[(n + year) % 4]}，{line}。{FILLER[n % 3]}"

    found = listed(tmp_path, said, per_year=8)
    assert line in found
    assert not [t for t in found if "一道" in t]
    assert opener("愿同") == "同" and opener("共同") == "共同"


def test_since_when_is_no_formulation(tmp_path):
    """一段时间以来 opens a different line in each briefing: it only says since when, as it
    is no window of a topic's (``clauses.since``), and is not listed; 新冠肺炎疫情发生以来
    says what happened, and is."""
    lines = ("美方不断挑起事端", "有关国家频频炒作", "个别媒体散布谣言", "有人恶意抹黑")

    def said(year: int, n: int) -> str:
        return f"一段时间以来，{lines[n]}。新冠肺炎疫情发生以来，中方同各方保持沟通。"

    found = listed(tmp_path, said)
    assert "新冠肺炎疫情发生以来" in found
    assert not [t for t in found if t.endswith("一段时间以来")]


def test_a_phrase_cut_inside_a_frame_is_no_formulation(tmp_path):
    """中方在叙利亚问题上的立场是一贯的, with another issue in every briefing: what recurs,
    问题上的立场是一贯, begins inside the frame 在…问题上, cut from what it frames; so does
    在内的国际社会 of 包括…在内, 方式解决分歧 of 以…方式, 为契机深化各领域合作 of 以…为. None is
    listed, nor 包括美国在内 (names, bracketed), while a line that opens its own frame is
    (在相互尊重的基础上, with a different word before it each time)."""
    issues = ("叙利亚", "伊朗核", "阿富汗", "委内瑞拉")
    who = ("美国", "欧盟", "日本", "英国")
    who_says = ("中方愿", "我们愿", "中国愿意", "我们将")
    ways = ("和平", "外交", "政治", "建设性")
    occasions = ("建交70周年", "首脑会晤", "本次会议", "峰会成果")

    def said(year: int, n: int) -> str:
        return (
            f"中方在{issues[n]}问题上的立场是一贯的。"
            f"我们希望包括{who[n]}在内的国际社会共同努力。"
            f"{who_says[n]}在相互尊重的基础上发展双边关系。"
            f"各方应以{ways[n]}方式解决分歧。"
            f"双方希望以{occasions[n]}为契机深化各领域合作。"
        )

    found = listed(tmp_path, said)
    assert "在相互尊重的基础上发展双边关系" in found
    assert not [t for t in found if t.startswith(("问题上", "在内", "方式", "为契机"))]
    assert not [t for t in found if t.startswith("包括") and t.endswith("在内")]


def test_a_phrase_that_ends_on_its_frame_is_no_formulation(tmp_path):
    """中方在克什米尔问题上 is said before a different line in each briefing: it ends on the
    closer of the frame it opens (``clauses.ends_frame``), and what the frame frames
    follows, so it is a stem, and a clause that is only a frame (在核裁军问题上) is no line
    either; the lines are listed."""
    lines = ("的立场是一贯的", "始终秉持客观公正立场", "一贯主张通过对话解决", "没有私利")

    def said(year: int, n: int) -> str:
        return f"中方在克什米尔问题上{lines[n]}。在核裁军问题上，各方{lines[n][1:]}。"

    found = listed(tmp_path, said)
    assert not [t for t in found if t.endswith("问题上")]
    assert [t for t in found if t.startswith("中方在克什米尔问题上始终秉持")]


def test_a_run_inside_a_frame_is_told_from_one_that_opens_it():
    """``clauses.inside_frame``: a run that closes a frame a word before it opens, not one
    that opens the frame itself, nor one after a frame already closed."""
    words = ("中方", "在", "叙利亚", "问题", "上", "的", "立场", "是", "一贯", "的")
    assert inside_frame(words, 3, 7)  # 问题上的立场
    assert not inside_frame(words, 1, 7)  # 在叙利亚问题上的立场
    assert not inside_frame(words, 5, 9)  # 的立场是一贯: no closer in it
    closed = ("在", "台湾", "问题", "上", "的", "看法", "和", "伊朗", "问题", "上", "的", "立场")
    assert inside_frame(closed, 2, 6)  # 问题上的看法
    assert not inside_frame(closed, 7, 12)  # 伊朗问题上的立场: the 在 before closed already
    assert inside_frame(("包括", "美国", "在内", "的", "各国"), 2, 5)
    assert not inside_frame(("包括", "美国", "在内", "的", "各国"), 0, 5)
    # a closer of one character is a word of its own: 为 closes 以…为, 认为 does not
    occasion = ("双方", "以", "此次", "会晤", "为", "契机", "深化", "合作")
    assert inside_frame(occasion, 4, 8)  # 为契机深化合作
    assert not inside_frame(occasion, 1, 8)  # 以此次会晤为契机深化合作: it opens the frame
    assert not inside_frame(("中方", "以", "此", "回应", "我们", "认为", "的", "问题"), 4, 8)
    # 认为 before the run does not close 以…为: the run still closes 以…方式
    assert inside_frame(("以", "他们", "认为", "正确", "的", "方式", "处理"), 4, 7)
    assert ends_frame(("维护", "以", "规则", "为"))
    assert not ends_frame(("以", "此", "中方", "认为"))


def test_a_period_that_repeats_nothing_is_named_so_not_as_a_topic_left_out(tmp_path):
    """The whole voice has no topic: a year whose briefings repeat no phrase is one in which
    no recurring phrase was said, in the text and the HTML chart; a topic's year without it
    is one in which the topic was not discussed."""
    archive = briefings(
        tmp_path,
        lambda year, n: (
            ("今天天气晴朗。", "请看第二页。", "会议已经结束。", "谢谢。")[n]
            if year == 2018
            else LINE + "。"
        ),
    )
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    changes = period_changes(report)
    text = changes_text(changes, "all")
    assert "2018  0 present  (4 documents)  (no recurring phrase said)" in text
    html = render_changes(changes, "html", "all")
    assert "a grey tick: no recurring phrase said" in html
    assert "not discussed" not in text + html
    topic = Topic("hk", "Hong Kong", ("决心坚定不移",))
    on_topic = period_changes(build_families(archive, topic, events=group_events(archive)))
    assert "(topic not discussed)" in changes_text(on_topic, "hk")


@pytest.mark.parametrize(
    "parties",
    [
        ("两国领导人", "中方领导人", "德方领导人", "法方领导人"),
        ("习近平主席", "特朗普总统", "李克强总理", "默克尔总理"),
        ("王毅国务委员", "发言人华春莹", "耿爽发言人", "王毅国务委员兼外长"),
        ("杜特尔特总统", "梅德韦杰夫总理", "文在寅总统", "杜特尔特总统兼外长"),
        ("外交部长王毅", "国务委员杨洁篪", "外交部副部长郑泽光", "国务院副总理汪洋"),
        ("国家主席习近平", "国家副主席王岐山", "外交部长王毅", "国务委员杨洁篪"),
        ("习近平总书记", "李勇浩外相", "杨洁篪主任", "马蒂斯防长"),
    ],
)
def test_a_phrase_of_slots_alone_is_no_formulation(tmp_path, parties):
    """A name and a party head (两国领导人, 中方领导人) or an office (习近平主席, 特朗普总统),
    which a family's template reads as one slot (〈who〉), are no formulation; the line
    around them still is. They were the two most used families of the MFA pages' whole
    voice: 〈两国｜中国…〉〈领导人｜政府…〉 (443 uses) and 〈习近平｜瑞士联邦…〉主席 (431). So is a
    name jieba's dictionary lacks beside its office (王毅国务委员, 187 uses, and 王毅国务委员兼
    外长, 140, were two of its twenty most used), and one jieba cuts in two, tagging the half
    it knows a name (杜特|尔特总统, 梅德韦|杰夫总理: 43 uses of 杜特尔特总统). So is a title
    before a name (外交部长王毅, 144 uses; 外交部副|部长郑泽光, 副 cut from its office), and
    one jieba cuts into words (国家|主席习近平, 112 uses; 国家|副|主席王岐山), and the
    titles of party heads and officials (习近平总书记, 48 uses; 李勇浩外相)."""
    verbs = ("就双边关系交换了意见", "通了电话", "举行了会晤", "共同出席了开幕式")
    found = {
        c.text
        for c in voice(
            briefings(
                tmp_path,
                lambda year, n: (
                    f"{OPENERS[n]}，{parties[(year + n) % 4]}{verbs[n]}。"
                    f"双方将落实{parties[(year + n + 1) % 4]}达成的重要共识。"
                ),
            )
        )
    }
    assert not [t for t in found if t.endswith(parties)]
    assert {f"双方将落实{p}达成的重要共识" for p in parties} <= found


def test_a_summary_of_the_voice_shows_one_of_phrases_nested_in_one_another(tmp_path):
    """我们也注意到有关报道, 我们还…, 我们都…, 我们已经…: the voice repeats each, and
    注意到有关报道 in all of them; the summary lists that one, ``top(…, None)`` (JSON,
    ``--all``) all five."""
    before = ("也", "还", "都", "已经")
    archive = briefings(tmp_path, lambda year, n: f"{OPENERS[n]}，我们{before[n]}注意到有关报道。")
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    longer = {f"我们{w}注意到有关报道" for w in before}
    uses = {f.label: f.uses for f in top(report.families, None)}
    assert uses["注意到有关报道"] == 16 and {uses[t] for t in longer} == {4}
    shown = {f.label for f in top(report.families, 20)}
    assert "注意到有关报道" in shown and not shown & longer
    text = families_text([report], "all", 20)
    assert "phrases nested in one shown left out" in text
    assert not [t for t in longer if t in text]


@given(st.lists(st.text("注意到有关报道我们", min_size=1, max_size=8), max_size=30))
def test_the_summary_folds_nested_labels_as_the_pairwise_rule_does(labels):
    """``summary._Shown`` (a search of the labels shown, joined, and a lookup of a label's
    stretches) takes the labels the pairwise rule takes: none inside one taken, none holding
    one."""
    taken: list[str] = []
    for label in labels:
        if not any(label in k or k in label for k in taken):
            taken.append(label)
    shown = _Shown()
    assert [label for label in labels if shown.take(label)] == taken


async def test_the_workbench_counts_the_voices_changes_as_tifa_changes_does(tmp_path):
    """From 2019 every briefing says 中方始终坚持走和平发展道路, half of them followed by
    和互利共赢的开放战略: two new phrases, one inside the other. ``tifa changes`` lists and
    counts the most used; the workbench's changes under its families, the same."""

    def said(year: int, n: int) -> str:
        line = "中方始终坚持走和平发展道路" + ("和互利共赢的开放战略" if n % 2 else "")
        return FILLER[n % 3] + (f"{OPENERS[n % 4]}，{line}。" if year >= 2019 else "")

    archive = briefings(tmp_path, said, per_year=8)
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    (new,) = [s.new for s in period_changes(report) if s.new]
    assert len(new) == 2  # both new, one nested in the other
    assert "  new (1)" in changes_text(period_changes(report), "all")
    app = TifaApp((str(tmp_path),))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_families(pilot, "all")
        shown = str(screen.query_one("#families-changes").render())
        assert "  new (1): 中方始终坚持走和平发展道路" in shown.splitlines()


def test_ordinary_words_the_dictionary_tags_names_are_no_slots(tmp_path):
    """jieba's dictionary tags 丰硕成果, 长足发展 and 巨大成功 names (nr, nt), and a family's
    template reads a name as a slot: 取得丰硕成果, 取得长足发展 and 取得巨大成功 were one line
    of the MFA pages' whole voice. Read as the ordinary words they are (``wordclass``), each
    is a line of its own, while a line said to two parties is still one."""
    results = ("丰硕成果", "长足发展", "巨大成功")
    assert [word_class(w) for w in results] == ["noun", "noun", "adjective"]  # by their heads
    parties = ("美方", "英方")

    def said(year: int, n: int) -> str:
        return f"两国务实合作取得{results[n % 3]}。我们敦促{parties[n % 2]}停止干涉中国内政。"

    report = build_families(briefings(tmp_path, said, per_year=6), WHOLE_VOICE)
    holding = {
        word: {f.id for f in report.families if any(word in m.text for m in f.members)}
        for word in (*results, *parties)
    }
    assert all(len(ids) == 1 for ids in holding.values()), holding
    assert len({next(iter(holding[r])) for r in results}) == 3
    assert holding["美方"] == holding["英方"]


def test_a_slogan_the_dictionary_tags_a_persons_name_is_no_slot(tmp_path):
    """jieba's dictionary tags 从严治党 a person's name (nr), and a name is a slot: 全面从严治党
    and 全面依法治国 (依法治国 is tagged a place) were one line, 全面〈从严治党｜依法治国〉, and
    on the congress reports 全面从严治党 (15 uses in 2017 and 2022) was no line at all, its
    template's one word 全面 said beside a slot of many fillers. A person's name does not
    begin with an adverb (从严), so the word is read as the ordinary words it is."""
    assert word_class("从严治党") == "noun"

    def said(year: int, n: int) -> str:
        return f"我们要坚定不移{('全面从严治党', '全面依法治国')[n % 2]}。"

    report = build_families(briefings(tmp_path, said, per_year=6), WHOLE_VOICE)
    holding = {
        word: {f.id for f in report.families if any(word in m.text for m in f.members)}
        for word in ("全面从严治党", "全面依法治国")
    }
    assert holding["全面从严治党"] and holding["全面从严治党"].isdisjoint(holding["全面依法治国"])


async def test_the_workbench_names_a_family_by_the_slots_it_varies_in(tmp_path):
    """A line said to two parties is one family; the Families list names it with its slot
    (我们敦促〈美方｜英方〉停止干涉中国内政), not by the party said most, whose name alone
    would claim every use, and its filter finds it by either party's wording."""
    parties = ("美方", "英方")
    briefings(tmp_path, lambda year, n: f"我们敦促{parties[n % 2]}停止干涉中国内政。", per_year=6)
    app = TifaApp((str(tmp_path),))
    async with app.run_test(size=(140, 40)) as pilot:
        listed = (await open_families(pilot, "all")).query_one("#families-list")
        names = [str(listed.get_option_at_index(k).prompt) for k in range(listed.option_count)]
        (name,) = [n for n in names if "停止干涉中国内政" in n]
        assert re.search("〈(美方｜英方|英方｜美方)〉停止干涉中国内政", name), name
        for party in parties:  # the filter finds it by either filler
            await pilot.press("ctrl+l", *f"敦促{party}停止", "enter")
            await settle(pilot)
            found = [str(listed.get_option_at_index(k).prompt) for k in range(listed.option_count)]
            assert found == [name], party
            pilot.app.screen.query_one("#families-filter").value = ""


def test_a_new_line_said_to_two_parties_counts_the_uses_of_both(tmp_path):
    """A new line said to two parties is one family: its change cites one use, and says that
    the uses counted are of both wordings (我们敦促〈美方｜英方〉…), not of the cited one alone;
    the families' summary heads it with both too."""
    parties = ("美方", "英方")

    def said(year: int, n: int) -> str:
        line = f"我们敦促{parties[n % 2]}停止干涉中国内政。" if year >= 2019 else ""
        return FILLER[n % 3] + line

    archive = briefings(tmp_path, said, per_year=6)
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    line = "我们敦促〈(美方｜英方|英方｜美方)〉停止干涉中国内政"
    text = changes_text(period_changes(report), "all")
    assert re.search(f"uses of {line} to 2020", text), text
    text = families_text([report], "all", None)  # the summary heads the family so too
    assert re.search(rf"\nall-\d+  {line}\n", text), text


def test_one_text_jieba_cuts_two_ways_is_one_family(tmp_path):
    """jieba cuts 合作共赢 whole at a clause's end and 合作|共|赢 before 的: the whole voice's
    families are read on the text, so 相互尊重、合作共赢 is one family of all its uses (the MFA
    pages had two, of 31 and 10 uses, each listed on its own)."""
    verbs = ("秉持", "坚持", "本着", "遵循")
    after = ("的原则", "的精神", "的方针", "的理念", "的方向", "的宗旨", "的态度", "的路子")

    def said(year: int, n: int) -> str:
        k = n + 8 * (year % 2)
        end = after[(k // 2) % 8] if k % 2 else ""  # no noun after 的 said in three events
        return f"{verbs[(k // 2) % 4]}相互尊重、合作共赢{end}。{FILLER[0]}"

    archive = briefings(tmp_path, said, per_year=8)
    cuts = {tuple(c.tokens) for c in voice(archive) if c.text == "相互尊重、合作共赢"}
    assert len(cuts) == 2  # the two cuts
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    labels = [f.label for f in report.families]
    assert len(labels) == len(set(labels))
    (line,) = [f for f in report.families if f.label == "相互尊重、合作共赢"]
    assert line.uses == 32


def test_one_text_whose_two_cuts_make_two_kinds_of_slot_is_one_family(tmp_path):
    """jieba cuts 两国 whole after 落实好 and 在, and 两|国 after 按照 and 根据: a party (who)
    in one cut, a number and a noun in the other, so the templates differ, but the text is
    one: 两国元首达成的重要共识 is one family of all its uses (the MFA pages had two)."""
    before = ("共同落实好", "按照", "在", "根据", "认真落实好", "遵循")

    def said(year: int, n: int) -> str:
        return f"双方将{before[(n + year) % 6]}两国元首达成的重要共识，推进合作。"

    archive = briefings(tmp_path, said, per_year=6)
    report = build_families(archive, WHOLE_VOICE, events=group_events(archive), by="year")
    (line,) = [f for f in report.families if f.label == "两国元首达成的重要共识"]
    assert line.uses == 24
