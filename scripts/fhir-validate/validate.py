"""Validates FHIR R4 JSON with fhir.resources 6.4.0 (pydantic models generated
from the R4 4.0.1 StructureDefinitions), independently of casecourse's types.

Usage: validate.py FILE...   (a Bundle or any resource; `-` reads stdin)
       validate.py --self-check
Prints one line per file, `ok` or the pydantic errors; exits 1 if any fails.
"""
import json
import sys

import fhir.resources
from fhir.resources import get_fhir_model_class
from pydantic import ValidationError


def validate(doc):
    """Returns a list of error strings (empty when valid)."""
    rtype = doc.get("resourceType") if isinstance(doc, dict) else None
    if not rtype:
        return ["not a FHIR resource: no resourceType"]
    try:
        model = get_fhir_model_class(rtype)
    except KeyError:
        return [f"unknown resourceType {rtype!r}"]
    try:
        model.parse_obj(doc)
    except ValidationError as e:
        return [str(e)]
    return []


def main(argv):
    if argv == ["--self-check"]:
        assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__
        good = {"resourceType": "Patient", "id": "p1", "gender": "male"}
        bad = {"resourceType": "Observation", "status": "final"}  # no code
        assert validate(good) == [], validate(good)
        assert validate(bad), "an Observation without code must fail"
        print(f"fhir.resources {fhir.resources.__version__} (FHIR {fhir.resources.__fhir_version__}) validator ok")
        return 0
    failed = 0
    for path in argv:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        errors = validate(json.loads(text))
        if errors:
            failed += 1
            print(f"{path}: INVALID")
            for e in errors:
                print(e)
        else:
            print(f"{path}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
