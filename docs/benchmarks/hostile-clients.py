#!/usr/bin/env python3
"""Hostile clients against a running `webchat serve` (issue 7, point 3): 1,000 slowloris
connections (headers dribbled one byte per second) and 1,000 WebSocket subscribers that never
read while a sender floods their chat; meanwhile a normal client's `GET /healthz` latency is
measured, and compared with the same measurement before the attack.

Usage: docs/benchmarks/hostile-clients.py PORT WEBSITE_ID   (WEBCHAT_BENCH_SECRET in the
environment; start the server with --write-rate 0 --max-connections-per-address 0, since every
connection here comes from 127.0.0.1). Python standard library only."""
import base64, hashlib, hmac, json, os, socket, statistics, struct, sys, threading, time, urllib.request

port, website = int(sys.argv[1]), sys.argv[2]
secret = os.environ["WEBCHAT_BENCH_SECRET"]
SLOWLORIS = WS_READERS = 1000


def token(sub, role):
    b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    now = int(time.time())
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"website": website, "sub": sub, "role": role, "iat": now, "exp": now + 3600}).encode())
    return f"{head}.{body}." + b64(hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())


def frame(text):
    payload, key = text.encode(), os.urandom(4)
    length = len(payload)
    header = bytes([0x81]) + (bytes([0x80 | length]) if length < 126 else bytes([0x80 | 126]) + struct.pack("!H", length))
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def websocket(hello, receive_buffer=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        # Before connecting, so the window the reader offers stays small: it really stops reading.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/realtime HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    response = b""
    while b"\r\n\r\n" not in response:
        response += s.recv(4096)
    assert response.startswith(b"HTTP/1.1 101"), response[:80]
    s.sendall(frame(json.dumps(hello)))
    return s


def healthz_latencies(count=300):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1], times[-1]


def alive(sockets):
    """Sockets the server has not closed: reading what it sent (a 408, a close frame) ends in
    end-of-stream or a reset for a closed one, and in "would block" for an open one."""
    count = 0
    for s in sockets:
        s.setblocking(False)
        try:
            while s.recv(65536):
                pass
        except BlockingIOError:
            count += 1
        except OSError:
            pass
    return count


admin = token("hostile-admin", "admin")
request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/chats", data=b'{"title":"flooded"}', method="POST",
                                 headers={"Authorization": f"Bearer {admin}", "Content-Type": "application/json"})
chat = json.load(urllib.request.urlopen(request))["id"]

before = healthz_latencies()
print("normal client before the attack: p50 %.2f ms, p99 %.2f ms, max %.2f ms" % before)

slow = []
for _ in range(SLOWLORIS):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    slow.append(s)
readers = []
for i in range(WS_READERS):
    readers.append(websocket({"type": "hello", "token": token(f"reader-{i}", "bot"), "filters": {"chat_id": chat}}, 4096))
print(f"open: {len(slow)} slowloris, {len(readers)} WebSocket readers that never read")

stop = threading.Event()
def dribble():
    while not stop.is_set():
        for s in slow:
            try:
                s.send(b"a")
            except OSError:
                pass
        time.sleep(1)
def flood():
    sender = token("flooder", "bot")
    body = json.dumps({"text": "x" * 4000}).encode()
    while not stop.is_set():
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/chats/{chat}/messages", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {sender}", "Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
threads = [threading.Thread(target=dribble, daemon=True), threading.Thread(target=flood, daemon=True)]
for t in threads:
    t.start()
time.sleep(2)

during = healthz_latencies()
print("normal client during the attack: p50 %.2f ms, p99 %.2f ms, max %.2f ms" % during)
time.sleep(18)  # past the 10 s header deadline, a full queue and the 5 s close timeout
print(f"after 20 s: slowloris still open {alive(slow)} of {len(slow)}, never-reading readers still open {alive(readers)} of {len(readers)}")
after = healthz_latencies()
print("normal client after: p50 %.2f ms, p99 %.2f ms, max %.2f ms" % after)
stop.set()
