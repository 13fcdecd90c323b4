#!/bin/sh
# System tools that `flux validate` and its tests use, installed from Debian when missing (make env runs this):
#   git + git-http-backend   the tests' HTTPS git server, and their sample repositories
#   openssh-client           ssh (how git reaches ssh URLs) and ssh-keyscan (host-key fingerprints)
#   openssh-server           /usr/sbin/sshd: the tests' loopback SSH git server
#   kubectl or kustomize     the real kustomize engine (Debian: kubernetes-client)
#   chromium + chromedriver  the portal page's browser tests (Debian: chromium, chromium-driver; no browser download)
# Quick and silent when all are present; asks nothing; needs root and apt-get to install (as CI has).
set -eu
missing=""
command -v git >/dev/null 2>&1 && [ -x "$(git --exec-path)/git-http-backend" ] || missing="$missing git"
command -v ssh >/dev/null 2>&1 && command -v ssh-keyscan >/dev/null 2>&1 || missing="$missing openssh-client"
[ -x /usr/sbin/sshd ] || missing="$missing openssh-server"
command -v kubectl >/dev/null 2>&1 || command -v kustomize >/dev/null 2>&1 || missing="$missing kubernetes-client"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: flux validate's and the portal page's tests need:$missing (install them; e.g. sudo apt-get install$missing)" >&2
    exit 0
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
