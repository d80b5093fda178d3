"""docker/: the image's rules, and docker/Dockerfile's steps performed without Docker.

No Docker engine runs on the developers' machines or in CI, and a Dockerfile
that nothing builds rots silently. So this file checks what the image promises
(a slim Python base, an unprivileged user, QUIT as the stop signal, the conf
under /etc/moongate, logs on stdout and stderr, ...) and then does what
docker/Dockerfile says, on the host, step by step:

- each stage gets a directory standing for its filesystem root; COPY copies
  from the build context (the repository less docker/Dockerfile.dockerignore)
  or from another stage's root; WORKDIR and ENV apply to the steps after them;
- a RUN command is performed when the test knows it (`pip wheel`, `pip
  install`, `install -d`, `moongate`) and skipped when it only prepares the
  system (apt-get, user accounts, cleanup); any other command fails the test,
  so a new step cannot go untested;
- the runtime stage's Python is a fresh virtual environment that sees this
  interpreter's packages (the gateway's dependencies) but not the source tree,
  so what runs is the wheel the build stage made;
- the ENTRYPOINT then serves the image's conf, and again the conf that
  docker/compose.yaml mounts over /etc/moongate, with its backend played by a
  local HTTP server, each on a free loopback port: the HEALTHCHECK command must
  pass, requests must be answered, the logs must reach stdout and stderr, and
  the STOPSIGNAL must stop the gateway with status 0.
"""
from __future__ import annotations

import glob
import http.client
import http.server
import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import site
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from nginx_blocks import free_port

REPO = Path(__file__).resolve().parent.parent
DOCKER = REPO / "docker"
DOCKERFILE = DOCKER / "Dockerfile"
DOCKERIGNORE = DOCKER / "Dockerfile.dockerignore"
COMPOSE = DOCKER / "compose.yaml"
CONF_DIR = "/etc/moongate"

# RUN commands that prepare the system image: on the host there is nothing to
# do for them (the suite already needs gcc and PCRE2 here), and nothing to check.
SYSTEM_COMMANDS = frozenset({"apt-get", "groupadd", "useradd", "rm"})
# Bounds for each subprocess: building the wheel compiles the C helpers and
# the hot-path modules (~1 min on 2 cores).
BUILD_TIMEOUT_S = 240
STEP_TIMEOUT_S = 60
START_TIMEOUT_S = 30

# The slow test builds and installs a wheel: far more than the suite's 20 s per block.
if importlib.util.find_spec("pytest_timeout") is not None:
    slow = pytest.mark.timeout(BUILD_TIMEOUT_S + 120)
else:
    def slow(func):
        return func


# -- reading the Dockerfile ------------------------------------------------------------

@dataclass
class Instruction:
    keyword: str        # upper case: RUN, COPY, ...
    value: str          # the rest, continuation lines joined
    line: int           # where it starts in the Dockerfile


@dataclass
class Stage:
    image: str
    name: str | None
    steps: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [s for s in self.steps if s.keyword == keyword]

    def last(self, keyword: str) -> Instruction:
        found = self.all(keyword)
        assert found, f"the stage FROM {self.image} has no {keyword}"
        return found[-1]


def instructions(text: str) -> Iterator[Instruction]:
    """The Dockerfile's instructions, with `\\` continuations joined and
    comments dropped (also those inside a continued instruction, as Docker does)."""
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        keyword, _, value = " ".join(pending + [line]).partition(" ")
        yield Instruction(keyword.upper(), value.strip(), start)
        pending = []
    assert not pending, "the Dockerfile ends inside a continued instruction"


def parse_dockerfile(text: str) -> list[Stage]:
    stages: list[Stage] = []
    for ins in instructions(text):
        if ins.keyword == "FROM":
            words = ins.value.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], name))
        else:
            assert stages, f"line {ins.line}: {ins.keyword} before FROM"
            stages[-1].steps.append(ins)
    return stages


def exec_form(ins: Instruction) -> list[str]:
    """An instruction's JSON array. The shell form would run `sh -c`, and as
    PID 1 the shell would not pass `docker stop`'s signal on to the gateway."""
    assert ins.value.startswith("["), f"line {ins.line}: {ins.keyword} is not in exec form"
    return json.loads(ins.value)


def healthcheck_command(stage: Stage) -> list[str]:
    _options, sep, command = stage.last("HEALTHCHECK").value.partition("CMD ")
    assert sep, "HEALTHCHECK has no CMD"
    return exec_form(Instruction("CMD", command.strip(), 0))


def env_pairs(ins: Instruction) -> dict[str, str]:
    words = shlex.split(ins.value)
    if "=" not in words[0]:
        return {words[0]: " ".join(words[1:])}        # the legacy `ENV NAME value`
    return dict(w.split("=", 1) for w in words)


def option_value(args: list[str], option: str) -> str:
    assert option in args, f"{option} missing from {args}"
    return args[args.index(option) + 1]


def runtime() -> Stage:
    return parse_dockerfile(DOCKERFILE.read_text())[-1]


def exposed_ports(stage: Stage) -> set[int]:
    return {int(p.split("/")[0]) for ins in stage.all("EXPOSE") for p in ins.value.split()}


# -- reading the confs -------------------------------------------------------------------

def directives(conf: str, name: str) -> list[list[str]]:
    """The arguments of every `name ...;` in an nginx-syntax conf (comments removed)."""
    text = re.sub(r"#[^\n]*", "", conf)
    return [m.group(1).split() for m in re.finditer(rf"(?:^|[;{{}}\s]){name}\s+([^;{{}}]*);", text)]


def served_confs() -> dict[str, Path]:
    """The confs the image runs: its own, and the one the compose example mounts."""
    entry = exec_form(runtime().last("ENTRYPOINT"))
    conf_name = Path(option_value(entry, "-c")).relative_to(CONF_DIR)
    return {"image": DOCKER / "moongate.conf", "compose": compose_conf_dir() / conf_name}


def compose_service() -> dict:
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert "moongate" in services and "backend" in services, sorted(services)
    return services["moongate"]


def compose_conf_dir() -> Path:
    """The host directory docker/compose.yaml mounts over /etc/moongate."""
    for volume in compose_service().get("volumes", []):
        source, target = volume.split(":")[:2]
        if target == CONF_DIR:
            return (DOCKER / source).resolve()
    raise AssertionError(f"docker/compose.yaml mounts nothing over {CONF_DIR}")


# -- what the image promises -------------------------------------------------------------

def test_stages_build_a_wheel_on_slim_python() -> None:
    stages = parse_dockerfile(DOCKERFILE.read_text())
    assert len(stages) >= 2, "a build stage and a runtime stage"
    for stage in stages:
        assert re.fullmatch(r"python:3\.\d+-slim", stage.image), stage.image
    build = stages[0]
    assert build.name, "the runtime stage copies from the build stage by name"
    assert any("pip wheel" in ins.value for ins in build.all("RUN"))
    assert any(f"--from={build.name}" in ins.value for ins in stages[-1].all("COPY")), \
        "the runtime stage takes the wheel, not the compiler"


def test_runtime_installs_the_helpers_libraries() -> None:
    # The C helpers link their libraries by soname (gateway/csrc/build.py);
    # slim images may lack them, so the runtime stage installs each package.
    from gateway.csrc.build import LIBRARIES
    installs = " ".join(ins.value for ins in runtime().all("RUN") if "apt-get install" in ins.value)
    for lib in LIBRARIES:
        m = re.fullmatch(r":lib(.+)\.so\.(\d+)", lib)
        assert m, f"{lib}: link by soname, so that Debian's runtime package is enough"
        name, version = m.groups()
        package = f"lib{name}-{version}" if name[-1].isdigit() else f"lib{name}{version}"
        assert package in installs.split(), f"the runtime stage does not install {package}"


def test_runs_unprivileged_and_writes_only_its_prefix() -> None:
    stage = runtime()
    user = stage.last("USER").value.split(":")[0]
    assert user not in ("root", "0"), user
    entry = exec_form(stage.last("ENTRYPOINT"))
    prefix = option_value(entry, "-p")
    owned = owned_dirs(stage)
    assert owned.get(prefix) == user, f"the prefix {prefix} is not created for {user}: {owned}"
    for which, conf in served_confs().items():
        pids = directives(conf.read_text(), "pid")
        assert pids, f"{which} conf: no pid directive (the default is logs/moongate.pid)"
        pid_path = os.path.normpath(os.path.join(prefix, pids[-1][0]))
        assert os.path.dirname(pid_path) in owned, f"{which} conf: {pid_path} is not writable by {user}"


def owned_dirs(stage: Stage) -> dict[str, str]:
    """Directories the stage creates with `install -d -o USER`, and their owners."""
    owned = {}
    for ins in stage.all("RUN"):
        for command in commands(ins.value):
            if command[0] == "install":
                dirs, owner = parse_install_d(command)
                owned.update(dict.fromkeys(dirs, owner))
    return owned


def test_stops_gracefully_and_exposes_what_it_serves() -> None:
    stage = runtime()
    assert stage.last("STOPSIGNAL").value == "SIGQUIT"
    exposed = exposed_ports(stage)
    assert exposed, "no EXPOSE"
    health = " ".join(healthcheck_command(stage))
    m = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*?)['\"]", health)
    assert m, f"the HEALTHCHECK asks no local URL: {health}"
    assert int(m.group(1)) in exposed
    for which, conf in served_confs().items():
        listens = {int(args[0].rsplit(":", 1)[-1]) for args in directives(conf.read_text(), "listen")}
        assert listens == exposed, f"{which} conf listens on {listens}, the image exposes {exposed}"
        assert re.search(rf"location\s+=\s+{re.escape(m.group(2))}\s*{{", conf.read_text()), \
            f"{which} conf has no location for the HEALTHCHECK's {m.group(2)}"
    published = [int(str(p).rsplit(":", 1)[-1]) for p in compose_service().get("ports", [])]
    assert published and set(published) <= exposed, f"compose publishes {published}, the image exposes {exposed}"


def test_conf_lives_in_etc_and_logs_go_to_the_container_output() -> None:
    stage = runtime()
    entry = exec_form(stage.last("ENTRYPOINT"))
    conf = option_value(entry, "-c")
    assert conf.startswith(CONF_DIR + "/"), conf
    assert any(shlex.split(ins.value)[-1] == conf for ins in stage.all("COPY")), f"nothing copied to {conf}"
    for which, path in served_confs().items():
        text = path.read_text()
        assert [args[0] for args in directives(text, "error_log")] == ["stderr"], which
        for args in directives(text, "access_log"):
            assert args[0] in ("/dev/stdout", "off"), f"{which} conf: access_log {args[0]}"
        assert directives(text, "access_log"), f"{which} conf: access_log defaults to logs/access.log"


def test_compose_builds_this_dockerfile() -> None:
    build = compose_service()["build"]
    context = (DOCKER / build["context"]).resolve()
    assert context == REPO
    assert (context / build["dockerfile"]).resolve() == DOCKERFILE


# -- the build steps, performed ----------------------------------------------------------

def commands(run: str) -> list[list[str]]:
    """A RUN line's commands, split at `&&`; any other shell operator is refused
    (the test would not know what to do with it)."""
    lexer = shlex.shlex(run, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    result: list[list[str]] = [[]]
    for token in lexer:
        if token == "&&":
            result.append([])
        else:
            assert token not in (";", "|", "||", "&", ">", "<"), f"unsupported shell operator in: {run}"
            result[-1].append(token)
    return result


def parse_install_d(command: list[str]) -> tuple[list[str], str]:
    """`install -d -o USER [-g GROUP] [-m MODE] DIR...`: the directories and their owner."""
    assert command[1] == "-d", f"only `install -d` is known: {command}"
    owner, dirs, words = "root", [], iter(command[2:])
    for word in words:
        if word in ("-o", "-g", "-m"):
            value = next(words)
            owner = value if word == "-o" else owner
        else:
            dirs.append(word)
    return dirs, owner


def dockerignore_patterns() -> list[re.Pattern]:
    """Docker's .dockerignore syntax, as far as the file uses it (no `!` exceptions)."""
    patterns = []
    for line in DOCKERIGNORE.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("!"), "exceptions in the dockerignore: teach the test"
        regex = re.escape(line.strip("/")).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
        regex = re.sub(r"\\\[(.*?)\\\]", r"[\1]", regex).replace(r"\?", "[^/]")
        patterns.append(re.compile(regex))
    return patterns


class Image:
    """docker/Dockerfile performed on the host, one stage root per stage."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.roots: dict[str, Path] = {}
        self.ignored = dockerignore_patterns()
        self.venv = work / "venv"
        self.log = work / "steps.log"
        # The host's environment, less what would let the source tree in;
        # each stage adds its ENV to it.
        self.base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        self.base_env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{self.base_env.get('PATH', '')}"
        self.env = dict(self.base_env)
        self.stage: Stage | None = None
        self.root = work
        self.cwd = work
        self.user = "root"

    # paths in the image, on the host
    def host(self, path: str, root: Path | None = None) -> Path:
        if not path.startswith("/"):
            return self.cwd / path
        return (root or self.root) / path.lstrip("/")

    def host_args(self, args: list[str]) -> list[str]:
        """Absolute paths mapped to the stage root; globs expanded, as the shell would."""
        out = []
        for arg in args:
            if not arg.startswith("/"):
                out.append(arg)
                continue
            mapped = str(self.host(arg))
            matches = sorted(glob.glob(mapped)) if "*" in arg else []
            out.extend(matches or [mapped])
        return out

    def build(self) -> None:
        for number, stage in enumerate(parse_dockerfile(DOCKERFILE.read_text())):
            self.stage = stage
            self.root = self.roots[stage.name or str(number)] = self.work / f"stage{number}"
            self.root.mkdir()
            self.cwd, self.user, self.env = self.root, "root", dict(self.base_env)
            for ins in stage.steps:
                self.perform(ins)

    def perform(self, ins: Instruction) -> None:
        if ins.keyword == "ENV":
            self.env.update(env_pairs(ins))
        elif ins.keyword == "WORKDIR":
            self.cwd = self.host(ins.value)
            self.cwd.mkdir(parents=True, exist_ok=True)
        elif ins.keyword == "USER":
            self.user = ins.value
        elif ins.keyword == "COPY":
            self.copy(shlex.split(ins.value))
        elif ins.keyword == "RUN":
            for command in commands(ins.value):
                self.run(command, ins)
        else:
            # metadata (EXPOSE, STOPSIGNAL, HEALTHCHECK, ENTRYPOINT, ...): checked above, used below
            assert ins.keyword in ("EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "ENTRYPOINT", "CMD", "LABEL"), \
                f"line {ins.line}: {ins.keyword} is unknown to this test: teach it"

    def copy(self, words: list[str]) -> None:
        options = [w for w in words if w.startswith("--")]
        *sources, dest = [w for w in words if not w.startswith("--")]
        stage = next((o.split("=", 1)[1] for o in options if o.startswith("--from=")), None)
        for source in sources:
            src = self.host(source, self.roots[stage]) if stage else REPO / source
            assert src.exists() and (stage or not self.is_ignored(src)), f"COPY: no {source}"
            target = self.host(dest)
            if src.is_dir():
                shutil.copytree(src, target, dirs_exist_ok=True, ignore=None if stage else self.ignore)
            else:
                if dest.endswith("/") or len(sources) > 1:
                    target = target / src.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)

    def is_ignored(self, path: Path) -> bool:
        rel = path.relative_to(REPO).as_posix()
        return any(p.fullmatch(rel) for p in self.ignored)

    def ignore(self, directory: str, names: list[str]) -> list[str]:
        return [n for n in names if self.is_ignored(Path(directory) / n)]

    def run(self, command: list[str], ins: Instruction) -> None:
        program, args = command[0], self.host_args(command[1:])
        if program in SYSTEM_COMMANDS:
            return
        if program == "install":
            for d in parse_install_d(command)[0]:
                self.host(d).mkdir(parents=True, exist_ok=True)
        elif program == "pip":
            self.pip(args)
        elif program == "moongate":
            self.check_call([str(self.venv / "bin" / "moongate"), *args])
        else:
            raise AssertionError(f"line {ins.line}: the test does not know `{program}`: teach it")

    def pip(self, args: list[str]) -> None:
        if args[0] == "wheel":
            # The build stage's pip: this interpreter's, building in an
            # isolated environment as in the image (setuptools and cffi from PyPI).
            self.check_call([sys.executable, "-m", "pip", *args], timeout=BUILD_TIMEOUT_S)
        elif args[0] == "install":
            self.make_venv()
            # --no-deps: the dependencies are this interpreter's (make_venv)
            self.check_call([sys.executable, "-m", "pip", "--python", str(self.venv / "bin" / "python"),
                             "install", "--no-deps", *args[1:]])
        else:
            raise AssertionError(f"pip {args[0]}: teach the test")

    def make_venv(self) -> None:
        """The runtime's Python: a venv whose own site-packages comes first, then
        this interpreter's, listed in a .pth. Directories listed there are not
        scanned for .pth files themselves, so an editable install of the
        source tree among them stays inert."""
        if self.venv.exists():
            return
        self.check_call([sys.executable, "-m", "venv", "--without-pip", str(self.venv)])
        own = Path(glob.glob(str(self.venv / "lib" / "python3*" / "site-packages"))[0])
        (own / "test_docker_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    def check_call(self, argv: list[str], timeout: float = STEP_TIMEOUT_S) -> None:
        with self.log.open("a") as log:
            log.write(f"$ {shlex.join(argv)}\n")
            log.flush()
            result = subprocess.run(argv, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, timeout=timeout)
        assert result.returncode == 0, f"{shlex.join(argv)} failed:\n{self.log.read_text()[-4000:]}"

    def python(self, code: str) -> str:
        """Run code with the image's Python, away from the source tree."""
        result = subprocess.run([str(self.venv / "bin" / "python"), "-c", code], cwd=self.work,
                                env=self.env, capture_output=True, text=True, timeout=STEP_TIMEOUT_S)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


# -- serving -----------------------------------------------------------------------------

class Gateway:
    """The image's ENTRYPOINT running, on a port of our choosing."""

    def __init__(self, image: Image, port: int) -> None:
        self.image = image
        self.port = port
        self.stage = runtime()
        self.out = image.work / f"stdout.{port}"
        self.err = image.work / f"stderr.{port}"
        entry = exec_form(self.stage.last("ENTRYPOINT"))
        assert entry[0] == "moongate", entry
        argv = [str(image.venv / "bin" / "moongate"), *image.host_args(entry[1:])]
        with self.out.open("wb") as out, self.err.open("wb") as err:
            # its own session: a failing test can stop it and its workers together
            self.proc = subprocess.Popen(argv, cwd=image.cwd, env=image.env, stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"moongate exited {self.proc.returncode}: {self.logs()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"moongate did not listen within {START_TIMEOUT_S} s: {self.logs()}")

    def healthcheck(self) -> subprocess.CompletedProcess:
        exposed = f":{min(exposed_ports(self.stage))}/"
        command = healthcheck_command(self.stage)
        argv = [a.replace(exposed, f":{self.port}/") for a in command]
        # else it would ask whatever else listens on the exposed port here
        assert argv != command, f"the HEALTHCHECK does not name {exposed}: {command}"
        assert argv[0] == "python", argv
        argv[0] = str(self.image.venv / "bin" / "python")
        return subprocess.run(argv, cwd=self.image.work, env=self.image.env, capture_output=True,
                              text=True, timeout=STEP_TIMEOUT_S)

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=STEP_TIMEOUT_S)
        try:
            conn.request(method, path, body=body)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def stop(self) -> int:
        """docker stop: the image's STOPSIGNAL, then the exit status."""
        self.proc.send_signal(signal.Signals[self.stage.last("STOPSIGNAL").value])
        return self.proc.wait(timeout=START_TIMEOUT_S)

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def logs(self) -> str:
        return f"\nstdout:\n{self.out.read_text()}\nstderr:\n{self.err.read_text()}"


def localize_conf(image: Image, port: int, backend_port: int | None = None) -> None:
    """The conf in the image's /etc/moongate, rewritten for the host: our port
    instead of the exposed one, /etc/moongate where the stage root keeps it,
    and the compose backend on loopback."""
    conf_dir = image.host(CONF_DIR)
    conf = image.host(option_value(exec_form(runtime().last("ENTRYPOINT")), "-c"))
    exposed = min(exposed_ports(runtime()))
    text, listens = re.subn(rf"\blisten\s+{exposed}\s*;", f"listen 127.0.0.1:{port};", conf.read_text())
    assert listens == 1, f"the conf should have one `listen {exposed};`"
    text = text.replace(CONF_DIR, str(conf_dir))
    if backend_port is not None:
        text, servers = re.subn(r"\bserver\s+backend(:\d+)?", f"server 127.0.0.1:{backend_port}", text)
        assert servers == 1, "the compose conf should proxy to the `backend` service"
    conf.write_text(text)


class Backend(http.server.BaseHTTPRequestHandler):
    """The compose example's backend: says who forwarded the request."""

    def do_GET(self) -> None:
        body = f"backend saw X-Real-IP {self.headers.get('X-Real-IP')}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def backend() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@slow
def test_image_builds_installs_and_serves(tmp_path: Path, backend: int) -> None:
    image = Image(tmp_path)
    image.build()
    assert image.user not in ("root", "0")

    # What runs is the wheel: C helpers compiled, lualib inside the package.
    where = image.python("import gateway._helpers, gateway.worker as w; print(w.__file__, w.LUALIB_DIR)")
    module, lualib = where.split()
    assert Path(module).is_relative_to(image.venv), module
    assert Path(lualib).is_relative_to(image.venv) and (Path(lualib) / "resty" / "core").is_dir(), lualib

    serve_image_conf(image)
    # docker/compose.yaml: its directory over /etc/moongate, as the volume does
    shutil.rmtree(image.host(CONF_DIR))
    shutil.copytree(compose_conf_dir(), image.host(CONF_DIR))
    serve_compose_conf(image, backend)


def pid_path(image: Image) -> Path:
    """The pid file the running conf names, in the stage root."""
    prefix = option_value(exec_form(runtime().last("ENTRYPOINT")), "-p")
    conf = image.host(option_value(exec_form(runtime().last("ENTRYPOINT")), "-c"))
    return image.host(os.path.join(prefix, directives(conf.read_text(), "pid")[-1][0]))


def serve_image_conf(image: Image) -> None:
    port = free_port()
    localize_conf(image, port)
    gw = Gateway(image, port)
    try:
        gw.wait_ready()
        pid_file = pid_path(image)
        assert pid_file.read_text().strip() == str(gw.proc.pid), "the pid file is not the master's"
        health = gw.healthcheck()
        assert health.returncode == 0, health.stderr
        status, _, body = gw.request("GET", "/hello")
        assert (status, body) == (200, b"hello, world\n")
        assert gw.request("GET", "/nowhere")[0] == 404
        assert gw.stop() == 0, gw.logs()
    finally:
        gw.kill()
    out, err = gw.out.read_text(), gw.err.read_text()
    assert '"GET /hello HTTP/1.1" 200' in out, gw.logs()
    assert "/healthz" not in out, "health checks every 30 s would flood the access log"
    assert "moongate started" in err and "gracefully shutting down" in err, gw.logs()


def serve_compose_conf(image: Image, backend_port: int) -> None:
    port = free_port()
    localize_conf(image, port, backend_port)
    gw = Gateway(image, port)
    try:
        gw.wait_ready()
        health = gw.healthcheck()
        assert health.returncode == 0, health.stderr
        status, headers, body = gw.request("GET", "/")
        assert (status, body) == (200, b"backend saw X-Real-IP 127.0.0.1\n"), gw.logs()
        assert headers.get("x-served-by") == "moongate"
        # refused by lua/gate.lua in the access phase: the backend never sees it
        assert gw.request("POST", "/", b"x=1")[0] == 405
        assert gw.stop() == 0, gw.logs()
    finally:
        gw.kill()
    out = gw.out.read_text()
    assert '"GET / HTTP/1.1" 200' in out and '"POST / HTTP/1.1" 405' in out, gw.logs()
