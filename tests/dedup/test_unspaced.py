"""Dedup of Chinese, Japanese and Thai text: each character of a script written
without spaces is a word alone (`compare.text.segment`), so shingles are
character n-grams and edited copies are found as in spaced languages."""

from __future__ import annotations

import random

import pytest

from compare.dedup.local import deduplicate
from compare.dedup.options import DedupOptions

# Per language: a story, and an independent story on the same subject.
STORIES = {
    "chinese": (
        "市政府周二宣布，将在明年春季开始对城市东部的旧水厂进行全面改造。官员表示，改造工程预计耗资"
        "三亿元，完成后每天可为五十万居民提供清洁的饮用水。附近的居民对这一消息表示欢迎，但也有人担心"
        "施工期间的噪音和交通问题。市长在新闻发布会上说，政府会尽量减少对居民生活的影响，并会定期公布"
        "工程进展。专家指出，这座水厂已经运行了四十多年，设备老化严重，早就需要更新。",
        "城市东部的居民上个月多次反映自来水有异味，一些家庭不得不购买瓶装水。记者走访了几个小区，发现"
        "许多老人对水质问题十分担忧。一位退休教师说，她每天都要把水烧开两次才敢喝。环保组织呼吁有关部门"
        "尽快公开水质检测结果，并查明原因。目前，自来水公司表示正在调查，暂时没有发现超标情况。",
    ),
    "japanese": (
        "市は火曜日、来年の春から東部にある古い浄水場の全面的な改修を始めると発表した。担当者によると、"
        "工事には約三十億円がかかり、完成後は一日に五十万人の住民にきれいな飲み水を届けられるという。"
        "近くに住む人々はこの知らせを歓迎したが、工事中の騒音や交通への影響を心配する声もある。市長は"
        "記者会見で、住民の生活への影響をできるだけ小さくし、工事の進み具合を定期的に知らせると述べた。",
        "東部の住民からは先月、水道水のにおいが気になるという声が相次ぎ、ペットボトルの水を買う家庭も"
        "出ている。記者がいくつかの団地を訪ねると、水の安全を心配するお年寄りが多かった。元教師の女性は、"
        "毎日二回水を沸かしてから飲んでいると話した。環境団体は検査結果をすぐに公表するよう求めている。",
    ),
    "thai": (
        "เทศบาลเมืองประกาศเมื่อวันอังคารว่าจะเริ่มปรับปรุงโรงผลิตน้ำประปาเก่าทางด้านตะวันออกของเมืองในฤดูใบไม้ผลิปีหน้า"
        "เจ้าหน้าที่กล่าวว่าโครงการนี้จะใช้งบประมาณราวสามร้อยล้านบาทและเมื่อแล้วเสร็จจะส่งน้ำสะอาดให้ประชาชนห้าแสนคนทุกวัน"
        "ชาวบ้านที่อาศัยอยู่ใกล้เคียงต่างยินดีกับข่าวนี้แต่บางคนกังวลเรื่องเสียงดังและการจราจรระหว่างการก่อสร้าง",
        "ชาวบ้านทางด้านตะวันออกของเมืองร้องเรียนหลายครั้งเมื่อเดือนที่แล้วว่าน้ำประปามีกลิ่นแปลกบางครอบครัวต้องซื้อน้ำขวด"
        "ผู้สื่อข่าวได้ไปเยี่ยมหลายชุมชนและพบว่าผู้สูงอายุจำนวนมากกังวลเรื่องคุณภาพน้ำครูเกษียณคนหนึ่งบอกว่าต้องต้มน้ำทุกวัน"
        "กลุ่มอนุรักษ์สิ่งแวดล้อมเรียกร้องให้หน่วยงานเปิดเผยผลการตรวจน้ำโดยเร็ว",
    ),
}


def _edited(text: str, share: float, seed: int) -> str:
    """`text` with `share` of its characters replaced by others of the text."""
    rng = random.Random(seed)
    chars = list(text)
    for i in rng.sample(range(len(chars)), int(share * len(chars))):
        chars[i] = rng.choice(text)
    return "".join(chars)


@pytest.mark.parametrize("language", sorted(STORIES))
def test_edited_copies_are_found_and_same_topic_stories_kept_apart(language: str) -> None:
    story, other = STORIES[language]
    docs = [
        ("story", story),
        ("light", _edited(story, 0.03, seed=1)),
        ("edited", _edited(story, 0.08, seed=2)),
        ("other", other),
    ]
    result = deduplicate(lambda: docs)
    assert result.clusters == [[0, 1, 2]]
    relations = {(result.ids[p.a], result.ids[p.b]): p.relation for p in result.pairs}
    assert relations[("story", "edited")] == "near-duplicate"
    assert all("other" not in pair for pair in relations)


@pytest.mark.parametrize("language", sorted(STORIES))
def test_a_passage_inside_another_story_is_an_excerpt(language: str) -> None:
    story, other = STORIES[language]
    passage = story[len(story) // 3 : 2 * len(story) // 3]
    note = other[:30] + passage  # a short note quoting a third of the story
    result = deduplicate(lambda: [("story", story), ("note", note)], DedupOptions(containment=0.6))
    (pair,) = result.pairs
    assert pair.relation == "excerpt"
    assert pair.containment_a_in_b < 0.5 < 0.6 <= pair.containment_b_in_a
