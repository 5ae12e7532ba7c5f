#!/usr/bin/env python3
"""Plots a soak's memory samples (docs/benchmarks/soak.sh writes them) to a PNG: RSS, and its heap
and mapped-file parts where the CSV has them.
Usage: plot-rss.py rss.csv out.png [title]   (needs matplotlib: pip install matplotlib)"""
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

rows = list(csv.DictReader(open(sys.argv[1])))
minutes = [int(r["seconds"]) / 60 for r in rows]
fig, ax = plt.subplots(figsize=(9, 4.2), dpi=100)
series = [("rss_kb", "RSS", "#2563eb"), ("anon_kb", "heap (RssAnon)", "#16a34a"), ("file_kb", "mapped database (RssFile)", "#9ca3af")]
highest = 0
for column, label, color in series:
    points = [(m, int(r[column]) / 1024) for m, r in zip(minutes, rows) if r.get(column)]
    if not points:
        continue
    highest = max(highest, max(mb for _, mb in points))
    ax.plot([m for m, _ in points], [mb for _, mb in points], color=color, linewidth=1.6, label=label)
ax.set_xlabel("minutes")
ax.set_ylabel("server memory (MB)")
ax.set_ylim(0, highest * 1.15)
ax.grid(True, alpha=0.3)
ax.legend(loc="lower right")
ax.set_title(sys.argv[3] if len(sys.argv) > 3 else "webchat serve memory during the soak")
fig.tight_layout()
fig.savefig(sys.argv[2])
