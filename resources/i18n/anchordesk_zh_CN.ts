<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AlertsPanel</name>
    <message>
        <source>⚠ Forbidden phrase: {terms}</source>
        <extracomment>How long the banner over the list stays after a forbidden phrase.</extracomment>
        <translation>⚠ 违规用语：{terms}</translation>
    </message>
</context>
<context>
    <name>CameraEditor</name>
    <message>
        <source>No camera found. Plug one in (and close other apps using it), then reopen Settings, or choose the index it will have.</source>
        <translation>未找到摄像头。请插上摄像头（并关闭正在使用它的其他应用）后重新打开设置，或选择它将使用的编号。</translation>
    </message>
    <message>
        <source>{index}: not connected now</source>
        <translation>{index}：当前未连接</translation>
    </message>
    <message>
        <source>Choose a size…</source>
        <translation>选择分辨率…</translation>
    </message>
    <message>
        <source>Sizes unknown</source>
        <translation>分辨率未知</translation>
    </message>
</context>
<context>
    <name>CameraPanel</name>
    <message>
        <source>No camera in this show. Choose one in Tools ▸ Settings… (Devices) and start the next show, or run `python -m app live --camera 0`. Comments, orders and speech are recorded anyway.</source>
        <translation>本场直播没有摄像头。请在 工具 ▸ 设置…（设备）中选择摄像头并开始下一场，或运行 `python -m app live --camera 0`。评论、订单和语音照常录制。</translation>
    </message>
    <message>
        <source>No video</source>
        <translation>无画面</translation>
    </message>
    <message>
        <source>ON AIR</source>
        <translation>讲解中</translation>
    </message>
    <message>
        <source>was {price}</source>
        <translation>原价 {price}</translation>
    </message>
</context>
<context>
    <name>CatalogTransfer</name>
    <message>
        <source>Import failed: {error}</source>
        <translation>导入失败：{error}</translation>
    </message>
    <message>
        <source>Imported: {created} new, {updated} updated</source>
        <translation>已导入：新增 {created} 个，更新 {updated} 个</translation>
    </message>
    <message>
        <source>, {n} invalid row(s) skipped</source>
        <translation>，跳过 {n} 行无效数据</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
    <message>
        <source>Exported {n} product(s) to {path}</source>
        <translation>已导出 {n} 个商品到 {path}</translation>
    </message>
</context>
<context>
    <name>CommentDelegate</name>
    <message>
        <source>Q</source>
        <extracomment>Badge colours close to each platform&apos;s brand, so hosts spot the source instantly. One-character intent tags hosts read at a glance (colour says the same in the palette).</extracomment>
        <translation>问</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>买</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>诉</translation>
    </message>
    <message>
        <source>Praise</source>
        <translation>赞</translation>
    </message>
    <message>
        <source>Spam</source>
        <translation>垃圾</translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>成交人数</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Comment triage (sentiment/intent/spam) is not running — showing the raw stream.</source>
        <translation>评论分析（情绪/意图/垃圾）未运行，显示原始评论流。</translation>
    </message>
    <message>
        <source>Hide spam</source>
        <translation>隐藏垃圾评论</translation>
    </message>
    <message>
        <source>★ Highlight on stream</source>
        <translation>★ 评论上屏</translation>
    </message>
    <message>
        <source>↓ Latest</source>
        <translation>↓ 最新</translation>
    </message>
    <message>
        <source>✓ Triage on</source>
        <translation>✓ 评论分析已开启</translation>
    </message>
    <message>
        <source>Comments are sorted into questions, buyers, complaints and spam on this computer</source>
        <translation>评论在这台电脑上分为问题、购买、投诉和垃圾信息</translation>
    </message>
    <message>
        <source>Sentiment model unavailable — intent and spam rules still run. Reinstall AnchorDesk or run tools/train_sentiment.py. ({why})</source>
        <translation>情绪模型不可用，意图和垃圾评论规则仍在运行。请重新安装 AnchorDesk 或运行 tools/train_sentiment.py。（{why}）</translation>
    </message>
    <message>
        <source>On stream: {text}</source>
        <translation>已上屏：{text}</translation>
    </message>
    <message>
        <source>Likes +{n}</source>
        <translation>点赞 +{n}</translation>
    </message>
    <message>
        <source>Followed: {who}</source>
        <translation>新关注：{who}</translation>
    </message>
    <message>
        <source>Gifts: {what}</source>
        <translation>礼物：{what}</translation>
    </message>
</context>
<context>
    <name>ComplianceAuditDialog</name>
    <message>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Phrase</source>
        <translation>用语</translation>
    </message>
    <message>
        <source>Category · article</source>
        <translation>类别 · 依据</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议说法</translation>
    </message>
    <message>
        <source>name (zh)</source>
        <extracomment>Where a finding comes from (app.speech.audit.FIELDS), as the dialog names it.</extracomment>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>name (en)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>keyword</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>FAQ answer</source>
        <translation>常见问题回答</translation>
    </message>
    <message>
        <source>show title</source>
        <translation>直播标题</translation>
    </message>
    <message>
        <source>show notes</source>
        <translation>直播备注</translation>
    </message>
    <message>
        <source>talking points</source>
        <translation>讲解要点</translation>
    </message>
    <message>
        <source>Pre-show compliance audit</source>
        <extracomment>The keys of the acknowledged findings, after every change.</extracomment>
        <translation>事前合规审核</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the findings as an HTML page or an Excel file</source>
        <translation>将审核结果保存为网页或 Excel 文件</translation>
    </message>
    <message>
        <source>Reference price ¥{reference}, but the catalog&apos;s regular price is ¥{catalog}</source>
        <translation>参考价 ¥{reference}，但商品库中的日常价为 ¥{catalog}</translation>
    </message>
    <message>
        <source>Check that ¥{reference} was really charged before</source>
        <translation>请核实此前确以 ¥{reference} 成交过</translation>
    </message>
    <message>
        <source>No forbidden phrases found in {n} text(s).</source>
        <translation>在 {n} 段文字中未发现违规用语。</translation>
    </message>
    <message>
        <source>{n} finding(s), {left} not reviewed yet</source>
        <translation>{n} 条问题，{left} 条尚未审核</translation>
    </message>
    <message>
        <source>Export the audit</source>
        <translation>导出审核结果</translation>
    </message>
    <message>
        <source>Web page (*.html);;Excel workbook (*.xlsx)</source>
        <translation>网页 (*.html);;Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Could not export: {reason}</source>
        <translation>无法导出：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>ComplianceBadge</name>
    <message>
        <source>Review the pre-show compliance audit</source>
        <translation>查看事前合规审核</translation>
    </message>
    <message>
        <source>⚠ {n} compliance finding(s)</source>
        <translation>⚠ {n} 条合规问题</translation>
    </message>
</context>
<context>
    <name>ConnectionsDialog</name>
    <message>
        <source>room address or number, e.g. 123456789; console = seller console</source>
        <extracomment>What to type in &quot;Live room&quot;, per platform (shown as the placeholder).</extracomment>
        <translation>直播间地址或房间号，如 123456789；填 console 打开中控台</translation>
    </message>
    <message>
        <source>@your_name or the LIVE address</source>
        <translation>@你的用户名 或 LIVE 地址</translation>
    </message>
    <message>
        <source>your Kuaishou id or the room address</source>
        <translation>快手号或直播间地址</translation>
    </message>
    <message>
        <source>room number or address</source>
        <translation>房间号或直播间地址</translation>
    </message>
    <message>
        <source>video id or the live address</source>
        <translation>视频 ID 或直播地址</translation>
    </message>
    <message>
        <source>Starting…</source>
        <extracomment>A bridge source&apos;s state in plain words.</extracomment>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>No traffic — reloading the page</source>
        <translation>无数据 — 正在刷新页面</translation>
    </message>
    <message>
        <source>Logged out — open the login window</source>
        <translation>已退出登录 — 请打开登录窗口</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Advanced: other tools ▸</source>
        <translation>高级：其他工具 ▸</translation>
    </message>
    <message>
        <source>Show token on screen</source>
        <translation>在屏幕上显示令牌</translation>
    </message>
    <message>
        <source>Read comments, gifts and orders from your live page</source>
        <translation>从你的直播页面读取评论、礼物和订单</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Live room</source>
        <translation>直播间</translation>
    </message>
    <message>
        <source>A name for the platform account; each has its own saved login.</source>
        <translation>给平台账号起个名字；每个账号单独保存登录。</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Open login window</source>
        <translation>打开登录窗口</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Last events</source>
        <translation>最近事件</translation>
    </message>
    <message>
        <source>Log in to {platform} in the window that opened, then close it.</source>
        <translation>请在打开的窗口里登录 {platform}，登录后关闭该窗口。</translation>
    </message>
    <message>
        <source>Login window closed. Now click Test or Connect.</source>
        <translation>登录窗口已关闭。现在点“测试”或“连接”。</translation>
    </message>
    <message>
        <source>The login window could not open: {why}</source>
        <translation>登录窗口无法打开：{why}</translation>
    </message>
    <message>
        <source>Type the live room first (its address or number).</source>
        <translation>请先填写直播间（地址或房间号）。</translation>
    </message>
    <message>
        <source>Testing: reading the page for up to 20 seconds…</source>
        <translation>测试中：最多读取页面 20 秒…</translation>
    </message>
    <message>
        <source>Test passed: {n} events in {s} s. Click Connect.</source>
        <translation>测试通过：{s} 秒内收到 {n} 个事件。请点“连接”。</translation>
    </message>
    <message>
        <source>Test: the page asks you to log in. Click Open login window first.</source>
        <translation>测试：页面要求登录。请先点“打开登录窗口”。</translation>
    </message>
    <message>
        <source>Test: the page sent {n} messages AnchorDesk could not read. Use the userscript under Advanced until AnchorDesk is updated.</source>
        <translation>测试：页面发来 {n} 条 AnchorDesk 无法解析的数据。在 AnchorDesk 更新前，请使用“高级”里的用户脚本。</translation>
    </message>
    <message>
        <source>Test: the page is connected but nothing happened in the room yet. Are you live?</source>
        <translation>测试：页面已连接，但直播间还没有动静。你开播了吗？</translation>
    </message>
    <message>
        <source>Test: nothing came in. {detail}</source>
        <translation>测试：没有收到任何数据。{detail}</translation>
    </message>
    <message>
        <source>Test failed: {why}</source>
        <translation>测试失败：{why}</translation>
    </message>
    <message>
        <source>Start a show first: Connect adds the page to the running show.</source>
        <translation>请先开始直播：“连接”会把页面加入正在进行的直播。</translation>
    </message>
    <message>
        <source>Connecting… the status bar shows a dot for {platform}.</source>
        <translation>正在连接… 状态栏会显示 {platform} 的圆点。</translation>
    </message>
    <message>
        <source>🎁 {user} sent {gift} ×{n}</source>
        <translation>🎁 {user} 送出 {gift} ×{n}</translation>
    </message>
    <message>
        <source>🛒 order {sku} ×{n}: {amount}</source>
        <translation>🛒 订单 {sku} ×{n}：{amount}</translation>
    </message>
    <message>
        <source>❤ {n} likes</source>
        <translation>❤ {n} 个赞</translation>
    </message>
    <message>
        <source>➕ {user} followed</source>
        <translation>➕ {user} 关注了</translation>
    </message>
    <message>
        <source>👀 {n} watching</source>
        <translation>👀 {n} 人在线</translation>
    </message>
    <message>
        <source>Advanced: other tools ▾</source>
        <translation>高级：其他工具 ▾</translation>
    </message>
    <message>
        <source>This session has no ingest server.</source>
        <translation>本场没有启动接收服务。</translation>
    </message>
    <message>
        <source>● Listening: {url}</source>
        <translation>● 正在接收：{url}</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>启动中…</translation>
    </message>
    <message>
        <source>● Not listening: {detail}
Change server_port in settings.json and restart the session.</source>
        <translation>● 未在接收：{detail}
请在 settings.json 中修改 server_port 后重新开播。</translation>
    </message>
    <message>
        <source>Send events to</source>
        <translation>接收地址</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>OBS overlay</source>
        <translation>OBS 叠加层</translation>
    </message>
    <message>
        <source>Other ways to send comments:
• Browser userscript (Tampermonkey) in resources/bridge: a fallback when a platform page changed; paste the token via its menu.
• Any tool: POST JSON events to the address above with the header &apos;Authorization: Bearer &lt;token&gt;&apos; — see docs/ingest.md.
• OBS: add a Browser source with the overlay URL (transparent background).</source>
        <translation>其他发送评论的方式：
• 浏览器用户脚本（Tampermonkey，在 resources/bridge）：平台页面改版时的备用方案；通过脚本菜单粘贴令牌。
• 任何工具：用请求头 &apos;Authorization: Bearer &lt;token&gt;&apos; 向上面的地址 POST JSON 事件 — 见 docs/ingest.md。
• OBS：添加“浏览器”来源，填入叠加层地址（透明背景）。</translation>
    </message>
</context>
<context>
    <name>CopyField</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>已复制 ✓</translation>
    </message>
</context>
<context>
    <name>CopyHistoryDialog</name>
    <message>
        <source>Copy history to another database</source>
        <translation>将历史记录复制到另一个数据库</translation>
    </message>
    <message>
        <source>Copy the sessions recorded here, with all their comments, orders, transcript and charts, and the product catalogue into another database, such as your team&apos;s PostgreSQL. Sessions already there are skipped, so copying again is safe. Recordings (video and audio files) are not in the database: they stay in this computer&apos;s data folder.</source>
        <translation>将本机录制的场次（含全部评论、订单、转写和图表数据）以及商品目录复制到另一个数据库，例如团队的 PostgreSQL。目标中已有的场次会被跳过，因此重复复制是安全的。录像（视频和音频文件）不在数据库中：它们保留在本机的数据文件夹里。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Cancel copy</source>
        <translation>取消复制</translation>
    </message>
    <message>
        <source>Target database</source>
        <translation>目标数据库</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Sessions to copy</source>
        <translation>要复制的场次</translation>
    </message>
    <message>
        <source>All sessions</source>
        <translation>全部场次</translation>
    </message>
    <message>
        <source>Cannot use it: {message}</source>
        <translation>无法使用：{message}</translation>
    </message>
    <message>
        <source>#{id}  {started}  {title}  ({comments} comments, {orders} orders)</source>
        <translation>#{id}  {started}  {title}（{comments} 条评论，{orders} 个订单）</translation>
    </message>
    <message>
        <source>(recording: cannot be copied)</source>
        <translation>（正在录制：无法复制）</translation>
    </message>
    <message>
        <source>Type the target database URL first.</source>
        <translation>请先输入目标数据库的 URL。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>empty: the tables will be created</source>
        <translation>空数据库：将创建数据表</translation>
    </message>
    <message>
        <source>schema up to date</source>
        <translation>结构为最新</translation>
    </message>
    <message>
        <source>older schema: it will be upgraded</source>
        <translation>旧版结构：将被升级</translation>
    </message>
    <message>
        <source>Connected to {url} ({schema}, {n} sessions).</source>
        <translation>已连接到 {url}（{schema}，{n} 场直播）。</translation>
    </message>
    <message>
        <source>Tick at least one session to copy.</source>
        <translation>请至少勾选一场要复制的直播。</translation>
    </message>
    <message>
        <source>Copying {n} sessions…</source>
        <translation>正在复制 {n} 场直播…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Copying session {id} ({i} of {n}): {done} of {total} rows</source>
        <translation>正在复制场次 {id}（第 {i} 场，共 {n} 场）：{done} / {total} 行</translation>
    </message>
    <message>
        <source>{copied} sessions copied, {skipped} already there, {refused} refused, {failed} failed, {cancelled} cancelled; {products} products copied.</source>
        <translation>已复制 {copied} 场，{skipped} 场已存在，{refused} 场被拒绝，{failed} 场失败，{cancelled} 场已取消；复制了 {products} 个商品。</translation>
    </message>
    <message>
        <source>Recordings (video and audio) were not copied: they stay in this computer&apos;s data folder.</source>
        <translation>录像（视频和音频）未被复制：它们保留在本机的数据文件夹里。</translation>
    </message>
</context>
<context>
    <name>CrashTraceDialog</name>
    <message>
        <source>AnchorDesk stopped unexpectedly last time</source>
        <translation>AnchorDesk 上次异常退出</translation>
    </message>
    <message>
        <source>The last time AnchorDesk ran it stopped unexpectedly and left a crash report. Recorded data up to the crash is kept. You can look at the report, save a copy to send to support, or dismiss it; it is not shown again.</source>
        <translation>AnchorDesk 上次运行时异常退出，并留下了崩溃报告。崩溃前录下的数据都已保留。你可以查看报告、另存一份发给技术支持，或直接忽略；此提示不会再次出现。</translation>
    </message>
    <message>
        <source>{n} older crash reports were found too; all are kept in the log folder.</source>
        <translation>另外还有 {n} 份更早的崩溃报告，都保存在日志文件夹中。</translation>
    </message>
    <message>
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>另存一份…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Save crash report</source>
        <translation>保存崩溃报告</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Sessions, recordings and logs are kept here. Leave it empty for the usual place shown in grey.</source>
        <translation>场次、录制文件和日志保存在这里。留空则使用灰色显示的默认位置。</translation>
    </message>
    <message>
        <source>Note: ANCHORDESK_DATA_DIR is set, so this computer uses {path} whatever you choose here.</source>
        <translation>注意：已设置 ANCHORDESK_DATA_DIR，因此无论这里选择什么，本机都使用 {path}。</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Camera and microphone</source>
        <translation>摄像头和麦克风</translation>
    </message>
    <message>
        <source>Use my camera and microphone</source>
        <translation>使用我的摄像头和麦克风</translation>
    </message>
    <message>
        <source>Just try the demo: a recorded show, no camera or microphone needed</source>
        <translation>先试试演示：一场录制好的直播，不需要摄像头或麦克风</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>AnchorDesk — something went wrong</source>
        <extracomment>Distinct errors kept in the dialog&apos;s details; more are counted, and all are in the log. Characters of a crash trace shown in the dialog (the file has everything).</extracomment>
        <translation>AnchorDesk — 出错了</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>An unexpected error occurred: {error}
AnchorDesk keeps running; the show is not interrupted. If something no longer works, save your work and restart. The log has the details.</source>
        <translation>发生了意外错误：{error}
AnchorDesk 仍在运行，直播不会中断。如果某项功能无法使用，请保存后重启。详细信息见日志。</translation>
    </message>
    <message>
        <source>{n} errors so far (repeats are grouped).</source>
        <translation>目前共 {n} 个错误（重复的已合并）。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>AnchorDesk setup</source>
        <translation>AnchorDesk 初始设置</translation>
    </message>
    <message>
        <source>Could not save the settings: {error}
Choose another data folder or check the disk, then press Finish again.</source>
        <translation>无法保存设置：{error}
请选择其他数据文件夹或检查磁盘，然后再次点击“完成”。</translation>
    </message>
</context>
<context>
    <name>GiveawayPanel</name>
    <message>
        <source>e.g. lucky bag</source>
        <translation>例如：福袋</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Leave empty for a new seed; the same seed gives the same winners</source>
        <translation>留空则生成新种子；相同种子抽出相同的中奖者</translation>
    </message>
    <message>
        <source>Only viewers who followed during the show</source>
        <translation>仅限本场关注的观众</translation>
    </message>
    <message>
        <source>Only viewers who ordered during the show</source>
        <translation>仅限本场下单的观众</translation>
    </message>
    <message>
        <source>Start giveaway</source>
        <translation>开始福袋</translation>
    </message>
    <message>
        <source>Draw winners</source>
        <translation>抽取中奖者</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Show names (this screen only)</source>
        <translation>显示昵称（仅本屏）</translation>
    </message>
    <message>
        <source>Names are kept in memory for this show only: never saved or put on stream</source>
        <translation>昵称只在本场内存中保留：不会保存，也不会上屏</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Entries open</source>
        <translation>参与时长</translation>
    </message>
    <message>
        <source>Winners</source>
        <translation>中奖人数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>The seed is a whole number (or leave it empty)</source>
        <translation>种子必须是整数（或留空）</translation>
    </message>
    <message>
        <source>Draw again</source>
        <translation>重新抽取</translation>
    </message>
    <message>
        <source>“{keyword}”: {entries} entered, {eligible} can win</source>
        <translation>“{keyword}”：{entries} 人参与，{eligible} 人可中奖</translation>
    </message>
    <message>
        <source>{entered} · {left} left</source>
        <translation>{entered} · 剩余 {left}</translation>
    </message>
    <message>
        <source>{entered} · entries closed: draw the winners</source>
        <translation>{entered} · 已截止参与：请抽取中奖者</translation>
    </message>
    <message>
        <source>{entered} · drawn with seed {seed}</source>
        <translation>{entered} · 已用种子 {seed} 抽取</translation>
    </message>
    <message>
        <source>No giveaway running: choose a keyword and start one</source>
        <translation>当前没有福袋：选一个口令并开始</translation>
    </message>
    <message>
        <source>Only {n} could win: every one of them won</source>
        <translation>只有 {n} 人符合条件：全部中奖</translation>
    </message>
</context>
<context>
    <name>HighlightsPage</name>
    <message>
        <source>Export clip…</source>
        <translation>导出片段…</translation>
    </message>
    <message>
        <source>9:16 portrait suits Douyin, WeChat Channels and TikTok reposts</source>
        <translation>9:16 竖屏适合发抖音、视频号和 TikTok</translation>
    </message>
    <message>
        <source>Export clip</source>
        <translation>导出片段</translation>
    </message>
    <message>
        <source>Save the selected highlight as one MP4 video with its sound</source>
        <translation>把选中的高光片段保存为一个带声音的 MP4 视频</translation>
    </message>
    <message>
        <source>Export top moments…</source>
        <translation>导出精彩时刻…</translation>
    </message>
    <message>
        <source>Save the three strongest highlights as MP4 clips into a folder</source>
        <translation>把最强的三个高光片段保存为 MP4 短视频到一个文件夹</translation>
    </message>
    <message>
        <source>Landscape (as recorded)</source>
        <translation>横屏（按录制原样）</translation>
    </message>
    <message>
        <source>Portrait 9:16, centre crop</source>
        <translation>竖屏 9:16，居中裁剪</translation>
    </message>
    <message>
        <source>Portrait 9:16, blurred sides</source>
        <translation>竖屏 9:16，模糊背景填充</translation>
    </message>
    <message>
        <source>Burn in captions</source>
        <translation>烧录字幕</translation>
    </message>
    <message>
        <source>Draw what the host said (the transcript) on the clip</source>
        <translation>把主播说的话（字幕）压进片段</translation>
    </message>
    <message>
        <source>MP4 video with sound (*.mp4);;Sound only (*.wav)</source>
        <translation>带声音的 MP4 视频 (*.mp4);;仅声音 (*.wav)</translation>
    </message>
    <message>
        <source>Export top moments into</source>
        <translation>导出精彩时刻到</translation>
    </message>
    <message>
        <source>This session has no recordings folder.</source>
        <translation>本场没有录制文件夹。</translation>
    </message>
    <message>
        <source>Exporting the clip…</source>
        <translation>正在导出片段…</translation>
    </message>
    <message>
        <source>Cutting {start}–{end}…</source>
        <translation>正在剪辑 {start}–{end}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No video was recorded in this span; saved the sound only: {files}</source>
        <translation>这段时间没有录制视频；只保存了声音：{files}</translation>
    </message>
    <message>
        <source>Clip saved: {files}</source>
        <translation>片段已保存：{files}</translation>
    </message>
    <message>
        <source>Could not export the clip: {message}</source>
        <translation>无法导出片段：{message}</translation>
    </message>
</context>
<context>
    <name>HostView</name>
    <message>
        <source>Next: {name}  {price}</source>
        <extracomment>How long the latest compliance alert stays on the host&apos;s screen.</extracomment>
        <translation>下一个：{name}  {price}</translation>
    </message>
    <message>
        <source>⚡ Flash sale {left}</source>
        <translation>⚡ 秒杀 {left}</translation>
    </message>
    <message>
        <source>⚠ Do not say: {terms}</source>
        <translation>⚠ 违规用语：{terms}</translation>
    </message>
    <message>
        <source>Nothing on air</source>
        <translation>未上架讲解</translation>
    </message>
    <message>
        <source>AnchorDesk — host view</source>
        <translation>AnchorDesk — 提词器</translation>
    </message>
    <message>
        <source>→ next   ← previous   H hide   + / − type size   F full screen   Esc close</source>
        <translation>→ 下一个   ← 上一个   H 隐藏   + / − 字号   F 全屏   Esc 关闭</translation>
    </message>
</context>
<context>
    <name>KpiCharts</name>
    <message>
        <source>Viewers online</source>
        <extracomment>Charts are only worth opening at this height (four plots with titles and axes).</extracomment>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>people</source>
        <translation>人</translation>
    </message>
    <message>
        <source>Comments/min</source>
        <translation>评论/分钟</translation>
    </message>
    <message>
        <source>comments</source>
        <translation>条</translation>
    </message>
    <message>
        <source>Orders/min</source>
        <translation>订单/分钟</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>单</translation>
    </message>
    <message>
        <source>GMV/min</source>
        <translation>成交金额/分钟</translation>
    </message>
    <message>
        <source>minute of the show</source>
        <translation>开播第几分钟</translation>
    </message>
    <message>
        <source>Sentiment share</source>
        <translation>情绪占比</translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <source>Viewers online</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>Views (PV)</source>
        <translation>场观（PV）</translation>
    </message>
    <message>
        <source>Total views of the live room</source>
        <translation>直播间累计观看次数</translation>
    </message>
    <message>
        <source>Comments/min</source>
        <translation>评论/分钟</translation>
    </message>
    <message>
        <source>Comments in the last minute</source>
        <translation>最近一分钟的评论数</translation>
    </message>
    <message>
        <source>Interaction rate</source>
        <translation>互动率</translation>
    </message>
    <message>
        <source>Commenters / unique viewers</source>
        <translation>评论人数 / 独立访客数</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Sum of paid order amounts</source>
        <translation>已支付订单金额合计</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>GPM</translation>
    </message>
    <message>
        <source>GMV × 1000 / PV</source>
        <translation>成交金额 × 1000 / 场观</translation>
    </message>
    <message>
        <source>AOV</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>GMV / buyers</source>
        <translation>成交金额 / 下单人数</translation>
    </message>
    <message>
        <source>Follows</source>
        <translation>新增关注</translation>
    </message>
    <message>
        <source>Last 10 min</source>
        <extracomment>Narrowest card: fits &quot;¥123,456&quot; in the value font and an elided title; ten of them and the chart buttons make one row on a 1366-px laptop (and five on a 150 %-scaled one). Widest card: on a 1920-px screen the cards stop growing and leave the rest free. (label, minutes shown; None = whole session) for the range selector.</extracomment>
        <translation>近10分钟</translation>
    </message>
    <message>
        <source>Last 30 min</source>
        <translation>近30分钟</translation>
    </message>
    <message>
        <source>Whole session</source>
        <translation>全场</translation>
    </message>
    <message>
        <source>Charts</source>
        <extracomment>The cards went from one row to two or back: the dock&apos;s height should follow.</extracomment>
        <translation>图表</translation>
    </message>
    <message>
        <source>Minute charts of this show</source>
        <translation>本场分钟图表</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <extracomment>What each choice is called in the Language menu: in its own language, so a person who cannot read the current interface can still find theirs.</extracomment>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Auto (system)</source>
        <translation>自动（跟随系统）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Could not save the setting: {error}</source>
        <translation>无法保存设置：{error}</translation>
    </message>
    <message>
        <source>The new language applies when AnchorDesk starts again.
Restart now? The running session is stopped and saved first.</source>
        <translation>新语言将在 AnchorDesk 重新启动后生效。
现在重启吗？正在进行的直播会先停止并保存。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>LogViewDialog</name>
    <message>
        <source>Info and above</source>
        <extracomment>(label, minimum level) for the level filter; the first entry is the default.</extracomment>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Everything (debug)</source>
        <translation>全部（含调试）</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selection, or every line shown</source>
        <translation>复制选中内容，未选中时复制全部显示的行</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>{shown} entries shown · the file has the full history</source>
        <translation>显示 {shown} 条 · 完整记录见日志文件</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>AnchorDesk — {title}</source>
        <translation>AnchorDesk — {title}</translation>
    </message>
    <message>
        <source>Product queue</source>
        <extracomment>Below this window height (logical px) &quot;Pitch next&quot; shares a tab with the queue. Set when the user ended the show or asked for a new one: the app then offers the plan list again instead of quitting.</extracomment>
        <translation>商品队列</translation>
    </message>
    <message>
        <source>Live data</source>
        <translation>实时数据</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Questions to answer</source>
        <translation>待回答问题</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>字幕</translation>
    </message>
    <message>
        <source>Pitch next</source>
        <translation>推荐讲解</translation>
    </message>
    <message>
        <source>Giveaway</source>
        <translation>福袋</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>● Go live</source>
        <translation>● 开播</translation>
    </message>
    <message>
        <source>Start recording this show (comments, orders, video)</source>
        <translation>开始录制本场直播（评论、订单、视频）</translation>
    </message>
    <message>
        <source>■ End show</source>
        <translation>■ 结束直播</translation>
    </message>
    <message>
        <source>Show ended</source>
        <translation>直播已结束</translation>
    </message>
    <message>
        <source>On air — recording</source>
        <translation>直播中 — 正在录制</translation>
    </message>
    <message>
        <source>Ready — not recording yet</source>
        <translation>准备就绪 — 尚未录制</translation>
    </message>
    <message>
        <source>AnchorDesk — {title} ({state})</source>
        <translation>AnchorDesk — {title}（{state}）</translation>
    </message>
    <message>
        <source>Could not go live</source>
        <translation>无法开播</translation>
    </message>
    <message>
        <source>The show could not start: {error}</source>
        <translation>直播无法开始：{error}</translation>
    </message>
    <message>
        <source>On air: recording “{title}”</source>
        <translation>已开播：正在录制“{title}”</translation>
    </message>
    <message>
        <source>End show</source>
        <translation>结束直播</translation>
    </message>
    <message>
        <source>End “{title}” now? Recording stops and the show is saved for review.</source>
        <translation>现在结束“{title}”吗？录制将停止，本场直播会保存以便复盘。</translation>
    </message>
    <message>
        <source>Show plan not saved</source>
        <translation>直播计划未保存</translation>
    </message>
    <message>
        <source>Show plan saved; the queue follows it now</source>
        <translation>直播计划已保存，商品队列已同步</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>New show…</source>
        <translation>新建直播…</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>复盘…</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>直播(&amp;S)</translation>
    </message>
    <message>
        <source>Edit show plan…</source>
        <translation>编辑直播计划…</translation>
    </message>
    <message>
        <source>Connections…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Host view (teleprompter)</source>
        <translation>提词器（主播屏）</translation>
    </message>
    <message>
        <source>A large-type window for the host&apos;s screen or a teleprompter</source>
        <translation>给主播屏幕或提词器用的大字窗口</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Speech models…</source>
        <translation>语音模型…</translation>
    </message>
    <message>
        <source>Privacy &amp;&amp; data…</source>
        <translation>隐私与数据…</translation>
    </message>
    <message>
        <source>Copy history to another database…</source>
        <translation>将历史记录复制到另一个数据库…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About AnchorDesk</source>
        <translation>关于 AnchorDesk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Log…</source>
        <translation>日志(&amp;L)…</translation>
    </message>
    <message>
        <source>Replay finished</source>
        <translation>回放结束</translation>
    </message>
    <message>
        <source>New order: {name} ×{qty}  {amount}</source>
        <translation>新订单：{name} ×{qty}  {amount}</translation>
    </message>
    <message>
        <source>Could not switch the product</source>
        <translation>切换商品失败</translation>
    </message>
    <message>
        <source>About AnchorDesk</source>
        <translation>关于 AnchorDesk</translation>
    </message>
    <message>
        <source>AnchorDesk {version}

A desktop assistant for live-commerce streamers.</source>
        <translation>AnchorDesk {version}

直播带货助手：为带货主播和运营打造的桌面工具。</translation>
    </message>
    <message>
        <source>&amp;Catalog</source>
        <translation>商品库(&amp;C)</translation>
    </message>
    <message>
        <source>New product…</source>
        <translation>新建商品…</translation>
    </message>
    <message>
        <source>Edit selected product…</source>
        <translation>编辑所选商品…</translation>
    </message>
    <message>
        <source>No catalog database in this session</source>
        <translation>本场没有商品库数据库</translation>
    </message>
    <message>
        <source>Saved {sku} to the catalog; this show uses it now</source>
        <translation>已将 {sku} 保存到商品库，本场直播立即生效</translation>
    </message>
    <message>
        <source>Import CSV/XLSX…</source>
        <translation>导入 CSV/XLSX…</translation>
    </message>
    <message>
        <source>Export CSV/XLSX…</source>
        <translation>导出 CSV/XLSX…</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>No row of this file can be imported:

{summary}</source>
        <translation>这个文件没有可以导入的行：

{summary}</translation>
    </message>
    <message>
        <source>Some rows are invalid</source>
        <translation>部分行有误</translation>
    </message>
    <message>
        <source>{summary}

Import the {n} valid rows?</source>
        <translation>{summary}

导入 {n} 行有效数据吗？</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>商品库</translation>
    </message>
    <message>
        <source>Import catalog</source>
        <translation>导入商品库</translation>
    </message>
    <message>
        <source>Export catalog</source>
        <translation>导出商品库</translation>
    </message>
    <message>
        <source>Try-on (lips, glasses…)</source>
        <translation>试妆试戴（口红、眼镜…）</translation>
    </message>
    <message>
        <source>Product card</source>
        <translation>商品卡</translation>
    </message>
    <message>
        <source>Background blur</source>
        <translation>背景虚化</translation>
    </message>
    <message>
        <source>Captions</source>
        <translation>字幕</translation>
    </message>
    <message>
        <source>Highlighted comment</source>
        <translation>精选评论</translation>
    </message>
    <message>
        <source>Program output</source>
        <translation>节目输出</translation>
    </message>
    <message>
        <source>Overlays</source>
        <translation>叠加层</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>{minutes:g} min</source>
        <translation>{minutes:g} 分钟</translation>
    </message>
    <message>
        <source>{a}, {b}</source>
        <translation>{a}，{b}</translation>
    </message>
    <message>
        <source>{a}, {b}, {c}</source>
        <translation>{a}，{b}，{c}</translation>
    </message>
    <message>
        <source>sold {sold} last session at GPM ¥{gpm:,.0f}</source>
        <translation>上场卖出 {sold} 件，GPM ¥{gpm:,.0f}</translation>
    </message>
    <message>
        <source>earlier sessions: GPM ¥{gpm:,.0f}</source>
        <translation>往期场次 GPM ¥{gpm:,.0f}</translation>
    </message>
    <message>
        <source>often bought with {name} ({buyers} buyer)</source>
        <translation>常与 {name} 一起购买（{buyers} 位买家）</translation>
    </message>
    <message>
        <source>often bought with {name} ({buyers} buyers)</source>
        <translation>常与 {name} 一起购买（{buyers} 位买家）</translation>
    </message>
    <message>
        <source>only {stock} left</source>
        <translation>仅剩 {stock} 件</translation>
    </message>
    <message>
        <source>not on air for {minutes} min</source>
        <translation>已 {minutes} 分钟未讲解</translation>
    </message>
    <message>
        <source>not pitched yet ({minutes} min into the show)</source>
        <translation>本场尚未讲解（已开播 {minutes} 分钟）</translation>
    </message>
    <message>
        <source>next in the run-of-show</source>
        <translation>排品顺序中的下一个</translation>
    </message>
    <message>
        <source>{n} question about it</source>
        <translation>{n} 条相关提问</translation>
    </message>
    <message>
        <source>{n} questions about it</source>
        <translation>{n} 条相关提问</translation>
    </message>
    <message>
        <source>{n} viewer wants to buy</source>
        <translation>{n} 位观众想买</translation>
    </message>
    <message>
        <source>{n} viewers want to buy</source>
        <translation>{n} 位观众想买</translation>
    </message>
    <message>
        <source>mentioned {n} time</source>
        <translation>被提到 {n} 次</translation>
    </message>
    <message>
        <source>mentioned {n} times</source>
        <translation>被提到 {n} 次</translation>
    </message>
    <message>
        <source>{phrases} in the last {window}</source>
        <translation>{phrases}（近 {window}）</translation>
    </message>
    <message>
        <source>No product with SKU {sku!r} in this show</source>
        <translation>本场直播没有 SKU 为 {sku!r} 的商品</translation>
    </message>
    <message>
        <source>Unknown queue state {state!r} (use {states})</source>
        <translation>未知的排品状态 {state!r}（可用：{states}）</translation>
    </message>
    <message>
        <source>A flash sale lasts {low}–{high} seconds (got {seconds:g})</source>
        <translation>秒杀时长须为 {low}–{high} 秒（当前为 {seconds:g}）</translation>
    </message>
    <message>
        <source>The flash-sale price must be above zero</source>
        <translation>秒杀价必须大于零</translation>
    </message>
    <message>
        <source>A flash sale is already running: cancel it first</source>
        <translation>已有秒杀正在进行：请先取消</translation>
    </message>
    <message>
        <source>{name} is sold out: restock it first</source>
        <translation>{name} 已售罄：请先补货</translation>
    </message>
    <message>
        <source>Flash sale: {name} at ¥{price:,.2f} for {seconds} s</source>
        <translation>秒杀开始：{name} ¥{price:,.2f}，限时 {seconds} 秒</translation>
    </message>
    <message>
        <source>Flash sale ended: {name}</source>
        <translation>秒杀已结束：{name}</translation>
    </message>
    <message>
        <source>Flash sale cancelled: {name}</source>
        <translation>秒杀已取消：{name}</translation>
    </message>
    <message>
        <source>Flash sale ended: {name} left the air before its countdown</source>
        <translation>秒杀已结束：{name} 在倒计时结束前已下播</translation>
    </message>
    <message>
        <source>Sold out: {name} — take it off air or restock</source>
        <translation>已售罄：{name} — 请下架或补货</translation>
    </message>
    <message>
        <source>Low stock: {name} — only {stock} left</source>
        <translation>库存紧张：{name} — 仅剩 {stock} 件</translation>
    </message>
    <message>
        <source>absolute claim</source>
        <extracomment>The category of a phrase listed without one (a version-1 list, ``Lexicon((&quot;最&quot;,))``). The category of reference-price alerts. Names of the bundled lexicon&apos;s categories (English templates: the UI translates them in the Messages context). A team&apos;s own category shows its ``label`` or key.</extracomment>
        <translation>绝对化用语</translation>
    </message>
    <message>
        <source>state name or endorsement</source>
        <translation>使用国家机关名义</translation>
    </message>
    <message>
        <source>medical claim</source>
        <translation>医疗用语</translation>
    </message>
    <message>
        <source>health-food claim</source>
        <translation>保健功效宣称</translation>
    </message>
    <message>
        <source>efficacy or safety guarantee</source>
        <translation>功效或安全性保证</translation>
    </message>
    <message>
        <source>promised returns or results</source>
        <translation>承诺收益或效果</translation>
    </message>
    <message>
        <source>false or misleading claim</source>
        <translation>虚假或引人误解</translation>
    </message>
    <message>
        <source>superstition</source>
        <translation>封建迷信</translation>
    </message>
    <message>
        <source>live-commerce duty</source>
        <translation>直播营销义务</translation>
    </message>
    <message>
        <source>reference price</source>
        <translation>参考价格</translation>
    </message>
    <message>
        <source>team list</source>
        <translation>团队词表</translation>
    </message>
    <message>
        <source>Product title {sku} uses forbidden ad words: {terms} — edit it before it goes on air</source>
        <translation>商品 {sku} 标题含违规用语：{terms} — 请在上架讲解前修改</translation>
    </message>
    <message>
        <source>Product title {sku}: {details} — edit it before it goes on air</source>
        <translation>商品 {sku} 标题：{details} — 请在上架讲解前修改</translation>
    </message>
    <message>
        <source>Forbidden ad phrase: {terms} — “{sentence}” — {details}</source>
        <translation>违规用语：{terms} —「{sentence}」— {details}</translation>
    </message>
    <message>
        <source>Check the reference price: {details} — “{sentence}”</source>
        <translation>请核实参考价格：{details} —「{sentence}」</translation>
    </message>
    <message>
        <source>{term} (heard as “{heard}”)</source>
        <translation>{term}（识别为「{heard}」）</translation>
    </message>
    <message>
        <source>{term}: {category}, {article}; say instead: {suggestion}</source>
        <translation>{term}：{category}，{article}；建议改说：{suggestion}</translation>
    </message>
    <message>
        <source>{term}: {category}, {article}</source>
        <translation>{term}：{category}，{article}</translation>
    </message>
    <message>
        <source>{term}: {category}; say instead: {suggestion}</source>
        <translation>{term}：{category}；建议改说：{suggestion}</translation>
    </message>
    <message>
        <source>{term}: {category}</source>
        <translation>{term}：{category}</translation>
    </message>
    <message>
        <source>{term}: check that ¥{price} was really charged before ({article})</source>
        <translation>{term}：请核实此前确以 ¥{price} 成交过（{article}）</translation>
    </message>
    <message>
        <source>{term}: check that ¥{price} was really charged before, now ¥{now} ({article})</source>
        <translation>{term}：请核实此前确以 ¥{price} 成交过，现价 ¥{now}（{article}）</translation>
    </message>
    <message>
        <source>Custom compliance lexicon ignored ({error}); using the bundled list</source>
        <translation>自定义违规词库未生效（{error}），已改用内置词库</translation>
    </message>
    <message>
        <source>Forbidden ad phrase: {terms} — “{sentence}”</source>
        <translation>违规用语：{terms} —「{sentence}」</translation>
    </message>
    <message>
        <source>Mentioned {name} ({sku}) — switched on air</source>
        <translation>提到 {name}（{sku}）— 已切换讲解</translation>
    </message>
    <message>
        <source>Mentioned {name} ({sku}) — on air</source>
        <translation>提到 {name}（{sku}）— 正在讲解</translation>
    </message>
    <message>
        <source>Mentioned {name} ({sku}) — suggest putting it on air</source>
        <translation>提到 {name}（{sku}）— 建议上架讲解</translation>
    </message>
    <message>
        <source>Comment sentiment is off ({error}); intent and spam rules still run.</source>
        <translation>评论情感模型未加载（{error}），意图识别和垃圾评论规则仍在运行。</translation>
    </message>
    <message>
        <source>rules only — {error}</source>
        <translation>仅用规则 — {error}</translation>
    </message>
    <message>
        <source>no sentiment model</source>
        <translation>没有情感模型</translation>
    </message>
    <message>
        <source>comment model trained {trained}</source>
        <translation>评论模型（训练于 {trained}）</translation>
    </message>
    <message>
        <source>{model}; overloaded: {n:,} comment(s) shown unlabelled</source>
        <translation>{model}；评论过多：{n:,} 条评论未经分析直接显示</translation>
    </message>
    <message>
        <source>Showing the demo script&apos;s narration. {speech}</source>
        <translation>显示演示脚本的旁白。{speech}</translation>
    </message>
    <message>
        <source>Not in the catalog, left out of the queue: {skus}. Add them in Catalog ▸ New product… (or `python -m app products import`) — the show goes on without them.</source>
        <translation>不在商品库中、未加入排品：{skus}。请在 商品 ▸ 新建商品… 中添加（或用 `python -m app products import`）— 直播不受影响，照常进行。</translation>
    </message>
    <message>
        <source>The catalog is empty: the show runs on comments and orders. Add products in Catalog ▸ New product… or with `python -m app products import FILE`.</source>
        <translation>商品库为空：直播照常处理评论和订单。可在 商品 ▸ 新建商品… 中添加商品，或使用 `python -m app products import FILE`。</translation>
    </message>
    <message>
        <source>No speech model: captions, the transcript and ad-law alerts on speech are off. Install one in Tools ▸ Speech models… (or `python -m app models install vosk-model-small-cn-0.22`) and make it active.</source>
        <translation>没有语音模型：字幕、逐字稿和口播广告法提醒已关闭。请在 工具 ▸ 语音模型… 中安装并启用一个（或运行 `python -m app models install vosk-model-small-cn-0.22`）。</translation>
    </message>
    <message>
        <source>The speech model cannot be used ({error}). Choose another in Tools ▸ Speech models…</source>
        <translation>语音模型无法使用（{error}）。请在 工具 ▸ 语音模型… 中换一个。</translation>
    </message>
    <message>
        <source>Recognizing with {model}</source>
        <translation>正在用 {model} 识别</translation>
    </message>
    <message>
        <source>Disk space is low ({free} free): free some space. Video recording stops below {video}, audio below {audio}; comments and orders are kept.</source>
        <translation>磁盘空间不足（剩余 {free}）：请清理空间。低于 {video} 时停止录制视频，低于 {audio} 时停止录音；评论和订单会保留。</translation>
    </message>
    <message>
        <source>Video recording stopped: only {free} left on the disk. Comments, orders and audio are still recorded; free some space for them.</source>
        <translation>视频录制已停止：磁盘只剩 {free}。评论、订单和音频仍在录制，请为它们清理空间。</translation>
    </message>
    <message>
        <source>Audio recording stopped: only {free} left on the disk. Comments and orders are still recorded; free some space now.</source>
        <translation>音频录制已停止：磁盘只剩 {free}。评论和订单仍在录制，请立即清理磁盘空间。</translation>
    </message>
    <message>
        <source>{free} free on the data folder&apos;s disk</source>
        <translation>数据文件夹所在磁盘剩余 {free}</translation>
    </message>
    <message>
        <source>Giveaway open: comment “{keyword}” to enter ({seconds} s)</source>
        <extracomment>Seeds are stored in a BIGINT column. New seeds stay short enough to read out on stream and type into the CLI. While entries are open the overlay hears at most this often (count and time left).</extracomment>
        <translation>福袋开始：评论“{keyword}”参与（{seconds} 秒）</translation>
    </message>
    <message>
        <source>Giveaway “{keyword}”: 1 winner drawn from {entrants} entrants (seed {seed})</source>
        <translation>福袋“{keyword}”：从 {entrants} 名参与者中抽出 1 名中奖者（种子 {seed}）</translation>
    </message>
    <message>
        <source>Giveaway “{keyword}”: {n} winners drawn from {entrants} entrants (seed {seed})</source>
        <translation>福袋“{keyword}”：从 {entrants} 名参与者中抽出 {n} 名中奖者（种子 {seed}）</translation>
    </message>
    <message>
        <source>OBS has no scene “{scene}” (for {product}): rename it in OBS or fix the scene mapping in Tools ▸ Settings ▸ OBS.</source>
        <extracomment>WebSocket close codes obs-websocket uses for a refused Identify. Event subscriptions: General (ExitStarted) | Outputs (RecordStateChanged). The key of ``obs_scenes`` used for a SKU without its own entry (and for nothing on air).</extracomment>
        <translation>OBS 中没有场景“{scene}”（用于 {product}）：请在 OBS 中改名，或在 工具 ▸ 设置 ▸ OBS 中修正场景对应。</translation>
    </message>
    <message>
        <source>OBS has no source “{source}” in scene “{scene}” (for {product}): add it in OBS or fix the scene mapping in Tools ▸ Settings ▸ OBS.</source>
        <translation>OBS 场景“{scene}”中没有来源“{source}”（用于 {product}）：请在 OBS 中添加，或在 工具 ▸ 设置 ▸ OBS 中修正场景对应。</translation>
    </message>
    <message>
        <source>OBS did not start recording ({error}): start it in OBS if you need it.</source>
        <translation>OBS 未能开始录制（{error}）：如需录制，请在 OBS 中手动开始。</translation>
    </message>
    <message>
        <source>The OBS scene mapping cannot be used ({problem}): OBS will not switch scenes. Fix it in Tools ▸ Settings ▸ OBS.</source>
        <translation>OBS 场景对应无法使用（{problem}）：不会切换 OBS 场景。请在 工具 ▸ 设置 ▸ OBS 中修正。</translation>
    </message>
    <message>
        <source>Viewers fell {percent}% in the last {window} ({before} → {now}): start a flash sale or put a bestseller on air to win them back.</source>
        <extracomment>Rules in priority order: when several fire at once, the first one speaks.</extracomment>
        <translation>近 {window} 在线人数下降 {percent}%（{before} → {now}）：开一场秒杀，或上架爆款把观众拉回来。</translation>
    </message>
    <message>
        <source>Quiet room: {rate:.1f} comments per 100 viewers a minute, your usual is {usual:.1f}. Ask viewers to type 1 if they want it, or answer a question.</source>
        <translation>直播间冷场：每百名观众每分钟 {rate:.1f} 条评论，你平时是 {usual:.1f}。引导想要的观众扣1，或回答一个问题。</translation>
    </message>
    <message>
        <source>Quiet room: {rate:.1f} comments per 100 viewers a minute, earlier in this show {usual:.1f}. Ask viewers to type 1 if they want it, or answer a question.</source>
        <translation>直播间冷场：每百名观众每分钟 {rate:.1f} 条评论，本场前段是 {usual:.1f}。引导想要的观众扣1，或回答一个问题。</translation>
    </message>
    <message>
        <source>GPM over the last {window} is ¥{gpm:,.0f}, your usual is ¥{usual:,.0f}: {action}</source>
        <translation>近 {window} GPM ¥{gpm:,.0f}，你平时是 ¥{usual:,.0f}：{action}</translation>
    </message>
    <message>
        <source>GPM over the last {window} is ¥{gpm:,.0f}, earlier in this show ¥{usual:,.0f}: {action}</source>
        <translation>近 {window} GPM ¥{gpm:,.0f}，本场前段是 ¥{usual:,.0f}：{action}</translation>
    </message>
    <message>
        <source>start the flash sale on {product}, or switch to a stronger product.</source>
        <translation>给 {product} 开秒杀，或换一个更能卖的商品。</translation>
    </message>
    <message>
        <source>switch to a stronger product.</source>
        <translation>换一个更能卖的商品。</translation>
    </message>
    <message>
        <source>put a product on air.</source>
        <translation>上架一个商品讲解。</translation>
    </message>
    <message>
        <source>No order for {product} in {window}: start the flash sale, or switch product.</source>
        <translation>{product} 已 {window} 没有成交：开秒杀，或换品。</translation>
    </message>
    <message>
        <source>No order for {product} in {window}, even with the flash sale on: switch product.</source>
        <translation>{product} 已 {window} 没有成交，秒杀中也没有：换品。</translation>
    </message>
    <message>
        <source>{n} question waiting, most asked: “{question}”. Answer it now.</source>
        <translation>有 {n} 条提问待回答，问得最多的是：“{question}”。现在就回答。</translation>
    </message>
    <message>
        <source>{n} questions waiting, most asked: “{question}”. Answer the top question now.</source>
        <translation>有 {n} 条提问待回答，问得最多的是：“{question}”。现在就回答这个问题。</translation>
    </message>
    <message>
        <source>{n} viewers want {name}: put the link up</source>
        <translation>{n} 位观众想要{name}：上链接</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Session review</source>
        <translation>直播复盘</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>核心数据</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>复盘诊断</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>高光时刻</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>字幕</translation>
    </message>
    <message>
        <source>Host scorecard</source>
        <translation>主播评分</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟数据</translation>
    </message>
    <message>
        <source>Products on air</source>
        <translation>在播商品</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Title</source>
        <extracomment>KPI names (the Chinese catalogue uses the platforms&apos; words: 场观, 千次观看成交 …).</extracomment>
        <translation>标题</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Views (PV)</source>
        <translation>场观（PV）</translation>
    </message>
    <message>
        <source>Unique viewers (UV)</source>
        <translation>观看人数（UV）</translation>
    </message>
    <message>
        <source>Peak online</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Commenters</source>
        <translation>评论人数</translation>
    </message>
    <message>
        <source>Interaction rate (commenters / UV)</source>
        <translation>互动率（评论人数 / UV）</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>New followers</source>
        <translation>新增关注</translation>
    </message>
    <message>
        <source>Follow rate (new followers / UV)</source>
        <translation>转粉率（新增关注 / UV）</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>成交人数</translation>
    </message>
    <message>
        <source>Conversion (buyers / UV)</source>
        <translation>成交转化率（成交人数 / UV）</translation>
    </message>
    <message>
        <source>GMV (paid orders, refunds not deducted)</source>
        <translation>成交金额（已支付订单，未扣退款）</translation>
    </message>
    <message>
        <source>GPM (GMV × 1000 / PV)</source>
        <translation>千次观看成交金额 GPM（成交金额 × 1000 / 场观）</translation>
    </message>
    <message>
        <source>UV value (GMV / UV)</source>
        <translation>UV价值（成交金额 / UV）</translation>
    </message>
    <message>
        <source>Average order value (GMV / buyers)</source>
        <translation>客单价（成交金额 / 成交人数）</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Average watch time</source>
        <translation>人均观看时长</translation>
    </message>
    <message>
        <source>Figure</source>
        <extracomment>Column headers of the tables (CSV keeps the same human headers).</extracomment>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>On air</source>
        <translation>讲解时长</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>提及</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Purchase intents</source>
        <translation>购买意向</translation>
    </message>
    <message>
        <source>GMV</source>
        <extracomment>Scorecard and diagnosis figures (ScoreRow fields).</extracomment>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Views while on air</source>
        <translation>讲解期间场观</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>GPM</translation>
    </message>
    <message>
        <source>Minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Session time</source>
        <translation>直播时间</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>时刻</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Viewers online</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>正面</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>负面</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <source>Typical</source>
        <translation>平时</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Phrases</source>
        <translation>用语</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Follow rate</source>
        <translation>转粉率</translation>
    </message>
    <message>
        <source>Interaction rate</source>
        <translation>互动率</translation>
    </message>
    <message>
        <source>Repeat buyers</source>
        <translation>复购人数</translation>
    </message>
    <message>
        <source>Complaint share</source>
        <translation>投诉占比</translation>
    </message>
    <message>
        <source>This show</source>
        <translation>本场</translation>
    </message>
    <message>
        <source>Host&apos;s median</source>
        <translation>主播往期中位数</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>当时话术</translation>
    </message>
    <message>
        <source>comments</source>
        <extracomment>Why a highlight is one (what spiked; the UI line adds &quot;peak N (typical M)&quot;).</extracomment>
        <translation>评论</translation>
    </message>
    <message>
        <source>purchase intent</source>
        <translation>购买意向</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>ad-law phrase</source>
        <translation>广告法违规用语</translation>
    </message>
    <message>
        <source>product mentioned</source>
        <translation>提及商品</translation>
    </message>
    <message>
        <source>flash sale</source>
        <translation>秒杀</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>giveaway</source>
        <translation>福袋</translation>
    </message>
    <message>
        <source>claims</source>
        <translation>报单</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>OBS</source>
        <translation>OBS</translation>
    </message>
    <message>
        <source>prompter</source>
        <translation>提词</translation>
    </message>
    <message>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>high</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>意外中断</translation>
    </message>
    <message>
        <source>rehearsal</source>
        <translation>彩排</translation>
    </message>
    <message>
        <source>Douyin</source>
        <extracomment>Platform names as their users know them (an unknown id is shown as it is).</extracomment>
        <translation>抖音</translation>
    </message>
    <message>
        <source>TikTok</source>
        <translation>TikTok</translation>
    </message>
    <message>
        <source>Taobao Live</source>
        <translation>淘宝直播</translation>
    </message>
    <message>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <source>WeChat Channels</source>
        <translation>视频号</translation>
    </message>
    <message>
        <source>YouTube</source>
        <translation>YouTube</translation>
    </message>
    <message>
        <source>Twitch</source>
        <translation>Twitch</translation>
    </message>
    <message>
        <source>This recording stopped unexpectedly: everything up to the last saved second is shown.</source>
        <translation>本场录制意外中断：已显示截至最后保存时刻的全部内容。</translation>
    </message>
    <message>
        <source>Times of day are local time ({zone}).</source>
        <translation>时刻均为本地时间（{zone}）。</translation>
    </message>
    <message>
        <source>Session {id} · {host} · {platform} · {started} · {length} · {status}</source>
        <translation>场次 {id} · {host} · {platform} · {started} · {length} · {status}</translation>
    </message>
    <message>
        <source>{what} per minute</source>
        <translation>每分钟{what}</translation>
    </message>
    <message>
        <source>{what} per {seconds} s</source>
        <translation>每 {seconds} 秒{what}</translation>
    </message>
    <message>
        <source>Sentiment share (green positive, grey neutral, red negative)</source>
        <translation>情绪占比（绿色正面，灰色中性，红色负面）</translation>
    </message>
    <message>
        <source>No comment sentiment recorded</source>
        <translation>没有评论情绪记录</translation>
    </message>
    <message>
        <source>No product was put on air</source>
        <translation>没有商品上架讲解</translation>
    </message>
    <message>
        <source>Per-product GPM = the product&apos;s GMV × 1000 / views gained while it was on air (the Douyin definition).</source>
        <translation>单品 GPM = 该商品成交金额 × 1000 / 讲解期间新增场观（抖音口径）。</translation>
    </message>
    <message>
        <source>No spikes found.</source>
        <translation>没有明显高峰。</translation>
    </message>
    <message>
        <source>{n} alerts</source>
        <translation>{n} 条提醒</translation>
    </message>
    <message>
        <source>{n} segments</source>
        <translation>{n} 段</translation>
    </message>
    <message>
        <source>Exported by AnchorDesk. Watch time: not recorded (no platform feed).</source>
        <translation>由 AnchorDesk 导出。观看时长：未记录（平台未提供）。</translation>
    </message>
    <message>
        <source>product switch</source>
        <translation>切换商品</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>No earlier show of this host to compare with yet.</source>
        <translation>该主播还没有往期直播可供对比。</translation>
    </message>
    <message>
        <source>No figure fell below the host&apos;s median of {n} earlier shows.</source>
        <translation>没有指标低于该主播往期 {n} 场的中位数。</translation>
    </message>
    <message>
        <source>The figures furthest below the host&apos;s own median of {n} earlier shows, with the minutes that explain them.</source>
        <translation>与该主播往期 {n} 场中位数相比下降最多的指标，以及能说明原因的时段。</translation>
    </message>
    <message>
        <source>{time} · {product} · {viewers} online, {comments} comments, {orders} orders</source>
        <translation>{time} · {product} · 在线 {viewers}，评论 {comments}，订单 {orders}</translation>
    </message>
    <message>
        <source>no product on air</source>
        <translation>无在播商品</translation>
    </message>
    <message>
        <source>{host}: rank {rank} of {hosts} hosts by median GMV per show ({gmv})</source>
        <translation>{host}：按单场成交金额中位数（{gmv}）在 {hosts} 位主播中排第 {rank}</translation>
    </message>
    <message>
        <source>{kind}: {phrases}</source>
        <translation>{kind}：{phrases}</translation>
    </message>
    <message>
        <source>No Chrome, Edge or Chromium was found. Install one (Linux: sudo apt install chromium), or set ANCHORDESK_BROWSER to its path.</source>
        <translation>未找到 Chrome、Edge 或 Chromium。请安装其中一个（Linux：sudo apt install chromium），或将 ANCHORDESK_BROWSER 设为浏览器路径。</translation>
    </message>
    <message>
        <source>The browser bridge is not installed: pip install &apos;anchordesk[bridge]&apos; (Playwright and protobuf). The show runs on without {platform}.</source>
        <translation>未安装浏览器连接组件：pip install &apos;anchordesk[bridge]&apos;（Playwright 和 protobuf）。直播照常进行，但不读取 {platform}。</translation>
    </message>
    <message>
        <source>{platform}: reading the page ({url}).</source>
        <translation>{platform}：正在读取页面（{url}）。</translation>
    </message>
    <message>
        <source>{platform}: cannot open {url} ({reason}). Retrying in {seconds} s; the show runs on.</source>
        <translation>{platform}：无法打开 {url}（{reason}）。{seconds} 秒后重试，直播照常进行。</translation>
    </message>
    <message>
        <source>{platform}: logged out. Open Live ▸ Connections, click Open login window, log in, then Connect again.</source>
        <translation>{platform}：已退出登录。请打开 直播 ▸ 连接，点“打开登录窗口”登录，然后再点“连接”。</translation>
    </message>
    <message>
        <source>{platform}: no traffic for {seconds} s while the room has viewers: capture may have stopped. Reloading the page.</source>
        <translation>{platform}：直播间有观众，但已 {seconds} 秒没有收到数据，抓取可能已停止。正在刷新页面。</translation>
    </message>
    <message>
        <source>{platform}: {errors} frames could not be read (saved for a bug report: {path}). The platform may have changed its page: use the browser userscript (Connections ▸ Advanced) until AnchorDesk is updated.</source>
        <translation>{platform}：有 {errors} 条数据无法解析（已保存供问题报告：{path}）。平台可能已改版：在 AnchorDesk 更新前，请使用浏览器用户脚本（连接 ▸ 高级）。</translation>
    </message>
    <message>
        <source>{platform}: this page sends data that needs the &apos;{package}&apos; package: pip install {package}, then restart AnchorDesk.</source>
        <translation>{platform}：该页面发送的数据需要 &apos;{package}&apos; 组件：请执行 pip install {package}，然后重启 AnchorDesk。</translation>
    </message>
    <message>
        <source>{platform}: the browser did not start ({reason}). If a login window for this account is still open, close it.</source>
        <translation>{platform}：浏览器未能启动（{reason}）。如果这个账号的登录窗口还开着，请先关闭它。</translation>
    </message>
    <message>
        <source>{frames} frames, {answers} answers, {events} events, {errors} decode errors, {reloads} reloads</source>
        <translation>{frames} 帧，{answers} 个应答，{events} 个事件，{errors} 个解码错误，重新加载 {reloads} 次</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开连接</translation>
    </message>
    <message>
        <source>row {number}: {error}</source>
        <translation>第 {number} 行：{error}</translation>
    </message>
    <message>
        <source>skipped a malformed row ({first})</source>
        <translation>跳过了一行格式错误的数据（{first}）</translation>
    </message>
    <message>
        <source>replay finished; {n} malformed row(s) skipped (first: {first})</source>
        <translation>回放结束；跳过了 {n} 行格式错误的数据（第一处：{first}）</translation>
    </message>
    <message>
        <source>replaying {file}</source>
        <translation>正在回放 {file}</translation>
    </message>
    <message>
        <source>replay finished</source>
        <translation>回放结束</translation>
    </message>
    <message>
        <source>line {number}: {error}</source>
        <extracomment>What one record of the file is called in logs (&quot;line&quot;, &quot;row&quot;). What the file is called when it is missing. The status sentences naming a record (one set per :attr:`unit`, for the translator).</extracomment>
        <translation>第 {number} 行：{error}</translation>
    </message>
    <message>
        <source>skipped a malformed line ({first})</source>
        <translation>跳过了一行格式错误的数据（{first}）</translation>
    </message>
    <message>
        <source>replay finished; {n} malformed line(s) skipped (first: {first})</source>
        <translation>回放结束；跳过了 {n} 行格式错误的数据（第一处：{first}）</translation>
    </message>
    <message>
        <source>reading #{channel} (anonymous, read-only)</source>
        <translation>正在读取 #{channel}（匿名，只读）</translation>
    </message>
    <message>
        <source>#{channel}: {reason}; reconnecting in {seconds:.1f} s</source>
        <translation>#{channel}：{reason}；{seconds:.1f} 秒后重新连接</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is not a usable path ({error})</source>
        <extracomment>The one FAQ format, in the CSV/XLSX ``faq`` column and the product editor alike: ``question::answer``, entries separated by ``||`` or new lines (&quot;包邮吗::包邮||能退吗::七天无理由&quot;). The editor&apos;s old &quot;question || answer&quot; lines are still read (:func:`parse_faq`), so nothing typed or exported before breaks.</extracomment>
        <translation>“{path}”不是可用的路径（{error}）</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is outside {folder}; copy the file into it and use that path</source>
        <translation>“{path}”不在 {folder} 中；请把文件复制到该文件夹后使用新路径</translation>
    </message>
    <message>
        <source>SKU: 1–64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (no spaces), e.g. LIP-001</source>
        <translation>SKU：1–64 个字母、数字、“.”、“_”或“-”（不能有空格），例如 LIP-001</translation>
    </message>
    <message>
        <source>Name: enter a Chinese or an English name</source>
        <translation>名称：请填写中文名或英文名</translation>
    </message>
    <message>
        <source>Price: must be above zero</source>
        <translation>价格：必须大于零</translation>
    </message>
    <message>
        <source>Promo price: must be below the price (or leave it empty)</source>
        <translation>直播价：必须低于原价（或留空）</translation>
    </message>
    <message>
        <source>Stock: cannot be negative</source>
        <translation>库存：不能为负数</translation>
    </message>
    <message>
        <source>Image: file not found: {path}</source>
        <translation>图片：找不到文件：{path}</translation>
    </message>
    <message>
        <source>FAQ: write “{entry}” as question::answer, one a line</source>
        <translation>常见问题：请把“{entry}”写成 问题::答案，每行一条</translation>
    </message>
    <message>
        <source>Try-on: unknown kind {kind!r} (use {kinds})</source>
        <translation>试戴：未知类型 {kind!r}（可用：{kinds}）</translation>
    </message>
    <message>
        <source>Try-on colour: use #RRGGBB, e.g. #B0243A</source>
        <translation>试戴颜色：请用 #RRGGBB 格式，例如 #B0243A</translation>
    </message>
    <message>
        <source>Try-on colour: a lipstick needs a colour (#RRGGBB)</source>
        <translation>试戴颜色：口红需要填写颜色（#RRGGBB）</translation>
    </message>
    <message>
        <source>Try-on image: glasses, earrings, hats and necklaces need a transparent PNG</source>
        <translation>试戴图片：眼镜、耳环、帽子和项链需要透明背景的 PNG 图片</translation>
    </message>
    <message>
        <source>is empty</source>
        <extracomment>Canonical column -&gt; accepted header spellings (compared case-insensitively, trimmed): simplified Chinese, then traditional Chinese (Big5 catalogs) and Japanese. How much of a CSV file&apos;s head the encoding is detected from. The encodings catalog files come in: what Chinese, Japanese, Korean and Western back offices and Excel write (detection only chooses among these). A second reading of the sample this close in &quot;chaos&quot; to the best one makes it a guess. Fewer non-ASCII bytes than this (about 20 Chinese characters) are too little text to tell GBK from Big5 or Shift-JIS. Measured on 4,800 generated GBK, Big5 and Shift-JIS catalogs of 1-50 rows: a margin of 0.02-0.05 let some short files through as another encoding (one in a thousand even at 0.1); with both rules none was, and only files of a few rows were refused (their fix: save as CSV UTF-8). Valid UTF-8 with non-ASCII text is next to impossible by accident: no rival needed. Detected encoding -&gt; the superset Windows and Excel write, which reads it too. The product table&apos;s text lengths: SQLite ignores them, PostgreSQL refuses longer values.</extracomment>
        <translation>为空</translation>
    </message>
    <message>
        <source>is longer than {limit} characters</source>
        <translation>超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>image {problem}</source>
        <translation>图片{problem}</translation>
    </message>
    <message>
        <source>row {row}, column &apos;{column}&apos;: {problem}</source>
        <translation>第 {row} 行，“{column}”列：{problem}</translation>
    </message>
    <message>
        <source>row {row}: {problem}</source>
        <translation>第 {row} 行：{problem}</translation>
    </message>
    <message>
        <source>{rows} rows read, {valid} valid, {invalid} invalid</source>
        <translation>已读取 {rows} 行：{valid} 行有效，{invalid} 行无效</translation>
    </message>
    <message>
        <source>… and {n} more problems</source>
        <translation>……还有 {n} 个问题</translation>
    </message>
    <message>
        <source>{file}: cannot tell which text encoding the file is in; save it as CSV UTF-8 (or GBK) and import it again</source>
        <translation>{file}：无法判断文件的文字编码；请另存为 CSV UTF-8（或 GBK）后重新导入</translation>
    </message>
    <message>
        <source>{file}: row {row} is not {encoding} text like the rows before it; save the file as CSV UTF-8 (or GBK) and import it again</source>
        <translation>{file}：第 {row} 行不是与前面各行相同的 {encoding} 编码；请另存为 CSV UTF-8（或 GBK）后重新导入</translation>
    </message>
    <message>
        <source>{file}: row {row} is not valid CSV ({error})</source>
        <translation>{file}：第 {row} 行不是有效的 CSV（{error}）</translation>
    </message>
    <message>
        <source>{file}: its text unpacks to {size}, more than the {limit} a catalog may have; split it into smaller files</source>
        <translation>{file}：解压后的文字有 {size}，超过商品库上限 {limit}；请拆分成更小的文件</translation>
    </message>
    <message>
        <source>{file}: not a readable XLSX workbook ({error})</source>
        <translation>{file}：不是可读取的 XLSX 工作簿（{error}）</translation>
    </message>
    <message>
        <source>{file}: unsupported file type (use .csv or .xlsx)</source>
        <translation>{file}：不支持的文件类型（请使用 .csv 或 .xlsx）</translation>
    </message>
    <message>
        <source>file not found: {path}</source>
        <translation>找不到文件：{path}</translation>
    </message>
    <message>
        <source>{file}: {size} is more than the {limit} a catalog may have; split it into smaller files</source>
        <translation>{file}：{size} 超过商品库上限 {limit}；请拆分成更小的文件</translation>
    </message>
    <message>
        <source>{file}: missing column(s) {missing} (found: {found})</source>
        <translation>{file}：缺少列 {missing}（找到的列：{found}）</translation>
    </message>
    <message>
        <source>{file}: needs a name column ({columns})</source>
        <translation>{file}：需要一个名称列（{columns}）</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a number</source>
        <translation>“{value}”不是数字</translation>
    </message>
    <message>
        <source>{value} is not a valid amount</source>
        <translation>{value} 不是有效的金额</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a whole number</source>
        <translation>“{value}”不是整数</translation>
    </message>
    <message>
        <source>{value} must be a whole number ≥ 0</source>
        <translation>{value} 必须是大于等于 0 的整数</translation>
    </message>
    <message>
        <source>&apos;{entry}&apos; is not &apos;question::answer&apos;</source>
        <translation>“{entry}”不是“问题::答案”格式</translation>
    </message>
    <message>
        <source>is not valid JSON</source>
        <translation>不是有效的 JSON</translation>
    </message>
    <message>
        <source>must be a JSON object with a &quot;kind&quot;</source>
        <translation>必须是包含 &quot;kind&quot; 的 JSON 对象</translation>
    </message>
    <message>
        <source>the product needs a Chinese or English name</source>
        <translation>商品需要中文名或英文名</translation>
    </message>
    <message>
        <source>the path is longer than {limit} characters</source>
        <translation>路径超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>{promo} is higher than the price {price}</source>
        <translation>{promo} 高于原价 {price}</translation>
    </message>
    <message>
        <source>{file}: the file is empty</source>
        <translation>{file}：文件是空的</translation>
    </message>
    <message>
        <source>{file}: more than {rows:,} rows; split the file into smaller catalogs</source>
        <translation>{file}：超过 {rows:,} 行；请拆分成更小的商品库文件</translation>
    </message>
    <message>
        <source>&apos;{sku}&apos; repeats row {row}</source>
        <translation>“{sku}”与第 {row} 行重复</translation>
    </message>
    <message>
        <source>listening on {url}</source>
        <translation>正在监听 {url}</translation>
    </message>
    <message>
        <source>listening on {url} (port {port} was in use; set server_port to choose)</source>
        <translation>正在监听 {url}（端口 {port} 已被占用；可在 server_port 中指定端口）</translation>
    </message>
    <message>
        <source>server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <source>server_host {host!r} is not a loopback address; set server_allow_remote to true in settings.json to accept other machines</source>
        <translation>server_host {host!r} 不是本机回环地址；如要接受其他电脑的连接，请在 settings.json 中把 server_allow_remote 设为 true</translation>
    </message>
    <message>
        <source>ports {first}-{last} on {host} are all in use; set server_port in settings.json to a free port</source>
        <translation>{host} 上的端口 {first}-{last} 都已被占用；请在 settings.json 中把 server_port 设为一个空闲端口</translation>
    </message>
    <message>
        <source>recording to {url}</source>
        <translation>正在记录到 {url}</translation>
    </message>
    <message>
        <source>The disk is full: video recording stopped. What was recorded so far plays; comments and orders are still saved. Free some space.</source>
        <extracomment>Said once, as an alert, when a write fails because the disk is full.</extracomment>
        <translation>磁盘已满：视频录制已停止。已录制的部分可以播放；评论和订单仍在保存。请腾出一些空间。</translation>
    </message>
    <message>
        <source>The disk is full: audio recording stopped. What was recorded so far plays; comments and orders are still saved. Free some space.</source>
        <translation>磁盘已满：录音已停止。已录制的部分可以播放；评论和订单仍在保存。请腾出一些空间。</translation>
    </message>
    <message>
        <source>recording video to {folder}</source>
        <extracomment>The recorder&apos;s status sentences, per kind (the kind is a word the translator must see).</extracomment>
        <translation>正在录制视频到 {folder}</translation>
    </message>
    <message>
        <source>video recording: last segment lost ({error})</source>
        <translation>视频录制：最后一段丢失（{error}）</translation>
    </message>
    <message>
        <source>video recording stopped: the disk is full. What was recorded so far is kept; comments and orders are still saved</source>
        <translation>视频录制已停止：磁盘已满。已录制的内容都保留；评论和订单仍在保存</translation>
    </message>
    <message>
        <source>video recording stopped: {error}</source>
        <translation>视频录制已停止：{error}</translation>
    </message>
    <message>
        <source>recording audio to {folder}</source>
        <translation>正在录音到 {folder}</translation>
    </message>
    <message>
        <source>audio recording: last segment lost ({error})</source>
        <translation>录音：最后一段丢失（{error}）</translation>
    </message>
    <message>
        <source>audio recording stopped: the disk is full. What was recorded so far is kept; comments and orders are still saved</source>
        <translation>录音已停止：磁盘已满。已录制的内容都保留；评论和订单仍在保存</translation>
    </message>
    <message>
        <source>audio recording stopped: {error}</source>
        <translation>录音已停止：{error}</translation>
    </message>
    <message>
        <source>PortAudio is not installed, so the microphone cannot be used (the system library {library} is missing: install with `{command}`; then restart): {error}</source>
        <translation>未安装 PortAudio，无法使用麦克风（缺少系统库 {library}：请用 `{command}` 安装，然后重新启动）：{error}</translation>
    </message>
    <message>
        <source>PortAudio is not installed, so the microphone cannot be used (the system library {library} is missing: install the package that provides it; then restart): {error}</source>
        <translation>未安装 PortAudio，无法使用麦克风（缺少系统库 {library}：请安装提供它的软件包，然后重新启动）：{error}</translation>
    </message>
    <message>
        <source>default microphone</source>
        <translation>默认麦克风</translation>
    </message>
    <message>
        <source>{device} unavailable ({error}); retrying in {seconds:.0f} s</source>
        <translation>{device} 不可用（{error}）；{seconds:.0f} 秒后重试</translation>
    </message>
    <message>
        <source>{device}: {rate} Hz mono</source>
        <translation>{device}：{rate} Hz 单声道</translation>
    </message>
    <message>
        <source>{device} stopped sending audio (unplugged?); retrying</source>
        <translation>{device} 不再传来声音（被拔掉了？）；正在重试</translation>
    </message>
    <message>
        <source>microphone stopped</source>
        <translation>麦克风已停止</translation>
    </message>
    <message>
        <source>No speech model installed. Open Tools → Speech models, or run `python -m app models install vosk-model-small-cn-0.22` (or a downloaded zip/folder).</source>
        <extracomment>``progress(done_bytes, total_bytes_or_None)``; called from the downloading thread.</extracomment>
        <translation>尚未安装语音模型。请打开“工具 → 语音模型”，或运行 `python -m app models install vosk-model-small-cn-0.22`（也可以安装已下载的 zip 或文件夹）。</translation>
    </message>
    <message>
        <source>{path} is not a Vosk model (missing {missing})</source>
        <translation>{path} 不是 Vosk 模型（缺少 {missing}）</translation>
    </message>
    <message>
        <source>Speech model {spec!r} is not installed: install it in Tools → Speech models, or run `python -m app models install {spec}`, or choose another model</source>
        <translation>语音模型 {spec!r} 未安装：请在“工具 → 语音模型”中安装，或运行 `python -m app models install {spec}`，或选择其他模型</translation>
    </message>
    <message>
        <source>The zip has an unsafe path ({member}); it was not installed</source>
        <translation>该 zip 含有不安全的路径（{member}），未安装</translation>
    </message>
    <message>
        <source>{file} is not a complete zip file (an interrupted download?): download it again</source>
        <translation>{file} 不是完整的 zip 文件（可能下载中断了）：请重新下载</translation>
    </message>
    <message>
        <source>{file} is damaged (bad member {member}): download it again</source>
        <translation>{file} 已损坏（损坏的文件：{member}）：请重新下载</translation>
    </message>
    <message>
        <source>{path} does not exist</source>
        <translation>{path} 不存在</translation>
    </message>
    <message>
        <source>{name} does not contain a Vosk model (expected am/, conf/model.conf, graph/)</source>
        <translation>{name} 中没有 Vosk 模型（应包含 am/、conf/model.conf、graph/）</translation>
    </message>
    <message>
        <source>A model named {name!r} is already installed</source>
        <translation>已安装名为 {name!r} 的模型</translation>
    </message>
    <message>
        <source>The download server answered with error {code}: try again later, or download the zip in a browser and use Install zip…</source>
        <translation>下载服务器返回错误 {code}：请稍后重试，或用浏览器下载 zip 后点“安装 zip…”</translation>
    </message>
    <message>
        <source>Cannot reach the download server: this computer seems to be offline (or its DNS does not answer). Connect to the internet and press Download again; it resumes where it stopped. Offline, download the zip on another computer and use Install zip…</source>
        <translation>无法连接下载服务器：这台电脑似乎没有联网（或 DNS 无响应）。请连接网络后再次点击“下载”，会从中断处继续。没有网络时，可在另一台电脑上下载 zip，再用“安装 zip…”安装。</translation>
    </message>
    <message>
        <source>The download server did not answer in time. Check the internet connection and press Download again; it resumes where it stopped.</source>
        <translation>下载服务器响应超时。请检查网络连接后再次点击“下载”，会从中断处继续。</translation>
    </message>
    <message>
        <source>The model could not be saved: the disk is full or the models folder is not writable. Free some space (a model needs up to 2 GB) and try again.</source>
        <translation>无法保存模型：磁盘已满，或模型文件夹不可写。请腾出空间（一个模型最多需要 2 GB）后重试。</translation>
    </message>
    <message>
        <source>The download stopped: the connection to the download server failed. Check the internet connection (or proxy) and press Download again; it resumes where it stopped.</source>
        <translation>下载已中断：与下载服务器的连接失败。请检查网络连接（或代理）后再次点击“下载”，会从中断处继续。</translation>
    </message>
    <message>
        <source>Download cancelled (it resumes where it stopped next time)</source>
        <translation>已取消下载（下次会从中断处继续）</translation>
    </message>
    <message>
        <source>{file} arrived damaged (its checksum does not match); it was deleted: download it again</source>
        <translation>{file} 下载后已损坏（校验值不符），已删除：请重新下载</translation>
    </message>
    <message>
        <source>The vosk package is not installed (pip install vosk)</source>
        <translation>未安装 vosk 组件（pip install vosk）</translation>
    </message>
    <message>
        <source>the vosk package is not installed (pip install vosk)</source>
        <extracomment>A jump in chunk timestamps larger than this (ms) starts a new recognition stream.</extracomment>
        <translation>未安装 vosk 软件包（pip install vosk）</translation>
    </message>
    <message>
        <source>cannot load speech model {model}: {error}</source>
        <translation>无法加载语音模型 {model}：{error}</translation>
    </message>
    <message>
        <source>{error} — the rest of the session keeps running</source>
        <translation>{error} — 直播的其他功能照常运行</translation>
    </message>
    <message>
        <source>Recognizing with {model} ({seconds:.1f} s to load)</source>
        <translation>正在用 {model} 识别（加载用了 {seconds:.1f} 秒）</translation>
    </message>
    <message>
        <source>recognizer failed: {error}</source>
        <translation>语音识别出错：{error}</translation>
    </message>
    <message>
        <source>latency {seconds:.1f} s</source>
        <translation>延迟 {seconds:.1f} 秒</translation>
    </message>
    <message>
        <source>RTF {rtf:.2f}</source>
        <translation>实时率 {rtf:.2f}</translation>
    </message>
    <message>
        <source>dropped {n} chunks (CPU too slow)</source>
        <translation>丢弃了 {n} 段音频（CPU 太慢）</translation>
    </message>
    <message>
        <source>{a} · {b}</source>
        <translation>{a} · {b}</translation>
    </message>
    <message>
        <source>scripted narration ({n} line)</source>
        <translation>脚本旁白（{n} 句）</translation>
    </message>
    <message>
        <source>scripted narration ({n} lines)</source>
        <translation>脚本旁白（{n} 句）</translation>
    </message>
    <message>
        <source>cannot read {file}: {error}</source>
        <translation>无法读取 {file}：{error}</translation>
    </message>
    <message>
        <source>{file}: only 16-bit PCM WAV is supported</source>
        <translation>{file}：只支持 16 位 PCM WAV</translation>
    </message>
    <message>
        <source>{file}: {rate} Hz, {channels} ch</source>
        <translation>{file}：{rate} Hz，{channels} 声道</translation>
    </message>
    <message>
        <source>video is not recorded: only {free:.1f} GB free, the show needs about {need:.1f} GB (free some space, or choose a smaller size)</source>
        <translation>不录制视频：只剩 {free:.1f} GB 空间，本场直播大约需要 {need:.1f} GB（请清理一些空间，或选择更小的录制尺寸）</translation>
    </message>
    <message>
        <source>video is not recorded: this build has no PyAV (FFmpeg), see docs/installing.md; the sound is still recorded as WAV</source>
        <translation>不录制视频：此版本没有 PyAV（FFmpeg），见 docs/installing.md；声音仍会录制为 WAV</translation>
    </message>
    <message>
        <source>recording video; skipped a malformed frame ({error})</source>
        <translation>正在录制视频；跳过了一个损坏的画面（{error}）</translation>
    </message>
    <message>
        <source>camera disconnected — retrying</source>
        <extracomment>What the camera&apos;s status says, for the camera panel and the status bar (a Message, so the window can show it in the interface language; ``str()`` is the English).</extracomment>
        <translation>摄像头已断开——正在重试</translation>
    </message>
    <message>
        <source>no camera found at {device} — plug one in or choose another camera in Settings; retrying</source>
        <translation>在 {device} 找不到摄像头——请接上摄像头，或在设置中选择其他摄像头；正在重试</translation>
    </message>
    <message>
        <source>camera {device}: {width}×{height} @ {fps:.0f} fps</source>
        <translation>摄像头 {device}：{width}×{height} @ {fps:.0f} fps</translation>
    </message>
    <message>
        <source>camera stopped</source>
        <translation>摄像头已停止</translation>
    </message>
    <message>
        <source>cannot open video {path} (missing file or unsupported codec)</source>
        <translation>无法打开视频 {path}（文件不存在或编码不受支持）</translation>
    </message>
    <message>
        <source>cannot read image {path} (missing file or not an image)</source>
        <extracomment>Seconds between reconnection attempts: quick at first, then capped (back-off). Failed reads in a row that mean the camera is gone (one bad read is just a glitch). A live camera never &quot;finishes&quot;: an error status means &quot;retrying&quot;, not &quot;done&quot;.</extracomment>
        <translation>无法读取图片 {path}（文件不存在或不是图片）</translation>
    </message>
    <message>
        <source>AR overlays on</source>
        <translation>AR 叠加层已开启</translation>
    </message>
    <message>
        <source>AR overlays are off: {error}</source>
        <translation>AR 叠加层已关闭：{error}</translation>
    </message>
    <message>
        <source>frame skipped: {error}</source>
        <translation>跳过了一个画面：{error}</translation>
    </message>
    <message>
        <source>overlay error, showing the plain picture: {error}</source>
        <translation>叠加层出错，显示原始画面：{error}</translation>
    </message>
    <message>
        <source>or use View ▸ Program output with Window Capture</source>
        <extracomment>First wait before opening the device again; doubles per failure up to RETRY_MAX_S. Opens a camera taking (height, width, 3) BGR uint8 frames; raises if no device exists. The returned object needs ``send(frame)`` and ``close()``; ``device`` names it.</extracomment>
        <translation>或使用 视图 ▸ 节目输出，配合 OBS 的“窗口采集”</translation>
    </message>
    <message>
        <source>sending {width}x{height} at {fps:g} fps to {device}</source>
        <translation>正在以 {width}x{height}、{fps:g} 帧/秒 输出到 {device}</translation>
    </message>
    <message>
        <source>virtual camera stopped after an internal error ({error}); restart the session, {hint}</source>
        <translation>虚拟摄像头因内部错误而停止（{error}）；请重新开始直播，{hint}</translation>
    </message>
    <message>
        <source>virtual camera {device} stopped taking frames ({error}); it was closed and AnchorDesk reconnects when it is back: restart OBS&apos;s virtual camera or reload v4l2loopback, {hint}</source>
        <translation>虚拟摄像头 {device} 不再接收画面（{error}）；已将其关闭，恢复后 AnchorDesk 会自动重新连接：请重新启动 OBS 的虚拟摄像头或重新加载 v4l2loopback，{hint}</translation>
    </message>
    <message>
        <source>no virtual camera device ({error}); install OBS (Windows/macOS) or v4l2loopback (Linux), {hint}; AnchorDesk keeps checking and starts sending when a device appears</source>
        <translation>没有虚拟摄像头设备（{error}）；请安装 OBS（Windows/macOS）或 v4l2loopback（Linux），{hint}；AnchorDesk 会持续检查，设备出现后即开始输出</translation>
    </message>
    <message>
        <source>skipping a frame the camera cannot take: {error}</source>
        <translation>跳过一个虚拟摄像头无法接收的画面：{error}</translation>
    </message>
    <message>
        <source>this packaged AnchorDesk has no virtual camera (pyvirtualcam is GPL-2.0 and not bundled): run AnchorDesk from source with pip install &apos;anchordesk[vcam]&apos;, {hint}</source>
        <translation>此安装包版本的 AnchorDesk 没有虚拟摄像头（pyvirtualcam 采用 GPL-2.0 许可，未打包）：请从源码运行 AnchorDesk 并执行 pip install &apos;anchordesk[vcam]&apos;，{hint}</translation>
    </message>
    <message>
        <source>virtual camera needs the optional extra: pip install &apos;anchordesk[vcam]&apos; ({hint})</source>
        <translation>虚拟摄像头需要可选组件：pip install &apos;anchordesk[vcam]&apos;（{hint}）</translation>
    </message>
    <message>
        <source>the virtual camera</source>
        <translation>虚拟摄像头</translation>
    </message>
</context>
<context>
    <name>MicrophoneEditor</name>
    <message>
        <source>Looking for microphones…</source>
        <translation>正在查找麦克风…</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>{device} (not connected now)</source>
        <translation>{device}（当前未连接）</translation>
    </message>
    <message>
        <source>No microphone found (none plugged in, or PortAudio missing: on Linux install libportaudio2). The system default is used when one appears.</source>
        <translation>未找到麦克风（未插入，或缺少 PortAudio：Linux 上请安装 libportaudio2）。插入后将使用系统默认麦克风。</translation>
    </message>
</context>
<context>
    <name>Multimedia</name>
    <message>
        <source>Video and audio cannot play on this computer: the system library {library} is missing. Install it with:
{command}
then open the review again. The timeline, transcript, comments and exports work as usual.</source>
        <translation>这台电脑无法播放视频和音频：缺少系统库 {library}。请用以下命令安装：
{command}
然后重新打开复盘。时间线、字幕、评论和导出照常可用。</translation>
    </message>
    <message>
        <source>Video and audio cannot play on this computer ({error}). The timeline, transcript, comments and exports work as usual.</source>
        <translation>这台电脑无法播放视频和音频（{error}）。时间线、字幕、评论和导出照常可用。</translation>
    </message>
</context>
<context>
    <name>PathEditor</name>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>PlanEditorDialog</name>
    <message>
        <source>TikTok Shop</source>
        <translation>TikTok Shop</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>New show plan</source>
        <translation>新建直播计划</translation>
    </message>
    <message>
        <source>Edit show plan</source>
        <translation>编辑直播计划</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Douyin</source>
        <extracomment>What the platform check boxes say; names without a translation are brands.</extracomment>
        <translation>抖音</translation>
    </message>
    <message>
        <source>Taobao Live</source>
        <translation>淘宝直播</translation>
    </message>
    <message>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <source>e.g. Tuesday night picks</source>
        <translation>例如：周二夜场</translation>
    </message>
    <message>
        <source>Giveaways, guests, reminders for the team…</source>
        <translation>福利、嘉宾、给团队的提醒…</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Platforms</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>未定时间</translation>
    </message>
    <message>
        <source>Local time of this computer</source>
        <translation>本机时间</translation>
    </message>
    <message>
        <source>Rundown</source>
        <translation>排品</translation>
    </message>
    <message>
        <source>Empty price cells use the catalog price. A flash sale needs a flash price and {min}–{max} seconds. Drag rows or use Move up/down to set the order.</source>
        <translation>价格留空则使用商品库价格。秒杀需要秒杀价和 {min}–{max} 秒时长。拖动行或用上移/下移调整顺序。</translation>
    </message>
    <message>
        <source>Add products…</source>
        <translation>添加商品…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>{n} products</source>
        <translation>{n} 件商品</translation>
    </message>
    <message>
        <source>1 product</source>
        <translation>1 件商品</translation>
    </message>
    <message>
        <source>Products not in the catalog (greyed): {n}. Remove them, or add them to the catalog before going live.</source>
        <translation>不在商品库中的商品（灰色）：{n} 件。请移除，或在开播前加入商品库。</translation>
    </message>
    <message>
        <source>The catalog is empty</source>
        <translation>商品库为空</translation>
    </message>
    <message>
        <source>Every catalog product is in the rundown</source>
        <translation>商品库里的商品都已在排品中</translation>
    </message>
</context>
<context>
    <name>PrivacyDialog</name>
    <message>
        <source>The ingest/overlay server listens on {where} and accepts other machines (you opted in); every request needs this install&apos;s access token.</source>
        <translation>接入/叠加服务器监听 {where}，并接受其他电脑连接（您已允许）；每个请求都需要本机的访问令牌。</translation>
    </message>
    <message>
        <source>The ingest/overlay server listens on {where}, on this computer only (loopback), unless you allow other machines in Settings; every request needs this install&apos;s access token.</source>
        <translation>接入/叠加服务器监听 {where}，仅本机可访问（回环地址），除非在设置中允许其他电脑；每个请求都需要本机的访问令牌。</translation>
    </message>
    <message>
        <source>Privacy &amp; data</source>
        <translation>隐私与数据</translation>
    </message>
    <message>
        <source>Viewer names</source>
        <translation>观众昵称</translation>
    </message>
    <message>
        <source>Pseudonymise viewer names (recommended)</source>
        <translation>观众昵称化名存储（推荐）</translation>
    </message>
    <message>
        <source>On: the database stores a salted hash instead of each viewer&apos;s name. Off: names are stored as the platform sends them. Applies from the next session.</source>
        <translation>开启：数据库只保存观众昵称的加盐哈希值。关闭：按平台发送的原样保存昵称。从下一场直播起生效。</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保留期限</translation>
    </message>
    <message>
        <source>Remove comment texts after</source>
        <translation>评论内容保留</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>keep forever</source>
        <translation>永久保留</translation>
    </message>
    <message>
        <source>Apply now</source>
        <translation>立即执行</translation>
    </message>
    <message>
        <source>Counts, times, sentiment and intent are kept, so KPIs and review curves do not change. Applied automatically when AnchorDesk starts.</source>
        <translation>条数、时间、情感和意图均保留，KPI 和复盘曲线不变。AnchorDesk 启动时自动执行。</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Started (UTC)</source>
        <translation>开始时间 (UTC)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Delete session…</source>
        <translation>删除场次…</translation>
    </message>
    <message>
        <source>One viewer</source>
        <translation>单个观众</translation>
    </message>
    <message>
        <source>Viewer name or pseudonym (v…)</source>
        <translation>观众昵称或化名 (v…)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Erase…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Could not save settings: {error}</source>
        <translation>无法保存设置：{error}</translation>
    </message>
    <message>
        <source>Viewer names will be pseudonymised from the next session.</source>
        <translation>从下一场直播起，观众昵称将化名存储。</translation>
    </message>
    <message>
        <source>Viewer names will be stored as sent from the next session.</source>
        <translation>从下一场直播起，将按原样保存观众昵称。</translation>
    </message>
    <message>
        <source>Retention is off (keep forever): nothing to remove.</source>
        <translation>保留期限已关闭（永久保留）：无需删除。</translation>
    </message>
    <message>
        <source>No comment texts older than {days} days to remove.</source>
        <translation>没有超过 {days} 天的评论内容需要删除。</translation>
    </message>
    <message>
        <source>Remove the texts of {n} comments in {s} sessions that ended more than {days} days ago? Counts and curves are kept. This cannot be undone.</source>
        <translation>删除 {s} 场结束超过 {days} 天的直播中 {n} 条评论的内容？统计数量和曲线保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Apply retention</source>
        <translation>执行保留期限</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
    <message>
        <source>Removed the texts of {n} comments in {s} sessions (counts and curves kept).</source>
        <translation>已删除 {s} 场直播中 {n} 条评论的内容（统计数量和曲线保留）。</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>录像</translation>
    </message>
    <message>
        <source>Select a session to delete first.</source>
        <translation>请先选择要删除的场次。</translation>
    </message>
    <message>
        <source>Session {id} is recording now; stop it before deleting it.</source>
        <translation>场次 {id} 正在录制，请先停止再删除。</translation>
    </message>
    <message>
        <source>Delete session {id} with all its comments, orders, transcript and recordings? This cannot be undone.</source>
        <translation>删除场次 {id} 及其全部评论、订单、字幕和录像？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>删除场次</translation>
    </message>
    <message>
        <source>Deleted session {id} ({n} comments, {o} orders, {f} recordings folders).</source>
        <translation>已删除场次 {id}（{n} 条评论、{o} 个订单、{f} 个录像文件夹）。</translation>
    </message>
    <message>
        <source>Type a viewer&apos;s name or pseudonym first.</source>
        <translation>请先输入观众昵称或化名。</translation>
    </message>
    <message>
        <source>Nothing is recorded about {q}.</source>
        <translation>没有关于 {q} 的记录。</translation>
    </message>
    <message>
        <source>{q}: {c} comments, {o} orders, {i} likes/follows/gifts in {s} sessions.</source>
        <translation>{q}：{s} 场直播中 {c} 条评论、{o} 个订单、{i} 条点赞/关注/礼物。</translation>
    </message>
    <message>
        <source>Find a viewer first.</source>
        <translation>请先查找一位观众。</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Erase everything about {q}? Their comment texts and ids, buyer ids and like/follow/gift ids are removed; counts are kept. This cannot be undone.</source>
        <translation>删除关于 {q} 的全部数据？其评论内容和标识、买家标识以及点赞/关注/礼物标识将被删除，统计数量保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Erase viewer</source>
        <translation>删除观众数据</translation>
    </message>
    <message>
        <source>Erased {q}: {c} comments anonymised, {o} orders and {i} likes/follows/gifts no longer carry their id.</source>
        <translation>已删除 {q}：{c} 条评论已匿名化，{o} 个订单和 {i} 条点赞/关注/礼物不再带有其标识。</translation>
    </message>
    <message>
        <source>Export viewer data</source>
        <translation>导出观众数据</translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Retention could not run: {error}</source>
        <translation>保留期限未能执行：{error}</translation>
    </message>
    <message>
        <source>Privacy: removed the texts of {n} comments older than {days} days.</source>
        <translation>隐私：已删除 {n} 条超过 {days} 天的评论内容。</translation>
    </message>
</context>
<context>
    <name>ProductEditorDialog</name>
    <message>
        <source>Edit product</source>
        <translation>编辑商品</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>lipstick | velvet lipstick  (names the host says)</source>
        <translation>口红 | 丝绒口红 | lipstick（主播口播叫法）</translation>
    </message>
    <message>
        <source>matte | brightening</source>
        <translation>哑光 | 显白</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>The try-on kinds as the combo box shows them (the stored value stays the English key).</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <source>lipstick</source>
        <translation>口红</translation>
    </message>
    <message>
        <source>glasses</source>
        <translation>眼镜</translation>
    </message>
    <message>
        <source>earrings</source>
        <translation>耳环</translation>
    </message>
    <message>
        <source>hat</source>
        <translation>帽子</translation>
    </message>
    <message>
        <source>necklace</source>
        <translation>项链</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>One per line: question::answer
Good for warm skin?::Yes, it brightens</source>
        <translation>每行一条：问题::答案
黄皮能用吗？::能，显白</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>主图</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Name (zh)</source>
        <translation>中文名</translation>
    </message>
    <message>
        <source>Name (en)</source>
        <translation>英文名</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Live price</source>
        <translation>直播价</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <source>Try-on kind</source>
        <translation>试戴类型</translation>
    </message>
    <message>
        <source>Try-on colour</source>
        <translation>试戴颜色</translation>
    </message>
    <message>
        <source>Try-on image</source>
        <translation>试戴图</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose an image</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <source>Could not save: {message}. Your input is kept; try again.</source>
        <translation>保存失败：{message}。已填写的内容仍保留，请重试。</translation>
    </message>
</context>
<context>
    <name>ProductPickerDialog</name>
    <message>
        <source>Add products</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Search by name, SKU, alias or keyword</source>
        <translation>按名称、SKU、别名或关键词搜索</translation>
    </message>
    <message>
        <source>{zh} / {en}
Stock {stock}</source>
        <translation>{zh} / {en}
库存 {stock}</translation>
    </message>
    <message>
        <source>Add ({n})</source>
        <translation>添加（{n}）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>ProductQueueModel</name>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>想要</translation>
    </message>
    <message>
        <source>was {price}</source>
        <translation>原价 {price}</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>售罄</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>库存紧张</translation>
    </message>
    <message>
        <source>ON AIR</source>
        <translation>讲解中</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已讲</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>⚡ Flash {left}</source>
        <translation>⚡ 秒杀 {left}</translation>
    </message>
    <message>
        <source>{n} want ×{units}</source>
        <translation>{n} 人要 ×{units}</translation>
    </message>
    <message>
        <source>{n} waiting</source>
        <translation>{n} 人等待</translation>
    </message>
    <message>
        <source>Claims from comments (viewers ×units)</source>
        <translation>评论中的购买意向（人数 × 件数）</translation>
    </message>
    <message>
        <source>Enough viewers want it: put the link up</source>
        <translation>想要的人够多了：上链接</translation>
    </message>
    <message>
        <source>Waiting (sold out): {names}</source>
        <translation>等待补货（已售罄）：{names}</translation>
    </message>
</context>
<context>
    <name>ProductQueuePanel</name>
    <message>
        <source>stock {n}</source>
        <extracomment>Operator shortcuts (also shown in the Show menu and the buttons&apos; tooltips).</extracomment>
        <translation>库存 {n}</translation>
    </message>
    <message>
        <source>Put on air</source>
        <translation>开始讲解</translation>
    </message>
    <message>
        <source>Take off air</source>
        <translation>结束讲解</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已讲</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Flash-sale countdown (10–300 s)</source>
        <translation>秒杀倒计时（10–300 秒）</translation>
    </message>
    <message>
        <source>live price</source>
        <translation>直播价</translation>
    </message>
    <message>
        <source>Flash-sale price (leave at &apos;live price&apos; to keep it)</source>
        <translation>秒杀价（保持“直播价”则不改价）</translation>
    </message>
    <message>
        <source>⚡ Flash sale</source>
        <translation>⚡ 秒杀</translation>
    </message>
    <message>
        <source>No products in this show. Add them to the show plan (File ▸ New show…) or the catalog (Catalog ▸ New product…); comments and orders are recorded anyway.</source>
        <translation>本场直播没有商品。请在直播计划（文件 ▸ 新建直播…）或商品库（商品 ▸ 新建商品…）中添加；评论和订单照常录制。</translation>
    </message>
    <message>
        <source>Next product</source>
        <translation>下一个商品</translation>
    </message>
    <message>
        <source>Start/cancel flash sale</source>
        <translation>开始/取消秒杀</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <source>Sale price</source>
        <translation>秒杀价</translation>
    </message>
    <message>
        <source>{seconds} s ▾</source>
        <translation>{seconds} 秒 ▾</translation>
    </message>
    <message>
        <source>Flash-sale countdown and price</source>
        <translation>秒杀设置</translation>
    </message>
    <message>
        <source>Nothing left in the queue</source>
        <translation>队列已播完</translation>
    </message>
    <message>
        <source>Select a product first</source>
        <translation>请先选择商品</translation>
    </message>
    <message>
        <source>Put a product on air or select one first</source>
        <translation>请先开始讲解或选择商品</translation>
    </message>
    <message>
        <source>Talking points: {points}</source>
        <translation>讲解要点：{points}</translation>
    </message>
    <message>
        <source>Cancel flash sale</source>
        <translation>取消秒杀</translation>
    </message>
    <message>
        <source>Off air</source>
        <translation>未讲解</translation>
    </message>
    <message>
        <source>● ON AIR  {name}  {elapsed}</source>
        <translation>● 讲解中  {name}  {elapsed}</translation>
    </message>
    <message>
        <source>   ⚡ Flash sale {left}</source>
        <translation>   ⚡ 秒杀 {left}</translation>
    </message>
</context>
<context>
    <name>QuestionsPanel</name>
    <message>
        <source>price</source>
        <extracomment>Saves one product to the catalog (runs on a worker; raises on failure). Hands saved products to the running show and the panels (GUI thread).</extracomment>
        <translation>价格</translation>
    </message>
    <message>
        <source>size</source>
        <translation>尺码</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>shipping</source>
        <translation>发货</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Questions to answer</source>
        <extracomment>A reply written here was saved to the product&apos;s FAQ (sku), or could not be (message).</extracomment>
        <translation>待回答问题</translation>
    </message>
    <message>
        <source>✓ Answered</source>
        <translation>✓ 已回答</translation>
    </message>
    <message>
        <source>Double-click to copy</source>
        <translation>双击复制</translation>
    </message>
    <message>
        <source>Write reply…</source>
        <translation>写回复…</translation>
    </message>
    <message>
        <source>Answer this question once: the reply is saved to the product&apos;s FAQ</source>
        <translation>回答一次即可：回复会保存到该商品的常见问题</translation>
    </message>
    <message>
        <source>Suggested replies</source>
        <translation>推荐回复</translation>
    </message>
    <message>
        <source>No suggested reply yet: press “Write reply…” to answer it once</source>
        <translation>暂无建议回复：点“写回复…”回答一次，以后自动推荐</translation>
    </message>
    <message>
        <source>No suggested reply for this question</source>
        <translation>这个问题暂无建议回复</translation>
    </message>
    <message>
        <source>from the show&apos;s live stock and price</source>
        <translation>来自本场直播的实时库存和价格</translation>
    </message>
    <message>
        <source>shop policy, from the FAQ of {name}: {question}</source>
        <translation>店铺通用规则，来自 {name} 的常见问题：{question}</translation>
    </message>
    <message>
        <source>Write reply</source>
        <translation>写回复</translation>
    </message>
    <message>
        <source>Reply to “{question}” ({product}). It is added to the product&apos;s FAQ:</source>
        <translation>回复“{question}”（{product}）。回复会加入该商品的常见问题：</translation>
    </message>
    <message>
        <source>Saving the reply to the FAQ of {name}…</source>
        <translation>正在把回复保存到 {name} 的常见问题…</translation>
    </message>
    <message>
        <source>Saved to the FAQ of {name}</source>
        <translation>已保存到 {name} 的常见问题</translation>
    </message>
    <message>
        <source>The reply could not be saved: {error}</source>
        <translation>回复未能保存：{error}</translation>
    </message>
</context>
<context>
    <name>RecommendationModel</name>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>No strong signal yet</source>
        <translation>暂无明显信号</translation>
    </message>
    <message>
        <source>no strong signal yet</source>
        <translation>暂无明显信号</translation>
    </message>
</context>
<context>
    <name>RecommendationsPanel</name>
    <message>
        <source>Suggestions appear a few seconds into the show</source>
        <translation>开播几秒后出现推荐</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review — session {id}</source>
        <extracomment>Audio further than this from the timeline (video or clock) is moved back into step. Alert kinds listed beside the transcript (product mentions are the timeline&apos;s business).</extracomment>
        <translation>复盘 — 场次 {id}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>On air</source>
        <translation>讲解时长</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>提及</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Purchase intents</source>
        <translation>购买意向</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>GPM</source>
        <translation>GPM</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Search transcript and comments</source>
        <translation>搜索字幕和评论</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>高光时刻</translation>
    </message>
    <message>
        <source>Transcript and alerts</source>
        <translation>字幕与提醒</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>复盘诊断</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Host scorecard</source>
        <translation>主播评分</translation>
    </message>
    <message>
        <source>HTML report</source>
        <translation>HTML 报告</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Excel 工作簿（XLSX）</translation>
    </message>
    <message>
        <source>CSV tables (folder)</source>
        <translation>CSV 表格（文件夹）</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>Save the review as a report in the interface language</source>
        <translation>按界面语言把复盘导出为报告</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading {what}…</source>
        <translation>正在加载 {what}…</translation>
    </message>
    <message>
        <source>Could not load this session</source>
        <translation>无法加载本场直播</translation>
    </message>
    <message>
        <source>Could not load session {id}: {message}</source>
        <translation>无法加载场次 {id}：{message}</translation>
    </message>
    <message>
        <source>Review — {title}</source>
        <translation>复盘 — {title}</translation>
    </message>
    <message>
        <source>{comments} comments, {orders} orders, {length}</source>
        <translation>{comments} 条评论，{orders} 笔订单，{length}</translation>
    </message>
    <message>
        <source>This session was interrupted (the app stopped unexpectedly). Everything recorded up to {t} is shown.</source>
        <translation>本场直播意外中断（应用异常退出），已显示截至 {t} 的全部记录。</translation>
    </message>
    <message>
        <source>No video recorded for this session; the audio plays with the timeline.</source>
        <translation>本场没有录像，音频会随时间轴播放。</translation>
    </message>
    <message>
        <source>No video recorded for this session; the timeline still works.</source>
        <translation>本场没有录像，时间轴仍可使用。</translation>
    </message>
    <message>
        <source>{n} comment texts were removed for privacy (retention or an erased viewer); their counts, times and sentiment are still shown.</source>
        <translation>出于隐私保护，已删除 {n} 条评论内容（保留期限或删除观众数据）；其条数、时间和情感仍会显示。</translation>
    </message>
    <message>
        <source>GMV {gmv} · {orders} orders · {comments} comments · GPM {gpm} · AOV {aov} · interaction {rate} · peak online {peak}</source>
        <translation>成交金额 {gmv} · {orders} 笔订单 · {comments} 条评论 · GPM {gpm} · 客单价 {aov} · 互动率 {rate} · 最高在线 {peak}</translation>
    </message>
    <message>
        <source>No spikes found</source>
        <translation>没有明显高峰</translation>
    </message>
    <message>
        <source>{start}–{end}  {reason} peak {peak:g} (typical {base:g})</source>
        <translation>{start}–{end}  {reason} 高峰 {peak:g}（平时 {base:g}）</translation>
    </message>
    <message>
        <source>Alerts: {n} ({law} ad-law phrases)</source>
        <translation>提醒：{n} 条（广告法用语 {law} 条）</translation>
    </message>
    <message>
        <source>No alerts in this show</source>
        <translation>本场没有提醒</translation>
    </message>
    <message>
        <source>Export CSV tables into</source>
        <translation>导出 CSV 表格到</translation>
    </message>
    <message>
        <source>HTML report (*.html)</source>
        <translation>HTML 报告 (*.html)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>Could not export: {message}</source>
        <translation>无法导出：{message}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>搜索中…</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>没有结果</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>no audio output device</source>
        <translation>没有音频输出设备</translation>
    </message>
    <message>
        <source>The recorded audio cannot play here: {message}</source>
        <translation>录制的音频无法在此播放：{message}</translation>
    </message>
    <message>
        <source>This session is not recorded</source>
        <translation>本场未录制</translation>
    </message>
</context>
<context>
    <name>RundownModel</name>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Live price ¥</source>
        <translation>直播价 ¥</translation>
    </message>
    <message>
        <source>Flash price ¥</source>
        <translation>秒杀价 ¥</translation>
    </message>
    <message>
        <source>Flash seconds</source>
        <translation>秒杀秒数</translation>
    </message>
    <message>
        <source>Talking points</source>
        <translation>讲解要点</translation>
    </message>
    <message>
        <source>{sku} is not in the catalog: remove it from the rundown, or add the product with Catalog ▸ New product…</source>
        <translation>{sku} 不在商品库中：请从排品中移除，或通过 商品 ▸ 新建商品… 添加</translation>
    </message>
    <message>
        <source>{zh} / {en}
Catalog price {price}, stock {stock}</source>
        <translation>{zh} / {en}
商品库价格 {price}，库存 {stock}</translation>
    </message>
    <message>
        <source>Empty: the catalog price applies ({price})</source>
        <translation>留空：使用商品库价格（{price}）</translation>
    </message>
</context>
<context>
    <name>SafeModeDialog</name>
    <message>
        <source>AnchorDesk — safe start</source>
        <extracomment>Opens the store ``config`` names (creating the data folders); raises when it cannot.</extracomment>
        <translation>AnchorDesk — 安全启动</translation>
    </message>
    <message>
        <source>Open Settings…</source>
        <translation>打开设置…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>AnchorDesk cannot use its data folder.</source>
        <translation>AnchorDesk 无法使用数据文件夹。</translation>
    </message>
    <message>
        <source>Use the default data folder</source>
        <translation>使用默认数据文件夹</translation>
    </message>
    <message>
        <source>Nothing has been recorded. Choose another data folder in Settings, or use the default one, and AnchorDesk carries on from here.</source>
        <translation>尚未录制任何内容。请在设置中选择其他数据文件夹，或使用默认文件夹，AnchorDesk 会从这里继续。</translation>
    </message>
    <message>
        <source>AnchorDesk cannot open its database.</source>
        <translation>AnchorDesk 无法打开数据库。</translation>
    </message>
    <message>
        <source>Use the local database</source>
        <translation>使用本机数据库</translation>
    </message>
    <message>
        <source>Nothing has been recorded. Correct the database in Settings, or use the local database on this computer, and AnchorDesk carries on from here.</source>
        <translation>尚未录制任何内容。请在设置中更正数据库，或使用本机数据库，AnchorDesk 会从这里继续。</translation>
    </message>
    <message>
        <source>This data folder was given with --data-dir, which Settings cannot change for this run.</source>
        <translation>该数据文件夹由 --data-dir 指定，本次运行无法在设置中更改。</translation>
    </message>
    <message>
        <source>This data folder was given with the ANCHORDESK_DATA_DIR environment variable, which Settings cannot change for this run.</source>
        <translation>该数据文件夹由环境变量 ANCHORDESK_DATA_DIR 指定，本次运行无法在设置中更改。</translation>
    </message>
    <message>
        <source>This database was given with --db, which Settings cannot change for this run.</source>
        <translation>该数据库由 --db 指定，本次运行无法在设置中更改。</translation>
    </message>
    <message>
        <source>This database was given with the ANCHORDESK_DB environment variable, which Settings cannot change for this run.</source>
        <translation>该数据库由环境变量 ANCHORDESK_DB 指定，本次运行无法在设置中更改。</translation>
    </message>
</context>
<context>
    <name>ScorecardPage</name>
    <message>
        <source>Export scorecard…</source>
        <translation>导出主播评分…</translation>
    </message>
    <message>
        <source>Save the host&apos;s shows as an XLSX or CSV table</source>
        <translation>把该主播各场数据保存为 XLSX 或 CSV 表格</translation>
    </message>
    <message>
        <source>Better than the median of the host&apos;s earlier shows</source>
        <translation>好于该主播往期中位数</translation>
    </message>
    <message>
        <source>Below the median of the host&apos;s earlier shows</source>
        <translation>低于该主播往期中位数</translation>
    </message>
    <message>
        <source>Export scorecard</source>
        <translation>导出主播评分</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV table (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>Could not export: {message}</source>
        <translation>无法导出：{message}</translation>
    </message>
</context>
<context>
    <name>SessionStatusBar</name>
    <message>
        <source>Session time</source>
        <translation>直播时间</translation>
    </message>
    <message>
        <source>Comments {c} · Orders {o} · GMV {g}</source>
        <translation>评论 {c} · 订单 {o} · 成交额 {g}</translation>
    </message>
    <message>
        <source>Dropped {n}</source>
        <translation>已丢弃 {n}</translation>
    </message>
    <message>
        <source>Events dropped by the engine: {e}; by the display: {u}</source>
        <translation>引擎丢弃的事件：{e}；界面丢弃的事件：{u}</translation>
    </message>
    <message>
        <source>Not saved {n}</source>
        <translation>未保存 {n}</translation>
    </message>
    <message>
        <source>Events the database refused (logged; every other event is kept)</source>
        <translation>数据库拒收的事件（已记入日志，其他事件均已保存）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Changes apply the next time AnchorDesk starts, except those marked “applies at once”.</source>
        <translation>除标有“立即生效”的项目外，更改将在下次启动 AnchorDesk 时生效。</translation>
    </message>
    <message>
        <source>Applies at once</source>
        <translation>立即生效</translation>
    </message>
    <message>
        <source>(applies at once)</source>
        <translation>（立即生效）</translation>
    </message>
    <message>
        <source>⚠ Other machines on your network can then send comments and read the overlays (the token is still required). Only do this on a network you trust, and set the address to this machine&apos;s IP or 0.0.0.0.</source>
        <translation>⚠ 这样局域网内的其他机器就可以发送评论和读取叠加层（仍需令牌）。请只在可信网络中开启，并把地址设为本机 IP 或 0.0.0.0。</translation>
    </message>
    <message>
        <source>Cannot read the token: {error}</source>
        <translation>无法读取令牌：{error}</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Video &amp; overlays</source>
        <translation>视频与叠加层</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>Live show</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Use only my list</source>
        <extracomment>Camera indices offered when none is detected (0 is the built-in one on most laptops).</extracomment>
        <translation>只使用我的词库</translation>
    </message>
    <message>
        <source>Auto (system)</source>
        <translation>自动（跟随系统）</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Blur</source>
        <translation>虚化</translation>
    </message>
    <message>
        <source>Replace with an image</source>
        <translation>替换为图片</translation>
    </message>
    <message>
        <source>Top left</source>
        <translation>左上角</translation>
    </message>
    <message>
        <source>Top right</source>
        <translation>右上角</translation>
    </message>
    <message>
        <source>Bottom left</source>
        <translation>左下角</translation>
    </message>
    <message>
        <source>Bottom right</source>
        <translation>右下角</translation>
    </message>
    <message>
        <source>Follow the hand</source>
        <translation>跟随手部</translation>
    </message>
    <message>
        <source>Add to the bundled list</source>
        <translation>添加到内置词库</translation>
    </message>
    <message>
        <source>{path} cannot be used as a folder</source>
        <extracomment>Pages in the order shown; a field with another or no group goes to &quot;More&quot; (&quot;&quot;). The translation context of every problem text (spelled out in each marker: lupdate reads literals only).</extracomment>
        <translation>{path} 不能用作文件夹</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder</source>
        <translation>{path} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>{path} is not writable</source>
        <translation>{path} 不可写入</translation>
    </message>
    <message>
        <source>{path} cannot be created (no permission to write in {parent})</source>
        <translation>无法创建 {path}（没有在 {parent} 中写入的权限）</translation>
    </message>
    <message>
        <source>not a database URL (examples: sqlite:////path/to/file.db, postgresql+psycopg://user@host/db); leave it empty for the built-in database</source>
        <translation>不是有效的数据库 URL（例如 sqlite:////path/to/file.db、postgresql+psycopg://user@host/db）；留空则使用内置数据库</translation>
    </message>
    <message>
        <source>choose an image to replace the background with (or pick Blur)</source>
        <translation>请选择用于替换背景的图片（或选择“虚化”）</translation>
    </message>
    <message>
        <source>enter an address</source>
        <translation>请输入地址</translation>
    </message>
    <message>
        <source>{host} lets other machines connect: tick “Allow a non-loopback server_host” first, or use 127.0.0.1</source>
        <translation>{host} 允许其他机器连接：请先勾选“允许非本机回环地址”，或使用 127.0.0.1</translation>
    </message>
    <message>
        <source>must be between {low} and {high}</source>
        <extracomment>Why a value read from a file does not have its field&apos;s type. Plain English: these reach the person through ``Config.problems`` (the dialog&apos;s editors are always typed).</extracomment>
        <translation>必须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>must be one of: {choices}</source>
        <translation>必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>file not found: {path}</source>
        <translation>找不到文件：{path}</translation>
    </message>
    <message>
        <source>Video at {size} takes at most about {per_hour} per hour.</source>
        <translation>{size} 视频每小时最多约占 {per_hour}。</translation>
    </message>
    <message>
        <source>Video at {size} takes at most about {per_hour} per hour; the free space holds about {hours} hours.</source>
        <translation>{size} 视频每小时最多约占 {per_hour}；剩余空间约可录 {hours} 小时。</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <translation>在屏幕上显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>重新生成…</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>OBS WebSocket password</source>
        <translation>OBS WebSocket 密码</translation>
    </message>
    <message>
        <source>Connecting to OBS…</source>
        <translation>正在连接 OBS…</translation>
    </message>
    <message>
        <source>In use now: data folder {folder}; database {url}</source>
        <translation>当前使用：数据文件夹 {folder}；数据库 {url}</translation>
    </message>
    <message>
        <source>Defaults restored on every page; Save to keep them.</source>
        <translation>所有页面已恢复默认值；点击“保存”后生效。</translation>
    </message>
    <message>
        <source>Could not save the settings: {error}. Nothing was changed.</source>
        <translation>无法保存设置：{error}。未做任何更改。</translation>
    </message>
    <message>
        <source>Saved. Nothing changed.</source>
        <translation>已保存。没有更改。</translation>
    </message>
    <message>
        <source>Saved and applied.</source>
        <translation>已保存并生效。</translation>
    </message>
    <message>
        <source>Saved. Applies after restarting AnchorDesk: {names}</source>
        <translation>已保存。以下项目在重启 AnchorDesk 后生效：{names}</translation>
    </message>
    <message>
        <source>Not saved; please fix:</source>
        <translation>未保存，请修正：</translation>
    </message>
    <message>
        <source>Regenerate the token</source>
        <translation>重新生成令牌</translation>
    </message>
    <message>
        <source>Clients using the old token (browser bridge, OBS overlays) stop working until you paste the new one. Continue?</source>
        <translation>使用旧令牌的客户端（浏览器桥接、OBS 叠加层）将停止工作，直到粘贴新令牌。继续吗？</translation>
    </message>
    <message>
        <source>Could not write a new token: {error}</source>
        <translation>无法写入新令牌：{error}</translation>
    </message>
    <message>
        <source>New token saved. Paste it into your clients; the running session accepts it after AnchorDesk restarts.</source>
        <translation>新令牌已保存。请粘贴到客户端中；当前场次在 AnchorDesk 重启后才接受新令牌。</translation>
    </message>
    <message>
        <source>Token copied.</source>
        <translation>令牌已复制。</translation>
    </message>
</context>
<context>
    <name>SettingsFields</name>
    <message>
        <source>Interface language (auto, zh_CN, en)</source>
        <extracomment>Where the data folder or database URL came from (``Config.data_dir_from``/``db_url_from``).</extracomment>
        <translation>界面语言（自动、简体中文、英文）</translation>
    </message>
    <message>
        <source>Text size in the live window (%)</source>
        <translation>直播窗口字号 (%)</translation>
    </message>
    <message>
        <source>First-run setup finished</source>
        <translation>首次设置已完成</translation>
    </message>
    <message>
        <source>Database URL (empty: SQLite in data folder)</source>
        <translation>数据库 URL（留空：数据文件夹中的 SQLite）</translation>
    </message>
    <message>
        <source>Data folder (empty: platform default)</source>
        <translation>数据文件夹（留空：系统默认位置）</translation>
    </message>
    <message>
        <source>Demo replay speed</source>
        <translation>演示回放速度</translation>
    </message>
    <message>
        <source>Recorder flush interval (ms)</source>
        <translation>录制写入间隔（毫秒）</translation>
    </message>
    <message>
        <source>Recorder batch size</source>
        <translation>录制批量大小</translation>
    </message>
    <message>
        <source>Pseudonymise viewers</source>
        <translation>观众匿名化</translation>
    </message>
    <message>
        <source>Remove comment texts after N days (0: keep forever)</source>
        <translation>N 天后删除评论原文（0：永久保留）</translation>
    </message>
    <message>
        <source>Camera device index</source>
        <translation>摄像头编号</translation>
    </message>
    <message>
        <source>Camera width (px)</source>
        <translation>摄像头宽度（像素）</translation>
    </message>
    <message>
        <source>Camera height (px)</source>
        <translation>摄像头高度（像素）</translation>
    </message>
    <message>
        <source>Camera frame rate</source>
        <translation>摄像头帧率</translation>
    </message>
    <message>
        <source>Face/hand tracking width (px)</source>
        <translation>人脸/手部追踪宽度（像素）</translation>
    </message>
    <message>
        <source>Program output width (px)</source>
        <translation>节目输出宽度（像素）</translation>
    </message>
    <message>
        <source>Program output height (px)</source>
        <translation>节目输出高度（像素）</translation>
    </message>
    <message>
        <source>AR overlays on</source>
        <translation>AR 叠加层已开启</translation>
    </message>
    <message>
        <source>Try-on overlays (lips, glasses...)</source>
        <translation>试妆试戴叠加层（唇色、眼镜…）</translation>
    </message>
    <message>
        <source>Product card (corner, hand, or off)</source>
        <translation>商品卡（角落、跟随手部或关闭）</translation>
    </message>
    <message>
        <source>Background (off, blur, replace)</source>
        <translation>背景（关闭、虚化、替换）</translation>
    </message>
    <message>
        <source>Background image file</source>
        <translation>背景图片文件</translation>
    </message>
    <message>
        <source>Captions on the video</source>
        <translation>视频字幕</translation>
    </message>
    <message>
        <source>Highlighted comment bubble</source>
        <translation>精选评论气泡</translation>
    </message>
    <message>
        <source>Record the audio (microphone or demo narration)</source>
        <translation>录制音频（麦克风或演示旁白）</translation>
    </message>
    <message>
        <source>Record the program video with sound (MP4, if the disk has room)</source>
        <translation>录制节目视频和声音（MP4，磁盘空间足够时）</translation>
    </message>
    <message>
        <source>Recording size (per hour at most: 1080p 2.1 GB, 720p 1.1 GB, 540p 0.7 GB, 480p 0.5 GB)</source>
        <translation>录制尺寸（每小时最多：1080p 2.1 GB，720p 1.1 GB，540p 0.7 GB，480p 0.5 GB）</translation>
    </message>
    <message>
        <source>Audio recording segment length (s)</source>
        <translation>录音分段长度（秒）</translation>
    </message>
    <message>
        <source>Send video to a virtual camera</source>
        <translation>输出到虚拟摄像头</translation>
    </message>
    <message>
        <source>Speech model (name or folder; empty: demo script)</source>
        <translation>语音模型（名称或文件夹；留空：演示脚本）</translation>
    </message>
    <message>
        <source>Microphone (empty: system default)</source>
        <translation>麦克风（留空：系统默认）</translation>
    </message>
    <message>
        <source>Switch the on-air product when the host names one</source>
        <translation>主播提到商品时自动切换讲解商品</translation>
    </message>
    <message>
        <source>Custom compliance lexicon file (empty: the bundled one only)</source>
        <translation>自定义合规词库文件（留空：仅用内置词库）</translation>
    </message>
    <message>
        <source>Custom lexicon: extend or replace the bundled one</source>
        <translation>自定义词库：补充或替换内置词库</translation>
    </message>
    <message>
        <source>Beep and flash on a compliance alert</source>
        <translation>违规提醒时响铃并闪烁</translation>
    </message>
    <message>
        <source>Ingest/overlay server port</source>
        <translation>接入/叠加层服务器端口</translation>
    </message>
    <message>
        <source>Ingest server address (loopback unless opted in)</source>
        <translation>接入服务器地址（默认仅本机）</translation>
    </message>
    <message>
        <source>Allow a non-loopback server_host (other machines)</source>
        <translation>允许非本机回环地址（其他机器可连接）</translation>
    </message>
    <message>
        <source>Warn when a product&apos;s live stock falls to this</source>
        <translation>商品实时库存降到此值时提醒</translation>
    </message>
    <message>
        <source>Recompute &apos;pitch next&apos; suggestions every (s)</source>
        <translation>“推荐讲解”刷新间隔（秒）</translation>
    </message>
    <message>
        <source>Live demand window for suggestions (minutes)</source>
        <translation>推荐所用实时需求窗口（分钟）</translation>
    </message>
    <message>
        <source>Suggestion weight: live demand (mentions, questions)</source>
        <translation>推荐权重：实时需求（提及、提问）</translation>
    </message>
    <message>
        <source>Suggestion weight: GPM in earlier sessions</source>
        <translation>推荐权重：历史场次千次观看成交额</translation>
    </message>
    <message>
        <source>Suggestion weight: bought together with the on-air product</source>
        <translation>推荐权重：与在播商品一起购买</translation>
    </message>
    <message>
        <source>Suggestion weight: low stock (urgency)</source>
        <translation>推荐权重：库存紧张（紧迫感）</translation>
    </message>
    <message>
        <source>Suggestion weight: time since last on air</source>
        <translation>推荐权重：距上次上播的时间</translation>
    </message>
    <message>
        <source>Suggestion weight: next in the run-of-show plan</source>
        <translation>推荐权重：流程单中的下一个</translation>
    </message>
    <message>
        <source>Control OBS (obs-websocket 5)</source>
        <translation>控制 OBS（obs-websocket 5）</translation>
    </message>
    <message>
        <source>OBS WebSocket address</source>
        <translation>OBS WebSocket 地址</translation>
    </message>
    <message>
        <source>OBS WebSocket port</source>
        <translation>OBS WebSocket 端口</translation>
    </message>
    <message>
        <source>OBS scene per product (JSON: {&quot;SKU&quot;: &quot;Scene&quot;} or {&quot;SKU&quot;: [&quot;Scene&quot;, &quot;Source&quot;]})</source>
        <translation>每个商品的 OBS 场景（JSON：{&quot;SKU&quot;: &quot;场景&quot;} 或 {&quot;SKU&quot;: [&quot;场景&quot;, &quot;来源&quot;]}）</translation>
    </message>
    <message>
        <source>Start and stop OBS recording with the show</source>
        <translation>开播/下播时自动开始/停止 OBS 录制</translation>
    </message>
    <message>
        <source>A recording chapter per product (OBS 30.2 or newer)</source>
        <translation>每个商品一个录制章节（需 OBS 30.2 及以上）</translation>
    </message>
</context>
<context>
    <name>ShowPickerDialog</name>
    <message>
        <source>New show</source>
        <translation>新建直播</translation>
    </message>
    <message>
        <source>The catalog is empty: add products with Catalog ▸ New product… or `python -m app products import FILE`. A show without products still runs on comments and orders.</source>
        <translation>商品库为空：可通过 商品 ▸ 新建商品… 或 `python -m app products import FILE` 添加商品。没有商品的直播也能照常处理评论和订单。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Platforms</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开播</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>New plan…</source>
        <translation>新建计划…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Quick show from catalog</source>
        <translation>用商品库快速开播</translation>
    </message>
    <message>
        <source>A plan with every catalog product; trim it, then it opens</source>
        <translation>用商品库全部商品生成计划；删减后即可开播</translation>
    </message>
    <message>
        <source>Open show</source>
        <translation>打开直播</translation>
    </message>
    <message>
        <source>No show plans yet: make one with New plan…, or start a quick show from the catalog.</source>
        <translation>还没有直播计划：点击“新建计划…”创建，或用商品库快速开播。</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>未定时间</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Select a plan first.</source>
        <translation>请先选择一个计划。</translation>
    </message>
    <message>
        <source>Quick show {when}</source>
        <translation>快速开播 {when}</translation>
    </message>
    <message>
        <source>Save and open</source>
        <translation>保存并打开</translation>
    </message>
    <message>
        <source>Saved “{title}”.</source>
        <translation>已保存“{title}”。</translation>
    </message>
    <message>
        <source>Made a copy: “{title}”.</source>
        <translation>已复制：“{title}”。</translation>
    </message>
    <message>
        <source>Delete the show plan “{title}”? This cannot be undone.</source>
        <translation>删除直播计划“{title}”吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete show plan</source>
        <translation>删除直播计划</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何更改。</translation>
    </message>
    <message>
        <source>Deleted “{title}”.</source>
        <translation>已删除“{title}”。</translation>
    </message>
    <message>
        <source>“{title}” was already gone.</source>
        <translation>“{title}”已不存在。</translation>
    </message>
</context>
<context>
    <name>SourceDot</name>
    <message>
        <source>video</source>
        <extracomment>Sources in the order the status bar lists them; others follow as they report. What each source&apos;s dot says (translated); a source not listed shows its own name.</extracomment>
        <translation>视频</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>transcript</source>
        <translation>字幕</translation>
    </message>
    <message>
        <source>store</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>server</source>
        <translation>接收服务</translation>
    </message>
    <message>
        <source>triage</source>
        <translation>评论分析</translation>
    </message>
    <message>
        <source>vision</source>
        <translation>AR 特效</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>录像</translation>
    </message>
    <message>
        <source>audio recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>virtual camera</source>
        <translation>虚拟摄像头</translation>
    </message>
    <message>
        <source>OBS</source>
        <translation>OBS</translation>
    </message>
    <message>
        <source>disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <source>TikTok</source>
        <translation>TikTok</translation>
    </message>
    <message>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <source>Bilibili</source>
        <translation>B站</translation>
    </message>
    <message>
        <source>YouTube</source>
        <translation>YouTube</translation>
    </message>
    <message>
        <source>Twitch</source>
        <translation>Twitch</translation>
    </message>
    <message>
        <source>starting</source>
        <extracomment>States only the browser bridge reports: amber (the show runs on, the person should look). States in plain words, for the tooltip.</extracomment>
        <translation>启动中</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>no traffic</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>logged out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation>尚无状态</translation>
    </message>
</context>
<context>
    <name>SpeechModelEditor</name>
    <message>
        <source>Speech models…</source>
        <translation>语音模型…</translation>
    </message>
    <message>
        <source>None: show the demo script</source>
        <translation>无：显示演示脚本</translation>
    </message>
    <message>
        <source>{name} (not installed)</source>
        <translation>{name}（未安装）</translation>
    </message>
    <message>
        <source>No model installed yet: use Speech models… to download one.</source>
        <translation>尚未安装模型：请通过“语音模型…”下载。</translation>
    </message>
</context>
<context>
    <name>SpeechModelsDialog</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Size / origin</source>
        <translation>大小 / 来源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Speech models</source>
        <translation>语音模型</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>设为当前模型</translation>
    </message>
    <message>
        <source>Use demo script</source>
        <translation>不识别（用演示话术）</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Install zip…</source>
        <translation>安装压缩包…</translation>
    </message>
    <message>
        <source>Install folder…</source>
        <translation>安装文件夹…</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>active</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>pip package</source>
        <translation>pip 包</translation>
    </message>
    <message>
        <source> (checksum unknown: zip verified)</source>
        <translation>（校验和未知：压缩包已验证）</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可下载</translation>
    </message>
    <message>
        <source>Active model: {name}</source>
        <translation>当前模型：{name}</translation>
    </message>
    <message>
        <source>No active model: sessions show the demo script. Select an installed model and press “Use this model”, or download / install one.</source>
        <translation>未选择模型：直播将显示演示话术。请选择已安装的模型并点击“设为当前模型”，或下载/安装一个模型。</translation>
    </message>
    <message>
        <source>Could not save the setting: {e}</source>
        <translation>无法保存设置：{e}</translation>
    </message>
    <message>
        <source>Saved. The next session uses {name}.</source>
        <translation>已保存，下次开播使用 {name}。</translation>
    </message>
    <message>
        <source>the demo script</source>
        <translation>演示话术</translation>
    </message>
    <message>
        <source>Vosk model zip</source>
        <translation>Vosk 模型压缩包</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>Vosk model folder</source>
        <translation>Vosk 模型文件夹</translation>
    </message>
    <message>
        <source>Installing {s}…</source>
        <translation>正在安装 {s}…</translation>
    </message>
    <message>
        <source>Installed {name}. Select it and press “Use this model”.</source>
        <translation>已安装 {name}。选中它并点击“设为当前模型”。</translation>
    </message>
    <message>
        <source>Install failed: {m}</source>
        <translation>安装失败：{m}</translation>
    </message>
    <message>
        <source>No input device found (or PortAudio is missing)</source>
        <translation>未找到输入设备（或缺少 PortAudio）</translation>
    </message>
    <message>
        <source>Saved. Applies to the next session</source>
        <translation>已保存，下次开播生效</translation>
    </message>
</context>
<context>
    <name>SpeechPage</name>
    <message>
        <source>Speech model</source>
        <translation>语音模型</translation>
    </message>
    <message>
        <source>Speech recognition turns what you say into captions and warns you about forbidden advertising words. It runs on this computer. Without a model, the demo&apos;s scripted narration is shown instead. “Speech models…” downloads one (Mandarin small: 42 MB) or installs a downloaded zip.</source>
        <translation>语音识别会把你说的话变成字幕，并提醒广告违禁词。识别在本机运行。没有模型时显示演示脚本的旁白。“语音模型…”可以下载模型（普通话小模型：42 MB）或安装已下载的压缩包。</translation>
    </message>
</context>
<context>
    <name>StoreTaskDialog</name>
    <message>
        <source>Still working on the last request…</source>
        <translation>上一个操作仍在进行…</translation>
    </message>
    <message>
        <source>Could not finish: {message}</source>
        <translation>未能完成：{message}</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>{time}: {n} online</source>
        <extracomment>Height of each track&apos;s plot area (px): together they fit the default window. Room for the two time axes (top: time of day, bottom: session time). The track names stand in their own column, horizontal, whatever a track&apos;s height.</extracomment>
        <translation>{time}：在线 {n}</translation>
    </message>
    <message>
        <source>{span}: {n} comments ({pos} positive, {neu} neutral, {neg} negative)</source>
        <translation>{span}：{n} 条评论（正面 {pos}，中性 {neu}，负面 {neg}）</translation>
    </message>
    <message>
        <source>{span}: {n} orders, GMV {gmv}</source>
        <translation>{span}：{n} 笔订单，成交金额 {gmv}</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>source</source>
        <extracomment>Rows of the live comment feed: minutes of a normal room; the whole history is in the store and in review. Once full the feed rolls (see ``EventListModel``), so the size costs nothing per tick. Comment filters of the panel: name -&gt; which comments it shows.</extracomment>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>TranscriptPanel</name>
    <message>
        <source>Search transcript</source>
        <translation>搜索字幕</translation>
    </message>
    <message>
        <source>Mic</source>
        <translation>麦克风</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to AnchorDesk</source>
        <translation>欢迎使用 AnchorDesk</translation>
    </message>
    <message>
        <source>AnchorDesk puts your show&apos;s comments, products, speech and AR overlays in one window. This short setup chooses your devices, a speech model and where recordings are kept. You can change all of it later in Tools ▸ Settings.</source>
        <translation>AnchorDesk 把直播的评论、商品、语音和 AR 叠加层放在一个窗口里。这个简短的设置会选择设备、语音模型和录制文件的保存位置。之后都可以在“工具 ▸ 设置”中修改。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The window opens in this language after the setup.</source>
        <translation>设置完成后，窗口将使用这种语言打开。</translation>
    </message>
</context>
<context>
    <name>run_gui</name>
    <message>
        <source>{what}

{error}

The log has the technical details.</source>
        <extracomment>Builds the live engine for a chosen show plan (the session builder, ``app.live``).</extracomment>
        <translation>{what}

{error}

技术细节请查看日志。</translation>
    </message>
    <message>
        <source>Some settings could not be read; AnchorDesk uses their default values.</source>
        <translation>部分设置无法读取，AnchorDesk 已使用默认值。</translation>
    </message>
    <message>
        <source>The settings file as it was is kept as {path}.</source>
        <translation>原设置文件已保留为 {path}。</translation>
    </message>
    <message>
        <source>Check them in Settings: saving there writes a correct settings file.</source>
        <translation>请在设置中检查：在那里保存会写入正确的设置文件。</translation>
    </message>
    <message>
        <source>AnchorDesk could not prepare the show.</source>
        <translation>AnchorDesk 无法准备这场直播。</translation>
    </message>
    <message>
        <source>The show “{title}” was not completely saved: {problem}. The log has the details.</source>
        <translation>直播“{title}”没有完整保存：{problem}。详情见日志。</translation>
    </message>
    <message>
        <source>AnchorDesk could not prepare the session.</source>
        <translation>AnchorDesk 无法准备本场直播。</translation>
    </message>
    <message>
        <source>AnchorDesk could not start the session.</source>
        <translation>AnchorDesk 无法开始本场直播。</translation>
    </message>
</context>
</TS>
