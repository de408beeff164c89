"""The `claimcheck serve` command: start the local web page."""

from __future__ import annotations

from pathlib import Path

import click

HOST = "127.0.0.1"


@click.command("serve")
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="Port to listen on (on 127.0.0.1 only).")
@click.option("--register", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder holding the register's sources/ and claims/ (default: the bundled one).")
def serve(port: int, register: Path | None) -> None:
    """Serve a local page: paste a draft or drop a .docx, .md or .html file, get it annotated.

    Listens on 127.0.0.1 only; no account, and nothing is kept once the server stops. Needs the
    optional extra: pip install 'claimcheck-health[serve]'.
    """
    try:
        import uvicorn

        from claimcheck.serve.app import create_app
    except ImportError as exc:
        from claimcheck.project import DISTRIBUTION

        raise click.ClickException(
            f"claimcheck serve needs Starlette and uvicorn ({exc.name} is missing): "
            f"pip install '{DISTRIBUTION}[serve]'"
        ) from None
    app = create_app(register_root=register)
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    click.echo(f"claimcheck: serving on http://{HOST}:{port}/ (Ctrl-C to stop)", err=True)
    server.run()
