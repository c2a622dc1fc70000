#!/bin/sh
# Starts a single etcd with podman on a test host.
set -eu
mkdir -p /srv/etcd
podman rm -f etcd-test 2>/dev/null || true
exec podman run -d --name etcd-test --net=host --pull missing \
  -v /srv/etcd:/etcd-data:Z \
  -e ETCD_NAME=test1 \
  -e ETCD_DATA_DIR=/etcd-data \
  -e ETCD_LOGGER=capnslog \
  -e ETCD_LISTEN_CLIENT_URLS=http://127.0.0.1:2379 \
  -e ETCD_ADVERTISE_CLIENT_URLS=http://127.0.0.1:2379 \
  gcr.io/etcd-development/etcd:v3.4.27
