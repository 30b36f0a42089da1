#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are up for the tests that use them.
set -uo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if have pg_isready && pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "postgresql: up"
elif have pg_ctlcluster; then
  echo "postgresql: starting"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 || echo "postgresql: NOT available (tests that need it will say so and skip)"
else
  echo "postgresql: not installed here (tests that need it will say so and skip)"
fi

if have redis-cli && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "redis: up"
elif have redis-server; then
  echo "redis: starting"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis \
    --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  redis-cli -h 127.0.0.1 -p 6379 ping || echo "redis: NOT available (tests that need it will say so and skip)"
else
  echo "redis: not installed here (tests that need it will say so and skip)"
fi
exit 0
