"""Project-written templates that multiply the hand-written live comments for training.

    from live_comment_templates import generate
    rows = generate(per_intent=600, seed=42)   # [(text, intent, sentiment), ...]

Every phrase here was written for AnchorDesk, modelled on the way live-commerce rooms
(Douyin, Taobao Live, TikTok Shop) and danmaku/live chat (Bilibili, YouTube) talk; none is
copied from a dataset. Templates combine products, attributes, problems, slang, fillers
and emoji so the model sees each cue in many contexts rather than memorising sentences.
They feed **training only** (tools/train_sentiment.py); dev and test are hand-written
comments in resources/eval/live_comments_v2.csv, so a template can never leak into them
verbatim (the trainer also drops any generated text equal to a dev/test text).
"""

from __future__ import annotations

import random
from collections.abc import Callable


def _words(*texts: str) -> list[str]:
    return [w for text in texts for w in text.split()]


ZH_PRODUCTS = _words(
    "口红 粉底 面膜 精华 眼影 香水 防晒 卸妆水 外套 卫衣 毛衣 裙子 裤子 牛仔裤 衬衫",
    "羽绒服 鞋子 靴子 包包 耳环 项链 手链 墨镜 帽子 围巾 袜子 睡衣 保温杯 锅 电饭煲",
    "空气炸锅 榨汁机 台灯 枕头 四件套 毛巾 拖鞋 零食 坚果 牛肉干 辣条 饼干 咖啡",
    "茶叶 蜂蜜 水果 车厘子 大米 螺蛳粉 耳机 充电宝 数据线 手机壳 键盘",
)
EN_PRODUCTS = _words(
    "lipstick foundation serum mask palette perfume sunscreen jacket hoodie sweater",
    "dress jeans shirt coat boots sneakers bag earrings necklace bracelet",
    "sunglasses hat scarf socks pajamas tumbler pan air fryer blender lamp pillow",
    "towel slippers snacks coffee tea honey headphones charger phone case keyboard",
)
COLOURS = _words("黑色 白色 红色 粉色 蓝色 灰色 绿色 紫色 米色 卡其色 杏色 豆沙色")
EN_COLOURS = _words("black white red pink blue grey green purple beige brown")
SIZES = _words("S M L XL XXL 均码 大码 小码")
CITIES = _words(
    "北京 上海 广州 深圳 成都 重庆 杭州 武汉 西安 南京 长沙 东北 新疆 福建 山东", "河南 香港 台湾"
)
EN_PLACES = _words("texas london manila toronto sydney brazil india germany ohio mexico")
WHO = ("干皮", "油皮", "敏感肌", "学生", "孕妇", "小孩", "老人", "男生", "黄皮", "宝宝")
HOST = ("主播", "姐姐", "小姐姐", "老师", "宝宝", "亲", "家人们", "老板", "哥", "up主")
EN_HOST = ("", "girl ", "sis ", "queen ", "bro ", "")
ZH_END = ("", "", "", "啊", "呀", "哦", "呢", "吧", "!", "!!", "~", "。", "...")
EN_END = ("", "", "", "!", "!!", " lol", " haha", "...", " fr")

POS_EMOJI = _words("😍 🥰 👍 ❤️ 💕 👏 🔥 ✨ 💯 🤩 😊 🎉")
NEG_EMOJI = _words("😡 😠 👎 💩 😤 🙄 😒 🤮 💔 😞")
LAUGH_EMOJI = ["😂", "🤣", "😆"]
MISC_EMOJI = _words("🤔 👀 😳 🙋 👋 🙏 😅 🐶")


def _zh_question(r: random.Random) -> str:
    p = r.choice(ZH_PRODUCTS)
    asks = (
        f"{p}多少钱",
        f"{p}现在什么价",
        f"{p}到手多少",
        f"{p}还有货吗",
        f"{p}有没有{r.choice(COLOURS)}",
        f"{r.choice(COLOURS)}还有吗",
        f"{p}有{r.choice(SIZES)}吗",
        f"{r.randint(150, 180)}穿几码",
        f"{r.randint(85, 160)}斤穿什么码",
        f"{p}偏大还是偏小",
        f"{p}是什么材质",
        f"{p}是什么牌子",
        f"{p}保质期多久",
        f"{p}能用多久",
        f"{p}几天发货",
        f"{p}什么时候发货",
        f"{p}发什么快递",
        f"包邮吗{r.choice(('', '亲', '主播'))}",
        f"能寄到{r.choice(CITIES)}吗",
        f"寄{r.choice(CITIES)}几天到",
        f"{p}适合{r.choice(WHO)}吗",
        f"{r.choice(WHO)}能用吗",
        f"{p}会不会{r.choice(('掉色', '起球', '缩水', '过敏', '漏', '变形', '闷'))}",
        f"{p}{r.choice(('甜不甜', '辣不辣', '厚不厚', '重不重', '软不软', '透不透', '硬不硬'))}",
        f"{p}好不好用",
        f"{p}和{r.choice(ZH_PRODUCTS)}哪个好",
        f"{r.randint(1, 9)}号和{r.randint(1, 9)}号有什么区别",
        f"{p}怎么用",
        f"{p}能机洗吗",
        f"{p}有优惠吗",
        f"{p}有赠品吗",
        f"{p}是正品吗",
        f"{p}会补货吗",
        f"{p}什么时候返场",
        f"{p}一盒有几个",
        f"{HOST[0]}多高多重",
        f"{r.choice(HOST)}穿的是什么码",
        f"{r.choice(HOST)}用的是哪个色号",
        "背景音乐是什么",
        "这首歌叫什么",
        "这是什么游戏",
        f"{r.choice(HOST)}用的什么{r.choice(('耳机', '麦克风', '键盘', '相机', '滤镜', '显卡'))}",
        "几点开始抢",
        "明天几点播",
        "福袋怎么抢",
    )
    text = r.choice(asks)
    return (
        r.choice(("", "", "请问", "想问下", f"{r.choice(HOST)}", "姐妹们"))
        + text
        + r.choice(("", "", "?", "??", "呀", "啊"))
    )


def _en_question(r: random.Random) -> str:
    p = r.choice(EN_PRODUCTS)
    asks = (
        f"how much is the {p}",
        f"how much for the {r.choice(EN_COLOURS)} one",
        f"price on the {p}?",
        f"is the {p} in stock",
        f"do you have the {p} in {r.choice(EN_COLOURS)}",
        f"what size is the {p}",
        f"does the {p} run small",
        f"is the {p} true to size",
        f"what's the {p} made of",
        f"is the {p} waterproof",
        f"do you ship to {r.choice(EN_PLACES)}",
        f"how long does shipping take to {r.choice(EN_PLACES)}",
        f"when will the {p} ship",
        f"any discount on the {p}",
        f"is there a code for the {p}",
        f"which {p} is better",
        f"can you show the {p} closer",
        f"can you try the {r.choice(EN_COLOURS)} {p}",
        f"does the {p} come in {r.choice(EN_COLOURS)}",
        f"is the {p} good for sensitive skin",
        "what shade are you wearing",
        "what song is this",
        "what game is this",
        "what mic do you use",
        "when is the next stream",
        "when does the sale end",
    )
    return r.choice(EN_HOST) + r.choice(asks) + r.choice(("", "?", "??", " pls", " please?"))


def _zh_purchase(r: random.Random) -> str:
    p, c, s = r.choice(ZH_PRODUCTS), r.choice(COLOURS), r.choice(SIZES)
    n = r.randint(1, 12)
    says = (
        f"{p}链接",
        f"{p}链接{p}链接",
        f"{p}的链接呢",
        f"求{p}链接",
        f"{n}号链接",
        f"{n}号链接冲",
        "上链接",
        f"{r.choice(HOST)}快上链接",
        "蹲链接",
        f"{p}在哪买",
        f"{p}哪里能买到",
        f"{p}怎么买",
        f"同款{p}在哪",
        f"小黄车{n}号",
        f"{p}在小黄车几号",
        "扣1",
        f"扣{r.randint(1, 5)}",
        "1" * r.randint(1, 6),
        f"想要{p}",
        f"我要{c}{s}",
        f"我要{n}件",
        f"给我来{r.choice(('一', '两', '三'))}{r.choice(('个', '件', '盒', '瓶', '套'))}",
        f"已拍{c}{s}",
        f"拍了{r.choice(('一', '两', '三'))}件",
        f"已下单{r.choice(('', '等发货', '快发货'))}",
        f"刚下单了{p}",
        "付款了",
        f"抢到{p}了",
        f"{p}拿下",
        f"{p}必须买",
        f"给{r.choice(('我妈', '老公', '闺蜜', '男朋友', '孩子', '我爸'))}拍了一个{p}",
        f"{p}加购了",
        f"囤了{r.choice(('两', '三', '五'))}{r.choice(('盒', '包', '箱', '瓶'))}",
        "冲冲冲",
        "要了要了",
        "买买买",
    )
    return r.choice(says) + r.choice(ZH_END)


def _en_purchase(r: random.Random) -> str:
    p, c = r.choice(EN_PRODUCTS), r.choice(EN_COLOURS)
    says = (
        f"link for the {p}",
        f"{p} link please",
        "link?",
        f"link {r.randint(1, 9)}",
        "drop the link",
        f"where can i buy the {p}",
        f"where do i get that {p}",
        f"how do i order the {p}",
        f"just ordered the {c} {p}",
        f"ordered {r.randint(2, 4)}",
        f"bought the {p}",
        f"added the {p} to cart",
        f"i need that {p}",
        f"i want the {c} one",
        f"i'll take the {p}",
        "take my money",
        "sold",
        f"copped the {p}",
        "claim",
        "in my cart",
    )
    return r.choice(says) + r.choice(EN_END)


ZH_PROBLEMS = (
    "质量太差了",
    "质量好差",
    "做工好粗糙",
    "线头一堆",
    "一洗就缩水",
    "穿两次就起球",
    "掉色严重",
    "味道好难闻",
    "一股怪味",
    "太难吃了",
    "一点都不好吃",
    "不新鲜",
    "收到就坏了",
    "用两天就坏了",
    "和图片不一样",
    "色差太大",
    "尺码不准",
    "太小了穿不上",
    "根本没效果",
    "用了过敏",
    "漏了一地",
    "盒子压坏了",
    "少发了一个",
    "发错颜色了",
    "太贵了",
    "不值这个价",
    "比别家贵",
    "是假货吧",
    "好假",
    "被坑了",
    "智商税",
    "踩雷了",
    "好失望",
    "难用死了",
)
#: Mild drawbacks: a complaint when they follow "但是/就是/可惜".
ZH_MILD = (
    "有点贵",
    "有点小贵",
    "有点薄",
    "偏小",
    "偏大",
    "有点硬",
    "有点甜",
    "有点咸",
    "不太好用",
    "一般",
)
ZH_GOOD_BUT = ("好看", "颜色挺好", "款式不错", "味道还行", "便宜", "包装好看")
ZH_BUT = (",但是", ",就是", ",不过", ",可惜", "但")
ZH_ORDER = (
    "还没发货",
    "一周了还没到",
    "物流一直不动",
    "客服不回消息",
    "客服态度好差",
    "退款一直不到账",
    "申请退货没人理",
    "不给退",
    "说好的赠品没有",
    "发货太慢了",
)
AFTER_SALES = ("不想要了不能退吗", "怎么退", "想退货", "不给退", "都不合适")
ZH_STREAM = (
    "声音太小了",
    "听不见",
    "听不清主播说话",
    "没声音了",
    "有杂音",
    "回音好大",
    "画质好差",
    "这画质",
    "画面好糊",
    "好卡",
    "卡成ppt",
    "一直卡",
    "黑屏了",
    "延迟好高",
    "看不清",
    "背景音乐太吵",
    "主播别吼了",
    "废话太多",
    "半天不上链接",
)


def _zh_complaint(r: random.Random) -> str:
    p = r.choice(ZH_PRODUCTS)
    n = r.choice(("两", "三", "五", "十多", "好几"))
    options: tuple[Callable[[], str], ...] = (
        lambda: f"{p}{r.choice(ZH_PROBLEMS)}",
        lambda: f"上次买的{p}{r.choice(ZH_PROBLEMS)}",
        lambda: f"{r.choice(ZH_PROBLEMS)}",
        lambda: f"{r.choice(ZH_ORDER)}",
        lambda: f"买的{p}{r.choice(ZH_ORDER)}",
        lambda: f"我买了{n}件,{r.choice(AFTER_SALES)}",
        lambda: f"拍了{n}单{r.choice(ZH_ORDER)}",
        lambda: f"{r.choice(ZH_STREAM)}",
        lambda: f"{r.choice(HOST)}{r.choice(ZH_STREAM)}",
        lambda: f"{r.choice(ZH_GOOD_BUT)}{r.choice(ZH_BUT)}{r.choice(ZH_PROBLEMS + ZH_MILD)}",
        lambda: (
            f"{r.choice(('说是', '宣传说'))}{r.choice(('纯棉', '真皮', '正品', '进口'))}"
            f"{r.choice(('结果是假的', '结果不是', '骗人的'))}"
        ),
    )
    text = r.choice(options)()
    return text + r.choice(ZH_END) + (r.choice(NEG_EMOJI) if r.random() < 0.15 else "")


EN_PROBLEMS = (
    "broke after a week",
    "fell apart",
    "smells weird",
    "tastes awful",
    "is so cheap looking",
    "looks nothing like the picture",
    "is way too small",
    "ran super big",
    "faded after one wash",
    "gave me a rash",
    "leaked everywhere",
    "arrived damaged",
    "is overpriced",
    "is a scam",
    "is fake",
    "was a waste of money",
    "stopped working",
)
EN_STREAM = (
    "can't hear you",
    "audio is so low",
    "no sound",
    "mic is muted",
    "stream is lagging",
    "so laggy",
    "video is blurry",
    "camera is out of focus",
    "music is too loud",
    "buffering again",
)


def _en_complaint(r: random.Random) -> str:
    p = r.choice(EN_PRODUCTS)
    options: tuple[Callable[[], str], ...] = (
        lambda: f"my {p} {r.choice(EN_PROBLEMS)}",
        lambda: f"the {p} {r.choice(EN_PROBLEMS)}",
        lambda: r.choice(EN_STREAM),
        lambda: f"still waiting for my {p}",
        lambda: f"my order never arrived{r.choice(('', ' after 3 weeks', ' and no reply'))}",
        lambda: "customer service won't answer",
        lambda: f"i want a refund for the {p}",
        lambda: f"how do i return the {p}, it {r.choice(EN_PROBLEMS)}",
        lambda: (
            f"{r.choice(('cute', 'pretty', 'nice color', 'good price'))} but it "
            f"{r.choice(EN_PROBLEMS)}"
        ),
    )
    return (
        r.choice(options)() + r.choice(EN_END) + (r.choice(NEG_EMOJI) if r.random() < 0.1 else "")
    )


ZH_PRAISE = (
    "好好看",
    "太美了",
    "好显白",
    "好显瘦",
    "质感好好",
    "好高级",
    "好精致",
    "好可爱",
    "好好吃",
    "太香了",
    "好好用",
    "超级好用",
    "好舒服",
    "质量真好",
    "做工好好",
    "性价比超高",
    "好划算",
    "价格好美丽",
    "绝了",
    "绝美",
    "爱了",
    "i了i了",
    "yyds",
    "绝绝子",
    "种草了",
    "好心动",
    "无限回购",
    "回购好多次了",
    "真的好用",
    "闭眼入",
)
ZH_HOST_PRAISE = (
    "好美",
    "好帅",
    "皮肤好好",
    "好会穿",
    "声音好好听",
    "好专业",
    "讲得好清楚",
    "好真诚",
    "人美心善",
    "辛苦了",
    "唱得真好",
    "操作太秀了",
    "牛",
    "太强了",
    "nb",
    "666",
    "大气",
    "yyds",
)


def _zh_praise(r: random.Random) -> str:
    p = r.choice(ZH_PRODUCTS)
    options: tuple[Callable[[], str], ...] = (
        lambda: f"{p}{r.choice(ZH_PRAISE)}",
        lambda: (
            f"这个{r.choice(('颜色', '款式', '味道', '质量', '价格', '设计'))}{r.choice(ZH_PRAISE)}"
        ),
        lambda: r.choice(ZH_PRAISE),
        lambda: f"{r.choice(HOST)}{r.choice(ZH_HOST_PRAISE)}",
        lambda: f"老板{r.choice(('大气', '大方', '威武'))}",
        lambda: f"上次买的{p}{r.choice(('很好用', '质量很好', '好吃', '家人都喜欢', '穿了好久'))}",
        lambda: (
            f"{r.choice(('有点贵', '等了好久', '颜色有点深', '一开始不信'))}"
            f"{r.choice((',但是', ',不过', '但'))}{r.choice(ZH_PRAISE)}"
        ),
        lambda: r.choice(("6" * r.randint(3, 6), "牛" * r.randint(1, 3), "秀", "强", "顶", "nbnb")),
        lambda: f"画质{r.choice(('好清晰', '真好', '好清楚'))}",
    )
    text = r.choice(options)()
    return (
        text
        + r.choice(ZH_END)
        + (r.choice(POS_EMOJI) * r.randint(1, 2) if r.random() < 0.2 else "")
    )


EN_PRAISE = (
    "looks amazing",
    "is gorgeous",
    "is so cute",
    "is fire",
    "is so pretty",
    "looks so good on you",
    "is worth every penny",
    "is my favorite",
    "is perfect",
    "quality is insane",
    "is a must have",
)


def _en_praise(r: random.Random) -> str:
    p = r.choice(EN_PRODUCTS)
    options: tuple[Callable[[], str], ...] = (
        lambda: f"the {p} {r.choice(EN_PRAISE)}",
        lambda: f"that {r.choice(EN_COLOURS)} {p} {r.choice(EN_PRAISE)}",
        lambda: r.choice(
            ("love it", "obsessed", "so pretty", "slay", "goated", "W", "so good", "amazing")
        ),
        lambda: (
            f"{r.choice(('you look', 'this looks', 'that looks'))} "
            f"{r.choice(('amazing', 'stunning', 'gorgeous', 'so good'))}"
        ),
        lambda: f"{r.choice(('best stream', 'great stream', 'love this stream', 'w stream'))}",
        lambda: (
            f"bought the {p} last time and {r.choice(('love it', 'it is perfect', 'use it daily'))}"
        ),
        lambda: (
            f"{r.choice(('pricey', 'took a while', 'skeptical at first'))} but "
            f"{r.choice(('worth it', 'love it', 'it is perfect'))}"
        ),
    )
    text = r.choice(options)()
    return text + r.choice(EN_END) + (r.choice(POS_EMOJI) if r.random() < 0.2 else "")


LURES = ("有惊喜", "更便宜", "有同款", "领红包")


def _zh_spam(r: random.Random) -> str:
    handle = "".join(r.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(r.randint(2, 5)))
    digits = str(r.randint(1000, 99999999))
    says = (
        f"加v{handle}{digits}",
        f"vx:{handle}{digits} 领福利",
        f"加我微信{handle}{digits}",
        f"QQ {digits}{digits[:2]} 低价",
        f"{r.choice(('看我主页', '主页有', '点我头像', '看我作品'))}{r.choice(LURES)}",
        f"{r.choice(('私信我', '私我', '有需要私聊'))}{r.choice(('', '领券', '拿货', '便宜'))}",
        f"{r.choice(('互粉', '互关', '关注我', '求关注'))}{r.choice(('', '必回', '互粉'))}",
        f"{r.choice(('兼职', '在家赚钱', '刷单'))}{r.choice(('日结', '日入300', '一单一结'))}",
        f"www.{handle}{r.randint(1, 99)}.{r.choice(('com', 'cn', 'top', 'xyz'))}",
    )
    return r.choice(says)


def _en_spam(r: random.Random) -> str:
    handle = "".join(r.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(r.randint(4, 8)))
    says = (
        f"check my bio for {r.choice(('free gifts', 'deals', 'giveaways'))}",
        f"dm me for {r.choice(('promo', 'collab', 'cheap followers'))}",
        f"follow me {r.choice(('', 'for follow back', 'i follow back'))}",
        f"free followers at {handle}.{r.choice(('com', 'io', 'xyz'))}",
        f"earn ${r.randint(100, 900)} a day {r.choice(('from home', 'dm me', 'link in bio'))}",
        f"telegram @{handle}",
        "sub4sub",
    )
    return r.choice(says)


ZH_OTHER = (
    "来了",
    "来啦",
    "报到",
    "打卡",
    "前排",
    "晚上好",
    "大家好",
    "晚安",
    "拜拜",
    "刚下班",
    "在上班摸鱼",
    "刚到家",
    "今天好累",
    "好困",
    "哈哈哈",
    "哈哈哈哈哈",
    "笑死",
    "笑死我了",
    "草",
    "2333",
    "啊这",
    "好家伙",
    "?",
    "??",
    "???",
    "啊?",
    "嗯嗯",
    "哦哦",
    "好的",
    "确实",
    "真的假的",
    "你认真的吗",
    "主播你没事吧",
    "你在干嘛",
    "什么情况",
    "发生了什么",
    "我也是",
    "同意",
    "前方高能",
    "爷青回",
    "泪目",
    "主播加油",
    "祝大卖",
    "生日快乐",
    "第一次来",
    "又来了",
    "路过",
    "挂个眼熟",
    "主播喝口水",
    "主播吃饭了吗",
    "主播哪里人",
    "有人吗",
    "弹幕好多",
)


HELLO = ("晚上好", "早上好", "下午好", "我来了", "看我", "注意休息")
WATCHING = ("在旁边看", "睡了", "也在看")


def _zh_other(r: random.Random) -> str:
    options: tuple[Callable[[], str], ...] = (
        lambda: r.choice(ZH_OTHER),
        lambda: f"{r.choice(CITIES)}的{r.choice(('来了', '报到', '举手', '姐妹在吗', '在吗'))}",
        lambda: f"有没有{r.choice(CITIES)}的",
        lambda: f"{r.choice(HOST)}{r.choice(HELLO)}",
        lambda: (
            f"{r.choice(('今天', '外面', '这边'))}{r.choice(('好冷', '好热', '下雨了', '下雪了'))}"
        ),
        lambda: f"{r.choice(('我', '我家猫', '我家宝宝', '老公'))}{r.choice(WATCHING)}",
        lambda: r.choice(LAUGH_EMOJI) * r.randint(1, 3),
        lambda: r.choice(MISC_EMOJI) * r.randint(1, 2),
    )
    return r.choice(options)() + r.choice(ZH_END)


EN_OTHER = (
    "hi",
    "hello",
    "hey chat",
    "hi everyone",
    "good morning",
    "good night",
    "brb",
    "back",
    "first",
    "early",
    "lol",
    "lmao",
    "haha",
    "bruh",
    "wait what",
    "ok",
    "same",
    "fr",
    "true",
    "what did i miss",
    "who else is here",
    "watching from work",
    "just got here",
    "are you serious",
    "you ok?",
    "?",
    "??",
    "good luck",
    "happy friday",
    "so tired today",
)


def _en_other(r: random.Random) -> str:
    options: tuple[Callable[[], str], ...] = (
        lambda: r.choice(EN_OTHER),
        lambda: f"hello from {r.choice(EN_PLACES)}",
        lambda: f"{r.choice(('watching from', 'greetings from', 'hi from'))} {r.choice(EN_PLACES)}",
        lambda: f"its {r.randint(1, 12)}{r.choice(('am', 'pm'))} here",
        lambda: f"my {r.choice(('cat', 'dog', 'mom', 'sister'))} is watching too",
    )
    return r.choice(options)() + r.choice(EN_END)


#: (intent, sentiment, zh maker, en maker, share of English).
MAKERS: tuple[
    tuple[str, str, Callable[[random.Random], str], Callable[[random.Random], str]], ...
] = (
    ("question", "neu", _zh_question, _en_question),
    ("purchase", "pos", _zh_purchase, _en_purchase),
    ("complaint", "neg", _zh_complaint, _en_complaint),
    ("praise", "pos", _zh_praise, _en_praise),
    ("spam", "neu", _zh_spam, _en_spam),
    ("other", "neu", _zh_other, _en_other),
)
_OTHER_POS = (
    "哈哈",
    "笑",
    "草",
    "233",
    "lol",
    "lmao",
    "haha",
    "加油",
    "快乐",
    "爷青回",
    "泪目",
    "good luck",
    "happy",
    "😂",
    "🤣",
    "😆",
)
_OTHER_NEG = ("累", "困", "tired")


def _other_sentiment(text: str) -> str:
    lowered = text.lower()
    if any(k in lowered for k in _OTHER_NEG):
        return "neg"
    return "pos" if any(k in lowered for k in _OTHER_POS) else "neu"


def generate(
    per_intent: int = 600, seed: int = 42, en_share: float = 0.3
) -> list[tuple[str, str, str]]:
    """``per_intent`` distinct comments per intent: (text, intent, sentiment)."""
    r = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    for intent, sentiment, zh, en in MAKERS:
        seen: set[str] = set()
        tries = 0
        while len(seen) < per_intent and tries < per_intent * 20:
            tries += 1
            text = (en if r.random() < en_share else zh)(r).strip()
            if text and text not in seen:
                seen.add(text)
                label = _other_sentiment(text) if intent == "other" else sentiment
                out.append((text, intent, label))
    return out
