"""Every setting of the pipeline: the PIPELINE_* environment variables, their defaults, and the paths
derived from them. No other module reads a PIPELINE_* variable.

`VARIABLES` is the one list (README's configuration table and `.env.example` mirror it). Each setting is
read through `value()` when it is needed; a wrong value is a `ConfigError` with a one-line message, and
`check()` raises it before any Dagster or dbt work starts (`pipelines/cli.py`).

dbt reads the same warehouse: its profiles.yml and sources use env_var('PIPELINE_WAREHOUSE') and
env_var('PIPELINE_PARQUET_URI'), so `export_for_dbt` puts the resolved values into the environment
that dbt subprocesses inherit.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.storage.objectstore import ParquetStore

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "transforms"
SEGMENTERS = ("jieba_next", "jieba_fast", "jieba")
RUNNERS = ("serial", "processes", "dask")

# name -> (default, what it sets). Relative defaults are under the repository.
VARIABLES: dict[str, tuple[str, str]] = {
    "PIPELINE_INPUT": ("seeds/raw", "folder of raw files (sub-folders too); must exist"),
    "PIPELINE_WAREHOUSE": (
        "warehouse",
        "folder for warehouse.duckdb, the published copy, the report and logs",
    ),
    "PIPELINE_PARQUET": (
        "",
        "where the Parquet tables go: a path or an object-store URL (empty: <warehouse>/parquet)",
    ),
    "PIPELINE_DUCKDB_MEMORY": ("1GB", "DuckDB's memory limit in a build; it spills to disk beyond it"),
    "PIPELINE_SEGMENTER": ("jieba_next", "word segmenter: jieba_next, jieba_fast or jieba"),
    "PIPELINE_LEXICON": ("seeds/lexicon", "folder of the domain word lists (CSV)"),
    "PIPELINE_RUNNER": ("serial", "where document batches run: serial, processes or dask"),
    "PIPELINE_WORKERS": ("1", "worker processes for the processes and dask runners"),
    "PIPELINE_DASK_ADDRESS": ("", "a Dask scheduler to use (empty: a local cluster of PIPELINE_WORKERS)"),
    "PIPELINE_SCHEDULE": ("0 6 * * *", "cron of the daily build schedule (off until switched on in the UI)"),
    "PIPELINE_TIMEZONE": ("Asia/Shanghai", "time zone of the schedule"),
    "PIPELINE_GOLD": (
        "",
        "folder of gold files for the gold-score check and the report "
        "(empty: no score; make run and make eval use tests/gold)",
    ),
    "PIPELINE_ALLOW_SHRINK": (
        "0",
        "1: let a build drop more than half of the warehouse's documents (an emptied input folder); "
        "0 refuses such a build",
    ),
    "PIPELINE_LOG": (
        "",
        "file for the full Dagster event log of `make run` (empty: <warehouse>/logs/run-<time>.log)",
    ),
}


class ConfigError(ValueError):
    """A setting that cannot work; the message is one line a person can act on."""


FOLDERS = ("PIPELINE_INPUT", "PIPELINE_WAREHOUSE", "PIPELINE_LEXICON")


def value(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The variable's value, or its default when unset. A folder variable set but empty is an error: a typo
    in a variable must not silently fall back to the samples."""
    env = os.environ if environ is None else environ
    default = VARIABLES[name][0]
    if name not in env:
        return default
    given = env[name].strip()
    if not given and name in FOLDERS:
        raise ConfigError(
            f"{name} is set but empty; unset it to use the default ({default}) or give a folder"
        )
    return given or default


def _folder(name: str, environ: Mapping[str, str] | None = None) -> Path:
    """A folder variable as an absolute path: a value given relative to the working directory, the
    default relative to the repository."""
    given = value(name, environ)
    base = REPO_ROOT if given == VARIABLES[name][0] else Path.cwd()
    return _resolved(base / Path(given).expanduser(), name)


def _resolved(path: Path, name: str) -> Path:
    """The absolute path with every link resolved; a symlink loop is a ConfigError, not a traceback."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:  # Python 3.11 raises RuntimeError("Symlink loop ..."), 3.13 ELOOP
        if isinstance(exc, OSError) and exc.errno != errno.ELOOP:
            raise
        raise ConfigError(f"{name} is a symlink loop: {path}") from exc


def segmenter_name(environ: Mapping[str, str] | None = None) -> str:
    name = value("PIPELINE_SEGMENTER", environ)
    if name not in SEGMENTERS:
        raise ConfigError(f"PIPELINE_SEGMENTER={name!r} is not one of {', '.join(SEGMENTERS)}")
    return name


def lexicon_dir(environ: Mapping[str, str] | None = None) -> Path:
    return _folder("PIPELINE_LEXICON", environ)


def gold_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    given = value("PIPELINE_GOLD", environ)
    return Path(given).expanduser().resolve() if given else None


def log_file(warehouse_dir: Path, stamp: str, environ: Mapping[str, str] | None = None) -> Path:
    given = value("PIPELINE_LOG", environ)
    return Path(given).expanduser().resolve() if given else warehouse_dir / "logs" / f"run-{stamp}.log"


def allow_shrink(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a build may drop most of the warehouse's documents (the ingest asset refuses otherwise)."""
    given = value("PIPELINE_ALLOW_SHRINK", environ)
    if given.lower() in ("1", "true", "yes"):
        return True
    if given.lower() in ("0", "false", "no"):
        return False
    raise ConfigError(f"PIPELINE_ALLOW_SHRINK={given!r} is not 1 or 0")


@dataclass(frozen=True)
class Runner:
    kind: str = "serial"
    workers: int = 1
    dask_address: str = ""


def runner(environ: Mapping[str, str] | None = None) -> Runner:
    kind = value("PIPELINE_RUNNER", environ)
    if kind not in RUNNERS:
        raise ConfigError(f"PIPELINE_RUNNER={kind!r} is not one of {', '.join(RUNNERS)}")
    workers = value("PIPELINE_WORKERS", environ)
    if not workers.isdigit() or int(workers) < 1:
        raise ConfigError(f"PIPELINE_WORKERS={workers!r} is not a whole number of at least 1")
    return Runner(kind, int(workers), value("PIPELINE_DASK_ADDRESS", environ))


def schedule(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(cron, time zone) of the daily build."""
    return value("PIPELINE_SCHEDULE", environ), value("PIPELINE_TIMEZONE", environ)


@dataclass(frozen=True)
class Paths:
    input_dir: Path
    warehouse_dir: Path
    parquet_location: str = ""  # empty: <warehouse_dir>/parquet

    @property
    def database(self) -> Path:
        return self.warehouse_dir / "warehouse.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.warehouse_dir / "published"

    @property
    def report_file(self) -> Path:
        return self.warehouse_dir / "report" / "index.html"

    @property
    def dbt_target(self) -> Path:
        """dbt's target folder for this warehouse, reused by every build: its parse state
        (`partial_parse.msgpack`) holds only for the warehouse path it was made with, and it keeps the last
        build's logs and run results."""
        return self.warehouse_dir / "dbt"

    @property
    def store(self) -> ParquetStore:
        """The Parquet tables (keys below) on a local disk or an object store."""
        from pipelines.storage.objectstore import ParquetStore  # Polars and pyarrow only where needed

        return ParquetStore(self.parquet_location or str(self.warehouse_dir / "parquet"))


# Keys of the Parquet store: whole tables are one file, per-document tables a folder of batch files.
def table_file(name: str) -> str:
    return f"{name}.parquet"


def batch_key(name: str, batch_id: str) -> str:
    return f"{name}/{batch_id}.parquet"


BATCH_INDEX = "batches.parquet"  # doc_id -> batch_id of every current document (see pipelines/batch/plan.py)


def duckdb_config(environ: Mapping[str, str] | None = None) -> dict:
    """Settings for every DuckDB connection of the build (dbt's come from profiles.yml with the same
    variable).
    DuckDB's own default, 80% of RAM, lets a large build's buffers grow far past what the machine can spare;
    the limit bounds its buffers, not the Python around them."""
    return {"memory_limit": value("PIPELINE_DUCKDB_MEMORY", environ)}


def resolve_paths(
    input_dir: str | None = None,
    warehouse_dir: str | None = None,
    parquet_location: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Paths:
    """Absolute paths from explicit values, else the environment, else the defaults."""
    inp = (
        _resolved(Path(input_dir).expanduser(), "PIPELINE_INPUT")
        if input_dir
        else _folder("PIPELINE_INPUT", environ)
    )
    wh = (
        _resolved(Path(warehouse_dir).expanduser(), "PIPELINE_WAREHOUSE")
        if warehouse_dir
        else _folder("PIPELINE_WAREHOUSE", environ)
    )
    return Paths(inp, wh, parquet_location or value("PIPELINE_PARQUET", environ))


def check_input(input_dir: Path) -> None:
    """The input folder must be a readable folder; anything else is a one-line ConfigError."""
    if not input_dir.exists():
        hint = " (a broken symlink)" if input_dir.is_symlink() else ""
        raise ConfigError(f"PIPELINE_INPUT does not exist{hint}: {input_dir}")
    if not input_dir.is_dir():
        raise ConfigError(f"PIPELINE_INPUT is a file, not a folder: {input_dir}")
    if not os.access(input_dir, os.R_OK | os.X_OK):
        raise ConfigError(f"PIPELINE_INPUT cannot be read: {input_dir}")


def check(environ: Mapping[str, str] | None = None) -> Paths:
    """Every setting parsed and the input folder checked; the first problem raises ConfigError."""
    paths = resolve_paths(environ=environ)
    check_input(paths.input_dir)
    segmenter_name(environ)
    runner(environ)
    allow_shrink(environ)
    lexicon = lexicon_dir(environ)
    if not lexicon.is_dir():
        raise ConfigError(f"PIPELINE_LEXICON is not a folder: {lexicon}")
    return paths


def export_for_dbt(paths: Paths, build_id: str = "") -> None:
    """Make dbt (a subprocess that inherits os.environ) see the same warehouse as Dagster, and the run
    whose manifest it records (PIPELINE_BUILD_ID, which pipelines/storage/dbt_plugin.py hands to SQL as a
    DuckDB variable: neither a dbt var nor a Jinja env_var(), whose changes would defeat partial parsing)."""
    paths.warehouse_dir.mkdir(parents=True, exist_ok=True)  # DuckDB creates the file, not its folder
    os.environ["PIPELINE_WAREHOUSE"] = str(paths.warehouse_dir)
    # not PIPELINE_PARQUET, which a later run in this process may leave empty: dbt's own two
    os.environ["PIPELINE_PARQUET_URI"] = paths.store.duckdb_uri()  # what the sources read
    os.environ["PIPELINE_PARQUET_LOCATION"] = paths.store.location  # how to reach it (storage/dbt_plugin.py)
    os.environ["PIPELINE_BUILD_ID"] = build_id
