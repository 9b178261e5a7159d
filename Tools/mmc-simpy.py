#!/usr/bin/env python3
"""The same M/M/3 queue at 80% load as `hubspoke-bench queue`, in SimPy, for a throughput comparison
on the same machine. Needs `pip install simpy`. Prints children served per second and the mean wait
against Erlang C (64.72 minutes)."""
import random
import sys
import time

import simpy

LAMBDA, MU, SERVERS = 2.4, 1.0, 3          # per hour
HOURS = float(sys.argv[1]) if len(sys.argv) > 1 else 168 * 520


def run(seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    waits = []

    def child(env):
        arrived = env.now
        with servers.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(MU))

    def referrals(env):
        while True:
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(child(env))

    env.process(referrals(env))
    env.run(until=HOURS)
    return waits


t0 = time.perf_counter()
waits = run(1)
elapsed = time.perf_counter() - t0
print(f"SimPy {simpy.__version__}, M/M/3 at 80% load, {HOURS / 168:.0f} weeks: {len(waits)} children in {elapsed:.2f} s: "
      f"{len(waits) / elapsed:.0f} children/s; mean wait {60 * sum(waits) / len(waits):.2f} min (Erlang C 64.72)")
