"""Fails when a script or test uses a command, or imports a Python module,
that no package installs on a fresh machine.

A fresh Debian 12 machine (a debootstrap minbase) has only the packages of
priority "required" and apt; everything else must come from
scripts/install-deps.sh. This check finds the external commands the scripts
and tests run (the first word of each shell command, commands in quoted
command strings, the programs Python tests start, absolute paths such as
/usr/bin/time) and the modules the Python tests import, asks dpkg which
package each comes from on this machine, and fails unless that package is
required or is one install-deps installs (or one of their dependencies).
Words that are no command here are not commands at all, or missing here
too, where the tests fail loudly anyway: the point is to catch a tool this
machine happens to have.

Usage: /usr/bin/python3 scripts/check-commands.py   (run by scripts/test.sh)
"""
import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHELL_WORDS = {  # keywords and builtins: never a package's
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "in", "function", "return", "local", "export", "exec", "set", "trap", "eval", "shift",
    "cd", "echo", "printf", "read", "test", "true", "false", "exit", "source", ".", "declare",
    "wait", "kill", "command", "type", "unset", "break", "continue", "let", "pwd", "[", "[[",
    "time", "builtin", "readonly", "getopts", "umask", "ulimit", "hash", "alias", ":",
}


def shell_files():
    out = [os.path.join(ROOT, ".ci", "run")]
    for folder in ("scripts", os.path.join("scripts", "bench")):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            path = os.path.join(ROOT, folder, name)
            if os.path.isfile(path) and (name.endswith(".sh") or name == "statectl"):
                out.append(path)
    return out


def python_files():
    out = []
    for top in ("tests", "scripts"):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            out += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith(".py")]
    return out


def segment_starts(line):
    """Where commands may start in a line of shell: its start, after an
    unquoted | ; & ( ` or $(, and at the start of a quoted string's text
    (a command string for bash -c, hyperfine, ...)."""
    starts, quote, i = [0], None, 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == quote:
                quote = None
            elif quote == '"' and c == "\\":
                i += 1
            elif quote == '"' and line.startswith("$(", i):
                starts.append(i + 2)
                i += 1
        elif c in "\"'":
            quote = c
            starts.append(i + 1)
        elif c == "\\":
            i += 1
        elif c == "#" and (i == 0 or line[i - 1].isspace()):
            break
        elif c in "|;&(`{":
            starts.append(i + 1)
        elif line.startswith("$(", i):
            starts.append(i + 2)
            i += 1
        i += 1
    return starts


def shell_commands(path):
    """The words that start a command in a shell script, and in the quoted
    command strings it hands to bash -c, hyperfine and the like. Array
    literals (install-deps.sh's package list) are data, not commands."""
    text = open(path).read()
    functions = set(re.findall(r"^\s*([A-Za-z_][\w-]*)\s*\(\)", text, re.M))
    words, in_array = set(), False
    for line in text.splitlines():
        if in_array:
            in_array = not re.match(r"^\s*\)", line)
            continue
        if re.match(r"^\s*[A-Za-z_]\w*=\(\s*(#.*)?$", line):
            in_array = True
            continue
        for start in segment_starts(line):
            tokens = re.split(r"[\s\"'|;&()`<>]+", line[start:].lstrip(), maxsplit=3)
            while tokens and (re.match(r"^[A-Za-z_]\w*=", tokens[0]) or
                              tokens[0] in ("then", "do", "else", "if", "while", "!", "exec")):
                tokens.pop(0)
            if tokens and re.match(r"^[A-Za-z0-9_./+-]+$", tokens[0]):
                words.add(tokens[0])
    return {w for w in words if w not in SHELL_WORDS and w not in functions and w not in NOT_NEEDED}


def python_commands_and_modules(path):
    """Programs a Python file starts (a list's first string handed to
    subprocess, absolute paths of programs) and the modules it imports."""
    tree = ast.parse(open(path).read(), path)
    commands, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
                "run", "Popen", "check_output", "check_call", "call"):
            if node.args and isinstance(node.args[0], ast.List) and node.args[0].elts:
                first = node.args[0].elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    commands.add(first.value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if re.match(r"^/usr/(s?bin|lib/postgresql/\d+/bin)/[\w.+-]+$", node.value):
                commands.add(node.value)
        elif isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return commands, modules


def local_modules():
    names = set()
    for path in python_files():
        names.add(os.path.splitext(os.path.basename(path))[0])
    return names


# Words that resolve to a program but need no install step, and why.
NOT_NEEDED = {
    "sudo": "install-deps.sh uses it only when not run as root, where a user has it",
}

# Where Debian's packages put programs; /usr/local and ~/.pyenv are not a
# fresh machine's.
PACKAGE_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"


def resolve(word):
    if word.startswith("/"):
        return word if os.path.isfile(word) and os.access(word, os.X_OK) else None
    if "/" in word:
        return None  # a path of the project's own
    return shutil.which(word, path=PACKAGE_PATH)


def module_file(name):
    """The file Debian's python3 would import name from, or None (stdlib,
    missing, or built in)."""
    code = ("import importlib.util, sys\n"
            f"s = importlib.util.find_spec({name!r})\n"
            "print(s.origin if s and s.origin and s.origin not in ('built-in', 'frozen') else '')")
    out = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or None


def owners(paths):
    """{path: package} for the paths dpkg knows, trying /bin and /usr/bin alike."""
    candidates = {}
    for p in paths:
        forms = {p, os.path.realpath(p)}
        for f in list(forms):
            for a, b in (("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/"), ("/usr/lib/", "/lib/")):
                if f.startswith(a):
                    forms.add(b + f[len(a):])
                elif f.startswith(b):
                    forms.add(a + f[len(b):])
        for f in forms:  # a set: two paths may share one (mysql, a link to mariadb)
            candidates.setdefault(f, set()).add(p)
    out = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
    found = {}
    for line in out.stdout.splitlines():
        if line.startswith("diversion by "):  # "diversion by dash from: /bin/sh": not an owner
            continue
        pkgs, _, path = line.partition(": ")
        for used in candidates.get(path, ()):
            found.setdefault(used, pkgs.split(",")[0].split(":")[0].strip())
    return found


def installed_packages():
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Priority}\t${Essential}\t${Depends}, "
                             "${Pre-Depends}\t${Provides}\t${db:Status-Abbrev}\n"],
        capture_output=True, text=True, check=True).stdout
    info, provides = {}, {}
    for line in out.splitlines():
        name, priority, essential, depends, provided, status = line.split("\t")
        if not status.startswith("ii"):
            continue
        alternatives = [[re.split(r"[ (:]", alt.strip())[0] for alt in group.split("|")]
                        for group in depends.split(",") if group.strip()]
        info[name] = (priority == "required" or essential == "yes", alternatives)
        for p in provided.split(","):
            if p.strip():
                provides.setdefault(re.split(r"[ (:]", p.strip())[0], []).append(name)
    return info, provides


def main():
    listed = subprocess.run([os.path.join(ROOT, "scripts", "install-deps.sh"), "--list"],
                            capture_output=True, text=True, check=True).stdout.split()
    info, provides = installed_packages()
    # What install-deps brings: its packages and everything they depend on.
    brought, todo = set(), list(listed)
    while todo:
        name = todo.pop()
        for real in [name] + provides.get(name, []):
            if real in brought or real not in info:
                continue
            brought.add(real)
            for group in info[real][1]:
                todo += group
    uses = {}  # command or module file -> where it is used
    for path in shell_files():
        for word in shell_commands(path):
            if (target := resolve(word)):
                uses.setdefault(target, set()).add(f"{os.path.relpath(path, ROOT)} runs {word}")
    own = local_modules()
    for path in python_files():
        commands, modules = python_commands_and_modules(path)
        for word in commands:
            if (target := resolve(word)):
                uses.setdefault(target, set()).add(f"{os.path.relpath(path, ROOT)} runs {word}")
        for module in modules - own - set(sys.stdlib_module_names):
            if (target := module_file(module)):
                uses.setdefault(target, set()).add(f"{os.path.relpath(path, ROOT)} imports {module}")
    package_of = owners(uses)
    bad = []
    for target, where in sorted(uses.items()):
        package = package_of.get(target)
        if package is None:
            bad.append(f"{target} (no Debian package installs it): {', '.join(sorted(where))}")
        elif not info.get(package, (False,))[0] and package not in brought:
            bad.append(f"{target} comes from package {package}, which scripts/install-deps.sh "
                       f"does not install: {', '.join(sorted(where))}")
    for line in bad:
        print(f"check-commands: {line}", file=sys.stderr)
    print(f"check-commands: {len(uses)} commands and modules checked, {len(bad)} without an "
          "install step", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
