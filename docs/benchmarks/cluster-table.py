#!/usr/bin/env python3
"""The one table of docs/benchmarks/cluster.sh, from the JSON reports it left in RESULTS.

    docs/benchmarks/cluster-table.py RESULTS ROUNDS

Kept apart from the script so a run's reports can be read again without running anything.
"""
import json
import os
import statistics
import sys

results, rounds = sys.argv[1], int(sys.argv[2])


def load(name):
    path = os.path.join(results, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path) as file:
        content = file.read().strip()
    # A bench report is its last line; pg_stat_statements' json_agg spreads over several.
    return json.loads(content if content.startswith("[") else content.splitlines()[-1])


def text(name):
    path = os.path.join(results, name)
    return open(path).read().strip() if os.path.exists(path) else "n/a"


print("\n## (a) acknowledged sends/s, 64 clients, %s rounds" % rounds)
print("| server side (one core) | sends/s, round by round | median | p99 ms (median run) | non-201 / errors | of SQLite |")
print("|---|---|---|---|---|---|")
medians = {}
for key, label in [("sqlite", "SQLite node"), ("sqlite-full", "SQLite node, --durability full"),
                   ("one", "one PostgreSQL node"), ("three", "three PostgreSQL nodes")]:
    reports = [r for r in (load("send-%s-%d.json" % (key, n)) for n in range(1, rounds + 1)) if r]
    if not reports:
        continue
    rates = [r["successes_per_second"] for r in reports]
    median = statistics.median(rates)
    medians[key] = median
    middle = sorted(reports, key=lambda r: r["successes_per_second"])[len(reports) // 2]
    others = sum(v for s, v in middle["statuses"].items() if s != "201") + sum(middle["errors"].values())
    share = "%.2f" % (median / medians["sqlite"]) if "sqlite" in medians else "-"
    print("| %s | %s | **%s** | %.1f | %d | %s |" % (label, " · ".join("{:,.0f}".format(r) for r in rates),
                                                   "{:,.0f}".format(median), middle["latency_ms"]["p99"], others, share))

fanout = load("fanout.json")
if fanout:
    d, lat = fanout["deliveries"], fanout["latency_ms"]
    cross = fanout.get("cross_node_latency_ms", {})
    print("\n## (b) fan-out: 1 chat, %d receivers over %d nodes, %s msg/s (%s deliveries/s offered)" % (
        fanout["receivers"], fanout.get("servers", 1), fanout["offered_messages_per_second"], fanout["offered_deliveries_per_second"]))
    print("| delivered / expected | missing | duplicates | deliveries/s | p50 ms | p99 ms | cross-node deliveries | cross-node p50 ms | cross-node p99 ms | max ms | clean |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print("| {:,} / {:,} | {} | {} | {:,.0f} | {} | {} | {:,} | {} | {} | {} | {} |".format(
        d["received"], d["expected"], d["missing"], d["duplicates"], d["per_second"], lat["p50"], lat["p99"],
        cross.get("count", 0), cross.get("p50", "-"), cross.get("p99", "-"), lat["max"], fanout["clean"]))
    print("ack p50 %s ms, p99 %s ms" % (fanout["ack_latency_ms"]["p50"], fanout["ack_latency_ms"]["p99"]))

print("\n## (c) chats on PostgreSQL: %s (%s)" % (text("million-seed.txt"), text("million-size.txt")))
print("| scenario | connections | answers/s | p50 ms | p90 ms | p99 ms | max ms |")
print("|---|---|---|---|---|---|---|")
for name in ["list", "range"]:
    report = load(name + ".json")
    if report:
        lat = report["latency_ms"]
        print("| %s | %d | {:,.0f} | %s | %s | %s | %s |".format(report["successes_per_second"]) % (
            name, report["connections"], lat["p50"], lat["p90"], lat["p99"], lat["max"]))

# The targets of issue 15, point 8, against this run.
print("\n## Targets")
print("| target | this run | met |")
print("|---|---|---|")
if "sqlite" in medians and "one" in medians:
    share = medians["one"] / medians["sqlite"]
    print("| a PostgreSQL node ≥ 0.5 × the SQLite node's sends/s | %.2f | %s |" % (share, "yes" if share >= 0.5 else "**no**"))
if fanout:
    once = fanout["deliveries"]["missing"] == 0 and fanout["deliveries"]["duplicates"] == 0 and fanout["clean"]
    print("| fan-out: every delivery exactly once | missing %d, duplicates %d | %s |" % (
        fanout["deliveries"]["missing"], fanout["deliveries"]["duplicates"], "yes" if once else "**no**"))
    p99 = fanout.get("cross_node_latency_ms", {}).get("p99")
    if p99 is not None:
        print("| fan-out: cross-node p99 ≤ 100 ms | %s ms | %s |" % (p99, "yes" if p99 <= 100 else "**no**"))
listed = load("list.json")
if listed:
    p50 = listed["latency_ms"]["p50"]
    print("| list with a metadata filter at a million chats: p50 ≤ 5 ms | %s ms | %s |" % (p50, "yes" if p50 <= 5 else "**no**"))

for name, title in [("statements-send-one.json", "one node's sends"), ("statements-send-three.json", "three nodes' sends"),
                    ("statements-fanout.json", "fan-out"), ("statements-list.json", "list at a million chats")]:
    rows = load(name)
    if rows is None:
        continue
    print("\n### pg_stat_statements, %s (top by total time)" % title)
    print("| calls | total ms | mean ms | rows | statement |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| {:,} | {:,} | {} | {:,} | `{}` |".format(row["calls"], row["total_ms"], row["mean_ms"], row["rows"],
                                                        row["query"].replace("|", "\\|")))

for name, title in [("perf-comm.txt", "perf, CPU 0 during one node's sends, by thread or process name"),
                    ("perf-comm-dso.txt", "perf, CPU 0 during one node's sends, by process and library"),
                    ("perf-comm-sym.txt", "perf, by process and function")]:
    if os.path.exists(os.path.join(results, name)):
        print("\n### %s\n```\n%s\n```" % (title, text(name)))
print("\nPostgreSQL settings:\n" + text("postgresql-settings.txt"))
print("\nLoad average (1, 5, 15 min) at the start of each phase:\n" + text("loadavg.txt"))
