"""Summarizes a read-path run: medians over rounds per workload, as a markdown table (printed and
written beside the CSV) and a bar chart of requests/s (SVG). No dependency beyond Python 3."""
import csv
import statistics
import sys
from collections import OrderedDict

path, persons, connections, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = list(csv.DictReader(open(path)))
groups = OrderedDict()
for row in rows:
    groups.setdefault((row["target"], row["workload"]), []).append(row)

LABELS = {
    "hub-floor": "hub floor `{ me }`",
    "hub-caseload": "caseload page of 50",
    "peer-caseload": "caseload page of 50",
    "hub-file": "one person's whole file",
    "peer-file": "one person's whole file",
    "hub-filtered": "filtered, ordered page of 50",
    "hub-search": "name search",
    "hub-write": "write (a support note)",
}


def median(group, key):
    return statistics.median(float(r[key]) for r in group)


SERVERS = {"hub": "hub", "bypass": "hub without enforcement (bench build)",
           "peer": "PostGraphile 5 (no consent, no audit)"}
SHORT = {"hub": "hub", "bypass": "hub, no enforcement", "peer": "peer"}
COLOURS = {"hub": "#2b6cb0", "bypass": "#90cdf4", "peer": "#999999"}
lines = [
    f"{persons} persons, {connections} connections, {seconds} s per run, "
    f"{len(set(r['round'] for r in rows))} interleaved rounds (medians)",
    "",
    "| workload | server | requests/s | p50 ms | p99 ms | statements / request | transactions / request "
    "| server CPU s | PostgreSQL CPU s | answers with errors |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
]
for (target, workload), group in groups.items():
    server = SERVERS.get(target, target)
    lines.append(
        f"| {LABELS.get(workload, workload)} | {server} | {median(group, 'requests_per_s'):.1f} "
        f"| {median(group, 'p50_ms'):.1f} | {median(group, 'p99_ms'):.1f} "
        f"| {median(group, 'statements_per_request'):.2f} | {median(group, 'transactions_per_request'):.2f} "
        f"| {median(group, 'server_cpu_s'):.1f} | {median(group, 'postgres_cpu_s'):.1f} "
        f"| {sum(int(r.get('failed') or 0) for r in group)} |"
    )
table = "\n".join(lines)
print(table)
open(path.replace(".csv", ".md"), "w").write(table + "\n")

# a horizontal bar per (target, workload): requests/s
bars = [(f"{SHORT.get(t, t)}: {LABELS.get(w, w)}", median(g, "requests_per_s"), t)
        for (t, w), g in groups.items()]
width, left, bar, gap = 860, 330, 22, 8
height = 60 + len(bars) * (bar + gap)
top = max(v for _, v, _ in bars) or 1
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
       f'<text x="10" y="22" font-size="15">Requests/s, {persons} persons, {connections} connections (median of rounds)</text>']
for i, (label, value, target) in enumerate(bars):
    y = 40 + i * (bar + gap)
    length = (width - left - 90) * value / top
    colour = COLOURS.get(target, "#999999")
    svg.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{label}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}"/>')
    svg.append(f'<text x="{left + length + 6:.1f}" y="{y + 16}">{value:.0f}</text>')
svg.append("</svg>")
open(path.replace(".csv", ".svg"), "w").write("\n".join(svg) + "\n")
