"""Hand-written content of the demo session: products, the host's script and comment templates.

Kept apart from ``make_demo.py`` so copy can be edited without touching generation logic. The
generator combines these pieces with seeded randomness; nothing here is random by itself.

Placeholders used in comment templates (filled per on-air product by ``make_demo.py``):
``{p}`` product alias in the comment's language, ``{n}`` link number (position in the rundown),
``{price}`` sale price, ``{color}`` one of the product's colours, ``{size}`` one of its sizes.
Per-product lists in ``PRODUCT_TALK``: ``ask_*`` questions, ``like_*`` praise and the optional
``gripe_*`` complaints are used about half the time instead of the generic templates.
"""

from __future__ import annotations

from typing import Any

DURATION_MS = 180_000
SESSION_TITLE = "Lily's Tuesday night picks: beauty, accessories & snacks"
SESSION_TITLE_ZH = "莉莉周二夜场：美妆配饰零食专场"
HOST = "Lily 莉莉"
PLATFORM = "douyin"

# ---------------------------------------------------------------------------------------------
# Products (the catalogue written to products.json, in rundown order)
# ---------------------------------------------------------------------------------------------

PRODUCTS: list[dict[str, Any]] = [
    {
        "sku": "LIP-001",
        "name_zh": "丝绒哑光口红 #316",
        "name_en": "Velvet Matte Lipstick #316",
        "category": "beauty",
        "aliases": ["口红", "丝绒口红", "lipstick", "316"],
        "keywords": ["哑光", "显白", "不掉色", "丝绒", "matte", "long-lasting"],
        "price": 129.0,
        "promo_price": 89.0,
        "stock": 500,
        "faq": [
            {"q": "黄皮能用吗？", "a": "316是蓝调正红，黄皮白皮都显白。"},
            {"q": "会不会掉色、沾杯？", "a": "哑光质地，薄涂吃饭后仍有七成颜色，建议配唇膜。"},
            {"q": "Is it vegan / cruelty-free?", "a": "Yes, no animal testing and no carmine."},
            {"q": "包邮吗？几天发货？", "a": "全店包邮（偏远地区除外），下单后48小时内发货。"},
        ],
        "tryon": {"kind": "lipstick", "color": "#B0243A", "opacity": 0.55},
    },
    {
        "sku": "SUN-002",
        "name_zh": "复古猫眼墨镜",
        "name_en": "Retro Cat-Eye Sunglasses",
        "category": "fashion",
        "aliases": ["墨镜", "太阳镜", "猫眼墨镜", "sunglasses", "shades"],
        "keywords": ["防紫外线", "UV400", "偏光", "显脸小", "polarized", "cat-eye"],
        "price": 199.0,
        "promo_price": 139.0,
        "stock": 300,
        "faq": [
            {"q": "防紫外线吗？", "a": "UV400偏光镜片，随镜附检测卡。"},
            {"q": "大脸能戴吗？", "a": "镜框宽145毫米，大部分脸型都合适。"},
            {"q": "Does it come with a case?", "a": "Yes, a hard case and a cleaning cloth."},
        ],
        "tryon": {"kind": "glasses", "image": "tryon/glasses.png", "anchor": "eyes"},
    },
    {
        "sku": "EAR-003",
        "name_zh": "法式镀金圆环耳环",
        "name_en": "French Gold-Plated Hoop Earrings",
        "category": "fashion",
        "aliases": ["耳环", "金耳环", "圆环耳环", "earrings", "hoops"],
        "keywords": ["镀金", "不过敏", "法式", "925银针", "gold", "hypoallergenic"],
        "price": 159.0,
        "promo_price": 99.0,
        "stock": 200,
        "faq": [
            {"q": "敏感耳朵能戴吗？", "a": "925银耳针，镀18K金，一般不会过敏。"},
            {"q": "有耳夹款吗？", "a": "有，下单备注耳夹即可，同价。"},
            {"q": "Will it tarnish?", "a": "Thick plating; kept dry it stays bright for months."},
        ],
        "tryon": {"kind": "earrings", "image": "tryon/earring.png", "anchor": "ears"},
    },
    {
        "sku": "HAT-004",
        "name_zh": "纯棉渔夫帽",
        "name_en": "Cotton Bucket Hat",
        "category": "fashion",
        "aliases": ["渔夫帽", "帽子", "bucket hat"],
        "keywords": ["遮阳", "纯棉", "可折叠", "显脸小", "sun hat", "foldable"],
        "price": 79.0,
        "promo_price": 59.0,
        "stock": 400,
        "faq": [
            {"q": "头围多大？", "a": "56-58厘米，内有调节绳。"},
            {"q": "能机洗吗？", "a": "建议手洗，不要暴晒。"},
            {"q": "What colours are there?", "a": "Beige, black, olive and pink."},
        ],
        "tryon": {"kind": "hat", "image": "tryon/hat.png", "anchor": "forehead"},
    },
    {
        "sku": "SER-005",
        "name_zh": "玻尿酸保湿精华 30ml",
        "name_en": "Hyaluronic Hydrating Serum 30ml",
        "category": "beauty",
        "aliases": ["精华", "精华液", "玻尿酸", "serum"],
        "keywords": ["保湿", "补水", "敏感肌", "hydrating", "hyaluronic acid"],
        "price": 299.0,
        "promo_price": 199.0,
        "stock": 250,
        "faq": [
            {"q": "敏感肌能用吗？", "a": "无酒精无香精，建议先在耳后试用。"},
            {"q": "孕妇能用吗？", "a": "成分温和，但孕期请先咨询医生。"},
            {"q": "How long does a bottle last?", "a": "About six weeks, used morning and night."},
        ],
        "tryon": None,
    },
    {
        "sku": "BAG-006",
        "name_zh": "帆布托特包",
        "name_en": "Canvas Tote Bag",
        "category": "fashion",
        "aliases": ["托特包", "帆布包", "tote", "tote bag"],
        "keywords": ["大容量", "通勤", "能装电脑", "canvas", "laptop"],
        "price": 99.0,
        "promo_price": None,
        "stock": 350,
        "faq": [
            {"q": "能装14寸电脑吗？", "a": "可以，内袋尺寸38×30厘米。"},
            {"q": "有拉链吗？", "a": "有内袋拉链，主袋是磁扣。"},
            {"q": "Is the canvas thick?", "a": "16 oz cotton canvas, it stands on its own."},
        ],
        "tryon": None,
    },
    {
        "sku": "SNK-007",
        "name_zh": "坚果零食大礼包",
        "name_en": "Nut & Snack Gift Box",
        "category": "snacks",
        "aliases": ["零食礼包", "礼盒", "坚果", "snack box", "gift box"],
        "keywords": ["每日坚果", "送礼", "年货", "nuts", "gift"],
        "price": 128.0,
        "promo_price": 79.9,
        "stock": 600,
        "faq": [
            {"q": "保质期多久？", "a": "生产日期起180天，发货都是近一个月的新货。"},
            {"q": "里面有几包？", "a": "12种共30小包，总重1.2公斤。"},
            {"q": "Does it contain peanuts?", "a": "Yes, it contains peanuts and tree nuts."},
        ],
        "tryon": None,
    },
    {
        "sku": "THM-008",
        "name_zh": "不锈钢保温杯 500ml",
        "name_en": "Stainless Steel Thermos 500ml",
        "category": "home",
        "aliases": ["保温杯", "水杯", "thermos", "water bottle"],
        "keywords": ["保温", "保冷", "不锈钢", "便携", "insulated", "leak-proof"],
        "price": 89.0,
        "promo_price": 69.0,
        "stock": 450,
        "faq": [
            {"q": "保温多久？", "a": "热水6小时在60度以上，冰水12小时不化。"},
            {"q": "会漏水吗？", "a": "硅胶密封圈，倒过来摇也不漏。"},
            {"q": "Is it dishwasher safe?", "a": "Hand wash recommended to protect the coating."},
        ],
        "tryon": None,
    },
]

RUNDOWN: list[str] = [p["sku"] for p in PRODUCTS]

# When each product goes on air (ms). ~22 s apart; the narration for a product starts shortly after.
ON_AIR_MS: list[int] = [1_000, 24_000, 46_000, 68_000, 90_000, 113_000, 135_000, 157_000]

# Words viewers use for each product in comments, plus product-specific questions and praise.
PRODUCT_TALK: dict[str, dict[str, list[str]]] = {
    "LIP-001": {
        "zh": ["口红", "316", "这支口红", "丝绒口红"],
        "en": ["lipstick", "316", "this red"],
        "colors_zh": ["正红", "豆沙色", "316", "枫叶红"],
        "colors_en": ["red", "nude", "316", "berry"],
        "sizes": ["3.5g"],
        "ask_zh": ["黄皮能用吗", "{p}干不干", "{p}沾杯吗", "{color}有没有", "{p}显白吗"],
        "ask_en": ["is the {p} drying?", "does it transfer?", "is {color} available?"],
        "like_zh": ["{p}颜色绝了", "这个红好显白", "涂上气色好好"],
        "like_en": ["that red is gorgeous", "the {p} looks amazing on you"],
        "gripe_zh": ["上次买的{p}掉色", "{p}有点干，起皮"],
        "gripe_en": ["the last {p} I bought dried my lips out"],
    },
    "SUN-002": {
        "zh": ["墨镜", "太阳镜", "这副墨镜"],
        "en": ["sunglasses", "shades", "glasses"],
        "colors_zh": ["黑框", "玳瑁色", "茶色"],
        "colors_en": ["black", "tortoise", "brown"],
        "sizes": ["145mm"],
        "ask_zh": ["{p}防紫外线吗", "近视能戴吗", "大脸能戴吗", "{p}是偏光的吗", "有{color}吗"],
        "ask_en": ["are they polarized?", "UV protection?", "do the {p} fit a wide face?"],
        "like_zh": ["{p}好酷", "戴上好有气场", "{color}好看"],
        "like_en": ["those {p} are so cool", "very 90s, love it"],
    },
    "EAR-003": {
        "zh": ["耳环", "金耳环", "这对耳环"],
        "en": ["earrings", "hoops"],
        "colors_zh": ["金色", "银色", "玫瑰金"],
        "colors_en": ["gold", "silver", "rose gold"],
        "sizes": ["3厘米", "5厘米"],
        "sizes_en": ["3cm", "5cm"],
        "ask_zh": ["{p}过敏吗", "有耳夹款吗", "{p}多大", "{p}重不重", "{size}的还有吗"],
        "ask_en": ["are the {p} hypoallergenic?", "clip-on version?", "how big are the {p}?"],
        "like_zh": ["{p}好精致", "法式感拉满", "{color}好高级"],
        "like_en": ["the {p} are so elegant", "gold looks great on you"],
        "gripe_zh": ["上次买的{p}戴了两周就掉色了", "戴了耳朵痒"],
        "gripe_en": ["my last {p} turned green after a month"],
    },
    "HAT-004": {
        "zh": ["渔夫帽", "帽子", "这顶帽子"],
        "en": ["bucket hat", "hat"],
        "colors_zh": ["米色", "黑色", "橄榄绿", "粉色"],
        "colors_en": ["beige", "black", "olive", "pink"],
        "sizes": ["M", "L", "56", "58"],
        "ask_zh": ["{p}头围多少", "头大能戴吗", "{color}还有吗", "有{size}码吗", "{p}能机洗吗"],
        "ask_en": ["what size is the {p}?", "is there a {color} one?", "does it fold flat?"],
        "like_zh": ["{p}好可爱", "戴上脸好小", "{color}绝了"],
        "like_en": ["cute {p}!", "{color} is so cute"],
    },
    "SER-005": {
        "zh": ["精华", "精华液", "玻尿酸精华"],
        "en": ["serum", "hyaluronic serum"],
        "colors_zh": ["30ml", "50ml"],
        "colors_en": ["30ml", "50ml"],
        "sizes": ["30ml", "50ml"],
        "ask_zh": [
            "敏感肌能用吗",
            "孕妇能用{p}吗",
            "油皮用{p}闷痘吗",
            "有{size}的吗",
            "早晚都能用吗",
        ],
        "ask_en": ["is the {p} ok for sensitive skin?", "can I use it with retinol?"],
        "like_zh": ["用过{p}，真的很水润", "主播皮肤好好", "上次买的{p}回购了"],
        "like_en": ["your skin is glowing", "this {p} is my holy grail"],
    },
    "BAG-006": {
        "zh": ["托特包", "帆布包", "这个包"],
        "en": ["tote", "tote bag", "bag"],
        "colors_zh": ["米白", "黑色", "卡其"],
        "colors_en": ["cream", "black", "khaki"],
        "sizes": ["大号", "中号"],
        "sizes_en": ["large", "medium"],
        "ask_zh": ["能装电脑吗", "{p}有拉链吗", "{size}尺寸多少", "{color}有吗", "{p}重吗"],
        "ask_en": ["does the {p} fit a laptop?", "does it have a zipper?", "{color} in stock?"],
        "like_zh": ["{p}好百搭", "通勤绝了", "{color}好看"],
        "like_en": ["love the {p}", "perfect for uni"],
    },
    "SNK-007": {
        "zh": ["零食礼包", "礼盒", "坚果礼盒", "大礼包"],
        "en": ["snack box", "gift box", "snacks"],
        "colors_zh": ["红色礼盒", "原味", "混合装"],
        "colors_en": ["red box", "mixed"],
        "sizes": ["1.2kg"],
        "ask_zh": ["{p}保质期多久", "有花生吗", "{p}里面几包", "能送到新疆吗", "有手提袋吗"],
        "ask_en": ["does the {p} contain peanuts?", "is it halal?", "how heavy is the {p}?"],
        "like_zh": ["{p}好划算", "送长辈很体面", "上次买的坚果很新鲜"],
        "like_en": ["great gift idea", "the {p} looks so good"],
        "gripe_zh": ["上次的坚果有点受潮", "礼盒压扁了"],
        "gripe_en": ["my last {p} arrived crushed"],
    },
    "THM-008": {
        "zh": ["保温杯", "水杯", "这个杯子"],
        "en": ["thermos", "water bottle", "bottle"],
        "colors_zh": ["薄荷绿", "奶白", "黑色"],
        "colors_en": ["mint", "cream", "black"],
        "sizes": ["500ml", "750ml"],
        "ask_zh": ["{p}保温多久", "会漏水吗", "{size}的有吗", "{color}还有货吗", "能装奶茶吗"],
        "ask_en": ["does the {p} keep ice overnight?", "is it leak-proof?", "{size} option?"],
        "like_zh": ["{color}好温柔", "{p}颜值好高", "上次买的{p}用了两年"],
        "like_en": ["{color} is so pretty", "love this {p}"],
        "gripe_zh": ["上次买的{p}漏水", "盖子拧不紧"],
        "gripe_en": ["my {p} leaked in my bag"],
    },
}

# ---------------------------------------------------------------------------------------------
# The host's script. Lines are spoken in order inside each product's slot; tags drive the
# generator: "price" lines raise comment and order rates, "banned" lines contain phrases that
# China's Advertising Law forbids (the compliance checker should flag them).
# ---------------------------------------------------------------------------------------------

NarrationLine = tuple[str, str, tuple[str, ...]]  # (lang, text, tags)

NARRATION: dict[str, list[NarrationLine]] = {
    "LIP-001": [
        ("zh", "大家好，欢迎来到莉莉的直播间！", ("greeting",)),
        ("zh", "开场先上这支丝绒哑光口红，316号色。", ("intro",)),
        ("en", "Hi TikTok friends, let's start with our velvet matte lipstick.", ("intro",)),
        ("zh", "日常价129，今天只要89。", ("price",)),
        ("zh", "这支口红全网最低价，拍1号链接！", ("price", "banned")),
    ],
    "SUN-002": [
        ("zh", "2号链接，复古猫眼墨镜来了。", ("intro",)),
        ("zh", "偏光镜片，防紫外线，戴上显脸小。", ("detail",)),
        ("en", "These retro sunglasses are the best in the world.", ("intro", "banned")),
        ("zh", "原价199，直播间139。", ("price",)),
    ],
    "EAR-003": [
        ("zh", "3号链接是法式镀金圆环耳环。", ("intro",)),
        ("zh", "我们家耳环销量第一，姐妹们放心冲！", ("banned",)),
        ("en", "Gold hoop earrings, only 99 yuan today.", ("intro", "price")),
        ("zh", "耳针是925银的，敏感耳朵也能戴。", ("answer",)),
    ],
    "HAT-004": [
        ("zh", "4号链接，纯棉渔夫帽，遮阳又显脸小。", ("intro",)),
        ("en", "The bucket hat comes in beige, black, olive and pink.", ("intro",)),
        ("zh", "头围56到58，里面有调节绳。", ("answer",)),
        ("zh", "今天只要59，库存不多了，抓紧拍！", ("price", "cta")),
    ],
    "SER-005": [
        ("zh", "5号链接，玻尿酸保湿精华，30毫升。", ("intro",)),
        ("zh", "这款精华是国家级实验室研发的。", ("banned",)),
        ("zh", "痘痘闭口都能根治，100%有效！", ("banned",)),
        ("en", "This serum is guaranteed to cure acne in one week.", ("intro", "banned")),
        ("zh", "原价299，今天199。", ("price",)),
    ],
    "BAG-006": [
        ("zh", "6号链接，帆布托特包，能装14寸电脑。", ("intro",)),
        ("en", "This canvas tote fits your laptop, and it's 99 yuan.", ("intro", "price")),
        ("zh", "有宝宝问有没有拉链，内袋是拉链的。", ("answer",)),
        ("zh", "上班上学都能背，喜欢的扣1。", ("cta",)),
    ],
    "SNK-007": [
        ("zh", "7号链接，坚果零食大礼包，送礼自己吃都合适。", ("intro",)),
        ("zh", "12种口味，30小包，保质期180天。", ("answer",)),
        ("en", "The snack box is just 79.9 yuan today, down from 128.", ("intro", "price")),
        ("zh", "拍礼盒再送一份小零食，喜欢的直接拍。", ("cta",)),
    ],
    "THM-008": [
        ("zh", "压轴的是8号链接，不锈钢保温杯。", ("intro",)),
        ("en", "The thermos keeps your coffee hot for six hours.", ("intro",)),
        ("zh", "保温杯原价89，今天69。", ("price",)),
        ("en", "Thank you all for watching, see you tomorrow night!", ("closing",)),
    ],
}

# What the TTS engine should say for a display text that it would read badly. The display text
# (written to narration.jsonl) keeps the original wording for the compliance checker.
TTS_OVERRIDES: dict[str, str] = {"100%": "百分之百", "%": "百分之"}

# ---------------------------------------------------------------------------------------------
# Comment templates: intent -> list of (template, sentiment). "{...}" placeholders are listed in
# the module docstring. Purchase templates marked with "!" at the start are past-tense ("已拍")
# and make the generator place the user's order *before* the comment.
# ---------------------------------------------------------------------------------------------

Template = tuple[str, str]

COMMENTS_ZH: dict[str, list[Template]] = {
    "question": [
        ("{p}多少钱", "neu"),
        ("多少钱？", "neu"),
        ("{n}号链接是什么", "neu"),
        ("{color}还有吗？", "neu"),
        ("有{size}吗", "neu"),
        ("包邮吗", "neu"),
        ("发什么快递？", "neu"),
        ("什么时候发货", "neu"),
        ("还有库存吗", "neu"),
        ("{price}是到手价吗", "neu"),
        ("能用优惠券吗", "neu"),
        ("和上一个一起拍能便宜吗", "neu"),
        ("七天无理由吗", "neu"),
        ("链接在哪里？", "neu"),
    ],
    "purchase": [
        ("扣1", "pos"),
        ("1", "pos"),
        ("111", "pos"),
        ("想要", "pos"),
        ("想要{color}", "pos"),
        ("上链接", "pos"),
        ("上链接！！", "pos"),
        ("{n}号链接", "pos"),
        ("{p}来两个", "pos"),
        ("冲了", "pos"),
        ("!已拍", "pos"),
        ("!拍了", "pos"),
        ("!已拍{color}", "pos"),
        ("!拍了两个，送闺蜜", "pos"),
        ("!已下单，快点发货", "pos"),
    ],
    "complaint": [
        ("发货太慢了", "neg"),
        ("上次买的{p}有瑕疵", "neg"),
        ("客服不回消息", "neg"),
        ("上周买的还没到", "neg"),
        ("怎么又涨价了", "neg"),
        ("抢不到，库存太少了", "neg"),
        ("{n}号链接点不开", "neg"),
        ("退款一直不处理", "neg"),
        ("收到的和直播的颜色不一样", "neg"),
    ],
    "praise": [
        ("主播好美", "pos"),
        ("好看", "pos"),
        ("好好看！", "pos"),
        ("颜色绝了", "pos"),
        ("主播讲得好清楚", "pos"),
        ("已经回购三次了", "pos"),
        ("莉莉今天妆好美", "pos"),
        ("爱了爱了", "pos"),
        ("这个价格太香了", "pos"),
        ("质量很好，放心买", "pos"),
    ],
    "other": [
        ("来了来了", "neu"),
        ("晚上好", "neu"),
        ("主播晚上好", "pos"),
        ("第一次来", "neu"),
        ("刚下班，赶上了", "neu"),
        ("666", "pos"),
        ("👍👍👍", "pos"),
        ("❤️❤️", "pos"),
        ("哈哈哈哈", "pos"),
        ("🙋", "neu"),
        ("广东的姐妹在吗", "neu"),
        ("打卡", "neu"),
        ("背景音乐叫什么", "neu"),
    ],
}

COMMENTS_EN: dict[str, list[Template]] = {
    "question": [
        ("how much is the {p}?", "neu"),
        ("price?", "neu"),
        ("which link number?", "neu"),
        ("is {color} still available?", "neu"),
        ("do you have {size}?", "neu"),
        ("does it ship to the US?", "neu"),
        ("shipping to Canada?", "neu"),
        ("how long is delivery?", "neu"),
        ("is {price} the final price?", "neu"),
        ("any discount code?", "neu"),
    ],
    "purchase": [
        ("link pls", "pos"),
        ("link please!!", "pos"),
        ("I want one", "pos"),
        ("need the {p}", "pos"),
        ("link {n}?? want it", "pos"),
        ("!just ordered", "pos"),
        ("!added to cart", "pos"),
        ("!ordered the {color} one", "pos"),
        ("!bought 2!", "pos"),
    ],
    "complaint": [
        ("still no tracking", "neg"),
        ("my last order arrived damaged", "neg"),
        ("customer service never replies", "neg"),
        ("shipping takes forever", "neg"),
        ("the {p} I got last time broke after a week", "neg"),
        ("sold out already?? annoying", "neg"),
    ],
    "praise": [
        ("love this", "pos"),
        ("so pretty", "pos"),
        ("you look amazing", "pos"),
        ("obsessed!!", "pos"),
        ("great quality, bought last month", "pos"),
        ("Lily you're glowing", "pos"),
    ],
    "other": [
        ("hi from Toronto", "neu"),
        ("hello from Manila", "neu"),
        ("first time here", "neu"),
        ("hi Lily!", "pos"),
        ("what's the song?", "neu"),
        ("😂😂", "pos"),
        ("👋", "neu"),
        ("watching from London, it's 2am lol", "neu"),
    ],
}

# Viewers asking ahead: in the minute before a product goes on air some viewers ask when it
# comes or say they are waiting for it, and now and then someone wants a product shown earlier.
# This is the off-screen demand the "pitch next" recommender ranks by, so {p} must be a name
# or alias the product has in products.json (the recommender matches comments by those) and
# {n} is its link number. Entries are (template, gold intent, gold sentiment); the wording is
# chosen so that the rule classifier agrees with the gold label except where noted.

ASK_AHEAD_NAMES: dict[str, dict[str, list[str]]] = {
    "LIP-001": {"zh": ["口红", "丝绒口红", "316"], "en": ["lipstick"]},
    "SUN-002": {"zh": ["墨镜", "太阳镜", "猫眼墨镜"], "en": ["sunglasses", "shades"]},
    "EAR-003": {"zh": ["耳环", "金耳环", "圆环耳环"], "en": ["earrings", "hoops"]},
    "HAT-004": {"zh": ["渔夫帽", "帽子"], "en": ["bucket hat"]},
    "SER-005": {"zh": ["精华", "精华液", "玻尿酸"], "en": ["serum"]},
    "BAG-006": {"zh": ["托特包", "帆布包"], "en": ["tote", "tote bag"]},
    "SNK-007": {"zh": ["零食礼包", "礼盒", "坚果"], "en": ["snack box", "gift box"]},
    "THM-008": {"zh": ["保温杯", "水杯"], "en": ["thermos", "water bottle"]},
}

LabelledTemplate = tuple[str, str, str]  # (template, intent, sentiment)

ASK_AHEAD_ZH: list[LabelledTemplate] = [
    ("什么时候上{p}？", "question", "neu"),
    ("{p}什么时候讲", "question", "neu"),
    ("{p}还有吗", "question", "neu"),
    ("今天有{p}吗", "question", "neu"),
    ("{p}今天多少钱", "question", "neu"),
    ("{p}是几号链接", "question", "neu"),
    ("{n}号什么时候上", "question", "neu"),
    ("{n}号链接什么时候讲", "question", "neu"),  # the rules call any "N号链接" a purchase
    ("蹲一个{p}", "purchase", "pos"),
    ("想要{p}", "purchase", "pos"),
    ("等{p}上链接", "purchase", "pos"),
    ("{p}我要", "purchase", "pos"),
    ("蹲{n}号链接", "purchase", "pos"),
    ("就等{p}了，想要", "purchase", "pos"),
]
ASK_AHEAD_EN: list[LabelledTemplate] = [
    ("when is the {p}?", "question", "neu"),
    ("when are you showing the {p}?", "question", "neu"),
    ("is the {p} next?", "question", "neu"),
    ("how much will the {p} be?", "question", "neu"),
    ("do you have the {p} today?", "question", "neu"),
    ("need the {p}", "purchase", "pos"),
    ("waiting for the {p}, I need one", "purchase", "pos"),
    ("here for the {p}! I want one", "purchase", "pos"),
]
# Asking again for a product that was on air earlier ({p} and {n} are that product's).
ASK_AGAIN_ZH: list[LabelledTemplate] = [
    ("{p}还能拍吗", "question", "neu"),
    ("{p}还有链接吗", "question", "neu"),
    ("{p}能再讲一下吗", "question", "neu"),
    ("刚才的{p}还想要", "purchase", "pos"),
    ("回到{n}号链接，想要", "purchase", "pos"),
]
ASK_AGAIN_EN: list[LabelledTemplate] = [
    ("can I still get the {p}?", "question", "neu"),
    ("is the {p} still available?", "question", "neu"),
    ("go back to the {p} please, I want one", "purchase", "pos"),
]

# Spam: {h} is a random handle, {d} random digits. One-off spammers use these, bot floods pick one
# text and post it from several accounts within seconds.
SPAM_ZH: list[str] = [
    "加vx {h} 领取福利",
    "加微信{h}，一手货源",
    "看我主页，有惊喜",
    "QQ {d} 低价代购大牌",
    "免费领取口红小样，加v：{h}",
    "兼职日结，点我头像",
    "www.{h}.cn 全场一折",
]
SPAM_EN: list[str] = [
    "check my bio for free followers",
    "DM me for cheap iPhones",
    "visit bit.ly/{h} for free gift cards",
    "earn $500/day from home, link in bio",
    "follow me follow back 100%",
]
SPAM_HANDLES: list[str] = ["mm5201314", "xx88qq", "fuli666", "dahuo_99", "freegift24", "shop8k"]

# ---------------------------------------------------------------------------------------------
# Viewers
# ---------------------------------------------------------------------------------------------

ZH_NAME_HEADS: list[str] = [
    "小鹿", "奶茶", "橘子", "阿飞", "大白", "糖糖", "桃子", "阿宝", "小满", "芒果", "七七",
    "柚子", "阿狸", "木木", "小葵", "团子", "可乐", "西瓜", "小雨", "晴天", "豆豆", "阿杰",
    "小熊", "布丁", "米粒", "甜甜", "阿珍", "小新", "果冻", "栗子",
]  # fmt: skip
ZH_NAME_TAILS: list[str] = [
    "爱吃糖", "不吃香菜", "的日常", "酱", "今天也要开心", "666", "在减肥", "要早睡",
    "宝宝", "姐姐", "的小店", "呀", "_", "买买买", "在路上", "不加班",
]  # fmt: skip
EN_NAME_HEADS: list[str] = [
    "mia", "jess", "sunny", "kate", "chloe", "lena", "ava", "zoe", "nina", "emma", "liam",
    "noah", "maya", "ruby", "ivy", "leo", "sara", "tina", "grace", "olivia",
]  # fmt: skip
EN_NAME_TAILS: list[str] = [
    "_k", ".rose", "_92", "loves.makeup", "_daze", "xoxo", "_official", ".m", "_lol", "2001",
    "_shop", ".bee",
]  # fmt: skip

GIFTS: list[tuple[str, float]] = [  # (gift, unit value in CNY)
    ("小心心", 0.1),
    ("玫瑰", 0.1),
    ("人气票", 0.1),
    ("棒棒糖", 0.9),
    ("为你闪耀", 9.9),
    ("真爱跑车", 120.0),
]
