"""The cue lexicon behind the intent overrides (:mod:`app.chat.intent`).

Each family is one regular expression matched against the *normalised, lowercased*
comment. Every branch begins with a literal character: Python's ``re`` then skips
ahead to candidate positions with a fast scan (~0.2 µs per comment); a single branch
starting with a group, a class, ``^``, ``\\b`` or a look-behind, or the IGNORECASE
flag, disables that scan for the whole pattern (~2-10 µs each). So word boundaries and
exclusions are written *after* the first literal (``丑(?<!不丑)``, ``scam(?<=\\bscam)``),
prefix choices are spelled out, and whole-comment cues (``扣1``, ``666``) live in
separate ``fullmatch`` patterns. :func:`alternation` enforces the rule at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NOT_LITERAL = re.compile(r"[(\[^.$|?*+{]|\\[bBdDwWsSAZ0-9]")


def alternation(*groups: Iterable[str]) -> re.Pattern[str]:
    """One pattern of all branches; raises if a branch does not begin with a literal."""
    branches = [b for group in groups for b in group]
    for branch in branches:
        if _NOT_LITERAL.match(branch):
            raise ValueError(f"cue must begin with a literal character: {branch!r}")
    return re.compile("|".join(branches))


def words(*texts: str) -> list[str]:
    """Literal cues separated by spaces: ``words("退货 退款")`` -> ["退货", "退款"]."""
    return [w for text in texts for w in text.split()]


def each(heads: str, tail: str) -> list[str]:
    """``each("太 好", "差")`` -> ["太差", "好差"]: a prefix choice spelled out."""
    return [head + tail for head in heads.split()]


def word(w: str, rest: str = "") -> str:
    """An English word that starts at a word boundary: ``scam(?<=\\bscam)...``."""
    return f"{w}(?<=\\b{w}){rest}"


_NUM = "[0-9一二三四五六七八九十两半]+"

SPAM = alternation(
    ["https://", "http://", "www.", "bit.ly", "t.cn/"],
    [
        rf"\.{tld}\b(?<=\w\.{tld})"
        for tld in ["com", "cn", "net", "ly", "top", "xyz", "cc", "io", "me", "shop"]
    ],
    [r"v信\s*:?\s*[\w@+-]{5,}", r"微信\s*:?\s*[\w@+-]{5,}", r"扣扣\s*:?\s*[\w@+-]{5,}"],
    [r"薇\s*:?\s*[\w@+-]{5,}", r"威信\s*:?\s*[\w@+-]{5,}", r"赖\s*:?\s*[\w@+-]{5,}"],
    [
        word(h, r"\s*:?\s*[\w@+-]{5,}")
        for h in ["vx", "wx", "weixin", "qq", "tg", "telegram", "whatsapp", "line"]
    ],
    words(
        "加我 加v 加微 加薇 加群 进群 企鹅号 看我主页 看我头像 看我作品 作品里有 作品有",
        "主页有 我主页",
    ),
    words(
        "点我头像 私信我 私信领 私信有 私我 有需要私 需要的私 有意者私 互粉 互关 互赞",
        "回关 关注我",
    ),
    words(
        "求关注 关注必回 刷单 兼职 日结 日赚 日入 在家赚 赚钱的来 一手货源 工厂价拿货",
        "低价代购 高仿",
    ),
    words("代刷 刷粉 刷赞 买粉 淘口令 博彩 首充送 贷款 高价回收 招代理"),
    [r"\+v\b", r"加q(?![a-z])", "私聊(?!主播)"],
    ["dm me", "check my bio", "check my profile", "check my page", "link in my bio"],
    ["follow me", "follow back", "follow for follow", word("f4f", r"\b"), "sub4sub", "sub 4 sub"],
    ["free gift", "free followers", "free iphone", "free v-bucks", "free vbucks", "make money"],
    ["earn money", r"earn \$", "crypto signals", "buy followers", "promote your stream"],
    ["promote your channel"],
)

COMPLAINT = alternation(
    # after-sales
    words(
        "退货 退款 退钱 退不了 不能退 不给退 不让退 没法退 退不掉 申请退 怎么退 退差价",
        "退回 投诉 差评",
    ),
    ["想退(?!出)", "要退(?!出)", "售后.{0,4}(?:差|烂|不|没|推)"],
    # quality
    [
        "质量(?:太|好|很|真|超|巨|特别|非常|也太)?(?:差|烂|次|不行|一般)",
        "做工(?:太|好|很)?(?:差|粗糙)",
    ],
    each("太 好 很 真 超 巨 极 贼", "差(?!不多)"),
    words(
        "差劲 粗糙 劣质 廉价感 坏掉 烂了 碎了 裂了 破了 断了 漏液 发霉 过期 变质 异味",
        "怪味 霉味 刺鼻",
    ),
    words(
        "塑料味 甲醛 打不开 点不开 用不了 付不了 领不到 抢不到 进不去 没效果 不好用",
        "不好吃 不好看",
    ),
    [f"难{x}(?<![不没]难{x})" for x in "吃用看闻喝穿听"],
    ["坏了(?<![笑饿累乐兴急气]坏了)", "丑(?<!不丑)(?!萌)", "不值(?<!值不值)(?!得买)", "没用(?!过)"],
    ["不好闻", "失望(?<![不没]失望)(?<!没让我失望)(?<!不让我失望)(?<!没让人失望)"],
    ["后悔(?<!不后悔)(?!没)", "垃圾(?!袋|桶|分类|篓)", "踩雷(?<![不没]踩雷)", "翻车(?<!不翻车)"],
    words("上当 辣鸡 恶心 无语 避雷 劝退 拉黑 取关 别买 不要买 智商税 割韭菜 货不对板"),
    ["再也不(?:买|来|会买|看)", "说是.{1,12}结果", "不一样(?<!什么不一样)(?<!哪里不一样)(?![吗?])"],
    [
        f"都(?:一周|一个礼拜|半个月|{_NUM}(?:天|周|个?星期|个月))了",
        f"等了{_NUM}(?:天|周|个?星期|个?月)",
    ],
    # delivery and service
    words("发错 少发 漏发 没收到 不发货 还不发 慢死 一动不动 不理人"),
    ["还没(?:发|到|收到|出货)", "客服.{0,6}(?:不回|不理|没人|态度|推)", "没人(?:理|管|回|处理)"],
    [f"{h}(?:太|好|真|也太|巨)?慢" for h in ["物流", "快递", "发货", "出货"]],
    each("太 好 真 巨", "慢"),
    words("太贵了 好贵 贵死 贵得 抢钱 涨价"),
    # honesty
    ["骗(?!你的|你呢)", "真假(?!的)"],
    words("忽悠 虚假 夸大 假货 山寨 好假 太假 很假 造假 假冒 假的吧 演的吧"),
    ["坑(?:人|钱|爹|死|货|我|了|啊|吧)(?<![入出填挖跳一]坑.)"],
    [f"{h}坑(?!位)" for h in ["被", "太", "好", "真", "巨", "又", "大"]],
    # the stream itself
    words("听不见 听不到 听不清 没声音 没有声音 没声了 杂音 电流声 回音 爆麦 音画不同步", "看不清"),
    words(
        "好糊 太糊 糊了 模糊 马赛克 卡顿 好卡 太卡 又卡 很卡 卡了 卡死 卡住 卡成",
        "一卡一卡 黑屏 花屏",
    ),
    words("掉帧 掉线 转圈 该死的画质 破画质"),
    ["声音(?:太|好|有点|忽大忽)?小", "声音(?:太|好)大", "延迟(?:好|太|很)?高"],
    # "turn it down", "stop singing", "what is there to watch" (real rooms, dev split)
    [f"{h}(?:声音?)?(?:能)?(?:小|调小|关小)一?点" for h in ("歌", "音乐", "伴奏", "bgm")],
    words("别唱了 不要唱了 有什么看头 没什么看头 没看头"),
    ["画质(?:太|好|真|也太)?(?:差|烂|渣|感人|糊)"],
    # English
    words("refund overpriced terrible awful horrible disgusting garbage disappoint"),
    ["money back"],
    ["rip off", "ripoff", "too expensive", "not worth", "waste of money", "no tracking"],
    [word("scam"), word("fake", r"\b"), word("worst", r"\b"), word("trash", r"\b")],
    [word("junk", r"\b"), word("boring", r"\b"), word("froze"), word("lag", r"(?:gy|ging)?\b")],
    ["return(?:ing)? (?:it|this|them|mine)", "never (?:arrived|came|again)"],
    ["hasn'?t (?:arrived|come|shipped)", "has not (?:arrived|come|shipped)"],
    ["didn'?t (?:arrive|come|ship)", "still (?:waiting|no tracking|hasn'?t)"],
    [word("broke", r"\b(?<!i'm broke)(?<!im broke)(?<!i am broke)(?<!so broke)")],
    ["broken", "fell apart", "stopped working", "damaged", r"leak(?:s|ed|ing)\b"],
    ["not (?:the|what) .{0,12}i ordered", "wrong (?:size|colou?r|item|order)"],
    ["can'?t hear", "cannot hear", "can'?t see", "no (?:sound|audio)", "buffering", "blurry"],
    ["pixelated", "out of focus", "don'?t buy", "customer service"],
    [word("i", r" (?:don['’]?t|do not) like (?:how|the|this|that|it|when)")],
    [
        word(w, r"\b.{0,12}\b(?:low|quiet|bad|off|muted|broken|peaking|terrible|awful)")
        for w in ("audio", "sound", "volume", "mic")
    ],
)
#: "就这?" (a sneer) at the start of a comment.
COMPLAINT_START = re.compile(r"就这(?![个样么款件些里边])")

#: Product concerns: a question when asked as one, a complaint otherwise.
CONCERN = alternation(
    words(
        "掉色 褪色 染色 起球 掉毛 起皮 过敏 闷痘 烂脸 卡粉 脱妆 飞粉 沾杯 漏水 漏了",
        "缩水 变形 开胶 开线",
    ),
    words("色差 正品吗 退换 能退 可以退 包退 无理由 售后 allerg shrink"),
    ["假的(?<!真的假的)(?<!还是假的)", "画质(?!.{0,3}(?:好|清|不错|高|棒|绝|可以|顶|nice|赞|牛))"],
    [r"fad(?:e|es|ing)\b", word("leak"), r"pilling\b", word("return", r"s?\b")],
)
#: The comment asks something (used once :data:`CONCERN` matched; short, so no scan rule).
ASKING = re.compile(
    r"[?]|[吗嘛么][\s!.。~]*$|会不会|能不能|可不可以|是不是|有没有|支不支持|怎么样|如何|会.{0,4}不"
    r"|^(?:does|do|is|are|will|can|could|would|should|what|whats|what's|how|any)\b"
)
#: The viewer has the goods already: an asked concern is then an after-sales complaint.
BOUGHT = re.compile(
    r"买了|拍了|收到|到了|到货|已买|已拍|下单了|用了|穿了|洗了|买的|拆了|i bought|mine"
)

PURCHASE = alternation(
    [
        r"扣[0-9一二三四五]",
        "链接(?!.{0,3}(?:是什么|是啥|里是|里有什么|什么时候))",
        "哪(?:里|儿)?(?:能|可以|有)?买",
    ],
    words(
        "小黄车 购物车 橱窗 求链 上链 蹲链 同款在哪 同款求 在哪下单 要了 我也要 已拍",
        "拍下 已下单 下单了",
    ),
    ["哪(?:里|儿)?有(?:卖|得卖)", "怎么(?:买|拍|下单|购买|订)", "拍了(?!拍)"],
    [
        "想要(?<!不想要)(?!问|知道|了解|看|听)",
        "我要(?=[0-9一两二三四五这那个件套盒瓶支黑白红粉蓝绿灰紫!]|$)",
    ],
    ["给我(?:来|留|拍|上)", "来[一两二三四五0-9](?:个|件|套|盒|单|瓶|份|箱|支|包)(?<![起出]来..)"],
    ["下了[一两二三0-9]?单", "订[一两二三0-9]"],
    words(
        "刚下单 下单成功 已付款 付款了 付款成功 付了 抢到 已购 已买 刚买了 买了买了",
        "买它 买买买 必须买",
    ),
    words("拿下 加购 加入购物车 上车 锁单 囤了 冲冲 冲了 冲鸭"),
    [word("link", r"s?\b(?! (?:doesn'?t|does not|is broken|not working|broken))")],
    ["where (?:can|do|to|should|could) (?:i |we |you )?(?:buy|get|order|find|purchase)"],
    ["how (?:do|can|to|could) (?:i |we |you )?(?:buy|order|get (?:it|one|this)|purchase)"],
    [r"add(?:ed)? (?:\d+ |it |one |two )?to (?:my )?cart", "in cart", "in my cart", word("carted")],
    ["checkout", "checked out", "just (?:ordered|bought|got one)", word("ordered", r"\b")],
    [
        r"bought (?:it|one|two|\d)",
        "order placed",
        "i'll take",
        "i will take",
        "i'll get",
        "i'm getting",
    ],
    [r"i (?:want|need) (?:one|it|this|that|two|\d)", "take my money", word("sold", r"\b(?! out)")],
    ["copped", "gimme", word("claim", r"(?:ing)?\b"), "put me down"],
)
#: Whole comments that buy: "1", "111", "扣2", "+1", "冲冲冲!".
PURCHASE_WHOLE = re.compile(r"(?:扣|\+)?\s*(?:1+|[1-9一二三])\s*!*|冲+[!鸭了]*")

_HAS = ["码", "色", "货", "款", "号", "大码", "小码"]
QUESTION = alternation(
    # price
    words(
        "多少钱 多钱 什么价 啥价 几块 怎么卖 几折 怎么算 满减 送什么 能便宜 便宜点",
        "再少点 保价 分期 花呗 发票",
    ),
    ["价格(?:多少|是多少)", "优惠券?(?:吗|怎么|在哪)", "有(?:优惠|折扣|赠品|小样|券)"],
    # size, measures
    words(
        "几码 什么码 啥码 哪个码 选几 穿几 尺寸怎么 多高 多重 多长 多宽 多大 几寸 几升",
        "几片 几斤 几克",
    ),
    words("几瓦 几档 几人份 限购"),
    ["尺码(?:怎么|多少|标准|准不准|偏)", "偏大(?:还是|吗)", "偏小(?:还是|吗)"],
    ["多少(?:ml|毫升|克|斤|片|个|件|瓦)", "一(?:盒|套|箱|包|瓶|单)(?:有)?(?:几|多少)"],
    # stock, colour, material
    [r"有[^,.!?]{0,8}(?:" + "|".join(_HAS) + r"|\b[smlx]{1,3}\b)[^,.!?]{0,3}(?:吗|嘛|\?|$)"],
    ["有没有[^,.!?]{0,6}(?:码|色|货|款|套装|男款|女款|现货|库存|赠品|小样|优惠)"],
    words(
        "有货吗 现货吗 库存 补货 返场吗 色号是 含不含 成分是 正品吗 保质期 生产日期",
        "一天用几次 开封后",
    ),
    [f"{h}时候(?:上|返场|补|有|发|到|能到|播|开播|下播|开始|抢)" for h in ("什么", "啥")],
    [f"{h}(?:颜色|色号|色)" for h in ["什么", "啥", "哪个", "几号"]],
    [f"{h}(?:材质|面料|料子|成分|牌子|品牌|型号|配料)" for h in ["什么", "啥"]],
    ["是(?:纯棉|真皮)的?吗", "怎么(?:保存|用|洗|穿|搭|吃|选|领|参与|参加|抢)"],
    # shipping
    ["几天(?:发货|到|能到)", "多久(?:发|到|能到)", "包邮(?:吗|嘛|不)", "发(?:什么|啥|哪个)快递"],
    [
        "寄到[^,.!?]{0,6}(?:吗|嘛|不|\\?|要)",
        "送到[^,.!?]{0,6}(?:吗|嘛|不|\\?)",
        "运费(?:多少|怎么)",
    ],
    ["从哪(?:里|儿)?发", "发顺丰", "能寄", "哪里发货", "运费险"],
    # suitability
    [
        f"{h}[^,.!?]{{0,4}}(?:用|穿|吃|喝|洗|戴|带|放|加热|水洗|机洗)(?:吗|嘛|么)"
        for h in ("能", "可以", "会")
    ],
    ["适合[^,.!?]{0,8}(?:吗|嘛|\\?|不)", "适不适合", "好不好(?:看|用|吃|穿|闻|洗)"],
    [f"{a}不{a}" for a in "甜辣咸酸重厚薄透软硬贵扎痒闷暖紧松热冷凉宽窄长短高亮滑香臭勒磨"],
    ["会不会(?:掉|起|缩|褪|漏|过敏|闷|卡|脱|拖地|显|太|很)"],
    # show details
    [
        "几点(?:开始|开抢|抢|播|下播|上新|抽奖|下|开|直播|结束|进场)",
        "bgm是",
        "叫什么名",
        "用的(?:什么|啥)",
    ],
    [
        "到几点",
        "播到(?:几点|什么时候|啥时候)",
        "点(?:准时)?下播(?:吗|嘛|\\?)",
        "点(?:准时)?开播(?:吗|嘛|\\?)",
    ],
    [f"{h}时候(?:唱|直播|再播|开|下|回来)" for h in ("什么", "啥")],
    [
        r"what time (?:is|does|will|do|it|the)\b",
        r"when (?:is|does|will) (?:the )?(?:launch|stream|it start)",
    ],
    [f"{h}(?:歌|游戏|bgm|麦|麦克风|耳机|键盘|鼠标|显卡|配置|相机|滤镜)" for h in ("什么", "啥")],
    # English
    [r"how (?:much|many|big|tall|heavy)\b", r"price\?", r"price (?:of|for|on)\b"],
    [r"how long (?:does|will|till|until|for|to|is)\b.{0,24}(?:ship|deliver|arrive|take|last)"],
    [
        r"what(?:'?s| is)? ?(?:the )?(?:size|sizes|colou?rs?|material|shade|brand|song|mic|camera"
        r"|game|price|lipstick|headset|setup)"
    ],
    [
        "链接(?:是什么|是啥|里是|里有什么|什么时候)",
        "有没有[?]*$",
        "还有吗",
        r"available\?",
        "still available",
    ],
    [
        "which (?:one|size|shade|colou?r)",
        "in stock",
        "restock",
        "discount code",
        "what are you wearing",
    ],
    [
        f"{h} (?:you|it|they|this) (?:ship|come|fit|run|work|go|have)"
        for h in ["do", "does", "will", "can"]
    ],
    [word("ship", r"(?:ping)? to\b"), "can you (?:show|try)"],
    [
        r"is (?:shipping|it|this|the) (?:free|waterproof|vegan|real|true to size|stretchy|heavy"
        r"|safe|machine washable|in stock|gluten)"
    ],
    [
        "any (?:discount|code|coupon|other colou?rs?|sale)",
        "when (?:is|does|will) (?:the )?(?:next|sale|drop|it ship)",
    ],
)

#: Teasing or rhetorical: never a question by rule, whatever the "?".
TEASING = alternation(
    words(
        "就这 你礼貌吗 认真的 没事吧 有病吧 疯了 傻了 不会吧 真的假的 你确定 好意思",
        "搞笑吗 开玩笑 还是假的",
    ),
    words("你在说什么 说啥呢 干嘛 wtf bruh"),
    ["是不是(?:傻|喝多|疯|有病)", "are you serious", r"you ok\b", "is this real"],
)

PRAISE = alternation(
    words(
        "老板大方 老板威武 老板霸气 大气 豪横 太牛 真牛 好牛 很牛 超牛 太秀 好秀 真秀",
        "秀啊 秀儿 i了 yyds",
    ),
    words(
        "永远的神 绝绝子 666 awsl 封神 绝了 太绝 真绝 神操作 宝藏 真香 太香了 种草 爱了",
        "好评 天花板 太强",
    ),
    words("好强 帅炸 好顶 太顶 无限回购 闭眼入 goated"),
    ["nb(?<![a-z]nb)(?:nb)*(?![a-z])", "牛(?:逼|b|批|哇|啊|了|!|$)"],
    [word("goat", r"\b"), word("slay"), word("w stream"), word("huge w", r"\b"), word("pog")],
    [word("based", r"\b")],
    # plain approval, intensified (real rooms, dev split); "好看吗" stays a question
    [
        f"{h}{a}(?<![不没]{h}{a})(?![吗嘛么?])"
        for h in ("好", "真", "太", "超", "巨")
        for a in ("漂亮", "好看", "好听", "可爱", "帅", "棒")
    ],
    words("越看越好看 唱得好 唱的好 跳得好 跳的好"),
    [word("so", r" (?:good|pretty|beautiful|cute|talented)\b"), "this is (?:amazing|awesome|epic)"],
    [r"you(?:'re| are) (?:the best|amazing|so good|beautiful|awesome)", word("love", " your")],
)
#: Whole comments of praise: "牛牛", "秀", "666", "绝", "强", "顶", "W".
PRAISE_WHOLE = re.compile(r"牛+!*|秀+!*|6{2,}[啊哇!]*|6[啊哇]|绝+!*|强+[啊!]*|顶+!*|w+!*")

#: The clause after one of these decides ("好看,就是太贵了" is a complaint).
CONTRAST = alternation(
    ["但(?<!不但)是?(?!愿)", "不过(?<![打比说跑赢斗玩]不过)(?!如此)", "可惜", "只是"],
    ["就是(?<=[, 。]就是)(?=有点|太|不|没|偏|略|感觉|质量|价格|容易)"],
    [word("but", r"\b"), word("however"), word("though", r"\b"), word("except", r"\b")],
)
#: A clause after a contrast word that names a drawback ("...,就是有点贵").
DRAWBACK = re.compile(
    r"(?:感觉|就是|可能|真的)?(?:有点|有些|稍微|略微?|偏|不太|不够|没那么|太)"
    r"(?!好|漂亮|美|可爱|香|喜欢|想要|心动|值|划算|便宜|舒服|爱|棒|赞|牛|强|绝|意思)"
    r"|(?:a bit|a little|kinda|slightly|too) "
)
#: Punctuation only ("???", "。。。"): a reaction, never a question.
PUNCT_ONLY = re.compile(r"[?!.,。、~…\s]+")
#: A giveaway chant: the keyword typed to enter a 福袋/抽奖, nothing else ("福袋福袋", "抽奖!").
GIVEAWAY_CHANT = re.compile(r"(?:扣|冲|来)?(?:福袋|抽奖|红包|福利|lucky ?bag|giveaway)+[?!.,~…\s]*")
