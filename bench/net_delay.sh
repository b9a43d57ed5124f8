# shellcheck shell=bash
# A network round trip between the nodes and PostgreSQL, for bench/run_backends.sh's configs *net;
# source it after lib.sh (uses die, TMP, SQLACC). NET_RTT_US (default 1000) is the round trip added,
# half of it each way. Two methods:
#   netem  the server runs in a network namespace reached over a veth pair whose two ends each delay
#          packets by NET_RTT_US/2 (tc qdisc netem); made by netns_up, removed by netns_down
#   proxy  bench/delay_proxy (built next to sqlacc: BUILD/bench/delay_proxy, or DELAY_PROXY=...)
#          relays the nodes' connections to the server, each chunk delivered NET_RTT_US/2 after it
#          was read; for kernels without netem (CONFIG_NET_SCH_NETEM unset). It costs CPU of its own
#          on the same machine, which run_backends.sh measures as "proxy".
# Provides:
#   choose_net_method          -> NET_METHOD (netem|proxy; NET_DELAY=auto|netem|proxy, default auto:
#                                 netem when it works in a throw-away namespace) and NET_WHY
#   netns_up / netns_down      -> NET_NS, NET_NS_IP (the server's address inside it)
#   proxy_up HOST PORT / proxy_down -> PROXY_PID, PROXY_PORT (on 127.0.0.1)
#   pg_rtt_ms [PREFIX...] HOST PORT  -> median of 50 `SELECT 1` round trips (psql \timing), ms

NET_RTT_US="${NET_RTT_US:-1000}"
NET_METHOD="" NET_WHY="" NET_NS="" NET_NS_IP="" PROXY_PID="" PROXY_PORT=""
DELAY_PROXY="${DELAY_PROXY:-$(dirname "$SQLACC")/bench/delay_proxy}"

netem_works() {  # can this kernel delay packets with netem? (a throw-away namespace, removed at once)
  [ "$(id -u)" = 0 ] || { NET_WHY="netem needs root"; return 1; }
  command -v ip >/dev/null && command -v tc >/dev/null || { NET_WHY="iproute2 (ip, tc) is missing"; return 1; }
  local ns="sqlacc-probe-$$" ok=1
  ip netns add "$ns" 2>/dev/null || { NET_WHY="cannot make a network namespace"; return 1; }
  ip -n "$ns" link set lo up && tc -n "$ns" qdisc add dev lo root netem delay 1ms 2>/dev/null && ok=0
  ip netns del "$ns"
  [ "$ok" = 0 ] || NET_WHY="the kernel has no netem qdisc"
  return "$ok"
}

choose_net_method() {
  case "${NET_DELAY:-auto}" in
    auto) if netem_works; then NET_METHOD=netem; else NET_METHOD=proxy; fi ;;
    netem) netem_works || die "NET_DELAY=netem: $NET_WHY"; NET_METHOD=netem ;;
    proxy) NET_METHOD=proxy NET_WHY="NET_DELAY=proxy" ;;
    *) die "NET_DELAY=$NET_DELAY: expected auto, netem or proxy" ;;
  esac
  if [ "$NET_METHOD" = proxy ] && [ ! -x "$DELAY_PROXY" ]; then
    die "$NET_WHY, so the delay needs $DELAY_PROXY (cmake --build build --target delay_proxy)"
  fi
}

# netns_up: namespace sqlacc-bench-PID, veth pair host end 10.R.R.1/30 <-> NET_NS_IP 10.R.R.2/30
# (R from the PID, so that two runs do not collide), netem on both ends. Idempotent.
netns_up() {
  [ -z "$NET_NS" ] || return 0
  local half=$((NET_RTT_US / 2)) net="10.$((200 + $$ % 50)).$(($$ / 50 % 64 * 4))"
  local host_if="sqb$$h" ns_if="sqb$$n"
  NET_NS="sqlacc-bench-$$" NET_NS_IP="$net.2"
  ip netns add "$NET_NS"
  ip link add "$host_if" type veth peer name "$ns_if"
  ip link set "$ns_if" netns "$NET_NS"
  ip addr add "$net.1/30" dev "$host_if"
  ip link set "$host_if" up
  ip -n "$NET_NS" addr add "$NET_NS_IP/30" dev "$ns_if"
  ip -n "$NET_NS" link set "$ns_if" up
  ip -n "$NET_NS" link set lo up
  tc qdisc add dev "$host_if" root netem delay "${half}us"
  tc -n "$NET_NS" qdisc add dev "$ns_if" root netem delay "${half}us"
}
netns_down() {  # removing the namespace removes its veth end, and with it the host's
  [ -n "$NET_NS" ] || return 0
  ip netns del "$NET_NS" 2>/dev/null || true
  ip link del "sqb$$h" 2>/dev/null || true
  NET_NS=""
}

proxy_up() {  # proxy_up HOST PORT: the delay proxy in front of HOST:PORT
  [ -z "$PROXY_PID" ] || return 0
  : >"$TMP/delay_proxy.log"
  "$DELAY_PROXY" --listen 127.0.0.1:0 --target "$1:$2" --delay-us $((NET_RTT_US / 2)) \
    >"$TMP/delay_proxy.log" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 100); do
    PROXY_PORT="$(grep -m1 -o 'listening on 127\.0\.0\.1:[0-9]*' "$TMP/delay_proxy.log" | sed 's/.*://' || true)"
    [ -n "$PROXY_PORT" ] && return 0
    kill -0 "$PROXY_PID" 2>/dev/null || die "delay_proxy exited: $(cat "$TMP/delay_proxy.log")"
    sleep 0.05
  done
  die "delay_proxy did not start within 5 s"
}
proxy_down() {
  [ -n "$PROXY_PID" ] || return 0
  kill -TERM "$PROXY_PID" 2>/dev/null || true
  wait "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=""
}

pg_rtt_ms() {  # pg_rtt_ms [PREFIX...] HOST PORT (PREFIX e.g. ip netns exec NS)
  local prefix=("${@:1:$#-2}") host="${*: -2:1}" port="${*: -1}" out
  out="$({ printf '%s\n' '\timing on'; for _ in $(seq 50); do echo 'SELECT 1;'; done; } |
    "${prefix[@]}" psql -X -q -At -h "$host" -p "$port" -U postgres -d sqlacc 2>&1)" ||
    die "psql to $host:$port${prefix[*]:+ (${prefix[*]})} failed: $(tail -3 <<<"$out")"
  sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out" | sort -n |
    awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}
