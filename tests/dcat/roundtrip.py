#!/usr/bin/env python3
"""Reads Kaifang's catalogue back with ckanext-dcat's RDF parser (the DCAT-AP 3
profile a CKAN harvester uses) and checks that the packages it makes carry the
same fields as Kaifang's own CKAN package export of each dataset.

  roundtrip.py DIR BASE_URL EXPECTED.json

DIR holds the catalogue (catalog.ttl or catalog.jsonld, further pages found
through hydra:next as a harvester finds them) and its files. EXPECTED.json is a
list of `kaifang export N --format ckan` documents, the datasets that must be in
the catalogue and no other. Runs in the portal test virtualenv (CKAN 2.11 with
ckanext-dcat; no CKAN site, database or configuration needed).
"""
import hashlib
import json
import os
import sys
import urllib.parse

import rdflib
from ckanext.dcat.processors import RDFParser

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")

EU = "http://publications.europa.eu/resource/authority/"
FREQUENCY = {
    "realtime": "UPDATE_CONT", "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY",
    "quarterly": "QUARTERLY", "half_yearly": "ANNUAL_2", "yearly": "ANNUAL", "irregular": "IRREG",
    "never": "NEVER",
}
ACCESS = {"unconditional": "PUBLIC", "conditional": "RESTRICTED", "closed": "NON_PUBLIC"}
# Kaifang package fields the DCAT-AP catalogue does not carry back into a CKAN
# package, and why. Any other field must come back equal.
NOT_CARRIED = {
    "name": "the portal's URL name; harvesters make their own (the identifier carries the resource code)",
    "owner_org": "the portal's organisation, set by the portal",
    "extras.use_cases": "DCAT-AP has no property for a dataset's use cases",
}
# Written in the catalogue but not read into a package by ckanext-dcat 2.4:
# checked in the graph itself.
IN_GRAPH_ONLY = {
    "extras.contact_phone": "vcard:hasTelephone of the contact point (ckanext-dcat 2.4 reads no telephone)",
}

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def parse_all(directory, base):
    """Every dataset of every page, following hydra:next."""
    first = [n for n in ("catalog.ttl", "catalog.jsonld") if os.path.exists(os.path.join(directory, n))]
    if len(first) != 1:
        sys.exit(f"roundtrip: expected one first page in {directory}, found {first}")
    page, pages, datasets, graphs = first[0], [], [], []
    while page:
        pages.append(page)
        parser = RDFParser(profiles=["euro_dcat_ap_3"], compatibility_mode=False)
        with open(os.path.join(directory, page), encoding="utf-8") as f:
            parser.parse(f.read(), _format="json-ld" if page.endswith(".jsonld") else "turtle")
        datasets += list(parser.datasets())
        graphs.append(parser.g)
        nxt = parser.next_page()
        if nxt:
            if not nxt.startswith(base + "/"):
                sys.exit(f"roundtrip: next page {nxt} is not under {base}")
            page = urllib.parse.unquote(nxt[len(base) + 1:])
            if page in pages:
                sys.exit(f"roundtrip: the pages loop at {page}")
        else:
            page = None
    return pages, datasets, graphs


def main(directory, base, expected_file):
    with open(expected_file, encoding="utf-8") as f:
        expected = json.load(f)
    pages, parsed, graphs = parse_all(directory, base)
    extras_of = lambda d: {e["key"]: e["value"] for e in d.get("extras", [])}
    by_identifier = {}
    for d in parsed:
        by_identifier.setdefault(extras_of(d).get("identifier"), []).append(d)
    check("datasets in the catalogue", len(parsed), len(expected))
    checked = set()
    for pkg in expected:
        kx = extras_of(pkg)
        ident = kx.get("resource_code") or pkg["name"]
        found = by_identifier.get(ident, [])
        if len(found) != 1:
            failures.append(f"{ident}: {len(found)} parsed datasets carry this identifier")
            continue
        got = found[0]
        gx = extras_of(got)
        title = pkg["title"]
        for key in ("title", "notes", "license_id", "version"):
            checked.add(key)
            check(f"{title}: {key}", got.get(key, ""), pkg.get(key, ""))
        checked.add("tags")
        check(f"{title}: tags", sorted(t["name"] for t in got.get("tags", [])),
              sorted(t["name"] for t in pkg.get("tags", [])))
        for kaifang, parsed_key in (("maintainer", "contact_name"), ("maintainer_email", "contact_email")):
            checked.add(kaifang)
            check(f"{title}: {kaifang}", gx.get(parsed_key), pkg.get(kaifang))
        same = ("issued", "modified", "temporal_start", "temporal_end")
        renamed = {"resource_code": "identifier", "provider": "publisher_name", "spatial": "spatial_text"}
        for key, value in kx.items():
            checked.add(f"extras.{key}")
            if key in same:
                check(f"{title}: {key}", gx.get(key), value)
            elif key in renamed:
                check(f"{title}: {key}", gx.get(renamed[key]), value)
            elif key == "frequency":
                check(f"{title}: frequency", gx.get("frequency"), f"{EU}frequency/{FREQUENCY[value]}")
            elif key == "open_type":
                check(f"{title}: open_type", gx.get("access_rights"), f"{EU}access-right/{ACCESS[value]}")
            elif key in ("theme", "industry"):
                themes = json.loads(gx.get("theme", "[]"))
                if f"{base}/{key}/{value}" not in themes:
                    failures.append(f"{title}: {key} {value} not among the themes {themes}")
            elif key == "spatial_code":
                check(f"{title}: spatial_code", gx.get("spatial_uri"), f"{base}/division/{value}")
            elif key == "open_conditions":
                rights = {r.get("rights") for r in got["resources"]}
                check(f"{title}: open_conditions on every file", rights, {value})
            elif key == "contact_phone":
                uri = rdflib.URIRef(gx.get("uri", ""))
                tel = rdflib.URIRef("tel:" + "".join(value.split()))
                found = any((contact, VCARD.hasTelephone, tel) in g
                            for g in graphs for contact in g.objects(uri, DCAT.contactPoint))
                if not found:
                    failures.append(f"{title}: contact_phone {value} is not the contact point's vcard:hasTelephone")
            elif f"extras.{key}" not in NOT_CARRIED:
                failures.append(f"{title}: extras.{key} has no counterpart in the parsed package")
        for key in pkg:
            if key not in ("extras", "tags") and key not in checked and key not in NOT_CARRIED:
                failures.append(f"{title}: {key} has no counterpart in the parsed package")
        # The files: the data (unless open on conditions), the dictionary, and
        # the workbook when the office publishes one; each the file beside the
        # catalogue, with its size and checksum.
        conditional = kx.get("open_type") == "conditional"
        names = sorted(r["name"] for r in got["resources"])
        want = [f"{title}（数据字典）"]
        if not conditional:
            want.append(title)
            if any(r["url"].endswith(".xlsx") for r in got["resources"]):
                want.append(f"{title}（Excel）")
        check(f"{title}: files", names, sorted(want))
        for r in got["resources"]:
            url = r["url"]
            if not url.startswith(base + "/files/"):
                failures.append(f"{title}: {url} is not beside the catalogue")
                continue
            path = os.path.join(directory, urllib.parse.unquote(url[len(base) + 1:]))
            if not os.path.isfile(path):
                failures.append(f"{title}: {url} names no file")
                continue
            with open(path, "rb") as f:
                body = f.read()
            check(f"{title}: size of {r['name']}", r.get("size"), len(body))
            check(f"{title}: sha256 of {r['name']}", r.get("hash"), hashlib.sha256(body).hexdigest())
            check(f"{title}: format of {r['name']}", r.get("format", "").rsplit("/", 1)[-1],
                  "XLSX" if url.endswith(".xlsx") else "CSV")
            check(f"{title}: access URL of {r['name']}", r.get("access_url"), url)
    print(f"  ckanext-dcat read {len(parsed)} dataset(s) from {len(pages)} page(s): {', '.join(pages)}")
    if failures:
        print("roundtrip: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print(f"  every field of Kaifang's CKAN export came back ({len(checked)} kinds checked; "
          f"in the graph only: {', '.join(sorted(IN_GRAPH_ONLY))}; "
          f"not carried by DCAT-AP: {', '.join(sorted(NOT_CARRIED))})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
