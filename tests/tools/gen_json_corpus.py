#!/usr/bin/python3
"""Writes a JSON test corpus judged by Python's own json module.

Each output line is HEX(input) TAB HEX(json.dumps(json.loads(input))), or
HEX(input) TAB "-" when json.loads rejects the input (or Python fails on it).
Inputs are random values written in varied styles (whitespace, escapes,
number spellings) plus random mutations of them, so both what Python accepts
and what it writes are compared. Usage: gen_json_corpus.py OUT [COUNT] [SEED]
"""
import json
import math
import random
import struct
import sys


def rand_string(r):
    pools = [
        "abcXYZ 019", '"\\/', "\b\f\n\r\t\x00\x1f\x7f", "éßøΩ中文", "😀𝄞",
        "\ud800\udfff", "\u2028\u2029\ufeff",
    ]
    return "".join(r.choice(r.choice(pools)) for _ in range(r.randrange(0, 12)))


def rand_float(r):
    kind = r.randrange(6)
    if kind == 0:
        return struct.unpack("<d", struct.pack("<Q", r.getrandbits(64)))[0]
    if kind == 1:
        return r.choice([0.0, -0.0, 1e16, 1e15, 1e-4, 1e-5, 0.1, 5e-324,
                         1.7976931348623157e308, 1795460700.0, 1.5e-05,
                         123456789012345678.0, 2.0 ** 53, float("nan"),
                         float("inf"), float("-inf")])
    if kind == 2:
        return r.uniform(-1e6, 1e6)
    if kind == 3:
        return r.randrange(-10 ** 6, 10 ** 6) * 10.0 ** r.randrange(-30, 30)
    return float(r.randrange(-10 ** 17, 10 ** 17))


def rand_value(r, depth=0):
    kinds = ["null", "bool", "int", "bigint", "float", "str"]
    if depth < 4:
        kinds += ["list", "dict", "dict"]
    k = r.choice(kinds)
    if k == "null":
        return None
    if k == "bool":
        return r.random() < 0.5
    if k == "int":
        return r.randrange(-10 ** 6, 10 ** 6)
    if k == "bigint":
        return r.randrange(-10 ** 40, 10 ** 40)
    if k == "float":
        return rand_float(r)
    if k == "str":
        return rand_string(r)
    if k == "list":
        return [rand_value(r, depth + 1) for _ in range(r.randrange(0, 5))]
    return {rand_string(r): rand_value(r, depth + 1) for _ in range(r.randrange(0, 5))}


def ws(r):
    return "".join(r.choice(" \t\n\r") for _ in range(r.choice([0, 0, 0, 1, 3])))


def write_number(r, v):
    if isinstance(v, int):
        return str(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    style = r.randrange(4)
    if style == 0:
        return repr(v)
    if style == 1:
        return "%.17e" % v
    if style == 2:
        return ("%.25g" % v).replace("e", "E")
    s = repr(v)
    return s if "e" in s or "." in s else s + ".0"


def write_string(r, s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif c < 0x20 or (0xD800 <= c <= 0xDFFF) or r.random() < 0.2:
            if c > 0xFFFF:
                c -= 0x10000
                units = [0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF)]
            else:
                units = [c]
            for u in units:
                out.append(("\\u%04x" if r.random() < 0.5 else "\\u%04X") % u)
        elif ch == "/" and r.random() < 0.5:
            out.append("\\/")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def write(r, v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return write_number(r, v)
    if isinstance(v, str):
        return write_string(r, v)
    if isinstance(v, list):
        return "[" + ws(r) + ("," + ws(r)).join(write(r, x) + ws(r) for x in v) + "]"
    items = list(v.items())
    if items and r.random() < 0.2:  # a duplicate key: the last value wins
        items.append((items[0][0], rand_value(r, 3)))
    return "{" + ws(r) + ",".join(
        ws(r) + write_string(r, k) + ws(r) + ":" + ws(r) + write(r, x) + ws(r)
        for k, x in items) + "}"


def mutate(r, text):
    if not text:
        return text
    i = r.randrange(len(text))
    op = r.randrange(3)
    if op == 0:
        return text[:i] + text[i + 1:]
    ins = r.choice(['"', "\\", ",", "]", "}", "{", "[", "0", "-", ".", "e", "N", " ", "\x01", "x"])
    if op == 1:
        return text[:i] + ins + text[i:]
    return text[:i] + ins + text[i + 1:]


def expected(text):
    try:
        return json.dumps(json.loads(text)).encode().hex()
    except (ValueError, RecursionError):
        return "-"


def main():
    out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    fixed = ["1", "-0", "-0.0", "1E400", "-1e400", "1e-400", "01", "1.", ".5", "+1", "1e", "1e+",
             "-", "NaN", "-NaN", "nan", "Infinity", "-Infinity", "infinity", '"\\ud800"',
             '"\\ud800\\udc00"', '"\\udc00\\ud800"', '"\\u12"', '"\\x41"', '"\\a"', "\ufeff1",
             " [1 , 2] ", "[1,]", "{\"a\":1,}", "{'a':1}", "[1 2]", "tru", "nulls", "",
             "  ", "\"\t\"", "\"\x7f\"", "1" * 4300, "-" + "1" * 4300, "1" * 4301,
             "[" * 512 + "]" * 512, "[" * 513 + "]" * 513, "\"\u00e9\"", "{\"a\":1,\"a\":2}",
             "123456789012345678901234567890.5", "0.1e-3", "1\x00", "[\"a\"\x0b]"]
    with open(out, "w") as f:
        cases = [(t, expected(t)) for t in fixed]
        for t, e in cases[:]:
            if t.startswith("[" * 513):  # beyond statectl's depth limit: refused on purpose
                cases.remove((t, e))
                cases.append((t, "-"))
        while len(cases) < count:
            text = write(r, rand_value(r))
            cases.append((text, expected(text)))
            if r.random() < 0.3:
                bad = mutate(r, text)
                cases.append((bad, expected(bad)))
        for t, e in cases:
            f.write(t.encode("utf-8", "surrogatepass").hex() + "\t" + e + "\n")


if __name__ == "__main__":
    main()
