"""Topics: the built-in lexicon, user overrides, matching, and errors that name the line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tifa.corpus.script import fold_width, to_simplified
from tifa.tracking.formulations.topics import (
    BUILTIN,
    Topic,
    TopicsError,
    load_topics,
    parse_topics,
    resolve_topic,
    topic_record,
    user_topics_path,
)
from tifa.tui.cli.main import main

REQUIRED = {
    "taiwan",
    "peninsula",
    "multilateralism",
    "community",
    "bri",
    "us",
    "ukraine",
    "palestine",
}


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("TIFA_CONFIG_DIR", str(folder))
    return folder


def test_builtin_topics_cover_the_issue_and_are_written_like_the_key(config_dir):
    topics = load_topics()
    assert set(topics) >= REQUIRED
    for topic in topics.values():
        assert topic.keywords
        assert topic.source == BUILTIN
        for term in topic.keywords + topic.weak + topic.exclude:
            assert fold_width(to_simplified(term)) == term, term
        assert not set(topic.keywords) & set(topic.weak)
    assert {"台湾", "台独", "两岸", "一个中国", "一中原则", "和平统一"} <= set(
        topics["taiwan"].keywords
    )
    assert "统一" in topics["taiwan"].weak
    assert {"半岛", "朝鲜", "无核化", "双暂停", "双轨并进"} <= set(topics["peninsula"].keywords)
    assert {"多边主义", "联合国", "单边主义"} <= set(topics["multilateralism"].keywords)


def test_hits_skip_excluded_phrases():
    taiwan = Topic("t", "T", ("统一", "台湾"), exclude=("统一部署",))
    assert taiwan.hits("按照中央的统一部署推进") == ()
    assert taiwan.hits("实现国家的完全统一，统一部署") == ((7, 9),)
    longest = Topic("m", "M", ("多边主义", "真正的多边主义"))
    assert longest.hits("践行真正的多边主义") == ((2, 9),)


# Sentences of the real sample (congress reports, MFA pages) where 统一 is and is not Taiwan's.
TAIWAN_PARAGRAPH = (
    "实现祖国完全统一，是海内外全体中国人的共同心愿。尽管两岸尚未统一，但大陆和台湾同属一个中国。"
)
ELSEWHERE = [
    "健全纪检监察派驻机构统一管理，完善巡视制度。",
    "坚持党的领导、人民当家作主、依法治国有机统一是社会主义政治发展的必然要求。",
    "习近平主席同特朗普总统一直通过各种方式保持着联系。",
    "理解并支持西班牙政府维护国家统一、民族团结和领土完整所做的努力。",
    "涉疆问题不是民族、宗教、人权问题，而是反暴恐和反分裂问题。",  # Xinjiang's 反分裂
]


def test_a_weak_term_counts_only_beside_a_keyword_in_its_paragraph():
    taiwan = load_topics()["taiwan"]
    found = {TAIWAN_PARAGRAPH[a:b] for a, b in taiwan.hits(TAIWAN_PARAGRAPH)}
    assert found == {"完全统一", "两岸", "统一", "台湾", "一个中国"}
    for text in ELSEWHERE:
        assert taiwan.hits(text) == (), text
    # the paragraph decides: the same 统一 beside 台湾 in another paragraph does not count
    apart = ELSEWHERE[0] + "\n" + "台湾是中国的一部分。"
    assert [apart[a:b] for a, b in taiwan.hits(apart)] == ["台湾"]
    together = ELSEWHERE[0] + "台湾是中国的一部分。"
    assert [together[a:b] for a, b in taiwan.hits(together)] == ["统一", "台湾"]
    law = "我们坚决支持依照反分裂国家法维护国家主权。"  # the Anti-Secession Law is Taiwan's
    assert [law[a:b] for a, b in taiwan.hits(law)] == ["反分裂国家法"]


def test_a_short_name_that_other_countries_share_counts_only_beside_its_topic():
    """乌方 is Uzbekistan's or Uganda's side as often as Ukraine's (on the MFA pages, every
    paragraph where it was the Ukraine topic's only term), and 以巴 is 以 before a name as
    well as Israel and Palestine: both count only beside a keyword of their topic."""
    ukraine, palestine = load_topics()["ukraine"], load_topics()["palestine"]
    uzbek = "中方高度重视中乌关系，愿同乌方一道努力，深化共建“一带一路”合作。"
    assert ukraine.hits(uzbek) == ()
    kyiv = "中方同乌克兰保持沟通，愿同乌方一道努力。"
    assert [kyiv[a:b] for a, b in ukraine.hits(kyiv)] == ["乌克兰", "乌方"]
    visit = "我们愿以巴雷拉总统此访为契机，进一步增进相互了解和信任。"
    assert palestine.hits(visit) == ()
    conflict = "中方呼吁以巴双方保持克制，推动巴勒斯坦问题早日解决。"
    assert [conflict[a:b] for a, b in palestine.hits(conflict)] == ["以巴", "巴勒斯坦"]


def test_a_weak_term_inside_a_keyword_is_no_second_hit():
    t = Topic("t", "T", ("统一大业", "台湾"), weak=("祖国统一", "统一"))
    text = "完成祖国统一大业。"
    assert [text[a:b] for a, b in t.hits(text)] == ["统一大业"]
    korea = load_topics()["taiwan"]
    assert korea.hits("朝鲜人民争取祖国自主和平统一的斗争") == ()


def test_a_user_file_overrides_extends_and_adds(config_dir, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[taiwan]\nname = "Cross-strait"\nkeywords = ["两岸"]\n\n'
        '[peninsula]\nextend = true\nkeywords = ["停战协定"]\n\n'
        '[arctic]\nkeywords = ["北极", "冰上丝绸之路"]\naliases = ["北极"]\n',
        encoding="utf-8",
    )
    topics = load_topics(str(mine))
    assert topics["taiwan"].keywords == ("两岸",)
    assert topics["taiwan"].name == "Cross-strait"
    assert "停战协定" in topics["peninsula"].keywords
    assert "双轨并进" in topics["peninsula"].keywords
    assert topics["peninsula"].name == "Korean Peninsula"
    assert resolve_topic("北极", topics).id == "arctic"
    assert topics["arctic"].source == str(mine)


def test_the_per_user_config_file_is_read_and_folded(config_dir):
    assert user_topics_path() == config_dir / "topics.toml"
    (config_dir / "topics.toml").write_text(
        '[hongkong]\nkeywords = ["香港", "一國兩制"]\n', encoding="utf-8"
    )
    topics = load_topics()
    assert topics["hongkong"].keywords == ("香港", "一国两制")
    assert topics["hongkong"].hits("坚持“一国两制”方针")
    assert "taiwan" in topics


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[a]\nkeywords = ["x"]\nname = \n', 3),
        ('[a]\nkeywords = ["x"\n\n[b]\n', 4),
        ('[a]\nkeywords = ["x"]\n[a]\nkeywords = ["y"]\n', 3),
    ],
)
def test_malformed_toml_names_the_line(text, line):
    with pytest.raises(TopicsError, match=rf"^f\.toml: line {line}: "):
        parse_topics(text, "f.toml", {})


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ('# c\n[a]\nname = "A"\nkeywords = "台湾"\n', 4, "keywords"),
        ('[a]\nkeywords = ["x"]\nkewords = ["y"]\n', 3, "kewords"),
        ('[a]\nname = "A"\n', 1, "keywords"),
        ('[a]\nkeywords = ["x", ""]\n', 2, "keywords"),
    ],
)
def test_bad_fields_name_their_line(text, line, field):
    with pytest.raises(TopicsError) as err:
        parse_topics(text, "f.toml", {})
    assert str(err.value).startswith(f"f.toml: line {line}: [a] {field}:")


def test_resolve_by_id_alias_or_name_and_unknown_lists_known(config_dir):
    topics = load_topics()
    assert resolve_topic("Taiwan", topics).id == "taiwan"
    assert resolve_topic("一带一路", topics).id == "bri"
    assert resolve_topic("Korean Peninsula", topics).id == "peninsula"
    with pytest.raises(LookupError, match=r"unknown topic 'atlantis' .*taiwan"):
        resolve_topic("atlantis", topics)


def test_cli_topics_lists_and_reports_bad_files_in_one_line(config_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["topics", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {t["id"] for t in data["topics"]} >= REQUIRED
    assert data["config"] == str(config_dir / "topics.toml")
    csv_out = runner.invoke(main, ["topics", "--format", "csv"]).stdout.splitlines()
    assert csv_out[0] == "id,name,aliases,keywords,weak,exclude,source"
    bad = tmp_path / "bad.toml"
    bad.write_text('[x]\nkeywords = ["a"]\nnope\n', encoding="utf-8")
    result = runner.invoke(main, ["topics", "--topics", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"{bad}: line 3:" in result.stderr
    missing = runner.invoke(main, ["topics", "--topics", str(tmp_path / "none.toml")])
    assert missing.exit_code == 2
    assert "No such file" in missing.stderr


def test_a_user_file_may_list_weak_terms(config_dir, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[taiwan]\nextend = true\nweak = ["兩岸關係"]\n\n'
        '[arctic]\nkeywords = ["北极"]\nweak = ["航道"]\n',
        encoding="utf-8",
    )
    topics = load_topics(str(mine))
    assert "两岸关系" in topics["taiwan"].weak and "统一" in topics["taiwan"].weak
    assert topics["arctic"].weak == ("航道",)
    assert topic_record(topics["arctic"])["weak"] == ["航道"]
    bad = tmp_path / "bad.toml"
    bad.write_text('[x]\nkeywords = ["北极"]\nweak = "航道"\n', encoding="utf-8")
    with pytest.raises(TopicsError, match="line 3: \\[x\\] weak: must be a list"):
        load_topics(str(bad))


def test_a_gap_stands_for_a_few_letters_between_two_words(tmp_path):
    community = load_topics()["community"]
    assert community.hits("各国应携手构建人类卫生健康共同体。")
    assert not community.hits("人类社会，共同体")  # no punctuation inside a gap
    assert not community.hits("人类面临的挑战需要一个更加紧密的共同体")  # more than six
    bad = tmp_path / "bad.toml"
    bad.write_text('[x]\nkeywords = ["人类…"]\n', encoding="utf-8")
    with pytest.raises(TopicsError, match="line 2: \\[x\\] keywords: … must stand between"):
        load_topics(str(bad))
