#!/usr/bin/env python3
# tests/symsrv/symserver.py - a symbol server for tests/symsrv/check.sh, on
# 127.0.0.1 only.  Serves ROOT (a Breakpad store) under several
# prefixes that each misbehave in one way:
#   /ok/...         the file, or 404
#   /gzip/...       the file gzip-encoded (Content-Encoding: gzip)
#   /redirect/...   302 to /ok/...
#   /e500/...       HTTP 500
#   /slow/...       the file after a 3 s pause
#   /truncated/...  Content-Length says more than is sent
#   /garbage/...    200 with bytes that are not a .sym
#   /tecken/...     the debug-id layout 404s; the code-file layout
#                   (<code file>/<code id>/<leaf>.sym) redirects to the
#                   debug-id file as Tecken does (CODE_MAP below)
#   /buildid/<id>/debuginfo|executable   debuginfod: ROOT/buildid/<id>
#                   (debuginfo 404s when ROOT/buildid/<id>.nodebug exists)
# Every request line goes to LOG.  The chosen port is written to
# PORTFILE.  The server exits by itself after LIFETIME seconds.
# Usage: symserver.py ROOT PORTFILE LOG LIFETIME
import gzip
import http.server
import os
import sys
import threading
import time

ROOT, PORTFILE, LOG, LIFETIME = sys.argv[1], sys.argv[2], sys.argv[3], \
    float(sys.argv[4])
# code file/code id -> debug file/debug id, for /tecken/
CODE_MAP = {}
cm = os.path.join(ROOT, "code-map.txt")
if os.path.exists(cm):
    with open(cm) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4:
                CODE_MAP[(parts[0], parts[1])] = (parts[2], parts[3])
log_lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_body(self, code, body, headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def local(self, rel):
        p = os.path.normpath(os.path.join(ROOT, rel))
        if not p.startswith(os.path.abspath(ROOT)) or not os.path.isfile(p):
            return None
        with open(p, "rb") as f:
            return f.read()

    def do_GET(self):
        with log_lock, open(LOG, "a") as f:
            f.write(self.path + "\n")
        parts = self.path.lstrip("/").split("/", 1)
        mode, rel = parts[0], parts[1] if len(parts) > 1 else ""
        if mode == "buildid":
            bits = rel.split("/")
            if len(bits) != 2:
                return self.send_body(404, b"no\n")
            bid, kind = bits
            body = self.local("buildid/" + bid)
            nodebug = os.path.exists(
                os.path.join(ROOT, "buildid", bid + ".nodebug"))
            if body is None or (kind == "debuginfo" and nodebug) or \
                    kind not in ("debuginfo", "executable"):
                return self.send_body(404, b"not found\n")
            return self.send_body(200, body)
        if mode == "redirect":
            self.send_response(302)
            self.send_header("Location", "/ok/" + rel)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "tecken":
            bits = rel.split("/")
            if len(bits) == 3 and (bits[0], bits[1]) in CODE_MAP:
                df, di = CODE_MAP[(bits[0], bits[1])]
                leaf = df[:-4] if df.lower().endswith(".pdb") else df
                self.send_response(302)
                self.send_header("Location",
                                 "/ok/%s/%s/%s.sym" % (df, di, leaf))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            return self.send_body(404, b"not found\n")
        if mode == "e500":
            return self.send_body(500, b"<html>internal error</html>\n")
        body = self.local(rel)
        if body is None:
            return self.send_body(404, b"<html>not found</html>\n")
        if mode == "ok":
            return self.send_body(200, body)
        if mode == "gzip":
            return self.send_body(200, gzip.compress(body),
                                  [("Content-Encoding", "gzip")])
        if mode == "slow":
            time.sleep(3)
            return self.send_body(200, body)
        if mode == "garbage":
            return self.send_body(200, b"\x89PNG garbage " * 64)
        if mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        return self.send_body(404, b"unknown mode\n")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
threading.Timer(LIFETIME, srv.shutdown).start()
srv.serve_forever()
