#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer before Rally starts or tests run.
# If one is not reachable on this machine it is started, installing Debian's package first when
# missing (needs root). Where that is impossible it prints exactly what to run, and exits 1.
# It never waits silently: every wait is bounded and announced.
set -u

DB_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rally}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

# host and port out of the URLs (defaults match the contract in API.md)
pg_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$DB_URL")
pg_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$DB_URL")
pg_db=$(node -e 'const u=new URL(process.argv[1]);console.log(decodeURIComponent(u.pathname.slice(1))||"rally")' "$DB_URL")
pg_user=$(node -e 'const u=new URL(process.argv[1]);console.log(decodeURIComponent(u.username)||"postgres")' "$DB_URL")
redis_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$REDIS_URL")
redis_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||6379)' "$REDIS_URL")

local_host() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }
tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
can_root() { [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; }

wait_for() { # name host port seconds
  local i
  for ((i = 0; i < $4 * 2; i++)); do tcp_open "$2" "$3" && return 0; sleep 0.5; done
  return 1
}

ensure_postgres() {
  if tcp_open "$pg_host" "$pg_port"; then return 0; fi
  echo "PostgreSQL is not answering on $pg_host:$pg_port."
  if ! local_host "$pg_host"; then
    echo "  It is not on this machine: start it there, or set DATABASE_URL to a reachable server." >&2
    return 1
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    if ! can_root; then
      echo "  Install and start it:  sudo apt-get install -y postgresql && sudo pg_ctlcluster \$(ls /etc/postgresql) main start" >&2
      return 1
    fi
    echo "  Installing Debian's postgresql package (one time)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || {
      echo "  apt-get install postgresql failed; install PostgreSQL 13+ and set DATABASE_URL." >&2
      return 1
    }
  fi
  local ver
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  echo "  Starting PostgreSQL $ver..."
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main start || true
  if ! wait_for postgres "$pg_host" "$pg_port" 30; then
    echo "  PostgreSQL did not start within 30 s. Try: pg_ctlcluster $ver main start; see /var/log/postgresql/." >&2
    return 1
  fi
  # Rally connects as postgres over TCP on loopback: allow that without a password locally.
  local hba="/etc/postgresql/$ver/main/pg_hba.conf"
  if [[ -w "$hba" ]] && ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster "$ver" main reload >/dev/null 2>&1 || true
  fi
}

ensure_database() {
  # Creates the application database if it does not exist yet.
  node -e '
    const { Client } = require("pg");
    const u = new URL(process.argv[1]); const db = decodeURIComponent(u.pathname.slice(1)) || "rally"; u.pathname = "/postgres";
    const c = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 });
    c.connect().then(async () => {
      const r = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]);
      if (!r.rowCount) { await c.query(`CREATE DATABASE "${db.replace(/"/g, "")}"`); console.log(`Created database ${db}.`); }
      await c.end();
    }).catch((e) => { console.error(`Cannot reach PostgreSQL as ${u.username || "postgres"}: ${e.message}`); process.exit(1); });
  ' "$DB_URL"
}

ensure_redis() {
  if tcp_open "$redis_host" "$redis_port"; then return 0; fi
  echo "Redis is not answering on $redis_host:$redis_port."
  if ! local_host "$redis_host"; then
    echo "  It is not on this machine: start it there, or set REDIS_URL to a reachable server." >&2
    return 1
  fi
  if ! command -v redis-server >/dev/null; then
    if ! can_root; then
      echo "  Install and start it:  sudo apt-get install -y redis-server && redis-server --daemonize yes --port $redis_port" >&2
      return 1
    fi
    echo "  Installing Debian's redis-server package (one time)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) || {
      echo "  apt-get install redis-server failed; install Redis 6+ and set REDIS_URL." >&2
      return 1
    }
  fi
  echo "  Starting Redis on port $redis_port..."
  mkdir -p /tmp/rally-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --dir /tmp/rally-redis \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction --logfile /tmp/rally-redis/redis.log
  if ! wait_for redis "$redis_host" "$redis_port" 15; then
    echo "  Redis did not start within 15 s; see /tmp/rally-redis/redis.log." >&2
    return 1
  fi
}

ensure_postgres || exit 1
ensure_redis || exit 1
if [[ "${1:-}" != "--no-create" ]]; then ensure_database || exit 1; fi
echo "PostgreSQL ($pg_host:$pg_port, database $pg_db as $pg_user) and Redis ($redis_host:$redis_port) are ready."
