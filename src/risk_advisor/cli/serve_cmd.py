"""`risk-advisor serve`: the local web page and HTTP API (needs the `web` extra)."""

from __future__ import annotations

import importlib.util
import threading
import webbrowser

import click

from ..catalogue.loader import load_catalogue
from ..inference import ENGINES, fallback_notice
from ._exit import EXIT_BAD_INPUT, EXIT_OK

_NEEDED = ("fastapi", "uvicorn", "multipart")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1 exposes the page to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder (repeatable).")
@click.option("--engine", type=click.Choice(ENGINES), default="durable", show_default=True)
@click.option("--allow-host", "allowed", multiple=True,
              help="Another host name the page answers to (e.g. this machine's name with --host 0.0.0.0).")
def command(
    host: str, port: int, no_browser: bool, rule_dirs: tuple[str, ...], engine: str, allowed: tuple[str, ...]
) -> int:
    """Serve the page for project leads and the HTTP API on this computer."""
    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        click.echo(
            f"error: `serve` needs the web extra ({', '.join(missing)} not installed)\n"
            "    hint: pip install 'risk-advisor[web]'",
            err=True,
        )
        return EXIT_BAD_INPUT
    import uvicorn

    from ..web import create_app

    if host not in _LOOPBACK:
        click.echo(
            f"warning: listening on {host}: anyone who can reach this address can use the page and the API; "
            "there is no login. Use --host 127.0.0.1 unless you mean it.",
            err=True,
        )
    if engine == "durable" and (notice := fallback_notice()):
        click.echo(notice, err=True)
    # Requests must name one of these hosts (DNS rebinding): the address served and loopback names.
    hosts = {host, "127.0.0.1", "localhost", "::1", *allowed}
    app = create_app(load_catalogue(*rule_dirs), hosts=sorted(hosts), port=port, engine=engine)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    click.echo(f"risk-advisor: {url} (Ctrl+C to stop)", err=True)
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    return EXIT_OK
