#!/usr/bin/env bash
# A two-shard ClickHouse cluster on 127.0.0.1 for lme4ts's ClickHouse engine: two server processes
# (Debian's clickhouse-server) with their own folders under $LME4TS_CH_DIR, each knowing the
# cluster `lme4ts_two_shards` (shard 1 = server 1, shard 2 = server 2), so that a Distributed
# table on either server reads the local tables of both.
#
#   bash scripts/clickhouse-cluster.sh start   # prints the HTTP URLs; installs clickhouse-server if missing (root)
#   bash scripts/clickhouse-cluster.sh stop
#   bash scripts/clickhouse-cluster.sh status
#
# Ports: HTTP ${LME4TS_CH_HTTP:-18123} and +1, native TCP ${LME4TS_CH_TCP:-19000} and +1, interserver +100.
# The engine reads LME4TS_CLICKHOUSE_URL (server 1) and LME4TS_CLICKHOUSE_SHARDS (both, comma-separated).
set -euo pipefail
dir="${LME4TS_CH_DIR:-/tmp/lme4ts-clickhouse}"
http="${LME4TS_CH_HTTP:-18123}"
tcp="${LME4TS_CH_TCP:-19000}"
cmd="${1:-status}"

ping_ok() { curl -fsS "http://127.0.0.1:$1/ping" 2>/dev/null | grep -q Ok; }

install_server() {
  command -v clickhouse-server >/dev/null && return 0
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clickhouse-server >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clickhouse-server >/dev/null; }
  else
    echo "clickhouse-server is not installed: apt-get install clickhouse-server (as root)" >&2
    exit 1
  fi
}

config() { # shard index (0/1) → config.xml
  local i="$1" d="$dir/s$1"
  cat <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/server.log</log><errorlog>$d/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>$((http + i))</http_port>
  <tcp_port>$((tcp + i))</tcp_port>
  <interserver_http_port>$((tcp + 100 + i))</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>64</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>16</max_concurrent_queries>
  <uncompressed_cache_size>8589934592</uncompressed_cache_size>
  <mark_cache_size>104857600</mark_cache_size>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <format_schema_path>$d/format_schemas/</format_schema_path>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <remote_servers>
    <lme4ts_two_shards>
      <shard><replica><host>127.0.0.1</host><port>$tcp</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$((tcp + 1))</port></replica></shard>
    </lme4ts_two_shards>
  </remote_servers>
</yandex>
XML
}

users() {
  cat <<'XML'
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><load_balancing>random</load_balancing></default></profiles>
  <users><default><password></password><networks><ip>::1</ip><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

case "$cmd" in
  start)
    install_server
    for i in 0 1; do
      if ping_ok $((http + i)); then continue; fi
      d="$dir/s$i"
      mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas"
      config "$i" > "$d/config.xml"
      users > "$d/users.xml"
      pushd "$d" >/dev/null
      nohup clickhouse-server --config-file="$d/config.xml" > "$d/stdout.log" 2>&1 < /dev/null &
      echo $! > "$d/pid"
      popd >/dev/null
    done
    for _ in $(seq 1 120); do
      if ping_ok "$http" && ping_ok $((http + 1)); then
        echo "LME4TS_CLICKHOUSE_URL=http://127.0.0.1:$http"
        echo "LME4TS_CLICKHOUSE_SHARDS=http://127.0.0.1:$http,http://127.0.0.1:$((http + 1))"
        exit 0
      fi
      sleep 0.5
    done
    echo "clickhouse servers did not answer; logs in $dir/s*/" >&2
    tail -5 "$dir"/s*/server.err.log "$dir"/s*/stdout.log >&2 || true
    exit 1
    ;;
  stop)
    for i in 0 1; do
      f="$dir/s$i/pid"
      if [ -f "$f" ]; then kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; fi
    done
    for _ in $(seq 1 60); do
      ping_ok "$http" || ping_ok $((http + 1)) || exit 0
      sleep 0.5
    done
    echo "clickhouse servers still answer after stop" >&2
    exit 1
    ;;
  status)
    for i in 0 1; do ping_ok $((http + i)) && echo "shard $((i + 1)): up (http $((http + i)))" || echo "shard $((i + 1)): down"; done
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
