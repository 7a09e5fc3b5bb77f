"""Running the room during a show: session processors that act on the live show.

Qt-free, like every feature package: ``obs`` (OBS follows the on-air product over
obs-websocket 5, recording and chapters), ``prompter`` (alerts that compare the show with
the host's own earlier shows and say what to do), ``giveaway`` (keyword entry, eligibility
rules and the reproducible draw, 福袋/抽奖), ``claims`` (purchase-intent comments such as
"3号 2件" or "扣1" counted per product of the queue) and ``commands``
(``python -m app giveaway``).
"""
