"""Counts what bench/crash-duplicates.sh's smtp-sink dump holds: lost messages, duplicates, and the duplicates
whose first copy the sink took only after the server was dead (the sender cannot have seen that 250: RFC 1047's
window, which no sender can close). Prints "lost=N duplicates=N after_kill=N"."""

import argparse
import collections
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dump", help="smtp-sink's dump folder (one file per accepted message)")
    parser.add_argument("kills", help="file with one line per kill: the Unix time of the SIGKILL and of the restart")
    parser.add_argument("--messages", type=int, required=True, help="messages smtp-source sent")
    args = parser.parse_args()

    with open(args.kills, encoding="utf-8") as lines:
        kills = [tuple(float(t) for t in line.split()) for line in lines if line.strip()]

    copies = collections.defaultdict(list)
    for name in os.listdir(args.dump):
        path = os.path.join(args.dump, name)
        with open(path, "rb") as message:
            for line in message:
                if line.lower().startswith(b"message-id:"):
                    copies[line.split(b":", 1)[1].strip()].append(os.stat(path).st_mtime)
                    break

    duplicates = sum(len(times) - 1 for times in copies.values())
    # The first copy landed while the server was down: the sink answered a connection whose client had died.
    after_kill = sum(
        len(times) - 1
        for times in copies.values()
        if len(times) > 1 and any(killed <= min(times) <= restarted for killed, restarted in kills))
    print(f"lost={args.messages - len(copies)} duplicates={duplicates} after_kill={after_kill}")


if __name__ == "__main__":
    main()
