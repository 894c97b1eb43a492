#!/usr/bin/env bash
# The first README command: install what is missing, build, and run the
# demo — the broker on its embedded defaults (demo county 清河县, data in
# ./xinbao-demo/) and a scripted set of township and department offices
# submitting realistic reports through the real `xinbao` client, including
# an urgent incident through 事 → 情 → 因 → 果 with a late stage whose alarm
# is raised and cleared, the incident's timeline, and the analysts' replay,
# look back (as-of) and monthly statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/build.sh

# The demo county is in China: show Beijing time whatever this machine's
# zone (a POSIX zone string, so no tzdata is needed). The broker's own
# messages use its [events] utc_offset_minutes, 480 by default.
export TZ="CST-8"

BROKER=build/broker/xinbao-broker
XINBAO=build/clients/cli/xinbao
DEMO=xinbao-demo
rm -rf "$DEMO"
mkdir -p "$DEMO"

bold=$'\033[1m'; dim=$'\033[2m'; off=$'\033[0m'
[[ -t 1 ]] || { bold=""; dim=""; off=""; }
step() { pace 2>/dev/null || true; printf '\n%s== %s ==%s\n' "$bold" "$*" "$off"; }

BROKER_PID=""
start_broker() {
  # Embedded defaults: tcp://127.0.0.1:7601, demo unit registry.
  coproc BROKER_PROC { exec "$BROKER" --data-dir "$DEMO/broker-data" 2>>"$DEMO/broker.log"; }
  BROKER_PID=$BROKER_PROC_PID
  local line=""
  if ! read -r -t 20 line <&"${BROKER_PROC[0]}" || [[ "$line" != READY* ]]; then
    echo "broker did not start; its log ($DEMO/broker.log):" >&2
    tail -n 20 "$DEMO/broker.log" >&2
    exit 1
  fi
  echo "${dim}xinbao-broker (pid $BROKER_PID): $line${off}"
}
stop_broker() {
  [[ -n "$BROKER_PID" ]] || return 0
  kill -TERM "$BROKER_PID" 2>/dev/null || true
  wait "$BROKER_PID" 2>/dev/null || true
  echo "${dim}xinbao-broker stopped${off}"
  BROKER_PID=""
}
# The web faces: the centre's dashboard (值班台, 127.0.0.1:7690, through the
# demo gateway key centre-web) and 河口镇's report desk (报送台,
# 127.0.0.1:7680, with 河口镇's key). Each makes demo logins in its folder.
WEB_PIDS=()
start_web() {
  # The binaries themselves in the background (not through `as`, a shell
  # function: $! would be a subshell, and stopping it would leave them).
  "$XINBAO" --key-file "$KEYS/centre-web.key" --server-key "$KEYS/broker.pub" \
    centre --state "$DEMO/centre" >"$DEMO/centre.log" 2>&1 &
  WEB_PIDS+=($!)
  "$XINBAO" --key-file "$KEYS/hekou.key" --server-key "$KEYS/broker.pub" \
    desk --unit hekou --state "$DEMO/desk-hekou" >"$DEMO/desk-hekou.log" 2>&1 &
  WEB_PIDS+=($!)
  for log in "$DEMO/centre.log" "$DEMO/desk-hekou.log"; do
    for _ in $(seq 100); do grep -q "已启动" "$log" && break; sleep 0.1; done
    grep -q "已启动" "$log" || { echo "web face did not start; $log:" >&2; cat "$log" >&2; exit 1; }
  done
  echo "值班台 http://127.0.0.1:7690  （演示登录，登录名 口令：）"
  grep -v '^#' "$DEMO/centre/demo-logins.txt" | sed 's/^/    /'
  echo "报送台（河口镇） http://127.0.0.1:7680"
  grep -v '^#' "$DEMO/desk-hekou/demo-logins.txt" | sed 's/^/    /'
}
stop_all() {
  for pid in "${WEB_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${WEB_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  WEB_PIDS=()
  stop_broker
}
trap stop_all EXIT

# Pause between steps so the morning can be watched in the browser while it
# plays: XINBAO_DEMO_PACE seconds (default 3 on a terminal, 0 otherwise).
PACE=${XINBAO_DEMO_PACE:-$([[ -t 1 ]] && echo 3 || echo 0)}
pace() { [[ "$PACE" == 0 ]] || sleep "$PACE"; }

# The broker runs CURVE on every socket; on its embedded defaults it makes
# demo keys under its data directory: one per unit, plus analyst and admin.
KEYS="$DEMO/broker-data/keys"
# as USER [xinbao args...]: the xinbao client with USER's key.
as() {
  local user=$1; shift
  "$XINBAO" --key-file "$KEYS/$user.key" --server-key "$KEYS/broker.pub" "$@"
}

# office UNIT [xinbao submit flags...]: one office submitting from its own
# client, with its own key and outbox, output prefixed with the unit.
office() {
  local unit=$1; shift
  as "$unit" submit --outbox "$DEMO/outbox-$unit" --unit "$unit" \
    --approver "${APPROVER:-张伟}" --contact "${CONTACT:-李娜}" \
    --phone "${PHONE:-0531-8888 6666}" "$@" 2>&1 | sed "s/^/[$unit] /" || true
}
ago() { date '+%Y-%m-%d %H:%M' -d "-$1 min"; }

step "1. 启动信报服务（内置默认配置：演示县 清河县，数据目录 $DEMO/broker-data）"
start_broker
echo "${dim}每个端口均已加密，并按密钥认证（CURVE）；演示密钥在 $KEYS（正式使用时每个用户用 xinbao keygen 自备密钥）${off}"
echo "浏览器里看：值班台和报送台已启动（演示过程可在浏览器里实时观看）"
start_web

step "2. 四个单位同时报送"
offices=()
office chengguan --kind 一般动态 --key demo-chengguan-1 \
  --title "城关镇开展冬季消防安全大检查" \
  --body "11月21日，城关镇组织安监、派出所等力量，对辖区32家沿街商铺和5个老旧小区开展消防安全检查，排查隐患14处，已整改9处，其余5处限期整改。" &
offices+=($!)
office donghu --kind 经验做法 \
  --title "东湖街道“网格+志愿者”模式破解老旧小区管理难题" \
  --body "东湖街道将辖区划分为46个网格，每格配备1名网格员和3名志愿者，建立“发现—上报—处置—反馈”闭环，今年以来解决群众诉求1200余件。" &
offices+=($!)
office jiaoyu --kind 重要动态 \
  --title "县教育局部署寒假前校园安全工作" \
  --body "县教育局召开全县校园安全工作会议，部署寒假前校舍安全排查、防溺水和交通安全教育，要求各校12月10日前完成自查。" &
offices+=($!)
office weijian --kind 调研信息 \
  --title "关于我县基层卫生院人才流失情况的调研" \
  --body "调研显示，近三年全县乡镇卫生院流失医务人员47名，主要原因是待遇偏低、晋升通道窄。建议设立基层岗位津贴，推行县乡一体化管理。" &
offices+=($!)
wait "${offices[@]}"  # not the broker coproc

# An urgent incident in 河口镇, 4 h 10 min ago (grade Ⅲ). Under the default
# (national) deadlines a Ⅲ 事 is due within 2 h and the first 情 within 4 h of
# the occurrence, so the demo can show late and overdue reports at once.
EVENT=$("$XINBAO" new-event-id)
PLACE="河口镇S235线K12+300处"
OCCURRED=$(ago 250)
step "3. 突发事件：县公安局先来电，县委办值班员登记（事件编号 $EVENT）"
office county-office --kind 紧急信息 --event-id "$EVENT" --stage 事 --severity III \
  --title "电话登记：S235线河口镇段发生交通事故" \
  --body "县公安局指挥中心来电：S235线河口镇段发生三车相撞事故，有人员伤亡，具体情况正在核实。" \
  --place "$PLACE" --occurred "$OCCURRED" --responsible-unit hekou \
  --phone-caller-unit gongan --phone-caller "县公安局指挥中心 值班民警" \
  --called-at "$(ago 235)" --taken-by "县委办值班员 刘洋"
echo "${dim}事发地河口镇的书面首报已过时限，中心却先从公安局得知：${off}"
as county-office overdue

# The instant before the written 事, for the analysts' look back (step 13).
BEFORE_SHI=$(date '+%Y-%m-%dT%H:%M:%S.%3N%z')
step "4. 河口镇书面首报（迟报）：疑似瞒报解除，续报一随即超时"
office hekou --kind 紧急信息 --event-id "$EVENT" --stage 事 --severity III \
  --title "河口镇S235线发生一起三车相撞交通事故" \
  --body "S235线河口镇段发生一起三车相撞事故，造成2人死亡、5人受伤，伤者已送县人民医院救治。" \
  --place "$PLACE" --occurred "$OCCURRED" --dead 2 --injured 5 \
  --source "河口镇派出所" --measures "交警、120已到场处置，现场实行交通管制。"
echo "${dim}值班员的实时监看屏（xinbao watch；这里只取一屏，去掉 --once 则持续刷新）：${off}"
as county-office watch --once

step "5. 续报、原因、终报：河口镇续报一到达，超时告警解除；公安局也报送情况"
office hekou --kind 紧急信息 --event-id "$EVENT" --stage 情 \
  --title "S235线交通事故续报一：伤者救治情况" \
  --body "5名伤者中2人重伤，正在全力抢救；事故路段单向通行。" \
  --dead 2 --injured 5 --measures "县人民医院组织专家会诊；交警疏导车辆。"
office gongan --kind 紧急信息 --event-id "$EVENT" --stage 情 \
  --title "S235线交通事故情况：肇事货车司机已控制" \
  --body "肇事货车司机王某已被依法控制，事故车辆已拖离现场。" \
  --dead 2 --injured 5 --measures "依法控制肇事司机，提取行车记录仪。"
as county-office events
office hekou --kind 紧急信息 --event-id "$EVENT" --stage 情 \
  --title "S235线交通事故续报二：1名伤者经抢救无效死亡" \
  --body "1名重伤者经抢救无效死亡，其余4人伤情稳定。镇政府已安排专人做好家属安抚工作。" \
  --dead 3 --injured 4 --measures "镇干部一对一联系遇难者家属，做好善后。"
office yingji --kind 紧急信息 --event-id "$EVENT" --stage 因 \
  --title "S235线交通事故原因初步查明" \
  --body "经初步调查，事故系货车超载且制动失灵所致。" --dead 3 --injured 4
office hekou --kind 紧急信息 --event-id "$EVENT" --stage 果 \
  --title "S235线交通事故处置终报" \
  --body "事故现场已清理完毕，道路全面恢复通行；善后工作有序进行，全县开展货车超载专项整治。" \
  --dead 3 --injured 4 --losses "3辆车辆损毁，直接经济损失约45万元。"

step "6. 这起事件的全过程（中心值班员看到的时间线）"
as county-office event "$EVENT"

step "7. 督办：县长在这起事故上批示，县委办交办河口镇（主办）和县交通运输局（协办），按工作日计时"
DUBAN="db-$(date +%Y%m%d)-001"
as county-office duban issue --id "$DUBAN" --event "$EVENT" \
  --title "S235线河口镇段交通事故善后及隐患排查" \
  --instruction "请河口镇做好伤亡人员救治和善后，会同交通运输局排查S235线超载隐患，3个工作日内报结果。" \
  --leader 王明 --level 县级 --lead hekou --co jiaotong --urgency 急件 \
  --requirements "列明排查路段、发现隐患和整改措施。" \
  --unit county-office --officer "县委办 刘洋"
as jiaotong duban sign "$DUBAN" --unit jiaotong --by "交通局 陈明"
as jiaotong duban answer "$DUBAN" --unit jiaotong --by "交通局 陈明" \
  --text "已在S235线设置超载检测点2处，查处超载货车6辆。"
as hekou duban sign "$DUBAN" --unit hekou --by "河口镇 李娜"
as hekou duban progress "$DUBAN" --unit hekou --by "河口镇 李娜" \
  --text "伤者均已送医，遇难者善后工作正在进行。"
echo "${dim}中心复核交通运输局的办理意见并销号；河口镇仍在办理（值班台“督办”看板、报送台“督办事项”可见）${off}"
as county-office duban accept "$DUBAN" --unit county-office --target jiaotong --by "县委办 刘洋"
as county-office duban show "$DUBAN"

step "8. 不确定是否报上去了，再报一次：同一份报告（同一幂等键）只存一份，返回原来的确认"
# A report file as an office keeps it (protobuf JSON of xinbao.v1.Report).
cat > "$DEMO/chengguan-report.json" <<JSON
{
  "idempotency_key": "chengguan-2026-1122-001",
  "unit_id": "chengguan",
  "kind": "KIND_GENERAL_DYNAMIC",
  "title": "城关镇启动冬季供暖保障专项行动",
  "body": "城关镇成立供暖保障专班，对辖区12个小区供暖管网开展排查，设立24小时热线，确保群众温暖过冬。",
  "written_at_ms": "$(( $(date +%s) * 1000 - 600000 ))",
  "approver": "张伟",
  "classification": "CLASSIFICATION_INTERNAL"
}
JSON
office chengguan --file "$DEMO/chengguan-report.json"
office chengguan --file "$DEMO/chengguan-report.json"

step "9. 有问题的报告会被退回，并说明原因；服务照常运行"
office qingshan --kind 一般动态 --stage 情 \
  --title "青山乡召开秋冬季森林防火工作会" --body "青山乡部署秋冬季森林防火工作。"
echo "${dim}青山乡的密钥冒用河口镇名义报送（密钥决定报送人，报告里写的单位不算）：${off}"
as qingshan submit --outbox "$DEMO/outbox-qingshan" --unit hekou --kind 一般动态 \
  --title "河口镇信息" --body "以其他单位名义报送。" 2>&1 | sed "s/^/[qingshan] /" || true
echo "${dim}涉密（机密）材料不能在本系统报送：${off}"
office qingshan --kind 一般动态 --classification 机密 \
  --title "青山乡某涉密事项" --body "……"
echo "${dim}青山乡的发件箱（被退回的报告留在这里，不会悄悄消失）：${off}"
"$XINBAO" outbox --outbox "$DEMO/outbox-qingshan" | sed "s/^/[qingshan] /"

step "10. 断网：服务停了，青山乡照样写报告，先存进本地发件箱"
stop_broker
office qingshan --kind 紧急信息 --event-id "$("$XINBAO" new-event-id)" --stage 事 \
  --severity IV --title "青山乡一民房发生火灾" \
  --body "今日9时许，青山乡王家村一民房起火，无人员伤亡，火势已被扑灭。" \
  --place "青山乡王家村" --occurred "$(ago 30)" --dead 0 --injured 0 --missing 0 \
  --timeout 2
"$XINBAO" outbox --outbox "$DEMO/outbox-qingshan" | sed "s/^/[qingshan] /"

step "11. 服务恢复：发件箱自动补发"
start_broker
as qingshan flush --outbox "$DEMO/outbox-qingshan" 2>&1 | sed "s/^/[qingshan] /"

step "12. 采编：县委办把两个单位的报告编成一期《政务信息》并签发，县长批示，市里采用；约稿；单位看到回音"
# The sequence of each unit's report of step 2, as the analysts' replay
# shows it (JSON lines).
first_seq() {
  as analyst --json replay --unit "$1" 2>/dev/null |
    sed -n 's/.*"sequence": *"\{0,1\}\([0-9][0-9]*\).*/\1/p' | head -n 1
}
SEQ_CHENGGUAN=$(first_seq chengguan)
SEQ_JIAOYU=$(first_seq jiaoyu)
SEQ_DONGHU=$(first_seq donghu)
EDITOR=(--unit county-office --by "县委办 刘洋")
echo "${dim}综合稿：城关镇（第 $SEQ_CHENGGUAN 号）和县教育局（第 $SEQ_JIAOYU 号）的报告编成一篇；东湖街道的经验做法单独成篇（原报告不变）${off}"
as county-office bulletin item demo-item-1 "${EDITOR[@]}" --source "$SEQ_CHENGGUAN" --source "$SEQ_JIAOYU" \
  --title "我县多措并举抓好冬季安全工作" \
  --body "城关镇对辖区32家沿街商铺和5个老旧小区开展消防安全检查，排查隐患14处，已整改9处。县教育局部署寒假前校舍安全排查、防溺水和交通安全教育，要求各校12月10日前完成自查。"
as county-office bulletin item demo-item-2 "${EDITOR[@]}" --source "$SEQ_DONGHU" \
  --title "东湖街道“网格+志愿者”破解老旧小区管理难题" \
  --body "东湖街道将辖区划分为46个网格，每格配备1名网格员和3名志愿者，建立“发现—上报—处置—反馈”闭环，今年以来解决群众诉求1200余件。" \
  --commentary "东湖街道的做法值得各地借鉴。"
as county-office bulletin draft demo-issue-1 "${EDITOR[@]}" --series zwxx --item demo-item-2 --item demo-item-1
as county-office bulletin sign demo-issue-1 "${EDITOR[@]}" --base-revision 1
as county-office bulletin show demo-issue-1
as county-office bulletin pdf demo-issue-1 --output "$DEMO/政务信息.pdf"
as county-office bulletin instruct demo-item-2 "${EDITOR[@]}" --id demo-pishi-1 --leader 王明 --level 县级 \
  --text "东湖街道的做法很好，请各乡镇（街道）学习借鉴。"
as county-office bulletin adopt --item demo-item-2 "${EDITOR[@]}" --id demo-city-1 --level 市级 --kind 快报 \
  --series-name "市委信息快报" --reference "$(date +%Y)年第88期"
echo "${dim}约稿：县委办请青山乡、河口镇报送今冬明春森林防火情况，按工作日计时；河口镇回复${off}"
as county-office commission ask --id demo-yg-1 "${EDITOR[@]}" --topic "今冬明春森林防火工作开展情况" \
  --to qingshan --to hekou --requirements "请报送防火巡查、隐患整改和宣传情况，800字以内。"
office hekou --kind 一般动态 --key demo-hekou-yg --commission demo-yg-1 \
  --title "河口镇扎实开展今冬明春森林防火工作" \
  --body "河口镇组建巡山护林队伍6支，设立检查站4个，清理林下可燃物120吨，开展防火宣传进村入户全覆盖。"
as county-office commission list
echo "${dim}件件有回音：东湖街道看到自己的报告在哪一期被采用、县长的批示、市里的采用${off}"
as donghu feedback

step "13. 分析人员：回放这起事件，回看当时中心掌握的情况，导出报告，本月考核和通报"
echo "${dim}xinbao replay --event：这起事件的全部报告，按存储顺序${off}"
as analyst replay --event "$EVENT"
echo "${dim}xinbao as-of：河口镇书面首报到达之前（$BEFORE_SHI），中心看到的未结事件和告警${off}"
as analyst as-of "$BEFORE_SHI"
echo "${dim}xinbao replay --format csv --bom：全部报告导出为 Excel 可直接打开的 CSV${off}"
as analyst replay --format csv --bom --output "$DEMO/reports.csv"
head -n 3 "$DEMO/reports.csv" | cut -d, -f1-9
echo "${dim}xinbao stats：本月各单位考核统计（权重见 deploy/xinbao-broker.toml 的 [assessment]）${off}"
as analyst stats
echo "${dim}xinbao score：本月通报——采用、批示、约稿计分，每一分都有来历；另存 PDF 和 Excel${off}"
as county-office score
as county-office score --pdf "$DEMO/通报.pdf"
as county-office score --xlsx "$DEMO/通报.xlsx"

step "14. 管理员：服务照常运行时在线备份报告库，查看服务状态，核对存证链"
echo "${dim}xinbao backup：备份写在服务器的备份目录（[backup] dir），恢复用 xinbao-broker --restore（docs/OPERATIONS.md）${off}"
as admin backup --note 演示备份
echo "${dim}xinbao health：一行健康检查，退出码 0 正常${off}"
as admin health
echo "${dim}xinbao verify：核对存证链——每条报告、事件和督办变化、采编与审计记录都链在一条哈希链上，事后改动库里的历史会被发现（docs/ARCHIVE.md）${off}"
as admin verify
echo "${dim}xinbao export / verify-export：导出本月存证，离线核对（不需连服务器）${off}"
as admin export --out "$DEMO/存证-本月"
"$XINBAO" verify-export "$DEMO/存证-本月"

step "15. 结束"
if [[ -t 0 && -t 1 ]]; then
  read -r -p "值班台 http://127.0.0.1:7690 和报送台 http://127.0.0.1:7680 仍在运行；按回车结束演示。" _ || true
fi
stop_all
echo "报告保存在 $DEMO/broker-data/reports（RocksDB），服务日志在 $DEMO/broker.log。"
echo "自己试试：$BROKER 启动服务，然后 $XINBAO submit --help；$XINBAO events、$XINBAO overdue、$XINBAO event 事件编号 查看突发事件；$XINBAO replay、$XINBAO as-of、$XINBAO stats 查历史"
