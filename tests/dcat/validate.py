#!/usr/bin/env python3
"""Validates catalogue pages against the SEMIC DCAT-AP 3.0.1 SHACL shapes (pyshacl).

  validate.py PAGE [PAGE ...]

Each page is validated on its own (a harvester reads them one by one), with
vocabularies.ttl merged into its data graph, against every shapes file in
shapes/: shapes.ttl (mandatory properties, cardinality, datatypes), range.ttl
(classes of linked resources), shapes_recommended.ttl and deprecateduris.ttl
(warnings), mdr-vocabularies.shape.ttl (controlled vocabularies) and
dcat-ap-SHACL.ttl (the generated per-property template). Prints each page's
counts by severity; exits 1 when any page has an sh:Violation.

One shape is switched off (sh:deactivated, standard SHACL) because it is wrong
in the SEMIC release: r5r:Checksum_ShapeCV wants the checksum algorithm IRI to
start with https://spdx.org/ while the SPDX individuals (and DCAT-AP's own class
spdx:ChecksumAlgorithm) are http://spdx.org/rdf/terms#; see shapes/SOURCE.md.
"""
import os
import sys

from pyshacl import validate
from rdflib import Graph, Literal, Namespace

HERE = os.path.dirname(os.path.abspath(__file__))
SH = Namespace("http://www.w3.org/ns/shacl#")
R5R = Namespace("http://data.europa.eu/r5r#")
SHAPES = ["shapes.ttl", "range.ttl", "shapes_recommended.ttl", "deprecateduris.ttl",
          "mdr-vocabularies.shape.ttl", "dcat-ap-SHACL.ttl"]


def shapes_graph():
    g = Graph()
    for f in SHAPES:
        g.parse(os.path.join(HERE, "shapes", f), format="turtle")
    g.add((R5R.Checksum_ShapeCV, SH.deactivated, Literal(True)))
    return g


def main(pages):
    if not pages:
        print(__doc__, file=sys.stderr)
        return 2
    sg = shapes_graph()
    failed = 0
    for page in pages:
        data = Graph()
        data.parse(page, format="json-ld" if page.endswith(".jsonld") else "turtle")
        triples = len(data)
        data.parse(os.path.join(HERE, "vocabularies.ttl"), format="turtle")
        _, results, text = validate(data, shacl_graph=sg, inference="none", allow_warnings=True,
                                    meta_shacl=False, advanced=False)
        counts = {}
        for r in results.objects(None, SH.result):
            sev = str(results.value(r, SH.resultSeverity)).split("#")[-1]
            counts[sev] = counts.get(sev, 0) + 1
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no findings"
        violations = counts.get("Violation", 0)
        print(f"  {os.path.basename(page)}: {triples} triples, {violations} violations ({summary})")
        if violations or os.environ.get("DCAT_VERBOSE"):
            print(text)
        failed += violations > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
