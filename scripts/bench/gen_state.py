#!/usr/bin/python3
"""Generates a realistic Buildbot state data set for scripts/bench-bulk.sh,
deterministic from a seed, and writes it into a SQLite database (Buildbot's
schema, made by `statectl init` beforehand) and as COPY text for
PostgreSQL's objects and object_state tables.

Usage: gen_state.py VALUES OBJECTS SEED SQLITE_FILE PG_OBJECTS_TSV PG_STATE_TSV [utf8mb3]

With utf8mb3, the state a MySQL/MariaDB installation can hold: names and
keys within the BMP (a snowman for the emoji) and the huge values under
the 65,535 bytes of Buildbot's TEXT column. (The COPY text is also what
MySQL's LOAD DATA reads.)

Shape: keys per object are heavy-tailed (a few objects hold most values);
values are GitPoller lastRev dicts of 1-50 branches to 40-hex shas, int and
float timestamps, booleans, strings with quotes, backslashes and non-ASCII,
nested lastCodebases-like dicts, and 1 in 2,000 a 10-100 KB value; each is
stored as Python's json.dumps writes it (as Buildbot does); rows are
inserted in shuffled order."""
import json
import random
import sqlite3
import sys

CLASSES = ["GitPoller", "Nightly", "Periodic", "SingleBranchScheduler", "AnyBranchScheduler",
           "buildbot.changes.gitpoller.GitPoller", "Triggerable", "HgPoller"]
WORDS = ["main", "release/1.x", "feature/caf\u00e9", 'quote"d', "back\\slash", "\u4e2d\u6587",
         "dev", "hotfix-\U0001F600", "stable", "topic/x"]


def sha(r):
    return "%040x" % r.getrandbits(160)


MAX_HUGE = 100_000  # the rare huge value's size bound (50,000 for utf8mb3: escapes make it longer)


def branch(r):
    return r.choice(WORDS) + "-" + str(r.randrange(1000))


def value(r):
    if r.randrange(2000) == 0:  # the rare huge value: a poller watching many refs
        size = r.randrange(10_000, MAX_HUGE)
        refs = {}
        while sum(len(k) + 48 for k in refs) < size:
            refs[f"refs/heads/{branch(r)}-{len(refs)}"] = sha(r)
        return refs
    kind = r.randrange(10)
    if kind < 4:  # GitPoller lastRev
        return {branch(r): sha(r) for _ in range(1 + int(r.paretovariate(1.2)) % 50)}
    if kind == 4:
        return r.randrange(1_500_000_000, 1_900_000_000)  # int timestamp
    if kind == 5:
        return r.randrange(1_500_000_000, 1_900_000_000) + r.random()  # float timestamp
    if kind == 6:
        return r.random() < 0.5
    if kind == 7:
        return " ".join(r.choice(WORDS) for _ in range(r.randrange(1, 8)))
    return {"lastCodebases": {f"cb{i}": {"repository": f"https://example.org/{branch(r)}.git",
                                         "branch": branch(r), "revision": sha(r),
                                         "lastChange": r.randrange(10 ** 6)}
                              for i in range(r.randrange(1, 4))}}


def keys_per_object(r, values, objects):
    weights = [1.0 / (i + 1) ** 1.1 for i in range(objects)]
    r.shuffle(weights)
    total = sum(weights)
    counts = [max(1, int(values * w / total)) for w in weights]
    for i in range(values - sum(counts)):  # hand out the rounding remainder
        counts[i % objects] += 1
    while sum(counts) > values:
        j = max(range(objects), key=counts.__getitem__)
        counts[j] -= 1
    return counts


def copy_text(field):
    return (field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def main():
    values, objects, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    sqlite_file, pg_objects, pg_state = sys.argv[4:7]
    if sys.argv[7:] == ["utf8mb3"]:
        global MAX_HUGE
        MAX_HUGE = 50_000
        WORDS[WORDS.index("hotfix-\U0001F600")] = "hotfix-\u2603"
    r = random.Random(seed)
    object_rows = [(i + 1, f"file:///srv/git/{branch(r)}-{i}.git" if i % 3 else f"sched-{i}",
                    CLASSES[i % len(CLASSES)]) for i in range(objects)]
    state_rows = []
    for (oid, _, _), count in zip(object_rows, keys_per_object(r, values, objects)):
        for k in range(count):
            key = "lastRev" if k == 0 else f"{r.choice(WORDS)}-{k}"
            state_rows.append((oid, key, json.dumps(value(r))))
    r.shuffle(object_rows)
    r.shuffle(state_rows)
    con = sqlite3.connect(sqlite_file)
    con.executemany("INSERT INTO objects (id, name, class_name) VALUES (?, ?, ?)", object_rows)
    con.executemany("INSERT INTO object_state (objectid, name, value_json) VALUES (?, ?, ?)",
                    state_rows)
    con.commit()
    con.close()
    with open(pg_objects, "w") as f:
        for oid, name, cls in object_rows:
            f.write(f"{oid}\t{copy_text(name)}\t{copy_text(cls)}\n")
    with open(pg_state, "w") as f:
        for oid, key, vj in state_rows:
            f.write(f"{oid}\t{copy_text(key)}\t{copy_text(vj)}\n")


if __name__ == "__main__":
    main()
