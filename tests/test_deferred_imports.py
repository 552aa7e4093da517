"""Modules python-liquid imports but builds never use load on first use, and then work whole.

Each case runs in a fresh interpreter: the test process has long since imported them.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def run_python(code: str, cwd: Path | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_build_leaves_the_modules_it_never_uses_unloaded(tmp_path: Path):
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_layouts").mkdir()
    (site / "_layouts" / "post.html").write_text("<h1>{{ page.title }}</h1>{{ content }}")
    (site / "_posts" / "2025-08-22-talks.md").write_text(
        "---\nlayout: post\ntitle: Talks\ndate: 2025-08-22T05:44:58\n---\nText.\n")
    out = run_python(f"""
        import sys
        from pathlib import Path
        from broadsheet.build import BuildOptions, build
        build(BuildOptions(source=Path({str(site)!r}), destination=Path({str(tmp_path / 'out')!r})))
        deferred = ("asyncio", "dateutil.parser", "liquid.extra", "babel.messages", "inspect")
        print(sorted(type(sys.modules[n]).__name__ for n in deferred),
              sorted(n for n in ("babel", "babel.dates", "pytz") if n in sys.modules))
    """)
    assert out == "['_Deferred', '_Deferred', '_Deferred', '_Deferred', '_Deferred'] []"
    assert "<h1>Talks</h1>" in (tmp_path / "out/2025/08/22/talks.html").read_text()


def test_a_deferred_module_works_whole_once_used():
    out = run_python("""
        import broadsheet, sys
        import asyncio
        import asyncio.events
        from dateutil import parser

        async def answer():
            await asyncio.sleep(0)
            return 42

        print(asyncio.run(answer()), parser.parse("2025-08-22T05:44:58").year,
              type(sys.modules["asyncio"]).__name__, asyncio.events.AbstractEventLoop.__name__)
    """)
    assert out == "42 2025 module AbstractEventLoop"


def test_liquids_extra_tags_and_translations_work_when_asked_for():
    out = run_python("""
        import broadsheet, sys
        import liquid
        print(type(liquid.extra).__name__)
        env = liquid.Environment(extra=True)  # registers them: python-liquid calls the stand-in
        template = env.from_string("{% macro tag t %}<{{ t }}>{% endmacro %}{% call tag 'b' %}")
        print(template.render(), type(liquid.extra).__name__)
        import liquid.extra.tags
        from liquid.messages import extract_from_template
        catalog = liquid.messages.Catalog()  # a stand-in, until babel.messages is used
        catalog.add("Hello")
        found = extract_from_template(env.from_string("{{ 'Goodbye' | t }}"))
        print(liquid.extra.tags.MacroTag.__name__, [m.id for m in catalog if m.id],
              [m.message for m in found], type(sys.modules["babel.messages"]).__name__)
    """)
    assert out.splitlines() == ["_Deferred", "<b> module",
                                 "MacroTag ['Hello'] [('Goodbye',)] module"]


def test_threads_that_first_use_a_deferred_module_together_all_see_it_loaded():
    out = run_python("""
        import broadsheet, sys, threading
        import asyncio
        seen, start = [], threading.Barrier(8)

        def use():
            start.wait()
            seen.append(asyncio.iscoroutinefunction(use))

        threads = [threading.Thread(target=use) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(seen.count(False), type(sys.modules["asyncio"]).__name__)
    """)
    assert out == "8 module"


def test_a_module_that_fails_to_load_fails_as_an_import_does(tmp_path: Path):
    (tmp_path / "broken_plugin.py").write_text("raise RuntimeError('bad plugin')\n")
    out = run_python("""
        import sys
        from broadsheet.deferred_imports import defer
        defer(("broken_plugin", "no_such_module_here"))
        import broken_plugin
        try:
            broken_plugin.anything
        except RuntimeError as error:
            print(error, "broken_plugin" in sys.modules, "no_such_module_here" in sys.modules)
    """, cwd=tmp_path)
    assert out == "bad plugin False False"


def test_every_dataclass_has_a_docstring():
    """dataclasses imports inspect to write a docstring for a dataclass without one, which
    undoes deferring it for every command (deferred_imports)."""
    import ast

    missing = []
    for path in sorted((Path(__file__).parents[1] / "src" / "broadsheet").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None
                    and any("dataclass" in ast.unparse(d) for d in node.decorator_list)):
                missing.append(f"{path.name}:{node.lineno} {node.name}")
    assert missing == []
