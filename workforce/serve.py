"""Several Streamlit processes behind nginx: `workforce serve --workers N`.

One Streamlit process runs every session's script on one core (Python's GIL), so under many readers
pages queue behind each other. This starts N processes on loopback ports and nginx in front of them.

A Streamlit session lives in the process its websocket reached, and so do its uploads and the files
its download buttons serve (`/_stcore/upload_file`, `/media`). nginx therefore keeps each browser on
one process: the first response sets a random `wf_route` cookie and every later request is routed by
a consistent hash of it. The processes share one `server.cookieSecret`, so the XSRF cookie one wrote
is accepted by the others, and one store: the figure caches follow the store's state token, so a
release committed through any process shows in all of them.

The same parts spread over several machines (docs/ARCHITECTURE.md, "Past one machine"): each host runs
`workforce serve --workers-only --address <its address>` (workers on fixed ports, no nginx), and one
host runs `workforce serve --upstream host:port ...` (nginx only) in front of them all. The workers then
share what the single machine shares by construction: one PostgreSQL store and one cookie secret.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from workforce.settings import PROJECT_ROOT

NGINX_CONFIG = """\
{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
{temp_paths}
    client_max_body_size {max_body};
    map $cookie_wf_route $wf_route {{ "" $request_id; default $cookie_wf_route; }}
    server_tokens off;  # no nginx version in headers or error pages
    # Streamlit's own scripts and the chart bundle are sent compressed (Streamlit compresses little itself).
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_proxied any;
    gzip_types application/javascript text/javascript application/json text/css image/svg+xml;
    # Lax, not Strict: a browser arriving from a link on another site must keep its route, or its
    # signed-in tab's uploads would reach a process that does not hold its session.
    map $cookie_wf_route $wf_new_cookie {{ "" "wf_route=$request_id; Path=/; HttpOnly; SameSite=Lax"; default ""; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    upstream workforce {{
        hash $wf_route consistent;
{servers}
    }}
    server {{
        listen {address}:{port};
        # Streamlit's internal endpoints are for the operator on this machine (each worker's own port).
        location = /_stcore/metrics {{ return 404; }}
        location = /_stcore/script-health-check {{ return 404; }}
        # The chart element's plotly.js bundle changes only with its name (a hash of its content): it
        # is cached for a year and never asked for again. nginx compresses it (1.4 MB -> ~0.45 MB).
        location ~ ^/app/static/plotly-wf-[0-9a-f]+\\.min\\.js$ {{
{proxy}
            add_header Cache-Control "public, max-age=31536000, immutable" always;
{headers}
        }}
        location / {{
{proxy}
{headers}
        }}
    }}
}}
"""


class ServeError(RuntimeError):
    """The processes could not be started; the message says why."""


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return sock.getsockname()[1]


def local_url(address: str, port: int) -> str:
    """The URL this machine reaches a server listening on address:port by (any-address listens: loopback)."""
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(address, address)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


# host:port of a worker for nginx's upstream: an IPv4 address, a host name or a bracketed IPv6 address.
# Nothing else may reach the configuration file (no spaces, semicolons or braces).
_UPSTREAM = re.compile(r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\]):(?P<port>[0-9]{1,5})")


def parse_upstream(text: str) -> str:
    """A worker named on the command line as host:port, checked; ServeError says what is expected."""
    match = _UPSTREAM.fullmatch(text.strip())
    if match is None or not 1 <= int(match["port"]) <= 65535:
        raise ServeError(f"--upstream {text!r}: expected HOST:PORT of a worker started with --workers-only, "
                         "for example 10.0.0.5:8601 or [2001:db8::5]:8601")
    return f"{match['host']}:{int(match['port'])}"


def streamlit_max_upload_mb() -> int:
    """server.maxUploadSize of the project's .streamlit/config.toml (Streamlit's default: 200), so that
    nginx lets through every upload the app itself accepts."""
    import tomllib

    config = PROJECT_ROOT / ".streamlit" / "config.toml"
    settings = tomllib.loads(config.read_text(encoding="utf-8")) if config.exists() else {}
    return int(settings.get("server", {}).get("maxUploadSize", 200))


# What the pages load: only this server. Streamlit's frontend needs inline styles and eval (its
# bundled Vega code), blob: for the chart element's loader (Streamlit imports a component's inline
# JavaScript as a blob: module); the websocket is same-origin. No site may frame it.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
                           "connect-src 'self' ws: wss:; worker-src 'self' blob:; child-src 'self' blob:; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

# Inside each proxied location (add_header in a location replaces the server's, so both carry them all).
PROXY_DIRECTIVES = """\
            proxy_pass http://workforce;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Workforce-Client $remote_addr;  # the sign-in throttle's client (set, never passed on)
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1d;
            proxy_buffering off;"""
RESPONSE_HEADERS = """\
            add_header Set-Cookie $wf_new_cookie always;
            add_header Content-Security-Policy "{csp}" always;
            add_header X-Content-Type-Options nosniff always;
            add_header X-Frame-Options DENY always;
            add_header Referrer-Policy same-origin always;"""

TEMP_FOLDERS = {"client_body_temp_path": "body", "proxy_temp_path": "proxy", "fastcgi_temp_path": "fastcgi",
                "uwsgi_temp_path": "uwsgi", "scgi_temp_path": "scgi"}  # nginx's own defaults lie outside our folder


def nginx_config(folder: Path, address: str, port: int, upstreams: list[str], max_body_mb: int,
                 user: str = "") -> str:
    """`upstreams`: the workers as host:port (this machine's loopback ports, or other hosts')."""
    servers = "\n".join(f"        server {upstream} max_fails=0;" for upstream in upstreams)
    temp_paths = "\n".join(f"    {directive} {folder / name};" for directive, name in TEMP_FOLDERS.items())
    return NGINX_CONFIG.format(folder=folder, address=address, port=port, servers=servers, max_body=f"{max_body_mb}m",
                               user=f"user {user};\n" if user else "", temp_paths=temp_paths,
                               proxy=PROXY_DIRECTIVES, headers=RESPONSE_HEADERS.format(csp=CONTENT_SECURITY_POLICY))


def _unprivileged_workers(folder: Path) -> str:
    """Started as root, nginx runs its workers as nobody: they must be able to write request bodies
    (uploads over 16 KiB) to the temporary folders. Returns the `user` to name in the config."""
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd

    nobody = pwd.getpwnam("nobody")
    folder.chmod(0o755)
    for name in TEMP_FOLDERS.values():
        os.chown(folder / name, nobody.pw_uid, nobody.pw_gid)
    return f"nobody {grp.getgrgid(nobody.pw_gid).gr_name}"


def stop_processes(processes: list[subprocess.Popen], grace_s: float = 10) -> None:
    """SIGTERM to each that still runs, then SIGKILL to any still running `grace_s` later."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(url: str, process: subprocess.Popen, seconds: float) -> None:
    """Until `url` (a Streamlit or nginx health check) answers 200; ServeError if `process` exits first
    or the time runs out. The tests and benchmarks start their servers with it too."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"{url} exited with code {process.returncode} before it was ready")
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise ServeError(f"{url} was not ready within {seconds:.0f} s")


def streamlit_arguments(script: str, port: int | str, address: str = "127.0.0.1") -> list[str]:
    """Python's arguments to run `script` with Streamlit on address:port, loopback unless named (the
    project's .streamlit/config.toml, read from PROJECT_ROOT, makes it headless and offline)."""
    return ["-m", "streamlit", "run", script, "--server.port", str(port), "--server.address", address]


def start_python(arguments: list[str], env: dict[str, str], *, seconds: float = 60,
                 stdout=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """`python <arguments>` in PROJECT_ROOT, "{port}" replaced by a free loopback port; (process, base URL)
    once its health check answers. ServeError (the process killed) when it exits first or times out."""
    port = free_port()
    process = subprocess.Popen([sys.executable, *(a.replace("{port}", str(port)) for a in arguments)],
                               cwd=PROJECT_ROOT, env=env, stdout=stdout, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{base}/_stcore/health", process, seconds)
    except ServeError:
        process.kill()
        process.wait()
        raise
    return process, base


def secrets_problem(path: Path) -> str | None:
    """What is wrong with the OIDC analysts' allow-list in a secrets.toml, if anything."""
    import tomllib

    from workforce.oidc_allow_list import AllowListError, parse

    if not path.exists():
        return None
    try:
        secrets_toml = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return f"{path}: {error}"
    if "auth" not in secrets_toml:
        return None
    try:
        parse(secrets_toml.get("workforce", {}))
    except AllowListError as error:
        return f"{path}: {error}"
    return None


def shared_setup_problem() -> str | None:
    """What keeps workers from serving beside workers on other hosts, if anything: they must share one
    store (a SQLite file belongs to one machine) and one cookie secret (each process checks the XSRF and
    sign-in cookies another one wrote)."""
    from workforce import settings

    if not settings.db_url().startswith("postgresql"):
        return ("--workers-only: workers on several hosts share one store; set WORKFORCE_DB_URL to the same "
                "PostgreSQL URL on every host (postgresql+psycopg://user:pass@host/db): a SQLite file is one machine's")
    if not os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET"):
        return ("--workers-only: set STREAMLIT_SERVER_COOKIE_SECRET to the same random value on every host "
                "(for example `python -c 'import secrets; print(secrets.token_hex(32))'`), so that each worker "
                "accepts the cookies another one wrote")
    return None


def find_nginx() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        raise ServeError("nginx is not installed (Debian: apt-get install nginx-light)")
    return nginx


class Cluster:
    """What `workforce serve` runs on this machine; `stop()` ends it all. One of:

    - workers and nginx (the default): `workers` Streamlit processes on free loopback ports, nginx on
      address:port in front of them;
    - workers only (`workers_only`): the processes listen on address:port, port+1, ... for an nginx on
      another host;
    - nginx only (`upstreams`, host:port each): nginx on address:port in front of workers elsewhere.
    """

    def __init__(self, workers: int, port: int, address: str = "127.0.0.1", user: str | None = None, *,
                 workers_only: bool = False, upstreams: list[str] | None = None):
        self.workers, self.port, self.address, self.user = workers, port, address, user
        self.workers_only, self.upstreams = workers_only, list(upstreams or [])
        self.max_upload_mb = streamlit_max_upload_mb()
        self.processes: list[subprocess.Popen] = []
        self.worker_addresses: list[str] = []  # host:port of the workers started here
        self.folder = Path(tempfile.mkdtemp(prefix="workforce-serve-"))

    def start(self) -> None:
        if self.upstreams:  # nginx only: the workers run elsewhere
            self._start_nginx(find_nginx(), self.upstreams)
            return
        nginx = None if self.workers_only else find_nginx()
        problem = secrets_problem(PROJECT_ROOT / ".streamlit" / "secrets.toml")
        if problem:  # refused at start: a lenient reading would grant or deny analyst rights silently
            raise ServeError(problem)
        if self.workers_only and (problem := shared_setup_problem()):
            raise ServeError(problem)
        if self.workers_only:
            listen = [(self.address, self.port + n) for n in range(self.workers)]
        else:
            listen = [("127.0.0.1", free_port()) for _ in range(self.workers)]
        self._start_workers(listen)
        if nginx is not None:
            self._start_nginx(nginx, self.worker_addresses)

    def _start_workers(self, listen: list[tuple[str, int]]) -> None:
        from workforce import serve_user, settings
        from workforce.store.private_file import sqlite_path

        try:
            account = serve_user.worker_account(self.user)  # never root unless asked for by name
        except serve_user.AccountRefused as error:
            raise ServeError(str(error)) from None
        # Build the store once before the workers start, so that they do not race to create it.
        subprocess.run([sys.executable, "-m", "workforce", "init"], cwd=PROJECT_ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        cookie_secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=cookie_secret)  # not allowed as a command-line flag
        as_account = serve_user.popen_options(account, self.folder / "home")
        if account is not None:
            serve_user.hand_over_store(account, sqlite_path(settings.db_url()))
            env["HOME"] = as_account.pop("env_home")
        # All workers start before any is waited for (not start_python, which waits for each in turn).
        for address, port in listen:
            self.processes.append(subprocess.Popen([sys.executable, *streamlit_arguments("app.py", port, address)],
                                                   cwd=PROJECT_ROOT, env=env, **as_account))
        for (address, port), process in zip(listen, self.processes):
            wait_healthy(f"{local_url(address, port)}/_stcore/health", process, 90)
            self.worker_addresses.append(f"[{address}]:{port}" if ":" in address else f"{address}:{port}")

    def _start_nginx(self, nginx: str, upstreams: list[str]) -> None:
        for name in TEMP_FOLDERS.values():
            (self.folder / name).mkdir(exist_ok=True)
        user = _unprivileged_workers(self.folder)
        config = self.folder / "nginx.conf"
        config.write_text(nginx_config(self.folder, self.address, self.port, upstreams, self.max_upload_mb, user))
        proxy = subprocess.Popen([nginx, "-p", str(self.folder), "-c", str(config)])
        self.processes.append(proxy)
        # nginx answers as soon as it listens; when its workers are elsewhere, they may still be starting.
        wait_healthy(f"{local_url(self.address, self.port)}/_stcore/health", proxy, 90 if self.upstreams else 30)

    def describe(self) -> str:
        if self.upstreams:
            return (f"serving on http://{self.address}:{self.port}: nginx in front of the workers at "
                    f"{', '.join(self.upstreams)}")
        if self.workers_only:
            named = " ".join(f"--upstream {worker}" for worker in self.worker_addresses)
            return (f"{len(self.worker_addresses)} Streamlit workers at {', '.join(self.worker_addresses)}, no nginx; "
                    f"name them on the nginx host: workforce serve {named}")
        return f"serving on http://{self.address}:{self.port} with {self.workers} Streamlit processes behind nginx"

    def stop(self) -> None:
        stop_processes(self.processes)
        shutil.rmtree(self.folder, ignore_errors=True)

    def wait(self) -> int:
        """Until a process ends (or SIGTERM/SIGINT); then stop the others. Returns the exit code."""
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        try:
            while not stopping and all(p.poll() is None for p in self.processes):
                time.sleep(0.5)
        finally:
            failed = [p for p in self.processes if p.poll() not in (None, 0)]
            self.stop()
        return 1 if failed and not stopping else 0


def serve(workers: int, port: int, address: str = "127.0.0.1", user: str | None = None, *,
          workers_only: bool = False, upstreams: list[str] | None = None) -> int:
    cluster = Cluster(workers, port, address, user, workers_only=workers_only, upstreams=upstreams)
    try:
        cluster.start()
    except (ServeError, subprocess.CalledProcessError) as error:
        cluster.stop()
        print(f"workforce serve: {error}", file=sys.stderr)
        return 1
    print(cluster.describe(), flush=True)
    return cluster.wait()
