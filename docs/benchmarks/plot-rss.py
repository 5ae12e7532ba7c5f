#!/usr/bin/env python3
"""Plots a soak's RSS samples (docs/benchmarks/soak.sh writes them) to a PNG.
Usage: plot-rss.py rss.csv out.png [title]   (needs matplotlib: pip install matplotlib)"""
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

rows = list(csv.DictReader(open(sys.argv[1])))
minutes = [int(r["seconds"]) / 60 for r in rows]
megabytes = [int(r["rss_kb"]) / 1024 for r in rows]
fig, ax = plt.subplots(figsize=(9, 4.2), dpi=100)
ax.plot(minutes, megabytes, color="#2563eb", linewidth=1.6)
ax.set_xlabel("minutes")
ax.set_ylabel("server RSS (MB)")
ax.set_ylim(0, max(megabytes) * 1.15)
ax.grid(True, alpha=0.3)
ax.set_title(sys.argv[3] if len(sys.argv) > 3 else "webchat serve RSS during the soak")
fig.tight_layout()
fig.savefig(sys.argv[2])
