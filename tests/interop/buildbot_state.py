#!/usr/bin/python3
"""Drive real Buildbot's state API (buildbot.db.state) against a database.

The oracle every statectl test compares with: it opens the database the way
Buildbot's own scripts do (buildbot cleanupdb: BuildMaster(basedir), then
master.db.setup()), so it runs Buildbot's DBConnector, engine strategy and
StateConnectorComponent, and what it writes is what a running master writes.

Usage: buildbot_state.py BASEDIR DB_URL < ops.jsonl > results.jsonl
A relative sqlite:/// URL is relative to BASEDIR, as in master.cfg.
Each input line is a JSON array, one operation:
  ["object-id", name, class_name]      getObjectId
  ["set", objectid, key, value]        setState(value)
  ["set-json", objectid, key, text]    setState(json.loads(text))
  ["get", objectid, key]               getState
  ["create-once", objectid, key, value]  atomicCreateState
  ["create-schema"]                    the tables, as upgrade-master makes them
  ["wait-until", unix_time]            sleep until then (to start races together)
Each output line is {"ok": result} or {"error": "ExceptionType"}, flushed.
Must run under /usr/bin/python3 (Debian's python3-buildbot).
"""
import json
import sys
import time

from twisted.internet import defer, task

from buildbot.master import BuildMaster


@defer.inlineCallbacks
def run(reactor, basedir, db_url):
    master = BuildMaster(basedir)
    master.config.db['db_url'] = db_url
    # master.db, not a second DBConnector: the 'objectids' cache of
    # getObjectId is bound to the master's own connector.
    db = master.db
    yield db.setup(check_version=False, verbose=False)
    for line in sys.stdin:
        op = json.loads(line)
        try:
            if op[0] == "create-schema":
                yield db.model.upgrade()
                result = None
            elif op[0] == "object-id":
                result = yield db.state.getObjectId(op[1], op[2])
            elif op[0] == "set":
                yield db.state.setState(op[1], op[2], op[3])
                result = None
            elif op[0] == "set-json":
                yield db.state.setState(op[1], op[2], json.loads(op[3]))
                result = None
            elif op[0] == "get":
                result = yield db.state.getState(op[1], op[2])
            elif op[0] == "create-once":
                value = op[3]
                result = yield db.state.atomicCreateState(
                    op[1], op[2], lambda: value)
            elif op[0] == "wait-until":
                yield task.deferLater(reactor, max(0.0, op[1] - time.time()), lambda: None)
                result = None
            else:
                raise ValueError(f"unknown op {op[0]!r}")
            print(json.dumps({"ok": result}), flush=True)
        except Exception as e:  # the test asserts on the type name
            print(json.dumps({"error": type(e).__name__}), flush=True)


if __name__ == "__main__":
    task.react(run, sys.argv[1:3])
