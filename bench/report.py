"""Turns bench/run.sh's raw figures (round, scenario, server, metric, value) into the Markdown result file."""

import argparse
import collections
import statistics

SCENARIOS = {
    "a": "4 KB, 20 sessions",
    "b": "4 KB, 200 sessions",
    "c": "100 KB, 20 sessions",
    "d": "4 KB, 20 sessions, 10 rcpts",
    "e": "4 KB, 20 sessions, local mailbox",
    "f": "4 KB, 20 sessions, a connection per message",
}

# Scenarios whose smtp-source runs without -d: a new connection (greeting, EHLO, QUIT) for every message.
PER_MESSAGE_CONNECTIONS = {"f"}


def load(path):
    values = collections.defaultdict(list)
    with open(path, encoding="utf-8") as raw:
        for line in raw:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5 or parts[4] == "":
                continue
            _, scenario, server, metric, value = parts
            values[(scenario, server, metric)].append(float(value))
    return values


def mean(values, key):
    found = values.get(key)
    return statistics.fmean(found) if found else None


def fmt(value, digits=0):
    return "—" if value is None else f"{value:,.{digits}f}"


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def spread(values, key):
    found = values.get(key) or []
    return " / ".join(f"{v:,.0f}" for v in found) or "—"


def flags(values, scenario, server):
    notes = []
    for metric, text in (("failed", "smtp-source failed"), ("relay_timeout", "relay timed out"),
                         ("mailbox_timeout", "mailbox timed out"), ("latency_failed", "latency client failed")):
        if values.get((scenario, server, metric)):
            notes.append(text)
    return notes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("raw")
    for name in ("date", "nproc", "cpu", "memory", "kernel", "dotnet", "postfix", "commit", "load", "rounds", "scale", "elapsed",
                 "scenarios", "nice"):
        parser.add_argument("--" + name, default="?")
    args = parser.parse_args()
    v = load(args.raw)
    # Only the scenarios this run measured (SCENARIOS=... runs a subset).
    measured = {scenario for scenario, _, _ in v}
    scenarios = {s: name for s, name in SCENARIOS.items() if s in measured}
    out = []
    w = out.append

    w(f"# MailGrid vs Postfix — {args.date}")
    w("")
    w(f"Machine: {args.nproc} cores ({args.cpu}), {args.memory}, Linux {args.kernel}; .NET SDK {args.dotnet}; "
      f"Postfix {args.postfix}; MailGrid commit {args.commit}. Load average before → after: {args.load}. "
      f"{args.rounds} rounds alternating the servers, SCALE={args.scale}, {args.elapsed} s measured.")
    w("")
    subset = "" if args.scenarios in ("?", "a b c d e f idle") else f"SCENARIOS=\"{args.scenarios}\" "
    niceness = f"NICE={args.nice} " if args.nice not in ("", "?") else ""
    w(f"Command: `{subset}{niceness}ROUNDS={args.rounds} bash bench/run.sh` (as root). Figures are means over the rounds; "
      "per-round values are listed below the tables.")
    w("")

    w("## Ingest: messages accepted per second (smtp-source -d, one connection per session; (f) without -d, a connection per message)")
    w("")
    w("| Load | MailGrid | Postfix | limit (smtp-sink) | MailGrid/Postfix | MailGrid/limit |")
    w("|---|---:|---:|---:|---:|---:|")
    for s, name in scenarios.items():
        m, p, k = (mean(v, (s, x, "accepted_per_s")) for x in ("mailgrid", "postfix", "sink"))
        w(f"| ({s}) {name} | {fmt(m)} | {fmt(p)} | {fmt(k)} | {ratio(m, p)} | {ratio(m, k)} |")
    w("")

    w("## Time from the final dot to the 250, ms (bench latency client, one command at a time)")
    w("")
    w("| Load | MailGrid p50 / p99 | Postfix p50 / p99 | smtp-sink p50 / p99 | p50 MailGrid/Postfix |")
    w("|---|---:|---:|---:|---:|")
    for s, name in scenarios.items():
        cells = []
        for x in ("mailgrid", "postfix", "sink"):
            p50, p99 = mean(v, (s, x, "p50_ms")), mean(v, (s, x, "p99_ms"))
            cells.append(f"{fmt(p50, 1)} / {fmt(p99, 1)}")
        w(f"| ({s}) {name} | {' | '.join(cells)} | {ratio(mean(v, (s, 'mailgrid', 'p50_ms')), mean(v, (s, 'postfix', 'p50_ms')))} |")
    w("")

    w("## End to end: first message sent → last one at smtp-sink (relay) or in the mailbox (local), messages per second")
    w("")
    w("| Load | MailGrid | Postfix | MailGrid/Postfix | limit (smtp-sink ingest) | MailGrid/limit |")
    w("|---|---:|---:|---:|---:|---:|")
    for s, name in scenarios.items():
        metric = "mailbox_per_s" if s == "e" else "relay_per_s"
        m, p = mean(v, (s, "mailgrid", metric)), mean(v, (s, "postfix", metric))
        k = mean(v, (s, "sink", "accepted_per_s"))
        w(f"| ({s}) {name} | {fmt(m)} | {fmt(p)} | {ratio(m, p)} | {fmt(k)} | {ratio(m, k)} |")
    w("")

    w("## Resources per load: CPU seconds per 1,000 messages (accept + relay/delivery) and peak memory")
    w("")
    w("| Load | MailGrid CPU s | Postfix CPU s | MailGrid/Postfix | MailGrid peak RSS MiB | Postfix peak Σ PSS MiB |")
    w("|---|---:|---:|---:|---:|---:|")
    for s, name in scenarios.items():
        m, p = mean(v, (s, "mailgrid", "cpu_s_per_1000")), mean(v, (s, "postfix", "cpu_s_per_1000"))
        w(f"| ({s}) {name} | {fmt(m, 2)} | {fmt(p, 2)} | {ratio(m, p)} | "
          f"{fmt(mean(v, (s, 'mailgrid', 'peak_mem_mb')))} | {fmt(mean(v, (s, 'postfix', 'peak_mem_mb')))} |")
    w("")

    if any(s in PER_MESSAGE_CONNECTIONS for s in scenarios):
        w("## A connection per message: connect → reply to QUIT, ms (bench latency client, one command at a time)")
        w("")
        w("| Load | MailGrid p50 / p99 | Postfix p50 / p99 | smtp-sink p50 / p99 | p50 MailGrid/Postfix |")
        w("|---|---:|---:|---:|---:|")
        for s in sorted(PER_MESSAGE_CONNECTIONS & scenarios.keys()):
            cells = [f"{fmt(mean(v, (s, x, 'session_p50_ms')), 1)} / {fmt(mean(v, (s, x, 'session_p99_ms')), 1)}"
                     for x in ("mailgrid", "postfix", "sink")]
            w(f"| ({s}) {scenarios[s]} | {' | '.join(cells)} | "
              f"{ratio(mean(v, (s, 'mailgrid', 'session_p50_ms')), mean(v, (s, 'postfix', 'session_p50_ms')))} |")
        w("")

    if "idle" in measured:
        idle_table(v, w)
    per_round(v, w, scenarios)
    how_measured(args, w)
    print("\n".join(out))


def idle_table(v, w):
    w("## Idle sessions (greeted, EHLO, then idle; MailGrid measured on a fresh process before the loads, Postfix after them)")
    w("")
    w("| Server | sessions held | memory while held, MiB | KiB per session |")
    w("|---|---:|---:|---:|")
    for x, label in (("mailgrid", "MailGrid (RSS)"), ("postfix", "Postfix (Σ PSS of master + daemons)")):
        w(f"| {label} | {fmt(mean(v, ('idle', x, 'idle_sessions')))} | {fmt(mean(v, ('idle', x, 'idle_mem_mb')))} | "
          f"{fmt(mean(v, ('idle', x, 'idle_kb_per_session')), 1)} |")
    w("")


def per_round(v, w, scenarios):
    w("## Per round (accepted/s; relay or mailbox/s)")
    w("")
    w("| Load | MailGrid accepted | Postfix accepted | smtp-sink | MailGrid end-to-end | Postfix end-to-end |")
    w("|---|---|---|---|---|---|")
    for s in scenarios:
        metric = "mailbox_per_s" if s == "e" else "relay_per_s"
        w(f"| ({s}) | {spread(v, (s, 'mailgrid', 'accepted_per_s'))} | {spread(v, (s, 'postfix', 'accepted_per_s'))} | "
          f"{spread(v, (s, 'sink', 'accepted_per_s'))} | {spread(v, (s, 'mailgrid', metric))} | {spread(v, (s, 'postfix', metric))} |")
    problems = [f"({s}) {x}: {', '.join(flags(v, s, x))}" for s in scenarios for x in ("mailgrid", "postfix", "sink") if flags(v, s, x)]
    if problems:
        w("")
        w("Problems: " + "; ".join(problems) + ".")
    w("")


def how_measured(args, w):
    w("## How it was measured")
    w("")
    w("- MailGrid.Server (Release) on its embedded default: SQLite + blob files under its own data folder, every `250` after "
      "the body and the records are fsync'd; `relay.bench` routed to smtp-sink; `local.bench` a catch-all local domain. "
      "SMTP connection limits raised for the 200-session and idle runs; delivery limits at their defaults "
      "(4 connections per destination, 100 messages per connection).")
    w("- Postfix: a private instance (own config and queue) on 127.0.0.1 with its stock durable queue (fsync per queue file), "
      "`relayhost` = smtp-sink, `local.bench` delivered by virtual(8) into one Maildir; smtpd process limit raised to 2100.")
    w("- The limit: the same load sent to smtp-sink itself, which stores nothing: the ceiling of the harness on this machine.")
    w("- Ingest: `smtp-source -d -s SESSIONS -m MESSAGES -l SIZE -r RCPTS` ((f): the same without `-d`, so every message "
      "connects, is greeted, sends EHLO and QUIT); end to end waits until smtp-sink has counted every "
      "message and the server's queue is empty. Latency: a separate pass of the bench client (a quarter as many messages), "
      "which times the final `.` to the `250` of every message, and for (f) also connect to the reply of QUIT.")
    w("- CPU: utime + stime from /proc/PID/stat over the ingest and its delivery (Postfix: master + live daemons + reaped "
      "daemons' cutime/cstime). Memory: MailGrid VmHWM (reset per load), Postfix Σ PSS of its processes sampled every 0.25 s.")
    w(f"- **Noise:** the load generators (smtp-source, the bench client) and smtp-sink share the machine's {args.nproc} "
      "cores with the servers, and the load averages above show what else ran; the ratios of the alternating rounds "
      "are the meaningful part, and the per-round values show the spread.")


if __name__ == "__main__":
    main()
