#!/usr/bin/env python3
"""The committed openapi.yaml, read by a YAML 1.1 parser (PyYAML, which Python
client generators use), must be the very document the server serves as JSON:
no `25_34` read as 2534, no `yes` read as true, no date read as a date.

usage: openapi-yaml11.py openapi.yaml http://127.0.0.1:PORT/api/openapi.json
"""
import json
import sys
import urllib.request

import yaml  # PyYAML: YAML 1.1 resolvers


def diff(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: YAML 1.1 reads {a!r} ({type(a).__name__}), JSON has {b!r} ({type(b).__name__})"
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return f"{path}: keys differ: {sorted(map(str, set(a) ^ set(b)))[:5]}"
        for k in a:
            d = diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, f"{path}[{i}]")
            if d:
                return d
    elif a != b:
        return f"{path}: {a!r} != {b!r}"
    return None


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        committed = yaml.safe_load(f)
    with urllib.request.urlopen(sys.argv[2]) as res:
        served = json.load(res)
    problem = diff(committed, served)
    if problem:
        print(f"openapi.yaml and the served JSON differ for a YAML 1.1 reader: {problem}")
        sys.exit(1)
    print("openapi.yaml reads the same as the served JSON under YAML 1.1 (PyYAML)")


if __name__ == "__main__":
    main()
