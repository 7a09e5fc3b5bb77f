"""Question grouping and reply suggestions (Qt-free)."""

from __future__ import annotations

from app.chat.questions import QuestionBoard, normalise_question
from app.chat.replies import LiveFacts, suggest
from app.commerce.catalog import ProductInfo

LIPSTICK = ProductInfo(
    sku="LIP",
    name_zh="丝绒口红",
    name_en="Velvet lipstick",
    price=129.0,
    promo_price=89.0,
    stock=12,
    aliases=("口红", "lipstick"),
    faq=(("黄皮能用吗？", "黄皮白皮都显白。"), ("Is it vegan?", "Yes, no animal testing.")),
)
GLASSES = ProductInfo(sku="SUN", name_zh="墨镜", name_en="Sunglasses", price=199.0, stock=0)


def test_normalise_strips_particles_and_punctuation() -> None:
    assert normalise_question("请问主播多少钱呀？？") == "多少钱"
    assert normalise_question("請問主播多少錢呀？？") == "多少钱"
    assert normalise_question("Hi, is it vegan??") == "isitvegan"


def test_traditional_questions_join_the_simplified_group() -> None:
    board = QuestionBoard([LIPSTICK, GLASSES])
    board.add("口红多少钱", 1, "a", on_air="SUN")
    board.add("口紅多少錢？", 2, "b", on_air="SUN")  # names the product in Traditional
    board.add("黃皮能用嗎", 3, "c", on_air="LIP")
    board.add("黄皮能用吗", 4, "d", on_air="LIP")
    assert [(g.sku, g.kind, g.pending) for g in board.open_groups()] == [
        ("LIP", "other", 2),
        ("LIP", "price", 2),
    ]


def test_replies_match_a_traditional_question() -> None:
    (faq,) = suggest("黃皮可以用嗎", LIPSTICK)
    assert faq.text == "黄皮白皮都显白。"


def test_similar_questions_group_by_product_and_kind() -> None:
    board = QuestionBoard([LIPSTICK, GLASSES])
    for text, user in [("多少钱", "a"), ("请问多少钱呀", "b"), ("口红价格？", "c")]:
        board.add(text, 1, user, on_air="LIP")
    board.add("墨镜多少钱", 2, "d", on_air="LIP")  # names another product
    board.add("黄皮能用吗", 3, "e", on_air="LIP")
    board.add("黄皮能用吗？？", 4, "f", on_air="LIP")
    groups = board.open_groups()
    assert [(g.sku, g.kind, g.pending) for g in groups] == [
        ("LIP", "price", 3),
        ("LIP", "other", 2),
        ("SUN", "price", 1),
    ]
    assert groups[0].users == {"a", "b", "c"}


def test_mark_answered_hides_a_group_until_asked_again() -> None:
    board = QuestionBoard([LIPSTICK])
    group = board.add("多少钱", 1, on_air="LIP")
    board.add("多少钱", 2, on_air="LIP")
    assert board.mark_answered(group.key)
    assert board.open_groups() == []
    board.add("多少钱？", 3, on_air="LIP")
    (again,) = board.open_groups()
    assert (again.pending, again.count) == (1, 3)


def test_board_is_bounded() -> None:
    board = QuestionBoard(max_groups=10)
    for i in range(100):
        board.add(f"问题{chr(0x4E00 + i)}{chr(0x4E80 + i)}吗", i)
    assert len(board) == 10


def test_replies_come_from_faq_and_live_product_data() -> None:
    (faq,) = suggest("黄皮可以用吗", LIPSTICK)
    assert (faq.source, faq.text) == ("faq", "黄皮白皮都显白。")
    assert suggest("is this vegan?", LIPSTICK)[0].text == "Yes, no animal testing."
    price = suggest("多少钱", LIPSTICK)[0]
    assert price.source == "product" and "¥89" in price.text and "¥129" in price.text
    assert "售罄" in suggest("还有货吗", GLASSES)[0].text
    assert suggest("背景音乐叫什么", LIPSTICK) == []
    assert suggest("多少钱", None) == []


HAT = ProductInfo(
    sku="HAT",
    name_zh="渔夫帽",
    name_en="Bucket hat",
    price=59.0,
    stock=500,
    faq=(("头围多大？", "56-58厘米，内有调节绳。"), ("包邮吗？", "全国包邮，偏远地区除外。")),
)


def test_replies_quote_live_stock_and_price_not_the_catalog() -> None:
    """The queue shows 491 after orders: the reply says 491, never the catalog's 500."""
    stock = suggest("还有货吗", HAT, live=LiveFacts(stock=491))[0]
    assert "491" in stock.text and "500" not in stock.text
    assert "491 left" in suggest("any left?", HAT, live=LiveFacts(stock=491))[0].text
    assert "售罄" in suggest("还有吗", HAT, live=LiveFacts(stock=0))[0].text
    live_price = suggest("多少钱", HAT, live=LiveFacts(price=49.0))[0].text
    assert "¥49" in live_price and "¥59" in live_price  # the plan's live price, and the usual
    flash = suggest("how much?", HAT, live=LiveFacts(price=49.0, flash_price=39.0))[0].text
    assert "flash sale ¥39" in flash


def test_an_english_question_finds_the_chinese_faq_answer() -> None:
    for question in ("how much is shipping", "is shipping free?", "do you ship to Canada?"):
        best = suggest(question, HAT)[0]
        assert (best.source, best.text) == ("faq", "全国包邮，偏远地区除外。"), question
    # ... and the other way round, and a size question finds the size answer
    assert suggest("Is it vegan?", LIPSTICK)[0].text == "Yes, no animal testing."
    assert suggest("what size is it", HAT)[0].text == "56-58厘米，内有调节绳。"
    # a shipping-cost question is about shipping, not a price quote
    assert all(s.source != "product" for s in suggest("运费多少钱", HAT))


def test_shop_wide_topics_fall_back_to_the_shop_policy() -> None:
    """Shipping is the shop's policy: a product without its own shipping FAQ gets the
    answer another product of the show has; a product-specific topic never does."""
    (shipping,) = suggest("包邮吗", LIPSTICK, shop=[LIPSTICK, HAT])
    assert (shipping.source, shipping.sku) == ("shop", "HAT")
    assert suggest("包邮吗", LIPSTICK) == []  # no shop: nothing made up
    assert all(s.sku != "HAT" for s in suggest("头围多大", LIPSTICK, shop=[HAT]))


def test_shipping_questions_in_both_languages_form_one_group() -> None:
    board = QuestionBoard([HAT])
    for i, text in enumerate(["包邮吗", "运费多少钱", "how much is shipping", "发什么快递"]):
        board.add(text, i, str(i), on_air="HAT")
    (group,) = board.open_groups()
    assert (group.kind, group.pending) == ("shipping", 4)
