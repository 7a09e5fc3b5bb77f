"""Intent of a live comment by rules: question, purchase, complaint, praise, spam, other.

Rules first because live-room language is formulaic ("扣1", "几号链接", "link pls") and
rules are exact, explainable and fast; a review-trained model would call most of these
negative. Order matters: spam beats everything (a spammer's "多少钱?" is still spam),
complaints beat questions ("怎么还没发货?" needs defusing, not a price answer), purchase
beats question ("有链接吗" wants the link).
"""

from __future__ import annotations

import re

INTENTS = ("question", "purchase", "complaint", "praise", "spam", "other")

#: Contact handles and off-platform lures: the classic live-room spam.
SPAM_PATTERNS = re.compile(
    r"(https?://|www\.|\b[\w-]+\.(?:com|cn|net|ly|top|xyz|cc|io)\b|bit\.ly"
    r"|(?:vx|v信|微信|wx|weixin|qq|扣扣|加v|薇|威信|tg|telegram|whatsapp)\s*[:：]?\s*[\w-]{5,}"
    r"|加我|加v|加微|看我主页|主页有|私信我|私我|dm me|check my (?:bio|profile|page)"
    r"|follow (?:me|back)|free (?:gift|followers|iphone)|一手货源|低价代购|刷单|兼职日结)",
    re.IGNORECASE,
)

#: Product concerns that are questions when asked as one ("会掉色吗?") and gripes otherwise.
SOFT_COMPLAINTS = re.compile(r"掉色|褪色|起皮|过敏|沾杯|漏水|\bfade|allerg|\bleak", re.IGNORECASE)
_ASKING = re.compile(r"[?？]|吗|会不会|会.{0,4}不|\b(?:does|is|will|can)\b", re.IGNORECASE)

COMPLAINT_PATTERNS = re.compile(
    r"(发货(?:太)?慢|还没发货|没发货|怎么还没|还没到|没到货|没收到|客服不回|漏水|压扁|受潮|拧不紧|痒|涨价"
    r"|客服.{0,4}不(?:理|回)|退货|退款|退钱|差评|投诉|假货|骗子|坑人|质量(?:太)?差|破了|坏了|漏了"
    r"|不一样|色差|点不开|抢不到|不发货|垃圾|上当|失望|太贵了|欺骗|售后"
    r"|refund|still no tracking|no tracking|never (?:arrived|came|received)|hasn'?t arrived"
    r"|not arrived|broke|broken|scam|fake|worst|terrible|disappointed|return it|returning"
    r"|customer service|too slow|crushed|leak(?:ed|s|ing)?\b|stopped working"
    r"|still waiting|wrong (?:size|color|colour|item)|damaged)",
    re.IGNORECASE,
)

PURCHASE_PATTERNS = re.compile(
    r"(^(?!.*(?:是什么|哪个|which)).*(?:\d+\s*号链接|\blinks?\b)|^\s*(?:1|11+|111+|扣1|＋1"
    r"|\+1)\s*[!！]*\s*$|扣1|扣一|想要|要了|要一个|要两|来一|来两|来个"
    r"|已拍|拍了|已下单|下单了|已付款|付款了|抢到了|冲了|冲冲|上链接|求链接|链接呢"
    r"|买了|买买买|必须买|我要|给我来|蹲链接|蹲一个|上车"
    r"|added to cart|add to cart|just (?:ordered|bought)|i (?:want|need) (?:one|it|this"
    r"|that|two)"
    r"|\bordered\b|take my money|buying|bought (?:two|2|one|it)|need (?:the|this|that|one|it)"
    r"|sold!?$|checkout|in my cart)",
    re.IGNORECASE,
)

QUESTION_PATTERNS = re.compile(
    r"([?？]|多少钱|多少|几号|几码|什么码|啥码|有没有|能不能|可不可以|可以.{0,6}吗|怎么|咋|吗|嘛\s*$"
    r"|呢\s*$|什么时候|啥时候|哪个|哪里|哪款|几天|多久|包邮|尺码|尺寸|库存|还有货|有货|优惠"
    r"|适合|合适|(\w)不\2|几包|几个|几只|几支|是什么|什么歌|是不是|是否|会不会|色号|发什么快递|偏大|偏小|多重|多大|多长"
    r"|\bhow (?:much|long|many|big)\b|\bdoes (?:it|this|that)\b|\bdo you\b|\bis (?:it"
    r"|this|that|there)\b"
    r"|\bcan (?:i|you|it)\b|\bwhat (?:size|color|colour|is)\b|\bwhich\b|\bwhere\b|\bwhen\b"
    r"|\bany (?:discount|code|sizes?)\b|\bshipping\b|\bin stock\b|\bprice\b)",
    re.IGNORECASE,
)

PRAISE_PATTERNS = re.compile(
    r"(好看|漂亮|美|绝了|爱了|喜欢|好用|好吃|划算|便宜|太值|值了|显白|高级|质感|舒服|不错|棒|赞|牛|厉害"
    r"|好评|回购|推荐|绝绝子|yyds|种草|心动|好香|正品|优秀|完美|超好|气色|神仙|666+|👍|❤|😍|🥰|💕"
    r"|精致|水润|清楚|气场|香了|太香|好高|可爱|温柔|新鲜|百搭|脸好小|很好|放心"
    r"|\blove\b|loving|so cool|elegant"
    r"|gorgeous|beautiful|amazing|awesome|great|perfect|cute|pretty|stunning|obsessed"
    r"|nice|best|fire|slay|glowing|wow|good (?:quality|price|deal)|so good|excellent"
    r"|fantastic)",
    re.IGNORECASE,
)

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("spam", SPAM_PATTERNS),
    ("complaint", COMPLAINT_PATTERNS),
    ("purchase", PURCHASE_PATTERNS),
    ("question", QUESTION_PATTERNS),
    ("praise", PRAISE_PATTERNS),
)


def rule_intent(text: str) -> str:
    """The first rule that matches ``text``, in priority order; "other" if none does."""
    if SOFT_COMPLAINTS.search(text) and not SPAM_PATTERNS.search(text):
        return "question" if _ASKING.search(text) else "complaint"
    for intent, pattern in _RULES:
        if pattern.search(text):
            return intent
    return "other"


#: Question kinds, for grouping similar questions and finding FAQ answers.
QUESTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "price",
        re.compile(r"多少钱|价格|价钱|优惠|便宜|折扣|券|how much|price|discount|code|cost", re.I),
    ),
    (
        "size",
        re.compile(
            r"几号|几码|什么码|啥码|尺码|尺寸|偏大|偏小|多大|多长|身高|体重|斤|\bsize|fit|cm\b",
            re.I,
        ),
    ),
    (
        "stock",
        re.compile(
            r"库存|有货|还有|有没有|补货|没了|in stock|sold out|restock|available"
            r"|any left",
            re.I,
        ),
    ),
    (
        "shipping",
        re.compile(r"发货|快递|包邮|几天到|多久到|物流|shipping|deliver|ship to|arrive", re.I),
    ),
    ("colour", re.compile(r"颜色|色号|什么色|黑色|白色|红色|colou?r|shade|red|black|white", re.I)),
)


def question_kind(text: str) -> str:
    """Which kind of question ``text`` asks: price, size, stock, shipping, colour or other."""
    for kind, pattern in QUESTION_KINDS:
        if pattern.search(text):
            return kind
    return "other"
