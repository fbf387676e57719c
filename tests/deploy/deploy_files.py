"""Reading the files under deploy/ the way their tools do: YAML, the Dockerfile, commands."""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import click
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def load_yaml(relative: str):
    return yaml.safe_load((DEPLOY / relative).read_text())


def load_yaml_documents(relative: str) -> list:
    return [doc for doc in yaml.safe_load_all((DEPLOY / relative).read_text()) if doc]


def setting_env_names() -> set[str]:
    """The environment variable of every field of lifeos_core.config.Settings."""
    from lifeos_core.config import Settings

    prefix = Settings.model_config["env_prefix"]
    return {
        info.validation_alias
        if isinstance(info.validation_alias, str)
        else f"{prefix}{name}".upper()
        for name, info in Settings.model_fields.items()
    }


def documented_variables(path: Path) -> set[str]:
    """NAME=... lines, commented out or not."""
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", path.read_text(), re.M))


def env_references(node) -> set[str]:
    """Names read through Dagster's `{env: NAME}` in a parsed YAML document."""
    if isinstance(node, dict):
        found = {node["env"]} if set(node) == {"env"} else set()
        return found.union(*(env_references(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(env_references(value) for value in node))
    return set()


# --- the Dockerfile --------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    workdir: str = "/"
    env: dict[str, str] = field(default_factory=dict)
    # Where each file or folder of the repository lands in the image.
    copied: dict[str, str] = field(default_factory=dict)
    instructions: list[tuple[str, str]] = field(default_factory=list)


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    lines, current = [], ""
    for raw in path.read_text().splitlines():
        if not current and (not raw.strip() or raw.lstrip().startswith("#")):
            continue
        current += raw.rstrip().removesuffix("\\") + " "
        if not raw.rstrip().endswith("\\"):
            lines.append(current.strip())
            current = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def dockerfile_stages(path: Path) -> list[Stage]:
    stages: list[Stage] = []
    for instruction, args in dockerfile_instructions(path):
        if instruction == "FROM":
            words = args.split()
            stages.append(Stage(name=words[-1] if "AS" in map(str.upper, words) else ""))
            continue
        if not stages:
            continue
        stage = stages[-1]
        stage.instructions.append((instruction, args))
        if instruction == "WORKDIR":
            stage.workdir = str(PurePosixPath(stage.workdir, args))
        elif instruction == "ENV":
            stage.env.update(dict(re.findall(r"(\w+)=(\S+)", args)))
        elif instruction == "COPY":
            words = [w for w in shlex.split(args) if not w.startswith("--chown")]
            sources, destination = words[:-1], words[-1]
            source_stage = next(
                (w.split("=", 1)[1] for w in sources if w.startswith("--from=")), None
            )
            sources = [w for w in sources if not w.startswith("--")]
            target = PurePosixPath(stage.workdir, destination)
            for source in sources:
                if source_stage is not None:  # the same paths, taken from an earlier stage
                    earlier = next(s for s in stages if s.name == source_stage)
                    for image_path, repo_path in earlier.copied.items():
                        if PurePosixPath(image_path).is_relative_to(source):
                            rest = PurePosixPath(image_path).relative_to(source)
                            stage.copied[str(PurePosixPath(target, rest))] = repo_path
                    continue
                # A folder's contents land in the target; a file lands inside a target "dir/".
                if destination.endswith("/") and not (ROOT / source).is_dir():
                    land = PurePosixPath(target, PurePosixPath(source).name)
                else:
                    land = target
                stage.copied[str(land)] = source
    return stages


def repo_path_in_image(stage: Stage, image_path: str) -> Path | None:
    """The repository file an image path comes from, or None if the image does not have it."""
    path = PurePosixPath(stage.workdir, image_path)
    for copied_to, source in sorted(stage.copied.items(), key=lambda kv: -len(kv[0])):
        if path == PurePosixPath(copied_to) or path.is_relative_to(copied_to):
            candidate = ROOT / source / path.relative_to(copied_to)
            return candidate if candidate.exists() else None
    return None


# --- commands --------------------------------------------------------------------------------


def _click_command(script: str) -> click.Command:
    entry = {ep.name: ep for ep in importlib.metadata.entry_points(group="console_scripts")}
    if script not in entry:
        raise LookupError(f"{script} is not an installed console script")
    target = entry[script].load()
    if isinstance(target, click.Command):
        return target
    # dagster's entry points wrap their click group in a main() function beside it.
    return importlib.import_module(entry[script].module).cli


def _parse_click(command: click.Command, args: list[str], prog: str) -> tuple[str, dict]:
    context = command.make_context(prog, list(args))
    if isinstance(command, click.Group):
        name, sub, rest = command.resolve_command(
            context, [*context._protected_args, *context.args]
        )
        return _parse_click(sub, rest, f"{prog} {name}")
    return prog, context.params


def parse_command(argv: list[str]) -> tuple[str, dict]:
    """Parse a container command with the program's own parser, without running it.

    Returns the (sub)command's name and its parsed options; raises on anything its parser
    refuses: a program, subcommand or option that does not exist.
    """
    script, *args = argv
    if script == "lifeos":
        from lifeos_core.cli import build_parser

        parser = build_parser()
        parser.exit_on_error = False
        try:
            namespace = parser.parse_args(args)
        except SystemExit as exc:  # argparse exits on errors inside subparsers
            raise ValueError(f"lifeos rejects {shlex.join(args)!r}") from exc
        except argparse.ArgumentError as exc:
            raise ValueError(f"lifeos rejects {shlex.join(args)!r}: {exc}") from exc
        return f"lifeos {args[0]}", vars(namespace)
    if script == "python":
        if args[:1] != ["-c"]:
            raise ValueError(f"python is only used with -c here: {argv}")
        compile(args[1], "<healthcheck>", "exec")
        return "python -c", {"code": args[1]}
    return _parse_click(_click_command(script), args, script)
