#!/usr/bin/env python3
"""Prints an exercise TOML as the JSON that /work/shared/bench/node-vm-peer.js reads.

usage: benches/class/exercise_json.py exercises/exercise-03.toml > exercise-03.json
"""
import json
import sys
import tomllib

with open(sys.argv[1], "rb") as f:
    exercise = tomllib.load(f)
json.dump(exercise, sys.stdout, indent=1)
print()
