"""The values the interop suite stores with both tools, as JSON texts the way
an operator would type them. Python's json module is the judge: Buildbot
stores json.dumps(json.loads(text)).

texts(): hand-picked shapes (every float repr shape, huge integers, NaN and
the infinities, surrogate pairs and lone surrogates, control characters,
deep nesting, duplicate keys, key order, spellings with whitespace and
escapes, GitPoller and Nightly values) plus random values written in varied
styles by tests/tools/gen_json_corpus.py, deterministic from the seed.
rejected(): texts Python's json refuses."""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import gen_json_corpus  # noqa: E402

HAND_PICKED = [
    # numbers: every shape of float repr, exponents, signs, big ints
    "0", "-0", "-0.0", "0.0", "1.0", "1795460700", "1795460700.4828148", "1e16", "1e15",
    "123456789012345678.0", "1.5e-05", "1.5E-5", "0.0001", "0.00001", "5e-324", "1e-400",
    "1.7976931348623157e308", "1E400", "-1e400", "2.5E+3", "9007199254740993",
    "123456789012345678901234567890", "-" + "9" * 4300, "1" * 4300, "0.1", "0.30000000000000004",
    "1e22", "1e21", "100.0e-2", "NaN", "Infinity", "-Infinity", "[NaN, Infinity, -Infinity]",
    # strings: escapes, surrogates, controls, non-ASCII, separators
    '""', '"plain"', '"caf\u00e9 \u4e2d\u6587 \U0001F600 \U0001D11E"', '"\\ud83d\\ude00"',
    '"\\ud800"', '"\\udc00x\\ud800"', '"\\u0000\\u001f\\b\\f\\n\\r\\t"', '"\x7f\u0080\u00ff"',
    '"\u2028\u2029\ufeff"', '"\\/\\"\\\\"', '"quote \\" back \\\\ slash"', '"\\u00E9\\u00e9"',
    '"' + "x" * 20000 + '"',
    # containers: order, duplicates, whitespace, nesting
    "[]", "{}", "[[]]", '{"b": 1, "a": 2}', '{"a":1,"a":2}', '{"a": {"x": 1}, "a": [2]}',
    ' \t\n{ "k" :\r\n [ 1 , 2 ] }  ', '{"":""}', '{"\\u00e9": 1, "\u00e9": 2}',
    "[" * 500 + "]" * 500, '{"a":' * 300 + "1" + "}" * 300,
    "true", "false", "null", "[true, false, null]",
    # what Buildbot's own pollers and schedulers keep
    '{"master": "7450610d28eedefcc6fd244fe58c31444ab99798", '
    '"release/1.x": "83d58db6dcdbe3d91104306c532daff3e2621267"}',
    '{"lastCodebases": {"proj": {"repository": "https://example.org/r.git", "branch": "main", '
    '"revision": "20df77f3", "lastChange": 42}}}',
]


def texts(seed=20261123, generated=250):
    r = random.Random(seed)
    out = list(HAND_PICKED)
    for _ in range(generated):
        out.append(gen_json_corpus.write(r, gen_json_corpus.rand_value(r)))
    for t in out:
        json.loads(t)  # every text here is one Python accepts
    return out


def rejected(seed=20261123, count=40):
    """Texts Python's json.loads refuses (so Buildbot could never store them)."""
    r = random.Random(seed + 1)
    out = ["", "nan", "-NaN", "01", "1.", ".5", "+1", "[1,]", "{'a': 1}", '"\\x41"', "tru",
           '"\\u12"', '{"a" 1}', "1" * 4301, "[" * 2000 + "]" * 2000]
    for t in out:
        assert not python_accepts(t), t
    while len(out) < count:
        bad = gen_json_corpus.mutate(r, gen_json_corpus.write(r, gen_json_corpus.rand_value(r)))
        if not python_accepts(bad) and "\x00" not in bad:  # an argument cannot hold NUL
            out.append(bad)
    return out


def python_accepts(text):
    try:
        json.loads(text)
        return True
    except (ValueError, RecursionError):
        return False
