#!/usr/bin/env python3
"""A stand-in for the one Solr core CKAN talks to, for tests on this machine.

CKAN indexes every dataset it writes, and every write action fails with
"Search Index Error" when no Solr answers; Solr itself (a Java server) cannot be
installed here. This serves the few routes CKAN 2.11 calls through pysolr, on
loopback, from memory:

  GET  <core>/schema?wt=schema.xml, <core>/admin/file/?file=schema.xml
       CKAN's own schema.xml (CKAN reads its version at start-up)
  GET  <core>/admin/ping
  POST <core>/update        JSON list of documents to add (keyed by index_id),
                            XML <delete><id>/<query></delete>, <commit/>, <optimize/>
  GET|POST <core>/select    a small Lucene-ish query evaluator over the added
                            documents: q (field:value, field:"phrase",
                            field:(a OR b), *:*, free words), fq, +/- clauses,
                            AND/OR/NOT, ranges, trailing wildcards, sort, start,
                            rows, fl and facet.field counts.

So package_search and the package_show cache see what CKAN indexed. It is not
Solr: no scoring (score is 1), no stemming; free words match case-insensitively
as substrings of any stored field. Everything else in CKAN (database, uploads,
auth, validation) is the real, unmodified CKAN.

Usage: solr_standin.py --port 8983 --schema /path/to/ckan/config/solr/schema.xml
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import re
import sys
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DOCS: dict[str, dict] = {}  # index_id -> document
LOCK = threading.Lock()
SCHEMA_XML = b""
UNIQUE_KEY = "index_id"
# Fields whose Solr type is tokenised text: matched case-insensitively by word.
TEXT_FIELDS = {"text", "title", "notes", "res_name", "res_description", "author",
               "maintainer", "title_ngram", "name_ngram", "urls"}
NOT_SEARCHED = {"data_dict", "validated_data_dict"}


# --- query parsing -----------------------------------------------------------

_TOKEN = re.compile(r'''
    \s*(?:
      (?P<lp>\()|(?P<rp>\))|
      (?P<op>AND\b|OR\b|NOT\b|&&|\|\|)|
      (?P<occ>[+\-!])(?=\S)|
      (?P<term>(?:[^\s()"\[\]{}\\:]|\\.)+:)?
      (?:(?P<phrase>"(?:[^"\\]|\\.)*")|
         (?P<range>[\[{][^\]}]*[\]}])|
         (?P<group>(?=\())|
         (?P<word>(?:[^\s()"\\]|\\.)+))
    )''', re.X)


class Clause:
    def __init__(self, occur: str, field: str | None, kind: str, value):
        self.occur, self.field, self.kind, self.value = occur, field, kind, value

    def __repr__(self):
        return f"Clause({self.occur}{self.field}:{self.kind}:{self.value!r})"


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def parse(q: str, default_op: str = "OR", field: str | None = None) -> list[Clause]:
    """Parses a query into a flat boolean list of clauses (groups nest)."""
    pos, clauses = 0, []
    pending_op = None
    clauses_with_ops: list[tuple[Clause, str | None]] = []

    def parse_group(start: int, fld: str | None) -> tuple[list[Clause], int]:
        depth, i = 0, start
        while i < len(q):
            c = q[i]
            if c == "\\":
                i += 2
                continue
            if c == '"':
                j = i + 1
                while j < len(q) and q[j] != '"':
                    j += 2 if q[j] == "\\" else 1
                i = j + 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return parse(q[start + 1:i], default_op, fld), i + 1
            i += 1
        return parse(q[start + 1:], default_op, fld), len(q)

    occur = ""
    while pos < len(q):
        if q[pos:].strip() == "":
            break
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            pos += 1
            continue
        if m.group("op"):
            op = m.group("op")
            op = {"&&": "AND", "||": "OR"}.get(op, op)
            if op == "NOT":
                occur = "-"
            else:
                pending_op = op
            pos = m.end()
            continue
        if m.group("occ"):
            occur = "-" if m.group("occ") in "-!" else "+"
            pos = m.end()
            continue
        if m.group("rp"):
            pos = m.end()
            continue
        fld = m.group("term")[:-1] if m.group("term") else field
        if m.group("lp") or m.group("group") is not None:
            start = q.index("(", m.start() if m.group("lp") else m.end())
            sub, pos = parse_group(start, fld)
            clause = Clause(occur, fld, "group", sub)
        else:
            pos = m.end()
            if m.group("phrase"):
                clause = Clause(occur, fld, "phrase", _unescape(m.group("phrase")[1:-1]))
            elif m.group("range"):
                r = m.group("range")
                lo, _, hi = r[1:-1].partition(" TO ")
                clause = Clause(occur, fld, "range", (lo.strip().strip('"'), hi.strip().strip('"')))
            else:
                clause = Clause(occur, fld, "word", _unescape(m.group("word")))
        clauses_with_ops.append((clause, pending_op))
        pending_op, occur = None, ""

    # Apply AND/OR between neighbours, then the default operator, Lucene-style.
    for i, (clause, op) in enumerate(clauses_with_ops):
        if clause.occur == "":
            nxt = clauses_with_ops[i + 1][1] if i + 1 < len(clauses_with_ops) else None
            if op == "AND" or nxt == "AND":
                clause.occur = "+"
            elif op == "OR" or nxt == "OR":
                clause.occur = "?"
            else:
                clause.occur = "+" if default_op == "AND" else "?"
        if op == "AND" and i > 0 and clauses_with_ops[i - 1][0].occur == "?":
            clauses_with_ops[i - 1][0].occur = "+"
        clauses.append(clause)
    return clauses


def _values(doc: dict, field: str | None) -> list[str]:
    if field in (None, "text", "_text_"):
        out = []
        for k, v in doc.items():
            if k not in NOT_SEARCHED:
                out.extend(v if isinstance(v, list) else [v])
        return [str(x) for x in out]
    if "*" in field:
        out = []
        for k, v in doc.items():
            if fnmatch.fnmatchcase(k, field):
                out.extend(v if isinstance(v, list) else [v])
        return [str(x) for x in out]
    v = doc.get(field)
    if v is None:
        return []
    if isinstance(v, bool):
        return [str(v).lower()]
    return [str(x).lower() if isinstance(x, bool) else str(x)
            for x in (v if isinstance(v, list) else [v])]


def _term_matches(doc: dict, field: str | None, kind: str, value) -> bool:
    if field == "*" and value == "*":
        return True
    vals = _values(doc, field)
    textual = field is None or field in TEXT_FIELDS or field == "_text_"
    if kind == "range":
        lo, hi = value
        for v in vals:
            if (lo in ("*", "") or v >= lo) and (hi in ("*", "") or hi.startswith("NOW") or v <= hi):
                return True
        return False
    if value == "*":
        return bool(vals)
    if kind == "word" and ("*" in value or "?" in value):
        pat = value.lower() if textual else value
        for v in vals:
            target = v.lower() if textual else v
            if fnmatch.fnmatchcase(target, pat):
                return True
            if textual and any(fnmatch.fnmatchcase(w, pat) for w in re.split(r"\W+", target)):
                return True
        return False
    if textual:
        needle = value.lower()
        return any(needle in v.lower() for v in vals)
    return value in vals


def matches(doc: dict, clauses: list[Clause]) -> bool:
    if not clauses:
        return False
    should, any_required = [], False
    for c in clauses:
        hit = matches(doc, c.value) if c.kind == "group" else _term_matches(doc, c.field, c.kind, c.value)
        if c.occur == "-":
            if hit:
                return False
        elif c.occur == "+":
            any_required = True
            if not hit:
                return False
        else:
            should.append(hit)
    if should and not any_required:
        return any(should)
    # Only prohibited clauses: Solr matches everything else.
    return True


# --- search -------------------------------------------------------------------

def _sort_key(field: str):
    def key(doc):
        v = doc.get(field)
        if isinstance(v, list):
            v = v[0] if v else None
        return (v is None, v if isinstance(v, (int, float)) else str(v if v is not None else ""))
    return key


def search(params: dict[str, list[str]]) -> dict:
    p = {k: v[-1] for k, v in params.items() if v}
    q = p.get("q", "*:*") or "*:*"
    qop = p.get("q.op", "OR")
    start = int(p.get("start", 0) or 0)
    rows = int(p.get("rows", 10) or 10)
    with LOCK:
        docs = list(DOCS.values())
    if q.strip() not in ("*:*", "*"):
        if ":" not in q and p.get("defType") in ("dismax", "edismax"):
            # dismax: every word must match in one of the query fields (or anywhere).
            clauses = [Clause("+", None, "word", w) for w in q.split()]
        else:
            clauses = parse(q, qop)
        docs = [d for d in docs if matches(d, clauses)]
    for fq in params.get("fq", []):
        if fq.strip():
            clauses = parse(fq, qop)
            docs = [d for d in docs if matches(d, clauses)]

    for part in reversed([s.strip() for s in p.get("sort", "").split(",") if s.strip()]):
        fld, _, direction = part.partition(" ")
        if fld == "score":
            continue
        docs.sort(key=_sort_key(fld), reverse=direction.strip().lower() == "desc")

    facet_fields = {}
    if p.get("facet", "false") == "true":
        limit = int(p.get("facet.limit", 50) or 50)
        mincount = int(p.get("facet.mincount", 1) or 0)
        for fld in params.get("facet.field", []):
            counts: dict[str, int] = {}
            for d in docs:
                for v in set(_values(d, fld)):
                    counts[v] = counts.get(v, 0) + 1
            items = sorted(((v, c) for v, c in counts.items() if c >= mincount),
                           key=lambda vc: (-vc[1], vc[0]))
            if limit >= 0:
                items = items[:limit]
            facet_fields[fld] = [x for vc in items for x in vc]

    page = docs[start:start + rows] if rows >= 0 else docs[start:]
    fl = [f for f in re.split(r"[\s,]+", p.get("fl", "*")) if f]
    if fl and "*" not in fl:
        page = [{k: (1.0 if k == "score" else d[k]) for k in fl if k in d or k == "score"}
                for d in page]
    out = {
        "responseHeader": {"status": 0, "QTime": 0, "params": p},
        "response": {"numFound": len(docs), "start": start, "numFoundExact": True,
                     "docs": page},
    }
    if p.get("facet", "false") == "true":
        out["facet_counts"] = {"facet_queries": {}, "facet_fields": facet_fields,
                               "facet_ranges": {}, "facet_intervals": {}, "facet_heatmaps": {}}
    return out


# --- updates --------------------------------------------------------------------

def add_docs(docs) -> int:
    if isinstance(docs, dict):
        docs = [docs]
    with LOCK:
        for d in docs:
            key = str(d.get(UNIQUE_KEY) or d.get("id"))
            DOCS[key] = d
    return len(docs)


def delete_query(q: str) -> int:
    clauses = parse(q, "OR")
    with LOCK:
        gone = [k for k, d in DOCS.items() if matches(d, clauses)]
        for k in gone:
            del DOCS[k]
    return len(gone)


def delete_ids(ids) -> int:
    n = 0
    with LOCK:
        for i in ids:
            if DOCS.pop(str(i), None) is not None:
                n += 1
    return n


def update_xml(body: bytes) -> None:
    root = ET.fromstring(body)
    elems = [root] if root.tag != "update" else list(root)
    for el in elems:
        if el.tag == "delete":
            for child in el:
                if child.tag == "id":
                    delete_ids([child.text or ""])
                elif child.tag == "query":
                    delete_query(child.text or "")
        elif el.tag == "add":
            for doc in el.findall("doc"):
                d: dict = {}
                for f in doc.findall("field"):
                    name = f.get("name")
                    if name in d:
                        d[name] = d[name] if isinstance(d[name], list) else [d[name]]
                        d[name].append(f.text or "")
                    else:
                        d[name] = f.text or ""
                add_docs([d])
        # commit / optimize / rollback: nothing to do, every change is visible at once.


def update_json(body: bytes) -> None:
    data = json.loads(body or b"[]")
    if isinstance(data, list):
        add_docs(data)
        return
    for key, val in data.items():
        if key == "add":
            add_docs(val.get("doc", val) if isinstance(val, dict) else val)
        elif key == "delete":
            items = val if isinstance(val, list) else [val]
            for it in items:
                if isinstance(it, dict) and "query" in it:
                    delete_query(it["query"])
                elif isinstance(it, dict) and "id" in it:
                    delete_ids([it["id"]])
                else:
                    delete_ids([it])


# --- HTTP -------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    server_version = "SolrStandIn/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    def _route(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/")
        # Accept /solr/<core>/<handler> or /<handler>.
        m = re.match(r"^(?:/solr/[^/]+)?(/.*)?$", path)
        handler = (m.group(1) if m and m.group(1) else "/")
        return handler, parse_qs(parts.query, keep_blank_values=True)

    def _send(self, code: int, body: bytes, ctype: str = "application/json; charset=utf-8"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, obj, code: int = 200):
        self._send(code, json.dumps(obj).encode())

    def _error(self, code: int, msg: str):
        self._json({"responseHeader": {"status": code, "QTime": 0},
                    "error": {"msg": msg, "code": code}}, code)

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        self._handle(b"")

    def do_POST(self):
        self._handle(self._body())

    def _handle(self, body: bytes):
        handler, params = self._route()
        try:
            if handler == "/schema" or (handler == "/admin/file" and
                                        params.get("file", [""])[0] == "schema.xml"):
                self._send(200, SCHEMA_XML, "application/xml; charset=utf-8")
            elif handler == "/admin/ping":
                self._json({"responseHeader": {"status": 0, "QTime": 0}, "status": "OK"})
            elif handler == "/select":
                ctype = self.headers.get("Content-Type", "")
                if body and "x-www-form-urlencoded" in ctype:
                    for k, v in parse_qs(body.decode(), keep_blank_values=True).items():
                        params.setdefault(k, []).extend(v)
                self._json(search(params))
            elif handler == "/update" or handler.startswith("/update/"):
                ctype = self.headers.get("Content-Type", "")
                stripped = body.lstrip()
                if "json" in ctype or stripped[:1] in (b"[", b"{"):
                    update_json(body)
                elif stripped:
                    update_xml(body)
                self._json({"responseHeader": {"status": 0, "QTime": 0}})
            elif handler == "/stats":  # for humans: how many documents are held
                with LOCK:
                    self._json({"numDocs": len(DOCS)})
            else:
                self._error(404, "no handler for %s in the Solr stand-in" % handler)
        except Exception as e:  # a bad request must not take the server down
            self._error(400, "%s: %s" % (type(e).__name__, e))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    verbose = False


def main():
    global SCHEMA_XML
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8983)
    ap.add_argument("--schema", required=True, help="CKAN's ckan/config/solr/schema.xml")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    with open(a.schema, "rb") as f:
        SCHEMA_XML = f.read()
    srv = Server((a.host, a.port), Handler)
    srv.verbose = a.verbose
    print("Solr stand-in on http://%s:%d/solr/ckan" % (a.host, a.port), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
