#!/usr/bin/env bash
# How fast `sfcheck server` answers an edit, against one command-line run on the same
# file (issue 24's goal: 5 times faster), and whether its memory stays flat.
#   - 1,000 didChange of the typical description (examples/), each a real edit, timed
#     from the notification sent to its publishDiagnostics read: median and worst;
#   - one `sfcheck` run on the same file, best of 20;
#   - the server's resident memory (VmRSS) after 10 and after 1,000 edits spread over
#     10 open descriptions.
# Uses the release binary (built if missing). Prints the figures; not a timed test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/release/sfcheck ] || cargo build --release --quiet --bin sfcheck
bin="$PWD/target/release/sfcheck"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for i in $(seq 0 9); do cp examples/deskpro-crm-sync.eca.yaml "$tmp/app$i.eca.yaml"; done
python3 - "$bin" "$tmp" <<'PY'
import json, os, statistics, subprocess, sys, time

bin, tmp = sys.argv[1], sys.argv[2]
path = os.path.join(tmp, "app0.eca.yaml")
text = open(path).read()

def cli_once():
    start = time.perf_counter()
    subprocess.run([bin, "--no-config", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start

cli = min(cli_once() for _ in range(20))

server = subprocess.Popen([bin, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=tmp)

def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()

def read():
    length = 0
    while True:
        line = server.stdout.readline()
        if line == b"\r\n":
            break
        if line.startswith(b"Content-Length:"):
            length = int(line.split(b":")[1])
    return json.loads(server.stdout.read(length))

def diagnostics_for(uri):
    while True:
        m = read()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
            return m

def rss_kib():
    with open(f"/proc/{server.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
read()
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
uris = ["file://" + os.path.join(tmp, f"app{i}.eca.yaml") for i in range(10)]
for uri in uris:
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    diagnostics_for(uri)

def edit(n, uri):
    # A real edit: the device flow flips, so each check has something to say or not.
    changed = text.replace("device: false", "device: true" if n % 2 else "device: false")
    changed += f"# edit {n}\n"
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": n + 2}, "contentChanges": [{"text": changed}]}})
    published = diagnostics_for(uri)
    elapsed = time.perf_counter() - start
    # Each answer is the check of that edit: the ticked device flow is one SF205.
    codes = [d["code"] for d in published["params"]["diagnostics"]]
    assert codes.count("SF205") == n % 2, (n, codes)
    return elapsed

# Memory: 10 edits over the 10 files, then 1,000.
for n in range(10):
    edit(n, uris[n % 10])
rss_10 = rss_kib()
for n in range(10, 1000):
    edit(n, uris[n % 10])
rss_1000 = rss_kib()
# Speed: 1,000 edits of one file.
times = [edit(1000 + n, uris[0]) for n in range(1000)]
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
read()
send({"jsonrpc": "2.0", "method": "exit"})
server.wait()

median = statistics.median(times)
print(f"didChange → publishDiagnostics over 1,000 edits: median {median * 1000:.2f} ms, worst {max(times) * 1000:.2f} ms")
print(f"one command-line run on the same file (best of 20): {cli * 1000:.2f} ms ({cli / median:.1f} times the median edit)")
print(f"server RSS after 10 edits: {rss_10} KiB; after 1,000 edits of 10 files: {rss_1000} KiB ({rss_1000 - rss_10:+d} KiB)")
PY
