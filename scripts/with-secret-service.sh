#!/usr/bin/env bash
# Runs a command with a real, throwaway Secret Service (gnome-keyring on a private D-Bus session),
# so keychain tests exercise the same code path as a Linux desktop without touching anyone's
# keyring. Exits with the command's exit code.
#
#   bash scripts/with-secret-service.sh npx vitest run src/main/secrets
#
# Needs: apt-get install dbus gnome-keyring (dbus-x11 is not needed). Works as root in a fresh
# container. If ARCHIVIST_SECRET_SERVICE=1 is already set (an outer run of this script, or CI that
# provides its own session), the command is run as is.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 64
fi

if [ "${ARCHIVIST_SECRET_SERVICE:-}" = "1" ]; then
  exec "$@"
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-secret-service: '$tool' is missing; install it with: apt-get install dbus gnome-keyring" >&2
    exit 127
  fi
done

# dbus refuses to start without a machine id, which minimal container images lack.
if [ ! -s /etc/machine-id ] && [ ! -s /var/lib/dbus/machine-id ]; then
  if [ "$(id -u)" = "0" ]; then
    mkdir -p /var/lib/dbus
    dbus-uuidgen --ensure=/var/lib/dbus/machine-id
  else
    echo "with-secret-service: no D-Bus machine id; run 'dbus-uuidgen --ensure' as root once" >&2
    exit 1
  fi
fi

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/archivist-keyring.XXXXXX")"
chmod 700 "$keyring_home"
cleanup() { rm -rf "$keyring_home"; }
trap cleanup EXIT

# Inside the private session: start the keyring daemon with HOME and the XDG folders pointing into
# the throwaway folder (so its login.keyring is created there, unlocked with a dummy password),
# wait until it owns org.freedesktop.secrets (otherwise the first client could D-Bus-activate a
# second, locked daemon), then replace the shell with the command, whose environment is the
# caller's apart from the session bus address and ARCHIVIST_SECRET_SERVICE.
inner='
set -eu
home="$1"; shift
mkdir -p "$home/home" "$home/data" "$home/config" "$home/cache" "$home/runtime"
chmod 700 "$home/runtime"
printf %s archivist-test-keyring |
  HOME="$home/home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
  XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime" \
  gnome-keyring-daemon --unlock --components=secrets >/dev/null
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 100 ]; then
    echo "with-secret-service: gnome-keyring-daemon did not register the Secret Service" >&2
    exit 1
  fi
  sleep 0.05
done
export ARCHIVIST_SECRET_SERVICE=1
exec "$@"
'

# Not exec: the EXIT trap must remove the keyring folder afterwards. dbus-run-session exits with
# the command's status. In containers dbus-daemon may print "Failed to set fd limit"; harmless.
set +e
dbus-run-session -- sh -c "$inner" with-secret-service "$keyring_home" "$@"
status=$?
set -e
exit "$status"
