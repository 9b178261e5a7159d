#!/usr/bin/env python3
"""Checks that every `import X` in a target's Swift files is a dependency declared for that target
in Package.swift, and that every declared dependency is imported somewhere in the target.

    Tools/check-imports.py        # from the package folder; exit 1 when anything is wrong
"""
import json, os, re, subprocess, sys

SYSTEM = {"Foundation", "Glibc", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest"}
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
package = json.loads(subprocess.check_output(["swift", "package", "dump-package"], stderr=subprocess.DEVNULL))
wrong = 0
for target in package["targets"]:
    if target["type"] == "system":
        continue
    name = target["name"]
    path = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
    declared = {d[k][0] for d in target["dependencies"] for k in ("byName", "product", "target") if k in d}
    imported = set()
    for folder, _, files in os.walk(path):
        for f in files:
            if f.endswith(".swift"):
                with open(os.path.join(folder, f), encoding="utf-8") as text:
                    imported |= set(re.findall(r"^(?:@testable )?import (\w+)", text.read(), re.M))
    imported -= SYSTEM
    # A test target that runs an executable depends on it without importing it.
    unused = {d for d in declared - imported if not (target["type"] == "test" and d == "hubspoke")}
    for m in sorted(imported - declared):
        print(f"{name}: imports {m}, not declared in Package.swift"); wrong += 1
    for m in sorted(unused):
        print(f"{name}: declares {m}, imported nowhere"); wrong += 1
print("imports: every import declared, every dependency used" if wrong == 0 else f"imports: {wrong} problem(s)")
sys.exit(1 if wrong else 0)
