"""Turns bench/queue-depth.sh's raw figures (depth, round, metric, value) into the Markdown result file."""

import argparse
import collections
import statistics


def load(path):
    values = collections.defaultdict(list)
    depths = []
    with open(path, encoding="utf-8") as raw:
        for line in raw:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or parts[3] == "":
                continue
            depth, _, metric, value = parts
            depth = int(depth)
            if depth not in depths:
                depths.append(depth)
            values[(depth, metric)].append(float(value))
    return depths, values


def mean(values, depth, metric):
    found = values.get((depth, metric))
    return statistics.fmean(found) if found else None


def fmt(value, digits=0):
    return "—" if value is None else f"{value:,.{digits}f}"


def ratio(value, base):
    return "—" if value is None or not base else f"{value / base:.2f}"


def rounds(values, depth, metric):
    found = values.get((depth, metric))
    return " / ".join(f"{v:,.0f}" for v in found) if found else "—"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("raw")
    for name in ("date", "nproc", "cpu", "memory", "disk", "kernel", "dotnet", "commit", "load", "command",
                 "messages", "sessions", "drain-count", "elapsed"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    depths, values = load(args.raw)

    base_accepted = mean(values, depths[0], "accepted_per_s")
    base_e2e = mean(values, depths[0], "e2e_per_s")
    drains = [mean(values, d, "drain_per_s") for d in depths if mean(values, d, "drain_per_s") is not None]
    base_drain = drains[0] if drains else None

    out = []
    out.append(f"# Queue depth: MailGrid throughput with a deep backlog — {args.date}")
    out.append("")
    out.append("Issue 6: throughput flat (±20 %) from an empty queue to a queue holding 1 million messages. "
               "`held.bench` is a paused remote domain holding the backlog (loaded by `bench/MailGrid.QueueLoader` "
               "through the server's own stores, server stopped); the load goes to `relay.bench`, both routed to "
               f"smtp-sink: `smtp-source -d -s {args.sessions} -m {args.messages} -l 4096` (bench/run.sh scenario a). "
               f"Drain: `held.bench` resumed until {int(args.drain_count):,} of its messages reached smtp-sink, then paused.")
    out.append("")
    out.append("| held.bench depth | accepted/s | e2e/s | drain/s | accepted vs depth 0 | e2e vs depth 0 "
               "| accepted vs reference | e2e vs reference | drain vs first | CPU s/1000 msgs (reference) "
               "| RSS after start (MiB) | peak RSS under load (MiB) | DB size (MiB) |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for depth in depths:
        accepted = mean(values, depth, "accepted_per_s")
        e2e = mean(values, depth, "e2e_per_s")
        drain = mean(values, depth, "drain_per_s")
        held = mean(values, depth, "held_depth")
        peak = max(values.get((depth, "peak_rss_mb"), [0])) or None
        out.append(
            f"| {fmt(held)} | {fmt(accepted)} | {fmt(e2e)} | {fmt(drain)} | {ratio(accepted, base_accepted)} "
            f"| {ratio(e2e, base_e2e)} | {ratio(accepted, mean(values, depth, 'ref_accepted_per_s'))} "
            f"| {ratio(e2e, mean(values, depth, 'ref_e2e_per_s'))} | {ratio(drain, base_drain)} "
            f"| {fmt(mean(values, depth, 'cpu_s_per_1000'), 2)} ({fmt(mean(values, depth, 'ref_cpu_s_per_1000'), 2)}) "
            f"| {fmt(mean(values, depth, 'start_rss_mb'))} | {fmt(peak)} | {fmt(mean(values, depth, 'db_mb'))} |")
    out.append("")
    out.append("\"vs depth 0\" is the ratio to the first row; \"vs reference\" the ratio to a second MailGrid.Server on "
               "an empty store, restarted with the deep one at each depth and measured in the same rounds (order "
               "alternating), which takes the shared machine's drift out; \"drain vs first\" the ratio to the first "
               "depth with a drain measurement. Accepted and e2e are means over the rounds; e2e counts until "
               "smtp-sink has every message and relay.bench's queue is empty.")
    out.append("")
    out.append("Per round, and the set-up of each depth:")
    out.append("")
    out.append("| held.bench depth | accepted/s per round | reference accepted/s | e2e/s per round "
               "| reference e2e/s | loader records/s | server start-up (s) |")
    out.append("|---:|---|---|---|---|---:|---:|")
    for depth in depths:
        out.append(f"| {fmt(mean(values, depth, 'held_depth'))} | {rounds(values, depth, 'accepted_per_s')} "
                   f"| {rounds(values, depth, 'ref_accepted_per_s')} | {rounds(values, depth, 'e2e_per_s')} "
                   f"| {rounds(values, depth, 'ref_e2e_per_s')} | {fmt(mean(values, depth, 'load_per_s'))} "
                   f"| {fmt(mean(values, depth, 'startup_s'), 1)} |")
    failures = [f"{m} at depth {d}" for (d, m) in values
                if m.removeprefix("ref_") in ("failed", "relay_timeout", "drain_timeout")]
    if failures:
        out.append("")
        out.append("**Failures:** " + ", ".join(failures))
    out.append("")
    out.append("Machine and run:")
    out.append("")
    out.append(f"- CPU: {args.nproc} × {args.cpu}; memory {args.memory}; disk {args.disk}; kernel {args.kernel}")
    out.append(f"- .NET SDK {args.dotnet}; commit {args.commit}; load average {args.load}; {int(args.elapsed)} s of measurement")
    out.append(f"- Command (as root): `{args.command}`")
    print("\n".join(out))


if __name__ == "__main__":
    main()
